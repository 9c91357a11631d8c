"""The LLM engine: schema-constrained extraction and composition over any OpenAI-compatible chat completions endpoint.

This is the only module that imports ``openai`` and ``instructor``. It owns:

* **the client**: base URL and key (``OPENAI_API_KEY``; never logged), created per run, never at import; model ids,
  default modes and base URLs are parsed in :mod:`.config` (tool calling for OpenAI/Azure, JSON schema
  for local servers), grounding of answers lives in :mod:`summarizer.engines.llm.grounding`;
* **calls**: one extraction call per article chunk, one composition call per story, through instructor;
* **failure policy** -- one place each, never stacked:
    - HTTP 429/5xx/time-outs/connection errors: the openai SDK's own retries (``http_retries``, exponential backoff);
    - invalid output (bad JSON, schema errors, facts that fail grounding): instructor's re-ask, driven by one tenacity
      policy (:meth:`LLMEngine._reask_policy`: at most ``max_reasks`` re-asks, stop when the token budget is spent);
    - ``finish_reason == "length"``: one retry with twice the output limit, then the article fails with the reason;
    - 401/403/``insufficient_quota``: :class:`~summarizer.errors.AuthError`, the run aborts;
    - anything else after the SDK's retries, or the per-article deadline: :class:`~summarizer.errors.ArticleFailed`;
* **usage**: every HTTP response is metered (an httpx event hook) into the current article's counter and the run total;
* **cache**: answers are stored content-addressed (:mod:`summarizer.engines.llm.cache`), so a re-run makes zero calls;
* **concurrency**: :meth:`LLMEngine.extract_all` runs articles concurrently (``settings.concurrency``) on one event
  loop, with a rich progress bar on stderr.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.stop import stop_base

from summarizer.engines.base import EngineSettings
from summarizer.engines.llm.cache import ResponseCache, digest, schema_hash
from summarizer.engines.llm.config import (
    API_KEY_ENV,
    BASE_URL_ENV,
    LOCAL_BASE_URLS,
    PLACEHOLDER_KEY,
    ModelId,
    default_mode,
    parse_model_id,
    redact,
)
from summarizer.engines.llm.grounding import (
    GroundingCheck,
    build_composed,
    chunk_spans,
    estimate_tokens,
    ground_facts,
    merge_facts,
)
from summarizer.engines.llm.prompting import fence, load_prompt
from summarizer.engines.llm.schema import ComposeResponse, ExtractResponse
from summarizer.errors import ArticleFailed, AuthError, ConfigError, EngineUnavailable, ServiceError
from summarizer.models import Article, ComposedStory, Extraction, Fact, StoryPlan, Usage

__all__ = ["LLMEngine", "ModelId", "build_composed", "default_mode", "parse_model_id", "redact"]

MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
T = TypeVar("T", bound=BaseModel)


# --------------------------------------------------------------------------------------------------------------------
# Metering
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class Meter:
    """Calls and tokens of one unit of work (an article, a story); summed across SDK retries and re-asks."""

    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    statuses: list[int] = field(default_factory=list)

    def usage(self) -> Usage:
        return Usage(
            calls=self.calls,
            cached_calls=self.cached_calls,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            total_tokens=self.prompt_tokens + self.completion_tokens,
        )

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


_METER: contextvars.ContextVar[Meter | None] = contextvars.ContextVar("summarizer_llm_meter", default=None)


class _TokenBudget(stop_base):
    """Stop re-asking once the meter of the current unit of work reaches ``limit`` tokens."""

    def __init__(self, meter: Meter, limit: int) -> None:
        self.meter = meter
        self.limit = limit

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self.meter.total_tokens >= self.limit


# --------------------------------------------------------------------------------------------------------------------
# Failures
# --------------------------------------------------------------------------------------------------------------------


def _causes(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        out.append(cur)
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return out


def _api_error(exc: BaseException) -> openai.OpenAIError | None:
    return next((e for e in _causes(exc) if isinstance(e, openai.OpenAIError)), None)


def _is_auth(err: openai.OpenAIError) -> bool:
    if isinstance(err, openai.AuthenticationError | openai.PermissionDeniedError):
        return True
    return isinstance(err, openai.APIStatusError) and getattr(err, "code", None) == "insufficient_quota"


def _describe(err: openai.OpenAIError, responses: int, max_attempts: int) -> str:
    """What went wrong, for humans. ``responses`` is how many HTTP responses arrived; connection failures and
    time-outs produce none, and the SDK retried those ``max_attempts - 1`` times."""
    if isinstance(err, openai.APIStatusError):
        return redact(f"HTTP {err.status_code} after {responses} attempt(s): {err.message}")
    if isinstance(err, openai.APITimeoutError):
        return f"request timed out ({max_attempts} attempt(s))"
    if isinstance(err, openai.APIConnectionError):
        return redact(f"cannot connect ({max_attempts} attempt(s)): {err}")
    return redact(f"{type(err).__name__}: {err}")


def _raw_output(completion: Any) -> str | None:
    """The text the model produced in a chat completion: the first tool call's arguments, else the message content."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return str(calls[0].function.arguments)
    content = getattr(message, "content", None)
    if not content:
        return None
    match = re.search(r"```(?:json)?\s*(.*?)```", content, re.DOTALL)
    return match.group(1) if match else str(content)


