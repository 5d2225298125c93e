"""spaCy adapter: a jieba tokenizer and pipeline components that call the same code as :mod:`policytext.pipeline`.

Registered through entry points (``spacy_tokenizers``, ``spacy_factories``), so after ``pip install policytext``
a spaCy user can write::

    import spacy
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "policytext.jieba_tokenizer.v1"}}})
    nlp.add_pipe("policytext_structure")
    doc = nlp(policytext.normalize_text(raw))
    for sent in doc.sents:
        print(sent._.region, [q.value for q in sent._.quantities])

or simply ``nlp = policytext.create_nlp()``. What a component puts on the Doc:

* ``doc._.policytext``: the :class:`~policytext.model.StructuredDocument`;
* sentence boundaries (``doc.sents``) from :func:`policytext.structure.split_sentences`;
* ``doc.spans["articles"]`` (label: article title), ``doc.spans["headings"]``, ``doc.spans["regions"]`` (one span
  per sentence, label: its region's name) and ``doc.spans["quantities"]`` (label: unit);
* ``Span._.region``, ``Span._.quantities``, ``Span._.heading``, ``Span._.sentence_kind`` on any span, read from the
  sentence it starts in; ``Span._.quantity`` on quantity spans;
* with ``policytext_tagger``: ``doc.spans["measures"]``, one span per (measure, label), ``Span._.tagging``.

spaCy does not let a component change a Doc's text, so normalize the text before calling ``nlp``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from spacy import registry
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import get_words_and_spaces
from spacy.vocab import Vocab

from policytext.model import Quantity, Region, Sentence, StructuredDocument

TOKENIZER_NAME = "policytext.jieba_tokenizer.v1"


class JiebaTokenizer:
    """A spaCy tokenizer that segments with :class:`policytext.segment.Segmenter` (domain dictionary included)."""

    def __init__(self, vocab: Vocab, *, user_dict: str | None = None, hmm: bool = False) -> None:
        from policytext.segment import get_segmenter

        self.vocab = vocab
        self.segmenter = get_segmenter(user_dict, hmm)

    def __call__(self, text: str) -> Doc:
        words = [w for w, _, _ in self.segmenter.tokenizer.tokenize(text, HMM=self.segmenter.hmm)]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    # spaCy serializes tokenizers with the pipeline; this one has no state of its own
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> JiebaTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> JiebaTokenizer:
        return self


def create_jieba_tokenizer(user_dict: str | None = None, hmm: bool = False) -> Callable[[Language], JiebaTokenizer]:
    """Registered as ``policytext.jieba_tokenizer.v1`` (entry point group ``spacy_tokenizers``)."""

    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, user_dict=user_dict, hmm=hmm)

    return make


registry.tokenizers.register(TOKENIZER_NAME, func=create_jieba_tokenizer)


# ---- extensions ----------------------------------------------------------------------------------------------
def _sentence_at(span: Span) -> Sentence | None:
    structured: StructuredDocument | None = span.doc._.policytext
    if structured is None:
        return None
    index = span.doc._.policytext_index
    pos = bisect.bisect_right(index[0], span.start_char) - 1
    if pos < 0:
        return None
    sentence = index[1][pos]
    return sentence if span.start_char < sentence.end else None


def _region(span: Span) -> Region | None:
    s = _sentence_at(span)
    return s.region if s else None


def _quantities(span: Span) -> tuple[Quantity, ...]:
    s = _sentence_at(span)
    if s is None:
        return ()
    return tuple(q for q in s.quantities if span.start_char <= q.start and q.end <= span.end_char)


def _heading(span: Span) -> tuple[str, ...]:
    s = _sentence_at(span)
    return s.heading if s else ()


def _kind(span: Span) -> str | None:
    s = _sentence_at(span)
    return s.kind.value if s else None


def _register_extensions() -> None:
    if not Doc.has_extension("policytext"):
        Doc.set_extension("policytext", default=None)
        Doc.set_extension("policytext_index", default=None)
    for name, getter in (
        ("region", _region),
        ("quantities", _quantities),
        ("heading", _heading),
        ("sentence_kind", _kind),
    ):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)
    for name in ("quantity", "tagging"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


_register_extensions()


def _char_span(doc: Doc, start: int, end: int, label: str = "") -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


class StructureComponent:
    """Adds articles, sentences, headings, regions and quantities to a Doc (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, *, regions: bool = True, quantities: bool = True) -> None:
        self.name = name
        self.regions = regions
        self.quantities = quantities

    def __call__(self, doc: Doc) -> Doc:
        from policytext.structure import structure_text

        structured = structure_text(doc.text, regions=self.regions, quantities=self.quantities)
        apply_structure(doc, structured)
        return doc


