"""How plausible a string is as Chinese text: the measure behind encoding detection and mojibake repair.

A wrong decode (UTF-8 bytes read as GBK, GBK read as Big5, …) turns common characters into rare ones, symbols and
Latin-1 letters. :func:`plausibility` scores a text by the average frequency of its Chinese characters (from
``data/char_freq.tsv``, see ``scripts/build_char_freq.py``) and penalises the characters that only wrong decodes
produce, so two candidate readings of the same bytes can be compared.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# log10 frequency given to a CJK character that is not in the table (rare or a mojibake artefact)
_RARE = -9.0
# Latin-1 supplement letters and symbols, box drawing, private use, replacement char: what wrong decodes emit
_GARBAGE = re.compile(r"[\u00a0-\u00ff\u0100-\u024f\u2500-\u257f\ue000-\uf8ff\ufffd\u02c0-\u02ff]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@lru_cache(maxsize=1)
def char_logfreq() -> dict[str, float]:
    """The log10 relative frequency of each common Chinese character (simplified and traditional)."""
    table: dict[str, float] = {}
    text = resources.files("policytext.data").joinpath("char_freq.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        ch, value = line.split("\t")
        table[ch] = float(value)
    return table


def common_share(text: str, *, threshold: float = -5.5) -> float:
    """Share of the Chinese characters of ``text`` that are common (1.0 when it has none).

    Examples:
        >>> common_share("关于关心关爱干部")
        1.0
        >>> common_share("鍏充簬") < 0.5
        True
    """
    freq = char_logfreq()
    cjk = _CJK.findall(text)
    if not cjk:
        return 1.0
    return sum(1 for c in cjk if freq.get(c, _RARE) >= threshold) / len(cjk)


def plausibility(text: str) -> float:
    """Average log10 frequency per character of ``text``; higher is more plausible Chinese.

    Chinese characters score their frequency (rare ones -9), characters that wrong decodes produce (Latin-1
    letters, box drawing, private use, U+FFFD) score -9, everything else (ASCII, punctuation) is ignored. Text
    with nothing to score gets 0.0.

    Examples:
        >>> plausibility("关于进一步关心关爱干部") > plausibility("鍏充簬杩涗竴姝ュ叧蹇冨叧鐖卞共閮")
        True
        >>> plausibility("關於進一步關心關愛幹部") > plausibility("¹ØÓÚ½øÒ»²½¹ØÐÄ")
        True
    """
    freq = char_logfreq()
    total = 0.0
    n = 0
    for c in _CJK.findall(text):
        total += freq.get(c, _RARE)
        n += 1
    garbage = len(_GARBAGE.findall(text))
    total += garbage * _RARE
    n += garbage
    return total / n if n else 0.0
