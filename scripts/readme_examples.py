"""The README's console examples: run them, and rewrite their shown output.

A README example is a fenced ``console`` block whose first line is ``$ policytext …`` (optionally piped into
``head -n N``); the lines after it are the command's standard output. ``tests/test_docs.py`` runs every example
and fails when the README shows something else; ``python scripts/readme_examples.py`` rewrites the README with
the current output.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n\$ (?P<command>[^\n]+)\n(?P<output>.*?)```", re.S)


def run(command: str) -> str:
    """Run ``policytext …`` (with an optional ``| head -n N``) from the repository root; return its stdout."""
    head = None
    if "|" in command:
        command, pipe = (part.strip() for part in command.split("|", 1))
        m = re.fullmatch(r"head -n (\d+)", pipe)
        if not m:
            raise ValueError(f"unsupported pipe in README example: {pipe!r}")
        head = int(m.group(1))
    argv = shlex.split(command)
    if argv[0] != "policytext":
        raise ValueError(f"README examples run policytext, not {argv[0]!r}")
    result = subprocess.run(
        [sys.executable, "-m", "policytext", *argv[1:]], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines(keepends=True)
    return "".join(lines[:head] if head is not None else lines)


def examples(text: str) -> list[tuple[str, str]]:
    """``(command, shown output)`` of every console example in ``text``."""
    return [(m.group("command"), m.group("output")) for m in BLOCK.finditer(text)]


def main() -> None:
    text = README.read_text(encoding="utf-8")

    def replace(m: re.Match[str]) -> str:
        return f"```console\n$ {m.group('command')}\n{run(m.group('command'))}```"

    README.write_text(BLOCK.sub(replace, text), encoding="utf-8")
    print(f"updated {len(examples(text))} examples in {README}")


if __name__ == "__main__":
    main()
