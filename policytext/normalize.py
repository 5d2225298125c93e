"""Normalization: turn the decoded text of a policy document into clean simplified Chinese.

Every step is a public ``str -> str`` function that can be called and tested alone; :func:`normalize_text`
and :func:`normalize_text_with_fixes` chain them in the one order that works:

1. Character level, on the lines that hold a character some step acts on (one scan finds them; a clean line
   costs nothing more): :func:`strip_web_residue` -- HTML tags (block tags become line breaks) and character
   references, zero-width characters and stray BOMs, paywall markers (``##paidbegin##``), markdown
   ``**bold**`` (kept as markers: :attr:`NormalizedText.emphasis` gives the offsets of bold spans in the
   output); :func:`repair_mojibake` -- runs of UTF-8 read as GBK (``鍏充簬`` -> ``关于``), GBK read as
   Latin-1/cp1252 (``¹ØÓÚ``) and UTF-8 read as cp1252/Latin-1 (``å…³äºŽ``), each accepted only when the round
   trip succeeds and the result is far more plausible Chinese (:mod:`policytext.charstats`), ``U+FFFD`` and
   ``锟斤拷`` runs kept; then control characters (after the repair: C1 controls belong to some garbled runs),
   :func:`map_radicals`, full-width letters and digits, :func:`remove_pinyin_annotations`, ASCII punctuation
   (:func:`normalize_width_and_punctuation`) and :func:`to_simplified` (OpenCC, phrase-aware).
2. :func:`remove_spurious_spaces`, lines holding only a pinyin reading, :func:`remove_page_furniture`,
   :func:`remove_table_of_contents`: everything that changes what a line looks like comes before the line
   breaks are judged.
3. :func:`rejoin_broken_lines`, with the layout: one paragraph per line, a single blank line where blank lines
   separated blocks, no indentation, no trailing spaces, no form feeds. Lines it joins go through step 1
   again (a join can bring a reading to its character or halves of a garbled run together).

The removal steps run before the repairs, so that what they remove cannot split a garbled run in two; readings
go before OpenCC, whose phrases they would break.

Fixes (:attr:`NormalizedText.fixes`, in this order, only those that fired; ``count`` is what the description
says):

=============================  ===========================================================================
``html_tags``                  HTML tags removed (tags of block elements become line breaks)
``html_entities``              HTML character references decoded (``&nbsp;``, ``&amp;``, ``&#x5173;``)
``zero_width``                 zero-width and invisible format characters removed (ZWSP, ZWJ, BOM, bidi
                               marks, variation selectors)
``paywall_markers``            paywall markers removed (``##paidbegin##``, ``##paidend##``)
``markdown_emphasis``          markdown ``**bold**`` markers removed (spans kept in ``emphasis``)
``mojibake_utf8_as_gbk``       runs of UTF-8 bytes that had been decoded as GBK/GB18030, repaired
``mojibake_gbk_as_latin1``     runs of GBK bytes that had been decoded as Latin-1/cp1252, repaired
``mojibake_utf8_as_latin1``    runs of UTF-8 bytes that had been decoded as cp1252/Latin-1, repaired
``unrecoverable_mojibake``     runs of ``U+FFFD`` or ``锟斤拷`` left in the text (they cannot be repaired)
``control_chars``              control characters, soft hyphens, lone surrogates, noncharacters removed
                               (vertical tab, U+2028 and U+2029 become line breaks)
``unicode_spaces``             no-break and other Unicode spaces turned into ASCII spaces
``radicals``                   Kangxi and CJK-supplement radicals replaced by the ordinary character
``fullwidth_ascii``            full-width Latin letters and digits made ASCII
``pinyin_annotations``         parenthesised pinyin after a Chinese character removed (count: parentheses)
``punctuation``                ASCII ``, ; : ? !`` and parentheses next to Chinese made full-width
``traditional_to_simplified``  lines converted with OpenCC (count: lines)
``spurious_spaces``            spaces between Chinese characters, around numbers or punctuation removed
``pinyin_lines``               lines holding only pinyin removed
``page_furniture``             running headers, footers and page numbers removed (count: lines)
``table_of_contents``          table-of-contents lines removed (count: lines)
``line_joins``                 line breaks inside a sentence removed
=============================  ===========================================================================

Examples:
    >>> normalize_text("參天之(zhi)(zhi)木,必有(you)其根;")
    '参天之木，必有其根；'
    >>> normalize_text("自貿(mao)區(港)建設,x县人均 2 萬元")
    '自贸区（港）建设，x县人均2万元'
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate, compress, repeat
from operator import is_not, itemgetter, sub

import numpy as np

from policytext.charstats import char_logfreq, common_share, plausibility
from policytext.convert import OpenCCConfig, convert_text, find_trigger, parse_config, trigger_chars
from policytext.model import Fix

__all__ = [
    "FIX_DESCRIPTIONS",
    "NormalizedText",
    "OpenCCConfig",
    "map_radicals",
    "normalize_text",
    "normalize_text_with_fixes",
    "normalize_width_and_punctuation",
    "rejoin_broken_lines",
    "remove_page_furniture",
    "remove_pinyin_annotations",
    "remove_spurious_spaces",
    "remove_table_of_contents",
    "repair_mojibake",
    "strip_web_residue",
    "to_simplified",
]

FIX_DESCRIPTIONS: dict[str, str] = {
    "html_tags": "HTML tags removed",
    "html_entities": "HTML character references decoded",
    "zero_width": "zero-width and invisible format characters removed",
    "paywall_markers": "paywall markers removed",
    "markdown_emphasis": "markdown **bold** markers removed",
    "mojibake_utf8_as_gbk": "runs of UTF-8 decoded as GBK repaired",
    "mojibake_gbk_as_latin1": "runs of GBK decoded as Latin-1/cp1252 repaired",
    "mojibake_utf8_as_latin1": "runs of UTF-8 decoded as cp1252/Latin-1 repaired",
    "unrecoverable_mojibake": "runs of U+FFFD or 锟斤拷 kept (cannot be repaired)",
    "control_chars": "control characters removed",
    "unicode_spaces": "no-break and other Unicode spaces made ASCII spaces",
    "radicals": "Kangxi/supplement radicals replaced by ordinary characters",
    "fullwidth_ascii": "full-width Latin letters and digits made ASCII",
    "pinyin_annotations": "parenthesised pinyin annotations removed",
    "punctuation": "ASCII punctuation next to Chinese made full-width",
    "traditional_to_simplified": "lines converted to simplified Chinese (OpenCC)",
    "spurious_spaces": "spaces inside Chinese text removed",
    "pinyin_lines": "lines holding only pinyin removed",
    "page_furniture": "running headers, footers and page numbers removed (lines)",
    "table_of_contents": "table-of-contents lines removed",
    "line_joins": "line breaks inside sentences removed",
}


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The result of :func:`normalize_text_with_fixes`.

    Attributes:
        text: the normalized text.
        fixes: the repairs that fired, in pipeline order.
        emphasis: ``(start, end)`` offsets in ``text`` of the spans that were markdown ``**bold**``.
        unrecoverable: how many runs of ``U+FFFD`` / ``锟斤拷`` the text still holds.
    """

    text: str
    fixes: tuple[Fix, ...]
    emphasis: tuple[tuple[int, int], ...]
    unrecoverable: int


class _Fixes(Counter[str]):
    """Counts of the fixes that fired, by name."""

    def add(self, name: str, n: int = 1) -> None:
        if n:
            self[name] += n

    def as_fixes(self) -> tuple[Fix, ...]:
        return tuple(Fix(name, self[name], desc) for name, desc in FIX_DESCRIPTIONS.items() if self[name])


# --- character classes -------------------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_IS_HAN = re.compile(f"[{_HAN}]")
# Chinese punctuation, split by role
_CJK_OPEN = "“‘（《「『【〔〈"
_CJK_CLOSE = "”’）》」』】〕〉"
_CJK_STOP = "。！？；：…"  # ends a sentence or a lead-in
_CJK_MID = "，、—～·"
_CJK_PUNCT = _CJK_OPEN + _CJK_CLOSE + _CJK_STOP + _CJK_MID
_SPACES = " \u3000"
# sentinels for markdown bold spans while the text is being transformed (noncharacters: never in valid input)
_EM_OPEN = "\ufdd0"
_EM_CLOSE = "\ufdd1"
_EM = _EM_OPEN + _EM_CLOSE


# --- 1. web residue: markup ---------------------------------------------------------------------------------

_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|br|caption|center|dd|div|dl|dt|figcaption|figure|footer|form|h[1-6]|"
    "head|header|hr|html|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|title|tr|ul"
)
_INLINE_TAGS = (
    "a|abbr|acronym|audio|b|base|bdi|bdo|big|button|cite|code|col|colgroup|del|dfn|em|embed|font|i|iframe|img|"
    "input|ins|kbd|label|link|map|mark|meta|nobr|noscript|o:p|object|option|picture|q|s|samp|select|small|"
    "source|span|strike|strong|sub|sup|svg|textarea|time|tt|u|var|video|wbr|[a-z]+:[a-z0-9]+"
)
_TAG = re.compile(rf"</?(?:({_BLOCK_TAGS})|{_INLINE_TAGS})(?=[\s/>])[^<>]*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![A-Za-z][^<>]*>", re.DOTALL)
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCK_MARK = "\ufdd2"  # where a block tag stood, until the line breaks around it are settled
_BLOCK_BREAK = re.compile(rf"[ \t\u3000\n]*{_BLOCK_MARK}[ \t\u3000\n{_BLOCK_MARK}]*")


def _strip_markup(text: str, fx: _Fixes) -> str:
    if "<" not in text and "&" not in text:
        return text
    for _ in range(8):  # decoding can reveal markup (&lt;p&gt;) and removing a tag can join one (&am<b>p;)
        before = text
        if "&" in text:
            text, n = _ENTITY.subn(lambda m: html.unescape(m.group()), text)
            fx.add("html_entities", n)
        if "<" in text:
            text, n1 = _SCRIPT.subn("", text)
            text, n2 = _COMMENT.subn("", text)
            text, n3 = _TAG.subn(lambda m: _BLOCK_MARK if m.group(1) else "", text)
            fx.add("html_tags", n1 + n2 + n3)
            if _BLOCK_MARK in text:
                # a block element is one line; the source's own newlines around tags are layout, not content
                text = _BLOCK_BREAK.sub("\n", text)
        if text == before:
            break
    return text


_ZERO_WIDTH = re.compile(
    "[\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_PAYWALL_CORE = r"##[ \t]*(?:paid|pay|vip|fee|charge)[ _-]?(?:begin|end|start|stop)[ \t]*##"
_PAYWALL_LINE = re.compile(rf"^[ \t\u3000]*(?:{_PAYWALL_CORE}[ \t\u3000]*)+(?:\n|$)", re.IGNORECASE | re.MULTILINE)
_PAYWALL = re.compile(_PAYWALL_CORE, re.IGNORECASE)


_NONCHARACTERS = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_NONCHARACTERS_EXCEPT_MARKS = re.compile("[\ud800-\udfff\ufdd2-\ufdef\ufffe\uffff]")


def _strip_invisible(text: str, fx: _Fixes, *, marked: bool = False) -> str:
    text, n = _ZERO_WIDTH.subn("", text)
    fx.add("zero_width", n)
    # lone surrogates and noncharacters are never text (policytext uses U+FDD0/U+FDD1 as bold markers: once
    # the text is ``marked``, those are its own)
    text, n = (_NONCHARACTERS_EXCEPT_MARKS if marked else _NONCHARACTERS).subn("", text)
    fx.add("control_chars", n)
    if "##" in text:
        text, n1 = _PAYWALL_LINE.subn("", text)
        text, n2 = _PAYWALL.subn("", text)
        fx.add("paywall_markers", n1 + n2)
    return text


# --- 2. mojibake --------------------------------------------------------------------------------------------


def _cp1252_specials() -> dict[str, int]:
    out: dict[str, int] = {}
    for b in range(0x80, 0xA0):
        try:
            out[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            continue
    return out


_CP1252 = _cp1252_specials()  # '€' -> 0x80, '“' -> 0x93, ...
_TO_LATIN1 = str.maketrans({c: chr(b) for c, b in _CP1252.items()})
_SPECIALS = "".join(re.escape(c) for c in _CP1252)
_HIGH = f"\u0080-\u00ff{_SPECIALS}"
_CONT = f"[\u0080-\u00bf{_SPECIALS}]"  # a UTF-8 continuation byte read as cp1252/Latin-1
# a run of Latin-1/cp1252 characters that holds at least one Latin-1 character (not just “”…—)
_LATIN_RUN = re.compile(f"[{_HIGH}]*[\u0080-\u00ff][{_HIGH}]*")
_UTF8_AS_LATIN = re.compile(f"(?:[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}})+")
# GBK byte pairs read as cp1252/Latin-1: a lead byte 0x81-0xFE, then a trail byte 0x40-0x7E or 0x80-0xFE
_GBK_LEAD = f"[\u0081-\u00fe{''.join(re.escape(c) for c, b in _CP1252.items() if b >= 0x81)}]"
# (trail bytes 0x40-0x7E, ASCII, only occur in characters outside GB2312; they are not followed, since a
# tone-marked pinyin letter next to an ASCII one, "yíng", would pair up the same way)
_GBK_PAIRS = re.compile(f"(?:{_GBK_LEAD}[{_HIGH}])+")
# Latin-1 symbols that clean Chinese text uses (××县, 阿卜杜·热合曼, 3×4, 30°): a run of only these is left
# alone
_CLEAN_SYMBOLS = "\u00d7\u00b7\u00b0\u00b1\u00f7"
# characters a repaired run must not contain: they only appear in Chinese text as the product of a wrong
# decode
_WEIRD = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0-\u00b6\u00b8-\u00d6\u00d8-\u00f6\u00f8-\u036f\u0370-\u1fff"
    "\u2100-\u218f\u2190-\u21ff\u2500-\u259f\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f"
    "\ua000-\ud7ff\ud800-\udfff\ue000-\uf8ff\uf900-\ufaff\ufb00-\ufdff\ufe30-\ufe4f\ufff0-\uffff\u200b-\u200f]"
)
_UNRECOVERABLE = re.compile("\ufffd+|(?:锟斤拷)+")
# strict UTF-8 multi-byte sequences, on bytes
_U8_SEQ = (
    rb"(?:[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})"
)
_U8_ONE = re.compile(_U8_SEQ)
_U8_SPAN = re.compile(_U8_SEQ + rb"+")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s\ud800-\udfff]+")


@lru_cache(maxsize=1)
def _gbk_mojibake_chars() -> str:
    """Characters that UTF-8 read as GBK always produces: each UTF-8 lead byte of a CJK character or of CJK
    punctuation (0xE2-0xEF) paired with the continuation byte after it. Clean simplified text almost never
    holds
    them (they are GBK level-2 and extension characters), so they tell where to look."""
    out = []
    for b1 in range(0xE2, 0xF0):
        for b2 in range(0x80, 0xC0):
            try:
                ch = bytes([b1, b2]).decode("gb18030")
            except UnicodeDecodeError:
                continue
            out.append(ch)
    # and a two-byte sequence (×, ·, Latin letters in the original), where the pair is a rare character
    freq = char_logfreq()
    for b1 in range(0xC2, 0xE0):
        for b2 in range(0x80, 0xC0):
            try:
                ch = bytes([b1, b2]).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if freq.get(ch, -9.0) < -5.5:
                out.append(ch)
    return "".join(sorted(set(out)))


