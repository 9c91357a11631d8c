"""The verify stage: cross-check every field of a fact against its evidence, returning data (never bare bools).

Owns :func:`check_fact` (one :class:`~summarizer.models.Verification` per fact, with a
:class:`~summarizer.models.FieldCheck` per field) and re-exports the sentence-support helpers of
:mod:`summarizer.check.support` (:func:`check_support`, :func:`check_claim`, :func:`check_pairs`) so the pipeline and
CLI import one module. Both engines' facts go through here.

Checks, each with a human-readable reason and the spans it looked at:

* ``evidence[i]`` -- the span really indexes the article (``article.text[start:end] == quote``);
* ``quotes[i]`` -- verbatim in the article after normalising whitespace and quotation marks only; an almost-verbatim
  match is NEAR_MISS with the nearest span;
* ``figures[i]`` -- the value is in the evidence (digits or words) with the same qualifier and the same thing
  counted (:func:`summarizer.text.numbers.same_quantity`); a different value for the same thing is CONTRADICTED;
* ``when[i]`` -- the date/time is in the evidence, resolved against ``article.published`` ("Saturday" in an article of
  Sunday Jan 21, 2024 is Jan 20, 2024); another date of the same precision is CONTRADICTED;
* ``who[i]`` / ``where[i]`` -- the name (or a spelling variant, :mod:`summarizer.text.names`) is in the evidence;
* ``attribution`` -- the evidence attributes the statement to the same speaker; to someone else is MISATTRIBUTED;
* ``text`` -- the statement follows from its evidence (:mod:`summarizer.check.support`): CONTRADICTED when a number
  conflicts, UNSUPPORTED when its score is below :data:`FACT_TEXT_MIN_SCORE`.

The verification's status is the worst of its checks (SUPPORTED < NEAR_MISS < UNSUPPORTED < MISATTRIBUTED <
CONTRADICTED).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from rapidfuzz import fuzz

from summarizer.check.support import (
    SUPPORT_THRESHOLD,
    LexicalSupportChecker,
    SupportChecker,
    check_claim,
    check_pairs,
    check_support,
)
from summarizer.models import (
    Article,
    Attribution,
    CheckStatus,
    Entity,
    Fact,
    FieldCheck,
    Figure,
    Quote,
    Span,
    SupportLabel,
    Verification,
    When,
)
from summarizer.text.annotate import doc_of
from summarizer.text.dates import DateMatch, find_dates
from summarizer.text.months import WEEKDAYS
from summarizer.text.names import find_name, same_name
from summarizer.text.normalize import NormalizedText
from summarizer.text.numbers import NumberMatch, parse_number, same_quantity
from summarizer.text.regex import lazy_compile

__all__ = [
    "FACT_TEXT_MIN_SCORE",
    "SUPPORT_THRESHOLD",
    "LexicalSupportChecker",
    "SupportChecker",
    "check_claim",
    "check_fact",
    "check_pairs",
    "check_support",
    "fact_failures",
    "worst",
]

FACT_TEXT_MIN_SCORE = 0.35
"""A fact's own text scoring below this against its evidence is UNSUPPORTED. Lower than the brief-sentence threshold
because engines may paraphrase a fact; the structured fields carry the precise checks."""

QUOTE_NEAR_MISS = 85.0
"""rapidfuzz partial-ratio (0-100) at or above which a non-verbatim quote is reported as a NEAR_MISS."""

_SEVERITY = {
    CheckStatus.SUPPORTED: 0,
    CheckStatus.NEAR_MISS: 1,
    CheckStatus.UNSUPPORTED: 2,
    CheckStatus.MISATTRIBUTED: 3,
    CheckStatus.CONTRADICTED: 4,
}


def worst(statuses: Sequence[CheckStatus]) -> CheckStatus:
    """The most severe status of ``statuses`` (SUPPORTED for none)."""
    return max(statuses, key=lambda s: _SEVERITY[s], default=CheckStatus.SUPPORTED)


# --------------------------------------------------------------------------------------------------------------------
# Evidence
# --------------------------------------------------------------------------------------------------------------------


def _check_evidence(
    fact: Fact, article: Article, *, failures_only: bool = False
) -> tuple[list[FieldCheck], list[Span]]:
    checks, good = [], []
    for i, span in enumerate(fact.evidence):
        field = f"evidence[{i}]"
        if span.source != article.id:
            checks.append(
                FieldCheck(
                    field=field,
                    value=span.quote,
                    status=CheckStatus.UNSUPPORTED,
                    reason=f"span names source {span.source}, not {article.id}",
                    spans=[span],
                )
            )
        elif span.end > len(article.text) or article.text[span.start : span.end] != span.quote:
            checks.append(
                FieldCheck(
                    field=field,
                    value=span.quote,
                    status=CheckStatus.UNSUPPORTED,
                    reason=f"article text at [{span.start}:{span.end}] is not the quoted text",
                    spans=[span],
                )
            )
        else:
            good.append(span)
            if failures_only:
                continue
            checks.append(
                FieldCheck(
                    field=field,
                    value=span.quote,
                    status=CheckStatus.SUPPORTED,
                    reason=f"indexes {article.id}[{span.start}:{span.end}] exactly",
                    spans=[span],
                )
            )
    return checks, good


# --------------------------------------------------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------------------------------------------------


def _strip_quote(text: str) -> str:
    return text.strip().strip("\"'“”‘’«» ").strip()


def check_quote(quote: Quote, article: Article, evidence: Sequence[Span], field: str = "quote") -> FieldCheck:
    """Is ``quote.text`` verbatim in the article (whitespace and quotation marks normalised only)?"""
    words = _strip_quote(quote.text)
    if not words:
        return FieldCheck(field=field, value=quote.text, status=CheckStatus.UNSUPPORTED, reason="empty quote")
    exact = _verbatim(words, article, evidence)
    if exact is not None:
        return FieldCheck(
            field=field,
            value=quote.text,
            status=CheckStatus.SUPPORTED,
            reason=f"verbatim in its evidence at [{exact.start}:{exact.end}]",
            spans=[exact],
        )
    normalised = NormalizedText.of(article.text, full=False)
    norm, where = normalised.text, normalised.index
    needle = NormalizedText.of(words, full=False).text
    hits = [m.start() for m in re.finditer(re.escape(needle), norm)]
    if hits:
        in_evidence = [h for h in hits if any(s.start <= where[h] < s.end for s in evidence)]
        h = (in_evidence or hits)[0]
        start, end = where[h], where[h + len(needle) - 1] + 1
        span = article.span(start, end)
        where_txt = "in its evidence" if in_evidence else "in the article (outside the fact's evidence)"
        return FieldCheck(
            field=field,
            value=quote.text,
            status=CheckStatus.SUPPORTED,
            reason=f"verbatim {where_txt} at [{start}:{end}]",
            spans=[span],
        )
    res = fuzz.partial_ratio_alignment(needle, norm, score_cutoff=QUOTE_NEAR_MISS)
    if res is not None and res.dest_end > res.dest_start:
        start, end = where[res.dest_start], where[res.dest_end - 1] + 1
        span = article.span(start, end)
        return FieldCheck(
            field=field,
            value=quote.text,
            status=CheckStatus.NEAR_MISS,
            reason=f"not verbatim; nearest text ({res.score:.0f}% similar) is “{span.quote}”",
            spans=[span],
        )
    return FieldCheck(
        field=field,
        value=quote.text,
        status=CheckStatus.UNSUPPORTED,
        reason="the quoted words are not in the article",
        spans=list(evidence),
    )


# --------------------------------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------------------------------


def _evidence_figures(article: Article, evidence: Sequence[Span]) -> list[tuple[NumberMatch, Span]]:
    doc = doc_of(article)
    return [(m, article.span(m.start, m.end)) for span in evidence for m in doc.figures(span.start, span.end)]


def _figure_claim(figure: Figure) -> Figure:
    """The figure as checked: a value the engine left out is read from its text."""
    if figure.value is None and figure.qualifier.value != "several":
        parsed = parse_number(figure.text)
        if parsed is not None:
            return figure.model_copy(update={"value": parsed})
    return figure


def _figure_supported(figure: Figure, article: Article, evidence: Sequence[Span]) -> bool:
    """Whether :func:`check_figure` finds the figure SUPPORTED (one evidence figure states the same quantity), told
    without building its spans."""
    claim = _figure_claim(figure)
    doc = doc_of(article)
    return any(
        same_quantity(claim, m) == CheckStatus.SUPPORTED for span in evidence for m in doc.figures(span.start, span.end)
    )


def check_figure(figure: Figure, article: Article, evidence: Sequence[Span], field: str = "figure") -> FieldCheck:
    """Is the figure's value (with its qualifier and what it counts) stated in the evidence?"""
    claim = _figure_claim(figure)
    found = _evidence_figures(article, evidence)
    if not found:
        return FieldCheck(
            field=field,
            value=figure.text,
            status=CheckStatus.UNSUPPORTED,
            reason="the evidence states no figure",
            spans=list(evidence),
        )
    results = [(same_quantity(claim, m), m, span) for m, span in found]
    for wanted in (CheckStatus.SUPPORTED, CheckStatus.NEAR_MISS):
        for status, m, span in results:
            if status == wanted:
                reason = f"the evidence says “{m.text}”"
                if status == CheckStatus.NEAR_MISS:
                    reason += f": same number, different qualifier ({claim.qualifier.value} vs {m.qualifier.value})"
                return FieldCheck(field=field, value=figure.text, status=status, reason=reason, spans=[span])
    same_value = [(s, m, sp) for s, m, sp in results if claim.value is not None and m.value == claim.value]
    if same_value:
        _, m, span = same_value[0]
        return FieldCheck(
            field=field,
            value=figure.text,
            status=CheckStatus.UNSUPPORTED,
            reason=f"the evidence says “{m.text}”: the qualifier or what is counted differs",
            spans=[span],
        )
    contradicted = [(m, sp) for s, m, sp in results if s == CheckStatus.CONTRADICTED and (m.counts or not claim.counts)]
    if contradicted and claim.counts:
        contradicted = [(m, sp) for m, sp in contradicted if m.counts] or contradicted
    if contradicted:
        m, span = contradicted[0]
        return FieldCheck(
            field=field,
            value=figure.text,
            status=CheckStatus.CONTRADICTED,
            reason=f"the evidence says “{m.text}”",
            spans=[span],
        )
    return FieldCheck(
        field=field,
        value=figure.text,
        status=CheckStatus.UNSUPPORTED,
        reason="the value is not stated in the evidence",
        spans=list(evidence),
    )


