"""The local engine's ``extract`` stage: facts from one article by deterministic NLP (no model, no network).

One :class:`~summarizer.models.Fact` per body sentence that states something (boilerplate regions, headings, table
rows and fragments are skipped), filled with:

* ``when`` -- dates and times from :mod:`summarizer.text.dates`, weekdays resolved against the publication date;
* ``figures`` -- numbers with qualifiers and what they count, from :mod:`summarizer.text.numbers`;
* ``who`` / ``where`` -- named people, organisations and places from :mod:`summarizer.text.entities`;
* ``quotes`` and ``attribution`` -- direct quotes with their speaker, and who the sentence is attributed to
  (pronoun speakers such as "he said" are resolved to the last named speaker of the article).

Every fact and every part carries spans into ``article.text``; nothing here alters the text. The sentences and their
layers come from the article's annotations (:mod:`summarizer.text.annotate`): nothing is parsed here.
"""

from __future__ import annotations

import re
import sys

from summarizer.models import (
    Article,
    Attribution,
    Entity,
    EntityKind,
    Extraction,
    Fact,
    FactKind,
    Figure,
    Quote,
    valid_model,
)
from summarizer.text.annotate import Sentence, attach, doc_of
from summarizer.text.attribution import AttributionMatch, is_pronoun_speaker
from summarizer.text.dates import to_when
from summarizer.text.entities import EntityMatch, person_name
from summarizer.text.numbers import NumberMatch
from summarizer.text.regex import lazy_compile
from summarizer.text.segment import tokens

_TERMINAL = lazy_compile(r"[.!?…]['\"”’)\]]*$|[”\"]$", first='.!?…”"')
_MIN_WORDS = 5


def body_sentences(article: Article) -> list[tuple[int, int]]:
    """Offsets of the article's body sentences: not in a non-body region, and sentence-like."""
    return [doc_span for _, doc_span in _body(article)]


def _body(article: Article) -> list[tuple[int, tuple[int, int]]]:
    """(index in the article's Doc, offsets) of each body sentence."""
    out = []
    regions = article.regions
    r = 0
    for i, (start, end) in enumerate(doc_of(article).spans):
        while r < len(regions) and regions[r].end <= start:
            r += 1
        if r < len(regions) and regions[r].start < end and start < regions[r].end:
            continue
        if is_statement(article.text[start:end]):
            out.append((i, (start, end)))
    return out


def is_statement(sentence: str) -> bool:
    """A sentence that states something: enough words, ends like a sentence, not a title-cased heading or table row."""
    words = sentence.split()
    if len(words) < _MIN_WORDS:
        return False
    if "\t" in sentence or re.search(r"\s{3,}", sentence):
        return False
    if not _TERMINAL.search(sentence):
        # Headings and table rows have no terminal punctuation; long run-on lines without it still count.
        if len(words) < 14:
            return False
        caps = sum(1 for w in words if w[:1].isupper())
        if caps / len(words) > 0.5:
            return False
    return not (sentence.rstrip().endswith("?") and len(words) < 8)


class _Speakers:
    """Tracks the last named speaker, to resolve 'he said' / 'it added'."""

    def __init__(self) -> None:
        self.last: str | None = None

    def resolve(self, speaker: str) -> str:
        if is_pronoun_speaker(speaker) and self.last:
            return self.last
        if not is_pronoun_speaker(speaker):
            self.last = speaker
        return speaker


def extract_facts(article: Article) -> Extraction:
    """Facts of ``article``, one per body sentence that states something, most salient first in ``salience``."""
    doc = doc_of(article)
    body = _body(article)
    speakers = _Speakers()
    facts: list[Fact] = []
    n = len(body)
    for k, (i, _) in enumerate(body):
        sent = doc.sentence(i)
        ents = sent.entities
        attribution = _attribution(article, sent.attribution, speakers) if sent.attribution else None
        quotes = _quotes(article, sent, attribution)
        kind = FactKind.EVENT
        if attribution is not None:
            kind = FactKind.QUOTE if quotes else FactKind.CLAIM
        # every value as Fact's validation would keep it (models, fresh lists, a FactKind, a float): built without it
        fact = valid_model(
            Fact,
            {
                "id": f"{article.id}.F{k + 1}",
                "source": article.id,
                "kind": kind,
                "text": sent.text,
                "evidence": [article.span(sent.start, sent.end, sent.text)],
                "who": [_entity(article, e) for e in ents if e.kind != EntityKind.PLACE],
                "where": [_entity(article, e) for e in ents if e.kind == EntityKind.PLACE],
                "when": [to_when(m, article.span(m.start, m.end, m.text)) for m in sent.dates],
                "figures": [_figure(article, m) for m in sent.figures],
                "attribution": attribution,
                "quotes": quotes,
                "salience": _position_salience(k, n),
            },
        )
        facts.append(attach(fact, sent))
    return Extraction(source=article.id, facts=facts)


def _position_salience(i: int, n: int) -> float:
    # News puts the most important information first (inverted pyramid).
    return 1.0 / (1.0 + 0.35 * i) if n else 0.0


def _entity(article: Article, e: EntityMatch) -> Entity:
    # interned (its evidence quotes the same string): a run keeps every fact's names until its story is composed, and
    # the same names recur within an article and across articles
    name = sys.intern(person_name(e.text) if e.kind == EntityKind.PERSON else e.text)
    offset = e.text.find(name)
    s = e.start + max(0, offset)
    # a str, an EntityKind, a fresh list of a Span: what Entity's validation keeps
    return valid_model(Entity, {"name": name, "kind": e.kind, "evidence": [article.span(s, s + len(name), name)]})


def _figure(article: Article, m: NumberMatch) -> Figure:
    return Figure(
        text=m.text,
        value=m.value,
        qualifier=m.qualifier,
        counts=m.counts,
        unit=m.unit,
        evidence=[article.span(m.start, m.end, m.text)],
    )


def _attribution(article: Article, a: AttributionMatch, speakers: _Speakers) -> Attribution:
    speaker = sys.intern(speakers.resolve(a.speaker))  # interned, as names are
    return Attribution(
        speaker=speaker,
        verb=sys.intern(a.verb) if a.verb is not None else None,
        anonymous=a.anonymous,
        evidence=[article.span(a.start, a.end)],
    )


def _quotes(article: Article, sent: Sentence, attribution: Attribution | None) -> list[Quote]:
    out = []
    for q in sent.quotes:
        if not tokens(q.text):
            continue
        out.append(
            Quote(
                text=q.text,
                speaker=attribution.speaker if attribution else None,
                evidence=[article.span(q.start, q.end, q.text)],
            )
        )
    return out
