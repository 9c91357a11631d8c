"""summarizer: neutral multi-source news briefs in which every sentence cites the exact source span it rests on.

Public API::

    from summarizer import brief
    b = brief(["a.txt", "b.txt"])          # -> summarizer.models.Brief
    print(b.model_dump_json())             # exactly what `summarize brief --format json` prints

    summarizer.check_claim("a.txt", "The bridge was closed.")   # -> SupportResult (label, score, spans)
    summarizer.check_pairs([{"id": 1, "source": "...", "claim": "..."}])   # -> iterator of verdict dicts
    summarizer.load_brief("brief.json")    # a saved JSON brief back as a Brief
    brief(["feed.jsonl", "wires/"])        # JSON Lines articles, directories (summarizer.ingest.batch)
    brief(records=[{"id": "a1", "text": "...", "published": "2024-01-21"}])
    summarizer.read_inputs(["feed.jsonl"]) # -> (articles, errors): the read stage alone

``brief(..., engine="local"|"openai"|Engine, settings=EngineSettings(...), on_stage=callback)``; the ``summarize``
command uses only these names plus :mod:`summarizer.render`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.errors import (
    ConfigError,
    EngineUnavailable,
    ExitCode,
    InputError,
    NoUsableSources,
    ServiceError,
    SummarizerError,
)

if TYPE_CHECKING:  # the names `__getattr__` imports on first use, for type checkers
    from summarizer.claims import (
        PairsSummary,
        check_claim,
        check_pair_lines,
        check_pairs,
        open_pair_lines,
        open_pairs,
        parse_size,
        read_pairs,
    )
    from summarizer.engines.base import EngineSettings
    from summarizer.ingest.batch import input_files, read_inputs, read_path_list
    from summarizer.models import Brief, Citation, Fact, Span, StageStats, Story, SupportResult
    from summarizer.pipeline import brief
    from summarizer.render.saved import load_brief

__version__ = "0.1.0"

__all__ = [
    "Brief",
    "Citation",
    "ConfigError",
    "EngineSettings",
    "EngineUnavailable",
    "ExitCode",
    "Fact",
    "InputError",
    "NoUsableSources",
    "PairsSummary",
    "ServiceError",
    "Span",
    "StageStats",
    "Story",
    "SummarizerError",
    "SupportResult",
    "__version__",
    "brief",
    "check_claim",
    "check_pair_lines",
    "check_pairs",
    "input_files",
    "load_brief",
    "open_pair_lines",
    "open_pairs",
    "parse_size",
    "read_inputs",
    "read_pairs",
    "read_path_list",
]

# Imported lazily so that `import summarizer` stays cheap: no pydantic, trafilatura, rapidfuzz, jinja2 or model SDK
# at import (tests/test_imports.py); each name is imported on first use.
_LAZY = {
    "Brief": "summarizer.models",
    "Citation": "summarizer.models",
    "Fact": "summarizer.models",
    "Span": "summarizer.models",
    "StageStats": "summarizer.models",
    "Story": "summarizer.models",
    "SupportResult": "summarizer.models",
    "brief": "summarizer.pipeline",
    "check_claim": "summarizer.claims",
    "check_pair_lines": "summarizer.claims",
    "open_pair_lines": "summarizer.claims",
    "PairsSummary": "summarizer.claims",
    "parse_size": "summarizer.claims",
    "check_pairs": "summarizer.claims",
    "open_pairs": "summarizer.claims",
    "read_pairs": "summarizer.claims",
    "load_brief": "summarizer.render.saved",
    "EngineSettings": "summarizer.engines.base",
    "input_files": "summarizer.ingest.batch",
    "read_inputs": "summarizer.ingest.batch",
    "read_path_list": "summarizer.ingest.batch",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
