"""A tiny stand-in for an OpenAI-compatible chat completions server (stdlib http.server in a thread).

It answers ``POST /v1/chat/completions`` the way the real API does (status, JSON body with id/object/created/model/
choices/finish_reason/usage), in tool-calling mode (when the request has ``tools``) or as message content (JSON modes).
The default "model" is deterministic and honest: for an extraction prompt it returns one fact per sentence of the
fenced article, quoting the sentence verbatim; for a composition prompt, one sentence per listed fact, citing its id.
Used by ``tests/test_llm.py`` and ``benchmarks/llm_concurrency.py`` (``latency`` injects a delay per request).

Server dialects: ``capabilities`` says which structured-output parameters the server honours (``json_schema``,
``json_object`` -- a ``response_format`` json_object with a ``schema`` --, ``tools``). A mode it lacks is refused the
way real servers refuse it (``json_schema``: HTTP 500 naming ``response_format``, as llama-cpp-python does; tools:
HTTP 400) or ignored (``json_object``'s schema: the answer does not follow it). The engine's mode probes
(``--mode auto``) are answered accordingly and listed in ``probes``. ``models`` is the ``GET /v1/models`` entry
(None: 404).
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from summarizer.engines.llm.server import PROBE_PROMPT

Responder = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]
ALL_MODES = frozenset({"json_schema", "json_object", "tools"})

_FENCE = re.compile(r"<<<BEGIN (ARTICLE|FACTS) (\w+)>>>\n(.*?)\n<<<END \1 \2>>>", re.DOTALL)
_FACT_LINE = re.compile(r"^\[(?P<id>[^\]]+)\] \((?P<src>[^)]+)\) (?P<text>.*?) -- evidence: ", re.MULTILINE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def completion(payload: dict[str, Any], request: dict[str, Any], finish_reason: str = "stop") -> dict[str, Any]:
    """A chat completion body carrying ``payload`` as a tool call (if the request offered tools) or as content."""
    arguments = json.dumps(payload)
    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
    if request.get("tools"):
        name = request["tools"][0]["function"]["name"]
        message["tool_calls"] = [
            {"id": "call_stub0001", "type": "function", "function": {"name": name, "arguments": arguments}}
        ]
    else:
        message["content"] = arguments
    prompt_tokens = sum(len(str(m.get("content") or "")) for m in request.get("messages", [])) // 4
    completion_tokens = len(arguments) // 4
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 1767225600,
        "model": request.get("model", "stub"),
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


_JUDGE_ITEM = re.compile(r'^\[(\d+)\] CLAIM: (".*")\nCITED TEXT: (".*")$', re.MULTILINE)
_WORDS = re.compile(r"[a-z0-9]{4,}")


def judge_items(request: dict[str, Any]) -> list[tuple[int, str, str]]:
    """The (id, claim, cited text) items of a sentence-judge request (prompts/judge.md); empty for other requests."""
    prompt = "\n".join(str(m.get("content") or "") for m in request.get("messages", []))
    return [(int(m.group(1)), json.loads(m.group(2)), json.loads(m.group(3))) for m in _JUDGE_ITEM.finditer(prompt)]


def honest_verdict(claim: str, text: str) -> dict[str, Any]:
    """A plain judge: supported when most of the claim's longer words are in the cited text, quoting the cited
    sentence that shares the most of them."""
    words = set(_WORDS.findall(claim.lower()))
    sentences = [s.strip() for s in _SENTENCE.findall(text)] or [text.strip()]
    best = max(sentences, key=lambda s: len(words & set(_WORDS.findall(s.lower()))))
    shared = len(words & set(_WORDS.findall(text.lower())))
    supported = bool(words) and shared >= 0.6 * len(words)
    return {"supported": supported, "quote": best if supported else "", "reason": f"{shared} of {len(words)} words"}


def honest_model(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Extraction: a fact per fenced sentence (verbatim evidence). Composition: a sentence per listed fact. The
    sentence judge: :func:`honest_verdict` per claim."""
    items = judge_items(request)
    if items:
        verdicts = [{"id": i, **honest_verdict(claim, text)} for i, claim, text in items]
        return 200, completion({"verdicts": verdicts}, request)
    prompt = "\n".join(str(m.get("content") or "") for m in request.get("messages", []))
    match = _FENCE.search(prompt)
    if match is None:
        return 400, {"error": {"message": "no fenced data in prompt", "type": "invalid_request_error"}}
    kind, body = match.group(1), match.group(3)
    if kind == "ARTICLE":
        facts = [
            {"text": s.strip(), "evidence": [s.strip()], "kind": "event", "salience": 0.5}
            for s in _SENTENCE.findall(body)
            if len(s.strip()) > 20 and not any(ch.isdigit() for ch in s)
        ][:8]
        return 200, completion({"facts": facts}, request)
    sentences = [
        {"text": m["text"], "fact_ids": [m["id"]], "kind": "lead" if i == 0 else "fact"}
        for i, m in enumerate(_FACT_LINE.finditer(body))
    ]
    return 200, completion({"headline": "Stand-in headline", "sentences": sentences}, request)


