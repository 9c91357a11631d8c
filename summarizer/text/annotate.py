"""The annotation layer: each article segmented once, each sentence annotated once, every later stage reads it.

Owns :class:`Doc` (an article's text, its publication date and its sentences) and :class:`Sentence` (one sentence's
layers: content stems and match tokens, dates and times resolved against the publication date,
figures, named entities, the attribution and the direct quotes). Every span of every layer is an absolute offset
into the stored article text, so ``doc.text[m.start:m.end] == m.text`` holds for each match.

Like spaCy's ``Doc``, the layers are plain slotted dataclasses and tuples, cheap to build and to keep, and never
serialised into the Brief JSON. Segmentation is eager (one regex pass over the text); a sentence's layers are
computed the first time a stage asks for them and then kept on the Doc, so sentences no stage reads (page
boilerplate, headings) cost nothing and no sentence is parsed twice.

How a stage reaches a Doc: :func:`doc_of` computes it on first use and keeps it on the
:class:`~summarizer.models.Article` (a private, uncompared attribute that ``model_copy`` carries over; a copy whose
text or publication date changed gets a fresh Doc). Keeping it on the article rather than passing a ``Doc``
alongside leaves every stage's signature and the engine protocol as they are, and keeps the annotations exactly as
long as the article lives (no global cache: nothing outlives the run, nothing is shared between runs). The facts the
local engine extracts carry their sentence the same way (:func:`sentence_of`), so grouping and composition, which
see facts but not articles, read the stems instead of re-tokenising.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import operator
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from summarizer.models import Article, Derived, Fact
from summarizer.text.segment import STOPWORDS, match_tokens, split_sentences, stem, tokens

# The finders of the layers are imported when a layer is first computed: a run served from the result cache (which
# reads only the stems) does not load the attribution, date, entity and number modules.
if TYPE_CHECKING:
    from summarizer.text.attribution import AttributionMatch
    from summarizer.text.dates import DateMatch
    from summarizer.text.entities import EntityMatch, QuoteMatch
    from summarizer.text.numbers import NumberMatch

__all__ = [
    "Doc",
    "Sentence",
    "annotate",
    "annotate_sentence",
    "attach",
    "doc_of",
    "drop_doc",
    "drop_extraction_layers",
    "sentence_of",
    "stems_of",
]

_M = TypeVar("_M")


_UNSET: Any = object()


class Sentence:
    """One sentence and its layers. ``start``/``end`` and every match's offsets index the article text.

    Each layer is computed the first time it is read and then kept: a stage that needs only the dates of every
    sentence (flags) does not pay for their entities, and no layer is computed twice."""

    __slots__ = ("_attribution", "_dates", "_entities", "_figures", "_match", "_quotes", "_stems", "end", "published",
                 "start", "text")  # fmt: skip

    def __init__(self, text: str, start: int, end: int, published: dt.date | None) -> None:
        self.start = start
        self.end = end
        self.text = text[start:end]
        self.published = published
        self._stems: tuple[str, ...] | None = None
        self._match: tuple[str, ...] | None = None
        self._dates: tuple[DateMatch, ...] | None = None
        self._figures: tuple[NumberMatch, ...] | None = None
        self._entities: tuple[EntityMatch, ...] | None = None
        self._quotes: tuple[QuoteMatch, ...] | None = None
        self._attribution: AttributionMatch | None = _UNSET

    def __repr__(self) -> str:
        return f"Sentence({self.start}, {self.end}, {self.text!r})"

    @property
    def stems(self) -> tuple[str, ...]:
        """Content stems (:func:`~summarizer.text.segment.content_stems`): no stopwords or one-letter words."""
        if self._stems is None:
            self._stems = _stems(self.text)
        return self._stems

    @property
    def match(self) -> tuple[str, ...]:
        """The support checker's tokens (:func:`~summarizer.text.segment.match_tokens`)."""
        if self._match is None:
            self._match = tuple(map(sys.intern, match_tokens(self.text)))
        return self._match

    @property
    def dates(self) -> tuple[DateMatch, ...]:
        """Dates and times, resolved against the publication date."""
        if self._dates is None:
            from summarizer.text.dates import find_dates

            self._dates = _shift(find_dates(self.text, self.published), self.start)
        return self._dates

    @property
    def figures(self) -> tuple[NumberMatch, ...]:
        """Figures: amounts with their qualifier, unit and what they count."""
        if self._figures is None:
            from summarizer.text.numbers import find_figures

            self._figures = _shift(find_figures(self.text), self.start)
        return self._figures

    @property
    def entities(self) -> tuple[EntityMatch, ...]:
        """Named people, organisations and places."""
        if self._entities is None:
            from summarizer.text.entities import find_entities

            self._entities = _shift(find_entities(self.text), self.start)
        return self._entities

    @property
    def attribution(self) -> AttributionMatch | None:
        """Who the sentence attributes its content to, if anyone."""
        if self._attribution is _UNSET:
            from summarizer.text.attribution import find_attribution

            m = find_attribution(self.text)
            self._attribution = _shift_attribution(m, self.start) if m is not None and self.start else m
        return self._attribution

    @property
    def quotes(self) -> tuple[QuoteMatch, ...]:
        """Direct quotes (the quoted words, without the marks)."""
        if self._quotes is None:
            from summarizer.text.entities import find_quotes

            self._quotes = _shift(find_quotes(self.text), self.start)
        return self._quotes


