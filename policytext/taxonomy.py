"""Load and validate TOML taxonomies of policy measures.

A taxonomy is data: categories, their subcategories, and for each the *cues* (literal terms and
regular expressions, with weights) whose presence in a sentence suggests that label, plus *exclusion*
cues that veto it. The file format is documented in ``taxonomies/SCHEMA.md``; the built-in taxonomies
live in the top-level ``taxonomies/`` folder (shipped in the wheel as ``policytext/taxonomies``).

Loading is strict: every problem of a file (invalid TOML, unknown or missing keys, wrong types, bad
regular expressions, duplicate ids) is reported with the file, the line and the key path, all problems
in one message, so a researcher editing a taxonomy fixes them in one round.

The rule semantics (a cue counts once per sentence; a subcategory fires when the summed weight of its
matched cues reaches its threshold and none of its own or its category's exclusion cues matches) are
implemented here in plain Python by :meth:`Taxonomy.match`, as the reference that the fast tagger
(Aho-Corasick, in ``tag.py``) must agree with.

Examples:
    >>> taxonomy = load_taxonomy("cadre_care")
    >>> [c.id for c in taxonomy.categories]
    ['political_incentive', 'life_care', 'health', 'error_tolerance']
    >>> taxonomy.subcategory("health.checkup").label
    '健康体检'
    >>> [m.id for m in taxonomy.match("每年组织干部健康体检一次")]
    ['health.checkup']
"""

from __future__ import annotations

import bisect
import contextlib
import math
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from policytext.errors import TaxonomyError

__all__ = [
    "DEFAULT_THRESHOLD",
    "SCHEMA_VERSION",
    "Category",
    "Cue",
    "RuleMatch",
    "Subcategory",
    "Taxonomy",
    "TaxonomyProblem",
    "check_taxonomy_file",
    "find_key_lines",
    "format_taxonomy",
    "list_taxonomies",
    "load_taxonomy",
    "parse_taxonomy",
    "validate_taxonomy_file",
]

SCHEMA_VERSION = 1
DEFAULT_THRESHOLD = 1.0
DEFAULT_TAXONOMY = "cadre_care"
BUILTIN_PREFIX = "builtin:"

KeyPath = tuple[str | int, ...]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

# Allowed keys per table. Unknown keys are errors: a typo ("lable", "exlude") must never pass silently.
_TOP_KEYS = (
    "schema_version",
    "id",
    "title",
    "description",
    "language",
    "version",
    "references",
    "threshold",
    "measure",
    "categories",
)
_MEASURE_KEYS = ("cues", "non_measure")
_CATEGORY_KEYS = ("label", "label_en", "definition", "threshold", "cues", "exclude", "subcategories")
_SUBCATEGORY_KEYS = ("label", "label_en", "definition", "threshold", "cues", "exclude", "examples")
_CUE_KEYS = ("term", "pattern", "weight", "note")


# ----------------------------------------------------------------------------------------------------
# value types


