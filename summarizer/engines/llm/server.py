"""What the LLM engine learns about the server it talks to: its context window, how many requests it serves at once,
and which structured-output mode it honours (``--mode auto``).

* **Discovery** (:func:`discover`): one ``GET /v1/models`` per base URL and process (plus llama.cpp's ``GET /props``
  when the server looks like llama.cpp). What is read, when the server says it:

  - context window: ``max_model_len`` (vLLM), ``context_length``/``max_context_length``/``context_window`` (LM
    Studio, OpenRouter-style listings), ``meta.n_ctx`` or ``/props`` ``default_generation_settings.n_ctx``
    (llama.cpp server). ``meta.n_ctx_train`` is the training context, not the server's, and is not used;
  - parallel slots: ``/props`` ``total_slots`` (llama.cpp server);
  - the family: ``owned_by`` ``llamacpp`` (llama.cpp server), ``me`` (llama-cpp-python), ``vllm``, ``library``
    (Ollama), or the provider prefix of the model id.

  Discovery is best effort: a server that answers none of it gets the defaults (8,192 context tokens; concurrency 1
  for llama.cpp-family servers, 4 otherwise). It costs no tokens and is not metered as a model call.
* **Mode probe** (:func:`probe_mode`): tiny chat completions, once per base URL and model, trying ``json_schema``
  (``response_format: json_schema``), then ``json_object`` (``response_format: json_object`` with a ``schema``, the
  llama-cpp-python dialect), then ``tools`` (a forced function call); the first whose answer obeys a schema that the
  prompt does not reveal wins, else plain JSON in the prompt (``md_json``). A mode the server rejects (any 4xx/5xx)
  or ignores (an answer that does not obey the schema) is skipped, with the reason kept for ``-v`` and ``engine``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import openai

DEFAULT_CONTEXT_TOKENS = 8192
DEFAULT_CONCURRENCY = 4
# Servers built on llama.cpp decode one sequence per slot and queue the rest; without a slot count, one at a time.
LLAMACPP_FAMILY = frozenset({"llama.cpp", "llama-cpp-python", "ollama"})
MODE_CHAIN = ("json_schema", "json_object", "tools")
FALLBACK_MODE = "md_json"

_FAMILY_BY_OWNER = {"llamacpp": "llama.cpp", "me": "llama-cpp-python", "vllm": "vllm", "library": "ollama"}
_FAMILY_BY_PROVIDER = {
    "llamacpp": "llama.cpp",
    "ollama": "ollama",
    "vllm": "vllm",
    "openai": "openai",
    "azure": "azure",
}
_CONTEXT_KEYS = ("max_model_len", "context_length", "max_context_length", "context_window")

PROBE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"answer": {"type": "string", "enum": ["constrained"]}},
    "required": ["answer"],
    "additionalProperties": False,
}
PROBE_EXPECTED = {"answer": "constrained"}
PROBE_PROMPT = "Reply with a short JSON object that greets the reader."
PROBE_MAX_TOKENS = 24


@dataclass(frozen=True)
class ServerInfo:
    """What discovery found (None: the server did not say)."""

    family: str | None = None
    context_tokens: int | None = None
    slots: int | None = None
    notes: tuple[str, ...] = ()

    def concurrency(self) -> int:
        """Requests to send at once: the server's slot count, else 1 for llama.cpp-family servers, else 4."""
        if self.slots:
            return max(1, self.slots)
        return 1 if self.family in LLAMACPP_FAMILY else DEFAULT_CONCURRENCY


@dataclass
class ModeChoice:
    """The mode ``auto`` resolved to, and why (one line per mode tried)."""

    mode: str
    reason: str
    tried: list[str] = field(default_factory=list)


def _int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def read_models(payload: Any, model: str, provider: str) -> ServerInfo:
    """A :class:`ServerInfo` from a ``GET /v1/models`` body (the entry whose id is ``model``, else the first)."""
    entries = payload.get("data") if isinstance(payload, dict) else None
    entries = [e for e in entries or [] if isinstance(e, dict)]
    entry = next((e for e in entries if e.get("id") == model), entries[0] if entries else {})
    family = _FAMILY_BY_OWNER.get(str(entry.get("owned_by") or "").lower()) or _FAMILY_BY_PROVIDER.get(provider)
    context = next((_int(entry[k]) for k in _CONTEXT_KEYS if _int(entry.get(k))), None)
    meta = entry.get("meta")
    context = context or (_int(meta.get("n_ctx")) if isinstance(meta, dict) else None)
    notes = [f"/v1/models: owned_by={entry.get('owned_by')!r}"] if entry else []
    if context:
        notes.append(f"context {context} tokens from /v1/models")
    return ServerInfo(family=family, context_tokens=context, notes=tuple(notes))


def read_props(payload: Any, info: ServerInfo) -> ServerInfo:
    """``info`` completed from llama.cpp's ``GET /props`` (``total_slots``, per-slot ``n_ctx``)."""
    if not isinstance(payload, dict):
        return info
    settings = payload.get("default_generation_settings")
    n_ctx = _int(settings.get("n_ctx")) if isinstance(settings, dict) else None
    slots = _int(payload.get("total_slots"))
    notes = list(info.notes)
    if slots:
        notes.append(f"{slots} slot(s) from /props")
    if n_ctx and not info.context_tokens:
        notes.append(f"context {n_ctx} tokens from /props")
    return ServerInfo(
        family=info.family or "llama.cpp",
        context_tokens=info.context_tokens or n_ctx,
        slots=slots or info.slots,
        notes=tuple(notes),
    )


