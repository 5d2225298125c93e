"""Place names: the gazetteer of administrative divisions, and finding and resolving place names in text.

The gazetteer (``data/gazetteer.tsv``, built by ``scripts/build_gazetteer.py``, documented in
``data/GAZETTEER.md``) lists the province-, city- and county-level divisions of China with their codes,
parents and short names, plus a national pseudo-region ``全国`` (short form ``中央``).

Finding place names is one Aho-Corasick pass (leftmost-longest) over every full and short name, followed by
resolution rules that never guess silently:

* a full name beats a short one (``吉林市`` is the city, ``吉林`` the province);
* a name right after one of its ancestors is read under it, and the two form one mention (``安徽宿州市``,
  ``天津河西区``, ``江苏省南通市海门区``);
* a bare short name shared by divisions of different levels goes to the province, else to the
  prefecture-level division, else to the one the others belong to (``河北`` is the province, not 天津's
  河北区; ``西安`` the city, not a 西安区; ``长沙`` the city, not 长沙县): districts and counties are written
  with their suffix;
* a name still ambiguous (``朝阳区``, ``鼓楼区``, ``通州``) is read under an earlier place of the same text
  that contains exactly one reading, then under ``context`` (the article's region), and is otherwise
  returned with all its readings in ``Region.candidates``;
* short forms that are ordinary words (``和平``, ``振兴``, ``会同``, ``城关`` …, see :data:`BARE_STOPLIST`)
  only count right after an ancestor (``北京大兴``; ``天津和平区`` counts through its full name); a short name
  whose first character ends a common word (``隆重庆祝``) and a two-character county name inside a word
  (``提高县级``: not 高县) do not count;
* redaction placeholders (``x县``, ``x市x县``, ``*县``, ``某县``) are anonymized regions named as written.

Examples:
    >>> [m.region.name for m in find_region_mentions("安徽宿州市和广西南宁出台办法")]
    ['宿州市', '南宁市']
    >>> leading_region("湖北省委组织部会同省纪委监委全面梳理").region.name
    '湖北省'
    >>> region_from_text("（怀宁县委组织部）").parent
    '安庆市'
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick_rs

from policytext.model import Division, Region, RegionLevel, RegionMention

__all__ = [
    "BARE_STOPLIST",
    "BLOCKERS",
    "NATIONAL_CODE",
    "NATIONAL_REGION",
    "REGION_LEVEL_ORDER",
    "Gazetteer",
    "anonymized_region",
    "find_region_mentions",
    "leading_region",
    "leading_regions",
    "load_gazetteer",
    "parse_gazetteer",
    "region_from_text",
]

#: Rank of each level, from the whole country down (``UNKNOWN`` last).
REGION_LEVEL_ORDER: dict[RegionLevel, int] = {
    RegionLevel.NATIONAL: 0,
    RegionLevel.PROVINCE: 1,
    RegionLevel.CITY: 2,
    RegionLevel.COUNTY: 3,
    RegionLevel.UNKNOWN: 4,
}

#: Code of the national pseudo-region (``全国``/``中央``) in the gazetteer.
NATIONAL_CODE = "000000"
#: The region of national documents, as :meth:`Gazetteer.to_region` gives it.
NATIONAL_REGION = Region(name="全国", level=RegionLevel.NATIONAL, code=NATIONAL_CODE)

#: Names that are also ordinary words of policy writing. They count as a place only right after an ancestor
#: (``北京大兴``, ``陕西安康``, ``阳泉市城区``); with their suffix most of them are unambiguous full names and
#: always count (``和平区``, ``振兴区``, ``大兴区``).
# fmt: off
BARE_STOPLIST: frozenset[str] = frozenset({
    # short forms: words of cadre-policy and party writing
    "和平", "新华", "长安", "振兴", "复兴", "会同", "通道", "合作", "互助", "资源", "比如", "南部",
    "东方", "平安", "安定", "安居", "乐业", "富裕", "富民", "惠民", "爱民", "新民", "同心", "同德",
    "同仁", "博爱", "友好", "友谊", "光明", "前进", "红旗", "东风", "向阳", "前锋", "工农", "解放",
    "共和", "延长", "清新", "宏伟", "高明", "平和", "平定", "大方", "方正", "无为", "大兴", "上高",
    "上党", "万全", "天长", "康乐", "长寿", "万年", "凤凰", "中方", "新兴", "兴业", "新建", "清流",
    "清水", "温泉", "运河", "港口", "南岸", "长子", "白云", "全州", "小店", "平房", "灯塔", "来宾",
    "回民", "安康", "老城", "双城", "城关", "城中", "城东", "城西", "城北", "市中", "市北", "市南",
    "河东", "河西", "江北", "江南", "新城", "新市", "中原", "太平", "安宁", "青山", "金山", "江山",
    "泰山", "山城", "海港", "站前", "阳春", "三元", "武功", "台前", "威信", "大名", "莲花", "名山",
    "高台", "天台", "民乐",
    # full names that are ordinary words (城区 of 阳泉/晋城/汕尾, 郊区, 矿区 …)
    "城区", "郊区", "矿区", "东区", "西区", "新城区", "老城区", "新市区", "解放区", "比如县",
    # two-character county names that are also a phrase: 各市和县, 新县委书记
    "和县", "新县",
})
# fmt: on

#: Ordinary words and names that contain a place name; matched so that the place inside is not.
BLOCKERS: tuple[str, ...] = (
    "长治久安",
    "中山装",
    "中山路",
    "中山公园",
    "中山大学",
    "钟南山",
    "杨靖宇",
    "谷文昌",
    "三江源",
    "阿里巴巴",
    "大同小异",
    "世界大同",
)

# A two-character county-level name (高县, 理县, 范县, 成县 …) is often the tail of a word (提高县级,
# 管理县直, 示范县, 完成县委): it counts only at the start of the text, after a non-Chinese character, or
# after one of these.
_BEFORE_TWO_CHAR = frozenset("在到赴至往去和与及或同对向从为是由将了的省市州盟如据驻即")

# Redaction placeholders: x县, xx县, X市X县, *县, ××县, 某县, 某某县; but 某区域, 某市场, 某些地区 are words.
_PLACEHOLDER = r"(?:[xX×ｘＸ*＊○〇□]{1,3}|某{1,2})"
_ANON_UNIT = rf"{_PLACEHOLDER}(?:自治区|省|自治州|地区|市(?!场)|州|盟|县|区(?![域分别间])|旗)"
_ANON_RE = re.compile(rf"(?<![A-Za-z0-9ａ-ｚＡ-Ｚ]){_ANON_UNIT}(?:{_ANON_UNIT}){{0,2}}")
_ANON_LAST_RE = re.compile(r"(自治区|省|自治州|地区|市|州|盟|县|区|旗)$")
_ANON_LEVEL = {
    "自治区": RegionLevel.PROVINCE,
    "省": RegionLevel.PROVINCE,
    "自治州": RegionLevel.CITY,
    "地区": RegionLevel.CITY,
    "市": RegionLevel.CITY,
    "州": RegionLevel.CITY,
    "盟": RegionLevel.CITY,
    "县": RegionLevel.COUNTY,
    "区": RegionLevel.COUNTY,
    "旗": RegionLevel.COUNTY,
}

# Where a sentence's subject can start: after bullets and numbering (△, ★, （一）, 1.), a connective
# (一是, 其中, 如), up to two short lead-in clauses ending in a comma (近年来，/ 2020年，), and 中共.
_BULLETS_RE = re.compile(
    r"[\s\u3000△▲■●◆◇★☆※·•\-—>【“《]*"
    r"(?:(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}[、.．)）])\s*)?"
)
_CONNECTIVE_RE = re.compile(
    r"(?:[一二三四五六七八九十]是|首先|其次|再次|最后|其中|另外|此外|同时|例如|比如|譬如|如"
    r"|(?:\d{4}年|今年|去年|近年)(?:以来|来)?|近期|目前|当前)?"
    r"[，,]?\s*(?:中共)?"
)
_LEAD_IN_RE = re.compile(r"[^，,：:。；;！？!?\n]{1,20}[，,：:]\s*")
# What may stand between places listed at the start of a sentence (内蒙古、吉林等地；宁夏、青海以及广西南宁).
_LIST_SEP_RE = re.compile(r"\s*(?:[、，,]|和|及|以及|与|同|、以及)\s*")

_PARENT_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY)
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# A short name whose first character ends a common word is not a place (隆重庆祝, 确保定期, 认定结论):
# the two-character words of jieba's dictionary (jieba is a dependency) with at least this frequency.
_CROSSING_MIN_FREQ = 100
_JIEBA_WORD_RE = re.compile(r"^(\S\S) (\d+)", re.MULTILINE)


# ---- the gazetteer -----------------------------------------------------------------------------------------


class Gazetteer:
    """The administrative divisions, indexed by code and by every full and short name.

    Args:
        divisions: the divisions; codes must be unique and every parent code must be among them.

    Examples:
        >>> gaz = load_gazetteer()
        >>> [d.code for d in gaz.lookup("岳西县")]
        ['340828']
        >>> gaz.parent(gaz.get("340828")).name
        '安庆市'
        >>> sorted(d.code for d in gaz.lookup("朝阳区"))
        ['110105', '220104']
    """

    def __init__(self, divisions: Iterable[Division]) -> None:
        self._by_code: dict[str, Division] = {}
        self._full: dict[str, list[Division]] = {}
        self._short: dict[str, list[Division]] = {}
        for d in divisions:
            if d.code in self._by_code:
                raise ValueError(f"gazetteer: division code {d.code} appears twice; rebuild the gazetteer")
            self._by_code[d.code] = d
            self._full.setdefault(d.name, []).append(d)
            for s in d.short:
                self._short.setdefault(s, []).append(d)
        for d in self._by_code.values():
            if d.parent_code and d.parent_code not in self._by_code:
                raise ValueError(
                    f"gazetteer: {d.code} {d.name} has parent {d.parent_code}, which is not in the "
                    "gazetteer; rebuild it with scripts/build_gazetteer.py"
                )

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Division]:
        return iter(self._by_code.values())

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Division | None:
        """The division with this six-digit code, or ``None``."""
        return self._by_code.get(code)

    def lookup(self, name: str) -> list[Division]:
        """All divisions with ``name`` as full or short name: full-name matches first, then by level and code.

        Examples:
            >>> [d.name for d in load_gazetteer().lookup("吉林")]
            ['吉林省', '吉林市']
        """
        found = {d.code: d for d in self._full.get(name, ())}
        for d in self._short.get(name, ()):
            found.setdefault(d.code, d)
        full = set(d.code for d in self._full.get(name, ()))
        return sorted(found.values(), key=lambda d: (d.code not in full, REGION_LEVEL_ORDER[d.level], d.code))

    def by_full_name(self, name: str) -> list[Division]:
        """Divisions whose full name is exactly ``name``."""
        return list(self._full.get(name, ()))

    def by_short_name(self, name: str) -> list[Division]:
        """Divisions that have ``name`` among their short forms."""
        return list(self._short.get(name, ()))

    def forms(self) -> list[str]:
        """Every full and short name (each once)."""
        return list(dict.fromkeys([*self._full, *self._short]))

    def parent(self, division: Division) -> Division | None:
        """The division ``division`` belongs to (a province has none)."""
        return self._by_code.get(division.parent_code) if division.parent_code else None

    def ancestors(self, division: Division) -> list[Division]:
        """Parent, grandparent, …, nearest first.

        Examples:
            >>> [d.name for d in load_gazetteer().ancestors(load_gazetteer().get("340828"))]
            ['安庆市', '安徽省']
        """
        out: list[Division] = []
        d = self.parent(division)
        while d is not None and len(out) < 4:
            out.append(d)
            d = self.parent(d)
        return out

    def is_ancestor(self, ancestor: Division, division: Division) -> bool:
        """Whether ``division`` lies inside ``ancestor`` (strictly)."""
        return any(a.code == ancestor.code for a in self.ancestors(division))

    def to_region(self, division: Division, *, candidates: tuple[str, ...] = ()) -> Region:
        """The :class:`Region` of a division; ``parent`` is the canonical name of its parent.

        Examples:
            >>> gaz = load_gazetteer()
            >>> r = gaz.to_region(gaz.get("511900"))
            >>> (r.name, r.level.value, r.code, r.parent, r.candidates)
            ('巴中市', 'city', '511900', '四川省', ())
        """
        parent = self.parent(division)
        return Region(
            name=division.name,
            level=division.level,
            code=division.code,
            parent=parent.name if parent is not None else None,
            candidates=candidates,
        )

    def resolve(self, name: str, *, context: Region | None = None) -> Region | None:
        """The region a name stands for, by the rules of :func:`find_region_mentions`; ``None`` if unknown.

        Examples:
            >>> load_gazetteer().resolve("朝阳区").candidates
            ('110105', '220104')
            >>> beijing = Region(name="北京市", level=RegionLevel.PROVINCE, code="110000")
            >>> load_gazetteer().resolve("朝阳区", context=beijing).code
            '110105'
        """
        full = self._full.get(name, [])
        cands = full or self._short.get(name, [])
        if not cands:
            return None
        chosen = _resolve(self, cands, bare=not full, anchors=(), context=_context_divisions(self, context))
        return _region_of(self, chosen, name)


def parse_gazetteer(text: str) -> Gazetteer:
    """Read the gazetteer's TSV form (``#`` comment lines, a header row, then one division per row).

    Raises:
        ValueError: a row has the wrong number of fields or an unknown level (says which line).
    """
    divisions: list[Division] = []
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            header_seen = True
            if fields[0] == "code":
                continue
        if len(fields) != 5:
            raise ValueError(f"gazetteer.tsv:{lineno}: expected 5 tab-separated fields, got {len(fields)}")
        code, name, level, parent, short = fields
        try:
            lvl = RegionLevel(level)
        except ValueError:
            raise ValueError(f"gazetteer.tsv:{lineno}: unknown level {level!r}") from None
        divisions.append(
            Division(
                code=code,
                name=name,
                level=lvl,
                parent_code=parent or None,
                short=tuple(s for s in short.split("|") if s),
            )
        )
    return Gazetteer(divisions)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer (``policytext/data/gazetteer.tsv``), read once per process."""
    text = resources.files("policytext.data").joinpath("gazetteer.tsv").read_text(encoding="utf-8")
    return parse_gazetteer(text)


