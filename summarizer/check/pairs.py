"""``summarize check --pairs``: check every row of a JSONL file of claims, for pipelines.

This module owns the row contract and its failure modes:

* a row is a JSON object with ``claim`` (a string) and either ``source`` (the source text, a string) or
  ``source_path`` (a file, read like a ``brief`` input; relative paths resolve against the JSONL file's folder, or the
  current folder for stdin); ``id`` is optional (string, number or null);
* every line is checked: a line that is not JSON, not an object, lacks a field or has a field of the wrong type
  becomes an **error row** (``"label": "error"``, ``"line"``, ``"reason"``) and the next line is checked;
* the file is read as bytes, line by line (bounded memory); a UTF-8 BOM is skipped; a line that is not UTF-8 is
  decoded as cp1252 and its row says so (``"note"``); a UTF-16 file (BOM) is decoded whole;
* :class:`PairsSummary` counts rows and gives the exit code: 0 every row supported, 1 some claim not supported,
  3 some row was bad input (2 is left to usage errors of the command line).
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from summarizer.check.support import check_claim
from summarizer.errors import ExitCode, InputError
from summarizer.ingest.sources import max_bytes_default, read_source
from summarizer.models import SupportResult

__all__ = ["PairsSummary", "check_pair_lines"]

_ID_TYPES = (str, int, float, type(None))


@dataclass
class PairsSummary:
    """Counts over the rows written so far."""

    rows: int = 0
    supported: int = 0
    unsupported: int = 0
    errors: int = 0

    def exit_code(self) -> ExitCode:
        """3 when any row was bad input (or there were no rows), else 1 when any claim is unsupported, else 0."""
        if self.errors or not self.rows:
            return ExitCode.INPUT
        return ExitCode.UNSUPPORTED if self.unsupported else ExitCode.OK


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes]]:
    first = stream.readline(max_bytes + 1)
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        rest = stream.read(max_bytes * 64)
        text = (first + rest).decode("utf-16", "replace")
        for n, decoded in enumerate(text.splitlines(), 1):
            yield n, decoded.encode("utf-8")
        return
    if first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8) :]
    n = 1
    raw = first
    while raw:
        yield n, raw
        n += 1
        raw = stream.readline(max_bytes + 1)


def _error(n: int, row_id: Any, reason: str) -> dict[str, Any]:
    return {
        "id": row_id,
        "line": n,
        "supported": None,
        "score": None,
        "label": "error",
        "reason": reason,
        "evidence": [],
    }


def _row(n: int, raw: bytes, base_dir: str, max_bytes: int) -> dict[str, Any] | _Pending | None:
    note = None
    if len(raw) > max_bytes:
        return _error(n, None, f"line is over the {max_bytes}-byte cap")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        line = raw.decode("cp1252", "replace")
        note = "line is not UTF-8; read as cp1252"
    if not line.strip():
        return None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(n, None, f"not JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(row, dict):
        return _error(n, None, f"a row must be a JSON object, not {type(row).__name__}")
    row_id = row.get("id")
    if not isinstance(row_id, _ID_TYPES) or isinstance(row_id, bool):
        return _error(n, None, f"'id' must be a string or a number, not {type(row_id).__name__}")
    claim = row.get("claim")
    if not isinstance(claim, str):
        what = "missing" if "claim" not in row else f"a {type(claim).__name__}, not a string"
        return _error(n, row_id, f"'claim' is {what}")
    if not claim.strip():
        return _error(n, row_id, "'claim' is empty")
    has_text, has_path = "source" in row, "source_path" in row
    if has_text == has_path:
        return _error(n, row_id, "give exactly one of 'source' (the text) or 'source_path' (a file)")
    if has_text:
        source = row["source"]
        if not isinstance(source, str):
            return _error(n, row_id, f"'source' is a {type(source).__name__}, not a string")
        if not source.strip():
            return _error(n, row_id, "'source' is empty")
    else:
        path = row["source_path"]
        if not isinstance(path, str) or not path:
            return _error(n, row_id, "'source_path' must be a non-empty string")
        full = path if os.path.isabs(path) else os.path.join(base_dir, path)
        try:
            article = read_source(full, "S1", max_bytes=max_bytes)
        except InputError as exc:
            return _error(n, row_id, f"source_path {path}: {exc.detail}")
        source = article.text
        if article.notes:
            note = "; ".join(filter(None, [note, *article.notes]))
    return _Pending(n, row_id, claim, source, note)


@dataclass
class _Pending:
    """A valid row waiting for its verdict."""

    n: int
    row_id: Any
    claim: str
    source: str
    note: str | None


def _verdict_row(p: _Pending, result: SupportResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": p.row_id,
        "line": p.n,
        "supported": result.supported,
        "score": result.score,
        "label": result.label.value,
        "reason": result.reason,
        "evidence": [{"start": s.start, "end": s.end, "quote": s.quote} for s in result.evidence],
    }
    if p.note:
        out["note"] = p.note
    return out


def _verdicts(pending: list[_Pending], checker: Any) -> list[dict[str, Any]]:
    if checker is None:
        return [_verdict_row(p, check_claim(p.source, p.claim)) for p in pending]
    if hasattr(checker, "check_many"):
        results = checker.check_many([(p.claim, p.source) for p in pending])
        return [_verdict_row(p, r) for p, r in zip(pending, results, strict=True)]
    return [_verdict_row(p, checker.check(p.claim, p.source)) for p in pending]


def check_pair_lines(
    stream: BinaryIO,
    *,
    name: str = "-",
    summary: PairsSummary | None = None,
    max_bytes: int | None = None,
    checker: Any = None,
    batch: int = 16,
) -> Iterable[dict[str, Any]]:
    """Yield one output row per non-blank input line of ``stream`` (bytes), updating ``summary``. Offsets in
    ``evidence`` index the row's source text (``source``, or the decoded ``source_path`` file). ``checker`` (a
    :class:`~summarizer.check.support.SupportChecker`; default the lexical one) judges row by row; one with
    ``check_many`` (the llm judge) gets ``batch`` rows at a time, rows still written in input order."""
    cap = max_bytes or max_bytes_default()
    base_dir = os.getcwd() if name == "-" else os.path.dirname(os.path.abspath(name))
    summary = summary if summary is not None else PairsSummary()
    size = batch if hasattr(checker, "check_many") else 1
    queue: list[dict[str, Any] | _Pending] = []
    for n, raw in _lines(stream, cap):
        row = _row(n, raw, base_dir, cap)
        if row is None:
            continue
        queue.append(row)
        waiting = sum(isinstance(r, _Pending) for r in queue)
        if waiting >= size or not waiting:  # error rows are not held back behind nothing
            yield from _drain(queue, checker, summary)
    yield from _drain(queue, checker, summary)


def _drain(queue: list[dict[str, Any] | _Pending], checker: Any, summary: PairsSummary) -> Iterator[dict[str, Any]]:
    pending = [r for r in queue if isinstance(r, _Pending)]
    done = iter(_verdicts(pending, checker)) if pending else iter(())
    rows = [next(done) if isinstance(r, _Pending) else r for r in queue]
    queue.clear()
    for out in rows:
        summary.rows += 1
        if out["label"] == "error":
            summary.errors += 1
        elif out["supported"]:
            summary.supported += 1
        else:
            summary.unsupported += 1
        yield out
