"""Export formats: flattening, CSV for Excel, XLSX layout, atomic writes."""

from __future__ import annotations

import pytest

from policytext.export import (
    RecordFormat,
    flatten,
    format_for,
    format_quantity,
    frame_to_markdown,
    write_records,
)

RECORDS = [
    {
        "text": "每年组织体检，人均800元。",
        "categories": ["health"],
        "quantities": [{"value": 800.0, "unit": "元/人", "qualifier": None, "text": "人均800元", "redacted": False}],
    },
    {
        "text": "人均x元|管道",
        "categories": [],
        "quantities": [{"value": None, "unit": "元/人", "qualifier": "approx", "text": "人均x余元", "redacted": True}],
    },
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["a", "b"], "a; b"),
        ([], ""),
        (None, ""),
        (3, 3),
        ([{"value": 1.5, "unit": "万", "qualifier": None, "redacted": False}], "1.5 万"),
    ],
)
def test_flatten(value, expected):
    assert flatten(value) == expected


def test_format_quantity_redacted():
    assert format_quantity(RECORDS[1]["quantities"][0]) == "x 元/人 (approx, redacted)"


@pytest.mark.parametrize(
    ("path", "expected"), [("a.csv", "csv"), ("a.XLSX", "xlsx"), ("a.parquet", "parquet"), ("a.txt", "jsonl")]
)
def test_format_for(path, expected):
    assert format_for(path, "jsonl", RecordFormat) == expected


def test_csv_for_excel(tmp_path):
    out = tmp_path / "r.csv"
    assert write_records(RECORDS, out, format="csv") == 2
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufefftext,categories,quantities\n")
    assert "800 元/人" in text and "x 元/人 (approx, redacted)" in text


def test_xlsx_layout(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    write_records(RECORDS, out, format="xlsx")
    ws = load_workbook(out)["records"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    assert ws.column_dimensions["A"].width >= 11 * 2 + 3  # eleven wide characters, three digits
    assert ws["C2"].value == "800 元/人"


def test_failed_write_leaves_no_partial_file(tmp_path):
    out = tmp_path / "r.jsonl"

    def records():
        yield RECORDS[0]
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_records(records(), out, format="jsonl")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_markdown_escapes_pipes():
    import pandas as pd

    md = frame_to_markdown(pd.DataFrame(RECORDS)[["text"]])
    assert "人均x元\\|管道" in md
