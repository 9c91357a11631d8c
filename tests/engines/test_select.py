"""Engine selection: local unless a model is configured; the LLM engine without a model is a clear config error."""

from __future__ import annotations

import pytest

from summarizer.engines import EngineSettings, get_engine
from summarizer.errors import ConfigError, EngineUnavailable


def test_local_is_the_default_without_a_model() -> None:
    assert EngineSettings().resolved_engine() == "local"
    assert get_engine().name == "local"


def test_a_configured_model_selects_the_llm_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_MODEL", "openai:gpt-4.1-mini")
    assert EngineSettings().resolved_engine() == "openai"
    assert EngineSettings(model="ollama:llama3.1").resolved_engine() == "openai"
    assert EngineSettings(engine="local", model="openai:x").resolved_engine() == "local"


def test_llm_engine_without_a_model_explains_how_to_configure_one() -> None:
    with pytest.raises(EngineUnavailable) as info:
        get_engine(EngineSettings(engine="openai"))
    assert "--model" in str(info.value) and "SUMMARIZER_MODEL" in str(info.value)
    assert isinstance(info.value, ConfigError)


def test_a_checker_model_of_the_engines_provider_uses_the_engines_base_url() -> None:
    from summarizer.engines.select import get_checker

    settings = EngineSettings(model="vllm:writer", base_url="http://127.0.0.1:9/v1")
    checker = get_checker("llm", "vllm:judge", settings)
    assert checker.judge.engine.base_url == "http://127.0.0.1:9/v1"
    assert checker.judge.model == "vllm:judge"


def test_a_checker_model_of_another_provider_uses_that_providers_endpoint() -> None:
    from summarizer.engines.select import get_checker

    settings = EngineSettings(model="vllm:writer", base_url="http://127.0.0.1:9/v1")
    checker = get_checker("llm", "ollama:minicheck", settings)
    assert checker.judge.engine.base_url == "http://localhost:11434/v1"


def test_the_llm_engine_is_shared_with_its_judge_when_no_other_model_is_asked_for() -> None:
    from summarizer.check.support import LexicalSupportChecker
    from summarizer.engines.select import get_checker

    engine = get_engine(EngineSettings(model="vllm:writer", base_url="http://127.0.0.1:9/v1"))
    checker = get_checker(None, None, engine=engine)
    assert checker.judge.engine is engine
    assert isinstance(get_checker(None, None, engine=get_engine(EngineSettings(engine="local"))), LexicalSupportChecker)
