"""Corpus-scale benchmark: extraction throughput, memory as the corpus grows, and the parallel speedup.

Builds corpora of 1x and 8x the bundled documents (copies under new names) and runs ``policytext.extract`` over
each in a fresh process, streaming the records to /dev/null. Prints, measured in this one run:

* throughput in characters of normalized text per second (1 worker, and 2 workers);
* peak memory (max RSS) of the 8x corpus over the 1x corpus: extraction streams documents, so the ratio should
  stay near 1 (target <= 1.3), not grow with the corpus;
* the speedup of 2 worker processes over 1 on the 8x corpus (workers start with imports, the model and the
  dictionaries, so small corpora run in one process by default).

    .venv/bin/python benchmarks/bench_corpus.py [--copies 8]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "documents"

_WORKER = r"""
import json, os, resource, sys, time
import policytext
from policytext.export import write_records
from policytext.pipeline import analyze_files, iter_extract, make_tagger
path, jobs = sys.argv[1], int(sys.argv[2])
tagger = make_tagger()
tagger.model  # trained or loaded from the cache before timing
tagger.tag(["每年组织干部健康体检一次。"])  # jieba's dictionary loads once per process: not part of throughput
chars = 0
def counted(results):
    global chars
    for r in results:
        if r.ok:
            chars += len(r.document.text)
        yield r
start = time.perf_counter()
with open(os.devnull, "w", encoding="utf-8") as sink:
    results = analyze_files(path, jobs=jobs, tagger=tagger)
    n = write_records(iter_extract(counted(results), tagger=tagger), None, stream=sink)
elapsed = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"records": n, "chars": chars, "seconds": elapsed, "peak_mb": peak_kb / 1024}))
"""


def build(target: Path, copies: int) -> int:
    target.mkdir(parents=True)
    n = 0
    for k in range(copies):
        for f in sorted(CORPUS.iterdir()):
            shutil.copy(f, target / f"{k:03d}_{f.name}")
            n += 1
    return n


def run(path: Path, jobs: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _WORKER, str(path), str(jobs)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=8, help="size of the large corpus, in copies of the bundled one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small", Path(tmp) / "large"
        n_small, n_large = build(small, 1), build(large, args.copies)
        run(small, 1)  # warm-up: trains and caches the model, fills the OS file cache
        a = run(small, 1)
        b = run(large, 1)
        c = run(large, 2)
    print(f"corpus: {n_small} documents ({a['chars']:,} chars) and {n_large} documents ({b['chars']:,} chars)")
    print(
        f"throughput, 1 worker:  {b['chars'] / b['seconds'] / 1e3:8.1f} k chars/s ({b['records']} records in "
        f"{b['seconds']:.1f} s)"
    )
    print(f"throughput, 2 workers: {c['chars'] / c['seconds'] / 1e3:8.1f} k chars/s")
    ratio = b["peak_mb"] / a["peak_mb"]
    verdict = "ok" if ratio <= 1.3 else "missed"
    print(
        f"peak memory: {a['peak_mb']:.0f} MB for {n_small} docs, {b['peak_mb']:.0f} MB for {n_large} docs; "
        f"ratio {ratio:.2f} (target <= 1.3: {verdict})"
    )
    print(f"speedup of 2 workers over 1: {b['seconds'] / c['seconds']:.2f}x")


if __name__ == "__main__":
    main()
