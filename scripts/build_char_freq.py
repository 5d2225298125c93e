"""Build ``policytext/data/char_freq.tsv``: how common each Chinese character is in running text.

Source: the word frequencies of jieba's bundled dictionary (``jieba/dict.txt``, jieba 0.42.1, MIT licence), summed
per character. Only characters of the two national "common character" sets are kept (GB 2312 level 1, 3755
characters, and Big5 常用字, 5401 characters), which also drops the stray mojibake entries of jieba's dictionary.
A traditional character that OpenCC (t2s) maps to a simplified one gets the frequency of that simplified form,
so traditional text scores like simplified text.

The file is the basis of :func:`policytext.charstats.plausibility`, which tells clean text from mojibake and a
right decode from a wrong one. Run: ``python scripts/build_char_freq.py`` (needs jieba and opencc).
"""

from __future__ import annotations

import collections
import contextlib
import math
import os
from pathlib import Path

import jieba
import opencc


def _codec_chars(codec: str, lead: range, trails: list[range]) -> set[str]:
    out = set()
    for a in lead:
        for trail in trails:
            for b in trail:
                with contextlib.suppress(UnicodeDecodeError):
                    out.add(bytes([a, b]).decode(codec))
    return out


def main() -> None:
    gb_level1 = _codec_chars("gb2312", range(0xB0, 0xD8), [range(0xA1, 0xFF)])
    big5_common = _codec_chars("big5", range(0xA4, 0xC7), [range(0x40, 0x7F), range(0xA1, 0xFF)])
    keep = gb_level1 | big5_common
    freq: collections.Counter[str] = collections.Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, count, *_ = line.split()
            for ch in word:
                if ch in gb_level1 or ch in big5_common:
                    freq[ch] += int(count)
    t2s = opencc.OpenCC("t2s")
    for ch in sorted(keep):
        simp = t2s.convert(ch)
        if len(simp) == 1 and simp != ch:
            freq[ch] = max(freq[ch], freq[simp])
    total = sum(freq[c] for c in gb_level1)
    out = Path(__file__).resolve().parent.parent / "policytext" / "data" / "char_freq.tsv"
    rows = sorted(((c, freq[c]) for c in keep if freq[c] > 0), key=lambda r: (-r[1], r[0]))
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# char\tlog10 relative frequency; built by scripts/build_char_freq.py from jieba 0.42.1 dict.txt\n")
        for c, f in rows:
            fh.write(f"{c}\t{math.log10(f / total):.3f}\n")
    print(f"wrote {len(rows)} characters to {out}")


if __name__ == "__main__":
    main()
