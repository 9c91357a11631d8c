"""Saved briefs read back: :func:`load_brief` turns a file written by ``summarize brief --format json`` into a
:class:`~summarizer.models.Brief` again (public as ``summarizer.load_brief``; ``summarize review`` uses it)."""

from __future__ import annotations

import os
from pathlib import Path

from summarizer.errors import InputError, MissingSource, UnreadableSource
from summarizer.models import Brief


def load_brief(path: str | os.PathLike[str]) -> Brief:
    """The brief saved as JSON at ``path``.

    Raises:
        MissingSource: there is no such file.
        UnreadableSource: it cannot be read, or is not UTF-8.
        InputError: it is not a summarizer JSON brief (the first validation problem is named).
    """
    name = os.fspath(path)
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise MissingSource(name, "no such file") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableSource(name, f"is not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise UnreadableSource(name, exc.strerror or "cannot be read") from exc
    try:
        return Brief.model_validate_json(raw)
    except ValueError as exc:
        raise InputError(name, f"is not a summarizer JSON brief ({str(exc).splitlines()[0]})") from exc
