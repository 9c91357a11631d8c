"""Batch inputs: path lists, directories and JSON Lines articles, read into articles with one error per bad input.

This module owns what a pipeline hands the tool, beyond single files (:mod:`summarizer.ingest.sources` reads those):

* **path lists** (``--files-from LIST``, ``-`` = standard input): one path per line, as written (relative paths are
  relative to the current directory); blank lines and lines starting with ``#`` (after leading blanks) are skipped,
  so a path that starts with ``#`` is written ``./#name``. Lines are UTF-8 (undecodable bytes are kept as they are
  in file names); a trailing ``\\r`` is dropped.
* **directories**: a directory argument names the regular files under it, recursively, whose name matches the
  pattern (:data:`DEFAULT_PATTERN`, comma-separated shell globs, case-insensitive), in sorted order (by path
  component). Hidden entries (a name starting with ``.``) and symbolic links under it are never read, nor entered:
  only what the user named is read (a symlink given as an argument, or in a list, is followed as before). A directory
  without a matching file, or one that cannot be listed, is an error of its own; the rest go on.
* **JSON Lines articles**: an argument ending in ``.jsonl`` (or every argument, with ``input_format="jsonl"``) holds
  one article per line, ``{"id", "title", "text", "published", "publisher", "url", "authors"}``, all optional except
  ``text``; other fields are ignored, ``null`` is the same as absent, blank lines are skipped. Given metadata wins over
  what the layout analysis reads from the text (a parsed metadata span that disagrees with it is dropped). Offsets
  index the given ``text`` (the source carries it: ``Source.text``). A record is named by its ``id`` (``Source.path``),
  else ``feed.jsonl#17`` (the 1-based line); ``Source.origin`` is always ``feed.jsonl#17``. A bad record (not JSON,
  not an object, no text, a field of the wrong type, a text over the size cap, an id used twice) is a
  :class:`~summarizer.errors.BadRecord` naming the line (and the id); the other records go on.

Inputs are expanded lazily (:func:`iter_inputs`: paths and records, in order, with the errors found on the way),
each read on its own (:func:`read_item`), then de-duplicated in order (:class:`~summarizer.ingest.sources.Seen`):
:func:`read_inputs` does the three in one process.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Literal

from summarizer.errors import (
    BadRecord,
    ConfigError,
    EmptySource,
    InputError,
    UnreadableSource,
)
from summarizer.ingest.sources import (
    STDIN,
    Seen,
    article_from_text,
    max_bytes_default,
    open_regular,
    read_source,
)
from summarizer.models import Article
from summarizer.text.regex import lazy_compile

__all__ = [
    "DEFAULT_PATTERN",
    "InputFormat",
    "Record",
    "article_from_record",
    "input_files",
    "iter_inputs",
    "iter_jsonl",
    "parse_pattern",
    "read_inputs",
    "read_item",
    "read_path_list",
    "record_name",
    "walk_directory",
]

DEFAULT_PATTERN = "*.txt,*.md,*.markdown,*.html,*.htm,*.jsonl"
"""The files a directory argument names: text, Markdown, HTML and JSON Lines feeds."""

InputFormat = Literal["auto", "jsonl"]
JSONL_SUFFIX = ".jsonl"
RECORD_FIELDS = ("id", "title", "text", "published", "publisher", "url", "authors")


@dataclass(frozen=True)
class Record:
    """One JSON Lines article as parsed: ``origin`` is ``feed.jsonl#17`` (file and 1-based line), ``data`` the
    decoded JSON value (checked by :func:`article_from_record`)."""

    origin: str
    data: Any


Item = str | Record
"""What :func:`iter_inputs` yields besides errors: a file path (or ``-``) to read, or a parsed record."""


# --------------------------------------------------------------------------------------------------------------------
# Path lists and directories
# --------------------------------------------------------------------------------------------------------------------


def read_path_list(name: str, *, stdin: BinaryIO | None = None) -> list[str]:
    """The paths listed in the file ``name`` (``-`` = standard input), one per line; blank lines and ``#`` comments
    skipped. Raises :class:`~summarizer.errors.MissingSource` or :class:`UnreadableSource` when the list cannot be
    read."""
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            data = stream.read()
        except (OSError, ValueError) as exc:
            raise UnreadableSource("--files-from -", f"standard input could not be read ({exc})") from exc
    else:
        with open_regular(name) as fh:
            try:
                data = fh.read()
            except OSError as exc:
                raise UnreadableSource(name, f"cannot be read ({exc.strerror or exc})") from exc
    text = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    out = []
    for line in text.split("\n"):
        line = line.removesuffix("\r")
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line)
    return out


def parse_pattern(pattern: str) -> tuple[str, ...]:
    """``"*.txt, *.html"`` -> ``("*.txt", "*.html")``, lower-cased. Raises :class:`ConfigError` when empty."""
    globs = tuple(p.strip().lower() for p in pattern.split(",") if p.strip())
    if not globs:
        raise ConfigError(f"--pattern: no file pattern in {pattern!r} (e.g. {DEFAULT_PATTERN!r})")
    return globs


def walk_directory(directory: str, globs: Sequence[str], errors: list[InputError]) -> Iterator[str]:
    """The regular files under ``directory`` whose lower-cased name matches one of ``globs``, recursively, in sorted
    order; hidden entries and symbolic links are skipped. A folder that cannot be listed is appended to ``errors``."""
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        errors.append(UnreadableSource(directory, "permission denied; its files were not read"))
        return
    except OSError as exc:
        errors.append(UnreadableSource(directory, f"cannot be listed ({exc.strerror or exc}); its files were not read"))
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        path = os.path.join(directory, entry.name)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from walk_directory(path, globs, errors)
            elif entry.is_file(follow_symlinks=False) and _matches(entry.name, globs):
                yield path
        except OSError as exc:
            errors.append(UnreadableSource(path, f"cannot be examined ({exc.strerror or exc})"))


def _matches(name: str, globs: Sequence[str]) -> bool:
    low = name.lower()
    return any(fnmatch.fnmatchcase(low, g) for g in globs)


def _is_directory(path: str) -> bool:
    if path == STDIN:
        return False
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False  # reading it will say what is wrong


# --------------------------------------------------------------------------------------------------------------------
# JSON Lines
# --------------------------------------------------------------------------------------------------------------------


def _line_limit(cap: int) -> int:
    return 6 * cap + 65536  # a text of `cap` UTF-8 bytes written with \\uXXXX escapes, plus its metadata


def iter_jsonl(
    path: str, *, stdin: BinaryIO | None = None, max_bytes: int | None = None
) -> Iterator[Record | InputError]:
    """The records of the JSON Lines file ``path`` (``-`` = standard input), one per non-blank line, read one line at
    a time (a feed of any size; a line over ``6 × max_bytes`` is refused unread). Yields a :class:`Record` per line
    that is JSON, a :class:`BadRecord` per line that is not, and an :class:`InputError` when the file cannot be read
    or holds no record."""
    cap = max_bytes_default() if max_bytes is None else max_bytes
    name = "stdin" if path == STDIN else path
    try:
        fh: BinaryIO = (stdin if stdin is not None else sys.stdin.buffer) if path == STDIN else open_regular(path)
    except InputError as exc:
        yield exc
        return
    limit = _line_limit(cap)
    n = records = 0
    try:
        while True:
            try:
                raw = fh.readline(limit)
            except OSError as exc:
                yield UnreadableSource(path, f"cannot be read after line {n} ({exc.strerror or exc})")
                return
            if not raw:
                break
            n += 1
            origin = f"{name}#{n}"
            if len(raw) >= limit and not raw.endswith(b"\n"):
                while (rest := fh.readline(limit)) and not rest.endswith(b"\n"):
                    pass
                yield BadRecord(origin, f"the line is over {limit} bytes; a record's text may be at most {cap} bytes")
                records += 1
                continue
            if n == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            records += 1
            yield _parse_line(raw, origin)
    finally:
        if path != STDIN:
            fh.close()
    if not records:
        yield EmptySource(path, "contains no JSON Lines records" if n else "is empty (0 bytes)")


def _parse_line(raw: bytes, origin: str) -> Record | BadRecord:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return BadRecord(origin, f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
    try:
        return Record(origin, json.loads(line))
    except json.JSONDecodeError as exc:
        return BadRecord(origin, f"is not valid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return BadRecord(origin, "is not valid JSON (nested too deeply)")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _optional_str(data: Mapping[str, Any], key: str, name: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(name, f'"{key}" must be a string, not {_kind(value)}')
    value = " ".join(value.split())
    return value or None


_ISO_DAY = lazy_compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*")


def _published(data: Mapping[str, Any], name: str) -> dt.date | None:
    value = _optional_str(data, "published", name)
    if value is None:
        return None
    m = _ISO_DAY.fullmatch(value)
    if m:
        try:
            return dt.date.fromisoformat(m.group(1))
        except ValueError:
            pass
    else:
        from summarizer.text.dates import parse_date

        day = parse_date(value)
        if day is not None:
            return day
    raise BadRecord(name, f'"published" is not a date: {value!r} (e.g. "2024-01-21" or "2024-01-21T08:30:00Z")')


def _authors(data: Mapping[str, Any], name: str) -> list[str] | None:
    value = data.get("authors")
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        got = _kind(value) if not isinstance(value, list) else "a list with a non-string item"
        raise BadRecord(name, f'"authors" must be a list of strings, not {got}')
    return [" ".join(a.split()) for a in value if a.strip()]


def record_name(record: Record) -> tuple[str, str | None]:
    """(how errors name the record: ``feed.jsonl#17``, with ``(id 'x')`` when it has a usable id; that id or None)."""
    data = record.data
    rid = data.get("id") if isinstance(data, dict) else None
    if isinstance(rid, bool) or not isinstance(rid, (str, int)) or not str(rid).strip():
        return record.origin, None
    return f"{record.origin} (id {str(rid)!r})", str(rid)


def article_from_record(record: Record, source_id: str, *, max_bytes: int | None = None) -> Article:
    """The article a JSON Lines record holds, with id ``source_id``: its ``text`` kept exactly (offsets index it), its
    metadata over what the text states. Raises :class:`BadRecord` saying which field is wrong."""
    data = record.data
    if not isinstance(data, dict):
        raise BadRecord(record.origin, f'is {_kind(data)}, not a JSON object with a "text" field')
    name, rid = record_name(record)
    if "id" in data and data["id"] is not None and rid is None:
        raise BadRecord(name, f'"id" must be a non-empty string or an integer, not {_kind(data["id"])}')
    text = data.get("text")
    if text is None:
        raise BadRecord(name, 'has no "text" field (the article text is required)')
    if not isinstance(text, str):
        raise BadRecord(name, f'"text" must be a string, not {_kind(text)}')
    if not text.strip():
        raise BadRecord(name, '"text" is empty' if not text else '"text" contains only whitespace')
    cap = max_bytes_default() if max_bytes is None else max_bytes
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > cap:
        raise BadRecord(name, f'"text" is {size} bytes, over the {cap}-byte size cap (--max-bytes)', max_bytes=cap)
    given: dict[str, Any] = {
        "title": _optional_str(data, "title", name),
        "publisher": _optional_str(data, "publisher", name),
        "url": _optional_str(data, "url", name),
        "authors": _authors(data, name),
        "published": _published(data, name),
    }
    article = article_from_text(text, rid if rid is not None else record.origin, source_id, converted=True)
    update = {k: v for k, v in given.items() if v is not None}
    update["origin"] = record.origin
    update["meta"] = _agreeing_meta(article, update)
    return article.model_copy(update=update)


def _agreeing_meta(article: Article, given: Mapping[str, Any]) -> dict[str, Any]:
    """The article's metadata spans, without those that disagree with a value the record gives."""
    meta = dict(article.meta)
    if "title" in given and article.title != given["title"]:
        meta.pop("title", None)
    if "publisher" in given and article.publisher != given["publisher"]:
        meta.pop("publisher", None)
    if "authors" in given and article.authors != given["authors"]:
        meta.pop("byline", None)
    if "published" in given and article.published != given["published"]:
        for key in [k for k in meta if k == "published" or k.startswith("published_")]:
            del meta[key]
    return meta


# --------------------------------------------------------------------------------------------------------------------
# The whole input
# --------------------------------------------------------------------------------------------------------------------


def iter_inputs(
    paths: Iterable[str],
    *,
    records: Iterable[Mapping[str, Any]] = (),
    pattern: str = DEFAULT_PATTERN,
    input_format: InputFormat = "auto",
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
) -> Iterator[Item | InputError]:
    """Every input in order: file paths (directories expanded), then the records of JSON Lines inputs where they
    stand, then ``records`` given in memory (named ``records#1``, ``records#2``...). Errors found while expanding
    (an empty or unreadable directory, a bad JSON line, an unreadable feed) are yielded in place."""
    if input_format not in ("auto", "jsonl"):
        raise ConfigError(f"--input-format: {input_format!r} is not one of auto, jsonl")
    globs = parse_pattern(pattern)
    for path in paths:
        path = os.fspath(path)
        if _is_directory(path):
            errors: list[InputError] = []
            found = False
            for file in walk_directory(path, globs, errors):
                found = True
                yield from _file_items(file, input_format, stdin, max_bytes)
            yield from errors
            if not found and not errors:
                yield EmptySource(path, f"is a directory without files matching {pattern!r} (see --pattern)")
            continue
        yield from _file_items(path, input_format, stdin, max_bytes)
    for i, data in enumerate(records, 1):
        yield Record(f"records#{i}", data)


def _file_items(
    path: str, input_format: InputFormat, stdin: BinaryIO | None, max_bytes: int | None
) -> Iterator[Item | InputError]:
    if input_format == "jsonl" or path.lower().endswith(JSONL_SUFFIX):
        yield from iter_jsonl(path, stdin=stdin, max_bytes=max_bytes)
    else:
        yield path


def read_item(item: Item, source_id: str, *, stdin: BinaryIO | None = None, max_bytes: int | None = None) -> Article:
    """Read one input of :func:`iter_inputs` into an article with id ``source_id``. Raises :class:`InputError`."""
    if isinstance(item, Record):
        return article_from_record(item, source_id, max_bytes=max_bytes)
    return read_source(item, source_id, stdin=stdin, max_bytes=max_bytes)


def read_inputs(
    paths: Iterable[str],
    *,
    records: Iterable[Mapping[str, Any]] = (),
    pattern: str = DEFAULT_PATTERN,
    input_format: InputFormat = "auto",
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
) -> tuple[list[Article], list[InputError]]:
    """Read every input (see :func:`iter_inputs`) in order: the articles read (ids ``S1``, ``S2``... in input order)
    and one :class:`InputError` per unusable input, record or folder, in input order. A duplicate (the same file
    twice, the same bytes or text as an earlier input, a record id used twice) is a :class:`DuplicateSource`.
    Raises only :class:`ConfigError` (a bad pattern or input format)."""
    articles: list[Article] = []
    errors: list[InputError] = []
    seen = Seen()
    items = iter_inputs(
        paths, records=records, pattern=pattern, input_format=input_format, stdin=stdin, max_bytes=max_bytes
    )
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
            continue
        dup = seen.path(item) if isinstance(item, str) else seen.record_id(*record_name(item), item.origin)
        if dup is not None:
            errors.append(dup)
            continue
        try:
            article = read_item(item, f"S{len(articles) + 1}", stdin=stdin, max_bytes=max_bytes)
        except InputError as exc:
            errors.append(exc)
            continue
        dup = seen.content(article, name=item if isinstance(item, str) else record_name(item)[0])
        if dup is not None:
            errors.append(dup)
            continue
        articles.append(article)
    return articles, errors


def input_files(paths: Iterable[str], *, pattern: str = DEFAULT_PATTERN) -> list[str]:
    """The files ``paths`` name (directories expanded as :func:`iter_inputs` does, nothing read): what an output file
    must not overwrite."""
    globs = parse_pattern(pattern)
    out: list[str] = []
    for path in paths:
        path = os.fspath(path)
        if _is_directory(path):
            out.extend(walk_directory(path, globs, []))
        elif path != STDIN:
            out.append(path)
    return out
