"""Tests for policytext.read: encodings, formats, errors and folder expansion.

DOCX and PDF inputs are generated into memory with python-docx and reportlab (its built-in STSong-Light CID
font needs no font file); text fixtures are in ``tests/fixtures/read``.
"""

from __future__ import annotations

import codecs
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import _shared
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policytext.errors import InputError
from policytext.model import Document
from policytext.read import SUPPORTED_SUFFIXES, decode_text, find_documents, read_bytes, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "read"
SEEDS = _shared.SEEDS
NOT_DECODED = r"cannot decode as UTF-8, GB18030 or Big5; re-save it as UTF-8 or pass --encoding"

SIMPLIFIED = "关于进一步关心关爱基层干部的若干措施\n一、落实带薪休假制度，每年安排一次健康体检。\n"
TRADITIONAL = "關於進一步關心關愛基層幹部的若干措施\n一、落實帶薪休假制度，每年安排一次健康體檢。\n"


# ------------------------------------------------------------------------------------------------------------
# encodings


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        pytest.param(SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + SIMPLIFIED.encode(), SIMPLIFIED, "utf-8-sig", id="utf-8-bom"),
        pytest.param(SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "utf-16", id="utf-16-native-bom"),
        pytest.param(codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16", id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, "utf-16", id="utf-16-be-bom"),
        pytest.param(SIMPLIFIED.encode("utf-32"), SIMPLIFIED, "utf-32", id="utf-32-bom"),
        pytest.param(SIMPLIFIED.encode("gb2312"), SIMPLIFIED, "gb18030", id="gb2312"),
        pytest.param(SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030", id="gbk"),
        pytest.param(TRADITIONAL.encode("gbk"), TRADITIONAL, "gb18030", id="gbk-traditional"),
        pytest.param(TRADITIONAL.encode("big5"), TRADITIONAL, "big5", id="big5"),
        # characters GB18030 writes in four bytes: CJK extension A and B (names), the euro sign
        pytest.param(
            "王𠮷同志领取补贴€800元，䶮字与㐀字".encode("gb18030"),
            "王𠮷同志领取补贴€800元，䶮字与㐀字",
            "gb18030",
            id="gb18030-four-byte",
        ),
        pytest.param("每人每年補助€100元".encode("cp950"), "每人每年補助€100元", "cp950", id="cp950-euro"),
        pytest.param(b"Annual leave: 5 days\n", "Annual leave: 5 days\n", "utf-8", id="ascii"),
        # GB18030 reads these bytes as 茅 and 猫, which plausibility prefers to Latin letters
        pytest.param("Café crème brûlée".encode(), "Café crème brûlée", "utf-8", id="utf-8-latin-letters"),
        # and these GB18030 bytes are valid UTF-8 (Hebrew and combining marks), which must not count as UTF-8
        pytest.param("同志同志".encode("gbk"), "同志同志", "gb18030", id="gbk-valid-as-utf-8"),
    ],
)
def test_decode_text_detects_the_encoding(data: bytes, text: str, encoding: str) -> None:
    assert decode_text(data) == (text, encoding)


# Short snippets (4-10 characters), each in GB18030 (simplified) and Big5 (traditional): where GBK bytes also
# decode as Big5 and the other way round, plausibility must pick the right reading.
SNIPPETS = [
    ("干部体检", "幹部體檢"),
    ("带薪休假", "帶薪休假"),
    ("谈心谈话", "談心談話"),
    ("关心关爱干部", "關心關愛幹部"),
    ("容错纠错机制", "容錯糾錯機制"),
    ("职级晋升通道", "職級晉升通道"),
    ("困难干部帮扶", "困難幹部幫扶"),
    ("走访慰问家属", "走訪慰問家屬"),
    ("每年体检一次", "每年體檢一次"),
    ("落实乡镇工作补贴", "落實鄉鎮工作補貼"),
    ("健全激励保障机制", "健全激勵保障機制"),
    ("关于进一步激励干部担当", "關於進一步激勵幹部擔當"),
]


@pytest.mark.parametrize(("simplified", "traditional"), SNIPPETS, ids=[s for s, _ in SNIPPETS])
def test_short_snippets(simplified: str, traditional: str) -> None:
    assert decode_text(simplified.encode("gbk")) == (simplified, "gb18030")
    assert decode_text(traditional.encode("big5")) == (traditional, "big5")
    assert decode_text(simplified.encode("utf-8")) == (simplified, "utf-8")


