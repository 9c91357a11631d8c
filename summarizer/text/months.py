"""Month and weekday names: the one table every module reads them from.

Owns the English month and weekday names as news text writes them (full names and the abbreviations of AP and
British style: "Jan.", "Sept.", "Tues."), their numbers, and the regular expression of a capitalised month name.
Reading dates (:mod:`summarizer.text.dates`), telling a month from a name (:mod:`summarizer.text.entities`), not
ending a sentence at "Jan." (:mod:`summarizer.text.segment`) and not counting "Jan. 20" as a figure
(:mod:`summarizer.text.numbers`) all use these tables, so they cannot disagree.
"""

from __future__ import annotations

__all__ = [
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "MONTH_NAMES",
    "MONTH_PATTERN",
    "WEEKDAYS",
    "WEEKDAY_ABBREVIATIONS",
    "WEEKDAY_NAMES",
    "WEEKDAY_PATTERN",
    "month_number",
]

MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

MONTH_ABBREVIATIONS: frozenset[str] = frozenset({name[:3].lower() for name in MONTH_NAMES if name != "May"} | {"sept"})
"""Lower-case month abbreviations that are not a whole month name ("may" is one): jan ... dec and sept."""


MONTHS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}
"""Month number (1-12) of every lower-case month name and abbreviation."""

WEEKDAYS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)},
    **{name[:3].lower(): i for i, name in enumerate(WEEKDAY_NAMES)},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
"""Weekday number (0 = Monday ... 6 = Sunday) of every lower-case weekday name and abbreviation."""

WEEKDAY_ABBREVIATIONS: frozenset[str] = frozenset(WEEKDAYS) - {name.lower() for name in WEEKDAY_NAMES}
"""Lower-case weekday abbreviations: mon ... sun, tues, thur, thurs."""

MONTH_PATTERN = (
    r"(?:(?:"
    + "|".join(MONTH_NAMES)
    + r")\b|(?:"
    + "|".join(sorted((m.capitalize() for m in MONTHS if len(m) <= 4), key=len, reverse=True))
    + r")\b\.?)"
)
"""A capitalised month name or abbreviation, with the period an abbreviation may carry: "January", "Jan.", "Sept",
"May"."""

WEEKDAY_PATTERN = r"(?:" + "|".join(WEEKDAY_NAMES) + r")"
"""A capitalised full weekday name."""


def month_number(name: str) -> int | None:
    """The month number (1-12) of a month name or abbreviation in any case, with or without its period; None when
    ``name`` is not one ("Jan." -> 1, "sept" -> 9)."""
    return MONTHS.get(name.rstrip(".").lower())
