"""Read input files into :class:`~policytext.model.Document`: the only step that touches the file system.

The suffix chooses the format (:data:`SUPPORTED_SUFFIXES`). Text and Markdown are decoded with encoding
detection (:func:`decode_text`); HTML gives its main text, DOCX its paragraphs and tables in body order,
PDF its text layer with a form feed (``"\\f"``) between pages. All give lines separated by ``"\\n"``
(``\\r\\n`` and ``\\r`` are converted), keep one blank line where the source separates blocks with one, and
render bold runs as Markdown ``**…**`` inside the line; the normalizer strips the asterisks and records the
emphasized spans.

Every failure is an :class:`~policytext.errors.InputError` whose message names the file, the problem and the
fix; no exception of chardet, BeautifulSoup, python-docx or pdfminer.six escapes raw.

Encoding detection, in order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides, if the strict decode it calls for succeeds;
2. valid UTF-8 with at least four non-ASCII characters, none of them betraying an accident, is UTF-8;
3. otherwise every strict decode that succeeds among a declared charset (HTML ``<meta charset>``: a hint),
   UTF-8, GB18030 (for GB2312 and GBK too) and Big5 (``big5``, else ``cp950``, else ``big5hkscs``) is scored
   with :func:`policytext.charstats.plausibility`, and the most plausible reading wins: GBK bytes often decode
   "successfully" as Big5 and the other way round. Within a hair of each other, the declared charset wins, or
   else chardet restricted to the tied codecs decides;
4. when nothing decodes, or only as mojibake, UTF-16 without a byte-order mark and chardet's own guesses join,
   each kept only if it reads as plausible Chinese (or, for chardet, if chardet is confident).

Examples:
    >>> doc = read_bytes("关于关心关爱基层干部的通知".encode("gb18030"), name="通知.txt")
    >>> doc.text, doc.encoding, doc.format
    ('关于关心关爱基层干部的通知', 'gb18030', 'txt')
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policytext.charstats import plausibility
from policytext.errors import InputError
from policytext.model import Document

if TYPE_CHECKING:  # pragma: no cover
    from bs4 import Tag

__all__ = ["SUPPORTED_SUFFIXES", "decode_text", "find_documents", "read_bytes", "read_document"]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".docx", ".pdf"})
"""File suffixes :func:`read_document` reads (compared case-insensitively)."""

_FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

# What to tell the user about formats we do not read. WPS (.wps/.et) and OFD files are common on Chinese
# government sites; CAJ comes from CNKI.
_SAVE_AS = "save it as .docx, .pdf or .txt"
_OCR = "run OCR on the image and save the text as .txt"
_SHEET = "copy its text into a .docx or .txt file"


def unsupported_reason(suffix: str) -> str:
    """Why a file of this suffix is not read, and what to do (one line).

    Examples:
        >>> unsupported_reason(".doc")
        'unsupported format .doc; save it as .docx, .pdf or .txt'
    """
    suffix = suffix.lower()
    return f"unsupported format {suffix or '(no suffix)'}; {_UNSUPPORTED_ADVICE.get(suffix, _SAVE_AS)}"


_UNSUPPORTED_ADVICE: dict[str, str] = {
    ".ofd": "convert it to .pdf (an OFD reader can print to PDF)",
    ".caj": "convert it to .pdf with CAJViewer",
    ".mht": "open it in a browser and save it as .html",
    ".mhtml": "open it in a browser and save it as .html",
    ".xls": _SHEET,
    ".xlsx": _SHEET,
    ".et": _SHEET,
    ".csv": _SHEET,
    ".ppt": "export it to .pdf",
    ".pptx": "export it to .pdf",
    ".zip": "extract the archive first",
    ".rar": "extract the archive first",
    ".7z": "extract the archive first",
    ".jpg": _OCR,
    ".jpeg": _OCR,
    ".png": _OCR,
    ".tif": _OCR,
    ".tiff": _OCR,
}

# ------------------------------------------------------------------------------------------------------------
# encoding detection

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BIG5_FAMILY: tuple[str, ...] = ("big5", "cp950", "big5hkscs")
# Labels browsers (WHATWG Encoding Standard) decode as GBK or Big5. Pages labelled gb2312 often hold GBK-only
# characters, so a GB label means GB18030, the superset.
_GB_LABELS = frozenset(
    {"gb2312", "gb_2312", "gb_2312-80", "gbk", "x-gbk", "cp936", "ms936", "chinese", "csgb2312", "iso-ir-58"}
    | {"gb18030", "euc-cn", "euccn"}
)
_BIG5_LABELS = frozenset({"big5", "big-5", "big5-hkscs", "big5hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950"})
_UTF16_LABELS = frozenset({"utf-16", "utf-16le", "utf-16be", "utf16", "ucs-2", "unicode"})
# Characters that betray a wrong reading of Chinese bytes: C0/C1 controls (tab, newlines, form feed excepted),
# combining marks, Armenian to Greek Extended (Hebrew, Arabic: GBK read as UTF-8), kana (GB2312 rows 4-5: Big5
# read as GBK), Yi and the blocks after it, Hangul, half-width forms, specials, non-CJK supplementary planes.
_ODD = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u0300-\u036f\u0530-\u1fff\u3040-\u30fa\u30fc-\u30ff\ua000-\uabff"
    "\uac00-\ud7ff\uff61-\uffdc\ufff0-\ufffc\U00010000-\U0001ffff\U00040000-\U0010ffff]"
)
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# A reading is scored on its Chinese characters (plausibility) and, as garbage, on everything that is neither
# Chinese, ASCII, nor the punctuation Chinese is written with. Symbols (①, ★, ℃, Greek, bopomofo) do occur in
# policy text, but sparsely; in a wrong reading they stand for whole characters.
_UNEXPECTED = re.compile(
    "[^\t\n\r\f\v\x20-\x7e\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
    "\u3000-\u3002\u3008-\u3011\u3014-\u3017\u2010-\u2027\u2030\u30fb\uff01-\uff5e\uffe0-\uffe5]"
)
# Valid UTF-8 with this many non-ASCII characters is UTF-8 without scoring. Of 20,000 GB18030 and Big5
# snippets of seed text with k non-ASCII characters, 14.6% (k=1), 1.6% (2), 0.2% (3), 0.005% (4) and none
# from 5 up were valid UTF-8, and such accidents read as Hebrew, Arabic or combining marks (同志 in GB18030
# is ``ͬ־`` in UTF-8), which _ODD rejects. Scoring gets Latin letters wrong: plausibility() counts the é of
# Café as mojibake, while GB18030 reads those bytes as 茅.
_UTF8_SURE = 4
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SCORE_SAMPLE = 20_000  # characters scored per reading: plenty to tell readings apart, cheap on big files
_MOJIBAKE = -6.0  # plausibility below this is not Chinese (clean text scores about -3)
# Closer than this, the declared charset or chardet decides. On 4-10 character snippets of seed text, letting
# chardet decide wider ties made more mistakes (4-character Big5 snippets: 2 of 2,916 wrong at 0.05, 7 at
# 0.2).
_TIE = 0.05
_CONFIDENT = 0.9  # a chardet guess this sure is kept even when it is not Chinese (a Latin-1 text, say)
_NOT_DECODED = "cannot decode as UTF-8, GB18030 or Big5; re-save it as UTF-8 or pass --encoding"

_Reading = tuple[str, str, float]  # (text, codec, score)


def decode_text(data: bytes, *, name: str = "<bytes>", encoding: str | None = None) -> tuple[str, str]:
    """Decode the bytes of a text file, detecting the encoding unless one is given.

    The text is returned as decoded: a byte-order mark removed, line ends untouched. Empty input decodes to
    ``("", "utf-8")``.

    Args:
        data: the file's bytes.
        name: the file name used in error messages.
        encoding: decode strictly with this codec instead of detecting (any name Python's codecs know).

    Returns:
        ``(text, encoding)``, the encoding being the codec used: ``utf-8``, ``utf-8-sig`` (UTF-8 with a
        byte-order mark), ``utf-16`` (with a mark), ``utf-16-le``/``utf-16-be`` (without), ``utf-32``,
        ``gb18030`` (GB2312 and GBK files too), ``big5``/``cp950``/``big5hkscs``, or the codec chardet or the
        caller named.

    Raises:
        InputError: the bytes decode in no encoding tried, or not in the one given, or its name is unknown.

    Examples:
        >>> decode_text("干部体检".encode("gbk"))
        ('干部体检', 'gb18030')
        >>> decode_text("帶薪休假".encode("big5"))
        ('帶薪休假', 'big5')
        >>> decode_text("\\ufeff谈心谈话".encode("utf-8"))
        ('谈心谈话', 'utf-8-sig')
        >>> decode_text("关爱".encode("utf-8"), name="a.txt", encoding="big5")
        Traceback (most recent call last):
        ...
        policytext.errors.InputError: a.txt: cannot decode as big5 (byte 0xe5 at offset 0); check the \
encoding, or leave --encoding out to detect it
    """
    if encoding is not None:
        return _decode_forced(data, name, encoding)
    return _detect(data, name, hint=None)


def _codec_name(label: str) -> str | None:
    """Python's name for an encoding label, or ``None`` when Python does not know it."""
    try:
        return codecs.lookup(label.strip()).name
    except (LookupError, ValueError):
        return None


def _decode_forced(data: bytes, name: str, encoding: str) -> tuple[str, str]:
    codec = _codec_name(encoding)
    if codec is None:
        raise InputError(name, f"unknown encoding {encoding!r}; use a name such as utf-8, gb18030 or big5")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            name,
            f"cannot decode as {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "check the encoding, or leave --encoding out to detect it",
        ) from exc
    return text.removeprefix("\ufeff"), codec


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _score(text: str) -> float:
    """Plausibility of a reading as Chinese, unexpected characters counting as garbage."""
    return plausibility(_UNEXPECTED.sub("\ufffd", text[:_SCORE_SAMPLE]))


