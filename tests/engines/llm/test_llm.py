"""Tests of the LLM engine (summarizer.engines.llm.engine): cassette replays of chat completions (authored OpenAI
responses, and recordings of a real llama.cpp server; see cassettes/README.md), a local OpenAI-compatible stand-in
server, and the pure helpers.

Replay needs no key and no network (record mode ``none``); a recorded cassette is replayed against the server and
model it was recorded from (read from the cassette), matched on request bodies. Re-record the re-recordable ones
against any server::

    OPENAI_API_KEY=sk-... .venv/bin/pytest tests/engines/llm/test_llm.py --record-mode=rewrite
    .venv/bin/pytest tests/engines/llm/test_llm.py --record-mode=rewrite \
        --llm-base-url http://127.0.0.1:8080/v1 --llm-model llamacpp:smollm2-135m
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import openai._base_client
import pytest
from fake_openai_server import completion, serve
from llm_cassettes import (
    CASSETTE_DIR,
    DUMMY_KEY,
    FLOOD,
    FLOOD_B,
    VCR_CONFIG,
    Target,
    _plan,
    make_engine,
    recorded_target,
)
from paths import ROOT

from summarizer.engines import EngineSettings, get_engine
from summarizer.engines.llm import server as servers
from summarizer.engines.llm.engine import LLMEngine, build_composed, default_mode, parse_model_id, redact
from summarizer.engines.llm.schema import ComposeResponse
from summarizer.errors import ArticleFailed, AuthError, ConfigError, EngineUnavailable
from summarizer.models import Extraction, StoryPlan


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    return VCR_CONFIG


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTE_DIR)


@pytest.fixture(autouse=True)
def _offline_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A dummy key so replay needs no secret (a real one is used only when recording); never a stray base URL.
    monkeypatch.setenv("OPENAI_API_KEY", os.environ.get("OPENAI_API_KEY") or DUMMY_KEY)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "env-cache"))
    # The SDK's own retry backoff (0.5 s doubling) made short, so 429/500 scenarios replay instantly.
    monkeypatch.setattr(openai._base_client, "INITIAL_RETRY_DELAY", 0.001)
    monkeypatch.setattr(openai._base_client, "MAX_RETRY_DELAY", 0.002)
    servers.forget()  # what a previous test's server (perhaps on the same port) said about itself


@pytest.fixture
def authored_only(record_mode: str, pytestconfig: pytest.Config) -> None:
    if record_mode != "none" or pytestconfig.getoption("--llm-base-url"):
        pytest.skip("authored failure scenario: a real model cannot be made to reproduce it")


@pytest.fixture
def target(request: pytest.FixtureRequest, record_mode: str, pytestconfig: pytest.Config) -> Target:
    """The server of a re-recordable test: when recording, --llm-model/--llm-base-url (default: OpenAI's API); when
    replaying, the one the cassette was recorded from."""
    if record_mode != "none":
        model = pytestconfig.getoption("--llm-model") or "openai:gpt-4.1-mini"
        return Target(str(model), pytestconfig.getoption("--llm-base-url"))
    return recorded_target(CASSETTE_DIR / f"{request.node.name}.yaml")


def _recorded_usage(cassette: Any) -> tuple[int, int]:
    prompt = completion = 0
    for response in cassette.responses:
        if response["status"]["code"] == 200:
            body = response["body"]["string"]
            usage = json.loads(body if isinstance(body, str) else body.decode()).get("usage")
            if usage:  # chat completions (GET /v1/models has none)
                prompt += usage["prompt_tokens"]
                completion += usage["completion_tokens"]
    return prompt, completion


def _chat_requests(cassette: Any) -> int:
    return sum(1 for r in cassette.requests if r.path.endswith("/chat/completions"))


def _request_json(cassette: Any, index: int) -> dict[str, Any]:
    body = cassette.requests[index].body
    return dict(json.loads(body))


def _assert_spans_exact(extraction: Extraction, text: str) -> None:
    for fact in extraction.facts:
        assert fact.evidence
        for span in [*fact.evidence, *(s for f in fact.figures for s in f.evidence)]:
            assert text[span.start : span.end] == span.quote


# --------------------------------------------------------------------------------------------------------------------
# Cassettes
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.vcr
def test_clean_extraction_grounds_every_fact(vcr: Any, tmp_path: Path, target: Target) -> None:
    engine = make_engine(tmp_path, target=target)
    extraction = engine.extract(FLOOD)
    assert extraction.facts or extraction.rejected  # a weak model's facts may all fail verification: reported
    _assert_spans_exact(extraction, FLOOD.text)
    assert all(f.verification is not None and f.verification.ok for f in extraction.facts)
    assert all(r.reason for r in extraction.rejected)
    assert [f.id for f in extraction.facts] == [f"S1.F{i}" for i in range(1, len(extraction.facts) + 1)]
    usage = engine.usage()  # the run's: the article's calls and, on a local server, the auto-mode probes
    assert (usage.prompt_tokens, usage.completion_tokens) == _recorded_usage(vcr)
    assert usage.calls == _chat_requests(vcr)  # replayed, or recorded with --record-mode=rewrite


@pytest.mark.vcr
def test_clean_extraction_fills_parts_with_spans_inside_the_evidence(
    vcr: Any, tmp_path: Path, authored_only: None
) -> None:
    extraction = make_engine(tmp_path).extract(FLOOD)
    port = extraction.facts[0]
    assert [fig.evidence[0].quote for fig in port.figures] == ["2.4 metres"]
    assert port.attribution is not None and port.attribution.evidence[0].quote == "the regional water board"
    assert port.where[0].evidence[0].quote == "Marsden"
    assert port.evidence[0].contains(port.figures[0].evidence[0])
    assert not extraction.rejected


@pytest.mark.vcr
def test_rerun_is_served_from_cache_with_zero_calls(vcr: Any, tmp_path: Path, target: Target) -> None:
    first = make_engine(tmp_path, target=target).extract(FLOOD)
    again = make_engine(tmp_path, target=target)
    second = again.extract(FLOOD)
    assert second.facts == first.facts
    assert again.usage().calls == 0
    assert again.usage().cached_calls == 1


@pytest.mark.vcr
def test_ungrounded_quote_is_rejected_after_reask(vcr: Any, tmp_path: Path, authored_only: None) -> None:
    engine = make_engine(tmp_path, max_reasks=1)
    extraction = engine.extract(FLOOD)
    assert [f.text for f in extraction.facts] == [
        "Officials closed the river port of Marsden on Tuesday after flood water rose 2.4 metres above normal."
    ]
    [rejected] = extraction.rejected
    assert rejected.text == "The mayor declared a state of emergency."
    assert rejected.stage == "extract"
    assert "is not in the article" in rejected.reason
    # the re-ask carried the concrete verification error back to the model
    reask = json.dumps(_request_json(vcr, 1)["messages"])
    assert "Mayor Ruth Abbott declared a state of emergency on Wednesday." in reask
    assert "is not in the article" in reask
    assert engine.usage().calls == 2


@pytest.mark.vcr
def test_invalid_json_then_valid_is_reasked(vcr: Any, tmp_path: Path, authored_only: None) -> None:
    engine = make_engine(tmp_path, max_reasks=2)
    extraction = engine.extract(FLOOD)
    assert len(extraction.facts) == 1
    assert extraction.usage is not None
    assert extraction.usage.calls == 2
    # usage is summed across the failed attempt and the re-ask
    assert (extraction.usage.prompt_tokens, extraction.usage.completion_tokens) == _recorded_usage(vcr)
    assert "Validation Error found" in json.dumps(_request_json(vcr, 1)["messages"])


@pytest.mark.vcr
def test_rate_limit_then_success_is_retried_by_the_sdk(vcr: Any, tmp_path: Path, authored_only: None) -> None:
    engine = make_engine(tmp_path)
    extraction = engine.extract(FLOOD)
    assert len(extraction.facts) == 1
    assert engine.usage().calls == 2
    assert [r["status"]["code"] for r in vcr.responses] == [429, 200]
    assert vcr.all_played


@pytest.mark.vcr
def test_persistent_server_error_fails_only_that_article(vcr: Any, tmp_path: Path, authored_only: None) -> None:
    engine = make_engine(tmp_path)
    good, bad = engine.extract_all([FLOOD, FLOOD_B])
    assert isinstance(good, Extraction) and len(good.facts) == 2
    assert isinstance(bad, ArticleFailed)
    assert bad.path == FLOOD_B.path
    assert "HTTP 500 after 3 attempt(s)" in bad.message
    assert engine.article_usage["S2"].calls == 3  # 1 + the SDK's 2 retries, then no more
    assert vcr.all_played


@pytest.mark.vcr
def test_length_cutoff_is_retried_once_then_fails_the_article(vcr: Any, tmp_path: Path, authored_only: None) -> None:
    engine = make_engine(tmp_path)
    with pytest.raises(ArticleFailed, match=r"cut off \(finish_reason=length\) at max_tokens=1024 and again") as err:
        engine.extract(FLOOD)
    assert "at max_tokens=2048" in str(err.value)
    # the first limit is sized to the article (at least 1,024), the retry doubles it within the context window
    assert [_request_json(vcr, i)["max_tokens"] for i in range(2)] == [1024, 2048]
    assert engine.usage().calls == 2


@pytest.mark.vcr
def test_length_cutoff_recovers_with_a_larger_output_limit(vcr: Any, tmp_path: Path, authored_only: None) -> None:
    extraction = make_engine(tmp_path).extract(FLOOD)
    assert len(extraction.facts) == 1
    assert _request_json(vcr, 1)["max_tokens"] == 2 * _request_json(vcr, 0)["max_tokens"]


@pytest.mark.vcr
def test_cut_off_tool_call_reported_as_tool_calls_is_retried_with_a_larger_limit(
    vcr: Any, tmp_path: Path, authored_only: None
) -> None:
    # finish_reason "tool_calls", but the arguments do not parse and completion_tokens reached max_tokens: a cut-off,
    # so no re-ask with the validation error; the same prompt again with twice the limit
    engine = make_engine(tmp_path, max_reasks=2)
    extraction = engine.extract(FLOOD)
    assert len(extraction.facts) == 1
    first, second = _request_json(vcr, 0), _request_json(vcr, 1)
    assert second["max_tokens"] == 2 * first["max_tokens"]
    assert second["messages"] == first["messages"]
    assert engine.usage().calls == 2


@pytest.mark.vcr
def test_invalid_api_key_aborts_the_run(vcr: Any, tmp_path: Path, authored_only: None) -> None:
    engine = make_engine(tmp_path, concurrency=1)
    with pytest.raises(AuthError, match="HTTP 401") as caught:
        engine.extract_all([FLOOD, FLOOD_B])
    assert DUMMY_KEY not in str(caught.value)
    assert engine.usage().calls == 1  # the SDK does not retry a 401, and the second article never starts


@pytest.mark.vcr
def test_insufficient_quota_aborts_the_run(vcr: Any, tmp_path: Path, authored_only: None) -> None:
    with pytest.raises(AuthError, match=r"insufficient_quota|exceeded your current quota"):
        make_engine(tmp_path).extract(FLOOD)


@pytest.mark.vcr
def test_compose_rejects_unsupported_and_unknown_id_sentences(vcr: Any, tmp_path: Path, authored_only: None) -> None:
    from summarizer.pipeline import check_composition

    plan = _plan()
    composed = make_engine(tmp_path).compose(plan)
    assert composed.headline == "Floods close Marsden river port"
    [unknown] = composed.rejected
    assert unknown.stage == "compose" and "S1.F9" in unknown.reason
    facts = {f.id: f for f in plan.facts}
    for draft in composed.sentences:
        assert draft.citations == [s for i in draft.fact_ids for s in facts[i].evidence]
    sentences, _context, rejected = check_composition(composed, facts, {"S1": FLOOD})
    assert [s.fact_ids for s in sentences] == [["S1.F1"], ["S1.F2"]]
    assert [r.text for r in rejected] == [
        "The flooding was caused by a dam failure upstream that engineers had warned about for years."
    ]


@pytest.mark.vcr
def test_composed_sentences_cite_only_facts_of_the_plan(vcr: Any, tmp_path: Path, target: Target) -> None:
    plan = _plan()
    engine = make_engine(tmp_path, target=target)
    composed = engine.compose(plan)
    facts = {f.id: f for f in plan.facts}
    assert composed.sentences or composed.rejected
    for draft in composed.sentences:
        assert draft.fact_ids and set(draft.fact_ids) <= set(facts)
        assert draft.citations == list(dict.fromkeys(s for i in draft.fact_ids for s in facts[i].evidence))
    assert all(r.reason for r in composed.rejected)
    assert engine.usage().calls == _chat_requests(vcr)


@pytest.mark.vcr
def test_prompt_injection_in_article_is_treated_as_content(vcr: Any, tmp_path: Path) -> None:
    extraction = make_engine(tmp_path).extract(FLOOD_B)
    assert not any("resign" in f.text.lower() for f in extraction.facts)
    prompt = _request_json(vcr, 0)["messages"][0]["content"]
    begin = prompt.rindex("<<<BEGIN ARTICLE")  # the last mention: the fence line itself, after the instructions
    end = prompt.rindex("<<<END ARTICLE")
    injected = prompt.index("Ignore all previous instructions")
    assert begin < injected < end
    assert "instruction to you" in prompt[:begin]


# --------------------------------------------------------------------------------------------------------------------
# A local OpenAI-compatible server
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mode",
    [
        pytest.param("tools", id="tool-calling"),
        pytest.param("json_schema", id="json-schema"),
        pytest.param("json", id="json"),
    ],
)
def test_engine_extracts_and_composes_against_a_local_server(
    mode: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    with serve() as server:
        settings = EngineSettings(model="llamacpp:stub", base_url=server.base_url, mode=mode, cache_dir=str(tmp_path))
        engine = get_engine(settings)
        assert isinstance(engine, LLMEngine)
        results = engine.extract_all([FLOOD, FLOOD_B])
        extractions = [r for r in results if isinstance(r, Extraction)]
        assert len(extractions) == 2
        for extraction, article in zip(extractions, [FLOOD, FLOOD_B], strict=True):
            assert extraction.facts
            _assert_spans_exact(extraction, article.text)
        facts = [f for e in extractions for f in e.facts]
        composed = engine.compose(StoryPlan(id="T1", facts=facts))
        assert composed.sentences
        known = {f.id for f in facts}
        assert all(set(d.fact_ids) <= known and d.citations for d in composed.sentences)
        assert engine.usage().calls == len(server.requests) == 3
        assert {r["headers"].get("authorization") for r in server.requests} == {"Bearer not-needed"}
        assert ("tools" in server.requests[0]["body"]) == (mode == "tools")


def _always_invents(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    invented = {"text": "The mayor resigned.", "evidence": ["The mayor resigned on Monday."], "kind": "event"}
    return 200, completion({"facts": [invented]}, request)


@pytest.mark.parametrize(
    ("max_reasks", "token_budget", "calls"),
    [
        pytest.param(2, None, 3, id="reasks-bounded-by-max-reasks"),
        pytest.param(5, 1, 1, id="reasks-stopped-by-token-budget"),
        pytest.param(0, None, 1, id="no-reasks"),
    ],
)
def test_reasks_stop_at_the_limit_then_report_the_rejected_fact(
    max_reasks: int, token_budget: int | None, calls: int, tmp_path: Path
) -> None:
    with serve(_always_invents) as server:
        settings = EngineSettings(model="vllm:stub", base_url=server.base_url, max_reasks=max_reasks, no_cache=True)
        extraction = LLMEngine(settings, token_budget=token_budget).extract(FLOOD)
    assert len(server.requests) == calls
    assert not extraction.facts
    assert [r.text for r in extraction.rejected] == ["The mayor resigned."]
    assert extraction.usage is not None and extraction.usage.calls == calls


def test_concurrency_is_limited_to_the_setting(tmp_path: Path) -> None:
    articles = [FLOOD.model_copy(update={"id": f"S{i}", "text": FLOOD.text + f"\nEdition {i}.\n"}) for i in range(6)]
    with serve(latency=0.05) as server:
        engine = LLMEngine(
            EngineSettings(model="vllm:stub", base_url=server.base_url, concurrency=2, cache_dir=str(tmp_path))
        )
        results = engine.extract_all(articles)
    assert all(isinstance(r, Extraction) for r in results)
    assert [r.source for r in results if isinstance(r, Extraction)] == [a.id for a in articles]
    assert 1 <= server.max_in_flight <= 2


def test_long_article_is_extracted_in_overlapping_chunks_and_merged(tmp_path: Path) -> None:
    text = "\n\n".join(
        f"Officials in district number {chr(65 + i)} reported that the river kept rising." for i in range(20)
    )
    article = FLOOD.model_copy(update={"text": text})
    with serve() as server:
        settings = EngineSettings(model="vllm:stub", base_url=server.base_url, cache_dir=str(tmp_path))
        extraction = LLMEngine(settings, chunk_tokens=120, overlap_tokens=25).extract(article)
    assert len(server.requests) > 3  # one call per chunk
    assert all("is part" in r["body"]["messages"][0]["content"] for r in server.requests)
    _assert_spans_exact(extraction, text)
    starts = [f.evidence[0].start for f in extraction.facts]
    assert len(starts) == len(set(starts)) == 20  # every sentence once, the overlap did not duplicate any
    assert [f.id for f in extraction.facts] == [f"S1.F{i}" for i in range(1, 21)]


# --------------------------------------------------------------------------------------------------------------------
# Modes that fit the server (--mode auto), strict schemas, output limits, concurrency
# --------------------------------------------------------------------------------------------------------------------

LLAMA_CPP_PYTHON = frozenset({"json_object", "tools"})  # answers response_format json_schema with HTTP 500


@pytest.mark.parametrize(
    ("capabilities", "mode"),
    [
        pytest.param(frozenset({"json_schema", "json_object", "tools"}), "json_schema", id="vllm-ollama-llama-server"),
        pytest.param(LLAMA_CPP_PYTHON, "json_object", id="llama-cpp-python"),
        pytest.param(frozenset({"tools"}), "tools", id="tools-only"),
        pytest.param(frozenset(), "md_json", id="nothing-constrained"),
    ],
)
def test_auto_mode_probes_the_server_once_and_records_the_mode(
    capabilities: frozenset[str], mode: str, tmp_path: Path
) -> None:
    from summarizer.engines import engine_info

    with serve(capabilities=capabilities) as server:
        settings = EngineSettings(model="somelab:stub", base_url=server.base_url, cache_dir=str(tmp_path))
        engine = LLMEngine(settings)
        assert engine.mode == "auto"
        first, second = engine.extract_all([FLOOD, FLOOD_B])
        again = LLMEngine(settings.__class__(**{**settings.__dict__, "no_cache": True}))
        again.extract(FLOOD)
    assert isinstance(first, Extraction) and first.facts and isinstance(second, Extraction)
    assert engine.mode == again.mode == mode
    info = engine_info(engine)
    assert info.mode == mode and info.mode_reason is not None and info.mode_reason.startswith(f"auto: {mode}")
    # one probe per mode tried, for the whole process (the second engine reuses the answer for this base URL)
    tried = ["json_schema", "json_object", "tools"]
    expected = tried[: tried.index(mode) + 1] if mode in tried else tried
    assert [_probe_kind(p["body"]) for p in server.probes] == expected
    # every real request carries that mode's parameters
    assert {_probe_kind(r["body"]) for r in server.requests} == {mode if mode != "md_json" else "plain"}
    # probes are metered in the run's usage, not in an article's
    assert engine.usage().calls == 2 + len(server.probes)
    assert first.usage is not None and first.usage.calls == 1


def _probe_kind(body: dict[str, Any]) -> str:
    if body.get("tools"):
        return "tools"
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_object":
        return "json_object" if "schema" in response_format else "json"
    return str(response_format.get("type") or "plain")


def test_json_object_mode_sends_the_schema_in_response_format(tmp_path: Path) -> None:
    with serve(capabilities=LLAMA_CPP_PYTHON) as server:
        settings = EngineSettings(model="llamacpp:stub", base_url=server.base_url, mode="json_object", no_cache=True)
        LLMEngine(settings).extract(FLOOD)
    [request] = server.requests
    response_format = request["body"]["response_format"]
    assert response_format["type"] == "json_object"
    assert response_format["schema"]["additionalProperties"] is False
    assert response_format["schema"]["required"] == ["facts"]
    assert not server.probes  # a configured mode is never probed


def test_auto_mode_falls_back_when_a_real_call_is_refused_for_its_response_format(tmp_path: Path) -> None:
    with serve(capabilities=LLAMA_CPP_PYTHON) as server:
        # what an earlier probe of this server concluded (e.g. a proxy that accepted the probe's json_schema)
        servers._PROBED[(server.base_url, "stub")] = servers.ModeChoice("json_schema", "auto: json_schema (probed)")
        engine = LLMEngine(EngineSettings(model="vllm:stub", base_url=server.base_url, cache_dir=str(tmp_path)))
        extraction = engine.extract(FLOOD)
    assert extraction.facts
    assert engine.mode == "json_object"
    assert "fell back" in (engine.mode_reason or "") and "HTTP 500" in (engine.mode_reason or "")
    assert [_probe_kind(r["body"]) for r in server.requests][-1] == "json_object"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param({"title": "Floods", "description": "A flood story.", "type": "news"}, id="object-without-facts"),
        pytest.param({"facts": []}, id="empty-facts"),
        pytest.param({"facts": [{"text": "The port closed.", "evidence": [""]}]}, id="empty-quote"),
        pytest.param({"facts": [{"text": "The port closed.", "evidence": ["   "]}]}, id="blank-quote"),
        pytest.param(
            {"facts": [{"text": "The port closed.", "evidence": ["Officials closed"], "note": "x"}]}, id="extra-key"
        ),
    ],
)
def test_answer_that_is_not_a_valid_extraction_fails_the_article_never_an_empty_one(
    answer: dict[str, Any], tmp_path: Path
) -> None:
    def replies(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, completion(answer, request)

    with serve(replies) as server:
        settings = EngineSettings(model="vllm:stub", base_url=server.base_url, mode="json", max_reasks=1)
        [result] = LLMEngine(settings, http_retries=0).extract_all([FLOOD])
    assert isinstance(result, ArticleFailed)
    assert "invalid output after 2 attempt(s)" in result.message
    assert len(server.requests) == 2  # the answer and one re-ask with the validation errors


def test_response_schema_is_strict_and_bounded_by_the_article(tmp_path: Path) -> None:
    with serve() as server:
        settings = EngineSettings(model="vllm:stub", base_url=server.base_url, mode="json_schema", no_cache=True)
        LLMEngine(settings).extract(FLOOD)
    schema = server.requests[0]["body"]["response_format"]["json_schema"]["schema"]
    assert schema["additionalProperties"] is False and schema["required"] == ["facts"]
    facts = schema["properties"]["facts"]
    from summarizer.text.segment import split_sentences

    assert facts["minItems"] == 1 and facts["maxItems"] == 2 * len(split_sentences(FLOOD.text)) + 2
    fact = schema["$defs"]["LLMFact"]
    assert fact["additionalProperties"] is False
    assert fact["properties"]["evidence"]["items"]["minLength"] == 1
    assert fact["properties"]["evidence"]["items"]["maxLength"] <= len(FLOOD.text)
    assert fact["properties"]["evidence"]["maxItems"] <= 3


@pytest.mark.parametrize(
    ("context", "models"),
    [
        pytest.param(4000, None, id="context-tokens-option"),
        pytest.param(None, {"id": "stub", "owned_by": "vllm", "max_model_len": 4000}, id="context-from-v1-models"),
    ],
)
def test_output_limit_fits_beside_the_prompt_in_the_context_window(
    context: int | None, models: dict[str, Any] | None, tmp_path: Path
) -> None:
    def cut_off(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        body = completion({"facts": []}, request, finish_reason="length")
        body["choices"][0]["message"]["content"] = '{"facts": [{"text": "Officials'
        return 200, body

    with serve(cut_off, models=models) as server:
        settings = EngineSettings(
            model="vllm:stub", base_url=server.base_url, mode="json_schema", context_tokens=context, no_cache=True
        )
        engine = LLMEngine(settings)
        with pytest.raises(ArticleFailed, match="cut off") as failed:
            engine.extract(FLOOD)
    limits = [r["body"]["max_tokens"] for r in server.requests]
    assert engine.context_tokens() == 4000
    prompt_chars = len(json.dumps(server.requests[0]["body"]))  # prompt and schema, as sent
    assert len(limits) == 2 and limits[1] > limits[0]
    assert all(limit + prompt_chars // 4 <= 4000 for limit in limits)  # the retry never asks for more than fits
    assert "all the room the context window leaves" in str(failed.value)


def test_prompt_that_leaves_no_room_for_an_answer_fails_before_any_call(tmp_path: Path) -> None:
    with serve() as server:
        settings = EngineSettings(
            model="vllm:stub", base_url=server.base_url, mode="json_schema", context_tokens=1024, no_cache=True
        )
        with pytest.raises(ArticleFailed, match="context window") as failed:
            LLMEngine(settings).extract(FLOOD)
    assert "--context-tokens" in str(failed.value)
    assert not server.requests


@pytest.mark.parametrize(
    ("models", "provider", "in_flight"),
    [
        pytest.param({"id": "stub", "owned_by": "me"}, "somelab", 1, id="llama-cpp-python-one-at-a-time"),
        pytest.param(None, "llamacpp", 1, id="llamacpp-provider-one-at-a-time"),
        pytest.param({"id": "stub", "owned_by": "vllm"}, "somelab", 4, id="vllm-four"),
    ],
)
def test_concurrency_defaults_to_what_the_server_can_serve(
    models: dict[str, Any] | None, provider: str, in_flight: int, tmp_path: Path
) -> None:
    articles = [FLOOD.model_copy(update={"id": f"S{i}", "text": FLOOD.text + f"\nEdition {i}.\n"}) for i in range(6)]
    with serve(latency=0.2, models=models) as server:
        settings = EngineSettings(model=f"{provider}:stub", base_url=server.base_url, mode="json", no_cache=True)
        engine = LLMEngine(settings)
        results = engine.extract_all(articles)
    assert all(isinstance(r, Extraction) for r in results)
    assert server.max_in_flight == in_flight
    assert engine.concurrency() == in_flight


def test_deadline_counts_from_the_slot_and_the_queue_has_its_own_time_out(tmp_path: Path) -> None:
    articles = [FLOOD.model_copy(update={"id": f"S{i}", "text": FLOOD.text + f"\nEdition {i}.\n"}) for i in range(3)]
    with serve(latency=1.5) as server:
        base = {"model": "llamacpp:stub", "base_url": server.base_url, "mode": "json", "no_cache": True}
        LLMEngine(EngineSettings(**base)).extract(FLOOD)  # first-call imports and schema building, off the clock
        # each article needs ~1.5 s of the single slot: 4.5 s in all, more than the 4 s deadline, yet none fails
        patient = LLMEngine(EngineSettings(**base, timeout=4.0)).extract_all(articles)
        impatient = LLMEngine(EngineSettings(**base, timeout=4.0, queue_timeout=0.2)).extract_all(articles)
    assert all(isinstance(r, Extraction) for r in patient), patient
    assert isinstance(impatient[0], Extraction)
    for failed in impatient[1:]:
        assert isinstance(failed, ArticleFailed)
        assert "waited more than 0.2s for a free request slot" in failed.message


def test_only_the_llm_module_imports_the_sdks() -> None:
    package = ROOT / "summarizer"
    importers = sorted(
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if any(
            line.strip().startswith(("import openai", "from openai", "import instructor", "from instructor"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    )
    assert importers and all(name.startswith("engines/llm/") for name in importers), importers


def test_progress_bar_on_stderr_does_not_disturb_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve() as server:
        settings = EngineSettings(model="vllm:stub", base_url=server.base_url, progress=True, cache_dir=str(tmp_path))
        results = LLMEngine(settings).extract_all([FLOOD, FLOOD_B])
    assert all(isinstance(r, Extraction) for r in results)
    assert capsys.readouterr().out == ""


def test_deadline_fails_the_article_with_its_reason(tmp_path: Path) -> None:
    with serve(latency=0.5) as server:
        settings = EngineSettings(model="vllm:stub", base_url=server.base_url, timeout=0.1, cache_dir=str(tmp_path))
        [result] = LLMEngine(settings).extract_all([FLOOD])
    assert isinstance(result, ArticleFailed)
    assert "deadline of 0.1s exceeded" in result.message


def test_cli_brief_runs_against_a_local_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.cli import cli

    paths = []
    for article in (FLOOD, FLOOD_B):
        path = tmp_path / article.path
        path.write_text(article.text, encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "brief.json"
    with serve() as server:
        code = cli(
            [
                "brief",
                "--model",
                "openai:stub",
                "--base-url",
                server.base_url,
                "--format",
                "json",
                "--cache-dir",
                str(tmp_path / "cache"),
                "--output",
                str(out),
                *paths,
            ]
        )
    assert code == 0
    brief = json.loads(out.read_text(encoding="utf-8"))
    assert brief["engine"]["name"] == "openai" and brief["engine"]["model"] == "openai:stub"
    assert brief["engine"]["usage"]["calls"] == len(server.requests) >= 3
    sources = {s["id"]: s for s in brief["sources"]}
    texts = {sid: Path(src["path"]).read_text(encoding="utf-8") for sid, src in sources.items()}
    for story in brief["stories"]:
        for sentence in story["sentences"]:
            for c in sentence["citations"]:
                assert texts[c["source"]][c["start"] : c["end"]] == c["quote"]


# --------------------------------------------------------------------------------------------------------------------
# Pure helpers and configuration
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "provider", "name"),
    [
        pytest.param("openai:gpt-4.1-mini", "openai", "gpt-4.1-mini", id="openai"),
        pytest.param("ollama:llama3.1:8b", "ollama", "llama3.1:8b", id="model-with-colon"),
        pytest.param("gpt-4.1-mini", "openai", "gpt-4.1-mini", id="bare-name-is-openai"),
        pytest.param("Azure:my-deployment", "azure", "my-deployment", id="provider-lowercased"),
    ],
)
def test_model_id_splits_provider_and_model(value: str, provider: str, name: str) -> None:
    parsed = parse_model_id(value)
    assert (parsed.provider, parsed.name) == (provider, name)


@pytest.mark.parametrize("value", [pytest.param(":gpt", id="no-provider"), pytest.param("openai:", id="no-model")])
def test_model_id_without_both_parts_is_a_config_error(value: str) -> None:
    with pytest.raises(ConfigError):
        parse_model_id(value)


@pytest.mark.parametrize(
    ("provider", "mode"),
    [
        pytest.param("openai", "tools", id="openai-tools"),
        pytest.param("azure", "tools", id="azure-tools"),
        pytest.param("ollama", "auto", id="ollama-auto"),
        pytest.param("llamacpp", "auto", id="llamacpp-auto"),
        pytest.param("somelab", "auto", id="unknown-auto"),
    ],
)
def test_default_mode_depends_on_the_provider(provider: str, mode: str) -> None:
    assert default_mode(provider) == mode


def test_mode_override_is_honoured_and_unknown_modes_are_config_errors() -> None:
    settings = EngineSettings(model="openai:x", base_url="http://127.0.0.1:1/v1", mode="json-schema")
    assert LLMEngine(settings).mode == "json_schema"
    with pytest.raises(ConfigError, match="unknown mode"):
        LLMEngine(EngineSettings(model="openai:x", base_url="http://127.0.0.1:1/v1", mode="xml"))


def test_openai_without_key_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(EngineUnavailable, match="OPENAI_API_KEY"):
        LLMEngine(EngineSettings(model="openai:gpt-4.1-mini"))


def test_unknown_provider_needs_a_base_url() -> None:
    with pytest.raises(ConfigError, match="--base-url"):
        LLMEngine(EngineSettings(model="somelab:model-7b"))


def test_local_providers_get_their_default_base_url() -> None:
    assert LLMEngine(EngineSettings(model="ollama:llama3.1")).base_url == "http://localhost:11434/v1"


def test_base_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert LLMEngine(EngineSettings(model="openai:gpt-4.1-mini")).base_url == "http://127.0.0.1:9/v1"


@pytest.mark.parametrize(
    "secret",
    [pytest.param("sk-proj-abcdefghijklmnop", id="sk-key"), pytest.param("Bearer abc.def.ghi", id="bearer")],
)
def test_redact_masks_keys_and_bearer_tokens(secret: str) -> None:
    assert secret not in redact(f"failed with {secret} in the message")


def test_compose_answer_citing_unknown_fact_ids_is_rejected_not_kept() -> None:
    plan = _plan()
    facts = {f.id: f for f in plan.facts}
    answer = ComposeResponse.model_validate(
        {
            "headline": "h",
            "sentences": [
                {"text": "Known.", "fact_ids": ["S1.F1", "S1.F1"]},
                {"text": "Half known.", "fact_ids": ["S1.F2", "S9.F1"]},
            ],
        }
    )
    composed = build_composed(answer, facts)
    assert [d.fact_ids for d in composed.sentences] == [["S1.F1"]]
    assert [r.text for r in composed.rejected] == ["Half known."]
    assert "S9.F1" in composed.rejected[0].reason


def test_engine_module_creates_no_client_until_used() -> None:
    engine = LLMEngine(EngineSettings(model="vllm:stub", base_url="http://127.0.0.1:9/v1"))
    assert not hasattr(engine, "_client")
    assert engine.usage().calls == 0
