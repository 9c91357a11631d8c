"""Dates and times in news text: finding them with exact offsets and resolving them to calendar dates.

This module owns the reading of temporal expressions as news articles write them:

* explicit dates -- "Jan. 20", "January 20, 2024", "Nov 21", "21 November 2023", "21/11/2023", "2024-01-21",
  "January 21st";
* weekdays -- "Saturday", "late Monday", "Tuesday night", "last Friday";
* relative words -- "yesterday", "today", "last night", "last week", "earlier this month", "two days ago" (a week
  resolves to its Monday with precision "week"; "the past week", a rolling seven days, stays unresolved);
* clock times -- "6:30 p.m.", "1:05 a.m.", "18:30", "22h33", "1830 GMT", "noon";
* months and years -- "in October", "in October 2022", "in 2020".

This is the one date resolver of the package: every module that needs the calendar date of an expression calls
:func:`find_dates` (or :func:`parse_date`) rather than reading dates itself; month and weekday names come from
:mod:`summarizer.text.months`.

Resolution follows newsroom convention: a weekday refers to the most recent such day on or before the publication
date (the publication weekday itself means the publication day); a month-day without a year takes the publication
year unless that lands more than about two months (:data:`LOOKAHEAD`) after publication, in which case it is the
previous year. News style drops the year for dates of the current year and states it for any other, so "Dec. 20" in
an article of 2024-12-01 is 2024-12-20, an upcoming date (a vote, a hearing, a deadline), not a day eleven months
back; only a date far ahead ("Nov. 3" written in January) is read as last year's. Nothing is resolved without a
publication date (``date`` is None and ``precision`` is "unresolved"), except expressions that state their year.

Only regular expressions are used; capitalised month and weekday names are required, and the ambiguous month names
"May" and "March" only count next to a day number, a year or a preposition ("in May").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from summarizer.models import Span, When
from summarizer.text.months import MONTH_PATTERN, MONTHS, WEEKDAY_ABBREVIATIONS, WEEKDAY_PATTERN, WEEKDAYS
from summarizer.text.normalize import caseless
from summarizer.text.numbers import NUMBER_WORDS
from summarizer.text.regex import lazy_compile

Precision = Literal["time", "day", "week", "month", "year", "unresolved"]
Kind = Literal["date", "weekday", "relative", "week", "month", "year", "time"]

__all__ = ["DateMatch", "Precision", "find_dates", "parse_date", "resolve_weekday", "to_when"]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One temporal expression found in a text. ``start``/``end`` are offsets into the text that was searched.

    ``weekday`` is the weekday the expression names (0 = Monday), which may disagree with ``date`` when the text
    contradicts itself ("Sunday, January 22" when the 22nd is a Monday: ``date`` is the 22nd). ``calendar`` is True
    when the expression writes its day out as a calendar date (month and day, or all-numeric) rather than counting
    from publication ("Monday", "yesterday"); ``year_stated`` when it writes the year."""

    start: int
    end: int
    text: str
    date: dt.date | None
    time: str | None
    part_of_day: str | None
    precision: Precision
    weekday: int | None = None
    calendar: bool = False
    year_stated: bool = False


# --------------------------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------------------------

_MON = MONTH_PATTERN
_WD = WEEKDAY_PATTERN

# "two days ago", "a week earlier": small amounts written as words (the number words are numbers.py's).
_NUMBER_WORDS = {"a": 1, "an": 1, **{w: v for w, v in NUMBER_WORDS.items() if 1 <= v <= 12}}

_AMPM = r"(?:[aApP]\.[mM]\.?|[aApP][mM](?![A-Za-z]))"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"((?:1[89]|20)\d{2})(?![\d])"
_YEAR_PREPS = (
    r"(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Dd]uring|[Ff]rom|[Tt]hrough|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate|"
    r"[Mm]id-?|[Aa]round|[Bb]etween|and|to)"
)
_MONTH_PREPS = _YEAR_PREPS[:-1] + r"|[Ll]ast|[Tt]his|[Nn]ext|of)"

# --------------------------------------------------------------------------------------------------------------------
# Patterns (each has a handler below)
# --------------------------------------------------------------------------------------------------------------------