@lru_cache(maxsize=1)
def _mojibake_trigger() -> re.Pattern[str]:
    chars = "".join(re.escape(c) for c in _gbk_mojibake_chars())
    return re.compile(f"[\u0080-\u00ff€\ufffd\ue000-\uf8ff{chars}]")


# what a repaired run may consist of when it holds no Chinese character: Chinese punctuation and the symbols
# Chinese text uses (a garbled "；（" or "××" alone)
_PUNCT_ONLY = re.compile(f"[{_CJK_PUNCT}\u00b7\u00d7\u2010-\u2027\u3000-\u303f\uff01-\uff0f\uff1a-\uff20 -~]+")


def _garbled_plausibility(text: str) -> float:
    """:func:`plausibility`, with the kana, bopomofo, Greek, box drawing … that wrong decodes produce counted as
    the rare characters they are in Chinese text (plausibility leaves them out)."""
    weird = len(_WEIRD.findall(text))
    scored = len(_IS_HAN.findall(text)) + len(_GARBAGE_SCORED.findall(text))
    if not weird:
        return plausibility(text)
    return (plausibility(text) * scored - 9.0 * weird) / (scored + weird)


_GARBAGE_SCORED = re.compile("[\u00a0-\u024f\u2500-\u257f\ue000-\uf8ff\ufffd\u02c0-\u02ff]")


def _plausible_repair(decoded: str, original: str, *, min_han: int = 1) -> bool:
    """A decoded run replaces the original only when it is clean Chinese and far more plausible."""
    if _WEIRD.search(decoded) or "\ufffd" in decoded:
        return False
    if len(_IS_HAN.findall(decoded)) < min_han:
        # punctuation alone (an ASCII character may have been swallowed with the last byte): only in place of
        # characters that never occur in clean text
        return (
            bool(_PUNCT_ONLY.fullmatch(decoded)) and not decoded.isascii() and _garbled_plausibility(original) <= -6.0
        )
    new = plausibility(decoded)
    return new >= -5.0 and new >= _garbled_plausibility(original) + 1.0 and common_share(decoded) >= 0.6


def _latin_bytes(run: str) -> bytes:
    return run.translate(_TO_LATIN1).encode("latin-1")


@dataclass(frozen=True, slots=True)
class _Patch:
    """A repaired run: ``old`` at ``start`` becomes ``new``; the codecs say how each side was bytes."""

    start: int
    old: str
    new: str
    old_bytes: Callable[[str], bytes]
    new_bytes: Callable[[str], bytes]

    def map(self, offset: int) -> int:
        """Where a point ``offset`` characters into ``old`` lands in ``new`` (a character boundary)."""
        nbytes = len(self.old_bytes(self.old[:offset]))
        acc = k = 0
        for ch in self.new:
            acc += len(self.new_bytes(ch))
            if acc > nbytes:
                break
            k += 1
        return k


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _gb18030(text: str) -> bytes:
    return text.encode("gb18030")


def _repair_latin_run(text: str, m: re.Match[str], fx: _Fixes) -> _Patch | None:
    """The repair of the Latin-1 run at ``m`` (the GBK reading may extend past it), if any.

    When neither reading of the whole run works, a well-formed UTF-8 part of it that decodes to Chinese is
    repaired (the run also held a clean quotation mark or ×× next to the garbled part).
    """
    run = m.group()
    start = m.start()
    best: tuple[float, _Patch, str] | None = None
    # UTF-8 read as cp1252/Latin-1: the whole run must be well-formed UTF-8
    if _UTF8_AS_LATIN.fullmatch(run):
        try:
            dec = _latin_bytes(run).decode("utf-8")
        except UnicodeDecodeError:
            dec = ""
        if dec and (
            _plausible_repair(dec, run)
            or (not _IS_HAN.search(dec) and not _WEIRD.search(dec.translate(_LATIN_OK)) and len(run) >= 2)
        ):
            score = plausibility(dec) if _IS_HAN.search(dec) else -4.0
            best = (score, _Patch(start, run, dec, _latin_bytes, _utf8), "mojibake_utf8_as_latin1")
    # GBK read as Latin-1/cp1252: byte pairs; a clean Latin-1 character (×, ·) may stand right before the run
    for shift in (0, 1):
        pm = _GBK_PAIRS.match(text, start + shift, m.end() if shift else len(text))
        if pm is None or not pm.group().strip(_CLEAN_SYMBOLS):
            continue
        old = pm.group()
        try:
            dec = _latin_bytes(old).decode("gb18030")
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue
        # one character from two symbols (¹¹, ·×) is too weak a sign: a Latin-1 letter must be among them
        single_ok = len(dec) > 1 or _LATIN1_LETTER.search(old) is not None or _PUNCT_ONLY.fullmatch(dec)
        if dec and single_ok and _plausible_repair(dec, old):
            score = plausibility(dec)
            if best is None or score > best[0]:
                best = (
                    score,
                    _Patch(start + shift, old, dec, _latin_bytes, _gb18030),
                    "mojibake_gbk_as_latin1",
                )
            break
    if best is None:
        for sub in _UTF8_AS_LATIN.finditer(run):
            try:
                dec = _latin_bytes(sub.group()).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if _IS_HAN.search(dec) and _plausible_repair(dec, sub.group()):
                fx.add("mojibake_utf8_as_latin1")
                return _Patch(start + sub.start(), sub.group(), dec, _latin_bytes, _utf8)
        return None
    fx.add(best[2])
    return best[1]


# Latin-1 letters and typographic punctuation a UTF-8-as-Latin-1 repair may legitimately produce (Café, “”)
_LATIN_OK = str.maketrans(dict.fromkeys(range(0x00C0, 0x0250)) | dict.fromkeys(range(0x2010, 0x2030)))
_LATIN1_LETTER = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")


def _repair_latin1_mojibake(text: str, fx: _Fixes) -> list[_Patch]:
    patches: list[_Patch] = []
    pos = 0
    while (m := _LATIN_RUN.search(text, pos)) is not None:
        patch = _repair_latin_run(text, m, fx)
        if patch is not None and patch.new != patch.old:
            patches.append(patch)
            pos = patch.start + len(patch.old)  # the rest of the run may be a garbled run of its own
        else:
            pos = m.end()
    return patches


def _gbk_bytes(text: str) -> bytes:
    # GB18030, except that a lone 0x80 (WHATWG and Windows decode it as the euro sign) encodes back to 0x80
    return b"\x80".join(part.encode("gb18030") for part in text.split("€"))


def _repair_gbk_run(run: str, offset: int = 0) -> list[_Patch]:
    """The parts of a non-ASCII run that are UTF-8 bytes read as GBK, repaired (offsets shifted by
    ``offset``)."""
    data = _gbk_bytes(run)
    if not _U8_SPAN.search(data):
        return []
    if len(data) == 2 * len(run):  # every character two bytes (the usual case): no need to measure each
        char_at = {2 * i: i for i in range(len(run) + 1)}
    else:
        ends = list(accumulate(len(_gbk_bytes(c)) for c in run))
        char_at = {0: 0} | {b: i + 1 for i, b in enumerate(ends)}  # byte offset of a char boundary -> index
    patches: list[_Patch] = []
    last = 0
    for m in _U8_SPAN.finditer(data):
        seqs = [s.span() for s in _U8_ONE.finditer(data, m.start(), m.end())]
        decoded = [data[a:b].decode("utf-8") for a, b in seqs]
        # clean characters next to a garbled run can happen to be well-formed UTF-8 too; they decode to
        # letters of other scripts, so the repair is looked for inside runs of sequences that decode to
        # Chinese text
        i = 0
        while i < len(seqs):
            if _WEIRD.search(decoded[i]):
                i += 1
                continue
            j = i
            while j < len(seqs) and not _WEIRD.search(decoded[j]):
                j += 1
            starts = [k for k in range(i, j) if seqs[k][0] in char_at]
            # a run of odd length took the ASCII character after it as its last trail byte ("《x" -> "銆妜")
            stop_at = {
                k: seqs[k][1] if seqs[k][1] in char_at else seqs[k][1] + 1
                for k in range(i, j)
                if seqs[k][1] in char_at
                or (seqs[k][1] + 1 in char_at and seqs[k][1] < len(data) and data[seqs[k][1]] < 0x80)
            }
            stops = sorted(stop_at)
            # (two sequences at least, or one that swallowed an ASCII character: a single character alone is
            # too weak a sign)
            if starts and stops and (stops[-1] > starts[0] or stop_at[stops[-1]] > seqs[stops[-1]][1]):
                a, b = starts[0], stops[-1]
                cs, ce = char_at[seqs[a][0]], char_at[stop_at[b]]
                new = data[seqs[a][0] : stop_at[b]].decode("utf-8")
                if cs >= last and _plausible_repair(new, run[cs:ce]):
                    patches.append(_Patch(offset + cs, run[cs:ce], new, _gbk_bytes, _utf8))
                    last = ce
            i = j
    return patches


@lru_cache(maxsize=1)
def _gbk_trigger() -> re.Pattern[str]:
    """What UTF-8 read as GBK leaves behind (Latin-1 characters come from the other two families)."""
    chars = "".join(re.escape(c) for c in _gbk_mojibake_chars())
    return re.compile(f"[€\ue000-\uf8ff{chars}]")


def _repair_gbk_mojibake(text: str, fx: _Fixes) -> list[_Patch]:
    trigger = _gbk_trigger()
    patches: list[_Patch] = []
    pos = 0
    n = len(text)
    while (m := trigger.search(text, pos)) is not None:
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        le = n if le < 0 else le
        for run in _NON_ASCII_RUN.finditer(text, ls, le):
            if trigger.search(run.group()):
                found = _repair_gbk_run(run.group(), run.start())
                fx.add("mojibake_utf8_as_gbk", len(found))
                patches += found
        pos = le + 1
        if pos >= n:
            break
    return patches


