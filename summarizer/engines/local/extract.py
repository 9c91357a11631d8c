"""The local engine's ``extract`` stage: facts from one article by deterministic NLP (no model, no network).

One :class:`~summarizer.models.Fact` per body sentence that states something (boilerplate regions, headings, table
rows and fragments are skipped), filled with:

* ``when`` -- dates and times from :mod:`summarizer.text.dates`, weekdays resolved against the publication date;
* ``figures`` -- numbers with qualifiers and what they count, from :mod:`summarizer.text.numbers`;
* ``who`` / ``where`` -- named people, organisations and places from :mod:`summarizer.text.entities`;
* ``quotes`` and ``attribution`` -- direct quotes with their speaker, and who the sentence is attributed to
  (pronoun speakers such as "he said" are resolved to the last named speaker of the article).

Every fact and every part carries spans into ``article.text``; nothing here alters the text.
"""

from __future__ import annotations

import re

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
    When,
)
from summarizer.text.dates import find_dates, to_when
from summarizer.text.entities import (
    AttributionMatch,
    EntityMatch,
    find_attribution,
    find_entities,
    find_quotes,
    is_pronoun_speaker,
    person_name,
)
from summarizer.text.numbers import find_figures
from summarizer.text.segment import split_sentences, tokens

_TERMINAL = re.compile(r"[.!?…]['\"”’)\]]*$|[”\"]$")
_MIN_WORDS = 5


def body_sentences(article: Article) -> list[tuple[int, int]]:
    """Offsets of the article's body sentences: not in a non-body region, and sentence-like."""
    out = []
    regions = article.regions
    r = 0
    for start, end in split_sentences(article.text):
        while r < len(regions) and regions[r].end <= start:
            r += 1
        if r < len(regions) and regions[r].start < end and start < regions[r].end:
            continue
        if is_statement(article.text[start:end]):
            out.append((start, end))
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
    text = article.text
    sentences = body_sentences(article)
    speakers = _Speakers()
    facts: list[Fact] = []
    n = len(sentences)
    for i, (start, end) in enumerate(sentences):
        sentence = text[start:end]
        ents = find_entities(sentence)
        attribution = find_attribution(sentence)
        fact = Fact(
            id=f"{article.id}.F{i + 1}",
            source=article.id,
            text=sentence,
            evidence=[article.span(start, end)],
            who=[_entity(article, start, e) for e in ents if e.kind != EntityKind.PLACE],
            where=[_entity(article, start, e) for e in ents if e.kind == EntityKind.PLACE],
            when=_when(article, start, sentence),
            figures=_figures(article, start, sentence),
            attribution=_attribution(article, start, attribution, speakers) if attribution else None,
            salience=_position_salience(i, n),
        )
        quotes = _quotes(article, start, sentence, fact.attribution)
        kind = FactKind.EVENT
        if fact.attribution is not None:
            kind = FactKind.QUOTE if quotes and fact.attribution else FactKind.CLAIM
        facts.append(fact.model_copy(update={"quotes": quotes, "kind": kind}))
    return Extraction(source=article.id, facts=facts)


def _position_salience(i: int, n: int) -> float:
    # News puts the most important information first (inverted pyramid).
    return 1.0 / (1.0 + 0.35 * i) if n else 0.0


def _entity(article: Article, base: int, e: EntityMatch) -> Entity:
    name = person_name(e.text) if e.kind == EntityKind.PERSON else e.text
    offset = e.text.find(name)
    s = base + e.start + max(0, offset)
    return Entity(name=name, kind=e.kind, evidence=[article.span(s, s + len(name))])


def _when(article: Article, base: int, sentence: str) -> list[When]:
    return [to_when(m, article.span(base + m.start, base + m.end)) for m in find_dates(sentence, article.published)]


def _figures(article: Article, base: int, sentence: str) -> list[Figure]:
    return [
        Figure(
            text=m.text,
            value=m.value,
            qualifier=m.qualifier,
            counts=m.counts,
            unit=m.unit,
            evidence=[article.span(base + m.start, base + m.end)],
        )
        for m in find_figures(sentence)
    ]


def _attribution(article: Article, base: int, a: AttributionMatch, speakers: _Speakers) -> Attribution:
    speaker = speakers.resolve(a.speaker)
    return Attribution(
        speaker=speaker,
        verb=a.verb,
        anonymous=a.anonymous,
        evidence=[article.span(base + a.start, base + a.end)],
    )


def _quotes(article: Article, base: int, sentence: str, attribution: Attribution | None) -> list[Quote]:
    out = []
    for q in find_quotes(sentence):
        if len(tokens(q.text)) == 0:
            continue
        out.append(
            Quote(
                text=q.text,
                speaker=attribution.speaker if attribution else None,
                evidence=[article.span(base + q.start, base + q.end)],
            )
        )
    return out
