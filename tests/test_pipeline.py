"""The pipeline end to end: analysis, records, extraction over folders, and the seeds' done-when criteria."""

from __future__ import annotations

from collections import Counter

import _shared
import pytest

import policytext
from policytext.model import RegionLevel, SentenceKind
from policytext.pipeline import (
    RECORD_FIELDS,
    STRUCTURE_FIELDS,
    analyze_files,
    analyze_text,
    extract,
    extract_text,
    structure_records,
    to_frame,
)

SEEDS = _shared.SEEDS
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")


def test_analyze_text_offsets_slice_the_normalized_text():
    doc = analyze_text("△岳西縣：關愛幹部。每年組織體檢一次，人均800元。\n△懷寧縣：容錯糾錯。制定容錯糾錯辦法。")
    assert [a.region.name for a in doc.articles] == ["岳西县", "怀宁县"]
    for _, s in doc.sentences():
        assert doc.text[s.start : s.end] == s.text
        for q in s.quantities:
            assert doc.text[q.start : q.end] == q.text


def test_extract_text_records_have_the_documented_fields():
    records = list(extract_text("每年组织干部健康体检一次，人均800元。要关心干部。", method="rules"))
    assert len(records) == 1
    record = records[0]
    assert tuple(record) == RECORD_FIELDS
    assert record["categories"] == ["health"]
    assert record["quantities"][1] == {
        "value": 800.0,
        "unit": "元/人",
        "qualifier": None,
        "text": "人均800元",
        "redacted": False,
    }
    every = list(extract_text("每年组织干部健康体检一次，人均800元。要关心干部。", method="rules", all_sentences=True))
    assert len(every) == 2 and every[1]["is_measure"] is False


def test_structure_records_fields():
    doc = analyze_text("x县：关爱干部（1）\nx县每年组织体检。\n\nx县：容错纠错（2）\nx县建立容错机制。")
    rows = list(structure_records(doc))
    assert all(tuple(r) == STRUCTURE_FIELDS for r in rows)
    keys = {r["region_key"] for r in rows}
    assert len(keys) == 2, "two x县 in two reports are two regions"


def test_extract_over_a_folder_skips_a_bad_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("岳西县：每年组织干部健康体检一次。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("怀宁县：为乡镇干部建设周转房50套。".encode("gb18030"))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    errors: list[str] = []
    records = list(extract(tmp_path, method="rules", errors=errors))
    assert {r["source"] for r in records} == {"sub/a.txt", "b.txt"}
    assert len(errors) == 1 and errors[0].startswith("broken.pdf")
    assert {r["region"] for r in records} == {"岳西县", "怀宁县"}


def test_parallel_analysis_gives_the_same_result(tmp_path):
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"第{i}县：每年组织干部健康体检{i + 1}次。", encoding="utf-8")
    one = [r.document for r in analyze_files(tmp_path, jobs=1)]
    two = [r.document for r in analyze_files(tmp_path, jobs=2)]
    assert one == two


def test_default_jobs_by_corpus_size(tmp_path, monkeypatch):
    from policytext import pipeline

    monkeypatch.setattr(pipeline.os, "sched_getaffinity", lambda _pid: {0, 1, 2}, raising=False)
    small = []
    for i in range(4):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(b"x" * 1000)
        small.append((path, path.name))
    assert pipeline.default_jobs(small) == 1
    big = [*small[:3], (tmp_path / "big.txt", "big.txt")]
    (tmp_path / "big.txt").write_bytes(b"x" * pipeline.PARALLEL_MIN_BYTES)
    assert pipeline.default_jobs(big) == 3  # the CPUs this process may use
    assert pipeline.default_jobs(big[2:]) == 1  # too few files to share out


def test_to_frame_from_paths_and_records(tmp_path):
    (tmp_path / "a.txt").write_text("为乡镇干部建设周转房60套。", encoding="utf-8")
    frame = to_frame(tmp_path, method="rules")
    assert list(frame.columns) == list(RECORD_FIELDS)
    assert frame.loc[0, "subcategories"] == ["life_care.housing_living"]
    assert to_frame([]).empty


