"""A model-backed support checker behind the :class:`~summarizer.check.support.SupportChecker` protocol.

Owns :class:`SentenceJudge` (the protocol a model-backed judge implements: a batch of claims, each with the text it
cites, in; one :class:`JudgeAnswer` per claim out, or an exception) and :class:`JudgedSupportChecker`, which combines
a judge with the lexical checker:

1. the lexical checker runs first; when one of its hard rules fires (a number, quantifier, claim verb, date, name,
   place, quotation or negation the cited text does not bear out) its verdict stands: the judge cannot overrule a
   deterministic veto;
2. otherwise the judge is asked, for all claims of a batch in one call, whether each claim is fully supported by the
   text it cites, with the supporting quote;
3. a "supported" answer counts only when its quote is found in the cited text (:mod:`summarizer.check.align`):
   the judge can confirm only what the cited text says, and the evidence span is that quote's offsets;
4. when the judge fails (an exception, a missing answer, a quote not in the text) the lexical verdict is returned,
   its reason says so, and a warning is logged: never a silent pass.

This module imports no model SDK; the implementation (``summarizer.engines.llm.judge.LLMJudge``) lives with the LLM
engine and is handed in by the caller (CLI, pipeline).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from summarizer.check.align import align
from summarizer.check.support import (
    LexicalSupportChecker,
    cited_units,
    units_of_text,
    valid_spans,
    verbatim_support,
    verdict,
)
from summarizer.models import AlignmentStatus, Article, Span, SupportLabel, SupportResult

__all__ = ["JudgeAnswer", "JudgeRequest", "JudgedSupportChecker", "SentenceJudge"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JudgeRequest:
    """One claim and the text it cites (the spans, joined, or a whole source)."""

    claim: str
    text: str


@dataclass(frozen=True)
class JudgeAnswer:
    """The judge's verdict on one claim: supported or not, the quote of the text that supports it, and why."""

    supported: bool
    quote: str = ""
    reason: str = ""


class SentenceJudge(Protocol):
    """Judges a batch of claims against their texts; returns one answer per request, in order.

    Raises:
        Exception: any failure (service error, time-out, malformed answer); the caller falls back to the lexical
            verdict.
    """

    def judge(self, requests: Sequence[JudgeRequest]) -> list[JudgeAnswer]: ...


@dataclass(frozen=True)
class _Segment:
    """A piece of cited text the judge's quote may come from: its source, where it starts, its text."""

    source: str
    start: int
    text: str