def _shift_attribution(m: AttributionMatch, offset: int) -> AttributionMatch:
    inner = _shift_attribution(m.inner, offset) if m.inner is not None else None
    return dataclasses.replace(m, start=m.start + offset, end=m.end + offset, inner=inner)


_OFFSETS = ("start", "end", "number_start", "number_end")  # the fields that hold offsets (-1: none)


def _shift(matches: Sequence[_M], base: int) -> tuple[_M, ...]:
    """Matches found in a slice, moved to offsets of the whole text.

    The match types are frozen, slotted dataclasses (no ``__dict__``: a run keeps tens of thousands of them with its
    Docs); each is copied field for field, the offsets moved (``dataclasses.replace`` re-runs ``__init__`` and is
    several times slower)."""
    if not base:
        return tuple(matches)
    out = []
    setattr_ = object.__setattr__
    for m in matches:
        cls = type(m)
        moved = object.__new__(cls)
        for name in cls.__slots__:  # type: ignore[attr-defined]
            value = getattr(m, name)
            if name in _OFFSETS and value >= 0:
                value += base
            setattr_(moved, name, value)
        out.append(moved)
    return tuple(out)


def _stems(text: str) -> tuple[str, ...]:
    # interned: the same stems recur across sentences and articles, and a run keeps them all until the end
    return tuple([sys.intern(stem(t)) for t in tokens(text) if t not in STOPWORDS and len(t) > 1])


def annotate_sentence(text: str, start: int, end: int, published: dt.date | None) -> Sentence:
    """The sentence ``text[start:end]``; its layers (offsets into ``text``) are computed when first read."""
    return Sentence(text, start, end, published)


# Where a sentence starts and ends: what Doc's lookups bisect its spans by (a list of the starts and a dict of the
# ends beside the spans were 1.7 MB of every 3,000 articles' Docs, which a run keeps until their story is composed)
_START = operator.itemgetter(0)
_END = operator.itemgetter(1)


