"""The CLI: every command's help, exit statuses, and output equal to the library's, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import policytext
from policytext.cli import app
from policytext.export import write_records
from policytext.pipeline import RECORD_FIELDS, extract, structure_records

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def _commands(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for command in group.registered_commands:
        out.append((*prefix, command.name or command.callback.__name__.replace("_", "-")))
    for sub in group.registered_groups:
        out.extend(_commands(sub.typer_instance, (*prefix, sub.name)))
    return out


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    (d / "anhui").mkdir(parents=True)
    (d / "anhui" / "yuexi.txt").write_text(
        "岳西县关心关爱干部工作情况\n每年设立100万元关心关爱干部帮扶基金。组织干部健康体检，人均800元。",
        encoding="utf-8",
    )
    (d / "anhui" / "huaining.txt").write_bytes(
        "懷寧縣容錯糾錯工作\n制定容錯糾錯實施辦法，對受到不實舉報的幹部及時澄清正名。".encode("big5")
    )
    (d / "notes.csv").write_text("a,b\n", encoding="utf-8")
    return d


@pytest.mark.parametrize("command", _commands(app))
def test_every_command_has_help(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    # the summary line of each command is real text, not empty
    assert len(result.output.strip().splitlines()) > 3


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.strip() == f"policytext {policytext.__version__}"


def test_missing_path_is_a_usage_error():
    result = runner.invoke(app, ["normalize", "/no/such/folder"])
    assert result.exit_code == 2


def test_normalize_one_file_prints_the_library_output(corpus):
    f = corpus / "anhui" / "huaining.txt"
    result = invoke("normalize", f)
    assert result.exit_code == 0
    assert result.stdout == policytext.normalize_text(policytext.read_document(f).text) + "\n"


def test_normalize_folder_mirrors_the_structure_and_reports(corpus, tmp_path):
    out = tmp_path / "out"
    result = invoke("normalize", corpus, "-o", out, "--report")
    assert result.exit_code == 0, result.output
    assert (out / "anhui" / "yuexi.txt").read_text(encoding="utf-8").startswith("岳西县")
    assert "容错纠错" in (out / "anhui" / "huaining.txt").read_text(encoding="utf-8")
    assert "skipped notes.csv" in result.stderr
    assert "anhui/huaining.txt: big5" in result.stderr
    assert "traditional_to_simplified" in result.stderr


def test_normalize_several_files_need_an_output_folder(corpus):
    result = runner.invoke(app, ["normalize", str(corpus)])
    assert result.exit_code == 2
    assert "-o DIR" in result.stderr


def test_normalize_failure_exit_status(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["normalize", str(corpus), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "failed empty.txt" in result.stderr
    assert (tmp_path / "o" / "anhui" / "yuexi.txt").exists(), "the other files are still written"


def test_unknown_encoding_is_a_usage_error(corpus):
    result = runner.invoke(app, ["normalize", str(corpus / "anhui" / "yuexi.txt"), "--encoding", "klingon"])
    assert result.exit_code == 2
    assert "unknown encoding" in result.stderr


def test_extract_jsonl_equals_the_library(corpus):
    result = invoke("extract", corpus, "--method", "rules")
    assert result.exit_code == 0, result.output
    expected = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in extract(corpus, method="rules"))
    assert result.stdout == expected
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["region"] for r in rows} == {"岳西县", "怀宁县"}
    assert tuple(rows[0]) == RECORD_FIELDS


def test_extract_csv_has_a_bom_and_flattens_lists(corpus, tmp_path):
    out = tmp_path / "m.csv"
    assert invoke("extract", corpus, "--method", "rules", "-o", out).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "1000000 元" in text
    assert invoke("extract", corpus, "--method", "rules", "-o", out, "--no-bom").exit_code == 0
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("suffix", ["xlsx", "parquet"])
def test_extract_binary_formats(corpus, tmp_path, suffix):
    import pandas as pd

    out = tmp_path / f"m.{suffix}"
    result = invoke("extract", corpus, "--method", "rules", "-o", out)
    assert result.exit_code == 0, result.output
    frame = pd.read_excel(out) if suffix == "xlsx" else pd.read_parquet(out)
    assert list(frame.columns) == list(RECORD_FIELDS)
    assert set(frame["region"]) == {"岳西县", "怀宁县"}


def test_extract_xlsx_needs_a_file(corpus):
    result = runner.invoke(app, ["extract", str(corpus), "--format", "xlsx"])
    assert result.exit_code == 2


def test_extract_reports_a_bad_file_and_goes_on(corpus):
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04 not a real docx")
    result = runner.invoke(app, ["extract", str(corpus), "--method", "rules"])
    assert result.exit_code == 1
    assert "failed broken.docx" in result.stderr
    assert "岳西县" in result.stdout


def test_structure_jsonl_equals_the_library(corpus):
    result = invoke("structure", corpus / "anhui" / "yuexi.txt", "--format", "jsonl")
    assert result.exit_code == 0
    doc = policytext.analyze_file(corpus / "anhui" / "yuexi.txt").document
    expected = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in structure_records(doc))
    assert result.stdout == expected


def test_structure_text_outline(corpus):
    result = invoke("structure", corpus)
    assert result.exit_code == 0
    assert "## article 0: 岳西县关心关爱干部工作情况" in result.stdout
    assert "region: 岳西县 county 340828 in 安庆市" in result.stdout
    assert "[1000000 元" in result.stdout


def test_segment(corpus):
    result = invoke("segment", corpus / "anhui" / "huaining.txt")
    assert result.exit_code == 0
    assert "容错纠错" in result.stdout.split()


def test_taxonomy_commands(tmp_path):
    assert "cadre_care" in invoke("taxonomy", "list").stdout
    assert "健康体检" in invoke("taxonomy", "show").stdout
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'schema_version = 1\nid = "x"\ntitle = "t"\ndescription = "d"\n[categories.a]\nlabel = 3\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["taxonomy", "validate", str(bad)])
    assert result.exit_code == 2
    assert "bad.toml:6" in result.stderr


def test_extract_with_an_unknown_taxonomy_is_a_usage_error(corpus):
    result = runner.invoke(app, ["extract", str(corpus), "--taxonomy", "nope"])
    assert result.exit_code == 2
    assert "cadre_care" in result.stderr


def test_train_then_extract_with_the_model(corpus, tmp_path):
    model = tmp_path / "m.joblib"
    result = invoke("train", "-o", model)
    assert result.exit_code == 0 and model.exists()
    a = invoke("extract", corpus, "--model", model)
    b = invoke("extract", corpus)
    assert a.exit_code == 0 and a.stdout == b.stdout


def test_evaluate_small(tmp_path):
    rows = [
        json.loads(line)
        for line in (Path(policytext.__file__).parents[1] / "corpora" / "annotations" / "corpus.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()[:250]
    ]
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = invoke("evaluate", f, "--folds", "2", "--method", "rules", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["folds"] == 2 and set(report["methods"]) == {"rules"}


def test_write_records_to_stdout_equals_cli(corpus, capsys):
    write_records(extract(corpus, method="rules"), None, format="csv")
    library = capsys.readouterr().out
    result = invoke("extract", corpus, "--method", "rules", "--format", "csv")
    assert result.stdout == library


def test_ctrl_c_leaves_no_half_written_output(tmp_path):
    """A real SIGINT in the middle of writing: exit status 130, a message, and no output file, whole or partial."""
    import shutil
    import signal
    import subprocess
    import sys
    import time

    docs = tmp_path / "docs"
    docs.mkdir()
    sources = sorted((Path(__file__).parents[1] / "corpora" / "documents").glob("*.txt"))
    for i in range(60):  # (a run of a few seconds: time to interrupt it)
        for source in sources:
            shutil.copy(source, docs / f"{i}_{source.name}")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        # (one process: a SIGINT that lands while a worker is forked is swallowed by Python's at-fork hooks)
        [
            sys.executable,
            "-m",
            "policytext",
            "extract",
            str(docs),
            "-o",
            str(out / "m.jsonl"),
            "--method",
            "rules",
            "-j",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # (a shell's background job inherits SIGINT ignored, and Python then leaves it ignored: as a terminal would)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not (out.exists() and any(out.glob(".m.jsonl.*.tmp"))):  # records are being written
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be interrupted"
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert list(out.iterdir()) == []