@dataclass(frozen=True, slots=True)
class Cue:
    """A literal term or a regular expression whose presence in a sentence is evidence for a label.

    Terms are matched as substrings of the normalized (simplified Chinese) sentence, case-sensitively;
    patterns are Python regular expressions searched anywhere in the sentence.

    Attributes:
        term: the literal text, or ``None`` for a pattern cue.
        pattern: the regular expression source, or ``None`` for a term cue.
        weight: how much evidence the cue gives (a positive number; 1.0 fires a subcategory on its own
            at the default threshold, 0.5 needs a second cue).
        note: why the cue is there or what it must not catch (free text, for the taxonomy's readers).
        compiled: the compiled pattern (``None`` for terms).

    Examples:
        >>> Cue(term="体检").matches("组织干部体检")
        True
        >>> Cue(pattern="(?<!不)容错(?!过)").matches("机会不容错过")
        False
    """

    term: str | None = None
    pattern: str | None = None
    weight: float = 1.0
    note: str = ""
    compiled: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if (self.term is None) == (self.pattern is None):
            raise ValueError("a Cue needs exactly one of term= or pattern=")
        if not (isinstance(self.weight, int | float) and math.isfinite(self.weight) and self.weight > 0):
            raise ValueError(f"a Cue weight must be a positive number, not {self.weight!r}")
        if self.pattern is not None and self.compiled is None:
            object.__setattr__(self, "compiled", re.compile(self.pattern))

    @property
    def text(self) -> str:
        """The term, or the pattern source."""
        return self.term if self.term is not None else str(self.pattern)

    @property
    def kind(self) -> str:
        """``"term"`` or ``"pattern"``."""
        return "term" if self.term is not None else "pattern"

    def matches(self, text: str) -> bool:
        """Whether the cue occurs anywhere in ``text``.

        Examples:
            >>> Cue(pattern="体检(经费|卡)", weight=2.0).matches("发放体检卡")
            True
        """
        if self.term is not None:
            return self.term in text
        assert self.compiled is not None
        return self.compiled.search(text) is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping ``(start, end)`` offsets of the cue's occurrences in ``text``, left to right.

        Examples:
            >>> Cue(term="慰问").spans("走访慰问，发放慰问金")
            [(2, 4), (7, 9)]
        """
        if self.term is not None:
            return [(m.start(), m.end()) for m in re.finditer(re.escape(self.term), text)]
        assert self.compiled is not None
        return [(m.start(), m.end()) for m in self.compiled.finditer(text) if m.end() > m.start()]

    def to_toml_value(self) -> str | dict[str, Any]:
        """The cue as written in a taxonomy file: a bare string for a weight-1 term, else a table."""
        if self.term is not None and self.weight == 1.0 and not self.note:
            return self.term
        value: dict[str, Any] = {"term": self.term} if self.term is not None else {"pattern": self.pattern}
        value["weight"] = self.weight
        if self.note:
            value["note"] = self.note
        return value


@dataclass(frozen=True, slots=True)
class Subcategory:
    """A leaf label of a taxonomy (e.g. ``health.checkup`` 健康体检).

    Attributes:
        id: identifier, unique across the taxonomy (``checkup``).
        label: the Chinese label (``健康体检``).
        definition: what the label covers, for annotators and readers.
        cues: evidence for the label.
        exclude: cues that veto the label for a sentence that contains them.
        examples: short made-up example phrases that the rules must tag with this label.
        threshold: the summed cue weight at which the label fires (inherited from the category or taxonomy).
        parent: the id of the category.
        label_en: an English label, for figures and tables in English.
    """

    id: str
    label: str
    definition: str
    cues: tuple[Cue, ...]
    exclude: tuple[Cue, ...] = ()
    examples: tuple[str, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    parent: str = ""
    label_en: str = ""

    @property
    def qualified_id(self) -> str:
        """``category.subcategory`` (``health.checkup``)."""
        return f"{self.parent}.{self.id}" if self.parent else self.id


@dataclass(frozen=True, slots=True)
class Category:
    """A top-level label of a taxonomy (e.g. ``health`` 健康关爱) and its subcategories.

    Category cues tag a sentence with the category alone (when it speaks of the area in general,
    e.g. 容错纠错); category exclusion cues veto the category and all its subcategories.
    """

    id: str
    label: str
    definition: str
    cues: tuple[Cue, ...] = ()
    exclude: tuple[Cue, ...] = ()
    subcategories: tuple[Subcategory, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    label_en: str = ""


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A label that the rules give a text: see :meth:`Taxonomy.match`.

    Attributes:
        id: ``category.subcategory`` for a subcategory; the category id for a category matched by
            its own cues.
        category: the category id.
        subcategory: the subcategory id, or ``None`` for a category-level match.
        score: the summed weight of the matched cues.
        evidence: the matched cues' texts (terms, or pattern sources), in taxonomy order.
    """

    id: str
    category: str
    subcategory: str | None
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """A validated taxonomy: categories, subcategories, their cues, and document-wide measure cues.

    Attributes:
        id: identifier (``cadre_care``).
        title: a human title (``干部关心关爱措施``).
        description: what the taxonomy is for and where it comes from.
        schema_version: the file-format version (1).
        categories: the categories, in file order.
        measure_cues: cues that a sentence states a concrete measure (action verbs, provision patterns).
        non_measure_cues: cues that a sentence is rhetoric, a goal or a report of results rather than
            a measure.
        source: the file path, or ``builtin:<name>`` for a built-in taxonomy.
        language: the language of the texts the cues are written for (``zh``).
        threshold: the default threshold of the taxonomy's labels.
        version: the taxonomy's own version string, if any.
        references: literature the taxonomy follows.
    """

    id: str
    title: str
    description: str
    schema_version: int
    categories: tuple[Category, ...]
    measure_cues: tuple[Cue, ...] = ()
    non_measure_cues: tuple[Cue, ...] = ()
    source: str = ""
    language: str = "zh"
    threshold: float = DEFAULT_THRESHOLD
    version: str = ""
    references: tuple[str, ...] = ()
    _categories: dict[str, Category] = field(init=False, repr=False, compare=False)
    _subcategories: dict[str, Subcategory] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_categories", {c.id: c for c in self.categories})
        object.__setattr__(self, "_subcategories", {s.id: s for c in self.categories for s in c.subcategories})

    def category(self, id: str) -> Category:
        """The category with this id.

        Raises:
            KeyError: no such category (the message lists the known ids).

        Examples:
            >>> load_taxonomy().category("health").label
            '健康关爱'
        """
        try:
            return self._categories[id]
        except KeyError:
            raise KeyError(f"{self.id}: no category {id!r}; categories: {', '.join(self._categories)}") from None

    def subcategory(self, id: str) -> Subcategory:
        """The subcategory with this id, given alone (``checkup``) or qualified (``health.checkup``).

        Raises:
            KeyError: no such subcategory, or it is not under the category given.

        Examples:
            >>> load_taxonomy().subcategory("checkup").parent
            'health'
        """
        parent, _, sub_id = id.rpartition(".")
        sub = self._subcategories.get(sub_id)
        if sub is None or (parent and sub.parent != parent):
            known = ", ".join(s.qualified_id for s in self.iter_subcategories())
            raise KeyError(f"{self.id}: no subcategory {id!r}; subcategories: {known}")
        return sub

    def iter_subcategories(self) -> Iterator[Subcategory]:
        """All subcategories, category by category, in file order."""
        for category in self.categories:
            yield from category.subcategories

    def label(self, id: str) -> str:
        """The Chinese label of a category or subcategory id (``health``, ``checkup`` or ``health.checkup``).

        Examples:
            >>> load_taxonomy().label("health.checkup")
            '健康体检'
        """
        if id in self._categories:
            return self._categories[id].label
        return self.subcategory(id).label

    def match(self, text: str) -> list[RuleMatch]:
        """The labels the rules give ``text`` (a sentence): the reference rule semantics.

        A cue counts once however often it occurs; cues may overlap (``体检`` and ``体检经费``
        both count in ``体检经费``). A subcategory fires when no exclusion cue of its own or of its
        category occurs and the summed weight of its matched cues reaches its threshold. A category
        fires on its own cues the same way. Matches are returned in taxonomy order. This is plain
        Python (one substring test per cue), meant as the oracle for the fast tagger, not for
        corpus-scale use.

        Examples:
            >>> [m.id for m in load_taxonomy().match("为干部购买人身意外保险")]
            ['life_care.pay_allowance']
        """
        matches: list[RuleMatch] = []
        for category in self.categories:
            if any(cue.matches(text) for cue in category.exclude):
                continue
            found = _score(category.cues, text)
            if found and found[0] >= category.threshold:
                matches.append(RuleMatch(category.id, category.id, None, found[0], found[1]))
            for sub in category.subcategories:
                if any(cue.matches(text) for cue in sub.exclude):
                    continue
                found = _score(sub.cues, text)
                if found and found[0] >= sub.threshold:
                    matches.append(RuleMatch(sub.qualified_id, category.id, sub.id, found[0], found[1]))
        return matches

    def summary(self) -> dict[str, Any]:
        """Counts for listings: id, title, source, categories, subcategories, cues (incl. exclusions)."""
        subs = list(self.iter_subcategories())
        cues = sum(len(c.cues) + len(c.exclude) for c in self.categories) + sum(
            len(s.cues) + len(s.exclude) for s in subs
        )
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "categories": len(self.categories),
            "subcategories": len(subs),
            "cues": cues,
            "measure_cues": len(self.measure_cues),
            "non_measure_cues": len(self.non_measure_cues),
        }

    def to_dict(self) -> dict[str, Any]:
        """The taxonomy as plain data with the file's structure (JSON-serializable; ``source`` added)."""
        out: dict[str, Any] = {
            "schema_version": self.schema_version,
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "language": self.language,
            "threshold": self.threshold,
        }
        if self.version:
            out["version"] = self.version
        if self.references:
            out["references"] = list(self.references)
        out["source"] = self.source
        out["measure"] = {
            "cues": [c.to_toml_value() for c in self.measure_cues],
            "non_measure": [c.to_toml_value() for c in self.non_measure_cues],
        }
        categories: dict[str, Any] = {}
        for cat in self.categories:
            entry: dict[str, Any] = {"label": cat.label, "definition": cat.definition}
            if cat.label_en:
                entry["label_en"] = cat.label_en
            entry["threshold"] = cat.threshold
            entry["cues"] = [c.to_toml_value() for c in cat.cues]
            entry["exclude"] = [c.to_toml_value() for c in cat.exclude]
            subs: dict[str, Any] = {}
            for sub in cat.subcategories:
                sub_entry: dict[str, Any] = {"label": sub.label, "definition": sub.definition}
                if sub.label_en:
                    sub_entry["label_en"] = sub.label_en
                sub_entry["threshold"] = sub.threshold
                sub_entry["cues"] = [c.to_toml_value() for c in sub.cues]
                sub_entry["exclude"] = [c.to_toml_value() for c in sub.exclude]
                sub_entry["examples"] = list(sub.examples)
                subs[sub.id] = sub_entry
            entry["subcategories"] = subs
            categories[cat.id] = entry
        out["categories"] = categories
        return out


