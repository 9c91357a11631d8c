"""Tests of summarizer.engines.llm.cache: the content-addressed response cache (always in tmp_path)."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.engines.llm.cache import CACHE_ENV, ResponseCache, default_cache_dir, schema_hash
from summarizer.engines.llm.schema import ComposeResponse, ExtractResponse

BASE = {"model": "openai:gpt-4.1-mini", "mode": "tools", "prompt": "p1", "schema": "s1", "article": "a1"}


def test_value_round_trips_through_disk(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    key = cache.key(**BASE)
    path = cache.put(key, {"facts": [{"text": "é"}]})
    assert path is not None and path.is_file() and path.parent.parent == tmp_path
    assert ResponseCache(tmp_path).get(key) == {"facts": [{"text": "é"}]}


@pytest.mark.parametrize("part", [pytest.param(k, id=k) for k in BASE])
def test_key_changes_when_any_part_changes(part: str) -> None:
    assert ResponseCache.key(**BASE) != ResponseCache.key(**{**BASE, part: "other"})


def test_key_is_independent_of_argument_order() -> None:
    assert ResponseCache.key(**BASE) == ResponseCache.key(**dict(reversed(list(BASE.items()))))


def test_disabled_cache_misses_and_stores_nothing(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, enabled=False)
    assert cache.put("ab" * 32, {"x": 1}) is None
    assert cache.get("ab" * 32) is None
    assert not any(tmp_path.iterdir())


def test_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    key = cache.key(**BASE)
    path = cache.put(key, {"x": 1})
    assert path is not None
    path.write_text("{not json", encoding="utf-8")
    assert cache.get(key) is None


def test_default_dir_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    assert ResponseCache().directory == tmp_path / "c"


def test_default_dir_falls_back_to_xdg_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "summarizer"


def test_schema_hash_distinguishes_response_models() -> None:
    assert schema_hash(ExtractResponse) != schema_hash(ComposeResponse)
    assert schema_hash(ExtractResponse) == schema_hash(ExtractResponse)