# --------------------------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------------------------


def _evidence_dates(article: Article, evidence: Sequence[Span]) -> list[tuple[DateMatch, Span]]:
    doc = doc_of(article)
    return [(m, article.span(m.start, m.end)) for span in evidence for m in doc.dates(span.start, span.end)]


_WEEKDAY = lazy_compile(r"\b(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b", re.I)


def _weekdays(text: str) -> set[int]:
    """The weekdays ``text`` names (0 = Monday), full or abbreviated, from the one weekday table."""
    return {WEEKDAYS[m.group(0).lower()] for m in _WEEKDAY.finditer(text)}


def _norm_words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _when_resolved(when: When, article: Article) -> tuple[dt.date | None, str | None]:
    """The date and time checked: the engine's, or else its words resolved the way the evidence's are."""
    if when.date is None and when.time is None:
        own = find_dates(when.text, article.published)
        if own:
            return own[0].date, own[0].time
    return when.date, when.time


def _same_moment(m: DateMatch, date: dt.date | None, time: str | None) -> bool:
    same_day = date is not None and m.date == date
    same_time = time is not None and m.time == time
    return (same_day and (time is None or m.time in (None, time))) or (date is None and same_time)


def _same_expression(m: DateMatch, when: When, days: set[int], date: dt.date | None) -> bool:
    same_words = _norm_words(m.text) == _norm_words(when.text)
    # "Monday" for "late Monday": the same weekday as stated (neither resolved to another day)
    same_weekday = bool(days) and days <= _weekdays(m.text) and (date is None or m.date in (None, date))
    return same_words or same_weekday


