"""The LLM sentence judge: :class:`~summarizer.check.judge.SentenceJudge` through the LLM engine's endpoint.

Owns :class:`LLMJudge` and its response schema. One structured call per batch of claims (the caller batches a
story's sentences; a batch whose prompt would not fit is split here), asking whether each claim is fully supported by
the text it cites, with the supporting quote (``prompts/judge.md``). The call goes through the engine's public
:meth:`LLMEngine.ask`: the same content-addressed cache, usage meter (``engine.usage()``), re-ask policy and mode
handling as extraction and composition; the engine's deadline bounds each batch. The judge keeps the usage of its own
calls (``usage``) so that a brief can report it when the judge has an endpoint of its own. A failure raises
:class:`~summarizer.errors.ServiceError`; :class:`~summarizer.check.judge.JudgedSupportChecker` then falls back to
the lexical verdict with a warning.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from summarizer.check.judge import JudgeAnswer, JudgeRequest
from summarizer.engines.llm.cache import digest
from summarizer.engines.llm.engine import LLMEngine
from summarizer.engines.llm.grounding import estimate_tokens
from summarizer.engines.llm.prompting import fence, load_prompt
from summarizer.errors import ServiceError
from summarizer.models import Usage

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
        self.usage = Usage()  # what the judge's calls spent (they are in ``engine.usage()`` too)

    @property
    def model(self) -> str | None:
        """The ``provider:model`` the judge asks."""
        return self.engine.model

    def judge(self, requests: Sequence[JudgeRequest]) -> list[JudgeAnswer]:
        """One answer per request, in order; one call per batch that fits the prompt limit.

        Raises:
            ServiceError: a call failed, timed out, or the answer does not cover every claim.
            AuthError: 401/403/insufficient quota.
        """
        out: list[JudgeAnswer] = []
        for batch in self._batches(list(requests)) if requests else []:
            out.extend(self._judge_batch(batch))
        return out

    def _batches(self, requests: list[JudgeRequest]) -> list[list[JudgeRequest]]:
        """``requests`` split in halves until each part's claims and texts fit in ``max_prompt_tokens`` and half of
        the context window (the answer and the schema need the rest)."""
        size = sum(estimate_tokens(r.claim) + estimate_tokens(r.text) for r in requests)
        limit = min(self.max_prompt_tokens, self.engine.context_tokens() // 2)
        if size <= limit or len(requests) == 1:
            return [requests]
        half = len(requests) // 2
        return self._batches(requests[:half]) + self._batches(requests[half:])

    def _judge_batch(self, batch: list[JudgeRequest]) -> list[JudgeAnswer]:
        prompt_file = load_prompt("judge")
        listing = "\n\n".join(
            f"[{i}] CLAIM: {json.dumps(r.claim, ensure_ascii=False)}\n"
            f"CITED TEXT: {json.dumps(r.text, ensure_ascii=False)}"
            for i, r in enumerate(batch, 1)
        )
        open_tag, close_tag = fence(listing, "CLAIMS")
        prompt = prompt_file.render(claims=listing, open_tag=open_tag, close_tag=close_tag, count=len(batch))
        self.calls += 1
        try:
            response, usage = self.engine.ask(
                what="judge",
                prompt=prompt,
                response_model=JudgeResponse,
                input_text=" ".join(r.claim for r in batch),
                cache_parts={"task": "judge", "prompt": prompt_file.fingerprint, "claims": digest(listing)},
            )
        except ServiceError as exc:
            spent = exc.context.get("usage")
            if isinstance(spent, Usage):
                self.usage = self.usage.add(spent)
            raise
        self.usage = self.usage.add(usage)
        by_id = {v.id: v for v in response.verdicts}
        missing = [i for i in range(1, len(batch) + 1) if i not in by_id]
        if missing:
            raise ServiceError(f"judge: no verdict for claim(s) {', '.join(map(str, missing))}", usage=usage)
        return [JudgeAnswer(by_id[i].supported, by_id[i].quote, by_id[i].reason) for i in range(1, len(batch) + 1)]
