"""Runs at a day's volume: the same brief in this process, in a process pool and on a Dask cluster; one failed
article or story is an error entry; the result cache makes a rerun after Ctrl-C, or with new articles, redo only the
work not done."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from paths import DATA, EXAMPLES

from summarizer import EngineSettings, brief
from summarizer.batch.executor import InProcess
from summarizer.engines.local.engine import LocalEngine
from summarizer.models import Article, ComposedStory, Extraction, StoryPlan

NO_CACHE = EngineSettings(no_cache=True)


def _inputs(tmp_path: Path) -> list[str]:
    """Real articles of several stories, plus an empty file, a duplicate, a binary file and a JSON Lines feed (two
    records, one bad line) among them."""
    paths = [str(p) for p in EXAMPLES] + [str(p) for p in sorted((DATA / "ood").rglob("*.txt"))]
    wire = EXAMPLES[3].read_text(encoding="utf-8") + "\n\nMore to follow."
    feed = [
        json.dumps({"id": "wire-1", "title": "Bridge closed", "text": wire, "published": "2024-01-21"}),
        "{not json",
        json.dumps({"text": "Council meets on Tuesday.\n\nThe council said it will meet."}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(feed) + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "copy.txt").write_bytes(Path(paths[1]).read_bytes())
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return [paths[0], str(tmp_path / "empty.txt"), *paths[1:3], str(tmp_path / "copy.txt"),
            str(tmp_path / "image.txt"), *paths[3:], str(tmp_path / "feed.jsonl")]  # fmt: skip


class _Starting(InProcess):
    """Runs the work in this process and records, in ``events``, when it was started."""

    def __init__(self, events: list[str]) -> None:
        self.events = events

    def start(self, prepare: Any = None) -> None:
        self.events.append("start")


def test_the_executor_starts_while_the_inputs_are_still_being_read() -> None:
    events: list[str] = []

    def records() -> Iterator[dict[str, str]]:
        for i, path in enumerate(EXAMPLES[:3]):
            events.append(f"read {i}")
            yield {"id": f"a{i}", "text": path.read_text(encoding="utf-8")}

    b = brief(records=records(), engine="local", settings=NO_CACHE, executor=_Starting(events))
    assert events == ["read 0", "start", "read 1", "read 2"]  # a given executor is settled from the first input
    assert len(b.sources) == 3


def test_the_brief_is_byte_identical_in_process_and_in_a_pool_of_two(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    serial = brief(paths, engine="local", settings=NO_CACHE, jobs=1)
    pooled = brief(paths, engine="local", settings=NO_CACHE, jobs=2)
    assert len(serial.stories) > 2
    assert {e.problem for e in serial.errors} == {"empty", "duplicate", "binary", "bad-record"}
    assert {s.path for s in serial.sources} >= {"wire-1", f"{tmp_path / 'feed.jsonl'}#3"}
    assert pooled.model_dump_json() == serial.model_dump_json()


def test_the_brief_is_byte_identical_on_a_dask_cluster(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    paths = _inputs(tmp_path)
    serial = brief(paths, engine="local", settings=NO_CACHE, jobs=1)
    # The scheduler always serves HTTP, on 8787 unless told: port 0 keeps parallel runs from colliding (a clash warns).
    with distributed.LocalCluster(
        n_workers=2, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0", threads_per_worker=1
    ) as cluster:
        on_dask = brief(paths, engine="local", settings=NO_CACHE, executor=cluster.scheduler_address)
    assert on_dask.model_dump_json() == serial.model_dump_json()


class FailsOnCourtRuling(LocalEngine):
    """Breaks (a bug, not a service failure) on one article and on the story of another."""

    def extract(self, article: Article) -> Extraction:
        if "court" in article.path:
            raise RuntimeError(f"boom on this article in process {os.getpid()}")
        return super().extract(article)

    def compose(self, plan: StoryPlan) -> ComposedStory:
        if any("Northwind" in f.text for f in plan.facts):
            raise RuntimeError("boom on this story")
        return super().compose(plan)


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "pool"])
def test_an_article_or_story_that_breaks_in_a_worker_is_an_error_entry_and_the_others_are_used(jobs: int) -> None:
    paths = [str(p) for p in EXAMPLES] + [str(p) for p in sorted((DATA / "ood").rglob("*.txt"))]
    b = brief(paths, engine=FailsOnCourtRuling(), settings=NO_CACHE, jobs=jobs)
    [error] = [e for e in b.errors if e.problem == "failed"]
    assert "court" in error.path and "boom on this article" in error.message
    assert (error.message.endswith(f"process {os.getpid()}")) == (jobs == 1)  # the pool's workers did the work
    [story_error] = [e for e in b.errors if e.problem == "compose-failed"]
    assert "press_release" in story_error.path and "boom on this story" in story_error.message
    assert b.stories and all("court" not in b.source(s).path for st in b.stories for s in st.sources)


class Counting(LocalEngine):
    """Counts its work; raises KeyboardInterrupt (a Ctrl-C) on the ``stop_at``-th article it extracts."""

    def __init__(self, stop_at: int | None = None) -> None:
        self.stop_at = stop_at
        self.extracted: list[str] = []
        self.composed: list[str] = []

    def extract(self, article: Article) -> Extraction:
        if self.stop_at is not None and len(self.extracted) + 1 == self.stop_at:
            raise KeyboardInterrupt
        self.extracted.append(article.path)
        return super().extract(article)

    def compose(self, plan: StoryPlan) -> ComposedStory:
        self.composed.append(plan.id)
        return super().compose(plan)


def _many(tmp_path: Path, n: int) -> list[str]:
    """``n`` distinct article files (real texts, each copy with its own first line)."""
    texts = [p.read_text(encoding="utf-8") for p in [*EXAMPLES, *sorted((DATA / "ood").rglob("*.txt"))]]
    out = []
    for i in range(n):
        p = tmp_path / f"a{i:03d}.txt"
        p.write_text(f"Bulletin {i}\n\n{texts[i % len(texts)]}", encoding="utf-8")
        out.append(str(p))
    return out


def test_a_run_interrupted_after_k_articles_redoes_only_the_missing_ones(tmp_path: Path) -> None:
    paths = _many(tmp_path, 12)
    settings = EngineSettings(cache_dir=str(tmp_path / "cache"))
    with pytest.raises(KeyboardInterrupt):
        brief(paths, engine=Counting(stop_at=8), settings=settings, jobs=1)
    again = Counting()
    resumed = brief(paths, engine=again, settings=settings, jobs=1)
    assert again.extracted == paths[7:]  # the 7 finished before Ctrl-C came from the cache
    fresh = brief(paths, engine="local", settings=NO_CACHE, jobs=1)
    assert resumed.model_dump_json() == fresh.model_dump_json()
    rerun = Counting()
    assert brief(paths, engine=rerun, settings=settings, jobs=1).model_dump_json() == fresh.model_dump_json()
    assert rerun.extracted == [] and rerun.composed == []


def test_new_articles_cost_their_own_extraction_and_the_stories_they_join(tmp_path: Path) -> None:
    paths = _many(tmp_path, 14)
    old, new = paths[:12], paths[12:]  # the new ones are copies of texts already there: they join those stories
    settings = EngineSettings(cache_dir=str(tmp_path / "cache"))
    first = brief(old, engine="local", settings=settings, jobs=1)
    engine = Counting()
    grown = brief([*old, *new], engine=engine, settings=settings, jobs=1)
    assert engine.extracted == new
    touched = [s.id for s in grown.stories if {grown.source(x).path for x in s.sources} & set(new)]
    assert touched and sorted(engine.composed) == sorted(touched)
    assert len(engine.composed) < len(first.stories)
    fresh = brief([*old, *new], engine="local", settings=NO_CACHE, jobs=1)
    assert grown.model_dump_json() == fresh.model_dump_json()


def test_no_cache_neither_reads_nor_writes_the_cache(tmp_path: Path) -> None:
    paths = _many(tmp_path, 3)
    cache = tmp_path / "cache"
    brief(paths, engine="local", settings=EngineSettings(cache_dir=str(cache), no_cache=True), jobs=1)
    assert not cache.exists()
    brief(paths, engine="local", settings=EngineSettings(cache_dir=str(cache)), jobs=1)
    assert len(list((cache / "articles").rglob("*"))) > 3  # one entry per article, in its folder
    engine = Counting()
    brief(paths, engine=engine, settings=EngineSettings(cache_dir=str(cache), no_cache=True), jobs=1)
    assert engine.extracted == paths


def test_a_cached_article_under_another_name_and_position_gets_its_new_id_and_path(tmp_path: Path) -> None:
    paths = _many(tmp_path, 3)
    settings = EngineSettings(cache_dir=str(tmp_path / "cache"))
    brief(paths, engine="local", settings=settings, jobs=1)
    moved = tmp_path / "moved.txt"
    moved.write_bytes(Path(paths[0]).read_bytes())
    order = [paths[2], str(moved), paths[1]]
    engine = Counting()
    cached = brief(order, engine=engine, settings=settings, jobs=1)
    assert engine.extracted == []
    assert cached.model_dump_json() == brief(order, engine="local", settings=NO_CACHE, jobs=1).model_dump_json()
    assert [s.path for s in cached.sources] == order


def test_a_cached_record_read_from_another_line_of_another_feed_gets_its_new_origin(tmp_path: Path) -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8")
    record = json.dumps({"text": text, "title": "A title given by the feed"})
    (tmp_path / "monday.jsonl").write_text(record + "\n", encoding="utf-8")
    (tmp_path / "tuesday.jsonl").write_text(json.dumps({"text": "Other news.\n\nIt rained."}) + "\n" + record + "\n")
    settings = EngineSettings(cache_dir=str(tmp_path / "cache"))
    brief([str(tmp_path / "monday.jsonl")], engine="local", settings=settings, jobs=1)
    engine = Counting()
    cached = brief([str(tmp_path / "tuesday.jsonl")], engine=engine, settings=settings, jobs=1)
    assert len(engine.extracted) == 1  # only the new record
    fresh = brief([str(tmp_path / "tuesday.jsonl")], engine="local", settings=NO_CACHE, jobs=1)
    assert cached.model_dump_json() == fresh.model_dump_json()
    assert cached.sources[1].origin == f"{tmp_path / 'tuesday.jsonl'}#2"
