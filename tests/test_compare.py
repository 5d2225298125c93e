"""Tests for policytext.compare (tables over records), the quantity types and export.read_records."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import _shared
import pytest

from policytext.compare import (
    TABLES,
    Comparison,
    compare_regions,
    load_corpus,
    load_quantity_types,
    match_quantity_types,
    parse_quantity_types,
    quantity_kind,
    split_clauses,
    write_comparison,
)
from policytext.errors import InputError, TaxonomyError
from policytext.export import parse_quantity, read_records, write_records
from policytext.quantities import extract_quantities
from policytext.taxonomy import load_taxonomy

SEEDS = _shared.SEEDS
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")


def rec(
    text: str,
    *,
    doc: str = "a",
    article: int = 0,
    index: int = 0,
    region: str | None = "金寨县",
    key: str | None = None,
    level: str = "county",
    anonymized: bool = False,
    cats: tuple[str, ...] = (),
    subs: tuple[str, ...] = (),
    measure: bool = True,
    kind: str = "body",
) -> dict[str, Any]:
    """A record as extract writes it; quantities are read from the text by the real quantity extractor."""
    if key is None and region is not None:
        key = f"{region}@{doc}#{article}" if anonymized else region
    return {
        "id": f"{doc}#{article}.{index}",
        "doc_id": doc,
        "source": f"{doc}.txt",
        "article": article,
        "region": region,
        "region_key": key,
        "region_level": level if region else None,
        "region_anonymized": anonymized,
        "text": text,
        "categories": list(cats),
        "subcategories": list(subs),
        "is_measure": measure,
        "kind": kind,
        "quantities": [q.to_dict() for q in extract_quantities(text)],
    }


@pytest.fixture(scope="module")
def small() -> list[dict[str, Any]]:
    return [
        rec(
            "乡镇干部健康体检每年1次，体检经费每人每年不低于800元。",
            index=1,
            cats=("health",),
            subs=("health.checkup",),
        ),
        rec(
            "对年度考核优秀的公务员给予嘉奖，一次性发放奖金每人1500元。",
            index=2,
            cats=("political_incentive",),
            subs=("political_incentive.commendation_award",),
        ),
        rec("深入学习贯彻党的二十大精神。", index=3, measure=False),
        rec(
            "乡镇干部体检标准为人均x元。",
            doc="b",
            region="x县",
            anonymized=True,
            cats=("health",),
            subs=("health.checkup",),
        ),
        rec(
            "为乡镇干部建设周转房x套。",
            doc="b",
            article=1,
            region="x县",
            anonymized=True,
            cats=("life_care",),
            subs=("life_care.housing_living",),
        ),
        rec(
            "建立容错纠错机制。",
            doc="b",
            article=1,
            index=1,
            region="x县",
            anonymized=True,
            cats=("error_tolerance",),
        ),
        rec(
            "每年设立100万元关心关爱干部帮扶基金。",
            doc="c",
            region="岳西县",
            cats=("life_care",),
            subs=("life_care.visits_talks",),
        ),
    ]


@pytest.fixture(scope="module")
def comparison(small: list[dict[str, Any]]) -> Comparison:
    return compare_regions(small)


# ---- coverage ----------------------------------------------------------------------------------------------
def test_coverage_has_one_row_per_region_with_counts(comparison: Comparison) -> None:
    cov = comparison.coverage
    assert list(cov.columns[:4]) == ["region", "region_level", "documents", "measures"]
    assert list(cov.columns[4:]) == [c.id for c in load_taxonomy("cadre_care").categories]
    assert cov.loc["金寨县", "measures"] == 2  # the non-measure record is not counted
    assert cov.loc["金寨县", ["health", "political_incentive", "life_care"]].tolist() == [1, 1, 0]
    assert cov.loc["岳西县", "life_care"] == 1
    assert cov["documents"].tolist() == [1, 1, 1, 1]


def test_anonymized_regions_stay_apart_per_article(comparison: Comparison) -> None:
    cov = comparison.coverage
    rows = cov[cov["region"].str.startswith("x县")]
    assert rows["region"].tolist() == ["x县 (b #0)", "x县 (b #1)"]
    assert rows["measures"].tolist() == [1, 2]
    assert list(rows.index) == ["x县@b#0", "x县@b#1"]


def test_subcategory_level_keeps_unrefined_measures_in_the_category_column(
    small: list[dict[str, Any]],
) -> None:
    c = compare_regions(small, level="subcategory")
    assert "health.checkup" in c.coverage.columns
    assert c.coverage.loc["x县@b#1", "error_tolerance"] == 1  # tagged with the category alone
    assert c.coverage.loc["x县@b#1", "life_care.housing_living"] == 1
    assert c.column_label("error_tolerance") == "容错纠错（其他） error_tolerance"
    assert c.tables()["coverage"].columns[4] == "选拔任用 political_incentive.selection_promotion"


@pytest.mark.parametrize(
    ("by", "keys", "first"),
    [("document", ["a", "b", "c"], "document"), ("article", ["a#0", "b#0", "b#1", "c#0"], "document")],
)
def test_coverage_by_document_or_article(small: list[dict[str, Any]], by: str, keys: list[str], first: str) -> None:
    c = compare_regions(small, by=by)
    assert list(c.coverage.index) == keys
    assert c.coverage.columns[0] == first
    assert c.coverage["measures"].sum() == 6


def test_records_without_measures_give_empty_tables() -> None:
    c = compare_regions([rec("这是一段描述。", measure=False)])
    assert c.coverage.empty and c.provisions.empty and c.quantities.empty and c.similarity.empty
    assert set(c.tables()) == set(TABLES)


def test_compare_rejects_a_path() -> None:
    with pytest.raises(TypeError, match="read_records"):
        compare_regions("out/measures.jsonl")  # type: ignore[arg-type]


# ---- provisions --------------------------------------------------------------------------------------------
def test_provisions_cells_hold_record_ids_and_short_texts(comparison: Comparison) -> None:
    prov = comparison.provisions.set_index("subcategory")
    assert list(prov.columns[:1]) == ["label"]
    cell = prov.loc["health.checkup", "金寨县"]
    assert cell.startswith("a#0.1: 乡镇干部健康体检每年1次")
    assert prov.loc["health.checkup", "x县 (b #0)"].startswith("b#0.0: ")
    assert prov.loc["error_tolerance", "label"] == "容错纠错（其他）"
    assert prov.loc["error_tolerance", "x县 (b #1)"].startswith("b#1.1: 建立容错纠错机制")
    assert prov.loc["health.checkup", "岳西县"] == ""


def test_provision_cells_are_shortened() -> None:
    long = "对在乡镇工作满十年的干部" * 10 + "，每年组织健康体检。"
    c = compare_regions([rec(long, cats=("health",), subs=("health.checkup",))])
    cell = c.provisions.loc[0, "金寨县"]
    assert cell.endswith("…") and len(cell) < 80


# ---- quantities --------------------------------------------------------------------------------------------
def test_quantities_rows_per_type_and_region(comparison: Comparison) -> None:
    q = comparison.quantities.set_index(["type", "region"])
    assert q.loc[("checkup_funding", "金寨县"), "amounts"] == ["800 元/人/年 (at_least)"]
    assert q.loc[("checkup_funding", "x县 (b #0)"), "amounts"] == ["x 元/人 (redacted)"]
    assert q.loc[("checkup_frequency", "金寨县"), "values"] == [1.0]
    assert q.loc[("award_bonus", "金寨县"), "details"] == ["嘉奖"]
    assert q.loc[("help_fund", "岳西县"), "values"] == [1_000_000.0]
    assert q.loc[("help_fund", "岳西县"), "records"] == ["c#0.0"]
    assert q.loc[("housing_units", "x县 (b #1)"), "texts"] == ["x套"]
    items = comparison.quantity_items
    assert set(items.columns) >= {
        "type",
        "value",
        "unit",
        "qualifier",
        "redacted",
        "amount",
        "text",
        "record",
    }
    assert items.loc[items["type"] == "help_fund", "sentence"].tolist() == ["每年设立100万元关心关爱干部帮扶基金。"]


def typed(sentence: str) -> list[tuple[str, float | None, str | None]]:
    qs = [q.to_dict() for q in extract_quantities(sentence)]
    return [
        (m.type.id, m.quantity["value"], m.facet) for m in match_quantity_types(sentence, qs, load_quantity_types())
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # tiers written after the cue, in the next clause (lookback 1)
        (
            "乡镇津贴由每人每月300元的基础标准，分别提高到一类乡镇450元、二类乡镇600元。",
            [
                ("township_allowance", 300.0, None),
                ("township_allowance", 450.0, "一类乡镇"),
                ("township_allowance", 600.0, "二类乡镇"),
            ],
        ),
        # the grade named in an earlier clause is the facet of the bonus
        ("连续三年优秀的，记三等功，一次性发放奖金每人3000元。", [("award_bonus", 3000.0, "三等功")]),
        # a single grant from a fund is not the fund's size (min)
        ("从帮扶基金中给予最高5万元救助。", [("medical_mutual_aid", 50000.0, None)]),
        (
            "设立关爱基层干部专项资金150万元，对患重大疾病的干部给予最高3万元救助。",
            [("help_fund", 1_500_000.0, None), ("medical_mutual_aid", 30000.0, None)],
        ),
        # a county's total is not a per-person allowance (max)
        ("县财政落实乡镇津贴660万元。", []),
        # units decide between types sharing a cue
        (
            "每年组织干部健康体检1次，标准为人均600元。",
            [("checkup_frequency", 1.0, None), ("checkup_funding", 600.0, None)],
        ),
        # a clause about another provision stops the look back
        (
            "体检经费人均500元，每年选派10名干部挂职锻炼。",
            [("checkup_funding", 500.0, None), ("secondment_count", 10.0, None)],
        ),
        (
            "因工作需要不能安排年休假的，按日工资收入的300%支付未休假报酬。",
            [("unused_leave_pay", 300.0, None)],
        ),
        ("为乡镇干部建设周转房320套。", [("housing_units", 320.0, None)]),
        ("每年提拔的科级干部中，来自基层一线的比例不低于70%。", [("promotion_share", 70.0, None)]),
        ("全县共有干部3200名。", []),
    ],
)
def test_quantity_types_on_sentences(sentence: str, expected: list[tuple[str, float | None, str | None]]) -> None:
    assert typed(sentence) == expected


def test_repeated_quantity_texts_are_located_in_turn() -> None:
    sentence = "体检费用由人均x元，提高到人均x元。"
    qs = [q.to_dict() for q in extract_quantities(sentence)]
    matches = match_quantity_types(sentence, qs, load_quantity_types())
    assert [(m.start, m.end) for m in matches] == [(5, 9), (13, 17)]


def test_split_clauses_and_kinds() -> None:
    s = "一是住有所居；二是食有所安，三是行有所便"
    assert [s[a:b] for a, b in split_clauses(s)] == ["一是住有所居；", "二是食有所安，", "三是行有所便"]
    assert [quantity_kind(u) for u in ("元", "次/2年", "工作日", "岁")] == [
        "money",
        "count",
        "duration",
        "duration",
    ]


def test_builtin_quantity_types_are_valid() -> None:
    types = load_quantity_types("cadre_care")
    assert len(types.types) >= 15
    taxonomy = load_taxonomy(types.taxonomy or "cadre_care")
    for t in types.types:
        assert t.label and t.definition and t.cues
        if t.subcategory:
            taxonomy.subcategory(t.subcategory)


QT_HEAD = 'schema_version = 1\nid = "t"\ntitle = "示例"\ndescription = "test"\ntaxonomy = "cadre_care"\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[types.a]\nlabel = "x"\ndefinition = "d"\ncues = ["体检"]\nkinds = ["mony"]\n',
            r"t\.toml:11: types\.a\.kinds\[0\]: unknown kind 'mony'",
        ),
        (
            '[types.a]\nlabel = "x"\ndefinition = "d"\ncues = ["体检"]\nmin = 10\nmax = 5\n',
            r"t\.toml:11: types\.a\.min: min 10 is larger than max 5",
        ),
        (
            '[types.a]\nlabel = "x"\ndefinition = "d"\ncues = [{ pattern = "体检(" }]\n',
            r"t\.toml:10: types\.a\.cues\[0\]\.pattern: invalid regular expression",
        ),
        (
            '[types.a]\nlable = "x"\ndefinition = "d"\ncues = ["体检"]\n',
            r"t\.toml:8: types\.a\.lable: unknown key in quantity type; did you mean 'label'\?",
        ),
        (
            '[types.a]\nlabel = "x"\ndefinition = "d"\ncues = ["体检"]\nsubcategory = "health.funds"\n',
            r"t\.toml:11: types\.a\.subcategory: cadre_care has no subcategory 'health\.funds'",
        ),
        (
            '[types.A]\nlabel = "x"\ndefinition = "d"\n',
            r"invalid type id 'A'.*\n.*types\.A\.cues: missing required key",
        ),
        (
            '[types.a]\nlabel = "x"\ndefinition = "d"\ncues = ["体检"]\nmax = "5"\n',
            r"types\.a\.max: expected a number, got '5'",
        ),
        (  # (a quantity type is matched, not scored: no weights)
            '[types.a]\nlabel = "x"\ndefinition = "d"\ncues = [{ term = "体检", weight = 2 }]\n',
            r"t\.toml:10: types\.a\.cues\[0\]\.weight: unknown key in cue; allowed keys: term, pattern, note",
        ),
        (
            '[types.a]\nlabel = "x"\ndefinition = "d"\ncues = ["体检", "體檢"]\n',
            r"types\.a\.cues\[1\]: term '體檢' contains traditional characters",
        ),
        (
            '[types.a]\nlabel = "x"\ndefinition = "d"\ncues = ["体检", "体检"]\n',
            r"types\.a\.cues\[1\]: duplicate term '体检'",
        ),
    ],
)
def test_quantity_types_errors_name_file_line_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(QT_HEAD + "\n" + body, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message):
        load_quantity_types(str(path))


def test_unknown_builtin_quantity_types() -> None:
    with pytest.raises(TaxonomyError, match="no built-in quantity types 'nope'; built-in: cadre_care"):
        load_quantity_types("nope")
    with pytest.raises(TaxonomyError, match="invalid TOML"):
        parse_quantity_types("schema_version = ")


# ---- similarity and reuse ----------------------------------------------------------------------------------
def test_similarity_is_symmetric_with_unit_diagonal(comparison: Comparison) -> None:
    sim = comparison.similarity.to_numpy()
    assert sim.shape == (4, 4)
    assert (sim == sim.T).all()
    assert [sim[i, i] for i in range(4)] == [1.0] * 4
    assert ((sim >= 0) & (sim <= 1)).all()
    pairs = comparison.similarity_pairs
    assert len(pairs) == 6 and pairs["similarity"].is_monotonic_decreasing


def test_identical_provision_texts_are_most_similar() -> None:
    text = "乡镇干部健康体检每年1次，体检经费每人每年不低于800元。"
    records = [
        rec(text, region="金寨县", cats=("health",)),
        rec(text, doc="b", region="霍山县", cats=("health",)),
        rec("建立容错纠错机制，为担当者担当。", doc="c", region="岳西县", cats=("error_tolerance",)),
    ]
    pairs = compare_regions(records).similarity_pairs
    assert pairs.loc[0, ["a", "b"]].tolist() == ["金寨县", "霍山县"]
    assert pairs.loc[0, "similarity"] == pytest.approx(1.0)


SHARED = "对夫妻双方均在偏远乡镇工作满八年的干部，优先调整到离家较近的乡镇"


@pytest.fixture(scope="module")
def reuse_records() -> list[dict[str, Any]]:
    filler = [
        "建立健全谈心谈话制度，县级领导定期联系基层。",
        "组织开展文体活动，丰富干部业余生活。",
        "完善考核办法，突出实绩导向。",
    ]
    records = []
    for d, region in enumerate(["金寨县", "霍山县", "舒城县", "岳西县", "潜山市"]):
        doc = f"d{d}"
        for i, text in enumerate(filler):
            records.append(rec(f"{region}{text}", doc=doc, index=i, region=region, cats=("life_care",)))
        # everybody's stock phrase: boilerplate by spread
        records.append(
            rec(
                "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神。",
                doc=doc,
                index=10,
                region=region,
                measure=False,
            )
        )
    # the planted passage: two documents, different amounts (digits are compared as equal)
    records.append(rec(f"三是{SHARED}，每年安排疗养5天。", doc="d0", index=20, region="金寨县", cats=("life_care",)))
    records.append(rec(f"{SHARED}工作，每年安排疗养7天。", doc="d3", index=20, region="岳西县", cats=("life_care",)))
    # the same passage twice within one source is not reuse
    records.append(rec(f"再次强调：{SHARED}。", doc="d0", index=21, region="金寨县", cats=("life_care",)))
    return records


def test_reuse_finds_a_planted_passage_and_ignores_boilerplate(reuse_records: list[dict[str, Any]]) -> None:
    reuse = compare_regions(reuse_records).reuse
    planted = reuse[reuse["passage"].str.contains("偏远乡镇工作满八年")]
    assert set(zip(planted["document_a"], planted["document_b"], strict=True)) == {("d0", "d3")}
    assert planted.iloc[0]["passage"].startswith(SHARED)
    assert planted.iloc[0]["region_a"] == "金寨县" and planted.iloc[0]["region_b"] == "岳西县"
    assert {"d0#0.20", "d0#0.21"} >= set(planted["record_a"]) and set(planted["record_b"]) == {"d3#0.20"}
    assert not reuse["passage"].str.contains("习近平").any()
    assert not reuse["passage"].str.contains("建立健全谈心谈话制度").any()  # in every source: boilerplate
    assert (reuse["length"] >= 12).all()
    assert reuse.equals(compare_regions(reuse_records).reuse)  # deterministic


def test_reuse_of_stock_phrases_only_is_boilerplate() -> None:
    phrase = "以习近平新时代中国特色社会主义思想为指导"
    records = [
        rec(f"{phrase}，做好工作。", doc="a", region="金寨县"),
        rec(f"要{phrase}。", doc="b", region="霍山县"),
    ]
    assert compare_regions(records).reuse.empty
    assert not compare_regions(records, boilerplate=()).reuse.empty


# ---- outputs -----------------------------------------------------------------------------------------------
def test_to_dict_keeps_ids_and_labels(comparison: Comparison) -> None:
    data = json.loads(comparison.to_json())
    assert data["labels"]["health"] == "健康关爱"
    row = next(r for r in data["coverage"] if r["key"] == "x县@b#1")
    assert row["region"] == "x县 (b #1)" and row["counts"]["error_tolerance"] == 1
    first = data["provisions"][0]
    assert first == {
        "subcategory": "health.checkup",
        "key": "金寨县",
        "region": "金寨县",
        "id": "a#0.1",
        "text": "乡镇干部健康体检每年1次，体检经费每人每年不低于800元。",
    }
    assert data["similarity"]["matrix"][0][0] == 1.0
    assert any(q["type"] == "help_fund" and q["values"] == [1_000_000.0] for q in data["quantities"])


def test_write_comparison_formats(comparison: Comparison, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    [xlsx] = write_comparison(comparison, tmp_path / "c.xlsx")
    book = load_workbook(xlsx)
    assert book.sheetnames == list(TABLES)
    assert all(ws.freeze_panes == "A2" for ws in book.worksheets)
    assert book["coverage"]["E1"].value == "政治激励 political_incentive"
    md = tmp_path / "c.md"
    write_comparison(comparison, md)
    text = md.read_text(encoding="utf-8")
    assert "## coverage" in text and "| x县 (b #0) |" in text
    written = write_comparison(comparison, tmp_path / "c.csv")
    assert [p.name for p in written] == [f"c.{name}.csv" for name in TABLES]
    assert written[0].read_bytes().startswith(b"\xef\xbb\xbf")
    data = json.loads((write_comparison(comparison, tmp_path / "c.json")[0]).read_text(encoding="utf-8"))
    assert data["by"] == "region"
    with pytest.raises(ValueError, match="xlsx output needs a file"):
        write_comparison(comparison, format="xlsx")


# ---- read_records ------------------------------------------------------------------------------------------
TEXT = """关于关心关爱基层干部的若干措施
△岳西县：落实关爱举措
每年设立100万元关心关爱干部帮扶基金，对患重大疾病的干部给予帮扶。
乡镇工作补贴由每人每月300元分别提高到一类乡镇450元、二类乡镇600元，比例不少于六分之一。
△x县：强化健康保障
乡镇干部健康体检每年1次，体检经费人均x元。
"""


@pytest.fixture(scope="module")
def extracted() -> list[dict[str, Any]]:
    from policytext.pipeline import extract_text

    return list(extract_text(TEXT, source="yx.txt", method="rules", all_sentences=True))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx", "parquet"])
def test_read_records_round_trips(extracted: list[dict[str, Any]], tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"m.{fmt}"
    write_records(extracted, path, format=fmt)
    back = read_records(path)
    assert back == extracted
    assert any(q["value"] == pytest.approx(100 / 6) for r in back for q in r["quantities"])


def test_read_records_recovers_what_it_can(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "doc_id,text,quantities,is_measure\na,句子,800 元/人/年 (at_least); x 元 (redacted),True\n",
        encoding="utf-8",
    )
    [row] = read_records(path)
    assert row["quantities"] == [
        {"value": 800.0, "unit": "元/人/年", "qualifier": "at_least", "text": None, "redacted": False},
        {"value": None, "unit": "元", "qualifier": None, "text": None, "redacted": True},
    ]
    assert row["is_measure"] is True
    assert parse_quantity("1.5 倍 (approx+increase)")["qualifier"] == "approx+increase"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.csv", "a,b\n1,2\n", "not an extract output: no column doc_id, text"),
        ("x.txt", "hello", "expected .jsonl, .csv, .xlsx or .parquet"),
        ("x.jsonl", '{"doc_id": "a", "text": "t"}\nnot json\n', r"x\.jsonl:2: not JSON"),
        ("x.xlsx", "not a zip", "cannot read the records"),
    ],
)
def test_read_records_errors(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_records(path)
    with pytest.raises(InputError, match="no such file"):
        read_records(tmp_path / "missing.jsonl")


def test_compare_from_read_records_equals_compare_from_records(extracted: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    write_records(extracted, path, format="csv")
    a, b = compare_regions(extracted), compare_regions(read_records(path))
    assert a.to_json() == b.to_json()


# ---- the seeds ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds() -> Comparison:
    corpus = load_corpus(SEEDS, method="rules")
    assert not corpus.failed
    return compare_regions(corpus.records)


@needs_seeds
@pytest.mark.seeds
def test_seeds_coverage_has_a_row_per_region(seeds: Comparison) -> None:
    corpus = load_corpus(SEEDS, method="rules")
    keys = {r["region_key"] or "(unknown region)" for r in corpus.records if r["is_measure"]}
    assert set(seeds.coverage.index) == keys
    assert seeds.coverage["region"].is_unique
    # the file of six anonymized county reports: six rows, one per article
    anonymized = [k for k in seeds.coverage.index if "@" in k]
    by_doc: dict[str, set[str]] = {}
    for k in anonymized:
        by_doc.setdefault(k.split("@", 1)[1].rsplit("#", 1)[0], set()).add(k)
    assert max(len(v) for v in by_doc.values()) == 6


@needs_seeds
@pytest.mark.seeds
def test_seeds_quantities_show_allowance_tiers_and_help_fund(seeds: Comparison) -> None:
    q = seeds.quantities
    allowance = q[q["type"] == "township_allowance"]
    tiers = [set(v) for v in allowance["values"]]
    assert any({200.0, 350.0, 550.0, 800.0} <= t for t in tiers)
    county = allowance[[{200.0, 350.0, 550.0, 800.0} <= t for t in tiers]].iloc[0]["region"]
    assert county.startswith("某县 (")  # the anonymized county that sets them
    fund = q[(q["type"] == "help_fund") & (q["region"] == "岳西县")]
    assert fund.iloc[0]["values"] == [1_000_000.0]
    assert all(not math.isnan(v) for v in fund.iloc[0]["values"])


def test_schema_md_example_of_quantity_types_loads() -> None:
    """The quantity-types TOML shown in taxonomies/SCHEMA.md loads (the docs cannot drift from the loader)."""
    import re

    schema = (Path(__file__).resolve().parents[1] / "taxonomies" / "SCHEMA.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```toml quantity-types\n(.*?)```", schema, flags=re.S)
    types = parse_quantity_types(block, source="SCHEMA.md")
    assert [t.id for t in types.types] == ["checkup_funding", "help_fund"]
    assert typed_with(types, "每年设立100万元关心关爱干部帮扶基金。") == [("help_fund", 1_000_000.0)]
    assert typed_with(types, "从帮扶基金中给予5万元救助。") == []  # below min


def typed_with(types: Any, sentence: str) -> list[tuple[str, float | None]]:
    qs = [q.to_dict() for q in extract_quantities(sentence)]
    return [(m.type.id, m.quantity["value"]) for m in match_quantity_types(sentence, qs, types)]


# ---- the command line (runs once the `compare` command is part of policytext.cli) --------------------------
def cli_command(name: str) -> Any:
    from policytext.cli import app

    for command in app.registered_commands:
        if (command.name or getattr(command.callback, "__name__", "")) == name:
            return app
    pytest.skip(f"`policytext {name}` is not registered in policytext.cli yet")


CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "documents"


def test_cli_compare_equals_the_library(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    app = cli_command("compare")
    runner = CliRunner()
    measures = tmp_path / "m.jsonl"
    write_records(compare_input(), measures)
    result = runner.invoke(app, ["compare", str(measures), "--format", "json"])
    assert result.exit_code == 0, result.output
    library = compare_regions(read_records(measures)).to_json() + "\n"
    assert result.stdout == library
    result = runner.invoke(
        app,
        [
            "compare",
            str(CORPUS / "12_compilation_anon.txt"),
            "--method",
            "rules",
            "-o",
            str(tmp_path / "c.xlsx"),
            "--heatmap",
            str(tmp_path / "h.svg"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.xlsx").is_file() and (tmp_path / "h.svg").read_text(encoding="utf-8").count("<svg") == 1
    assert runner.invoke(app, ["compare", str(CORPUS), "--format", "xlsx"]).exit_code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["compare", str(bad), str(measures)])
    assert result.exit_code == 1 and "not an extract output" in result.stderr


def compare_input() -> list[dict[str, Any]]:
    from policytext.pipeline import extract_text

    return list(extract_text(TEXT, source="yx.txt", method="rules"))
