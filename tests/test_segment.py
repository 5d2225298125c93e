"""Segmentation with a private jieba tokenizer and the domain dictionary."""

from __future__ import annotations

import jieba
import pytest

from policytext.segment import Segmenter, segment_text


@pytest.mark.parametrize(
    "term",
    [
        "容错纠错",
        "周转房",
        "职级晋升",
        "谈心谈话",
        "三个区分开来",
        "五小工程",
        "带薪年休假",
        "澄清正名",
        "提醒卡",
    ],
)
def test_domain_terms_stay_whole(term):
    assert term in segment_text(f"认真落实{term}相关要求")


def test_global_jieba_is_untouched():
    Segmenter().cut("容错纠错")
    # the global dictionary does not know the domain term as a word
    assert "三个区分开来" not in jieba.lcut("落实三个区分开来要求", HMM=False)


def test_user_dictionary(tmp_path):
    d = tmp_path / "mine.txt"
    d.write_text("暖心驿站 1000 n\n", encoding="utf-8")
    assert "暖心驿站" in Segmenter(user_dict=d).cut("建好暖心驿站")
    assert "暖心驿站" not in Segmenter().cut("建好暖心驿站")


def test_offsets():
    text = "建设周转房60套"
    for word, start, end in Segmenter().tokenize(text):
        assert text[start:end] == word