def _splice(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each span (start, end) of ``edits`` (in order, not overlapping) replaced by its string; the
    text itself, uncopied, when there is no edit."""
    out: list[str] = []
    last = 0
    for start, end, new in edits:
        out += (text[last:start], new)
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _line_cut(text: str, start: int, end: int, last: int) -> tuple[int, int]:
    """The span that removing the line (``start``, ``end``) takes out of ``text``: the line with the line break
    after it; the last line of the text with the one before it, unless the edit before this one, which ends at
    ``last``, took that."""
    if end < len(text):
        return start, end + 1 if text[end] == "\n" else end
    return (start - 1 if start > last and text[start - 1] == "\n" else start), end


def _apply(text: str, patches: list[_Patch]) -> str:
    return _splice(text, ((p.start, p.start + len(p.old), p.new) for p in patches))


def _map_point(pos: int, patches: list[_Patch]) -> int:
    shift = 0
    for p in patches:
        if pos <= p.start:
            break
        end = p.start + len(p.old)
        if pos >= end:
            shift += len(p.new) - len(p.old)
            continue
        return p.start + shift + p.map(pos - p.start)
    return pos + shift


_EM_CHAR = re.compile(f"[{_EM}]")
_NO_EM = str.maketrans(dict.fromkeys(map(ord, _EM)))  # line tests look through bold markers


def _without_em(s: str) -> str:
    """``s`` without bold markers (two tests cost far less than ``str.translate`` on a line that has none)."""
    return s.translate(_NO_EM) if _EM_OPEN in s or _EM_CLOSE in s else s


def _repair_mojibake(text: str, fx: _Fixes) -> str:
    if _mojibake_trigger().search(text) is None:
        return text
    # bold markers (sentinels by now) can sit inside a garbled run: repair without them, then put them back
    marks = [(m.start() - k, m.group()) for k, m in enumerate(_EM_CHAR.finditer(text))]
    plain = text.replace(_EM_OPEN, "").replace(_EM_CLOSE, "") if marks else text
    rounds: list[list[_Patch]] = []
    for _ in range(3):  # until nothing changes: a repair can leave a character that pairs with its neighbour
        patches1 = _repair_latin1_mojibake(plain, fx) if _LATIN_RUN.search(plain) else []
        plain = _apply(plain, patches1)
        patches2 = _repair_gbk_mojibake(plain, fx)
        plain = _apply(plain, patches2)
        if not patches1 and not patches2:
            break
        rounds += [patches1, patches2]
    if not marks:
        return plain
    placed = []
    for i, (pos, mark) in enumerate(marks):
        for patches in rounds:
            pos = _map_point(pos, patches)
        placed.append((pos, i, mark))
    placed.sort()
    out: list[str] = []
    last = 0
    for pos, _, mark in placed:
        out.append(plain[last:pos])
        out.append(mark)
        last = pos
    out.append(plain[last:])
    return "".join(out)


# --- 3. control characters, spaces, emphasis ----------------------------------------------------------------

_LINE_BREAKS = re.compile("[\x0b\u2028\u2029]")
# also the soft hyphen: invisible like the zero-width characters, but a Latin-1 character that garbled runs
# hold
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad]")
_UNICODE_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
# "**县" is a redacted two-character name, not the start of bold text
_BOLD = re.compile(
    r"(?<!\*)\*\*[^\S\n]*(?=[^\s*省市县区乡镇村州旗盟])((?:(?!\*\*)[^\n])+?)(?<=[^\s*])[^\S\n]*\*\*(?![省市县区乡镇村州旗盟*])"
)


def _strip_controls(text: str, fx: _Fixes) -> str:
    text, n1 = _LINE_BREAKS.subn("\n", text)
    text, n2 = _CONTROL.subn("", text)
    fx.add("control_chars", n1 + n2)
    text, n = _UNICODE_SPACE.subn(" ", text)
    fx.add("unicode_spaces", n)
    return text


def _mark_emphasis(text: str, fx: _Fixes) -> str:
    if "**" not in text:
        return text
    text, n = _BOLD.subn(lambda m: _EM_OPEN + m.group(1) + _EM_CLOSE, text)
    fx.add("markdown_emphasis", n)
    return text


# (not the Latin-1 symbols clean Chinese text uses, ×·°±÷: alone, they are never repaired)
_PRE_RANGES = (
    "\x00-\x08\x0b\x0e-\x1f\x7f-\u00af\u00b2-\u00b6\u00b8-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u2000-\u200f\u2028-\u202f\u205f-\u206f\u2e80-\u2fdf\ud800-\udfff"
    "\ue000-\uf8ff\ufdd0-\ufdef\ufe00-\ufe0f\ufeff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\ufffd-\uffff€"
)


@lru_cache(maxsize=1)
def _pre_trigger() -> re.Pattern[str]:
    """Any character that one of the character-level repairs acts on (one scan decides whether they run)."""
    chars = "".join(re.escape(c) for c in _gbk_mojibake_chars())
    return re.compile(f"[{_PRE_RANGES}{chars}\U000e0000-\U000e01ef]")


# --- 4. radicals and full-width ASCII -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    table = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
    text = resources.files("policytext.data").joinpath("cjk_radicals_supplement.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, target, *_ = line.split("\t")
            table[int(code, 16)] = chr(int(target, 16))
    return table


_RADICAL = re.compile("[\u2e80-\u2fdf]")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_FULLWIDTH_TABLE = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B)) for c in range(*r)}
_FULLWIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")


def _map_radicals(text: str, fx: _Fixes) -> str:
    if not _RADICAL.search(text):
        return text
    table = _radical_table()
    n = sum(1 for c in _RADICAL.findall(text) if ord(c) in table)
    fx.add("radicals", n)
    return text.translate(table)


def _fullwidth_ascii(text: str, fx: _Fixes) -> str:
    if not _FULLWIDTH_ALNUM.search(text):
        return text
    n = len(_FULLWIDTH_ALNUM.findall(text))
    text = text.translate(_FULLWIDTH_TABLE)
    text, k = _FULLWIDTH_POINT.subn(".", text)
    fx.add("fullwidth_ascii", n + k)
    return text


# --- 5. pinyin ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    text = resources.files("policytext.data").joinpath("pinyin_syllables.txt").read_text(encoding="utf-8")
    syl = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(syl | {"nue", "lue"})  # nüe/lüe as typed without ü


@lru_cache(maxsize=1)
def _syllable_sequence() -> re.Pattern[str]:
    alts = "|".join(sorted(_syllables(), key=len, reverse=True))
    return re.compile(f"(?:(?:{alts})[0-5]?)+")


_WEAK_SYLLABLES = frozenset({"a", "e", "o", "ê", "m", "n", "ng", "hm", "hng"})
# letters of pinyin: ASCII, ü, tone-marked vowels and combining tone marks
_PY_CHARS = "a-zA-Z\u00e0-\u00fc\u0101-\u01dc\u01f9\u1e3f\u1ebf\u1ec1\u0300-\u036f"
_PY_GROUP = f"[(（][{_PY_CHARS}0-5:' ’-]{{1,48}}[)）]"
_PY_ONE = re.compile(f"[(（]([{_PY_CHARS}0-5:' ’-]{{1,48}})[)）]")
_PY_QUICK_ASCII = re.compile(f"\\((?=[{_PY_CHARS}])")
_PY_QUICK_WIDE = re.compile(f"（(?=[{_PY_CHARS}])")
_PY_TOKEN_SPLIT = re.compile(r"[ '’\-·]+")
_PY_LINE = re.compile(f"[ \\t\u3000]*[{_PY_CHARS}][{_PY_CHARS}0-5 '’·\\-]*[ \\t\u3000]*")
_PY_LINE_START = re.compile(f"[ \\t\u3000{_EM}]*[{_PY_CHARS}]")
# (after the spaces and bold markers at the head of a line)
_PY_LINE_REST = f"[{_PY_CHARS}][{_PY_CHARS}0-5 '’·\\-{_EM}]*[ \\t\u3000{_EM}]*(?=[\n\f]|$)"
_PY_LINE_QUICK = re.compile(f"\n[ \\t\u3000{_EM}]*{_PY_LINE_REST}")
_PY_PAGE_QUICK = re.compile(f"\f[ \\t\u3000{_EM}]*{_PY_LINE_REST}")


def _pinyin_token(token: str) -> tuple[int, bool] | None:
    """``(syllables, strong)`` when ``token`` is pinyin, else None. Strong: toned, or a syllable of 2+
    letters."""
    if not token or token != token.lower():
        return None
    d = unicodedata.normalize("NFD", token).replace("u\u0308", "v").replace("e\u0302", "ê").replace("u:", "v")
    marks = sum(1 for c in d if "\u0300" <= c <= "\u036f")
    base = "".join(c for c in d if not "\u0300" <= c <= "\u036f")
    syl = _syllables()
    digit = base[-1:].isdigit()
    core = base[:-1] if digit and base[-1] in "012345" else base
    if core in syl:
        if marks > 1:
            return None
        toned = marks == 1 or digit
        return 1, toned or core not in _WEAK_SYLLABLES
    # several syllables written together: only when each carries a tone (digits or marks), which ordinary
    # words never do ("weibo" stays, "wei1bo2" and "wēibó" go)
    digits = sum(c.isdigit() for c in base)
    if digits >= 2 and _syllable_sequence().fullmatch(base) and re.fullmatch(r"(?:[a-zê]+[0-5])+", base):
        return digits, True
    if marks >= 2 and not any(c.isdigit() for c in base) and _syllable_sequence().fullmatch(base):
        return marks, True
    return None


@lru_cache(maxsize=4096)  # (readings repeat: each is judged twice, by weight and then for removal)
def _pinyin_content(content: str) -> tuple[bool, bool]:
    """``(is_pinyin, strong)`` for the text inside a pair of parentheses."""
    tokens = _PY_TOKEN_SPLIT.split(content.strip())
    if not tokens or not all(tokens):
        return False, False
    strong = False
    for tok in tokens:
        r = _pinyin_token(tok)
        if r is None:
            return False, False
        strong = strong or r[1]
    return True, strong or len(tokens) > 1


_PY_SEQ = re.compile(f"(?:[ \u3000{_EM}]*{_PY_GROUP})+")
_PY_SKIP = f" \u3000{_EM}"


def _annotations(text: str) -> list[re.Match[str]]:
    """Runs of parenthesised readings right after a Chinese character (spaces and bold markers may intervene).

    Found from the opening parentheses (a literal search, fast on text without readings), not by testing every
    character for a Chinese one before it.
    """
    opens = [m.start() for m in _PY_QUICK_ASCII.finditer(text)]
    if "（" in text:
        opens = sorted(opens + [m.start() for m in _PY_QUICK_WIDE.finditer(text)])
    found: list[re.Match[str]] = []
    covered = -1
    for p in opens:
        if p < covered:
            continue
        j = p - 1
        while j >= 0 and text[j] in _PY_SKIP:
            j -= 1
        if j < 0 or not _IS_HAN.match(text[j]):
            continue
        m = _PY_SEQ.match(text, j + 1)
        if m is not None and m.end() > p:
            found.append(m)
            covered = m.end()
    return found


def _strong_annotations(matches: list[re.Match[str]]) -> int:
    count = 0
    for m in matches:
        for g in _PY_ONE.finditer(m.group()):
            ok, strong = _pinyin_content(g.group(1))
            if not ok:
                break
            count += strong
    return count


def _remove_pinyin_annotations(text: str, fx: _Fixes, *, allow_weak: bool | None = None) -> str:
    if "(" not in text and "（" not in text:
        return text
    matches = _annotations(text)
    if not matches:
        return text
    if allow_weak is None:
        # a bare a/e/o/n/m in parentheses is pinyin only in a text that carries pinyin elsewhere ("情形(a)")
        allow_weak = _strong_annotations(matches) >= 2
    edits: list[tuple[int, int, str]] = []
    removed = 0
    for m in matches:
        groups = list(_PY_ONE.finditer(m.group()))
        k = 0
        for g in groups:
            ok, strong = _pinyin_content(g.group(1))
            if not ok or not (strong or allow_weak):
                break
            k += 1
        if k == 0:
            continue
        removed += k
        cut = groups[k - 1].end()
        # (bold markers stay where they were)
        edits.append((m.start(), m.start() + cut, "".join(c for c in m.group()[:cut] if c in _EM)))
    if not removed:
        return text
    fx.add("pinyin_annotations", removed)
    return _splice(text, edits)


def _is_pinyin_line(line: str) -> bool:
    tokens = _PY_TOKEN_SPLIT.split(line.strip())
    if not tokens or not all(tokens):
        return False
    marked = digits = False
    lower = True
    syllables = 0
    for tok in tokens:
        low = tok[0].lower() + tok[1:]
        lower = lower and low == tok
        r = _pinyin_token(low)
        if r is None:
            return False
        syllables += r[0]
        marked = marked or any("\u0300" <= c <= "\u036f" for c in unicodedata.normalize("NFD", low))
        digits = digits or any(c.isdigit() for c in low)
    if syllables < 2 and not marked:  # "A1", "e2": a cell, a label
        return False
    return marked or digits or (lower and len(tokens) >= 3)


def _remove_pinyin_lines(text: str, fx: _Fixes, *, after_nl: list[int] | None = None) -> str:
    """``after_nl``: where :data:`_PY_LINE_QUICK` matches, when known (:func:`_line_heads`)."""
    # the lines to look at: those that start with a letter of pinyin (after spaces or a bold marker)
    starts = [m.start() + 1 for m in _PY_LINE_QUICK.finditer(text)] if after_nl is None else list(after_nl)
    if "\f" in text:
        starts += [m.start() + 1 for m in _PY_PAGE_QUICK.finditer(text)]
    if _PY_LINE_START.match(text):
        starts.append(0)
    if not starts:
        return text
    n = len(text)
    edits: list[tuple[int, int, str]] = []
    for ls in sorted(set(starts)):
        le = min((x for x in (text.find("\n", ls), text.find("\f", ls)) if x >= 0), default=n)
        plain = text[ls:le].translate(_NO_EM)
        last = edits[-1][1] if edits else 0
        if ls < last or not (_PY_LINE.fullmatch(plain) and _is_pinyin_line(plain)):
            continue
        edits.append((*_line_cut(text, ls, le, last), ""))  # (a form feed after the line stays)
    if not edits:
        return text
    fx.add("pinyin_lines", len(edits))
    return _splice(text, edits)


_LINE_OR_PAGE = re.compile("([\n\f])")


def _line_heads(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Where :data:`_PY_LINE_QUICK` matches (as the offsets of the lines), and the spans of the matches of
    :data:`_PAGE_NUMBER_AFTER_NL`: one pass over the line breaks instead of two (each pass costs about as
    much as a look at every line; a line never starts as both, so they cannot hide each other's matches)."""
    pinyin: list[int] = []
    numbers: list[tuple[int, int]] = []
    for m in _LINE_HEADS.finditer(text):
        if m.lastgroup == "pinyin":
            pinyin.append(m.start() + 1)
        else:
            numbers.append(m.span())
    return pinyin, numbers


# --- 6. PDF layer: page furniture, tables of contents, broken lines -----------------------------------------

_PAGE_NUMBER = re.compile(
    r"[ \t\u3000]*(?:[-－—–―~·•]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:[/／]|共)\s*\d{1,4}\s*页?)?"
    r"(?:\s*[-－—–―~·•])?[ \t\u3000]*"
    r"|[ \t\u3000]*(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[ \t\u3000]*",
    re.IGNORECASE,
)
# page numbers that are unmistakable even without a page break next to them; each pattern starts with the
# line break before the line (a literal: fast to look for), the first line of a text is tried on its own
_PAGE_NUMBER_REST = (  # (after the spaces and bold markers at the head of a line)
    r"(?:[-－—–―][ \t]*\d{1,4}[ \t]*[-－—–―]"
    r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/／]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?)"
    "[ \t\u3000\ufdd0\ufdd1]*(?=\n|\f|$)"
)
_PAGE_NUMBER_LINE = "[ \t\u3000\ufdd0\ufdd1]*" + _PAGE_NUMBER_REST
_PAGE_NUMBER_AFTER_NL = re.compile("\n" + _PAGE_NUMBER_LINE)
_PAGE_NUMBER_HEAD = re.compile(_PAGE_NUMBER_LINE)  # (at the head of a page)
_PAGE_NUMBER_FIRST = re.compile(_PAGE_NUMBER_LINE + "\n?")
# both, with the head they share looked at once (their first characters after it differ); the lookahead turns
# away, with one test, the line that starts with anything else (most do)
_LINE_HEADS = re.compile(
    f"\n(?![^ \t\u3000{_EM}{_PY_CHARS}\\-－—–―第])[ \t\u3000{_EM}]*"
    f"(?:(?P<pinyin>{_PY_LINE_REST})|(?P<number>{_PAGE_NUMBER_REST}))"
)
_DIGITS = re.compile(r"\d+")
_INNER_SPACE = re.compile(r"[\s\u3000]+")
_SENTENCE_MARK = re.compile("[，。；！？]")


def _signature(line: str) -> str:
    """What a running header or footer keeps from page to page (digits vary); "" for lines that are
    content."""
    if len(line) > 120 or line[:1] == "\x00" or _SENTENCE_MARK.search(line):  # furniture is a label, not a sentence
        return ""
    s = _INNER_SPACE.sub("", _without_em(line))
    if len(s) > 40:
        return ""
    return _DIGITS.sub("#", s)


def _page_lines(page: str, k: int = 6) -> list[str]:
    """The lines of a page, except that a long middle stays one string (only the edges of a page matter)."""
    head = page.split("\n", k)
    if len(head) <= k:
        return head
    rest = head.pop().rsplit("\n", k)
    if len(rest) <= k:
        return head + rest
    return [*head, "\x00" + rest[0], *rest[1:]]  # (the marked middle is never blank, never furniture)


def _page_edges(nonblank: list[int]) -> tuple[list[int], list[int]]:
    """Indices of the lines that can be a running header (top) or footer (bottom) of a page (``nonblank``:
    the indices of its lines that are not blank)."""
    k = 2 if len(nonblank) >= 6 else 1
    top = nonblank[:k]
    return top, [i for i in nonblank[-k:] if i not in top]


def _nonblank(lines: list[str]) -> list[int]:
    return list(compress(range(len(lines)), map(str.strip, lines)))


def _remove_page_furniture(
    text: str, fx: _Fixes, *, nul_free: bool = False, numbers: list[tuple[int, int]] | None = None
) -> str:
    """``nul_free``: the text holds no NUL (the character-level steps removed them), so that a page no line is
    removed from can stay as it is (see below). ``numbers``: the spans of the matches of
    :data:`_PAGE_NUMBER_AFTER_NL`, when known (:func:`_line_heads`)."""
    removed = 0
    if numbers:
        text = _splice(text, ((start, end, "") for start, end in numbers))
        removed = len(numbers)
    raw = text.split("\f") if "\f" in text else [text]  # the pages
    # (no quicker test first: a page number line needs one of these characters, and the patterns are searched
    # for from their literal first character; a pattern that would find "a page number anywhere" has none, and
    # took ten times as long on a text without page numbers)
    if any(c in text for c in "-－—–―页"):
        # a page number line goes with the line break before it (at the head of a page, with none; the first
        # line of the text, with the one after it). Page by page: a page number line never holds a form feed,
        # and the text is split into pages below anyway.
        for i, page in enumerate(raw):
            page, n = _PAGE_NUMBER_AFTER_NL.subn("", page) if numbers is None else (page, 0)
            if i and (number := _PAGE_NUMBER_HEAD.match(page)) is not None:
                page = page[number.end() :]
                n += 1
            raw[i] = page
            removed += n
        first = _PAGE_NUMBER_FIRST.match(raw[0])
        if first is not None and first.group().strip():
            raw[0] = raw[0][first.end() :]
            removed += 1
        if removed and len(raw) == 1:
            text = raw[0]
    if len(raw) > 1:
        numbered = removed > 0
        pages = [_page_lines(p) for p in raw]
        nonblank = [_nonblank(lines) for lines in pages]
        edges = [_page_edges(nb) for nb in nonblank]
        sigs = [
            ({j: _signature(lines[j]) for j in top}, {j: _signature(lines[j]) for j in bottom})
            for lines, (top, bottom) in zip(pages, edges, strict=True)
        ]
        tops: Counter[str] = Counter(sig for top, _ in sigs for sig in set(top.values()))
        bottoms: Counter[str] = Counter(sig for _, bottom in sigs for sig in set(bottom.values()))
        need = max(2, math.ceil(0.4 * (len(pages) - 1)))
        # only the pages that lose a line are put together again; but a line of text that starts with NUL loses
        # it as the marked middle of a page does, so a text that may hold one is put together in full
        changed = [not nul_free and "\x00" in text] * len(pages)
        for i, lines in enumerate(pages):
            top, bottom = edges[i]
            top_sig, bottom_sig = sigs[i]
            drop: set[int] = set()
            for j in top if i > 0 else []:
                if (sig := top_sig[j]) and tops[sig] >= need:
                    drop.add(j)
            for j in bottom:
                if (sig := bottom_sig[j]) and bottoms[sig] >= need:
                    drop.add(j)
            # a bare page number at the foot of a page or the head of the next
            edge = top[:1] + bottom[-1:]
            for j in edge:
                if len(lines[j]) < 40 and _PAGE_NUMBER.fullmatch(_without_em(lines[j])) and lines[j].strip():
                    drop.add(j)
            if drop:
                removed += len(drop)
                pages[i] = [line for j, line in enumerate(lines) if j not in drop]
                nonblank[i] = _nonblank(pages[i])
                changed[i] = True
        # a short line at the head of a page, between the two halves of a sentence, is a running header even
        # when the document is too short for it to repeat
        for i in range(1, len(pages)):
            prev = nonblank[i - 1]
            lines = pages[i]
            body = nonblank[i]
            if not prev or len(body) < 2:
                continue
            head = lines[body[0]].strip()
            tail = pages[i - 1][prev[-1]].strip()
            if head[:1] == "\x00" or tail[:1] == "\x00":
                continue
            if (
                len(head) <= 30
                and len(tail) >= 2 * len(head)
                and not _ends_sentence(tail)
                and not _is_heading(tail)
                and not _ends_sentence(head)
                and not _is_heading(head)
                and not lines[body[1]].startswith(("\u3000", "  "))
            ):
                removed += 1
                pages[i] = lines[: body[0]] + lines[body[0] + 1 :]
                nonblank[i] = [j - 1 for j in body[1:]]
                changed[i] = True
        if numbered or any(changed):
            text = "\f".join(
                "\n".join(line[1:] if line[:1] == "\x00" else line for line in lines) if changed[i] else raw[i]
                for i, lines in enumerate(pages)
            )
    fx.add("page_furniture", removed)
    return text


