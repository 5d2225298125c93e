"""Throughput of normalize_text next to a plain OpenCC t2s call on the same text, in one run.

The text (about 1.5 MB) is a realistic mix built from the clean test corpus (tests/fixtures/normalize/clean):
mostly simplified reports, one paragraph per line with blank lines between reports; one traditional report
with pinyin readings and ASCII punctuation (like the seed newsletter that carries readings); some reports as
PDF text, hard-wrapped with indented paragraphs, page numbers and form feeds.

Target: normalize_text within 1.3x the time of the OpenCC call. Run:

    .venv/bin/python benchmarks/bench_normalize.py [--size 1500000] [--repeat 5] [--profile] [--stages]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytext.convert import convert_text, engine_info  # noqa: E402
from policytext.normalize import normalize_text  # noqa: E402

CLEAN = ROOT / "tests" / "fixtures" / "normalize" / "clean"
READINGS = {  # enough readings to annotate a traditional report the way the seed newsletter does
    "關": "guān",
    "愛": "ài",
    "幹": "gàn",
    "部": "bù",
    "的": "de",
    "縣": "xiàn",
    "鄉": "xiāng",
    "鎮": "zhèn",
    "工": "gōng",
    "作": "zuò",
    "為": "wéi",
    "發": "fā",
    "展": "zhǎn",
    "黨": "dǎng",
    "組": "zǔ",
    "織": "zhī",
    "建": "jiàn",
    "設": "shè",
    "激": "jī",
    "勵": "lì",
    "擔": "dān",
    "當": "dāng",
    "基": "jī",
    "層": "céng",
    "年": "nián",
    "一": "yī",
    "是": "shì",
    "在": "zài",
    "人": "rén",
    "心": "xīn",
    "措": "cuò",
    "施": "shī",
}


def _lines(name: str) -> list[str]:
    return [line for line in (CLEAN / name).read_text(encoding="utf-8").split("\n") if line]


def _wrap(text: str, width: int) -> list[str]:
    out, cur, w = [], "", 0
    for ch in text:
        cw = len(ch.encode("gb18030"))
        if cur and w + cw > width:
            out.append(cur)
            cur, w = "", 0
        cur += ch
        w += cw
    return [*out, cur]


def build_text(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    titles = _lines("titles.txt")
    headings = _lines("headings.txt")
    body = [line for p in sorted(CLEAN.glob("body_*.txt")) for line in _lines(p.name)]

    def report() -> list[str]:
        lines = [rng.choice(titles)]
        for _ in range(rng.randint(4, 9)):
            if rng.random() < 0.25:
                lines.append(rng.choice(headings))
            lines.append(rng.choice(body))
        return lines

    parts: list[str] = []
    total = 0
    # one traditional report with readings, as the seed newsletter prints them
    trad = convert_text("\n".join(report()), config="t2s")  # (identity on simplified text; the real s2t is below)
    import opencc

    s2t = opencc.OpenCC("s2t.json" if engine_info().official else "s2t")
    trad = str(s2t.convert("\n".join(report() + report())))
    trad = "".join(f"{c}({READINGS[c]})" if c in READINGS else c for c in trad)
    trad = trad.replace("，", ",").replace("；", ";")
    parts.append(trad)
    total += len(trad)
    while total < size:
        if rng.random() < 0.1:  # a report extracted from a PDF
            physical: list[str] = []
            for line in report():
                physical += _wrap("\u3000\u3000" + line, 60)
            pages = [physical[i : i + 24] for i in range(0, len(physical), 24)]
            text = "".join("\n".join(p) + f"\n- {n} -\n\f" for n, p in enumerate(pages, start=1))
        else:
            text = "\n".join(report())
        parts.append(text)
        total += len(text)
    rng.shuffle(parts)
    return "\n\n".join(parts)


def best_of(func: Callable[[str], object], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        func(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_500_000, help="characters of benchmark text")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; the best is reported")
    parser.add_argument("--profile", action="store_true", help="profile one normalize run with pyinstrument")
    parser.add_argument(
        "--stages", action="store_true", help="time each step of normalize_text (after the measurement above)"
    )
    args = parser.parse_args()

    text = build_text(args.size)
    info = engine_info()
    # warm up: load dictionaries, compile the patterns, build the trigger sets
    normalize_text(text[:20000])
    convert_text(text[:20000])

    t_opencc = best_of(lambda t: convert_text(t, config="t2s"), text, args.repeat)
    t_norm = best_of(normalize_text, text, args.repeat)
    n = len(text)
    mb = len(text.encode("utf-8")) / 1e6
    print(f"text: {n:,} characters ({mb:.2f} MB UTF-8), engine {info.name} {info.version}")
    print(f"OpenCC t2s:      {t_opencc * 1000:8.1f} ms  {n / t_opencc / 1e6:6.2f} M chars/s")
    print(f"normalize_text:  {t_norm * 1000:8.1f} ms  {n / t_norm / 1e6:6.2f} M chars/s")
    ratio = t_norm / t_opencc
    print(f"ratio normalize/OpenCC: {ratio:.2f}x (target <= 1.3x: {'met' if ratio <= 1.3 else 'missed'})")

    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        normalize_text(text)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.stages:
        print_stages(text, args.repeat)


# the steps normalize_text chains (private functions of policytext.normalize; a name it no longer has is skipped)
STAGES = (
    "_char_steps",
    "_spaces_text",
    "_line_heads",
    "_remove_pinyin_lines",
    "_remove_page_furniture",
    "_remove_table_of_contents",
    "_rejoin_lines",
    "_fix_joined",
)


def print_stages(text: str, repeat: int) -> None:
    """Median time of each step over ``repeat`` runs of normalize_text (each step wrapped in a timer, which
    adds a microsecond or so per call)."""
    import statistics

    from policytext import normalize as module

    times: dict[str, list[float]] = {}
    current: dict[str, float] = {}
    originals = {name: getattr(module, name) for name in STAGES if hasattr(module, name)}

    def timed(name: str, func: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            t0 = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                current[name] = current.get(name, 0.0) + time.perf_counter() - t0

        return wrapper

    try:
        for name, func in originals.items():
            setattr(module, name, timed(name, func))
        for _ in range(repeat):
            current.clear()
            t0 = time.perf_counter()
            normalize_text(text)
            current["(whole normalize_text)"] = time.perf_counter() - t0
            for name, t in current.items():
                times.setdefault(name, []).append(t)
    finally:
        for name, func in originals.items():
            setattr(module, name, func)
    print(f"median of {repeat} runs, per step:")
    for name, ts in times.items():
        print(f"  {name:28s} {statistics.median(ts) * 1000:7.2f} ms")


if __name__ == "__main__":
    main()
