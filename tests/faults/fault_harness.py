"""The fault matrix's tools: run ``summarize`` (in this process or as a real child process), and inspect what a run
left on disk.

Every case of the matrix asserts four things: the exact exit code, the message, the files left on disk, and that no
fabricated, injected or escape-sequence text reached the brief or the terminal. These helpers keep that short.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from paths import ROOT

from summarizer.cli import cli

ARTICLE = (
    "Flood barrier closes in Rivertown\n\n"
    "By Ana Ruiz\n\n"
    "RIVERTOWN, March 3, 2025 - The city council closed the Elm Street flood barrier on Monday after the river rose "
    "by two metres. The council said 1,200 homes were protected. Mayor Jonas Berg said the barrier would stay closed "
    "until Friday. Engineers inspected the barrier on Tuesday and found no damage.\n"
)
"""A small English article the local engine can say something about."""

RAW_CONTROLS = ("\x1b", "\x9b", "\u202e", "\u202d", "\u2066", "\x07", "\x08", "\r")


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(args: list[str], *, stdin: bytes = b"", cwd: Path | None = None) -> Run:
    """``summarize ARGS`` in this process (fast): stdout/stderr captured as UTF-8 text, ``stdin`` as bytes."""
    out, err = io.StringIO(), io.StringIO()
    old_in, old_cwd = sys.stdin, os.getcwd()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            code = cli(args)
    finally:
        sys.stdin = old_in
        os.chdir(old_cwd)
    return Run(code, out.getvalue(), err.getvalue())


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    # the test's own cache folder is kept (conftest): a child never writes the developer's ~/.cache/summarizer
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUMMARIZER_", "OPENAI_")) or k == "SUMMARIZER_CACHE_DIR"
    }
    env["PYTHONPATH"] = str(ROOT)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    env.update(extra or {})
    return env


def run_child(
    args: list[str],
    *,
    cwd: Path,
    stdin: bytes = b"",
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
    shell_suffix: str | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """``python -m summarizer ARGS`` as a real process (for pipes, closed descriptors, encodings and signals).
    ``shell_suffix`` runs it through ``sh -c`` with that suffix (e.g. ``'| head -c 1'`` or ``'>&-'``)."""
    cmd = [sys.executable, "-m", "summarizer", *args]
    if shell_suffix is not None:
        import shlex

        line = " ".join(shlex.quote(c) for c in cmd) + " " + shell_suffix
        return subprocess.run(["sh", "-c", line], cwd=cwd, input=stdin, capture_output=True, env=child_env(env),
                              timeout=timeout)  # fmt: skip
    return subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, env=child_env(env), timeout=timeout)


def tree(folder: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``folder`` (hidden files included: temp files show up)."""
    out: dict[str, str] = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(root) / name
            if p.is_symlink() or not p.is_file():
                out[str(p.relative_to(folder))] = "<special>"
                continue
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def temp_leftovers(folder: Path) -> list[str]:
    """Temporary output files a writer left behind."""
    return sorted(n for n in os.listdir(folder) if n.startswith(".") and n.endswith(".tmp"))


def assert_inert(text: str) -> None:
    """No raw control character, bidi override or lone surrogate in ``text`` (newlines and tabs are fine)."""
    for ch in RAW_CONTROLS:
        assert ch not in text, f"raw {ch!r} reached the output"
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert not any(ord(c) < 0x20 and c not in "\n\t" for c in text)


@contextmanager
def fifo(path: Path) -> Iterator[Path]:
    os.mkfifo(path)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