def _reads_as_chinese(text: str) -> bool:
    """Some Chinese, nothing that betrays a wrong reading, and plausible as a whole."""
    return _CJK.search(text) is not None and _ODD.search(text) is None and _score(text) >= _MOJIBAKE


def _hint_codec(hint: str | None) -> str | None:
    """The codec family a declared charset asks for: ``gb18030``, ``big5`` (the family), or a Python codec."""
    if hint is None:
        return None
    label = hint.strip().lower()
    if label in _GB_LABELS:
        return "gb18030"
    if label in _BIG5_LABELS:
        return "big5"
    if label in _UTF16_LABELS:  # declared in ASCII-readable markup, so wrong by definition (as in browsers)
        return None
    return _codec_name(label)


def _decode_family(data: bytes, codec: str) -> tuple[str, str] | None:
    """Strict decode; ``big5`` tries the Big5 supersets in turn. ``(text, codec used)`` or ``None``."""
    for member in _BIG5_FAMILY if codec == "big5" else (codec,):
        text = _strict(data, member)
        if text is not None:
            return text, member
    return None


def _detect(data: bytes, name: str, *, hint: str | None) -> tuple[str, str]:
    if not data:
        return "", "utf-8"
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is not None:  # these codecs consume the mark
                return text, codec
    if b"\x00" not in data:
        if data.isascii():
            return data.decode("ascii"), "utf-8"
        text = _strict(data, "utf-8")
        if text is not None:
            sample = text[:_SCORE_SAMPLE]
            if len(_NON_ASCII.findall(sample)) >= _UTF8_SURE and _ODD.search(sample) is None:
                return text, "utf-8"

    readings: list[_Reading] = []  # in order of preference
    seen: set[str] = set()

    def add(text: str, codec: str) -> None:
        if text not in seen:  # the same text twice (ASCII stretches): the earlier codec keeps it
            seen.add(text)
            readings.append((text, codec, _score(text)))

    hinted = _hint_codec(hint)
    order = [hinted] if hinted else []
    order += [codec for codec in ("utf-8", "gb18030", "big5") if codec != hinted]
    if b"\x00" in data:  # no UTF-8, GB or Big5 text holds NUL bytes; UTF-16 text of ASCII does
        order += ["utf-16-le", "utf-16-be"]
    for codec in order:
        decoded = _decode_family(data, codec)
        if decoded is not None:
            add(*decoded)
    best = _choose(readings, data, hinted=hinted)
    if best is not None and best[2] >= _MOJIBAKE:
        return best[0], best[1]

    # Nothing decodes, or only as mojibake. UTF-16 without a mark (Chinese UTF-16 need hold no NUL byte) and
    # chardet's guesses join, but only when they read as Chinese (or chardet is sure): any even number of
    # bytes decodes as UTF-16, and chardet always names something.
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):
            text = _strict(data, codec)
            if text is not None and _reads_as_chinese(text):
                add(text, codec)
    for text, codec in _chardet_readings(data):
        add(text, codec)
    best = _choose(readings, data, hinted=hinted)
    if best is None:
        raise InputError(name, _NOT_DECODED)
    return best[0], best[1]