# Snippets with digits, spaces and dots, where the wrong reading turns the few Chinese characters into kana or
# circled numbers that plausibility alone does not score
@pytest.mark.parametrize(
    ("text", "codec", "found"),
    [
        ("5 月 31 日", "big5", "big5"),
        ("每月 500 元", "big5", "big5"),
        ("情...", "gbk", "gb18030"),
        ("情况......2", "gbk", "gb18030"),
    ],
)
def test_short_snippets_with_digits(text: str, codec: str, found: str) -> None:
    assert decode_text(text.encode(codec)) == (text, found)


def test_gbk_bytes_that_also_decode_as_big5_are_read_as_gbk() -> None:
    data = "干部体检".encode("gbk")
    assert data.decode("big5") != "干部体检"  # the trap: a strict Big5 decode succeeds
    assert decode_text(data) == ("干部体检", "gb18030")


def test_big5_bytes_that_also_decode_as_gbk_are_read_as_big5() -> None:
    data = "帶薪休假制度".encode("big5")
    assert data.decode("gb18030") != "帶薪休假制度"
    assert decode_text(data) == ("帶薪休假制度", "big5")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("干部关爱措施清单\n1. 走访慰问困难干部家庭\n", "utf-16-le"),  # ASCII: NUL bytes
        ("干部关爱措施清单\n1. 走访慰问困难干部家庭\n", "utf-16-be"),
        ("关于进一步关心关爱基层干部的若干措施，落实带薪休假制度", "utf-16-le"),  # no NUL byte at all
        ("关于进一步关心关爱基层干部的若干措施，落实带薪休假制度", "utf-16-be"),
        ("落实带薪休假制度", "utf-16-le"),  # too short for chardet, which names no encoding
        ("落实带薪休假制度", "utf-16-be"),
    ],
)
def test_utf16_without_bom(text: str, codec: str) -> None:
    assert decode_text(text.encode(codec)) == (text, codec)


def test_empty_bytes_decode_to_empty_text() -> None:
    assert decode_text(b"") == ("", "utf-8")


@pytest.mark.parametrize(
    "data",
    [
        b"\x80\x81\xff\xfe\x80",  # invalid lead bytes everywhere
        b"\x80abc\xff",
        bytes([0x81, 0x20, 0xFF, 0x20]) * 3,  # GB lead byte followed by space: never a character
    ],
)
def test_undecodable_bytes(data: bytes) -> None:
    with pytest.raises(InputError, match=rf"^notice\.txt: {NOT_DECODED}$"):
        decode_text(data, name="notice.txt")
    with pytest.raises(InputError, match=rf"^notice\.txt: {NOT_DECODED}$"):
        read_bytes(data, name="notice.txt")


def test_encoding_override_is_used() -> None:
    data = "干部体检".encode("gbk")  # decodes strictly as Big5 too; detection says GBK
    assert decode_text(data, encoding="big5") == (data.decode("big5"), "big5")
    assert read_bytes(data, name="a.txt", encoding="big5").encoding == "big5"
    assert decode_text(data, encoding="GBK") == ("干部体检", "gbk")


def test_encoding_override_strips_a_bom() -> None:
    assert decode_text(codecs.BOM_UTF8 + "关爱".encode(), encoding="utf-8") == ("关爱", "utf-8")


def test_encoding_override_that_fails_is_an_input_error() -> None:
    data = "关爱干部".encode()
    with pytest.raises(InputError, match=r"^a\.txt: cannot decode as big5 \(byte 0xe5 at offset 0\); .*--encoding"):
        read_bytes(data, name="a.txt", encoding="big5")


def test_unknown_encoding_name() -> None:
    with pytest.raises(InputError, match=r"^a\.txt: unknown encoding 'klingon'; use a name such as utf-8"):
        read_bytes(b"abc", name="a.txt", encoding="klingon")


# ------------------------------------------------------------------------------------------------------------
# text fixtures through the file system