def _when_supported(when: When, article: Article, evidence: Sequence[Span]) -> bool:
    """Whether :func:`check_when` finds the date or time SUPPORTED, told without building its spans."""
    doc = doc_of(article)
    found = [m for span in evidence for m in doc.dates(span.start, span.end)]
    date, time = _when_resolved(when, article)
    if any(_same_moment(m, date, time) for m in found):
        return True
    days = _weekdays(when.text)
    return any(_same_expression(m, when, days, date) for m in found)


def check_when(when: When, article: Article, evidence: Sequence[Span], field: str = "when") -> FieldCheck:
    """Is the date/time in the evidence, once both are resolved against the article's publication date?"""
    found = _evidence_dates(article, evidence)
    date, time = _when_resolved(when, article)
    for m, span in found:
        if _same_moment(m, date, time):
            return FieldCheck(
                field=field,
                value=when.text,
                status=CheckStatus.SUPPORTED,
                reason=f"the evidence says “{m.text}”" + (f" ({m.date.isoformat()})" if m.date else ""),
                spans=[span],
            )
    days = _weekdays(when.text)
    for m, span in found:
        if _same_expression(m, when, days, date):
            return FieldCheck(
                field=field,
                value=when.text,
                status=CheckStatus.SUPPORTED,
                reason=f"the evidence says “{m.text}”",
                spans=[span],
            )
    for m, span in found:
        if date is not None and m.date is not None and m.date != date and m.precision in ("day", "time"):
            return FieldCheck(
                field=field,
                value=when.text,
                status=CheckStatus.CONTRADICTED,
                reason=f"the evidence says “{m.text}” ({m.date.isoformat()}), not {date.isoformat()}",
                spans=[span],
            )
        if time is not None and m.time is not None and m.time != time and (date is None or m.date in (None, date)):
            return FieldCheck(
                field=field,
                value=when.text,
                status=CheckStatus.CONTRADICTED,
                reason=f"the evidence says “{m.text}” ({m.time}), not {time}",
                spans=[span],
            )
    return FieldCheck(
        field=field,
        value=when.text,
        status=CheckStatus.UNSUPPORTED,
        reason="the evidence states no such date or time",
        spans=list(evidence),
    )


