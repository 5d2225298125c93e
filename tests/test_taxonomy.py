"""Tests for policytext.taxonomy: the built-in taxonomies, the loader and its error messages."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import _shared
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.errors import TaxonomyError
from policytext.taxonomy import (
    Cue,
    Taxonomy,
    check_taxonomy_file,
    find_key_lines,
    format_key_path,
    format_taxonomy,
    list_taxonomies,
    load_taxonomy,
    parse_taxonomy,
    validate_taxonomy_file,
)

FIXTURES = Path(__file__).parent / "fixtures" / "taxonomy"
REPO = Path(__file__).resolve().parent.parent
SEEDS = _shared.SEEDS
BUILTINS = ["cadre_care", "policy_instruments"]


def fired(taxonomy: Taxonomy, text: str) -> set[str]:
    return {m.id for m in taxonomy.match(text)}


# ----------------------------------------------------------------------------------------------------
# built-in taxonomies


def test_list_taxonomies_names_the_builtins() -> None:
    assert list_taxonomies() == BUILTINS


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_loads_and_is_clean(name: str) -> None:
    taxonomy = load_taxonomy(name)
    assert taxonomy.id == name
    assert taxonomy.source == f"builtin:{name}"
    assert taxonomy.schema_version == 1
    assert taxonomy.measure_cues and taxonomy.non_measure_cues
    # no errors and no warnings: every example is tagged with its own subcategory
    assert check_taxonomy_file(REPO / "taxonomies" / f"{name}.toml") == []


def test_default_taxonomy_is_cadre_care() -> None:
    assert load_taxonomy() is load_taxonomy("cadre_care")


@pytest.mark.parametrize("name", BUILTINS)
def test_every_subcategory_has_label_definition_and_five_cues(name: str) -> None:
    for sub in load_taxonomy(name).iter_subcategories():
        assert sub.label.strip() and sub.definition.strip() and sub.label_en.strip(), sub.qualified_id
        assert len(sub.cues) >= 5, f"{sub.qualified_id} has {len(sub.cues)} cues"
        assert sub.examples, sub.qualified_id


CADRE_CARE_STRUCTURE = {
    "political_incentive": (
        "政治激励",
        [
            "selection_promotion",
            "rank_promotion",
            "commendation_award",
            "appraisal",
            "training_secondment",
            "ideological_guidance",
        ],
    ),
    "life_care": (
        "生活关怀",
        [
            "pay_allowance",
            "housing_living",
            "family_support",
            "leave",
            "visits_talks",
            "burden_reduction",
            "cultural_activities",
        ],
    ),
    "health": ("健康关爱", ["checkup", "mental_health", "medical_support"]),
    "error_tolerance": (
        "容错纠错",
        ["fault_tolerance", "clarification", "disciplined_reuse", "error_correction"],
    ),
}


def test_cadre_care_has_the_issue_structure() -> None:
    taxonomy = load_taxonomy("cadre_care")
    assert [c.id for c in taxonomy.categories] == list(CADRE_CARE_STRUCTURE)
    for category in taxonomy.categories:
        label, subs = CADRE_CARE_STRUCTURE[category.id]
        assert category.label == label
        assert [s.id for s in category.subcategories] == subs


def test_policy_instruments_has_supply_demand_environment() -> None:
    taxonomy = load_taxonomy("policy_instruments")
    assert [(c.id, c.label) for c in taxonomy.categories] == [
        ("supply", "供给型"),
        ("demand", "需求型"),
        ("environment", "环境型"),
    ]
    labels = {s.label for s in taxonomy.iter_subcategories()}
    expected = {"资金投入", "人才培养", "基础设施", "公共服务", "政府采购", "服务外包", "示范工程"}
    expected |= {"目标规划", "法规管制", "策略性措施", "金融支持", "税收优惠"}
    assert expected <= labels
    assert taxonomy.references


# The issue's example terms, each tagged with the expected label by the rules on its own.
ISSUE_TERMS = [
    ("体检", "health.checkup"),
    ("容错纠错", "error_tolerance"),
    ("澄清正名", "error_tolerance.clarification"),
    ("周转房", "life_care.housing_living"),
    ("津贴", "life_care.pay_allowance"),
    ("提拔", "political_incentive.selection_promotion"),
    ("职级晋升", "political_incentive.rank_promotion"),
    ("嘉奖", "political_incentive.commendation_award"),
    ("提醒卡", "error_tolerance.error_correction"),
    ("清理APP", "life_care.burden_reduction"),
    ("政务APP", "life_care.burden_reduction"),
    ("工会", "life_care.cultural_activities"),
    ("带薪年休假", "life_care.leave"),
    ("夫妻分居", "life_care.family_support"),
    ("慰问金", "life_care.visits_talks"),
    ("心理疏导", "health.mental_health"),
    ("医疗互助", "health.medical_support"),
    ("受处分干部", "error_tolerance.disciplined_reuse"),
    ("挂职", "political_incentive.training_secondment"),
    ("优秀等次", "political_incentive.appraisal"),
    ("理想信念教育", "political_incentive.ideological_guidance"),
]


@pytest.mark.parametrize(("term", "label"), ISSUE_TERMS)
def test_issue_term_is_tagged_with_expected_label(term: str, label: str) -> None:
    assert label in fired(load_taxonomy("cadre_care"), term)


# Made-up phrases where a short cue sits inside something else: (text, must fire, must not fire).
FALSE_FRIENDS = [
    ("这次培训机会不容错过", "political_incentive.training_secondment", "error_tolerance.fault_tolerance"),
    ("组织干部参加心理健康培训", "health.mental_health", "political_incentive.training_secondment"),
    ("为无房干部发放公租房补贴", "life_care.housing_living", "life_care.pay_allowance"),
    ("对未休年休假的干部发放未休假补贴", "life_care.leave", "life_care.pay_allowance"),
    ("在春节等节假日期间走访慰问困难干部", "life_care.visits_talks", "life_care.leave"),
    ("县委中心理论学习组开展专题学习", "political_incentive.ideological_guidance", "health.mental_health"),
    ("干部体检后对异常指标进行风险提醒", "health.checkup", "error_tolerance.error_correction"),
    (
        "受诫勉影响期满的干部按程序推荐使用",
        "error_tolerance.disciplined_reuse",
        "error_tolerance.error_correction",
    ),
    ("将乡镇厨师工资纳入财政预算", "life_care.housing_living", "life_care.pay_allowance"),
    ("按规定为干部缴存住房公积金", "life_care.pay_allowance", "life_care.housing_living"),
    ("开展诫勉谈话", "error_tolerance.error_correction", "life_care.visits_talks"),
    (
        "组织干部参加体育锻炼和健身活动",
        "life_care.cultural_activities",
        "political_incentive.training_secondment",
    ),
    ("为干部开通就医绿色通道", "health.medical_support", "political_incentive.appraisal"),
    ("减少对乡镇的督查检查考核", "life_care.burden_reduction", "political_incentive.appraisal"),
    (
        "组织青年干部参加羽毛球选拔赛",
        "life_care.cultural_activities",
        "political_incentive.selection_promotion",
    ),
    ("组织生活困难党员参加疗养", "life_care.leave", "political_incentive.ideological_guidance"),
    (
        "对被问责干部安排帮带责任人",
        "error_tolerance.disciplined_reuse",
        "political_incentive.training_secondment",
    ),
    ("召开全体职工会议部署春节慰问", "life_care.visits_talks", "life_care.cultural_activities"),
    ("在通报表扬先进集体的同时记功", "political_incentive.commendation_award", "life_care.burden_reduction"),
    ("要做好干部待遇保障工作", "life_care.pay_allowance", "political_incentive.commendation_award"),
    ("资金着重用于乡镇干部周转房", "life_care.housing_living", "political_incentive.selection_promotion"),
    ("深入基层走访调研干部住房情况", "life_care.housing_living", "life_care.visits_talks"),
    ("新录用公务员须参加录用体检", None, "health.checkup"),
    ("过新年假期", None, "life_care.leave"),
]


@pytest.mark.parametrize(("text", "expected", "not_expected"), FALSE_FRIENDS)
def test_false_friend_does_not_fire(text: str, expected: str | None, not_expected: str) -> None:
    labels = fired(load_taxonomy("cadre_care"), text)
    assert not_expected not in labels
    if expected is not None:
        assert expected in labels


def test_generic_genre_words_tag_nothing() -> None:
    taxonomy = load_taxonomy("cadre_care")
    assert fired(taxonomy, "关心关爱干部，激励干部担当作为，干事创业") == set()


def test_weak_cue_needs_company() -> None:
    taxonomy = load_taxonomy("cadre_care")
    assert "political_incentive.training_secondment" not in fired(taxonomy, "选派干部")
    assert "political_incentive.training_secondment" in fired(taxonomy, "选派干部驻村")


def test_match_reports_score_and_evidence() -> None:
    taxonomy = load_taxonomy("cadre_care")
    (match,) = [m for m in taxonomy.match("发放体检卡，组织体检") if m.subcategory == "checkup"]
    assert match.category == "health"
    assert match.score == 3.0  # 体检 (1.0) once, however often, plus the 体检卡 pattern (2.0)
    assert "体检" in match.evidence


def test_category_exclusion_vetoes_subcategories() -> None:
    text = """
