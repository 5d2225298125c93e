"""Structure: articles, titles, metadata, headings, sentences and offsets (regions and quantities elsewhere)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.model import SentenceKind
from policytext.structure import extract_doc_number, parse_date_line, split_sentences, structure_text

FIXTURES = Path(__file__).parent / "fixtures" / "structure"


def _structure(name: str, **kw):
    text = (FIXTURES / name).read_text(encoding="utf-8").strip()
    return structure_text(text, source=name, regions=False, quantities=False, **kw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("建立制度。发放补贴。", ["建立制度。", "发放补贴。"]),
        ("对A的，予以澄清；对B的，坚决查处。", ["对A的，予以澄清；", "对B的，坚决查处。"]),
        ("他说：“要关心干部。”随后部署。", ["他说：“要关心干部。”", "随后部署。"]),
        ("真的吗？是的！", ["真的吗？", "是的！"]),
        ("没有结尾标点", ["没有结尾标点"]),
        ("出台《办法》。（试行）", ["出台《办法》。", "（试行）"]),
        ("  前后空格。  ", ["前后空格。"]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    parts = split_sentences(text)
    assert [t for _, _, t in parts] == expected
    for start, end, t in parts:
        assert text[start:end] == t


def test_split_sentences_offset():
    parts = split_sentences("甲。乙。", offset=10)
    assert [(s, e) for s, e, _ in parts] == [(10, 12), (12, 14)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("魏字〔2021〕30号", "魏字〔2021〕30号"),
        ("南办发〔2023〕15号", "南办发〔2023〕15号"),
        ("岳办发[2023]12号 关于", "岳办发[2023]12号"),
        ("组通字【2022】8号", "组通字【2022】8号"),
        ("2021年出台了办法", None),
    ],
)
def test_doc_number(text, expected):
    assert extract_doc_number(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2021年5月31日", "2021-05-31"),
        ("2021 年 5 月 31 日", "2021-05-31"),
        ("二〇二三年三月十五日", "2023-03-15"),
        ("2022年12月", "2022-12"),
        ("（2021年7月6日）", "2021-07-06"),
        ("2021年13月1日", None),
        ("2021年5月31日召开会议", None),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("二〇二三年十一月", "2023-11"),
        # malformed numerals are no date (read as the quantities parser reads numerals: not 10 or 20)
        ("二〇二三年二二十月", None),
        ("二〇二三年十二月二十十日", None),
        ("二〇二三年十十月", None),
    ],
)
def test_parse_date_line(line, expected):
    assert parse_date_line(line) == expected


def test_newsletter_items_are_articles():
    doc = _structure("newsletter.txt")
    assert [a.title for a in doc.articles] == [
        "东湖县：建好“暖心驿站” 解决干部后顾之忧",
        "西岭县：用好考核结果 激励担当作为",
        "浙江某市：推行干部容错纠错“正面清单”",
    ]
    first, second, third = doc.articles
    # the masthead is front matter of the first item, never body
    masthead = [s for s in first.sentences if s.start < first.sentences[0].end + 40 and s.kind is SentenceKind.META]
    assert masthead, "masthead lines are kept as meta sentences"
    assert first.date == "2023-04-18"
    assert first.issuer == "东湖县委组织部"  # the sign-off, not the masthead
    assert second.issuer == "西岭县委组织部"
    assert second.date == "2023-04-18"  # inherited from the masthead
    kinds = [s.kind for s in third.sentences]
    assert kinds.count(SentenceKind.DISTRIBUTION) == 3
    body = [s.text for s in first.sentences if s.kind is SentenceKind.BODY]
    assert body[0] == "今年以来，东湖县聚焦乡镇干部急难愁盼问题持续发力。"
    assert all("组织部）" not in t for t in body)


def test_sentence_offsets_slice_the_text():
    for name in ("newsletter.txt", "compilation.txt", "official.txt"):
        doc = _structure(name)
        for _, s in doc.sentences():
            assert doc.text[s.start : s.end] == s.text
        for a in doc.articles:
            for h in a.headings:
                assert doc.text[h.start : h.end] == h.text


def test_compilation_numbered_titles():
    doc = _structure("compilation.txt")
    assert [a.title for a in doc.articles] == [
        "x县：关心关爱乡镇干部 稳住基层队伍",
        "x市x县多措并举激励干部担当作为",
        "用心用情关爱干部",
    ]
    first = doc.articles[0]
    headings = [s.text for s in first.sentences if s.kind is SentenceKind.HEADING]
    assert headings == ["一是改善工作条件。", "二是落实休假制度。"]
    body = [s for s in first.sentences if s.kind is SentenceKind.BODY]
    assert body[-1].heading == ("二是落实休假制度。",)
    second = doc.articles[1]
    last = second.sentences[-1]
    assert last.heading == ("二、坚持容错纠错",)


@pytest.mark.parametrize("numbers", [("（一）", "（二）"), ("(1)", "(2)"), ("（1）", "（2）")])
def test_compilation_numbering_styles(numbers):
    first, second = numbers
    text = f"x县：为基层干部减负松绑{first}\nx县清理规范政务APP。\n\n某县：坚持容错纠错{second}\n某县建立容错纠错机制。"
    doc = structure_text(text, regions=False, quantities=False)
    assert [a.title for a in doc.articles] == ["x县：为基层干部减负松绑", "某县：坚持容错纠错"]


def test_a_heading_numbered_at_the_start_is_not_a_report_title():
    doc = structure_text("一、政治激励\n（一）选拔任用\n每年提拔一批干部。", regions=False, quantities=False)
    assert len(doc.articles) == 1


def test_official_document_metadata_and_headings():
    doc = _structure("official.txt")
    (article,) = doc.articles
    assert article.title == "关于进一步关心关爱基层干部的若干措施"
    assert article.doc_number == "南办发〔2023〕15号"
    assert article.date == "2023-03-15"
    assert article.issuer == "中共南溪县委办公室文件"
    by_text = {s.text: s for s in article.sentences}
    assert by_text["各乡镇党委，县直各单位："].kind is SentenceKind.META
    assert by_text["联系人：王某，电话：1234567"].kind is SentenceKind.CONTACT
    s = by_text["乡镇工作补贴每人每月不低于500元。"]
    assert s.kind is SentenceKind.BODY
    assert s.heading == ("一、提高待遇保障", "（一）落实乡镇工作补贴。")
    s = by_text["1.每年组织干部健康体检一次，体检经费每人每年不低于800元。"]
    assert s.kind is SentenceKind.HEADING
    assert s.heading == ("二、关爱身心健康", "1.每年组织干部健康体检一次，体检经费每人每年不低于800元。")


def test_bold_lead_sentences_are_headings():
    raw = (FIXTURES / "newsletter.txt").read_text(encoding="utf-8").strip()
    # what normalization does with **…**: remove the markers and report the spans
    emphasis, out, pos = [], [], 0
    parts = raw.split("**")
    for k, part in enumerate(parts):
        if k % 2 == 1:
            emphasis.append((pos, pos + len(part)))
        out.append(part)
        pos += len(part)
    doc = structure_text("".join(out), regions=False, quantities=False, emphasis=emphasis)
    first = doc.articles[0]
    heads = [s.text for s in first.sentences if s.kind is SentenceKind.HEADING]
    assert heads == ["改善住宿条件。", "落实体检制度。"]
    body = {s.text: s for s in first.sentences}
    assert body["新建乡镇干部周转房60套，配齐基本生活设施。"].heading == ("改善住宿条件。",)
    assert body["每年安排体检经费人均800元，建立干部健康档案。"].heading == ("落实体检制度。",)


def test_item_bullet_is_not_part_of_the_title_sentence():
    doc = _structure("newsletter.txt")
    title = next(s for s in doc.articles[1].sentences if s.kind is SentenceKind.TITLE)
    assert title.text == "西岭县：用好考核结果 激励担当作为。"
    assert doc.text[title.start : title.end] == title.text


@pytest.mark.parametrize(
    ("line", "date"),
    [("来源：干部工作通讯　发布时间：2023年10月9日", "2023-10-09"), ("发布日期：2022-03-05", "2022-03-05")],
)
def test_web_metadata_lines(line, date):
    doc = structure_text(f"关于关心关爱干部的若干措施\n{line}\n每年组织体检。", regions=False, quantities=False)
    (article,) = doc.articles
    assert article.date == date
    assert article.sentences[1].kind is SentenceKind.META


def test_single_article_without_title():
    doc = structure_text("每年组织体检。落实休假制度。", regions=False, quantities=False)
    (article,) = doc.articles
    assert article.title is None
    assert [s.kind for s in article.sentences] == [SentenceKind.BODY, SentenceKind.BODY]


def test_empty_text():
    doc = structure_text("", regions=False, quantities=False)
    assert len(doc.articles) == 1
    assert doc.articles[0].sentences == ()