_TOC_TITLE = re.compile(r"[ \t\u3000]*(?:目[ \t\u3000]*录|contents)[ \t\u3000]*[:：]?[ \t\u3000]*", re.IGNORECASE)
_TOC_LEADER_END = re.compile(r"(?:[.．·•⋯…_]{2,}|[.．·•⋯…_]*…)[ \t\u3000]*\d{1,4}[ \t\u3000]*$")
# the same at the end of any line of a text (no part of it matches a line break, so no match spans two lines)
_TOC_LEADER_LINE_END = re.compile(_TOC_LEADER_END.pattern, re.MULTILINE)
_TOC_SPACED_END = re.compile(r"\S(?:[ \t\u3000]{2,}|\t)\d{1,4}[ \t\u3000]*$")
_TOC_BARE_END = re.compile(r"[^\d\s.．,，\-—]\d{1,3}[ \t\u3000]*$")
_SURE_END = frozenset("。！？；：…!?;:")
_TERMINAL_END = re.compile(f"(?:[{_CJK_STOP}!?;:]|(?<!\\d)\\.)[{_CJK_CLOSE}\"')\\]{_EM}]*[ \\t\u3000]*$")


def _entry_marker(line: str) -> str:
    s = line.lstrip(" \t\u3000")
    m = _HEADING.match(s)
    return m.group(0).strip()[:1] if m else ""


def _toc_possible(text: str) -> bool:
    # single-character tests first: they cost next to nothing on text that has none of those characters
    return bool(
        next(_runs(text, ".", 3), -1) >= 0
        or next(_runs(text, "．"), -1) >= 0
        or next(_runs(text, "·"), -1) >= 0
        or ("…" in text and _ELLIPSIS_LEADER.search(text))
        or _has_toc_title(text)
    )


def _has_toc_title(text: str) -> bool:
    """``_TOC_TITLE_ANYWHERE.search(text)``, looked for from the rarer of its two characters, as :func:`_runs`
    does."""
    i = text.find("录")
    for _ in range(4096):
        if i < 0:
            return False
        j = i - 1
        while j >= 0 and text[j] in " \t\u3000":
            j -= 1
        if j >= 0 and text[j] == "目":
            return True
        i = text.find("录", i + 1)
    return _TOC_TITLE_ANYWHERE.search(text) is not None


_ELLIPSIS_LEADER = re.compile(r"…[ \t\u3000]*\d|…\.")
_TOC_TITLE_ANYWHERE = re.compile(r"目[ \t\u3000]*录")


def _remove_table_of_contents(text: str, fx: _Fixes) -> str:
    if not _toc_possible(text):
        return text
    flat = text.replace("\f", "\n\f\n")  # a page break is a line break too
    original = flat.split("\n")
    # (``str.translate`` costs much more than two searches, and most texts hold no bold markers)
    if _EM_OPEN in text or _EM_CLOSE in text:
        lines = [line.translate(_NO_EM) for line in original]
        flat = "\n".join(lines)
    else:
        lines = original
    titled = set(compress(range(len(lines)), map(_TOC_TITLE.fullmatch, lines)))
    # the lines that end with a leader and a page number: one search through the text, not one per line
    leaders: set[int] = set()
    k = pos = 0
    for m in _TOC_LEADER_LINE_END.finditer(flat):
        k += flat.count("\n", pos, m.start())
        pos = m.start()
        leaders.add(k)
    drop: set[int] = set()
    end_of_block = 0
    n = len(lines)
    for i in sorted(titled | leaders):  # (a block starts with a title or an entry: the other lines are passed)
        if i < end_of_block:
            continue
        title = i in titled
        # a block: entries, entries wrapped over two lines, short section labels, blank lines
        start = i
        entries: list[int] = [] if title else [i]
        pending: list[int] = []  # non-blank, non-entry lines since the last entry
        j = i + 1
        while j < n:
            line = lines[j]
            s = line.strip()
            if j in leaders or (title and _TOC_SPACED_END.search(line)):
                entries.append(j)
                pending = []
            elif s and s != "\f":
                if len(s) > 40 or _ends_sentence(s) or len(pending) >= 3:
                    break
                pending.append(j)
            j += 1
        if len(entries) + title < 2:
            continue
        end = entries[-1]
        markers = {_entry_marker(lines[e]) for e in entries} | {_entry_marker(lines[e - 1]) for e in entries if e}
        markers.discard("")
        # an entry after the last leader, its page number right after the text ("…激发干部\n“源动力”6")
        for t, p in enumerate(pending):
            if _TOC_BARE_END.search(lines[p]) and (t == 0 or _entry_marker(lines[pending[t - 1]]) in markers):
                end = p
        block = set(range(start, end + 1))
        # the first entry may be wrapped: its first line sits right above it, with a marker other entries
        # share
        first = entries[0]
        above = lines[first - 1] if first > 0 else ""
        if not title and above.strip() and not _ends_sentence(above) and _entry_marker(above) in markers:
            block.add(first - 1)
            start = first - 1
        # a section label above the block that looks like the labels inside it ("★ 市内信息")
        labels = {lines[k].strip()[:1] for k in block if k not in entries} & set(_SECTION_SYMBOLS)
        k = start - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        if k >= 0 and lines[k].strip()[:1] in labels and len(lines[k].strip()) <= 40:
            block.add(k)
        drop |= {k for k in block if lines[k].strip() and lines[k].strip() != "\f"}
        end_of_block = end + 1
    if not drop:
        return text
    fx.add("table_of_contents", len(drop))
    kept: list[str] = []
    copied = 0
    for k in sorted(drop):
        kept += original[copied:k]
        copied = k + 1
    kept += original[copied:]
    return "\n".join(kept).replace("\n\f\n", "\f")


_SECTION_SYMBOLS = "△▲★☆●○◆◇■□▶►•◎※"
_HEADING = re.compile(
    r"(?:[一二三四五六七八九十百零〇]{1,3}[、．.]"
    r"|[（(][一二三四五六七八九十百零〇]{1,3}[）)]"
    r"|\d{1,3}(?:[、．]|\.(?!\d))"
    r"|[（(]\d{1,3}[）)]"
    r"|第[一二三四五六七八九十百零〇\d]{1,4}[章节条部分篇编]"
    r"|[①-⑳⑴-⒇⒈-⒛]"
    r"|[△▲★☆●○◆◇■□▶►•◎※]"
    r"|[-–—*·]\s"
    r"|附件|附表|附：)"
)
_INDENT = re.compile(r"[ \t\u3000]")
_CONTINUATION_START = f"，。、；：？！{_CJK_CLOSE},.;:?!)%"
_JOINABLE_END = f"，、{_CJK_OPEN}—～-/"
_LONG_LINE = 48
_JUDGED_LENGTH = 6  # (a line shorter than this, in characters, says nothing about how a text is wrapped)
_WIDTH_TOLERANCE = 4


def _display_width(line: str) -> int:
    return len(line.encode("gb18030", "replace"))


def _strip_em(s: str) -> str:
    return s.strip(_EM + " \t\u3000")


def _ends_sentence(line: str) -> bool:
    last = line[-1:]
    if last in _SURE_END:
        return True
    if last and last not in _MAYBE_END:
        return False
    return _terminal_end(line)


# what may stand after the mark that ends a sentence: closing quotes and brackets, bold markers (then spaces)
_CLOSERS = _CJK_CLOSE + "\"')]" + _EM


def _terminal_end(line: str) -> bool:
    """``_TERMINAL_END.search(line) is not None`` for a line without line breaks, without searching the
    whole line: strip the spaces, then the closing marks, and look at the character left."""
    s = line.rstrip(" \t\u3000").rstrip(_CLOSERS)
    c = s[-1:]
    return c in _SURE_END or (c == "." and not s[-2:-1].isdecimal())  # (a decimal point ends nothing)


# a line ending in one of these may still end a sentence (“…。” ）, trailing spaces, a bold marker)
_MAYBE_END = frozenset(_CJK_CLOSE + "\"')]. \t\u3000" + _EM)
_NOT_SURE_END = dict.fromkeys(_SURE_END, False)  # (``.get(c, True)``: a fast "c not in _SURE_END" for ``map``)


def _joinable_end(line: str) -> bool:
    """Whether a line can stop in the middle of a sentence: it ends on a character, a comma, an opening
    bracket."""
    s = line.rstrip(_EM + " \t\u3000")
    while s and s[-1] in "”’」』":
        s = s[:-1].rstrip(_EM)
        if s and s[-1] in _CJK_STOP:
            return False
    if not s:
        return False
    c = s[-1]
    return bool(_IS_HAN.match(c)) or c in _JOINABLE_END or c.isdigit()


def _looks_like_title(line: str) -> bool:
    s = _strip_em(line)
    return len(s) <= 40 and "，" not in s and "；" not in s and "。" not in s


def _is_heading(line: str) -> bool:
    return _HEADING.match(_strip_em(line)) is not None


