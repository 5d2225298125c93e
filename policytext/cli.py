"""The ``policytext`` command: a thin layer over the library (parse options, call one function, export).

Data goes to stdout, messages and progress to stderr. Exit status: 0 all good; 1 some inputs failed (each
reported) or a runtime failure; 2 the command could not run (bad option, missing path, malformed taxonomy).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from policytext import __version__
from policytext.compare import CompareBy, CompareLevel
from policytext.convert import OpenCCConfig
from policytext.errors import PolicytextError
from policytext.export import TableFormat

app = typer.Typer(
    name="policytext",
    help=(
        "Normalize, structure, tag and compare Chinese cadre-care policy documents "
        "(关心关爱干部, 激励干部担当作为).\n\n"
        "Inputs are files or folders of .txt/.md (UTF-8, GB18030, Big5, UTF-16), .html, .docx and .pdf."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

err = Console(stderr=True, highlight=False, soft_wrap=True)
_state = {"debug": False}

T = TypeVar("T")


# ---- options shared by several commands (defined once) -------------------------------------------------------
PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Files or folders (searched recursively; hidden files skipped).",
        exists=True,
        show_default=False,
    ),
]
ConfigOpt = Annotated[
    OpenCCConfig,
    typer.Option("--config", help="OpenCC configuration for traditional -> simplified: t2s, tw2s (Taiwan), hk2s."),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option("--encoding", help="Decode text files with this encoding instead of detecting it (e.g. gb18030)."),
]
TaxonomyOpt = Annotated[
    str,
    typer.Option(
        "--taxonomy",
        help="Built-in taxonomy (cadre_care, policy_instruments) or a .toml file (see taxonomies/SCHEMA.md).",
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for the documents (default: one below 1 MB of input, else the CPUs, at most 8).",
    ),
]


class MethodChoice(StrEnum):
    """Tagging methods."""

    rules = "rules"
    model = "model"
    hybrid = "hybrid"


MethodOpt = Annotated[
    MethodChoice,
    typer.Option(
        "--method",
        help="rules: the taxonomy's cues; model: the classifier trained on annotations; hybrid: both (default).",
    ),
]
ModelOpt = Annotated[
    Path | None,
    typer.Option(
        "--model",
        help="A model file written by `policytext train` (default: train from the built-in annotations, cached).",
        exists=True,
        dir_okay=False,
    ),
]
AnnotationsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--annotations",
        help="Annotation files or folders to train the model from (instead of the built-in ones).",
        exists=True,
    ),
]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"policytext {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    """policytext: reproducible coding of cadre-care policy documents, county by county."""
    _state["debug"] = debug


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True) if err.is_terminal else err.print(
        f"error: {message}", markup=False
    )
    return typer.Exit(code)


def _progress(items: Iterable[T], *, total: int, label: str) -> Iterator[T]:
    """Yield ``items`` with a progress bar on stderr for runs of more than a couple of files."""
    if total < 3 or not err.is_terminal:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)


def _output_names(sources: list[str]) -> dict[str, Path]:
    """Map each source to a ``.txt`` path that mirrors it; keep the old suffix where two would collide."""
    plain = {s: Path(s).with_suffix(".txt") for s in sources}
    counts: dict[Path, int] = {}
    for p in plain.values():
        counts[p] = counts.get(p, 0) + 1
    return {s: (p if counts[p] == 1 else Path(s + ".txt")) for s, p in plain.items()}


def _check_encoding(encoding: str | None) -> None:
    if encoding is None:
        return
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise _fail(f"unknown encoding {encoding!r} for --encoding (try utf-8, gb18030, big5, utf-16)", 2) from None


def _run(fn):
    """Turn library errors into clean one-line messages (tracebacks only with --debug)."""
    try:
        return fn()
    except PolicytextError as exc:
        if _state["debug"]:
            raise
        raise _fail(str(exc), 2) from None


# ---- normalize ---------------------------------------------------------------------------------------------
@app.command()
def normalize(
    paths: PathsArg,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Folder for the normalized .txt files (mirrors the input folders). "
            "Required for several files; without it a single file is printed to stdout.",
            file_okay=False,
        ),
    ] = None,
    report: Annotated[
        bool,
        typer.Option("--report", help="Print per file (on stderr) the encoding found and the fixes applied."),
    ] = False,
    config: ConfigOpt = OpenCCConfig.T2S,
    encoding: EncodingOpt = None,
) -> None:
    """Turn documents into clean simplified Chinese.

    Converts traditional characters (OpenCC), removes pinyin annotations, repairs mojibake, strips web and
    paywall residue, rejoins lines broken by PDF page breaks, drops running headers, page numbers and tables
    of contents, and fixes width and punctuation. Redaction placeholders (x县, 人均x元, *县, 某县) are kept.

    Files of other formats found in a folder are skipped with a one-line reason. Exit status: 0 every
    document was normalized, 1 some failed (each listed on stderr), 2 usage error.
    """
    from policytext.export import atomic_path
    from policytext.pipeline import normalize_file

    _check_encoding(encoding)
    documents = _documents(paths)
    if output is None and len(documents) > 1:
        raise _fail(f"{len(documents)} documents given: pass -o DIR to write one .txt per document", 2)

    names = _output_names([s for _, s in documents])
    failed = 0
    results = (normalize_file(p, source=s, config=config.value, encoding=encoding) for p, s in documents)
    for result in _progress(results, total=len(documents), label="normalizing"):
        if not result.ok:
            failed += 1
            err.print(f"failed {result.error}", markup=False)
            continue
        assert result.document is not None and result.normalized is not None
        text = result.normalized.text
        if output is None:
            sys.stdout.write(text + "\n")
        else:
            target = output / names[result.source]
            with atomic_path(target) as tmp:
                tmp.write_text(text + "\n", encoding="utf-8")
        if report:
            _print_fixes(result)
    if failed:
        err.print(f"{failed} of {len(documents)} documents failed")
        raise typer.Exit(1)
    if output is not None:
        err.print(f"wrote {len(documents)} documents to {output}")


def _print_fixes(result) -> None:
    doc = result.document
    normalized = result.normalized
    fixes = ", ".join(f"{f.name}×{f.count}" for f in normalized.fixes) or "no fixes needed"
    encoding = doc.encoding or doc.format
    err.print(f"{result.source}: {encoding}; {fixes}", markup=False)
    if getattr(normalized, "unrecoverable", 0):
        err.print(f"{result.source}: {normalized.unrecoverable} unrecoverable garbled runs kept", markup=False)


# ---- inputs shared by structure / extract ------------------------------------------------------------------
def _documents(paths: list[Path]) -> list[tuple[Path, str]]:
    """The documents under ``paths``; other formats inside folders are skipped with a one-line notice."""
    from policytext.pipeline import iter_inputs
    from policytext.read import SUPPORTED_SUFFIXES, unsupported_reason

    inputs = _run(lambda: iter_inputs(paths))
    explicit = {p.resolve() for p in paths if p.is_file()}
    documents = []
    for path, source in inputs:
        if path.suffix.lower() in SUPPORTED_SUFFIXES or path.resolve() in explicit:
            documents.append((path, source))
        else:
            err.print(f"skipped {source}: {unsupported_reason(path.suffix)}", markup=False)
    if not documents:
        raise _fail("no documents found (supported: " + ", ".join(sorted(SUPPORTED_SUFFIXES)) + ")", 1)
    return documents


def _analyzed(documents, *, config: str, encoding: str | None, jobs: int | None, label: str, tagger=None):
    from policytext.pipeline import analyze_files

    results = analyze_files(documents, config=config, encoding=encoding, jobs=jobs, tagger=tagger)
    return _progress(results, total=len(documents), label=label)


class StructureFormat(StrEnum):
    """Output of `policytext structure`."""

    text = "text"
    jsonl = "jsonl"


# ---- structure ---------------------------------------------------------------------------------------------
def _tagger(taxonomy: str, method: MethodChoice, model: Path | None, annotations: list[Path] | None):
    """The tagger a command asked for, its model trained or loaded before the progress bar starts."""
    from policytext.pipeline import make_tagger

    tagger = _run(
        lambda: make_tagger(taxonomy=taxonomy, method=method.value, model=model, annotations=annotations or None)
    )
    if method is not MethodChoice.rules:
        _run(lambda: tagger.model)
    return tagger


@app.command()
def structure(
    paths: PathsArg,
    format: Annotated[
        StructureFormat,
        typer.Option("--format", help="text: readable outline; jsonl: one record per sentence."),
    ] = StructureFormat.text,
    config: ConfigOpt = OpenCCConfig.T2S,
    encoding: EncodingOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Split documents into articles and sentences, with regions and quantities.

    Shows every article's title, document number, date and region, and every sentence with its heading path,
    region, offsets and quantities. Files holding several articles (newsletter items led by △, compilations
    whose titles end with （1）（2）…)
    are split. Offsets are character offsets into the normalized text (`policytext normalize`).
    """
    from policytext.export import to_jsonl_line
    from policytext.pipeline import structure_records

    _check_encoding(encoding)
    documents = _documents(paths)
    failed = 0
    for result in _analyzed(documents, config=config.value, encoding=encoding, jobs=jobs, label="structuring"):
        if not result.ok:
            failed += 1
            err.print(f"failed {result.error}", markup=False)
            continue
        if format is StructureFormat.jsonl:
            for record in structure_records(result.document):
                sys.stdout.write(to_jsonl_line(record) + "\n")
        else:
            sys.stdout.write(_outline(result.document))
    if failed:
        err.print(f"{failed} of {len(documents)} documents failed")
        raise typer.Exit(1)


