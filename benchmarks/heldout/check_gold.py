"""Validate the held-out gold annotations against the held-out documents.

This script checks the benchmark data only; it does not use policytext. It verifies that
``gold.jsonl`` is well-formed (fields, types, label ids, levels, kinds, quantities), that every
gold sentence can be found, in document order, in its document after a crude normalization,
that the text left between consecutive gold sentences is only layout residue (bullets, dot
leaders, page numbers), and that every unredacted quantity value is visible in its sentence.

Usage:
    .venv/bin/python benchmarks/heldout/check_gold.py

Exit status 0 when clean, 1 when any problem was found (each printed on stderr).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import opencc

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
GOLD = HERE / "gold.jsonl"

LABELS = frozenset(
    {
        "political_incentive.selection_promotion",
        "political_incentive.rank_promotion",
        "political_incentive.commendation_award",
        "political_incentive.appraisal",
        "political_incentive.training_secondment",
        "political_incentive.ideological_guidance",
        "life_care.pay_allowance",
        "life_care.housing_living",
        "life_care.family_support",
        "life_care.leave",
        "life_care.visits_talks",
        "life_care.burden_reduction",
        "life_care.cultural_activities",
        "health.checkup",
        "health.mental_health",
        "health.medical_support",
        "error_tolerance.fault_tolerance",
        "error_tolerance.clarification",
        "error_tolerance.disciplined_reuse",
        "error_tolerance.error_correction",
    }
)
LEVELS = frozenset({"national", "province", "city", "county"})
KINDS = frozenset({"toc", "distribution", "signoff", "contact", "title", "heading", "meta", "body"})
REDACTION_MARKS = ("x", "X", "*", "某")
FIELDS = {
    "doc": str,
    "article": int,
    "text": str,
    "measure": bool,
    "labels": list,
    "region": str,
    "region_level": str,
    "quantities": list,
    "kind": str,
}

_PINYIN = re.compile(r"\((?:[a-zü]+)\)")
_MARKERS = re.compile(r"##paid(?:begin|end)##|&nbsp;|\*\*")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACE = re.compile(r"\s+")
# CJK ideographs, CJK punctuation, full-width forms and curly quotes count as "Chinese context".
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_ASCII_PUNCT = re.compile(rf"(?<=[{_CJK}])[,;:?!()]|[,;:?!()](?=[{_CJK}])")
_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})
_RESIDUE = re.compile(r"[△★▲●•·\-.…0-9]*")
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}

_T2S = opencc.OpenCC("t2s.json")


def read_doc(path: Path) -> str:
    """Decode a document as UTF-8 (with or without BOM), falling back to GB18030."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def crude_normalize(text: str) -> str:
    """Apply the crude normalization used only for locating gold sentences."""
    text = _T2S.convert(text)
    text = _PINYIN.sub("", text)
    text = _MARKERS.sub("", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACE.sub("", text)  # joins lines, removes ASCII, ideographic and no-break spaces
    return _ASCII_PUNCT.sub(lambda m: m.group(0).translate(_FULL), text)


def value_visible(value: float, text: str) -> bool:
    """Tell whether a quantity value is written in the sentence in some usual form."""
    candidates = set()
    for scale, suffix in ((1, ""), (1e4, "万"), (1e8, "亿")):
        v = value / scale
        if v < 0.1:
            continue
        s = f"{v:.4f}".rstrip("0").rstrip(".")
        candidates.add(s + suffix)
    if any(c in text for c in candidates):
        return True
    return any(n == value and ch in text for ch, n in _CN_DIGITS.items())


def check_record(n: int, rec: dict) -> list[str]:
    """Return the schema problems of one gold record."""
    where = f"gold.jsonl line {n}"
    problems = []
    for key, typ in FIELDS.items():
        if not isinstance(rec.get(key), typ):
            problems.append(f"{where}: field {key!r} missing or not {typ.__name__}")
    if problems:
        return problems
    if "province" in rec and not isinstance(rec["province"], (str, type(None))):
        problems.append(f"{where}: province must be a string or null")
    if (rec["region_level"] == "national") != (rec["region"] == "全国"):
        problems.append(f"{where}: region 全国 goes with level national and only with it")
    if rec["region_level"] not in LEVELS:
        problems.append(f"{where}: region_level {rec['region_level']!r} not in {sorted(LEVELS)}")
    if rec["kind"] not in KINDS:
        problems.append(f"{where}: kind {rec['kind']!r} not in {sorted(KINDS)}")
    for label in rec["labels"]:
        if label not in LABELS:
            problems.append(f"{where}: unknown label id {label!r}")
    if rec["measure"] != bool(rec["labels"]):
        problems.append(f"{where}: measure must be true exactly when labels are given")
    if rec["kind"] in {"toc", "distribution", "signoff", "contact"} and rec["measure"]:
        problems.append(f"{where}: a {rec['kind']} line cannot be a measure")
    text = rec["text"]
    if re.search(r"\s", text) or re.search(r"[,;:?!()]", text):
        problems.append(f"{where}: text has spaces or ASCII punctuation: {text}")
    if re.search(r"[。！？；]", text[:-1]):
        problems.append(f"{where}: text holds more than one sentence: {text}")
    for q in rec["quantities"]:
        if set(q) != {"value", "unit", "redacted"} or not isinstance(q["unit"], str) or not q["unit"]:
            problems.append(f"{where}: malformed quantity {q}")
            continue
        if q["redacted"] != (q["value"] is None):
            problems.append(f"{where}: redacted must be true exactly when value is null: {q}")
        elif q["value"] is not None and not value_visible(q["value"], text):
            problems.append(f"{where}: value {q['value']} not visible in: {text}")
        elif q["redacted"] and not any(m in text for m in REDACTION_MARKS):
            problems.append(f"{where}: redacted quantity but no redaction mark in: {text}")
    return problems


def main() -> int:
    """Run all checks and print a summary; return the exit status."""
    problems: list[str] = []
    records: list[tuple[int, dict]] = []
    for n, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"gold.jsonl line {n}: invalid JSON ({exc})")
            continue
        problems += check_record(n, rec)
        records.append((n, rec))

    by_doc: dict[str, list[tuple[int, dict]]] = {}
    for n, rec in records:
        by_doc.setdefault(rec.get("doc", "?"), []).append((n, rec))
    files = sorted(p.stem for p in DOCS.glob("*.txt"))
    if sorted(by_doc) != files:
        problems.append(f"documents {files} do not match gold docs {sorted(by_doc)}")

    for doc, recs in by_doc.items():
        path = DOCS / f"{doc}.txt"
        if not path.exists():
            continue
        norm = crude_normalize(read_doc(path))
        cursor = 0
        last_article = 0
        for n, rec in recs:
            text = re.sub(r"\s", "", rec["text"])
            pos = norm.find(text, cursor)
            if pos < 0:
                where = "earlier in the document" if text in norm else "anywhere"
                problems.append(f"{doc} (gold line {n}): not found after position {cursor} ({where}): {text}")
                continue
            gap = norm[cursor:pos]
            if _RESIDUE.fullmatch(gap) is None:
                problems.append(f"{doc} (gold line {n}): unannotated text before it: {gap!r}")
            if rec["article"] < last_article:
                problems.append(f"{doc} (gold line {n}): article index goes backwards")
            last_article = rec["article"]
            cursor = pos + len(text)
        tail = norm[cursor:]
        if _RESIDUE.fullmatch(tail) is None:
            problems.append(f"{doc}: unannotated text at the end: {tail!r}")

    for p in problems:
        print(p, file=sys.stderr)
    labels = Counter(label for _, r in records for label in r.get("labels", []))
    missing = sorted(LABELS - set(labels))
    thin = sorted(label for label, c in labels.items() if c < 3)
    if missing or thin:
        print(f"labels used fewer than 3 times: {missing + thin}", file=sys.stderr)
    print(
        f"{len(records)} sentences in {len(by_doc)} documents, "
        f"{sum(r.get('measure', False) for _, r in records)} measures, "
        f"{sum(len(r.get('quantities', [])) for _, r in records)} quantities, "
        f"{len(labels)} of {len(LABELS)} labels used; "
        f"{'OK' if not problems and not missing and not thin else f'{len(problems)} problem(s)'}"
    )
    return 1 if problems or missing or thin else 0


if __name__ == "__main__":
    sys.exit(main())