def _chardet_readings(data: bytes) -> Iterator[tuple[str, str]]:
    """chardet's first guesses that decode strictly and that we can stand behind."""
    import chardet

    try:
        guesses = chardet.detect_all(data, compat_names=False)[:3]
    except Exception:  # chardet before 7.4.2 raised RuntimeError on some two-byte inputs
        return
    for guess in guesses:
        label, confidence = guess.get("encoding"), guess.get("confidence") or 0.0
        codec = _codec_name(label) if label else None
        text = _strict(data, codec) if codec else None
        if codec is None or text is None:
            continue
        if _reads_as_chinese(text) or (confidence >= _CONFIDENT and _ODD.search(text) is None):
            yield text.removeprefix("\ufeff"), codec


def _choose(readings: list[_Reading], data: bytes, *, hinted: str | None) -> _Reading | None:
    """The most plausible reading; near-ties go to the declared charset, else to chardet."""
    if not readings:
        return None
    best = max(readings, key=lambda reading: reading[2])  # max() keeps the earliest of equal scores
    tied = [best, *(r for r in readings if r is not best and best[2] - r[2] < _TIE)]
    if len(tied) == 1:
        return best
    family = _BIG5_FAMILY if hinted == "big5" else (hinted,)
    for reading in tied:
        if reading[1] in family:
            return reading
    import chardet

    codecs_tied = [reading[1] for reading in tied]
    try:
        guess = chardet.detect(data, include_encodings=codecs_tied, no_match_encoding=best[1], compat_names=False)
    except Exception:  # a detector failure must not fail the read: the tie stays with the better reading
        return best
    label = guess.get("encoding")
    codec = _codec_name(label) if label else None
    return next((reading for reading in tied if reading[1] == codec), best)


_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML file declares in its first 4 KB (meta charset, http-equiv, XML declaration)."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


# ------------------------------------------------------------------------------------------------------------
# lines, bold and blank lines (HTML and DOCX)

# Noncharacters mark bold on and off while a line is assembled, so whitespace can be tidied around them; they
# never occur in documents (and are removed from the input if they do).
_BOLD_ON, _BOLD_OFF = "\ufdd0", "\ufdd1"
_SENTINELS = re.compile("[\ufdd0\ufdd1]")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_CJK_OR_PUNCT = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")
_SPACE_INTO_BOLD = re.compile(f"{_BOLD_ON}(\\s+)")
_SPACE_OUT_OF_BOLD = re.compile(f"(\\s+){_BOLD_OFF}")
_EMPTY_OR_ADJACENT_BOLD = re.compile(f"{_BOLD_ON}{_BOLD_OFF}|{_BOLD_OFF}{_BOLD_ON}")
_LINE_EDGES = " \t\n\r\f\v"
_BLANK_RUNS = re.compile(r"\n{3,}")
_NON_SPACE = re.compile(r"\S")


