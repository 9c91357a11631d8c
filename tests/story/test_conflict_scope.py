"""Conflicts only between comparable statements: a partial count (one place, one group) is not the total."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import article

from summarizer.engines.local.extract import extract_facts
from summarizer.story.conflicts import find_conflicts

DAY = dt.date(2019, 4, 22)


def _conflicts(a: str, b: str) -> list[str]:
    facts = [
        f
        for art in (article(a, "S1", published=DAY), article(b, "S2", published=DAY))
        for f in extract_facts(art).facts
    ]
    return [k.kind for k in find_conflicts(facts)]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            "Bombers killed 37 people at churches and hotels in Colombo on Sunday, police said.",
            "Bombers killed 13 people outside one church in Colombo on Sunday, police said.",
            id="one-place-vs-total",
        ),
        pytest.param(
            "Bombers killed 37 people at churches and hotels in Colombo on Sunday, police said.",
            "Ten of the 37 people killed at churches and hotels in Colombo on Sunday were foreigners, police said.",
            id="part-of-the-dead",
        ),
    ],
)
def test_a_partial_count_does_not_conflict_with_the_total(first: str, second: str) -> None:
    assert "count" not in _conflicts(first, second)


def test_different_totals_for_the_same_thing_conflict() -> None:
    kinds = _conflicts(
        "Bombers killed 37 people at churches and hotels in Colombo on Sunday, police said.",
        "Bombers killed 29 people at churches and hotels in Colombo on Sunday, officials said.",
    )
    assert "count" in kinds