@pytest.mark.parametrize(
    ("name", "encoding", "first_line"),
    [
        ("notice_gbk.txt", "gb18030", "关于进一步关心关爱基层干部的通知"),
        ("notice_big5.txt", "big5", "關於進一步關心關愛基層幹部的通知"),
        ("notice_utf16.txt", "utf-16", "干部关爱措施清单"),
        ("notes.md", "utf-8", "# 工作要点"),
    ],
)
def test_read_text_fixtures(name: str, encoding: str, first_line: str) -> None:
    doc = read_document(FIXTURES / name)
    assert doc.encoding == encoding
    assert doc.text.splitlines()[0] == first_line
    assert doc.source == name
    assert doc.path == str((FIXTURES / name).absolute())
    assert doc.format == Path(name).suffix[1:]
    assert "\r" not in doc.text


def test_crlf_becomes_lf_and_blank_lines_stay() -> None:
    doc = read_document(FIXTURES / "notice_gbk.txt")
    assert doc.text.startswith("关于进一步关心关爱基层干部的通知\n\n各乡镇党委：\n一、")


def test_markdown_keeps_its_markup() -> None:
    assert read_document(FIXTURES / "notes.md").text == "# 工作要点\n\n- **健康关爱**：每年体检\n- 谈心谈话\n"


def test_source_override_and_suffix_case(tmp_path: Path) -> None:
    path = tmp_path / "NOTICE.TXT"
    path.write_bytes("关心干部".encode("gbk"))
    doc = read_document(path, source="county/NOTICE.TXT")
    assert (doc.source, doc.format, doc.text) == ("county/NOTICE.TXT", "txt", "关心干部")


# ------------------------------------------------------------------------------------------------------------
# HTML


def test_html_fixture() -> None:
    doc = read_document(FIXTURES / "page_gbk.html")
    assert doc.encoding == "gb18030"  # declared gb2312, decoded with its superset
    assert doc.title == "关于关心关爱干部的若干措施_某县人民政府"
    assert doc.text == (
        "**一、健康关爱。**每年组织干部体检一次。\n"
        "\n"
        "**二、待遇保障。**落实乡镇工作补贴，按月发放。\n"
        "项目\t标准\n"
        "体检\t每人每年800元"
    )


def html(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("<p>关心</p><script>var a = '脚本';</script><p>干部</p>", "关心\n干部", id="script"),
        pytest.param("<style>p { color: red }</style><p>关爱</p>", "关爱", id="style"),
        pytest.param("<noscript>请启用脚本</noscript><p>关爱</p>", "关爱", id="noscript"),
        pytest.param("<nav>首页 新闻</nav><p>正文</p>", "正文", id="nav"),
        pytest.param("<header>网站名称</header><p>正文</p><footer>版权所有</footer>", "正文", id="header-footer"),
        pytest.param("<aside>相关阅读</aside><form>搜索</form><p>正文</p>", "正文", id="aside-form"),
        pytest.param("<p>参<ruby>加<rp>(</rp><rt>jiā</rt><rp>)</rp></ruby>培训</p>", "参加培训", id="ruby"),
        pytest.param("<p><b>一是</b>强化激励。</p>", "**一是**强化激励。", id="b"),
        pytest.param("<p><strong>二是</strong>关心健康。</p>", "**二是**关心健康。", id="strong"),
        pytest.param("<p><span style='font-weight: bold'>三是</span>减负。</p>", "**三是**减负。", id="css-bold"),
        pytest.param("<p><b>关心</b><b>干部</b></p>", "**关心干部**", id="adjacent-bold-merged"),
        pytest.param("<p><b> 一、总体要求 </b>正文</p>", "**一、总体要求** 正文", id="bold-spaces-outside"),
        pytest.param("<p><b> </b>正文</p>", "正文", id="empty-bold-dropped"),
        pytest.param("<p><b>甲<br>乙</b></p>", "**甲**\n**乙**", id="bold-across-br"),
        pytest.param("<p>第一段</p><p>&nbsp;</p><p>第二段</p>", "第一段\n\n第二段", id="blank-paragraph"),
        pytest.param("<p>第一段</p><p>第二段</p>", "第一段\n第二段", id="paragraphs"),
        pytest.param("<div>甲<br>乙<br><br>丙</div>", "甲\n乙\n\n丙", id="br"),
        pytest.param("<ul><li>一是</li><li>二是</li></ul><h2>标题</h2>", "一是\n二是\n标题", id="li-h2"),
        pytest.param("<p>关心\n  干部 APP\n 使用</p>", "关心干部 APP 使用", id="source-line-breaks"),
        pytest.param("<table><tr><th>项目</th><td><p>标准</p></td></tr></table>", "项目\t标准", id="table"),
        pytest.param(
            "<div class='main-nav'>首页</div><div id='share-box'>分享到</div><p>正文内容</p>",
            "正文内容",
            id="class-nav-share",
        ),
        pytest.param(
            "<div class='sidebar'>热点</div><div class='comment-list'>评论</div><p>正文内容</p>",
            "正文内容",
            id="class-sidebar-comment",
        ),
        pytest.param(
            "<div class='menu'>栏目</div><div class='crumbs'>首页&gt;</div><p>正文</p>",
            "正文",
            id="class-menu-crumbs",
        ),
        pytest.param("<p>可见</p><div style='display:none'>隐藏</div><p hidden>也隐藏</p>", "可见", id="hidden"),
        pytest.param("<p>关心<!-- 注释 -->干部</p>", "关心干部", id="comment"),
        pytest.param(
            "<article><header><h1>标题</h1></header><p>正文</p></article>",
            "标题\n正文",
            id="article-header-kept",
        ),
        pytest.param(
            "<div class='top'>首页 机构 新闻 公开</div><div id='zoom'><p>正文第一段，关心关爱干部。</p>"
            "<p>正文第二段，落实带薪休假。</p></div><div>相关链接</div>",
            "正文第一段，关心关爱干部。\n正文第二段，落实带薪休假。",
            id="main-container",
        ),
        pytest.param(
            "<article><p>短</p></article><p>正文第一段，关心关爱干部。</p><p>正文第二段。</p>",
            "短\n正文第一段，关心关爱干部。\n正文第二段。",
            id="small-container-ignored",
        ),
        pytest.param("<pre>第一行  保留\n第二行</pre>", "第一行  保留\n第二行", id="pre"),
    ],
)
def test_html_extraction(body: str, expected: str) -> None:
    assert read_bytes(html(body), name="page.html").text == expected