def _score(cues: tuple[Cue, ...], text: str) -> tuple[float, tuple[str, ...]] | None:
    hits = [cue for cue in cues if cue.matches(text)]
    if not hits:
        return None
    return sum(cue.weight for cue in hits), tuple(cue.text for cue in hits)


@dataclass(frozen=True, slots=True)
class TaxonomyProblem:
    """One problem found in a taxonomy file.

    Attributes:
        file: the file as given (or ``<string>``).
        line: 1-based line number, 0 when unknown.
        path: the key path (``categories.health.subcategories.checkup.cues[2].pattern``), empty for the file.
        message: what is wrong and how to fix it.
        severity: ``error`` (the file cannot be used) or ``warning`` (it loads, but something looks wrong).
    """

    file: str
    line: int
    path: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = f"{self.path}: {self.message}" if self.path else self.message
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{what}"


# ----------------------------------------------------------------------------------------------------
# finding the line of a key path in TOML source (tomllib gives no positions for valid files)


def find_key_lines(source: str) -> dict[KeyPath, int]:
    """Map every key path defined in a TOML text to the 1-based line where it is defined.

    Table headers, dotted keys, inline tables and array elements are all located; array elements
    are keyed by their index (``("cues", 2)``), tables of arrays (``[[x]]``) by their position.
    Tables defined only implicitly (``a`` in ``[a.b]``) get the line of their first mention. Meant
    for text that ``tomllib`` accepted; on text it cannot follow it returns what it found so far.

    Examples:
        >>> source = 'id = "x"\\n[categories.health]\\ncues = [\\n  "体检",\\n  { term = "查体" },\\n]\\n'
        >>> lines = find_key_lines(source)
        >>> lines[("categories", "health")], lines[("categories", "health", "cues", 1)]
        (2, 5)
        >>> lines[("categories", "health", "cues", 1, "term")]
        5
    """
    locator = _Locator(source)
    # best effort: keep what was located before anything the scanner cannot follow
    with contextlib.suppress(IndexError, ValueError):
        locator.document()
    return locator.lines()


