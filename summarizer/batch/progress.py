"""The progress bar of a long run, on standard error: articles done, stories done, time left.

Shown only when asked for (the command line asks when standard error is a terminal), so that logs and pipes stay
clean; rich is imported only then.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

MIN_ITEMS = 50  # fewer articles than this finish too fast for a bar to help


class RunProgress:
    """Two bars (articles, stories) with counts and an ETA; every method is a no-op when disabled."""

    def __init__(self, enabled: bool, articles: int) -> None:
        self._bar: Any = None
        self._articles: Any = None
        self._stories: Any = None
        if not enabled or articles < MIN_ITEMS or sys.stderr is None:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._articles = self._bar.add_task("articles", total=articles)

    def __enter__(self) -> RunProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()

    def article_done(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._articles)

    def stories(self, total: int) -> None:
        if self._bar is not None:
            self._stories = self._bar.add_task("stories", total=total)

    def story_done(self) -> None:
        if self._bar is not None and self._stories is not None:
            self._bar.advance(self._stories)
