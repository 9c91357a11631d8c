"""The LLM engine: schema-constrained extraction and composition over any OpenAI-compatible chat completions endpoint.

This is the only module that imports ``openai`` and ``instructor``. It owns:

* **the client**: base URL and key (``OPENAI_API_KEY``; never logged), created per run, never at import; model ids,
  default modes and base URLs are parsed in :mod:`.config` (tool calling for OpenAI/Azure, ``auto`` for every other
  server: probed once per base URL by :mod:`.server`, which also reads the context window and slot count the server
  reports), grounding of answers lives in :mod:`summarizer.engines.llm.grounding`;
* **output limits**: ``max_tokens`` of a call is sized from the input (4 x its estimated tokens, at least 1,024, at
  most ``max_output_tokens``) and never more than the context window leaves beside the prompt (the prompt and the
  schema estimated at characters / 4, plus 25% and 64 tokens of chat template); long articles are chunked so that
  prompt and answer fit; response schemas are strict and bounded (:mod:`.schema`);
* **calls**: one extraction call per article chunk, one composition call per story, through instructor;
* **failure policy** -- one place each, never stacked:
    - HTTP 429/5xx/time-outs/connection errors: the openai SDK's own retries (``http_retries``, exponential backoff);
    - invalid output (bad JSON, schema errors, facts that fail grounding): instructor's re-ask, driven by one tenacity
      policy (:meth:`LLMEngine._reask_policy`: at most ``max_reasks`` re-asks, stop when the token budget is spent);
    - a cut-off answer -- ``finish_reason == "length"``, or output that does not parse while ``completion_tokens``
      reached ``max_tokens`` (servers report a cut-off tool call as ``"tool_calls"``) -- is never re-asked: one retry
      with twice the output limit when that fits in the context window, then the article fails with the reason;
    - 401/403/``insufficient_quota``: :class:`~summarizer.errors.AuthError`, the run aborts;
    - anything else after the SDK's retries, or the per-article deadline: :class:`~summarizer.errors.ArticleFailed`;
* **usage**: every HTTP response is metered (an httpx event hook) into the current article's counter and the run total;
* **cache**: answers are stored content-addressed (:mod:`summarizer.engines.llm.cache`), so a re-run makes zero calls;
* **concurrency**: :meth:`LLMEngine.extract_all` runs articles concurrently on one event loop -- at most
  ``settings.concurrency`` at once, by default as many as the server has slots (1 for llama.cpp-family servers) --
  with a rich progress bar on stderr. The per-article deadline starts when the article gets a request slot; the
  wait for a slot is bounded separately by ``settings.queue_timeout``.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import math
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
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, retry_if_exception_type, stop_after_attempt
from tenacity.stop import stop_base

from summarizer.engines.base import EngineSettings
from summarizer.engines.llm import server as servers
from summarizer.engines.llm.cache import ResponseCache, digest, schema_hash
from summarizer.engines.llm.config import (
    API_KEY_ENV,
    BASE_URL_ENV,
    LOCAL_BASE_URLS,
    MODES,
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
from summarizer.engines.llm.schema import ExtractResponse, compose_model, extract_model, fact_bound
from summarizer.errors import ArticleFailed, AuthError, ConfigError, EngineUnavailable, ServiceError
from summarizer.models import Article, ComposedStory, Extraction, Fact, StoryPlan, Usage
from summarizer.text.segment import split_sentences

__all__ = ["LLMEngine", "ModelId", "build_composed", "default_mode", "parse_model_id", "redact"]

# Structured-output modes and the instructor mode each uses. ``json_object`` is instructor's JSON mode (schema in the
# system prompt) with ``response_format: {"type": "json_object", "schema": ...}`` sent on top (llama-cpp-python).
INSTRUCTOR_MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json_object": instructor.Mode.JSON,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
MIN_OUTPUT_TOKENS = 1024  # the smallest first output limit (when the context allows it)
MIN_ROOM_TOKENS = 256  # below this much room for the answer a call is not attempted
TEMPLATE_TOKENS = 64  # chat template tokens around the prompt
PROMPT_SAFETY = 1.25  # the characters / 4 estimate undercounts JSON and non-English text
MIN_CHUNK_TOKENS = 200
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
    # the latest chat completion: whether it was cut off (finish_reason "length", or completion_tokens >= max_tokens)
    last_cut_off: bool = False
    last_finish: str | None = None
    last_completion_tokens: int = 0

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


def request_timeout(deadline: float, retries: int) -> float:
    """The SDK's per-request time-out: the per-article deadline shared by the first attempt and the SDK's retries
    (at least 5 s), so that one hung request is retried within the deadline instead of using it all up."""
    return max(5.0, deadline / (retries + 1)) if deadline > 5.0 else deadline


def _quota_body(response: httpx2.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    err = body.get("error") if isinstance(body, dict) else None
    return isinstance(err, dict) and "insufficient_quota" in (err.get("code"), err.get("type"))


def _is_quota(err: openai.OpenAIError) -> bool:
    return isinstance(err, openai.APIStatusError) and (
        getattr(err, "code", None) == "insufficient_quota" or getattr(err, "type", None) == "insufficient_quota"
    )


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
    """The text the model produced in a chat completion: the first tool call's arguments, else the message content
    without the Markdown code fence a model may wrap it in (:func:`~summarizer.engines.llm.server.message_parts`)."""
    arguments, content = servers.message_parts(completion)
    if arguments is not None or content is None:
        return arguments
    match = re.search(r"```(?:json)?\s*(.*?)```", content, re.DOTALL)
    return match.group(1) if match else content


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
    raw: openai.AsyncOpenAI
    clients: dict[str, instructor.AsyncInstructor] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def client(self, mode: str) -> instructor.AsyncInstructor:
        if mode not in self.clients:
            self.clients[mode] = instructor.from_openai(self.raw, mode=INSTRUCTOR_MODES[mode])
        return self.clients[mode]


if TYPE_CHECKING:  # httpx2 is the openai SDK's HTTP library; only its types are named here
    import httpx2

    HttpClientFactory = Callable[[Mapping[str, list[Callable[..., Any]]]], httpx2.AsyncClient]


class LLMEngine:
    """Extraction and composition through a chat completions endpoint (see module docstring).

    Args:
        settings: model, base URL, mode, re-asks, concurrency, deadline, cache and progress options.
        http_retries: the openai SDK's ``max_retries`` for 429/5xx/time-outs (attempts = 1 + http_retries).
        max_output_tokens: the largest first ``max_tokens`` of a call (sized down to the input and to what the context
            window leaves; doubled once, within the window, when the answer was cut off).
        chunk_tokens, overlap_tokens: chunking of long articles (estimated tokens, see :mod:`.grounding`); chunks are
            made smaller when the context window needs it.
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
        self.configured_mode = mode
        self.mode = mode  # "auto" until the server was probed
        self.mode_reason = "configured (--mode)" if settings.mode else f"default for {self.model_id.provider} models"
        self.server_info: servers.ServerInfo | None = None
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

    def ask(
        self,
        *,
        what: str,
        prompt: str,
        response_model: type[T],
        cache_parts: dict[str, Any],
        input_text: str = "",
    ) -> tuple[T, Usage]:
        """One structured call outside extraction and composition (the sentence judge uses it), through the same
        cache, usage meter (:meth:`usage`), re-ask policy and mode handling, bounded by ``settings.timeout``.

        Args:
            what: names the unit in error messages ("judge").
            prompt: the whole rendered prompt.
            response_model: the pydantic model the answer must validate as.
            cache_parts: what, besides model, endpoint, mode, schema and prompt, keys the cache entry.
            input_text: the variable part of the prompt (sizes the output limit).

        Returns:
            The validated answer and the usage of this call alone (a cached answer: one cached call, no tokens).

        Raises:
            ServiceError: the call failed after the SDK's retries and the re-asks, timed out, or was cut off (its
                ``usage`` says what was spent).
            AuthError: 401/403/insufficient quota.
        """

        async def work(session: _Session) -> tuple[T, Usage]:
            meter = Meter()
            token = _METER.set(meter)
            try:
                async with asyncio.timeout(self.settings.timeout):
                    result = await self._call(session, meter, what=what, prompt=prompt, response_model=response_model,
                                              cache_parts=cache_parts, input_text=input_text)  # fmt: skip
                return result, meter.usage()
            except TimeoutError:
                late = f"{what}: deadline of {self.settings.timeout:g}s exceeded"
                raise ServiceError(late, usage=meter.usage()) from None
            except _Failure as failure:
                raise ServiceError(f"{what}: {failure.reason}", usage=meter.usage()) from None
            finally:
                _METER.reset(token)

        result: tuple[T, Usage] = self._sync(work)
        return result

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
        if not response.request.url.path.endswith("/chat/completions"):
            return  # discovery (GET /v1/models, /props): no model call, no tokens
        meter = _METER.get()
        counters = [self._run] if meter is None else [self._run, meter]
        usage: dict[str, Any] = {}
        finish: str | None = None
        if response.status_code == 429:
            await response.aread()
            if _quota_body(response):
                response.headers["x-should-retry"] = "false"  # the SDK honours it: an exhausted quota is not retried
        if response.status_code == 200:
            await response.aread()
            try:
                body = response.json()
            except ValueError:
                body = None
            if isinstance(body, dict):
                usage = body.get("usage") or {}
                choices = body.get("choices") or [{}]
                finish = choices[0].get("finish_reason") if isinstance(choices[0], dict) else None
        if meter is not None:
            try:
                limit = int(json.loads(response.request.content or b"{}").get("max_tokens") or 0)
            except (ValueError, AttributeError):
                limit = 0
            out = int(usage.get("completion_tokens") or 0)
            meter.last_finish = finish
            meter.last_completion_tokens = out
            meter.last_cut_off = finish == "length" or (limit > 0 and out >= limit)
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
            timeout=request_timeout(self.settings.timeout, self.http_retries),
            max_retries=self.http_retries,
            http_client=http,
        )
        try:
            yield _Session(raw=raw)
        finally:
            await raw.close()

    def _reask_policy(self, meter: Meter, spend_until: int) -> AsyncRetrying:
        """THE re-ask policy: only invalid output is re-asked (HTTP failures are the SDK's), never a cut-off answer
        (the caller retries that with a larger limit), at most ``max_reasks`` times, and not once ``meter`` has
        reached ``spend_until`` tokens (the call's budget)."""
        return AsyncRetrying(
            stop=stop_after_attempt(max(0, self.settings.max_reasks) + 1) | _TokenBudget(meter, spend_until),
            retry=retry_if_exception_type((ValidationError, json.JSONDecodeError))
            & retry_if_exception(lambda _exc: not meter.last_cut_off),
            reraise=True,
        )

    # -- the server ----------------------------------------------------------------------------------------------

    def _discovers(self) -> bool:
        """Whether to ask the server about itself: every explicit base URL (OpenAI's own API says nothing)."""
        return self.base_url is not None

    async def _server(self, session: _Session) -> servers.ServerInfo:
        """What the server reports (context window, slots, family); discovered once (see :mod:`.server`)."""
        if self.server_info is not None:
            return self.server_info
        async with session.lock:
            if self.server_info is None:
                if self._discovers() and self.base_url is not None:
                    info = await servers.discover(
                        session.raw,
                        self.base_url,
                        self.model_id.name,
                        self.model_id.provider,
                        timeout=min(10.0, self.settings.timeout),
                    )
                else:
                    info = servers.ServerInfo(family=self.model_id.provider)
                self.server_info = info
                if self.settings.verbose:
                    Console(stderr=True).print(
                        f"[dim]server: {info.family or 'unknown'}; context {self.context_tokens(info)} tokens; "
                        f"concurrency {self.concurrency(info)} ({'; '.join(info.notes) or 'defaults'})[/dim]"
                    )
        return self.server_info

    def context_tokens(self, info: servers.ServerInfo | None = None) -> int:
        """The context window calls are sized to: ``--context-tokens``, else the server's, else 8,192."""
        info = info or self.server_info
        return self.settings.context_tokens or (info.context_tokens if info else None) or servers.DEFAULT_CONTEXT_TOKENS

    def concurrency(self, info: servers.ServerInfo | None = None) -> int:
        """Requests sent at once: ``--concurrency``, else the server's slots (1 for llama.cpp-family servers)."""
        if self.settings.concurrency:
            return max(1, self.settings.concurrency)
        info = info or self.server_info or servers.ServerInfo(family=self.model_id.provider)
        return info.concurrency()

    async def _resolve_mode(self, session: _Session) -> str:
        """The mode of the next call: the configured one, or for ``auto`` the probed one (once per base URL)."""
        if self.configured_mode != "auto":
            return self.mode
        if self.mode != "auto":
            return self.mode
        async with session.lock:
            if self.mode == "auto":
                if self.base_url is None:  # OpenAI's API: tool calling
                    choice = servers.ModeChoice("tools", "auto: tools (OpenAI API)")
                else:
                    token = _METER.set(None)  # probes count in the run's usage, not in an article's
                    try:
                        choice = await servers.probe_mode(
                            session.raw, self.base_url, self.model_id.name, timeout=self.settings.timeout
                        )
                    finally:
                        _METER.reset(token)
                self._set_mode(choice)
        return self.mode

    def _set_mode(self, choice: servers.ModeChoice) -> None:
        self.mode, self.mode_reason = choice.mode, choice.reason
        if self.settings.verbose:
            Console(stderr=True).print(f"[dim]mode {choice.mode} ({choice.reason})[/dim]")

    def _budget_tokens(self, prompt: str, schema: dict[str, Any], mode: str = "json") -> int:
        """Estimated tokens of a call's prompt side: prompt and schema (chars / 4), 25% margin, chat template. The
        JSON modes put the schema into the system prompt indented (instructor), tools and json_schema compact."""
        indent = 2 if mode not in {"tools", "json_schema"} else None
        raw = estimate_tokens(prompt) + estimate_tokens(json.dumps(schema, indent=indent, separators=(",", ":")))
        return math.ceil(PROMPT_SAFETY * raw) + TEMPLATE_TOKENS

    def _chunk_tokens(self, fixed_prompt: str, schema: dict[str, Any]) -> int:
        """The chunk size that lets a chunk, the fixed prompt and an answer (about as long as the chunk, at least
        ``MIN_OUTPUT_TOKENS``) fit in the context window; at most ``chunk_tokens``."""
        room = self.context_tokens() - self._budget_tokens(fixed_prompt, schema) - MIN_OUTPUT_TOKENS
        return min(self.chunk_tokens, max(MIN_CHUNK_TOKENS, int(room / (PROMPT_SAFETY + 1))))

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
        input_text: str = "",
    ) -> T:
        """One cached, metered, re-asked structured call. ``what`` names the unit in error messages; ``input_text``
        (the article chunk, the fact listing) sizes the output limit.

        Raises:
            AuthError, ServiceError (``_Failure`` carries the reason; callers wrap it for their unit).
        """
        key = self.cache.key(
            model=str(self.model_id),
            base_url=self.base_url,
            mode=self.configured_mode,
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
        await self._server(session)
        mode = await self._resolve_mode(session)
        schema = response_model.model_json_schema()
        room = self.context_tokens() - self._budget_tokens(prompt, schema, mode)
        if room < MIN_ROOM_TOKENS:
            raise _Failure(
                f"the prompt (~{self.context_tokens() - room} tokens with the schema) leaves {max(room, 0)} tokens "
                f"of the {self.context_tokens()}-token context window for the answer; pass --context-tokens if the "
                "server's window is larger, or shorten the input"
            )
        max_tokens = min(self.max_output_tokens, room, max(MIN_OUTPUT_TOKENS, 4 * estimate_tokens(input_text)))
        budget = self.token_budget or 3 * (estimate_tokens(prompt) + max_tokens)
        cut_at: list[str] = []
        while True:
            calls_before = meter.calls
            meter.last_cut_off = False
            extra: dict[str, Any] = {}
            if mode == "json_object":
                extra["extra_body"] = {"response_format": {"type": "json_object", "schema": schema}}
            try:
                result = await session.client(mode).create(
                    model=self.model_id.name,
                    messages=[{"role": "user", "content": prompt}],
                    response_model=response_model,
                    max_retries=self._reask_policy(meter, meter.total_tokens + budget),
                    context=context,
                    max_tokens=max_tokens,
                    temperature=0,
                    **extra,
                )
            except (IncompleteOutputException, InstructorRetryException, openai.OpenAIError) as exc:
                err = _api_error(exc)
                if err is None and (isinstance(exc, IncompleteOutputException) or meter.last_cut_off):
                    cut_at.append(self._cut_off_note(max_tokens, meter))
                    if len(cut_at) == 1 and max_tokens < room:
                        max_tokens = min(2 * max_tokens, room)
                        continue
                    raise _Failure(
                        f"model output was cut off {' and again '.join(cut_at)}"
                        + (" (all the room the context window leaves)" if max_tokens >= room else "")
                        + "; use a model with a larger output limit or context window, or smaller chunks"
                    ) from None
                if err is not None and self._falls_back(err, mode):
                    mode = self.mode
                    continue
                result = self._failed(exc, err, meter.calls - calls_before, response_model)
            self.cache.put(key, result.model_dump(mode="json"))
            return result

    @staticmethod
    def _cut_off_note(max_tokens: int, meter: Meter) -> str:
        if meter.last_finish == "length" or meter.last_finish is None:
            return f"(finish_reason=length) at max_tokens={max_tokens}"
        return (
            f"(unparseable, completion_tokens={meter.last_completion_tokens} reached the limit, "
            f"finish_reason={meter.last_finish}) at max_tokens={max_tokens}"
        )

    def _falls_back(self, err: openai.OpenAIError, mode: str) -> bool:
        """``auto`` only: the server refused this mode's parameters (4xx/5xx naming them), so use the next mode."""
        if self.configured_mode != "auto" or not isinstance(err, openai.APIStatusError) or _is_auth(err):
            return False
        if not servers.names_response_format(err) or self.base_url is None:
            return False
        choice = servers.downgrade(self.base_url, self.model_id.name, mode, f"HTTP {err.status_code} on a real call")
        if choice is None:
            return False
        self._set_mode(choice)
        return True

    def _failed(self, exc: Exception, err: openai.OpenAIError | None, attempts: int, response_model: type[T]) -> T:
        """The salvaged answer of an exhausted re-ask loop, else the failure (auth errors abort the run)."""
        if err is not None:
            why = _describe(err, attempts, self.http_retries + 1)
            if _is_quota(err):
                raise AuthError(
                    f"{self.model_id.provider}: quota exhausted (insufficient_quota); add credit or use another key: "
                    f"{why}",
                    provider=self.model_id.provider,
                ) from None
            if _is_auth(err):
                raise AuthError(
                    f"{self.model_id.provider} refused the credentials: {why}", provider=self.model_id.provider
                ) from None
            raise _Failure(why) from None
        salvaged = _salvage(exc, response_model) if isinstance(exc, InstructorRetryException) else None
        if salvaged is None:
            raise _Failure(f"invalid output after {attempts} attempt(s): {redact(str(exc))[:300]}") from None
        return salvaged

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

        def render(chunk: str, note: str) -> str:
            open_tag, close_tag = fence(chunk, "ARTICLE")
            return prompt_file.render(
                source_id=article.id,
                title=article.title or "(none)",
                published=article.published.isoformat() if article.published else "unknown",
                article=chunk,
                open_tag=open_tag,
                close_tag=close_tag,
                chunk_note=note,
            )

        await self._server(session)
        chunk_tokens = self._chunk_tokens(render("", ""), ExtractResponse.model_json_schema())
        windows = chunk_spans(article.text, chunk_tokens, min(self.overlap_tokens, chunk_tokens // 4))
        parts = []
        for i, (start, end) in enumerate(windows, start=1):
            chunk = article.text[start:end]
            note = (
                ""
                if len(windows) == 1
                else f"\n\nThe text below is part {i} of {len(windows)} of the article; extract the facts it states."
            )
            prompt = render(chunk, note)
            response = await self._call(
                session,
                meter,
                what=article.path,
                prompt=prompt,
                response_model=extract_model(fact_bound(len(split_sentences(chunk))), len(chunk)),
                input_text=chunk,
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
        slots = self.concurrency(await self._server(session))
        limit = asyncio.Semaphore(slots)
        queue_timeout = self.settings.queue_timeout
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
            try:
                async with asyncio.timeout(queue_timeout):
                    await limit.acquire()
            except TimeoutError:
                results[index] = ArticleFailed(
                    article.path,
                    f"waited more than {queue_timeout:g}s for a free request slot (--queue-timeout; "
                    f"{slots} request(s) at a time)",
                    source=article.id,
                )
                progress.advance(task_id)
                return
            try:  # the per-article deadline (inside _extract_one) starts only now, when the article has a slot
                results[index] = await self._extract_one(session, article)
            except ArticleFailed as failed:
                results[index] = failed
            finally:
                limit.release()
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
            response_model=compose_model(plan.max_sentences),
            input_text=listing,
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