class _Layout:
    """What a document's line breaks mean: hard-wrapped at a fixed width, or one paragraph per line.

    Widths are display columns (a Chinese character is two); they are computed only where they can matter, and
    on a sample of the lines of a long text, so a text of one paragraph per line costs little more than a
    length per line.
    """

    wrapped = False
    width = 0
    uses_blank = uses_indent = paged = blank_everywhere = False

    def __init__(
        self,
        lines: list[str],
        gaps: _Gaps | _NoGaps | _LaidOutGaps | list[str],
        *,
        paged: bool = False,
        midway: list[int] | None = None,
    ) -> None:
        self.lines = lines
        self.paged = paged  # the text marks its page breaks with form feeds
        self._widths: dict[int, int] = {}
        if not lines:
            return
        if midway is None:
            midway = [k for k, line in enumerate(lines) if not _ends_sentence(line)]
        # hard wrapping shows as many lines of about one width that stop mid-sentence
        # (the evidence is prose: a title or heading that stops short is no sign of wrapping)
        # (judged on every line of a text under about 1200 such lines, on an even sample of a longer one)
        midway = [k for k in midway if _JUDGED_LENGTH <= len(lines[k]) <= 250]
        stride = _probe_step(len(midway))
        midway = [k for k in midway[::stride] if not _looks_like_title(lines[k])]
        if len(midway) < 2:
            return
        n_midway = len(midway) * stride
        sample = midway if len(midway) <= 400 else midway[:: len(midway) // 400 + 1]
        counts = Counter(self.width_of(k) for k in sample)
        best_w, best_n = 0, 0
        for w in counts:
            n = sum(counts[v] for v in range(w - _WIDTH_TOLERANCE, w + 1))
            if n > best_n or (n == best_n and w > best_w):
                best_w, best_n = w, n
        if not 24 <= best_w <= 240:
            return
        step = _probe_step(len(lines))
        probe = range(0, len(lines), step)  # (every line of a text under 1200 lines)
        long_enough = [k for k in probe if len(lines[k]) >= _JUDGED_LENGTH]
        if not long_enough:
            return
        wider = sum(1 for k in long_enough if len(lines[k]) > best_w + 2 or self.width_of(k) > best_w + 2)
        # (full lines that look like titles are left out here as they are from ``midway``: same population)
        at_width = sum(
            1
            for k in long_enough
            if best_w - _WIDTH_TOLERANCE <= self.width_of(k) <= best_w
            and not (_looks_like_title(lines[k]) and not _ends_sentence(lines[k]))
        )
        at_width_midway = sum(1 for k in sample if best_w - _WIDTH_TOLERANCE <= self.width_of(k) <= best_w)
        share = at_width / len(long_enough)
        midway_share = at_width_midway * n_midway / len(sample) / max(at_width * step, 1)
        # wrapped prose: sentences are longer than lines, so most full lines stop mid-sentence
        if not (
            (best_n >= 3 and wider <= 0.1 * len(long_enough) and midway_share >= 0.6 and share >= 0.25)
            # a short text: two lines of the widest width, both cut mid-sentence
            or (best_n >= 2 and wider == 0 and at_width_midway == at_width and best_w >= 30)
        ):
            return
        self.wrapped = True
        self.width = best_w
        # some PDF extractions put every line in a text box of its own, so a blank line follows nearly every
        # full line: then a blank line says nothing about paragraphs, and wrapped lines join across it
        after_full = [gaps[k + 1] for k in sample if k + 1 < len(lines) and self.full(k)]
        self.blank_everywhere = len(after_full) >= 3 and sum(g == "blank" for g in after_full) >= 0.8 * len(after_full)
        # how paragraphs are marked, judged at the clear paragraph ends (a line that stops short)
        ends_blank = ends_nl = ends_indented = 0
        for k in range(len(lines) - 1):
            if not self.full(k):
                if gaps[k + 1] in ("blank", "page_blank"):
                    ends_blank += 1
                else:
                    ends_nl += 1
                    ends_indented += bool(_INDENT.match(lines[k + 1]))
        self.uses_blank = ends_blank >= 2 and ends_blank > ends_nl
        self.uses_indent = ends_indented >= 2 and ends_indented >= 0.5 * ends_nl
        # indentation beyond the left margin every line shares (text laid out with a margin, as pdftotext
        # -layout)
        indents = [_display_width(s) - _display_width(s.lstrip(" \t\u3000")) for s in lines]
        self._margin = min(indents)
        self._indents = indents

    def width_of(self, k: int) -> int:
        w = self._widths.get(k)
        if w is None:
            w = self._widths[k] = _display_width(self.lines[k])
        return w

    def full(self, k: int) -> bool:
        return self.width - _WIDTH_TOLERANCE <= self.width_of(k) <= self.width + 2

    def indented(self, k: int) -> bool:
        if not self.wrapped:
            return bool(_INDENT.match(self.lines[k]))
        return self._indents[k] > self._margin + 1


_PARAGRAPHS = _Layout([], [])  # one paragraph per line


def _should_join(a: str, b: str, gap: str, k: int, layout: _Layout) -> bool:
    """Whether the break between line ``k`` (``a``) and the next non-blank line (``b``) is inside a
    sentence."""
    b0 = _strip_em(b)[:1]
    if not layout.wrapped:
        return _joins_paragraph(a, b, b0)
    if _is_heading(b):
        return False
    if not layout.full(k):
        return False
    if b0 and b0 in _CONTINUATION_START:
        return True
    if k == 0 and _looks_like_title(a) and (layout.full(k + 1) or _ends_sentence(b)):
        return False  # a text opens with its title, however wide; only its own short tail joins it
    if layout.indented(k + 1):  # wrapping never indents a continuation line
        return False
    if not _ends_sentence(a):
        # a blank line that is not a page break ends a block, even where the sentence looks unfinished (a
        # title); the page breaks that matter come with form feeds in text laid out like this — unless blank
        # lines follow every line and so mark nothing
        return gap != "blank" or layout.blank_everywhere
    # a finished sentence at the right margin: a paragraph end if a blank line follows, else only where
    # paragraphs are marked otherwise (indentation, blank lines)
    if gap in ("blank", "page_blank"):
        return False
    return layout.uses_indent or layout.uses_blank


def _joins_paragraph(a: str, b: str, b0: str) -> bool:
    """:func:`_should_join` for text of one paragraph per line (``b0``: the first character of ``b`` after bold
    markers and spaces): a line that continues the one before (it starts with a comma, a closing mark) after
    a line that stops mid-sentence; or a body line (long, holding a finished sentence) that stops
    mid-sentence."""
    if b0 and b0 in _CONTINUATION_START:  # (no heading starts with one of these)
        return not _ends_sentence(a)
    if len(a) < _LONG_LINE or _is_heading(b) or _ends_sentence(a) or not _joinable_end(a):
        return False  # (the common case, decided cheaply: a title or heading line)
    s = _strip_em(a)
    return len(s) >= _LONG_LINE and ("。" in s or "！" in s or "？" in s or "；" in s)


def _stray_page_head(k: int, lines: list[str], gaps: _Gaps, layout: _Layout) -> bool:
    """A short line at the head of a page that fits no paragraph of a wrapped text: a running header that
    occurs
    only once (a two-page document), between two paragraphs.

    After a finished paragraph, a paragraph starts indented (where paragraphs are indented) or after a blank
    line (where blank lines separate them); a short unindented line glued to the next paragraph is neither.
    """
    if gaps[k] not in ("page", "page_blank"):
        return False
    head = lines[k].strip()
    if len(head) > 30 or layout.full(k) or _ends_sentence(head) or _is_heading(head):
        return False
    if layout.full(k - 1) and not (_ends_sentence(lines[k - 1]) and gaps[k] == "page_blank"):
        return False  # the paragraph before may go on here
    if layout.uses_indent:
        return not layout.indented(k) and layout.indented(k + 1)
    return gaps[k + 1] == "nl"


_LINE_EDGE_SPACE = frozenset(" \t\u3000")
# what a line may start with when it continues the line before: continuation punctuation, or a bold marker or
# spaces in front of it
_CONT_OR_MARK = frozenset(_CONTINUATION_START + _EM + " \t\u3000")


def _gap(raw: list[str], i: int, j: int) -> str:
    """The kind of break between raw lines ``i`` and ``j`` (both non-blank)."""
    if j == i + 1:
        return "nl"
    between = raw[i + 1 : j]
    if "\f" in between:
        return "page_blank" if any(line != "\f" for line in between) else "page"
    return "blank"


def _join_pair(prev: str, nxt: str) -> str:
    prev = prev.rstrip(" \t\u3000")
    nxt = nxt.strip(" \t\u3000")
    # English text lost a space at the line end; a Latin word inside Chinese text was only cut in two
    latin = prev[-1:].isascii() and prev[-1:].isalpha() and nxt[:1].isascii() and nxt[:1].isalpha()
    sep = " " if latin and sum(c.isascii() for c in prev) * 2 > len(prev) else ""
    return prev + sep + nxt


class _NoGaps:
    """Gaps of lines with no blank line between them."""

    def __getitem__(self, k: int) -> str:
        return "nl" if k else ""


class _Gaps:
    """The kind of break before each non-blank line, worked out when asked for."""

    def __init__(self, raw: list[str], idx: list[int]) -> None:
        self.raw = raw
        self.idx = idx
        self.cache: dict[int, str] = {}

    def __getitem__(self, k: int) -> str:
        if k == 0:
            return ""
        gap = self.cache.get(k)
        if gap is None:
            gap = self.cache[k] = _gap(self.raw, self.idx[k - 1], self.idx[k])
        return gap

    def __setitem__(self, k: int, value: str) -> None:
        self.cache[k] = value


class _LaidOutGaps:
    """The gaps of laid-out lines (blank lines are empty), worked out when first asked for."""

    def __init__(self, out: list[str]) -> None:
        self.out = out
        self.gaps: _Gaps | _NoGaps | None = None

    def __getitem__(self, k: int) -> str:
        if self.gaps is None:
            where = _nonblank_positions(self.out)
            self.gaps = _Gaps(self.out, where) if len(where) < len(self.out) else _NoGaps()
        return self.gaps[k]


def _second_look(out: list[str], joined: list[int] | None, only: list[int] | None = None) -> int:
    """Join, in laid-out lines (one paragraph per line), breaks that still look mid-sentence: the rule for
    text of one paragraph per line, applied to what the first pass made, so that normalizing again changes
    nothing.

    ``only``: the lines whose end may have changed (the others were judged by this same rule already).

    Up to four rounds: each joins the pairs it found (from the end, each line in one join at most), then looks
    again at the lines it made and the lines before them. A line taken in is not dropped from ``out`` until
    the end: the lines keep their indices, and the line after or before a line is looked up in ``after`` and
    ``before`` where a join changed it (otherwise it is the next or previous index), so that a round costs
    what its pairs cost, not a copy of every line.
    """
    total = 0
    n = len(out)
    after: dict[int, int] = {}  # the next line still there, where it is not the next index
    before: dict[int, int] = {}  # and the previous one
    gone: list[int] = []  # the lines taken in
    kept_joined: set[int] | None = None  # ``joined`` as a set of indices into ``out``, once a join was made
    for _ in range(4):
        looked = range(n) if only is None else sorted(set(only))
        pairs = []
        for k in looked:
            n1 = after.get(k, k + 1)
            if n1 >= n or not out[k]:
                continue
            j = n1 if out[n1] else after.get(n1, n1 + 1)  # the next line, across one blank line
            if j < n and out[j]:
                a = out[k]
                if (len(a) >= _LONG_LINE and a[-1] not in _SURE_END) or out[j][0] in _CONT_OR_MARK:
                    pairs.append((k, j))
        dead: set[int] = set()
        done: list[int] = []  # the lines that took in the line after them (and a blank line between)
        for k, j in reversed(pairs):  # from the end: a join never moves a line still to be looked at
            if k in dead or j in dead:
                continue
            b = out[j]
            if _joins_paragraph(out[k], b, _strip_em(b)[:1]):  # (as _should_join for text of paragraphs)
                out[k] = _join_pair(out[k], b)
                n1 = after.get(k, k + 1)
                dead.add(j)
                if n1 != j:
                    dead.add(n1)
                nj = after.get(j, j + 1)
                after[k] = nj
                if nj < n:
                    before[nj] = k
                done.append(k)
        if not done:
            break
        gone += dead
        total += len(done)
        # (a line that took in the next one and was then taken in by the line before it is that line now)
        done = [k for k in done if k not in dead]
        if joined is not None:
            if kept_joined is None:
                kept_joined = set(joined)
            kept_joined.difference_update(dead)
            kept_joined.update(done)
        # a joined line may now join the line after it, and the line before it this one (line 0 is never
        # taken in: it is the first line)
        only = done + [before.get(k, k - 1) for k in done if k]
    if gone:
        gone.sort()
        pieces: list[str] = []
        copied = 0
        for i in gone:
            pieces += out[copied:i]
            copied = i + 1
        pieces += out[copied:]
        out[:] = pieces
        if joined is not None and kept_joined is not None:
            # (indices after the lines taken in move up; _ALL_LINES, -1, stays as it is)
            joined[:] = [i - bisect_left(gone, i) for i in sorted(kept_joined)]
    return total


def _rejoin(text: str, fx: _Fixes, *, layout: bool = False, joined: list[int] | None = None, _depth: int = 0) -> str:
    """Join broken lines; with ``layout``, also lay the text out (strip lines, one blank line between blocks)
    and take a second look at the laid-out paragraphs.

    Per-line facts are gathered with ``map`` and ``compress`` over built-in methods (no Python code per line),
    so that a text of one paragraph per line costs little more than its split and join.

    ``joined`` collects the indices (in the output lines) of lines that were made by joining.
    """
    if "\n" not in text and "\f" not in text:
        return text.strip() if layout else text
    paged = "\f" in text
    # (a form feed is a line of its own)
    raw = text.replace("\f", "\n\f\n").split("\n") if paged else text.split("\n")
    stripped = list(map(str.strip, raw))
    idx = list(compress(range(len(raw)), stripped))  # the lines that are not blank
    if len(idx) < 2:
        if layout:
            return raw[idx[0]].strip() if idx else ""
        return "\n".join(raw[i] for i in idx)
    lines = list(compress(raw, stripped))
    last_chars = list(map(_LAST, lines))
    # the breaks that can be inside a sentence: after a line that does not end one, or before a continuation
    midway = _midway(lines, last_chars)
    conts = [
        k
        for k in compress(range(len(lines)), map(_CONT_OR_MARK.__contains__, map(_FIRST, lines)))
        if k and _strip_em(lines[k])[:1] in _CONTINUATION_START
    ]
    last = len(lines) - 1
    cands = sorted({k for k in midway if k < last and len(lines[k]) >= _LONG_LINE} | {k - 1 for k in conts})
    gaps = _Gaps(raw, idx)
    lay = _Layout(lines, gaps, paged=paged, midway=midway) if len(midway) >= 2 or cands else _PARAGRAPHS
    if lay.wrapped:
        if paged and (lay.uses_indent or lay.uses_blank):
            heads = [k for k in range(1, len(lines) - 1) if _stray_page_head(k, lines, gaps, lay)]
            if heads:
                fx.add("page_furniture", len(heads))
                for k in reversed(heads):
                    gaps.cache = {}
                    del lines[k], idx[k]
                lay = _Layout(lines, gaps, paged=True)
        cands = list(range(len(lines) - 1))
    joins = [k for k in cands if _should_join(lines[k], lines[k + 1], gaps[k + 1] if lay.wrapped else "", k, lay)]
    if not joins and (not layout or (not paged and _tidy(raw, idx, lines, stripped))):
        return text
    wrapped = lay.wrapped
    uses_blank = lay.uses_blank
    join_set = set(joins)
    # lines copied as they are, except where something happens: a join, a gap, spaces at an edge
    n = len(lines)
    if layout:  # (str.strip returns the line itself when there is nothing to strip)
        edges = list(compress(range(n), map(is_not, lines, compress(stripped, stripped))))
    else:
        edges = list(compress(range(n), map(_LINE_EDGE_SPACE.__contains__, last_chars)))
    gapped = [k + 1 for k in compress(range(n - 1), map((1).__lt__, map(sub, idx[1:], idx)))]
    events = sorted(set(edges) | set(gapped) | {k + 1 for k in joins})
    out: list[str] = []
    made: list[int] = []
    copied = 0
    for k in events:
        out.extend(lines[copied:k])
        copied = k + 1
        if k - 1 in join_set:
            out[-1] = _join_pair(out[-1], lines[k])
            if not made or made[-1] != len(out) - 1:
                made.append(len(out) - 1)
            continue
        if k and idx[k] - idx[k - 1] > 1:
            gap = gaps[k]
            if gap == "blank" or (gap == "page_blank" and (uses_blank or not wrapped)):
                out.append("")
        out.append(lines[k].strip() if layout else lines[k].rstrip())
    out.extend(lines[copied:])
    n_joins = len(joins)
    if layout:
        if joined is not None:
            joined.extend(made)
        # the laid-out lines as the next reader sees them (no indentation, no page breaks): when they still
        # look hard-wrapped, they are judged again, so that normalizing twice changes nothing
        shown = list(compress(out, out))
        again = _midway(shown, list(map(_LAST, shown)))
        if _depth < 3 and len(again) >= 2 and _Layout(shown, _LaidOutGaps(out), midway=again).wrapped:
            fx.add("line_joins", n_joins)
            if joined is not None:
                joined[:] = [_ALL_LINES]
            return _rejoin("\n".join(out), fx, layout=True, joined=joined, _depth=_depth + 1)
        if wrapped:
            n_joins += _second_look(out, joined)
        elif made:  # one paragraph per line already: only the joined lines can look different now
            n_joins += _second_look(out, joined, only=made)
    fx.add("line_joins", n_joins)
    return "\n".join(out)


def _surely_unwrapped(lines: list[str]) -> bool:
    """Whether :class:`_Layout` finds ``lines`` not hard-wrapped, shown from the lines it probes alone.

    ``_Layout`` calls a text wrapped only when, for the width ``w`` it settles on (24 to 240 columns), at most
    a tenth of the probed lines are wider than ``w + 2`` and at least a quarter are within ``w - 4 .. w``, or
    when none is wider. If no ``w`` passes those tests on the probe, the text is not wrapped whatever else
    ``_Layout`` finds; this costs a width per probed line (1200 at most), while ``_Layout`` also looks at every
    line that stops mid-sentence. (A width is never less than a length: the tests on widths cover both.)
    """
    probe = lines[:: _probe_step(len(lines))]  # (the probe of _Layout)
    return _unwrapped_widths([_display_width(line) for line in probe if len(line) >= _JUDGED_LENGTH])


def _unwrapped_widths(widths: list[int]) -> bool:
    """:func:`_surely_unwrapped` from the display widths of the probed lines of :data:`_JUDGED_LENGTH` characters
    or more."""
    widths = sorted(widths)
    n = len(widths)
    if not n:
        return True  # (nothing to judge by: not wrapped)
    for w in range(24, 241):
        wider = n - bisect_right(widths, w + 2)
        if wider == 0:
            return False
        if wider <= 0.1 * n and bisect_right(widths, w) - bisect_left(widths, w - 4) >= 0.25 * n:
            return False
    return True


@cache
def _width_table() -> np.ndarray:
    """:func:`_display_width` of each character, as a lookup table over every code point (GB18030 spends 1, 2
    or 4 bytes on a character, and a character outside the BMP takes four)."""
    table = np.full(0x110000, 4, dtype=np.uint8)
    table[:0x10000] = [len(chr(c).encode("gb18030", "replace")) for c in range(0x10000)]
    return table


def _line_widths(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[int]:
    """:func:`_display_width` of the lines (``starts``, ``ends``) of a text (``codes``: :func:`_codes`), summed
    from a table without making the lines (only their characters are looked up)."""
    lens = ends - starts
    bounds = np.concatenate(([0], np.cumsum(lens)))
    total = int(bounds[-1])
    if not total:
        return [0] * len(lens)
    # the offsets of the characters of the lines, one line after the other
    at = np.repeat(starts - bounds[:-1], lens) + np.arange(total)
    summed = np.concatenate(([0], np.cumsum(_width_table()[codes[at]], dtype=np.int64)))
    return (summed[bounds[1:]] - summed[bounds[:-1]]).tolist()


def _probe_widths(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[int]:
    """:func:`_line_widths` of the probed lines (``starts``, ``ends``) that are long enough to be judged."""
    judged = (ends - starts) >= _JUDGED_LENGTH
    return _line_widths(codes, starts[judged], ends[judged])


def _char_table(member: Callable[[str], bool]) -> np.ndarray:
    """A lookup table over every code point: ``table[ord(c)]`` is ``member(c)`` (asked of the BMP characters; no
    character outside the BMP is a member of any table it is used for)."""
    table = np.zeros(0x110000, dtype=bool)
    table[:0x10000] = np.fromiter((member(chr(c)) for c in range(0x10000)), dtype=bool, count=0x10000)
    return table


@cache
def _line_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Tables for :func:`_rejoin_paragraphs`: whitespace (as ``str.strip`` sees it), the marks that surely end
    a sentence, the punctuation a line that continues the one before starts with, and what
    :func:`_strip_em` strips (bold markers and spaces)."""
    return (
        _char_table(str.isspace),
        _char_table(_SURE_END.__contains__),
        _char_table(frozenset(_CONTINUATION_START).__contains__),
        _char_table(frozenset(_EM + " \t\u3000").__contains__),
    )


def _continues(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether each line (``starts``, ``ends``) starts with continuation punctuation after bold markers and
    spaces (``_strip_em(line)[:1] in _CONTINUATION_START``), or may (more than eight of those in front)."""
    _, _, cont_t, skip_t = _line_tables()
    n = len(codes)
    head = codes[np.minimum(starts, n - 1)]
    found = cont_t[head] & (starts < ends)
    rows = np.flatnonzero(skip_t[head] & (starts < ends))  # (the lines that start with a marker or a space)
    pos, lim = starts[rows], ends[rows]
    for _ in range(8):
        if not len(rows):
            break
        pos = pos + 1
        inside = pos < lim
        c = codes[np.minimum(pos, n - 1)]
        more = inside & skip_t[c]
        settled = ~more
        found[rows[settled]] = inside[settled] & cont_t[c[settled]]
        rows, pos, lim = rows[more], pos[more], lim[more]
    found[rows] = True  # (let _joins_paragraph judge)
    return found


def _codes(text: str) -> np.ndarray:
    """The code points of ``text`` as an array (UTF-32), one element per character.

    NumPy copies the characters of a ``str`` into an array of its own string type (UTF-32) several times faster
    than Python encodes them (``str.encode``); the array is then seen as integers."""
    if not text:
        return np.zeros(0, dtype=np.uint32)
    if len(text) > _NUMPY_STR_MAX:
        return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return np.array(text).reshape(1).view(np.uint32)


# the longest str NumPy makes a string array of (its item size is a C int of bytes)
_NUMPY_STR_MAX = (2**31 - 1) // 4


# lines of a window around a joined line that the second look is given on either side: it follows a joined line
# four rounds at most, one line further each round, so that it never reaches the edge of its window
_SECOND_LOOK_MARGIN = 5


def _spans_of(lines: list[str], indices: Iterable[int]) -> list[tuple[int, int]]:
    """The (start, end) in ``"\\n".join(lines)`` of the lines at ``indices``, in that order."""
    starts = [0, *accumulate(len(line) + 1 for line in lines)]
    return [(starts[k], starts[k] + len(lines[k])) for k in indices]


def _probe_step(n: int) -> int:
    """Every how many lines :class:`_Layout` probes one, of ``n`` lines (1200 at most)."""
    return n // 1200 + 1


def _rejoin_paragraphs(text: str, fx: _Fixes) -> tuple[str, list[tuple[int, int]]] | None:
    """``_rejoin(text, fx, layout=True, joined=joined)`` for a text that is surely not hard-wrapped (before and
    after the layout: :func:`_surely_unwrapped`), as the laid-out text and the spans of the joined lines in it;
    else None, with nothing done.

    The same decisions as :func:`_rejoin` at a fraction of the cost. The text is never split into lines: the
    facts about its lines (where they are, blank or not, their first and last characters) come from arrays of
    its code points (NumPy), so that the lines that need nothing (most lines of most texts) cost no Python code.
    Python looks only at the line breaks that may be inside a sentence (:func:`_joins_paragraph` judges them),
    the lines with spaces at an edge, the breaks that are not laid out already and the joined lines (which
    :func:`_second_look` takes a second look at, each in a window of lines around it); the laid-out text is the
    text between those, copied, and what they become.
    """
    if "\n" not in text and "\f" not in text:
        return None
    ws_t, sure_t, _, _ = _line_tables()
    codes = _codes(text)
    n = len(codes)
    # the line breaks and form feeds (a form feed is a line of its own: a blank one between the lines either
    # side of it); one pass finds both, and the few other characters the test lets through (8 and 14 are
    # control characters) go after
    if "\f" in text:
        seps = np.flatnonzero((codes & 0xFFF9) == 8)
        seps = seps[(codes[seps] == 10) | (codes[seps] == 12)]
    else:
        seps = np.flatnonzero(codes == 10)
    # the lines between the separators, and which are blank
    starts = np.concatenate(([0], seps + 1))
    ends = np.concatenate((seps, [n]))
    lens = ends - starts
    filled = np.flatnonzero(lens)
    first = np.zeros(len(starts), dtype=bool)  # whether the first character is a space (per str.strip)
    last = np.zeros(len(starts), dtype=bool)  # and the last one
    first[filled] = ws_t[codes[starts[filled]]]
    last[filled] = ws_t[codes[ends[filled] - 1]]
    blank = lens == 0
    both = np.flatnonzero(first & last)  # (a line with a space at one edge only is not blank)
    if len(both):
        blank[both] = [text[a:b].isspace() for a, b in zip(starts[both].tolist(), ends[both].tolist(), strict=True)]
    nb = np.flatnonzero(~blank)  # the lines that are not blank, as indices of separated lines
    count = len(nb)
    if count < 2:
        return None
    s = starts[nb]
    e = ends[nb]
    step = _probe_step(count)
    if not _unwrapped_widths(_probe_widths(codes, s[::step], e[::step])):
        return None
    edged = first[nb] | last[nb]  # lines that str.strip changes

    # (the lines of the text are made only where they are looked at: ``known`` keeps those looked at first)
    known: dict[int, str] = {}

    def content(k: int) -> str:
        line = known[k] if k in known else text[s[k] : e[k]]
        return line.strip() if edged[k] else line

    def shown(k: int) -> str:  # (the laid-out line that starts with line ``k``)
        return made[k] if k in made else content(k)

    # the breaks _rejoin may join (a superset): before a line that may continue the one before, or after a long
    # line that does not end on a sure sentence mark
    cands = np.flatnonzero(
        _continues(codes, s[1:], e[1:]) | ((lens[nb[:-1]] >= _LONG_LINE) & ~sure_t[codes[e[:-1] - 1]])
    )
    joins: list[int] = []
    for k, a_from, a_to, b_from, b_to in zip(
        cands.tolist(), s[cands].tolist(), e[cands].tolist(), s[cands + 1].tolist(), e[cands + 1].tolist(), strict=True
    ):
        a = text[a_from:a_to]
        b = text[b_from:b_to]
        if _joins_paragraph(a, b, _strip_em(b)[:1]):
            joins.append(k)
            known[k] = a
            known[k + 1] = b
    # a run of joins makes one line, in place of its first line
    made: dict[int, str] = {}  # the first line of each run: the line it makes
    taken: list[int] = []  # the lines taken in
    i = 0
    while i < len(joins):
        k = r = joins[i]
        line = content(k)
        while i < len(joins) and joins[i] == r:
            r += 1
            line = _join_pair(line, known[r])
            i += 1
        made[k] = line
        taken += range(k + 1, r + 1)
    # the laid-out lines that are not blank (``kept``: their first line)
    keep = np.ones(count, dtype=bool)
    keep[taken] = False
    kept = np.flatnonzero(keep)
    n_kept = len(kept)
    # the layout from the second probe (without joins and with no probed line changed by stripping, it is the
    # first one)
    if made or edged[::step].any():
        probe = kept[:: _probe_step(n_kept)]
        changed = edged.copy()  # (the lines a probe must see as they are laid out)
        changed[list(made)] = True
        as_is = probe[~changed[probe]]
        widths = _probe_widths(codes, s[as_is], e[as_is])
        widths += [
            _display_width(line) for line in map(shown, probe[changed[probe]].tolist()) if len(line) >= _JUDGED_LENGTH
        ]
        if not _unwrapped_widths(widths):
            return None
    # the break after each laid-out line: between its last line and the next laid-out line, which the layout
    # makes one line break, or one blank line where there was more than one separator; the breaks that are
    # laid out already ("\n", or "\n\n" with nothing between) are copied
    ends_at = np.concatenate((kept[1:] - 1, [count - 1]))  # the last line of each laid-out line
    after = ends_at[:-1]  # (the last laid-out line has no break after it)
    gap_from = e[after]
    gap_to = s[after + 1]
    width = gap_to - gap_from
    at = codes[gap_from]
    nl_after = np.where(width == 2, codes[np.minimum(gap_from + 1, n - 1)] == 10, True)
    laid_out = (at == 10) & (width <= 2) & nl_after
    double = (nb[after + 1] - nb[after]) >= 2

    def laid(p: int) -> str:
        return shown(int(kept[p]))

    # what Python renders: the joined lines; windows around those the second look may join to the line after
    # them (its first round; it goes on only from the lines it joined); lines with spaces at an edge; lines
    # followed by a break that is not laid out
    joined_at = np.searchsorted(kept, list(made)).tolist() if made else []
    windows: list[tuple[int, int]] = []
    for p in joined_at:
        if p + 1 >= n_kept:
            continue
        a = laid(p)
        b = laid(p + 1)
        if ((len(a) >= _LONG_LINE and a[-1] not in _SURE_END) or b[0] in _CONT_OR_MARK) and _joins_paragraph(
            a, b, _strip_em(b)[:1]
        ):
            lo, hi = max(0, p - _SECOND_LOOK_MARGIN), min(n_kept - 1, p + _SECOND_LOOK_MARGIN)
            if windows and lo <= windows[-1][1] + 1:
                windows[-1] = (windows[-1][0], hi)
            else:
                windows.append((lo, hi))
    # the edits that lay the text out, as (start, end) in the text and what replaces that: first those Python
    # makes (the windows and the other joined lines, in order; with the spans of joined lines in what replaces
    # them), then lines to strip and breaks to lay out
    n_joins = len(joins)
    starts_py: list[int] = []
    ends_py: list[int] = []
    reps: list[str] = []
    local_spans: list[list[tuple[int, int]]] = []
    in_window = np.zeros(n_kept, dtype=bool)
    w = 0
    for p in [*joined_at, n_kept]:  # (the last one: the windows after the last joined line)
        while w < len(windows) and (windows[w][1] < p or p == n_kept):
            lo, hi = windows[w]
            in_window[lo : hi + 1] = True
            lines: list[str] = []
            only: list[int] = []
            for q, k in enumerate(kept[lo : hi + 1].tolist(), start=lo):
                if k in made:
                    only.append(len(lines))
                lines.append(shown(k))
                if q < hi and double[q]:
                    lines.append("")
            local = list(only)
            n_joins += _second_look(lines, local, only=only)
            starts_py.append(int(s[kept[lo]]))
            ends_py.append(int(e[ends_at[hi]]))
            reps.append("\n".join(lines))
            local_spans.append(_spans_of(lines, local))
            w += 1
        if p == n_kept or (w < len(windows) and windows[w][0] <= p):
            continue  # (inside a window)
        k = int(kept[p])
        line = made[k]
        starts_py.append(int(s[k]))
        ends_py.append(int(e[ends_at[p]]))
        reps.append(line)
        local_spans.append([(0, len(line))])
    # lines with a space at an edge, and breaks not laid out, outside the windows
    is_made = np.zeros(n_kept, dtype=bool)
    is_made[joined_at] = True
    strip_at = kept[np.flatnonzero(edged[kept] & ~is_made & ~in_window)]
    gap_at = np.flatnonzero(~laid_out & ~(in_window[:-1] & in_window[1:]))
    double_gap = double[gap_at].tolist()
    reps += map(str.strip, map(text.__getitem__, map(slice, s[strip_at].tolist(), e[strip_at].tolist())))
    reps += map(["\n", "\n\n"].__getitem__, double_gap)
    starts_all = np.concatenate((np.array(starts_py, dtype=s.dtype), s[strip_at], gap_from[gap_at]))
    ends_all = np.concatenate((np.array(ends_py, dtype=e.dtype), e[strip_at], gap_to[gap_at]))
    order = np.argsort(starts_all, kind="stable")
    starts_all = starts_all[order]
    ends_all = ends_all[order]
    order_list = order.tolist()
    reps = [reps[i] for i in order_list]
    base = int(s[kept[0]])
    spans: list[tuple[int, int]] = []
    if not reps:
        laid_out_text = text[base : int(e[-1])]
    else:
        froms = [base, *ends_all.tolist()]
        tos = [*starts_all.tolist(), int(e[-1])]
        pieces: list[str] = [""] * (2 * len(reps) + 1)
        pieces[0::2] = map(text.__getitem__, map(slice, froms, tos))
        pieces[1::2] = reps
        laid_out_text = "".join(pieces)
        # where the edits Python made went: each edit moves what follows it by what it adds
        added = np.fromiter(map(len, reps), dtype=np.int64, count=len(reps)) - (ends_all - starts_all)
        at_out = (starts_all - base + np.concatenate(([0], np.cumsum(added)[:-1]))).tolist()
        inverse = np.empty(len(order_list), dtype=np.int64)
        inverse[order] = np.arange(len(order_list))
        spans += [
            (at_out[i] + a, at_out[i] + b)
            for i, local in zip(inverse[: len(starts_py)].tolist(), local_spans, strict=True)
            for a, b in local
        ]
    fx.add("line_joins", n_joins)
    return laid_out_text, spans


def _midway(lines: list[str], last_chars: list[str]) -> list[int]:
    """Indices of the lines that do not end a sentence (``last_chars``: their last characters)."""
    return [
        k
        for k in compress(range(len(lines)), map(_NOT_SURE_END.get, last_chars, repeat(True)))
        if last_chars[k] not in _MAYBE_END or not _terminal_end(lines[k])
    ]


def _nonblank_positions(out: list[str]) -> list[int]:
    return list(compress(range(len(out)), out))


_ALL_LINES = -1  # in ``joined``: every line may have been joined
_LAST = itemgetter(-1)
_FIRST = itemgetter(0)


def _tidy(raw: list[str], idx: list[int], lines: list[str], stripped: list[str]) -> bool:
    """Whether text of these lines is laid out already: no edge spaces, single empty lines between blocks."""
    return (
        idx[0] == 0
        and idx[-1] == len(raw) - 1
        and len(idx) == len(raw) - raw.count("")  # blank lines are empty
        and max(map(sub, idx[1:], idx), default=1) <= 2  # and single
        and not any(map(is_not, lines, compress(stripped, stripped)))
    )


# --- 7. line by line: spaces, OpenCC, punctuation -----------------------------------------------------------

_SPACED_ITEM = f"(?:[{_HAN}{_CJK_PUNCT}]|(?<![\\d.])\\d+(?:\\.\\d+)?%?)"
_LETTER_SPACED = re.compile(
    f"(?<![{_HAN}{_CJK_PUNCT}]){_SPACED_ITEM}(?:[ \u3000]{{1,2}}{_SPACED_ITEM})+(?![{_HAN}{_CJK_PUNCT}\\d])"
)
# a run of spaces next to Chinese text is one separator (Latin text keeps its spacing)
_WIDE_GAP = re.compile("(?<=[^\\s\\x00-\\x7f])[ \u3000]{2,}(?=\\S)|(?<=\\S)[ \u3000]{2,}(?=[^\\s\\x00-\\x7f])")
# (bold markers, kept as sentinels until the end, may sit between the space and what decides about it)
_SPACE_AROUND_NUMBER = re.compile(
    f"([{_HAN}][{_EM}]*)[ \u3000]+(?=[{_EM}]*\\d)|([\\d%][{_EM}]*)[ \u3000]+(?=[{_EM}]*[{_HAN}])"
)
_SPACE_AROUND_PUNCT = re.compile(
    f"([{_HAN}{_CJK_PUNCT}0-9A-Za-z%][{_EM}]*)[ \u3000]+(?=[{_EM}]*[{_CJK_CLOSE}，。、；：？！])"
    f"|([{_CJK_OPEN}，。、；：？！][{_EM}]*)[ \u3000]+(?=[{_EM}]*[{_HAN}{_CJK_PUNCT}0-9A-Za-z])"
)
_SPACE_RUN = re.compile("[ \u3000]+")

_ASCII_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})
_PUNCT_NEAR_HAN = re.compile(
    f"(?<=[{_HAN}{_CJK_CLOSE}])[,;:?!]+|(?<=[{_HAN}{_CJK_CLOSE}][{_EM}])[,;:?!]+"
    f"|(?<=[{_HAN}{_CJK_CLOSE}][{_EM}][{_EM}])[,;:?!]+|[,;:?!]+(?=[{_EM}]{{0,2}}[{_HAN}{_CJK_OPEN}])"
)
_PAREN_INNER = r"(?:[^()（）\n]|[(（][^()（）\n]*[)）])"
_PARENS = re.compile(f"[(（]({_PAREN_INNER}*[{_HAN}]{_PAREN_INNER}*)[)）]")


def _letter_spaced(m: re.Match[str]) -> str:
    items = _SPACE_RUN.split(m.group())
    if sum(1 for it in items if len(it) == 1 and not it.isdigit()) < 2:
        return m.group()
    return "".join(items)


def _kept_groups(m: re.Match[str]) -> str:
    return "".join(g for g in m.groups() if g)


def _spaces_line(line: str, fx: _Fixes) -> str:
    # (every rule needs a Chinese character or mark, or two spaces next to one: ASCII text, a page number
    # "- 3 -", is never changed; ``isascii`` costs nothing)
    if line.isascii() or (" " not in line and "\u3000" not in line):
        return line
    if _EM_OPEN in line or _EM_CLOSE in line:
        # bold markers must not hide a space from the rules: decide on the text without them, then put them
        # back
        plain = line.translate(_NO_EM)
        new = _spaces_line(plain, fx)
        if new == plain:
            return line
        out: list[str] = []
        j = 0
        for c in line:
            if c in _EM:
                out.append(c)
            elif j < len(new) and c == new[j]:
                out.append(c)
                j += 1
            # else: a space the rules removed
        return "".join(out)
    before = line
    for _ in range(4):  # until nothing changes: closing one gap can leave two single characters side by side
        start = line
        if _LETTER_SPACED.search(line):
            line = _LETTER_SPACED.sub(_letter_spaced, line)
        line = _SPACE_AROUND_NUMBER.sub(_kept_groups, line)
        line = _SPACE_AROUND_PUNCT.sub(_kept_groups, line)
        line = _WIDE_GAP.sub(" ", line)
        if line == start:
            break
    if line != before:
        fx.add("spurious_spaces", max(1, len(_SPACE_RUN.findall(before)) - len(_SPACE_RUN.findall(line))))
    return line


_PUNCT_QUICK = re.compile("[,;:?!()（]")


def _punct_line(line: str, fx: _Fixes) -> str:
    if not _PUNCT_QUICK.search(line):
        return line
    before = line
    if "(" in line or ")" in line or "（" in line:
        for _ in range(8):  # innermost pair first, then the pairs around it
            new = _PARENS.sub(lambda m: f"（{m.group(1)}）", line)
            if new == line:
                break
            line = new
    line = _PUNCT_NEAR_HAN.sub(lambda m: m.group().translate(_ASCII_PUNCT), line)
    if line != before:
        fx.add("punctuation", sum(1 for a, b in zip(before, line, strict=False) if a != b) or 1)
    return line


def _convert_lines(lines: list[str], config: OpenCCConfig, fx: _Fixes) -> list[str]:
    """OpenCC on the lines that need it, in one call (phrases never span a line break)."""
    todo = [i for i, line in enumerate(lines) if find_trigger(line, config=config) >= 0]
    if not todo:
        return lines
    converted = convert_text("\n".join(lines[i] for i in todo), config=config).split("\n")
    if len(converted) != len(todo):  # pragma: no cover - an engine that rewrites line breaks
        converted = [convert_text(lines[i], config=config) for i in todo]
    out = list(lines)
    changed = 0
    for i, new in zip(todo, converted, strict=True):
        changed += new != out[i]
        out[i] = new
    fx.add("traditional_to_simplified", changed)
    return out


# --- 8. layout ----------------------------------------------------------------------------------------------

_EM_PAIR = re.compile(f"{_EM_OPEN}[ \t\u3000]*([^{_EM}]*?)[ \t\u3000]*{_EM_CLOSE}")
_EM_PAIRED = re.compile(f"{_EM_OPEN}[^{_EM}]*{_EM_CLOSE}")


def _settle_emphasis(text: str) -> str:
    """Drop empty bold spans and sentinels whose partner went with a removed line; trim spaces inside
    spans."""
    text = _EM_PAIR.sub(lambda m: f"{_EM_OPEN}{m.group(1)}{_EM_CLOSE}" if m.group(1).strip() else "", text)
    parts: list[str] = []
    last = 0
    for m in _EM_PAIRED.finditer(text):
        parts.append(text[last : m.start()].replace(_EM_OPEN, "").replace(_EM_CLOSE, ""))
        parts.append(m.group())
        last = m.end()
    parts.append(text[last:].replace(_EM_OPEN, "").replace(_EM_CLOSE, ""))
    return "".join(parts)


def _layout(text: str) -> str:
    """One paragraph per line, single blank lines between blocks, no indentation or trailing spaces."""
    if _EM_OPEN in text or _EM_CLOSE in text:
        text = _settle_emphasis(text)
    out: list[str] = []
    blank = False
    for line in text.replace("\f", "\n").split("\n"):
        s = line.strip()
        if not s:
            blank = bool(out)
            continue
        if blank:
            out.append("")
            blank = False
        out.append(s)
    return "\n".join(out)


def _extract_emphasis(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    if _EM_OPEN not in text and _EM_CLOSE not in text:
        return text, ()
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    open_at: int | None = None
    last = 0
    for m in re.finditer(f"[{_EM}]", text):
        piece = text[last : m.start()]
        out.append(piece)
        length += len(piece)
        last = m.end()
        if m.group() == _EM_OPEN:
            open_at = length
        elif open_at is not None:
            if length > open_at:
                spans.append((open_at, length))
            open_at = None
    out.append(text[last:])
    return "".join(out), tuple(spans)


# --- the pipeline -------------------------------------------------------------------------------------------


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"normalize expects a str, got {type(text).__name__}; decode bytes with policytext.read first")
    return text


@cache
def _dirty_pattern(config: OpenCCConfig) -> re.Pattern[str]:
    """Any character some character-level step acts on, one at a time; a line without one (and without the
    pairs and characters :func:`_dirty_spans` looks for on their own) is left alone by all of them.

    The class is written as the complement of the BMP characters no step acts on, for speed: a class of BMP
    characters costs one table lookup per character scanned, while each range of supplementary-plane
    characters in a class adds a test per character (the two ranges policytext needs doubled the time of the
    scan, the largest single cost of a clean text). The complement also matches every other
    supplementary-plane character (an emoji): such a line goes through the steps and comes out unchanged.
    """
    trad = "".join(re.escape(c) for c in sorted(c for c in trigger_chars(config) if ord(c) < 0x10000))
    gbk = "".join(re.escape(c) for c in _gbk_mojibake_chars())
    # (readings and punctuation: ASCII parentheses and , ; : ? !)
    acted_on = re.compile(f"[{_PRE_RANGES}{gbk}{trad},;:?!()]")
    bmp = "".join(map(chr, range(0x10000)))
    dirty = {ord(c) for c in acted_on.findall(bmp)}
    # the BMP characters no step acts on, as ranges (surrogates are among the characters acted on)
    ranges: list[str] = []
    start: int | None = None
    for cp in range(0x10001):
        clean = cp < 0x10000 and cp not in dirty
        if clean and start is None:
            start = cp
        elif not clean and start is not None:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(cp - 1)) if cp - 1 > start else ""))
            start = None
    return re.compile(f"[^{''.join(ranges)}]")