# ---- matching ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Matcher:
    automaton: ahocorasick_rs.AhoCorasick
    patterns: tuple[str, ...]
    blockers: frozenset[int]


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    gaz = load_gazetteer()
    forms = gaz.forms()
    patterns = tuple(dict.fromkeys([*forms, *BLOCKERS]))
    known = set(forms)
    blockers = frozenset(i for i, p in enumerate(patterns) if p not in known)
    automaton = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return _Matcher(automaton=automaton, patterns=patterns, blockers=blockers)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    region: Region
    division: Division | None  # the resolved division, None when ambiguous or anonymized


def _context_divisions(gaz: Gazetteer, context: Region | None) -> list[Division]:
    if context is None:
        return []
    if context.code and context.code != NATIONAL_CODE:
        d = gaz.get(context.code)
        return [d] if d is not None else []
    if context.candidates:
        return [d for c in context.candidates if (d := gaz.get(c)) is not None]
    if context.parent:  # an anonymized county with a named parent (甘肃省x县)
        return gaz.by_full_name(context.parent)
    return []


def _related(gaz: Gazetteer, a: Division, b: Division) -> bool:
    return a.code == b.code or gaz.is_ancestor(a, b) or gaz.is_ancestor(b, a)


def _resolve(
    gaz: Gazetteer,
    cands: Sequence[Division],
    *,
    bare: bool,
    anchors: Iterable[Division],
    context: Sequence[Division],
) -> list[Division]:
    """Narrow the readings of one name; the result has one element when the name is resolved."""

    def outermost(divs: list[Division]) -> list[Division]:
        # 长沙 -> 长沙市, not also its 长沙县
        return [d for d in divs if not any(gaz.is_ancestor(o, d) for o in divs if o is not d)]

    out = list(cands)
    if len(out) > 1 and bare:
        # the bare short name of a province is the province (河北, not 天津's 河北区; 海南, 吉林)
        provinces = [d for d in out if d.level is RegionLevel.PROVINCE]
        if len(provinces) == 1:
            return provinces
    if len(out) > 1:
        # an earlier place of the same text that holds exactly one reading (most recent first)
        for anchor in anchors:
            under = outermost([d for d in out if gaz.is_ancestor(anchor, d)])
            if len(under) == 1:
                return under
    if len(out) > 1 and context:
        near = [d for d in out if any(_related(gaz, c, d) for c in context)]
        if near:
            out = near
    if len(out) > 1 and bare:
        # then of a prefecture (西安, 大同, 中山): districts and counties are written with their suffix
        cities = [d for d in out if d.level is RegionLevel.CITY]
        if len(cities) == 1:
            return cities
    return outermost(out) if len(out) > 1 else out