def _neighbour(line: str, index: int, step: int) -> str:
    """The first character from ``index`` in direction ``step`` that is not a bold marker ("" at the end)."""
    while 0 <= index < len(line):
        if line[index] not in (_BOLD_ON, _BOLD_OFF):
            return line[index]
        index += step
    return ""


def _collapse_html_space(line: str) -> str:
    """Collapse HTML whitespace to one space, or to nothing for a source line break between two CJK characters
    (CSS Text 3 segment breaks): ``关心⏎干部`` in the markup is 关心干部, not 关心 干部."""

    def repl(match: re.Match[str]) -> str:
        run = match.group()
        if "\n" not in run and "\r" not in run:
            return " "
        left, right = _neighbour(line, match.start() - 1, -1), _neighbour(line, match.end(), 1)
        if left and right and _CJK_OR_PUNCT.match(left) and _CJK_OR_PUNCT.match(right):
            return ""
        return " "

    return _HTML_SPACE.sub(repl, line)


def _finish_line(line: str) -> str:
    """A line assembled with bold markers as text: ``**…**`` hugging its words, ASCII space trimmed at the
    edges, and "" for a line of nothing but spaces (``&nbsp;``, full-width)."""
    line = _SPACE_INTO_BOLD.sub(lambda m: m.group(1) + _BOLD_ON, line)
    line = _SPACE_OUT_OF_BOLD.sub(lambda m: _BOLD_OFF + m.group(1), line)
    while True:  # **甲****乙** is **甲乙**; ** ** is nothing
        merged = _EMPTY_OR_ADJACENT_BOLD.sub("", line)
        if merged == line:
            break
        line = merged
    line = line.strip(_LINE_EDGES)
    if not line.strip():
        return ""
    return line.replace(_BOLD_ON, "**").replace(_BOLD_OFF, "**")


def _join_lines(lines: Iterable[str]) -> str:
    """Lines joined by newlines; runs of blank lines become one, none at either end."""
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def _join_row(cells: list[list[str]]) -> list[str]:
    """A table row as lines: one tab-separated line when no cell has more than one line, otherwise the lines
    of each cell in turn (a layout table holding a whole article must not become one line)."""
    cells = [[line for line in cell if line] for cell in cells]
    if all(len(cell) <= 1 for cell in cells):
        return ["\t".join(cell[0] if cell else "" for cell in cells).strip("\t")]
    return [line for cell in cells for line in cell]


# ------------------------------------------------------------------------------------------------------------
# HTML

_DROP_TAGS = [
    *("script", "style", "noscript", "template", "head", "nav", "aside", "form", "iframe", "rt", "rp"),
    *("svg", "canvas", "object", "embed", "select", "button", "textarea", "input"),
]
_PAGE_FRAME_TAGS = ["header", "footer"]  # dropped unless inside <article>/<main>, where they are its own
_BOILERPLATE = re.compile(
    r"nav|menu|breadcrumb|crumb|footer|share|comment|sidebar|(?:^|[\s_-])foot(?:$|[\s_-])", re.IGNORECASE
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
# Main-text containers: HTML5's, and those of the TRS and UCAP systems behind Chinese government sites.
_MAIN_SELECTORS = "article, main, #content, .article, .TRS_Editor, #zoom, #UCAP-CONTENT, .pages_content"
_MAIN_SHARE = 0.5  # a container is the main text when it holds at least this share of the page's text
_BOILERPLATE_SHARE = 0.5  # a menu-named element holding more than this is a wrapper named carelessly
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "caption"}
    | {"thead", "tbody", "tfoot", "section", "article", "main", "header", "footer", "blockquote", "pre"}
    | {"address", "figure", "figcaption", "center", "hr", "body", "html", "fieldset", "details", "summary"}
)
_BLANK_WHEN_EMPTY = frozenset({"p"})  # <p></p> and <p>&nbsp;</p> are how pages write a blank line


def _text_size(tag: Tag) -> int:
    return len(_NON_SPACE.findall(tag.get_text()))


def _attr_text(tag: Tag, attr: str) -> str:
    value = tag.get(attr)
    if value is None:
        return ""
    return " ".join(value) if isinstance(value, list) else str(value)


def _is_bold(tag: Tag) -> bool:
    return tag.name in ("b", "strong") or _BOLD_STYLE.search(_attr_text(tag, "style")) is not None


