"""Exceptions and warnings.

The library raises; only the CLI prints and chooses an exit status. Every message says what went wrong, where
(file, line, field), and what to do about it.
"""

from __future__ import annotations


class PolicytextError(Exception):
    """Base class of every error policytext raises on purpose."""


class InputError(PolicytextError):
    """An input file cannot be read (unsupported format, undecodable bytes, broken container)."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class TaxonomyError(PolicytextError):
    """A taxonomy file is malformed or a taxonomy name is unknown."""


class AnnotationError(PolicytextError):
    """An annotation file is malformed."""


class PolicytextWarning(UserWarning):
    """Something was handled but deserves the user's attention (e.g. an ambiguous region)."""
