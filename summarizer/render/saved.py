"""Saved briefs read back: :func:`load_brief` turns a file written by ``summarize brief --format json`` into a
:class:`~summarizer.models.Brief` again (public as ``summarizer.load_brief``; ``summarize review`` uses it)."""

from __future__ import annotations

import os

from summarizer.errors import InputError, UnreadableSource
from summarizer.ingest.sources import max_bytes_default, read_bounded
from summarizer.models import Brief


def load_brief(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Brief:
    """The brief saved as JSON at ``path`` (read like an input: a regular file, size-capped, UTF-8 with or without
    a BOM).

    Raises:
        MissingSource: there is no such file.
        UnreadableSource: it cannot be read, is not a regular file, is over the size cap, or is not UTF-8.
        InputError: it is not a summarizer JSON brief (the first validation problem is named).
    """
    name = os.fspath(path)
    cap = max_bytes if max_bytes is not None else 4 * max_bytes_default()  # a brief embeds converted texts
    data = read_bounded(name, cap)  # regular files only: a FIFO or a device is refused, not waited on
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableSource(name, f"is not UTF-8 text ({exc.reason})") from exc
    try:
        return Brief.model_validate_json(raw)
    except ValueError as exc:
        raise InputError(name, f"is not a summarizer JSON brief ({str(exc).splitlines()[0]})") from exc