def test_html_title() -> None:
    doc = read_bytes(html("<p>正文</p>", head="<title>\n  关于关心干部\n 的通知 </title>"), name="a.htm")
    assert (doc.title, doc.format, doc.text) == ("关于关心干部 的通知", "html", "正文")


def test_html_without_title() -> None:
    assert read_bytes(html("<p>正文</p>"), name="a.html").title is None


def test_html_charset_hint_decides_what_bytes_cannot() -> None:
    page = "<meta charset=gbk><p>干部体检</p>".encode("gbk")
    assert read_bytes(page, name="a.html").encoding == "gb18030"
    page = "<meta charset=big5><p>帶薪休假</p>".encode("big5")
    assert read_bytes(page, name="a.html").text == "帶薪休假"


def test_html_charset_hint_decides_a_near_tie() -> None:
    # 爱基 in GBK is 乾價 in Big5, and both readings are about as plausible
    data = "爱基".encode("gbk")
    assert data.decode("big5") == "乾價"
    assert read_bytes(b"<meta charset=big5><p>" + data, name="a.html").text == "乾價"
    assert read_bytes(b"<meta charset=gbk><p>" + data, name="a.html").text == "爱基"


def test_html_charset_hint_loses_to_bytes() -> None:
    # declared GB2312 but saved as UTF-8: the bytes win
    page = '<meta charset="gb2312"><p>关于进一步关心关爱干部</p>'.encode()
    doc = read_bytes(page, name="a.html")
    assert (doc.encoding, doc.text) == ("utf-8", "关于进一步关心关爱干部")
    # declared Big5 but GBK bytes that are not Big5
    page = '<meta charset="big5"><p>关心关爱干部</p>'.encode("gbk")
    doc = read_bytes(page, name="a.html")
    assert (doc.encoding, doc.text) == ("gb18030", "关心关爱干部")


def test_html_encoding_override_beats_declared_charset() -> None:
    page = '<meta charset="big5"><p>关心干部</p>'.encode("gbk")
    assert read_bytes(page, name="a.html", encoding="gbk").text == "关心干部"


