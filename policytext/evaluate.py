"""Cross-validated evaluation of the tagging methods on annotated sentences.

Folds are grouped by document (sentences of one document never sit on both sides of a split; standalone
sentences are spread over the folds), the model is retrained on every training fold, and rules, model and
hybrid are scored on the same held-out folds: measure detection, precision/recall/F1 per category and per
subcategory, micro-F1 over (sentence, category) pairs, and the most confused label pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from policytext.model import Tagging
from policytext.tag import Annotation, Method, Tagger, train_model
from policytext.taxonomy import Taxonomy


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 with the counts behind them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class MethodReport:
    """Scores of one method over all held-out folds."""

    method: str
    measure: Score
    category_micro: Score
    subcategory_micro: Score
    categories: dict[str, Score] = field(default_factory=dict)
    subcategories: dict[str, Score] = field(default_factory=dict)
    confusions: list[tuple[str, str, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "measure": self.measure.to_dict(),
            "category_micro": self.category_micro.to_dict(),
            "subcategory_micro": self.subcategory_micro.to_dict(),
            "categories": {k: v.to_dict() for k, v in self.categories.items()},
            "subcategories": {k: v.to_dict() for k, v in self.subcategories.items()},
            "confusions": [{"gold": g, "predicted": p, "count": n} for g, p, n in self.confusions],
        }


@dataclass
class EvaluationReport:
    """The result of :func:`evaluate_annotations`."""

    taxonomy: str
    folds: int
    sentences: int
    measures: int
    methods: dict[str, MethodReport]

    def to_dict(self) -> dict[str, Any]:
        return {
            "taxonomy": self.taxonomy,
            "folds": self.folds,
            "sentences": self.sentences,
            "measures": self.measures,
            "methods": {k: v.to_dict() for k, v in self.methods.items()},
        }

    def to_text(self) -> str:
        """Plain-text tables for the terminal."""
        lines = [
            f"taxonomy {self.taxonomy}: {self.sentences} annotated sentences, {self.measures} measures, "
            f"{self.folds}-fold cross-validation grouped by document",
            "",
            f"{'method':<8} {'measure P':>9} {'R':>6} {'F1':>6}   {'category P':>10} {'R':>6} {'micro-F1':>8}"
            f"   {'subcat micro-F1':>15}",
        ]
        for name, m in self.methods.items():
            lines.append(
                f"{name:<8} {m.measure.precision:>9.3f} {m.measure.recall:>6.3f} {m.measure.f1:>6.3f}   "
                f"{m.category_micro.precision:>10.3f} {m.category_micro.recall:>6.3f} "
                f"{m.category_micro.f1:>8.3f}   {m.subcategory_micro.f1:>15.3f}"
            )
        for name, m in self.methods.items():
            lines += ["", f"[{name}] per label (precision / recall / F1 / support)"]
            for label, s in [*m.categories.items(), *m.subcategories.items()]:
                indent = "  " if "." in label else ""
                lines.append(f"  {indent}{label:<42} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.support:5d}")
            if m.confusions:
                lines.append("  most confused (gold -> predicted instead):")
                for gold, pred, n in m.confusions:
                    lines.append(f"    {gold} -> {pred}: {n}")
        return "\n".join(lines)


def _groups(annotations: Sequence[Annotation], folds: int) -> list[str]:
    out = []
    for i, a in enumerate(annotations):
        doc = a.doc if a.doc and a.doc not in ("extra",) else ""
        out.append(doc or f"standalone-{i % folds}")
    return out


def _score_method(
    name: str,
    gold: Sequence[Annotation],
    predicted: Sequence[Tagging],
    taxonomy: Taxonomy,
) -> MethodReport:
    cat_ids = [c.id for c in taxonomy.categories]
    sub_ids = [s.qualified_id for s in taxonomy.iter_subcategories()]
    m_tp = m_fp = m_fn = 0
    cats = {c: [0, 0, 0] for c in cat_ids}
    subs = {s: [0, 0, 0] for s in sub_ids}
    confusions: Counter[tuple[str, str]] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        if g.measure and p.is_measure:
            m_tp += 1
        elif p.is_measure:
            m_fp += 1
        elif g.measure:
            m_fn += 1
        g_subs = set(g.labels) if g.measure else set()
        g_cats = {label.split(".", 1)[0] for label in g_subs}
        p_subs = set(p.subcategories) if p.is_measure else set()
        p_cats = set(p.categories) if p.is_measure else set()
        for table, g_set, p_set in ((cats, g_cats, p_cats), (subs, g_subs, p_subs)):
            for label in g_set | p_set:
                if label not in table:
                    continue
                if label in g_set and label in p_set:
                    table[label][0] += 1
                elif label in p_set:
                    table[label][1] += 1
                else:
                    table[label][2] += 1
        for missing in g_subs - p_subs:
            for extra in p_subs - g_subs:
                confusions[(missing, extra)] += 1

    def total(table: dict[str, list[int]]) -> Score:
        return Score(*(sum(v[i] for v in table.values()) for i in range(3)))

    return MethodReport(
        method=name,
        measure=Score(m_tp, m_fp, m_fn),
        category_micro=total(cats),
        subcategory_micro=total(subs),
        categories={k: Score(*v) for k, v in cats.items()},
        subcategories={k: Score(*v) for k, v in subs.items()},
        confusions=[(g, p, n) for (g, p), n in confusions.most_common(8)],
    )


def evaluate_annotations(
    annotations: Sequence[Annotation],
    *,
    taxonomy: Taxonomy,
    folds: int = 5,
    methods: Sequence[Method | str] = (Method.rules, Method.model, Method.hybrid),
) -> EvaluationReport:
    """k-fold cross-validated scores of each method on ``annotations`` (grouped by document).

    Raises:
        ValueError: fewer than two folds, or more folds than document groups.
    """
    from sklearn.model_selection import GroupKFold

    if folds < 2:
        raise ValueError("folds must be at least 2")
    groups = _groups(annotations, folds)
    if len(set(groups)) < folds:
        raise ValueError(f"only {len(set(groups))} document groups for {folds} folds; use fewer folds")
    chosen = [Method(m) for m in methods]
    predictions: dict[Method, list[Tagging | None]] = {m: [None] * len(annotations) for m in chosen}
    texts = [a.text for a in annotations]
    if Method.rules in chosen:
        for i, t in enumerate(Tagger(taxonomy, method=Method.rules).tag(texts)):
            predictions[Method.rules][i] = t
    learned = [m for m in chosen if m is not Method.rules]
    if learned:
        splitter = GroupKFold(n_splits=folds)
        for train_idx, test_idx in splitter.split(texts, groups=groups):
            model = train_model([annotations[i] for i in train_idx], taxonomy=taxonomy)
            test_texts = [texts[i] for i in test_idx]
            for method in learned:
                tagged = Tagger(taxonomy, method=method, model=model).tag(test_texts)
                for i, t in zip(test_idx, tagged, strict=True):
                    predictions[method][i] = t
    reports = {
        m.value: _score_method(m.value, annotations, [p for p in predictions[m] if p is not None], taxonomy)
        for m in chosen
    }
    return EvaluationReport(
        taxonomy=taxonomy.id,
        folds=folds,
        sentences=len(annotations),
        measures=sum(a.measure for a in annotations),
        methods=reports,
    )
