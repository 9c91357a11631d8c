"""Small builders for tests: an Article from text without touching the file system."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from summarizer.models import Article


def article(
    text: str,
    source_id: str = "S1",
    *,
    published: dt.date | None = None,
    title: str | None = None,
    path: str | None = None,
    **fields: Any,
) -> Article:
    """An Article of ``text`` (UTF-8, hashed like a file of those bytes); ``fields`` sets any other Article field."""
    return Article(
        id=source_id,
        path=path or f"{source_id}.txt",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        encoding="utf-8",
        published=published,
        title=title,
        **fields,
    )