def _starting_with(first: str, pattern: str) -> str:
    """``pattern`` behind a look-ahead for ``first``, a character class of every character a match of it can start
    with (the first letters of the words it opens with, both cases, and of a case-insensitive word every character
    that ``re.IGNORECASE`` matches with them: ASCII only for these letters, tests/text/test_dates.py checks). The same
    matches; where the class fails, the engine rejects the position at once instead of trying the word boundary, the
    optional groups and each word of the alternations."""
    return rf"(?={first})" + pattern


_RE_ISO = lazy_compile(
    r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d-])"
)
_RE_YMD = lazy_compile(r"(?<![\d/.])(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?![\d/]|\.\d)")
_RE_NUMERIC = lazy_compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/]|\.\d)")
_RE_MONTH_DAY = lazy_compile(
    _starting_with("[JFMASOND]", r"(?<![\w])(" + _MON + r")\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?")
)
_RE_DAY_MONTH = lazy_compile(r"(?<![\w.,])" + _DAY + r"\s+(?:of\s+)?(" + _MON + r")(?:,?\s+" + _YEAR + r")?")
_RE_MONTH_YEAR = lazy_compile(
    _starting_with("[EeLlMmJFASOND]", r"(?<![\w])(?:([Ee]arly|[Ll]ate|[Mm]id)[\s-]+)?(" + _MON + r"),?\s+" + _YEAR)
)
_RE_PREP_MONTH = lazy_compile(
    _starting_with(
        "[IiSsBbUuTtDdFfAaEeLlMmNno]",
        r"\b" + _MONTH_PREPS + r"\s+(?:([Ee]arly|[Ll]ate|[Mm]id)[\s-]+)?(" + _MON + r")(?![\w])(?!\s+\d|-\w)",
    )
)
_RE_MID_MONTH = lazy_compile(
    _starting_with("[EeLlMm]", r"(?<![\w])([Ee]arly|[Ll]ate|[Mm]id)[\s-]+(" + _MON + r")(?![\w])(?!\s+\d|-\w)")
)
_RE_YEAR = lazy_compile(
    _starting_with(
        "[IiSsBbUuTtDdFfAaEeLlMm]",
        r"\b" + _YEAR_PREPS + r"\s+(?:([Ee]arly|[Ll]ate|[Mm]id)[\s-]+)?" + _YEAR + r"(?![,.]\d)",
    )
)
_RE_WEEKDAY = lazy_compile(
    _starting_with(
        "[EeLlNnTtMWFS]",
        r"(?:\b((?i:late|early|last|this|next))[\s-]+(?:(?i:on)\s+)?)?\b(" + _WD + r")(?!s\b)\b"
        r"(?:\s+((?i:morning|afternoon|evening|night|overnight)))?",
    )
)
_RE_RELATIVE_DAY = lazy_compile(
    r"\b(?:((?i:late|early))\s+)?((?i:yesterday|today|tonight|tomorrow))\b"
    r"(?:\s+((?i:morning|afternoon|evening|night)))?"
)
_RE_LAST_NIGHT = lazy_compile(r"\b((?i:last|this))\s+((?i:night|morning|afternoon|evening|weekend))\b")
_RE_RELATIVE_PERIOD = lazy_compile(
    _starting_with(
        "[EeLlMmNnPpTt]",
        r"\b(?:((?i:late|early|mid))[\s-]+)?((?i:earlier|later|last|this|next|past))\s+(?:(?i:this)\s+)?"
        r"((?i:week|month|year))\b",
    )
)
_RE_AGO = lazy_compile(
    r"\b(\d{1,3}|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several))\s+"
    r"((?i:day|week|month|year))s?\s+((?i:ago))\b"
)
_RE_CLOCK = lazy_compile(r"(?<![\d:.,])(\d{1,2}):(\d{2})(?::\d{2})?(?![\d:])(?:\s*(" + _AMPM + r"))?")
_RE_HOUR_AMPM = lazy_compile(r"(?<![\d:.,])(\d{1,2})\s*(" + _AMPM + r")")
_RE_H_CLOCK = lazy_compile(r"(?<![\d:.,])(\d{1,2})h(\d{2})\b")
_RE_MILITARY = lazy_compile(r"(?<![\d:.,])([01]\d|2[0-3])\.?([0-5]\d)\s*(?:GMT|UTC|BST|CET|CEST|hrs|Z)\b")
_RE_NOON = lazy_compile(
    r"\b(?i:at|around|about|before|after|by|until|till|past|near|from|to|since|shortly before|just after)\s+"
    r"((?i:noon|midday|midnight))\b"
)