def test_html_with_only_boilerplate() -> None:
    with pytest.raises(InputError, match=r"^a\.html: the page has no text outside scripts"):
        read_bytes(html("<script>var a = 1;</script><nav>首页</nav>"), name="a.html")


def test_deeply_nested_html() -> None:
    body = "<div>" * 3000 + "关爱" + "</div>" * 3000
    assert read_bytes(html(body), name="deep.html").text == "关爱"


# ------------------------------------------------------------------------------------------------------------
# DOCX


def make_docx() -> bytes:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.core_properties.title = "关心关爱干部若干措施"
    p = document.add_paragraph("一、")
    p.add_run("健康关爱。").bold = True
    p.add_run("每年组织体检一次。")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("项目", "标准"), ("体检", "每人每年800元")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("表格之后的段落。")
    style = document.styles.add_style("要点", WD_STYLE_TYPE.PARAGRAPH)
    style.font.bold = True
    p = document.add_paragraph("加粗样式的段落", style="要点")
    p.add_run("（不加粗的补充）").bold = False
    p = document.add_paragraph()
    run = p.add_run("甲")
    run.bold = True
    run.add_break()
    p.add_run("乙").bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_tables_bold_and_title() -> None:
    doc = read_bytes(make_docx(), name="measures.docx")
    assert doc.format == "docx"
    assert doc.encoding is None
    assert doc.title == "关心关爱干部若干措施"
    assert doc.text == (
        "一、**健康关爱。**每年组织体检一次。\n"
        "\n"
        "项目\t标准\n"
        "体检\t每人每年800元\n"
        "表格之后的段落。\n"
        "**加粗样式的段落**（不加粗的补充）\n"
        "**甲**\n"
        "**乙**"
    )


def test_docx_table_cell_with_several_paragraphs() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "措施"
    table.cell(0, 1).text = "第一条"
    table.cell(0, 1).add_paragraph("第二条")
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_bytes(buffer.getvalue(), name="t.docx").text == "措施\n第一条\n第二条"


def test_docx_runs_inside_links_insertions_controls_fields_and_text_boxes() -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ns = nsdecls("w", "r") + ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    blocks = [
        # a hyperlink and a tracked insertion are read, a tracked deletion and a field code are not
        f'<w:p {ns}><w:hyperlink r:id="rId99"><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        # a content control around a paragraph
        f"<w:sdt {ns}><w:sdtPr/><w:sdtContent><w:p><w:r><w:rPr><w:b/></w:rPr>"
        "<w:t>控件内段落</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        # a text box, once as DrawingML and once as its VML fallback: read once, after its paragraph
        f'<w:p {ns}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r>'
        "<w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        "<w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>",
        # bold switched off explicitly, and a tab
        f'<w:p {ns}><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>不加粗</w:t></w:r>'
        "<w:r><w:tab/><w:t>制表</w:t></w:r></w:p>",
    ]
    document = docx.Document()
    section_properties = document.element.body[-1]
    for block in blocks:
        section_properties.addprevious(parse_xml(block))
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_bytes(buffer.getvalue(), name="x.docx").text
    assert text == "链接文字插入3\n**控件内段落**\n正文\n文本框\n不加粗\t制表"


def test_docx_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "措施.docx"
    path.write_bytes(make_docx())
    doc = read_document(path)
    assert doc.source == "措施.docx"
    assert doc.text.startswith("一、**健康关爱。**")


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"this is not a zip", r"the \.docx file is corrupt \(not a ZIP package\)", id="not-zip"),
        pytest.param(make_docx()[:300], r"the \.docx file is corrupt \(.+\); save it again", id="truncated"),
        pytest.param(zip_without_document(), r"the \.docx file is corrupt \(.+\); save it again", id="no-document"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            r"this is an old binary Word \(\.doc\) or WPS file, not \.docx",
            id="ole",
        ),
    ],
)
def test_corrupt_docx(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=rf"^report\.docx: {message}") as caught:
        read_bytes(data, name="report.docx")
    assert "\n" not in str(caught.value)


def test_docx_without_text() -> None:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(InputError, match=r"^e\.docx: the document has no text; nothing to read$"):
        read_bytes(buffer.getvalue(), name="e.docx")


# ------------------------------------------------------------------------------------------------------------
# PDF


