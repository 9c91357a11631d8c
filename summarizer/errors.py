"""The one error hierarchy of summarizer, and the exit codes the CLI maps it to.

Four families, kept apart because the user acts differently on each:

* :class:`ConfigError` -- you asked for something that cannot work (bad option, unknown engine, missing key). Exit 2.
* :class:`InputError` -- an input file is unusable (empty, binary, undecodable, duplicate, missing). Exit 3.
* :class:`ServiceError` -- the model endpoint failed (auth, quota, outage, time-out). Exit 4.
* anything else is our bug. Exit 1 (``--traceback`` shows it).

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
    USAGE = 2  # misconfiguration / bad command line
    INPUT = 3  # one or more inputs were unusable (the rest may still have produced a brief)
    SERVICE = 4  # the model service failed
    INTERRUPTED = 130  # Ctrl-C


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


class NoUsableSources(InputError):
    """Every input failed; carries the individual errors."""

    problem = "no-usable-sources"

    def __init__(self, errors: list[InputError]) -> None:
        names = "; ".join(str(e) for e in errors) or "no input files were given"
        super().__init__("<inputs>", f"no usable articles ({names})")
        self.message = self.detail  # "no usable articles (...)": no "<inputs>:" in front of it
        self.errors = errors


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