# --------------------------------------------------------------------------------------------------------------------
# Names and attribution
# --------------------------------------------------------------------------------------------------------------------


def _verbatim_at(text: str, evidence: Sequence[Span]) -> int | None:
    """The article offset of the first verbatim, whole-word occurrence of ``text`` in the evidence, if any."""
    if not text:
        return None
    for span in evidence:
        i = span.quote.find(text)
        while i != -1:
            before = span.quote[i - 1] if i > 0 else " "
            after = span.quote[i + len(text)] if i + len(text) < len(span.quote) else " "
            if not before.isalnum() and not after.isalnum():
                return span.start + i
            i = span.quote.find(text, i + 1)
    return None


def _verbatim(text: str, article: Article, evidence: Sequence[Span]) -> Span | None:
    """The first verbatim, whole-word occurrence of ``text`` in the evidence (the cheap, strongest check)."""
    at = _verbatim_at(text, evidence)
    return None if at is None else article.span(at, at + len(text))


def _evidence_hits(name: str, article: Article, evidence: Sequence[Span]) -> Iterator[tuple[Span, float]]:
    """Where ``name`` or a variant of it occurs in the evidence, with its score: span by span, a span's hits read
    when the caller reaches it."""
    for span in evidence:
        for s, e, score in find_name(name, span.quote):
            yield article.span(span.start + s, span.start + e), score


def _find_in_evidence(name: str, article: Article, evidence: Sequence[Span]) -> list[tuple[Span, float]]:
    return list(_evidence_hits(name, article, evidence))


def _first_in_evidence(name: str, article: Article, evidence: Sequence[Span]) -> Span | None:
    """The first hit of :func:`_find_in_evidence`, without reading the spans after the first one that has a hit, if
    there is one."""
    return next((hit for hit, _ in _evidence_hits(name, article, evidence)), None)


def check_entity(entity: Entity, article: Article, evidence: Sequence[Span], field: str = "who") -> FieldCheck:
    """Is the person/place/organisation named in the evidence (spelling variants tolerated, other names not)?"""
    exact = _verbatim(entity.name, article, evidence)
    if exact is not None:
        return FieldCheck(
            field=field,
            value=entity.name,
            status=CheckStatus.SUPPORTED,
            reason="named in the evidence as written",
            spans=[exact],
        )
    hits = _find_in_evidence(entity.name, article, evidence)
    if hits:
        span, score = max(hits, key=lambda h: h[1])
        how = "as written" if score >= 0.999 else f"as “{span.quote}” (variant, similarity {score:.2f})"
        return FieldCheck(
            field=field,
            value=entity.name,
            status=CheckStatus.SUPPORTED,
            reason=f"named in the evidence {how}",
            spans=[span],
        )
    # groups and descriptions ("two U.S. officials", "Iranian-backed militants"): near-verbatim words suffice
    for span in evidence:
        res = fuzz.partial_ratio_alignment(entity.name.lower(), span.quote.lower(), score_cutoff=90)
        if res is not None and res.dest_end > res.dest_start:
            hit = article.span(span.start + res.dest_start, span.start + res.dest_end)
            return FieldCheck(
                field=field,
                value=entity.name,
                status=CheckStatus.SUPPORTED,
                reason=f"described in the evidence as “{hit.quote}”",
                spans=[hit],
            )
    return FieldCheck(
        field=field,
        value=entity.name,
        status=CheckStatus.UNSUPPORTED,
        reason="not named in the evidence",
        spans=list(evidence),
    )


