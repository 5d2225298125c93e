"""Output formats shared by the CLI and the library: JSON Lines, CSV, XLSX, Parquet, Markdown, JSON.

* JSON and JSON Lines keep lists and nested quantities as they are (``ensure_ascii=False``).
* CSV and XLSX flatten lists with ``"; "``; a quantity becomes ``800 元/人/年 (at_least)``.
* CSV is UTF-8 with a byte-order mark by default, so Excel opens Chinese text correctly.
* XLSX has a frozen header row and column widths that fit Chinese text.

Files are written to a temporary name and moved into place, so an interrupted run never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

LIST_SEPARATOR = "; "


class RecordFormat(StrEnum):
    """Formats for record streams (``extract``, ``structure``)."""

    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"


class TableFormat(StrEnum):
    """Formats for sets of tables (``compare``)."""

    csv = "csv"
    xlsx = "xlsx"
    md = "md"
    html = "html"
    json = "json"


def format_for(path: str | os.PathLike[str] | None, default: str, choices: type[StrEnum]) -> str:
    """The format named by a file's suffix (``.xlsx`` -> ``xlsx``), else ``default``.

    Examples:
        >>> format_for("out/measures.csv", "jsonl", RecordFormat)
        'csv'
        >>> format_for(None, "jsonl", RecordFormat)
        'jsonl'
    """
    if path is not None:
        suffix = Path(path).suffix.lower().lstrip(".")
        suffix = {"markdown": "md", "htm": "html", "json": "json", "ndjson": "jsonl"}.get(suffix, suffix)
        if suffix in {m.value for m in choices}:
            return suffix
    return default


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it when the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        # mkstemp creates 0600; give the file the permissions a plain open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _number(value: float | None) -> str:
    if value is None:
        return "x"
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    return f"{value:g}"


def format_quantity(q: Mapping[str, Any]) -> str:
    """A quantity record as one short string.

    Examples:
        >>> format_quantity({"value": 800.0, "unit": "元/人/年", "qualifier": "at_least", "text": "不低于800元",
        ...                  "redacted": False})
        '800 元/人/年 (at_least)'
        >>> format_quantity({"value": None, "unit": "元/人", "qualifier": None, "text": "人均x元", "redacted": True})
        'x 元/人 (redacted)'
    """
    notes = [n for n in (q.get("qualifier"), "redacted" if q.get("redacted") else None) if n]
    tail = f" ({', '.join(notes)})" if notes else ""
    return f"{_number(q.get('value'))} {q.get('unit', '')}{tail}"


def flatten(value: Any) -> Any:
    """A cell value for CSV/XLSX: lists joined with ``"; "``, quantities formatted, None as empty.

    Examples:
        >>> flatten(["health", "life_care"])
        'health; life_care'
        >>> flatten(None)
        ''
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(
            format_quantity(v) if isinstance(v, Mapping) and "unit" in v else str(flatten(v)) for v in value
        )
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_jsonl_line(record: Mapping[str, Any]) -> str:
    """One JSON Lines line (no trailing newline)."""
    return json.dumps(record, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def write_records(
    records: Iterable[Mapping[str, Any]],
    path: str | os.PathLike[str] | None = None,
    *,
    format: RecordFormat | str = RecordFormat.jsonl,
    bom: bool = True,
    stream: IO[str] | None = None,
    fields: Iterable[str] | None = None,
) -> int:
    """Write records to ``path`` (or to ``stream``/stdout for jsonl and csv); returns how many were written.

    Raises:
        ValueError: xlsx or parquet without a path.
    """
    fmt = RecordFormat(format)
    if path is None and fmt in (RecordFormat.xlsx, RecordFormat.parquet):
        raise ValueError(f"{fmt.value} output needs a file: pass -o FILE.{fmt.value}")
    if fmt is RecordFormat.jsonl:
        return _write_text(path, stream, lambda fh: _jsonl(records, fh), encoding="utf-8")
    if fmt is RecordFormat.csv:
        encoding = "utf-8-sig" if bom and path is not None else "utf-8"
        return _write_text(
            path, stream, lambda fh: _csv(records, fh, fields, bom=bom and path is None), encoding=encoding
        )
    frame = records_frame(records, fields=fields)
    assert path is not None
    with atomic_path(path) as tmp:
        if fmt is RecordFormat.xlsx:
            write_xlsx({"records": frame.map(flatten)}, tmp)
        else:
            frame.to_parquet(tmp, index=False)
    return len(frame)


def _write_text(path, stream, writer, *, encoding: str) -> int:
    if path is None:
        return writer(stream or sys.stdout)
    with atomic_path(path) as tmp, tmp.open("w", encoding=encoding, newline="") as fh:
        return writer(fh)


def _jsonl(records: Iterable[Mapping[str, Any]], fh: IO[str]) -> int:
    n = 0
    for n, record in enumerate(records, 1):  # noqa: B007
        fh.write(to_jsonl_line(record) + "\n")
    return n


def _csv(records: Iterable[Mapping[str, Any]], fh: IO[str], fields: Iterable[str] | None, *, bom: bool) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    if bom:
        fh.write("\ufeff")
    header = list(fields) if fields is not None else None
    for record in records:
        if writer is None:
            writer = csv.DictWriter(
                fh, fieldnames=header or list(record.keys()), extrasaction="ignore", lineterminator="\n"
            )
            writer.writeheader()
        writer.writerow({k: flatten(v) for k, v in record.items()})
        n += 1
    if writer is None and header:
        csv.DictWriter(fh, fieldnames=header, lineterminator="\n").writeheader()
    return n


def records_frame(records: Iterable[Mapping[str, Any]], *, fields: Iterable[str] | None = None) -> pd.DataFrame:
    """Records as a DataFrame (lists kept as lists)."""
    import pandas as pd

    rows = list(records)
    columns = list(fields) if fields is not None else (list(rows[0].keys()) if rows else None)
    return pd.DataFrame(rows, columns=columns)


def _display_width(text: str) -> int:
    # East Asian wide characters take two columns in Excel's default fonts
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | os.PathLike[str]) -> None:
    """One sheet per table: header frozen, bold, filters on, columns wide enough for their (Chinese) text."""
    import pandas as pd
    from openpyxl.styles import Alignment, Font

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet_name = name[:31]
            frame.to_excel(writer, sheet_name=sheet_name, index=False)
            ws = writer.sheets[sheet_name]
            ws.freeze_panes = "A2"
            if frame.shape[1]:
                ws.auto_filter.ref = ws.dimensions
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for i, column in enumerate(frame.columns, 1):
                values = [str(column), *(str(v) for v in frame.iloc[:200, i - 1].tolist())]
                width = min(max(_display_width(v) for v in values) + 2, 60)
                letter = ws.cell(row=1, column=i).column_letter
                ws.column_dimensions[letter].width = max(width, 6)
                if width >= 60:
                    for row in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                        for cell in row:
                            cell.alignment = Alignment(wrap_text=True, vertical="top")