def _html_to_text(markup: str) -> tuple[str, str | None]:
    """The main text and the ``<title>`` of an HTML page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_SENTINELS.sub("", markup), "lxml")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text().split()) if title_tag is not None else ""

    for tag in soup.find_all(_DROP_TAGS):
        if not tag.decomposed:
            tag.decompose()
    for tag in soup.find_all(_PAGE_FRAME_TAGS):
        if not tag.decomposed and tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    for tag in soup.find_all(True):
        if not tag.decomposed and (tag.has_attr("hidden") or _HIDDEN_STYLE.search(_attr_text(tag, "style"))):
            tag.decompose()

    root: Tag = soup.body or soup
    total = _text_size(root)
    for tag in root.find_all(True):
        if tag.decomposed:
            continue
        names = f"{_attr_text(tag, 'class')} {_attr_text(tag, 'id')}"
        if _BOILERPLATE.search(names) and _text_size(tag) <= _BOILERPLATE_SHARE * total:
            tag.decompose()

    total = _text_size(root)
    containers = [(_text_size(tag), tag) for tag in root.select(_MAIN_SELECTORS)]
    # the largest container holding most of the text: an <article> keeps its <h1> that .TRS_Editor leaves out
    main = [pair for pair in containers if pair[0] >= _MAIN_SHARE * total > 0]
    if main:
        root = max(main, key=lambda pair: pair[0])[1]
    return _join_lines(_HtmlLines(root).lines), title or None


class _HtmlLines:
    """Renders a parsed HTML element as lines: blocks and ``<br>`` break lines, bold is marked, table rows
    are rendered cell by cell (:func:`_join_row`)."""

    def __init__(self, root: Tag, *, bold: int = 0) -> None:
        self.lines: list[str] = []
        self._bold = bold
        self._pieces: list[str] = [_BOLD_ON] if bold else []
        self._pre = 0  # inside <pre>: whitespace kept, newlines break lines
        self._pre_line = False
        self._starts: list[int] = []  # len(self.lines) when each open element began
        self._walk(root)
        self._break(force=False)

    def _break(self, *, force: bool) -> None:
        """End the current line; an empty one counts only when ``force`` (``<br>``)."""
        if self._bold:
            self._pieces.append(_BOLD_OFF)
        line = "".join(self._pieces)
        line = _finish_line(line if self._pre_line else _collapse_html_space(line))
        if line or force:
            self.lines.append(line)
        self._pieces = [_BOLD_ON] if self._bold else []
        self._pre_line = False

    def _has_text(self) -> bool:
        return any(_NON_SPACE.search(piece) for piece in self._pieces if piece not in (_BOLD_ON, _BOLD_OFF))

    def _text(self, text: str) -> None:
        if not self._pre:
            self._pieces.append(text)
            return
        first, *rest = text.split("\n")
        self._pieces.append(first)
        self._pre_line = True
        for part in rest:
            self._break(force=True)
            self._pieces.append(part)
            self._pre_line = True

    def _walk(self, root: Tag) -> None:
        from bs4 import CData, NavigableString, Tag

        # A stack, not recursion: old CMS pages nest tables and divs deeper than Python's recursion limit.
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            if isinstance(node, Tag):
                if leaving:
                    self._leave(node)
                elif node.name == "tr" and node is not root:
                    self._break(force=False)
                    cells = [c for c in node.children if isinstance(c, Tag) and c.name in ("td", "th")]
                    rows = [_HtmlLines(cell, bold=self._bold).lines for cell in cells]
                    self.lines.extend(_join_row(rows))
                else:
                    self._enter(node)
                    stack.append((node, True))
                    stack.extend((child, False) for child in reversed(node.contents))
            elif type(node) in (NavigableString, CData):  # not comments, doctypes, script or ruby strings
                self._text(str(node))

    def _enter(self, tag: Tag) -> None:
        if tag.name == "br":
            self._break(force=True)
            return
        if tag.name in _BLOCK_TAGS:
            self._break(force=False)
            self._pre += tag.name == "pre"
        if _is_bold(tag):
            if not self._bold:
                self._pieces.append(_BOLD_ON)
            self._bold += 1
        self._starts.append(len(self.lines))

    def _leave(self, tag: Tag) -> None:
        if tag.name == "br":
            return
        started = self._starts.pop()
        if _is_bold(tag):
            self._bold -= 1
            if not self._bold:
                self._pieces.append(_BOLD_OFF)
        if tag.name in _BLOCK_TAGS:
            self._pre -= tag.name == "pre"
            empty = not self._has_text() and len(self.lines) == started
            self._break(force=False)
            if empty and tag.name in _BLANK_WHEN_EMPTY:
                self.lines.append("")


# ------------------------------------------------------------------------------------------------------------
# DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_P, _W_TBL, _W_TR, _W_TC, _W_R, _W_T = (f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "r", "t"))
_W_TAB, _W_BR, _W_CR, _W_TXBX, _W_PPR = (f"{_W}{n}" for n in ("tab", "br", "cr", "txbxContent", "pPr"))
# skipped with all they hold: tracked deletions, field codes, and the VML copy of a drawing (mc:Fallback)
_W_SKIP = frozenset(
    {f"{_W}del", f"{_W}moveFrom", f"{_W}instrText", f"{_W}delText", _W_PPR}
    | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
)
# wrappers whose content is ordinary blocks, rows or cells
_W_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo"})
_W_FALSE = frozenset({"0", "false", "off"})


def _bold_of(rpr: Any) -> bool | None:
    """``True``/``False`` when run properties set bold, ``None`` when they leave it to the style."""
    b = rpr.find(f"{_W}b") if rpr is not None else None
    if b is None:
        return None
    return (b.get(f"{_W}val") or "1").lower() not in _W_FALSE


def _style_id(props: Any, tag: str) -> str | None:
    el = props.find(f"{_W}{tag}") if props is not None else None
    return el.get(f"{_W}val") if el is not None else None


def _children(el: Any, tag: str) -> Iterator[Any]:
    """Children of ``el`` with ``tag``, looking through content-control and custom-XML wrappers."""
    for child in el.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _W_WRAPPERS:
            yield from _children(child, tag)


class _DocxStyles:
    """Whether a paragraph or character style makes text bold, following ``basedOn`` chains."""

    def __init__(self, styles: Any) -> None:
        self._bold: dict[str, bool | None] = {}
        self._based_on: dict[str, str] = {}
        self.default_paragraph: str | None = None
        for style in styles.iterchildren(f"{_W}style") if styles is not None else ():
            style_id = style.get(f"{_W}styleId")
            if style_id is None:
                continue
            self._bold[style_id] = _bold_of(style.find(f"{_W}rPr"))
            based_on = _style_id(style, "basedOn")
            if based_on:
                self._based_on[style_id] = based_on
            if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true", "on"):
                self.default_paragraph = style_id

    def bold(self, style_id: str | None) -> bool | None:
        seen: set[str] = set()
        while style_id is not None and style_id not in seen:
            seen.add(style_id)
            value = self._bold.get(style_id)
            if value is not None:
                return value
            style_id = self._based_on.get(style_id)
        return None


class _DocxLines:
    """Renders a WordprocessingML body as lines: paragraphs, table rows and text boxes in document order."""

    def __init__(self, styles: _DocxStyles) -> None:
        self.styles = styles

    def blocks(self, container: Any) -> list[str]:
        lines: list[str] = []
        for child in container.iterchildren():
            if child.tag == _W_P:
                lines.extend(self.paragraph(child))
            elif child.tag == _W_TBL:
                for tr in _children(child, _W_TR):
                    lines.extend(_join_row([self.blocks(tc) for tc in _children(tr, _W_TC)]))
            elif child.tag in _W_WRAPPERS:
                lines.extend(self.blocks(child))
        return lines

    def paragraph(self, p: Any) -> list[str]:
        para_style = _style_id(p.find(_W_PPR), "pStyle") or self.styles.default_paragraph
        para_bold = bool(self.styles.bold(para_style))
        pieces: list[str] = []
        boxes: list[Any] = []
        bold_now = False
        # depth first through runs, hyperlinks, insertions, content controls, fields; each run passes its
        # bold (direct, else character style, else paragraph style) to its text
        stack: list[tuple[Any, bool]] = [(child, para_bold) for child in reversed(p)]
        while stack:
            el, bold = stack.pop()
            tag = el.tag
            if not isinstance(tag, str) or tag in _W_SKIP:
                continue
            if tag == _W_T:
                if el.text:
                    if bold != bold_now:
                        pieces.append(_BOLD_ON if bold else _BOLD_OFF)
                        bold_now = bold
                    pieces.append(_SENTINELS.sub("", el.text))
            elif tag == _W_TAB:
                pieces.append("\t")
            elif tag in (_W_BR, _W_CR):
                pieces.append("\n")
            elif tag == _W_TXBX:
                boxes.append(el)  # text boxes (often the red masthead) follow as lines of their own
            else:
                if tag == _W_R:
                    rpr = el.find(f"{_W}rPr")
                    direct = _bold_of(rpr)
                    if direct is None:
                        direct = self.styles.bold(_style_id(rpr, "rStyle"))
                    bold = para_bold if direct is None else direct
                stack.extend((child, bold) for child in reversed(el))
        if bold_now:
            pieces.append(_BOLD_OFF)
        lines = [_finish_line(part) for part in _split_bold_lines("".join(pieces))]
        for box in boxes:
            lines.extend(self.blocks(box))
        return lines


def _split_bold_lines(text: str) -> list[str]:
    """Split at the line breaks inside a paragraph (Shift+Enter), closing and reopening bold across them."""
    out: list[str] = []
    bold = False
    for part in text.split("\n"):
        line = _BOLD_ON + part if bold else part
        last_on, last_off = part.rfind(_BOLD_ON), part.rfind(_BOLD_OFF)
        if last_on != last_off:
            bold = last_on > last_off
        out.append(line + _BOLD_OFF if bold else line)
    return out


def _describe(exc: BaseException) -> str:
    """A library exception in a few words, for the reason of an InputError."""
    message = " ".join(str(exc).split())
    if len(message) > 80:
        message = message[:77] + "..."
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _docx_to_text(data: bytes, source: str) -> tuple[str, str | None]:
    if data.startswith(_OLE_MAGIC):
        raise InputError(source, "this is an old binary Word (.doc) or WPS file, not .docx; save it as .docx")
    if not data.startswith(b"PK"):
        raise InputError(source, "the .docx file is corrupt (not a ZIP package); save it again from Word or WPS")
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        lines = _DocxLines(_DocxStyles(document.styles.element)).blocks(document.element.body)
        title = (document.core_properties.title or "").strip()
    except Exception as exc:  # zipfile, lxml, python-docx and KeyError failures all mean a broken package
        reason = f"the .docx file is corrupt ({_describe(exc)}); save it again from Word or WPS"
        raise InputError(source, reason) from exc
    return _join_lines(lines), title or None


# ------------------------------------------------------------------------------------------------------------
# PDF

_CID = re.compile(r"\(cid:\d+\)")


def _pdf_to_text(data: bytes, source: str) -> tuple[str, str | None]:
    if b"%PDF" not in data[:1024]:
        raise InputError(source, "the .pdf file is corrupt (no PDF header); download or export it again")
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    out = io.StringIO()
    try:  # pdfminer.high_level.extract_text, unrolled to read the title from the same parse
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        title = _pdf_title(document)
        manager = PDFResourceManager()
        device = TextConverter(manager, out, laparams=LAParams())
        interpreter = PDFPageInterpreter(manager, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
        device.close()
    except PDFPasswordIncorrect as exc:
        reason = "the PDF is password-protected; remove the password (print it to a new PDF) first"
        raise InputError(source, reason) from exc
    except Exception as exc:  # PSEOF, PDFSyntaxError, KeyError, TypeError … from broken files
        if "Encrypt" in type(exc).__name__:
            reason = f"the PDF's encryption is not supported ({_describe(exc)}); print it to a new PDF"
        else:
            reason = f"the .pdf file is corrupt ({_describe(exc)}); download or export it again"
        raise InputError(source, reason) from exc
    pages = out.getvalue().split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdfminer ends every page with a form feed, the last one too
    text = "\f".join(page.strip(_LINE_EDGES) for page in pages)
    visible = len(_NON_SPACE.findall(text.replace("\f", "")))
    if not visible:
        raise InputError(source, "the PDF has no text layer (scanned image?); run OCR first")
    if sum(len(m) for m in _CID.findall(text)) > visible / 2:
        reason = "the PDF's fonts have no Unicode mapping (its text reads as (cid:…) codes); run OCR first"
        raise InputError(source, reason)
    return text, title


def _pdf_title(document: Any) -> str | None:
    """The ``/Title`` of the PDF's document information, if it is a non-empty string."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text as decode_pdf_string

    for info in getattr(document, "info", None) or []:
        value = resolve1(info.get("Title")) if isinstance(info, dict) else None
        if isinstance(value, bytes):
            value = decode_pdf_string(value)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