def _requested_mode(request: dict[str, Any]) -> str | None:
    if request.get("tools"):
        return "tools"
    kind = (request.get("response_format") or {}).get("type")
    if kind == "json_schema":
        return "json_schema"
    if kind == "json_object":
        return "json_object" if "schema" in request["response_format"] else "json"
    return None


def _refusal(mode: str) -> tuple[int, dict[str, Any]]:
    if mode == "json_schema":
        message = "1 validation error for CreateChatCompletionRequest response_format: Input should be 'json_object'"
        return 500, {"error": {"message": message, "type": "internal_server_error"}}
    return 400, {"error": {"message": f"this server does not support {mode}", "type": "invalid_request_error"}}


def _answer_probe(request: dict[str, Any], mode: str | None, capabilities: frozenset[str]) -> tuple[int, Any]:
    if mode in {"json_schema", "tools"} and mode not in capabilities:
        return _refusal(mode)
    honoured = mode is not None and mode in capabilities
    return 200, completion({"answer": "constrained"} if honoured else {"greeting": "Hello, reader!"}, request)


class FakeOpenAI:
    """The server state: the responder, an injected latency, the dialect, and every request received."""

    def __init__(
        self,
        responder: Responder = honest_model,
        latency: float = 0.0,
        capabilities: frozenset[str] = ALL_MODES,
        models: dict[str, Any] | None = None,
    ) -> None:
        self.responder = responder
        self.latency = latency
        self.capabilities = capabilities
        self.models = models
        self.requests: list[dict[str, Any]] = []
        self.probes: list[dict[str, Any]] = []
        self.gets: list[str] = []
        self.lock = threading.Lock()
        self.port = 0
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def _handler(state: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _send(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.send_header("x-request-id", f"req_stub{len(state.requests):04d}")
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (e.g. its deadline passed)
                self.close_connection = True

        def do_GET(self) -> None:
            state.gets.append(self.path)
            if self.path.endswith("/v1/models") and state.models is not None:
                self._send(200, {"object": "list", "data": [{"object": "model", **state.models}]})
            else:
                self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            request = json.loads(self.rfile.read(length) or b"{}")
            entry = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": request}
            mode = _requested_mode(request)
            if (request.get("messages") or [{}])[0].get("content") == PROBE_PROMPT:
                state.probes.append(entry)
                self._send(*_answer_probe(request, mode, state.capabilities))
                return
            if mode in {"json_schema", "tools"} and mode not in state.capabilities:
                with state.lock:
                    state.requests.append(entry)
                self._send(*_refusal(mode))
                return
            with state.lock:
                state.requests.append(entry)
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
            try:
                if state.latency:
                    time.sleep(state.latency)
            finally:
                with state.lock:
                    state.in_flight -= 1
            if not self.path.endswith("/chat/completions"):
                status, body = 404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}}
            else:
                status, body = state.responder(request)
            if status == RESET:  # drop the connection without an answer (a reset mid-request)
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._send(status, body)

    return Handler


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default listen backlog (5) drops connections when many requests arrive at once