class _Locator:
    """A forgiving scanner of TOML syntax that records where each key path is defined."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self.explicit: dict[KeyPath, int] = {}
        self.implicit: dict[KeyPath, int] = {}
        self.array_tables: dict[KeyPath, int] = {}

    def lines(self) -> dict[KeyPath, int]:
        return {**self.implicit, **self.explicit}

    def line(self, pos: int) -> int:
        return bisect.bisect_right(self.newlines, pos - 1) + 1

    def record(self, path: KeyPath, line: int) -> None:
        self.explicit.setdefault(path, line)
        for i in range(1, len(path)):
            self.implicit.setdefault(path[:i], line)

    def peek(self, k: int = 1) -> str:
        return self.text[self.pos : self.pos + k]

    def skip(self, *, newlines: bool) -> None:
        text, n = self.text, len(self.text)
        while self.pos < n:
            ch = text[self.pos]
            if ch in " \t" or (newlines and ch in "\r\n"):
                self.pos += 1
            elif ch == "#":
                end = text.find("\n", self.pos)
                self.pos = n if end < 0 else end
            else:
                break

    def document(self) -> None:
        current: KeyPath = ()
        while True:
            self.skip(newlines=True)
            if self.pos >= len(self.text):
                return
            line = self.line(self.pos)
            if self.peek(2) == "[[":
                self.pos += 2
                key = self.key()
                self.expect("]]")
                index = self.array_tables.get(key, -1) + 1
                self.array_tables[key] = index
                self.record(key, line)
                current = (*key, index)
                self.record(current, line)
            elif self.peek() == "[":
                self.pos += 1
                current = self.key()
                self.expect("]")
                self.record(current, line)
            else:
                self.key_value(current)

    def key_value(self, base: KeyPath) -> None:
        line = self.line(self.pos)
        path = base + self.key()
        self.skip(newlines=False)
        self.expect("=")
        self.record(path, line)
        self.value(path)

    def expect(self, token: str) -> None:
        self.skip(newlines=False)
        if not self.text.startswith(token, self.pos):
            raise ValueError(f"expected {token!r} at offset {self.pos}")
        self.pos += len(token)

    def key(self) -> KeyPath:
        parts: list[str] = []
        while True:
            self.skip(newlines=False)
            ch = self.peek()
            if ch == '"':
                parts.append(self.basic_string())
            elif ch == "'":
                end = self.text.index("'", self.pos + 1)
                parts.append(self.text[self.pos + 1 : end])
                self.pos = end + 1
            else:
                m = re.compile(r"[A-Za-z0-9_-]+").match(self.text, self.pos)
                if not m:
                    raise ValueError(f"expected a key at offset {self.pos}")
                parts.append(m.group())
                self.pos = m.end()
            self.skip(newlines=False)
            if self.peek() != ".":
                return tuple(parts)
            self.pos += 1

    def basic_string(self) -> str:
        """Read a single-line basic string at ``pos`` and return its (unescaped) content."""
        self.pos += 1
        out: list[str] = []
        text = self.text
        while True:
            ch = text[self.pos]
            if ch == '"':
                self.pos += 1
                return "".join(out)
            if ch == "\\":
                esc = text[self.pos + 1]
                if esc in "uU":
                    width = 4 if esc == "u" else 8
                    out.append(chr(int(text[self.pos + 2 : self.pos + 2 + width], 16)))
                    self.pos += 2 + width
                    continue
                out.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(esc, esc))
                self.pos += 2
                continue
            out.append(ch)
            self.pos += 1

    def string(self) -> None:
        """Skip any TOML string at ``pos`` (basic, literal, or their multi-line forms)."""
        text = self.text
        quote = text[self.pos]
        if text.startswith(quote * 3, self.pos):
            self.pos += 3
            while True:
                if quote == '"' and text[self.pos] == "\\":
                    self.pos += 2
                    continue
                if text.startswith(quote * 3, self.pos):
                    self.pos += 3
                    # up to two quotes may sit right before the closing delimiter
                    while self.pos < len(text) and text[self.pos] == quote:
                        self.pos += 1
                    return
                self.pos += 1
        if quote == '"':
            self.basic_string()
        else:
            self.pos = text.index("'", self.pos + 1) + 1

    def value(self, path: KeyPath) -> None:
        self.skip(newlines=False)
        ch = self.peek()
        if ch in "\"'":
            self.string()
        elif ch == "[":
            self.pos += 1
            index = 0
            while True:
                self.skip(newlines=True)
                if self.peek() == "]":
                    self.pos += 1
                    return
                self.record((*path, index), self.line(self.pos))
                self.value((*path, index))
                self.skip(newlines=True)
                if self.peek() == ",":
                    self.pos += 1
                    index += 1
        elif ch == "{":
            self.pos += 1
            while True:
                self.skip(newlines=True)
                if self.peek() == "}":
                    self.pos += 1
                    return
                self.key_value(path)
                self.skip(newlines=True)
                if self.peek() == ",":
                    self.pos += 1
        else:
            m = re.compile(r"[^,\]}\r\n#]*").match(self.text, self.pos)
            assert m is not None
            if m.end() == self.pos:
                raise ValueError(f"expected a value at offset {self.pos}")
            self.pos = m.end()


def format_key_path(path: KeyPath) -> str:
    """``("categories", "health", "cues", 2, "pattern")`` -> ``categories.health.cues[2].pattern``.

    Examples:
        >>> format_key_path(("categories", "health", "cues", 2, "pattern"))
        'categories.health.cues[2].pattern'
        >>> format_key_path(("categories", "健康"))
        'categories."健康"'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if _BARE_KEY.match(part) else '"' + part.replace('"', '\\"') + '"'
            out += f".{name}" if out else name
    return out


# ----------------------------------------------------------------------------------------------------
# validation: build the value types from parsed TOML, collecting every problem


