"""Tests of engines.cache (shared by both engines): one location rule, whole entries only, unwritable = skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summarizer.engines import cache as cache_module
from summarizer.engines.cache import CACHE_ENV, BlobCache, code_fingerprint, default_cache_dir


def test_the_local_result_cache_and_the_llm_cache_share_one_location_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.engines.llm.cache import default_cache_dir as llm_default

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    assert default_cache_dir() == llm_default() == tmp_path / "c"
    assert BlobCache().directory == tmp_path / "c" / "results"


def test_a_stored_value_comes_back_and_a_missing_one_is_a_miss(tmp_path: Path) -> None:
    cache = BlobCache(tmp_path, kind="articles")
    assert cache.get("ab12") is None
    cache.put("ab12", b'{"x": 1}')
    assert cache.get("ab12") == b'{"x": 1}'
    assert BlobCache(tmp_path, kind="articles", enabled=False).get("ab12") is None


def test_an_interrupted_write_leaves_no_entry_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = BlobCache(tmp_path, kind="articles")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.put("cd34", b"value")
    monkeypatch.setattr(cache_module.os, "replace", os.replace)
    assert cache.get("cd34") is None
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = BlobCache(blocker, kind="articles")
    cache.put("ef56", b"value")  # no error: the run's output never depends on the cache
    assert cache.get("ef56") is None


def test_the_code_fingerprint_is_stable_within_a_process() -> None:
    assert code_fingerprint() == code_fingerprint() and len(code_fingerprint()) == 64


def test_the_fingerprinted_files_are_the_code_and_data_files_in_pathlib_order(tmp_path: Path) -> None:
    names = ["a-b.py", "a/b.py", "a/c.txt", "data/x.bin", "sub/data/y", "__pycache__/z.pyc", "m.md", "j.json",
             "q.tar.json", "x.", ".hidden.py", "notes.rst", "b/__init__.py"]  # fmt: skip
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    expected = [
        p.relative_to(tmp_path).parts
        for p in sorted(tmp_path.rglob("*"))
        if p.is_file() and (p.suffix in (".py", ".txt", ".md", ".json") or p.parent.name == "data")
    ]
    assert cache_module._code_files(str(tmp_path)) == expected
    assert ("a-b.py",) in expected and ("data", "x.bin") in expected and ("notes.rst",) not in expected
