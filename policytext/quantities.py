"""Quantities in normalized policy text: numbers, units, qualifiers, rate bases and redactions.

One pass of a master regex finds every *number + unit* candidate (Arabic, Chinese or
redacted numerals, with 万/亿, 余/多, ranges and fractions); each candidate is then
validated against the rules that keep slogans, idioms, ordinals and dates out, and
completed with its qualifiers and rate basis.

Representation decisions (the contract for downstream steps):

* ``value`` is in base units with 万/亿/千 expanded; for a range it is the lower bound
  and ``upper`` the upper one. Redacted values (``x``, ``X``, ``×``, ``*``, ``某``)
  have ``value=None`` and ``redacted=True``; a range with one redacted end keeps the
  other end.
* Fractions (``六分之一``, ``三分之二``, ``1/3``) are reported as percentages, so that
  they compare with ``%`` amounts: ``value=16.666…``, ``unit="%"``,
  ``kind=FRACTION``. ``百分之六十`` is an ordinary percent (60 %). Percentage points
  (``5个百分点``) keep their own unit ``百分点``.
* Ages (``30岁以下``, ``55周岁``) have unit ``岁`` and kind ``DURATION`` (a length of
  life in years; the unit keeps them apart from ``年``).
* The rate basis follows the unit after slashes, person before time: ``元/人``,
  ``元/年``, ``元/人/月``, ``次/季度``, ``次/半年``. It is read from the same clause,
  before the number (not across ``，。；：``, at most ``_WINDOW`` characters back):
  ``人均 每人 每名 每位`` give ``/人`` (money, counts and durations only);
  ``每年 年均 每年度`` give ``/年``; ``每月 月均 每个月 月平均`` give ``/月``;
  ``每季度`` ``/季度``; ``每半年`` ``/半年``; ``每周`` ``/周``; ``每天 每日 日均``
  ``/天``. A bare ``年度`` gives ``/年`` to money only (``年度经费``):
  ``年度考核优秀比例`` is not a rate. A bare one-unit duration (``一年x次``,
  ``一年只组织1次``, ``一季度开展一次``) is the basis of a later count of ``次``.
* A period (``每2年``, ``每两年``, ``每3个月``) is the basis of a count that follows
  in the clause (``每两年开展一次`` -> 1 ``次/2年``); with no count after it, the
  period itself is reported: value 2, unit ``年``, kind ``DURATION``, qualifier
  ``period``.
* ``qualifier`` is drawn from :data:`QUALIFIERS` (``approx``, ``at_least``,
  ``at_most``, ``range``, ``increase``, ``period``), several joined with ``+`` in
  that order. A bound written before a list applies to each item of the list
  (``不低于60%、80%、50%``), and so does an increase (``分别上浮20%、30%``).
* ``text`` is the amount as written, with the adjacent prefixes that carry meaning
  (``人均``, ``不低于``, ``提高``, ``连续``) and suffixes (``以上``, ``左右``);
  ``text == source[start:end]`` always holds.

Chinese numerals are accepted only before a real unit, and a bare ``一`` (``一个``,
``一批``, ``一项``) only as a frequency with a rate basis (``每月安排一次``,
``人均一套``): as a determiner it states no amount. Quoted spans (``“两个维护”``,
``《十项措施》``), known slogans and idioms (``三个区分开来``, ``一对一``,
``一次性``), ordinals (``第12期``, ``第一书记``), ranks (``前两位``), vague numbers
(``数十名``, ``三四个``), dates (``2021年``, ``x年x月``) and a Chinese-written
``百年`` are never quantities.

Examples:
    >>> [(q.value, q.unit, q.qualifier) for q in extract_quantities("人均每年x元，月均提高900元")]
    [(None, '元/人/年', None), (900.0, '元/月', 'increase')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from policytext.model import Quantity, QuantityKind

__all__ = ["QUALIFIERS", "extract_quantities", "parse_number"]

#: Qualifier vocabulary, in the order used when several are joined with ``+``.
QUALIFIERS: tuple[str, ...] = ("approx", "at_least", "at_most", "range", "increase", "period")

_MONEY, _PERCENT, _COUNT = QuantityKind.MONEY, QuantityKind.PERCENT, QuantityKind.COUNT
_DURATION, _MULTIPLIER, _FRACTION = QuantityKind.DURATION, QuantityKind.MULTIPLIER, QuantityKind.FRACTION

# ----------------------------------------------------------------------------------------------------
# Numerals
# ----------------------------------------------------------------------------------------------------
_CJK_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_CJK_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CJK_BIG = {"万": 10_000, "亿": 100_000_000}
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

_ARABIC = r"(?<![0-9.])(?:[0-9]+(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
_CJK_CHARS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_CJK = rf"[{_CJK_CHARS}]+"
# never start inside a run of numerals (三四个 is "three or four"); the cap bounds backtracking
_CJK_TOKEN = rf"(?<![{_CJK_CHARS}])[{_CJK_CHARS}]{{1,12}}"
_REDACT = r"(?<![A-Za-z])(?:[xX×ｘＸ]{1,3}|(?<!\*)\*{1,3}(?!\*)|某{1,2})(?![A-Za-z])"
_REDACT_RE = re.compile(r"(?:[xX×ｘＸ]{1,3}|\*{1,3}|某{1,2})")
_REDACTED_NUMBER_RE = re.compile(r"(?:[xX×ｘＸ]{1,3}|\*{1,3}|某{1,2})(?:[百千]?万|[百千万]?亿|[百千])?")
_ARABIC_RE = re.compile(r"(?:[0-9]+(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_CJK_RE = re.compile(_CJK)
_MIXED_RE = re.compile(r"(?P<n>(?:[0-9]+(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)(?P<m>[十百千]?万|[百千万]?亿|[十百千])")
_FRACTION_WORD_RE = re.compile(
    r"(?P<d>[0-9]+|[零〇一二两三四五六七八九十百千]+)分之(?P<n>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+)"
)
_FRACTION_SLASH_RE = re.compile(r"(?P<n>[0-9]+)/(?P<d>[0-9]+)")


def cjk_int(s: str) -> int:
    """Parse a Chinese integer numeral (``三千五百``, ``二〇二一``, ``十二万``). (Dates and article numbers are
    read with it too: :mod:`policytext.structure`.)

    Raises ValueError when the numeral is malformed.
    """
    if not s:
        raise ValueError("empty numeral")
    if all(ch in _CJK_DIGITS for ch in s):
        if len(s) == 1:
            return _CJK_DIGITS[s]
        if any(_CJK_DIGITS[ch] == 0 for ch in s) or len(s) == 4:
            # positional, as in years (二〇二一); two or three bare digits (三四个) are an
            # estimate, not a number
            return int("".join(str(_CJK_DIGITS[ch]) for ch in s))
        raise ValueError(f"{s!r} is a run of digits, not a numeral")
    total = section = 0
    digit: int | None = None
    last_small = 10_000  # small units must descend within a section
    last_big = 10**12
    for ch in s:
        if ch in _CJK_DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"{s!r}: two digits in a row")
            digit = _CJK_DIGITS[ch]
        elif ch in _CJK_SMALL:
            unit = _CJK_SMALL[ch]
            if unit >= last_small:
                raise ValueError(f"{s!r}: units out of order")
            section += (1 if digit is None else digit) * unit
            last_small, digit = unit, None
        else:
            unit = _CJK_BIG[ch]
            if unit >= last_big:
                raise ValueError(f"{s!r}: units out of order")
            if section == 0 and digit in (None, 0) and total == 0:
                raise ValueError(f"{s!r}: {ch} without a number")
            section += digit or 0
            if unit == 100_000_000:
                total = (total + section) * unit
            else:
                total += section * unit
            section, digit, last_small, last_big = 0, None, 10_000, unit
    return total + section + (digit or 0)


def _arabic(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def parse_number(text: str) -> float | None:
    """Parse a number as written in policy text.

    Accepts Arabic numerals (with thousands separators), Chinese numerals, an Arabic
    number with 十/百/千/万/亿, fractions (``六分之一``, ``百分之六十``, ``1/3``) and
    redaction placeholders.

    Args:
        text: the number alone, without unit or qualifiers.

    Returns:
        The value as a float (a fraction as a ratio: ``六分之一`` -> 0.1666…), or
        ``None`` for a redacted value.

    Raises:
        ValueError: when ``text`` is not a number (``"三四"``, ``"20多万"``, ``"元"``).

    Examples:
        >>> parse_number("三千五百")
        3500.0
        >>> parse_number("1.2万")
        12000.0
        >>> parse_number("1,500")
        1500.0
        >>> round(parse_number("六分之一"), 4)
        0.1667
        >>> parse_number("百分之六十")
        0.6
        >>> parse_number("x") is None
        True
    """
    s = text.strip()
    if not s:
        raise ValueError("parse_number: empty text; pass a number such as '1.2万' or '三千五百'")
    try:
        if _REDACTED_NUMBER_RE.fullmatch(s):
            return None
        if _ARABIC_RE.fullmatch(s):
            return float(_arabic(s))
        if m := _MIXED_RE.fullmatch(s):
            factor = 1
            for ch in m["m"]:
                factor *= _MAGNITUDE[ch]
            return float(_arabic(m["n"]) * factor)
        if _CJK_RE.fullmatch(s):
            return float(cjk_int(s))
        if s.startswith("百分之"):
            return parse_number(s[3:]) / 100  # type: ignore[operator]
        if m := _FRACTION_WORD_RE.fullmatch(s) or _FRACTION_SLASH_RE.fullmatch(s):
            den, num = parse_number(m["d"]), parse_number(m["n"])
            if not den:
                raise ValueError("zero denominator")
            return num / den  # type: ignore[operator]
    except (ValueError, InvalidOperation, TypeError) as exc:
        raise ValueError(f"parse_number: {text!r} is not a number ({exc})") from None
    raise ValueError(f"parse_number: {text!r} is not a number; expected e.g. '1.2万', '三千五百', '六分之一' or 'x'")


# ----------------------------------------------------------------------------------------------------
# Units
# ----------------------------------------------------------------------------------------------------
# surface -> (unit, kind, only after Arabic or redacted numerals, characters that must not follow)
_UNITS: dict[str, tuple[str, QuantityKind, bool, str]] = {
    "元": ("元", _MONEY, False, "旦素首老帅宵月"),
    "%": ("%", _PERCENT, False, ""),
    "％": ("%", _PERCENT, False, ""),
    "个百分点": ("百分点", _PERCENT, False, ""),
    "百分点": ("百分点", _PERCENT, False, ""),
    "倍": ("倍", _MULTIPLIER, False, ""),
    "周岁": ("岁", _DURATION, False, ""),
    "岁": ("岁", _DURATION, False, "月"),
    "个工作日": ("工作日", _DURATION, False, ""),
    "工作日": ("工作日", _DURATION, False, ""),
    "个多月": ("月", _DURATION, False, ""),  # approx, see _candidate
    "个月": ("月", _DURATION, False, ""),
    "个季度": ("季度", _DURATION, False, ""),
    "个小时": ("小时", _DURATION, False, ""),
    "小时": ("小时", _DURATION, False, ""),
    "个学时": ("学时", _DURATION, False, ""),
    "学时": ("学时", _DURATION, False, ""),
    "个课时": ("课时", _DURATION, False, ""),
    "课时": ("课时", _DURATION, False, ""),
    # 日 as a duration only in deadlines (15日内, 7个工作日以内); otherwise it is a date (5月31日)
    "日": ("天", _DURATION, False, ""),
    "个星期": ("周", _DURATION, False, ""),
    "年": ("年", _DURATION, False, "度级轻龄代初底末薪终华份会检"),
    "天": ("天", _DURATION, False, "津下然气地空"),
    "周": ("周", _DURATION, False, "年岁末一二三四五六日边围期转"),
    "人次": ("人次", _COUNT, False, ""),
    "场次": ("场次", _COUNT, False, ""),
    "批次": ("批次", _COUNT, False, ""),
    "班次": ("班次", _COUNT, False, ""),
    "个": ("个", _COUNT, False, "体性别案"),
    "名": ("名", _COUNT, False, "单义称额誉牌录次片言"),
    "人": ("人", _COUNT, False, "民员才口格身"),
    "套": ("套", _COUNT, False, "餐路"),
    "期": ("期", _COUNT, False, "间限满末刊待望盼许货"),
    "次": ("次", _COUNT, False, "性数要序级日"),
    "对": ("对", _COUNT, False, "于象待接比照口标话策应外内上下称立"),
    "件": ("件", _COUNT, False, ""),
    "家": ("家", _COUNT, False, "庭属人乡长园国渠"),
    "场": ("场", _COUNT, False, "所景地面合上"),
    "部": ("部", _COUNT, False, "门分署长委位队"),
    "份": ("份", _COUNT, False, "子额"),
    "张": ("张", _COUNT, False, ""),
    "条": ("条", _COUNT, False, "件例款"),
    "项": ("项", _COUNT, False, "目"),
    "批": ("批", _COUNT, False, "示准评复"),
    "所": ("所", _COUNT, False, "有在以属谓得"),
    "户": ("户", _COUNT, False, "口籍外"),
    "位": ("位", _COUNT, False, "置于列居次"),
    "轮": ("轮", _COUNT, False, "岗换流值"),
    "篇": ("篇", _COUNT, False, "章幅"),
    "例": ("例", _COUNT, False, "如外会行"),
    "辆": ("辆", _COUNT, False, ""),
    "栋": ("栋", _COUNT, False, ""),
    "册": ("册", _COUNT, False, ""),
    # words that are also common morphemes: only after Arabic or redacted numerals (三类人员, 一起, 一支队伍)
    "本": ("本", _COUNT, True, "地级人部单科土职事领届次身"),
    "门": ("门", _COUNT, True, "槛户类诊"),
    "起": ("起", _COUNT, True, "来草步点始"),
    "大类": ("类", _COUNT, True, ""),
    "类": ("类", _COUNT, True, "别型似"),
    "种": ("种", _COUNT, True, "类子植"),
    "处": ("处", _COUNT, True, "理分置室长级"),
    "支": ("支", _COUNT, True, "持部援出付"),
    "间": ("间", _COUNT, True, "隔断"),
    "座": ("座", _COUNT, True, "谈右"),
    "台": ("台", _COUNT, True, "账阶风河区山"),  # 七台河, 九台区, 五台山
    "笔": ("笔", _COUNT, True, ""),
    "封": ("封", _COUNT, True, "闭建顶存锁"),
}


# words after a unit that make the numeral an ordinal or a name: 二期工程 is phase two, not two phases
_UNIT_NOT_BEFORE_WORDS = {"期": "(?!工程|项目)", "年": "(?!义务教育)", "日": "(?=内|以内|之内)"}


def _unit_alternation() -> str:
    parts = []
    for surface in sorted(_UNITS, key=len, reverse=True):
        not_after = _UNITS[surface][3]
        guard = f"(?![{not_after}])" if not_after else ""
        parts.append(re.escape(surface) + guard + _UNIT_NOT_BEFORE_WORDS.get(surface, ""))
    return "|".join(parts)


_UNIT = _unit_alternation()
_SEP = r"--|-|－－|－|——|—|–|~|～|至|到"
_SUFFIX = r"及以上|或以上|以上|及以下|或以下|以下|以内|之内|左右|上下(?![级联班来同])|有余|多|余|内"
_RATE = r"[/／](?P<rp>人|年|月|天|周|季度)(?:[/／·](?P<rt>年|月|天|周|季度))?"
_SIMPLE = rf"[0-9]{{1,12}}(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]{{1,12}}|{_REDACT}"


_DENOMINATOR = rf"(?<![0-9.])[0-9]{{1,6}}|(?<![{_CJK_CHARS}])[一二两三四五六七八九十百千]{{1,6}}|{_REDACT}"


def _num(i: int) -> str:
    return (
        rf"(?P<n{i}>{_ARABIC}|{_CJK_TOKEN}|{_REDACT})(?P<a{i}>[余多来])?"
        rf"(?P<m{i}>[百千]?万|[百千万]?亿|[百千])?(?P<b{i}>[余多])?"
    )


_MASTER_RE = re.compile(
    rf"""
    (?:
        (?P<pw>百分之(?P<pwn>{_SIMPLE}))
      | (?P<fr>(?P<frd>{_DENOMINATOR})分之(?P<frn>{_SIMPLE}))
      | (?P<fan>翻了?(?P<fann>[一两二三四五六七八九]|[0-9])番)
      | (?P<af>(?<![0-9./])(?P<afn>[1-9])/(?P<afd>10|[2-9])(?![0-9/]))
      | {_num(1)}
        (?:
            (?P<u1>{_UNIT})(?:(?P<s1>{_SEP}){_num(2)}(?P=u1))?
          | (?P<s2>{_SEP}){_num(3)}(?P<u3>{_UNIT})
        )
    )
    (?:{_RATE})?
    (?P<suf>{_SUFFIX})?
    """,
    re.VERBOSE,
)


# ----------------------------------------------------------------------------------------------------
# Context: prefixes, rate bases, exclusions
# ----------------------------------------------------------------------------------------------------
def _words(spaced: str) -> list[str]:
    return spaced.split()


_PREFIXES: dict[str, str] = {
    **dict.fromkeys(_words("不低于 不少于 不小于 至少 最少 最低 超过 多于 高于 大于 逾 超 年满 满"), "at_least"),
    **dict.fromkeys(_words("不超过 不高于 不多于 不大于 最多 最高 不足 不到 少于 低于 小于"), "at_most"),
    **dict.fromkeys(_words("约 大约 约为 约合 将近 接近 近 大概"), "approx"),
    **dict.fromkeys(
        _words("提高了 提高 增加了 增加 上浮了 上浮 上调了 上调 增长了 增长 提升了 提升")
        + _words("增发 递增 增幅为 增幅 上涨了 上涨"),
        "increase",
    ),
    # rate bases and words that belong to the amount (连续三年) but qualify nothing
    **dict.fromkeys(
        _words("人均 每人 每名 每位 每个人 人平均 年人均 月人均 每年度 每年 年均 年平均")
        + _words("每个月 每月 月均 月平均")
        + _words("每个季度 每季度 季均 每半年 每周 周均 每天 每日 日均 连续 每隔 每"),
        "",
    ),
}
# single characters that are also the end of unrelated words (节约, 最近, 赶超, 圆满, 期满)
_PREFIX_NOT_AFTER = {"约": "节制签预公契条邀相", "近": "最附邻亲贴", "超": "赶高", "满": "圆美充饱布期"}


def _prefix_alternation() -> str:
    parts = []
    for token in sorted(_PREFIXES, key=len, reverse=True):
        guard = _PREFIX_NOT_AFTER.get(token)
        parts.append((f"(?<![{guard}])" if guard else "") + re.escape(token))
    return "|".join(parts)


_PREFIX_TOKEN = _prefix_alternation()
_PREFIX_CHAIN_RE = re.compile(rf"(?:{_PREFIX_TOKEN})+$")
_PREFIX_TOKEN_RE = re.compile(_PREFIX_TOKEN)
_PREFIX_LOOKBACK = 12
# 不超过机关公务员总数的20%: a bound separated from the number by "<noun phrase>的" in the same clause
_GAP_BOUND_RE = re.compile(
    r"(?P<b>不低于|不少于|不超过|不高于|不多于|至少|超过|低于|高于|少于|多于)"
    r"[^，。；：、！？0-9xX×*%]{0,16}(?:的|总数|总额|总量)$"
    # 每年至少听取2次: 至少/最多 before a short verb
    r"|(?P<v>至少|最少|最多)[^，。；：、！？0-9xX×*%的]{1,4}$"
)

# basis words -> (per person, time basis, restricted to counts of 次)
_BASES: dict[str, tuple[bool, str | None, bool]] = {
    **dict.fromkeys(["人均", "每人", "每名", "每位", "每个人", "人平均"], (True, None, False)),
    **dict.fromkeys(["年人均"], (True, "年", False)),
    **dict.fromkeys(["月人均"], (True, "月", False)),
    **dict.fromkeys(["每年度", "每年", "年均", "年平均"], (False, "年", False)),
    **dict.fromkeys(["每个月", "每月", "月均", "月平均", "按月"], (False, "月", False)),
    **dict.fromkeys(["每个季度", "每季度", "季均", "按季度"], (False, "季度", False)),
    **dict.fromkeys(["每半年"], (False, "半年", False)),
    **dict.fromkeys(["每周", "周均", "每星期"], (False, "周", False)),
    **dict.fromkeys(["每天", "每日", "日均"], (False, "天", False)),
    "一季度": (False, "季度", True),
    "年度": (False, "年", False),  # money only, see _time_applies
}
_BASIS_RE = re.compile("|".join(sorted(map(re.escape, _BASES), key=len, reverse=True)))
_WINDOW = 50
_CLAUSE_BREAK_RE = re.compile(r"[，。；：！？\n\r,;!?]")
_TIME_RANK = {
    "小时": 0,
    "学时": 0,
    "课时": 0,
    "天": 1,
    "工作日": 1,
    "周": 2,
    "月": 3,
    "季度": 4,
    "半年": 5,
    "年": 6,
}
_PERIOD_UNITS = frozenset({"年", "月", "季度", "周", "天"})
# Which amounts take a rate basis (the convention of the issue tracker and of the annotations): money per person,
# per year, per month (人均x元, 每年…万元, 月均提高900元); frequencies per period (一年x次, 每季度回访1次);
# durations per period (每月轮休4天); a count of people or things is written as it is (每年选派30名 -> 30 名),
# except a per-capita count (人均一套 -> 套/人).
_FREQUENCY_UNITS = frozenset({"次"})
_PER_CAPITA = frozenset({"人均", "人平均", "年人均", "月人均"})
# a duration after these is a length, not a rate: 每年组织一次为期7天的疗养 -> 7 天
_LENGTH_BEFORE_RE = re.compile(r"(?:为期|历时|期限为?|长达|时长)\s*$")

_QUOTE_RE = re.compile(r"“[^“”\n]{0,60}”|《[^《》\n]{0,100}》|‘[^‘’\n]{0,60}’|「[^「」\n]{0,60}」|〈[^〈〉\n]{0,60}〉")
_IDIOMS = _words(
    "一对一 一把手 一大批 一批 一线 一下了之 一处了之 一罚了之 一关了之 一刀切 一盘棋 一张蓝图 一次性 一揽子"
    " 一条龙 一票否决 一岗双责 一系列 一体化 一站式 一代又一代 一年一度 一年四季 一年到头 一年比一年"
    " 一次又一次 千家万户 千方百计 三番五次 三天两头 三天打鱼 三年五载 十年磨一剑 五年规划 五年计划"
    " 两个确立 两个维护 两个一百年 两个务必 四个意识 四个自信 四个全面 四个服从 三个区分开来 三个代表"
    " 三个一线 三项机制 五位一体 两学一做 三会一课 三严三实 三重一大 两代表一委员 八项规定 五小工程 五个好"
    " 四下基层 两节 十二五 十三五 十四五 十五五"
)
_IDIOM_RE = re.compile(
    "|".join(map(re.escape, sorted(_IDIOMS, key=len, reverse=True)))
    # 一X一Y slogans (一村一品, 一人一档, 一事一议) but not frequencies (一年一次, 一月一次)
    + r"|一[^\W\d年月季周天日]一[^\W\d]"
)
_DATE_AFTER_RE = re.compile(r"(?:[0-9]{1,2}|[xX×*某]|[一二三四五六七八九十]{1,2})月")
_DETERMINER_BEFORE = frozenset("上下同这那哪某每另单唯统逐划专之其任")
_SLOGAN_COUNT_UNITS = frozenset({"个", "张", "项", "条", "种", "类", "件", "套", "批"})
_BARE_ONE_WITH_BASIS = frozenset({"次", "期", "套", "场", "场次", "轮"})
_LIST_JOINERS = frozenset({"、", "和", "及", "与", "或", "以及"})


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    num_start: int
    value: float | None
    unit: str
    kind: QuantityKind
    redacted: bool
    upper: float | None = None
    quals: set[str] = field(default_factory=set)
    bare_one: bool = False
    cjk: bool = False
    prefix_bound: str | None = None
    prefix_increase: bool = False
    neutral_prefix: bool = False  # 连续…: not usable as a rate basis
    rate_person: bool = False
    rate_time: str | None = None
    period: bool = False
    drop: bool = False


def _apply_magnitude(value: Decimal, mag: str | None) -> Decimal:
    if mag:
        for ch in mag:
            value *= _MAGNITUDE[ch]
    return value


def _number(m: re.Match[str], i: int) -> tuple[Decimal | None, bool, str | None, bool]:
    """(value, approx, magnitude, is_cjk) of numeral group ``i``; None when redacted.

    Raises ValueError on a malformed numeral.
    """
    tok = m[f"n{i}"]
    mag = m[f"m{i}"]
    approx = bool(m[f"a{i}"] or m[f"b{i}"])
    if _REDACT_RE.fullmatch(tok):
        return None, approx, mag, False
    if tok[0].isdigit():
        return _apply_magnitude(_arabic(tok), mag), approx, mag, False
    if tok[0] in "百千万亿佰仟":
        raise ValueError("bare magnitude")  # 百年, 千家, 万人: idiomatic, not counts
    value = Decimal(cjk_int(tok))
    trailing = tok[-1] if tok[-1] in "万亿" and len(tok) > 1 else None
    return _apply_magnitude(value, mag), approx, mag or trailing, True


def _float(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def _candidate(m: re.Match[str], text: str) -> list[_Cand]:
    """Turn one master-regex match into zero, one or two candidates (``由200元到350元`` is two)."""
    if m["pw"] or m["fr"] or m["af"] or m["fan"]:
        return _fraction_candidate(m)
    if m["u1"]:
        surface, unit_end = m["u1"], m.end("u1")
        second = 2 if m["s1"] else None
    else:
        surface, unit_end = m["u3"], m.end("u3")
        second = 3
    unit, kind, arabic_only, _ = _UNITS[surface]
    v1, approx, mag1, cjk1 = _number(m, 1)
    if arabic_only and cjk1:
        return []
    if m["n1"].startswith("某") and kind not in (_MONEY, _PERCENT) and not mag1:
        return []  # 某个, 某人, 某项: "a certain", not a redaction
    quals: set[str] = {"approx"} if approx or surface == "个多月" else set()
    cand = _Cand(m.start(), m.end(), m.start(), None, unit, kind, redacted=v1 is None, quals=quals, cjk=cjk1)
    cand.bare_one = m["n1"] in ("一", "壹") and not (m["a1"] or m["m1"] or m["b1"]) and second is None
    if second is not None:
        v2, approx2, mag2, cjk2 = _number(m, second)
        if arabic_only and cjk2:
            return []
        if v1 is not None and v2 is not None and not mag1 and mag2:
            scale = Decimal(_MAGNITUDE[mag2[-1]])
            if v1 * scale <= v2:  # 3至5万元 is 3万至5万元; 5000至1万元 is not
                v1 *= scale
        sep_group = "s1" if m["s1"] else "s2"
        if m[sep_group] in ("到", "至") and text[max(0, m.start() - 1) : m.start()] in ("由", "从"):
            # 由200元到350元: a change from one amount to another, not a range; in 由200到350元 the first
            # number has no unit written, and is reported with the unit of the second
            a = _Cand(m.start(), m.start(sep_group), m.start(), _float(v1), unit, kind, v1 is None, cjk=cjk1)
            b_start = m.start(f"n{second}")
            b = _Cand(b_start, m.end(), b_start, _float(v2), unit, kind, v2 is None, cjk=cjk2)
            if approx:
                a.quals.add("approx")
            if approx2:
                b.quals.add("approx")
            b.end = m.end("suf") if m["suf"] else m.end()
            _apply_suffix(b, m["suf"], m.start("suf") if m["suf"] else unit_end)
            return [c for c in (a, b) if not _is_date(c, text)]
        cand.upper = _float(v2)
        cand.redacted = cand.redacted or v2 is None
        cand.quals.add("range")
        if approx2:
            cand.quals.add("approx")
        cand.cjk = cand.cjk or cjk2
    cand.value = _float(v1)
    if m["rp"]:
        if m["rp"] == "人":
            cand.rate_person = True
        else:
            cand.rate_time = m["rp"]
        if m["rt"]:
            cand.rate_time = m["rt"]
    cand.end = m.end("suf") if m["suf"] else m.end()
    _apply_suffix(cand, m["suf"], m.start("suf") if m["suf"] else unit_end)
    if kind is _DURATION and _is_date(cand, text):
        return []
    if unit == "年" and cand.cjk and cand.value == 100:
        return []  # 一百年来, 百年大计
    return [cand]


def _fraction_candidate(m: re.Match[str]) -> list[_Cand]:
    kind = _FRACTION
    if m["pw"]:
        tok, kind = m["pwn"], _PERCENT
        value = parse_number(tok)
        span_end = m.end("pw")
    elif m["fr"]:
        num, den = parse_number(m["frn"]), parse_number(m["frd"])
        if den == 0:
            return []
        value = None if num is None or den is None else num * 100 / den
        span_end = m.end("fr")
    elif m["af"]:
        num, den = float(m["afn"]), float(m["afd"])
        if num >= den:
            return []
        value = num * 100 / den
        span_end = m.end("af")
    else:
        n = parse_number(m["fann"])
        value = 2.0 ** (n or 0)
        span_end = m.end("fan")
        kind = _MULTIPLIER
    unit = "倍" if kind is _MULTIPLIER else "%"
    cand = _Cand(m.start(), span_end, m.start(), value, unit, kind, redacted=value is None)
    cand.end = m.end("suf") if m["suf"] else span_end
    _apply_suffix(cand, m["suf"], m.start("suf") if m["suf"] else span_end)
    return [cand]


def _apply_suffix(cand: _Cand, suffix: str | None, suffix_start: int) -> None:
    if not suffix:
        return
    if suffix in ("以上", "及以上", "或以上"):
        cand.quals.add("at_least")
    elif suffix in ("以下", "及以下", "或以下", "以内", "之内"):
        cand.quals.add("at_most")
    elif suffix == "内" and cand.kind in (_DURATION, _MONEY) and cand.unit != "岁":
        cand.quals.add("at_most")  # 五年内, 10万元内; 3个乡镇内 is a place
    elif suffix in ("左右", "上下", "有余") or (suffix in ("多", "余") and cand.kind is _DURATION):
        cand.quals.add("approx")  # 3年多; 300元多次 is 300元 + 多次
    else:
        cand.end = suffix_start


def _is_date(cand: _Cand, text: str) -> bool:
    if cand.unit != "年":
        return False
    if (cand.value is not None and cand.value >= 1000) or (cand.upper is not None and cand.upper >= 1000):
        return True  # 2021年, 二〇二一年, 2019-2021年
    return _DATE_AFTER_RE.match(text, cand.end) is not None  # x年x月, 3年5月


def _spans(pattern: re.Pattern[str], text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for m in pattern.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _inside(spans: tuple[list[int], list[int]], start: int, end: int) -> bool:
    i = bisect_right(spans[0], start) - 1
    return i >= 0 and end <= spans[1][i]


def _overlaps(spans: tuple[list[int], list[int]], start: int, end: int) -> bool:
    i = bisect_right(spans[0], end - 1) - 1
    return i >= 0 and spans[1][i] > start


def _read_prefix(cand: _Cand, text: str, floor: int) -> None:
    """Extend ``cand`` over the qualifier/basis words written right before its number."""
    lo = max(floor, cand.start - _PREFIX_LOOKBACK)
    chain = _PREFIX_CHAIN_RE.search(text, lo, cand.start)
    if chain is None:
        gap = _GAP_BOUND_RE.search(text, max(floor, cand.start - 24), cand.start)
        if gap is not None:
            cand.prefix_bound = _PREFIXES[gap["b"] or gap["v"]]
            cand.quals.add(cand.prefix_bound)
        return
    start = chain.start()
    for tm in _PREFIX_TOKEN_RE.finditer(chain[0]):
        tok = tm[0]
        role = _PREFIXES[tok]
        if role in ("at_least", "at_most"):
            cand.prefix_bound = role
            cand.quals.add(role)
        elif role == "approx":
            if not (cand.kind is _DURATION and tok == "近"):  # 近三年 is "the last three years"
                cand.quals.add("approx")
            cand.neutral_prefix = True
        elif role == "increase":
            cand.prefix_increase = True
            cand.quals.add("increase")
        elif tok in ("每", "每隔"):
            if cand.kind is _DURATION and cand.unit in _PERIOD_UNITS and not cand.quals:
                cand.period = True
            else:
                start = chain.start() + tm.end()  # 每10名干部: 每 is not part of the amount
        else:
            cand.neutral_prefix = True
    cand.start = start


def _person_applies(cand: _Cand, word: str) -> bool:
    if cand.kind is _MONEY:
        return True
    return cand.kind is _COUNT and word in _PER_CAPITA and cand.unit not in _FREQUENCY_UNITS


def _time_applies(basis: str, cand: _Cand, word: str | None) -> bool:
    if cand.kind in (_PERCENT, QuantityKind.FRACTION):
        return False  # a share is not a rate: 每年…比例不低于60% is 60 %, not 60 %/年
    if cand.kind is _COUNT and cand.unit not in _FREQUENCY_UNITS:
        return False  # a count is written as it is: 每年选派30名 -> 30 名
    if word == "年度" and cand.kind is not _MONEY:
        return False
    if cand.unit == "岁":
        return False
    if cand.kind is _DURATION:
        return _TIME_RANK.get(cand.unit, 99) < _TIME_RANK.get(basis, _TIME_RANK["年"])
    return True


def _resolve_bases(cands: list[_Cand], text: str, breaks: list[int]) -> None:
    """Rate bases from the clause before each candidate; periods and one-unit durations used as bases."""
    for i, cand in enumerate(cands):
        if cand.drop or cand.unit == "岁":
            continue
        b = bisect_right(breaks, cand.num_start - 1) - 1
        clause_start = breaks[b] + 1 if b >= 0 else 0
        lo = max(clause_start, cand.num_start - _WINDOW)
        person = cand.rate_person
        time_pos, time_basis, time_word = -1, cand.rate_time, None
        for bm in _BASIS_RE.finditer(text, lo, cand.num_start):
            is_person, t, freq_only = _BASES[bm[0]]
            if is_person and _person_applies(cand, bm[0]):
                person = True
            usable = t and not cand.rate_time and (not freq_only or cand.unit == "次")
            if usable and bm.start() > time_pos and _time_applies(t, cand, bm[0]):  # type: ignore[arg-type]
                time_pos, time_basis, time_word = bm.start(), t, bm[0]
        if cand.kind is _COUNT and not cand.rate_time:
            # a period (每两年) or a bare one-unit duration (一年x次) earlier in the clause
            for j in range(i - 1, -1, -1):
                prev = cands[j]
                if prev.end <= lo or prev.start < clause_start:
                    break
                if prev.kind is not _DURATION or prev.unit not in _PERIOD_UNITS:
                    continue
                adjacent = prev.end == cand.start
                plain = not prev.quals and not prev.neutral_prefix and not prev.prefix_bound
                one = plain and prev.value == 1 and prev.upper is None
                if prev.period or (one and cand.unit == "次") or (plain and adjacent and cand.unit == "次"):
                    if prev.start > time_pos:
                        n = "x" if prev.value is None else f"{prev.value:g}"
                        time_basis = prev.unit if n == "1" else f"{n}{prev.unit}"
                        time_pos, time_word = prev.start, None
                        prev.drop = True
                    break
        if person:
            cand.rate_person = True
        if cand.kind is _DURATION and _LENGTH_BEFORE_RE.search(text[clause_start : cand.num_start]):
            time_basis = cand.rate_time
        if time_basis and (cand.rate_time or _time_applies(time_basis.lstrip("0123456789.x"), cand, time_word)):
            cand.rate_time = time_basis


def _excluded(cand: _Cand, text: str, quotes: tuple[list[int], list[int]], idioms: tuple[list[int], list[int]]) -> bool:
    before = text[cand.num_start - 1] if cand.num_start > 0 else ""
    if before == "第":
        return True  # ordinals: 第12期, 第一书记, 第三轮
    if before == "前" and cand.unit in ("名", "位"):
        return True  # ranks: 排名前两位
    if cand.cjk and before and before in "数几若":
        return True  # 数十名, 几十名: vague
    if cand.bare_one and before in _DETERMINER_BEFORE:
        return True  # 同一年, 上一年, 每一次
    if _inside(quotes, cand.num_start, cand.end) or _overlaps(idioms, cand.num_start, cand.end):
        return True
    after = text[cand.end : cand.end + 1]
    return cand.cjk and after in ("“", "《") and cand.unit in _SLOGAN_COUNT_UNITS  # 三张“考卷”


def _propagate_lists(cands: list[_Cand], text: str) -> None:
    """不低于60%、80%、50%: a bound (or an increase) written before a list applies to every item."""
    for prev, cand in pairwise(cands):
        if cand.unit != prev.unit or text[prev.end : cand.start] not in _LIST_JOINERS:
            continue
        if prev.prefix_bound and not (cand.quals & {"at_least", "at_most"}):
            cand.prefix_bound = prev.prefix_bound
            cand.quals.add(prev.prefix_bound)
        if prev.prefix_increase:
            cand.prefix_increase = True
            cand.quals.add("increase")


def _full_unit(cand: _Cand) -> str:
    unit = cand.unit
    if cand.rate_person:
        unit += "/人"
    if cand.rate_time:
        unit += "/" + cand.rate_time
    return unit


def extract_quantities(text: str, *, offset: int = 0) -> list[Quantity]:
    """Find the amounts stated in a normalized text.

    Args:
        text: normalized simplified Chinese (full-width ``，；：（）``, ASCII digits and ``%``).
        offset: added to every ``start``/``end``, for text that is a slice of a larger document.

    Returns:
        The quantities, sorted by start and non-overlapping;
        ``text[q.start - offset : q.end - offset] == q.text``.

    Raises:
        TypeError: when ``text`` is not a ``str``.

    Examples:
        >>> [(q.value, q.unit) for q in extract_quantities("乡镇津贴由200元分别提高到350元、550元和800元")]
        [(200.0, '元'), (350.0, '元'), (550.0, '元'), (800.0, '元')]
        >>> q = extract_quantities("每年保障体检专项经费x余万元")[0]
        >>> q.value, q.unit, q.qualifier, q.redacted, q.text
        (None, '元/年', 'approx', True, 'x余万元')
        >>> [(q.value, q.upper, q.unit, q.qualifier) for q in extract_quantities("每年组织1-2次外出学习")]
        [(1.0, 2.0, '次/年', 'range')]
        >>> [(q.text, q.qualifier) for q in extract_quantities("分别不低于60%、80%、50%")]
        [('不低于60%', 'at_least'), ('80%', 'at_least'), ('50%', 'at_least')]
        >>> [q.text for q in extract_quantities("落实“两个维护”，坚持一对一帮带，选派第一书记")]
        []
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_quantities: expected the normalized text as str, got {type(text).__name__}")
    cands: list[_Cand] = []
    for m in _MASTER_RE.finditer(text):
        try:
            cands.extend(_candidate(m, text))
        except (ValueError, InvalidOperation, OverflowError, ZeroDivisionError):
            continue  # malformed numerals (三四个, 三百四千): not a stated amount
    if not cands:
        return []
    quotes, idioms = _spans(_QUOTE_RE, text), _spans(_IDIOM_RE, text)
    breaks = [m.start() for m in _CLAUSE_BREAK_RE.finditer(text)]
    kept: list[_Cand] = []
    floor = 0
    for cand in cands:
        if _excluded(cand, text, quotes, idioms):
            continue
        _read_prefix(cand, text, floor)
        floor = cand.end
        kept.append(cand)
    _resolve_bases(kept, text, breaks)
    out: list[Quantity] = []
    final = [c for c in kept if not c.drop and not (c.bare_one and c.kind is _COUNT and not _bare_one_ok(c))]
    _propagate_lists(final, text)
    for cand in final:
        if cand.period:
            cand.quals.add("period")
        qualifier = "+".join(q for q in QUALIFIERS if q in cand.quals) or None
        out.append(
            Quantity(
                value=cand.value,
                unit=_full_unit(cand),
                kind=cand.kind,
                text=text[cand.start : cand.end],
                start=cand.start + offset,
                end=cand.end + offset,
                qualifier=qualifier,
                upper=cand.upper,
                redacted=cand.redacted,
            )
        )
    return out


def _bare_one_ok(cand: _Cand) -> bool:
    """一次/一期/一套 with a rate basis is a frequency (每月安排一次, 人均一套); otherwise a determiner."""
    return cand.unit in _BARE_ONE_WITH_BASIS and (cand.rate_time is not None or cand.rate_person)
