"""The README and the CLI reference say what the code does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from policytext.cli import app

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import readme_examples  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    assert first_block.splitlines()[0].startswith("make demo")
    assert first_block.splitlines()[1].startswith("make test")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\ndemo:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize(("command", "shown"), readme_examples.examples(README))
def test_readme_examples_show_real_output(command, shown):
    assert readme_examples.run(command) == shown, f"run `make docs` to refresh the README ({command})"


def test_readme_python_example_runs():
    code = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    expected = re.search(r"# (\S+)$", code.strip().splitlines()[-1]).group(1)
    assert result.stdout.strip().splitlines()[-1] == expected


def test_cli_reference_is_current(tmp_path):
    out = tmp_path / "cli.md"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "typer",
            "policytext.cli",
            "utils",
            "docs",
            "--name",
            "policytext",
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), (
        "run `make docs` to refresh docs/cli.md"
    )


def test_every_command_is_documented():
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    names += [
        f"{g.name} {c.name or c.callback.__name__}"
        for g in app.registered_groups
        for c in g.typer_instance.registered_commands
    ]
    for name in names:
        assert f"## `policytext {name}`" in reference, name
        assert f"`{name.split()[0]}`" in README, f"the README's command list lacks {name.split()[0]}"


def test_links_in_the_readme_exist():
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), target