class _Checker:
    """Walks parsed TOML, collects problems with file/line/key path, and builds the value types. (The checker
    of quantity-type files, in :mod:`policytext.compare`, builds on it.)"""

    cue_keys: tuple[str, ...] = _CUE_KEYS  # (the keys a cue table may hold)

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.text = text
        self.problems: list[TaxonomyProblem] = []
        self._lines: dict[KeyPath, int] | None = None

    def line_of(self, path: KeyPath) -> int:
        if self._lines is None:
            self._lines = find_key_lines(self.text)
        for i in range(len(path), 0, -1):
            line = self._lines.get(path[:i])
            if line is not None:
                return line
        return 1 if self.text else 0

    def problem(self, path: KeyPath, message: str, *, severity: str = "error") -> None:
        self.problems.append(TaxonomyProblem(self.file, self.line_of(path), format_key_path(path), message, severity))

    # -- scalar helpers --------------------------------------------------------------------------------

    def table(self, data: Any, path: KeyPath, allowed: tuple[str, ...], what: str) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.problem(path, f"expected a table ({what}), got {_type_name(data)}")
            return None
        for key in data:
            if key not in allowed:
                import difflib  # only needed for the hint

                hint = difflib.get_close_matches(key, allowed, n=1)
                fix = f"did you mean {hint[0]!r}?" if hint else f"allowed keys: {', '.join(allowed)}"
                self.problem((*path, key), f"unknown key in {what}; {fix}")
        return data

    def text_value(self, table: Mapping[str, Any], key: str, path: KeyPath, *, required: bool) -> str:
        if key not in table:
            if required:
                self.problem((*path, key), f"missing required key {key!r} (a non-empty string)")
            return ""
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            self.problem((*path, key), f"expected a non-empty string, got {_describe(value)}")
            return ""
        return value.strip()

    def positive(self, table: Mapping[str, Any], key: str, path: KeyPath, default: float) -> float:
        if key not in table:
            return default
        value = table[key]
        if not _is_positive_number(value):
            hint = ""
            if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+(\.[0-9]*)?\s*", value):
                hint = f" (write {key} = {value.strip()}, without quotes)"
            self.problem((*path, key), f"expected a positive number, got {_describe(value)}{hint}")
            return default
        return float(value)

    def id_key(self, key: str, path: KeyPath, what: str) -> bool:
        if _ID.match(key):
            return True
        self.problem(
            path,
            f"invalid {what} id {key!r}: use lower-case ASCII letters, digits and underscores, "
            "starting with a letter (e.g. 'life_care')",
        )
        return False

    # -- cues ------------------------------------------------------------------------------------------

    def cues(
        self, table: Mapping[str, Any], key: str, path: KeyPath, *, required: bool, exclusion: bool = False
    ) -> tuple[Cue, ...]:
        expected = "expected a non-empty list of strings or {term|pattern, weight} tables"
        if key not in table:
            if required:
                self.problem((*path, key), f"missing required key {key!r}: {expected}")
            return ()
        value = table[key]
        where = (*path, key)
        if not isinstance(value, list) or (required and not value):
            self.problem(where, f"{expected}, got {_describe(value)}")
            return ()
        cues: list[Cue] = []
        seen: dict[tuple[str, str], int] = {}
        for index, item in enumerate(value):
            cue = self.cue(item, (*where, index))
            if cue is None:
                continue
            if exclusion and isinstance(item, dict) and "weight" in item:
                self.problem(
                    (*where, index, "weight"),
                    "weight has no effect on an exclusion cue (any match vetoes the label); remove it",
                    severity="warning",
                )
            first = seen.setdefault((cue.kind, cue.text), index)
            if first != index:
                self.problem((*where, index), f"duplicate {cue.kind} {cue.text!r} (also {key}[{first}])")
                continue
            cues.append(cue)
        return tuple(cues)

    def cue(self, item: Any, path: KeyPath) -> Cue | None:
        if isinstance(item, str):
            return self.term_cue(item, path, 1.0, "")
        if not isinstance(item, dict):
            self.problem(path, f"expected a string or a {{term|pattern, weight}} table, got {_describe(item)}")
            return None
        ok = self.table(item, path, self.cue_keys, "cue") is not None
        ok = ok and all(key in self.cue_keys for key in item)
        weight = self.positive(item, "weight", path, 1.0)
        if "weight" in item and not _is_positive_number(item["weight"]):
            ok = False
        note = ""
        if "note" in item:
            if isinstance(item["note"], str):
                note = item["note"].strip()
            else:
                self.problem((*path, "note"), f"expected a string, got {_describe(item['note'])}")
                ok = False
        has_term, has_pattern = "term" in item, "pattern" in item
        if has_term == has_pattern:
            self.problem(path, "a cue table needs exactly one of 'term' or 'pattern'")
            return None
        if not ok:
            return None
        if has_term:
            return self.term_cue(item["term"], (*path, "term"), weight, note)
        return self.pattern_cue(item["pattern"], (*path, "pattern"), weight, note)

    def term_cue(self, term: Any, path: KeyPath, weight: float, note: str) -> Cue | None:
        if not isinstance(term, str) or not term:
            self.problem(path, f"expected a non-empty string, got {_describe(term)}")
            return None
        if term != term.strip():
            self.problem(path, f"term {term!r} has leading or trailing spaces; terms are matched literally")
            return None
        simplified = _to_simplified(term)
        if simplified is not None and simplified != term:
            self.problem(
                path,
                f"term {term!r} contains traditional characters; sentences are matched after conversion to "
                f"simplified Chinese, so write {simplified!r}",
            )
            return None
        return Cue(term=term, weight=weight, note=note)

    def pattern_cue(self, pattern: Any, path: KeyPath, weight: float, note: str) -> Cue | None:
        if not isinstance(pattern, str) or not pattern:
            self.problem(path, f"expected a non-empty string, got {_describe(pattern)}")
            return None
        try:
            compiled = re.compile(pattern)
        except re.error as err:
            self.problem(path, f"invalid regular expression: {err}")
            return None
        if compiled.search("") is not None:
            self.problem(
                path,
                f"pattern {pattern!r} matches the empty string, so it would fire on every sentence",
            )
            return None
        return Cue(pattern=pattern, weight=weight, note=note, compiled=compiled)

    def no_overlap(self, cues: tuple[Cue, ...], exclude: tuple[Cue, ...], path: KeyPath) -> None:
        listed = {(c.kind, c.text) for c in cues}
        for index, cue in enumerate(exclude):
            if (cue.kind, cue.text) in listed:
                self.problem((*path, "exclude", index), f"{cue.kind} {cue.text!r} is both a cue and an exclusion cue")

    # -- the document ----------------------------------------------------------------------------------

    def taxonomy(self, data: dict[str, Any], source: str) -> Taxonomy | None:
        self.table(data, (), _TOP_KEYS, "taxonomy")
        version = data.get("schema_version")
        if "schema_version" not in data:
            self.problem(
                ("schema_version",),
                f"missing required key 'schema_version' (write schema_version = {SCHEMA_VERSION})",
            )
        elif version != SCHEMA_VERSION or isinstance(version, bool):
            self.problem(
                ("schema_version",),
                f"unsupported schema_version {version!r}; this version of policytext reads "
                f"schema_version = {SCHEMA_VERSION}",
            )
        tax_id = self.text_value(data, "id", (), required=True)
        if tax_id:
            self.id_key(tax_id, ("id",), "taxonomy")
        title = self.text_value(data, "title", (), required=True)
        description = self.text_value(data, "description", (), required=True)
        language = self.text_value(data, "language", (), required=False) or "zh"
        tax_version = self.text_value(data, "version", (), required=False)
        references: list[str] = []
        if "references" in data:
            refs = data["references"]
            if not isinstance(refs, list) or not all(isinstance(r, str) and r.strip() for r in refs):
                self.problem(("references",), f"expected a list of non-empty strings, got {_describe(refs)}")
            else:
                references = [r.strip() for r in refs]
        threshold = self.positive(data, "threshold", (), DEFAULT_THRESHOLD)

        measure_cues: tuple[Cue, ...] = ()
        non_measure_cues: tuple[Cue, ...] = ()
        if "measure" in data:
            measure = self.table(data["measure"], ("measure",), _MEASURE_KEYS, "the measure table")
            if measure is not None:
                measure_cues = self.cues(measure, "cues", ("measure",), required=False)
                non_measure_cues = self.cues(measure, "non_measure", ("measure",), required=False)

        categories: list[Category] = []
        ids: dict[str, KeyPath] = {}
        if "categories" not in data:
            self.problem(("categories",), "missing required table 'categories' (at least one [categories.<id>])")
        elif not isinstance(data["categories"], dict) or not data["categories"]:
            self.problem(
                ("categories",),
                f"expected a table of categories ([categories.<id>]), got {_describe(data['categories'])}",
            )
        else:
            for cat_id, cat_data in data["categories"].items():
                category = self.category(cat_id, cat_data, ("categories", cat_id), threshold, ids)
                if category is not None:
                    categories.append(category)

        if any(p.severity == "error" for p in self.problems):
            return None
        taxonomy = Taxonomy(
            id=tax_id,
            title=title,
            description=description,
            schema_version=SCHEMA_VERSION,
            categories=tuple(categories),
            measure_cues=measure_cues,
            non_measure_cues=non_measure_cues,
            source=source,
            language=language,
            threshold=threshold,
            version=tax_version,
            references=tuple(references),
        )
        self.check_examples(taxonomy)
        return taxonomy

    def claim_id(self, id: str, path: KeyPath, ids: dict[str, KeyPath]) -> None:
        first = ids.setdefault(id, path)
        if first != path:
            self.problem(
                path,
                f"duplicate id {id!r}: also used at {format_key_path(first)} (line {self.line_of(first)}); "
                "category and subcategory ids must be unique across the taxonomy",
            )

    def node_fields(
        self, table: Mapping[str, Any], path: KeyPath, threshold: float, *, cues_required: bool
    ) -> tuple[str, str, str, float, tuple[Cue, ...], tuple[Cue, ...]]:
        """What categories and subcategories share: label, label_en, definition, threshold (inherited when
        absent), cues and exclusions (which must not overlap)."""
        label = self.text_value(table, "label", path, required=True)
        label_en = self.text_value(table, "label_en", path, required=False)
        definition = self.text_value(table, "definition", path, required=True)
        own_threshold = self.positive(table, "threshold", path, threshold)
        cues = self.cues(table, "cues", path, required=cues_required)
        exclude = self.cues(table, "exclude", path, required=False, exclusion=True)
        self.no_overlap(cues, exclude, path)
        return label, label_en, definition, own_threshold, cues, exclude

    def category(
        self, cat_id: str, data: Any, path: KeyPath, threshold: float, ids: dict[str, KeyPath]
    ) -> Category | None:
        valid_id = self.id_key(cat_id, path, "category")
        table = self.table(data, path, _CATEGORY_KEYS, "category")
        if table is None:
            return None
        if valid_id:
            self.claim_id(cat_id, path, ids)
        label, label_en, definition, cat_threshold, cues, exclude = self.node_fields(
            table, path, threshold, cues_required=False
        )
        subs: list[Subcategory] = []
        if "subcategories" in table:
            sub_tables = table["subcategories"]
            if not isinstance(sub_tables, dict) or not sub_tables:
                self.problem(
                    (*path, "subcategories"),
                    f"expected a table of subcategories ([{format_key_path(path)}.subcategories.<id>]), "
                    f"got {_describe(sub_tables)}",
                )
            else:
                for sub_id, sub_data in sub_tables.items():
                    sub = self.subcategory(
                        sub_id, sub_data, (*path, "subcategories", sub_id), cat_id, cat_threshold, ids
                    )
                    if sub is not None:
                        subs.append(sub)
        elif not cues:
            self.problem(path, "a category needs subcategories or its own cues (or both)")
        return Category(
            id=cat_id,
            label=label,
            definition=definition,
            cues=cues,
            exclude=exclude,
            subcategories=tuple(subs),
            threshold=cat_threshold,
            label_en=label_en,
        )

    def subcategory(
        self, sub_id: str, data: Any, path: KeyPath, parent: str, threshold: float, ids: dict[str, KeyPath]
    ) -> Subcategory | None:
        valid_id = self.id_key(sub_id, path, "subcategory")
        table = self.table(data, path, _SUBCATEGORY_KEYS, "subcategory")
        if table is None:
            return None
        if valid_id:
            self.claim_id(sub_id, path, ids)
        label, label_en, definition, sub_threshold, cues, exclude = self.node_fields(
            table, path, threshold, cues_required=True
        )
        examples: list[str] = []
        if "examples" in table:
            value = table["examples"]
            if not isinstance(value, list):
                self.problem((*path, "examples"), f"expected a list of strings, got {_describe(value)}")
            else:
                for index, example in enumerate(value):
                    if isinstance(example, str) and example.strip():
                        examples.append(example.strip())
                    else:
                        self.problem(
                            (*path, "examples", index),
                            f"expected a non-empty string, got {_describe(example)}",
                        )
        return Subcategory(
            id=sub_id,
            label=label,
            definition=definition,
            cues=cues,
            exclude=exclude,
            examples=tuple(examples),
            threshold=sub_threshold,
            parent=parent,
            label_en=label_en,
        )

    def check_examples(self, taxonomy: Taxonomy) -> None:
        """Warn about examples that the rules do not tag with their own subcategory (a cue is missing)."""
        for category in taxonomy.categories:
            for sub in category.subcategories:
                for index, example in enumerate(sub.examples):
                    if not any(m.id == sub.qualified_id for m in taxonomy.match(example)):
                        found = _score(sub.cues, example)
                        score = found[0] if found else 0.0
                        vetoed = any(c.matches(example) for c in (*category.exclude, *sub.exclude))
                        why = (
                            "an exclusion cue matches it"
                            if vetoed
                            else (f"its cues score {score:g} < threshold {sub.threshold:g}")
                        )
                        self.problem(
                            ("categories", category.id, "subcategories", sub.id, "examples", index),
                            f"example {example!r} is not tagged {sub.qualified_id} by the rules ({why}); "
                            "add a cue or change the example",
                            severity="warning",
                        )


