"""Check the gold annotations of the sample corpus (``corpora/annotations/*.jsonl``).

What is checked:

* every line is a well-formed JSON object with the documented fields and types (see
  ``corpora/annotations/README.md``); ``measure: false`` goes with ``labels: []``;
  articles do not go backwards within a document;
* every label id exists in the taxonomy (``taxonomies/cadre_care.toml`` when present,
  else the documented list);
* every ``doc`` is an id of ``corpora/manifest.csv`` (or ``extra``), and every file of
  the manifest exists and reads back (plain decoding with the manifest's encoding,
  python-docx, pdfminer, BeautifulSoup);
* the text of every annotation occurs in its document, in document order, after a
  simple normalization of both sides: HTML entities, zero-width characters,
  ``##paidbegin##``-style markers, ``**`` and PDF page furniture removed, OpenCC t2s for
  traditional documents, ``(pinyin)`` glosses removed, NFKC, quotes unified, whitespace
  removed;
* every quantity value can be found in its sentence (digits, 万/亿 forms, Chinese
  numerals, redactions).

It prints the number of sentences per document and of positive sentences per label.
Exit status 0 when clean, 1 when a problem was found.
Run: ``.venv/bin/python scripts/check_annotations.py [--corpus FOLDER] [--taxonomy TOML]``.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The label ids of the default taxonomy, used when taxonomies/cadre_care.toml is absent.
DOCUMENTED_LABELS = frozenset(
    f"{cat}.{sub}"
    for cat, subs in {
        "political_incentive": "selection_promotion rank_promotion commendation_award appraisal "
        "training_secondment ideological_guidance",
        "life_care": "pay_allowance housing_living family_support leave visits_talks burden_reduction "
        "cultural_activities",
        "health": "checkup mental_health medical_support",
        "error_tolerance": "fault_tolerance clarification disciplined_reuse error_correction",
    }.items()
    for sub in subs.split()
)

FIELDS = ("doc", "article", "text", "measure", "labels", "region", "quantities")
PINYIN_RE = re.compile(r"(?<=[\u3400-\u9fff])(?:\([a-zü]+\))+")
MARKER_RE = re.compile(r"##paid(?:begin|end)##|\*\*|[\u200b-\u200d\u2060\ufeff]")
PAGE_NUMBER_RE = re.compile(r"^\s*[—–－-]*\s*\d{1,3}\s*[—–－-]*\s*$")
SPACE_RE = re.compile(r"\s+")
QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "‘": "'", "’": "'", "『": '"', "』": '"'})
CN_DIGITS = {1: "一", 2: "两二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


def taxonomy_ids(path: Path) -> tuple[frozenset[str], str]:
    """Label ids ``category.subcategory`` of a taxonomy file, or the documented list when it is missing."""
    if not path.exists():
        return DOCUMENTED_LABELS, f"{path} not found: using the documented label list"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    ids = frozenset(
        f"{cat}.{sub}" for cat, body in data.get("categories", {}).items() for sub in body.get("subcategories", {})
    )
    return ids, f"labels from {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"


def extract_text(path: Path, fmt: str, encoding: str) -> str:
    """The text of a corpus file, read with plain tools (independent of policytext.read)."""
    if fmt in ("txt", "md"):
        return path.read_bytes().decode(encoding)
    if fmt == "docx":
        from docx import Document
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        doc = Document(str(path))
        lines = []
        for child in doc.element.body.iterchildren():
            if child.tag.endswith("}p"):
                lines.append(Paragraph(child, doc).text)
            elif child.tag.endswith("}tbl"):
                for row in Table(child, doc).rows:
                    lines.append(" ".join(cell.text for cell in row.cells))
        return "\n".join(lines)
    if fmt == "pdf":
        from pdfminer.high_level import extract_text as pdf_text

        return pdf_text(str(path))
    if fmt == "html":
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(path.read_bytes().decode(encoding or "utf-8"), "lxml")
        for tag in soup(["script", "style", "nav", "footer", "rt", "rp"]):
            tag.decompose()
        return soup.get_text("\n")
    raise ValueError(f"{path.name}: unknown format {fmt!r}")


def drop_furniture(text: str, *, repeated: bool) -> str:
    """Remove page-number lines and (for PDFs) running headers: short lines seen three times or more."""
    lines = text.splitlines()
    counts = Counter(line.strip() for line in lines if line.strip())
    kept = [
        line
        for line in lines
        if not PAGE_NUMBER_RE.match(line)
        and not (repeated and counts[line.strip()] >= 3 and 4 <= len(line.strip()) <= 40)
    ]
    return "\n".join(kept)


_t2s = None


def canonical(text: str, *, traditional: bool) -> str:
    global _t2s
    text = MARKER_RE.sub("", html.unescape(text))
    if traditional:
        if _t2s is None:
            import opencc

            _t2s = opencc.OpenCC("t2s")
        text = _t2s.convert(text)
    text = PINYIN_RE.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    return SPACE_RE.sub("", text)


def _number_forms(value: float) -> set[str]:
    forms = set()
    for scale in (1, 1e4, 1e8):
        v = value / scale
        if v >= 0.1:
            forms.add(str(int(v)) if float(v).is_integer() else f"{v:g}")
    if float(value).is_integer() and 0 < value < 100:
        forms.update(_chinese(int(value)))
    return forms


def _chinese(n: int) -> set[str]:
    """Ways of writing 1..99 in Chinese numerals (二/两, 十二, 二十, 二十五)."""
    ones = {d: set(CN_DIGITS[d]) for d in range(1, 10)}
    if n < 10:
        return ones[n]
    tens, unit = divmod(n, 10)
    heads = {"十"} if tens == 1 else {c + "十" for c in ones[tens]}
    tails = {""} if unit == 0 else ones[unit]
    return {h + t for h in heads for t in tails}


def check_record(rec: object, where: str, labels: frozenset[str], *, extra: bool) -> list[str]:
    if not isinstance(rec, dict):
        return [f"{where}: not a JSON object"]
    problems = []
    required = [f for f in FIELDS if not (extra and f == "region")]
    for name in required:
        if name not in rec:
            problems.append(f"{where}: missing field {name!r}")
    unknown = set(rec) - set(FIELDS)
    if unknown:
        problems.append(f"{where}: unknown fields {sorted(unknown)}")
    if problems:
        return problems
    types = {"doc": str, "article": int, "text": str, "measure": bool, "labels": list, "quantities": list}
    for name, kind in types.items():
        if not isinstance(rec[name], kind) or (kind is int and isinstance(rec[name], bool)):
            problems.append(f"{where}: {name} should be {kind.__name__}, got {rec[name]!r}")
    if "region" in rec and not isinstance(rec["region"], str):
        problems.append(f"{where}: region should be a string")
    if problems:
        return problems
    if rec["article"] < 0:
        problems.append(f"{where}: negative article index")
    if not rec["text"].strip():
        problems.append(f"{where}: empty text")
    if not rec["measure"] and rec["labels"]:
        problems.append(f"{where}: measure is false but labels are {rec['labels']}")
    if len(set(rec["labels"])) != len(rec["labels"]):
        problems.append(f"{where}: repeated label")
    for label in rec["labels"]:
        if label not in labels:
            problems.append(f"{where}: unknown label {label!r}")
    sentence = unicodedata.normalize("NFKC", rec["text"])
    for q in rec["quantities"]:
        if not isinstance(q, dict) or set(q) != {"value", "unit"}:
            problems.append(f"{where}: quantity {q!r} should be {{'value': number|null, 'unit': str}}")
            continue
        value, unit = q["value"], q["unit"]
        if not isinstance(unit, str) or not unit:
            problems.append(f"{where}: quantity unit {unit!r} should be a non-empty string")
        if value is None:
            if not re.search(r"[xX*＊]", sentence):
                problems.append(f"{where}: redacted quantity but no x/X/* in the sentence")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{where}: quantity value {value!r} should be a number or null")
        elif "分之" in sentence and unit == "%":
            pass  # a fraction in words (三分之二) is recorded as a percentage
        elif not any(form in sentence for form in _number_forms(value)):
            problems.append(f"{where}: quantity value {value} not found in the sentence")
    return problems


def load_jsonl(path: Path) -> tuple[list[tuple[int, object]], list[str]]:
    records, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(f"{path.name}:{number}: not valid JSON ({exc.msg})")
    return records, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora", help="corpus folder (with manifest.csv)")
    parser.add_argument("--taxonomy", type=Path, default=ROOT / "taxonomies" / "cadre_care.toml")
    args = parser.parse_args(argv)

    labels, label_source = taxonomy_ids(args.taxonomy)
    print(label_source)
    problems: list[str] = []

    with (args.corpus / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        manifest = {row["id"]: row for row in csv.DictReader(fh)}
    texts: dict[str, str] = {}
    for doc_id, row in manifest.items():
        path = args.corpus / row["file"]
        if not path.exists():
            problems.append(f"manifest.csv: {doc_id}: file {row['file']} does not exist")
            continue
        try:
            raw = extract_text(path, row["format"], row["encoding"])
        except Exception as exc:  # report and go on with the other files
            problems.append(f"{row['file']}: cannot be read back: {exc}")
            continue
        raw = drop_furniture(raw, repeated=row["format"] == "pdf")
        texts[doc_id] = canonical(raw, traditional=row["language_variant"] == "traditional")

    ann_dir = args.corpus / "annotations"
    per_label: dict[str, Counter[str]] = {"corpus": Counter(), "extra": Counter()}
    per_doc: Counter[str] = Counter()
    measures: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for path in sorted(ann_dir.glob("*.jsonl")):
        kind = "extra" if path.stem == "extra" else "corpus"
        records, bad = load_jsonl(path)
        problems.extend(bad)
        position: dict[str, int] = {}
        last_article: dict[str, int] = {}
        for number, rec in records:
            where = f"{path.name}:{number}"
            found = check_record(rec, where, labels, extra=kind == "extra")
            problems.extend(found)
            if found:
                continue
            assert isinstance(rec, dict)
            doc = rec["doc"]
            totals[kind] += 1
            measures[kind] += rec["measure"]
            per_label[kind].update(rec["labels"])
            if kind == "extra":
                if doc != "extra":
                    problems.append(f"{where}: extra.jsonl holds doc {doc!r}, expected 'extra'")
                continue
            per_doc[doc] += 1
            if doc not in manifest:
                problems.append(f"{where}: doc {doc!r} is not in manifest.csv")
                continue
            if rec["article"] < last_article.get(doc, 0):
                problems.append(f"{where}: article {rec['article']} after article {last_article[doc]}")
            last_article[doc] = rec["article"]
            if doc not in texts:
                continue
            needle = canonical(rec["text"], traditional=False)
            start = position.get(doc, 0)
            hit = texts[doc].find(needle, start)
            if hit < 0:
                anywhere = texts[doc].find(needle)
                why = "out of document order" if anywhere >= 0 else "not found in the document"
                problems.append(f"{where}: text {why}: {rec['text']}")
                continue
            position[doc] = hit + len(needle)

    print(f"\n{'document':28} sentences")
    for doc_id in manifest:
        print(f"{doc_id:28} {per_doc[doc_id]:9}")
    print(f"\n{'label':45} {'corpus':>6} {'extra':>6} {'total':>6}")
    for label in sorted(labels):
        c, e = per_label["corpus"][label], per_label["extra"][label]
        print(f"{label:45} {c:6} {e:6} {c + e:6}")
    for kind in ("corpus", "extra"):
        n = totals[kind]
        if n:
            print(
                f"{kind}: {n} sentences, {measures[kind]} measures, {n - measures[kind]} non-measures "
                f"({(n - measures[kind]) / n:.1%})"
            )
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