def apply_structure(doc: Doc, structured: StructuredDocument) -> None:
    """Write a :class:`StructuredDocument` computed on ``doc.text`` onto the Doc."""
    sentences = [s for _, s in structured.sentences()]
    doc._.policytext = structured
    doc._.policytext_index = ([s.start for s in sentences], sentences)
    starts = set()
    for s in sentences:
        span = _char_span(doc, s.start, s.end)
        if span is not None:
            starts.add(span.start)
    for token in doc:
        token.is_sent_start = token.i == 0 or token.i in starts
    articles, headings, regions, quantities = [], [], [], []
    for article in structured.articles:
        span = _char_span(doc, article.start, article.end, article.title or f"article {article.index}")
        if span is not None:
            articles.append(span)
        for h in article.headings:
            hs = _char_span(doc, h.start, h.end, f"level {h.level}")
            if hs is not None:
                headings.append(hs)
        for s in article.sentences:
            if s.region is not None:
                rs = _char_span(doc, s.start, s.end, s.region.name)
                if rs is not None:
                    regions.append(rs)
            for q in s.quantities:
                qs = _char_span(doc, q.start, q.end, q.unit)
                if qs is not None:
                    qs._.quantity = q
                    quantities.append(qs)
    doc.spans["articles"] = articles
    doc.spans["headings"] = headings
    doc.spans["regions"] = regions
    doc.spans["quantities"] = quantities


@Language.factory(
    "policytext_structure",
    default_config={"regions": True, "quantities": True},
)
def make_structure(nlp: Language, name: str, regions: bool, quantities: bool) -> StructureComponent:
    """Factory of the ``policytext_structure`` component (entry point group ``spacy_factories``)."""
    return StructureComponent(nlp, name, regions=regions, quantities=quantities)


class TaggerComponent:
    """Puts measures into ``doc.spans["measures"]``: one span per (sentence, label), label = subcategory id.

    Needs ``policytext_structure`` earlier in the pipeline. ``Span._.tagging`` holds the full
    :class:`~policytext.model.Tagging` (categories, score, evidence), so displaCy's span renderer shows the
    labels (``displacy.render(doc, style="span", options={"spans_key": "measures"})``).
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        taxonomy: str = "cadre_care",
        method: str = "hybrid",
        model: str | None = None,
    ) -> None:
        from policytext.pipeline import make_tagger

        self.name = name
        self.tagger = make_tagger(taxonomy=taxonomy, method=method, model=model)

    def __call__(self, doc: Doc) -> Doc:
        from policytext.pipeline import tag_document

        structured: StructuredDocument | None = doc._.policytext
        if structured is None:
            raise ValueError("policytext_tagger needs policytext_structure before it in the pipeline")
        spans = []
        for sentence, tagging in tag_document(structured, tagger=self.tagger):
            if not tagging.is_measure:
                continue
            for label in tagging.subcategories or tagging.categories:
                span = _char_span(doc, sentence.start, sentence.end, label)
                if span is not None:
                    span._.tagging = tagging
                    spans.append(span)
        doc.spans["measures"] = spans
        return doc


@Language.factory(
    "policytext_tagger",
    default_config={"taxonomy": "cadre_care", "method": "hybrid", "model": None},
)
def make_tagger_component(nlp: Language, name: str, taxonomy: str, method: str, model: str | None) -> TaggerComponent:
    """Factory of the ``policytext_tagger`` component (entry point group ``spacy_factories``)."""
    return TaggerComponent(nlp, name, taxonomy=taxonomy, method=method, model=model)


def create_nlp(
    *,
    structure: bool = True,
    tagger: bool = False,
    taxonomy: str = "cadre_care",
    method: str = "hybrid",
    user_dict: str | None = None,
) -> Language:
    """A blank Chinese spaCy pipeline with the jieba tokenizer and the policytext components.

    Examples:
        >>> nlp = create_nlp()
        >>> doc = nlp("一、落实体检制度。每年组织一次体检。")
        >>> [s.text for s in doc.sents]
        ['一、落实体检制度。', '每年组织一次体检。']
    """
    import spacy

    tokenizer_config: dict[str, Any] = {"@tokenizers": TOKENIZER_NAME, "user_dict": user_dict}
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer_config}})
    if structure or tagger:
        nlp.add_pipe("policytext_structure")
    if tagger:
        nlp.add_pipe("policytext_tagger", config={"taxonomy": taxonomy, "method": method})
    return nlp
