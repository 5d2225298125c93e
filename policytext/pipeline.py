"""The only place where the steps are chained: read -> normalize -> structure -> tag -> records.

The CLI and the library both call these functions, so a command's output is the library's output.
Per-file functions never raise for a bad input file: they return a result that carries the error, so one broken
file never stops a corpus run.

Examples:
    >>> import policytext
    >>> records = list(policytext.extract_text("每年组织干部健康体检一次，人均800元。", method="rules"))
    >>> records[0]["categories"], records[0]["quantities"][0]["value"]
    (['health'], 800.0)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policytext.errors import InputError, PolicytextError
from policytext.model import Document, Sentence, SentenceKind, StructuredDocument, Tagging

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from policytext.normalize import NormalizedText
    from policytext.tag import Tagger

PathLike = str | os.PathLike[str]

#: the fields of an extraction record, in output order (the first ones are those the issue tracker names)
RECORD_FIELDS: tuple[str, ...] = (
    "source",
    "doc_id",
    "article",
    "article_title",
    "region",
    "region_level",
    "region_code",
    "heading",
    "sentence_index",
    "start",
    "end",
    "text",
    "categories",
    "subcategories",
    "score",
    "evidence",
    "quantities",
    # extras for comparison and auditing
    "id",
    "kind",
    "is_measure",
    "region_key",
    "region_parent",
    "region_anonymized",
    "region_candidates",
    "article_date",
    "article_issuer",
    "doc_number",
)
#: the fields the tagger adds to a structure record
_TAG_FIELDS: tuple[str, ...] = ("categories", "subcategories", "score", "evidence", "is_measure")
#: the fields of a structure record (``policytext structure --format jsonl``): an extraction record untagged
STRUCTURE_FIELDS: tuple[str, ...] = tuple(f for f in RECORD_FIELDS if f not in _TAG_FIELDS)
HEADING_SEPARATOR = " > "
_TAGGABLE = (SentenceKind.BODY, SentenceKind.HEADING)


# ---- per-file results ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NormalizedFile:
    """The outcome of reading and normalizing one file: either ``normalized`` or ``error`` is set."""

    source: str
    path: Path
    document: Document | None = None
    normalized: NormalizedText | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class AnalyzedFile:
    """The outcome of analysing one file: either ``document`` (structured) or ``error`` is set.

    ``tags`` holds the taggings of ``document.sentences()`` when a worker process already tagged them.
    """

    source: str
    path: Path
    document: StructuredDocument | None = None
    error: str | None = None
    tags: tuple[Tagging, ...] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _as_paths(paths: PathLike | Iterable[PathLike]) -> list[PathLike]:
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    if isinstance(paths, bytes):
        raise TypeError("paths must be a path or an iterable of paths, not bytes")
    return list(paths)


def iter_inputs(paths: PathLike | Iterable[PathLike], *, supported_only: bool = False) -> list[tuple[Path, str]]:
    """Expand files and folders into ``(path, source)`` pairs (see :func:`policytext.read.find_documents`).

    With ``supported_only``, files of other formats found inside folders are left out (files named
    explicitly are always kept, so that their error is reported).

    Raises:
        InputError: a path does not exist.
    """
    from policytext.read import SUPPORTED_SUFFIXES, find_documents

    items = _as_paths(paths)
    for p in items:
        if not Path(p).exists():
            raise InputError(str(p), "no such file or folder; check the path")
    found = find_documents(items)
    if not supported_only:
        return found
    explicit = {Path(p).resolve() for p in items if Path(p).is_file()}
    return [(p, s) for p, s in found if p.suffix.lower() in SUPPORTED_SUFFIXES or p.resolve() in explicit]


def doc_id_for(source: str) -> str:
    """A readable, stable document id: the source path without its suffix.

    Examples:
        >>> doc_id_for("anhui/岳西县.docx")
        'anhui/岳西县'
    """
    return re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source)


def _reason(exc: Exception, source: str) -> str:
    message = str(exc)
    return message if message.startswith(source) else f"{source}: {message}"


def normalize_file(
    path: PathLike, *, source: str | None = None, config: str = "t2s", encoding: str | None = None
) -> NormalizedFile:
    """Read one file and normalize its text; errors are returned, not raised."""
    from policytext.normalize import normalize_text_with_fixes
    from policytext.read import read_document

    p = Path(path)
    src = source or p.name
    try:
        doc = read_document(p, source=src, encoding=encoding)
        normalized = normalize_text_with_fixes(doc.text, config=config)
    except PolicytextError as exc:
        return NormalizedFile(source=src, path=p, error=_reason(exc, src))
    except (OSError, ValueError) as exc:
        return NormalizedFile(source=src, path=p, error=f"{src}: {exc}")
    return NormalizedFile(source=src, path=p, document=doc, normalized=normalized)


def normalize_files(
    paths: PathLike | Iterable[PathLike], *, config: str = "t2s", encoding: str | None = None
) -> Iterator[NormalizedFile]:
    """Read and normalize every document under ``paths`` (files or folders), one result per file.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "a.txt").write_text("關心幹部", encoding="utf-8")
        >>> [r.normalized.text for r in normalize_files(d)]
        ['关心干部']
    """
    for path, source in iter_inputs(paths, supported_only=True):
        yield normalize_file(path, source=source, config=config, encoding=encoding)


# ---- analysis ----------------------------------------------------------------------------------------------
def analyze_text(
    text: str,
    *,
    source: str = "<text>",
    doc_id: str | None = None,
    config: str = "t2s",
    normalize: bool = True,
    title: str | None = None,
) -> StructuredDocument:
    """Normalize (unless ``normalize=False``) and structure a text: articles, sentences, regions, quantities.

    Examples:
        >>> doc = analyze_text("△岳西縣：關愛幹部。每年設立100萬元幫扶基金。")
        >>> doc.articles[0].region.name, doc.articles[0].sentences[-1].quantities[0].value
        ('岳西县', 1000000.0)
    """
    from policytext.normalize import normalize_text_with_fixes
    from policytext.structure import structure_text

    if isinstance(text, bytes):
        raise TypeError("analyze_text takes a str; read files with analyze_file or read_document")
    if normalize:
        result = normalize_text_with_fixes(text, config=config)
        clean, emphasis, fixes = result.text, result.emphasis, result.fixes
    else:
        clean, emphasis, fixes = text, (), ()
    structured = structure_text(
        clean, source=source, doc_id=doc_id or doc_id_for(source), emphasis=emphasis, title_hint=title
    )
    return replace(structured, fixes=tuple(fixes))


def analyze_document(document: Document, *, config: str = "t2s") -> StructuredDocument:
    """Normalize and structure a :class:`~policytext.model.Document` returned by the reading step."""
    structured = analyze_text(document.text, source=document.source, config=config, title=document.title)
    return replace(structured, format=document.format, encoding=document.encoding)


def analyze_file(
    path: PathLike, *, source: str | None = None, config: str = "t2s", encoding: str | None = None
) -> AnalyzedFile:
    """Read, normalize and structure one file; errors are returned, not raised."""
    from policytext.read import read_document

    p = Path(path)
    src = source or p.name
    try:
        document = read_document(p, source=src, encoding=encoding)
        structured = analyze_document(document, config=config)
    except PolicytextError as exc:
        return AnalyzedFile(source=src, path=p, error=_reason(exc, src))
    except (OSError, ValueError, RecursionError) as exc:
        return AnalyzedFile(source=src, path=p, error=f"{src}: {exc.__class__.__name__}: {exc}")
    return AnalyzedFile(source=src, path=p, document=structured)


_WORKER_TAGGER: Tagger | None = None


def _init_worker(tagger: Tagger | None) -> None:
    global _WORKER_TAGGER
    _WORKER_TAGGER = tagger


def _analyze_job(args: tuple[Path, str, str, str | None]) -> AnalyzedFile:
    path, source, config, encoding = args
    result = analyze_file(path, source=source, config=config, encoding=encoding)
    if _WORKER_TAGGER is not None and result.document is not None:
        tags = tuple(t for _, t in tag_document(result.document, tagger=_WORKER_TAGGER))
        result = replace(result, tags=tags)
    return result


#: below this much input a single process is faster than starting workers (imports, model, dictionaries)
# workers start with imports, the model and the dictionaries (a second or two): measured with
# benchmarks/bench_corpus.py, 2 workers beat one from about 1 MB of input (1.5x at 1 MB, 1.7x at 2 MB)
PARALLEL_MIN_BYTES = 1_000_000


def default_jobs(pairs: Sequence[tuple[Path, str]]) -> int:
    """Worker processes for a corpus: one below :data:`PARALLEL_MIN_BYTES` of input, else the CPUs (at most 8)."""
    total = 0
    for path, _ in pairs:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    if total < PARALLEL_MIN_BYTES or len(pairs) < 4:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def analyze_files(
    paths: PathLike | Iterable[PathLike] | Sequence[tuple[Path, str]],
    *,
    config: str = "t2s",
    encoding: str | None = None,
    jobs: int | None = None,
    tagger: Tagger | None = None,
) -> Iterator[AnalyzedFile]:
    """Analyse every document under ``paths``, one result per file, in input order.

    ``paths`` may also be the ``(path, source)`` pairs of :func:`iter_inputs`. With ``jobs`` > 1 files are read,
    normalized and structured in that many worker processes (default: by corpus size, see :func:`default_jobs`);
    given a ``tagger``, the workers also tag the sentences (``AnalyzedFile.tags``).
    """
    items: list[Any] = list(paths) if not isinstance(paths, (str, os.PathLike)) else [paths]
    pairs: list[tuple[Path, str]]
    if items and all(isinstance(x, tuple) for x in items):
        pairs = [(Path(p), src) for p, src in items]
    else:
        pairs = iter_inputs(items, supported_only=True)
    workers = default_jobs(pairs) if jobs is None else max(1, jobs)
    args = [(p, s, config, encoding) for p, s in pairs]
    if workers == 1 or len(pairs) < 2:
        for path, source, cfg, enc in args:
            yield analyze_file(path, source=source, config=cfg, encoding=enc)
        return
    if tagger is not None and tagger.method.value != "rules":
        tagger.model  # noqa: B018 - train or load once here, not once per worker
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(tagger,)) as pool:
        yield from pool.map(_analyze_job, args, chunksize=1)


# ---- tagging and records -----------------------------------------------------------------------------------
def tag_document(
    document: StructuredDocument, *, tagger: Tagger, tags: Sequence[Tagging] | None = None
) -> list[tuple[Sentence, Tagging]]:
    """Tag every body and heading sentence of a document (other sentences and theme headings are never measures).

    ``tags``: taggings computed already (by a worker process), in ``document.sentences()`` order.
    """
    from policytext.structure import is_theme_heading

    pairs = [(a, s) for a, s in document.sentences()]
    if tags is not None:
        return [(s, t) for (_, s), t in zip(pairs, tags, strict=True)]
    # a heading that only announces a theme is never a measure (the body under it states the provisions)
    taggable = [s.kind in _TAGGABLE and not is_theme_heading(s) for _, s in pairs]
    computed = iter(tagger.tag([s.text for (_, s), t in zip(pairs, taggable, strict=True) if t]) or [])
    return [(s, next(computed) if t else Tagging(is_measure=False)) for (_, s), t in zip(pairs, taggable, strict=True)]


def _region_fields(region: Any) -> dict[str, Any]:
    if region is None:
        return {
            "region": None,
            "region_level": None,
            "region_code": None,
            "region_key": None,
            "region_parent": None,
            "region_anonymized": False,
            "region_candidates": [],
        }
    return {
        "region": region.name,
        "region_level": region.level.value,
        "region_code": region.code,
        "region_key": region.key,
        "region_parent": region.parent,
        "region_anonymized": region.anonymized,
        "region_candidates": list(region.candidates),
    }


def sentence_record(
    document: StructuredDocument, article: Any, sentence: Sentence, tagging: Tagging | None = None
) -> dict[str, Any]:
    """The record of one sentence: where it comes from, its region, quantities and (if tagged) labels."""
    record: dict[str, Any] = {
        "source": document.source,
        "doc_id": document.doc_id,
        "article": article.index,
        "article_title": article.title,
        **_region_fields(sentence.region),
        "heading": HEADING_SEPARATOR.join(sentence.heading),
        "sentence_index": sentence.index,
        "start": sentence.start,
        "end": sentence.end,
        "text": sentence.text,
        "quantities": [q.to_dict() for q in sentence.quantities],
        "id": f"{document.doc_id}#{article.index}.{sentence.index}",
        "kind": sentence.kind.value,
        "article_date": article.date,
        "article_issuer": article.issuer,
        "doc_number": article.doc_number,
    }
    if tagging is not None:
        record.update(
            {
                "categories": list(tagging.categories),
                "subcategories": list(tagging.subcategories),
                "score": tagging.score,
                "evidence": list(tagging.evidence),
                "is_measure": tagging.is_measure,
            }
        )
        return {k: record[k] for k in RECORD_FIELDS}
    return {k: record[k] for k in STRUCTURE_FIELDS}


def structure_records(document: StructuredDocument) -> Iterator[dict[str, Any]]:
    """One record per sentence of a structured document (``policytext structure --format jsonl``)."""
    for article, sentence in document.sentences():
        yield sentence_record(document, article, sentence)


def document_records(
    document: StructuredDocument,
    *,
    tagger: Tagger,
    all_sentences: bool = False,
    tags: Sequence[Tagging] | None = None,
) -> Iterator[dict[str, Any]]:
    """The extraction records of one document: its measures (every sentence with ``all_sentences``)."""
    articles = {id(s): a for a, s in document.sentences()}
    for sentence, tagging in tag_document(document, tagger=tagger, tags=tags):
        if all_sentences or tagging.is_measure:
            yield sentence_record(document, articles[id(sentence)], sentence, tagging)


def make_tagger(
    *,
    taxonomy: Any = "cadre_care",
    method: str = "hybrid",
    model: Any = None,
    annotations: Any = None,
) -> Tagger:
    """A :class:`~policytext.tag.Tagger` from the options that :func:`extract` takes."""
    from policytext.tag import Tagger

    return Tagger(taxonomy, method=method, model=model, annotations=annotations)


@dataclass
class ExtractionRun:
    """What :func:`iter_extract` saw: files analysed and those that failed (with reasons)."""

    analyzed: int = 0
    failed: list[str] = field(default_factory=list)


def iter_extract(
    files: Iterable[AnalyzedFile],
    *,
    tagger: Tagger,
    all_sentences: bool = False,
    run: ExtractionRun | None = None,
) -> Iterator[dict[str, Any]]:
    """Records of already analysed files; failures are counted in ``run`` and skipped."""
    for result in files:
        if not result.ok or result.document is None:
            if run is not None:
                run.failed.append(result.error or result.source)
            continue
        if run is not None:
            run.analyzed += 1
        yield from document_records(result.document, tagger=tagger, all_sentences=all_sentences, tags=result.tags)


def extract(
    paths: PathLike | Iterable[PathLike],
    *,
    taxonomy: Any = "cadre_care",
    method: str = "hybrid",
    all_sentences: bool = False,
    model: Any = None,
    annotations: Any = None,
    config: str = "t2s",
    encoding: str | None = None,
    jobs: int | None = None,
    errors: list[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Extract the tagged measures of every document under ``paths``: one record (a dict) per measure.

    Args:
        paths: files or folders.
        taxonomy: a built-in taxonomy name, a ``.toml`` path or a :class:`~policytext.taxonomy.Taxonomy`.
        method: ``rules``, ``model`` or ``hybrid``.
        all_sentences: one record per sentence, not only per measure.
        model: a model file written by ``policytext train`` (default: trained from the built-in annotations).
        annotations: annotation files to train the model from instead.
        config: OpenCC configuration for traditional text (``t2s``, ``tw2s``, ``hk2s``).
        encoding: decode text files with this encoding instead of detecting it.
        jobs: worker processes for reading and structuring.
        errors: a list that receives one message per file that could not be read (they are skipped).

    Record fields: see :data:`RECORD_FIELDS`.
    """
    tagger = make_tagger(taxonomy=taxonomy, method=method, model=model, annotations=annotations)
    run = ExtractionRun()
    try:
        yield from iter_extract(
            analyze_files(paths, config=config, encoding=encoding, jobs=jobs, tagger=tagger),
            tagger=tagger,
            all_sentences=all_sentences,
            run=run,
        )
    finally:
        if errors is not None and run.failed:
            errors.extend(run.failed)


