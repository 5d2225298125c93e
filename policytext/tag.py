"""Tagging: which sentences state a measure, and in which categories of a taxonomy.

Three methods, chosen with ``method=``:

* ``rules``: the taxonomy's cues (Aho-Corasick over all terms, plus the regex patterns), exactly the semantics of
  :meth:`policytext.taxonomy.Taxonomy.match`; a sentence is a measure when a label fires and its measure cues
  outweigh its rhetoric cues. Fast, explainable, editable by the researcher.
* ``model``: a scikit-learn classifier trained on annotated sentences (``corpora/annotations``): logistic
  regressions over character n-grams, jieba words (domain dictionary) and the rule scores; one decides
  measure vs not, one per subcategory decides the labels.
* ``hybrid`` (default): the model's probabilities, with a rule hit lowering the bar a label must clear and a
  measure that no label reached taking its strongest rule or model label.

Models train deterministically from the annotations in seconds and are cached on disk (never committed).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from policytext.errors import AnnotationError, PolicytextError
from policytext.model import Tagging
from policytext.taxonomy import Cue, Taxonomy, load_taxonomy


class Method(StrEnum):
    """How sentences are tagged."""

    rules = "rules"
    model = "model"
    hybrid = "hybrid"


# ---- rules ----------------------------------------------------------------------------------------------------
_MEASURE = "__measure__"
_NON_MEASURE = "__non_measure__"


@dataclass(frozen=True, slots=True)
class RuleResult:
    """What the rules find in one sentence.

    Attributes:
        labels: fired labels: ``category.subcategory`` ids, and category ids fired by category cues alone.
        scores: summed cue weight per label id (fired or not; excluded labels absent).
        evidence: matched cue texts per label id.
        measure_score: summed weight of the taxonomy's measure cues.
        non_measure_score: summed weight of its rhetoric / goal / result cues.
    """

    labels: tuple[str, ...]
    scores: dict[str, float]
    evidence: dict[str, tuple[str, ...]]
    measure_score: float
    non_measure_score: float

    @property
    def is_measure(self) -> bool:
        """The rule decision: some label fired and measure cues reach the rhetoric cues' weight."""
        return bool(self.labels) and self.measure_score >= self.non_measure_score


@dataclass(frozen=True, slots=True)
class _Owner:
    label: str  # label id, or _MEASURE / _NON_MEASURE
    role: str  # "cue" or "exclude"
    weight: float
    text: str


