"""Fault matrix, review page file access: a brief JSON is data, never a list of paths to read."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from fault_harness import ARTICLE, fifo, run_cli, tree

from summarizer.errors import ExitCode
from summarizer.models import Brief, EngineInfo, Source


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hostile_brief(folder: Path, path: str, *, sha: str, text: str | None = None, encoding: str = "utf-8") -> Path:
    """A brief JSON (written by anyone) whose one source names ``path``."""
    b = Brief(
        engine=EngineInfo(name="local"),
        sources=[Source(id="S1", path=path, sha256=sha, encoding=encoding, text=text)],
    )
    out = folder / "brief.json"
    out.write_text(b.model_dump_json(), encoding="utf-8")
    return out


def _review(folder: Path, *extra: str) -> tuple[int, str, str]:
    r = run_cli(["review", "brief.json", "--no-open", *extra], cwd=folder)
    page = (folder / "brief.html").read_text(encoding="utf-8") if (folder / "brief.html").exists() else ""
    return r.code, page, r.err


def test_absolute_path_outside_the_folder_is_never_read_even_with_its_real_hash(tmp_path: Path) -> None:
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("TOP-SECRET-CANARY root:x:0:0\n", encoding="utf-8")
    try:
        folder = tmp_path / "briefs"
        folder.mkdir()
        _hostile_brief(folder, str(secret), sha=_sha(secret.read_bytes()))
        code, page, err = _review(folder)
    finally:
        secret.unlink()
    assert code == ExitCode.OK
    assert "TOP-SECRET-CANARY" not in page
    assert "Source text unavailable" in page and "outside the brief" in page
    assert "S1: source text unavailable" in err


def test_etc_passwd_is_never_copied_into_a_page(tmp_path: Path) -> None:
    if not Path("/etc/passwd").exists():
        pytest.skip("no /etc/passwd")
    _hostile_brief(tmp_path, "/etc/passwd", sha=_sha(Path("/etc/passwd").read_bytes()))
    code, page, _ = _review(tmp_path)
    assert code == ExitCode.OK
    assert "root:" not in page and "Source text unavailable" in page


def test_dot_dot_traversal_is_never_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("CANARY-DOTDOT\n", encoding="utf-8")
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    _hostile_brief(folder, "../../outside.txt", sha=_sha(outside.read_bytes()))
    code, page, _ = _review(folder)
    assert code == ExitCode.OK and "CANARY-DOTDOT" not in page and "Source text unavailable" in page


def test_proc_self_environ_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-CANARY-not-a-real-key")
    _hostile_brief(tmp_path, "/proc/self/environ", sha="0" * 64)
    code, page, _ = _review(tmp_path)
    assert code == ExitCode.OK
    assert "sk-CANARY" not in page and "is a system path; it is never read" in page


def test_symlink_inside_the_folder_pointing_outside_is_never_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("CANARY-SYMLINK\n", encoding="utf-8")
    folder = tmp_path / "briefs"
    folder.mkdir()
    os.symlink(outside, folder / "article.txt")
    _hostile_brief(folder, "article.txt", sha=_sha(outside.read_bytes()))
    code, page, _ = _review(folder)
    assert code == ExitCode.OK and "CANARY-SYMLINK" not in page and "outside the brief" in page


def test_fifo_named_by_a_brief_is_not_waited_on(tmp_path: Path) -> None:
    with fifo(tmp_path / "article.txt"):
        _hostile_brief(tmp_path, "article.txt", sha="0" * 64)
        t0 = time.monotonic()
        code, page, _ = _review(tmp_path)
        assert time.monotonic() - t0 < 30
    assert code == ExitCode.OK and "named pipe" in page


def test_device_named_by_a_brief_is_not_read(tmp_path: Path) -> None:
    _hostile_brief(tmp_path, "/dev/zero", sha="0" * 64)
    code, page, _ = _review(tmp_path)
    assert code == ExitCode.OK and "is a system path" in page


def test_file_whose_bytes_changed_is_reported_as_a_hash_mismatch(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("EDITED-AFTERWARDS " + ARTICLE, encoding="utf-8")
    _hostile_brief(tmp_path, "article.txt", sha=_sha(ARTICLE.encode()))
    code, page, err = _review(tmp_path)
    assert code == ExitCode.OK
    assert "EDITED-AFTERWARDS" not in page
    assert "did not match its recorded hash" in page
    assert "does not match the sha256 recorded in the brief" in err


def test_file_inside_the_folder_with_the_recorded_hash_is_shown(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    _hostile_brief(tmp_path, "article.txt", sha=_sha(ARTICLE.encode()))
    code, page, _ = _review(tmp_path)
    assert code == ExitCode.OK and "Elm Street flood barrier" in page and "Source text unavailable" not in page


def test_brief_moved_with_its_sources_still_finds_them(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    _hostile_brief(tmp_path, "/somewhere/else/article.txt", sha=_sha(ARTICLE.encode()))
    code, page, _ = _review(tmp_path)
    assert code == ExitCode.OK and "Elm Street flood barrier" in page


def test_embedded_text_is_used_and_the_named_path_is_not_read(tmp_path: Path) -> None:
    _hostile_brief(tmp_path, "/etc/shadow", sha="0" * 64, text="Embedded article text only.")
    code, page, _ = _review(tmp_path)
    assert code == ExitCode.OK and "Embedded article text only." in page


@pytest.mark.parametrize("encoding", ["base64", "no-such-codec"], ids=["binary-codec", "unknown-codec"])
def test_recorded_encoding_that_is_not_a_text_encoding_is_not_used(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    _hostile_brief(tmp_path, "article.txt", sha=_sha(ARTICLE.encode()), encoding=encoding)
    code, page, _ = _review(tmp_path)
    assert code == ExitCode.OK and "Source text unavailable" in page and "Elm Street" not in page


def test_brief_json_that_is_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    with fifo(tmp_path / "brief.json"):
        r = run_cli(["review", "brief.json", "--no-open"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT and "brief.json: is a named pipe (FIFO)" in r.err


def test_brief_json_that_is_not_a_brief_is_bad_input_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "brief.json").write_text('{"sources": "/etc/passwd"}', encoding="utf-8")
    before = tree(tmp_path)
    r = run_cli(["review", "brief.json", "--no-open"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT and "is not a summarizer JSON brief" in r.err
    assert tree(tmp_path) == before


def test_brief_json_that_is_not_utf8_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "brief.json").write_bytes(b'{"engine": "\xff\xfe"}')
    r = run_cli(["review", "brief.json", "--no-open"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT and "is not UTF-8 text" in r.err
