"""The LLM sentence judge: :class:`~summarizer.check.judge.SentenceJudge` through the LLM engine's endpoint.

Owns :class:`LLMJudge` and its response schema. One structured call per batch of claims (the caller batches a
story's sentences; a batch whose prompt would not fit is split here), asking whether each claim is fully supported by
the text it cites, with the supporting quote (``prompts/judge.md``). The call goes through the engine's own call path
(:meth:`LLMEngine._call`): the same content-addressed cache, usage meter (``engine.usage()``), re-ask policy and
mode handling as extraction and composition; the engine's deadline bounds each batch. A failure raises
:class:`~summarizer.errors.ServiceError`; :class:`~summarizer.check.judge.JudgedSupportChecker` then falls back to
the lexical verdict with a warning.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from summarizer.check.judge import JudgeAnswer, JudgeRequest
from summarizer.engines.llm.cache import digest
from summarizer.engines.llm.engine import _METER, LLMEngine, Meter, _Failure, _Session
from summarizer.engines.llm.grounding import estimate_tokens
from summarizer.engines.llm.prompting import fence, load_prompt
from summarizer.errors import ServiceError

__all__ = ["JudgeResponse", "JudgeVerdict", "LLMJudge"]

MAX_PROMPT_TOKENS = 6000  # a batch whose claims and texts exceed this is split in two


class JudgeVerdict(BaseModel):
    """The model's verdict on one claim."""

    model_config = ConfigDict(extra="forbid")

    id: int = Field(ge=1)
    supported: bool
    quote: Annotated[str, StringConstraints(max_length=1000)]
    reason: Annotated[str, StringConstraints(max_length=400)]


class JudgeResponse(BaseModel):
    """The model's answer: one verdict per claim."""

    model_config = ConfigDict(extra="forbid")

    verdicts: list[JudgeVerdict] = Field(max_length=200)


class LLMJudge:
    """Judges claims against their cited texts with the model of ``engine`` (an :class:`LLMEngine`)."""

    def __init__(self, engine: LLMEngine, *, max_prompt_tokens: int = MAX_PROMPT_TOKENS) -> None:
        self.engine = engine
        self.max_prompt_tokens = max_prompt_tokens
        self.calls = 0  # judge calls asked of the engine (cached ones included)

    def judge(self, requests: Sequence[JudgeRequest]) -> list[JudgeAnswer]:
        """One answer per request, in order.

        Raises:
            ServiceError: the call failed, timed out, or the answer does not cover every claim.
            AuthError: 401/403/insufficient quota.
        """
        if not requests:
            return []
        return self.engine._sync(lambda session: self._judge_all(session, list(requests)))

    def _batches(self, requests: list[JudgeRequest]) -> list[list[JudgeRequest]]:
        """``requests`` split in halves until each part's claims and texts fit in ``max_prompt_tokens`` and half of
        the context window (the answer and the schema need the rest)."""
        size = sum(estimate_tokens(r.claim) + estimate_tokens(r.text) for r in requests)
        limit = min(self.max_prompt_tokens, self.engine.context_tokens() // 2)
        if size <= limit or len(requests) == 1:
            return [requests]
        half = len(requests) // 2
        return self._batches(requests[:half]) + self._batches(requests[half:])

    async def _judge_all(self, session: _Session, requests: list[JudgeRequest]) -> list[JudgeAnswer]:
        out: list[JudgeAnswer] = []
        for batch in self._batches(requests):
            out.extend(await self._judge_batch(session, batch))
        return out

    async def _judge_batch(self, session: _Session, batch: list[JudgeRequest]) -> list[JudgeAnswer]:
        meter = Meter()
        token = _METER.set(meter)
        self.calls += 1
        try:
            async with asyncio.timeout(self.engine.settings.timeout):
                response = await self._call(session, meter, batch)
        except TimeoutError:
            raise ServiceError(f"judge: deadline of {self.engine.settings.timeout:g}s exceeded") from None
        except _Failure as failure:
            raise ServiceError(f"judge: {failure.reason}", usage=meter.usage()) from None
        finally:
            _METER.reset(token)
        by_id = {v.id: v for v in response.verdicts}
        missing = [i for i in range(1, len(batch) + 1) if i not in by_id]
        if missing:
            raise ServiceError(f"judge: no verdict for claim(s) {', '.join(map(str, missing))}", usage=meter.usage())
        return [JudgeAnswer(by_id[i].supported, by_id[i].quote, by_id[i].reason) for i in range(1, len(batch) + 1)]

    async def _call(self, session: _Session, meter: Meter, batch: list[JudgeRequest]) -> JudgeResponse:
        prompt_file = load_prompt("judge")
        listing = "\n\n".join(
            f"[{i}] CLAIM: {json.dumps(r.claim, ensure_ascii=False)}\n"
            f"CITED TEXT: {json.dumps(r.text, ensure_ascii=False)}"
            for i, r in enumerate(batch, 1)
        )
        open_tag, close_tag = fence(listing, "CLAIMS")
        prompt = prompt_file.render(claims=listing, open_tag=open_tag, close_tag=close_tag, count=len(batch))
        return await self.engine._call(
            session,
            meter,
            what="judge",
            prompt=prompt,
            response_model=JudgeResponse,
            input_text=" ".join(r.claim for r in batch),
            cache_parts={"task": "judge", "prompt": prompt_file.fingerprint, "claims": digest(listing)},
        )
