"""The conflicts test set (tests/data/conflicts/): constructed article pairs with the conflicts they must and must
not produce -- partial vs total counts, different places, groups and time frames, real disagreements, an AI-written
disputant -- and no false conflict on the example articles or the out-of-domain set."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from paths import DATA, EXAMPLES

from summarizer import brief
from summarizer.engines.local.extract import extract_facts
from summarizer.ingest.sources import read_source
from summarizer.models import Article, Brief, Conflict, Story
from summarizer.render.html import render_html
from summarizer.render.markdown import render_markdown
from summarizer.story.conflicts import find_conflicts

SET = DATA / "conflicts"
CASES: list[dict[str, Any]] = json.loads((SET / "expected.json").read_text(encoding="utf-8"))["cases"]


def paths(case: dict[str, Any]) -> list[Path]:
    return [SET / case["name"] / name for name in case["articles"]]


def articles(case: dict[str, Any]) -> list[Article]:
    return [read_source(str(p), f"S{i}") for i, p in enumerate(paths(case), start=1)]


def story_conflicts(arts: list[Article]) -> list[Conflict]:
    """The conflicts among the articles taken as one story (as the pipeline passes a story's facts)."""
    return find_conflicts([f for a in arts for f in extract_facts(a).facts])


@cache
def case_brief(name: str) -> Brief:
    case = next(c for c in CASES if c["name"] == name)
    return brief([str(p) for p in paths(case)], engine="local")


def positions_of(conflict: Conflict, ids: dict[str, str]) -> list[tuple[list[str], str]]:
    return [([ids[s] for s in p.sources], p.text) for p in conflict.positions]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in CASES])
def test_each_case_reports_exactly_the_expected_conflicts(case: dict[str, Any]) -> None:
    arts = articles(case)
    ids = {a.id: name for a, name in zip(arts, case["articles"], strict=True)}
    found = story_conflicts(arts)
    for want in case["conflicts"]:
        match = [c for c in found if c.kind == want["kind"] and c.about == want["about"]]
        assert match, f"no {want['kind']} conflict about {want['about']!r}: {[c.about for c in found]}"
        got = positions_of(match[0], ids)
        assert sorted(sources for sources, _ in got) == sorted(p["sources"] for p in want["positions"])
        for p in want["positions"]:
            text = next(t for sources, t in got if sources == p["sources"])
            assert p["figure"] in text
        for position in match[0].positions:
            for c in position.citations:
                article = arts[int(c.source[1:]) - 1]
                assert article.text[c.start : c.end] == c.quote
    wanted = {(c["kind"], c["about"]) for c in case["conflicts"]}
    extra = [(c.kind, c.about) for c in found if (c.kind, c.about) not in wanted]
    assert [k for k in extra if k[0] in case.get("not_conflicts", [])] == []
    assert extra == [], f"unexpected conflicts: {extra}"


def story_of(b: Brief, sentence: str) -> tuple[Story, str | None]:
    for story in b.stories:
        for s in story.sentences:
            if sentence in s.text:
                return story, s.note
    raise AssertionError(f"no brief sentence contains {sentence!r}")


NOTE_CASES = [(c, n) for c in CASES for n in c.get("notes", [])]


@pytest.mark.parametrize(("case", "want"), [pytest.param(c, n, id=c["name"]) for c, n in NOTE_CASES])
def test_a_disputed_sentence_says_who_disputes_it(case: dict[str, Any], want: dict[str, str]) -> None:
    _, note = story_of(case_brief(case["name"]), want["sentence"])
    assert note is not None and want["note"] in note


def test_the_example_articles_keep_their_real_conflicts_and_no_count_conflict() -> None:
    arts = [read_source(str(p), f"S{i}") for i, p in enumerate(EXAMPLES[:3], start=1)]
    kinds = sorted(c.kind for c in story_conflicts(arts))
    assert kinds == ["date", "responsibility", "time"]


CONFLICT_CASES = [c for c in CASES if c["conflicts"]]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in CONFLICT_CASES])
def test_in_the_brief_each_position_shows_its_sources_standing(case: dict[str, Any]) -> None:
    b = case_brief(case["name"])
    ids = {s.id: Path(s.path).name for s in b.sources}
    found = [k for story in b.stories for k in story.conflicts]
    for want in case["conflicts"]:
        conflict = next(k for k in found if (k.kind, k.about) == (want["kind"], want["about"]))
        assert conflict.note == case.get("conflict_note")
        for p in conflict.positions:
            assert [st.source for st in p.standing] == p.sources
            w = next(x for x in want["positions"] if x["sources"] == [ids[s] for s in p.sources])
            assert all(set(w.get("flags", [])) <= set(st.flags) for st in p.standing)
            assert all(st.low == w.get("low", False) for st in p.standing)


def test_markdown_and_html_show_the_low_standing_disputant() -> None:
    b = case_brief("ai_written_disputant")
    md = render_markdown(b)
    assert "*number of workers injured*" in md and "*disputed only by S3, an AI-written source*" in md
    assert "S3 (an AI-written source, weight " in md
    page = render_html(b, articles={s.id: Path(s.path).read_text(encoding="utf-8") for s in b.sources})
    assert '<p class="conflict-note">disputed only by S3, an AI-written source</p>' in page
    assert re.search(r'<li class="standing-low">S3, an AI-written source · weight 0\.\d\d · automated-content', page)
