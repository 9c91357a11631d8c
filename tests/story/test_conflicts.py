"""Conflicts between sources of one story: different values for the same thing, and nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest
from paths import ROOT

from summarizer.engines.local.extract import extract_facts
from summarizer.ingest.sources import article_from_text
from summarizer.models import Article, Attribution, Conflict, Fact, FactKind, Figure, Span
from summarizer.story.conflicts import find_conflicts
from summarizer.text.dates import find_dates, to_when
from summarizer.text.numbers import find_figures

CONSTRUCTED = ROOT / "tests" / "data" / "constructed"
PUBLISHED = dt.date(2025, 3, 5)  # a Wednesday


def fact(
    source: str,
    sentence: str,
    *,
    n: int = 1,
    speaker: str | None = None,
    kind: FactKind = FactKind.EVENT,
    published: dt.date = PUBLISHED,
) -> Fact:
    """A fact whose source text is the sentence itself, with figures and dates found by the library."""

    def span(start: int, end: int) -> Span:
        return Span(source=source, start=start, end=end, quote=sentence[start:end])

    figures = [
        Figure(text=m.text, value=m.value, qualifier=m.qualifier, counts=m.counts, unit=m.unit,
               evidence=[span(m.start, m.end)])
        for m in find_figures(sentence)
    ]  # fmt: skip
    when = [to_when(m, span(m.start, m.end)) for m in find_dates(sentence, published)]
    attribution = Attribution(speaker=speaker, verb="said") if speaker else None
    return Fact(
        id=f"{source}.F{n}",
        source=source,
        kind=kind,
        text=sentence,
        figures=figures,
        when=when,
        attribution=attribution,
        evidence=[span(0, len(sentence))],
    )


def by_kind(conflicts: Sequence[Conflict]) -> dict[str, Conflict]:
    return {c.kind: c for c in conflicts}


# --- counts


def test_two_sources_with_different_rocket_counts_make_one_conflict_with_two_positions() -> None:
    facts = [
        fact("S1", "Militants fired 12 rockets at the naval base late on Tuesday.", speaker="the navy"),
        fact("S2", "Twenty rockets were launched at the naval base on Tuesday, a security official said."),
    ]
    conflicts = find_conflicts(facts)
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c.kind, c.about) == ("count", "number of rockets launched")
    assert [p.sources for p in c.positions] == [["S1"], ["S2"]]
    assert [p.value for p in c.positions] == ["exact:12", "exact:20"]
    assert c.positions[0].text == "S1 citing the navy: 12 rockets launched"
    assert c.positions[0].citations[0].quote == "12 rockets"


def test_agreeing_sources_share_one_position_and_heavier_positions_come_first() -> None:
    facts = [
        fact("S1", "Militants fired 12 rockets at the naval base."),
        fact("S2", "Twenty rockets were launched at the naval base."),
        fact("S3", "In all, 20 rockets were fired at the base, the port authority said."),
    ]
    (c,) = find_conflicts(facts, source_weights={"S1": 1.0, "S2": 0.3, "S3": 0.3})
    assert [p.sources for p in c.positions] == [["S1"], ["S2", "S3"]]
    (c,) = find_conflicts(facts)
    assert [p.sources for p in c.positions] == [["S2", "S3"], ["S1"]]


def test_source_names_replace_ids_in_position_text() -> None:
    facts = [
        fact("S1", "Militants fired 12 rockets at the base."),
        fact("S2", "Twenty rockets were fired at the base."),
    ]
    (c,) = find_conflicts(facts, source_names={"S1": "Coastal Herald", "S2": "Daily Meridian"})
    assert [p.text for p in c.positions] == [
        "Coastal Herald: 12 rockets launched",
        "Daily Meridian: twenty rockets launched",
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("At least one sailor was injured in the attack.", "Eight sailors were injured in the attack.",
                     id="at-least-one-vs-eight"),
        pytest.param("At least 4 sailors were injured.", "Eight sailors were injured.", id="at-least-four-vs-eight"),
        pytest.param("Several sailors were injured.", "At least one sailor was injured.", id="several-vs-at-least-one"),
        pytest.param("About 30 rockets were fired.", "33 rockets were fired.", id="about-thirty-vs-33"),
        pytest.param("Dozens of rockets were fired.", "More than 30 rockets were fired.", id="dozens-vs-more-than-30"),
    ],
)  # fmt: skip
def test_compatible_qualified_counts_are_not_a_conflict(first: str, second: str) -> None:
    assert find_conflicts([fact("S1", first), fact("S2", second)]) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("Five U.S. troops were injured in the attack.", "Three contractors were injured in the attack.",
                     id="troops-vs-contractors"),
        pytest.param("Militants fired 12 rockets at the base.", "Police found four rocket launchers that were fired.",
                     id="rockets-vs-launchers"),
        pytest.param("There have been 66 attacks on the base since October.", "Two attacks were launched on Tuesday.",
                     id="total-attacks-vs-this-attack"),
        pytest.param("Five U.S. troops were injured.", "Two Iraqi troops were injured.", id="different-nationality"),
        pytest.param("Twelve rockets were fired.", "Four rockets were intercepted.", id="fired-vs-intercepted"),
        pytest.param("Twelve rockets struck the base.", "Thirty rockets were launched.", id="struck-vs-launched"),
        pytest.param("Four sailors were killed.", "Nine sailors were injured.", id="killed-vs-injured"),
        pytest.param("A number of personnel were being evaluated for injuries.", "Four personnel were injured.",
                     id="evaluated-is-not-injured"),
        pytest.param("About 2,500 U.S. troops are deployed in the country.", "900 U.S. troops are deployed there.",
                     id="standing-deployments-are-not-compared"),
        pytest.param("Two more sailors were injured on Wednesday.", "Eight sailors were injured.",
                     id="partial-count"),
    ],
)  # fmt: skip
def test_different_counted_things_are_not_a_conflict(first: str, second: str) -> None:
    assert find_conflicts([fact("S1", first), fact("S2", second)]) == []


def test_one_source_contradicting_itself_is_not_reported_as_a_conflict_between_sources() -> None:
    facts = [
        fact("S1", "Militants fired 12 rockets at the base.", n=1),
        fact("S1", "Twenty rockets were fired at the base.", n=2),
    ]
    assert find_conflicts(facts) == []
    facts.append(fact("S2", "Twenty rockets were fired at the base."))
    assert find_conflicts(facts) == []  # S1 is left out of the comparison, S2 alone disagrees with nobody


def test_background_facts_are_not_compared() -> None:
    facts = [
        fact("S1", "Militants fired 12 rockets at the base.", kind=FactKind.CONTEXT),
        fact("S2", "Twenty rockets were fired at the base."),
    ]
    assert find_conflicts(facts) == []


def test_a_single_source_has_no_conflicts() -> None:
    assert (
        find_conflicts([fact("S1", "Militants fired 12 rockets."), fact("S1", "Twenty rockets were fired.", n=2)]) == []
    )


# --- dates and times


def test_different_dates_of_the_attack_are_a_conflict() -> None:
    facts = [
        fact("S1", "The attack on the base happened on Tuesday, March 4."),
        fact("S2", "Rockets struck the base on Monday, March 3, officials said."),
        fact("S3", "The rocket attack took place on March 4."),
    ]
    c = by_kind(find_conflicts(facts))["date"]
    assert c.about == "date of the attack"
    assert [(p.value, p.sources) for p in c.positions] == [("2025-03-04", ["S1", "S3"]), ("2025-03-03", ["S2"])]
    assert c.positions[1].citations[0].quote == "Monday, March 3"


def test_dates_far_apart_are_different_incidents_not_a_conflict() -> None:
    facts = [fact("S1", "The attack happened on February 2."), fact("S2", "The attack happened on March 4.")]
    assert find_conflicts(facts) == []


def test_weekday_is_reanchored_on_the_sources_explicit_date() -> None:
    late = dt.date(2025, 6, 25)  # a late publication date resolves "Sunday" to June 22
    facts = [
        fact("S1", "Missiles struck the base on Sunday, March 2.", published=late),
        fact("S1", "Sunday's attack damaged a hangar.", n=2, published=late),
        fact("S1", "The missiles were launched on Sunday.", n=3, published=late),
        fact("S2", "The attack happened on Saturday, March 1."),
    ]
    c = by_kind(find_conflicts(facts))["date"]
    assert {p.value for p in c.positions} == {"2025-03-02", "2025-03-01"}


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        pytest.param("The attack began at about 11:40 p.m.", "The rockets were fired at around 11:45 p.m.", False,
                     id="five-minutes-apart"),
        pytest.param("The attack began at 11:40 p.m.", "The rockets were fired at 12:10 a.m.", False,
                     id="thirty-minutes-across-midnight"),
        pytest.param("The attack began at 6:30 p.m. local time.", "The rockets were fired between 1:05 a.m. and "
                     "1:32 a.m.", True, id="evening-vs-small-hours"),
        pytest.param("The attack began at 9:00 a.m. ET.", "The rockets were fired at 4:00 p.m.", False,
                     id="other-time-zone-not-compared"),
        pytest.param("The council met at 9:00 a.m.", "The council voted at 4:00 p.m.", False,
                     id="not-an-event-time"),
    ],
)  # fmt: skip
def test_clock_times_conflict_only_when_far_apart_in_the_same_zone(first: str, second: str, conflict: bool) -> None:
    found = by_kind(find_conflicts([fact("S1", first), fact("S2", second)]))
    assert ("time" in found) is conflict


# --- responsibility and perpetrators


def test_claim_of_responsibility_vs_no_claim_is_a_conflict() -> None:
    facts = [
        fact("S1", "The Northern Front, an armed group, claimed responsibility for the attack."),
        fact("S2", "No group has claimed responsibility for the attack."),
        fact("S3", "There was no immediate claim of responsibility."),
    ]
    c = by_kind(find_conflicts(facts))["responsibility"]
    assert c.about == "claim of responsibility"
    assert [(p.value, p.sources) for p in c.positions] == [("none", ["S2", "S3"]), ("Northern Front", ["S1"])]
    assert c.positions[1].text == "S1: Northern Front claimed responsibility"


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(
            [fact("S1", "The Northern Front claimed responsibility for the attack."),
             fact("S2", "The Northern Front has claimed responsibility, a spokesman said.")],
            id="both-name-the-same-group",
        ),
        pytest.param(
            [fact("S1", "No group immediately claimed responsibility for the attack.", n=1),
             fact("S1", "Later, the Northern Front claimed responsibility for the attack.", n=2),
             fact("S2", "The Northern Front claimed responsibility.")],
            id="a-source-reporting-a-later-claim-is-not-no-claim",
        ),
        pytest.param(
            [fact("S1", "The Northern Front claimed responsibility for previous attacks on the port."),
             fact("S2", "No group has claimed responsibility for Tuesday's attack.")],
            id="claims-for-earlier-attacks-are-background",
        ),
        pytest.param(
            [fact("S1", "Officials said Iranian-backed militias may have claimed responsibility."),
             fact("S2", "No group has claimed responsibility.")],
            id="a-generic-description-is-not-a-named-claimant",
        ),
    ],
)  # fmt: skip
def test_responsibility_statements_that_agree_are_not_a_conflict(facts: list[Fact]) -> None:
    assert "responsibility" not in by_kind(find_conflicts(facts))


def test_different_named_perpetrators_are_a_conflict() -> None:
    facts = [
        fact("S1", "The bombing was carried out by the Northern Front, police said."),
        fact("S2", "The bombing was carried out by the Harbour Brigade, the ministry said."),
    ]
    c = by_kind(find_conflicts(facts))["perpetrator"]
    assert {p.value for p in c.positions} == {"the Northern Front", "the Harbour Brigade"}


# --- whole articles through the local engine's extraction


def load(path: Path, source_id: str) -> Article:
    return article_from_text(path.read_text(encoding="utf-8"), str(path), source_id)


def facts_of(*articles: Article) -> list[Fact]:
    return [f for a in articles for f in extract_facts(a).facts]


def test_constructed_story_reports_rocket_count_and_responsibility_conflicts() -> None:
    names = ["coastal_herald.txt", "daily_meridian.txt", "harbour_news.txt"]
    articles = [load(CONSTRUCTED / "selvan_attack" / n, f"S{i}") for i, n in enumerate(names, start=1)]
    found = by_kind(find_conflicts(facts_of(*articles)))
    assert set(found) == {"count", "responsibility"}
    assert found["count"].about == "number of rockets launched"
    assert [p.sources for p in found["count"].positions] == [["S2", "S3"], ["S1"]]
    assert [p.sources for p in found["responsibility"].positions] == [["S2", "S3"], ["S1"]]
    for conflict in found.values():
        for position in conflict.positions:
            for c in position.citations:
                article = articles[int(c.source[1:]) - 1]
                assert article.text[c.start : c.end] == c.quote


def test_two_unrelated_stories_given_together_make_no_conflict() -> None:
    herald = load(CONSTRUCTED / "selvan_attack" / "coastal_herald.txt", "S1")
    bridge = load(CONSTRUCTED / "bridge_reopening" / "valley_post.txt", "S2")
    assert find_conflicts(facts_of(herald, bridge)) == []


def test_example_incident_conflicts_on_date_time_and_responsibility() -> None:
    examples = sorted((ROOT / "examples").glob("00[012]_*.txt"))
    articles = [load(p, f"S{i}") for i, p in enumerate(examples, start=1)]
    found = by_kind(find_conflicts(facts_of(*articles), source_weights={"S2": 0.1}))
    assert set(found) >= {"date", "time", "responsibility"}
    assert "count" not in found
    assert [p.sources for p in found["responsibility"].positions] == [["S1", "S3"], ["S2"]]
    assert [p.value for p in found["date"].positions] == ["2024-01-20", "2024-01-21"]
