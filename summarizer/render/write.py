"""Writing outputs: atomically, never over an input, with every failure typed.

This module owns the one way the command line writes what it made (a brief, a review page, a stream of JSON lines,
:func:`open_lines`; a Markdown brief piece by piece, :func:`write_chunks`):

* ``-`` (or no path) is standard output. A reader that closes the pipe early (``| head``) raises
  :class:`~summarizer.errors.BrokenPipe` (exit 141, nothing printed); a closed standard output is an
  :class:`~summarizer.errors.OutputError`. When standard output's encoding cannot take the text (e.g.
  ``PYTHONIOENCODING=ascii``) JSON is written ASCII-escaped (the same data) and other text with ``\\xe9``-style
  escapes, and :func:`write_output` says so in its return value -- never a crash.
* A file is written to a temporary file in the target's own directory, flushed, fsync'ed, then renamed over the
  target (and the directory fsync'ed): a full disk, a permission error, a kill or a power cut leaves either the old
  file or the new one, never a truncated one. On any error the temporary file is removed. A symlink is written
  through (its target is replaced). A new file gets the usual ``0o666 & ~umask`` mode; an existing file keeps its mode.
* Refused before anything is written (:class:`~summarizer.errors.OutputRefused`, exit 2): a path that is one of the
  inputs (same device and inode, so hard links, symlinks and ``./x`` spellings are caught), a directory, a path
  whose parent is not a directory, and non-regular files such as devices or FIFOs (they cannot be replaced
  atomically; use ``-`` and a shell redirection instead).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from summarizer.errors import BrokenPipe, OutputError, OutputRefused

__all__ = ["STDOUT", "LineWriter", "open_lines", "same_file", "write_chunks", "write_output"]

STDOUT = "-"

_ERRNO_MESSAGES = {
    errno.ENOSPC: "no space left on the device; the previous file, if any, is unchanged",
    errno.EDQUOT: "disk quota exceeded; the previous file, if any, is unchanged",
    errno.EACCES: "permission denied; choose a folder you can write to",
    errno.EPERM: "operation not permitted; choose a folder you can write to",
    errno.EROFS: "the file system is read-only; choose another folder",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "input/output error on the device; the previous file, if any, is unchanged",
}


def _reason(exc: OSError) -> str:
    return _ERRNO_MESSAGES.get(exc.errno or 0) or (exc.strerror or type(exc).__name__)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when both paths exist and are the same file (same device and inode)."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def write_output(
    text: str,
    target: str | os.PathLike[str] | None,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    stream: TextIO | None = None,
    is_json: bool = False,
) -> str | None:
    """Write ``text`` to ``target`` (``None`` or ``"-"``: standard output, or ``stream``).

    ``inputs`` are the files the run read; writing over one of them is refused. Returns a one-line note when the
    text had to be escaped for standard output's encoding, else None.

    Raises:
        OutputRefused: ``target`` is an input, a directory or not a regular file (exit 2, nothing written).
        OutputError: the file could not be written (exit 5; any previous file is intact, no temporary file left).
        BrokenPipe: standard output was closed by its reader (exit 141).
    """
    return _write_text((text,), target, inputs, stream, is_json)


def write_chunks(
    chunks: Iterable[str],
    target: str | os.PathLike[str] | None,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    stream: TextIO | None = None,
) -> str | None:
    """:func:`write_output` of the text ``chunks`` make together (not JSON), written as they come: the same bytes, the
    same refusals, errors and note, but the whole text is never held (a file is still replaced atomically, once the
    last chunk is written; a failure while the chunks are made leaves it as it was)."""
    return _write_text(chunks, target, inputs, stream, False)


def _write_text(
    pieces: Iterable[str],
    target: str | os.PathLike[str] | None,
    inputs: Iterable[str | os.PathLike[str]],
    stream: TextIO | None,
    is_json: bool,
) -> str | None:
    """What :func:`write_output` and :func:`write_chunks` do: the text ``pieces`` make together, ending with a
    newline, to standard output (or ``stream``) or atomically to the file ``target`` once it is not refused."""
    if target is None or os.fspath(target) == STDOUT:
        out = stream if stream is not None else sys.stdout
        note = None
        for piece in _ending_with_newline(pieces):
            note = _write_stream(piece, out, is_json=is_json) or note
        return note
    path = Path(target)
    _refuse(path, inputs)
    with _atomic(path) as fh:
        for piece in _ending_with_newline(pieces):
            fh.write(piece.encode("utf-8", "surrogateescape"))
    return None


def _ending_with_newline(pieces: Iterable[str]) -> Iterator[str]:
    """The non-empty ``pieces``, a newline added to the last one when it has none (a lone newline when there are
    none): one piece stays one piece, so a JSON text reaches :func:`_write_stream` whole."""
    held: str | None = None
    for piece in pieces:
        if piece:
            if held is not None:
                yield held
            held = piece
    yield "\n" if held is None else held if held.endswith("\n") else held + "\n"


def _refuse(path: Path, inputs: Iterable[str | os.PathLike[str]]) -> None:
    name = os.fspath(path)
    for given in inputs:
        if os.fspath(given) != STDOUT and same_file(path, given):
            raise OutputRefused(name, f"it is one of the inputs ({os.fspath(given)}); choose another output file")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except NotADirectoryError as exc:
        raise OutputRefused(name, "a part of the path is not a directory") from exc
    except OSError as exc:
        raise OutputError(name, _reason(exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise OutputRefused(name, "it is a directory; give a file name, e.g. " + os.path.join(name, "brief.md"))
    if not stat.S_ISREG(st.st_mode):
        raise OutputRefused(name, "it is not a regular file (a device or a pipe?); use '-o -' and redirect instead")


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[BinaryIO]:
    """A temporary file beside ``path``, renamed over it when the block ends normally (flushed and fsync'ed first);
    removed, with ``path`` untouched, when the block raises. OS errors become :class:`OutputError`."""
    name = os.fspath(path)
    real = Path(os.path.realpath(path))
    folder = real.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputRefused(name, "a part of the path is a file, not a directory") from exc
    except OSError as exc:
        raise OutputError(name, _reason(exc)) from exc
    try:
        mode = stat.S_IMODE(os.stat(real).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{real.name[:100]}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(name, _reason(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(name, _reason(exc)) from exc
        raise
    _fsync_dir(folder)


class LineWriter:
    """Writes JSON lines one at a time, each flushed as soon as it is written (see :func:`open_lines`)."""

    def __init__(self, write: Callable[[str], str | None]) -> None:
        self._write = write
        self.lines = 0
        self.note: str | None = None  # set when standard output's encoding made escapes necessary

    def write_line(self, line: str) -> None:
        """Write one line (a newline is added) and flush it."""
        note = self._write(line.rstrip("\n") + "\n")
        self.note = self.note or note
        self.lines += 1


@contextlib.contextmanager
def open_lines(
    target: str | os.PathLike[str] | None,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    stream: TextIO | None = None,
) -> Iterator[LineWriter]:
    """A :class:`LineWriter` on ``target``, for output a consumer reads while the run goes on (JSON Lines).

    Standard output (``None`` or ``"-"``, or ``stream``) gets every line as it is written and flushed (a closed pipe
    is :class:`~summarizer.errors.BrokenPipe`; a line the stream's encoding cannot take is written with ``\\u``
    escapes, the same JSON). A file is written atomically: the lines go to a temporary file beside it, flushed one by
    one, and it replaces the target only when the block ends normally -- an error, Ctrl-C or SIGTERM leaves the
    previous file, if any, as it was. A target that is an input, a directory or not a regular file is refused
    before anything is written (:class:`~summarizer.errors.OutputRefused`)."""
    if target is None or os.fspath(target) == STDOUT:
        out = stream if stream is not None else sys.stdout
        yield LineWriter(lambda text: _write_stream(text, out, is_json=True))
        return
    path = Path(target)
    _refuse(path, inputs)
    with _atomic(path) as fh:

        def write(text: str) -> None:
            fh.write(text.encode("utf-8", "surrogateescape"))
            fh.flush()
            return None

        yield LineWriter(write)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_stream(text: str, stream: TextIO | None, *, is_json: bool) -> str | None:
    if stream is None:
        raise OutputError("standard output", "it is closed; use -o FILE")
    note = None
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        note = (
            f"standard output's encoding ({encoding}) cannot show every character; "
            + ("wrote JSON with \\u escapes" if is_json else "wrote them as \\x/\\u escapes")
            + " (set PYTHONIOENCODING=utf-8 to avoid this)"
        )
        if is_json:
            text = json.dumps(json.loads(text), ensure_ascii=True) + "\n"
        else:
            text = text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        pass
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError as exc:
        _silence_stdout(stream)
        raise BrokenPipe("standard output was closed by its reader") from exc
    except (OSError, ValueError) as exc:  # ValueError: I/O operation on closed file
        reason = _reason(exc) if isinstance(exc, OSError) else "it is closed"
        raise OutputError("standard output", reason) from exc
    return note


def _silence_stdout(stream: TextIO) -> None:
    """Point the closed pipe's descriptor at /dev/null so the interpreter's final flush cannot complain."""
    try:
        fd = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
