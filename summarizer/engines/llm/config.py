"""Configuration of the LLM engine that needs no SDK: ``provider:model`` ids, default modes and base URLs, the
environment variables it reads, and masking of secrets in messages."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.errors import ConfigError
from summarizer.text.regex import lazy_compile

API_KEY_ENV = "OPENAI_API_KEY"
BASE_URL_ENV = "OPENAI_BASE_URL"
PLACEHOLDER_KEY = "not-needed"  # local servers that check no key still need a non-empty string for the SDK

# Hosted OpenAI-style APIs do tool calling for every model, and instructor's re-ask returns the validation errors as
# the tool's result. Local servers differ: vLLM, Ollama and the llama.cpp server constrain decoding to
# ``response_format: json_schema``, llama-cpp-python's server only to ``json_object`` with a ``schema`` (it answers
# ``json_schema`` with HTTP 500), and tool calling depends on the model's chat template. So every other provider
# gets ``auto``: the engine probes the server once (see :mod:`.server`).
MODES = ("auto", "tools", "json_schema", "json_object", "json", "md_json")
TOOL_PROVIDERS = frozenset({"openai", "azure"})
LOCAL_BASE_URLS = {
    "ollama": "http://localhost:11434/v1",
    "vllm": "http://localhost:8000/v1",
    "llamacpp": "http://localhost:8080/v1",
}
_SECRET = lazy_compile(r"(sk-[A-Za-z0-9_\-*]{6,}|Bearer\s+\S+)")


@dataclass(frozen=True)
class ModelId:
    """A parsed ``provider:model`` id."""

    provider: str
    name: str

    def __str__(self) -> str:
        return f"{self.provider}:{self.name}"


def parse_model_id(value: str) -> ModelId:
    """Parse ``provider:model`` (``openai:gpt-4.1-mini``, ``ollama:llama3.1:8b``); a bare name means ``openai:``.

    Raises:
        ConfigError: empty provider or model.
    """
    provider, sep, name = value.strip().partition(":")
    if not sep:
        provider, name = "openai", provider
    if not provider or not name:
        raise ConfigError(f"bad model id {value!r}: use provider:model, e.g. openai:gpt-4.1-mini")
    return ModelId(provider.lower(), name)


def default_mode(provider: str) -> str:
    """The structured-output mode used unless ``--mode`` says otherwise: ``tools`` for OpenAI/Azure, else ``auto``."""
    return "tools" if provider in TOOL_PROVIDERS else "auto"


def redact(message: str) -> str:
    """``message`` with anything that looks like a key or bearer token masked."""
    return _SECRET.sub("[redacted]", message)
