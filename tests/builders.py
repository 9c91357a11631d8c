"""Small builders for tests: an Article from text without touching the file system."""

from __future__ import annotations

import datetime as dt
import hashlib

from summarizer.models import Article


def article(text: str, source_id: str = "S1", *, published: dt.date | None = None, title: str | None = None) -> Article:
    return Article(
        id=source_id,
        path=f"{source_id}.txt",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        encoding="utf-8",
        published=published,
        title=title,
    )