@dataclass(slots=True)
class Doc:
    """An article's text segmented into sentences, each annotated on first use (see the module docstring)."""

    text: str
    published: dt.date | None
    spans: tuple[tuple[int, int], ...]  # in text order, none overlapping: sorted by start and by end alike
    _sentences: list[Sentence | None] = field(repr=False)
    # Document-level layers that later stages derive from this text (like spaCy's ``Doc._``), keyed by the owning
    # module's name: computed once per article, kept with the Doc, dropped with it when the text changes.
    layers: dict[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.spans)

    def sentence(self, i: int) -> Sentence:
        """The annotated ``i``-th sentence (annotated now if no stage has read it yet)."""
        sent = self._sentences[i]
        if sent is None:
            start, end = self.spans[i]
            sent = self._sentences[i] = annotate_sentence(self.text, start, end, self.published)
        return sent

    def index(self, start: int, end: int) -> int | None:
        """The index of the sentence that is exactly ``[start, end)``, else None."""
        i = bisect.bisect_left(self.spans, start, key=_START)
        if i < len(self.spans) and self.spans[i] == (start, end):
            return i
        return None

    def covering(self, start: int, end: int) -> range | None:
        """The sentences that together are exactly ``[start, end)`` (whole sentences, first to last), else None."""
        spans = self.spans
        first = bisect.bisect_left(spans, start, key=_START)
        last = bisect.bisect_right(spans, end, key=_END) - 1  # the last sentence ending at ``end``, if any does
        if first >= len(spans) or spans[first][0] != start or last < first or spans[last][1] != end:
            return None
        return range(first, last + 1)

    def within(self, start: int, end: int) -> list[Sentence]:
        """The annotated sentences of ``[start, end)`` when it is made of whole sentences, else the sentences of that
        stretch segmented on their own (annotated, not kept: a span that cuts a sentence is not a sentence)."""
        span = self.covering(start, end)
        if span is not None:
            return [self.sentence(i) for i in span]
        return [annotate_sentence(self.text, s, e, self.published) for s, e in split_sentences(self.text, start, end)]

    def layer(
        self, start: int, end: int, find: Callable[[str], Sequence[_M]], get: Callable[[Sentence], Any]
    ) -> list[_M]:
        """One layer of ``[start, end)``: the sentence's when it is one sentence, else ``find`` run on that stretch."""
        i = self.index(start, end)
        if i is not None:
            return list(get(self.sentence(i)))
        return list(_shift(find(self.text[start:end]), start))

    def figures(self, start: int, end: int) -> list[NumberMatch]:
        """Figures of ``[start, end)`` (absolute offsets)."""
        from summarizer.text.numbers import find_figures

        return self.layer(start, end, find_figures, lambda s: s.figures)

    def dates(self, start: int, end: int) -> list[DateMatch]:
        """Dates and times of ``[start, end)`` resolved against the publication date (absolute offsets)."""
        from summarizer.text.dates import find_dates

        return self.layer(start, end, lambda t: find_dates(t, self.published), lambda s: s.dates)

    def before(self, start: int, n: int, *, window: int = 2000) -> list[tuple[int, int]]:
        """Up to ``n`` sentences (offsets) that end at or before ``start``, within ``window`` characters of it,
        nearest last. A sentence cut by the window is cut as a segmentation of the window alone would cut it."""
        lo = max(0, start - window)
        i = bisect.bisect_left(self.spans, start, key=_START)
        if i > 0 and self.spans[i - 1][1] > start:
            found = [(s, e) for s, e in split_sentences(self.text, lo, start) if e <= start]  # start cuts a sentence
            return found[-n:]
        out: list[tuple[int, int]] = []
        for s, e in reversed(self.spans[max(0, i - n) : i]):
            if e <= lo:
                break
            if s < lo:
                s = lo
                while s < e and self.text[s].isspace():
                    s += 1
            out.append((s, e))
        return out[::-1]


def annotate(text: str, published: dt.date | None = None) -> Doc:
    """Segment ``text`` once into a :class:`Doc`; sentences are annotated when first read."""
    spans = tuple(split_sentences(text))
    return Doc(
        text=text,
        published=published,
        spans=spans,
        _sentences=[None] * len(spans),
    )


def _slot(model: Article | Fact) -> Derived:
    # the private attribute read directly: pydantic's attribute hook for private attributes costs microseconds
    slot: Derived = model.__pydantic_private__["_annotations"]  # type: ignore[index]
    return slot


def doc_of(article: Article) -> Doc:
    """The article's :class:`Doc`, computed on first use and kept on the article (and its ``model_copy`` copies)."""
    slot = _slot(article)
    doc = slot.value
    if (
        isinstance(doc, Doc)
        and doc.published == article.published
        and (doc.text is article.text or doc.text == article.text)
    ):
        return doc
    doc = slot.value = annotate(article.text, article.published)
    return doc


def attach(fact: Fact, sentence: Sentence) -> Fact:
    """Link ``fact`` to the annotated sentence it states (kept by ``model_copy``); returns ``fact``."""
    _slot(fact).value = sentence
    return fact


def sentence_of(fact: Fact) -> Sentence | None:
    """The annotated sentence ``fact`` states verbatim, when the fact was extracted from one."""
    sent = _slot(fact).value
    return sent if isinstance(sent, Sentence) and sent.text == fact.text else None


def stems_of(fact: Fact) -> tuple[str, ...]:
    """Content stems of the fact's text: its sentence's when annotated, else computed from the text."""
    sent = sentence_of(fact)
    return sent.stems if sent is not None else _stems(fact.text)


def drop_extraction_layers(article: Article) -> None:
    """Forget the layers of the article's annotated sentences that only extraction and the verification of facts
    read (entities, direct quotes, attribution: a third of what a Doc holds), once both are done; the story stages
    read the stems, match tokens, dates and figures, which are kept. A later read computes a dropped layer again."""
    doc = _slot(article).value
    if not isinstance(doc, Doc):
        return
    for sent in doc._sentences:
        if sent is not None:
            sent._entities = None
            sent._quotes = None
            sent._attribution = _UNSET


def drop_doc(article: Article) -> Doc | None:
    """Forget the article's :class:`Doc` (and every copy's: they share it) once no stage will read it again, so that
    a long run does not keep every article's annotations to its end; returns it (None if there was none). A later
    :func:`doc_of` computes it again."""
    slot = _slot(article)
    doc = slot.value if isinstance(slot.value, Doc) else None
    slot.value = None
    return doc