def _region_label(region) -> str:
    if region is None:
        return "-"
    parts = [region.name, region.level.value]
    if region.code:
        parts.append(region.code)
    if region.parent:
        parts.append(f"in {region.parent}")
    if region.anonymized:
        parts.append("anonymized")
    if region.ambiguous:
        parts.append("ambiguous: " + "/".join(region.candidates))
    return " ".join(parts)


def _outline(document) -> str:
    from policytext.export import format_quantity

    out = [f"# {document.source}  ({document.encoding or document.format}; {len(document.articles)} article(s))"]
    for article in document.articles:
        out.append(f"## article {article.index}: {article.title or '(untitled)'}")
        meta = [f"region: {_region_label(article.region)}"]
        if article.issuer:
            meta.append(f"issuer: {article.issuer}")
        if article.doc_number:
            meta.append(f"number: {article.doc_number}")
        if article.date:
            meta.append(f"date: {article.date}")
        out.append("   " + " | ".join(meta))
        last_heading: tuple[str, ...] = ()
        for s in article.sentences:
            if s.heading != last_heading and s.heading:
                out.append("   § " + " > ".join(s.heading))
                last_heading = s.heading
            region = "" if s.region == article.region else f" @{s.region.name if s.region else '-'}"
            qs = "".join(f" [{format_quantity(q.to_dict())}]" for q in s.quantities)
            out.append(f"   {s.index:>3} {s.kind.value:<12} {s.start}-{s.end}{region} {s.text}{qs}")
    return "\n".join(out) + "\n\n"