schema_version = 1
id = "veto"
title = "否决"
description = "Category-level exclusion."
[categories.health]
label = "健康关爱"
definition = "Health."
exclude = ["体检中心"]
[categories.health.subcategories.checkup]
label = "健康体检"
definition = "Check-ups."
cues = ["体检"]
"""
    taxonomy = parse_taxonomy(text)
    assert fired(taxonomy, "组织体检") == {"health.checkup"}
    assert fired(taxonomy, "建设体检中心") == set()


# ----------------------------------------------------------------------------------------------------
# lookups and display


def test_lookups() -> None:
    taxonomy = load_taxonomy("cadre_care")
    assert taxonomy.subcategory("checkup") is taxonomy.subcategory("health.checkup")
    assert taxonomy.subcategory("checkup").qualified_id == "health.checkup"
    assert taxonomy.category("health").label == "健康关爱"
    assert taxonomy.label("leave") == "休假"
    assert taxonomy.label("error_tolerance") == "容错纠错"
    assert len(list(taxonomy.iter_subcategories())) == 20
    with pytest.raises(KeyError, match=re.escape("no subcategory 'life_care.checkup'")):
        taxonomy.subcategory("life_care.checkup")
    with pytest.raises(KeyError, match="no category 'wellbeing'; categories: political_incentive"):
        taxonomy.category("wellbeing")


def test_format_taxonomy_lists_every_subcategory() -> None:
    taxonomy = load_taxonomy("cadre_care")
    outline = format_taxonomy(taxonomy)
    for sub in taxonomy.iter_subcategories():
        assert f"{sub.qualified_id}  {sub.label}" in outline
    detail = format_taxonomy(taxonomy, cues=True, only="fault_tolerance")
    assert detail.splitlines()[0].startswith("error_tolerance.fault_tolerance  容错免责")
    assert "/(?<!不)容错(?!过)/" in detail and "三个区分开来×2" in detail
    assert "leave" not in format_taxonomy(taxonomy, only="health")


@pytest.mark.parametrize("name", BUILTINS)
def test_to_dict_is_json_and_complete(name: str) -> None:
    taxonomy = load_taxonomy(name)
    data = json.loads(json.dumps(taxonomy.to_dict(), ensure_ascii=False))
    subs = [s for c in data["categories"].values() for s in c["subcategories"].values()]
    assert len(subs) == taxonomy.summary()["subcategories"]
    assert sum(len(s["cues"]) for s in subs) == sum(len(s.cues) for s in taxonomy.iter_subcategories())


def test_summary_counts() -> None:
    summary = load_taxonomy("cadre_care").summary()
    assert summary["categories"] == 4 and summary["subcategories"] == 20
    assert summary["cues"] > 500


# ----------------------------------------------------------------------------------------------------
# user taxonomies and errors


def test_user_taxonomy_from_tmp_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    shutil.copy(FIXTURES / "valid_minimal.toml", path)
    taxonomy = load_taxonomy(path)
    assert taxonomy.id == "pilot_health" and taxonomy.source == str(path)
    assert load_taxonomy(str(path)) is taxonomy  # cached
    assert validate_taxonomy_file(path) == taxonomy
    assert fired(taxonomy, "发放体检卡") == {"health.checkup"}
    # per-subcategory threshold 2.0: 压力 (1.0) alone is not enough, 心理疏导 (2.0) is
    assert fired(taxonomy, "工作压力大") == set()
    assert fired(taxonomy, "开展心理疏导") == {"health.counselling"}
    assert fired(taxonomy, "关注身心健康") == {"health"}
    # an edited file is reloaded
    path.write_text(path.read_text(encoding="utf-8").replace("心理疏导", "心理辅导"), encoding="utf-8")
    assert load_taxonomy(path).subcategory("counselling").label == "心理辅导"


def test_user_taxonomy_name_without_extension_is_a_path(tmp_path: Path, monkeypatch: Any) -> None:
    shutil.copy(FIXTURES / "valid_minimal.toml", tmp_path / "pilot")
    monkeypatch.chdir(tmp_path)
    assert load_taxonomy("pilot").id == "pilot_health"


def test_parse_taxonomy_from_string() -> None:
    taxonomy = parse_taxonomy((FIXTURES / "valid_minimal.toml").read_text(encoding="utf-8"), source="mem")
    assert taxonomy.source == "mem"
    assert taxonomy.subcategory("checkup").threshold == 1.0
    assert taxonomy.subcategory("counselling").threshold == 2.0


def test_unknown_name_lists_the_builtins() -> None:
    with pytest.raises(
        TaxonomyError,
        match=r"unknown taxonomy 'wellbeing'; built-in taxonomies: cadre_care, policy_instruments",
    ):
        load_taxonomy("wellbeing")


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(TaxonomyError, match=re.escape(f"{missing}: no such taxonomy file")):
        load_taxonomy(missing)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('id = "x"\ntitle = "健康体检"\n'.encode("gb18030"))
    with pytest.raises(TaxonomyError, match=re.escape(f"{path}:2: not UTF-8 text")):
        validate_taxonomy_file(path)


MALFORMED = [
    ("invalid_toml.toml", 3, "", "invalid TOML: Expected '=' after a key"),
    (
        "unknown_key.toml",
        11,
        "categories.health.subcategories.checkup.lable",
        "unknown key in subcategory; did you mean 'label'?",
    ),
    (
        "missing_definition.toml",
        10,
        "categories.health.subcategories.checkup.definition",
        "missing required key 'definition'",
    ),
    (
        "cues_not_list.toml",
        13,
        "categories.health.subcategories.checkup.cues",
        "expected a non-empty list of strings or {term|pattern, weight} tables, got a string '体检'",
    ),
    (
        "bad_regex.toml",
        16,
        "categories.health.subcategories.checkup.cues[2].pattern",
        "invalid regular expression: missing \\)",
    ),
    (
        "bad_weight.toml",
        13,
        "categories.health.subcategories.checkup.cues[1].weight",
        "expected a positive number, got a number -1",
    ),
    (
        "weight_string.toml",
        13,
        "categories.health.subcategories.checkup.cues[1].weight",
        "expected a positive number, got a string '2' \\(write weight = 2, without quotes\\)",
    ),
    (
        "duplicate_id.toml",
        19,
        "categories.life_care.subcategories.checkup",
        "duplicate id 'checkup': also used at categories.health.subcategories.checkup \\(line 10\\)",
    ),
    (
        "empty_pattern.toml",
        13,
        "categories.health.subcategories.checkup.cues[1].pattern",
        "matches the empty string",
    ),
    (
        "traditional_term.toml",
        13,
        "categories.health.subcategories.checkup.cues[0]",
        "traditional characters.*write '体检'",
    ),
    (
        "term_and_pattern.toml",
        13,
        "categories.health.subcategories.checkup.cues[0]",
        "exactly one of 'term' or 'pattern'",
    ),
    ("schema_version_2.toml", 1, "schema_version", "unsupported schema_version 2"),
    ("category_without_cues.toml", 6, "categories.health", "needs subcategories or its own cues"),
    ("bad_id.toml", 6, "categories.Health-Care", "invalid category id 'Health-Care'"),
    (
        "duplicate_cue.toml",
        13,
        "categories.health.subcategories.checkup.cues[2]",
        "duplicate term '体检' \\(also cues\\[0\\]\\)",
    ),
    (
        "duplicate_cue.toml",
        14,
        "categories.health.subcategories.checkup.exclude[0]",
        "both a cue and an exclusion cue",
    ),
]


@pytest.mark.parametrize(("fixture", "line", "key_path", "message"), MALFORMED)
def test_malformed_file_names_file_line_and_field(fixture: str, line: int, key_path: str, message: str) -> None:
    path = FIXTURES / fixture
    # file, line and key path are anchored; the message may say more before the part checked here
    where = re.escape(f"{path}:{line}: ") + (re.escape(f"{key_path}: ") if key_path else "") + ".*"
    with pytest.raises(TaxonomyError, match=where + message):
        validate_taxonomy_file(path)
    with pytest.raises(TaxonomyError, match=where + message):
        load_taxonomy(path)


def test_all_problems_reported_at_once_in_line_order() -> None:
    path = FIXTURES / "many_problems.toml"
    with pytest.raises(TaxonomyError) as info:
        validate_taxonomy_file(path)
    lines = str(info.value).splitlines()
    assert lines == [
        f"{path}:1: description: missing required key 'description' (a non-empty string)",
        f"{path}:5: categories.health.definition: missing required key 'definition' (a non-empty string)",
        f"{path}:11: categories.health.subcategories.checkup.cues[1].pattern: invalid regular expression: "
        "unterminated character set at position 0",
        f"{path}:12: categories.health.subcategories.checkup.exlude: unknown key in subcategory; "
        "did you mean 'exclude'?",
    ]


def test_warnings_do_not_stop_loading() -> None:
    path = FIXTURES / "example_not_tagged.toml"
    problems = check_taxonomy_file(path)
    assert [p.severity for p in problems] == ["warning", "warning"]
    assert "weight has no effect on an exclusion cue" in problems[0].message
    assert str(problems[1]).startswith(f"{path}:15: warning: categories.health.subcategories.checkup.examples[0]: ")
    assert "its cues score 0 < threshold 1" in problems[1].message
    assert validate_taxonomy_file(path).id == "example_warning"


def test_malformed_fixtures_are_small() -> None:
    for path in FIXTURES.glob("*.toml"):
        assert path.stat().st_size <= 2048, path.name


def test_cue_constructor_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="exactly one of term= or pattern="):
        Cue(term="体检", pattern="体检")
    with pytest.raises(ValueError, match="positive number"):
        Cue(term="体检", weight=0)
    cue = Cue(pattern="体检(卡|费)", weight=2.0)
    assert cue.compiled is not None and cue.kind == "pattern"
    assert cue.spans("发放体检卡和体检费") == [(2, 5), (6, 9)]
    assert Cue(term="慰问").to_toml_value() == "慰问"
    assert Cue(term="慰问金", weight=2.0).to_toml_value() == {"term": "慰问金", "weight": 2.0}


def test_schema_md_examples_are_valid() -> None:
    """The TOML shown in taxonomies/SCHEMA.md loads (the docs cannot drift from the loader)."""
    schema = (REPO / "taxonomies" / "SCHEMA.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", schema, flags=re.S)
    assert len(blocks) == 2
    minimal = parse_taxonomy(blocks[0], source="SCHEMA.md")
    assert fired(minimal, minimal.subcategory("checkup").examples[0]) == {"health.checkup"}
    assert fired(minimal, "建设体检中心建设") == set()
    header = blocks[0].split("cues = ")[0]
    cues = parse_taxonomy(header + blocks[1], source="SCHEMA.md").subcategory("checkup").cues
    assert [c.text for c in cues] == ["体检", "健康体检", "体检(经费|费|卡)", "(?<!不)容错(?!过)"]
    assert cues[3].note == "not 不容错过"


# ----------------------------------------------------------------------------------------------------
# locating key paths in TOML source


LOCATE = [
    ('a = 1\nb = "x"\n', ("b",), 2),
    ("[t]\nk = 1\n", ("t",), 1),
    ("[t]\nk = 1\n", ("t", "k"), 2),
    ("[ t . u ]\n\nk = 1\n", ("t", "u", "k"), 3),
    ('["带 空格"]\nk = 1\n', ("带 空格", "k"), 2),
    ("[t]\n'lit.key' = 1\n", ("t", "lit.key"), 2),
    ("[t]\nx.y.z = 1\n", ("t", "x", "y", "z"), 2),
    ("[t]\nx.y.z = 1\n", ("t", "x"), 2),
    ("[a.b.c]\nk = 1\n", ("a",), 1),  # implicit table: line of its first mention
    ('k = [\n  "a",\n  # "b",\n  "c",\n]\n', ("k", 1), 4),
    ('k = ["a", "b"]\n', ("k", 1), 1),
    ('k = [\n  { term = "x" },\n\n  { term = "y", weight = 2.0 },\n]\n', ("k", 1, "weight"), 4),
    ("k = [[1, 2], [\n3]]\nz = 1\n", ("k", 1, 0), 2),
    ("k = [[1, 2], [\n3]]\nz = 1\n", ("z",), 3),
    ('s = """\n[not.a.table]\n"""\nk = 1\n', ("k",), 4),
    ("s = '''\nx = [\n'''\nk = 1\n", ("k",), 4),
    ('s = "a \\" [b] # c"\nk = 1 # [x]\nm = 2\n', ("m",), 3),
    ("[[arr]]\nk = 1\n[[arr]]\nk = 2\n", ("arr", 1, "k"), 4),
    ("[[arr]]\nk = 1\n[[arr]]\nk = 2\n", ("arr", 0), 1),
    ("d = 1979-05-27 07:32:00Z\nk = 1\n", ("k",), 2),
    ('k = "\\u4f53\\u68c0"\n"\\u4f53" = 1\n', ("体",), 2),
]


@pytest.mark.parametrize(("source", "path", "line"), LOCATE)
def test_find_key_lines(source: str, path: tuple[str | int, ...], line: int) -> None:
    tomllib.loads(source)  # the cases are valid TOML
    assert find_key_lines(source)[path] == line


def _key_paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            paths += _key_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths += _key_paths(item, (*prefix, index))
    return paths


@pytest.mark.parametrize("name", BUILTINS)
def test_find_key_lines_locates_every_key_of_the_builtins(name: str) -> None:
    source = (REPO / "taxonomies" / f"{name}.toml").read_text(encoding="utf-8")
    lines = find_key_lines(source)
    text_lines = source.splitlines()
    for path in _key_paths(tomllib.loads(source)):
        assert path in lines, path
        last = path[-1]
        if isinstance(last, str) and not (len(path) > 1 and isinstance(path[-2], int)):
            # a key of a table is written on its own line (or in its table header)
            assert last in text_lines[lines[path] - 1], (path, lines[path])


def test_format_key_path() -> None:
    assert format_key_path(("categories", "health", "cues", 2, "pattern")) == "categories.health.cues[2].pattern"
    assert format_key_path(("a b", 0)) == '"a b"[0]'


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_find_key_lines_and_match_never_crash(text: str) -> None:
    find_key_lines(text)
    load_taxonomy("cadre_care").match(text)


# ----------------------------------------------------------------------------------------------------
# the real documents (optional)


def _seed_text() -> str:
    opencc = pytest.importorskip("opencc")
    converter = opencc.OpenCC("t2s")
    texts = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = converter.convert(path.read_text(encoding="utf-8", errors="replace"))
        texts.append(re.sub(r"\([a-z]+\)", "", text))  # one seed carries pinyin after each character
    return "\n".join(texts)


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")


@pytest.mark.seeds
@needs_seeds
def test_every_cadre_care_subcategory_is_attested_in_the_seeds() -> None:
    taxonomy = load_taxonomy("cadre_care")
    seen: set[str] = set()
    for sentence in re.split(r"(?<=[。；！？\n])", _seed_text()):
        seen |= fired(taxonomy, sentence)
    missing = [s.qualified_id for s in taxonomy.iter_subcategories() if s.qualified_id not in seen]
    assert missing == []


@pytest.mark.seeds
@needs_seeds
@pytest.mark.parametrize("name", BUILTINS)
def test_examples_are_not_copied_from_the_seeds(name: str) -> None:
    text = _seed_text()
    for sub in load_taxonomy(name).iter_subcategories():
        for example in sub.examples:
            windows = {example[i : i + 10] for i in range(len(example) - 9)}
            copied = [w for w in windows if w in text]
            assert not copied, (sub.qualified_id, example, copied)
