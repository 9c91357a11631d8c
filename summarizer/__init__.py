"""summarizer: neutral multi-source news briefs in which every sentence cites the exact source span it rests on.

Public API::

    from summarizer import brief
    b = brief(["a.txt", "b.txt"])          # -> summarizer.models.Brief
    print(b.model_dump_json())             # exactly what `summarize brief --format json` prints
"""

from __future__ import annotations

from summarizer.errors import (
    ConfigError,
    EngineUnavailable,
    ExitCode,
    InputError,
    NoUsableSources,
    ServiceError,
    SummarizerError,
)
from summarizer.models import Brief, Citation, Fact, Span, Story

__version__ = "0.1.0"

__all__ = [
    "Brief",
    "Citation",
    "ConfigError",
    "EngineUnavailable",
    "ExitCode",
    "Fact",
    "InputError",
    "NoUsableSources",
    "ServiceError",
    "Span",
    "Story",
    "SummarizerError",
    "__version__",
    "brief",
]


def __getattr__(name: str) -> object:
    # `brief` is imported lazily so that `import summarizer` stays cheap (no trafilatura/rapidfuzz at import).
    if name == "brief":
        from summarizer.pipeline import brief

        return brief
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