def _salvage(exc: InstructorRetryException, model: type[T]) -> T | None:
    """The latest answer of an exhausted re-ask loop that is schema-valid (grounding aside), if any."""
    completions = [getattr(a, "completion", None) for a in getattr(exc, "failed_attempts", None) or []]
    completions.append(getattr(exc, "last_completion", None))
    for completion in reversed(completions):
        raw = _raw_output(completion) if completion is not None else None
        if raw is None:
            continue
        try:
            return model.model_validate_json(raw)
        except ValidationError:
            continue
    return None


# --------------------------------------------------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class _Session:
    client: instructor.AsyncInstructor
    raw: openai.AsyncOpenAI


if TYPE_CHECKING:  # httpx2 is the openai SDK's HTTP library; only its types are named here
    import httpx2

    HttpClientFactory = Callable[[Mapping[str, list[Callable[..., Any]]]], httpx2.AsyncClient]


class LLMEngine:
    """Extraction and composition through a chat completions endpoint (see module docstring).

    Args:
        settings: model, base URL, mode, re-asks, concurrency, deadline, cache and progress options.
        http_retries: the openai SDK's ``max_retries`` for 429/5xx/time-outs (attempts = 1 + http_retries).
        max_output_tokens: ``max_tokens`` of a call (doubled once on ``finish_reason == "length"``).
        chunk_tokens, overlap_tokens: chunking of long articles (estimated tokens, see :mod:`.grounding`).
        token_budget: tokens one article chunk or story may spend across re-asks (default: 3 x the first call's
            estimated prompt + output tokens).
        http_client_factory: builds the httpx2 client given the event hooks to install (tests, custom transports).

    Raises:
        ConfigError: bad model id, unknown mode, or no base URL for a provider that has no default.
        EngineUnavailable: OpenAI's API is targeted but ``OPENAI_API_KEY`` is not set.
    """

    name = "openai"

    def __init__(
        self,
        settings: EngineSettings,
        *,
        http_retries: int = 2,
        max_output_tokens: int = 4096,
        chunk_tokens: int = 6000,
        overlap_tokens: int = 200,
        token_budget: int | None = None,
        http_client_factory: HttpClientFactory | None = None,
    ) -> None:
        model = settings.resolved_model()
        if not model:
            raise EngineUnavailable("the openai engine needs a model: pass --model provider:model")
        self.settings = settings
        self.model_id = parse_model_id(model)
        self.model: str | None = str(self.model_id)
        self.base_url = settings.base_url or os.environ.get(BASE_URL_ENV) or LOCAL_BASE_URLS.get(self.model_id.provider)
        if self.base_url is None and self.model_id.provider != "openai":
            raise ConfigError(
                f"provider {self.model_id.provider!r} needs --base-url (or {BASE_URL_ENV}) pointing at its "
                "OpenAI-compatible /v1 endpoint"
            )
        mode = (settings.mode or default_mode(self.model_id.provider)).lower().replace("-", "_")
        if mode not in MODES:
            raise ConfigError(f"unknown mode {settings.mode!r}: choose one of {', '.join(MODES)}")
        self.mode = mode
        if not os.environ.get(API_KEY_ENV) and self.base_url is None:
            raise EngineUnavailable(f"{API_KEY_ENV} is not set (needed for OpenAI's API; local servers need none)")
        self.http_retries = http_retries
        self.max_output_tokens = max_output_tokens
        self.chunk_tokens = chunk_tokens
        self.overlap_tokens = overlap_tokens
        self.token_budget = token_budget
        self._http_client_factory = http_client_factory
        self.cache = ResponseCache(settings.cache_dir, enabled=not settings.no_cache)
        self._run = Meter()
        self.article_usage: dict[str, Usage] = {}

    # -- public API ----------------------------------------------------------------------------------------------

    def usage(self) -> Usage:
        """Calls (HTTP requests, incl. SDK retries and re-asks), cached calls and tokens of this engine so far."""
        return self._run.usage()

    def extract(self, article: Article) -> Extraction:
        """Facts of one article, each verified against its evidence; the rest in ``rejected``.

        Raises:
            ArticleFailed: deadline, persistent HTTP errors, output cut off or invalid after the allowed attempts.
            AuthError: 401/403/insufficient quota.
        """
        return self._sync(lambda session: self._extract_one(session, article))

    def extract_all(self, articles: Sequence[Article]) -> list[Extraction | ArticleFailed]:
        """Extract every article concurrently (at most ``settings.concurrency`` at once), in input order.

        Returns:
            One :class:`Extraction` or :class:`ArticleFailed` per article.

        Raises:
            AuthError: 401/403/insufficient quota on any article (the others are cancelled).
        """
        return self._sync(lambda session: self._extract_many(session, articles))

    def compose(self, plan: StoryPlan) -> ComposedStory:
        """A headline and draft sentences for one story. Sentences citing fact ids not in the plan are rejected here;
        the pipeline checks the remaining ones against the cited spans.

        Raises:
            ServiceError: the call failed (after the SDK's retries), timed out, or returned no valid story.
            AuthError: 401/403/insufficient quota.
        """
        return self._sync(lambda session: self._compose_one(session, plan))

    # -- sessions ------------------------------------------------------------------------------------------------

    def _sync(self, work: Callable[[_Session], Awaitable[Any]]) -> Any:
        async def main() -> Any:
            async with self._open() as session:
                return await work(session)

        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no loop in this thread: the usual case (CLI, scripts)
            return asyncio.run(main())
        # Called from inside a running loop (a notebook, an async app): that loop cannot be re-entered, so the work
        # runs on its own loop in a worker thread, with this thread's context variables, and this call waits for it.
        context = contextvars.copy_context()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarizer-llm") as pool:
            return pool.submit(context.run, asyncio.run, main()).result()

    async def _on_response(self, response: httpx2.Response) -> None:
        meter = _METER.get()
        counters = [self._run] if meter is None else [self._run, meter]
        usage: dict[str, Any] = {}
        if response.status_code == 200:
            await response.aread()
            try:
                body = response.json()
                usage = body.get("usage") or {} if isinstance(body, dict) else {}
            except ValueError:
                usage = {}
        for counter in counters:
            counter.calls += 1
            counter.statuses.append(response.status_code)
            counter.prompt_tokens += int(usage.get("prompt_tokens") or 0)
            counter.completion_tokens += int(usage.get("completion_tokens") or 0)

    @asynccontextmanager
    async def _open(self) -> AsyncIterator[_Session]:
        """A client for one run of the event loop (created lazily, closed afterwards)."""
        # instructor logs every failed attempt at ERROR; the engine reports failures itself (as data or errors), so
        # keep those lines off the user's terminal unless the application configures logging for "instructor".
        logging.getLogger("instructor").addHandler(logging.NullHandler())
        hooks: dict[str, list[Callable[..., Any]]] = {"response": [self._on_response]}
        http = (
            self._http_client_factory(hooks)
            if self._http_client_factory
            else openai.DefaultAsyncHttpxClient(event_hooks=hooks)
        )
        raw = openai.AsyncOpenAI(
            api_key=os.environ.get(API_KEY_ENV) or PLACEHOLDER_KEY,
            base_url=self.base_url,
            timeout=self.settings.timeout,
            max_retries=self.http_retries,
            http_client=http,
        )
        try:
            yield _Session(client=instructor.from_openai(raw, mode=MODES[self.mode]), raw=raw)
        finally:
            await raw.close()

    def _reask_policy(self, meter: Meter, spend_until: int) -> AsyncRetrying:
        """THE re-ask policy: only invalid output is re-asked (HTTP failures are the SDK's), at most ``max_reasks``
        times, and not once ``meter`` has reached ``spend_until`` tokens (the call's budget)."""
        return AsyncRetrying(
            stop=stop_after_attempt(max(0, self.settings.max_reasks) + 1) | _TokenBudget(meter, spend_until),
            retry=retry_if_exception_type((ValidationError, json.JSONDecodeError)),
            reraise=True,
        )

    # -- one structured call -------------------------------------------------------------------------------------

    async def _call(
        self,
        session: _Session,
        meter: Meter,
        *,
        what: str,
        prompt: str,
        response_model: type[T],
        cache_parts: dict[str, Any],
        context: dict[str, Any] | None = None,
    ) -> T:
        """One cached, metered, re-asked structured call. ``what`` names the unit in error messages.

        Raises:
            AuthError, ServiceError (``_Failure`` carries the reason; callers wrap it for their unit).
        """
        key = self.cache.key(
            model=str(self.model_id),
            base_url=self.base_url,
            mode=self.mode,
            schema=schema_hash(response_model),
            prompt_text=digest(prompt),
            max_reasks=self.settings.max_reasks,
            **cache_parts,
        )
        cached = self.cache.get(key)
        if cached is not None:
            try:
                result = response_model.model_validate(cached)
            except ValidationError:
                result = None
            if result is not None:
                meter.cached_calls += 1
                self._run.cached_calls += 1
                return result
        budget = self.token_budget or 3 * (estimate_tokens(prompt) + self.max_output_tokens)
        max_tokens = self.max_output_tokens
        for attempt in (1, 2):
            calls_before = meter.calls
            try:
                result = await session.client.create(
                    model=self.model_id.name,
                    messages=[{"role": "user", "content": prompt}],
                    response_model=response_model,
                    max_retries=self._reask_policy(meter, meter.total_tokens + budget),
                    context=context,
                    max_tokens=max_tokens,
                    temperature=0,
                )
            except IncompleteOutputException:
                if attempt == 1:
                    max_tokens *= 2
                    continue
                raise _Failure(
                    f"model output was cut off (finish_reason=length) at max_tokens={max_tokens // 2} and again "
                    f"at {max_tokens}; use a model with a larger output limit or smaller chunks"
                ) from None
            except InstructorRetryException as exc:
                err = _api_error(exc)
                attempts = meter.calls - calls_before
                if err is not None:
                    why = _describe(err, attempts, self.http_retries + 1)
                    if _is_auth(err):
                        raise AuthError(
                            f"{self.model_id.provider} refused the credentials: {why}", provider=self.model_id.provider
                        ) from None
                    raise _Failure(why) from None
                salvaged = _salvage(exc, response_model)
                if salvaged is None:
                    raise _Failure(f"invalid output after {attempts} attempt(s): {redact(str(exc))[:300]}") from None
                result = salvaged
            except openai.OpenAIError as err:  # raised outside instructor's loop
                if _is_auth(err):
                    raise AuthError(redact(f"credentials refused: {_describe(err, 1, 1)}")) from None
                raise _Failure(_describe(err, meter.calls - calls_before, self.http_retries + 1)) from None
            self.cache.put(key, result.model_dump(mode="json"))
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    # -- extraction ----------------------------------------------------------------------------------------------

    async def _extract_one(self, session: _Session, article: Article) -> Extraction:
        meter = Meter()
        token = _METER.set(meter)
        try:
            async with asyncio.timeout(self.settings.timeout):
                return await self._extract_chunks(session, article, meter)
        except TimeoutError:
            raise ArticleFailed(
                article.path,
                f"deadline of {self.settings.timeout:g}s exceeded",
                source=article.id,
                usage=meter.usage(),
                attempts=meter.calls,
            ) from None
        except _Failure as failure:
            raise ArticleFailed(
                article.path, failure.reason, source=article.id, usage=meter.usage(), attempts=meter.calls
            ) from None
        finally:
            _METER.reset(token)
            self.article_usage[article.id] = meter.usage()
            if self.settings.verbose:
                u = meter.usage()
                Console(stderr=True).print(
                    f"[dim]{article.id}: {u.calls} call(s), {u.cached_calls} cached, "
                    f"{u.prompt_tokens}+{u.completion_tokens} tokens[/dim]"
                )

    async def _extract_chunks(self, session: _Session, article: Article, meter: Meter) -> Extraction:
        prompt_file = load_prompt("extract")
        windows = chunk_spans(article.text, self.chunk_tokens, self.overlap_tokens)
        parts = []
        for i, (start, end) in enumerate(windows, start=1):
            chunk = article.text[start:end]
            open_tag, close_tag = fence(chunk, "ARTICLE")
            note = (
                ""
                if len(windows) == 1
                else f"\n\nThe text below is part {i} of {len(windows)} of the article; extract the facts it states."
            )
            prompt = prompt_file.render(
                source_id=article.id,
                title=article.title or "(none)",
                published=article.published.isoformat() if article.published else "unknown",
                article=chunk,
                open_tag=open_tag,
                close_tag=close_tag,
                chunk_note=note,
            )
            response = await self._call(
                session,
                meter,
                what=article.path,
                prompt=prompt,
                response_model=ExtractResponse,
                cache_parts={
                    "task": "extract",
                    "prompt": prompt_file.fingerprint,
                    "article": digest(article.text),
                    "chunk": [start, end],
                },
                context={"ground": GroundingCheck(article, hint=start)},
            )
            parts.append(ground_facts(response, article, hint=start))
        merged = merge_facts(parts, article.id)
        return Extraction(source=article.id, facts=merged.facts, rejected=merged.rejected, usage=meter.usage())

    async def _extract_many(self, session: _Session, articles: Sequence[Article]) -> list[Extraction | ArticleFailed]:
        limit = asyncio.Semaphore(max(1, self.settings.concurrency))
        results: list[Extraction | ArticleFailed | None] = [None] * len(articles)
        progress = Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=not self.settings.progress,
        )
        task_id = progress.add_task("extract", total=len(articles))

        async def one(index: int, article: Article) -> None:
            async with limit:
                try:
                    results[index] = await self._extract_one(session, article)
                except ArticleFailed as failed:
                    results[index] = failed
                finally:
                    progress.advance(task_id)

        with progress:
            try:
                async with asyncio.TaskGroup() as group:
                    for index, article in enumerate(articles):
                        group.create_task(one(index, article))
            except BaseExceptionGroup as group_error:
                first = group_error.exceptions[0]
                auth = next((e for e in group_error.exceptions if isinstance(e, AuthError)), first)
                raise auth from None
        return [r for r in results if r is not None]

    # -- composition ---------------------------------------------------------------------------------------------

    async def _compose_one(self, session: _Session, plan: StoryPlan) -> ComposedStory:
        meter = Meter()
        token = _METER.set(meter)
        try:
            async with asyncio.timeout(self.settings.timeout):
                return await self._compose(session, plan, meter)
        except TimeoutError:
            raise ServiceError(f"story {plan.id}: deadline of {self.settings.timeout:g}s exceeded") from None
        except _Failure as failure:
            raise ServiceError(f"story {plan.id}: {failure.reason}", usage=meter.usage()) from None
        finally:
            _METER.reset(token)

    async def _compose(self, session: _Session, plan: StoryPlan, meter: Meter) -> ComposedStory:
        prompt_file = load_prompt("compose")
        facts: dict[str, Fact] = {f.id: f for f in [*plan.facts, *plan.context]}
        lines = []
        for fact in facts.values():
            quote = " / ".join(s.quote for s in fact.evidence)
            lines.append(
                f"[{fact.id}] ({fact.source}) {fact.text} -- evidence: {json.dumps(quote, ensure_ascii=False)}"
            )
        listing = "\n".join(lines)
        open_tag, close_tag = fence(listing, "FACTS")
        sources = ", ".join(f"{sid} = {name}" for sid, name in sorted(plan.source_names.items())) or "(unnamed)"
        prompt = prompt_file.render(
            story_id=plan.id,
            max_sentences=plan.max_sentences,
            facts=listing,
            open_tag=open_tag,
            close_tag=close_tag,
            sources=sources,
        )
        response = await self._call(
            session,
            meter,
            what=f"story {plan.id}",
            prompt=prompt,
            response_model=ComposeResponse,
            cache_parts={
                "task": "compose",
                "prompt": prompt_file.fingerprint,
                "plan": digest(plan.model_dump(mode="json")),
            },
        )
        return build_composed(response, facts)


class _Failure(Exception):
    """A unit of work failed for a reason that is reported, not retried (wrapped by the caller)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
