"""Which counts are comparable: the period, place and subject a figure is about (summarizer.story.comparable)."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import article

from summarizer.engines.local.extract import extract_facts
from summarizer.models import Fact, Figure
from summarizer.story.comparable import Scope, comparable_groups, count_scope, reporting_date

PUBLISHED = dt.date(2025, 3, 13)  # a Thursday


def figure_in(sentence: str, figure: str) -> tuple[Fact, Figure]:
    facts = extract_facts(article(sentence, published=PUBLISHED)).facts
    for fact in facts:
        for fig in fact.figures:
            if fig.text == figure:
                return fact, fig
    raise AssertionError(f"no figure {figure!r} in {[g.text for f in facts for g in f.figures]}")


@pytest.mark.parametrize(
    ("sentence", "figure", "frame"),
    [
        pytest.param("Security forces killed nine protesters on Tuesday, hospital officials said.", "nine protesters",
                     ("day", dt.date(2025, 3, 11)), id="a-day"),
        pytest.param("At least 31 protesters have been killed this week, the league said on Thursday.",
                     "At least 31 protesters", ("week", dt.date(2025, 3, 10)), id="this-week-not-the-day-it-was-said"),
        pytest.param("The coast guard rescued 140 migrants last week, a spokesman said.", "140 migrants",
                     ("week", dt.date(2025, 3, 3)), id="last-week"),
        pytest.param("Employers added 150,000 jobs in October, the Labor Department said on Friday.", "150,000 jobs",
                     ("month", dt.date(2024, 10, 1)), id="a-month"),
        pytest.param("The storm killed 12 people on Wednesday and Thursday, the governor said.", "12 people", None,
                     id="a-span-of-days-is-no-one-period"),
        pytest.param("The storm killed 12 people, the governor said on Thursday.", "12 people", None,
                     id="only-a-reporting-date"),
    ],
)  # fmt: skip
def test_the_frame_is_the_period_the_figure_is_about(
    sentence: str, figure: str, frame: tuple[str, dt.date] | None
) -> None:
    fact, fig = figure_in(sentence, figure)
    assert count_scope(fact, fig, "killed").frame == frame


@pytest.mark.parametrize(
    ("sentence", "figure", "place"),
    [
        pytest.param("Flash floods killed 14 people in Carver County on Monday.", "14 people",
                     ("named", "carver county"), id="a-named-place"),
        pytest.param("A bomber killed 13 people at St. Mark's Church on Sunday.", "13 people",
                     ("site", "st. mark's church"), id="a-named-site"),
        pytest.param("A bomber killed 13 people outside the church.", "13 people", ("site", "church"),
                     id="one-site"),
        pytest.param("Bombers killed 37 people at three churches and two hotels in Selvan.", "37 people",
                     ("named", "selvan"), id="several-sites-are-no-single-site"),
        pytest.param("Employers added 175,000 jobs in March.", "175,000 jobs", None, id="a-month-is-no-place"),
    ],
)  # fmt: skip
def test_the_place_is_the_place_the_count_is_of(sentence: str, figure: str, place: tuple[str, str] | None) -> None:
    fact, fig = figure_in(sentence, figure)
    assert count_scope(fact, fig, "killed").place == place


@pytest.mark.parametrize(
    ("sentence", "figure", "subject"),
    [
        pytest.param("U.S. employers added 175,000 jobs in March.", "175,000 jobs", "the economy", id="employers"),
        pytest.param("The economy added 205,000 jobs in March.", "205,000 jobs", "the economy", id="economy"),
        pytest.param("Health care providers added 52,000 jobs in March.", "52,000 jobs", "provider", id="one-sector"),
        pytest.param("Retailers shed 8,000 jobs in March, the report showed.", "8,000 jobs", "retailer",
                     id="retailers"),
    ],
)  # fmt: skip
def test_the_subject_of_an_economic_count_is_who_adds_or_cuts(sentence: str, figure: str, subject: str) -> None:
    fact, fig = figure_in(sentence, figure)
    pred = "cut" if "shed" in sentence else "added"
    assert count_scope(fact, fig, pred).subject == subject


def test_a_dateline_date_is_when_the_story_was_filed() -> None:
    fact, _ = figure_in(
        "PORT AVERY, Oct 10 (National Press) - Storm Delia killed nine people on Thursday.", "nine people"
    )
    dated = {w.text: reporting_date(fact, w) for w in fact.when}
    assert dated == {"Oct 10": True, "Thursday": False}


def _source(item: str) -> str:
    return item.split(":")[0]


def test_an_unknown_part_takes_the_one_value_the_others_state() -> None:
    march = Scope(frame=("month", dt.date(2025, 3, 1)))
    groups = comparable_groups([("S1:a", march), ("S2:b", Scope())], _source)
    assert groups == [(march, ["S1:a", "S2:b"])]


def test_an_unknown_part_stays_apart_when_the_others_state_several() -> None:
    oct_, nov = Scope(frame=("month", dt.date(2025, 10, 1))), Scope(frame=("month", dt.date(2025, 11, 1)))
    groups = comparable_groups([("S1:a", oct_), ("S2:b", nov), ("S3:c", Scope())], _source)
    assert groups == [(oct_, ["S1:a"]), (nov, ["S2:b"]), (Scope(), ["S3:c"])]


def test_an_unknown_part_stays_apart_when_a_source_states_both() -> None:
    march = Scope(frame=("month", dt.date(2025, 3, 1)))  # "In March the rate was 4.1%" beside its undated 4.2%
    groups = comparable_groups([("S1:a", Scope()), ("S2:b", march), ("S2:c", Scope())], _source)
    assert groups == [(Scope(), ["S1:a", "S2:c"]), (march, ["S2:b"])]


def test_a_count_without_a_place_never_stands_against_a_count_of_one_site() -> None:
    church = Scope(place=("site", "church"))
    assert comparable_groups([("S1:a", church), ("S2:b", Scope())], _source) == [
        (church, ["S1:a"]),
        (Scope(), ["S2:b"]),
    ]


def test_without_a_publication_date_different_months_are_still_different_frames() -> None:
    def frame(sentence: str) -> object:
        fact = extract_facts(article(sentence)).facts[0]
        return count_scope(fact, fact.figures[0], "added").frame

    september = frame("The U.S. economy added 136,000 jobs in September, the Labor Department reported Friday.")
    october = frame("The U.S. economy added 250,000 jobs in October, federal economists reported Friday.")
    assert september == ("as written", "september") and october == ("as written", "october")


def test_a_particle_after_the_verb_does_not_hide_the_subject() -> None:
    fact, fig = figure_in(
        "Since the spring, America has added back 16.7 million jobs, officials said.", "16.7 million jobs"
    )
    assert count_scope(fact, fig, "added").subject == "the economy"  # America: the whole economy


def test_an_undated_figure_takes_a_period_only_its_own_source_mentions() -> None:
    month: tuple[str, dt.date | str] = ("as written", "july")
    july = Scope(frame=month)
    items = [("S1:a", july), ("S2:b", Scope())]
    apart = comparable_groups(items, _source, {"S1": {month}, "S2": set()})
    joined = comparable_groups(items, _source, {"S1": {month}, "S2": {month}})
    assert apart == [(july, ["S1:a"]), (Scope(), ["S2:b"])]
    assert joined == [(july, ["S1:a", "S2:b"])]
