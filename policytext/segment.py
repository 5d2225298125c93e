"""Word segmentation with jieba and a domain dictionary of cadre-policy terms.

Each :class:`Segmenter` owns a private ``jieba.Tokenizer``: the global jieba is never modified (no ``add_word``
or ``load_userdict`` on it), so policytext can live beside other jieba users in one process.

Note: jieba never keeps entries with CJK punctuation whole and splits numbers apart, so taxonomy cues are matched
on characters (see :mod:`policytext.tag`) and numbers are read from the text (:mod:`policytext.quantities`), not
from tokens.
"""

from __future__ import annotations

import logging
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

_DOMAIN_DICT = "domain_dict.txt"


class Segmenter:
    """A jieba tokenizer with the policytext domain dictionary (and optionally the user's own).

    Args:
        user_dict: an extra jieba user dictionary (``word [freq] [tag]`` per line).
        hmm: let jieba's HMM guess unknown words (off by default: it can merge across term boundaries).

    Examples:
        >>> seg = Segmenter()
        >>> seg.cut("落实容错纠错机制，建设乡镇干部周转房")
        ['落实', '容错纠错', '机制', '，', '建设', '乡镇干部', '周转房']
    """

    def __init__(self, *, user_dict: str | os.PathLike[str] | None = None, hmm: bool = False) -> None:
        self.user_dict = Path(user_dict) if user_dict is not None else None
        self.hmm = hmm
        self._tokenizer = None

    @property
    def tokenizer(self):
        """The private jieba tokenizer, built on first use."""
        if self._tokenizer is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            tk.tmp_dir = tempfile.gettempdir()
            tk.initialize()
            text = resources.files("policytext.data").joinpath(_DOMAIN_DICT).read_text(encoding="utf-8")
            for line in text.splitlines():
                if line.strip() and not line.startswith("#"):
                    word, freq, *tag = line.split()
                    tk.add_word(word, int(freq), tag[0] if tag else None)
            if self.user_dict is not None:
                tk.load_userdict(str(self.user_dict))
            self._tokenizer = tk
        return self._tokenizer

    def cut(self, text: str) -> list[str]:
        """The tokens of ``text`` (whitespace dropped)."""
        return [w for w in self.tokenizer.lcut(text, HMM=self.hmm) if not w.isspace()]

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """``(token, start, end)`` triples with offsets into ``text`` (whitespace dropped).

        Examples:
            >>> Segmenter().tokenize("周转房x套")[0]
            ('周转房', 0, 3)
        """
        return [(w, s, e) for w, s, e in self.tokenizer.tokenize(text, HMM=self.hmm) if not w.isspace()]


@lru_cache(maxsize=4)
def get_segmenter(user_dict: str | None = None, hmm: bool = False) -> Segmenter:
    """A per-process cached :class:`Segmenter`."""
    return Segmenter(user_dict=user_dict, hmm=hmm)


def segment_text(text: str, *, user_dict: str | None = None, hmm: bool = False) -> list[str]:
    """Segment ``text`` with the domain dictionary.

    Examples:
        >>> segment_text("认真落实“三个区分开来”要求")
        ['认真落实', '“', '三个区分开来', '”', '要求']
    """
    return get_segmenter(user_dict, hmm).cut(text)