@dataclass
class JudgedSupportChecker:
    """A :class:`~summarizer.check.support.SupportChecker` that asks ``judge`` where the lexical rules do not veto."""

    judge: SentenceJudge
    lexical: LexicalSupportChecker = field(default_factory=LexicalSupportChecker)
    batch_size: int = 16
    fallbacks: int = 0  # how many verdicts fell back to the lexical checker

    def check(
        self, claim: str, text: str, *, source_id: str = "S1", base: int = 0, published: dt.date | None = None
    ) -> SupportResult:
        """The verdict on ``claim`` against ``text`` (spans name ``source_id``, offsets shifted by ``base``; the
        lexical rules resolve the text's dates against ``published``)."""
        return self.check_many([(claim, text)], source_id=source_id, base=base, published=published)[0]

    def check_many(
        self,
        pairs: Sequence[tuple[str, str]],
        *,
        source_id: str = "S1",
        base: int = 0,
        published: dt.date | None = None,
    ) -> list[SupportResult]:
        """Verdicts on (claim, text) pairs; the judge is called once per ``batch_size`` pairs that need it."""
        items = [
            (claim, units_of_text(text, source_id, base, published), [_Segment(source_id, base, text)])
            for claim, text in pairs
        ]
        results, _ = self._decide([(c, u, s, None) for c, u, s in items])
        return results

    def check_cited(
        self, items: Sequence[tuple[str, Sequence[Span]]], articles: Mapping[str, Article]
    ) -> tuple[list[SupportResult], list[str]]:
        """Verdicts on (claim, cited spans) items, e.g. the sentences of one story, with the judge asked once per
        ``batch_size`` items that need it (a claim verbatim in a cited span, or one a hard rule vetoes, is not
        asked). Returns the verdicts in order and one warning per failed judge call (its claims got the lexical
        verdict). Evidence spans index the articles' texts. Never raises."""
        prepared = []
        for claim, spans in items:
            valid = valid_spans(spans, articles)
            segments = [_Segment(s.source, s.start, s.quote) for s in valid]
            prepared.append((claim, cited_units(valid, articles), segments, verbatim_support(claim, valid)))
        return self._decide(prepared)

    def _decide(
        self, items: Sequence[tuple[str, Sequence[Any], Sequence[_Segment], SupportResult | None]]
    ) -> tuple[list[SupportResult], list[str]]:
        out: list[SupportResult | None] = [None] * len(items)
        lexical: list[SupportResult] = []
        ask: list[int] = []
        params = self.lexical.params_in_use()
        for i, (claim, units, _segments, settled) in enumerate(items):
            features = self.lexical.features(claim, units) if units else []
            result = verdict(features, params) if features else self.lexical.check_units(claim, units)
            lexical.append(result)
            if settled is not None:
                out[i] = settled
            elif not features or any(name in params.rules for f in features for name in f.hits):
                out[i] = result  # nothing to judge, or a deterministic veto: it stands
            else:
                ask.append(i)
        warnings: list[str] = []
        for start in range(0, len(ask), self.batch_size):
            batch = ask[start : start + self.batch_size]
            requests = [JudgeRequest(items[i][0], "\n\n".join(s.text for s in items[i][2])) for i in batch]
            try:
                answers = self.judge.judge(requests)
                if len(answers) != len(requests):
                    raise ValueError(f"the judge answered {len(answers)} of {len(requests)} claims")
            except Exception as exc:
                why = f"the llm judge failed ({type(exc).__name__}: {exc})"
                warnings.append(f"{why}; the lexical verdict was used for {len(batch)} sentence(s)")
                for i in batch:
                    out[i] = self._fallback(lexical[i], why)
                continue
            for i, answer in zip(batch, answers, strict=True):
                result, problem = self._judged(answer, items[i][2], lexical[i])
                out[i] = result
                if problem:
                    warnings.append(f"{problem} (for “{_short(items[i][0])}”); the lexical verdict was used")
        return [r for r in out if r is not None], warnings

    def _judged(
        self, answer: JudgeAnswer, segments: Sequence[_Segment], lexical: SupportResult
    ) -> tuple[SupportResult, str | None]:
        """The verdict from the judge's answer, and what went wrong when it fell back to the lexical verdict."""
        if not answer.supported:
            reason = f"the llm judge finds it not supported by the cited text: {answer.reason or 'no reason given'}"
            return SupportResult(label=SupportLabel.UNSUPPORTED, score=min(lexical.score, 0.5),
                                 evidence=lexical.evidence, reason=reason), None  # fmt: skip
        quote = answer.quote.strip()
        span = None
        for seg in segments if quote else ():
            found = align(quote, seg.text, seg.source, fuzzy=False)
            if found.span is not None and found.status != AlignmentStatus.NOT_FOUND:
                span = found.span.model_copy(update={"start": found.span.start + seg.start,
                                                     "end": found.span.end + seg.start})  # fmt: skip
                break
        if span is None:
            why = f"the llm judge's quote “{quote[:80]}” is not in the cited text"
            return self._fallback(lexical, why), why
        reason = f"the llm judge finds it supported by “{span.quote[:120]}”"
        if answer.reason:
            reason += f" ({answer.reason})"
        return SupportResult(label=SupportLabel.SUPPORTED, score=max(lexical.score, 0.5), evidence=[span],
                             reason=reason), None  # fmt: skip

    def _fallback(self, lexical: SupportResult, why: str) -> SupportResult:
        self.fallbacks += 1
        log.warning("%s; using the lexical verdict", why)
        return lexical.model_copy(update={"reason": f"{why}; lexical verdict: {lexical.reason}"})


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
