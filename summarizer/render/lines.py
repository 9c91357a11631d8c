"""The ``render`` stage for streams: JSON Lines, one story per line, then the run summary.

``summarize brief --format jsonl`` writes, as soon as each story is composed and checked, one
:class:`~summarizer.models.StoryLine` (``{"type": "story", "schema_version": 1, "story": {...}, "sources": [...]}``:
the story exactly as in the JSON brief, and every source it lists, with the ``text`` its offsets index when that is
not the file as decoded), then one :class:`~summarizer.models.RunSummary` (``{"type": "summary", "exit_code", "engine",
"checker", "usage", "stories", "sentences", "sources", "rejected", "warnings", "errors"}``, the ``sources`` being
those no story line carried) as the last line, or in a file of its own. Each line is the model's JSON made inert
like the JSON format (:func:`~summarizer.render.markdown.json_inert`): ``json.loads`` of each line gives the stored
data back.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from summarizer.errors import InputError
from summarizer.models import Brief, EngineInfo, FileError, RunSummary, Source, Story, StoryLine
from summarizer.render.markdown import json_inert

__all__ = ["failed_summary", "story_line", "summary_line"]


def story_line(story: Story, sources: Sequence[Source]) -> str:
    """One story line (no newline)."""
    return json_inert(StoryLine(story=story, sources=list(sources)).model_dump_json())


def summary_line(brief: Brief, *, carried: Collection[str], exit_code: int) -> str:
    """The summary line of ``brief`` after its story lines; ``carried`` are the source ids they carried."""
    summary = RunSummary(
        exit_code=exit_code,
        engine=brief.engine,
        checker=brief.checker,
        usage=brief.engine.usage,
        stories=len(brief.stories),
        sentences=sum(len(s.sentences) for s in brief.stories),
        sources=[s for s in brief.sources if s.id not in carried],
        rejected=brief.rejected,
        warnings=brief.warnings,
        errors=brief.errors,
    )
    return json_inert(summary.model_dump_json())


def failed_summary(errors: Sequence[InputError], engine: EngineInfo, *, exit_code: int) -> str:
    """The summary line of a run in which no input could be used (no story line came before it)."""
    summary = RunSummary(
        exit_code=exit_code,
        engine=engine,
        errors=[FileError(path=e.path, problem=e.problem, message=e.detail) for e in errors],
    )
    return json_inert(summary.model_dump_json())
