"""Grounding of model output: LLM facts (quotes) -> :class:`~summarizer.models.Fact` (spans), verification, chunking;
LLM story sentences (fact ids) -> :class:`~summarizer.models.DraftSentence` (citations).

* :func:`ground_facts` aligns each evidence quote with `check.align.align`, finds each name, figure, date
  and quote inside the fact's evidence spans, and runs `check.verify.check_fact`. Passing facts are kept;
  the others become :class:`~summarizer.models.Rejected` with the concrete reason (also fed back to the model for a
  re-ask by :func:`grounding_errors`).
* :func:`chunk_spans` cuts a long article into sentence-aligned windows of at most ``max_tokens`` estimated tokens
  with ``overlap_tokens`` of overlap; :func:`merge_facts` drops the duplicates the overlap produces.

Token estimate: ``ceil(len(text) / 4)`` characters per token (OpenAI's rule of thumb for English). It needs no
tokenizer and errs on the safe side for news prose; it is an estimate, not a count.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from summarizer.check.align import Aligner, align
from summarizer.engines.llm.schema import ComposeResponse, ExtractResponse, LLMFact
from summarizer.models import (
    AlignmentStatus,
    Article,
    Attribution,
    CheckStatus,
    ComposedStory,
    DraftSentence,
    Entity,
    Fact,
    Figure,
    Quote,
    Rejected,
    Span,
    When,
)
from summarizer.text.numbers import find_figures
from summarizer.text.segment import split_sentences

CHARS_PER_TOKEN = 4


def estimate_tokens(text: str) -> int:
    """Estimated token count of ``text`` (``ceil(chars / 4)``; see module docstring)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def chunk_spans(text: str, max_tokens: int, overlap_tokens: int = 0) -> list[tuple[int, int]]:
    """Sentence-aligned windows ``[start, end)`` covering ``text``, each at most ``max_tokens`` estimated tokens
    (a single longer sentence becomes its own window), consecutive windows sharing about ``overlap_tokens``.

    Returns:
        ``[(0, len(text))]`` when the text fits in one window.
    """
    if estimate_tokens(text) <= max_tokens or not text:
        return [(0, len(text))]
    sentences = split_sentences(text) or [(0, len(text))]
    limit = max_tokens * CHARS_PER_TOKEN
    overlap = overlap_tokens * CHARS_PER_TOKEN
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(sentences):
        start = sentences[i][0]
        j = i
        while j + 1 < len(sentences) and sentences[j + 1][1] - start <= limit:
            j += 1
        last = j == len(sentences) - 1
        windows.append((start, len(text) if last else sentences[j][1]))
        if last:
            break
        # the next window repeats the trailing sentences of this one that fit in `overlap`, and always advances
        k = j + 1
        while k - 1 > i and sentences[j][1] - sentences[k - 1][0] <= overlap:
            k -= 1
        i = k
    return windows


@dataclass
class Grounded:
    """The outcome of grounding one model answer: kept facts, rejected material, and the errors for a re-ask."""

    facts: list[Fact] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _sub_spans(needle: str | None, evidence: list[Span], text: str) -> list[Span]:
    """Spans of ``needle`` inside the evidence spans (exact or normalised match only)."""
    if not needle or not needle.strip():
        return []
    for ev in evidence:
        found = align(needle, ev.quote, ev.source, fuzzy=False)
        if found.span is not None:
            start = ev.start + found.span.start
            return [
                Span(
                    source=ev.source,
                    start=start,
                    end=start + found.span.length,
                    quote=text[start : start + found.span.length],
                )
            ]
    return []


def canonical_unit(figure_text: str, unit: str | None) -> str | None:
    """The unit as :mod:`summarizer.text.numbers` spells it ("metres"/"metre" -> "m", "%" -> "percent"): read from the
    figure as written when it states one, else from the model's unit word; else the model's unit unchanged."""
    for probe in (figure_text, f"1 {unit}" if unit else ""):
        for match in find_figures(probe):
            if match.unit:
                return match.unit
    return unit


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def build_fact(llm: LLMFact, fact_id: str, evidence: list[Span], article: Article) -> Fact:
    """A :class:`Fact` from a model fact whose evidence is already aligned; parts get spans inside the evidence."""
    text = article.text

    def entities(items: list[object]) -> list[Entity]:
        out = []
        for e in items:
            name = getattr(e, "name", "")
            out.append(Entity(name=name, kind=getattr(e, "kind"), evidence=_sub_spans(name, evidence, text)))  # noqa: B009
        return out

    when = []
    for w in llm.when:
        date = _parse_date(w.date)
        precision = "time" if (date and w.time) else "day" if date else "unresolved"
        when.append(
            When(
                text=w.text,
                date=date,
                time=w.time,
                part_of_day=w.part_of_day,
                precision=precision,
                evidence=_sub_spans(w.text, evidence, text),
            )
        )
    attribution = None
    if llm.attribution is not None:
        a = llm.attribution
        attribution = Attribution(
            speaker=a.speaker, verb=a.verb, anonymous=a.anonymous, evidence=_sub_spans(a.speaker, evidence, text)
        )
    return Fact(
        id=fact_id,
        source=article.id,
        kind=llm.kind,
        text=llm.text,
        attribution=attribution,
        who=entities(list(llm.who)),
        where=entities(list(llm.where)),
        when=when,
        figures=[
            Figure(
                text=f.text,
                value=f.value,
                qualifier=f.qualifier,
                counts=f.counts,
                unit=canonical_unit(f.text, f.unit),
                evidence=_sub_spans(f.text, evidence, text),
            )
            for f in llm.figures
        ],
        quotes=[Quote(text=q.text, speaker=q.speaker, evidence=_sub_spans(q.text, evidence, text)) for q in llm.quotes],
        evidence=evidence,
        salience=llm.salience,
    )