# What each finder's patterns need for a match at all, tested first (a substring test or a pattern that starts with a
# character class, which the regex engine scans for quickly) so that most patterns are never run on a sentence that
# cannot match them (the patterns above start with look-behinds, word boundaries or case-insensitive groups, which
# the engine tries at every position). Each test is a necessary condition of its patterns, so skipping a pattern
# whose test fails changes no result; a new pattern must add its own test in :func:`_candidates`.
_NEEDS_NUMERIC = lazy_compile(r"\d[-/.]\d")  # _RE_ISO, _RE_YMD, _RE_NUMERIC
_NEEDS_MONTH = lazy_compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")  # every name of MONTH_PATTERN
_NEEDS_YEAR = lazy_compile(r"(?:1[89]|20)\d\d")  # _RE_YEAR, _RE_MONTH_YEAR
_NEEDS_HOUR_AMPM = lazy_compile(r"\d\s*[aApP]")
_NEEDS_H_CLOCK = lazy_compile(r"\dh\d")
_NEEDS_MILITARY = lazy_compile(r"\d\.?\d\s*(?:GMT|UTC|BST|CET|CEST|hrs|Z)")

_PART_OF_DAY_WORDS = {"late", "early", "mid", "morning", "afternoon", "evening", "night", "overnight", "tonight"}


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    kind: Kind
    date: dt.date | None
    time: str | None
    part_of_day: str | None
    precision: Precision
    weekday: int | None = None
    calendar: bool = False
    year_stated: bool = False


# --------------------------------------------------------------------------------------------------------------------
# Resolution helpers
# --------------------------------------------------------------------------------------------------------------------


def resolve_weekday(weekday: int, published: dt.date) -> dt.date:
    """The most recent day with ``weekday`` (0 = Monday ... 6 = Sunday) on or before ``published``."""
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


LOOKAHEAD = dt.timedelta(days=62)
"""How far after publication a date without a year may lie and still be the publication year's (see the module
docstring): a story announces what is coming in the next weeks; a date further ahead is last year's."""
_LOOKAHEAD = LOOKAHEAD


def _infer_year(month: int, day: int, published: dt.date | None) -> dt.date | None:
    """A month-day without a year: the publication year, or the year before when that lands more than
    :data:`LOOKAHEAD` after publication."""
    if published is None:
        return None
    cand = _safe_date(published.year, month, day)
    if cand is None or cand > published + _LOOKAHEAD:
        cand = _safe_date(published.year - 1, month, day)
    return cand


