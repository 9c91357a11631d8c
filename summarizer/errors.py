"""The one error hierarchy of summarizer, and the exit codes the CLI maps it to.

Four families, kept apart because the user acts differently on each:

* :class:`ConfigError` -- you asked for something that cannot work (bad option, unknown engine, missing key). Exit 2.
* :class:`InputError` -- an input file is unusable (empty, binary, undecodable, duplicate, missing). Exit 3.
* :class:`ServiceError` -- the model endpoint failed (auth, quota, outage, time-out). Exit 4.
* :class:`OutputError` -- the output could not be written (disk full, permission denied, read-only, an encoding the
  output cannot take). Exit 5. An output that would overwrite an input, or is a directory, is refused before anything
  is written: :class:`OutputRefused`, a usage error (exit 2).
* anything else is our bug. Exit 1 (``--traceback`` shows it).

A brief in which nothing could be said exits 6 (:attr:`ExitCode.EMPTY`); a closed pipe on standard output exits 141
quietly (as a shell reports a process killed by SIGPIPE); SIGTERM exits 143, Ctrl-C 130.

Per-file problems do not abort a run: the pipeline records them on the brief (``Brief.errors``) and carries on; the
CLI then exits with :attr:`ExitCode.INPUT`. Only when nothing usable is left does :class:`NoUsableSources` propagate.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Process exit codes of the ``summarize`` command."""

    OK = 0
    ERROR = 1  # our bug, or an unexpected failure
    UNSUPPORTED = 1  # `summarize check`: some claim is not supported by its source (alias of ERROR's value)
    USAGE = 2  # misconfiguration / bad command line
    INPUT = 3  # one or more inputs were unusable (the rest may still have produced a brief)
    SERVICE = 4  # the model service failed
    OUTPUT = 5  # the output could not be written (disk full, permission denied, ...)
    EMPTY = 6  # a brief was made but nothing could be said (its warnings say why)
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # standard output was closed by its reader (e.g. `| head`)
    TERMINATED = 143  # SIGTERM


class SummarizerError(Exception):
    """Root of every error summarizer raises on purpose."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def __str__(self) -> str:
        return self.message


class ConfigError(SummarizerError):
    """The user asked for something that cannot work as configured."""

    exit_code = ExitCode.USAGE


class EngineUnavailable(ConfigError):
    """The selected engine cannot run (not installed, not implemented, or not configured)."""


class PromptError(ConfigError):
    """A prompt file is missing or was rendered without one of its declared variables."""


class InputError(SummarizerError):
    """An input is unusable. ``path`` names it; ``problem`` is a short machine-readable kind."""

    exit_code = ExitCode.INPUT
    problem = "unusable"

    def __init__(self, path: str, message: str, **context: Any) -> None:
        super().__init__(f"{path}: {message}", path=path, **context)
        self.path = path
        self.detail = message


class MissingSource(InputError):
    problem = "missing"


class EmptySource(InputError):
    problem = "empty"


class BinarySource(InputError):
    problem = "binary"


class UndecodableSource(InputError):
    problem = "undecodable"


class DuplicateSource(InputError):
    problem = "duplicate"


class UnreadableSource(InputError):
    problem = "unreadable"


class BadRecord(InputError):
    """A JSON Lines record is unusable (not JSON, not an object, no text, a field of the wrong type, too large).
    ``path`` names the record (``feed.jsonl#17``, with its ``id`` when it has one)."""

    problem = "bad-record"


class NoUsableSources(InputError):
    """Every input failed; carries the individual errors."""

    problem = "no-usable-sources"

    def __init__(self, errors: list[InputError]) -> None:
        names = "; ".join(str(e) for e in errors) or "no input files were given"
        super().__init__("<inputs>", f"no usable articles ({names})")
        self.message = self.detail  # "no usable articles (...)": no "<inputs>:" in front of it
        self.errors = errors


class OutputError(SummarizerError):
    """The output could not be written. ``path`` names it; the previous file at that path, if any, is intact."""

    exit_code = ExitCode.OUTPUT

    def __init__(self, path: str, message: str, **context: Any) -> None:
        super().__init__(f"cannot write {path}: {message}", path=path, **context)
        self.path = path
        self.detail = message


class OutputRefused(ConfigError):
    """The output path cannot be used (it is one of the inputs, or a directory); nothing was written."""

    def __init__(self, path: str, message: str, **context: Any) -> None:
        super().__init__(f"refusing to write {path}: {message}", path=path, **context)
        self.path = path
        self.detail = message


class BrokenPipe(SummarizerError):
    """Standard output was closed by its reader; the run stops quietly."""

    exit_code = ExitCode.BROKEN_PIPE


class WorkersFailed(SummarizerError):
    """A worker process of the pool died (killed, out of memory, or a caller's script that re-runs itself on import)."""

    exit_code = ExitCode.ERROR


class ServiceError(SummarizerError):
    """The model service failed. ``provider``, ``attempts`` and ``usage`` are attached when known."""

    exit_code = ExitCode.SERVICE


class AuthError(ServiceError):
    """401/403 or an exhausted quota: retrying cannot help, the run is aborted."""


class ArticleFailed(ServiceError):
    """One article could not be processed by the model engine (the batch goes on without it)."""

    def __init__(self, path: str, message: str, **context: Any) -> None:
        super().__init__(f"{path}: {message}", path=path, **context)
        self.path = path
        self.detail = message
