"""Build the bundled sample corpus (``corpora/``) and its gold annotations from clean sources.

The documents in ``corpora/documents/`` are invented: they were written for policytext,
modelled on public genres of Chinese cadre-care policy text (意见/若干措施, 工作汇报, 组工信息,
综述, 汇编), and are not real documents. Each one is kept as a clean, simplified-Chinese
source in ``scripts/corpus_sources/<id>.txt``; this script turns it into the file format,
encoding and kind of damage its genre comes in (docx, pdf, html in traditional Chinese with
pinyin glosses, GB18030, UTF-16, Big5, web residue, page breaks) and writes the annotations
from the same source, so that the documents and the gold data can never drift apart.

Source format (UTF-8, one paragraph per line):

* ``@article <region>`` starts a new article (a newsletter item, one report of a compilation)
  whose sentences belong to ``<region>`` unless a sentence says otherwise. Every source
  starts with one.
* Every sentence ends with a tag in braces: ``{-}`` not a measure; ``{sel,rank}`` a measure
  with these subcategories (short codes, see ``LABELS``); ``{m}`` a concrete provision
  outside the taxonomy. Options follow a bar: ``{pay|q=500:元/人/月;null:名}`` gives the
  quantities explicitly (``q=`` alone: none), ``r=宿州市`` the region. Without ``q=`` the
  quantities are proposed by ``propose_quantities`` (digits and redactions only); every
  proposal was reviewed when the annotations were written.
* Markup kept for the formats: ``**bold**``, ``<BR>`` (a line break inside a sentence),
  ``<PB>`` (a page break), leading ``# ``/``> ``/``- ``/``△``/``★`` markers;
  ``@table``/``@endtable`` enclose table rows whose cells are separated by `` | ``.

Run from the repository root: ``.venv/bin/python scripts/build_corpus.py`` (needs opencc,
python-docx, reportlab); then check the result with ``scripts/check_annotations.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "corpus_sources"
CORPUS = ROOT / "corpora"
DOCUMENTS = CORPUS / "documents"  # the documents alone, so that a run over this folder reads nothing else
ANNOTATIONS = CORPUS / "annotations"

LABELS: dict[str, str] = {
    "sel": "political_incentive.selection_promotion",
    "rank": "political_incentive.rank_promotion",
    "award": "political_incentive.commendation_award",
    "appr": "political_incentive.appraisal",
    "train": "political_incentive.training_secondment",
    "ideo": "political_incentive.ideological_guidance",
    "pay": "life_care.pay_allowance",
    "house": "life_care.housing_living",
    "family": "life_care.family_support",
    "leave": "life_care.leave",
    "visit": "life_care.visits_talks",
    "burden": "life_care.burden_reduction",
    "culture": "life_care.cultural_activities",
    "check": "health.checkup",
    "mental": "health.mental_health",
    "medical": "health.medical_support",
    "fault": "error_tolerance.fault_tolerance",
    "clar": "error_tolerance.clarification",
    "reuse": "error_tolerance.disciplined_reuse",
    "corr": "error_tolerance.error_correction",
}

TAG_RE = re.compile(r"\{([^{}]*)\}")
END_RE = re.compile(r"[。！？；][”’」』）》]*$")
INNER_END_RE = re.compile(r"[。！？；](?![”’」』）》]*$)")
LEAD_MARKER_RE = re.compile(r"^(?:#{1,6}\s+|>\s+|-\s+|△|★\s*)")
MARKUP_RE = re.compile(r"\*\*|<BR>|<PB>")


# ------------------------------------------------------------------------------------------------
# Sources


@dataclass
class Tag:
    measure: bool
    labels: list[str]
    quantities: list[dict[str, object]] | None  # None: propose automatically
    region: str | None


@dataclass
class Sentence:
    raw: str  # with markup, as it goes into the document
    tag: Tag
    article: int
    region: str
    line: int


@dataclass
class Block:
    kind: str  # "para", "table", "pagebreak"
    article: int
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def raw(self) -> str:
        return "".join(s.raw for s in self.sentences)


@dataclass
class Source:
    doc_id: str
    blocks: list[Block]
    regions: list[str]  # region of each article

    def sentences(self) -> Iterator[Sentence]:
        for block in self.blocks:
            yield from block.sentences


def parse_tag(body: str, where: str) -> Tag:
    head, *opts = body.split("|")
    quantities: list[dict[str, object]] | None = None
    region = None
    for opt in opts:
        key, _, value = opt.partition("=")
        if key == "q":
            quantities = []
            for item in filter(None, value.split(";")):
                number, _, unit = item.partition(":")
                if not unit:
                    raise SystemExit(f"{where}: quantity {item!r} needs value:unit")
                parsed = None if number == "null" else float(number)
                if parsed is not None and parsed.is_integer():
                    parsed = int(parsed)
                quantities.append({"value": parsed, "unit": unit})
        elif key == "r":
            region = value
        else:
            raise SystemExit(f"{where}: unknown tag option {opt!r}")
    if head == "-":
        return Tag(False, [], quantities, region)
    if head == "m":
        return Tag(True, [], quantities, region)
    labels = []
    for code in head.split(","):
        if code not in LABELS:
            raise SystemExit(f"{where}: unknown label code {code!r} (known: {', '.join(LABELS)})")
        labels.append(LABELS[code])
    return Tag(True, labels, quantities, region)


def clean_sentence(raw: str) -> str:
    """The sentence as the annotation records it: markup and leading markers removed."""
    text = MARKUP_RE.sub("", raw).strip()
    text = LEAD_MARKER_RE.sub("", text).strip()
    return " ".join(cell.strip() for cell in text.split(" | ")) if " | " in text else text


def parse_source(path: Path) -> Source:
    blocks: list[Block] = []
    regions: list[str] = []
    in_table = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path.name}:{number}"
        line = line.rstrip()
        if not line:
            continue
        if line.startswith("@article "):
            regions.append(line.removeprefix("@article ").strip())
            continue
        if not regions:
            raise SystemExit(f"{where}: the source must start with an @article line")
        article = len(regions) - 1
        if line == "@table":
            in_table = True
            continue
        if line == "@endtable":
            in_table = False
            continue
        if line == "<PB>":
            blocks.append(Block("pagebreak", article))
            continue
        parts = TAG_RE.split(line)
        if parts[-1].strip():
            raise SystemExit(f"{where}: text after the last tag: {parts[-1]!r}")
        block = Block("table" if in_table else "para", article)
        for i in range(0, len(parts) - 1, 2):
            raw, tag = parts[i], parse_tag(parts[i + 1], where)
            text = clean_sentence(raw)
            last = i + 2 >= len(parts) - 1
            if not text:
                raise SystemExit(f"{where}: empty sentence before tag {{{parts[i + 1]}}}")
            if INNER_END_RE.search(text):
                raise SystemExit(f"{where}: sentence holds an inner sentence end, split it: {text}")
            if not last and not END_RE.search(text):
                raise SystemExit(f"{where}: a sentence inside a line must end with 。！？；: {text}")
            region = tag.region or regions[article]
            block.sentences.append(Sentence(raw, tag, article, region, number))
        blocks.append(block)
    return Source(path.stem, blocks, regions)


# ------------------------------------------------------------------------------------------------
# Quantities

_DATE_RE = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|〔\d{4}〕\d+号|第\d+")
_QTY_RE = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|[xX*＊]+)"
    r"(?:(?:至|到|-|--|～|~)(?:\d+(?:\.\d+)?|[xX*＊]+))?"
    r"(?:余|多)?(?P<mult>万|亿)?(?:余|多)?"
    r"(?P<unit>元|%|人次|场次|人|名|个工作日|工作日|个月|个季度|个百分点|个课时|个|套|期|次|对|天|日|年|月|倍|岁|项|场|"
    r"批|家|户|间|份|种|条|课时|学时|小时|周|季度)"
)
_UNIT_ALIASES = {
    "个月": "月",
    "个季度": "季度",
    "个工作日": "工作日",
    "个百分点": "百分点",
    "个课时": "课时",
    "日": "天",
}
_CLAUSE_SPLIT_RE = re.compile(r"[，。；：,;:]")
_NO_BASIS = {"%", "百分点", "岁", "倍"}
_DURATIONS = {
    "小时": 0,
    "课时": 0,
    "学时": 0,
    "天": 1,
    "工作日": 1,
    "周": 2,
    "月": 3,
    "季度": 4,
    "半年": 5,
    "年": 6,
}
_MONEY_ONLY_BASES = {"年度"}
# basis word -> (per person, time basis)
_BASES = {
    "年人均": (True, "年"), "月人均": (True, "月"), "人均": (True, None), "每人": (True, None),
    "每名": (True, None), "每位": (True, None), "每年度": (False, "年"), "每年": (False, "年"),
    "年均": (False, "年"), "年度": (False, "年"), "每月": (False, "月"), "月均": (False, "月"),
    "每季度": (False, "季度"), "每半年": (False, "半年"), "每周": (False, "周"), "每天": (False, "天"),
    "每日": (False, "天"),
}  # fmt: skip
_BASIS_RE = re.compile("|".join(sorted(_BASES, key=len, reverse=True)))


_FREQUENCY = {"次"}
_PER_CAPITA = {"人均", "年人均", "月人均"}
_LENGTH_BEFORE_RE = re.compile(r"(?:为期|历时|期限为?|长达|时长)\s*$")


def _rate_basis(prefix: str, unit: str) -> str:
    """``/人``, ``/年``, ``/人/月`` … from the basis words of the clause before the amount (last one wins).

    The convention of policytext.quantities: money takes a per-person and a time basis; a frequency (次) and a
    duration a time basis (not a length: 为期7天); a count of people or things none, except per capita (人均一套).
    """
    if unit in _NO_BASIS:
        return ""
    money, frequency, duration = unit == "元", unit in _FREQUENCY, unit in _DURATIONS
    if duration and _LENGTH_BEFORE_RE.search(prefix):
        return ""
    person, period = False, ""
    for m in _BASIS_RE.finditer(prefix):
        is_person, basis = _BASES[m.group()]
        if is_person and (money or (m.group() in _PER_CAPITA and not frequency and not duration)):
            person = True
        if not basis or (m.group() in _MONEY_ONLY_BASES and unit != "元"):
            continue
        if not (money or frequency or duration):
            continue
        if unit in _DURATIONS and _DURATIONS[unit] >= _DURATIONS[basis]:
            continue  # 每年……2年 is a length, not a rate
        period = basis
    return ("/人" if person else "") + (f"/{period}" if period else "")


def propose_quantities(text: str) -> list[dict[str, object]]:
    """Amounts written with digits or redactions, in base units with their rate basis.

    Amounts in Chinese numerals (``每年一次``, ``近三年``) are given explicitly in the sources.

    Examples:
        >>> propose_quantities("体检经费每人每年不低于800元，补助1.2万元")
        [{'value': 800, 'unit': '元/人/年'}, {'value': 12000, 'unit': '元'}]
    """
    masked = _DATE_RE.sub(lambda m: "#" * len(m.group()), text)
    out: list[dict[str, object]] = []
    for m in _QTY_RE.finditer(masked):
        raw_num, unit = m.group("num"), m.group("unit")
        if unit == "年" and re.fullmatch(r"(?:19|20)\d{2}", raw_num):
            continue
        value: float | None
        if raw_num[0] in "xX*＊":
            value = None
        else:
            value = float(raw_num) * {"万": 1e4, "亿": 1e8}.get(m.group("mult") or "", 1)
        unit = _UNIT_ALIASES.get(unit, unit)
        clause_start = max((c.end() for c in _CLAUSE_SPLIT_RE.finditer(masked, 0, m.start())), default=0)
        unit += _rate_basis(masked[clause_start : m.start()], unit)
        if value is not None and float(value).is_integer():
            value = int(value)
        out.append({"value": value, "unit": unit})
    return out


# ------------------------------------------------------------------------------------------------
# Annotations


@dataclass(frozen=True)
class DocSpec:
    doc_id: str
    file: str
    title: str
    region: str
    province: str
    genre: str
    source_kind: str
    format: str
    encoding: str
    variant: str  # simplified | traditional
    note: str
    writer: Callable[[Source, Path], None]
    to_traditional: str | None = None  # OpenCC config used to write the traditional text


_converters: dict[str, opencc.OpenCC] = {}


# Taiwan words put into the Hong Kong-character roundup; OpenCC t2s keeps their meaning (资讯, 网路).
_TW_WORDS = {"信息": "資訊", "网络": "網路"}


def convert(text: str, config: str) -> str:
    """OpenCC conversion; ``s2hk+tw`` is s2hk plus a few Taiwan words.

    (s2twp would rewrite 文件 as 檔案 and 项目 as 專案, which changes the meaning.)
    """
    if config == "s2hk+tw":
        for i, word in enumerate(_TW_WORDS):
            text = text.replace(word, chr(0xE000 + i))
        text = convert(text, "s2hk")
        for i, word in enumerate(_TW_WORDS.values()):
            text = text.replace(chr(0xE000 + i), word)
        return text
    if config not in _converters:
        _converters[config] = opencc.OpenCC(config)
    return _converters[config].convert(text)


def annotation_records(spec: DocSpec, source: Source) -> list[dict[str, object]]:
    records = []
    for s in source.sentences():
        text = clean_sentence(s.raw)
        if spec.to_traditional:
            # What a reader sees after t2s normalization of the traditional text we wrote.
            text = convert(convert(text, spec.to_traditional), "t2s")
        quantities = s.tag.quantities if s.tag.quantities is not None else propose_quantities(text)
        records.append(
            {
                "doc": spec.doc_id,
                "article": s.article,
                "text": text,
                "measure": s.tag.measure,
                "labels": s.tag.labels,
                "region": s.region,
                "quantities": quantities,
            }
        )
    return records


def extra_records(path: Path) -> list[dict[str, object]]:
    source = parse_source(path)
    records = []
    for s in source.sentences():
        text = clean_sentence(s.raw)
        record: dict[str, object] = {
            "doc": "extra",
            "article": 0,
            "text": text,
            "measure": s.tag.measure,
            "labels": s.tag.labels,
        }
        if s.tag.region:
            record["region"] = s.tag.region
        record["quantities"] = s.tag.quantities if s.tag.quantities is not None else propose_quantities(text)
        records.append(record)
    return records


# ------------------------------------------------------------------------------------------------
# Writers: one per kind of file


def _plain(block: Block) -> str:
    return MARKUP_RE.sub("", block.raw) if block.kind != "table" else block.raw


def _is_heading(block: Block) -> bool:
    text = clean_sentence(block.raw)
    return len(block.sentences) == 1 and not END_RE.search(text)


def _para_lines(source: Source, *, keep_bold: bool = False, indent: str = "") -> list[str]:
    lines = []
    for block in source.blocks:
        if block.kind == "pagebreak":
            lines.append("\f")
            continue
        text = block.raw.replace("<PB>", "").replace("<BR>", "")
        if not keep_bold:
            text = text.replace("**", "")
        if block.kind == "table":
            text = "\t".join(cell.strip() for cell in text.split(" | "))
        lines.append(text if _is_heading(block) else indent + text)
    return lines


def write_text(
    encoding: str,
    *,
    indent: str = "　　",
    newline: str = "\n",
    blank: bool = False,
    transform: Callable[[str], str] | None = None,
) -> Callable[[Source, Path], None]:
    def writer(source: Source, path: Path) -> None:
        lines = [ln for ln in _para_lines(source, indent=indent) if ln != "\f"]
        text = ("\n\n" if blank else "\n").join(lines) + "\n"
        if transform:
            text = transform(text)
        data = text.replace("\n", newline).encode(encoding)
        path.write_bytes(data)

    return writer


def write_markdown(source: Source, path: Path) -> None:
    lines = _para_lines(source, keep_bold=True)
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")


_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _gb18030_garble(text: str) -> str:
    # Word processors on older Windows systems often typed numbers full-width; do it in every other paragraph.
    paras = text.split("\n")
    return "\n".join(p.translate(_FULLWIDTH_DIGITS) if i % 2 else p for i, p in enumerate(paras))


def _web_residue(text: str) -> str:
    """Damage a clean text the way copy-paste from a news site does."""
    out = []
    paras = [p for p in text.split("\n") if p]
    for i, para in enumerate(paras):
        para = para.strip("　")
        if i % 4 == 0 and len(para) > 20:
            # zero-width spaces every 7 characters, as an anti-copy script leaves them (never inside entities)
            para = "\u200b".join(para[j : j + 7] for j in range(0, len(para), 7))
        if i % 3 == 1:
            para = para.replace("，", ",").replace("：", ":").replace("；", ";")
        if i % 3 == 2:
            para = para.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("（", "(").replace("）", ")")
        para = "&nbsp;&nbsp;&nbsp;&nbsp;" + para if i > 1 else para
        if i == 4:
            para = "##paidbegin##" + para
        out.append(para)
    out.append("##paidend##")
    return "\r\n".join(out) + "\r\n"


def write_web_residue(source: Source, path: Path) -> None:
    lines = [ln for ln in _para_lines(source, indent="") if ln != "\f"]
    path.write_bytes(_web_residue("\n".join(lines)).encode("utf-8"))


def write_big5(source: Source, path: Path) -> None:
    lines = [convert(ln, "s2tw") for ln in _para_lines(source, indent="　　") if ln != "\f"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("big5"))


def write_newsletter(source: Source, path: Path) -> None:
    """A newsletter as text extracted from its PDF: page numbers, form feeds, titles broken across lines."""
    page = 1
    out: list[str] = []
    for block in source.blocks:
        if block.kind == "pagebreak":
            page += 1
            out.append(f"\n— {page - 1} —\n\f")
            continue
        text = block.raw.replace("<BR>", "\n")
        while "<PB>" in text:
            page += 1
            text = text.replace("<PB>", f"\n\n— {page - 1} —\n\f\n", 1)
        out.append(text)
    out.append(f"\n— {page} —\n")
    path.write_text("\n\n".join(out), encoding="utf-8")


def write_briefing(source: Source, path: Path) -> None:
    lines = []
    for block in source.blocks:
        text = block.raw.replace("<BR>", "").replace("<PB>", "")
        lines.append(text if _is_heading(block) or text.startswith(("△", "**")) else "　　" + text)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


# --- docx --------------------------------------------------------------------------------------


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so that the build is reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2023, 3, 15, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return buf.getvalue()


def write_docx(source: Source, path: Path) -> None:
    from docx import Document as DocxDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = DocxDocument()
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    props = doc.core_properties
    props.title = "关于进一步关心关爱基层干部激励担当作为的若干措施"
    props.author = "金寨县委办公室"
    props.created = props.modified = dt.datetime(2023, 3, 15, 9, 0, 0)
    props.last_modified_by = "金寨县委办公室"
    props.revision = 1

    blocks = source.blocks
    table_rows = [b for b in blocks if b.kind == "table"]
    first_table = True
    for index, block in enumerate(blocks):
        if block.kind == "table":
            if first_table:
                first_table = False
                cells = [[c.strip() for c in r.raw.split(" | ")] for r in table_rows]
                table = doc.add_table(rows=len(cells), cols=len(cells[0]))
                table.style = "Table Grid"
                for r, row in enumerate(cells):
                    for c, value in enumerate(row):
                        run = table.cell(r, c).paragraphs[0].add_run(value)
                        run.bold = r == 0
            continue
        if block.kind == "pagebreak":
            continue
        para = doc.add_paragraph()
        text = block.raw
        if index < 3:  # issuing bodies, document number, title: centred as on the red-header page
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif not _is_heading(block) and not text.startswith("**"):
            para.paragraph_format.first_line_indent = Pt(28)
        for i, piece in enumerate(text.split("**")):
            if piece:
                run = para.add_run(piece)
                run.bold = i % 2 == 1 or index == 2
                if index == 2:
                    run.font.size = Pt(18)
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue()))


# --- pdf ---------------------------------------------------------------------------------------


def write_pdf(source: Source, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    width, height = A4
    left, right, top, bottom = 72, 72, 90, 80
    usable = width - left - right
    size, leading = 13, 22
    header = "陇西县激励干部担当作为实施意见"

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle("关于进一步激励干部担当作为营造干事创业良好环境的实施意见")
    c.setAuthor("中共陇西县委办公室")
    page = 1
    y = height - top

    def furniture() -> None:
        if page > 1:
            c.setFont(font, 9)
            c.drawCentredString(width / 2, height - 50, header)
            c.line(left, height - 56, width - right, height - 56)
        c.setFont(font, 11)
        c.drawCentredString(width / 2, 40, f"— {page} —")

    def new_page() -> None:
        nonlocal page, y
        furniture()
        c.showPage()
        page += 1
        y = height - top

    def wrap(text: str, font_size: float, first_indent: float) -> list[tuple[str, float]]:
        lines, current, indent = [], "", first_indent
        for ch in text:
            if pdfmetrics.stringWidth(current + ch, font, font_size) > usable - indent:
                lines.append((current, indent))
                current, indent = "", 0.0
            current += ch
        if current:
            lines.append((current, indent))
        return lines

    for index, block in enumerate(source.blocks):
        if block.kind != "para":
            continue
        text = _plain(block)
        if index == 0:  # red header
            c.setFont(font, 24)
            c.setFillColorRGB(0.8, 0, 0)
            c.drawCentredString(width / 2, y, text)
            c.setFillColorRGB(0, 0, 0)
            y -= 40
            continue
        if index in (1, 3):  # document number, date
            c.setFont(font, size)
            c.drawCentredString(width / 2, y, text)
            y -= leading * 1.5
            continue
        if index == 2:  # title, centred, wrapped
            for line, _ in wrap(text, 17, 0):
                c.setFont(font, 17)
                c.drawCentredString(width / 2, y, line)
                y -= 28
            y -= 8
            continue
        heading = _is_heading(block)
        indent = 0.0 if heading and not text.startswith("（") else 2 * size
        for line, line_indent in wrap(text, size, indent):
            if y < bottom:
                new_page()
            c.setFont(font, size)
            c.drawString(left + line_indent, y, line)
            y -= leading
    furniture()
    c.showPage()
    c.save()


# --- html --------------------------------------------------------------------------------------

# Toneless pinyin, as the glossing plug-in of some portals writes it after characters (traditional forms).
_PINYIN_TABLE = (
    "擔:dan 當:dang 黨:dang 幹:gan 部:bu 關:guan 愛:ai 心:xin 激:ji 勵:li "
    "作:zuo 為:wei 工:gong 各:ge 地:di 鄉:xiang 鎮:zhen 健:jian 康:kang "
    "體:ti 檢:jian 休:xiu 假:jia 選:xuan 拔:ba 任:ren 用:yong 職:zhi 級:ji "
    "晉:jin 升:sheng 容:rong 錯:cuo 糾:jiu 澄:cheng 清:qing 正:zheng "
    "名:ming 組:zu 織:zhi 培:pei 訓:xun 掛:gua 鍛:duan 煉:lian 提:ti "
    "重:zhong 理:li 慰:wei 問:wen 補:bu 貼:tie 住:zhu 房:fang 減:jian 負:fu "
    "考:kao 核:he 表:biao 彰:zhang 獎:jiang 的:de 和:he 在:zai 是:shi 不:bu "
    "有:you 之:zhi 年:nian 人:ren 中:zhong 大:da 上:shang 對:dui 以:yi "
    "要:yao 新:xin 高:gao 基:ji 層:ceng 實:shi 發:fa 展:zhan 生:sheng "
    "活:huo 家:jia 庭:ting 困:kun 難:nan 醫:yi 療:liao 保:bao 障:zhang "
    "制:zhi 度:du 機:ji 建:jian 設:she 省:sheng 市:shi 縣:xian 全:quan "
    "面:mian 強:qiang 化:hua 推:tui 動:dong 落:luo 開:kai 持:chi 堅:jian "
    "注:zhu 精:jing 神:shen 導:dao 向:xiang 措:cuo 施:shi 政:zheng 策:ce "
    "溫:wen 暖:nuan 服:fu 務:wu 規:gui 定:ding 常:chang 態:tai 積:ji 極:ji "
    "深:shen 入:ru 引:yin 領:ling 成:cheng 長:chang 等:deng 及:ji 從:cong "
    "把:ba 將:jiang 了:le 後:hou 顧:gu 憂:you 榮:rong 譽:yu 感:gan 線:xian "
    "干:gan 事:shi 業:ye"
)
PINYIN = dict(item.split(":") for item in _PINYIN_TABLE.split())


def _stable(value: str) -> int:
    return int(hashlib.sha1(value.encode("utf-8")).hexdigest()[:8], 16)


def gloss_pinyin(text: str, paragraph: int) -> str:
    """Insert ``(pinyin)`` after some characters; a character seen n times gets its gloss up to 3 times."""
    chosen = {ch for ch in set(text) if ch in PINYIN and (_stable(ch) + paragraph) % 3 == 0}
    repeat = paragraph % 2 == 0
    out = []
    for ch in text:
        out.append(ch)
        if ch in chosen:
            times = min(text.count(ch), 3) if repeat else 1
            out.append(f"({PINYIN[ch]})" * times)
    return "".join(out)


HTML_VARIANT = "s2hk+tw"


def write_html(source: Source, path: Path) -> None:
    import html as htmlmod

    paras = [b for b in source.blocks if b.kind == "para"]
    title = convert(_plain(paras[0]), HTML_VARIANT)
    subtitle = convert(_plain(paras[1]), HTML_VARIANT)
    meta = convert(_plain(paras[2]), HTML_VARIANT)
    ruby_title = htmlmod.escape(title).replace("擔", "<ruby>擔<rp>(</rp><rt>dān</rt><rp>)</rp></ruby>", 1)
    body = []
    for i, block in enumerate(paras[3:]):
        text = convert(_plain(block), HTML_VARIANT)
        if _is_heading(block):
            body.append(f"<h3>{htmlmod.escape(text)}</h3>")
            continue
        text = text.replace("，", ",").replace("；", ";")
        text = htmlmod.escape(gloss_pinyin(text, i), quote=False)
        body.append(f"<p>{text}</p>")
    page = f"""<!DOCTYPE html>