def _infer_month(month: int, published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    cand = dt.date(published.year, month, 1)
    return cand if cand <= published + _LOOKAHEAD else dt.date(published.year - 1, month, 1)


def _add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + (d.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _week_start(d: dt.date, weeks: int) -> dt.date:
    """The Monday of the week ``weeks`` weeks from the week of ``d`` ("last week" is -1)."""
    return d - dt.timedelta(days=d.weekday()) + dt.timedelta(weeks=weeks)


def _hhmm(hour: int, minute: int, ampm: str | None) -> str | None:
    if ampm:
        if not 1 <= hour <= 12:
            return None
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def _pod(*words: str | None) -> str | None:
    for w in words:
        if w and caseless(w) in _PART_OF_DAY_WORDS:
            return caseless(w)
    return None


def _day_precision(d: dt.date | None) -> Precision:
    return "day" if d is not None else "unresolved"


# --------------------------------------------------------------------------------------------------------------------
# Candidate collection
# --------------------------------------------------------------------------------------------------------------------


def _numeric_date(a: int, b: int, year: int, published: dt.date | None) -> dt.date | None:
    """d/m/y or m/d/y: unambiguous when one part is > 12; otherwise the reading nearest before ``published``
    (day-first without a publication date)."""
    dmy = _safe_date(year, b, a)
    mdy = _safe_date(year, a, b)
    if dmy is None or mdy is None or dmy == mdy:
        return dmy or mdy
    if published is not None:
        options = [d for d in (dmy, mdy) if d <= published + _LOOKAHEAD]
        if options:
            return min(options, key=lambda d: abs((published - d).days))
    return dmy


def _raw(
    start: int,
    end: int,
    kind: Kind,
    date: dt.date | None,
    precision: Precision,
    *,
    time: str | None = None,
    pod: str | None = None,
    weekday: int | None = None,
    calendar: bool = False,
    year_stated: bool = False,
) -> _Raw:
    return _Raw(start, end, kind, date, time, pod, precision, weekday, calendar, year_stated)


def _numeric_dates(text: str, published: dt.date | None) -> Iterator[_Raw]:
    """All-numeric dates: "2024-01-21" (with an optional clock time), "2024/01/21", "21/11/2023", "21.11.23"."""
    for m in _RE_ISO.finditer(text):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if d is not None:
            t = _hhmm(int(m[4]), int(m[5]), None) if m[4] else None
            yield _raw(m.start(), m.end(), "date", d, "time" if t else "day", time=t, calendar=True, year_stated=True)
    for m in _RE_YMD.finditer(text):
        d = _safe_date(int(m[1]), int(m[3]), int(m[4]))
        if d is not None:
            yield _raw(m.start(), m.end(), "date", d, "day", calendar=True, year_stated=True)
    for m in _RE_NUMERIC.finditer(text):
        year = int(m[4])
        if len(m[4]) == 2:
            if m[2] == ".":
                continue  # "21.11.23" is as likely a version or a score as a date
            year += 2000
        d = _numeric_date(int(m[1]), int(m[3]), year, published)
        if d is not None:
            yield _raw(m.start(), m.end(), "date", d, "day", calendar=True, year_stated=True)


def _month_day_dates(text: str, published: dt.date | None) -> Iterator[_Raw]:
    """Month and day in either order, with an optional year: "Jan. 20", "January 20, 2024", "21 November 2023"."""
    for rx, month_group, day_group in ((_RE_MONTH_DAY, 1, 2), (_RE_DAY_MONTH, 2, 1)):
        for m in rx.finditer(text):
            month, day = _month_number(m[month_group]), int(m[day_group])
            if not 1 <= day <= 31:
                continue
            d = _safe_date(int(m[3]), month, day) if m[3] else _infer_year(month, day, published)
            yield _raw(m.start(), m.end(), "date", d, _day_precision(d), calendar=True, year_stated=bool(m[3]))


def _months_and_years(text: str, published: dt.date | None, *, year: bool = True, month: bool = True) -> Iterator[_Raw]:
    """Month and year ("October 2022"), a month alone after a preposition ("in October", "mid-March"), a year after
    a preposition ("in 2020"). ``year``/``month`` False: the text has nothing that reads as a year / no month name
    (the patterns that need one are not run)."""
    for m in _RE_MONTH_YEAR.finditer(text) if year and month else ():
        first = dt.date(int(m[3]), _month_number(m[2]), 1)
        yield _raw(m.start(), m.end(), "month", first, "month", pod=_pod(m[1]), year_stated=True)
    for rx in (_RE_PREP_MONTH, _RE_MID_MONTH) if month else ():
        for m in rx.finditer(text):
            start = m.start(1) if m[1] else m.start(2)
            d = _infer_month(_month_number(m[2]), published)
            yield _raw(start, m.end(2), "month", d, "month" if d else "unresolved", pod=_pod(m[1]))
    for m in _RE_YEAR.finditer(text) if year else ():
        start = m.start(1) if m[1] else m.start(2)
        yield _raw(start, m.end(2), "year", dt.date(int(m[2]), 1, 1), "year", pod=_pod(m[1]), year_stated=True)


def _weekdays(text: str, published: dt.date | None) -> Iterator[_Raw]:
    """Weekdays, with "last"/"next"/"late" and a part of the day: "Saturday", "late Monday", "Tuesday night"."""
    if "day" not in text:  # every weekday name ends in it
        return
    for m in _RE_WEEKDAY.finditer(text):
        mod = caseless(m[1] or "")
        wd = WEEKDAYS[m[2].lower()]
        d = None
        if published is not None:
            d = resolve_weekday(wd, published)
            if mod == "last" and d == published:
                d -= dt.timedelta(days=7)
            elif mod == "next":
                d = published + dt.timedelta(days=(wd - published.weekday()) % 7 or 7)
        start = m.start(1) if m[1] else m.start(2)
        yield _raw(start, m.end(), "weekday", d, _day_precision(d), pod=_pod(m[1], m[3]), weekday=wd)


def _relative_days(text: str, published: dt.date | None, folded: str | None = None) -> Iterator[_Raw]:
    """Days counted from publication: "yesterday", "late today", "tomorrow morning", "last night". ``folded``: the
    text's :func:`~summarizer.text.normalize.caseless` copy, to skip the patterns whose words it lacks."""
    low = caseless(text) if folded is None else folded
    days = "yesterday" in low or "today" in low or "tonight" in low or "tomorrow" in low
    for m in _RE_RELATIVE_DAY.finditer(text) if days else ():
        word = caseless(m[2])  # not lower(): "İ" matched "i" (lower() makes two characters of it)
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
        d = published + dt.timedelta(days=offset) if published else None
        start = m.start(1) if m[1] else m.start(2)
        yield _raw(start, m.end(), "relative", d, _day_precision(d), pod=_pod(m[1], m[3], word))
    for m in _RE_LAST_NIGHT.finditer(text) if "last" in low or "this" in low else ():
        which, part = caseless(m[1]), caseless(m[2])
        if part == "weekend" or published is None:
            yield _raw(m.start(), m.end(), "relative", None, "unresolved", pod=_pod(part))
            continue
        d = published - dt.timedelta(days=1) if which == "last" else published
        yield _raw(m.start(), m.end(), "relative", d, "day", pod=_pod(part))


def _relative_periods(text: str, published: dt.date | None, folded: str | None = None) -> Iterator[_Raw]:
    """Weeks, months and years counted from publication: "earlier this month", "last year", "two days ago".
    ``folded`` as in :func:`_relative_days`."""
    low = caseless(text) if folded is None else folded
    periods = "week" in low or "month" in low or "year" in low
    for m in _RE_RELATIVE_PERIOD.finditer(text) if periods else ():
        which, unit = caseless(m[2]), caseless(m[3])
        start = m.start(1) if m[1] else m.start(2)
        pod = _pod(m[1])
        if published is None or which == "past":
            yield _raw(start, m.end(), "relative", None, "unresolved", pod=pod)
            continue
        step = {"last": -1, "next": 1}.get(which, 0)
        if unit == "week":
            yield _raw(start, m.end(), "week", _week_start(published, step), "week", pod=pod)
        elif unit == "month":
            yield _raw(start, m.end(), "relative", _add_months(published, step), "month", pod=pod)
        else:
            yield _raw(start, m.end(), "relative", dt.date(published.year + step, 1, 1), "year", pod=pod)
    for m in _RE_AGO.finditer(text) if "ago" in low else ():
        amount = _NUMBER_WORDS.get(caseless(m[1])) if not m[1].isdigit() else int(m[1])
        unit = caseless(m[2])
        if published is None or amount is None:
            yield _raw(m.start(), m.end(), "relative", None, "unresolved")
        elif unit == "week":
            yield _raw(m.start(), m.end(), "week", _week_start(published, -amount), "week")
        elif unit == "day":
            yield _raw(m.start(), m.end(), "relative", published - dt.timedelta(days=amount), "day")
        elif unit == "month":
            yield _raw(m.start(), m.end(), "relative", _add_months(published, -amount), "month")
        else:
            yield _raw(m.start(), m.end(), "relative", dt.date(published.year - amount, 1, 1), "year")


def _clock_times(
    text: str, published: dt.date | None, *, digit: bool = True, folded: str | None = None
) -> Iterator[_Raw]:
    """Clock times, read as 24-hour "HH:MM": "6:30 p.m.", "6 pm", "22h33", "1830 GMT", "at noon". ``digit`` False:
    the text has no digit (only "noon"/"midnight" are looked for); ``folded`` as in :func:`_relative_days`."""
    readers: tuple[tuple[bool, re.Pattern[str], Callable[[re.Match[str]], str | None]], ...] = (
        (
            (":" in text, _RE_CLOCK, lambda m: _hhmm(int(m[1]), int(m[2]), m[3])),
            (_NEEDS_HOUR_AMPM.search(text) is not None, _RE_HOUR_AMPM, lambda m: _hhmm(int(m[1]), 0, m[2])),
            (_NEEDS_H_CLOCK.search(text) is not None, _RE_H_CLOCK, lambda m: _hhmm(int(m[1]), int(m[2]), None)),
        )
        if digit
        else ()
    )
    for needed, rx, read in readers:
        for m in rx.finditer(text) if needed else ():
            t = read(m)
            if t:
                yield _raw(m.start(), m.end(), "time", None, "time", time=t)
    for m in _RE_MILITARY.finditer(text) if digit and _NEEDS_MILITARY.search(text) else ():
        yield _raw(m.start(), m.end(), "time", None, "time", time=_hhmm(int(m[1]), int(m[2]), None))
    low = caseless(text) if folded is None else folded
    noon = "noon" in low or "midday" in low or "midnight" in low
    for m in _RE_NOON.finditer(text) if noon else ():
        t = "00:00" if caseless(m[1]) == "midnight" else "12:00"
        yield _raw(m.start(1), m.end(1), "time", None, "time", time=t)


def _candidates(text: str, published: dt.date | None) -> list[_Raw]:
    """Every match of every pattern, overlapping ones included (:func:`_select` picks among them), in the order of
    the finders. A pattern runs only on a text that has what every match of it needs (the ``_NEEDS_`` tests)."""
    digit = _DIGIT.search(text) is not None
    month = _NEEDS_MONTH.search(text) is not None
    year = digit and _NEEDS_YEAR.search(text) is not None
    folded = caseless(text)
    out: list[_Raw] = []
    if digit:
        if _NEEDS_NUMERIC.search(text):
            out.extend(_numeric_dates(text, published))
        if month:
            out.extend(_month_day_dates(text, published))
    if year or month:
        out.extend(_months_and_years(text, published, year=year, month=month))
    out.extend(_weekdays(text, published))
    out.extend(_relative_days(text, published, folded))
    out.extend(_relative_periods(text, published, folded))
    out.extend(_clock_times(text, published, digit=digit, folded=folded))
    return out


_DIGIT = lazy_compile(r"\d")


def _select(cands: list[_Raw]) -> list[_Raw]:
    """Longest candidates first, then no overlaps; returned in text order."""
    starts: list[int] = []  # chosen intervals, kept sorted and disjoint
    ends: list[int] = []
    chosen: dict[int, _Raw] = {}
    for c in sorted(cands, key=lambda r: (-(r.end - r.start), r.start)):
        i = bisect.bisect_left(starts, c.start)
        if (i < len(starts) and starts[i] < c.end) or (i > 0 and ends[i - 1] > c.start):
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen[c.start] = c
    return [chosen[s] for s in starts]


# --------------------------------------------------------------------------------------------------------------------
# Merging neighbours: "Sunday, January 21st", "6:30 p.m. local time Saturday", "21/11/2023 22h33"
# --------------------------------------------------------------------------------------------------------------------

_GAP_DATE_DATE = lazy_compile(r"\s*,?\s*(?:the\s+)?")
_GAP_DATE_TIME = lazy_compile(
    r"\s*,?\s*(?:(?:at|around|about|approximately|shortly after|just after|just before|before|after|from|by)\s+)?"
)
_GAP_TIME_DATE = lazy_compile(
    r"(?:\s*(?:\([^()\n]{1,20}\)|local|time|GMT|UTC|[A-Z]{1,3}T|ET|,))*\s*(?:(?:on|of)\s+)?(?:the\s+)?"
)
_GAP_RANGE = lazy_compile(r"\s*(?:and|to|until|till|-|–|—)\s*")
_DAYISH = ("date", "weekday", "relative")


def _merge(text: str, items: list[_Raw]) -> list[_Raw]:
    out: list[_Raw] = []
    for item in items:
        if out:
            prev = out[-1]
            gap = text[prev.end : item.start]
            merged = _try_merge(prev, item, gap)
            if merged is not None:
                out[-1] = merged
                continue
        out.append(item)
    # A time range "between 1:05 a.m. and 1:32 a.m. on Sunday": the first time takes the date of the second.
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.kind == "time" and a.date is None and b.time and b.date and _GAP_RANGE.fullmatch(text[a.end : b.start]):
            out[i] = replace(a, date=b.date)
    return out


def _try_merge(a: _Raw, b: _Raw, gap: str) -> _Raw | None:
    if len(gap) > 30:
        return None
    pod = a.part_of_day or b.part_of_day
    if a.kind == "weekday" and b.kind == "date" and b.precision == "day" and _GAP_DATE_DATE.fullmatch(gap):
        return replace(b, start=a.start, part_of_day=pod, weekday=a.weekday)
    if a.kind in _DAYISH and a.time is None and b.kind == "time" and _GAP_DATE_TIME.fullmatch(gap):
        return replace(a, end=b.end, kind="date", time=b.time, part_of_day=pod, precision="time")
    if a.kind == "time" and b.kind in _DAYISH and b.time is None and _GAP_TIME_DATE.fullmatch(gap):
        return replace(b, start=a.start, kind="date", time=a.time, part_of_day=pod, precision="time")
    return None


# --------------------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------------------


def find_dates(text: str, published: dt.date | None) -> list[DateMatch]:
    """Every date, weekday, relative day, month, year and clock time in ``text``, in text order, with offsets into
    ``text``. Dates are resolved against ``published`` (see the module docstring); a match that cannot be resolved
    has ``date`` None. Never raises on any input string."""
    raw = _merge(text, _select(_candidates(text, published)))
    out = []
    for r in raw:
        precision: Precision = r.precision
        if r.time is not None:
            precision = "time"
        elif r.date is None:
            precision = "unresolved"
        out.append(
            DateMatch(
                r.start,
                r.end,
                text[r.start : r.end],
                r.date,
                r.time,
                r.part_of_day,
                precision,
                r.weekday,
                r.calendar,
                r.year_stated,
            )
        )
    return out


_LABEL_WORDS = {
    "published",
    "updated",
    "posted",
    "on",
    "at",
    "date",
    "dated",
    "last",
    "modified",
    "first",
    "originally",
    "the",
    "am",
    "pm",
    "and",
    # weekday abbreviations and time zones: "Sun 21 Jan 2024 14.30 GMT", "9:14 AM EST, Sun January 21, 2024"
    *WEEKDAY_ABBREVIATIONS,
    *"et est edt pt pst pdt ct cst cdt mt mst mdt gmt utc bst cet cest eet eest ist ast msk jst aest".split(),
}
_LABEL_RE = lazy_compile(r"[^\W\d_]+")


def parse_date(text: str, *, reference: dt.date | None = None) -> dt.date | None:
    """The calendar date of a standalone date string ("Jan 21, 2024", "21/11/2023 22h33", "2024-01-21",
    "Published: June 25, 2024"), or None when ``text`` is not just a date (labels such as "Published:"/"Updated"
    and a clock time are allowed around it). A date without a year ("Nov 21") is resolved only when ``reference``
    (e.g. the publication date) is given. Returns day-precision dates only; never raises."""
    if reference is None and _DIGIT.search(text) is None:
        return None  # with nothing to read weekdays and relative days against, a calendar day is written with digits
    found = find_dates(text, reference)
    matches = [m for m in found if m.date is not None and m.precision in ("day", "time")]
    if not matches:
        return None
    rest = text
    for m in found:
        rest = rest[: m.start] + " " * (m.end - m.start) + rest[m.end :]
    words = [w.lower() for w in _LABEL_RE.findall(rest)]
    if any(w not in _LABEL_WORDS for w in words) or re.search(r"\d", rest):
        return None
    return matches[0].date


def to_when(m: DateMatch, span: Span) -> When:
    """The :class:`~summarizer.models.When` of a match, with ``span`` (the match's span in its article) as evidence."""
    return When(
        text=m.text,
        date=m.date,
        time=m.time,
        part_of_day=m.part_of_day,
        precision=m.precision,
        evidence=[span],
    )
