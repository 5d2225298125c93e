"""Tagging: rule semantics, the classifier, the hybrid, annotations and evaluation."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.errors import AnnotationError
from policytext.evaluate import evaluate_annotations
from policytext.tag import (
    Annotation,
    Method,
    RuleTagger,
    Tagger,
    get_model,
    load_annotations,
    load_model,
    save_model,
    train_model,
)
from policytext.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy("cadre_care")


@pytest.fixture(scope="module")
def annotations():
    return load_annotations(taxonomy=TAXONOMY)


@pytest.fixture(scope="module")
def model(annotations):
    return train_model(annotations, taxonomy=TAXONOMY)


def _terms() -> list[str]:
    terms = [c.term for s in TAXONOMY.iter_subcategories() for c in (*s.cues, *s.exclude) if c.term]
    terms += [c.term for c in TAXONOMY.measure_cues if c.term]
    return sorted(set(terms))


# ---- rules -----------------------------------------------------------------------------------------------------
def test_fast_rules_equal_the_reference_semantics_on_annotations(annotations):
    tagger = RuleTagger(TAXONOMY)
    for a in annotations:
        assert set(tagger.tag(a.text).labels) == {m.id for m in TAXONOMY.match(a.text)}, a.text


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(_terms()) | st.sampled_from(["，", "。", "对", "的", "干部", "每年", "不"]),
        max_size=12,
    )
)
def test_fast_rules_equal_the_reference_semantics_on_cue_soup(parts):
    text = "".join(parts)
    assert set(RuleTagger(TAXONOMY).tag(text).labels) == {m.id for m in TAXONOMY.match(text)}


@pytest.mark.parametrize(
    ("sentence", "category", "subcategory"),
    [
        ("每年组织乡镇干部健康体检一次，体检经费人均800元。", "health", "health.checkup"),
        (
            "制定容错纠错实施办法，落实“三个区分开来”要求。",
            "error_tolerance",
            "error_tolerance.fault_tolerance",
        ),
        (
            "对受到不实举报的干部，及时在一定范围内予以澄清正名。",
            "error_tolerance",
            "error_tolerance.clarification",
        ),
        ("新建乡镇干部周转房120套，实现乡镇干部一人一间。", "life_care", "life_care.housing_living"),
        ("乡镇工作津贴每人每月提高到600元。", "life_care", "life_care.pay_allowance"),
        (
            "每年从乡村振兴一线提拔使用一批优秀年轻干部。",
            "political_incentive",
            "political_incentive.selection_promotion",
        ),
        ("公务员职级晋升向乡镇倾斜。", "political_incentive", "political_incentive.rank_promotion"),
        ("对年度考核优秀的公务员给予嘉奖。", "political_incentive", "political_incentive.commendation_award"),
    ],
)
@pytest.mark.parametrize("method", ["rules", "hybrid"])
def test_domain_reader_categories(sentence, category, subcategory, method, model):
    tagger = Tagger(TAXONOMY, method=method, model=model)
    (tagging,) = tagger.tag([sentence])
    assert tagging.is_measure
    assert category in tagging.categories
    assert subcategory in tagging.subcategories
    assert any(e.startswith(subcategory + ":") for e in tagging.evidence)


@pytest.mark.parametrize(
    "sentence",
    [
        "习近平总书记指出，要关心关爱干部身心健康。",
        "关心关爱干部是加强干部队伍建设的重要内容。",
        "干部干事创业的热情更加高涨。",
    ],
)
def test_rhetoric_is_not_a_measure(sentence, model):
    (tagging,) = Tagger(TAXONOMY, method="hybrid", model=model).tag([sentence])
    assert not tagging.is_measure
    assert tagging.categories == ()


def test_tagger_rejects_a_single_string(model):
    with pytest.raises(TypeError, match="list of sentences"):
        Tagger(TAXONOMY, method="rules").tag("每年组织体检。")


# ---- the classifier --------------------------------------------------------------------------------------------
def test_training_is_deterministic(annotations, model):
    again = train_model(annotations, taxonomy=TAXONOMY)
    texts = [a.text for a in annotations[:50]]
    rules = RuleTagger(TAXONOMY)
    feats = [rules.features(t) for t in texts]
    p1, l1 = model.predict_proba(texts, feats)
    p2, l2 = again.predict_proba(texts, feats)
    assert (p1 == p2).all() and (l1 == l2).all()
    assert model.labels_ == again.labels_


def test_model_round_trip(tmp_path, model):
    path = save_model(model, tmp_path / "m.joblib")
    loaded = load_model(path)
    sentence = ["为乡镇干部购买人身意外保险。"]
    assert Tagger(TAXONOMY, model=loaded).tag(sentence) == Tagger(TAXONOMY, model=model).tag(sentence)


def test_load_model_rejects_foreign_files(tmp_path):
    bad = tmp_path / "not-a-model.joblib"
    bad.write_bytes(b"hello")
    with pytest.raises(Exception, match="not a policytext model"):
        load_model(bad)


def test_model_is_cached_on_disk(tmp_path, monkeypatch, annotations):
    import policytext.tag as tag

    monkeypatch.setenv("POLICYTEXT_CACHE", str(tmp_path))
    monkeypatch.setattr(tag, "_MEMORY", {})
    small = tmp_path / "a.jsonl"
    small.write_text(
        "\n".join(
            json.dumps({"text": a.text, "measure": a.measure, "labels": list(a.labels)}, ensure_ascii=False)
            for a in annotations[:300]
        ),
        encoding="utf-8",
    )
    first = get_model(taxonomy=TAXONOMY, annotations=small)
    cached = list((tmp_path / "models").glob("cadre_care-*.joblib"))
    assert len(cached) == 1
    monkeypatch.setattr(tag, "_MEMORY", {})

    def refuse(*args, **kwargs):
        raise AssertionError("retrained although a cached model exists")

    monkeypatch.setattr(tag, "train_model", refuse)
    second = get_model(taxonomy=TAXONOMY, annotations=small)
    assert second.fingerprint == first.fingerprint


def test_model_trained_for_another_taxonomy_is_refused(model):
    tagger = Tagger("policy_instruments", method="hybrid", model=model)
    with pytest.raises(Exception, match="trained for taxonomy 'cadre_care'"):
        tagger.tag(["每年组织体检。"])


def test_too_few_annotations():
    with pytest.raises(AnnotationError, match="at least 10"):
        train_model([Annotation("每年组织体检。", True, ("health.checkup",))], taxonomy=TAXONOMY)


# ---- annotations -----------------------------------------------------------------------------------------------
def test_builtin_annotations_cover_every_subcategory(annotations):
    for sub in TAXONOMY.iter_subcategories():
        assert sum(sub.qualified_id in a.labels for a in annotations) >= 10, sub.qualified_id
    assert 0.2 < sum(not a.measure for a in annotations) / len(annotations) < 0.6


def test_annotation_errors_name_file_line_and_field(tmp_path):
    f = tmp_path / "mine.jsonl"
    f.write_text('{"text": "每年组织体检。", "measure": true, "labels": ["health.checkup"]}\n{oops\n', encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"mine.jsonl:2: invalid JSON"):
        load_annotations(f)
    f.write_text('{"text": "每年组织体检。", "measure": true, "labels": ["health.check"]}\n', encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"mine.jsonl:1: labels: unknown label 'health.check'"):
        load_annotations(f, taxonomy=TAXONOMY)
    f.write_text('{"text": "", "measure": true}\n', encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"mine.jsonl:1: text"):
        load_annotations(f)


def test_csv_annotations(tmp_path):
    f = tmp_path / "codings.csv"
    f.write_text(
        "text,measure,labels\n每年组织体检。,1,health.checkup\n要关心干部。,0,\n建设周转房并发放津贴。,yes,"
        "life_care.housing_living; life_care.pay_allowance\n",
        encoding="utf-8-sig",
    )
    rows = load_annotations(f, taxonomy=TAXONOMY)
    assert [(a.measure, a.labels) for a in rows] == [
        (True, ("health.checkup",)),
        (False, ()),
        (True, ("life_care.housing_living", "life_care.pay_allowance")),
    ]
    f.write_text("text,measure,labels\n每年组织体检。,maybe,\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"codings.csv:2: measure"):
        load_annotations(f)


# ---- evaluation ------------------------------------------------------------------------------------------------
def test_evaluation_report(annotations):
    subset = [a for a in annotations if a.doc != "extra"][:400]
    report = evaluate_annotations(subset, taxonomy=TAXONOMY, folds=3, methods=[Method.rules, Method.hybrid])
    assert set(report.methods) == {"rules", "hybrid"}
    for m in report.methods.values():
        assert 0.0 <= m.category_micro.f1 <= 1.0
        assert set(m.categories) == {c.id for c in TAXONOMY.categories}
        assert m.measure.support == sum(a.measure for a in subset)
    text = report.to_text()
    assert "hybrid" in text and "health.checkup" in text
    assert json.loads(json.dumps(report.to_dict()))["folds"] == 3


def test_evaluation_needs_enough_groups(annotations):
    with pytest.raises(ValueError, match="document groups"):
        evaluate_annotations(annotations[:12], taxonomy=TAXONOMY, folds=50)
