"""The engine interface both engines implement, and engine selection.

An engine does two things: :meth:`Engine.extract` fills :class:`~summarizer.models.Extraction` (facts with evidence
spans) from one article, and :meth:`Engine.compose` writes a :class:`~summarizer.models.ComposedStory` from a
:class:`~summarizer.models.StoryPlan` of verified facts. Everything else (alignment, verification, grouping,
conflicts, rendering) is shared and lives in its own stage module.

This module never imports openai or instructor: the LLM engine is loaded lazily from :mod:`summarizer.llm`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from .errors import ConfigError, EngineUnavailable
from .models import Article, ComposedStory, EngineInfo, Extraction, StoryPlan, Usage

EngineName = Literal["local", "openai"]
MODEL_ENV = "SUMMARIZER_MODEL"


@runtime_checkable
class Engine(Protocol):
    """What the pipeline needs from an engine."""

    name: str
    model: str | None

    def extract(self, article: Article) -> Extraction:
        """Facts of one article, every fact with evidence spans into ``article.text``."""
        ...

    def compose(self, plan: StoryPlan) -> ComposedStory:
        """A headline and draft sentences for one story; each sentence names the facts it rests on."""
        ...

    def usage(self) -> Usage | None:
        """Token usage so far (None for engines that use no model)."""
        ...


@dataclass
class EngineSettings:
    """How to build an engine. CLI options and environment variables end up here."""

    engine: EngineName | None = None
    model: str | None = None  # "provider:model", e.g. "openai:gpt-4.1-mini"
    base_url: str | None = None
    mode: str | None = None  # instructor mode override: "tools" | "json_schema" | "json"
    max_reasks: int = 2
    concurrency: int = 4
    timeout: float = 120.0  # per-article deadline, seconds
    cache_dir: str | None = None
    no_cache: bool = False
    progress: bool = False
    verbose: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def resolved_model(self) -> str | None:
        return self.model or os.environ.get(MODEL_ENV) or None

    def resolved_engine(self) -> EngineName:
        """``--engine`` if given; else the LLM engine when a model is configured; else local."""
        if self.engine is not None:
            return self.engine
        return "openai" if self.resolved_model() else "local"


def get_engine(settings: EngineSettings | None = None) -> Engine:
    """Build the engine the settings ask for.

    Raises:
        EngineUnavailable: the LLM engine was selected but cannot be built (no model, missing dependency).
        ConfigError: unknown engine name.
    """
    settings = settings or EngineSettings()
    name = settings.resolved_engine()
    if name == "local":
        from .local import LocalEngine

        return LocalEngine()
    if name == "openai":
        if not settings.resolved_model():
            raise EngineUnavailable(
                "the openai engine needs a model: pass --model provider:model (e.g. openai:gpt-4.1-mini) "
                f"or set {MODEL_ENV}"
            )
        try:
            from .llm import LLMEngine
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise EngineUnavailable(f"the openai engine is not available: {exc}") from exc
        return LLMEngine(settings)
    raise ConfigError(f"unknown engine {name!r}: choose 'local' or 'openai'")


def engine_info(engine: Engine) -> EngineInfo:
    return EngineInfo(name=engine.name, model=engine.model, usage=engine.usage())
