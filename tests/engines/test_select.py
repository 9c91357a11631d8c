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