def ground_facts(
    response: ExtractResponse, article: Article, *, first_id: int = 1, hint: int | None = None
) -> Grounded:
    """Align and verify every fact of ``response`` against ``article``.

    Returns:
        :class:`Grounded`: verified facts (ids ``<source>.F<n>`` from ``first_id``), rejected facts with reasons
        (stage ``extract`` when evidence is missing or is page boilerplate, ``verify`` when a value is not in its
        evidence) and one error line per rejected fact, numbered as in the model's answer, for a re-ask.
    """
    from summarizer.check.verify import check_fact  # the shared verifier (names, numbers, dates against the evidence)

    aligner = Aligner(article.text, article.id)
    out = Grounded()
    n = first_id
    for index, llm in enumerate(response.facts, start=1):
        fact_id = f"{article.id}.F{n}"
        spans: list[Span] = []
        problems: list[str] = []
        for quote in llm.evidence:
            found = aligner.align(quote, hint=hint)
            if found.span is None or found.status == AlignmentStatus.NOT_FOUND:
                problems.append(f"evidence {quote!r} is not in the article")
            elif not article.is_body(found.span.start, found.span.end):
                problems.append(f"evidence {quote!r} is page boilerplate, not article text")
            else:
                spans.append(found.span)
        if not spans:
            reason = "; ".join(problems) or "no evidence"
            out.rejected.append(
                Rejected(text=llm.text, reason=reason, stage="extract", source=article.id, fact_id=None)
            )
            out.errors.append(f"- fact {index} ({llm.text!r}): {reason}")
            continue
        fact = build_fact(llm, fact_id, spans, article)
        verification = check_fact(fact, article)
        fact = fact.model_copy(update={"verification": verification})
        if verification.status != CheckStatus.SUPPORTED:
            reason = (
                "; ".join(
                    f"{c.field} {c.value!r}: {c.status.value}{' - ' + c.reason if c.reason else ''}"
                    for c in verification.failures()
                )
                or verification.status.value
            )
            out.rejected.append(
                Rejected(text=llm.text, reason=reason, stage="verify", source=article.id, citations=spans)
            )
            out.errors.append(f"- fact {index} ({llm.text!r}): {reason}")
            continue
        out.facts.append(fact)
        n += 1
    return out


@dataclass
class GroundingCheck:
    """A validation-context callable for :class:`ExtractResponse`: the error lines of facts that fail grounding
    (empty when every fact verifies), used by instructor's re-ask."""

    article: Article
    hint: int | None = None

    def __call__(self, response: ExtractResponse) -> list[str]:
        return ground_facts(response, self.article, hint=self.hint).errors


def merge_facts(parts: list[Grounded], source: str) -> Grounded:
    """Merge the grounded answers of overlapping chunks: a fact whose evidence spans repeat an earlier fact's (same
    offsets), or whose normalised text repeats one, is dropped; ids are renumbered ``<source>.F1..n`` in order.
    """
    merged = Grounded()
    seen_spans: set[tuple[int, int]] = set()
    seen_text: set[str] = set()
    for part in parts:
        merged.rejected.extend(part.rejected)
        merged.errors.extend(part.errors)
        for fact in part.facts:
            keys = {(s.start, s.end) for s in fact.evidence}
            norm = " ".join(fact.text.lower().split())
            if keys <= seen_spans or norm in seen_text:
                continue
            seen_spans |= keys
            seen_text.add(norm)
            merged.facts.append(fact)
    renumbered = []
    for i, fact in enumerate(merged.facts, start=1):
        renumbered.append(fact.model_copy(update={"id": f"{source}.F{i}"}))
    merged.facts = renumbered
    return merged


def build_composed(response: ComposeResponse, facts: Mapping[str, Fact]) -> ComposedStory:
    """A :class:`ComposedStory` from the model's answer: each sentence gets the evidence spans of the facts it cites;
    a sentence citing an id that is not among ``facts`` goes to ``rejected`` (stage ``compose``)."""
    sentences: list[DraftSentence] = []
    rejected: list[Rejected] = []
    for sent in response.sentences:
        unknown = [i for i in sent.fact_ids if i not in facts]
        if unknown:
            rejected.append(
                Rejected(text=sent.text, reason=f"cites unknown fact id(s) {', '.join(unknown)}", stage="compose")
            )
            continue
        ids = list(dict.fromkeys(sent.fact_ids))
        citations = list(dict.fromkeys(span for i in ids for span in facts[i].evidence))
        sentences.append(DraftSentence(text=sent.text, fact_ids=ids, citations=citations, kind=sent.kind))
    return ComposedStory(headline=response.headline, sentences=sentences, rejected=rejected)
