"""Score policytext on the held-out documents (benchmarks/heldout): documents the project never trained or tuned on.

Runs the whole pipeline (read -> normalize -> structure -> tag) on each held-out file, aligns its sentences with
the gold sentences, and prints:

* sentence alignment: gold sentences found among the tool's sentences;
* region attribution: share of gold provisions (measure sentences) and of all sentences whose region (name and
  level) is right;
* quantities: recall of gold amounts with the right value and unit, and precision;
* tagging, per method: measure recall (share of gold measures found) and precision, micro-F1 over
  (sentence, category) pairs and F1 per category.

Targets (the issue tracker): regions >= 90% of provisions, amounts >= 95%, micro-F1 >= 0.85, every category
>= 0.80, measures found >= 95%.

This script only measures. Do not use its numbers to choose rules or thresholds (benchmarks/heldout/README.md).
For development, score the bundled corpus against its annotations instead (the tagging scores there are
inflated: the classifier is trained on them; structure, regions and amounts are not):

    .venv/bin/python benchmarks/eval_heldout.py [--method hybrid] [--json]
    .venv/bin/python benchmarks/eval_heldout.py --gold corpora/annotations/corpus.jsonl \
        --manifest corpora/manifest.csv --details
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "heldout"
_SPACE = re.compile(r"\s+")
_LEAD = re.compile(r"^[△▲◆■★☆●\-•·]+")
_TAIL = re.compile(r"(?:\.{2,}|…+)\d*$")


def key(text: str) -> str:
    return _TAIL.sub("", _LEAD.sub("", _SPACE.sub("", text)))


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a in b or b in a:
        return 0.9 * min(len(a), len(b)) / max(len(a), len(b)) + 0.05
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() * 0.9


def align(gold: list[dict], predicted: list[dict]) -> list[dict | None]:
    """For each gold sentence, the predicted record it corresponds to, or None.

    All (gold, predicted) pairs of a document are scored and assigned best first, each sentence used once, so an
    exact match always wins over a partial one (e.g. a contents entry that repeats a title); ties go to the pair
    whose positions are closest. A pair needs a score of 0.6.
    """
    pred_keys = [key(p["text"]) for p in predicted]
    gold_keys = [key(g["text"]) for g in gold]
    scale = len(predicted) / max(1, len(gold))
    candidates = []
    for i, gk in enumerate(gold_keys):
        for j, pk in enumerate(pred_keys):
            score = _similarity(gk, pk)
            if score >= 0.6:
                candidates.append((score - 0.0001 * abs(j - i * scale), i, j))
    out: list[dict | None] = [None] * len(gold)
    used: set[int] = set()
    for _, i, j in sorted(candidates, reverse=True):
        if out[i] is None and j not in used:
            out[i] = predicted[j]
            used.add(j)
    return out


def same_quantity(g: dict, p: dict) -> bool:
    if g.get("redacted") or (g.get("value") is None and "redacted" not in g):
        return bool(p.get("redacted")) and p["unit"] == g["unit"]
    if p.get("value") is None or g.get("value") is None:
        return False
    return abs(p["value"] - g["value"]) <= 1e-3 * max(1.0, abs(g["value"])) and p["unit"] == g["unit"]


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--method", action="append", choices=["rules", "model", "hybrid"])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--details", action="store_true", help="list misses (for reading, not for tuning)")
    parser.add_argument("--gold", type=Path, default=HELDOUT / "gold.jsonl", help="gold sentences (JSON Lines)")
    parser.add_argument("--docs", type=Path, default=HELDOUT / "docs", help="folder of the gold documents")
    parser.add_argument("--manifest", type=Path, help="CSV with columns id and file (relative to its folder)")
    args = parser.parse_args()
    methods = args.method or ["rules", "model", "hybrid"]

    from policytext.pipeline import analyze_file, document_records, make_tagger

    gold_rows = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in gold_rows:
        by_doc[row["doc"]].append(row)
    files: dict[str, Path] = {}
    if args.manifest is not None:
        import csv

        with args.manifest.open(encoding="utf-8-sig", newline="") as fh:
            files = {row["id"]: args.manifest.parent / row["file"] for row in csv.DictReader(fh)}
    analysed = {}
    for doc in sorted(by_doc):
        path = files.get(doc) or next(args.docs.glob(f"{doc}.*"))
        result = analyze_file(path)
        if not result.ok:
            print(f"{doc}: {result.error}", file=sys.stderr)
            return 1
        analysed[doc] = result.document

    scores: dict[str, object] = {}
    details: list[str] = []
    # structure, regions and quantities do not depend on the method: score them once
    tagger = make_tagger(method="rules")
    aligned: dict[str, list[dict | None]] = {}
    for doc, gold in by_doc.items():
        records = list(document_records(analysed[doc], tagger=tagger, all_sentences=True))
        aligned[doc] = align(gold, records)
    pairs = [(g, p) for doc, gold in by_doc.items() for g, p in zip(gold, aligned[doc], strict=True)]
    found = sum(p is not None for _, p in pairs)
    scores["sentences"] = {"gold": len(pairs), "aligned": found, "rate": round(found / len(pairs), 4)}

    def region_ok(g: dict, p: dict | None) -> bool:
        if p is None or p["region"] != g.get("region"):
            return False
        return "region_level" not in g or p["region_level"] == g["region_level"]

    provisions = [(g, p) for g, p in pairs if g["measure"]]
    scores["regions"] = {
        "provisions": round(sum(region_ok(g, p) for g, p in provisions) / len(provisions), 4),
        "all_sentences": round(sum(region_ok(g, p) for g, p in pairs) / len(pairs), 4),
    }
    for g, p in pairs:
        if p is None:
            details.append(f"unaligned {g['doc']}: {g['text'][:60]}")
    for g, p in provisions:
        if not region_ok(g, p):
            details.append(f"region {g['doc']}: gold {g['region']} got {p and p['region']}: {g['text'][:40]}")

    q_tp = q_fn = q_pred = 0
    for g, p in pairs:
        predicted = list(p["quantities"]) if p is not None else []
        q_pred += len(predicted)
        for gq in g.get("quantities", []):
            match = next((pq for pq in predicted if same_quantity(gq, pq)), None)
            if match is not None:
                q_tp += 1
                predicted.remove(match)
            else:
                q_fn += 1
                details.append(f"amount {g['doc']}: missed {gq} in {g['text'][:40]}; got {predicted}")
    scores["quantities"] = {
        "gold": q_tp + q_fn,
        "recall": round(q_tp / (q_tp + q_fn), 4),
        "precision": round(q_tp / q_pred, 4) if q_pred else 0.0,
    }

    categories = sorted({label.split(".")[0] for g, _ in pairs for label in g["labels"]})
    for method in methods:
        tagger = make_tagger(method=method)
        m_tp = m_fp = m_fn = 0
        per_cat = {c: [0, 0, 0] for c in categories}
        for doc, gold in by_doc.items():
            records = {r["id"]: r for r in document_records(analysed[doc], tagger=tagger, all_sentences=True)}
            for g, p0 in zip(gold, aligned[doc], strict=True):
                p = records.get(p0["id"]) if p0 is not None else None
                is_measure = bool(p and p["is_measure"])
                if g["measure"] and is_measure:
                    m_tp += 1
                elif is_measure:
                    m_fp += 1
                elif g["measure"]:
                    m_fn += 1
                g_cats = {label.split(".")[0] for label in g["labels"]} if g["measure"] else set()
                p_cats = set(p["categories"]) if is_measure and p else set()
                for c in categories:
                    if c in g_cats and c in p_cats:
                        per_cat[c][0] += 1
                    elif c in p_cats:
                        per_cat[c][1] += 1
                    elif c in g_cats:
                        per_cat[c][2] += 1
                if method == methods[-1] and g_cats != p_cats:
                    details.append(f"tag[{method}] {doc}: gold {sorted(g_cats)} got {sorted(p_cats)}: {g['text'][:40]}")
        micro = f1(*(sum(v[i] for v in per_cat.values()) for i in range(3)))
        mp, mr, _ = f1(m_tp, m_fp, m_fn)
        scores[method] = {
            "measures_found": round(mr, 4),
            "measure_precision": round(mp, 4),
            "micro_precision": round(micro[0], 4),
            "micro_recall": round(micro[1], 4),
            "micro_f1": round(micro[2], 4),
            "category_f1": {c: round(f1(*v)[2], 4) for c, v in per_cat.items()},
        }

    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        s = scores["sentences"]
        print(
            f"held-out: {len(by_doc)} documents, {s['gold']} gold sentences, {s['aligned']} aligned ({s['rate']:.1%})"
        )
        r = scores["regions"]
        print(
            f"regions: {r['provisions']:.1%} of provisions right (target 90%), "
            f"{r['all_sentences']:.1%} of all sentences"
        )
        q = scores["quantities"]
        print(f"amounts: recall {q['recall']:.1%} of {q['gold']} (target 95%), precision {q['precision']:.1%}")
        for method in methods:
            m = scores[method]
            cats = ", ".join(f"{c} {v:.2f}" for c, v in m["category_f1"].items())
            print(
                f"{method:>6}: measures found {m['measures_found']:.1%} (target 95%), precision "
                f"{m['measure_precision']:.1%}; micro-F1 {m['micro_f1']:.3f} (target 0.85; P {m['micro_precision']:.3f}"
                f" R {m['micro_recall']:.3f}); per category: {cats}"
            )
    if args.details:
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
