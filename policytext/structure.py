"""Structure: articles, titles, issuing bodies, document numbers, dates, headings and sentences with offsets.

Input is normalized text (:func:`policytext.normalize.normalize_text`): one paragraph per line, blank lines
between blocks. Output is a :class:`~policytext.model.StructuredDocument` whose every sentence knows its article,
heading path, region and quantities, with ``text[start:end] == sentence.text``.

A file may hold several articles:

* a newsletter (简报, 组工信息): items led by ``△`` (or ``▲◆■``); the masthead and contents before the first
  item and the distribution list after the last are kept as non-body sentences of the first and last item;
* a compilation: title lines that end with a running number ``（1）``, ``（2）`` …;
* otherwise the whole file is one article (a formal 意见, a work report, a roundup).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from policytext.model import (
    Article,
    Heading,
    Region,
    RegionLevel,
    RegionMention,
    Sentence,
    SentenceKind,
    StructuredDocument,
)
from policytext.quantities import cjk_int

# ---- line patterns ------------------------------------------------------------------------------------------
_CN_NUM = "一二三四五六七八九十"
# (level, pattern) for heading markers at the start of a paragraph
_HEADING_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"^第[一二三四五六七八九十百零〇]{1,4}[章部分]")),
    (1, re.compile(rf"^[{_CN_NUM}]{{1,3}}、")),
    (1, re.compile(r"^第[一二三四五六七八九十百零〇]{1,4}条")),
    (2, re.compile(rf"^[（(][{_CN_NUM}]{{1,3}}[)）]")),
    (3, re.compile(r"^\d{1,2}(?:[.．、](?!\d)|\s)")),
    (4, re.compile(r"^[（(]\d{1,2}[)）]")),
    (4, re.compile(r"^\d{1,2}[)）]")),
    (4, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")),
)
# inline enumerations that open a sentence: 一是…, 二是…, 首先…
_INLINE_LEAD = re.compile(rf"^(?:[{_CN_NUM}]{{1,2}}是|首先|其次|再次|最后)[，,：]?")
_INLINE_LEAD_LEVEL = 5
_LEAD_PHRASE_LEVEL = 6
_ITEM_MARKER = re.compile(r"^[△▲◆■◇□●]\s*")
_COMPILATION_TITLE = re.compile(rf"^(?P<title>[^。！？；\n]{{4,80}}?)\s*[（(](?P<n>\d{{1,2}}|[{_CN_NUM}]{{1,3}})[)）]$")
_DISTRIBUTION = re.compile(r"^(?:报|送|发|抄送|抄报|分送|印发|主送|呈)\s*[：:]")
_CONTACT = re.compile(r"^(?:联系人|联\s*系\s*人|联系电话|电话|传真|邮箱|电子邮箱|通讯地址|地址|邮编)\s*[：:]")
_ORG_SUFFIX = (
    r"(?:委员会|人民政府|政府|办公室|办公厅|组织部|宣传部|研究室|人社局|人力资源和社会保障局|局|厅|委|党校|工委)"
)
_ORG_LINE = re.compile(rf"^(?:中共|中国共产党)?[\u4e00-\u9fffxX*某]{{2,30}}?{_ORG_SUFFIX}(?:文件|（[^）]{{1,10}}）)?$")
_SIGNOFF = re.compile(rf"[（(](?P<org>[^（）()。]{{2,36}}?{_ORG_SUFFIX}[^（）()。]{{0,12}})[)）]\s*$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}\s*[〔\[【（(]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*\d{1,4}\s*号")
_DATE_LINE = re.compile(
    r"^[（(]?(?P<y>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?[)）]?$"
)
# an imprint: who printed it and when (中共某县委组织部办公室2024年2月26日印发, 某科编2023年9月12日)
_IMPRINT = re.compile(
    r"^(?P<org>[^。，；！？]{2,40}?)\s*(?:编|编印)?\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
    r"\s*(?:印发|编印|印|发)?$"
)
# web page furniture: 来源：… 发布时间：2023年10月9日 作者：… 浏览次数：…
_WEB_META = re.compile(
    r"^(?:来源|信息来源|发布时间|发布日期|日期|作者|责任编辑|编辑|审核|浏览次数|点击数|字号)\s*[：:]"
)
_ANY_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}-\d{1,2}-\d{1,2}")
_ISSUE_LINE = re.compile(r"^(?:第\s*\d+\s*期|总第\s*\d+\s*期|\d{4}\s*年\s*第\s*\d+\s*期)")
_SECTION_LABEL = re.compile(r"^[★☆■◆●]?\s*[\u4e00-\u9fff]{2,8}(?:信息|参考|动态|经验|交流|批示)[：:]?$|^领导批示[：:]?")
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|\s)\s*\d{1,3}$|^[-•·]\s.*\d{1,3}$")
_TOC_HEADER = re.compile(r"^目\s*录$")
_ATTACHMENT = re.compile(r"^附\s*件\s*[\d：:]")
_SUBTITLE = re.compile(r"^(?:——|--|—)")
# the document type that ends an official title (关于…的实施意见, …若干措施（试行）)
_DOC_TYPE_END = re.compile(
    r"(?:意见|办法|措施|通知|方案|规定|细则|决定|报告|汇报|制度|规划|条例|纲要|清单|指引|通报|综述)(?:[（(][^）)]{1,6}[）)])?$"
)
_SALUTATION = re.compile(r"^各[^。！？]{2,80}[：:]$")
_TITLE_WORDS = re.compile(
    r"(关于|意见|办法|措施|通知|方案|规定|细则|汇报|报告|综述|情况|做法|经验|举措|工作|机制|制度|干部)"
)
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)】》]*")
_TERMINAL = "。！？；!?;"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class _ArticleSpan:
    start: int  # first character that belongs to the article (front matter included)
    end: int
    title_line: _Line | None  # the line that opens the article (compilation title, △ item)
    front_end: int  # lines before this offset are front matter (never body)


def split_lines(text: str) -> list[_Line]:
    """Non-blank lines of ``text`` with their offsets (surrounding spaces trimmed).

    Examples:
        >>> [(ln.start, ln.text) for ln in split_lines("标题\\n\\n  正文。")]
        [(0, '标题'), (6, '正文。')]
    """
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


def split_sentences(text: str, *, offset: int = 0) -> list[tuple[int, int, str]]:
    """Split a paragraph into sentences at ``。！？；``, keeping closing quotes and brackets with the sentence.

    Returns ``(start, end, text)`` triples, offsets shifted by ``offset``.

    Examples:
        >>> [s for _, _, s in split_sentences("一是改善条件。建立“周转房”制度；发放补贴！")]
        ['一是改善条件。', '建立“周转房”制度；', '发放补贴！']
        >>> split_sentences("他说：“好。”然后走了。")[0][2]
        '他说：“好。”'
    """
    out: list[tuple[int, int, str]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        _append_trimmed(out, text, pos, m.end(), offset)
        pos = m.end()
    _append_trimmed(out, text, pos, len(text), offset)
    return out


def _append_trimmed(out: list[tuple[int, int, str]], text: str, start: int, end: int, offset: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    s = start + lead
    out.append((s + offset, s + len(stripped) + offset, stripped))


# ---- article splitting ----------------------------------------------------------------------------------------
def _find_articles(lines: Sequence[_Line], text_len: int) -> list[_ArticleSpan]:
    if not lines:
        return [_ArticleSpan(0, text_len, None, 0)]
    items = [i for i, ln in enumerate(lines) if _ITEM_MARKER.match(ln.text) and len(ln.text) > 6]
    if items:
        return _spans_from_openers(lines, items, text_len)
    numbered = []
    expected = 1
    for i, ln in enumerate(lines):
        m = _COMPILATION_TITLE.match(ln.text)
        if m and _cn_int(m.group("n")) == expected and not _TOC_ENTRY.search(ln.text):
            numbered.append(i)
            expected += 1
    if len(numbered) >= 2:
        return _spans_from_openers(lines, numbered, text_len)
    return [_ArticleSpan(0, text_len, None, 0)]


def _spans_from_openers(lines: Sequence[_Line], openers: list[int], text_len: int) -> list[_ArticleSpan]:
    spans = []
    for k, i in enumerate(openers):
        start = 0 if k == 0 else lines[i].start
        end = lines[openers[k + 1]].start if k + 1 < len(openers) else text_len
        spans.append(_ArticleSpan(start, end, lines[i], lines[i].start))
    return spans


# ---- metadata -----------------------------------------------------------------------------------------------
def extract_doc_number(text: str) -> str | None:
    """The first document number (文号) in ``text``.

    Examples:
        >>> extract_doc_number("魏字〔2021〕30号")
        '魏字〔2021〕30号'
        >>> extract_doc_number("岳办发[2023]12号 关于…")
        '岳办发[2023]12号'
    """
    m = _DOC_NUMBER.search(text)
    return re.sub(r"\s+", "", m.group(0)) if m else None


def parse_date_line(line: str) -> str | None:
    """An ISO date from a line that holds only a date (``2021年5月31日``, ``二〇二三年三月十五日``).

    Examples:
        >>> parse_date_line("2021年5月31日")
        '2021-05-31'
        >>> parse_date_line("二〇二三年三月")
        '2023-03'
        >>> parse_date_line("2021年5月31日召开会议") is None
        True
    """
    m = _DATE_LINE.match(line.strip())
    if not m:
        return None
    year = _cn_int(m.group("y"))
    month = _cn_int(m.group("m"))
    day = _cn_int(m.group("d")) if m.group("d") else None
    if not (1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _line_date(line: str) -> str | None:
    """The date of a metadata line: a date line, or an imprint (…办公室2024年2月26日印发)."""
    date = parse_date_line(line)
    if date is None:
        m = _IMPRINT.match(line.strip())
        if m:
            date = parse_date_line(m.group("date"))
    if date is None and _WEB_META.match(line.strip()):
        m = _ANY_DATE.search(line)
        if m:
            y, mo, d = (int(x) for x in re.findall(r"\d+", m.group(0)))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                date = f"{y:04d}-{mo:02d}-{d:02d}"
    return date


def _cn_int(s: str) -> int:
    """A number in Arabic digits or a Chinese numeral (二〇二三, 十一, as the quantities parser reads one); 0 for
    a malformed numeral (二二十, 十十), which no date or article number is."""
    if s.isdigit():
        return int(s)
    try:
        return cjk_int(s)
    except ValueError:
        return 0


def _is_org_line(text: str) -> bool:
    """A line naming one or several issuing bodies (中共某县委办公室　某县人民政府办公室)."""
    parts = [p for p in re.split(r"[\s\u3000、]+", text) if p]
    return bool(parts) and all(_ORG_LINE.match(p) for p in parts)


def _is_meta_line(text: str) -> bool:
    return bool(
        parse_date_line(text)
        or _IMPRINT.match(text)
        or _WEB_META.match(text)
        or _ISSUE_LINE.match(text)
        or (_DOC_NUMBER.fullmatch(text.strip()) is not None)
        or _is_org_line(text)
        or _SECTION_LABEL.match(text)
        or _ATTACHMENT.match(text)
        or _SUBTITLE.match(text)
        or _SALUTATION.match(text)
    )


def _line_kind(text: str) -> SentenceKind | None:
    """Kind of a whole line that is never body text, or None."""
    if _DISTRIBUTION.match(text):
        return SentenceKind.DISTRIBUTION
    if _CONTACT.match(text):
        return SentenceKind.CONTACT
    if _TOC_HEADER.match(text) or (_TOC_ENTRY.search(text) and not any(c in text for c in "。；！？")):
        return SentenceKind.TOC
    if _SIGNOFF.fullmatch(text):
        return SentenceKind.SIGNOFF
    if _is_meta_line(text):
        return SentenceKind.META
    return None


def _heading_level(text: str) -> tuple[int, str] | None:
    for level, pattern in _HEADING_MARKERS:
        m = pattern.match(text)
        if m:
            if level == 3 and re.match(r"^\d{1,2}[.．、]\d", text):
                continue
            return level, m.group(0).strip()
    return None


def _looks_like_title(text: str) -> bool:
    """A line that can be a document title: short, no sentence punctuation inside, not metadata."""
    if len(text) > 60 or len(text) < 4 or any(c in text[:-1] for c in _TERMINAL):
        return False
    if text[-1] in "。；！？" or _heading_level(text) or _line_kind(text):
        return False
    return bool(_CJK.search(text))


# ---- the main entry point -----------------------------------------------------------------------------------
def structure_text(
    text: str,
    *,
    source: str = "<text>",
    doc_id: str | None = None,
    emphasis: Sequence[tuple[int, int]] = (),
    title_hint: str | None = None,
    regions: bool = True,
    quantities: bool = True,
) -> StructuredDocument:
    """Split normalized text into articles and sentences, with headings, regions and quantities.

    Args:
        text: normalized text (see :func:`policytext.normalize.normalize_text`).
        source: where the text comes from (a file path relative to the folder given).
        doc_id: a stable id for the document; defaults to ``source`` without its suffix.
        emphasis: ``(start, end)`` spans of bold text (from normalization), used to find bold lead sentences.
        title_hint: a title from the file's metadata (html ``<title>``), used when the text has none.
        regions: attribute regions (needs the gazetteer).
        quantities: extract quantities.

    Examples:
        >>> doc = structure_text("关于关心关爱干部的若干措施\\n一、落实体检制度。每年组织一次体检。", quantities=False)
        >>> doc.articles[0].title
        '关于关心关爱干部的若干措施'
        >>> [(s.kind.value, s.text) for s in doc.articles[0].sentences][1:]
        [('heading', '一、落实体检制度。'), ('body', '每年组织一次体检。')]
        >>> doc.articles[0].sentences[-1].heading
        ('一、落实体检制度。',)
    """
    if doc_id is None:
        doc_id = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source)
    lines = split_lines(text)
    spans = _find_articles(lines, len(text))
    bold = _merge_spans(emphasis)
    doc_date = _first_date(lines[: min(len(lines), 12)])
    articles: list[Article] = []
    for index, span in enumerate(spans):
        art_lines = [ln for ln in lines if span.start <= ln.start < span.end]
        article = _build_article(index, span, art_lines, bold, title_hint if len(spans) == 1 else None)
        if article.date is None and doc_date is not None:
            article = replace(article, date=doc_date)
        articles.append(article)
    if regions:
        articles = attribute_regions(articles, text=text, doc_id=doc_id, lines=lines)
    if quantities:
        from policytext.quantities import extract_quantities

        articles = [
            replace(
                a,
                sentences=tuple(
                    replace(s, quantities=tuple(extract_quantities(s.text, offset=s.start)))
                    if s.kind in (SentenceKind.BODY, SentenceKind.HEADING)
                    else s
                    for s in a.sentences
                ),
            )
            for a in articles
        ]
    return StructuredDocument(source=source, doc_id=doc_id, text=text, articles=tuple(articles))


def _first_date(lines: Sequence[_Line]) -> str | None:
    for ln in lines:
        date = _line_date(ln.text)
        if date:
            return date
    return None


def _merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted((s, e) for s, e in spans if e > s)


def _is_bold(start: int, end: int, bold: Sequence[tuple[int, int]]) -> bool:
    """The sentence [start, end) is (almost) entirely inside one bold span."""
    inner = end - start
    for s, e in bold:
        if s >= end:
            break
        overlap = min(e, end) - max(s, start)
        # the closing punctuation may sit outside the bold run: **强化培训锻炼**。
        if overlap > 0 and overlap >= inner - 2 and overlap >= 4:
            return True
    return False


def _build_article(
    index: int,
    span: _ArticleSpan,
    lines: Sequence[_Line],
    bold: Sequence[tuple[int, int]],
    title_hint: str | None,
) -> Article:
    title: str | None = None
    issuer: str | None = None
    signoff: str | None = None
    doc_number: str | None = None
    date: str | None = None
    sentences: list[Sentence] = []
    headings: list[Heading] = []
    stack: list[Heading] = []

    def add(start: int, end: int, text: str, kind: SentenceKind) -> None:
        sentences.append(
            Sentence(
                index=len(sentences),
                start=start,
                end=end,
                text=text,
                kind=kind,
                heading=tuple(h.text for h in stack) if kind in (SentenceKind.BODY, SentenceKind.HEADING) else (),
            )
        )

    def push(level: int, start: int, end: int, text: str, marker: str) -> None:
        while stack and stack[-1].level >= level:
            stack.pop()
        heading = Heading(level=level, text=text, start=start, end=end, marker=marker)
        stack.append(heading)
        headings.append(heading)

    # the title: the article's opening line, or the first title-like line of a single-article file
    title_index: int | None = None
    if span.title_line is not None:
        title_index = next(i for i, ln in enumerate(lines) if ln.start == span.title_line.start)
    else:
        title_index = _find_title_line(lines)
    body_started = False
    title_continuation = -1
    for i, ln in enumerate(lines):
        if ln.start < span.front_end:
            kind = _line_kind(ln.text) or SentenceKind.META
            for s, e, t in split_sentences(ln.text, offset=ln.start) or [(ln.start, ln.end, ln.text)]:
                add(s, e, t, kind)
            doc_number = doc_number or extract_doc_number(ln.text)
            issuer = issuer or (ln.text if _is_org_line(ln.text) else None)
            date = date or _line_date(ln.text)
            continue
        if i == title_index:
            title, rest_start = _title_of(ln)
            end = ln.start + rest_start if rest_start else ln.end
            # the title sentence without the item bullet (△): the bullet is layout, not text
            bullet = _ITEM_MARKER.match(ln.text)
            skip = bullet.end() if bullet else 0
            title_text = ln.text[skip : rest_start or len(ln.text)].strip()
            add(ln.start + skip, ln.start + skip + len(title_text), title_text, SentenceKind.TITLE)
            # a subtitle line (——各地…综述) continues the title
            if i + 1 < len(lines) and _SUBTITLE.match(lines[i + 1].text):
                title = f"{title}{lines[i + 1].text}"
            # a title wrapped over two lines (a PDF sets it in a larger font): 关于进一步激 / 励干部…的实施意见
            elif i + 1 < len(lines) and _continues_title(ln.text, lines[i + 1].text):
                title = f"{title}{lines[i + 1].text}"
                title_continuation = i + 1
            if rest_start:
                _add_paragraph(ln, rest_start, add, push, bold, stack, end)
            body_started = True
            continue
        if i == title_continuation:
            add(ln.start, ln.end, ln.text, SentenceKind.TITLE)
            continue
        line_kind = _line_kind(ln.text)
        if line_kind is SentenceKind.META and _SUBTITLE.match(ln.text) and i == (title_index or 0) + 1:
            add(ln.start, ln.end, ln.text, SentenceKind.TITLE)
            continue
        if line_kind is not None and not (
            line_kind is SentenceKind.META and body_started and _CJK.search(ln.text) and len(ln.text) > 30
        ):
            if line_kind is SentenceKind.META:
                doc_number = doc_number or extract_doc_number(ln.text)
                date = date or _line_date(ln.text)
                if _is_org_line(ln.text) and issuer is None:
                    issuer = ln.text
            if line_kind is SentenceKind.SIGNOFF:
                m = _SIGNOFF.search(ln.text)
                signoff = signoff or (m.group("org").strip() if m else None)
            add(ln.start, ln.end, ln.text, line_kind)
            continue
        if not body_started and title_index is not None and i < title_index:
            add(ln.start, ln.end, ln.text, SentenceKind.META)
            doc_number = doc_number or extract_doc_number(ln.text)
            continue
        body_started = True
        # a whole-line heading without sentence punctuation (一、…, or an unnumbered section heading)
        level = _heading_level(ln.text)
        if level is None and _is_section_heading(ln, lines, i):
            level = (1, "")
        if level is not None and ln.text[-1] not in _TERMINAL and not _SENTENCE_END.search(ln.text):
            push(level[0], ln.start, ln.end, ln.text, level[1])
            add(ln.start, ln.end, ln.text, SentenceKind.HEADING)
            continue
        _add_paragraph(ln, 0, add, push, bold, stack, ln.end)
    # an inline sign-off at the end of the last paragraph: …职级晋升。（岳西县委组织部）
    for k, sent in enumerate(sentences):
        if sent.kind is SentenceKind.BODY and _SIGNOFF.fullmatch(sent.text):
            sentences[k] = replace(sent, kind=SentenceKind.SIGNOFF)
            m = _SIGNOFF.search(sent.text)
            if m and signoff is None:
                signoff = m.group("org").strip()
    # an item's sign-off names who wrote it; it beats a masthead found in the front matter
    issuer = signoff or issuer
    if title is None and title_hint:
        title = title_hint
    return Article(
        index=index,
        start=span.start,
        end=span.end,
        title=title,
        issuer=issuer,
        doc_number=doc_number,
        date=date,
        headings=tuple(headings),
        sentences=tuple(sentences),
    )


def _find_title_line(lines: Sequence[_Line]) -> int | None:
    """Index of the title among the first lines of a single-article file."""
    for i, ln in enumerate(lines[:8]):
        if _line_kind(ln.text) is not None:
            continue
        if _looks_like_title(ln.text) and (_TITLE_WORDS.search(ln.text) or i == 0):
            return i
        if ln.text[-1] in _TERMINAL and len(ln.text) > 40:
            break  # body text reached
    return None


def _continues_title(first: str, second: str) -> bool:
    """Whether ``second`` is the rest of a title ``first`` that a layout wrapped (关于…激 / 励干部…的实施意见).

    Examples:
        >>> _continues_title("中共某县委办公室关于进一步激", "励干部担当作为的实施意见")
        True
        >>> _continues_title("关于进一步关心关爱干部的若干措施", "各乡镇党委：")
        False
    """
    if _DOC_TYPE_END.search(first) or "关于" not in first or any(c in first for c in _TERMINAL):
        return False
    return bool(_DOC_TYPE_END.search(second)) and len(second) <= 40 and not any(c in second for c in _TERMINAL)


def _title_of(line: _Line) -> tuple[str, int]:
    """The title of an article's opening line, and where the body starts in it (0: no body on the line).

    ``△怀宁县：擦亮品牌 激发热情。近年来……`` -> title ``怀宁县：擦亮品牌 激发热情``, body after the first ``。``;
    ``x县：做实关心关爱工作（1）`` -> ``x县：做实关心关爱工作``.
    """
    text = line.text
    m = _ITEM_MARKER.match(text)
    if m:
        rest = text[m.end() :]
        end = _SENTENCE_END.search(rest)
        if end:
            title = rest[: end.start()].strip()
            body_at = m.end() + end.end()
            return title, body_at if body_at < len(text) else 0
        return rest.strip(), 0
    c = _COMPILATION_TITLE.match(text)
    if c:
        return c.group("title").strip(), 0
    return text, 0


def _is_section_heading(ln: _Line, lines: Sequence[_Line], i: int) -> bool:
    """An unnumbered section heading: a short line without final punctuation followed by a paragraph."""
    text = ln.text
    if len(text) > 40 or len(text) < 6 or text[-1] in _TERMINAL or "。" in text:
        return False
    if i + 1 >= len(lines):
        return False
    nxt = lines[i + 1].text
    return len(nxt) > len(text) and nxt[-1] in _TERMINAL + "”）"


def _add_paragraph(ln, body_from, add, push, bold, stack, end) -> None:
    """Split the paragraph into sentences; its first sentence may be a heading (（一）…。, 一是…。, bold)."""
    paragraph = ln.text[body_from:]
    offset = ln.start + body_from
    parts = split_sentences(paragraph, offset=offset)
    for k, (s, e, t) in enumerate(parts):
        level = _heading_level(t) if k == 0 else None
        if level is not None:
            push(level[0], s, e, t, level[1])
            add(s, e, t, SentenceKind.HEADING)
            continue
        inline = _INLINE_LEAD.match(t)
        if inline and len(t) <= 60 and len(parts) > k + 1:
            push(_INLINE_LEAD_LEVEL, s, e, t, inline.group(0))
            add(s, e, t, SentenceKind.HEADING)
            continue
        # a short lead phrase opens a passage when a real sentence follows it: 强化市县统筹。建立“2+N”政策体系…
        if _is_bold(s, e, bold) or (_is_lead_phrase(t) and len(parts) > k + 1 and len(parts[k + 1][2]) >= 20):
            push(_LEAD_PHRASE_LEVEL, s, e, t, "")
            add(s, e, t, SentenceKind.HEADING)
            continue
        add(s, e, t, SentenceKind.BODY)


def _is_lead_phrase(sentence: str) -> bool:
    """A short lead phrase that opens a passage (``强化市县统筹。``): at most 8 Chinese characters, no numbers."""
    core = sentence.rstrip(_TERMINAL + "”’」』）)】》")
    return 2 <= len(_CJK.findall(core)) <= 8 and len(core) <= 10 and not _DIGIT.search(core) and "x" not in core


# ---- theme headings -------------------------------------------------------------------------------------------
_HEADING_MARKER_RE = re.compile(
    rf"^(?:[{_CN_NUM}]{{1,3}}、|[（(][{_CN_NUM}\d]{{1,3}}[)）]|\d{{1,2}}[.．、]|第[{_CN_NUM}百零〇]{{1,4}}[章条部分]|"
    rf"[{_CN_NUM}]{{1,2}}是)\s*"
)
_THEME_MAX = 16  # Chinese characters after the marker


def is_theme_heading(sentence: Sentence) -> bool:
    """A heading that only announces a theme (``（三）提高乡镇工作补贴。``, ``一、精简文件会议``): never a measure.

    A numbered item that states a provision (``1.每年组织体检一次，人均800元。``) is not a theme heading: it is
    longer, holds a clause break or an amount.

    Examples:
        >>> is_theme_heading(Sentence(0, 0, 11, "（三）提高乡镇工作补贴。", kind=SentenceKind.HEADING))
        True
        >>> is_theme_heading(Sentence(0, 0, 23, "1.每年组织干部健康体检一次，人均800元。", kind=SentenceKind.HEADING))
        False
    """
    if sentence.kind is not SentenceKind.HEADING or sentence.quantities:
        return False
    core = _HEADING_MARKER_RE.sub("", sentence.text, count=1).rstrip(_TERMINAL + "”’」』）)】》")
    if any(c in core for c in "，、；：,;:") or _DIGIT.search(core):
        return False
    return len(_CJK.findall(core)) <= _THEME_MAX


# ---- regions ------------------------------------------------------------------------------------------------
_BODYLIKE = (SentenceKind.BODY, SentenceKind.HEADING)
# a roundup cites this many distinct provinces at the start of its sentences
_ROUNDUP_PROVINCES = 3


def attribute_regions(
    articles: Sequence[Article], *, text: str, doc_id: str, lines: Sequence[_Line] | None = None
) -> list[Article]:
    """Give each article and each sentence its region.

    An article's region comes from its title, then its issuing body or sign-off (``（怀宁县委组织部）``), then the
    first place its body names at the start of a sentence; an article whose sentences lead with three or more
    provinces is a roundup and gets ``全国``. A sentence belongs to the place it names at its start (roundups:
    ``湖北坚持…``, ``安徽宿州市出台…``), a sentence that names none to the place of the previous sentence of the
    same paragraph, otherwise to its article. Anonymized names (``x县``) are scoped to their article: two ``x县``
    in two reports are two regions.
    """
    from policytext.regions import NATIONAL_REGION, leading_region, region_from_text

    if lines is None:
        lines = split_lines(text)
    paragraph_of = _paragraph_index(lines)
    doc_region = None
    for a in articles[:1]:
        for s in a.sentences:
            if s.kind is SentenceKind.META and doc_region is None:
                doc_region = region_from_text(s.text)
    out: list[Article] = []
    for article in articles:
        scope = f"{doc_id}#{article.index}"
        leads = {s.index: leading_region(s.text) for s in article.sentences if s.kind in _BODYLIKE}
        region = _article_region(article, leads)
        if region is None:
            provinces = {
                m.region.code
                for m in leads.values()
                if m is not None and not m.region.anonymized and m.region.level is RegionLevel.PROVINCE
            }
            if len(provinces) >= _ROUNDUP_PROVINCES:
                region = NATIONAL_REGION
        if region is None:
            region = doc_region
        region = _scoped(region, scope)
        sentences = []
        carry: Region | None = None
        paragraph = -1
        for s in article.sentences:
            if s.kind not in _BODYLIKE:
                sentences.append(replace(s, region=region))
                continue
            p = paragraph_of(s.start)
            if p != paragraph:
                carry, paragraph = None, p
            lead = leads.get(s.index)
            if lead is not None:
                found: Region | None = lead.region
                if lead.region.anonymized:
                    found = region if region is not None and region.anonymized else _scoped(found, scope)
                elif lead.region.ambiguous and region is not None:
                    again = leading_region(s.text, context=region)
                    found = again.region if again is not None else found
                carry = found
            sentences.append(replace(s, region=carry or region))
        out.append(replace(article, region=region, sentences=tuple(sentences)))
    return out


def _article_region(article: Article, leads: dict[int, RegionMention | None]) -> Region | None:
    from policytext.regions import anonymized_region, region_from_text

    for candidate in (article.title, article.issuer):
        if candidate:
            found = region_from_text(candidate)
            if found is not None:
                return found
    for s in article.sentences:
        if s.kind is SentenceKind.SIGNOFF:
            found = region_from_text(s.text)
            if found is not None:
                return found
    # the first body sentences: the reporting place is usually named early (近年来，x县…)
    body = [s for s in article.sentences if s.kind in _BODYLIKE][:4]
    for s in body:
        anon = anonymized_region(s.text)
        if anon is not None:
            return anon
        lead = leads.get(s.index)
        if lead is not None:
            return lead.region
    return None


def _scoped(region: Region | None, scope: str) -> Region | None:
    if region is None or not region.anonymized or region.scope:
        return region
    return replace(region, scope=scope)


def _paragraph_index(lines: Sequence[_Line]) -> Callable[[int], int]:
    starts = [ln.start for ln in lines]

    def index(offset: int) -> int:
        import bisect

        return bisect.bisect_right(starts, offset) - 1

    return index