def _runs(text: str, char: str, times: int = 2) -> Iterator[int]:
    """Offsets where ``char`` stands ``times`` times in a row (``**``, ``##``, ``...``): each run starts at
    or holds one of them.

    Found from each single ``char``: ``str.find`` of one character is some thirty times faster than a search
    for several, or than a regex, and runs are looked for in text that holds few of their characters; after
    a few thousand single ones, the rest of the text is searched with a regex, so that a text full of
    ``char`` costs little more than the regex.
    """
    rest = char * (times - 1)
    i = text.find(char)
    for _ in range(4096):
        if i < 0:
            return
        if text.startswith(rest, i + 1):
            yield i
        i = text.find(char, i + 1)
    if i >= 0:
        yield from (m.start() for m in _literal(char * times).finditer(text, i))


@lru_cache(maxsize=16)
def _literal(s: str) -> re.Pattern[str]:
    return re.compile(re.escape(s))


def _line_spans(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """The (start, end) of the lines holding the offsets ``starts`` (sorted), each line once."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    end = -1
    for p in starts:
        if p <= end:
            continue
        ls = text.rfind("\n", 0, p) + 1
        end = text.find("\n", p)
        end = n if end < 0 else end
        spans.append((ls, end))
    return spans


@cache
def _dirty_table(config: OpenCCConfig) -> np.ndarray:
    """:func:`_dirty_pattern` as a lookup table over every code point: ``table[ord(c)]`` (every character outside
    the BMP, and every surrogate, is acted on)."""
    table = np.ones(0x110000, dtype=bool)
    clean = _dirty_pattern(config).sub("", "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000))))
    table[_codes(clean)] = False
    return table


# more characters acted on than this in a text, and the lines that hold them are found one by one (the search
# skips to the next line after each: a text of traditional characters costs a search per line)
_DENSE_DIRTY = 20000


def _dirty_spans(text: str, config: OpenCCConfig) -> list[tuple[int, int]]:
    """The lines that hold something a character-level step acts on (after ``\\r`` and markup are handled:
    :func:`_char_steps`).

    The characters acted on are found with a lookup table over an array of the code points (NumPy), a
    fraction of the cost of a regex scan of a text that holds few of them."""
    hits: list[int] = []
    found = False
    if len(text) > 4096:  # (below that, the array costs more than it saves)
        where = np.flatnonzero(np.take(_dirty_table(config), _codes(text)))
        if len(where) <= _DENSE_DIRTY:
            hits = where.tolist()
            found = True
    if not found:
        pat = _dirty_pattern(config)
        pos = 0
        n = len(text)
        while pos <= n and (m := pat.search(text, pos)) is not None:
            hits.append(m.start())
            nl = text.find("\n", m.end())
            if nl < 0:
                break
            pos = nl + 1
    hits += [m.start() for m in _PY_QUICK_WIDE.finditer(text)]  # readings in full-width parentheses
    hits += [*_runs(text, "*"), *_runs(text, "#")]  # bold and paywall markers
    return _line_spans(text, sorted(hits))


def _char_line(line: str, fx: _Fixes, *, marked: bool = False) -> str | None:
    """The character-level repairs of one line, before pinyin; None when it held only paywall markers."""
    pre = _pre_trigger().search(line) is not None
    if pre and ("\ufffd" in line or "锟" in line):
        fx["unrecoverable_seen"] = 1
    if pre or "##" in line:
        stripped = _strip_invisible(line, fx, marked=marked)
        if not stripped.strip() and "##" in line and _PAYWALL.search(line):
            return None
        line = stripped
    line = _mark_emphasis(line, fx)
    if pre:
        line = _repair_mojibake(line, fx)
        before = line
        line = _strip_controls(line, fx)
        if line != before and _LATIN_RUN.search(line):
            line = _repair_mojibake(line, fx)  # a removed C1 control can have split a garbled run
        line = _map_radicals(line, fx)
        widened = _fullwidth_ascii(line, fx)
        if widened != line and ("<" in widened or "&" in widened):
            widened = _strip_markup(widened, fx)  # <Ｂ> is markup once its letter is ASCII
        line = widened
    return line


def _process_lines(lines: list[str], config: OpenCCConfig, fx: _Fixes, *, marked: bool = False) -> list[str | None]:
    """The character-level steps on some lines; None for a line that held only paywall markers."""
    done: list[str | None] = [_char_line(line, fx, marked=marked) for line in lines]
    # readings: a bare a/e/o/n/m in parentheses is pinyin only in a text that carries pinyin elsewhere
    found = {
        i: m for i, line in enumerate(done) if line and ("(" in line or "（" in line) and (m := _annotations(line))
    }
    if found:
        allow_weak = sum(_strong_annotations(m) for m in found.values()) >= 2
        for i in found:
            done[i] = _remove_pinyin_annotations(done[i] or "", fx, allow_weak=allow_weak)
    done = [_punct_line(line, fx) if line else line for line in done]
    live = [i for i, line in enumerate(done) if line]
    for i, line in zip(live, _convert_lines([done[i] or "" for i in live], config, fx), strict=True):
        done[i] = line
    return done


def _char_steps(text: str, config: OpenCCConfig, fx: _Fixes) -> str:
    """Every character-level step, on the lines that hold a character one of them acts on."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text or "&" in text:  # markup can span lines: decode it in one go
        text = _strip_markup(text, fx)
    spans = _dirty_spans(text, config)
    if not spans:
        return text
    lines = [text[a:b] for a, b in spans]
    done = _process_lines(lines, config, fx)
    edits: list[tuple[int, int, str]] = []
    for (a, b), line, before in zip(spans, done, lines, strict=True):
        if line is None:  # a paywall marker on its own line goes, with its line break
            edits.append((*_line_cut(text, a, b, edits[-1][1] if edits else 0), ""))
        elif line != before:  # (a text whose lines all stay as they are is not copied)
            edits.append((a, b, line))
    return _splice(text, edits)


def _space_suspect(text: str, i: int) -> bool:
    """Whether the space at ``i`` may be one that a spacing rule removes (most spaces separate phrases)."""
    left = text[i - 1] if i else "\n"
    right = text[i + 1] if i + 1 < len(text) else "\n"
    if left in _SPACES or right in _SPACES:
        # a run of spaces: what matters is what stands on either side of the run
        a = i
        while a > 0 and text[a - 1] in _SPACES:
            a -= 1
        b = i
        while b + 1 < len(text) and text[b + 1] in _SPACES:
            b += 1
        left = text[a - 1] if a else "\n"
        right = text[b + 1] if b + 1 < len(text) else "\n"
        # (indentation and trailing spaces are left to the layout)
        return left not in "\n\f" and right not in "\n\f"
    if left in "\n\f" or right in "\n\f":
        return False
    # (next to a number, inside Chinese punctuation, next to a bold marker)
    if left in _SPACE_GOES_AFTER or right in _SPACE_GOES_BEFORE or left.isdigit() or right.isdigit():
        return True
    # a Chinese character (or punctuation mark) standing alone between spaces: letter-spaced text
    if _is_cjk(left) and _is_cjk(right):
        before = text[i - 2] if i >= 2 else " "
        after = text[i + 2] if i + 2 < len(text) else " "
        return not _is_cjk(before) or not _is_cjk(after)
    return False


_SPACE_GOES_AFTER = frozenset("%" + _CJK_OPEN + "，。、；：？！" + _EM)
_SPACE_GOES_BEFORE = frozenset(_CJK_CLOSE + "，。、；：？！" + _EM)
_CJK_PUNCT_SET = frozenset(_CJK_PUNCT)


def _is_cjk(c: str) -> bool:
    """Whether the character ``c`` is Chinese: a character or a punctuation mark."""
    return c in _CJK_PUNCT_SET or _IS_HAN.match(c) is not None


# a run of spaces with something other than a line edge on both sides (indentation and trailing spaces are
# left to the layout), found from its first space; the class on the right excludes spaces so that the run is
# whole. (A pattern that starts with one literal character is searched for much faster than one that starts
# with a class: most texts are indented with U+3000, and most of their spaces need no look.)
_INNER_RUN_ASCII = re.compile(" (?<=[^ \u3000\n\f] )[ \u3000]*(?=[^ \u3000\n\f])")
_INNER_RUN_IDEO = re.compile("\u3000(?<=[^ \u3000\n\f]\u3000)[ \u3000]*(?=[^ \u3000\n\f])")


def _spaces_text(text: str, fx: _Fixes) -> str:
    runs = list(_INNER_RUN_ASCII.finditer(text)) if " " in text else []
    if "\u3000" in text:
        runs += _INNER_RUN_IDEO.finditer(text)
    # (every space of a run of two or more is one a rule may remove; a single space depends on its
    # neighbours)
    hits = sorted(m.start() for m in runs if m.end() - m.start() > 1 or _space_suspect(text, m.start()))
    edits: list[tuple[int, int, str]] = []
    for a, b in _line_spans(text, hits):
        line = text[a:b]
        new = _spaces_line(line, fx)
        if new != line:  # (most lines looked at stay as they are: then so does the text, uncopied)
            edits.append((a, b, new))
    return _splice(text, edits)


def _fix_joined(text: str, spans: list[tuple[int, int]] | None, config: OpenCCConfig, fx: _Fixes) -> str:
    """Joining lines can pair up bold markers, join the halves of a garbled run, bring a reading to its
    character (發\n(fā)展) or put ASCII punctuation next to a Chinese character: the character-level steps
    again, on the joined lines only (``spans``, in ``text``; None: every line may have been joined). The text
    itself when no line changed."""
    if spans is None:
        lines = text.split("\n")
        spans = _spans_of(lines, compress(range(len(lines)), lines))
    if not spans:
        return text
    # (a line holding nothing those steps, or the spacing rules, act on comes out as it went in: as in
    # :func:`_dirty_spans`, plus spaces)
    dirty = _dirty_pattern(config).search
    todo = [
        span
        for span in spans
        if dirty(line := text[span[0] : span[1]]) or _PY_QUICK_WIDE.search(line) or any(c in line for c in "*# \u3000")
    ]
    patches: dict[tuple[int, int], str] = {}
    for (a, b), done in zip(todo, _process_lines([text[a:b] for a, b in todo], config, fx, marked=True), strict=True):
        # (a join can also bring spaces together with what a spacing rule looks at)
        new = _spaces_line(done or "", fx)
        if new != text[a:b]:
            patches[a, b] = new
    return _splice(text, ((a, b, new) for (a, b), new in sorted(patches.items())))


_QUICK_MIN_CHARS = 10000


def _rejoin_lines(text: str, fx: _Fixes) -> tuple[str, list[tuple[int, int]] | None]:
    """``_rejoin(text, fx, layout=True, joined=joined)`` and the spans of the joined lines in it (None: every
    line may have been joined); the quick path for paragraph text first, on texts long enough for its arrays to
    pay (below that, the full path is quicker)."""
    quick = _rejoin_paragraphs(text, fx) if len(text) >= _QUICK_MIN_CHARS else None
    if quick is not None:
        return quick
    joined: list[int] = []
    text = _rejoin(text, fx, layout=True, joined=joined)
    if _ALL_LINES in joined:
        return text, None
    if not joined:
        return text, []
    return text, _spans_of(text.split("\n"), joined)


def _pipeline(text: str, config: OpenCCConfig, fx: _Fixes) -> str:
    text = _char_steps(text, config, fx)
    # (everything that changes the width of a line comes before the line breaks are judged, so that a second
    # normalization sees the lines as the first one did)
    text = _spaces_text(text, fx)
    pinyin, numbers = _line_heads(text)  # (one look at the heads of the lines for the next two steps)
    pinyin_removed = fx["pinyin_lines"]
    text = _remove_pinyin_lines(text, fx, after_nl=pinyin)
    # (the page numbers are where they were found unless a line of pinyin went; the character-level steps
    # removed every NUL)
    found = numbers if fx["pinyin_lines"] == pinyin_removed else None
    text = _remove_page_furniture(text, fx, nul_free=True, numbers=found)
    text = _remove_table_of_contents(text, fx)
    text, spans = _rejoin_lines(text, fx)
    for _ in range(3):
        fixed = _fix_joined(text, spans, config, fx)
        if fixed is text:
            break
        # what the fixes changed (a bold marker gone from the head of a line) can change a break: look again
        text, spans = _rejoin_lines(fixed, fx)
    if fx["markdown_emphasis"]:
        text = _layout(text)  # bold markers whose partner went with a removed line
    return text


def normalize_text_with_fixes(text: str, *, config: str | OpenCCConfig = OpenCCConfig.T2S) -> NormalizedText:
    """Normalize ``text`` and report what was repaired.

    Args:
        text: decoded document text (form feeds mark page breaks).
        config: OpenCC configuration for traditional text: ``t2s`` (default), ``tw2s`` or ``hk2s``.

    Raises:
        ValueError: ``config`` is not one of the supported configurations.

    Examples:
        >>> r = normalize_text_with_fixes("**科學設星**，目標更精準。\\n##paidend##")
        >>> r.text
        '科学设星，目标更精准。'
        >>> [f.name for f in r.fixes]
        ['paywall_markers', 'markdown_emphasis', 'traditional_to_simplified']
        >>> r.emphasis, r.text[0:4]
        (((0, 4),), '科学设星')
    """
    cfg = parse_config(config)
    fx = _Fixes()
    out = _pipeline(_check_text(text), cfg, fx)
    out, spans = _extract_emphasis(out) if fx["markdown_emphasis"] else (out, ())
    unrecoverable = len(_UNRECOVERABLE.findall(out)) if fx["unrecoverable_seen"] else 0
    del fx["unrecoverable_seen"]
    fx.add("unrecoverable_mojibake", unrecoverable)
    return NormalizedText(out, fx.as_fixes(), spans, unrecoverable)


def normalize_text(text: str, *, config: str | OpenCCConfig = OpenCCConfig.T2S) -> str:
    """Normalize ``text`` into clean simplified Chinese (see the module documentation for the steps).

    Examples:
        >>> normalize_text("黨校(xiao)(行政(zheng)學(xue)(xue)院(yuan))")
        '党校（行政学院）'
        >>> normalize_text("自貿(mao)區(港)")
        '自贸区（港）'
        >>> normalize_text("x县鍏充簬杩涗竴姝ュ叧蹇冨叧鐖卞共閮ㄧ殑閫氱煡（2021年）")
        'x县关于进一步关心关爱干部的通知（2021年）'
    """
    return normalize_text_with_fixes(text, config=config).text


# --- the steps, one by one ----------------------------------------------------------------------------------


def _step(func: Callable[[str, _Fixes], str], text: str) -> str:
    return func(_check_text(text), _Fixes())


def strip_web_residue(text: str) -> str:
    """Remove HTML tags and entities, zero-width and control characters, paywall markers and ``**`` markers.

    Block-level tags become line breaks; ``&nbsp;`` and other Unicode spaces become ASCII spaces.

    Examples:
        >>> strip_web_residue("<p>关心&nbsp;关爱</p><p>干部&amp;人才</p>")
        '关心 关爱\\n干部&人才'
        >>> strip_web_residue("\\ufeff##paidbegin##三是**提高待遇**\\u200b保障")
        '三是提高待遇保障'
    """
    fx = _Fixes()
    text = _check_text(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _strip_invisible(text, fx)
    text = _strip_invisible(_strip_markup(text, fx), fx)
    text = _mark_emphasis(text, fx)
    text = _strip_controls(text, fx)
    text = _BLOCK_BREAK.sub("\n", text) if _BLOCK_MARK in text else text
    return _extract_emphasis(text)[0].strip("\n")


def repair_mojibake(text: str) -> str:
    """Repair runs of mis-decoded text; clean text, and runs that cannot be repaired, are left as they are.

    Examples:
        >>> repair_mojibake("文件：鍏充簬杩涗竴姝ュ叧蹇冨叧鐖卞共閮ㄧ殑閫氱煡（2021年）")
        '文件：关于进一步关心关爱干部的通知（2021年）'
        >>> repair_mojibake("¹ØÓÚ½øÒ»²½¹ØÐÄ¹Ø°®¸É²¿")
        '关于进一步关心关爱干部'
        >>> repair_mojibake("å…³å¿ƒå…³çˆ±å¹²éƒ¨")
        '关心关爱干部'
        >>> repair_mojibake("关于干部的通知锟斤拷")
        '关于干部的通知锟斤拷'
    """
    return _step(_repair_mojibake, text)


def remove_pinyin_annotations(text: str) -> str:
    """Remove pinyin readings in parentheses after Chinese characters, and lines that hold only pinyin.

    Readings may carry tone marks (``發(fā)``), tone digits (``fa1``) or none, sit in ASCII or full-width
    parentheses and be repeated (``之(zhi)(zhi)``); every syllable must be valid Mandarin. Parentheses with
    other content stay: ``（试行）``, ``(APP)``, ``（一）``, ``(x)``, English words.

    Examples:
        >>> remove_pinyin_annotations("參天之(zhi)(zhi)木，發(fā)展（试行）(APP)")
        '參天之木，發展（试行）(APP)'
        >>> remove_pinyin_annotations("guān yú jìn yī bù\\n关于进一步")
        '关于进一步'
    """
    return _step(lambda t, fx: _remove_pinyin_lines(_remove_pinyin_annotations(t, fx), fx), text)


def remove_page_furniture(text: str) -> str:
    """Remove running headers, footers and page numbers of PDF text (pages separated by form feeds).

    Form feeds stay (:func:`rejoin_broken_lines` uses them); without form feeds only unmistakable page numbers
    (``- 3 -``, ``第3页 共10页``) are removed.

    Examples:
        >>> remove_page_furniture("安庆组工信息\\n正文第一页\\n- 1 -\\f安庆组工信息\\n正文第二页\\n- 2 -")
        '安庆组工信息\\n正文第一页\\x0c正文第二页'
    """
    return _step(_remove_page_furniture, text)


def remove_table_of_contents(text: str) -> str:
    """Remove a table of contents: a ``目录`` line and its entries, or a block of entries with dot leaders and
    page numbers, including entries wrapped over two lines.

    Examples:
        >>> remove_table_of_contents("目录\\n一、总则......1\\n二、关爱措施\\n和保障......3\\n一、总则")
        '一、总则'
    """
    return _step(_remove_table_of_contents, text)


def rejoin_broken_lines(text: str) -> str:
    """Join lines broken inside a sentence (hard-wrapped PDF text, page breaks) and keep real paragraph
    breaks.

    A break is removed when the line before it stops mid-sentence (no 。！？；：…) and is a full line of
    wrapped text, or a long body line; headings (``一、``, ``（一）``, ``1.``, ``△``, ``★``, ``- ``) and short
    title lines are never joined to what follows. Form feeds are consumed.

    Examples:
        >>> rejoin_broken_lines("关于做好干部工作的通知\\n各单位：\\n现将有关事项通知如下。")
        '关于做好干部工作的通知\\n各单位：\\n现将有关事项通知如下。'
        >>> body = "结合实际完善考评内容，近年来，先后将美丽乡村建设、脱贫攻坚、防汛救灾等工作纳入考评。"
        >>> rejoin_broken_lines(body + "严格执行公示定星、\\n\\n授星挂牌工作程序。")[-14:]
        '公示定星、授星挂牌工作程序。'
    """
    return _step(_rejoin, text)


def remove_spurious_spaces(text: str) -> str:
    """Remove spaces that PDF extraction put between Chinese characters, around numbers and next to Chinese
    punctuation; a single space between two phrases (a title separator) and spaces in Latin text stay.

    Examples:
        >>> remove_spurious_spaces("近三年提拔干部 420 人，2021 年 5 月")
        '近三年提拔干部420人，2021年5月'
        >>> remove_spurious_spaces("关 心 关 爱 干 部")
        '关心关爱干部'
        >>> remove_spurious_spaces("擦亮星级创评品牌 激发热情 New Deal")
        '擦亮星级创评品牌 激发热情 New Deal'
    """
    return "\n".join(_spaces_line(line, _Fixes()) for line in _check_text(text).split("\n"))


def map_radicals(text: str) -> str:
    """Replace Kangxi radicals (NFKC) and CJK radical-supplement forms that PDF fonts emit with ordinary
    characters.

    Examples:
        >>> map_radicals("⽅法和⻓效机制")
        '方法和长效机制'
    """
    return _step(_map_radicals, text)


def normalize_width_and_punctuation(text: str) -> str:
    """Full-width letters and digits to ASCII; ASCII ``, ; : ? !`` next to Chinese, and ASCII parentheses
    around
    Chinese, to full-width. Chinese punctuation is never made ASCII; ``(APP)`` keeps its parentheses.

    Examples:
        >>> normalize_width_and_punctuation("２０２１年,共(３)项(APP)及(试行):")
        '2021年，共(3)项(APP)及（试行）：'
    """
    fx = _Fixes()
    text = _fullwidth_ascii(_check_text(text), fx)
    return "\n".join(_punct_line(line, fx) for line in text.split("\n"))


def to_simplified(text: str, *, config: str | OpenCCConfig = OpenCCConfig.T2S) -> str:
    """Convert traditional Chinese to simplified with OpenCC, phrase-aware, line by line.

    Lines without a character that OpenCC must change are left alone (a cheap scan), which keeps simplified
    text that legitimately holds ``乾``, ``著`` or ``覆`` unchanged and makes the step idempotent.

    Examples:
        >>> to_simplified("關心關愛幹部\\n关心关爱干部")
        '关心关爱干部\\n关心关爱干部'
        >>> to_simplified("乾縣的計程車", config="tw2s")
        '乾县的计程车'
    """
    cfg = parse_config(config)
    text = _check_text(text)
    lines = text.split("\n")
    fx = _Fixes()
    return "\n".join(_convert_lines(lines, cfg, fx))
