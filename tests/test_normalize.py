"""Tests of policytext.normalize.

Four kinds of tests:

* tables, one per step: garbled input -> expected output, and legitimate text that must come out unchanged;
* generated garbling: clean simplified paragraphs (tests/fixtures/normalize/clean, written for these tests)
  are garbled programmatically, one family at a time, and must come back exactly in at least 95% of the
  samples; the clean text itself must come back unchanged every time;
* properties (hypothesis): idempotency, no crash on arbitrary Unicode, Chinese characters removed only by the
  removal rules;
* the real documents in ../shared/seeds (skipped when absent).
"""

from __future__ import annotations

import codecs
import itertools
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import _shared
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policytext import normalize as normalize_module
from policytext.convert import OpenCCConfig, convert_text, engine_info
from policytext.model import Fix
from policytext.normalize import (
    FIX_DESCRIPTIONS,
    NormalizedText,
    map_radicals,
    normalize_text,
    normalize_text_with_fixes,
    normalize_width_and_punctuation,
    rejoin_broken_lines,
    remove_page_furniture,
    remove_pinyin_annotations,
    remove_spurious_spaces,
    remove_table_of_contents,
    repair_mojibake,
    strip_web_residue,
    to_simplified,
)

FIXTURES = Path(__file__).parent / "fixtures" / "normalize"
SEEDS = _shared.SEEDS
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
OFFICIAL = engine_info().official


def _read_lines(name: str) -> list[str]:
    text = (FIXTURES / "clean" / name).read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line]


TITLES = _read_lines("titles.txt")
HEADINGS = _read_lines("headings.txt")
BODY = [line for p in sorted((FIXTURES / "clean").glob("body_*.txt")) for line in _read_lines(p.name)]
ALL_CLEAN = TITLES + HEADINGS + BODY


# --- codecs that behave like the decoders that produce mojibake in the wild ---------------------------------


def _whatwg_gbk(err: UnicodeError) -> tuple[str | bytes, int]:
    # WHATWG/Windows GBK decoders read a lone 0x80 as the euro sign; anything else undecodable is U+FFFD
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start : err.end]
    return ("€" if bad[:1] == b"\x80" else "\ufffd"), err.start + 1


def _latin1_fallback(err: UnicodeError) -> tuple[str | bytes, int]:
    # windows-1252 as browsers decode it: the five undefined bytes become the C1 controls of the same value
    assert isinstance(err, UnicodeDecodeError)
    return chr(err.object[err.start]), err.start + 1


codecs.register_error("test-whatwg-gbk", _whatwg_gbk)
codecs.register_error("test-latin1-fallback", _latin1_fallback)


def utf8_as_gbk(s: str) -> str:
    return s.encode("utf-8").decode("gb18030", errors="test-whatwg-gbk")


def gbk_as(codec: str, s: str) -> str:
    return s.encode("gbk").decode(codec, errors="test-latin1-fallback")


def utf8_as(codec: str, s: str) -> str:
    return s.encode("utf-8").decode(codec, errors="test-latin1-fallback")


# --- documents built from the clean corpus ------------------------------------------------------------------


def make_doc(rng: random.Random) -> list[str]:
    lines = [rng.choice(TITLES)]
    for _ in range(rng.randint(3, 7)):
        if rng.random() < 0.3:
            lines.append(rng.choice(HEADINGS))
        body = rng.choice(BODY)
        if body != lines[-1]:
            lines.append(body)
    return lines


Garbler = Callable[[random.Random, list[str]], tuple[str, str]]


def _nonascii_runs(line: str) -> list[re.Match[str]]:
    return list(re.finditer(r"[^\x00-\x7f]{2,}", line))


def _garble_runs(rng: random.Random, lines: list[str], garble: Callable[[str], str], even: bool) -> list[str]:
    out = list(lines)
    targets = rng.sample(range(len(out)), k=min(len(out), rng.randint(1, 3)))
    for i in targets:
        line = out[i]
        if rng.random() < 0.25:  # the whole line
            g = garble(line)
            if "\ufffd" not in g:
                out[i] = g
                continue
        for _ in range(30):
            runs = _nonascii_runs(line)
            if not runs:
                break
            m = rng.choice(runs)
            size = min(rng.choice([2, 4, 6, 8, 12, 16, 24]), len(m.group()))
            if even:
                size -= size % 2
            if size < 2:
                continue
            start = rng.randint(m.start(), m.end() - size)
            g = garble(line[start : start + size])
            if "\ufffd" in g:
                continue  # a lossy garble cannot come back exactly; tested separately
            out[i] = line[:start] + g + line[start + size :]
            break
    return out