def frame_to_markdown(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (no extra dependency; pipes in cells escaped)."""

    def cell(v: Any) -> str:
        text = str(flatten(v))
        return text.replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(cell(c) for c in frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows])


def frames_to_json(frames: Mapping[str, pd.DataFrame]) -> str:
    """Tables as one JSON object: ``{name: [row, …]}``."""
    out = {name: json.loads(frame.to_json(orient="records", force_ascii=False)) for name, frame in frames.items()}
    return json.dumps(out, ensure_ascii=False, indent=2)


def frame_to_csv(frame: pd.DataFrame, *, bom: bool = True) -> str:
    """A table as CSV text (lists flattened)."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    frame.map(flatten).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


# ---- reading extract outputs back --------------------------------------------------------------------------
_LIST_FIELDS = frozenset({"categories", "subcategories", "evidence", "region_candidates"})
_INT_FIELDS = frozenset({"article", "sentence_index", "start", "end"})
_FLOAT_FIELDS = frozenset({"score"})
_BOOL_FIELDS = frozenset({"is_measure", "region_anonymized"})
# fields whose empty cell is "" (other empty cells are None)
_TEXT_FIELDS = frozenset({"text", "heading", "source", "doc_id", "id", "kind"})
_REQUIRED_FIELDS = ("doc_id", "text")
_QUANTITY_RE = re.compile(r"^(?P<value>\S+) (?P<unit>.*?)(?: \((?P<notes>[^()]*)\))?$")


def parse_quantity(text: str) -> dict[str, Any]:
    """A quantity written by :func:`format_quantity`, back as ``{value, unit, qualifier, redacted, text}``.

    ``text`` (the amount as written) is not part of the short form: it is ``None`` here (see
    :func:`read_records`, which recovers it from the sentence).

    Examples:
        >>> parse_quantity("800 元/人/年 (at_least)")
        {'value': 800.0, 'unit': '元/人/年', 'qualifier': 'at_least', 'text': None, 'redacted': False}
        >>> parse_quantity("x 元 (approx, redacted)")
        {'value': None, 'unit': '元', 'qualifier': 'approx', 'text': None, 'redacted': True}
    """
    m = _QUANTITY_RE.match(text.strip())
    if m is None:
        raise ValueError(f"not a quantity written by policytext: {text!r} (expected e.g. '800 元/人/年')")
    notes = [n.strip() for n in (m["notes"] or "").split(",") if n.strip()]
    redacted = "redacted" in notes
    qualifier = "+".join(n for n in notes if n != "redacted") or None
    raw = m["value"]
    value = None if raw == "x" else float(raw)
    return {"value": value, "unit": m["unit"], "qualifier": qualifier, "text": None, "redacted": redacted}


def _recover_quantities(sentence: str, short: list[str]) -> list[dict[str, Any]]:
    """Quantities of a CSV/XLSX cell; ``text`` and exact values are taken from the sentence if found there."""
    from policytext.quantities import extract_quantities

    parsed = [parse_quantity(s) for s in short]
    if not parsed or not sentence:
        return parsed
    found = [q.to_dict() for q in extract_quantities(sentence)]
    cursor = 0
    out = []
    for s, q in zip(short, parsed, strict=True):
        for k in range(cursor, len(found)):
            if format_quantity(found[k]) == s.strip():
                q = found[k]
                cursor = k + 1
                break
        out.append(q)
    return out


def _unflatten(row: Mapping[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:
            continue
        if value is None or (isinstance(value, float) and math.isnan(value)):
            value = ""
        if key in _LIST_FIELDS:
            text = str(value)
            record[key] = [v for v in text.split(LIST_SEPARATOR) if v] if text else []
        elif key == "quantities":
            continue
        elif key in _INT_FIELDS:
            record[key] = int(float(value)) if str(value).strip() else None
        elif key in _FLOAT_FIELDS:
            record[key] = float(value) if str(value).strip() else None
        elif key in _BOOL_FIELDS:
            truthy = str(value).strip().lower() in ("true", "1", "yes")
            record[key] = value if isinstance(value, bool) else truthy
        elif key in _TEXT_FIELDS:
            record[key] = str(value)
        else:
            record[key] = value if (value != "" and not isinstance(value, str)) else (str(value) or None)
    if "quantities" in row:
        cell = row["quantities"]
        cell = "" if cell is None or (isinstance(cell, float) and math.isnan(cell)) else str(cell)
        parts = [p for p in cell.split(LIST_SEPARATOR) if p.strip()]
        record["quantities"] = _recover_quantities(record.get("text") or "", parts)
    return {k: record[k] for k in row if k in record}


def read_records(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read the records written by ``policytext extract`` (jsonl, csv, xlsx or parquet) back as dicts.

    JSON Lines and Parquet keep every value. CSV and XLSX hold flattened cells: lists (categories,
    subcategories, evidence, region candidates) are split on ``"; "``, numbers and booleans are converted
    back, empty cells of optional fields become ``None``, and quantities written as
    ``800 元/人/年 (at_least)`` become ``{value, unit, qualifier, redacted, text}`` again; ``text`` (the
    amount as written) and exact values are recovered from the sentence when the same quantity is found in
    it, else ``text`` is ``None``.

    Raises:
        InputError: the file is missing, of an unknown format, malformed, or not an extract output.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "m.csv"
        >>> rec = {"doc_id": "a", "text": "体检经费人均800元。", "categories": ["health"],
        ...        "quantities": [{"value": 800.0, "unit": "元/人", "qualifier": None, "text": "人均800元",
        ...                        "redacted": False}]}
        >>> _ = write_records([rec], path, format="csv")
        >>> read_records(path) == [rec]
        True
    """
    from policytext.errors import InputError

    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise InputError(name, "no such file; check the path")
    fmt = format_for(p, "", RecordFormat)
    if not fmt:
        raise InputError(
            name,
            "not an extract output: expected .jsonl, .csv, .xlsx or .parquet (written by policytext extract)",
        )
    try:
        if fmt == "jsonl":
            rows: list[dict[str, Any]] = []
            with p.open(encoding="utf-8-sig") as fh:
                for number, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as exc:
                        where, why = f"{name}:{number}", f"not JSON ({exc.msg}); is this an extract output?"
                        raise InputError(where, why) from None
                    if not isinstance(row, dict):
                        raise InputError(f"{name}:{number}", "expected one JSON object per line")
                    rows.append(row)
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            rows = pq.read_table(p).to_pylist()
        elif fmt == "csv":
            with p.open(encoding="utf-8-sig", newline="") as fh:
                rows = [_unflatten(row) for row in csv.DictReader(fh)]
        else:
            from openpyxl import load_workbook

            book = load_workbook(p, read_only=True, data_only=True)
            sheet = book["records"] if "records" in book.sheetnames else book.worksheets[0]
            values = sheet.iter_rows(values_only=True)
            header = [str(h) if h is not None else "" for h in next(values, ())]
            rows = [
                _unflatten(dict(zip(header, row, strict=False))) for row in values if any(v is not None for v in row)
            ]
            book.close()
    except InputError:
        raise
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text; was it written by policytext extract?") from None
    except ValueError as exc:
        raise InputError(name, f"cannot read the records: {exc}") from None
    except Exception as exc:  # broken zip/parquet containers raise library-specific errors
        raise InputError(name, f"cannot read the records ({exc.__class__.__name__}: {exc})") from None
    if rows:
        missing = [f for f in _REQUIRED_FIELDS if f not in rows[0]]
        if missing:
            raise InputError(
                name,
                f"not an extract output: no column {', '.join(missing)}; write one with policytext extract",
            )
    return rows
