"""One self-contained HTML report of a corpus: overview, heatmap, comparison tables, highlighted texts.

The page works offline and refers to nothing outside itself: CSS is inline, the heatmap is inline SVG
(text drawn as paths), there are no scripts, fonts or images to fetch. Every text from the corpus is
HTML-escaped.

Sections:

* corpus overview: documents, articles, regions, sentences and measures; the normalization fixes applied
  (summed over the corpus, with the number of documents each fired in); one line per document;
* the heatmap of regions by categories (:func:`policytext.plots.heatmap`) and a legend of category colours;
* the comparison tables of :func:`policytext.compare.compare_regions` (coverage shaded by count,
  provisions side by side, quantities, similarity, text reuse), record ids linking to the sentence;
* each document's normalized text, measure sentences wrapped in ``<mark class="cat-<category>">`` (the
  first category's colour; the title lists every label) and amounts in ``<span class="qty">`` (the title
  gives the parsed amount and its provision type). For an ``extract`` output, which holds no full texts,
  the records' sentences are shown grouped by document and article instead.
"""

from __future__ import annotations

import html
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from policytext.compare import Comparison
    from policytext.model import StructuredDocument

__all__ = ["anchor", "build_report", "build_tables_page", "write_report"]

_PALETTE = (
    ("#ffd8a8", "#e8590c"),
    ("#b2f2bb", "#2b8a3e"),
    ("#a5d8ff", "#1971c2"),
    ("#ffc9c9", "#c92a2a"),
    ("#e5dbff", "#6741d9"),
    ("#fff3bf", "#e67700"),
    ("#c3fae8", "#0c8599"),
    ("#eebefa", "#a61e4d"),
    ("#d8f5a2", "#5c940d"),
    ("#dee2e6", "#495057"),
)
_CLASS_RE = re.compile(r"[^a-z0-9_-]")
_ANCHOR_RE = re.compile(r"[^A-Za-z0-9_-]")
_SVG_PROLOGUE_RE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_SVG_METADATA_RE = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_MAX_PAIRS = 100
_MAX_MATRIX = 50  # regions; a larger similarity matrix is left to the XLSX/JSON output

_CSS = """
:root { --ink: #1f2d3d; --muted: #5c6b7a; --rule: #d0d7de; --bg: #ffffff; --band: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 0 1.5rem 4rem; color: var(--ink); background: var(--bg);
  font: 15px/1.6 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "WenQuanYi Micro Hei", system-ui, sans-serif; }
header { border-bottom: 2px solid var(--rule); margin-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 1.2rem 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p.note, .muted { color: var(--muted); font-size: .9rem; }
p.warning { color: #c92a2a; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem; }
nav a, a { color: #1864ab; text-decoration: none; }
a:hover { text-decoration: underline; }
.scroll { overflow-x: auto; max-width: 100%; border: 1px solid var(--rule); }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .45rem; vertical-align: top; text-align: left; }
th { background: var(--band); position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data td { max-width: 28rem; }
table.provisions td { min-width: 14rem; }
table.provisions td:first-child, table.provisions th:first-child {
  position: sticky; left: 0; background: var(--band); }
ul.cell { margin: 0; padding-left: 1rem; }
.figure { overflow-x: auto; }
.figure svg { max-width: 100%; height: auto; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem .8rem; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: .3rem; }
.swatch { display: inline-block; width: 1.1rem; height: 1.1rem; border-radius: 3px; border: 1px solid; }
.doctext { white-space: pre-wrap; background: var(--band); border: 1px solid var(--rule); padding: .8rem 1rem;
  line-height: 1.9; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; border-bottom: 2px solid transparent; }
mark.multi { border-bottom-style: double; border-bottom-width: 3px; }
span.qty { font-weight: 600; border: 1px solid #495057; border-radius: 3px; padding: 0 2px;
  background: #ffffffaa; }
span.qty.typed { border-color: #c92a2a; color: #c92a2a; }
ol.sentences { padding-left: 2rem; }
ol.sentences li { margin: .15rem 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 .5rem;
  font-size: .85rem; }
dl.meta dt { color: var(--muted); }
details summary { cursor: pointer; color: #1864ab; }
"""