# ---- segment -----------------------------------------------------------------------------------------------
@app.command()
def segment(
    file: Annotated[Path, typer.Argument(help="A document (any supported format).", exists=True, dir_okay=False)],
    user_dict: Annotated[
        Path | None,
        typer.Option("--user-dict", help="An extra jieba dictionary (word [freq] [tag] per line).", exists=True),
    ] = None,
    config: ConfigOpt = OpenCCConfig.T2S,
    encoding: EncodingOpt = None,
) -> None:
    """Print the jieba tokens of a document (with the domain dictionary).

    One line per paragraph of the normalized text, tokens separated by spaces.
    """
    from policytext.pipeline import normalize_file
    from policytext.segment import Segmenter

    _check_encoding(encoding)
    result = normalize_file(file, config=config.value, encoding=encoding)
    if not result.ok:
        raise _fail(result.error or str(file), 1)
    segmenter = Segmenter(user_dict=user_dict)
    for line in result.normalized.text.split("\n"):  # type: ignore[union-attr]
        if line.strip():
            sys.stdout.write(" ".join(segmenter.cut(line)) + "\n")


# ---- extract -----------------------------------------------------------------------------------------------
class ExtractFormat(StrEnum):
    """Output of `policytext extract`."""

    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"


@app.command()
def extract(
    paths: PathsArg,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Output file (default: JSON Lines on stdout).", dir_okay=False),
    ] = None,
    format: Annotated[
        ExtractFormat | None,
        typer.Option("--format", help="jsonl, csv, xlsx or parquet (default: from the -o suffix, else jsonl)."),
    ] = None,
    taxonomy: TaxonomyOpt = "cadre_care",
    method: MethodOpt = MethodChoice.hybrid,
    all_sentences: Annotated[
        bool, typer.Option("--all-sentences", help="One record per sentence, measures or not.")
    ] = False,
    bom: Annotated[
        bool, typer.Option("--bom/--no-bom", help="CSV: UTF-8 with a byte-order mark so Excel reads Chinese.")
    ] = True,
    model: ModelOpt = None,
    annotations: AnnotationsOpt = None,
    config: ConfigOpt = OpenCCConfig.T2S,
    encoding: EncodingOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Extract the tagged measures of documents as JSON Lines, CSV, XLSX or Parquet.

    One record per measure with its source, article, region, heading, offsets, categories, subcategories,
    score, evidence (the cues that fired) and quantities. CSV and XLSX flatten lists with "; ". A file that
    cannot be read is reported and skipped.
    """
    from policytext.export import RecordFormat, format_for, write_records
    from policytext.pipeline import RECORD_FIELDS, ExtractionRun, iter_extract

    _check_encoding(encoding)
    fmt = format.value if format else format_for(output, "jsonl", RecordFormat)
    if output is None and fmt in ("xlsx", "parquet"):
        raise _fail(f"{fmt} output needs a file: pass -o FILE.{fmt}", 2)
    tagger = _tagger(taxonomy, method, model, annotations)
    documents = _documents(paths)
    run = ExtractionRun()
    results = _analyzed(documents, config=config.value, encoding=encoding, jobs=jobs, label="extracting", tagger=tagger)
    records = iter_extract(results, tagger=tagger, all_sentences=all_sentences, run=run)
    n = _run(lambda: write_records(records, output, format=fmt, bom=bom, fields=RECORD_FIELDS))
    for message in run.failed:
        err.print(f"failed {message}", markup=False)
    what = "sentences" if all_sentences else "measures"
    err.print(f"{n} {what} from {run.analyzed} documents" + (f" -> {output}" if output else ""), markup=False)
    if run.failed:
        err.print(f"{len(run.failed)} of {len(documents)} documents failed")
        raise typer.Exit(1)


# ---- train / evaluate --------------------------------------------------------------------------------------
AnnotationsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Annotation files (.jsonl, .csv) or folders (default: the built-in annotations).",
        exists=True,
        show_default=False,
    ),
]


@app.command()
def train(
    annotations: AnnotationsArg = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Model file to write.", dir_okay=False)] = Path(
        "policytext-model.joblib"
    ),
    taxonomy: TaxonomyOpt = "cadre_care",
) -> None:
    """Train the classifier on annotated sentences and write it for `extract --model`.

    Training is deterministic.
    Annotation format: corpora/annotations/README.md (JSON Lines or CSV with text, measure, labels).
    """
    from policytext.tag import load_annotations, save_model, train_model
    from policytext.taxonomy import load_taxonomy

    tax = _run(lambda: load_taxonomy(taxonomy))
    data = _run(lambda: load_annotations(annotations or None, taxonomy=tax))
    model = _run(lambda: train_model(data, taxonomy=tax))
    save_model(model, output)
    err.print(
        f"trained on {len(data)} sentences ({sum(a.measure for a in data)} measures); "
        f"{len(model.labels_)} label classifiers -> {output}",
        markup=False,
    )


class EvaluateFormat(StrEnum):
    """Output of `policytext evaluate`."""

    text = "text"
    json = "json"


@app.command()
def evaluate(
    annotations: AnnotationsArg = None,
    folds: Annotated[int, typer.Option("--folds", "-k", min=2, help="Number of cross-validation folds.")] = 5,
    taxonomy: TaxonomyOpt = "cadre_care",
    methods: Annotated[
        list[MethodChoice] | None, typer.Option("--method", help="Evaluate only this method (repeatable).")
    ] = None,
    format: Annotated[EvaluateFormat, typer.Option("--format", help="text tables or JSON.")] = EvaluateFormat.text,
) -> None:
    """Cross-validate the tagging methods on annotated sentences.

    Precision, recall and F1 per category and per method (rules, model, hybrid), with the most confused label
    pairs. Folds are grouped by document.
    """
    import json

    from policytext.evaluate import evaluate_annotations
    from policytext.tag import load_annotations
    from policytext.taxonomy import load_taxonomy

    tax = _run(lambda: load_taxonomy(taxonomy))
    data = _run(lambda: load_annotations(annotations or None, taxonomy=tax))
    chosen = [m.value for m in methods] if methods else ["rules", "model", "hybrid"]
    try:
        report = evaluate_annotations(data, taxonomy=tax, folds=folds, methods=chosen)
    except ValueError as exc:
        raise _fail(str(exc), 2) from None
    if format is EvaluateFormat.json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(report.to_text())


# ---- compare / report --------------------------------------------------------------------------------------
ByOpt = Annotated[
    CompareBy,
    typer.Option("--by", help="One row per region (anonymized regions per article), per document or per article."),
]
LevelOpt = Annotated[CompareLevel, typer.Option("--level", help="Count measures per category or per subcategory.")]
QuantityTypesOpt = Annotated[
    str,
    typer.Option(
        "--quantity-types",
        help="Provision types of the quantities table: built-in name (cadre_care) or a .toml file "
        "(see taxonomies/SCHEMA.md).",
    ),
]


def _compared(
    paths: list[Path],
    *,
    by: CompareBy,
    level: CompareLevel,
    taxonomy,
    quantity_types,
    method,
    model,
    annotations,
    config: str,
    encoding,
    jobs,
    label: str,
):
    """The corpus (documents analysed on the fly plus records read from extract outputs; failures listed, not
    fatal) and its comparison."""
    from policytext.compare import RECORD_SUFFIXES, compare_regions, load_corpus

    record_files = [p for p in paths if p.is_file() and p.suffix.lower() in RECORD_SUFFIXES]
    folders_and_documents = [p for p in paths if p not in record_files]
    documents = _documents(folders_and_documents) if folders_and_documents else []
    tagger = _tagger(taxonomy, method, model, annotations) if documents else None
    corpus = _run(
        lambda: load_corpus(
            [*record_files, *documents],
            tagger=tagger,
            config=config,
            encoding=encoding,
            jobs=jobs,
            progress=lambda results, total: _progress(results, total=total, label=label),
        )
    )
    for message in corpus.failed:
        err.print(f"failed {message}", markup=False)
    if not corpus.records:
        raise _fail("no sentences to compare: every input failed or was empty", 1)
    comparison = _run(
        lambda: compare_regions(corpus.records, by=by, level=level, taxonomy=taxonomy, quantity_types=quantity_types)
    )
    return corpus, comparison


@app.command()
def compare(
    paths: PathsArg,
    by: ByOpt = CompareBy.region,
    level: LevelOpt = CompareLevel.category,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Output file (default: Markdown on stdout); csv writes one file per table.",
            dir_okay=False,
        ),
    ] = None,
    format: Annotated[
        TableFormat | None,
        typer.Option("--format", help="csv, xlsx, md, html or json (default: from the -o suffix, else md)."),
    ] = None,
    heatmap: Annotated[
        list[Path] | None,
        typer.Option(
            "--heatmap",
            help="Also draw the heatmap of regions by categories to this .png or .svg file (repeatable).",
            dir_okay=False,
        ),
    ] = None,
    taxonomy: TaxonomyOpt = "cadre_care",
    quantity_types: QuantityTypesOpt = "cadre_care",
    method: MethodOpt = MethodChoice.hybrid,
    model: ModelOpt = None,
    annotations: AnnotationsOpt = None,
    config: ConfigOpt = OpenCCConfig.T2S,
    encoding: EncodingOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Compare regions: coverage, provisions side by side, quantities, similarity and text reuse.

    INPUT is documents (files or folders, analysed on the fly) or outputs of `policytext extract` (.jsonl,
    .csv, .xlsx, .parquet), or both. Tables: coverage (measures per region and category), provisions (rows =
    subcategories, columns = regions, cells = measures with their record ids), quantities (amounts of
    comparable provisions such as 体检经费 per person or 乡镇津贴 tiers, side by side), similarity of the
    regions' provisions (TF-IDF cosine) and text reuse (passages shared between documents beyond
    boilerplate). Anonymized regions (x县, 某县) stay apart, one row per article. XLSX: a sheet per table.
    """
    from policytext.compare import write_comparison
    from policytext.export import format_for

    _check_encoding(encoding)
    fmt = format.value if format else format_for(output, "md", TableFormat)
    if output is None and fmt == "xlsx":
        raise _fail("xlsx output needs a file: pass -o FILE.xlsx", 2)
    for figure in heatmap or []:
        if figure.suffix.lower() not in (".png", ".svg"):
            raise _fail(f"--heatmap {figure}: the file must end in .png or .svg", 2)
    corpus, comparison = _compared(
        paths,
        by=by,
        level=level,
        taxonomy=taxonomy,
        quantity_types=quantity_types,
        method=method,
        model=model,
        annotations=annotations,
        config=config.value,
        encoding=encoding,
        jobs=jobs,
        label="comparing",
    )
    written = _run(lambda: write_comparison(comparison, output, format=fmt))
    for figure in heatmap or []:
        from policytext.plots import heatmap as draw

        _run(lambda figure=figure: draw(comparison, path=figure))
        written.append(figure)
    if fmt == "csv" and output is None:
        err.print("csv on stdout holds the coverage table; pass -o FILE.csv to get every table", markup=False)
    documents = len({r.get("doc_id") for r in corpus.records})
    measures = int(comparison.coverage["measures"].sum()) if len(comparison.coverage) else 0
    where = (" -> " + ", ".join(str(p) for p in written)) if written else ""
    err.print(
        f"{len(comparison.coverage)} {by.value}s, {measures} measures from {documents} documents{where}",
        markup=False,
    )
    if corpus.failed:
        err.print(f"{len(corpus.failed)} inputs failed")
        raise typer.Exit(1)