def _is_positive_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a table" if value else "an empty table"
    shown = repr(value)
    return f"{_type_name(value)} {shown}" if len(shown) <= 40 else _type_name(value)


@lru_cache(maxsize=1)
def _simplifier() -> Any:
    try:
        import opencc  # loaded lazily: only validation needs it
    except ImportError:  # pragma: no cover - opencc is a dependency, but validation must not need it
        return None
    return opencc.OpenCC("t2s")


def _to_simplified(term: str) -> str | None:
    if all(ord(ch) < 0x3400 for ch in term):
        return term
    converter = _simplifier()
    return None if converter is None else str(converter.convert(term))


# ----------------------------------------------------------------------------------------------------
# loading


def _check_text(text: str, *, file: str, source: str) -> tuple[Taxonomy | None, list[TaxonomyProblem]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = getattr(err, "lineno", 0) or _lineno_from_message(str(err))
        reason = getattr(err, "msg", None) or re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(err))
        return None, [TaxonomyProblem(file, line, "", f"invalid TOML: {reason}")]
    checker = _Checker(text, file)
    taxonomy = checker.taxonomy(data, source)
    problems = sorted(checker.problems, key=lambda p: (p.severity != "error", p.line))
    return taxonomy, problems


def _lineno_from_message(message: str) -> int:
    m = re.search(r"at line (\d+)", message)
    return int(m.group(1)) if m else 0


