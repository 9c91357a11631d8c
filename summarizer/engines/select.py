"""Engine selection: build the engine that :class:`~summarizer.engines.base.EngineSettings` asks for.

The LLM engine (the only importer of openai/instructor) is imported lazily, only when it is selected.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from summarizer.engines.base import MODEL_ENV, Engine, EngineSettings
from summarizer.errors import ConfigError, EngineUnavailable
from summarizer.models import EngineInfo


def get_engine(settings: EngineSettings | None = None) -> Engine:
    """Build the engine the settings ask for.

    Raises:
        EngineUnavailable: the LLM engine was selected but cannot be built (no model, missing dependency).
        ConfigError: unknown engine name.
    """
    settings = settings or EngineSettings()
    name = settings.resolved_engine()
    if name == "local":
        from summarizer.engines.local.engine import LocalEngine

        return LocalEngine()
    if name == "openai":
        if not settings.resolved_model():
            raise EngineUnavailable(
                "the openai engine needs a model: pass --model provider:model (e.g. openai:gpt-4.1-mini) "
                f"or set {MODEL_ENV}"
            )
        try:
            from summarizer.engines.llm.engine import LLMEngine
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise EngineUnavailable(f"the openai engine is not available: {exc}") from exc
        return LLMEngine(settings)
    raise ConfigError(f"unknown engine {name!r}: choose 'local' or 'openai'")


def engine_info(engine: Engine) -> EngineInfo:
    """What the brief records about the engine: name, model, usage and (LLM engine) the structured-output mode."""
    return EngineInfo(
        name=engine.name,
        model=engine.model,
        usage=engine.usage(),
        mode=getattr(engine, "mode", None),
        mode_reason=getattr(engine, "mode_reason", None),
    )


def get_checker(
    kind: str | None = None,
    model: str | None = None,
    settings: EngineSettings | None = None,
    *,
    engine: Engine | None = None,
) -> Any:
    """The sentence-support checker ``kind`` asks for: ``"lexical"`` (deterministic) or ``"llm"`` (the lexical
    checker's hard rules, then a model judge; ``model`` as ``provider:model``, else the engine's model).

    ``None`` picks by ``engine`` when one is given (``llm`` for the LLM engine, ``lexical`` for the local one), else
    ``llm`` when a model is configured, else ``lexical``. The llm checker reuses ``engine`` (its cache and usage
    meter) when no other ``model`` is asked for; with ``model`` it gets an endpoint of its own built from
    ``settings`` (mode, time-out, cache; the base URL too when the provider is the engine's, else that provider's
    default endpoint or ``OPENAI_BASE_URL``).

    Returns:
        A :class:`~summarizer.check.support.LexicalSupportChecker` or
        :class:`~summarizer.check.judge.JudgedSupportChecker` (both have ``check``; the judged one ``check_many``
        and ``check_cited``).

    Raises:
        ConfigError: unknown kind. EngineUnavailable: ``llm`` without a model.
    """
    settings = settings or EngineSettings()
    kind = checker_kind(kind, model, settings, engine=engine)
    shared = _shared_engine(model, engine)
    model = _judge_model(model, shared, settings)
    if kind == "lexical":
        from summarizer.check.support import LexicalSupportChecker

        return LexicalSupportChecker()
    if kind != "llm":
        raise ConfigError(f"unknown checker {kind!r}: choose 'lexical' or 'llm'")
    if not model:
        raise EngineUnavailable(
            f"the llm checker needs a model: pass --checker-model provider:model or set {MODEL_ENV}"
        )
    try:
        from summarizer.check.judge import JudgedSupportChecker
        from summarizer.engines.llm.engine import LLMEngine
        from summarizer.engines.llm.judge import LLMJudge
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EngineUnavailable(f"the llm checker is not available: {exc}") from exc
    if isinstance(shared, LLMEngine):
        return JudgedSupportChecker(LLMJudge(shared))
    engine_model = (engine.model if engine is not None else None) or settings.resolved_model() or ""
    same_provider = engine_model.split(":", 1)[0] == model.split(":", 1)[0]
    # another provider's judge (ollama:..., vllm:...) is at that provider's endpoint, not at the engine's --base-url
    base_url = settings.base_url if same_provider else None
    judge_engine = LLMEngine(dataclasses.replace(settings, model=model, engine="openai", base_url=base_url))
    return JudgedSupportChecker(LLMJudge(judge_engine))


def _shared_engine(model: str | None, engine: Engine | None) -> Engine | None:
    """The engine an llm checker reuses: the LLM engine itself, when no other model is asked for."""
    return engine if engine is not None and engine.name == "openai" and not model else None


def checker_kind(
    kind: str | None = None,
    model: str | None = None,
    settings: EngineSettings | None = None,
    *,
    engine: Engine | None = None,
) -> str:
    """The kind of checker :func:`get_checker` builds for these arguments (``"lexical"``, ``"llm"``, or ``kind`` as
    given when it is neither), without building it or importing its module."""
    if kind is None and engine is not None:
        kind = "llm" if engine.name == "openai" or model else "lexical"
    if kind:
        return kind
    return "llm" if _judge_model(model, _shared_engine(model, engine), settings or EngineSettings()) else "lexical"


def _judge_model(model: str | None, shared: Engine | None, settings: EngineSettings) -> str | None:
    """The model an llm checker would ask: ``model``, else the shared engine's, else the configured one."""
    return model or (shared.model if shared is not None else None) or settings.resolved_model()


def checker_info(checker: Any) -> EngineInfo:
    """What the brief records about its sentence checker: ``lexical`` (no model), or ``llm`` with the judge's model
    and the usage of its calls (also counted in its engine's usage)."""
    judge = getattr(checker, "judge", None)
    if judge is None:
        return EngineInfo(name="lexical")
    return EngineInfo(name="llm", model=getattr(judge, "model", None), usage=getattr(judge, "usage", None))