_DISCOVERED: dict[tuple[str, str], ServerInfo] = {}
_PROBED: dict[tuple[str, str], ModeChoice] = {}


def forget() -> None:
    """Drop what this process learnt about servers (tests; a server restarted with other options)."""
    _DISCOVERED.clear()
    _PROBED.clear()


def _root(base_url: str) -> str:
    base = base_url.rstrip("/")
    return base[: -len("/v1")] if base.endswith("/v1") else base


async def discover(raw: openai.AsyncOpenAI, base_url: str, model: str, provider: str, timeout: float) -> ServerInfo:
    """What the server at ``base_url`` says about itself (cached per base URL and model; see module docstring).
    Never raises: a server that does not answer gets an empty :class:`ServerInfo` (not cached)."""
    key = (base_url, model)
    if key in _DISCOVERED:
        return _DISCOVERED[key]
    quick = raw.with_options(max_retries=0, timeout=timeout)
    try:
        response = await quick.get("/models", cast_to=object)
    except openai.OpenAIError as exc:
        return ServerInfo(family=_FAMILY_BY_PROVIDER.get(provider), notes=(f"/v1/models: {type(exc).__name__}",))
    info = read_models(response, model, provider)
    if info.family == "llama.cpp":
        try:
            props = await quick.get(f"{_root(base_url)}/props", cast_to=object)
        except openai.OpenAIError:
            props = None
        info = read_props(props, info)
    _DISCOVERED[key] = info
    return info


def _probe_request(mode: str, model: str) -> dict[str, Any]:
    request: dict[str, Any] = {
        "model": model,
        "messages": [{"role": "user", "content": PROBE_PROMPT}],
        "max_tokens": PROBE_MAX_TOKENS,
        "temperature": 0,
    }
    if mode == "json_schema":
        request["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "Probe", "schema": PROBE_SCHEMA, "strict": True},
        }
    elif mode == "json_object":
        request["response_format"] = {"type": "json_object", "schema": PROBE_SCHEMA}
    else:
        request["tools"] = [{"type": "function", "function": {"name": "Probe", "parameters": PROBE_SCHEMA}}]
        request["tool_choice"] = {"type": "function", "function": {"name": "Probe"}}
    return request


def message_parts(completion: Any) -> tuple[str | None, str | None]:
    """What the model produced in a chat completion: (the first tool call's arguments, the message content), each
    None when absent or empty."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None, None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return str(calls[0].function.arguments), None
    content = getattr(message, "content", None)
    return None, (str(content) if content else None)


def message_output(completion: Any) -> str | None:
    """The text the model produced: the first tool call's arguments, else the message content."""
    arguments, content = message_parts(completion)
    return arguments if arguments is not None else content


def obeys_probe(output: str | None) -> bool:
    """Whether a probe answer is exactly the object the schema forces (and the prompt does not ask for)."""
    if not output:
        return False
    try:
        return bool(json.loads(output) == PROBE_EXPECTED)
    except ValueError:
        return False


def _short(err: openai.APIStatusError) -> str:
    """The server's error message on one line, at most 100 characters (no traceback, no request echo)."""
    body = err.body
    message = body.get("message") if isinstance(body, dict) else None
    return " ".join(str(message or err.message).split())[:100]


def names_response_format(err: openai.APIStatusError) -> bool:
    """Whether an HTTP error is the server refusing the structured-output parameters (not an outage)."""
    text = f"{err.message} {getattr(err, 'body', '')}".lower()
    return any(word in text for word in ("response_format", "json_schema", "tool_choice", "tools", "grammar"))


async def probe_mode(raw: openai.AsyncOpenAI, base_url: str, model: str, timeout: float) -> ModeChoice:
    """The structured-output mode the server honours (cached per base URL and model; see module docstring).

    Raises:
        openai.AuthenticationError, openai.PermissionDeniedError: the server refused the credentials.
        openai.APIConnectionError: the server cannot be reached (nothing is cached).
    """
    key = (base_url, model)
    if key in _PROBED:
        return _PROBED[key]
    quick = raw.with_options(max_retries=0, timeout=timeout)
    tried: list[str] = []
    for mode in MODE_CHAIN:
        try:
            completion = await quick.chat.completions.create(**_probe_request(mode, model))
        except (openai.AuthenticationError, openai.PermissionDeniedError):
            raise
        except openai.APIStatusError as err:
            tried.append(f"{mode}: HTTP {err.status_code} ({_short(err)})")
            continue
        if obeys_probe(message_output(completion)):
            choice = ModeChoice(mode, f"auto: {mode} (probed)" + (f"; skipped {'; '.join(tried)}" if tried else ""))
            choice.tried = tried
            _PROBED[key] = choice
            return choice
        tried.append(f"{mode}: answer did not follow the schema")
    choice = ModeChoice(FALLBACK_MODE, f"auto: {FALLBACK_MODE} (no constrained mode honoured; {'; '.join(tried)})")
    choice.tried = tried
    _PROBED[key] = choice
    return choice


def downgrade(base_url: str, model: str, current: str, why: str) -> ModeChoice | None:
    """The next mode after ``current`` once a real call was refused for its structured-output parameters (recorded
    for the rest of the run); None when there is nothing left to try."""
    order = [*MODE_CHAIN, FALLBACK_MODE]
    if current not in order or current == FALLBACK_MODE:
        return None
    nxt = order[order.index(current) + 1]
    previous = _PROBED.get((base_url, model))
    tried = [*(previous.tried if previous else []), f"{current}: {why}"]
    choice = ModeChoice(nxt, f"auto: {nxt} (fell back; {'; '.join(tried)})", tried)
    _PROBED[(base_url, model)] = choice
    return choice