@app.command()
def report(
    paths: PathsArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.", dir_okay=False)],
    title: Annotated[str, typer.Option("--title", help="Title of the report.")] = "policytext report",
    by: ByOpt = CompareBy.region,
    level: LevelOpt = CompareLevel.category,
    taxonomy: TaxonomyOpt = "cadre_care",
    quantity_types: QuantityTypesOpt = "cadre_care",
    method: MethodOpt = MethodChoice.hybrid,
    model: ModelOpt = None,
    annotations: AnnotationsOpt = None,
    config: ConfigOpt = OpenCCConfig.T2S,
    encoding: EncodingOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Write one self-contained HTML report that works offline.

    Corpus overview (documents, articles, regions, the normalization fixes applied), a heatmap of regions by
    categories, the comparison tables of `policytext compare`, and each document's text with measures
    highlighted by category and amounts marked. INPUT is documents or `extract` outputs; for extract outputs,
    which hold no full texts, the report shows their sentences grouped by document.
    """
    from policytext.report import write_report

    _check_encoding(encoding)
    corpus, comparison = _compared(
        paths,
        by=by,
        level=level,
        taxonomy=taxonomy,
        quantity_types=quantity_types,
        method=method,
        model=model,
        annotations=annotations,
        config=config.value,
        encoding=encoding,
        jobs=jobs,
        label="reporting",
    )
    _run(lambda: write_report(output, corpus.documents, corpus.records, comparison, title=title))
    documents = len({r.get("doc_id") for r in corpus.records})
    err.print(f"report of {documents} documents, {len(comparison.coverage)} {by.value}s -> {output}", markup=False)
    if corpus.failed:
        err.print(f"{len(corpus.failed)} inputs failed")
        raise typer.Exit(1)


# ---- analyze: the main job -----------------------------------------------------------------------------------
@app.command()
def analyze(
    paths: PathsArg,
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="Folder for the results (created if missing).", file_okay=False),
    ] = Path("out"),
    title: Annotated[str, typer.Option("--title", help="Title of the HTML report.")] = "policytext report",
    taxonomy: TaxonomyOpt = "cadre_care",
    method: MethodOpt = MethodChoice.hybrid,
    model: ModelOpt = None,
    annotations: AnnotationsOpt = None,
    config: ConfigOpt = OpenCCConfig.T2S,
    encoding: EncodingOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Analyse a corpus in one pass and write every result into a folder.

    Reads, normalizes, structures and tags the documents once, then writes measures.csv (for Excel) and
    measures.jsonl (the extraction records), comparison.xlsx and comparison.md (coverage, provisions side by
    side, quantities, similarity, text reuse), heatmap.png and heatmap.svg, and report.html (self-contained).
    A file that cannot be read is reported and skipped (exit status 1).
    """
    from policytext.pipeline import run_analysis

    _check_encoding(encoding)
    documents = _documents(paths)
    tagger = _tagger(taxonomy, method, model, annotations)
    result = _run(
        lambda: run_analysis(
            documents,
            output,
            tagger=tagger,
            config=config.value,
            encoding=encoding,
            jobs=jobs,
            title=title,
            progress=lambda results, total: _progress(results, total=total, label="analysing"),
        )
    )
    for message in result.corpus.failed:
        err.print(f"failed {message}", markup=False)
    measures = sum(1 for r in result.corpus.records if r.get("is_measure"))
    regions = len(result.comparison.coverage)
    err.print(
        f"{len(result.corpus.documents)} documents, {measures} measures, {regions} regions -> {output}/: "
        + ", ".join(result.files),
        markup=False,
    )
    if result.corpus.failed:
        raise typer.Exit(1)


# ---- taxonomy ----------------------------------------------------------------------------------------------
taxonomy_app = typer.Typer(
    help="List, show and validate taxonomies (file format: taxonomies/SCHEMA.md).", no_args_is_help=True
)
app.add_typer(taxonomy_app, name="taxonomy")


@taxonomy_app.command("list")
def taxonomy_list() -> None:
    """List the built-in taxonomies: name, title, size."""
    from policytext.taxonomy import list_taxonomies, load_taxonomy

    for name in list_taxonomies():
        info = _run(lambda name=name: load_taxonomy(name).summary())
        typer.echo(
            f"{name}\t{info['title']}\t{info['categories']} categories, "
            f"{info['subcategories']} subcategories, {info['cues']} cues"
        )


@taxonomy_app.command("show")
def taxonomy_show(
    name: Annotated[str, typer.Argument(help="Built-in name or .toml file.")] = "cadre_care",
    cues: Annotated[bool, typer.Option("--cues", help="List every cue, exclusion and example.")] = False,
    only: Annotated[
        str | None, typer.Option("--only", help="One category or subcategory (e.g. health.checkup).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the taxonomy as JSON.")] = False,
) -> None:
    """Show a taxonomy: categories, subcategories, definitions (and cues with --cues)."""
    import json

    from policytext.taxonomy import format_taxonomy, load_taxonomy

    taxonomy = _run(lambda: load_taxonomy(name))
    if as_json:
        typer.echo(json.dumps(taxonomy.to_dict(), ensure_ascii=False, indent=2))
        return
    try:
        typer.echo(format_taxonomy(taxonomy, cues=cues, only=only))
    except KeyError as exc:
        raise _fail(str(exc.args[0]), 2) from None


@taxonomy_app.command("validate")
def taxonomy_validate(file: Annotated[Path, typer.Argument(help="The taxonomy .toml file.")]) -> None:
    """Check a taxonomy file: every problem as FILE:LINE: key.path: message (exit 2 if any error)."""
    from policytext.taxonomy import check_taxonomy_file, load_taxonomy

    problems = _run(lambda: check_taxonomy_file(file))
    for problem in problems:
        err.print(str(problem), markup=False, highlight=False)
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        raise _fail(f"{file}: {errors} error(s); the taxonomy cannot be used", 2)
    info = load_taxonomy(file).summary()
    warnings = f", {len(problems)} warning(s)" if problems else ""
    typer.echo(
        f"{file}: OK ({info['categories']} categories, {info['subcategories']} subcategories, "
        f"{info['cues']} cues{warnings})"
    )


INTERRUPTED = "interrupted: the files already written are complete, none is left half-written"


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # (before a command runs; typer turns one inside a command into exit status 130)
        err.print(INTERRUPTED, markup=False)
        sys.exit(130)
    except SystemExit as exit_:
        if exit_.code == 130:
            err.print(INTERRUPTED, markup=False)
        raise


if __name__ == "__main__":
    main()