# ------------------------------------------------------------------------------------------------------------
# reading

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "this is a PDF file; give it the suffix .pdf"),
    (b"PK\x03\x04", "this is a ZIP package (a .docx?); give it the right suffix, or extract it"),
    (_OLE_MAGIC, "this is an old binary Word (.doc) or WPS file; save it as .docx"),
)
_NEWLINES = re.compile(r"\r\n?")
_NO_TEXT = {
    "html": "the page has no text outside scripts, styles and navigation",
    "docx": "the document has no text",
}


def _format_of(name: str, source: str) -> str:
    """The format for a file name, or the unsupported-format error reported under ``source``."""
    suffix = Path(name).suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is not None:
        return fmt
    if not suffix:
        raise InputError(source, "the file has no suffix; name it .txt, .md, .html, .docx or .pdf")
    raise InputError(source, unsupported_reason(suffix))


def _read(data: bytes, *, source: str, name: str, encoding: str | None) -> Document:
    fmt = _format_of(name, source)
    if not data:
        raise InputError(source, "the file is empty (0 bytes); export it again or leave it out")
    title: str | None = None
    used: str | None = None
    if fmt in ("txt", "md", "html"):
        for magic, reason in _MAGIC:
            if data.startswith(magic):
                raise InputError(source, reason)
        if encoding is not None:
            text, used = _decode_forced(data, source, encoding)
        else:
            text, used = _detect(data, source, hint=_declared_charset(data) if fmt == "html" else None)
        if "\x00" in text:
            raise InputError(source, "the file holds NUL characters, so it is binary, not text; check what it is")
        if fmt == "html":
            text, title = _html_to_text(text)
    elif fmt == "docx":
        text, title = _docx_to_text(data, source)
    else:
        text, title = _pdf_to_text(data, source)
    text = _NEWLINES.sub("\n", text)
    if not text.strip():
        raise InputError(source, f"{_NO_TEXT.get(fmt, 'the file holds only whitespace')}; nothing to read")
    return Document(source=source, text=text, format=fmt, encoding=used, title=title)


