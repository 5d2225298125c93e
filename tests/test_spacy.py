"""The spaCy adapter: entry points, tokenizer, components, and parity with the library path."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest
import spacy

import policytext
from policytext.pipeline import analyze_text, make_tagger, tag_document
from policytext.spacy_components import create_nlp

TEXT = (
    "△岳西县：关爱干部。每年设立100万元帮扶基金，对患重大疾病的干部给予慰问。每年组织体检一次，人均800元。\n"
    "△怀宁县：容错纠错。制定容错纠错实施办法，对受到不实举报的干部及时澄清正名。"
)


def test_entry_points_are_registered():
    factories = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {"policytext_structure", "policytext_tagger"} <= factories
    tokenizers = {ep.name for ep in entry_points(group="spacy_tokenizers")}
    assert "policytext.jieba_tokenizer.v1" in tokenizers


def test_blank_pipeline_from_config_by_name():
    # only names: spaCy finds the tokenizer and the components through the entry points
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "policytext.jieba_tokenizer.v1"}}})
    nlp.add_pipe("policytext_structure")
    doc = nlp(TEXT)
    assert doc.text == TEXT
    assert "容错纠错" in [t.text for t in doc]
    assert [s._.region.name for s in doc.sents if s._.region][:2] == ["岳西县", "岳西县"]
    assert [sp.label_ for sp in doc.spans["articles"]] == ["岳西县：关爱干部", "怀宁县：容错纠错"]
    values = [sp._.quantity.value for sp in doc.spans["quantities"]]
    assert 1_000_000 in values and 800 in values
    for span in doc.spans["quantities"]:
        assert span.text == span._.quantity.text


def test_tokenizer_keeps_whitespace():
    nlp = create_nlp(structure=False)
    text = "一、落实体检制度\n\n每年  组织体检。"
    assert nlp(text).text == text


@pytest.mark.parametrize("method", ["rules", "hybrid"])
def test_spacy_and_library_give_the_same_measures(method):
    nlp = create_nlp(tagger=True, method=method)
    doc = nlp(TEXT)
    spacy_set = {(sp.start_char, sp.end_char, sp.label_) for sp in doc.spans["measures"]}
    structured = analyze_text(TEXT, normalize=False)
    tagger = make_tagger(method=method)
    library_set = {
        (s.start, s.end, label)
        for s, t in tag_document(structured, tagger=tagger)
        if t.is_measure
        for label in (t.subcategories or t.categories)
    }
    assert spacy_set == library_set
    assert spacy_set, "the text holds measures"


def test_tagger_needs_the_structure_component():
    nlp = create_nlp(structure=False)
    nlp.add_pipe("policytext_tagger", config={"method": "rules"})
    with pytest.raises(ValueError, match="policytext_structure"):
        nlp("每年组织体检。")


def test_displacy_renders_measures():
    from spacy import displacy

    doc = create_nlp(tagger=True, method="rules")(TEXT)
    html = displacy.render(doc, style="span", options={"spans_key": "measures"})
    assert "health.checkup" in html


def test_create_nlp_is_public():
    assert policytext.create_nlp is create_nlp
