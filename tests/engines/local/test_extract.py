"""The local extractor fills the facts schema from body sentences, every part with spans into the raw text."""

from __future__ import annotations

import datetime as dt

import pytest
from paths import DATA

from summarizer.engines.local.extract import extract_facts, is_statement
from summarizer.ingest.sources import read_source, read_sources
from summarizer.models import Extraction, FactKind, Qualifier


@pytest.fixture(scope="module")
def wapo(example_paths: list[str]) -> tuple[str, Extraction]:
    articles, _ = read_sources(example_paths[:1])
    return articles[0].text, extract_facts(articles[0])


def _fact(extraction: Extraction, words: str):  # type: ignore[no-untyped-def]
    return next(f for f in extraction.facts if words in f.text)


def test_every_span_of_every_fact_indexes_the_raw_text(wapo: tuple[str, Extraction]) -> None:
    text, ex = wapo
    for f in ex.facts:
        spans = [
            *f.evidence,
            *(s for part in [*f.who, *f.where, *f.when, *f.figures, *f.quotes] for s in part.evidence),
        ]
        if f.attribution:
            spans += f.attribution.evidence
        for s in spans:
            assert text[s.start : s.end] == s.quote


def test_page_furniture_and_header_lines_are_not_facts(wapo: tuple[str, Extraction]) -> None:
    _, ex = wapo
    texts = [f.text for f in ex.facts]
    assert not any(t in ("top of page", "bottom of page", "Source: Washington Post") for t in texts)
    assert not any(t.startswith("By Justine") for t in texts)
    assert not any("contributed to this report" in t for t in texts)


def test_weekday_is_resolved_against_the_publication_date(wapo: tuple[str, Extraction]) -> None:
    _, ex = wapo
    fact = _fact(ex, "around 6:30 p.m. local time Saturday")
    when = fact.when[0]
    assert when.date == dt.date(2024, 1, 20)  # published Sunday 21 January 2024
    assert when.time == "18:30"


def test_figures_keep_their_qualifier_and_what_they_count(wapo: tuple[str, Extraction]) -> None:
    _, ex = wapo
    fig = next(g for g in _fact(ex, "at least one Iraqi service member").figures if g.value == 1)
    assert fig.qualifier == Qualifier.AT_LEAST
    assert fig.counts is not None and "service member" in fig.counts


def test_attributed_statement_names_its_speaker_and_quote(wapo: tuple[str, Extraction]) -> None:
    _, ex = wapo
    fact = _fact(ex, "“We’re there at the invitation of the government of Iraq,” Ryder said.")
    assert fact.kind == FactKind.QUOTE
    assert fact.attribution is not None and fact.attribution.speaker == "Ryder"
    assert fact.quotes[0].text.startswith("We’re there at the invitation")
    assert fact.quotes[0].speaker == "Ryder"


def test_pronoun_speaker_is_resolved_to_the_last_named_speaker(example_paths: list[str]) -> None:
    articles, _ = read_sources(example_paths[1:2])
    ex = extract_facts(articles[0])
    fact = _fact(ex, "He said the US and the coalition reserves the right to respond")
    assert fact.attribution is not None and "Langley" in fact.attribution.speaker


@pytest.fixture(scope="module")
def storm() -> Extraction:
    return extract_facts(read_source(str(DATA / "ood" / "storm" / "national_press.txt"), "S7"))


def test_pronoun_speaker_is_resolved_to_the_last_named_speaker_in_another_story(storm: Extraction) -> None:
    fact = _fact(storm, "He said residents should stay off flooded roads")
    assert fact.attribution is not None and fact.attribution.speaker.endswith("Kevin Osei")
    assert [s.quote for s in fact.attribution.evidence] == ["He"]  # the span is the pronoun the text has


def test_quote_fact_names_its_speaker_in_another_story(storm: Extraction) -> None:
    fact = _fact(storm, "The water came up faster than anyone expected")
    assert fact.kind == FactKind.QUOTE
    assert fact.attribution is not None and fact.attribution.speaker == "Denise Harlan"
    assert [(q.text, q.speaker) for q in fact.quotes] == [
        ("The water came up faster than anyone expected,", "Denise Harlan")
    ]


def test_anonymous_officials_are_an_anonymous_attribution(storm: Extraction) -> None:
    fact = _fact(storm, "Storm Delia killed nine people")
    assert fact.attribution is not None
    assert (fact.attribution.speaker, fact.attribution.anonymous) == ("state emergency officials", True)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("Missiles struck the base on Sunday, officials said.", True, id="sentence"),
        pytest.param("At Least 4 Service Members Injured", False, id="title-case-heading"),
        pytest.param("Service members\t4\tAmerican", False, id="table-row"),
        pytest.param("Related Post", False, id="fragment"),
    ],
)
def test_only_statements_become_facts(sentence: str, expected: bool) -> None:
    assert is_statement(sentence) is expected


def test_a_name_named_again_is_one_string_that_its_evidence_quotes(wapo: tuple[str, Extraction]) -> None:
    _, ext = wapo
    names: dict[str, str] = {}
    for f in ext.facts:
        for e in [*f.who, *f.where]:
            assert e.evidence[0].quote is e.name
            assert names.setdefault(e.name, e.name) is e.name
        if f.attribution is not None:
            assert names.setdefault(f.attribution.speaker, f.attribution.speaker) is f.attribution.speaker
    assert len(names) < sum(len(f.who) + len(f.where) for f in ext.facts)  # some name is named twice


def test_facts_and_their_parts_are_what_validating_them_gives(wapo: tuple[str, Extraction]) -> None:
    from summarizer.models import Entity, Fact, Figure, When

    _, ext = wapo
    assert any(f.figures for f in ext.facts) and any(f.when for f in ext.facts)
    for f in ext.facts:
        for cls, parts in ((Entity, [*f.who, *f.where]), (Figure, f.figures), (When, f.when)):
            for part in parts:
                validated = cls(**{name: getattr(part, name) for name in part.model_fields_set})
                assert list(part.__dict__.items()) == list(validated.__dict__.items())
                assert part.__pydantic_fields_set__ is validated.__pydantic_fields_set__
        validated_fact = Fact(**{name: getattr(f, name) for name in f.model_fields_set})
        assert f == validated_fact and f.model_dump_json() == validated_fact.model_dump_json()
        assert f.__pydantic_fields_set__ is validated_fact.__pydantic_fields_set__