def _evidence_speakers(article: Article, evidence: Sequence[Span]) -> list[tuple[str, Span]]:
    doc = doc_of(article)
    out = []
    for span in evidence:
        for sent in doc.within(span.start, span.end):
            m = sent.attribution
            if m is not None:
                out.append((m.speaker, article.span(m.start, m.end)))
    return out


def _same_speaker(speaker: str, name: str) -> bool:
    return same_name(speaker, name) or _norm_words(speaker) == _norm_words(name)  # same_name: similarity >= 0.85


def _named_speaker_supported(attribution: Attribution, article: Article, evidence: Sequence[Span]) -> bool:
    """Whether the evidence's own attribution names the speaker (the first way :func:`check_attribution` finds it
    SUPPORTED), told without building its spans."""
    doc = doc_of(article)
    return any(
        sent.attribution is not None and _same_speaker(attribution.speaker, sent.attribution.speaker)
        for span in evidence
        for sent in doc.within(span.start, span.end)
    )


def check_attribution(attribution: Attribution, article: Article, evidence: Sequence[Span]) -> FieldCheck:
    """Does the evidence attribute the statement to ``attribution.speaker``? Someone else: MISATTRIBUTED."""
    field, speaker = "attribution", attribution.speaker
    speakers = _evidence_speakers(article, evidence)
    for name, span in speakers:
        if _same_speaker(speaker, name):
            return FieldCheck(
                field=field,
                value=speaker,
                status=CheckStatus.SUPPORTED,
                reason=f"the evidence attributes it to “{name}”",
                spans=[span],
            )
    anaphoric = [(n, sp) for n, sp in speakers if not _has_name(n)]
    for span in evidence:
        lead = re.match(r"[“\"]?(He|She|It|They)\b", span.quote)
        if lead and not anaphoric:
            anaphoric.append((lead.group(1), article.span(span.start + lead.start(1), span.start + lead.end(1))))
    if anaphoric:  # "he said", "it added", "the group said": the speaker is named just before
        before = _preceding(article, min(s.start for s in evidence), sentences=3)
        hit = _first_in_evidence(speaker, article, [*evidence, *before])
        if hit is not None:
            return FieldCheck(
                field=field,
                value=speaker,
                status=CheckStatus.SUPPORTED,
                reason=f"“{anaphoric[0][0]}” in the evidence refers back to “{hit.quote}”",
                spans=[anaphoric[0][1], hit],
            )
    named_others = [(n, s) for n, s in speakers if _has_name(n)]
    if named_others:
        name, span = named_others[0]
        return FieldCheck(
            field=field,
            value=speaker,
            status=CheckStatus.MISATTRIBUTED,
            reason=f"the evidence attributes it to “{name}”, not “{speaker}”",
            spans=[span],
        )
    # (after the search above found nothing, the evidence has no hit either)
    hit = None if anaphoric else _first_in_evidence(speaker, article, evidence)
    if hit is not None:
        return FieldCheck(
            field=field,
            value=speaker,
            status=CheckStatus.SUPPORTED,
            reason=f"the evidence names “{hit.quote}”",
            spans=[hit],
        )
    return FieldCheck(
        field=field,
        value=speaker,
        status=CheckStatus.UNSUPPORTED,
        reason="the evidence does not attribute the statement to this speaker",
        spans=list(evidence),
    )


def _has_name(speaker: str) -> bool:
    """True for a speaker phrase that names someone ('Centcom', 'two U.S. officials'), not a pronoun ('it') or a
    definite description pointing back ('the group', 'the spokesman')."""
    s = speaker.strip().lower()
    return s not in {"it", "he", "she", "they", "we", "i"} and not re.fullmatch(r"the [a-z-]+", s)


def _preceding(article: Article, start: int, sentences: int) -> list[Span]:
    """Up to ``sentences`` sentences of the article that end before ``start`` (nearest last)."""
    return [article.span(s, e) for s, e in doc_of(article).before(start, sentences)]


