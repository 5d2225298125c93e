"""policytext: normalize, structure, tag and compare Chinese cadre-care policy documents.

The public API is re-exported here lazily, so ``import policytext`` loads none of OpenCC, jieba, spaCy or
scikit-learn (and ``policytext --help`` stays instant).

Examples:
    >>> import policytext
    >>> policytext.normalize_text("關心關愛幹部")
    '关心关爱干部'
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("policytext")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # read
    "read_document": "policytext.read",
    "read_bytes": "policytext.read",
    "find_documents": "policytext.read",
    # normalize
    "normalize_text": "policytext.normalize",
    "normalize_text_with_fixes": "policytext.normalize",
    # errors
    "PolicytextError": "policytext.errors",
    "InputError": "policytext.errors",
    "TaxonomyError": "policytext.errors",
    "PolicytextWarning": "policytext.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'policytext' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from policytext.errors import InputError, PolicytextError, PolicytextWarning, TaxonomyError
    from policytext.normalize import normalize_text, normalize_text_with_fixes
    from policytext.read import find_documents, read_bytes, read_document