class RuleTagger:
    """The taxonomy's cues compiled into one Aho-Corasick automaton (overlapping) plus a list of regexes.

    Examples:
        >>> tagger = RuleTagger(load_taxonomy())
        >>> tagger.tag("每年组织乡镇干部健康体检一次。").labels
        ('health.checkup',)
    """

    def __init__(self, taxonomy: Taxonomy) -> None:
        import ahocorasick_rs

        self.taxonomy = taxonomy
        terms: dict[str, list[_Owner]] = {}
        patterns: list[tuple[re.Pattern[str], _Owner]] = []
        self._thresholds: dict[str, float] = {}
        self._parent: dict[str, str] = {}

        def add(cue: Cue, owner: _Owner) -> None:
            if cue.term is not None:
                terms.setdefault(cue.term, []).append(owner)
            else:
                assert cue.compiled is not None
                patterns.append((cue.compiled, owner))

        for category in taxonomy.categories:
            self._thresholds[category.id] = category.threshold
            self._parent[category.id] = category.id
            for cue in category.cues:
                add(cue, _Owner(category.id, "cue", cue.weight, cue.text))
            for cue in category.exclude:
                add(cue, _Owner(category.id, "exclude", cue.weight, cue.text))
            for sub in category.subcategories:
                sid = sub.qualified_id
                self._thresholds[sid] = sub.threshold
                self._parent[sid] = category.id
                for cue in sub.cues:
                    add(cue, _Owner(sid, "cue", cue.weight, cue.text))
                for cue in sub.exclude:
                    add(cue, _Owner(sid, "exclude", cue.weight, cue.text))
        for cue in taxonomy.measure_cues:
            add(cue, _Owner(_MEASURE, "cue", cue.weight, cue.text))
        for cue in taxonomy.non_measure_cues:
            add(cue, _Owner(_NON_MEASURE, "cue", cue.weight, cue.text))
        self._terms = list(terms)
        self._term_owners = [terms[t] for t in self._terms]
        self._patterns = patterns
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._terms, matchkind=ahocorasick_rs.MatchKind.Standard)
            if self._terms
            else None
        )
        self._order = {label: i for i, label in enumerate(self._thresholds)}

    @property
    def label_ids(self) -> list[str]:
        """Every label id in taxonomy order (categories and their subcategories)."""
        return list(self._thresholds)

    def tag(self, text: str) -> RuleResult:
        """Match every cue once against ``text`` and decide the labels."""
        hits: list[_Owner] = []
        if self._automaton is not None:
            for index in {i for i, _, _ in self._automaton.find_matches_as_indexes(text, overlapping=True)}:
                hits.extend(self._term_owners[index])
        for pattern, owner in self._patterns:
            if pattern.search(text):
                hits.append(owner)
        excluded: set[str] = set()
        scores: dict[str, float] = {}
        evidence: dict[str, list[str]] = {}
        measure = non_measure = 0.0
        for owner in hits:
            if owner.label == _MEASURE:
                measure += owner.weight
            elif owner.label == _NON_MEASURE:
                non_measure += owner.weight
            elif owner.role == "exclude":
                excluded.add(owner.label)
            else:
                scores[owner.label] = scores.get(owner.label, 0.0) + owner.weight
                evidence.setdefault(owner.label, []).append(owner.text)
        # a category's exclusion vetoes its subcategories too
        blocked = {label for label in scores if label in excluded or self._parent[label] in excluded}
        kept = {label: s for label, s in scores.items() if label not in blocked}
        labels = tuple(
            sorted(
                (label for label, s in kept.items() if s >= self._thresholds[label]),
                key=self._order.__getitem__,
            )
        )
        return RuleResult(
            labels=labels,
            scores=kept,
            evidence={label: tuple(v) for label, v in evidence.items() if label in kept},
            measure_score=measure,
            non_measure_score=non_measure,
        )

    def features(self, text: str) -> dict[str, float]:
        """Rule evidence as numeric features for the classifier."""
        return rule_features(self.tag(text))


def rule_features(result: RuleResult) -> dict[str, float]:
    """A :class:`RuleResult` as numeric features for the classifier (scores capped so no cue dominates)."""
    feats = {f"rule:{label}": min(score, 3.0) for label, score in result.scores.items()}
    for label in result.labels:
        feats[f"fired:{label}"] = 1.0
    feats["measure_cues"] = min(result.measure_score, 4.0)
    feats["non_measure_cues"] = min(result.non_measure_score, 4.0)
    feats["any_label"] = 1.0 if result.labels else 0.0
    return feats


@lru_cache(maxsize=8)
def get_rule_tagger(taxonomy: Taxonomy) -> RuleTagger:
    """A cached :class:`RuleTagger` per taxonomy."""
    return RuleTagger(taxonomy)


# ---- annotations --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotated sentence: is it a measure, and with which labels (``category.subcategory``)."""

    text: str
    measure: bool
    labels: tuple[str, ...] = ()
    doc: str = ""
    article: int = 0
    source: str = ""  # file:line it was read from


def default_annotations_dir() -> Path | None:
    """The annotations shipped with policytext (``corpora/annotations`` in the source tree)."""
    packaged = resources.files("policytext").joinpath("annotations")
    if packaged.is_dir():
        return Path(str(packaged))
    source_tree = Path(__file__).resolve().parent.parent / "corpora" / "annotations"
    return source_tree if source_tree.is_dir() else None


def _annotation_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix in (".jsonl", ".csv") and f.is_file()))
        elif p.exists():
            files.append(p)
        else:
            raise AnnotationError(f"{p}: no such file or folder")
    if not files:
        raise AnnotationError("no annotation files (.jsonl or .csv) found in " + ", ".join(map(str, paths)))
    return files


