"""Engines: what turns articles into facts and facts into draft sentences.

``base`` declares the :class:`Engine` protocol and its settings, ``select`` builds one; ``local/`` is the deterministic
engine (no model), ``llm/`` the engine for any OpenAI-compatible endpoint (the only package importing openai and
instructor). Everything an engine returns is checked by :mod:`summarizer.check` before it reaches a brief.
"""

from summarizer.engines.base import ArticleByArticle, Engine, EngineSettings, extract_each
from summarizer.engines.select import engine_info, get_engine

__all__ = ["ArticleByArticle", "Engine", "EngineSettings", "engine_info", "extract_each", "get_engine"]
