"""The engine interface both engines implement (:class:`Engine`) and the settings that build one.

An engine does two things: :meth:`Engine.extract_all` fills one :class:`~summarizer.models.Extraction` (facts with
evidence spans) per article, and :meth:`Engine.compose` writes a :class:`~summarizer.models.ComposedStory` from a
:class:`~summarizer.models.StoryPlan` of verified facts. An engine that works one article at a time subclasses
:class:`ArticleByArticle` (it only writes :meth:`~Engine.extract`); one that batches (the LLM engine runs articles
concurrently) writes ``extract_all`` itself. Everything else (alignment, verification, grouping, conflicts,
rendering) is shared and lives in its own stage module; the pipeline checks every span an engine returns.

Two optional attributes tell the pipeline how it may run an engine: ``runs_in_workers = True`` (the engine is
stateless and picklable, so the per-article and per-story work may run in worker processes or on a Dask cluster:
the local engine) and ``cache_identity()`` (a JSON-able value naming the engine and the code behind its results, so
the pipeline may cache per-article and per-story results under it, see :mod:`summarizer.engines.cache`). An engine
without them (the LLM engine: one HTTP client, one usage meter, its own answer cache) runs in the main process.

Selection lives in :mod:`summarizer.engines.select`; this module imports no engine.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from summarizer.errors import ArticleFailed
from summarizer.models import Article, ComposedStory, Extraction, StoryPlan, Usage

EngineName = Literal["local", "openai"]
MODEL_ENV = "SUMMARIZER_MODEL"


@runtime_checkable
class Engine(Protocol):
    """What the pipeline needs from an engine."""

    name: str
    model: str | None

    def extract(self, article: Article) -> Extraction:
        """Facts of one article, every fact with evidence spans into ``article.text``.

        Raises:
            ArticleFailed: this article could not be processed (the batch goes on without it).
        """
        ...

    def extract_all(self, articles: Sequence[Article]) -> list[Extraction | ArticleFailed]:
        """One :class:`Extraction` or :class:`ArticleFailed` per article, in input order (what the pipeline calls)."""
        ...

    def compose(self, plan: StoryPlan) -> ComposedStory:
        """A headline and draft sentences for one story; each sentence names the facts it rests on."""
        ...

    def usage(self) -> Usage | None:
        """Token usage so far (None for engines that use no model)."""
        ...


def extract_each(engine: Engine, articles: Sequence[Article]) -> list[Extraction | ArticleFailed]:
    """``engine.extract`` on each article in turn; an article that fails is returned as its :class:`ArticleFailed`."""
    out: list[Extraction | ArticleFailed] = []
    for article in articles:
        try:
            out.append(engine.extract(article))
        except ArticleFailed as failed:
            out.append(failed)
    return out


class ArticleByArticle:
    """Base for engines that extract one article at a time: supplies :meth:`Engine.extract_all` (see
    :func:`extract_each`). Subclasses set ``name`` and ``model`` and write ``extract``, ``compose`` and ``usage``."""

    name: str
    model: str | None = None

    def extract(self, article: Article) -> Extraction:
        raise NotImplementedError

    def extract_all(self, articles: Sequence[Article]) -> list[Extraction | ArticleFailed]:
        return extract_each(self, articles)

    def compose(self, plan: StoryPlan) -> ComposedStory:
        raise NotImplementedError

    def usage(self) -> Usage | None:
        return None


@dataclass
class EngineSettings:
    """How to build an engine. CLI options and environment variables end up here."""

    engine: EngineName | None = None
    model: str | None = None  # "provider:model", e.g. "openai:gpt-4.1-mini"
    base_url: str | None = None
    mode: str | None = None  # structured-output mode: "auto" | "tools" | "json_schema" | "json_object" | "json" | ...
    max_reasks: int = 2
    concurrency: int | None = None  # None: what the server reports (1 for llama.cpp-family servers, else 4)
    timeout: float = 120.0  # per-article deadline, seconds, counted from when the article's first request is sent
    queue_timeout: float | None = None  # seconds an article may wait for a free request slot (None: no limit)
    context_tokens: int | None = None  # the server's context window (None: from /v1/models when it says, else 8192)
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