def load_annotations(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    *,
    taxonomy: Taxonomy | None = None,
) -> list[Annotation]:
    """Read annotated sentences from JSON Lines or CSV files (or folders of them).

    JSON Lines: one object per sentence with ``text``, ``measure`` (bool) and ``labels`` (list of
    ``category.subcategory`` ids), optionally ``doc`` and ``article``. CSV: columns ``text``, ``measure``
    (1/0, true/false, yes/no) and ``labels`` (ids separated by ``;``), optionally ``doc``.

    Raises:
        AnnotationError: a malformed line, naming file, line and field; a label the taxonomy does not know.
    """
    if paths is None:
        default = default_annotations_dir()
        if default is None:
            raise AnnotationError("no built-in annotations found; pass annotation files")
        paths = [default]
    elif isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    known = {s.qualified_id for s in taxonomy.iter_subcategories()} if taxonomy is not None else None
    if taxonomy is not None:
        known |= {c.id for c in taxonomy.categories}  # type: ignore[operator]
    out: list[Annotation] = []
    for file in _annotation_files(paths):
        rows = _read_jsonl(file) if file.suffix == ".jsonl" else _read_csv(file)
        for where, row in rows:
            out.append(_annotation(row, where, known))
    return out


def _read_jsonl(file: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    with file.open(encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise AnnotationError(f"{file}:{n}: invalid JSON: {exc.msg}") from None
            if not isinstance(row, dict):
                raise AnnotationError(f"{file}:{n}: expected a JSON object per line")
            yield f"{file}:{n}", row


def _read_csv(file: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    import csv

    with file.open(encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            labels = [x.strip() for x in re.split(r"[;；]", row.get("labels") or "") if x.strip()]
            measure = str(row.get("measure", "")).strip().lower()
            if measure not in ("1", "0", "true", "false", "yes", "no", ""):
                raise AnnotationError(f"{file}:{n}: measure: expected 1/0, true/false or yes/no, got {measure!r}")
            yield (
                f"{file}:{n}",
                {
                    "text": row.get("text", ""),
                    "measure": measure in ("1", "true", "yes") or (measure == "" and bool(labels)),
                    "labels": labels,
                    "doc": row.get("doc", ""),
                },
            )


def _annotation(row: dict[str, Any], where: str, known: set[str] | None) -> Annotation:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise AnnotationError(f"{where}: text: expected a non-empty string")
    labels = row.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise AnnotationError(f"{where}: labels: expected a list of label ids")
    measure = row.get("measure", bool(labels))
    if not isinstance(measure, bool):
        raise AnnotationError(f"{where}: measure: expected true or false")
    if known is not None:
        unknown = [x for x in labels if x not in known]
        if unknown:
            raise AnnotationError(f"{where}: labels: unknown label {unknown[0]!r} for this taxonomy")
    return Annotation(
        text=text.strip(),
        measure=measure,
        labels=tuple(labels),
        doc=str(row.get("doc", "")),
        article=int(row.get("article", 0) or 0),
        source=where,
    )


# ---- the classifier ----------------------------------------------------------------------------------------
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_REDACTED = re.compile(r"(?<![A-Za-z])[xX＊*](?![A-Za-z])")
_MIN_POSITIVES = 3  # a subcategory with fewer annotated sentences gets no classifier (rules only)
MODEL_FORMAT = 1


def _prepare(text: str) -> str:
    """Numbers and redactions become placeholders so amounts do not become features."""
    return _REDACTED.sub("X", _DIGITS.sub("0", text))


class _Words:
    """A picklable jieba analyzer for TfidfVectorizer (unigrams and bigrams of domain-dictionary words)."""

    def __call__(self, text: str) -> list[str]:
        from policytext.segment import get_segmenter

        words = [w for w in get_segmenter().cut(text) if w.strip() and not _is_punct(w)]
        return words + [f"{a}_{b}" for a, b in itertools.pairwise(words)]


def _is_punct(word: str) -> bool:
    return all(not ch.isalnum() for ch in word)


@dataclass
class MeasureModel:
    """A trained classifier: measure vs not, and one probability per label.

    Attributes:
        labels_: the label ids the model has a classifier for (``category.subcategory``).
        taxonomy_id: the taxonomy it was trained for.
        fingerprint: hash of the training data and taxonomy (the cache key).
    """

    taxonomy_id: str
    labels_: list[str] = field(default_factory=list)
    fingerprint: str = ""
    n_sentences: int = 0
    _vectorizers: Any = None
    _measure: Any = None
    _labels: Any = None
    _rules_taxonomy: Any = None
    _stacked: Any = None

    def _features(self, texts: Sequence[str], rules: Sequence[dict[str, float]]) -> Any:
        from scipy.sparse import hstack

        chars, words, dicts = self._vectorizers
        prepared = [_prepare(t) for t in texts]
        return hstack([chars.transform(prepared), words.transform(prepared), dicts.transform(rules)]).tocsr()

    def predict_proba(self, texts: Sequence[str], rules: Sequence[dict[str, float]]) -> tuple[Any, Any]:
        """``(p_measure[n], p_labels[n, len(labels_)])``."""
        import numpy as np
        from scipy.special import expit

        if isinstance(texts, str):
            raise TypeError("texts must be a list of sentences, not a single str")
        if not texts:
            return np.zeros(0), np.zeros((0, len(self.labels_)))
        x = self._features(texts, rules)
        p_measure = self._measure.predict_proba(x)[:, 1]
        if self._labels is None:
            return p_measure, np.zeros((len(texts), 0))
        # the binary logistic regressions stacked into one matrix product (what each predict_proba computes)
        coef, intercept = self._label_weights
        return p_measure, expit((x @ coef.T).toarray() + intercept)

    @property
    def _label_weights(self) -> tuple[Any, Any]:
        if getattr(self, "_stacked", None) is None:
            import numpy as np
            from scipy.sparse import csr_matrix

            coef = csr_matrix(np.vstack([est.coef_[0] for est in self._labels]))
            intercept = np.array([est.intercept_[0] for est in self._labels])
            self._stacked = (coef, intercept)
        return self._stacked


def train_model(annotations: Sequence[Annotation], *, taxonomy: Taxonomy) -> MeasureModel:
    """Fit the classifier on annotated sentences (deterministic: fixed seeds, data in file order).

    Raises:
        AnnotationError: fewer than 10 sentences, or no measures and non-measures to learn from.
    """
    from scipy.sparse import hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(annotations) < 10:
        raise AnnotationError(f"need at least 10 annotated sentences to train, got {len(annotations)}")
    y_measure = [a.measure for a in annotations]
    if all(y_measure) or not any(y_measure):
        raise AnnotationError("the annotations need both measures and non-measures to train")
    rules = get_rule_tagger(taxonomy)
    texts = [_prepare(a.text) for a in annotations]
    rule_feats = [rules.features(a.text) for a in annotations]
    chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    words = TfidfVectorizer(analyzer=_Words(), min_df=2, sublinear_tf=True, lowercase=False)
    dicts = DictVectorizer()
    x = hstack([chars.fit_transform(texts), words.fit_transform(texts), dicts.fit_transform(rule_feats)]).tocsr()
    measure = LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000, solver="liblinear", random_state=0)
    measure.fit(x, y_measure)
    label_ids = [s.qualified_id for s in taxonomy.iter_subcategories()]
    counts = {label: sum(label in a.labels for a in annotations) for label in label_ids}
    trainable = [label for label in label_ids if counts[label] >= _MIN_POSITIVES]
    estimators = []
    for label in trainable:
        y = [label in a.labels for a in annotations]
        est = LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000, solver="liblinear", random_state=0)
        est.fit(x, y)
        estimators.append(est)
    model = MeasureModel(taxonomy_id=taxonomy.id, labels_=trainable, n_sentences=len(annotations))
    model._vectorizers = (chars, words, dicts)
    model._measure = measure
    model._labels = estimators or None
    return model


def _fingerprint(annotations: Sequence[Annotation], taxonomy: Taxonomy) -> str:
    import sklearn

    from policytext import __version__

    h = hashlib.sha256()
    h.update(f"{MODEL_FORMAT}|{__version__}|{sklearn.__version__}|".encode())
    # the training code itself: a change of features or hyperparameters must never reuse a stale cached model
    h.update(Path(__file__).read_bytes())
    h.update(json.dumps(taxonomy.to_dict(), ensure_ascii=False, sort_keys=True, default=str).encode())
    for a in annotations:
        h.update(f"{a.text}\t{a.measure}\t{','.join(a.labels)}\n".encode())
    return h.hexdigest()[:20]


def cache_dir() -> Path:
    """Where trained models are cached: ``$POLICYTEXT_CACHE`` or ``~/.cache/policytext``."""
    base = os.environ.get("POLICYTEXT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "policytext"
    )
    return Path(base) / "models"


_MEMORY: dict[str, MeasureModel] = {}


def get_model(
    *,
    taxonomy: Taxonomy,
    annotations: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
) -> MeasureModel:
    """The classifier for ``taxonomy``, trained from ``annotations`` (default: the built-in ones) and cached.

    Raises:
        AnnotationError: no usable annotations (e.g. a custom taxonomy without annotation files).
    """
    data = load_annotations(annotations, taxonomy=taxonomy)
    key = _fingerprint(data, taxonomy)
    if key in _MEMORY:
        return _MEMORY[key]
    path = cache_dir() / f"{taxonomy.id}-{key}.joblib"
    model: MeasureModel | None = None
    if path.exists():
        try:
            model = load_model(path)
        except (PolicytextError, OSError, EOFError, ValueError):
            model = None
    if model is None:
        model = train_model(data, taxonomy=taxonomy)
        model.fingerprint = key
        with contextlib.suppress(OSError):  # a read-only home: keep the model in memory only
            save_model(model, path)
    _MEMORY[key] = model
    return model


def save_model(model: MeasureModel, path: str | os.PathLike[str]) -> Path:
    """Write a trained model (joblib) atomically."""
    import joblib

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    joblib.dump({"format": MODEL_FORMAT, "model": model}, tmp)
    os.replace(tmp, target)
    return target


def load_model(path: str | os.PathLike[str]) -> MeasureModel:
    """Read a model written by :func:`save_model` / ``policytext train``.

    Raises:
        PolicytextError: not a policytext model, or one of another format version.
    """
    import joblib

    try:
        data = joblib.load(path)
    except Exception as exc:  # joblib raises many kinds on a foreign file
        raise PolicytextError(
            f"{path}: not a policytext model ({exc.__class__.__name__}); train one with `policytext train`"
        ) from None
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise PolicytextError(f"{path}: a model of another format version; retrain it with `policytext train`")
    return data["model"]


# ---- combining --------------------------------------------------------------------------------------------
# Decision thresholds, chosen by 5-fold cross-validation (grouped by document) on the built-in annotations:
# with C=10, a measure bar of 0.30 finds ~97% of annotated measures at ~91% precision (0.35: 96.6% / 92.5%;
# 0.5: 94.5% / 94.4%): the margin is for documents unlike the annotated ones, where recall runs ~2 points lower.
# A label needs probability 0.5, or 0.3 when one of its rules fired (category micro-F1 ~0.92).
MEASURE_THRESHOLD = 0.30
LABEL_THRESHOLD = 0.5
LABEL_THRESHOLD_WITH_RULE = 0.3
# Overwhelming rule evidence (cue weight >= 5x the label's threshold, e.g. 津贴 + 津补贴 + 工作补贴 + 补助 in one
# sentence) keeps a label whatever the model says: long sentences often state several measures while the
# annotations mostly give one label per sentence, which teaches the model that labels exclude each other.
# Cross-validated cost: none (category micro-F1 0.925 with and without).
STRONG_RULE_FACTOR = 5.0
LABEL_THRESHOLD_WITH_STRONG_RULE = 0.0


class Tagger:
    """Tags sentences with a taxonomy by rules, a model, or both (see the module docstring).

    Args:
        taxonomy: a :class:`Taxonomy`, a built-in name or a ``.toml`` path.
        method: ``rules``, ``model`` or ``hybrid``.
        model: a trained :class:`MeasureModel` or the path of one (``policytext train``); by default the model is
            trained from ``annotations`` (default: the built-in annotations) and cached.

    Examples:
        >>> tagger = Tagger(method="rules")
        >>> t = tagger.tag(["每年组织乡镇干部健康体检一次，体检经费人均800元。"])[0]
        >>> (t.is_measure, t.categories, t.subcategories)
        (True, ('health',), ('health.checkup',))
    """

    def __init__(
        self,
        taxonomy: Taxonomy | str | os.PathLike[str] = "cadre_care",
        *,
        method: Method | str = Method.hybrid,
        model: MeasureModel | str | os.PathLike[str] | None = None,
        annotations: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    ) -> None:
        self.taxonomy = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
        self.method = Method(method)
        self.rules = get_rule_tagger(self.taxonomy)
        self._model_arg = model
        self._annotations = annotations
        self._model: MeasureModel | None = None

    def __getstate__(self) -> dict[str, Any]:
        # worker processes get the taxonomy and the trained model; the rule automaton is rebuilt there
        state = self.__dict__.copy()
        state["rules"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.rules = get_rule_tagger(self.taxonomy)

    @property
    def model(self) -> MeasureModel:
        """The classifier (loaded or trained on first use)."""
        if self._model is None:
            if isinstance(self._model_arg, MeasureModel):
                self._model = self._model_arg
            elif self._model_arg is not None:
                self._model = load_model(self._model_arg)
            else:
                self._model = get_model(taxonomy=self.taxonomy, annotations=self._annotations)
            if self._model.taxonomy_id != self.taxonomy.id:
                raise PolicytextError(
                    f"the model was trained for taxonomy {self._model.taxonomy_id!r}, not {self.taxonomy.id!r}"
                )
        return self._model

    def tag(self, texts: Sequence[str]) -> list[Tagging]:
        """Tag a batch of sentences (a list of strings)."""
        if isinstance(texts, str):
            raise TypeError("tag() takes a list of sentences, not a single str")
        rule_results = [self.rules.tag(t) for t in texts]
        if self.method is Method.rules:
            return [self._from_rules(r) for r in rule_results]
        features = [rule_features(r) for r in rule_results]
        p_measure, p_labels = self.model.predict_proba(list(texts), features)
        return [
            self._combine(r, float(p_measure[i]), p_labels[i] if p_labels.shape[1] else ())
            for i, r in enumerate(rule_results)
        ]

    def _split(self, labels: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        subs = [label for label in labels if "." in label]
        cats = {label.split(".", 1)[0] for label in labels}
        order = {c.id: i for i, c in enumerate(self.taxonomy.categories)}
        sub_order = {s.qualified_id: i for i, s in enumerate(self.taxonomy.iter_subcategories())}
        return tuple(sorted(cats, key=order.__getitem__)), tuple(sorted(set(subs), key=sub_order.__getitem__))

    def _from_rules(self, r: RuleResult) -> Tagging:
        if not r.is_measure:
            return Tagging(is_measure=False)
        categories, subcategories = self._split(r.labels)
        best = max(r.scores[label] for label in r.labels)
        evidence = tuple(f"{label}:{cue}" for label in r.labels for cue in r.evidence.get(label, ()))
        return Tagging(
            is_measure=True,
            categories=categories,
            subcategories=subcategories,
            score=round(1.0 - 0.5**best, 3),
            evidence=evidence,
        )

    def _combine(self, r: RuleResult, p_measure: float, p_labels: Sequence[float]) -> Tagging:
        model = self.model
        probs = dict(zip(model.labels_, (float(p) for p in p_labels), strict=False))
        if self.method is Method.model:
            chosen = [label for label, p in probs.items() if p >= LABEL_THRESHOLD]
            is_measure = p_measure >= MEASURE_THRESHOLD
        else:
            rule_subs = {label for label in r.labels if "." in label}
            strong = {
                label
                for label in rule_subs
                if r.scores[label] >= STRONG_RULE_FACTOR * self.taxonomy.subcategory(label).threshold
            }
            chosen = [
                label
                for label, p in probs.items()
                if p >= LABEL_THRESHOLD
                or (label in rule_subs and p >= LABEL_THRESHOLD_WITH_RULE)
                or (label in strong and p >= LABEL_THRESHOLD_WITH_STRONG_RULE)
            ]
            # labels the model has no classifier for (too few annotations) come from the rules alone
            chosen += [label for label in rule_subs if label not in probs]
            is_measure = p_measure >= MEASURE_THRESHOLD
        if is_measure and not chosen:
            ranked = sorted(probs.items(), key=lambda kv: -kv[1])
            rule_list = [label for label in r.labels if "." in label]
            if rule_list:
                chosen = [max(rule_list, key=lambda label: (probs.get(label, 0.0), r.scores.get(label, 0.0)))]
            elif ranked and ranked[0][1] >= LABEL_THRESHOLD_WITH_RULE:
                chosen = [ranked[0][0]]
            else:
                is_measure = False
        if not is_measure:
            return Tagging(is_measure=False, score=round(p_measure, 3))
        categories, subcategories = self._split(chosen)
        evidence: list[str] = []
        for label in subcategories:
            cues = r.evidence.get(label, ())
            evidence.extend(f"{label}:{cue}" for cue in cues)
            if label in probs:
                evidence.append(f"{label}:model={probs[label]:.2f}")
        return Tagging(
            is_measure=True,
            categories=categories,
            subcategories=subcategories,
            score=round(p_measure, 3),
            evidence=tuple(evidence),
        )