def _region_of(gaz: Gazetteer, chosen: Sequence[Division], written: str) -> Region:
    if len(chosen) == 1:
        return gaz.to_region(chosen[0])
    names = {d.name for d in chosen}
    levels = {d.level for d in chosen}
    parents = {d.parent_code or "" for d in chosen}
    parent = gaz.get(next(iter(parents))) if len(parents) == 1 else None
    return Region(
        name=next(iter(names)) if len(names) == 1 else written,
        level=next(iter(levels)) if len(levels) == 1 else RegionLevel.UNKNOWN,
        parent=parent.name if parent is not None else None,
        candidates=tuple(sorted(d.code for d in chosen)),
    )


def _anonymized(written: str, parent: str | None = None) -> Region:
    m = _ANON_LAST_RE.search(written)
    level = _ANON_LEVEL[m.group(1)] if m else RegionLevel.UNKNOWN
    return Region(name=written, level=level, anonymized=True, parent=parent)


@lru_cache(maxsize=1)
def _crossing_words() -> frozenset[str]:
    """Common two-character words whose second character starts a place name (read once, lazily)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:  # pragma: no cover - jieba is a dependency
        return frozenset()
    path = Path(spec.origin).parent / "dict.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:  # pragma: no cover
        return frozenset()
    forms = set(load_gazetteer().forms())
    firsts = {f[0] for f in forms}
    return frozenset(
        w
        for w, freq in _JIEBA_WORD_RE.findall(text)
        if w[1] in firsts and int(freq) >= _CROSSING_MIN_FREQ and w not in forms
    )


def _crosses_word(text: str, start: int) -> bool:
    """Whether the character before ``start`` and the one at it form a common word (确保|定期 for 保定)."""
    if start == 0:
        return False
    before = text[start - 1]
    if before in _BEFORE_TWO_CHAR or not _CJK_RE.match(before):
        return False
    return text[start - 1 : start + 1] in _crossing_words()


def _stopword_stem(full: Sequence[Division]) -> bool:
    """Whether a full name is an ordinary word plus its suffix (会同县, 和平区, 合作市)."""
    return any(s in BARE_STOPLIST for d in full for s in d.short)


def _two_char_ok(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    return before in _BEFORE_TWO_CHAR or not _CJK_RE.match(before)


def _scan(text: str, context: Region | None) -> list[_Found]:
    gaz = load_gazetteer()
    matcher = _matcher()
    ctx = _context_divisions(gaz, context)
    anon = [(m.start(), m.end()) for m in _ANON_RE.finditer(text)]
    hits: list[tuple[int, int, int]] = []
    k = 0  # both lists are in text order: drop names overlapping a placeholder in one sweep
    for i, s, e in matcher.automaton.find_matches_as_indexes(text):
        while k < len(anon) and anon[k][1] <= s:
            k += 1
        if i not in matcher.blockers and not (k < len(anon) and anon[k][0] < e):
            hits.append((s, e, i))
    hits.extend((a, b, -1) for a, b in anon)
    hits.sort()
    found: list[_Found] = []
    for s, e, idx in hits:
        prev = found[-1] if found and found[-1].end == s else None
        if idx < 0:
            written = text[s:e]
            if prev is not None and prev.division is not None and prev.division.level in _PARENT_LEVELS:
                # 甘肃省x县: one mention, the placeholder county with its named parent
                found[-1] = _Found(prev.start, e, _anonymized(written, prev.division.name), None)
            else:
                found.append(_Found(s, e, _anonymized(written), None))
            continue
        form = matcher.patterns[idx]
        full = gaz.by_full_name(form)
        nxt = text[e : e + 1]
        if full and ((form.endswith("区") and nxt in ("域", "分", "别")) or (form.endswith("市") and nxt == "场")):
            # 振兴区域, 东方市场: the suffix belongs to the next word; read the short form, if there is one
            form, e = form[:-1], e - 1
            full = gaz.by_full_name(form)
            if not full and not gaz.by_short_name(form):
                continue
        cands = full or gaz.by_short_name(form)
        anchor = prev.division if prev is not None else None
        if anchor is not None and anchor.code == NATIONAL_CODE:
            anchor = None
        under = [d for d in cands if anchor is not None and gaz.is_ancestor(anchor, d)]
        gated = (
            form in BARE_STOPLIST
            or (not full and _crosses_word(text, s))
            # 高县 in 提高县级, 会同县 in 组织部会同县纪委: the name must start a word
            or ((len(form) == 2 or _stopword_stem(full)) and bool(full) and not _two_char_ok(text, s))
        )
        if gated and not under:
            continue
        if under:
            cands = under
        earlier = (f.division for f in reversed(found) if f.division is not None)
        chosen = _resolve(gaz, cands, bare=not full, anchors=earlier, context=ctx)
        region = _region_of(gaz, chosen, text[s:e])
        division = chosen[0] if len(chosen) == 1 else None
        if under and prev is not None:
            found[-1] = _Found(prev.start, e, region, division)
        else:
            found.append(_Found(s, e, region, division))
    return found


def find_region_mentions(text: str, *, context: Region | None = None, offset: int = 0) -> list[RegionMention]:
    """Every place named in ``text``, resolved to a region.

    Names that follow their ancestor directly form one mention (``安徽宿州市`` is one mention of 宿州市). An
    ambiguous name keeps all its readings in ``region.candidates`` unless an earlier place of the text or
    ``context`` (the article's region) decides. Redaction placeholders (``x县``, ``x市x县``, ``*县``,
    ``某县``) are anonymized regions named as written; their ``scope`` is left for the caller to set.

    Args:
        text: normalized (simplified) text.
        context: the region of the article the text comes from, used to decide ambiguous names.
        offset: added to every ``start``/``end``, so that a sentence's mentions carry document offsets.

    Examples:
        >>> found = find_region_mentions("选派干部到天津河西区和江苏省南通市海门区挂职")
        >>> [(m.text, m.region.name) for m in found]
        [('天津河西区', '河西区'), ('江苏省南通市海门区', '海门区')]
        >>> find_region_mentions("朝阳区干部")[0].region.candidates
        ('110105', '220104')
        >>> find_region_mentions("落实乡村振兴和平安建设任务")
        []
    """
    return [
        RegionMention(text=text[f.start : f.end], start=f.start + offset, end=f.end + offset, region=f.region)
        for f in _scan(text, context)
    ]


def _subject_starts(sentence: str) -> set[int]:
    """Offsets where the subject of a sentence may begin (after at most two short lead-in clauses)."""
    starts: set[int] = {0}
    pos = _BULLETS_RE.match(sentence).end()  # type: ignore[union-attr]
    for _ in range(3):
        starts.add(pos)
        conn = _CONNECTIVE_RE.match(sentence, pos)
        if conn is not None:
            starts.add(conn.end())
        lead = _LEAD_IN_RE.match(sentence, pos)
        if lead is None:
            break
        pos = lead.end()
    return starts


def leading_regions(sentence: str, *, context: Region | None = None) -> list[RegionMention]:
    """The places a sentence opens with, as roundups name their actors (``内蒙古、吉林等地研究制定…``).

    The first place must start the sentence, possibly after bullets or numbering, a connective (``一是``,
    ``其中``) or up to two short lead-in clauses (``近年来，``, ``2020年，``); places listed after it with
    ``、``, ``和``, ``及``, ``以及``, ``与`` follow. A place named later in the sentence
    (``选派干部到天津河北区挂职``) is not a leading region. Regions are returned once each, in order.

    Examples:
        >>> [m.region.name for m in leading_regions("北京、天津、云南等地对干部的情况说明进行认真审理")]
        ['北京市', '天津市', '云南省']
        >>> leading_regions("选派干部到天津河北区对口挂职")
        []
    """
    mentions = find_region_mentions(sentence, context=context)
    starts = _subject_starts(sentence)
    if not mentions or mentions[0].start not in starts:
        return []
    first = 0
    if (
        len(mentions) > 1
        and mentions[0].region.level is RegionLevel.NATIONAL
        and mentions[1].region.level is not RegionLevel.NATIONAL
        and mentions[1].start in starts
        and not _LIST_SEP_RE.fullmatch(sentence[mentions[0].end : mentions[1].start])
    ):
        # 全国两会召开后，x县…: the national name sits in the lead-in, the actor follows it
        first = 1
    out = [mentions[first]]
    end = mentions[first].end
    for m in mentions[first + 1 :]:
        if not _LIST_SEP_RE.fullmatch(sentence[end : m.start]):
            break
        out.append(m)
        end = m.end
    seen: set[str] = set()
    unique = []
    for m in out:
        if m.region.key not in seen:
            seen.add(m.region.key)
            unique.append(m)
    return unique


def leading_region(sentence: str, *, context: Region | None = None) -> RegionMention | None:
    """The place a sentence opens with (the first of :func:`leading_regions`), or ``None``.

    Examples:
        >>> leading_region("安徽宿州市出台实施办法").region.name
        '宿州市'
        >>> leading_region("近年来，上海浦东新区将工作实绩量化").region.name
        '浦东新区'
        >>> leading_region("新疆和新疆生产建设兵团制定考察办法").region.name
        '新疆维吾尔自治区'
    """
    found = leading_regions(sentence, context=context)
    return found[0] if found else None


def region_from_text(text: str, *, context: Region | None = None) -> Region | None:
    """The region a title, issuing body or sign-off line names, or ``None``.

    The first place of the line is taken, made more specific by the places after it while they lie inside it
    (``湖北：黄冈市…`` gives 黄冈市); a redaction placeholder first is returned as an anonymized region.

    Examples:
        >>> region_from_text("中共安庆市委组织部研究室").name
        '安庆市'
        >>> region_from_text("四川巴中市：用好奖励指挥棒").code
        '511900'
        >>> region_from_text("x市x县营造关心关爱干部良好环境").name
        'x市x县'
        >>> region_from_text("关于进一步激励广大干部担当作为的实施意见") is None
        True
    """
    gaz = load_gazetteer()
    found = _scan(text, context)
    if not found:
        return None
    best = found[0].division
    if best is None or best.code == NATIONAL_CODE:
        return found[0].region
    region = found[0].region
    for f in found[1:]:
        if f.division is not None and gaz.is_ancestor(best, f.division):
            best, region = f.division, f.region
        elif f.region.anonymized and f.region.parent is None and best.level is not RegionLevel.COUNTY:
            # 甘肃：x县… — the placeholder county inside the named province
            return replace(f.region, parent=best.name)
        else:
            break
    return region


def anonymized_region(text: str) -> Region | None:
    """The first redaction placeholder in ``text`` (``x县``, ``x市x县``, ``*县``, ``某县``), or ``None``.

    Examples:
        >>> anonymized_region("今年，x县出台实施意见").name
        'x县'
        >>> anonymized_region("x市x县全面贯彻").level
        <RegionLevel.COUNTY: 'county'>
        >>> anonymized_region("某市场主体") is None
        True
    """
    m = _ANON_RE.search(text)
    return _anonymized(m.group(0)) if m else None