<html lang="zh-Hant-HK">
<head>
<meta charset="utf-8">
<title>{htmlmod.escape(title)}_先鋒學習網</title>
<meta name="keywords" content="幹部,擔當作為,關心關愛">
<link rel="stylesheet" href="/static/css/article.css">
<script>
  var _hmt = _hmt || [];
  window.siteName = "先鋒學習網";
  function toggleFont(size) {{ document.getElementById("content").style.fontSize = size + "px"; }}
</script>
</head>
<body>
<header class="top"><a href="/" class="logo">先鋒學習網</a></header>
<nav class="menu">
  <ul>
    <li><a href="/">首頁</a></li>
    <li><a href="/news/">要聞動態</a></li>
    <li><a href="/cadre/">幹部工作</a></li>
    <li><a href="/study/">學習園地</a></li>
    <li><a href="/contact/">聯絡我們</a></li>
  </ul>
</nav>
<div class="crumb">目前位置：<a href="/">首頁</a> &gt; <a href="/cadre/">幹部工作</a> &gt; 正文</div>
<article id="content">
<h1>{ruby_title}</h1>
<h2>{htmlmod.escape(subtitle)}</h2>
<div class="info">{htmlmod.escape(meta)}</div>
{chr(10).join(body)}
</article>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a>
<a href="javascript:window.print()">列印本頁</a></div>
<footer>
  <p>版權所有：先鋒學習網　未經授權禁止複製或建立鏡像</p>
  <p>聯絡電話：010-xxxxxxxx　網站地圖　隱私權政策</p>
