"""Validate ``devset/gold.jsonl`` against the documents in ``devset/docs``.

The check is deliberately crude and independent of policytext: it decodes each document
(UTF-8, else Big5, else GB18030), strips HTML, entities, zero-width characters, parenthesised
pinyin and display markers, converts to simplified Chinese with OpenCC ``t2s``, joins the lines,
removes all whitespace and maps ASCII ``,;:()?!`` next to Chinese to full width. Every gold
sentence must then be found in its document, in order, and the text left between the matches
may only be known web residue (so no sentence of a document is missing from the gold).

Run from the repository root::

    .venv/bin/python devset/check_gold.py            # errors, then counts
    .venv/bin/python devset/check_gold.py --quiet    # errors only

Exit status: 0 clean, 1 errors found.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

import opencc

DEVSET = Path(__file__).resolve().parent
DOCS = DEVSET / "docs"
GOLD = DEVSET / "gold.jsonl"

LABELS = {
    "political_incentive": {
        "selection_promotion",
        "rank_promotion",
        "commendation_award",
        "appraisal",
        "training_secondment",
        "ideological_guidance",
    },
    "life_care": {
        "pay_allowance",
        "housing_living",
        "family_support",
        "leave",
        "visits_talks",
        "burden_reduction",
        "cultural_activities",
    },
    "health": {"checkup", "mental_health", "medical_support"},
    "error_tolerance": {"fault_tolerance", "clarification", "disciplined_reuse", "error_correction"},
}
LABEL_IDS = {f"{cat}.{sub}" for cat, subs in LABELS.items() for sub in subs}
KINDS = {"body", "heading", "title", "meta", "toc", "distribution", "signoff", "contact"}
LEVELS = {"national", "province", "city", "county"}
KEYS = {
    "doc": str,
    "article": int,
    "text": str,
    "kind": str,
    "measure": bool,
    "labels": list,
    "region": str,
    "region_level": str,
    "province": (str, type(None)),
    "quantities": list,
}
TERMINATORS = "。！？；"
CLOSERS = "”’」』）"

# Residue a document may contain that is not a sentence of the gold (after normalization).
RESIDUE = re.compile(r"【(?:打印|关闭|打印本页|关闭窗口|字体：大中小)】|分享到：")

CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
TAGS_DROPPED = re.compile(r"<(head|script|style)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
PINYIN = re.compile(r"\((?:[a-zü]{1,6})\)")
MARKERS = re.compile(r"\*\*|##paid(?:begin|end)##|[△▲★☆●■◆※]")
TOC_LEADER = re.compile(r"[.．·…]{4,}\s*\d+")
BULLET = re.compile(r"(?m)^[ \t]*[-•][ \t]+")
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
IS_WIDE = re.compile(rf"[{CJK}\u3000-\u303f\uff00-\uffef“”‘’《》、]")

_T2S = opencc.OpenCC("t2s")


def decode(raw: bytes) -> tuple[str, str]:
    """Return the text and the encoding used (UTF-8, then Big5, then GB18030)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    for encoding in ("utf-8", "big5", "gb18030"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValueError("cannot decode as UTF-8, Big5 or GB18030")


def widen_punctuation(text: str) -> str:
    """Map ASCII ,;:()?! to full width when a neighbour is Chinese (left-to-right)."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in ASCII_TO_FULL:
            prev = out[-1] if out else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if IS_WIDE.match(prev) or IS_WIDE.match(nxt):
                ch = ASCII_TO_FULL[ch]
        out.append(ch)
    return "".join(out)


def normalize(text: str, *, is_html: bool) -> str:
    """Crude normalization of a whole document to the form of the gold sentences."""
    if is_html:
        text = TAGS_DROPPED.sub("", text)
        text = TAG.sub("\n", text)
    text = html.unescape(text)
    text = ZERO_WIDTH.sub("", text)
    text = _T2S.convert(text)
    text = PINYIN.sub("", text)
    text = TOC_LEADER.sub("", text)
    text = BULLET.sub("", text)
    text = MARKERS.sub("", text)
    text = text.translate(FULLWIDTH_DIGITS)
    text = re.sub(r"\s+", "", text)
    return widen_punctuation(text)


def check_record(rec: dict[str, object], where: str) -> list[str]:
    """Schema and id checks of one gold record."""
    errors: list[str] = []
    for key, typ in KEYS.items():
        if key not in rec:
            errors.append(f"{where}: missing key {key!r}")
        elif not isinstance(rec[key], typ) or (typ is int and isinstance(rec[key], bool)):
            errors.append(f"{where}: {key} has type {type(rec[key]).__name__}")
    extra = set(rec) - set(KEYS)
    if extra:
        errors.append(f"{where}: unexpected keys {sorted(extra)}")
    if errors:
        return errors
    text = str(rec["text"])
    if rec["kind"] not in KINDS:
        errors.append(f"{where}: kind {rec['kind']!r} not in {sorted(KINDS)}")
    if rec["region_level"] not in LEVELS:
        errors.append(f"{where}: region_level {rec['region_level']!r}")
    if (rec["region"] == "全国") != (rec["region_level"] == "national"):
        errors.append(f"{where}: 全国 and national go together")
    if rec["region_level"] == "province" and rec["province"] != rec["region"]:
        errors.append(f"{where}: a province-level region is its own province")
    if rec["region_level"] == "national" and rec["province"] is not None:
        errors.append(f"{where}: national sentences have province null")
    labels = rec["labels"]
    assert isinstance(labels, list)
    for label in labels:
        if label not in LABEL_IDS:
            errors.append(f"{where}: unknown label {label!r}")
    if len(set(labels)) != len(labels):
        errors.append(f"{where}: duplicate labels")
    if rec["measure"] and not labels:
        errors.append(f"{where}: a measure needs labels")
    if not rec["measure"] and labels:
        errors.append(f"{where}: labels on a non-measure")
    if rec["measure"] and rec["kind"] != "body":
        errors.append(f"{where}: only body sentences are measures")
    quantities = rec["quantities"]
    assert isinstance(quantities, list)
    for q in quantities:
        if not isinstance(q, dict) or set(q) != {"value", "unit", "redacted"}:
            errors.append(f"{where}: quantity {q!r} needs exactly value, unit, redacted")
            continue
        if not isinstance(q["unit"], str) or not q["unit"]:
            errors.append(f"{where}: quantity unit {q['unit']!r}")
        if not isinstance(q["redacted"], bool):
            errors.append(f"{where}: quantity redacted must be a bool")
        elif q["redacted"] != (q["value"] is None):
            errors.append(f"{where}: value null exactly when redacted")
        if q["value"] is not None and not isinstance(q["value"], float):
            errors.append(f"{where}: quantity value must be a float or null")
    if rec["kind"] in {"meta", "toc", "distribution", "contact"} and quantities:
        errors.append(f"{where}: furniture carries no quantities")
    # the text itself must be clean
    if not text or re.search(r"\s", text):
        errors.append(f"{where}: empty text or whitespace in text")
    if re.search(r"[０-９]", text) or PINYIN.search(text) or MARKERS.search(text):
        errors.append(f"{where}: full-width digits, pinyin or markers left in text")
    if _T2S.convert(text) != text:
        errors.append(f"{where}: text is not simplified")
    if re.search(rf"[{CJK}][,;:()?!]|[,;:()?!][{CJK}]", text):
        errors.append(f"{where}: ASCII punctuation next to Chinese")
    body = text.rstrip(CLOSERS)
    inner = body[:-1] if body and body[-1] in TERMINATORS else body
    if any(t in inner for t in TERMINATORS):
        errors.append(f"{where}: more than one sentence in {text!r}")
    return errors


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    errors: list[str] = []
    records: list[dict[str, object]] = []
    for no, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"gold.jsonl:{no}: invalid JSON ({exc})")
            continue
        if not isinstance(rec, dict):
            errors.append(f"gold.jsonl:{no}: not an object")
            continue
        rec["_line"] = no
        errors.extend(check_record({k: v for k, v in rec.items() if k != "_line"}, f"gold.jsonl:{no}"))
        records.append(rec)

    by_doc: dict[str, list[dict[str, object]]] = {}
    order: list[str] = []
    for rec in records:
        stem = str(rec.get("doc"))
        if stem not in by_doc:
            if stem in order:
                errors.append(f"gold.jsonl:{rec['_line']}: records of {stem} are not contiguous")
            order.append(stem)
            by_doc[stem] = []
        by_doc[stem].append(rec)

    files = {p.stem: p for p in DOCS.iterdir() if p.is_file()}
    for stem in sorted(set(files) - set(by_doc)):
        errors.append(f"docs/{files[stem].name}: no gold sentences")

    stats: list[tuple[str, str, int, int, int, int, int, int]] = []
    for stem, recs in by_doc.items():
        if stem not in files:
            errors.append(f"gold.jsonl: doc {stem!r} has no file in devset/docs")
            continue
        path = files[stem]
        raw = path.read_bytes()
        try:
            text, encoding = decode(raw)
        except ValueError as exc:
            errors.append(f"docs/{path.name}: {exc}")
            continue
        if "部" not in _T2S.convert(text):
            errors.append(f"docs/{path.name}: decoded as {encoding} but does not look like Chinese")
        norm = normalize(text, is_html=path.suffix.lower() in {".html", ".htm"})
        # articles: 0, then non-decreasing by steps of one
        expected = 0
        for rec in recs:
            art = rec.get("article")
            if not isinstance(art, int) or art not in (expected, expected + 1) or (rec is recs[0] and art != 0):
                errors.append(f"gold.jsonl:{rec['_line']}: article {art} after {expected}")
            else:
                expected = art
        # sentences in order, and nothing but residue between them
        pos = 0
        for rec in recs:
            sentence = str(rec.get("text", ""))
            found = norm.find(sentence, pos)
            if found < 0:
                anywhere = norm.find(sentence)
                hint = "out of order" if anywhere >= 0 else "not found"
                errors.append(f"gold.jsonl:{rec['_line']}: {hint} in {path.name}: {sentence}")
                continue
            gap = RESIDUE.sub("", norm[pos:found])
            if gap:
                errors.append(f"docs/{path.name}: text not in the gold before line {rec['_line']}: {gap}")
            pos = found + len(sentence)
        tail = RESIDUE.sub("", norm[pos:])
        if tail:
            errors.append(f"docs/{path.name}: text not in the gold at the end: {tail}")
        quantities = [q for r in recs for q in r.get("quantities", [])]  # type: ignore[union-attr]
        stats.append(
            (
                path.name,
                encoding,
                len(raw),
                len(recs),
                expected + 1,
                sum(1 for r in recs if r.get("measure")),
                len(quantities),
                sum(1 for q in quantities if isinstance(q, dict) and q.get("redacted")),
            )
        )

    for err in errors:
        print("ERROR", err)
    if not quiet:
        print(
            f"{'file':40s} {'encoding':10s} {'bytes':>6s} {'sent':>5s} {'art':>4s} {'meas':>5s} {'qty':>4s} {'red':>4s}"
        )
        for row in stats:
            print(f"{row[0]:40s} {row[1]:10s} {row[2]:6d} {row[3]:5d} {row[4]:4d} {row[5]:5d} {row[6]:4d} {row[7]:4d}")
        totals = [sum(row[i] for row in stats) for i in range(3, 8)]
        print(
            f"{'total':40s} {'':10s} {'':6s} {totals[0]:5d} {totals[1]:4d} {totals[2]:5d} {totals[3]:4d} {totals[4]:4d}"
        )
        kinds = Counter(str(r.get("kind")) for r in records)
        print("kinds:", ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
        labels = Counter(label for r in records for label in r.get("labels", []))  # type: ignore[union-attr]
        print("labels:", ", ".join(f"{k} {n}" for k, n in sorted(labels.items())))
        levels = Counter(str(r.get("region_level")) for r in records)
        print("region levels:", ", ".join(f"{k} {n}" for k, n in levels.most_common()))
        print("regions:", len({r.get("region") for r in records}))
    print(f"{len(errors)} error(s)" if errors else "gold is clean")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