def extract_text(
    text: str,
    *,
    source: str = "<text>",
    taxonomy: Any = "cadre_care",
    method: str = "hybrid",
    all_sentences: bool = False,
    config: str = "t2s",
) -> Iterator[dict[str, Any]]:
    """:func:`extract` for a text in memory."""
    tagger = make_tagger(taxonomy=taxonomy, method=method)
    yield from document_records(
        analyze_text(text, source=source, config=config), tagger=tagger, all_sentences=all_sentences
    )


def to_frame(records: Iterable[dict[str, Any]] | PathLike | Sequence[PathLike], **extract_options: Any) -> pd.DataFrame:
    """A pandas DataFrame of extraction records, or of ``extract(paths, **extract_options)`` for paths.

    Examples:
        >>> df = to_frame(extract_text("为乡镇干部建设周转房60套。", method="rules"))
        >>> df.loc[0, "subcategories"]
        ['life_care.housing_living']
    """
    import pandas as pd

    source: Any = records
    if isinstance(source, (str, os.PathLike)) or (
        isinstance(source, Sequence) and source and isinstance(source[0], (str, os.PathLike))
    ):
        source = extract(source, **extract_options)
    rows: list[dict[str, Any]] = list(source)
    columns = list(RECORD_FIELDS) if not rows else list(rows[0].keys())
    return pd.DataFrame(rows, columns=columns)


