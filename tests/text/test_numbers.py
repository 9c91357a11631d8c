"""Tests for summarizer.text.numbers: parsing numbers, finding figures, comparing quantities."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.models import CheckStatus, Figure, Qualifier
from summarizer.text.numbers import find_figures, parse_number, same_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("33", 33, id="digits"),
        pytest.param("2,500", 2500, id="thousands-comma"),
        pytest.param("thirty-three", 33, id="hyphenated-words"),
        pytest.param("1.5 million", 1_500_000, id="decimal-scale"),
        pytest.param("a dozen", 12, id="a-dozen"),
        pytest.param("eight", 8, id="word"),
        pytest.param("one hundred and five", 105, id="hundred-and"),
        pytest.param("$2bn", 2e9, id="currency-short-scale"),
        pytest.param("10%", 10, id="percent-sign"),
        pytest.param("Twenty Five", 25, id="capitalised-words"),
    ],
)
def test_parse_number_reads_digits_and_words(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["missiles", "", "first", "the", "2,50,0x"])
def test_parse_number_returns_none_for_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def _one(text: str) -> tuple[float | None, Qualifier, str | None, str | None, str]:
    figs = find_figures(text)
    assert figs, text
    f = figs[0]
    assert text[f.start : f.end] == f.text
    return f.value, f.qualifier, f.counts, f.unit, f.text


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "counts", "unit"),
    [
        pytest.param("At least 10 missiles struck the base.", 10, Qualifier.AT_LEAST, "missiles", None, id="at-least"),
        pytest.param("Iraq said 33 missiles were launched.", 33, Qualifier.EXACT, "missiles", None, id="exact"),
        pytest.param("found seven rocket launchers: three", 7, Qualifier.EXACT, "rocket launchers", None, id="word"),
        pytest.param("the roughly 2,500 U.S. troops deployed", 2500, Qualifier.ABOUT, "U.S. troops", None, id="about"),
        pytest.param("There have been more than 130 attacks on", 130, Qualifier.MORE_THAN, "attacks", None, id="more"),
        pytest.param("killed over 25,000 people", 25000, Qualifier.MORE_THAN, "people", None, id="over"),
        pytest.param("nearly 100 km away", 100, Qualifier.ABOUT, None, "km", id="nearly-km"),
        pytest.param("up to 40 percent of", 40, Qualifier.UP_TO, None, "percent", id="up-to-percent"),
        pytest.param("fewer than 12 people", 12, Qualifier.FEWER_THAN, "people", None, id="fewer-than"),
        pytest.param("and some 900 in Syria", 900, Qualifier.ABOUT, None, None, id="some"),
        pytest.param("it cost $1.5 million.", 1_500_000, Qualifier.EXACT, None, "USD", id="money"),
        pytest.param("caused a 10-day pause", 10, Qualifier.EXACT, "pause", "day", id="hyphen-unit"),
        pytest.param(
            "at least one Iraqi service member was",
            1,
            Qualifier.AT_LEAST,
            "Iraqi service member",
            None,
            id="singular-count",
        ),
        pytest.param("A number of U.S. personnel were", None, Qualifier.SEVERAL, "U.S. personnel", None, id="a-number"),
        pytest.param("dozens of US personnel have", None, Qualifier.SEVERAL, "US personnel", None, id="dozens-of"),
        pytest.param(
            "injured several American troops late", None, Qualifier.SEVERAL, "American troops", None, id="several"
        ),
    ],
)
def test_find_figures_reads_value_qualifier_counts_and_unit(
    text: str, value: float | None, qualifier: Qualifier, counts: str | None, unit: str | None
) -> None:
    assert _one(text)[:4] == (value, qualifier, counts, unit)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The attack happened in 2020.", id="year-in"),
        pytest.param("The 2020 US airstrike killed him.", id="year-attributive"),
        pytest.param("around 6:30 p.m. local time", id="clock-time"),
        pytest.param("between 1:05 a.m. and 1:32 a.m.", id="clock-range"),
        pytest.param("at 6 p.m. on Saturday", id="clock-hour"),
        pytest.param("targeted on Jan. 20 by militants", id="month-day"),
        pytest.param("on January 8, 2020 by IRGC", id="month-day-year"),
        pytest.param("Politics 21/11/2023 22h33", id="numeric-date-and-time"),
        pytest.param("on Sunday, January 21st, injuring", id="ordinal-date"),
        pytest.param("the 21st of the month", id="ordinal"),
        pytest.param("deploying an AC-130 aircraft", id="aircraft-name"),
        pytest.param("COVID-19 spread", id="disease-name"),
        pytest.param("Section 8 housing", id="section"),
        pytest.param("flight MH17 crashed", id="flight-code"),
        pytest.param("in the 1990s", id="decade"),
        pytest.param("see https://example.com/photo/15891023?x=1700606065", id="url"),
    ],
)
def test_find_figures_ignores_years_times_dates_and_names(text: str) -> None:
    assert find_figures(text) == []


def test_find_figures_counts_jets_but_not_the_number_in_their_name() -> None:
    assert [f.value for f in find_figures("two F-16 jets took off")] == [2]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("No one was killed.", id="no-one"),
        pytest.param("They blamed one another.", id="one-another"),
        pytest.param("The one that got away.", id="the-one"),
    ],
)
def test_find_figures_skips_pronoun_one(text: str) -> None:
    assert find_figures(text) == []


def test_find_figures_offsets_index_the_text() -> None:
    text = "Iraq said 33 missiles hit; at least four US service members were hurt and 2,500 troops stay."
    figs = find_figures(text)
    assert [f.value for f in figs] == [33, 4, 2500]
    for f in figs:
        assert text[f.start : f.end] == f.text
        assert text[f.number_start : f.number_end] in {"33", "four", "2,500"}


def _fig(value: float | None, qualifier: Qualifier = Qualifier.EXACT, counts: str | None = None) -> Figure:
    return Figure(text=str(value), value=value, qualifier=qualifier, counts=counts)


@pytest.mark.parametrize(
    ("claim", "evidence", "status"),
    [
        pytest.param(_fig(33), _fig(33), CheckStatus.SUPPORTED, id="same"),
        pytest.param(_fig(33, counts="missiles"), _fig(10, counts="missiles"), CheckStatus.CONTRADICTED, id="diff"),
        pytest.param(_fig(10), _fig(10, Qualifier.AT_LEAST), CheckStatus.UNSUPPORTED, id="qualifier-dropped"),
        pytest.param(_fig(10, Qualifier.AT_LEAST), _fig(10), CheckStatus.NEAR_MISS, id="qualifier-added"),
        pytest.param(_fig(4, Qualifier.AT_LEAST), _fig(5, Qualifier.AT_LEAST), CheckStatus.SUPPORTED, id="weaker"),
        pytest.param(_fig(2500, Qualifier.ABOUT), _fig(2500), CheckStatus.SUPPORTED, id="hedged"),
        pytest.param(_fig(2500, Qualifier.ABOUT), _fig(2500, Qualifier.ABOUT), CheckStatus.SUPPORTED, id="about"),
        pytest.param(_fig(3), _fig(10, Qualifier.AT_LEAST), CheckStatus.CONTRADICTED, id="below-at-least"),
        pytest.param(_fig(33, counts="missiles"), _fig(33, counts="rockets"), CheckStatus.UNSUPPORTED, id="counts"),
        pytest.param(_fig(8, counts="injuries"), _fig(8, counts="injury"), CheckStatus.SUPPORTED, id="plural"),
        pytest.param(_fig(None, Qualifier.SEVERAL), _fig(4), CheckStatus.SUPPORTED, id="several-for-four"),
        pytest.param(_fig(4), _fig(None, Qualifier.SEVERAL), CheckStatus.UNSUPPORTED, id="four-for-several"),
    ],
)
def test_same_quantity_compares_value_qualifier_and_counts(
    claim: Figure, evidence: Figure, status: CheckStatus
) -> None:
    assert same_quantity(claim, evidence) == status


def test_same_quantity_accepts_number_matches() -> None:
    a = find_figures("at least four US service members")[0]
    b = find_figures("At least 4 service members")[0]
    assert same_quantity(a, b) == CheckStatus.SUPPORTED


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        pytest.param("it raised c$ 40 million for the bridge", 40_000_000, "CAD", id="lower-case-currency"),
        pytest.param("a US$3bn loan", 3e9, "USD", id="us-dollar-short-scale"),
        pytest.param("rates rose .5 percent in May", 0.5, "percent", id="leading-decimal-point"),
        pytest.param("TWELVE PEOPLE were hurt", 12, None, id="upper-case-number-word"),
        pytest.param("about a dozen homes were flooded", 12, None, id="a-dozen"),
    ],
)
def test_find_figures_finds_figures_however_they_start(text: str, value: float, unit: str | None) -> None:
    found = find_figures(text)
    assert [(f.value, f.unit) for f in found] == [(value, unit)]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_vague_amounts_are_found_in_any_case() -> None:
    found = find_figures("SEVERAL BUILDINGS collapsed and Dozens of cars were damaged.")
    assert [(f.qualifier, f.counts) for f in found] == [
        (Qualifier.SEVERAL, "BUILDINGS"),
        (Qualifier.SEVERAL, "cars"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("TWO missiles hit the base", ("TWO missiles", 2.0), id="number-word-in-capitals"),
        pytest.param("Fifty-one voted no", ("Fifty-one", 51.0), id="hyphenated-words-without-a-digit"),
        pytest.param("It was “a dozen” homes", ("a dozen", 12.0), id="a-dozen-in-curly-quotes"),
        pytest.param("Tens of thousands of people marched", ("Tens of thousands of people", None), id="vague-capitals"),
    ],
)
def test_figures_without_a_digit_are_found_whatever_their_case(text: str, expected: tuple[str, float | None]) -> None:
    # a text is scanned for figures only when it has a digit or a number word: these have only the words
    assert [(f.text, f.value) for f in find_figures(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "On Jan. 20, 2024 at 6:30 p.m. the AC-130 flew 40 miles.",
        "Sept., 2024 saw 3 raids; COVID-19 cases rose 12% in the 1990s and '90s.",
        "Section 5 of Vol. 3 and Route 66: 21/11/2023, 2024-01-21, 555-123-4567, v1.2.3, MH17 and 4G.",
        "The G20 met at 0600 GMT; 266K jobs, #1 seed, 22h33, 21st time, 10-day pause.",
        "AC-B-130 Jan's 5 Mayday 5 X-5 ab1 _5 é5 \u0663 people",
        "5 people, 1,200 troops on May 3 and 3.5 million dollars",
    ],
)
def test_blocked_spans_are_the_full_scan(text: str) -> None:
    from summarizer.text import numbers

    expected = [m.span() for m in numbers._BLOCK_RE.finditer(text)]
    assert expected  # every case has a blocked span
    assert numbers._blocked(text, digit=True) == expected


# The positions _block_starts finds, as the one pattern that was tried at every position of the text.
_BLOCK_START_SCAN = re.compile(r"\b[A-Za-z]+[.,-]*\s*(?=\d)|\b\d|'(?=\d)|#")
_BLOCK_START_PIECES = st.sampled_from(
    [
        "a",
        "Jan",
        "AC",
        "No",
        " ",
        "\u00a0",
        "\u2009",
        "\x1c",
        "\n",
        ".",
        ",",
        "-",
        "'",
        "#",
        "_",
        "1",
        "23",
        "\u0663",
        "\u00b2",
        "\u00e9",
        "\u017f",
        "\u212a",
        "$",
        "’",
        "(",
        "a" * 70,
        " " * 70,
        "." * 70,
    ]
)


@given(st.one_of(st.text(max_size=80), st.lists(_BLOCK_START_PIECES, max_size=12).map("".join)))
def test_block_starts_are_where_the_start_pattern_matches(text: str) -> None:
    from summarizer.text import numbers

    assert numbers._block_starts(text) == [m.start() for m in _BLOCK_START_SCAN.finditer(text)]


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        pytest.param("Jan. 20", [0, 5], id="word-and-digit"),
        pytest.param("x" * 70 + " 5", [0, 71], id="a-word-longer-than-the-window"),
        pytest.param("_ab 5 \u00e9cd5 '90s #1", [4, 11, 12, 16, 17], id="no-word-start-after-a-word-character"),
    ],
)
def test_block_starts_read_back_from_each_digit_run(text: str, starts: list[int]) -> None:
    from summarizer.text import numbers

    assert numbers._block_starts(text) == starts == [m.start() for m in _BLOCK_START_SCAN.finditer(text)]


def test_every_vague_amount_passes_the_vague_prefilter() -> None:
    from summarizer.text import numbers
    from summarizer.text.normalize import caseless

    for v in numbers._VAGUE:
        assert numbers._may_be_vague(caseless(f"There were {v.upper()} people")), v
    assert not numbers._may_be_vague(caseless("Scores rose; a number fell and few of them left, numbers of"))


@pytest.mark.parametrize(
    "text",
    [
        "It cost US$5 million, A$12 or C$3.5bn, not AUS$4 nor CA$ 6, at uS$7.",
        "1,0000 people and 12,345,678 more; x17 and 3/4 and .5 of them.",
        "A dozen, a hundred and twenty-one, an thousand, one of them, Twenty Five and sixty.",
        "Seven ſix (long s), İkı, Kelvin \u212a 5 and ſeven: the full scan.",
        "No digits and no number words here at all.",
        "Arabic-Indic \u0663\u0664 and \u00a33 and \u20ac4.",
    ],
)
def test_figures_are_tried_where_a_number_can_start(text: str) -> None:
    from summarizer.text.normalize import caseless
    from summarizer.text.numbers import _FOLDED_WORD_RE, _NUMBER_RE, _NUMBER_WORD_SET, _numbers

    folded = caseless(text)
    words = not _NUMBER_WORD_SET.isdisjoint(_FOLDED_WORD_RE.findall(folded))
    found = [(m.span(), m.groups()) for m in _numbers(text, folded, words)]
    assert found == [(m.span(), m.groups()) for m in _NUMBER_RE.finditer(text)]
    assert found or text.startswith("No digits")
