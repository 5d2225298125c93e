"""Where the optional shared test inputs are: ../shared/seeds (real documents) and ../shared/peer (OpenCC's cases).

Looked up, in order: the folder named by ``POLICYTEXT_SHARED``, ``../shared`` beside the checkout, and the
workspace's ``/work/shared`` (a fresh clone in a temporary folder still finds them). Tests that use them skip when
none exists, so the suite passes on a machine that has only the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    candidates = [os.environ.get("POLICYTEXT_SHARED"), ROOT.parent / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return ROOT.parent / "shared"


SHARED = _shared()
SEEDS = SHARED / "seeds"
PEER_OPENCC = SHARED / "peer" / "opencc"