def anchor(record_id: str) -> str:
    """The HTML id of a record's sentence in the report (safe for ``href="#…"``).

    Examples:
        >>> anchor("01_jinzhai_measures#0.41")
        'r-01_jinzhai_measures_23_0_2e_41'
    """
    return "r-" + _ANCHOR_RE.sub(lambda m: f"_{ord(m.group()):x}_", record_id)


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _class(category: str) -> str:
    return "cat-" + (_CLASS_RE.sub("_", category.lower()) or "none")


def _number(value: float) -> str:
    if math.isnan(value):
        return ""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4g}" if abs(value) < 1 else f"{value:,.2f}".rstrip("0").rstrip(".")


class _Page:
    """What every part of the page needs to know: labels, colours, the records shown in the text."""

    def __init__(self, comparison: Comparison, categories: Sequence[str]) -> None:
        self.comparison = comparison
        self.labels = comparison.labels
        self.categories = list(categories)
        self.shown: set[str] = set()  # record ids rendered in the document texts (link targets)

    def colour(self, category: str) -> tuple[str, str]:
        if category in self.categories:
            return _PALETTE[self.categories.index(category) % len(_PALETTE)]
        return _PALETTE[-1]

    def css(self) -> str:
        rules = [
            f"mark.{_class(c)} {{ background: {bg}; border-bottom-color: {fg}; }}"
            for c in self.categories
            for bg, fg in [self.colour(c)]
        ]
        rules.append(f"mark.cat-none {{ background: {_PALETTE[-1][0]}; }}")
        return _CSS + "\n".join(rules)

    def link(self, record_id: Any) -> str:
        rid = str(record_id)
        if rid in self.shown:
            return f'<a href="#{anchor(rid)}">{_e(rid)}</a>'
        return _e(rid)

    def legend(self) -> str:
        items = []
        for c in self.categories:
            bg, fg = self.colour(c)
            items.append(
                f'<li><span class="swatch" style="background:{bg};border-color:{fg}"></span>'
                f'{_e(self.labels.get(c, c))} <span class="muted">{_e(c)}</span></li>'
            )
        items.append(
            '<li><span class="qty">800元</span> amount <span class="qty typed">800元</span> '
            "amount of a comparable provision type</li>"
        )
        return f'<ul class="legend">{"".join(items)}</ul>'


# ---- tables ------------------------------------------------------------------------------------------------
_LINK_COLUMNS = frozenset({"record", "records", "record_a", "record_b"})


def _cell(page: _Page, column: str, value: Any) -> tuple[str, bool]:
    """Cell HTML and whether it is numeric."""
    if isinstance(value, list):
        if column in _LINK_COLUMNS:
            return "<br>".join(page.link(v) for v in value), False
        parts = ["x" if v is None else (_number(v) if isinstance(v, float) else _e(v)) for v in value]
        return "<br>".join(parts), False
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "", False
    if isinstance(value, bool):
        return ("yes" if value else ""), False
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(float(value)), True
    if column in _LINK_COLUMNS:
        return page.link(value), False
    return _e(value).replace("\n", "<br>"), False


