"""Value types shared by every step of the pipeline.

All types are frozen dataclasses: a step takes values and returns new values. Offsets (``start``/``end``) are
always character offsets into the *normalized* text of the document they belong to, so that
``text[start:end] == obj.text`` holds for sentences, quantities and region mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class RegionLevel(StrEnum):
    """Administrative level of a region."""

    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    UNKNOWN = "unknown"


class QuantityKind(StrEnum):
    """What a quantity measures."""

    MONEY = "money"
    PERCENT = "percent"
    COUNT = "count"
    DURATION = "duration"
    MULTIPLIER = "multiplier"
    FRACTION = "fraction"


class SentenceKind(StrEnum):
    """Role of a sentence-like unit inside an article.

    Only ``BODY`` (and ``HEADING`` lines that carry content) can state provisions; the other kinds are recognised
    so that they are never reported as measures.
    """

    BODY = "body"
    HEADING = "heading"
    TITLE = "title"
    META = "meta"  # issuing body, document number, date lines
    TOC = "toc"
    DISTRIBUTION = "distribution"  # 报：… 送：… 发：…
    SIGNOFF = "signoff"  # （某某县委组织部）
    CONTACT = "contact"  # 联系人、电话
    RUNNING = "running"  # running headers/footers that survived normalization


@dataclass(frozen=True, slots=True)
class Fix:
    """One kind of repair applied by normalization, with how often it fired."""

    name: str
    count: int
    description: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """A file as read from disk: its text decoded, before normalization.

    Attributes:
        source: the path relative to the folder given by the user (or the file name for a single file).
        path: the absolute path it was read from, or ``None`` when read from bytes.
        text: the decoded text (for html/docx/pdf: the extracted text layer).
        format: ``txt``, ``md``, ``html``, ``docx`` or ``pdf``.
        encoding: the encoding found for text formats (``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``, ``big5``
            …), or ``None`` for binary formats.
        title: a title found in the file's metadata (html ``<title>``, docx core properties), if any.
    """

    source: str
    text: str
    format: str
    encoding: str | None = None
    path: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Division:
    """An entry of the administrative-division gazetteer."""

    code: str
    name: str
    level: RegionLevel
    parent_code: str | None = None
    short: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Region:
    """The region a provision belongs to.

    Attributes:
        name: the canonical full name for gazetteer regions (``岳西县``), the name as written for anonymized ones
            (``x县``, ``x市x县``, ``*县``, ``某县``).
        level: administrative level.
        code: six-digit division code, when known.
        parent: canonical name of the parent division, when known.
        anonymized: the name is a redaction placeholder.
        scope: for anonymized regions, the ``doc_id#article`` they are scoped to: two ``x县`` in two articles are two
            regions.
        candidates: division codes of the possible readings when the name is ambiguous and context did not decide.
    """

    name: str
    level: RegionLevel
    code: str | None = None
    parent: str | None = None
    anonymized: bool = False
    scope: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def key(self) -> str:
        """A key that keeps distinct regions apart (anonymized ones per article, ambiguous ones by name)."""
        if self.anonymized:
            return f"{self.name}@{self.scope}" if self.scope else self.name
        return self.code or self.name


@dataclass(frozen=True, slots=True)
class RegionMention:
    """A place name found in a text, with the region it resolves to."""

    text: str
    start: int
    end: int
    region: Region


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount stated in a text.

    Attributes:
        value: the number in base units (万 and 亿 expanded: ``100万元`` -> 1000000), the lower bound for ranges;
            ``None`` when the value is redacted (``人均x元``).
        unit: the base unit, with the rate basis after a slash when there is one: ``元``, ``元/人``, ``元/月``,
            ``元/人/年``, ``%``, ``百分点``, ``人``, ``名``, ``人次``, ``个``, ``套``, ``期``, ``次``, ``次/年``,
            ``次/2年`` (a period), ``对``, ``年``, ``月``, ``季度``, ``周``, ``天``, ``工作日``, ``小时``, ``学时``,
            ``岁``, ``倍`` (see :mod:`policytext.quantities` for the full list).
        kind: what it measures.
        text: the text as written.
        start, end: offsets of ``text`` in the text the quantity was extracted from.
        qualifier: ``approx`` (余, 多, 左右, 约), ``at_least`` (以上, 不低于, 不少于), ``at_most`` (以下, 不超过, 以内),
            ``range`` (``1-2次``, ``x--x%``), ``increase`` (提高, 增加 … by this amount), ``period`` (``每2年``),
            or ``None``;
            several are joined with ``+`` in that order.
        upper: the upper bound of a range, in the same unit.
        redacted: the value was replaced by a placeholder (``x``, ``X``, ``*``, ``某``).
    """

    value: float | None
    unit: str
    kind: QuantityKind
    text: str
    start: int
    end: int
    qualifier: str | None = None
    upper: float | None = None
    redacted: bool = False

    def to_dict(self) -> dict[str, object]:
        """The record form used by extraction output."""
        return {
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "text": self.text,
            "redacted": self.redacted,
        }


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading inside an article (``一、``, ``（一）``, ``1.``, ``一是…``, a bold lead sentence)."""

    level: int
    text: str
    start: int
    end: int
    marker: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article, with where it comes from and what it states."""

    index: int  # position within the article
    start: int
    end: int
    text: str
    kind: SentenceKind = SentenceKind.BODY
    heading: tuple[str, ...] = ()
    region: Region | None = None
    quantities: tuple[Quantity, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a file: a newsletter item, one report of a compilation, or the whole file."""

    index: int
    start: int
    end: int
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD, YYYY-MM or YYYY)
    region: Region | None = None
    headings: tuple[Heading, ...] = ()
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True, slots=True)
class StructuredDocument:
    """A normalized document split into articles and sentences."""

    source: str
    doc_id: str
    text: str
    format: str = "txt"
    encoding: str | None = None
    fixes: tuple[Fix, ...] = ()
    articles: tuple[Article, ...] = ()

    def sentences(self) -> list[tuple[Article, Sentence]]:
        """All (article, sentence) pairs in document order."""
        return [(a, s) for a in self.articles for s in a.sentences]


@dataclass(frozen=True, slots=True)
class Tagging:
    """The taxonomy labels of one sentence."""

    is_measure: bool
    categories: tuple[str, ...] = ()
    subcategories: tuple[str, ...] = ()
    score: float = 0.0
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Measure:
    """A tagged sentence: the unit extraction reports."""

    document: StructuredDocument = field(repr=False)
    article: Article = field(repr=False)
    sentence: Sentence
    tagging: Tagging