# ---- the main job ------------------------------------------------------------------------------------------
@dataclass
class AnalysisResult:
    """What :func:`run_analysis` produced: the corpus, its comparison and the files written (name -> path)."""

    corpus: Any
    comparison: Any
    files: dict[str, Path] = field(default_factory=dict)


def run_analysis(
    paths: PathLike | Iterable[PathLike] | Sequence[tuple[Path, str]],
    output_dir: PathLike,
    *,
    taxonomy: Any = "cadre_care",
    method: str = "hybrid",
    model: Any = None,
    annotations: Any = None,
    tagger: Tagger | None = None,
    config: str = "t2s",
    encoding: str | None = None,
    jobs: int | None = None,
    title: str = "policytext report",
    progress: Any = None,
) -> AnalysisResult:
    """Analyse a corpus once and write everything a researcher needs into ``output_dir``.

    Files: ``measures.csv`` (UTF-8 with BOM, for Excel) and ``measures.jsonl`` (the extraction records),
    ``comparison.xlsx`` (a sheet per table) and ``comparison.md``, ``heatmap.png`` and ``heatmap.svg`` (regions
    by categories), ``report.html`` (self-contained). Inputs that cannot be read are listed in
    ``result.corpus.failed`` and skipped.
    """
    from policytext.compare import compare_regions, load_corpus, write_comparison
    from policytext.export import write_records
    from policytext.plots import heatmap
    from policytext.report import write_report

    if tagger is None:
        tagger = make_tagger(taxonomy=taxonomy, method=method, model=model, annotations=annotations)
    corpus = load_corpus(
        paths if not isinstance(paths, (str, os.PathLike)) else [paths],
        tagger=tagger,
        config=config,
        encoding=encoding,
        jobs=jobs,
        progress=progress,
    )
    out = Path(output_dir)
    files: dict[str, Path] = {}
    measures = [r for r in corpus.records if r.get("is_measure")]
    for name, fmt in (("measures.csv", "csv"), ("measures.jsonl", "jsonl")):
        write_records(measures, out / name, format=fmt, fields=RECORD_FIELDS)
        files[name] = out / name
    comparison = compare_regions(corpus.records, taxonomy=tagger.taxonomy)
    for name in ("comparison.xlsx", "comparison.md"):
        write_comparison(comparison, out / name)
        files[name] = out / name
    for name in ("heatmap.png", "heatmap.svg"):
        heatmap(comparison, path=out / name)
        files[name] = out / name
    files["report.html"] = write_report(
        out / "report.html",
        corpus.documents,
        corpus.records,
        comparison,
        title=title,
        taxonomy=tagger.taxonomy,
    )
    return AnalysisResult(corpus=corpus, comparison=comparison, files=files)