def make_pdf(pages: list[list[str]], *, title: str | None = None, encrypt: str | None = None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    if title:
        pdf.setTitle(title)
    for lines in pages:
        pdf.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            pdf.drawString(72, 780 - 18 * i, line)
        pdf.rect(72, 72, 100, 50)  # a drawing, which is not text
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


PDF_PAGES = [
    ["关于关心关爱基层干部的若干措施", "一、落实带薪休假制度，每年体检一次。"],
    ["二、乡镇工作补贴每人每月500元。", "（某县委组织部）"],
]


def test_pdf_pages_and_chinese_text() -> None:
    doc = read_bytes(make_pdf(PDF_PAGES, title="关爱措施"), name="measures.pdf")
    assert (doc.format, doc.encoding, doc.title) == ("pdf", None, "关爱措施")
    pages = doc.text.split("\f")
    assert len(pages) == 2
    for page, lines in zip(pages, PDF_PAGES, strict=True):
        assert [line for line in page.split("\n") if line] == lines
    assert not doc.text.endswith("\f")


def test_pdf_without_text_layer() -> None:
    with pytest.raises(InputError, match=r"^scan\.pdf: the PDF has no text layer \(scanned image\?\); run OCR first$"):
        read_bytes(make_pdf([[], []]), name="scan.pdf")


def test_password_protected_pdf() -> None:
    with pytest.raises(InputError, match=r"^a\.pdf: the PDF is password-protected"):
        read_bytes(make_pdf(PDF_PAGES, encrypt="secret"), name="a.pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"<html>not a pdf</html>", r"corrupt \(no PDF header\)", id="no-header"),
        pytest.param(b"%PDF-1.4\n" + bytes(range(256)) * 4, r"corrupt \(PDFSyntaxError: .+\)", id="garbage"),
        pytest.param(make_pdf(PDF_PAGES)[:1500], r"corrupt \(.+\)", id="truncated"),
    ],
)
def test_corrupt_pdf(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=rf"^broken\.pdf: the \.pdf file is {message}; download or export it again$"):
        read_bytes(data, name="broken.pdf")


# ------------------------------------------------------------------------------------------------------------
# unsupported, empty, mislabelled, missing


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("report.doc", "unsupported format .doc; save it as .docx, .pdf or .txt"),
        ("report.WPS", "unsupported format .wps; save it as .docx, .pdf or .txt"),
        ("scan.jpg", "unsupported format .jpg; run OCR on the image and save the text as .txt"),
        ("公文.ofd", "unsupported format .ofd; convert it to .pdf"),
        ("data.xyz", "unsupported format .xyz; save it as .docx, .pdf or .txt"),
        ("README", "the file has no suffix; name it .txt, .md, .html, .docx or .pdf"),
    ],
)
def test_unsupported_formats(name: str, message: str) -> None:
    with pytest.raises(InputError, match=f"^{name}: {message}"):
        read_bytes(b"anything", name=name)
    with pytest.raises(InputError, match=f"^{name}: {message}"):
        read_document(Path("/nonexistent") / name)  # reported without opening the file


def test_supported_suffixes() -> None:
    assert frozenset({".txt", ".md", ".html", ".htm", ".docx", ".pdf"}) == SUPPORTED_SUFFIXES


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.docx", "empty.pdf"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(InputError, match=rf"^{name}: the file is empty \(0 bytes\)"):
        read_document(path)


def test_whitespace_only_text() -> None:
    with pytest.raises(InputError, match=r"^blank\.txt: the file holds only whitespace; nothing to read$"):
        read_bytes("  \r\n\u3000\n".encode(), name="blank.txt")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n...", "this is a PDF file; give it the suffix .pdf"),
        (b"PK\x03\x04....", r"this is a ZIP package \(a \.docx\?\)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", r"this is an old binary Word \(\.doc\) or WPS file"),
    ],
)
def test_binary_file_with_a_text_suffix(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=f"^notice.txt: {message}"):
        read_bytes(data, name="notice.txt")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^gone\.txt: no such file; check the path$"):
        read_document(tmp_path / "gone.txt")
    (tmp_path / "sub.txt").mkdir()
    with pytest.raises(InputError, match=r"^sub\.txt: is a folder, not a file"):
        read_document(tmp_path / "sub.txt")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=300).map(lambda b: b"%PDF-1.4\n" + b),
        st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
        st.text(max_size=100).map(lambda t: t.encode("utf-16")),
    ),
    suffix=st.sampled_from([".txt", ".md", ".html", ".docx", ".pdf"]),
)
def test_no_library_exception_escapes(data: bytes, suffix: str) -> None:
    try:
        doc = read_bytes(data, name=f"x{suffix}")
    except InputError as exc:
        assert str(exc).startswith(f"x{suffix}: ")
        assert "\n" not in str(exc)
    else:
        assert isinstance(doc, Document)
        assert doc.text.strip()


