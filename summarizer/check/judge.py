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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from summarizer.check.align import align
from summarizer.check.support import LexicalSupportChecker, units_of_text, verdict
from summarizer.models import AlignmentStatus, SupportLabel, SupportResult

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
        out: list[SupportResult | None] = [None] * len(pairs)
        lexical: list[SupportResult] = []
        ask: list[int] = []
        for i, (claim, text) in enumerate(pairs):
            units = units_of_text(text, source_id, base, published)
            features = self.lexical.features(claim, units) if units else []
            if not features:
                lexical.append(self.lexical.check_units(claim, units))
                out[i] = lexical[-1]
                continue
            params = self.lexical.params_in_use()
            result = verdict(features, params)
            lexical.append(result)
            if any(name in params.rules for f in features for name in f.hits):
                out[i] = result  # a deterministic veto stands
            else:
                ask.append(i)
        for start in range(0, len(ask), self.batch_size):
            batch = ask[start : start + self.batch_size]
            requests = [JudgeRequest(pairs[i][0], pairs[i][1]) for i in batch]
            try:
                answers = self.judge.judge(requests)
                if len(answers) != len(requests):
                    raise ValueError(f"the judge answered {len(answers)} of {len(requests)} claims")
            except Exception as exc:
                for i in batch:
                    out[i] = self._fallback(lexical[i], f"the llm judge failed ({type(exc).__name__}: {exc})")
                continue
            for i, answer in zip(batch, answers, strict=True):
                out[i] = self._judged(answer, pairs[i][1], lexical[i], source_id, base)
        return [r for r in out if r is not None]

    def _judged(
        self, answer: JudgeAnswer, text: str, lexical: SupportResult, source_id: str, base: int
    ) -> SupportResult:
        if not answer.supported:
            reason = f"the llm judge finds it not supported by the cited text: {answer.reason or 'no reason given'}"
            return SupportResult(label=SupportLabel.UNSUPPORTED, score=min(lexical.score, 0.5),
                                 evidence=lexical.evidence, reason=reason)  # fmt: skip
        quote = answer.quote.strip()
        found = align(quote, text, source_id, fuzzy=False) if quote else None
        if found is None or found.span is None or found.status == AlignmentStatus.NOT_FOUND:
            return self._fallback(lexical, f"the llm judge's quote “{quote[:80]}” is not in the cited text")
        span = found.span.model_copy(update={"start": found.span.start + base, "end": found.span.end + base})
        reason = f"the llm judge finds it supported by “{span.quote[:120]}”"
        if answer.reason:
            reason += f" ({answer.reason})"
        return SupportResult(label=SupportLabel.SUPPORTED, score=max(lexical.score, 0.5), evidence=[span],
                             reason=reason)  # fmt: skip

    def _fallback(self, lexical: SupportResult, why: str) -> SupportResult:
        self.fallbacks += 1
        log.warning("%s; using the lexical verdict", why)
        return lexical.model_copy(update={"reason": f"{why}; lexical verdict: {lexical.reason}"})