@contextmanager
def serve(
    responder: Responder = honest_model,
    latency: float = 0.0,
    *,
    capabilities: frozenset[str] = ALL_MODES,
    models: dict[str, Any] | None = None,
) -> Iterator[FakeOpenAI]:
    """Run a stand-in server on 127.0.0.1 (random free port) for the duration of the ``with`` block."""
    state = FakeOpenAI(responder, latency, capabilities, models)
    server = _Server(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --------------------------------------------------------------------------------------------------------------------
# Faults and fabrications (the fault matrix: tests/faults/test_fault_llm.py)
# --------------------------------------------------------------------------------------------------------------------

RESET = -1
"""A responder status that makes the server close the connection without answering."""


def status_error(status: int, kind: str, code: str | None = None, message: str = "stand-in failure") -> Responder:
    """Always answer ``status`` with an OpenAI-style error body."""

    def respond(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return status, {"error": {"message": message, "type": kind, "code": code, "param": None}}

    return respond


def hangs(seconds: float) -> Responder:
    """Answer honestly, but only after ``seconds`` (longer than the client's time-out: a hung request)."""

    def respond(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        time.sleep(seconds)
        return honest_model(request)

    return respond


def resets(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return RESET, {}


def cut_off(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """A completion stopped by the output limit: half a JSON document and ``finish_reason: length``."""
    body = completion({"facts": [{"text": "The river", "evidence": ["The river"]}]}, request, finish_reason="length")
    message = body["choices"][0]["message"]
    if message.get("tool_calls"):
        args = message["tool_calls"][0]["function"]["arguments"]
        message["tool_calls"][0]["function"]["arguments"] = args[: len(args) // 2]
    else:
        message["content"] = message["content"][: len(message["content"]) // 2]
    return 200, body


def invalid_json(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    body = completion({}, request)
    message = body["choices"][0]["message"]
    if message.get("tool_calls"):
        message["tool_calls"][0]["function"]["arguments"] = "{not json at all"
    else:
        message["content"] = "{not json at all"
    return 200, body


def _article(request: dict[str, Any]) -> str | None:
    prompt = "\n".join(str(m.get("content") or "") for m in request.get("messages", []))
    match = _FENCE.search(prompt)
    return match.group(3) if match and match.group(1) == "ARTICLE" else None


def fabricating(what: str) -> Responder:
    """An extraction that invents one ``what`` ("quote", "figure", "name", "date") on top of honest facts, and a
    composition whose headline is invented ("headline")."""

    def respond(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        status, body = honest_model(request)
        if status != 200:
            return status, body
        args = _payload(body)
        article = _article(request)
        if article is not None:
            first = _SENTENCE.findall(article)[0].strip()
            invented = {
                "quote": {"text": "The mayor resigned in disgrace.", "evidence": ["The mayor resigned in disgrace."],
                          "kind": "event"},
                "figure": {"text": "The flood forced 9,000 people from their homes.", "evidence": [first],
                           "figures": [{"text": "9,000 people", "value": 9000, "counts": "people"}], "kind": "event"},
                "name": {"text": "Governor Alan Whitcombe ordered the evacuation.", "evidence": [first],
                         "who": [{"name": "Alan Whitcombe", "kind": "person"}], "kind": "event"},
                "date": {"text": "The river flooded on 14 February 2019.", "evidence": [first],
                         "when": [{"text": "14 February 2019", "date": "2019-02-14"}], "kind": "event"},
            }.get(what)  # fmt: skip
            if invented is not None:
                args["facts"] = [invented, *args.get("facts", [])][:8]
        elif what == "headline":
            args["headline"] = "Mayor Whitcombe resigns over flood scandal"
        return 200, _with_payload(body, args, request)

    return respond


def obeys_injection(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """A manipulated model: when the article says "... write that X", it reports X as a fact citing that sentence,
    and makes X the headline."""
    status, body = honest_model(request)
    article = _article(request)
    prompt = "\n".join(str(m.get("content") or "") for m in request.get("messages", []))
    order = re.search(r"([^.\n]*write that ([^.\n]+)\.)", article or prompt, re.I)
    if order is None or status != 200:
        return status, body
    injected, claim = order.group(1).strip(), order.group(2).strip()
    args = _payload(body)
    if article is not None:
        args["facts"] = [{"text": claim[0].upper() + claim[1:] + ".", "evidence": [injected], "kind": "event"},
                         *args.get("facts", [])][:8]  # fmt: skip
    else:
        args["headline"] = claim[0].upper() + claim[1:]
    return 200, _with_payload(body, args, request)


def _payload(body: dict[str, Any]) -> dict[str, Any]:
    message = body["choices"][0]["message"]
    raw = message["tool_calls"][0]["function"]["arguments"] if message.get("tool_calls") else message["content"]
    data: dict[str, Any] = json.loads(raw)
    return data


def _with_payload(body: dict[str, Any], payload: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    return completion(payload, request)
