"""Tests for summarizer.text.dates: finding temporal expressions with offsets and resolving them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.models import Span
from summarizer.text.dates import DateMatch, find_dates, parse_date, resolve_weekday, to_when

SUN_JAN_21 = dt.date(2024, 1, 21)  # a Sunday: the publication date of most of the seed corpus
D = dt.date


def only(text: str, published: dt.date | None = SUN_JAN_21) -> DateMatch:
    matches = find_dates(text, published)
    assert len(matches) == 1, matches
    return matches[0]


# --------------------------------------------------------------------------------------------------------------------
# parse_date
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Jan 21, 2024", D(2024, 1, 21), id="abbrev-month-day-year"),
        pytest.param("January 21, 2024", D(2024, 1, 21), id="full-month-day-year"),
        pytest.param("June 25, 2024", D(2024, 6, 25), id="june"),
        pytest.param("21/11/2023 22h33", D(2023, 11, 21), id="dmy-with-h-time"),
        pytest.param("2024-01-21", D(2024, 1, 21), id="iso"),
        pytest.param("2024-01-21T18:30:00Z", D(2024, 1, 21), id="iso-datetime"),
        pytest.param("21 November 2023", D(2023, 11, 21), id="day-month-year"),
        pytest.param("Sunday, January 21, 2024", D(2024, 1, 21), id="weekday-and-date"),
        pytest.param("Published: June 25, 2024", D(2024, 6, 25), id="published-label"),
        pytest.param("Updated Jan. 21, 2024 at 6:30 p.m.", D(2024, 1, 21), id="updated-label-and-time"),
        pytest.param("  Jan 21, 2024  ", D(2024, 1, 21), id="surrounding-whitespace"),
        pytest.param("11/21/2023", D(2023, 11, 21), id="mdy-unambiguous"),
        pytest.param("2024/01/21", D(2024, 1, 21), id="ymd-slashes"),
        pytest.param("Published 9:14 AM EST, Sun January 21, 2024", D(2024, 1, 21), id="cnn-style"),
        pytest.param("Sun 21 Jan 2024 14.30 GMT", D(2024, 1, 21), id="guardian-style"),
        pytest.param("Last updated on 21 January 2024, 08:00 GMT", D(2024, 1, 21), id="last-updated"),
    ],
)
def test_parse_date_reads_standalone_date_strings(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("Iranian-backed militants fired missiles", id="headline"),
        pytest.param("By bne IntelliNews January 21, 2024", id="byline-with-date"),
        pytest.param("Politics", id="label"),
        pytest.param("October 2022", id="month-precision-only"),
        pytest.param("Saturday", id="weekday-alone"),
        pytest.param("Jan 21, 2024 and more words", id="trailing-words"),
        pytest.param("February 30, 2024", id="impossible-date"),
    ],
)
def test_parse_date_rejects_text_that_is_not_just_a_day(text: str) -> None:
    assert parse_date(text) is None


def test_parse_date_without_year_needs_a_reference() -> None:
    assert parse_date("Nov 21") is None
    assert parse_date("Nov 21", reference=SUN_JAN_21) == D(2023, 11, 21)


# --------------------------------------------------------------------------------------------------------------------
# Explicit dates
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        pytest.param("a strike in Baghdad on Jan. 4, al-Sudani's office", "Jan. 4", D(2024, 1, 4), id="jan-dot"),
        pytest.param("since Oct. 17, according to the Pentagon", "Oct. 17", D(2023, 10, 17), id="oct-previous-year"),
        pytest.param("time Jan. 20, multiple ballistic missiles", "Jan. 20", D(2024, 1, 20), id="jan-20"),
        pytest.param("on January 20 for the first time", "January 20", D(2024, 1, 20), id="full-month-no-year"),
        pytest.param("on January 8, 2020 by IRGC", "January 8, 2020", D(2020, 1, 8), id="stated-year"),
        pytest.param("on Sunday, January 21st, injuring", "Sunday, January 21st", D(2024, 1, 21), id="weekday-ord"),
        pytest.param("BAGHDAD, Nov 21 (Reuters) - U.S. forces", "Nov 21", D(2023, 11, 21), id="dateline-nov"),
        pytest.param("Since October 17, there have been", "October 17", D(2023, 10, 17), id="since-october-17"),
        pytest.param("ever since the October 7 attack on Israel", "October 7", D(2023, 10, 7), id="october-7"),
        pytest.param("Following a July 16 drone attack", "July 16", D(2023, 7, 16), id="july-16-last-year"),
        pytest.param("published 21/11/2023 at noon", "21/11/2023 at noon", D(2023, 11, 21), id="dmy-noon"),
        pytest.param("the vote on 3 March 2024 was", "3 March 2024", D(2024, 3, 3), id="day-month-year"),
        pytest.param("on the 5th of March, 2024", "5th of March, 2024", D(2024, 3, 5), id="day-of-month"),
        pytest.param("due on Feb. 15 next", "Feb. 15", D(2024, 2, 15), id="near-future-same-year"),
        pytest.param("Sept. 11 attacks", "Sept. 11", D(2023, 9, 11), id="sept-abbrev"),
    ],
)
def test_explicit_dates_are_found_and_resolved(text: str, quote: str, expected: dt.date) -> None:
    m = only(text)
    assert (m.text, m.date, m.precision in ("day", "time")) == (quote, expected, True)
    assert text[m.start : m.end] == quote


def test_month_day_more_than_two_months_ahead_is_last_year() -> None:
    assert only("on Dec. 30").date == D(2023, 12, 30)
    assert only("on March 20").date == D(2024, 3, 20)  # within ~2 months ahead: same year
    assert only("on April 30").date == D(2023, 4, 30)


def test_month_day_a_few_weeks_after_publication_is_upcoming_this_year() -> None:
    # "Dec. 20" in an article of Dec. 1: the vote or hearing the story announces, not a day eleven months back
    m = only("The council votes on Dec. 20.", published=D(2024, 12, 1))
    assert (m.text, m.date) == ("Dec. 20", D(2024, 12, 20))


def test_calendar_dates_carry_their_weekday_and_stated_year() -> None:
    m = only("on Sunday, January 22, 2024, the", published=None)
    assert (m.date, m.weekday, m.calendar, m.year_stated) == (D(2024, 1, 22), 6, True, True)
    assert m.date is not None and m.date.weekday() == 0  # the text calls a Monday a Sunday: both facts are kept
    relative = only("Officials said yesterday that")
    assert (relative.calendar, relative.year_stated, relative.weekday) == (False, False, None)
    weekday = only("late Monday, according")
    assert (weekday.calendar, weekday.weekday) == (False, 0)


def test_month_day_without_publication_date_is_unresolved() -> None:
    m = only("since Oct. 17, according to", published=None)
    assert (m.text, m.date, m.precision) == ("Oct. 17", None, "unresolved")


@pytest.mark.parametrize(
    ("text", "quote", "expected", "precision"),
    [
        pytest.param("began in October 2022 with", "October 2022", D(2022, 10, 1), "month", id="month-year"),
        pytest.param("attack on Israel in April in response", "April", D(2023, 4, 1), "month", id="in-april"),
        pytest.param("war with Hamas in Gaza in October.", "October", D(2023, 10, 1), "month", id="in-october"),
        pytest.param("a massive attack in 2020 after", "2020", D(2020, 1, 1), "year", id="in-2020"),
        pytest.param(
            "some formed after the 2003 invasion, others since 2014", "2014", D(2014, 1, 1), "year", id="since"
        ),
        pytest.param("expected in early May", "early May", D(2023, 5, 1), "month", id="early-may"),
    ],
)
def test_months_and_years_have_coarse_precision(text: str, quote: str, expected: dt.date, precision: str) -> None:
    m = only(text)
    assert (m.text, m.date, m.precision) == (quote, expected, precision)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("You may go now, and they may follow.", id="may-modal"),
        pytest.param("May God protect them, he said.", id="may-sentence-start"),
        pytest.param("They will March on the capital.", id="march-verb-capitalised"),
        pytest.param("Officials counted 2,500 troops and 900 in Syria.", id="counts-not-years"),
        pytest.param("The 66 attacks hit bases", id="plain-number"),
        pytest.param("He said 3:1 was the ratio", id="ratio"),
        pytest.param("Team Jan Smith scored", id="jan-name-without-day"),
        pytest.param("Offices are closed on Mondays", id="plural-weekday"),
        pytest.param("flew in from Mar-a-Lago, his private club", id="mar-a-lago"),
        pytest.param("shares fell 2% in midday trading", id="midday-trading"),
    ],
)
def test_false_positives_are_not_matched(text: str) -> None:
    assert find_dates(text, SUN_JAN_21) == []


# --------------------------------------------------------------------------------------------------------------------
# Weekdays
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weekday", "expected"),
    [
        pytest.param(5, D(2024, 1, 20), id="saturday-is-the-day-before"),
        pytest.param(6, D(2024, 1, 21), id="same-weekday-is-publication-day"),
        pytest.param(0, D(2024, 1, 15), id="monday-is-six-days-before"),
        pytest.param(1, D(2024, 1, 16), id="tuesday"),
    ],
)
def test_resolve_weekday_picks_most_recent_on_or_before_publication(weekday: int, expected: dt.date) -> None:
    assert resolve_weekday(weekday, SUN_JAN_21) == expected


@pytest.mark.parametrize(
    ("text", "quote", "expected", "part"),
    [
        pytest.param("around 6:30 p.m. local time Saturday, Centcom", None, D(2024, 1, 20), None, id="saturday"),
        pytest.param("In a statement Saturday, the group said", "Saturday", D(2024, 1, 20), None, id="statement-sat"),
        pytest.param("referred The Washington Post on Sunday to Centcom", "Sunday", D(2024, 1, 21), None, id="on-sun"),
        pytest.param(
            "injured several American troops late Monday, according",
            "late Monday",
            D(2024, 1, 15),
            "late",
            id="late-monday",
        ),
        pytest.param("the battle on Tuesday night.", "Tuesday night", D(2024, 1, 16), "night", id="tuesday-night"),
        pytest.param("early Friday morning raids", "early Friday morning", D(2024, 1, 19), "early", id="early-fri"),
        pytest.param("claim of responsibility for Sunday’s attack", "Sunday", D(2024, 1, 21), None, id="possessive"),
        pytest.param("the Sunday Times reported", "Sunday", D(2024, 1, 21), None, id="sunday-times-ok"),
        pytest.param("it happened last Sunday", "last Sunday", D(2024, 1, 14), None, id="last-same-weekday"),
    ],
)
def test_weekdays_resolve_against_publication_date(
    text: str, quote: str | None, expected: dt.date, part: str | None
) -> None:
    m = only(text)
    assert m.date == expected
    assert m.part_of_day == part
    if quote is not None:
        assert m.text == quote


def test_weekday_without_publication_date_is_unresolved() -> None:
    m = only("injured several troops late Monday, according", published=None)
    assert (m.text, m.date, m.part_of_day, m.precision) == ("late Monday", None, "late", "unresolved")


# --------------------------------------------------------------------------------------------------------------------
# Relative words
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "expected", "precision"),
    [
        pytest.param("Officials said yesterday that", "yesterday", D(2024, 1, 20), "day", id="yesterday"),
        pytest.param("Today, the base", "Today", D(2024, 1, 21), "day", id="today-capitalised"),
        pytest.param("sirens sounded last night", "last night", D(2024, 1, 20), "day", id="last-night"),
        pytest.param(
            "Earlier this month, a rocket attack", "Earlier this month", D(2024, 1, 1), "month", id="earlier-this-month"
        ),
        pytest.param("strikes last month", "last month", D(2023, 12, 1), "month", id="last-month"),
        pytest.param("Last week, Iran's IRGC fired", "Last week", D(2024, 1, 8), "week", id="last-week-is-its-monday"),
        pytest.param("claims rose this week", "this week", D(2024, 1, 15), "week", id="this-week-is-its-monday"),
        pytest.param("two weeks ago, officials", "two weeks ago", D(2024, 1, 1), "week", id="weeks-ago"),
        pytest.param("over the past week", "past week", None, "unresolved", id="past-week-is-a-rolling-week"),
        pytest.param("over the past month", "past month", None, "unresolved", id="past-month"),
        pytest.param("elections last year", "last year", D(2023, 1, 1), "year", id="last-year"),
        pytest.param("two days ago, officials", "two days ago", D(2024, 1, 19), "day", id="two-days-ago"),
        pytest.param("3 months ago", "3 months ago", D(2023, 10, 1), "month", id="months-ago"),
    ],
)
def test_relative_words_resolve_against_publication_date(
    text: str, quote: str, expected: dt.date | None, precision: str
) -> None:
    m = only(text)
    assert (m.text, m.date, m.precision) == (quote, expected, precision)


def test_relative_word_with_a_dotted_capital_i_is_read_instead_of_raising() -> None:
    # "İ" matches "i" case-insensitively, but its lower() is two characters ("i" and a combining dot)
    m = only("TONİGHT the vote is held")
    assert (m.text, m.date, m.part_of_day) == ("TONİGHT", D(2024, 1, 21), "tonight")


def test_patterns_skipped_by_their_cheap_tests_still_match_where_they_apply() -> None:
    # each finder's pattern runs only when the text has what its matches need (a separator between digits, a month
    # prefix, a year, a weekday's "day", a relative word, a clock's colon or zone): one text with each kind
    text = (
        "On 21/11/2023 and Jan. 5, in 2020, late Monday, yesterday, two weeks ago, at 6:30 p.m., 6 pm, 22h33, "
        "1830 GMT, at noon"
    )
    found = [m.text for m in find_dates(text, SUN_JAN_21)]
    assert found == [
        "21/11/2023", "Jan. 5", "2020", "late Monday", "yesterday", "two weeks ago", "6:30 p.m.", "6 pm", "22h33",
        "1830 GMT", "noon",
    ]  # fmt: skip


def test_relative_words_without_publication_date_are_unresolved() -> None:
    m = only("Officials said yesterday that", published=None)
    assert (m.date, m.precision) == (None, "unresolved")


# --------------------------------------------------------------------------------------------------------------------
# Clock times
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "time"),
    [
        pytest.param("at 6 p.m. officials", "6 p.m.", "18:00", id="hour-pm"),
        pytest.param("at 18:30 GMT", "18:30", "18:30", id="24h"),
        pytest.param("at 1830 GMT", "1830 GMT", "18:30", id="military"),
        pytest.param("shortly before midnight", "midnight", "00:00", id="midnight"),
        pytest.param("at 12:15 a.m.", "12:15 a.m.", "00:15", id="twelve-am"),
        pytest.param("at 12:15 PM", "12:15 PM", "12:15", id="twelve-pm-upper"),
        pytest.param("at 7:45am", "7:45am", "07:45", id="am-attached"),
    ],
)
def test_clock_times_are_read_as_24h(text: str, quote: str, time: str) -> None:
    m = only(text)
    assert (m.text, m.time, m.precision, m.date) == (quote, time, "time", None)


def test_time_and_weekday_merge_into_one_match() -> None:
    text = "targeted Ain al-Asad Air Base, in Iraq’s Anbar province, around 6:30 p.m. local time Saturday, Centcom said"
    m = only(text)
    assert (m.text, m.date, m.time, m.precision) == ("6:30 p.m. local time Saturday", D(2024, 1, 20), "18:30", "time")


def test_time_with_zone_in_parentheses_merges_with_date() -> None:
    m = only("“At approximately 6:30 p.m. (Baghdad time) time Jan. 20, multiple ballistic missiles")
    assert (m.text, m.date, m.time) == ("6:30 p.m. (Baghdad time) time Jan. 20", D(2024, 1, 20), "18:30")


def test_time_range_shares_the_date_of_its_end() -> None:
    text = "33 missiles were launched between 1:05 a.m. and 1:32 a.m. on Sunday and the military"
    first, second = find_dates(text, SUN_JAN_21)
    assert (first.text, first.time, first.date) == ("1:05 a.m.", "01:05", D(2024, 1, 21))
    assert (second.text, second.time, second.date) == ("1:32 a.m. on Sunday", "01:32", D(2024, 1, 21))


def test_date_then_h_time_merges() -> None:
    m = only("21/11/2023 22h33", published=None)
    assert (m.date, m.time, m.precision) == (D(2023, 11, 21), "22:33", "time")


# --------------------------------------------------------------------------------------------------------------------
# Whole sentences from the seed corpus and general properties
# --------------------------------------------------------------------------------------------------------------------


def test_sentence_with_several_expressions_keeps_text_order_and_offsets() -> None:
    text = (
        "At least 10 missiles struck the Ain al-Asad air base in western Iraq on Sunday, January 21st, after a "
        "massive ballistic missile attack in 2020. Earlier this month, a rocket attack hit a refinery."
    )
    ms = find_dates(text, D(2024, 6, 25))
    assert [m.text for m in ms] == ["Sunday, January 21st", "2020", "Earlier this month"]
    assert [m.date for m in ms] == [D(2024, 1, 21), D(2020, 1, 1), D(2024, 6, 1)]
    assert all(text[m.start : m.end] == m.text for m in ms)


def test_to_when_carries_every_field_and_the_span() -> None:
    m = only("late Monday")
    span = Span(source="S1", start=10, end=21, quote="late Monday")
    w = to_when(m, span)
    assert (w.text, w.date, w.part_of_day, w.precision, w.evidence) == (
        "late Monday",
        D(2024, 1, 15),
        "late",
        "day",
        [span],
    )


@given(st.text(max_size=300), st.one_of(st.none(), st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 1, 1))))
def test_find_dates_never_raises_and_offsets_are_exact(text: str, published: dt.date | None) -> None:
    matches = find_dates(text, published)
    last_end = 0
    for m in matches:
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end
        last_end = m.end


@pytest.mark.parametrize("text", ["Monday", "Published: yesterday", "Sunday morning", "Christmas Day", "noon"])
def test_a_day_without_digits_is_a_calendar_date_only_against_a_reference(text: str) -> None:
    # without a reference, a calendar day needs its number written (parse_date skips find_dates on such text)
    assert parse_date(text) is None
    if text in ("Monday", "Published: yesterday"):
        assert parse_date(text, reference=dt.date(2024, 1, 24)) in (dt.date(2024, 1, 22), dt.date(2024, 1, 23))


_LOOKAHEAD_PATTERNS = (
    "_RE_MONTH_DAY",
    "_RE_MONTH_YEAR",
    "_RE_PREP_MONTH",
    "_RE_MID_MONTH",
    "_RE_YEAR",
    "_RE_WEEKDAY",
    "_RE_RELATIVE_PERIOD",
)
_LOOKAHEAD = re.compile(r"^\(\?=(\[[^\]]*\])\)")  # the look-ahead _starting_with puts before a pattern


def test_a_case_insensitive_first_letter_matches_only_ascii_characters() -> None:
    # the classes of _RE_WEEKDAY and _RE_RELATIVE_PERIOD list both cases of the first letters of their (?i:...)
    # words; no other character is matched by any of those letters case-insensitively
    letters = re.compile(r"(?i:[letnmp])")
    assert {ch for ch in map(chr, range(0x110000)) if letters.fullmatch(ch)} == set("letnmpLETNMP")


_DATE_PIECES = st.lists(
    st.sampled_from(
        ["late", "Late", "LATE", "early", "last", "This", "next", "on", "ON", "Monday", "Thursdays", "Sunday",
         "morning", "in", "In", "since", "by", "mid", "mid-", "January", "Jan.", "Sept", "May", "2024", "21",
         "of", "to", "and", "week", "MONTH", "year", "earlier", "past", " ", "-", ",", "\n", "\u017f", "\u0130"]
    ),
    max_size=10,
)  # fmt: skip


@given(st.one_of(_DATE_PIECES.map(" ".join), _DATE_PIECES.map("".join)))
def test_patterns_behind_a_first_character_class_match_as_without_it(text: str) -> None:
    from summarizer.text import dates

    for name in _LOOKAHEAD_PATTERNS:
        pattern = getattr(dates, name)
        lookahead = _LOOKAHEAD.match(pattern.pattern)
        assert lookahead is not None, name
        bare = re.compile(pattern.pattern[lookahead.end() :])
        assert [(m.span(), m.groups()) for m in pattern.finditer(text)] == [
            (m.span(), m.groups()) for m in bare.finditer(text)
        ], name