def read_bytes(data: bytes, *, name: str, encoding: str | None = None) -> Document:
    """Read a document from bytes; ``name`` gives the format (by its suffix) and the source.

    Args:
        data: the file's bytes.
        name: the file name (or relative path); it becomes ``Document.source``.
        encoding: for txt, md and html, decode strictly with this codec instead of detecting; ignored for docx
            and pdf.

    Returns:
        The document, with ``path=None``.

    Raises:
        InputError: unsupported suffix, empty file, undecodable text, a corrupt or textless docx or pdf.

    Examples:
        >>> read_bytes("<p>一、<b>健康关爱</b></p><p>每年体检一次</p>".encode(), name="a.html").text
        '一、**健康关爱**\\n每年体检一次'
        >>> read_bytes(b"...", name="report.doc")
        Traceback (most recent call last):
        ...
        policytext.errors.InputError: report.doc: unsupported format .doc; save it as .docx, .pdf or .txt
    """
    return _read(bytes(data), source=name, name=name, encoding=encoding)


def read_document(path: str | os.PathLike[str], *, source: str | None = None, encoding: str | None = None) -> Document:
    """Read one file into a :class:`~policytext.model.Document`.

    Args:
        path: the file; its suffix (in any case) chooses the format.
        source: the name to report it under (default: the file name); :func:`find_documents` gives the path
            relative to the folder the user named.
        encoding: for txt, md and html, decode strictly with this codec instead of detecting (``--encoding``);
            ignored for docx and pdf.

    Returns:
        The document, its ``path`` the absolute path of the file.

    Raises:
        InputError: the file is missing or unreadable, of an unsupported format, empty, undecodable, or a
            corrupt or textless docx or pdf. The message starts with ``source:`` and says what to do.
    """
    file = Path(path)
    src = source if source is not None else file.name
    if file.is_dir():
        if os.access(file, os.R_OK | os.X_OK):
            raise InputError(src, "is a folder, not a file; pass folders to find_documents()")
        raise InputError(src, "cannot open the folder: permission denied")
    _format_of(file.name, src)  # an unsupported format is reported without reading the file
    try:
        data = file.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(src, "no such file; check the path") from exc
    except PermissionError as exc:
        raise InputError(src, "permission denied; check the file's permissions") from exc
    except OSError as exc:
        raise InputError(src, f"cannot read the file ({exc.strerror or exc}); check the disk") from exc
    return replace(_read(data, source=src, name=file.name, encoding=encoding), path=str(file.absolute()))