def test_public_api_is_lazy_and_complete():
    for name in policytext.__all__:
        assert getattr(policytext, name) is not None
    with pytest.raises(AttributeError):
        policytext.no_such_thing  # noqa: B018


# ---- the seeds: done-when criteria of the structure and tagging issues ------------------------------------------
@pytest.fixture(scope="module")
def seeds():
    return {r.source: r.document for r in analyze_files(SEEDS)}


def _seed(seeds, prefix):
    return next(doc for source, doc in seeds.items() if source.startswith(prefix))


@needs_seeds
def test_seed_six_reports_are_six_anonymized_counties(seeds):
    doc = _seed(seeds, "000_")
    assert len(doc.articles) == 6
    regions = [a.region for a in doc.articles]
    assert all(r is not None and r.anonymized and r.level is RegionLevel.COUNTY for r in regions)
    assert len({r.key for r in regions}) == 6


@needs_seeds
def test_seed_newsletter_items_and_regions(seeds):
    doc = _seed(seeds, "003_")
    assert [a.region.name for a in doc.articles] == ["怀宁县", "岳西县", "巴中市"]
    assert [a.region.parent for a in doc.articles] == ["安庆市", "安庆市", "四川省"]
    kinds = Counter(s.kind for _, s in doc.sentences())
    assert kinds[SentenceKind.DISTRIBUTION] == 3
    assert kinds[SentenceKind.SIGNOFF] == 2


@needs_seeds
def test_seed_roundup_attributes_sentences_to_the_places_they_name(seeds):
    doc = _seed(seeds, "004_")
    (article,) = doc.articles
    assert article.region.level is RegionLevel.NATIONAL
    named = Counter(s.region.name for s in article.sentences if s.region and s.region.level is not RegionLevel.NATIONAL)
    provinces = {
        name for name in named if name.endswith(("省", "自治区")) or name in ("北京市", "天津市", "上海市", "重庆市")
    }
    assert len(provinces) >= 15
    # a sentence that leads with a city of a province belongs to the city
    lead = next(s for s in article.sentences if s.text.startswith("安徽宿州市"))
    assert lead.region.name == "宿州市" and lead.region.parent == "安徽省"


@needs_seeds
def test_seed_amounts(seeds):
    sentences = [s for doc in seeds.values() for _, s in doc.sentences()]
    tiers = next(s for s in sentences if "乡镇津贴由" in s.text)
    money = [q for q in tiers.quantities if q.unit == "元"]
    assert [q.value for q in money][:4] == [200, 350, 550, 800]
    fund = next(s for s in sentences if "帮扶基金" in s.text and "100万元" in s.text)
    assert any(q.value == 1_000_000 and q.unit.startswith("元") for q in fund.quantities)


@needs_seeds
@pytest.mark.parametrize(
    ("term", "category"),
    [
        ("体检", "health"),
        ("容错纠错", "error_tolerance"),
        ("澄清正名", "error_tolerance"),
        ("周转房", "life_care"),
        ("津贴", "life_care"),
        ("提拔", "political_incentive"),
        ("职级晋升", "political_incentive"),
        ("嘉奖", "political_incentive"),
    ],
)
def test_seed_measures_are_tagged_as_a_domain_reader_would(term, category):
    records = _seed_records()
    with_term = [r for r in records if term in r["text"]]
    assert with_term, term
    agree = sum(category in r["categories"] for r in with_term)
    assert agree / len(with_term) >= 0.8, (
        term,
        [r["text"][:30] for r in with_term if category not in r["categories"]],
    )


_CACHE: dict[str, list[dict]] = {}


def _seed_records() -> list[dict]:
    if "records" not in _CACHE:
        _CACHE["records"] = list(extract(SEEDS))
    return _CACHE["records"]


@needs_seeds
def test_seed_every_article_has_measures():
    records = _seed_records()
    per_article = Counter((r["doc_id"], r["article"]) for r in records)
    analysed = {(r.document.doc_id, a.index) for r in analyze_files(SEEDS) for a in r.document.articles}
    assert analysed <= set(per_article)
    assert all(r["region"] for r in records)