def _table(
    page: _Page,
    frame: pd.DataFrame,
    *,
    cls: str = "data",
    shade: Sequence[str] = (),
    limit: int | None = None,
) -> str:
    if frame.empty:
        return '<p class="note">(none)</p>'
    shown = frame if limit is None else frame.head(limit)
    peak = max([float(frame[c].max()) for c in shade if c in frame.columns] + [1.0])
    head = "".join(f"<th>{_e(c)}</th>" for c in shown.columns)
    rows = []
    for record in shown.to_dict("records"):
        cells = []
        for column, value in record.items():
            text, numeric = _cell(page, str(column), value)
            style = ""
            if column in shade and isinstance(value, (int, float)) and value:
                alpha = 0.15 + 0.75 * float(value) / peak
                ink = "#fff" if alpha > 0.6 else "inherit"
                style = f' style="background:rgba(25,113,194,{alpha:.2f});color:{ink}"'
            num = ' class="num"' if numeric else ""
            cells.append(f"<td{num}{style}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if limit is not None and len(frame) > limit:
        more = f'<p class="note">{limit} of {len(frame)} rows shown; compare\'s XLSX or JSON has all.</p>'
    body = "".join(rows)
    return (
        f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>{more}"
    )


def _provisions_table(page: _Page) -> str:
    c = page.comparison
    if c.provisions.empty:
        return '<p class="note">(none)</p>'
    units = [str(u) for u in c.provisions.columns[2:]]
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in c.provision_items:
        unit = str(item.get(c.unit_name))
        text = str(item.get("text") or "")
        short = text if len(text) <= 60 else text[:59] + "…"
        cells[(str(item["subcategory"]), unit)].append(f"<li>{page.link(item['id'])} {_e(short)}</li>")
    head = "<th>provision</th>" + "".join(f"<th>{_e(u)}</th>" for u in units)
    rows = []
    for row in c.provisions[["subcategory", "label"]].itertuples(index=False):
        tds = [f'<td><b>{_e(row.label)}</b><br><span class="muted">{_e(row.subcategory)}</span></td>']
        for u in units:
            items = cells.get((str(row.subcategory), u))
            tds.append(f'<td><ul class="cell">{"".join(items)}</ul></td>' if items else "<td></td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return (
        f'<div class="scroll"><table class="provisions"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _comparison_sections(page: _Page) -> list[tuple[str, str, str]]:
    """(id, heading, html) of the comparison tables."""
    c = page.comparison
    tables = c.tables()
    coverage = tables["coverage"]
    shade = [c.column_label(x) for x in c.label_columns]
    quantities = tables["quantities"].drop(columns=["values", "units"], errors="ignore")
    pairs = tables["similarity_pairs"]
    reuse = tables["reuse"].drop(columns=["passage_b"], errors="ignore")
    matrix = tables["similarity"]
    unit = c.unit_name
    notes = {
        "coverage": f"One row per {unit}; anonymized regions are one row per article. Cells count measures "
        "(a measure with two labels counts in both).",
        "provisions": f"Rows are subcategories, columns the {unit}s; each line is a measure: its record id "
        "(a link to the sentence below) and its shortened text.",
        "quantities": f"Amounts of comparable provisions, per type and {unit}; redacted amounts show as x. "
        "The types are data: taxonomies/quantity_types.",
        "similarity": f"Cosine similarity of TF-IDF vectors (character 2–4-grams) of each {unit}'s measure "
        "texts, most similar pairs first.",
        "reuse": f"Passages of at least {c.min_passage} characters shared by sentences of two different "
        "articles, beyond boilerplate (stock phrases, passages found in many sources); digits compare as "
        "equal and small edits inside a passage are bridged.",
    }
    if len(matrix) <= _MAX_MATRIX:
        full = "<details><summary>full matrix</summary>" + _table(page, matrix) + "</details>"
    else:
        n = len(matrix)
        full = f'<p class="note">The full {n}×{n} matrix is in the XLSX or JSON output of compare.</p>'
    tables_html = {
        "coverage": _table(page, coverage, shade=shade),
        "provisions": _provisions_table(page),
        "quantities": _table(page, quantities),
        "similarity": _table(page, pairs, limit=_MAX_PAIRS) + full,
        "reuse": _table(page, reuse),
    }
    headings = {
        "coverage": f"Coverage: measures per {unit} and {c.level}",
        "provisions": "Provisions side by side",
        "quantities": "Quantities by provision type",
        "similarity": f"Similarity of {unit}s' provisions",
        "reuse": "Text reuse between sources",
    }
    return [(name, headings[name], f'<p class="note">{_e(notes[name])}</p>{tables_html[name]}') for name in notes]


# ---- document texts ----------------------------------------------------------------------------------------
def _mark_open(page: _Page, record: Mapping[str, Any]) -> str:
    cats = [str(c) for c in record.get("categories") or []]
    subs = [str(s) for s in record.get("subcategories") or []]
    labels = [page.labels.get(c, c) for c in cats] + [page.labels.get(s, s) for s in subs]
    rid = str(record.get("id") or "")
    cls = _class(cats[0]) if cats else "cat-none"
    if len(cats) > 1:
        cls += " multi"
    title = " / ".join(labels) + f" [{rid}]"
    return (
        f'<mark class="{cls}" id="{anchor(rid)}" data-record="{_e(rid)}" '
        f'data-categories="{_e(" ".join(cats))}" title="{_e(title)}">'
    )


def _qty_open(quantity: Mapping[str, Any], qtype: str | None) -> str:
    from policytext.export import format_quantity

    title = format_quantity(quantity)
    cls = "qty typed" if qtype else "qty"
    if qtype:
        title = f"{qtype}: {title}"
    return f'<span class="{cls}" title="{_e(title)}">'


def _render(text: str, spans: list[tuple[int, int, int, str, str]]) -> str:
    """Text with tags inserted: spans are (start, end, depth, open_tag, close_tag); depth 0 wraps depth 1."""
    events: list[tuple[int, int, str]] = []
    for start, end, depth, open_tag, close_tag in spans:
        events.append((start, 2 + depth, open_tag))
        events.append((end, 1 - depth, close_tag))
    events.sort(key=lambda ev: (ev[0], ev[1]))
    out: list[str] = []
    pos = 0
    for at, _, tag in events:
        out.append(_e(text[pos:at]))
        out.append(tag)
        pos = at
    out.append(_e(text[pos:]))
    return "".join(out)


def _typed_quantities(page: _Page) -> dict[tuple[str, str], str]:
    items = page.comparison.quantity_items
    if items.empty:
        return {}
    return {
        (str(r), str(t)): str(label) for r, t, label in zip(items["record"], items["text"], items["label"], strict=True)
    }


def _document_section(
    page: _Page,
    document: StructuredDocument,
    records: Sequence[Mapping[str, Any]],
    typed: Mapping[tuple[str, str], str],
) -> tuple[str, int]:
    """The document's text with measures and amounts marked, and the number of measures marked."""
    text = document.text
    spans: list[tuple[int, int, int, str, str]] = []
    marked = 0
    sentence_ids: dict[tuple[int, int], str] = {}
    for r in records:
        start, end = r.get("start"), r.get("end")
        if not _is_measure(r) or not isinstance(start, int) or not isinstance(end, int):
            continue
        if not (0 <= start < end <= len(text)) or text[start:end] != r.get("text"):
            continue
        spans.append((start, end, 0, _mark_open(page, r), "</mark>"))
        page.shown.add(str(r.get("id")))
        sentence_ids[(start, end)] = str(r.get("id"))
        marked += 1
    for _, sentence in document.sentences():
        rid = sentence_ids.get((sentence.start, sentence.end), "")
        for q in sentence.quantities:
            if 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.text:
                spans.append((q.start, q.end, 1, _qty_open(q.to_dict(), typed.get((rid, q.text))), "</span>"))
    meta = [
        ("source", document.source),
        ("format", document.format),
        ("encoding", document.encoding or "—"),
        ("articles", str(len(document.articles))),
        ("measures", str(marked)),
    ]
    regions = list(dict.fromkeys(a.region.name for a in document.articles if a.region is not None))
    if regions:
        meta.append(("regions", "、".join(regions)))
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in meta)
    body = (
        f'<article class="document" id="doc-{_e(anchor(document.doc_id)[2:])}"><h3>{_e(document.doc_id)}</h3>'
        f'<dl class="meta">{dl}</dl><div class="doctext">{_render(text, spans)}</div></article>'
    )
    return body, marked


def _records_section(
    page: _Page, doc_id: str, records: Sequence[Mapping[str, Any]], typed: Mapping[tuple[str, str], str]
) -> tuple[str, int]:
    """Sentences of an extract output (no full text), grouped by article; measures and amounts marked."""
    from policytext.compare import _locate

    by_article: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for r in records:
        by_article[r.get("article")].append(r)
    parts = []
    marked = 0
    for article, rows in by_article.items():
        title = next((r.get("article_title") for r in rows if r.get("article_title")), None)
        region = next((r.get("region") for r in rows if r.get("region")), None)
        heading = f"article {article}" + (f": {title}" if title else "") + (f" — {region}" if region else "")
        items = []
        for r in rows:
            text = str(r.get("text") or "")
            rid = str(r.get("id") or "")
            quantities = list(r.get("quantities") or [])
            spans = [
                (s, e, 1, _qty_open(q, typed.get((rid, str(q.get("text"))))), "</span>")
                for q, loc in zip(quantities, _locate(text, quantities), strict=True)
                if loc is not None
                for s, e in [loc]
            ]
            if _is_measure(r):
                spans.append((0, len(text), 0, _mark_open(page, r), "</mark>"))
                page.shown.add(rid)
                marked += 1
            items.append(f"<li>{_render(text, spans)}</li>")
        parts.append(f'<h4>{_e(heading)}</h4><ol class="sentences">{"".join(items)}</ol>')
    body = (
        f'<article class="document" id="doc-{_e(anchor(doc_id)[2:])}"><h3>{_e(doc_id)}</h3>'
        '<p class="note">From an extract output: sentences only, no full text.</p>'
        f"{''.join(parts)}</article>"
    )
    return body, marked


def _is_measure(record: Mapping[str, Any]) -> bool:
    from policytext.compare import _is_measure as is_measure

    return is_measure(record)


# ---- overview ----------------------------------------------------------------------------------------------
def _overview(page: _Page, documents: Sequence[StructuredDocument], records: Sequence[Mapping[str, Any]]) -> str:
    import pandas as pd

    doc_ids = [d.doc_id for d in documents]
    record_docs = list(dict.fromkeys(str(r.get("doc_id")) for r in records if r.get("doc_id") not in doc_ids))
    articles = sum(len(d.articles) for d in documents) + len(
        {(r.get("doc_id"), r.get("article")) for r in records if r.get("doc_id") in record_docs}
    )
    measures = [r for r in records if _is_measure(r)]
    regions = {r.get("region_key") or r.get("region") for r in measures if r.get("region")}
    sentences = sum(len(a.sentences) for d in documents for a in d.articles)
    counts = [
        ("documents", len(documents) + len(record_docs)),
        ("articles", articles),
        ("regions (with measures)", len(regions)),
        ("sentences", sentences if documents else len(records)),
        ("measures", len(measures)),
    ]
    rows = "".join(f'<tr><th>{_e(k)}</th><td class="num">{v}</td></tr>' for k, v in counts)
    out = [f'<div class="scroll" style="display:inline-block"><table class="counts">{rows}</table></div>']

    fixes: dict[str, list[Any]] = {}
    for d in documents:
        for f in d.fixes:
            entry = fixes.setdefault(f.name, [f.description, 0, 0])
            entry[1] += f.count
            entry[2] += 1
    out.append("<h3>Normalization fixes applied</h3>")
    if fixes:
        frame = pd.DataFrame(
            [{"fix": k, "description": v[0], "count": v[1], "documents": v[2]} for k, v in fixes.items()]
        )
        out.append(_table(page, frame))
    else:
        out.append('<p class="note">None recorded (no fixes were needed, or the input was an extract output).</p>')

    per_doc = Counter(str(r.get("doc_id")) for r in measures)
    rows_doc = [
        {
            "document": d.doc_id,
            "source": d.source,
            "format": d.format,
            "encoding": d.encoding or "",
            "articles": len(d.articles),
            "measures": per_doc.get(d.doc_id, 0),
            "fixes": ", ".join(f"{f.name}×{f.count}" for f in d.fixes),
        }
        for d in documents
    ] + [
        {
            "document": doc,
            "source": "(extract output)",
            "format": "",
            "encoding": "",
            "articles": None,
            "measures": per_doc.get(doc, 0),
            "fixes": "",
        }
        for doc in record_docs
    ]
    out.append("<h3>Documents</h3>")
    out.append(_table(page, pd.DataFrame(rows_doc)))
    return "".join(out)


# ---- pages -------------------------------------------------------------------------------------------------
def _heatmap_svg(comparison: Comparison) -> str:
    from policytext.errors import PolicytextError
    from policytext.plots import heatmap

    if comparison.coverage.empty:
        return '<p class="note">No measures, no heatmap.</p>'
    try:
        svg = heatmap(comparison, format="svg").decode("utf-8")
    except PolicytextError as exc:
        return f'<p class="warning">The heatmap could not be drawn: {_e(exc)}</p>'
    svg = _SVG_PROLOGUE_RE.sub("", svg, count=1)
    svg = _SVG_METADATA_RE.sub("", svg, count=1)
    return f'<div class="figure" id="heatmap-figure">{svg}</div>'


def _page(title: str, page: _Page, sections: list[tuple[str, str, str]], subtitle: str) -> str:
    from policytext import __version__

    nav = "".join(f'<li><a href="#{sid}">{_e(heading)}</a></li>' for sid, heading, _ in sections)
    body = "".join(
        f'<section id="{sid}"><h2>{_e(heading)}</h2>{content}</section>' for sid, heading, content in sections
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="policytext {_e(__version__)}">\n'
        f"<title>{_e(title)}</title>\n<style>{page.css()}</style>\n</head>\n<body>\n"
        f'<header><h1>{_e(title)}</h1><p class="note">{_e(subtitle)} — '
        f"policytext {_e(__version__)}</p></header>\n"
        f"<nav><ul>{nav}</ul></nav>\n{body}\n</body>\n</html>\n"
    )


def _categories(comparison: Comparison) -> list[str]:
    cats = list(getattr(comparison, "categories", []) or [])
    if not cats:
        cats = [c for c in comparison.label_columns if "." not in c]
    return cats


def build_tables_page(comparison: Comparison, *, title: str = "policytext comparison") -> str:
    """A self-contained HTML page with the heatmap and the comparison tables (``compare --format html``)."""
    page = _Page(comparison, _categories(comparison))
    sections = [("heatmap", f"Heatmap: {comparison.unit_name}s × {comparison.level}", _heatmap_svg(comparison))]
    sections += _comparison_sections(page)
    return _page(title, page, sections, f"comparison by {comparison.by}")


def build_report(
    documents: Iterable[StructuredDocument],
    records: Iterable[Mapping[str, Any]],
    comparison: Comparison | None = None,
    *,
    title: str = "policytext report",
    taxonomy: Any = "cadre_care",
) -> str:
    """The HTML report of a corpus (see the module docstring): one self-contained page, as a string.

    Args:
        documents: the structured documents (:func:`policytext.analyze_files`); may be empty for records read
            from an ``extract`` output.
        records: the extraction records of those documents (and of documents given only as records);
            records with ``is_measure`` false are shown in the text but not highlighted.
        comparison: the comparison to show (default: ``compare_regions(records, taxonomy=taxonomy)``).
        title: the page title.
        taxonomy: the taxonomy of the records, when ``comparison`` is not given.

    Examples:
        >>> from policytext.pipeline import analyze_text, document_records, make_tagger
        >>> doc = analyze_text("岳西县：每年设立100万元关心关爱干部帮扶基金。", source="yx.txt")
        >>> recs = list(document_records(doc, tagger=make_tagger(method="rules"), all_sentences=True))
        >>> page = build_report([doc], recs)
        >>> page.count("<mark "), "帮扶基金" in page
        (1, True)
    """
    from policytext.compare import compare_regions

    docs = list(documents)
    rows = [dict(r) for r in records]
    if comparison is None:
        comparison = compare_regions(rows, taxonomy=taxonomy)
    page = _Page(comparison, _categories(comparison))
    typed = _typed_quantities(page)
    by_doc: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        by_doc[str(r.get("doc_id"))].append(r)
    texts = []
    known = set()
    for d in docs:
        known.add(d.doc_id)
        texts.append(_document_section(page, d, by_doc.get(d.doc_id, []), typed)[0])
    for doc_id, doc_records in by_doc.items():
        if doc_id not in known:
            texts.append(_records_section(page, doc_id, doc_records, typed)[0])
    # the texts are rendered first so that the tables can link to the sentences they show
    sections = [
        ("overview", "Corpus overview", _overview(page, docs, rows)),
        ("heatmap", f"Heatmap: {comparison.unit_name}s × {comparison.level}", _heatmap_svg(comparison)),
        ("legend", "Category colours", page.legend()),
        *_comparison_sections(page),
        ("documents", "Documents with measures highlighted", "".join(texts) or '<p class="note">(none)</p>'),
    ]
    return _page(title, page, sections, f"{len(docs) or len(by_doc)} documents, comparison by {comparison.by}")


def write_report(
    path: str | os.PathLike[str],
    documents: Iterable[StructuredDocument],
    records: Iterable[Mapping[str, Any]],
    comparison: Comparison | None = None,
    *,
    title: str = "policytext report",
    taxonomy: Any = "cadre_care",
) -> Path:
    """Write :func:`build_report` to ``path`` (UTF-8, atomically) and return the path."""
    from policytext.export import atomic_path

    text = build_report(documents, records, comparison, title=title, taxonomy=taxonomy)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)
