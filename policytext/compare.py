"""Tables over extraction records: coverage, provisions side by side, quantities, similarity and text reuse.

:func:`compare_regions` takes the records of :func:`policytext.extract` (or of an ``extract`` output read
back with :func:`policytext.export.read_records`) and returns a :class:`Comparison` holding one pandas
DataFrame per table:

* ``coverage``: one row per region (or document, or article) with ``region``, ``region_level``,
  ``documents``, ``measures`` and the number of measures per category (or subcategory);
* ``provisions``: rows are subcategories, columns are regions, a cell lists the region's measures as
  ``record id: shortened text``;
* ``quantities``: one row per comparable provision type and region (体检经费 per person, 乡镇津贴
  tiers, award bonus by grade …) with the amounts side by side and the sentences they come from;
  ``quantity_items`` has one row per amount, with numbers in numeric columns. The types are data:
  ``taxonomies/quantity_types/cadre_care.toml``;
* ``similarity``: cosine similarity of the regions' measure texts (TF-IDF over character 2–4-grams),
  square, and ``similarity_pairs``, the same as a long table sorted by similarity;
* ``reuse``: passages of at least ``min_passage`` characters shared by sentences of two different sources
  (articles), found with MinHash LSH over character 5-gram shingles and aligned with :mod:`difflib`;
  passages that occur in many sources or consist of stock phrases (习近平新时代中国特色社会主义思想) are
  boilerplate and left out.

Regions are kept apart by ``region_key``: an anonymized county (``x县``) is a region of its own in every
article it heads, labelled with the name as written plus document and article: ``x县 (12_anon #3)``.

Column names: the DataFrames use machine-friendly ids (``health``, ``health.checkup``) as column names;
:meth:`Comparison.tables` returns copies for reading, whose headers are the taxonomy's Chinese label
followed by the id (``健康关爱 health``). :meth:`Comparison.to_dict` (and ``--format json``) keeps ids and
adds a ``labels`` map. Everything is deterministic: same records, same tables.

Examples:
    >>> records = [
    ...     {"id": "a#0.1", "doc_id": "a", "article": 0, "region": "金寨县", "region_key": "341524",
    ...      "region_level": "county", "text": "乡镇干部体检经费每人每年不低于800元。",
    ...      "categories": ["health"], "subcategories": ["health.checkup"], "is_measure": True,
    ...      "quantities": [{"value": 800.0, "unit": "元/人/年", "qualifier": "at_least",
    ...                      "text": "每人每年不低于800元", "redacted": False}]},
    ... ]
    >>> comparison = compare_regions(records)
    >>> comparison.coverage.loc["341524", ["region", "measures", "health"]].astype(str).tolist()
    ['金寨县', '1', '1']
    >>> comparison.quantities.loc[0, ["type", "region", "amounts"]].tolist()
    ['checkup_funding', '金寨县', ['800 元/人/年 (at_least)']]
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import math
import os
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from policytext.errors import InputError, TaxonomyError
from policytext.taxonomy import Cue, KeyPath, Taxonomy, _Checker, load_taxonomy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from policytext.model import StructuredDocument

__all__ = [
    "DEFAULT_BOILERPLATE",
    "TABLES",
    "CompareBy",
    "CompareLevel",
    "Comparison",
    "Corpus",
    "QuantityType",
    "QuantityTypes",
    "compare_regions",
    "load_corpus",
    "load_quantity_types",
    "match_quantity_types",
    "parse_quantity_types",
    "quantity_kind",
    "region_label",
    "split_clauses",
    "write_comparison",
]


class CompareBy(StrEnum):
    """What a row of the comparison is."""

    region = "region"
    document = "document"
    article = "article"


class CompareLevel(StrEnum):
    """The label level counted in the coverage table."""

    category = "category"
    subcategory = "subcategory"


#: the tables of a comparison, in output order (sheet order in XLSX)
TABLES: tuple[str, ...] = (
    "coverage",
    "provisions",
    "quantities",
    "quantity_items",
    "similarity",
    "similarity_pairs",
    "reuse",
)

#: stock phrases of the genre: a shared passage made of these (plus fewer than ``min_passage`` other
#: characters) is boilerplate, not reuse
DEFAULT_BOILERPLATE: tuple[str, ...] = (
    "习近平新时代中国特色社会主义思想",
    "以习近平同志为核心的党中央",
    "习近平总书记关于党的建设的重要思想",
    "习近平总书记重要讲话精神",
    "习近平总书记重要指示精神",
    "深入学习贯彻党的二十大精神",
    "党的二十大精神",
    "党的十九大精神",
    "全面贯彻落实",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”",
    "“两个确立”",
    "“两个维护”",
    "“三个区分开来”",
    "不忘初心、牢记使命",
    "新时代好干部标准",
    "激励干部担当作为",
    "关心关爱干部",
    "激励干部新时代新担当新作为",
    "严管和厚爱结合、激励和约束并重",
    "为干部担当者担当、为干事者撑腰",
    "营造干事创业的良好氛围",
    "干事创业",
)

UNKNOWN_REGION = "(unknown region)"
_SHORT = 60  # characters of a measure shown in a provisions cell
_CELL_LIMIT = 32000  # Excel refuses cells longer than 32767 characters
_CLAUSE_BREAK_RE = re.compile(r"[，,；;。！？!?\n]")
_DIGIT_RE = re.compile(r"[0-9０-９]")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_KINDS = ("money", "percent", "count", "duration", "multiplier")
_DURATION_UNITS = frozenset({"年", "月", "季度", "半年", "周", "天", "工作日", "小时", "学时", "课时", "岁"})


# ---- quantity types ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class QuantityType:
    """A comparable provision type of the quantities table (e.g. 体检经费 per person).

    Attributes:
        id: identifier (``checkup_funding``).
        label: Chinese label (``体检经费（每人）``).
        definition: what amounts the type covers.
        cues: terms/patterns that must occur in the amount's clause (or a ``lookback`` clause before it).
        exclude: cues that veto the type when they occur in that clause.
        units: unit globs the amount must match (``元/人/*``); empty: any unit.
        kinds: kinds allowed (``money``, ``percent``, ``count``, ``duration``, ``multiplier``); empty: any.
        minimum, maximum: bounds on the value (redacted values always pass).
        subcategory: the taxonomy subcategory the type belongs to, for readers.
        facets: cues naming the variant of an amount (嘉奖 / 三等功, 一类乡镇); the nearest before it counts.
        lookback: how many clauses before the amount's own clause a cue may stand in.
        label_en: English label.
    """

    id: str
    label: str
    definition: str
    cues: tuple[Cue, ...]
    exclude: tuple[Cue, ...] = ()
    units: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    subcategory: str | None = None
    facets: tuple[Cue, ...] = ()
    lookback: int = 1
    label_en: str = ""

    def accepts(self, quantity: Mapping[str, Any]) -> bool:
        """Whether an amount's unit, kind and value fit this type (the cues are checked separately).

        Examples:
            >>> from policytext.taxonomy import Cue
            >>> t = QuantityType("x", "体检经费", "…", (Cue(term="体检"),), units=("元/人/*",), maximum=5000)
            >>> t.accepts({"value": 800.0, "unit": "元/人/年"}), t.accepts({"value": 8e5, "unit": "元/人/年"})
            (True, False)
        """
        unit = str(quantity.get("unit") or "")
        if self.units and not any(fnmatch.fnmatchcase(unit, glob) for glob in self.units):
            return False
        if self.kinds and quantity_kind(unit) not in self.kinds:
            return False
        value = quantity.get("value")
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return True
        if self.minimum is not None and value < self.minimum:
            return False
        return not (self.maximum is not None and value > self.maximum)


@dataclass(frozen=True, slots=True)
class QuantityTypes:
    """A validated quantity-types file: the types in file order."""

    id: str
    title: str
    description: str
    types: tuple[QuantityType, ...]
    taxonomy: str | None = None
    source: str = ""

    def get(self, id: str) -> QuantityType:
        """The type with this id.

        Raises:
            KeyError: no such type (the message lists the known ids).
        """
        for t in self.types:
            if t.id == id:
                return t
        raise KeyError(f"{self.id}: no quantity type {id!r}; types: {', '.join(t.id for t in self.types)}")


def quantity_kind(unit: str) -> str:
    """The kind of an amount from its unit (records carry the unit, not the kind).

    Examples:
        >>> [quantity_kind(u) for u in ["元/人/年", "%", "百分点", "套", "天/年", "次/年", "倍"]]
        ['money', 'percent', 'percent', 'count', 'duration', 'count', 'multiplier']
    """
    base = unit.split("/", 1)[0]
    if base.startswith("元"):
        return "money"
    if base in ("%", "百分点"):
        return "percent"
    if base == "倍":
        return "multiplier"
    if base in _DURATION_UNITS:
        return "duration"
    return "count"


_TOP_KEYS = ("schema_version", "id", "title", "description", "taxonomy", "lookback", "types")
_TYPE_KEYS = (
    "label",
    "label_en",
    "definition",
    "cues",
    "exclude",
    "units",
    "kinds",
    "min",
    "max",
    "subcategory",
    "facets",
    "lookback",
)
_CUE_KEYS = ("term", "pattern", "note")


class _TypesChecker(_Checker):
    """Builds :class:`QuantityTypes` from parsed TOML, collecting every problem with its line and key path: the
    taxonomy checker (line numbers, unknown keys with a hint, strings, cues), with the fields of quantity types."""

    cue_keys = _CUE_KEYS  # (no weights: a quantity type is matched, not scored)

    def number(self, table: Mapping[str, Any], key: str, path: KeyPath) -> float | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.problem((*path, key), f"expected a number, got {value!r} (write {key} = 1000, without quotes)")
            return None
        return float(value)

    def lookback(self, table: Mapping[str, Any], path: KeyPath, default: int) -> int:
        if "lookback" not in table:
            return default
        value = table["lookback"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            self.problem((*path, "lookback"), f"expected a whole number from 0 to 5, got {value!r}")
            return default
        return value

    def strings(self, table: Mapping[str, Any], key: str, path: KeyPath) -> tuple[str, ...]:
        if key not in table:
            return ()
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem((*path, key), f"expected a list of non-empty strings, got {value!r}")
            return ()
        return tuple(v.strip() for v in value)

    def build(self, data: dict[str, Any], source: str) -> QuantityTypes | None:
        self.table(data, (), _TOP_KEYS, "quantity types file")
        if data.get("schema_version") != 1 or isinstance(data.get("schema_version"), bool):
            self.problem(("schema_version",), f"expected schema_version = 1, got {data.get('schema_version')!r}")
        file_id = self.text_value(data, "id", (), required=True)
        title = self.text_value(data, "title", (), required=True)
        description = self.text_value(data, "description", (), required=True)
        taxonomy_name = self.text_value(data, "taxonomy", (), required=False) or None
        default_lookback = self.lookback(data, (), 1)
        taxonomy = None
        if taxonomy_name:
            try:
                taxonomy = load_taxonomy(taxonomy_name)
            except TaxonomyError as exc:
                self.problem(("taxonomy",), f"cannot load taxonomy {taxonomy_name!r}: {exc}")
        types: list[QuantityType] = []
        tables = data.get("types")
        if not isinstance(tables, dict) or not tables:
            self.problem(("types",), "expected at least one [types.<id>] table")
            tables = {}
        for type_id, table in tables.items():
            path: KeyPath = ("types", type_id)
            if not _ID_RE.match(type_id):
                self.problem(path, f"invalid type id {type_id!r}: use lower-case ASCII letters, digits and _")
            if not isinstance(table, dict):
                self.problem(path, f"expected a table, got {table!r}")
                continue
            self.table(table, path, _TYPE_KEYS, "quantity type")
            kinds = self.strings(table, "kinds", path)
            for i, kind in enumerate(kinds):
                if kind not in _KINDS:
                    self.problem((*path, "kinds", i), f"unknown kind {kind!r}; kinds: {', '.join(_KINDS)}")
            minimum, maximum = self.number(table, "min", path), self.number(table, "max", path)
            if minimum is not None and maximum is not None and minimum > maximum:
                self.problem((*path, "min"), f"min {minimum:g} is larger than max {maximum:g}")
            subcategory = self.text_value(table, "subcategory", path, required=False) or None
            if subcategory and taxonomy is not None:
                try:
                    taxonomy.subcategory(subcategory)
                except KeyError:
                    self.problem((*path, "subcategory"), f"{taxonomy.id} has no subcategory {subcategory!r}")
            types.append(
                QuantityType(
                    id=type_id,
                    label=self.text_value(table, "label", path, required=True),
                    label_en=self.text_value(table, "label_en", path, required=False),
                    definition=self.text_value(table, "definition", path, required=True),
                    cues=self.cues(table, "cues", path, required=True),
                    exclude=self.cues(table, "exclude", path, required=False),
                    units=self.strings(table, "units", path),
                    kinds=kinds,
                    minimum=minimum,
                    maximum=maximum,
                    subcategory=subcategory,
                    facets=self.cues(table, "facets", path, required=False),
                    lookback=self.lookback(table, path, default_lookback),
                )
            )
        if self.problems:
            return None
        return QuantityTypes(file_id, title, description, tuple(types), taxonomy=taxonomy_name, source=source)


def parse_quantity_types(text: str, *, source: str = "<string>") -> QuantityTypes:
    """Build quantity types from TOML text (format: ``taxonomies/SCHEMA.md``, section "Quantity types").

    Raises:
        TaxonomyError: one ``file:line: key.path: problem`` line per problem.

    Examples:
        >>> toml = '''
        ... schema_version = 1
        ... id = "mini"
        ... title = "示例"
        ... description = "One type."
        ... [types.help_fund]
        ... label = "帮扶基金"
        ... definition = "Size of a help fund."
        ... cues = ["帮扶基金"]
        ... units = ["元", "元/年"]
        ... '''
        >>> parse_quantity_types(toml).types[0].units
        ('元', '元/年')
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{source}: invalid TOML: {exc}") from None
    checker = _TypesChecker(text, source)
    types = checker.build(data, source)
    if types is None:
        raise TaxonomyError("\n".join(map(str, checker.problems)))
    return types


def _builtin_types_dir() -> Traversable:
    packaged = resources.files("policytext") / "taxonomies" / "quantity_types"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "taxonomies" / "quantity_types"


@cache
def _builtin_types(name: str) -> QuantityTypes:
    entry = _builtin_types_dir() / f"{name}.toml"
    if not entry.is_file():
        names = sorted(e.name.removesuffix(".toml") for e in _builtin_types_dir().iterdir() if e.name.endswith(".toml"))
        raise TaxonomyError(
            f"no built-in quantity types {name!r}; built-in: {', '.join(names) or 'none'}; "
            "or pass the path of a .toml file (see taxonomies/SCHEMA.md)"
        )
    return parse_quantity_types(entry.read_text(encoding="utf-8"), source=str(entry))


def load_quantity_types(name_or_path: str | os.PathLike[str] | QuantityTypes = "cadre_care") -> QuantityTypes:
    """Built-in quantity types by name (``cadre_care``) or a quantity-types ``.toml`` file.

    Raises:
        TaxonomyError: unknown name, unreadable file or invalid content (file, line and key path given).

    Examples:
        >>> load_quantity_types().get("help_fund").label
        '帮扶基金/关爱基金'
    """
    if isinstance(name_or_path, QuantityTypes):
        return name_or_path
    text = os.fspath(name_or_path)
    if not text.endswith(".toml") and "/" not in text and os.sep not in text:
        return _builtin_types(text)
    try:
        source = Path(text).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TaxonomyError(f"{text}: cannot read the quantity types file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise TaxonomyError(f"{text}: not UTF-8 text; save the file as UTF-8") from None
    return parse_quantity_types(source, source=text)


# ---- matching amounts to types -----------------------------------------------------------------------------
def split_clauses(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the clauses of a sentence: the text between ``，；。！？`` (the mark ends it).

    Examples:
        >>> s = "乡镇津贴由200元，分别提高到350元。"
        >>> [s[a:b] for a, b in split_clauses(s)]
        ['乡镇津贴由200元，', '分别提高到350元。']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_BREAK_RE.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return spans


def _locate(text: str, quantities: Sequence[Mapping[str, Any]]) -> list[tuple[int, int] | None]:
    """Where each quantity's text is in the sentence (in text order; a repeated text is searched onward)."""
    out: list[tuple[int, int] | None] = []
    cursor = 0
    for q in quantities:
        written = q.get("text")
        if not isinstance(written, str) or not written:
            out.append(None)
            continue
        at = text.find(written, cursor)
        if at < 0:
            at = text.find(written)
        if at < 0:
            out.append(None)
            continue
        out.append((at, at + len(written)))
        cursor = at + len(written)
    return out


@cache
def _cue_regex(cues: tuple[Cue, ...]) -> re.Pattern[str] | None:
    """One alternation for cues (terms escaped, patterns grouped), or None if a pattern has inline flags."""
    parts = []
    for cue in cues:
        if cue.term is not None:
            parts.append(re.escape(cue.term))
        elif str(cue.pattern).startswith("(?") and re.match(r"\(\?[aiLmsux]+\)", str(cue.pattern)):
            return None
        else:
            parts.append(f"(?:{cue.pattern})")
    return re.compile("|".join(sorted(parts, key=len, reverse=True))) if parts else None


def _cue_spans(cues: tuple[Cue, ...], text: str, start: int, end: int) -> list[tuple[int, int]]:
    if not cues:
        return []
    regex = _cue_regex(cues)
    if regex is None:
        piece = text[start:end]
        return [(start + a, start + b) for cue in cues for a, b in cue.spans(piece)]
    return [(m.start(), m.end()) for m in regex.finditer(text, start, end) if m.end() > m.start()]


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """An amount of a sentence reported under a provision type."""

    type: QuantityType
    quantity: Mapping[str, Any]
    start: int
    end: int
    clause: str
    facet: str | None


def match_quantity_types(
    text: str, quantities: Sequence[Mapping[str, Any]], types: QuantityTypes | Sequence[QuantityType]
) -> list[QuantityMatch]:
    """The amounts of a sentence that belong to a provision type, with the type, clause and facet.

    Args:
        text: the sentence.
        quantities: its quantities as in records (``text`` is located inside the sentence).
        types: the provision types (:func:`load_quantity_types`).

    Examples:
        >>> from policytext.quantities import extract_quantities
        >>> s = "乡镇津贴由200元的基础标准，分别提高到350元、550元和800元三个档次标准。"
        >>> qs = [q.to_dict() for q in extract_quantities(s)]
        >>> [(m.type.id, m.quantity["value"]) for m in match_quantity_types(s, qs, load_quantity_types())]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('township_allowance', 200.0), ('township_allowance', 350.0), ('township_allowance', 550.0),
         ('township_allowance', 800.0)]
    """
    type_list = list(types.types if isinstance(types, QuantityTypes) else types)
    clauses = split_clauses(text)
    out: list[QuantityMatch] = []
    for q, span in zip(quantities, _locate(text, quantities), strict=True):
        if span is None:
            continue
        qs, qe = span
        index = next((i for i, (a, b) in enumerate(clauses) if a <= qs < b), len(clauses) - 1)
        accepted = [t for t in type_list if t.accepts(q)]
        chosen: QuantityType | None = None
        for back in range(0, 1 + max((t.lookback for t in accepted), default=0)):
            if index - back < 0:
                break
            a, b = clauses[index - back]
            best: tuple[int, int, QuantityType] | None = None
            any_cue = False
            for order, t in enumerate(type_list):
                spans = _cue_spans(t.cues, text, a, b)
                if not spans:
                    continue
                any_cue = True
                if t not in accepted or t.lookback < back or _cue_spans(t.exclude, text, a, b):
                    continue
                distance = min(max(0, s - qe, qs - e) for s, e in spans)
                if best is None or (distance, order) < best[:2]:
                    best = (distance, order, t)
            if best is not None:
                chosen = best[2]
                break
            if any_cue:  # the clause speaks of another provision: do not reach past it
                break
        if chosen is None:
            continue
        a, b = clauses[index]
        out.append(QuantityMatch(chosen, q, qs, qe, text[a:b].strip(), _facet(chosen, text, qs)))
    return out


def _facet(qtype: QuantityType, text: str, start: int) -> str | None:
    if not qtype.facets:
        return None
    spans = [(s, e) for s, e in _cue_spans(qtype.facets, text, 0, len(text)) if e <= start]
    if not spans:
        return None
    s, e = max(spans, key=lambda se: (se[1], -se[0]))
    return text[s:e]


# ---- units of comparison -----------------------------------------------------------------------------------
def region_label(record: Mapping[str, Any]) -> str:
    """A readable label of a record's region; anonymized regions name their document and article.

    Examples:
        >>> region_label({"region": "x县", "region_key": "x县@12_anon#3", "region_anonymized": True})
        'x县 (12_anon #3)'
        >>> region_label({"region": "岳西县", "region_key": "340828"})
        '岳西县'
    """
    name = record.get("region")
    if not name:
        return UNKNOWN_REGION
    key = str(record.get("region_key") or "")
    if record.get("region_anonymized") and "@" in key:
        scope = key.split("@", 1)[1]
        doc, sep, article = scope.rpartition("#")
        return f"{name} ({doc} #{article})" if sep else f"{name} ({scope})"
    return str(name)


@dataclass
class _Unit:
    key: str
    label: str
    document: str | None = None
    article: int | None = None
    regions: Counter[tuple[str, str]] = field(default_factory=Counter)
    region_info: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    measures: list[Mapping[str, Any]] = field(default_factory=list)


def _unit_key(record: Mapping[str, Any], by: CompareBy) -> tuple[str, str]:
    doc = str(record.get("doc_id") or record.get("source") or "?")
    if by is CompareBy.document:
        return doc, doc
    if by is CompareBy.article:
        return f"{doc}#{record.get('article', 0)}", f"{doc} #{record.get('article', 0)}"
    key = record.get("region_key") or record.get("region") or ""
    return (str(key) if key else UNKNOWN_REGION), region_label(record)


def _is_measure(record: Mapping[str, Any]) -> bool:
    flag = record.get("is_measure")
    if flag is None:  # records without the flag (structure output, hand-made) count when they have a label
        return bool(record.get("categories"))
    return bool(flag)


def _build_units(records: Sequence[Mapping[str, Any]], by: CompareBy) -> dict[str, _Unit]:
    units: dict[str, _Unit] = {}
    for record in records:
        if not _is_measure(record):
            continue
        key, label = _unit_key(record, by)
        unit = units.get(key)
        if unit is None:
            unit = units[key] = _Unit(key, label)
            if by is not CompareBy.region:
                unit.document = str(record.get("doc_id") or record.get("source") or "?")
            if by is CompareBy.article:
                unit.article = int(record.get("article") or 0)
        doc = str(record.get("doc_id") or record.get("source") or "?")
        if doc not in unit.documents:
            unit.documents.append(doc)
        rlabel = region_label(record)
        unit.regions[(rlabel, str(record.get("region_level") or ""))] += 1
        unit.region_info.setdefault(
            rlabel,
            (str(record.get("region_level") or ""), record.get("region_parent"), record.get("region_code")),
        )
        unit.measures.append(record)
    # two regions written alike (朝阳区 in Beijing and in Liaoning): tell them apart by parent or code
    if by is CompareBy.region:
        seen = Counter(u.label for u in units.values())
        for unit in units.values():
            if seen[unit.label] > 1:
                _, parent, code = unit.region_info.get(unit.label, ("", None, None))
                unit.label = f"{unit.label} ({parent or code or unit.key})"
    return units


def _main_region(unit: _Unit) -> tuple[str, str]:
    (label, level), _ = max(unit.regions.items(), key=lambda kv: kv[1]) if unit.regions else ((UNKNOWN_REGION, ""), 0)
    return label, level


# ---- the comparison ----------------------------------------------------------------------------------------
@dataclass
class Comparison:
    """The comparison tables, one pandas DataFrame each (see the module docstring for their columns).

    Attributes:
        coverage: index = unit key (``region_key``, ``doc_id`` or ``doc_id#article``); ``region``,
            ``region_level``, ``documents``, ``measures``, then one column per category or subcategory id
            (counts of measures).
        provisions: ``subcategory`` (id), ``label``, then one column per unit label; a cell lists
            ``record id: shortened text`` lines.
        quantities: one row per provision type and unit: ``type``, ``label``, unit, ``region_level``,
            ``amounts``, ``values``, ``units``, ``details``, ``texts``, ``records``, ``sentences`` (lists).
        quantity_items: one row per amount: type, unit, value, unit of measure, qualifier, redacted, amount as
            shown, text as written, facet, clause, record id, sentence.
        similarity: square, index and columns = unit labels, cosine similarity of TF-IDF vectors.
        similarity_pairs: ``a``, ``b``, ``similarity``, ``measures_a``, ``measures_b``, most similar first.
        reuse: one row per shared passage: documents, articles, regions of both sides, passage, length,
            sentences and record ids.
        by, level, taxonomy: how the comparison was made.
        labels: id -> Chinese label of every category/subcategory column and provision type.
    """

    coverage: pd.DataFrame
    provisions: pd.DataFrame
    quantities: pd.DataFrame
    quantity_items: pd.DataFrame
    similarity: pd.DataFrame
    similarity_pairs: pd.DataFrame
    reuse: pd.DataFrame
    by: str = "region"
    level: str = "category"
    taxonomy: str = "cadre_care"
    labels: dict[str, str] = field(default_factory=dict)
    label_columns: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    min_passage: int = 12
    provision_items: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def unit_name(self) -> str:
        """The name of the unit column: ``region``, ``document`` or ``article``."""
        return self.by

    def short_label(self, id: str) -> str:
        """The Chinese label of a label column (a category column at subcategory level: ``…（其他）``)."""
        label = self.labels.get(id, id)
        if self.level == CompareLevel.subcategory.value and id in self.categories:
            return f"{label}（其他）"
        return label

    def column_label(self, id: str) -> str:
        """``健康关爱 health``: the header of a label column in :meth:`tables`."""
        label = self.short_label(id)
        return f"{label} {id}" if label != id else id

    def tables(self, *, labels: bool = True) -> dict[str, pd.DataFrame]:
        """Every table by name, in :data:`TABLES` order; with ``labels``, headers carry the Chinese labels.

        The coverage index (unit keys) is dropped: the unit labels in the first column are unique.
        """
        coverage = self.coverage.reset_index(drop=True)
        if labels:
            coverage = coverage.rename(columns={c: self.column_label(c) for c in self.label_columns})
        return {
            "coverage": coverage,
            "provisions": self.provisions,
            "quantities": self.quantities,
            "quantity_items": self.quantity_items,
            "similarity": self.similarity.reset_index(names=self.unit_name),
            "similarity_pairs": self.similarity_pairs,
            "reuse": self.reuse,
        }

    def to_dict(self) -> dict[str, Any]:
        """The comparison as JSON-ready data with machine-friendly ids (``labels`` maps ids to labels)."""
        coverage = []
        for key, row in self.coverage.iterrows():
            entry = {"key": key}
            entry.update({c: _plain(row[c]) for c in self.coverage.columns if c not in self.label_columns})
            entry["counts"] = {c: int(row[c]) for c in self.label_columns}
            coverage.append(entry)
        return {
            "by": self.by,
            "level": self.level,
            "taxonomy": self.taxonomy,
            "labels": dict(self.labels),
            "coverage": coverage,
            "provisions": self.provision_items,
            "quantities": _records(self.quantities),
            "quantity_items": _records(self.quantity_items),
            "similarity": {
                "labels": [str(x) for x in self.similarity.index],
                "keys": list(self.coverage.index) if len(self.coverage) == len(self.similarity) else [],
                "matrix": [[_plain(v) for v in row] for row in self.similarity.to_numpy().tolist()],
            },
            "similarity_pairs": _records(self.similarity_pairs),
            "reuse": _records(self.reuse),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON (``ensure_ascii=False``)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_markdown(self) -> str:
        """Every table as a Markdown section (cells shortened; ``<br>`` between the lines of a cell)."""
        from policytext.export import frame_to_markdown

        parts = [f"# Comparison by {self.by} ({self.level}, taxonomy {self.taxonomy})"]
        for name, frame in self.tables().items():
            parts.append(f"\n## {name}\n")
            if frame.empty:
                parts.append("(empty)")
                continue
            parts.append(frame_to_markdown(_for_text(frame, newline="<br>")))
        return "\n".join(parts) + "\n"


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: _plain(v) if not isinstance(v, list) else v for k, v in row.items()} for row in frame.to_dict("records")
    ]


def _for_text(frame: pd.DataFrame, *, newline: str) -> pd.DataFrame:
    """Lists joined, newlines replaced, floats rounded: a frame for Markdown or CSV cells."""

    def cell(v: Any) -> Any:
        if isinstance(v, list):
            v = "; ".join(_list_item(x) for x in v) if any(x != "" for x in v) else ""
        if isinstance(v, float):
            return "" if math.isnan(v) else round(v, 3)
        if isinstance(v, str):
            return v.replace("\n", newline)
        return v

    return frame.map(cell)


def _list_item(x: Any) -> str:
    if x is None:
        return "x"  # a redacted amount
    if isinstance(x, float):
        return f"{x:g}" if x != int(x) or abs(x) >= 1e16 else str(int(x))
    return str(x)


def _shorten(text: str, limit: int = _SHORT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _join_cell(lines: list[str]) -> str:
    out = "\n".join(lines)
    if len(out) <= _CELL_LIMIT:
        return out
    kept: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 40 > _CELL_LIMIT:
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join([*kept, f"… (+{len(lines) - len(kept)} more)"])


def compare_regions(
    records: Iterable[Mapping[str, Any]],
    *,
    by: CompareBy | str = CompareBy.region,
    level: CompareLevel | str = CompareLevel.category,
    taxonomy: Taxonomy | str | os.PathLike[str] = "cadre_care",
    quantity_types: QuantityTypes | str | os.PathLike[str] = "cadre_care",
    min_passage: int = 12,
    boilerplate: Sequence[str] = DEFAULT_BOILERPLATE,
    boilerplate_share: float = 0.4,
) -> Comparison:
    """Compare regions (documents, articles) on their measures: coverage, provisions, quantities, reuse.

    Args:
        records: extraction records (:func:`policytext.extract`, or read back with
            :func:`policytext.export.read_records`). Records with ``is_measure`` false (``--all-sentences``)
            count only for text reuse.
        by: ``region`` (anonymized regions per article), ``document`` or ``article``.
        level: ``category`` or ``subcategory`` columns in the coverage table.
        taxonomy: the taxonomy the records were tagged with (labels and column order).
        quantity_types: the provision types of the quantities table.
        min_passage: shortest shared passage reported as reuse (characters). Candidates come from MinHash
            LSH over 16-character windows (step 4): in a synthetic check, planted passages of 14 or more
            characters were found every time, passages of 12–13 characters in 4 trials out of 5.
        boilerplate: stock phrases that do not count towards a shared passage.
        boilerplate_share: a passage found in at least this share of the sources (and in 3) is boilerplate.

    Raises:
        TypeError: ``records`` is a string or a path (read it with ``read_records`` first).
        TaxonomyError: the taxonomy or the quantity types cannot be loaded.
    """
    import pandas as pd

    if isinstance(records, (str, bytes, os.PathLike)):
        raise TypeError(
            "compare_regions takes records (dicts), not a path; use policytext.export.read_records(path) or "
            "policytext.extract(paths)"
        )
    by = CompareBy(by)
    level = CompareLevel(level)
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    types = load_quantity_types(quantity_types)
    rows = [r for r in records]
    for r in rows[:1]:
        if not isinstance(r, Mapping) or "text" not in r:
            raise TypeError("compare_regions: expected extraction records (dicts with at least 'text' and 'doc_id')")
    units = _build_units(rows, by)
    labels = _labels(tax, types)

    columns = _label_columns(tax, units.values(), level)
    labels.update({c: labels.get(c, c) for c in columns})
    coverage = _coverage(units, by, columns, level)
    provisions, provision_items = _provisions(units, tax, by)
    quantities, items = _quantities(units, types, by)
    similarity, pairs = _similarity(units, by)
    reuse = _reuse(rows, by, units, min_passage=min_passage, boilerplate=boilerplate, share=boilerplate_share)
    return Comparison(
        coverage=coverage,
        provisions=provisions,
        quantities=quantities,
        quantity_items=items,
        similarity=similarity,
        similarity_pairs=pairs,
        reuse=reuse if reuse is not None else pd.DataFrame(),
        by=by.value,
        level=level.value,
        taxonomy=tax.id,
        labels=labels,
        label_columns=columns,
        categories=[c.id for c in tax.categories]
        + [c for c in columns if "." not in c and c not in {k.id for k in tax.categories}],
        provision_items=provision_items,
        min_passage=min_passage,
    )


def _labels(tax: Taxonomy, types: QuantityTypes) -> dict[str, str]:
    labels: dict[str, str] = {}
    for cat in tax.categories:
        labels[cat.id] = cat.label
        for sub in cat.subcategories:
            labels[sub.qualified_id] = sub.label
    for t in types.types:
        labels.setdefault(t.id, t.label)
    return labels


def _label_columns(tax: Taxonomy, units: Iterable[_Unit], level: CompareLevel) -> list[str]:
    """Label ids in taxonomy order; at subcategory level a category column holds its unrefined measures."""
    seen_cats: set[str] = set()
    seen_subs: set[str] = set()
    other: set[str] = set()  # categories with measures that no subcategory of theirs refines
    for unit in units:
        for r in unit.measures:
            cats = list(r.get("categories") or [])
            subs = list(r.get("subcategories") or [])
            seen_cats.update(cats)
            seen_subs.update(subs)
            refined = {s.split(".", 1)[0] for s in subs}
            other.update(c for c in cats if c not in refined)
    known_cats = [c.id for c in tax.categories]
    if level is CompareLevel.category:
        return known_cats + sorted(seen_cats - set(known_cats))
    columns: list[str] = []
    known_subs: set[str] = set()
    for cat in tax.categories:
        for sub in cat.subcategories:
            columns.append(sub.qualified_id)
            known_subs.add(sub.qualified_id)
        if cat.id in other:
            columns.append(cat.id)
    extra = sorted((seen_subs - known_subs) | (other - set(known_cats)))
    return columns + extra


def _coverage(units: Mapping[str, _Unit], by: CompareBy, columns: list[str], level: CompareLevel) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for unit in units.values():
        region, region_level = _main_region(unit)
        counts = Counter[str]()
        for r in unit.measures:
            cats = list(r.get("categories") or [])
            subs = list(r.get("subcategories") or [])
            if level is CompareLevel.category:
                counts.update(dict.fromkeys(cats, 1))
            else:
                counts.update(dict.fromkeys(subs, 1))
                refined = {s.split(".", 1)[0] for s in subs}
                counts.update(dict.fromkeys((c for c in cats if c not in refined), 1))
        row: dict[str, Any] = {}
        if by is not CompareBy.region:
            row["document"] = unit.document
        if by is CompareBy.article:
            row["article"] = unit.article
        row.update(
            {
                "region": region if by is not CompareBy.region else unit.label,
                "region_level": region_level,
                "documents": len(unit.documents),
                "measures": len(unit.measures),
            }
        )
        row.update({c: counts.get(c, 0) for c in columns})
        rows.append(row)
    head = (["document"] if by is not CompareBy.region else []) + (["article"] if by is CompareBy.article else [])
    frame = pd.DataFrame(rows, columns=[*head, "region", "region_level", "documents", "measures", *columns])
    frame.index = pd.Index(list(units), name="key")
    return frame


def _provisions(units: Mapping[str, _Unit], tax: Taxonomy, by: CompareBy) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    import pandas as pd

    order: list[tuple[str, str]] = []
    for cat in tax.categories:
        order.extend((s.qualified_id, s.label) for s in cat.subcategories)
        order.append((cat.id, f"{cat.label}（其他）"))
    known = {rid for rid, _ in order}
    cells: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    items: list[dict[str, Any]] = []
    extra: list[str] = []
    for unit in units.values():
        for r in unit.measures:
            subs = list(r.get("subcategories") or [])
            refined = {s.split(".", 1)[0] for s in subs}
            rows_of = subs + [c for c in (r.get("categories") or []) if c not in refined]
            for row_id in rows_of:
                if row_id not in known and row_id not in extra:
                    extra.append(row_id)
                rid = str(r.get("id") or "")
                cells[row_id][unit.key].append(f"{rid}: {_shorten(r.get('text', ''))}")
                items.append(
                    {
                        "subcategory": row_id,
                        "key": unit.key,
                        by.value: unit.label,
                        "id": rid,
                        "text": r.get("text", ""),
                    }
                )
    labels = [u.label for u in units.values()]
    rows = []
    for row_id, label in [*order, *((e, e) for e in sorted(extra))]:
        if row_id not in cells:
            continue
        row = {"subcategory": row_id, "label": label}
        for unit in units.values():
            row[unit.label] = _join_cell(cells[row_id].get(unit.key, []))
        rows.append(row)
    return pd.DataFrame(rows, columns=["subcategory", "label", *labels]), items


def _quantities(units: Mapping[str, _Unit], types: QuantityTypes, by: CompareBy) -> tuple[pd.DataFrame, pd.DataFrame]:
    import pandas as pd

    from policytext.export import format_quantity

    items: list[dict[str, Any]] = []
    for unit in units.values():
        _, region_level = _main_region(unit)
        for r in unit.measures:
            quantities = r.get("quantities") or []
            if not quantities:
                continue
            text = str(r.get("text") or "")
            for m in match_quantity_types(text, quantities, types):
                q = m.quantity
                items.append(
                    {
                        "type": m.type.id,
                        "label": m.type.label,
                        "key": unit.key,
                        by.value: unit.label,
                        "region_level": region_level,
                        "value": _plain(q.get("value")),
                        "unit": q.get("unit"),
                        "qualifier": q.get("qualifier"),
                        "redacted": bool(q.get("redacted")),
                        "amount": format_quantity(q),
                        "text": q.get("text"),
                        "facet": m.facet,
                        "clause": m.clause,
                        "record": r.get("id"),
                        "sentence": text,
                    }
                )
    type_order = {t.id: i for i, t in enumerate(types.types)}
    unit_order = {k: i for i, k in enumerate(units)}
    items.sort(key=lambda it: (type_order[it["type"]], unit_order[it["key"]]))
    item_columns = [
        "type",
        "label",
        by.value,
        "region_level",
        "value",
        "unit",
        "qualifier",
        "redacted",
        "amount",
        "text",
        "facet",
        "clause",
        "record",
        "sentence",
    ]
    item_frame = pd.DataFrame([{k: it[k] for k in item_columns} for it in items], columns=item_columns)

    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for it in items:
        grouped[(it["type"], it["key"])].append(it)
    rows = []
    for (type_id, _key), group in grouped.items():
        records: list[str] = []
        sentences: list[str] = []
        for it in group:
            if it["record"] not in records:
                records.append(it["record"])
                sentences.append(it["sentence"])
        rows.append(
            {
                "type": type_id,
                "label": group[0]["label"],
                by.value: group[0][by.value],
                "region_level": group[0]["region_level"],
                "amounts": [it["amount"] for it in group],
                "values": [it["value"] for it in group],
                "units": [it["unit"] for it in group],
                "details": [it["facet"] or "" for it in group],
                "texts": [it["text"] for it in group],
                "records": records,
                "sentences": sentences,
            }
        )
    columns = [
        "type",
        "label",
        by.value,
        "region_level",
        "amounts",
        "values",
        "units",
        "details",
        "texts",
        "records",
        "sentences",
    ]
    return pd.DataFrame(rows, columns=columns), item_frame


def _similarity(units: Mapping[str, _Unit], by: CompareBy) -> tuple[pd.DataFrame, pd.DataFrame]:
    import numpy as np
    import pandas as pd

    labels = [u.label for u in units.values()]
    pair_columns = ["a", "b", "similarity", "measures_a", "measures_b"]
    if not labels:
        return pd.DataFrame(), pd.DataFrame(columns=pair_columns)
    texts = ["\n".join(str(r.get("text") or "") for r in u.measures) for u in units.values()]
    if len(labels) == 1:
        matrix = np.ones((1, 1))
    else:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.metrics.pairwise import cosine_similarity

        try:
            vectors = TfidfVectorizer(analyzer="char", ngram_range=(2, 4)).fit_transform(texts)
            matrix = cosine_similarity(vectors)
        except ValueError:  # no n-grams at all (one-character texts)
            matrix = np.zeros((len(labels), len(labels)))
        matrix = (matrix + matrix.T) / 2
        np.fill_diagonal(matrix, 1.0)
        matrix = np.round(matrix, 4)
    frame = pd.DataFrame(matrix, index=pd.Index(labels, name=by.value), columns=labels)
    counts = [len(u.measures) for u in units.values()]
    pairs: list[dict[str, Any]] = [
        {
            "a": labels[i],
            "b": labels[j],
            "similarity": float(matrix[i, j]),
            "measures_a": counts[i],
            "measures_b": counts[j],
        }
        for i in range(len(labels))
        for j in range(i + 1, len(labels))
    ]
    pairs.sort(key=lambda p: -p["similarity"])  # stable: ties keep unit order
    return frame, pd.DataFrame(pairs, columns=pair_columns)


# ---- text reuse --------------------------------------------------------------------------------------------
_WINDOW = 16  # characters per MinHash window: a passage of >= _WINDOW + _STEP - 1 characters contains one
_STEP = 4
_SHINGLE = 5
_NUM_PERM = 64
_REUSE_KINDS = frozenset({"body", "heading"})
_EDGE_PUNCT = frozenset("，,；;。：:、！？!?“”‘’\"'（）()《》〈〉【】—…· \t\n")


def _fold(text: str) -> str:
    """Digits folded to ``0``: a provision copied with another amount still aligns (offsets unchanged)."""
    return _DIGIT_RE.sub("0", text)


def _shingles(text: str) -> set[bytes]:
    if len(text) <= _SHINGLE:
        return {text.encode("utf-8")}
    return {text[i : i + _SHINGLE].encode("utf-8") for i in range(len(text) - _SHINGLE + 1)}


def _windows(text: str) -> list[str]:
    if len(text) <= _WINDOW:
        return [text]
    starts = list(range(0, len(text) - _WINDOW + 1, _STEP))
    if starts[-1] != len(text) - _WINDOW:
        starts.append(len(text) - _WINDOW)
    return [text[s : s + _WINDOW] for s in starts]


def _boilerplate_only(passage: str, phrases: Sequence[str], min_passage: int) -> bool:
    """Whether what is left of a passage after removing the stock phrases is shorter than ``min_passage``."""
    rest = passage
    for phrase in sorted(phrases, key=len, reverse=True):
        rest = rest.replace(_fold(phrase), "\x00")
    return max((len(p) for p in rest.split("\x00")), default=0) < min_passage


def _passages(a: str, b: str, min_passage: int) -> list[tuple[int, int, int, int, int]]:
    """Shared passages of two (folded) sentences: ``(a_start, a_end, b_start, b_end, matched)``.

    Matching blocks of difflib are merged across small edits (a county name, a changed word: at most 3
    characters on each side), then passages with at least ``min_passage`` matched characters are kept.
    """
    blocks = [blk for blk in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if blk.size]
    merged: list[list[int]] = []
    for blk in blocks:
        if merged:
            last = merged[-1]
            gap_a, gap_b = blk.a - last[1], blk.b - last[3]
            if 0 <= gap_a <= 3 and 0 <= gap_b <= 3 and blk.size >= 4 and last[4] >= 4:
                last[1], last[3] = blk.a + blk.size, blk.b + blk.size
                last[4] += blk.size
                continue
        merged.append([blk.a, blk.a + blk.size, blk.b, blk.b + blk.size, blk.size])
    out = []
    for a0, a1, b0, b1, matched in merged:
        # passages start and end on text, not on punctuation (both ends lie inside matched blocks)
        while a0 < a1 and a[a0] in _EDGE_PUNCT:
            a0, b0, matched = a0 + 1, b0 + 1, matched - 1
        while a1 > a0 and a[a1 - 1] in _EDGE_PUNCT:
            a1, b1, matched = a1 - 1, b1 - 1, matched - 1
        if matched >= min_passage:
            out.append((a0, a1, b0, b1, matched))
    return out


def _reuse(
    records: Sequence[Mapping[str, Any]],
    by: CompareBy,
    units: Mapping[str, _Unit],
    *,
    min_passage: int,
    boilerplate: Sequence[str],
    share: float,
) -> pd.DataFrame:
    import pandas as pd
    from datasketch import MinHash, MinHashLSH

    columns = [
        "document_a",
        "article_a",
        "region_a",
        "document_b",
        "article_b",
        "region_b",
        "passage",
        "passage_b",
        "length",
        "sources",
        "sentence_a",
        "sentence_b",
        "record_a",
        "record_b",
    ]
    sentences: list[Mapping[str, Any]] = []
    seen: set[str] = set()
    for r in records:
        rid = str(r.get("id") or "")
        text = str(r.get("text") or "")
        if rid in seen or len(text) < min_passage or (r.get("kind") and r.get("kind") not in _REUSE_KINDS):
            continue
        seen.add(rid)
        sentences.append(r)
    source_of = [(str(r.get("doc_id") or r.get("source") or "?"), int(r.get("article") or 0)) for r in sentences]
    sources = list(dict.fromkeys(source_of))
    n_sources = len(sources)
    if n_sources < 2:
        return pd.DataFrame(columns=columns)
    folded = [_fold(str(r.get("text"))) for r in sentences]
    owners: list[int] = []
    windows: list[str] = []
    for i, text in enumerate(folded):
        for w in _windows(text):
            owners.append(i)
            windows.append(w)
    hashes = MinHash.bulk((_shingles(w) for w in windows), num_perm=_NUM_PERM, seed=1)
    lsh = MinHashLSH(threshold=0.5, num_perm=_NUM_PERM)
    with lsh.insertion_session() as session:
        for k, h in enumerate(hashes):
            session.insert(k, h, check_duplication=False)
    limit = max(3, math.ceil(share * n_sources))
    candidates: set[tuple[int, int]] = set()
    for k, h in enumerate(hashes):
        i = owners[k]
        found = {owners[j] for j in lsh.query(h)}
        if len({source_of[j] for j in found}) >= limit:  # a window shared that widely is boilerplate
            continue
        for j in found:
            if source_of[j] != source_of[i]:
                candidates.add((min(i, j), max(i, j)))

    source_texts = defaultdict(list)
    for i, text in enumerate(folded):
        source_texts[source_of[i]].append(text)
    joined = {s: "\n".join(t) for s, t in source_texts.items()}
    # the region of each side; by document or article, the document and article columns name the unit
    unit_label = _unit_labeller(CompareBy.region, units) if by is CompareBy.region else region_label
    order = {s: i for i, s in enumerate(sources)}
    rows: list[dict[str, Any]] = []
    for i, j in sorted(candidates):
        if order[source_of[i]] > order[source_of[j]]:
            i, j = j, i
        a, b = folded[i], folded[j]
        for a0, a1, b0, b1, _matched in _passages(a, b, min_passage):
            passage = a[a0:a1]
            if _boilerplate_only(passage, boilerplate, min_passage):
                continue
            core = max(
                (blk for blk in difflib.SequenceMatcher(None, passage, b[b0:b1], autojunk=False).get_matching_blocks()),
                key=lambda blk: blk.size,
            )
            exact = passage[core.a : core.a + core.size]
            spread = sum(exact in text for text in joined.values())
            if spread >= limit:
                continue
            ra, rb = sentences[i], sentences[j]
            ta, tb = str(ra.get("text")), str(rb.get("text"))
            rows.append(
                {
                    "document_a": source_of[i][0],
                    "article_a": source_of[i][1],
                    "region_a": unit_label(ra),
                    "document_b": source_of[j][0],
                    "article_b": source_of[j][1],
                    "region_b": unit_label(rb),
                    "passage": ta[a0:a1],
                    "passage_b": tb[b0:b1],
                    "length": a1 - a0,
                    "sources": spread,
                    "sentence_a": ta,
                    "sentence_b": tb,
                    "record_a": ra.get("id"),
                    "record_b": rb.get("id"),
                }
            )
    rows.sort(
        key=lambda r: (
            -r["length"],
            order[(r["document_a"], r["article_a"])],
            str(r["record_a"]),
            str(r["record_b"]),
        )
    )
    return pd.DataFrame(rows, columns=columns)


def _unit_labeller(by: CompareBy, units: Mapping[str, _Unit]) -> Any:
    def label(record: Mapping[str, Any]) -> str:
        key, fallback = _unit_key(record, by)
        unit = units.get(key)
        return unit.label if unit is not None else fallback

    return label


# ---- inputs and outputs ------------------------------------------------------------------------------------
#: suffixes of extraction outputs (read with :func:`policytext.export.read_records`)
RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".xlsx", ".parquet"})


@dataclass
class Corpus:
    """Documents analysed on the fly and records (theirs and those read from extract outputs).

    Attributes:
        documents: the structured documents (empty for extract outputs: they carry no full text).
        records: every sentence record of the documents (``is_measure`` marks measures), and those read.
        failed: one message per input that could not be read.
    """

    documents: list[StructuredDocument] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def load_corpus(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str] | tuple[Path, str]],
    *,
    taxonomy: Any = "cadre_care",
    method: str = "hybrid",
    model: Any = None,
    annotations: Any = None,
    tagger: Any = None,
    config: str = "t2s",
    encoding: str | None = None,
    jobs: int | None = None,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
) -> Corpus:
    """Analyse the documents under ``paths`` and read extract outputs (jsonl, csv, xlsx, parquet).

    Documents are tagged with every sentence kept (``all_sentences``), so that text reuse sees the whole text;
    comparisons count measures only. A file that cannot be read is reported in :attr:`Corpus.failed`.

    Args:
        paths: files and folders, or ``(path, source)`` pairs from :func:`policytext.pipeline.iter_inputs`.
        tagger: a ready :class:`~policytext.tag.Tagger` (else one is made from taxonomy, method, model,
            annotations).
        progress: wraps the stream of analysed files (``progress(results, total)``), e.g. for a progress bar.

    Raises:
        InputError: a path does not exist.
        TaxonomyError: the taxonomy cannot be loaded.
    """
    from policytext.export import read_records
    from policytext.pipeline import analyze_files, document_records, iter_inputs, make_tagger

    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    pairs = [item for item in items if isinstance(item, tuple)]
    plain = [Path(p) for p in items if not isinstance(p, tuple)]
    record_files = [p for p in plain if p.is_file() and p.suffix.lower() in RECORD_SUFFIXES]
    others = [p for p in plain if p not in record_files]
    corpus = Corpus()
    for path in record_files:
        try:
            corpus.records.extend(read_records(path))
        except InputError as exc:
            corpus.failed.append(str(exc))
    if others:
        pairs += iter_inputs(others, supported_only=True)
    if pairs:
        if tagger is None:
            tagger = make_tagger(taxonomy=taxonomy, method=method, model=model, annotations=annotations)
        results: Iterable[Any] = analyze_files(pairs, config=config, encoding=encoding, jobs=jobs, tagger=tagger)
        if progress is not None:
            results = progress(results, len(pairs))
        for result in results:
            if not result.ok or result.document is None:
                corpus.failed.append(result.error or result.source)
                continue
            corpus.documents.append(result.document)
            corpus.records.extend(
                document_records(result.document, tagger=tagger, all_sentences=True, tags=result.tags)
            )
    return corpus


def write_comparison(
    comparison: Comparison,
    path: str | os.PathLike[str] | None = None,
    *,
    format: str | None = None,
    stream: IO[str] | None = None,
    bom: bool = True,
    title: str | None = None,
) -> list[Path]:
    """Write the comparison as ``csv``, ``xlsx``, ``md``, ``html`` or ``json`` (default: suffix, else md).

    ``csv`` writes one file per table beside ``path`` (``out.csv`` -> ``out.coverage.csv`` …); on a stream
    it writes the coverage table only. ``xlsx`` has one sheet per table (frozen header, widths fitted);
    ``html`` is a self-contained page with the heatmap and the tables. Returns the files written.

    Raises:
        ValueError: xlsx without a path, or an unknown format.
    """
    import sys

    from policytext.export import TableFormat, atomic_path, format_for, frame_to_csv, write_xlsx

    fmt = TableFormat(format) if format else TableFormat(format_for(path, "md", TableFormat))
    out = stream or sys.stdout
    written: list[Path] = []
    if fmt is TableFormat.xlsx:
        if path is None:
            raise ValueError("xlsx output needs a file: pass -o FILE.xlsx")
        sheets = {name: _for_excel(frame) for name, frame in comparison.tables().items()}
        with atomic_path(path) as tmp:
            write_xlsx(sheets, tmp)
        return [Path(path)]
    if fmt is TableFormat.csv:
        tables = comparison.tables()
        if path is None:
            out.write(frame_to_csv(_for_text(tables["coverage"], newline="\n"), bom=False))
            return []
        target = Path(path)
        stem = target.name[: -len(target.suffix)] if target.suffix else target.name
        for name, frame in tables.items():
            file = target.with_name(f"{stem}.{name}.csv")
            with atomic_path(file) as tmp:
                tmp.write_text(
                    frame_to_csv(_for_text(frame, newline="\n"), bom=False),
                    encoding="utf-8-sig" if bom else "utf-8",
                )
            written.append(file)
        return written
    if fmt is TableFormat.md:
        text = comparison.to_markdown()
    elif fmt is TableFormat.json:
        text = comparison.to_json() + "\n"
    else:
        from policytext.report import build_tables_page

        text = build_tables_page(comparison, title=title or "policytext comparison")
    if path is None:
        out.write(text)
        return []
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return [Path(path)]


def _for_excel(frame: pd.DataFrame) -> pd.DataFrame:
    def cell(v: Any) -> Any:
        if isinstance(v, list):
            return "\n".join(_list_item(x) for x in v) if any(x != "" for x in v) else ""
        if isinstance(v, str) and len(v) > _CELL_LIMIT:
            return v[:_CELL_LIMIT] + "…"
        return v

    return frame.map(cell)