def fam_utf8_as_gbk(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    return "\n".join(_garble_runs(rng, doc, utf8_as_gbk, even=True)), "\n".join(doc)


def fam_gbk_as_latin1(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    codec = rng.choice(["latin-1", "cp1252"])
    return "\n".join(_garble_runs(rng, doc, lambda s: gbk_as(codec, s), even=False)), "\n".join(doc)


def fam_utf8_as_latin1(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    codec = rng.choice(["latin-1", "cp1252"])
    return "\n".join(_garble_runs(rng, doc, lambda s: utf8_as(codec, s), even=False)), "\n".join(doc)


_S2T = {"t2s": "s2t", "tw2s": "s2tw", "hk2s": "s2hk"}


def _opencc(config: str, text: str) -> str:
    import opencc  # the reverse conversions are only needed to garble

    cc = opencc.OpenCC(config if not OFFICIAL else f"{config}.json")
    return str(cc.convert(text))


def fam_traditional(rng: random.Random, doc: list[str]) -> tuple[str, str, str]:
    config = rng.choice(list(_S2T))
    return _opencc(_S2T[config], "\n".join(doc)), "\n".join(doc), config


_SIMPLE_READINGS = {  # used when pypinyin is not installed: a reading for some common characters
    "干": "gàn",
    "部": "bù",
    "关": "guān",
    "心": "xīn",
    "爱": "ài",
    "的": "de",
    "工": "gōng",
    "作": "zuò",
    "县": "xiàn",
    "乡": "xiāng",
    "镇": "zhèn",
    "年": "nián",
    "人": "rén",
    "一": "yī",
    "是": "shì",
    "在": "zài",
    "为": "wèi",
    "发": "fā",
    "展": "zhǎn",
    "党": "dǎng",
    "组": "zǔ",
    "织": "zhī",
    "建": "jiàn",
    "设": "shè",
    "措": "cuò",
    "施": "shī",
    "激": "jī",
    "励": "lì",
    "担": "dān",
    "当": "dāng",
    "基": "jī",
    "层": "céng",
    "實": "shí",
    "關": "guān",
    "愛": "ài",
    "縣": "xiàn",
    "鄉": "xiāng",
    "鎮": "zhèn",
    "為": "wèi",
    "發": "fā",
    "黨": "dǎng",
    "組": "zǔ",
    "織": "zhī",
    "設": "shè",
    "勵": "lì",
    "擔": "dān",
    "當": "dāng",
    "層": "céng",
}


def _reading(ch: str, style: str) -> str | None:
    try:
        import pypinyin
    except ImportError:
        r = _SIMPLE_READINGS.get(ch)
    else:
        got = pypinyin.pinyin(ch, style=pypinyin.Style.TONE, errors="ignore", strict=True)
        r = got[0][0] if got and got[0] else None
    if not r or r == ch:
        return None
    if style == "tone":
        return r
    d = unicodedata.normalize("NFD", r)
    tone = 5
    for mark, t in (("\u0304", 1), ("\u0301", 2), ("\u030c", 3), ("\u0300", 4)):
        if mark in d:
            tone = t
    base = "".join(c for c in d if not unicodedata.combining(c) or c == "\u0308")
    base = unicodedata.normalize("NFC", base).replace("ü", "v")
    return f"{base}{tone}" if style == "digits" else base


def _add_pinyin(rng: random.Random, text: str, density: float) -> str:
    style = rng.choice(["tone", "digits", "plain"])
    wide = rng.random() < 0.3
    o, c = ("（", "）") if wide else ("(", ")")
    out: list[str] = []
    for ch in text:
        out.append(ch)
        if re.match(f"[{HAN}]", ch) and rng.random() < density:
            r = _reading(ch, style)
            if r:
                out.append(f"{o}{r}{c}" * (2 if rng.random() < 0.2 else 1))
    return "".join(out)


def fam_pinyin(rng: random.Random, doc: list[str]) -> tuple[str, str, str]:
    trad, clean, config = fam_traditional(rng, doc)
    density = rng.choice([0.1, 0.5, 1.0])
    garbled = _add_pinyin(rng, trad, density)
    if rng.random() < 0.3:  # a reading printed above the title
        title = trad.split("\n", 1)[0]
        reading = " ".join(r for ch in title if (r := _reading(ch, "tone")))
        garbled = reading + "\n" + garbled
    return garbled, clean, config


def _ascii_punct(rng: random.Random, line: str) -> str:
    line = re.sub(f"（([^（）]*[{HAN}][^（）]*)）", r"(\1)", line)
    return line.translate(str.maketrans("，；：？！", ",;:?!"))


def fam_ascii_punct(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    out = [(_ascii_punct(rng, line) if rng.random() < 0.6 else line) for line in doc]
    return "\n".join(out), "\n".join(doc)


def fam_fullwidth(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    table = {c: c + 0xFEE0 for c in range(0x21, 0x7F) if chr(c).isalnum()}
    out = [(line.translate(table) if rng.random() < 0.6 else line) for line in doc]
    return "\n".join(out), "\n".join(doc)


_RADICAL_FORMS: dict[str, str] = {}
for _cp in range(0x2F00, 0x2FD6):
    _RADICAL_FORMS.setdefault(unicodedata.normalize("NFKC", chr(_cp)), chr(_cp))
for _line in (
    (Path(__file__).resolve().parents[1] / "policytext" / "data" / "cjk_radicals_supplement.tsv")
    .read_text(encoding="utf-8")
    .splitlines()
):
    if _line and not _line.startswith("#"):
        _code, _rad, _tcode, _target, _name = _line.split("\t")
        if "SIMPLIFIED" in _name:
            _RADICAL_FORMS[_target] = _rad


def fam_radicals(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    out = "".join(_RADICAL_FORMS[c] if c in _RADICAL_FORMS and rng.random() < 0.5 else c for c in "\n".join(doc))
    return out, "\n".join(doc)


def _space_numbers(line: str) -> str:
    line = re.sub(f"(?<=[{HAN}])(?=\\d)", " ", line)
    return re.sub(f"(?<=[\\d%])(?=[{HAN}])", " ", line)


def _letter_space(line: str) -> str:
    """Space out a line as PDF extraction of justified Chinese text does: a space between Chinese characters,
    Chinese punctuation and numbers, none inside a number, next to a Latin word or an ASCII sign; a real
    space shows as a wider gap."""
    cjk = re.compile(f"[{HAN}，。、；：？！“”‘’（）《》—…·★△]")
    tokens = re.findall(r"\d+(?:\.\d+)?%?|[A-Za-z]+| +|.", line.replace(" ", "   "))
    out: list[str] = []
    for t in tokens:
        prev = out[-1] if out else ""
        spaced = [bool(cjk.match(x)) or x[0].isdigit() for x in (prev, t)] if prev else [False, False]
        if all(spaced) and (cjk.match(t) or cjk.match(prev)):
            out.append(" ")
        out.append(t)
    return "".join(out)


def fam_spaces(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    out = []
    for line in doc:
        r = rng.random()
        out.append(_space_numbers(line) if r < 0.5 else _letter_space(line) if r < 0.7 else line)
    return "\n".join(out), "\n".join(doc)


def _width(s: str) -> int:
    return len(s.encode("gb18030"))


def _wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of ``width`` display columns, as a word processor lays out Chinese text:
    anywhere
    between characters, but never inside a run of Latin letters and digits."""
    out: list[str] = []
    cur = ""
    w = 0
    for unit in re.findall(r"[A-Za-z0-9.%]+|.", text):
        cw = _width(unit)
        if cur and w + cw > width:
            out.append(cur)
            cur, w = "", 0
        cur += unit
        w += cw
    out.append(cur)
    return out


_PAGE_NUMBERS = ["- {n} -", "—{n}—", "{n}", "第{n}页", "第 {n} 页", "－{n}－"]
_RUNNING_HEADERS = ["x县委组织部文件", "关心关爱干部工作简报", "内部资料 注意保存"]


def _pdf(rng: random.Random, doc: list[str], variant: str, toc: bool) -> tuple[str, str]:
    width = rng.randrange(40, 81, 2)
    physical: list[str] = []
    toc_lines: list[str] = []
    if toc:
        heads = [h for h in doc if re.match(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d\.", h)]
        if len(heads) >= 2:
            toc_lines.append("目    录")
            toc_page = 1
            for h in heads:
                toc_page += rng.randint(0, 2)
                if rng.random() < 0.3 and len(h) > 4:
                    cut = rng.randint(2, len(h) - 2)
                    toc_lines += [h[:cut], f"{h[cut:]}{'.' * rng.randint(6, 20)}{toc_page}"]
                else:
                    toc_lines.append(f"{h}{'.' * rng.randint(6, 20)}{toc_page}")
    for k, line in enumerate(doc):
        is_title = k == 0 or line in TITLES
        if is_title:
            pad = max(0, (width - _width(line)) // 2)
            wrapped = [" " * pad + part for part in _wrap(line, width - pad)]
        else:
            wrapped = _wrap(("\u3000\u3000" if variant == "indent" else "") + line, width)
        physical += wrapped
        if variant == "blank":
            physical.append("")
        if k == 0:
            physical += toc_lines
    # pages: a page number at the foot, a running header at the head of the next page
    per_page = rng.randint(12, 30)
    # the running header of pages 2, 3, …: none, the document title, or a fixed label
    header = rng.choice([None, None, doc[0] if _width(doc[0]) <= width else None, rng.choice(_RUNNING_HEADERS)])
    while physical and not physical[-1]:
        physical.pop()
    number = rng.choice(_PAGE_NUMBERS)
    pages = [physical[i : i + per_page] for i in range(0, len(physical), per_page)]
    out_pages = []
    for n, page in enumerate(pages, start=1):
        page_lines = list(page)
        if n > 1 and header:
            page_lines.insert(0, header)
        page_lines.append(number.format(n=n))
        if rng.random() < 0.3:
            page_lines.append("")
        out_pages.append("\n".join(page_lines) + "\n\f")  # pdfminer ends every page with a form feed
    sep = "\n\n" if variant == "blank" else "\n"
    return "".join(out_pages), sep.join(doc)


def fam_pdf_indent(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    return _pdf(rng, doc, "indent", toc=rng.random() < 0.4)


def fam_pdf_blank(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    return _pdf(rng, doc, "blank", toc=rng.random() < 0.4)


def fam_pdf_plain(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    return _pdf(rng, doc, "plain", toc=rng.random() < 0.4)


def fam_page_break_blank(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    """One paragraph per line, blank lines between blocks, a page break showing as a blank line inside a long
    paragraph (the layout of the seed newsletters)."""
    sep = rng.choice(["\n", "\n\n"])
    out = list(doc)
    long_ones = [i for i, line in enumerate(out) if len(line) >= 120]
    for i in rng.sample(long_ones, k=min(2, len(long_ones))):
        line = out[i]
        # the page ends somewhere after the first sentence of the paragraph
        first_stop = min((line.index(c) for c in "。；" if c in line), default=len(line))
        if first_stop + 2 >= len(line) - 2:
            continue
        cut = rng.randint(first_stop + 2, len(line) - 2)
        out[i] = line[:cut] + "\n\n" + line[cut:]
    return sep.join(out), sep.join(doc)


def fam_web(rng: random.Random, doc: list[str]) -> tuple[str, str]:
    parts = []
    for k, line in enumerate(doc):
        units = list(line)  # characters, later some of them written as entities or wrapped in tags
        if rng.random() < 0.3 and len(units) > 4:
            i = rng.randint(1, len(units) - 1)
            units.insert(i, rng.choice(["\u200b", "\u200d", "\ufeff", "\u00ad"]))
        for i, u in enumerate(units):
            if u in "“”" and rng.random() < 0.5:
                units[i] = "&ldquo;" if u == "“" else "&rdquo;"
            elif re.match(f"[{HAN}]", u) and rng.random() < 0.03:
                units[i] = f"&#x{ord(u):x};" if rng.random() < 0.5 else f"&#{ord(u)};"
        if rng.random() < 0.3 and len(units) > 6:
            i = rng.randint(0, len(units) - 4)
            units[i] = '<span style="font-size:16px">' + units[i]
            units[i + 2] = units[i + 2] + "</span>"
        text = "".join(units)
        if k == 2 and rng.random() < 0.5:
            text = "##paidbegin##" + text
        lead = rng.choice(["", "&nbsp;&nbsp;", "\u3000\u3000"])
        parts.append(f'<p class="p{k}">{lead}{text}</p>')
    html = ("\ufeff" if rng.random() < 0.5 else "") + rng.choice(["", "\n"]).join(parts)
    if rng.random() < 0.5:
        html += "\n##paidend##\n"
    return html, "\n".join(doc)


def fam_seedlike(rng: random.Random, doc: list[str]) -> tuple[str, str, str]:
    trad, clean, config = fam_traditional(rng, doc)
    lines = trad.split("\n")
    lines = [_ascii_punct(rng, line) if rng.random() < 0.5 else line for line in lines]
    text = _add_pinyin(rng, "\n".join(lines), rng.choice([0.3, 1.0]))
    if rng.random() < 0.5:
        text = "##paidbegin##" + text + "\n##paidend##"
    return text, clean, config


FAMILIES: dict[str, Callable[..., tuple[str, ...]]] = {
    "utf8_as_gbk": fam_utf8_as_gbk,
    "gbk_as_latin1": fam_gbk_as_latin1,
    "utf8_as_latin1": fam_utf8_as_latin1,
    "traditional": fam_traditional,
    "pinyin": fam_pinyin,
    "ascii_punct": fam_ascii_punct,
    "fullwidth": fam_fullwidth,
    "radicals": fam_radicals,
    "spaces": fam_spaces,
    "pdf_indent": fam_pdf_indent,
    "pdf_blank": fam_pdf_blank,
    # hard-wrapped text with neither indentation nor blank lines between paragraphs: ambiguous where a
    # paragraph ends exactly at the right margin or a sentence exactly at the end of a line
    "pdf_plain": fam_pdf_plain,
    "page_break_blank": fam_page_break_blank,
    "web": fam_web,
    "seedlike": fam_seedlike,
}
SAMPLES = 120


def _recovery(family: str, samples: int = SAMPLES, seed: int = 20240601) -> tuple[float, list[tuple[str, str, str]]]:
    rng = random.Random(f"{seed}-{family}")
    ok = 0
    failures: list[tuple[str, str, str]] = []
    for _ in range(samples):
        doc = make_doc(rng)
        made = FAMILIES[family](rng, doc)
        garbled, expected = made[0], made[1]
        config = made[2] if len(made) > 2 else "t2s"
        got = normalize_text(garbled, config=config)
        if got == expected:
            ok += 1
        else:
            failures.append((garbled, expected, got))
    return ok / samples, failures


def _diff(expected: str, got: str) -> str:
    i = next(
        (k for k, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b),
        min(len(expected), len(got)),
    )
    return f"expected …{expected[max(0, i - 30) : i + 40]!r}\n     got …{got[max(0, i - 30) : i + 40]!r}"


@pytest.mark.parametrize("family", list(FAMILIES))
def test_generated_garbling_is_recovered(family: str) -> None:
    rate, failures = _recovery(family)
    detail = "\n".join(_diff(e, g) for _, e, g in failures[:3])
    assert rate >= 0.95, f"{family}: {rate:.1%} recovered\n{detail}"


def test_clean_corpus_is_unchanged() -> None:
    for line in ALL_CLEAN:
        assert normalize_text(line) == line
    rng = random.Random(7)
    for _ in range(200):
        doc = "\n".join(make_doc(rng))
        assert normalize_text(doc) == doc
        blank = doc.replace("\n", "\n\n")
        assert normalize_text(blank) == blank


def test_lossy_mojibake_keeps_the_clean_text_and_reports() -> None:
    rng = random.Random(3)
    for _ in range(50):
        doc = make_doc(rng)
        line = rng.choice(BODY)
        garbled = utf8_as_gbk(line)
        if "\ufffd" not in garbled:
            continue
        r = normalize_text_with_fixes(doc[0] + "\n" + garbled)
        assert r.text.split("\n")[0] == doc[0]
        assert r.unrecoverable >= 1
        assert any(f.name == "unrecoverable_mojibake" for f in r.fixes)


def test_syllable_table_covers_pypinyin() -> None:
    # the table was written by hand from the standard syllable chart; pypinyin (installed for the tests only)
    # is an independent record of every reading of every character
    pypinyin_dict = pytest.importorskip("pypinyin.pinyin_dict").pinyin_dict
    from policytext.normalize import _syllables

    table = _syllables()
    missing = set()
    for readings in pypinyin_dict.values():
        for reading in readings.split(","):
            d = unicodedata.normalize("NFD", reading).replace("u\u0308", "v").replace("e\u0302", "ê")
            base = "".join(c for c in d if not unicodedata.combining(c))
            if base not in table:
                missing.add(base)
    assert not missing


# --- tables, one per step -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("發(fā)展", "發展"),
        ("发(fa1)展", "发展"),
        ("发(fa)展", "发展"),
        ("参天之(zhi)(zhi)木", "参天之木"),
        ("参天之（zhī）木", "参天之木"),
        ("参天之（zhi）（zhi）木", "参天之木"),
        ("湖湘兒女(nv)", "湖湘兒女"),
        ("兒女(nǚ)情长", "兒女情长"),
        ("策略(lve)", "策略"),
        ("绿(lü)色", "绿色"),
        ("发展(fā zhǎn)", "发展"),
        ("发展(fa1zhan3)", "发展"),
        ("黨校(xiao)(行政(zheng)學(xue)(xue)院(yuan))", "黨校(行政學院)"),
        ("自貿(mao)區(港)", "自貿區(港)"),
        ("不(bu)(bu)(bu)作(zuo)為", "不作為"),
        ("啊(a)好(hao)的(de)", "啊好的"),
        ("guān yú jìn yī bù\n关于进一步", "关于进一步"),
        ("guan1 yu2 jin4\n关于进", "关于进"),
        ("sheng ri kuai le\n生日快乐", "生日快乐"),
    ],
)
def test_remove_pinyin_annotations(text: str, expected: str) -> None:
    assert remove_pinyin_annotations(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "关于印发《实施办法（试行）》的通知",
        "会议于（2021年7月6日）召开",
        "政务新媒体(APP)",
        "（一）强化政治激励",
        "(1)每年开展一次调研",
        "人均(x)元",
        "政务微博(weibo)",
        "无线网络(Wi-Fi)",
        "中国(China)",
        "情形(a)和情形(b)",
        "单位(A)",
        "培训(Training)",
        "Hello world",
        "an example\n例子",
        "Zhang San\n张三",
        "（注）",
        "项目(ok)",
    ],
)
def test_pinyin_lookalikes_stay(text: str) -> None:
    assert remove_pinyin_annotations(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("鍏充簬杩涗竴姝ュ叧蹇冨叧鐖卞共閮ㄧ殑閫氱煡", "关于进一步关心关爱干部的通知"),
        (
            "文件：鍏充簬杩涗竴姝ュ叧蹇冨叧鐖卞共閮ㄧ殑閫氱煡（2021年）",
            "文件：关于进一步关心关爱干部的通知（2021年）",
        ),
        ("¹ØÓÚ½øÒ»²½¹ØÐÄ¹Ø°®¸É²¿", "关于进一步关心关爱干部"),
        ("标题：¹ØÐÄ¹Ø°®¸É²¿。", "标题：关心关爱干部。"),
        ("å…³å¿ƒå…³çˆ±å¹²éƒ¨", "关心关爱干部"),
        ("å\x85³å¿\x83å\x85³ç\x88±", "关心关爱"),
        ("在2021å¹´，x县", "在2021年，x县"),
        ("CafÃ© culture", "Café culture"),
    ],
)
def test_repair_mojibake(text: str, expected: str) -> None:
    assert repair_mojibake(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "关于进一步关心关爱干部的通知",
        "乡党委书记阿卜杜·热合曼说",
        "××镇、××乡的干部",
        "面积约3×4米，温度-2℃",
        "“三个区分开来”……",
        "Café au lait",
        "x县人均x元，x--x%",
        "陜西、項目、鎮政府",
        "关于干部的通知锟斤拷",
        "损坏的文字\ufffd\ufffd保留",
        "丰富的日本語のテキスト",
    ],
)
def test_clean_text_is_not_repaired(text: str) -> None:
    assert repair_mojibake(text) == text


def test_unrecoverable_runs_are_kept_and_counted() -> None:
    r = normalize_text_with_fixes("第一段锟斤拷锟斤拷内容\n第二段\ufffd\ufffd内容\ufffd")
    assert r.text == "第一段锟斤拷锟斤拷内容\n第二段\ufffd\ufffd内容\ufffd"
    assert r.unrecoverable == 3
    assert r.fixes == (Fix("unrecoverable_mojibake", 3, FIX_DESCRIPTIONS["unrecoverable_mojibake"]),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>关心关爱</p><p>干部</p>", "关心关爱\n干部"),
        ('<div class="a"><span style="x">关心</span>关爱<br/>干部</div>', "关心关爱\n干部"),
        ("关心&nbsp;关爱&amp;干部&#x5173;&#20851;&ldquo;好&rdquo;", "关心 关爱&干部关关“好”"),
        ("&lt;p&gt;关心&lt;/p&gt;", "关心"),
        ("\ufeff关心\u200b关爱\u200d干部\u00ad", "关心关爱干部"),
        ("##paidbegin##三是提高待遇。\n##paidend##\n四是", "三是提高待遇。\n四是"),
        ("**科学设星**，目标", "科学设星，目标"),
        ("关心\x07关爱\x1b干部\x7f", "关心关爱干部"),
        ("关心\u2028关爱", "关心\n关爱"),
        ("<!-- 注释 -->关心<script>var a=1;</script>关爱", "关心关爱"),
    ],
)
def test_strip_web_residue(text: str, expected: str) -> None:
    assert strip_web_residue(text) == expected


@pytest.mark.parametrize("text", ["a < b 且 c > d", "R&D 投入", "政务<APP>", "*县", "**县和**市", "x<1且y>2"])
def test_web_lookalikes_stay(text: str) -> None:
    assert strip_web_residue(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("标题\n正文第一页内容\n更多内容\n3\f关于某事\n正文第二页\n4\f关于某事\n正文第三页\n5", "正文第二页"),
        ("正文\n- 3 -\n继续", "正文\n继续"),
        ("正文\n第3页 共10页\n继续", "正文\n继续"),
        ("正文\n— 12 —\n继续", "正文\n继续"),
    ],
)
def test_remove_page_furniture(text: str, expected: str) -> None:
    out = remove_page_furniture(text)
    assert expected in out
    assert not re.search(r"(?m)^\s*(?:[-—]\s*\d+\s*[-—]|\d+|第\s*\d+\s*页.*)\s*$", out.replace("\f", "\n"))
    if "关于某事" in text:
        assert out.count("关于某事") == 0


def test_page_furniture_keeps_lone_numbers_without_page_breaks() -> None:
    assert remove_page_furniture("第 12 期\n2021\n正文") == "第 12 期\n2021\n正文"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "通知\n目录\n一、总则......1\n二、关爱措施\n和保障......3\n三、附则......5\n一、总则\n正文。",
            "通知\n一、总则\n正文。",
        ),
        ("目  录\n第一章 总则……1\n第二章 措施……4\n\n第一章 总则", "\n第一章 总则"),
        (
            "简报\n\n★ 本地信息\n\n- x县：关爱干部\n出实招.....2\n- y县：落实措施.....3\n\n★ 外地参考\n\n"
            "- 某市：用好奖励\n“指挥棒”6\n\n领导批示：\n",
            "简报\n\n\n\n\n\n领导批示：\n",
        ),
    ],
)
def test_remove_table_of_contents(text: str, expected: str) -> None:
    assert remove_table_of_contents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "他说……3天后再议",
        "合计......100\n正文。",
        "一、总则\n二、措施\n三、附则",
        "目标任务：\n1.提高待遇\n2.加强培训",
    ],
)
def test_table_of_contents_lookalikes_stay(text: str) -> None:
    assert remove_table_of_contents(text) == text


LONG_A = "结合实际完善考评内容，近年来，先后将美丽乡村建设、脱贫攻坚、防汛救灾等工作纳入考评。严格执行公示定星、"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence split across a blank line at a page break
        (LONG_A + "\n\n授星挂牌工作程序。", LONG_A + "授星挂牌工作程序。"),
        (LONG_A + "\f授星挂牌工作程序。", LONG_A + "授星挂牌工作程序。"),
        (LONG_A[:-1] + "\n\n好干部”评选。", LONG_A[:-1] + "好干部”评选。"),
        # a continuation that starts with closing punctuation
        ("会议要求\n，各单位抓好落实。", "会议要求，各单位抓好落实。"),
        # title, heading and list lines are never joined to what follows
        ("x县：做实关心关爱工作 激励干部担当作为（1）\n今年，x县出台实施意见。", None),
        ("一、强化教育培养，锤炼本领“善作为”\n领导干部要有真本领。", None),
        (LONG_A + "\n一、主要做法", None),
        (LONG_A + "\n（一）突出责任", None),
        (LONG_A + "\n1.完善机制", None),
        (LONG_A + "\n△怀宁县：擦亮品牌", None),
        (LONG_A + "\n★ 市外参考", None),
        (LONG_A + "\n- 岳西县：落实举措", None),
        # a short line is a title, even without punctuation
        ("用“心”关心干部 用“行”关爱干部（5）\n\nx县委组织部对待党员干部就像娘家人。", None),
        ("领导批示：\n\n市内信息", None),
        # a finished sentence is a paragraph end
        ("第一段结束。\n第二段开始。", None),
        ("第一段结束。\n\n第二段开始。", None),
    ],
)
def test_rejoin_broken_lines(text: str, expected: str | None) -> None:
    assert rejoin_broken_lines(text) == (text if expected is None else expected)


def test_rejoin_wrapped_text_with_indented_paragraphs() -> None:
    paras = BODY[:6]
    wrapped = "\n".join(line for p in paras for line in _wrap("\u3000\u3000" + p, 52))
    assert normalize_text(wrapped) == "\n".join(paras)


def test_rejoin_wrapped_text_with_blank_lines() -> None:
    paras = BODY[6:12]
    wrapped = "\n\n".join("\n".join(_wrap(p, 60)) for p in paras)
    assert normalize_text(wrapped) == "\n\n".join(paras)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("近三年提拔重用优秀干部 420 人", "近三年提拔重用优秀干部420人"),
        ("2021 年 5 月 31 日", "2021年5月31日"),
        ("第 12 期", "第12期"),
        ("每年组织 1-2 次", "每年组织1-2次"),
        ("共帮扶 49 人次 33.7 万元", "共帮扶49人次33.7万元"),
        ("关 心 关 爱 干 部", "关心关爱干部"),
        ("通 知", "通知"),
        ("机 制   推 动", "机制 推动"),
        ("热情。 近年来", "热情。近年来"),
        ("“ 五有 ”举措", "“五有”举措"),
    ],
)
def test_remove_spurious_spaces(text: str, expected: str) -> None:
    assert remove_spurious_spaces(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "擦亮星级创评品牌 激发基层党组织和党员干事创业热情",
        "用“心”关心干部 用“行”关爱干部（5）",
        "Hello World, this is English",
        "政务 APP 平台",
        "1 2 3",
        "COVID 19",
    ],
)
def test_meaningful_spaces_stay(text: str) -> None:
    assert remove_spurious_spaces(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("⽅法", "方法"),
        ("⻓效机制", "长效机制"),
        ("⻅效", "见效"),
        ("部⻔", "部门"),
        ("⼯作⼈员", "工作人员"),
        ("⾒", "見"),
    ],
)
def test_map_radicals(text: str, expected: str) -> None:
    assert map_radicals(text) == expected


def test_radical_table_agrees_with_opencc() -> None:
    # every C-SIMPLIFIED form maps to OpenCC's simplification of the Kangxi radical of the same name
    kangxi = {unicodedata.name(chr(c)).removeprefix("KANGXI RADICAL "): chr(c) for c in range(0x2F00, 0x2FD6)}
    checked = 0
    for rad, target in ((r, t) for t, r in _RADICAL_FORMS.items() if 0x2E80 <= ord(r) <= 0x2EFF):
        name = unicodedata.name(rad)
        if "J-SIMPLIFIED" in name:
            continue
        base = unicodedata.normalize("NFKC", kangxi.get(name.split("SIMPLIFIED ")[1], "?"))
        simplified = convert_text(base)
        if simplified != base:
            assert simplified == target, name
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("２０２１年", "2021年"),
        ("ＡＰＰ和ｘ县", "APP和x县"),
        ("３．５万元", "3.5万元"),
        ("参天之木,必有其根;", "参天之木，必有其根；"),
        ("时间:10:30", "时间：10:30"),
        ("怎么办?怎么办!", "怎么办？怎么办！"),
        ("什么??", "什么？？"),
        ("APP,微信", "APP，微信"),
        ("他说:“好”", "他说：“好”"),
        ("党委(党组)", "党委（党组）"),
        ("党校(行政学院)", "党校（行政学院）"),
        ("(见附件(A))", "（见附件(A)）"),
        ("自贸区(港)", "自贸区（港）"),
        ("（试行)", "（试行）"),
    ],
)
def test_normalize_width_and_punctuation(text: str, expected: str) -> None:
    assert normalize_width_and_punctuation(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "（试行）",
        "(APP)",
        "(1)",
        "1,500元",
        "10:30",
        "Hello, World!",
        "http://www.gov.cn/a?b=1",
        "“三个区分开来”",
        "《关于……的意见》",
        "（一）",
        "（2021年7月6日）",
    ],
)
def test_chinese_and_ascii_punctuation_stay(text: str) -> None:
    assert normalize_width_and_punctuation(text) == text


@pytest.mark.parametrize(
    ("text", "config", "expected"),
    [
        ("關心關愛幹部", "t2s", "关心关爱干部"),
        ("關心關愛幹部\n关心关爱干部", "t2s", "关心关爱干部\n关心关爱干部"),
        ("关心关爱干部作為", "t2s", "关心关爱干部作为"),
        ("軟體和計程車", "tw2s", "软体和计程车"),
        ("乾縣的幹部", "t2s", "乾县的干部"),
        ("乾隆年间著名的覆盖", "t2s", "乾隆年间著名的覆盖"),
        ("", "t2s", ""),
    ],
)
def test_to_simplified(text: str, config: str, expected: str) -> None:
    assert to_simplified(text, config=config) == expected
    assert to_simplified(to_simplified(text, config=config), config=config) == to_simplified(text, config=config)


@pytest.mark.parametrize("config", ["t2s", "tw2s", "hk2s", OpenCCConfig.HK2S, "t2s.json"])
def test_configs_are_accepted(config: str) -> None:
    assert normalize_text("關心幹部", config=config) == "关心干部"


@pytest.mark.parametrize("config", ["s2t", "zh", "tw2sp"])
def test_unknown_config_is_rejected(config: str) -> None:
    with pytest.raises(ValueError, match="choose one of t2s, tw2s, hk2s"):
        normalize_text("关心", config=config)


def test_non_str_is_rejected() -> None:
    with pytest.raises(TypeError, match="expects a str"):
        normalize_text(b"\xe5\x85\xb3")  # type: ignore[arg-type]


# --- legitimate text that the whole pipeline must leave alone -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "关于印发《x县干部容错纠错实施办法（试行）》的通知",
        "会议于（2021年7月6日）召开。",
        "清理规范各类政务APP和工作群。",
        "政务新媒体(APP)",
        "（一）强化政治激励",
        "(1)每年开展一次调研。",
        "每年按空编的x--x%考录公务员。",
        "按照人均x元的标准，每年组织x次体检。",
        "x县、*县、某县、x市x县、××镇",
        "提拔干部x名，占比x%。",
        "资金1,500万元，10:30开会。",
        "一是改善生活条件。二是落实关怀措施。",
        "x县：做实关心关爱工作 激励干部担当作为（1）\n今年，x县出台《实施意见》。",
        "一、总体要求\n（一）强化政治激励\n1.完善机制\n2.健全制度",
        "乾隆年间著名的覆盖范围",
        "他说：“我们就是要让干部感受到温暖！”",
        "如何让关爱措施惠及每一名干部？",
        "COVID-19疫情防控期间，GDP增长6.5%。",
        "第一篇报告。\n\n第二篇报告。",
        "The quick brown fox, jumps over the lazy dog.",
        "阿卜杜·热合曼说，年轻干部也愿意留下来了。",
    ],
)
def test_legitimate_text_is_unchanged(text: str) -> None:
    r = normalize_text_with_fixes(text)
    assert r.text == text
    assert r.fixes == ()


# --- the result object --------------------------------------------------------------------------------------


def test_fixes_are_reported_in_pipeline_order() -> None:
    text = "<p>**參天之(zhi)木,必有其根;**</p>\n##paidend##\n干部 420 人。"
    r = normalize_text_with_fixes(text)
    assert isinstance(r, NormalizedText)
    names = [f.name for f in r.fixes]
    assert names == [n for n in FIX_DESCRIPTIONS if n in names]
    assert set(names) == {
        "html_tags",
        "paywall_markers",
        "markdown_emphasis",
        "pinyin_annotations",
        "spurious_spaces",
        "traditional_to_simplified",
        "punctuation",
    }
    assert all(f.count > 0 and f.description for f in r.fixes)
    assert r.text == "参天之木，必有其根；\n干部420人。"


def test_emphasis_offsets_survive_later_steps() -> None:
    text = "△怀宁县：**科學設(she)“星”,目標體系更精準。** 圍繞要求 420 人。**奖惩凭“星”**。"
    r = normalize_text_with_fixes(text)
    assert r.text == "△怀宁县：科学设“星”，目标体系更精准。围绕要求420人。奖惩凭“星”。"
    assert [r.text[s:e] for s, e in r.emphasis] == ["科学设“星”，目标体系更精准。", "奖惩凭“星”"]


def test_emphasis_offsets_across_joined_lines() -> None:
    text = LONG_A + "\n\n**授星挂牌**工作程序。\n**二是**落实。"
    r = normalize_text_with_fixes(text)
    assert [r.text[s:e] for s, e in r.emphasis] == ["授星挂牌", "二是"]
    assert "\n" not in r.text.split("授星挂牌")[0][-5:]


def test_output_layout() -> None:
    text = "\n\n  \u3000\u3000标题  \n\n\n\n\u3000\u3000第一段。  \n\f\n第二段。\t\n\n\n"
    assert normalize_text(text) == "标题\n\n第一段。\n\n第二段。"


# --- properties ---------------------------------------------------------------------------------------------

SIMPLE_HAN = "关心爱干部工作县乡镇人员年度考核组织建设措施激励担当作为基层待遇保障"
TRAD_HAN = {
    "關": "关",
    "愛": "爱",
    "黨": "党",
    "區": "区",
    "國": "国",
    "學": "学",
    "會": "会",
    "來": "来",
    "們": "们",
}
_removable = st.sampled_from(
    ["<span>", "</p>", "<br/>", "##paidbegin##", "##paidend##", "\u200b", "\ufeff", "\x07", "**", "\u00ad"]
)
_content = st.text(alphabet=SIMPLE_HAN + "".join(TRAD_HAN) + "，。；：、“”（）0123456789 ax\n", min_size=0, max_size=12)


@st.composite
def _documents(draw: st.DrawFn) -> tuple[str, str]:
    """A text built from content pieces and removable pieces; also the text without the removable pieces."""
    pieces: list[tuple[str, bool]] = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            pieces.append((draw(_removable), False))
        elif kind == 1 and pieces and re.search(f"[{HAN}]$", pieces[-1][0]) and pieces[-1][1]:
            pieces.append((f"({draw(st.sampled_from(['zhi', 'guan1', 'xīn', 'ai']))})", False))
        elif kind == 2:
            pieces.append(("\n" + draw(st.sampled_from(["- 3 -", "guān xīn gàn bù"])) + "\n", False))
        else:
            pieces.append((draw(_content), True))
    text = "".join(p for p, _ in pieces)
    content = "".join(p for p, keep in pieces if keep)
    return text, content


def _han_multiset(text: str) -> Counter[str]:
    return Counter(TRAD_HAN.get(c, c) for c in re.findall(f"[{HAN}]", text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_chinese_characters_are_removed_only_by_the_removal_rules(doc: tuple[str, str]) -> None:
    text, content = doc
    out = normalize_text(text)
    assert _han_multiset(out) == _han_multiset(content)


_noisy = st.lists(
    st.one_of(
        st.sampled_from(list(SIMPLE_HAN + "".join(TRAD_HAN) + "，。；：、“”（）《》…—")),
        st.sampled_from(list(" \u3000\n\n\f\t,.;:?!()*#<>&-_0123456789axzhiAPP")),
        st.sampled_from(
            ["(zhi)", "（xīn）", "**", "##paidbegin##", "<p>", "&nbsp;", "......3", "目录", "一、", "- 2 -"]
        ),
        st.sampled_from(list("鍏充簬閫氱煡¹ØÓÚå…³äºŽ·×é\ufffd锟斤拷\u200b\ufeff⽅⻓２Ａ")),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_noisy)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(BODY + TITLES + HEADINGS), min_size=1, max_size=6), st.randoms())
def test_normalize_is_idempotent_on_garbled_documents(doc: list[str], rng: random.Random) -> None:
    family = rng.choice(sorted(FAMILIES))
    made = FAMILIES[family](rng, doc)
    config = made[2] if len(made) > 2 else "t2s"
    once = normalize_text(made[0], config=config)
    assert normalize_text(once, config=config) == once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None), max_size=60))
def test_nothing_crashes_on_arbitrary_unicode(text: str) -> None:
    r = normalize_text_with_fixes(text)
    assert "\f" not in r.text
    assert not r.text.startswith("\n") and not r.text.endswith("\n")
    assert all(0 <= s < e <= len(r.text) for s, e in r.emphasis)
    assert normalize_text(r.text) == r.text


def test_surrogates_and_noncharacters_are_dropped() -> None:
    assert normalize_text("关\ud800心\udfff\ufdd0关\uffff爱") == "关心关爱"


# --- quick paths: each gives what the rule it stands for gives ----------------------------------------------
# (normalize_text skips work where a cheap test shows it would change nothing; these tests hold each shortcut
# to the rule it replaces, on the private helpers, so that a change to one side shows)

_QUICK_PIECES = [
    *BODY[:40],
    *TITLES[:10],
    *HEADINGS[:10],
    "，并在全县推广。",
    "”等做法。",
    "（试行）",
    "%左右",
    "\ufdd0",
    "\ufdd0\ufdd1",
    "\ufdd0加粗\ufdd1",
    "一、总体要求",
    "（二）",
    "- 3 -",
]


def _paragraph_text(rng: random.Random, n: int) -> str:
    """Text of mostly one paragraph per line: lines cut anywhere, marks that continue a line, bold markers,
    indentation, trailing spaces, blank lines and page breaks."""
    parts: list[str] = []
    for _ in range(n):
        line = rng.choice(_QUICK_PIECES)
        if rng.random() < 0.35:
            line = line[: rng.randint(1, len(line))]
        if rng.random() < 0.1:
            line = rng.choice("，。、；：？！”’）》,.;:?!)%") + line
        if rng.random() < 0.08:
            line = rng.choice(["\u3000\u3000", "  ", "\t", "\ufdd0 "]) + line
        if rng.random() < 0.08:
            line += rng.choice([" ", "\u3000", "”", "。”", "\ufdd1", "……"])
        parts.append(line)
        parts.append(rng.choice(["\n"] * 12 + ["\n\n", "\n\n\n", "\f", "\n\f", "\f\n", "\n \n", "\n\f\n\n"]))
    return "".join(parts)


@pytest.mark.parametrize("seed", range(6))
def test_paragraph_quick_path_matches_rejoin(seed: int) -> None:
    rng = random.Random(seed)
    answered = joined_lines = 0
    for _ in range(60):
        text = _paragraph_text(rng, rng.choice([3, 20, 80, 400]))
        fx_quick = normalize_module._Fixes()
        quick = normalize_module._rejoin_paragraphs(text, fx_quick)
        if quick is None:
            assert not fx_quick  # (nothing done: the full path takes over)
            continue
        fx_full = normalize_module._Fixes()
        full_joined: list[int] = []
        full = normalize_module._rejoin(text, fx_full, layout=True, joined=full_joined)
        laid_out, spans = quick
        assert laid_out == full
        lines = full.split("\n")
        offsets = [0, *itertools.accumulate(len(line) + 1 for line in lines)]
        assert (spans, fx_quick) == ([(offsets[k], offsets[k] + len(lines[k])) for k in full_joined], fx_full)
        answered += 1
        joined_lines += len(spans)
    assert answered >= 20 and joined_lines >= 20  # (the quick path was taken, and joined lines)


def _second_look_by_rounds(out: list[str], joined: list[int] | None, only: list[int] | None = None) -> int:
    """``_second_look`` as first written, the reference for the one in the module: after each round the lines
    taken in are dropped from ``out`` and the indices (``only``, ``joined``) are moved, so that every round
    sees the lines as a list without gaps."""
    n = normalize_module
    total = 0
    for _ in range(4):
        looked = range(len(out)) if only is None else sorted(set(only))
        pairs = []
        for k in looked:
            if k >= len(out) - 1 or not out[k]:
                continue
            j = k + 1 if out[k + 1] else k + 2  # the next line, across one blank line
            if j < len(out) and out[j]:
                a = out[k]
                if (len(a) >= n._LONG_LINE and a[-1] not in n._SURE_END) or out[j][0] in n._CONT_OR_MARK:
                    pairs.append((k, j))
        dead: set[int] = set()
        done: list[tuple[int, int]] = []
        for k, j in reversed(pairs):
            if k in dead or j in dead:
                continue
            if n._should_join(out[k], out[j], "nl" if j == k + 1 else "blank", k, n._PARAGRAPHS):
                out[k] = n._join_pair(out[k], out[j])
                dead.update(range(k + 1, j + 1))
                done.append((k, j))
        if not done:
            break
        done.sort()
        # where each line goes: up by the lines dropped up to it (a line dropped goes where the line that took
        # it in goes)
        dropped_through: list[int] = list(itertools.accumulate(i in dead for i in range(len(out))))
        out[:] = [line for i, line in enumerate(out) if i not in dead]
        newly = [k - dropped_through[k] for k, _ in done]
        if joined is not None:
            moved = {i - dropped_through[i] if i >= 0 else i for i in joined if i not in dead}
            joined[:] = sorted(moved.union(newly))
        total += len(newly)
        only = newly + [i - 1 for i in newly if i]
    return total


@pytest.mark.parametrize("seed", range(6))
def test_second_look_matches_the_round_by_round_reference(seed: int) -> None:
    # _second_look keeps the lines taken in until the end and follows links between the lines left; it must
    # make the same lines, the same joined indices and the same count as rounds over a list without gaps
    rng = random.Random(seed)
    joins = 0
    for _ in range(300):
        out: list[str] = []
        for _ in range(rng.choice([2, 6, 30, 120])):
            line = rng.choice(_QUICK_PIECES)
            if rng.random() < 0.6:
                start = rng.randrange(len(line))
                line = (line * 3)[start : start + rng.randint(1, 120)]
            if rng.random() < 0.15:
                line = rng.choice("，。、；：？！”’）》,.;:?!)%\ufdd0 ") + line
            out.append(line)
            if rng.random() < 0.2:
                out.append("")
        joined = sorted(rng.sample(range(len(out)), k=rng.randint(0, len(out))))
        if rng.random() < 0.2:
            joined.insert(0, normalize_module._ALL_LINES)
        only = None if rng.random() < 0.3 else sorted(rng.sample(range(len(out)), k=rng.randint(0, len(out))))
        keep = rng.random() < 0.8  # (``joined`` may be None)
        out_ref, joined_ref = list(out), list(joined)
        expected = _second_look_by_rounds(out_ref, joined_ref if keep else None, None if only is None else list(only))
        got = normalize_module._second_look(out, joined if keep else None, None if only is None else list(only))
        assert (got, out, joined) == (expected, out_ref, joined_ref)
        joins += got
    assert joins >= 200  # (lines were joined, over several rounds)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(BODY + TITLES + HEADINGS), min_size=1, max_size=300), st.randoms())
def test_surely_unwrapped_agrees_with_layout(pieces: list[str], rng: random.Random) -> None:
    # lines of about one width (as hard-wrapped text has) mixed with whole paragraphs and titles
    width = rng.randrange(10, 120)
    share = rng.random()
    lines = []
    for piece in pieces:
        if rng.random() < share:
            start = rng.randrange(len(piece))
            piece = (piece * 3)[start : start + width + rng.randint(-2, 1)]
        if rng.random() < 0.1:
            piece = "\u3000\u3000" + piece
        lines.append(piece or "x")
    if normalize_module._surely_unwrapped(lines):
        assert not normalize_module._Layout(lines, normalize_module._NoGaps()).wrapped


_ENDINGS = st.text(alphabet="。！？；：…!?;:.”’）》」』】〕〉\"')] \t\u3000\ufdd0\ufdd1a中1٣,，", max_size=8)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["", "关心关爱干部", "2.", "第3.5"]), _ENDINGS)
def test_terminal_end_matches_its_pattern(head: str, tail: str) -> None:
    line = head + tail
    assert normalize_module._terminal_end(line) == (normalize_module._TERMINAL_END.search(line) is not None)


_HEAD_ALPHABET = "guanxīnàGX01 -－—–―第页共/，\t\u3000\ufdd0\n\f关心。"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_HEAD_ALPHABET, max_size=40))
def test_line_heads_match_the_two_patterns(text: str) -> None:
    pinyin = [m.start() + 1 for m in normalize_module._PY_LINE_QUICK.finditer(text)]
    numbers = [m.span() for m in normalize_module._PAGE_NUMBER_AFTER_NL.finditer(text)]
    assert normalize_module._line_heads(text) == (pinyin, numbers)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="*#.·．目录 \t\u3000x\n关", max_size=30))
def test_run_searches_match_their_patterns(text: str) -> None:
    for char, times in (("*", 2), ("#", 2), (".", 3), ("·", 2)):
        found = list(normalize_module._runs(text, char, times))
        assert all(text.startswith(char * times, i) for i in found)
        # every run starts at or holds an offset found
        for m in re.finditer(re.escape(char * times), text):
            assert any(i <= m.start() < i + times for i in found)
    assert normalize_module._has_toc_title(text) == (normalize_module._TOC_TITLE_ANYWHERE.search(text) is not None)


_CLEANISH = SIMPLE_HAN + "，。；：、“”（）《》— 0123456789abcAPP\u3000<>&#*\r😀𠀀"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_CLEANISH + "關(zhi)（xīn）,;:?!**##\u200b⽅２é鍏", max_size=40))
def test_lines_without_dirty_characters_are_left_alone(line: str) -> None:
    # the character-level steps run only on lines _dirty_spans finds; the others must come out unchanged
    line = line.replace("\n", "")
    config = OpenCCConfig.T2S
    if (
        normalize_module._dirty_pattern(config).search(line)
        or normalize_module._PY_QUICK_WIDE.search(line)
        or "**" in line
        or "##" in line
    ):
        return
    fx = normalize_module._Fixes()
    assert normalize_module._process_lines([line], config, fx) == [line]
    assert not fx


@pytest.mark.parametrize("config", list(OpenCCConfig))
def test_dirty_table_is_the_dirty_pattern(config: OpenCCConfig) -> None:
    # _dirty_spans looks characters up in the table on long texts and searches with the pattern on short ones
    table = normalize_module._dirty_table(config)
    pattern = normalize_module._dirty_pattern(config)
    assert [cp for cp in range(0x10000) if bool(table[cp]) != (pattern.match(chr(cp)) is not None)] == []
    assert table[0x10000] and pattern.match("\U00020000")  # (every character outside the BMP)


def _dirty_spans_by_search(text: str, config: OpenCCConfig) -> list[tuple[int, int]]:
    """_dirty_spans as the short-text path computes it (one search per line), the reference for the table."""
    n = normalize_module
    hits = [m.start() for m in n._dirty_pattern(config).finditer(text)]
    hits += [m.start() for m in n._PY_QUICK_WIDE.finditer(text)]
    hits += [m.start() for m in re.finditer(r"(?=\*\*|##)", text)]
    return n._line_spans(text, sorted(hits))


@pytest.mark.parametrize("seed", range(4))
def test_dirty_spans_on_long_texts_match_the_search(seed: int) -> None:
    # long texts: sparse (the table), astral characters (UTF-32 offsets), dense (more hits than the table
    # path takes: the search again)
    rng = random.Random(seed)
    config = OpenCCConfig.T2S
    lines = (
        BODY + TITLES + ["關心關愛幹部", "黨校(xiao)", "**加粗**", "##paidend##", "𠀀县", "😀", "（xīn）", "a,b", ""]
    )
    bmp = [line for line in lines if all(ord(c) < 0x10000 for c in line)]
    for size, pool in itertools.product((5000, 30000, 120000), (lines, bmp)):
        text = "\n".join(rng.choice(pool) for _ in range(size // 30))
        assert normalize_module._dirty_spans(text, config) == _dirty_spans_by_search(text, config)
    dense = "\n".join("關心關愛幹部，黨組織建設發展" * 3 for _ in range(800))
    assert len(dense) > 4096 and sum(map(dense.count, "關愛幹黨組織設發")) > normalize_module._DENSE_DIRTY
    assert normalize_module._dirty_spans(dense, config) == _dirty_spans_by_search(dense, config)


@pytest.mark.parametrize("numpy_max", [None, 3])
def test_codes_are_the_code_points(numpy_max: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    # (NumPy's string array as integers: trailing NULs, astral characters and lone surrogates included; a text
    # too long for a NumPy string is encoded instead)
    if numpy_max is not None:
        monkeypatch.setattr(normalize_module, "_NUMPY_STR_MAX", numpy_max)
    for text in ["", "a", "关心\x00\x00", "𠀀县\ud800x", "\U0010ffff", BODY[0] * 50]:
        assert normalize_module._codes(text).tolist() == [ord(c) for c in text]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=60) | st.sampled_from([*BODY, "𠀀县À€ǹ", "\ud7ff\uffff\ue5e5"]), max_size=30))
def test_line_widths_are_display_widths(lines: list[str]) -> None:
    # widths summed from the table over the code points, as _rejoin_paragraphs probes lines without making them
    n = normalize_module
    text = "\n".join(lines)
    starts = np.array([0, *itertools.accumulate(len(line) + 1 for line in lines)][:-1], dtype=np.int64)
    ends = starts + np.array([len(line) for line in lines], dtype=np.int64)
    assert n._line_widths(n._codes(text), starts, ends) == [n._display_width(line) for line in lines]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40))
def test_spacing_rules_never_change_ascii(line: str) -> None:
    # (_spaces_line returns an ASCII line at once)
    n = normalize_module
    assert n._LETTER_SPACED.sub(n._letter_spaced, line) == line
    assert n._SPACE_AROUND_NUMBER.sub(n._kept_groups, line) == line
    assert n._SPACE_AROUND_PUNCT.sub(n._kept_groups, line) == line
    assert n._WIDE_GAP.sub(" ", line) == line


def test_no_heading_starts_with_a_continuation_mark() -> None:
    # (_joins_paragraph does not look for a heading after a line that continues the one before)
    for mark in normalize_module._CONTINUATION_START:
        for rest in ["", "一、", "1.", "（一）", "第一章", " 附件", "3 -"]:
            assert normalize_module._HEADING.match(mark + rest) is None


# --- the real documents -------------------------------------------------------------------------------------

_SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
_PINYIN_LEFT = re.compile(f"[{HAN}][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{{1,6}}[1-5]?[)）]")
_STOPS = "。！？；"
_TERMINAL = "。！？；：…"
_HEADING_START = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[△★●\-]")


def _sentences(line: str) -> list[str]:
    """Complete sentences of a raw line: pieces that end with 。！？；."""
    return [m.group() for m in re.finditer(f"[^{_STOPS}]*[{_STOPS}][”’）]?", line)]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("**", "")


@pytest.mark.seeds
@pytest.mark.skipif(not _SEED_FILES, reason=f"{SEEDS} is absent")
@pytest.mark.parametrize("path", _SEED_FILES, ids=[p.name for p in _SEED_FILES])
def test_seed_document_comes_out_clean(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    r = normalize_text_with_fixes(raw)
    out = r.text
    assert not _PINYIN_LEFT.search(out)
    assert convert_text(out) == out  # no traditional characters left
    assert "##paid" not in out and "**" not in out
    assert "\f" not in out and normalize_text(out) == out
    flat = _flat(out)
    # every sentence of the seed is still there
    missing = []
    for line in raw.split("\n"):
        for sentence in _sentences(line):
            key = _flat(normalize_text(sentence))
            if key and key not in flat:
                missing.append(sentence)
    assert not missing, missing[:3]
    # no line break inside a sentence that the seed broke: a long body line that stops mid-sentence is joined
    # to the text after it, across blank lines
    lines = [line for line in raw.split("\n") if line.strip()]
    for a, b in itertools.pairwise(lines):
        na, nb = normalize_text(a), normalize_text(b)
        if (
            len(na) >= 48
            and na[-1] not in _TERMINAL
            and not na.endswith("）")
            and any(c in na for c in _STOPS)
            and not _HEADING_START.match(nb)
        ):
            assert na[-8:] + nb[:8] in out, (na[-8:], nb[:8])


def test_blank_line_after_every_line_is_no_paragraph_mark() -> None:
    # some PDF extractions put each line in its own text box: a blank line after every line, paragraph or not
    paragraphs = [
        "为进一步激励广大干部担当作为，现结合本县实际，就关心关爱基层干部提出如下措施，请各单位认真抓好落实。",
        "乡镇干部每年安排一次健康体检，体检经费按照每人每年不低于八百元的标准列入县级财政预算，专款专用。",
        "对长期在艰苦边远乡镇工作且实绩突出的干部，在职级晋升和评先评优时同等条件下优先考虑，激励扎根基层。",
    ]
    width = 17
    lines = [p[i : i + width] for p in paragraphs for i in range(0, len(p), width)]
    garbled = "\n\n".join(lines)
    assert normalize_text(garbled).split("\n\n") == paragraphs