# ------------------------------------------------------------------------------------------------------------
# finding files


def _hidden(entry: os.DirEntry[str]) -> bool:
    """Hidden files and folders (leading dot, Windows hidden attribute), Office lock files (``~$a.docx``)."""
    if entry.name.startswith((".", "~$")):
        return True
    try:
        attributes = getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def find_documents(paths: Iterable[str | os.PathLike[str]], *, recursive: bool = True) -> list[tuple[Path, str]]:
    """Expand files and folders into the ``(path, source)`` pairs to read, unsupported files included.

    A file named directly is listed under its file name, whatever its suffix or name. A folder contributes
    the files inside it (in sub-folders too unless ``recursive=False``; symbolic links followed, each folder
    once), each under its path relative to that folder with ``/`` separators, sorted by it. Inside folders,
    hidden files and folders (a leading dot, the Windows hidden attribute) and Office lock files (``~$…``) are
    skipped. Files of unsupported formats are **listed**, so that the caller reports each one:
    :func:`read_document` raises an :class:`~policytext.errors.InputError` saying why (to tell them apart
    beforehand, compare ``path.suffix.lower()`` with :data:`SUPPORTED_SUFFIXES`). A sub-folder that cannot be
    listed is listed itself, and reading it reports the problem. Paths keep the order given; a file reached
    twice is listed once.

    Args:
        paths: files and folders.
        recursive: descend into sub-folders.

    Returns:
        ``(path, source)`` pairs; ``path`` is the given folder joined with the relative path.

    Raises:
        InputError: a path does not exist, or a folder given cannot be listed.
        TypeError: ``paths`` is one string or path instead of an iterable of them.

    Examples:
        >>> import tempfile
        >>> root = Path(tempfile.mkdtemp())
        >>> for name in ("b.txt", "sub/a.pdf", ".git/x.txt", "sub/c.doc"):
        ...     (root / name).parent.mkdir(exist_ok=True)
        ...     _ = (root / name).write_text("关爱")
        >>> [source for _, source in find_documents([root])]
        ['b.txt', 'sub/a.pdf', 'sub/c.doc']
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("find_documents() takes an iterable of paths, not one path; wrap it in a list")
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for given in paths:
        root = Path(given)
        if root.is_dir():
            pairs = sorted(_walk(root, recursive=recursive), key=lambda pair: pair[1])
        elif root.exists() or root.is_symlink():
            pairs = [(root, root.name)]
        else:
            raise InputError(str(given), "no such file or folder; check the path")
        for path, source in pairs:
            key = path.absolute()
            if key not in seen:
                seen.add(key)
                found.append((path, source))
    return found


def _walk(root: Path, *, recursive: bool) -> Iterator[tuple[Path, str]]:
    """Files below ``root`` that are not hidden, with ``/``-separated paths relative to it."""
    pending: list[tuple[Path, str]] = [(root, "")]
    visited: set[str] = set()
    while pending:
        folder, prefix = pending.pop()
        real = os.path.realpath(folder)
        if real in visited:  # a symbolic link back up the tree, or two links to one folder
            continue
        visited.add(real)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            if not prefix:
                raise InputError(str(root), f"cannot list the folder ({exc.strerror or exc})") from exc
            yield folder, prefix.rstrip("/")
            continue
        folders: list[tuple[Path, str]] = []
        for entry in entries:
            if _hidden(entry):
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                yield folder / entry.name, prefix + entry.name
            elif recursive:
                folders.append((folder / entry.name, f"{prefix}{entry.name}/"))
        # depth first in name order, so that of two links to one folder the first name is the one kept
        pending.extend(reversed(folders))
