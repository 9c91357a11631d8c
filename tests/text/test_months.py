"""Tests for summarizer.text.months: the one table of month and weekday names."""

from __future__ import annotations

import re

import pytest

from summarizer.text.months import (
    MONTH_ABBREVIATIONS,
    MONTH_PATTERN,
    MONTHS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
    month_number,
)


@pytest.mark.parametrize(
    ("name", "number"),
    [
        pytest.param("January", 1, id="full-name"),
        pytest.param("Jan.", 1, id="abbreviation-with-period"),
        pytest.param("sept", 9, id="four-letter-abbreviation"),
        pytest.param("SEP", 9, id="upper-case"),
        pytest.param("May", 5, id="may"),
    ],
)
def test_month_names_and_abbreviations_have_their_number(name: str, number: int) -> None:
    assert month_number(name) == number


def test_a_word_that_is_not_a_month_has_no_number() -> None:
    assert month_number("Mayor") is None


def test_every_month_has_a_name_and_an_abbreviation() -> None:
    assert sorted(set(MONTHS.values())) == list(range(1, 13))
    assert "may" not in MONTH_ABBREVIATIONS  # a whole name: "May." ends a sentence
    assert {WEEKDAYS[a] for a in WEEKDAY_ABBREVIATIONS} == set(range(7))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("on Jan. 20", "Jan.", id="abbreviation"),
        pytest.param("on September 3", "September", id="full-name"),
        pytest.param("in Sept. 2020", "Sept.", id="sept"),
        pytest.param("the Mayor said", None, id="not-a-prefix-of-a-word"),
        pytest.param("in january", None, id="lower-case-is-not-a-month-name"),
    ],
)
def test_month_pattern_reads_capitalised_month_names(text: str, found: str | None) -> None:
    m = re.search(MONTH_PATTERN, text)
    assert (m.group(0) if m else None) == found
