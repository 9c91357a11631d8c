"""Fault matrix, outputs: atomic, never over an input, every failure one typed line; pipes, closed descriptors,
encodings and signals never end in a traceback or a half-written file."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_harness import ARTICLE, child_env, run_child, run_cli, temp_leftovers, tree

import summarizer.render.write as write_mod
from summarizer.errors import ExitCode


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def _unchanged(article: Path) -> None:
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_output_that_is_the_input_is_refused(tmp_path: Path, article: Path) -> None:
    r = run_cli(["brief", "a.txt", "-o", "a.txt"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE
    assert "error: refusing to write a.txt: it is one of the inputs (a.txt); choose another output file" in r.err
    _unchanged(article)
    assert r.out == "" and temp_leftovers(tmp_path) == []


def test_output_spelled_differently_but_the_same_file_is_refused(tmp_path: Path, article: Path) -> None:
    (tmp_path / "sub").mkdir()
    r = run_cli(["brief", "a.txt", "-o", "sub/../a.txt"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE and "it is one of the inputs" in r.err
    _unchanged(article)


def test_output_hard_link_to_an_input_is_refused(tmp_path: Path, article: Path) -> None:
    os.link(article, tmp_path / "link.md")
    r = run_cli(["brief", "a.txt", "-o", "link.md"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE and "refusing to write link.md: it is one of the inputs" in r.err
    _unchanged(article)


def test_output_symlink_to_an_input_is_refused(tmp_path: Path, article: Path) -> None:
    os.symlink(article, tmp_path / "sym.md")
    r = run_cli(["brief", "a.txt", "-o", "sym.md"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE and "refusing to write sym.md: it is one of the inputs" in r.err
    _unchanged(article)


def test_output_directory_is_a_clear_usage_error(tmp_path: Path, article: Path) -> None:
    (tmp_path / "out").mkdir()
    r = run_cli(["brief", "a.txt", "-o", "out"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE
    assert "error: refusing to write out: it is a directory; give a file name, e.g. out/brief.md" in r.err
    assert list((tmp_path / "out").iterdir()) == []


def test_output_under_a_file_is_a_clear_usage_error(tmp_path: Path, article: Path) -> None:
    r = run_cli(["brief", "a.txt", "-o", "a.txt/brief.md"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE and "a part of the path is not a directory" in r.err
    _unchanged(article)


def test_dash_output_is_stdout_and_creates_no_file(tmp_path: Path, article: Path) -> None:
    r = run_cli(["brief", "a.txt", "-o", "-"], cwd=tmp_path)
    assert r.code == ExitCode.OK and r.out.startswith("# Brief: 1 story")
    assert not (tmp_path / "-").exists()


def test_output_replaces_the_old_file_and_keeps_its_mode(tmp_path: Path, article: Path) -> None:
    out = tmp_path / "out.md"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    r = run_cli(["brief", "a.txt", "-o", "out.md"], cwd=tmp_path)
    assert r.code == ExitCode.OK
    assert out.read_text(encoding="utf-8").startswith("# Brief") and (out.stat().st_mode & 0o777) == 0o640
    assert temp_leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("err", "message"),
    [
        (errno.ENOSPC, "no space left on the device; the previous file, if any, is unchanged"),
        (errno.EDQUOT, "disk quota exceeded"),
        (errno.EIO, "input/output error on the device"),
    ],
    ids=["disk-full", "quota", "io-error"],
)
def test_write_failure_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, article: Path, monkeypatch: pytest.MonkeyPatch, err: int, message: str
) -> None:
    out = tmp_path / "out.md"
    out.write_text("the previous brief\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(write_mod.os, "fsync", full)
    r = run_cli(["brief", "a.txt", "-o", "out.md"], cwd=tmp_path)
    assert r.code == ExitCode.OUTPUT
    assert f"error: cannot write out.md: {message}" in r.err and "internal error" not in r.err
    assert out.read_text(encoding="utf-8") == "the previous brief\n"
    assert temp_leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied; choose a folder you can write to"),
        (OSError(errno.EROFS, "Read-only file system"), "the file system is read-only"),
    ],
    ids=["permission-denied", "read-only"],
)
def test_unwritable_folder_is_one_line_with_exit_5(
    tmp_path: Path, article: Path, monkeypatch: pytest.MonkeyPatch, exc: OSError, message: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(write_mod.tempfile, "mkstemp", refuse)
    r = run_cli(["brief", "a.txt", "-o", "out.md"], cwd=tmp_path)
    assert r.code == ExitCode.OUTPUT
    assert r.err.strip().splitlines()[-1].startswith(f"error: cannot write out.md: {message}")
    assert not (tmp_path / "out.md").exists()


def test_device_as_output_is_refused(tmp_path: Path, article: Path) -> None:
    r = run_cli(["brief", "a.txt", "-o", "/dev/null"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE and "it is not a regular file" in r.err


def test_review_default_name_never_replaces_a_source_named_like_it(tmp_path: Path) -> None:
    page = "<html><body><p>The city council closed the Elm Street flood barrier on Monday.</p>" * 3 + "</body></html>"
    (tmp_path / "story.html").write_text(page, encoding="utf-8")
    before = (tmp_path / "story.html").read_bytes()
    assert run_cli(["brief", "story.html", "-f", "json", "-o", "story.json"], cwd=tmp_path).code in (0, 6)
    r = run_cli(["review", "story.json", "--no-open"], cwd=tmp_path)
    assert r.code == ExitCode.OK
    assert (tmp_path / "story.html").read_bytes() == before
    assert "wrote story.review.html" in r.err and (tmp_path / "story.review.html").exists()


def test_review_output_over_its_own_json_is_refused(tmp_path: Path, article: Path) -> None:
    assert run_cli(["brief", "a.txt", "-f", "json", "-o", "b.json"], cwd=tmp_path).code == 0
    before = tree(tmp_path)
    r = run_cli(["review", "b.json", "-o", "b.json", "--no-open"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE and "refusing to write b.json: it is one of the inputs" in r.err
    assert tree(tmp_path) == before


def test_review_output_over_a_source_is_refused(tmp_path: Path, article: Path) -> None:
    assert run_cli(["brief", "a.txt", "-f", "json", "-o", "b.json"], cwd=tmp_path).code == 0
    r = run_cli(["review", "b.json", "-o", "a.txt", "--no-open"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE and "refusing to write a.txt" in r.err
    _unchanged(article)


# --------------------------------------------------------------------------------------------------------------------
# Real processes: pipes, closed descriptors, encodings
# --------------------------------------------------------------------------------------------------------------------


def test_broken_pipe_on_a_long_output_exits_141_without_a_traceback(tmp_path: Path) -> None:
    rows = tmp_path / "pairs.jsonl"
    line = json.dumps({"id": "x", "source": ARTICLE, "claim": "The council closed the barrier."})
    rows.write_text((line + "\n") * 400, encoding="utf-8")
    bash = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m summarizer check --pairs pairs.jsonl | head -c 10 >/dev/null; "
                       "echo ${PIPESTATUS[0]}"],
        cwd=tmp_path, capture_output=True, env=child_env(), timeout=300,
    )  # fmt: skip
    assert bash.stdout.strip().splitlines()[-1] == b"141"
    assert bash.stderr == b""


def test_closed_stdout_is_one_line_and_exit_5(tmp_path: Path, article: Path) -> None:
    proc = run_child(["brief", "a.txt"], cwd=tmp_path, shell_suffix=">&-")
    assert proc.returncode == ExitCode.OUTPUT
    assert b"error: cannot write standard output: it is closed; use -o FILE" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_closed_stderr_still_writes_the_brief_and_exits_0(tmp_path: Path, article: Path) -> None:
    proc = run_child(["brief", "a.txt"], cwd=tmp_path, shell_suffix="2>&-")
    assert proc.returncode == ExitCode.OK
    assert proc.stdout.startswith(b"# Brief: 1 story")


def test_closed_stderr_and_an_error_keeps_the_exit_code(tmp_path: Path) -> None:
    proc = run_child(["brief", "missing.txt"], cwd=tmp_path, shell_suffix="2>&-")
    assert proc.returncode == ExitCode.INPUT and proc.stdout == b""


def test_ascii_stdout_gets_escaped_markdown_and_one_note(tmp_path: Path) -> None:
    (tmp_path / "é.txt").write_text(ARTICLE.replace("Jonas", "Jürgen"), encoding="utf-8")
    proc = run_child(["brief", "é.txt"], cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == ExitCode.OK
    proc.stdout.decode("ascii")  # nothing outside ASCII reached the stream
    assert b"J\\xfcrgen" in proc.stdout
    assert b"standard output's encoding (ascii) cannot show every character" in proc.stderr
    assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr


def test_ascii_stdout_gets_json_with_the_same_data(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE.replace("Jonas", "Jürgen"), encoding="utf-8")
    proc = run_child(["brief", "-f", "json", "a.txt"], cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == ExitCode.OK
    data = json.loads(proc.stdout.decode("ascii"))
    assert any("Jürgen" in s["text"] for st in data["stories"] for s in st["sentences"])


def test_non_utf8_file_name_is_shown_escaped_not_crashing(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_bytes(b"")
    proc = run_child(["brief", name], cwd=tmp_path)
    assert proc.returncode == ExitCode.INPUT
    assert b"caf\\udce9.txt: is empty (0 bytes)" in proc.stderr
    assert b"internal error" not in proc.stderr


# --------------------------------------------------------------------------------------------------------------------
# Signals during a write: the old output survives; SIGINT/SIGTERM also leave no temporary file
# --------------------------------------------------------------------------------------------------------------------

# The child starts with Python's own SIGINT handler, as a command typed at a terminal does: a test run from a
# background job (make ... &) inherits SIGINT ignored, and the CLI rightly leaves an ignored SIGINT ignored.
_SLOW_WRITER = """
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
import summarizer.render.write as w
real = os.fsync
def slow(fd):
    sys.stderr.write("WRITING\\n"); sys.stderr.flush()
    time.sleep(60)
    real(fd)