# --------------------------------------------------------------------------------------------------------------------
# The fact
# --------------------------------------------------------------------------------------------------------------------


def _check_text(fact: Fact, article: Article, evidence: Sequence[Span]) -> FieldCheck:
    exact = _verbatim(fact.text.strip(), article, evidence)
    if exact is not None:
        return FieldCheck(
            field="text",
            value=fact.text,
            status=CheckStatus.SUPPORTED,
            reason="verbatim in the evidence",
            spans=[exact],
        )
    result = check_support(fact.text, list(evidence), {article.id: article})
    if result.label == SupportLabel.CONTRADICTED:
        status = CheckStatus.CONTRADICTED
    elif result.score < FACT_TEXT_MIN_SCORE:
        status = CheckStatus.UNSUPPORTED
    else:
        status = CheckStatus.SUPPORTED
    reason = f"support score {result.score:.2f}: {result.reason}"
    return FieldCheck(field="text", value=fact.text, status=status, reason=reason, spans=list(result.evidence))


def check_fact(fact: Fact, article: Article, *, failures_only: bool = False) -> Verification:
    """Cross-check every field of ``fact`` against its evidence spans in ``article``.

    Returns a :class:`Verification` whose status is the worst of its :class:`FieldCheck` s. Never raises for bad
    input data: a span that does not index the article, or a value missing from the evidence, is a failed check.
    ``failures_only``: the verification holds only the checks that failed (the same status; a field told SUPPORTED
    by a quick test, such as its words standing verbatim in the evidence, gets no check built, reason or spans).
    """
    return _verification(_checks(fact, article, failures_only), failures_only)


def fact_failures(fact: Fact, article: Article) -> list[FieldCheck]:
    """The checks of ``fact`` that fail, those of ``check_fact(fact, article, failures_only=True)``, without its
    :class:`Verification`: none for a fact whose every field is SUPPORTED (most facts: the pipeline keeps those and
    reads no verification of them)."""
    return _failed(_checks(fact, article, True))


def _checks(fact: Fact, article: Article, failures_only: bool) -> list[FieldCheck]:
    """:func:`check_fact`'s checks (with ``failures_only``, supported ones may be among them, unfiltered)."""
    checks, evidence = _check_evidence(fact, article, failures_only=failures_only)
    if not evidence:
        checks.append(
            FieldCheck(
                field="evidence",
                value=fact.text,
                status=CheckStatus.UNSUPPORTED,
                reason="no evidence span indexes the article",
            )
        )
        return checks

    quick = failures_only  # a field a quick test finds SUPPORTED needs no check built
    if not (quick and _verbatim_at(fact.text.strip(), evidence) is not None):
        checks.append(_check_text(fact, article, evidence))
    for i, q in enumerate(fact.quotes):
        if not (quick and _verbatim_at(_strip_quote(q.text), evidence) is not None):
            checks.append(check_quote(q, article, evidence, field=f"quotes[{i}]"))
    for i, f in enumerate(fact.figures):
        if not (quick and _figure_supported(f, article, evidence)):
            checks.append(check_figure(f, article, evidence, field=f"figures[{i}]"))
    for i, w in enumerate(fact.when):
        if not (quick and _when_supported(w, article, evidence)):
            checks.append(check_when(w, article, evidence, field=f"when[{i}]"))
    for kind, entities in (("who", fact.who), ("where", fact.where)):
        for i, e in enumerate(entities):
            if not (quick and _verbatim_at(e.name, evidence) is not None):
                checks.append(check_entity(e, article, evidence, field=f"{kind}[{i}]"))
    a = fact.attribution
    if a is not None and not a.anonymous:
        if not (quick and _named_speaker_supported(a, article, evidence)):
            checks.append(check_attribution(a, article, evidence))
    elif a is not None and not (quick and _verbatim_at(a.speaker, evidence) is not None):
        checks.append(check_entity(Entity(name=a.speaker), article, evidence, field="attribution"))
    return checks


def _failed(checks: list[FieldCheck]) -> list[FieldCheck]:
    """The ``checks`` that are not SUPPORTED, in order."""
    return [c for c in checks if c.status != CheckStatus.SUPPORTED]


def _verification(checks: list[FieldCheck], failures_only: bool) -> Verification:
    if failures_only:
        checks = _failed(checks)
    return Verification(status=worst([c.status for c in checks]), checks=checks)