# ------------------------------------------------------------------------------------------------------------
# find_documents


def build_tree(root: Path) -> None:
    files = {
        "b.txt": "关心",
        "a.html": "<p>关爱</p>",
        "report.doc": "旧格式",
        ".hidden.txt": "隐藏",
        "~$lock.docx": "锁",
        ".git/config.txt": "版本库",
        "county/z.md": "乡镇",
        "county/town/x.pdf": "不是真的PDF",
        "county/.cache/y.txt": "缓存",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_find_documents_in_a_nested_folder(tmp_path: Path) -> None:
    build_tree(tmp_path)
    found = find_documents([tmp_path])
    assert [source for _, source in found] == [
        "a.html",
        "b.txt",
        "county/town/x.pdf",
        "county/z.md",
        "report.doc",  # unsupported files are listed so that the caller reports them
    ]
    assert all(path == tmp_path / source for path, source in found)


def test_find_documents_not_recursive(tmp_path: Path) -> None:
    build_tree(tmp_path)
    assert [s for _, s in find_documents([tmp_path], recursive=False)] == ["a.html", "b.txt", "report.doc"]


def test_find_documents_sources_are_relative_to_each_folder_given(tmp_path: Path) -> None:
    build_tree(tmp_path)
    found = find_documents([tmp_path / "county", tmp_path / "b.txt", tmp_path / ".hidden.txt"])
    assert [s for _, s in found] == ["town/x.pdf", "z.md", "b.txt", ".hidden.txt"]


def test_find_documents_lists_a_file_once(tmp_path: Path) -> None:
    build_tree(tmp_path)
    found = find_documents([tmp_path / "b.txt", tmp_path])
    assert [s for _, s in found].count("b.txt") == 1
    assert found[0] == (tmp_path / "b.txt", "b.txt")


def test_find_documents_follows_folder_links_once(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("关爱", encoding="utf-8")
    try:
        (tmp_path / "a" / "b" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
        (tmp_path / "z").symlink_to(tmp_path / "a" / "b", target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links are not available here")
    assert [s for _, s in find_documents([tmp_path])] == ["a/b/x.txt"]


def test_find_documents_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no such file or folder; check the path$"):
        find_documents([tmp_path / "missing"])


def test_find_documents_rejects_a_bare_path(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="iterable of paths, not one path"):
        find_documents(str(tmp_path))


def test_a_bad_file_does_not_stop_the_rest_of_the_folder(tmp_path: Path) -> None:
    build_tree(tmp_path)
    documents, errors = [], []
    for path, source in find_documents([tmp_path]):
        try:
            documents.append(read_document(path, source=source))
        except InputError as exc:
            errors.append(str(exc))
    assert [d.source for d in documents] == ["a.html", "b.txt", "county/z.md"]
    assert errors == [
        "county/town/x.pdf: the .pdf file is corrupt (no PDF header); download or export it again",
        "report.doc: unsupported format .doc; save it as .docx, .pdf or .txt",
    ]


# ------------------------------------------------------------------------------------------------------------
# house rules


def test_importing_read_loads_no_parser() -> None:
    code = (
        "import sys, policytext.read; "
        "print(','.join(m for m in ('bs4', 'docx', 'pdfminer', 'chardet') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")
def test_seed_documents_round_trip_through_every_encoding() -> None:
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for codec, expected in [("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig")]:
            assert decode_text(text.encode(codec)) == (text, expected), (path.name, codec)
        traditional = "\n".join(line for line in to_traditional.convert(text).splitlines() if _encodable(line, "big5"))
        assert decode_text(traditional.encode("big5")) == (traditional, "big5"), path.name


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True