def _raise_for(problems: list[TaxonomyProblem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise TaxonomyError("\n".join(str(p) for p in errors))


def _read_text(path: Path, file: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TaxonomyError(
            f"{file}: no such taxonomy file; built-in taxonomies: {', '.join(list_taxonomies())}"
        ) from None
    except OSError as err:
        raise TaxonomyError(f"{file}: cannot read the taxonomy file: {err.strerror or err}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise TaxonomyError(f"{file}:{line}: not UTF-8 text; save the taxonomy file as UTF-8") from None


def parse_taxonomy(text: str, *, source: str = "<string>") -> Taxonomy:
    """Build a taxonomy from TOML text.

    Args:
        text: the TOML source.
        source: the name used in error messages and stored as :attr:`Taxonomy.source`.

    Raises:
        TaxonomyError: the text is not a valid taxonomy; the message has one line per problem.

    Examples:
        >>> toml = '''
        ... schema_version = 1
        ... id = "mini"
        ... title = "示例"
        ... description = "A one-label taxonomy."
        ... [categories.health]
        ... label = "健康关爱"
        ... definition = "Health of cadres."
        ... [categories.health.subcategories.checkup]
        ... label = "健康体检"
        ... definition = "Check-ups."
        ... cues = ["体检", { pattern = "体检(经费|卡)", weight = 2.0 }]
        ... '''
        >>> parse_taxonomy(toml).subcategory("checkup").cues[1].weight
        2.0
    """
    taxonomy, problems = _check_text(text, file=source, source=source)
    _raise_for(problems)
    assert taxonomy is not None
    return taxonomy


def check_taxonomy_file(path: str | os.PathLike[str]) -> list[TaxonomyProblem]:
    """Every problem of a taxonomy file, errors first, without raising for them (for ``taxonomy validate``).

    Warnings (e.g. an example the rules do not tag with its subcategory) do not stop the file from loading.

    Raises:
        TaxonomyError: the file cannot be read at all (missing, unreadable, not UTF-8).
    """
    file = os.fspath(path)
    text = _read_text(Path(file), file)
    return _check_text(text, file=file, source=file)[1]


def validate_taxonomy_file(path: str | os.PathLike[str]) -> Taxonomy:
    """Load a taxonomy file, raising on the first read failure or on all of its content errors at once.

    Raises:
        TaxonomyError: the message has one ``file:line: key.path: problem`` line per error.
    """
    file = os.fspath(path)
    text = _read_text(Path(file), file)
    taxonomy, problems = _check_text(text, file=file, source=file)
    _raise_for(problems)
    assert taxonomy is not None
    return taxonomy


def _builtin_dir() -> Traversable:
    packaged = resources.files("policytext") / "taxonomies"
    if packaged.is_dir():
        return packaged
    # editable install / source checkout: the top-level taxonomies/ folder next to the package
    source_tree = Path(__file__).resolve().parent.parent / "taxonomies"
    if source_tree.is_dir():
        return source_tree
    raise TaxonomyError(
        "the built-in taxonomies are missing from this installation (policytext/taxonomies); reinstall policytext"
    )


def list_taxonomies() -> list[str]:
    """The names of the built-in taxonomies.

    Examples:
        >>> list_taxonomies()
        ['cadre_care', 'policy_instruments']
    """
    return list(_builtin_names())


@cache
def _builtin_names() -> tuple[str, ...]:
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in _builtin_dir().iterdir()
            if entry.name.endswith(".toml") and entry.is_file()
        )
    )


@cache
def _load_builtin(name: str) -> Taxonomy:
    entry = _builtin_dir() / f"{name}.toml"
    text = entry.read_text(encoding="utf-8")
    taxonomy, problems = _check_text(text, file=str(entry), source=BUILTIN_PREFIX + name)
    _raise_for(problems)
    assert taxonomy is not None
    return taxonomy


@lru_cache(maxsize=32)
def _load_file(file: str, _mtime_ns: int, _size: int) -> Taxonomy:
    return validate_taxonomy_file(file)


def load_taxonomy(name_or_path: str | os.PathLike[str] = DEFAULT_TAXONOMY) -> Taxonomy:
    """A built-in taxonomy by name, or a taxonomy file by path.

    A string is a path when it ends in ``.toml``, contains a path separator, or names an existing
    file that is not a built-in name. Results are cached (files by path, modification time and
    size), and taxonomies are immutable, so calling this per document is cheap.

    Raises:
        TaxonomyError: unknown name (the message lists the built-in names), missing file, or invalid content.

    Examples:
        >>> load_taxonomy("policy_instruments").category("supply").label
        '供给型'
    """
    text = os.fspath(name_or_path)
    looks_like_path = (
        not isinstance(name_or_path, str)
        or text.endswith(".toml")
        or os.sep in text
        or "/" in text
        or (os.altsep is not None and os.altsep in text)
    )
    if not looks_like_path:
        names = _builtin_names()
        if text in names:
            return _load_builtin(text)
        if text.startswith(BUILTIN_PREFIX) and text.removeprefix(BUILTIN_PREFIX) in names:
            return _load_builtin(text.removeprefix(BUILTIN_PREFIX))
        if not Path(text).is_file():
            raise TaxonomyError(
                f"unknown taxonomy {text!r}; built-in taxonomies: {', '.join(names)}; "
                "or pass the path of a .toml file (see taxonomies/SCHEMA.md)"
            )
    try:
        stat = Path(text).stat()
    except OSError:
        return validate_taxonomy_file(text)  # raises the right "no such file" / "cannot read" error
    return _load_file(str(Path(text).resolve()), stat.st_mtime_ns, stat.st_size)


# ----------------------------------------------------------------------------------------------------
# display


def format_taxonomy(taxonomy: Taxonomy, *, cues: bool = False, only: str | None = None) -> str:
    """A readable outline of a taxonomy (for ``policytext taxonomy show``).

    Args:
        taxonomy: the taxonomy.
        cues: list every cue (``term``, ``/pattern/``, ``×weight``) and exclusion cue.
        only: show just this category or subcategory id.

    Raises:
        KeyError: ``only`` is not an id of the taxonomy.

    Examples:
        >>> print(format_taxonomy(load_taxonomy(), only="checkup").splitlines()[0])
        health.checkup  健康体检  Health check-ups
    """
    lines: list[str] = []

    def cue_list(name: str, items: tuple[Cue, ...], indent: str) -> None:
        if items:
            lines.append(f"{indent}{name}: " + "  ".join(_cue_display(c) for c in items))

    if only is not None and only in taxonomy._categories:
        selected: list[tuple[Category, tuple[Subcategory, ...]]] = [
            (taxonomy.category(only), taxonomy.category(only).subcategories)
        ]
    elif only is not None:
        sub = taxonomy.subcategory(only)
        category = taxonomy.category(sub.parent)
        for line in _sub_lines(sub, cues, ""):
            lines.append(line)
        if cues and category.exclude:
            cue_list(f"exclude (category {category.id})", category.exclude, "  ")
        return "\n".join(lines)
    else:
        info = taxonomy.summary()
        lines.append(f"{taxonomy.id}  {taxonomy.title}")
        lines.append(
            f"  source: {taxonomy.source}; schema {taxonomy.schema_version}; "
            f"{info['categories']} categories, {info['subcategories']} subcategories, "
            f"{info['cues']} cues; threshold {taxonomy.threshold:g}"
        )
        lines.append(f"  {taxonomy.description}")
        if cues:
            cue_list("measure cues", taxonomy.measure_cues, "  ")
            cue_list("non-measure cues", taxonomy.non_measure_cues, "  ")
        selected = [(c, c.subcategories) for c in taxonomy.categories]

    for category, subs in selected:
        lines.append("")
        en = f"  {category.label_en}" if category.label_en else ""
        lines.append(f"{category.id}  {category.label}{en}")
        lines.append(f"  {category.definition}")
        if cues:
            cue_list("cues", category.cues, "  ")
            cue_list("exclude", category.exclude, "  ")
        for sub in subs:
            lines.extend(_sub_lines(sub, cues, "  "))
    return "\n".join(lines)


def _sub_lines(sub: Subcategory, cues: bool, indent: str) -> list[str]:
    en = f"  {sub.label_en}" if sub.label_en else ""
    counts = f"  ({len(sub.cues)} cues, {len(sub.exclude)} exclusions)" if indent and not cues else ""
    lines = [f"{indent}{sub.qualified_id}  {sub.label}{en}{counts}", f"{indent}  {sub.definition}"]
    if cues:
        lines.append(f"{indent}  threshold: {sub.threshold:g}")
        lines.append(f"{indent}  cues: " + "  ".join(_cue_display(c) for c in sub.cues))
        if sub.exclude:
            lines.append(f"{indent}  exclude: " + "  ".join(_cue_display(c) for c in sub.exclude))
        for example in sub.examples:
            lines.append(f"{indent}  e.g. {example}")
    return lines


def _cue_display(cue: Cue) -> str:
    text = cue.term if cue.term is not None else f"/{cue.pattern}/"
    return text if cue.weight == 1.0 else f"{text}×{cue.weight:g}"
