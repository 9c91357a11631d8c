"""Checking claims against sources: the library side of ``summarize check`` (public as ``summarizer.check_claim``,
``summarizer.check_pairs`` and ``summarizer.read_pairs``).

The support checker itself lives in :mod:`summarizer.check.support`; this module reads the inputs the way the rest of
the library does (a source file through :mod:`summarizer.ingest.sources`, so offsets index the text as read; a JSONL
file of pairs with a typed error per bad line) and hands them to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, BinaryIO

from summarizer.check.judge import JudgedSupportChecker
from summarizer.check.pairs import PairsSummary, check_pair_lines
from summarizer.check.support import LexicalSupportChecker, SupportChecker
from summarizer.check.support import check_pairs as _check_pairs
from summarizer.errors import InputError, UnreadableSource
from summarizer.ingest.sources import open_regular, parse_size, read_source
from summarizer.models import SupportResult

__all__ = [
    "PairsSummary",
    "check_claim",
    "check_pair_lines",
    "check_pairs",
    "open_pair_lines",
    "open_pairs",
    "parse_size",
    "read_pairs",
]


def check_claim(
    source: str | os.PathLike[str], claim: str, *, max_bytes: int | None = None, checker: SupportChecker | None = None
) -> SupportResult:
    """Does ``claim`` follow from the article at path ``source`` (read like a ``brief`` input, at most ``max_bytes``)?
    ``checker`` judges it (default: the lexical checker, with the article's dates resolved against its publication
    date; see ``summarizer.engines.select.get_checker`` for the llm judge).

    Returns:
        The verdict (label, score, reason) with the supporting spans as offsets into the article's text as read
        (for HTML, into the converted text).

    Raises:
        InputError: the source cannot be read (missing, empty, binary, undecodable...).
    """
    article = read_source(os.fspath(source), "S1", max_bytes=max_bytes)
    if checker is None:
        return LexicalSupportChecker().check_article(claim, article)
    if isinstance(checker, JudgedSupportChecker):
        return checker.check(claim, article.text, source_id=article.id, published=article.published)
    return checker.check(claim, article.text, source_id=article.id)


def check_pairs(rows: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """For rows ``{"id", "source", "claim"}`` (source as text) yield ``{"id", "supported", "score", "label",
    "reason", "evidence": [{"start", "end", "quote"}]}`` with offsets into that row's ``source``."""
    return _check_pairs(rows)


def read_pairs(stream: IO[str], name: str) -> Iterator[dict[str, Any]]:
    """The rows of a JSONL stream of pairs (blank lines skipped); ``name`` is how errors refer to it.

    Raises:
        InputError: a line is not JSON, or not an object with the keys 'source' and 'claim'.
    """
    try:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(name, f"line {n} is not JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or "source" not in row or "claim" not in row:
                raise InputError(name, f"line {n} needs the keys 'source' and 'claim'")
            yield row
    except UnicodeDecodeError as exc:
        raise UnreadableSource(name, f"is not UTF-8 text ({exc.reason})") from exc


def open_pairs(path: str) -> IO[str]:
    """Open a JSONL file of pairs for :func:`read_pairs` (UTF-8).

    Raises:
        InputError: it cannot be opened.
    """
    import io

    return io.TextIOWrapper(open_regular(path), encoding="utf-8")


def open_pair_lines(path: str) -> contextlib.AbstractContextManager[BinaryIO]:
    """The bytes of a JSONL file of pairs for :func:`check_pair_lines` (``-`` = standard input), opened without
    blocking on a FIFO; only a regular file is opened.

    Raises:
        InputError: it is missing or not a regular file.
    """
    if path == "-":
        return contextlib.nullcontext(sys.stdin.buffer)
    return open_regular(path)
