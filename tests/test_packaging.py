"""The wheel ships the taxonomies, annotations and data files, and works when installed non-editable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_contains_and_loads_every_data_file(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is needed to copy the tracked tree")
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("policytext-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "policytext/taxonomies/cadre_care.toml",
        "policytext/taxonomies/policy_instruments.toml",
        "policytext/taxonomies/quantity_types/cadre_care.toml",
        "policytext/data/gazetteer.tsv",
        "policytext/data/char_freq.tsv",
        "policytext/data/domain_dict.txt",
        "policytext/annotations/corpus.jsonl",
        "policytext/py.typed",
    ):
        assert required in names, required
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )
    script = (
        "import policytext, pathlib, sys\n"
        "assert pathlib.Path(policytext.__file__).parent == pathlib.Path(sys.argv[1]) / 'policytext', policytext.__file__\n"
        "from policytext.taxonomy import list_taxonomies, load_taxonomy\n"
        "names = list_taxonomies()\n"
        "assert {'cadre_care', 'policy_instruments'} <= set(names), names\n"
        "for n in names: load_taxonomy(n)\n"
        "from policytext.compare import load_quantity_types\n"
        "assert len(load_quantity_types('cadre_care').types) >= 10\n"
        "from policytext.tag import load_annotations, default_annotations_dir\n"
        "assert 'site' in str(default_annotations_dir())\n"
        "assert len(load_annotations()) > 500\n"
        "r = list(policytext.extract_text('岳西县每年组织干部体检一次。', method='rules'))\n"
        "assert r[0]['region'] == '岳西县' and r[0]['categories'] == ['health'], r\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
