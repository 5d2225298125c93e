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
    "OpenCCConfig": "policytext.convert",
    "to_simplified": "policytext.normalize",
    # pipeline
    "analyze_text": "policytext.pipeline",
    "analyze_document": "policytext.pipeline",
    "analyze_file": "policytext.pipeline",
    "analyze_files": "policytext.pipeline",
    "normalize_files": "policytext.pipeline",
    "extract": "policytext.pipeline",
    "extract_text": "policytext.pipeline",
    "to_frame": "policytext.pipeline",
    "RECORD_FIELDS": "policytext.pipeline",
    # tagging
    "Tagger": "policytext.tag",
    "load_annotations": "policytext.tag",
    "train_model": "policytext.tag",
    "evaluate_annotations": "policytext.evaluate",
    # export
    "write_records": "policytext.export",
    "read_records": "policytext.export",
    # compare and report
    "compare_regions": "policytext.compare",
    "Comparison": "policytext.compare",
    "load_corpus": "policytext.compare",
    "load_quantity_types": "policytext.compare",
    "build_report": "policytext.report",
    "write_report": "policytext.report",
    "heatmap": "policytext.plots",
    # taxonomy
    "Taxonomy": "policytext.taxonomy",
    "load_taxonomy": "policytext.taxonomy",
    "list_taxonomies": "policytext.taxonomy",
    "validate_taxonomy_file": "policytext.taxonomy",
    # structure
    "structure_text": "policytext.structure",
    "split_sentences": "policytext.structure",
    # segmentation
    "Segmenter": "policytext.segment",
    "segment_text": "policytext.segment",
    # spaCy
    "create_nlp": "policytext.spacy_components",
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
    from policytext.compare import Comparison, compare_regions, load_corpus, load_quantity_types
    from policytext.convert import OpenCCConfig
    from policytext.errors import InputError, PolicytextError, PolicytextWarning, TaxonomyError
    from policytext.evaluate import evaluate_annotations
    from policytext.export import read_records, write_records
    from policytext.normalize import normalize_text, normalize_text_with_fixes, to_simplified
    from policytext.pipeline import (
        RECORD_FIELDS,
        analyze_document,
        analyze_file,
        analyze_files,
        analyze_text,
        extract,
        extract_text,
        normalize_files,
        to_frame,
    )
    from policytext.plots import heatmap
    from policytext.read import find_documents, read_bytes, read_document
    from policytext.report import build_report, write_report
    from policytext.segment import Segmenter, segment_text
    from policytext.spacy_components import create_nlp
    from policytext.structure import split_sentences, structure_text
    from policytext.tag import Tagger, load_annotations, train_model
    from policytext.taxonomy import Taxonomy, list_taxonomies, load_taxonomy, validate_taxonomy_file