</footer>
<script>document.write("<span>訪問量統計</span>");</script>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")


def write_html_gov(source: Source, path: Path) -> None:
    """A county government news page in simplified Chinese: nav menu, breadcrumb, styled spans, footer."""
    import html as htmlmod

    paras = [b for b in source.blocks if b.kind == "para"]
    title, meta = _plain(paras[0]), _plain(paras[1])
    body = []
    for i, block in enumerate(paras[2:]):
        text = htmlmod.escape(_plain(block), quote=False)
        if _is_heading(block):
            body.append(f'<p style="text-align:center"><strong>{text}</strong></p>')
        elif i % 3 == 0:
            body.append(f'<p style="text-indent:2em">&nbsp;<span style="font-family:仿宋_GB2312">{text}</span></p>')
        else:
            body.append(f"<p>&nbsp;&nbsp;{text}</p>")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{htmlmod.escape(title)}-围场满族蒙古族自治县人民政府</title>
<script type="text/javascript">
  var pageTitle = "{htmlmod.escape(title)}";
  function setFont(s) {{ document.getElementById("zoom").style.fontSize = s + "px"; }}
</script>
<style>.nav li {{ float: left; }}</style>
</head>
<body>
<div class="nav"><ul>
<li><a href="/">网站首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/xwzx/">新闻中心</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li>
</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt;&gt;
<a href="/xwzx/">新闻中心</a> &gt;&gt; 部门动态</div>
<div class="article">
<h1>{htmlmod.escape(title)}</h1>
<div class="info">{htmlmod.escape(meta)}</div>
<div id="zoom">
{chr(10).join(body)}
</div>
</div>
<div class="footer">
<p>主办单位：围场满族蒙古族自治县人民政府办公室　　网站标识码：xxxxxxxxxx</p>
<p>冀ICP备xxxxxxxx号　　技术支持：xxxx网络科技有限公司</p>
</div>
</body>
</html>
"""
    path.write_text(page, encoding="utf-8")


# ------------------------------------------------------------------------------------------------
# The corpus

DOCS: list[DocSpec] = [
    DocSpec(
        "jinzhai_measures",
        "01_jinzhai_measures.docx",
        "关于进一步关心关爱基层干部激励担当作为的若干措施",
        "金寨县",
        "安徽省",
        "意见",
        "official_document",
        "docx",
        "",
        "simplified",
        "county 若干措施 with document number, numbered articles, amounts, contact line and an attached "
        "table of amounts; headings as bold runs",
        write_docx,
    ),
    DocSpec(
        "longxi_opinion",
        "02_longxi_opinion.pdf",
        "关于进一步激励干部担当作为营造干事创业良好环境的实施意见",
        "陇西县",
        "甘肃省",
        "意见",
        "pdf_extraction",
        "pdf",
        "",
        "simplified",
        "county 实施意见 on fault tolerance, clarification, disciplined reuse; reportlab PDF (STSong-Light), "
        "several pages, running header and page numbers, lines wrapped at the page width",
        write_pdf,
    ),
    DocSpec(
        "suining_measures",
        "03_suining_health_measures.txt",
        "关于关心关爱基层干部身心健康的十条措施",
        "遂宁市",
        "四川省",
        "意见",
        "official_document",
        "txt",
        "utf-8",
        "simplified",
        "city-level 十条措施 (health, leave, family, culture, burden reduction)",
        write_text("utf-8"),
    ),
    DocSpec(
        "chaling_report",
        "04_chaling_report.md",
        "茶陵县：“三关三暖”做实干部关心关爱工作",
        "茶陵县",
        "湖南省",
        "工作汇报",
        "work_report",
        "md",
        "utf-8",
        "simplified",
        "经验材料 in Markdown: # headings, bold 一是 leads, a quotation, results statistics",
        write_markdown,
    ),
    DocSpec(
        "suichang_report",
        "05_suichang_report_utf16.txt",
        "遂昌县关于激励干部担当作为工作情况的汇报",
        "遂昌县",
        "浙江省",
        "工作汇报",
        "work_report",
        "txt",
        "utf-16",
        "simplified",
        "work report with 一、（一） and 一是 headings; UTF-16 little-endian with BOM",
        write_text("utf-16"),
    ),
    DocSpec(
        "leishan_report_web",
        "06_leishan_report_web.txt",
        "雷山县：多措并举关心关爱乡镇干部 激发担当作为内生动力",
        "雷山县",
        "贵州省",
        "工作汇报",
        "web_page",
        "txt",
        "utf-8",
        "simplified",
        "report copied from a web page: ##paidbegin## markers, &nbsp; and entities, zero-width spaces, ASCII "
        "punctuation next to Chinese, CRLF",
        write_web_residue,
    ),
    DocSpec(
        "laiyuan_report",
        "07_laiyuan_report_gb18030.txt",
        "涞源县激励干部担当作为工作情况汇报",
        "涞源县",
        "河北省",
        "工作汇报",
        "work_report",
        "txt",
        "gb18030",
        "simplified",
        "work report with quotation and rhetoric; GB18030, CRLF, full-width digits in every other paragraph",
        write_text("gb18030", newline="\r\n", transform=_gb18030_garble),
    ),
    DocSpec(
        "lancang_report",
        "08_lancang_report_big5.txt",
        "澜沧县：用心用情关爱边疆基层干部",
        "澜沧拉祜族自治县",
        "云南省",
        "工作汇报",
        "work_report",
        "txt",
        "big5",
        "traditional",
        "report reposted in traditional characters (OpenCC s2tw), Big5, CRLF",
        write_big5,
        to_traditional="s2tw",
    ),
    DocSpec(
        "menyuan_report",
        "09_menyuan_report.txt",
        "门源县聚焦高原干部身心健康 做实关心关爱工作的经验材料",
        "门源回族自治县",
        "青海省",
        "工作汇报",
        "work_report",
        "txt",
        "utf-8",
        "simplified",
        "经验材料 on health at high altitude (checkups, leave, mental health)",
        write_text("utf-8", blank=True),
    ),
    DocSpec(
        "luan_newsletter",
        "10_luan_newsletter.txt",
        "六安组工信息 第8期",
        "六安市",
        "安徽省",
        "简报",
        "newsletter",
        "txt",
        "utf-8",
        "simplified",
        "组工信息 as extracted from its PDF: contents with dot leaders and titles broken across lines, △ "
        "items with **bold** leads and sign-offs, a 市外参考 item (吉安市, 江西), page numbers and "
        "form feeds (one inside a sentence), 报/送/发 distribution list",
        write_newsletter,
    ),
    DocSpec(
        "roundup_tw",
        "11_roundup_tw.html",
        "让广大干部在新征程上敢于担当、乐于作为",
        "全国",
        "",
        "综述",
        "roundup",
        "html",
        "utf-8",
        "traditional",
        "national roundup citing 52 provinces and cities sentence by sentence; web page in traditional "
        "Chinese with Hong Kong character variants (OpenCC s2hk: 脱, 着, 啓) and the Taiwan words 資訊/網路, "
        "toneless pinyin after characters, a <ruby> reading, ASCII commas, scripts, nav menu and footer",
        write_html,
        to_traditional=HTML_VARIANT,
    ),
    DocSpec(
        "compilation_anon",
        "12_compilation_anon.txt",
        "关心关爱干部工作经验汇编",
        "x县、x市x县、*县、某县",
        "",
        "汇编",
        "compilation",
        "txt",
        "utf-8",
        "simplified",
        "six short anonymized county reports titled （1）…（6） (x县, x市x县, *县, 某县) with redacted "
        "amounts (人均x元, x名, x--x%)",
        write_text("utf-8", indent=""),
    ),
    DocSpec(
        "anon_county_report",
        "13_anon_county_report.txt",
        "某县关心关爱基层干部工作情况汇报",
        "某县",
        "",
        "工作汇报",
        "work_report",
        "txt",
        "utf-8",
        "simplified",
        "anonymized 情况汇报 with 一、（一） and 一是 headings, tiered 乡镇津贴, problems and next steps",
        write_text("utf-8"),
    ),
    DocSpec(
        "anyuan_measures",
        "14_anyuan_measures.txt",
        "关于激励干部新时代新担当新作为的十二条措施",
        "安远县",
        "江西省",
        "意见",
        "official_document",
        "txt",
        "utf-8",
        "simplified",
        "county 十二条措施 (ideological guidance, appraisal, awards, disciplined reuse)",
        write_text("utf-8"),
    ),
    DocSpec(
        "bijie_briefing",
        "15_bijie_briefing.txt",
        "干部工作简报 第3期",
        "毕节市",
        "贵州省",
        "简报",
        "newsletter",
        "txt",
        "utf-8",
        "simplified",
        "工作简报 with a contents block, three county items and a 市外参考 item (湖州市, 浙江), CRLF",
        write_briefing,
    ),
    DocSpec(
        "pingjiang_measures",
        "16_pingjiang_measures.txt",
        "关于激励乡镇干部担当作为的二十条措施",
        "平江县",
        "湖南省",
        "意见",
        "official_document",
        "txt",
        "utf-8-sig",
        "simplified",
        "二十条措施 from a county organization department, grouped articles with counts （6条）; UTF-8 with BOM",
        write_text("utf-8-sig"),
    ),
    DocSpec(
        "weichang_measures",
        "17_weichang_measures.html",
        "围场县出台十五条措施关心关爱基层干部",
        "围场满族蒙古族自治县",
        "河北省",
        "意见",
        "web_page",
        "html",
        "utf-8",
        "simplified",
        "county government news page summarising a 十五条措施 document, plus a related item; nav menu, "
        "breadcrumb, inline styles, &nbsp; indents, script and footer",
        write_html_gov,
    ),
]

MANIFEST_FIELDS = [
    "id",
    "file",
    "title",
    "region",
    "province",
    "genre",
    "source_kind",
    "format",
    "encoding",
    "language_variant",
    "note",
]


def main() -> int:
    DOCUMENTS.mkdir(parents=True, exist_ok=True)
    ANNOTATIONS.mkdir(parents=True, exist_ok=True)
    all_records: list[dict[str, object]] = []
    for spec in DOCS:
        source = parse_source(SOURCES / f"{spec.doc_id}.txt")
        spec.writer(source, DOCUMENTS / spec.file)
        records = annotation_records(spec, source)
        all_records.extend(records)
        print(f"{spec.file:34} {len(records):4} sentences", file=sys.stderr)
    with (ANNOTATIONS / "corpus.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for record in all_records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    extra = extra_records(SOURCES / "extra.txt")
    with (ANNOTATIONS / "extra.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for record in extra:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    with (CORPUS / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(MANIFEST_FIELDS)
        for spec in DOCS:
            # the title as the document writes it (traditional documents: converted like their text)
            title = convert(spec.title, spec.to_traditional) if spec.to_traditional else spec.title
            writer.writerow(
                [
                    spec.doc_id,
                    f"{DOCUMENTS.name}/{spec.file}",
                    title,
                    spec.region,
                    spec.province,
                    spec.genre,
                    spec.source_kind,
                    spec.format,
                    spec.encoding,
                    spec.variant,
                    spec.note,
                ]
            )
    print(f"{len(all_records)} corpus sentences, {len(extra)} extra sentences", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