w.os.fsync = slow
from summarizer.cli import cli
sys.exit(cli(sys.argv[1:]))
"""


def _interrupt_write(tmp_path: Path, sig: int) -> tuple[int, bytes]:
    out = tmp_path / "out.md"
    out.write_text("the previous brief\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, "brief", "a.txt", "-o", "out.md"],
        cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.PIPE, env=child_env(),
    )  # fmt: skip
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    seen = b""
    while b"WRITING" not in seen and time.monotonic() < deadline:
        seen += proc.stderr.readline()
    assert b"WRITING" in seen
    assert temp_leftovers(tmp_path)  # the new text sits in a temporary file, the old file is untouched
    assert out.read_text(encoding="utf-8") == "the previous brief\n"
    proc.send_signal(sig)
    try:
        rest = proc.communicate(timeout=60)[1]
    finally:  # a child that ignored the signal must not outlive the test (it would fail a later one with a warning)
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc.returncode, seen + rest


@pytest.mark.parametrize(
    ("sig", "code", "message"),
    [(signal.SIGINT, ExitCode.INTERRUPTED, b"interrupted"), (signal.SIGTERM, ExitCode.TERMINATED, b"terminated")],
    ids=["sigint", "sigterm"],
)
def test_signal_during_write_keeps_the_old_file_and_removes_the_temp(
    tmp_path: Path, article: Path, sig: int, code: int, message: bytes
) -> None:
    rc, err = _interrupt_write(tmp_path, sig)
    assert rc == code and message in err and b"Traceback" not in err
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == "the previous brief\n"
    assert temp_leftovers(tmp_path) == []


def test_sigkill_during_write_keeps_the_old_file(tmp_path: Path, article: Path) -> None:
    rc, _ = _interrupt_write(tmp_path, signal.SIGKILL)
    assert rc == -signal.SIGKILL
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == "the previous brief\n"
    # A kill cannot clean up: at most one hidden ".out.md.*.tmp" remains, never a truncated out.md.
    assert all(n.startswith(".out.md.") for n in temp_leftovers(tmp_path))
