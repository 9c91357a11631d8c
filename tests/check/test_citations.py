"""Engine citations checked against the text as read (summarizer.check.citations)."""

from __future__ import annotations

import pytest
from builders import article

from summarizer.check.citations import screen_citations, screen_fact, span_problem
from summarizer.models import Citation, Entity, Fact

TEXT = "The Elm Street bridge in Halden was closed on Tuesday."

GOOD = Citation(source="S1", start=4, end=21, quote="Elm Street bridge")


def _placed(span: Citation) -> Fact:
    """A fact of the whole of TEXT whose place, "Halden", has the evidence ``span``."""
    return Fact(
        id="S1.F1",
        source="S1",
        text=TEXT,
        evidence=[Citation(source="S1", start=0, end=len(TEXT), quote=TEXT)],
        where=[Entity(name="Halden", evidence=[span])],
    )


@pytest.mark.parametrize(
    ("span", "problem"),
    [
        pytest.param(GOOD, None, id="exact"),
        pytest.param(Citation(source="S1", start=4, end=21, quote="Oak Road crossing"), "quotes 'Oak Road", id="quote"),
        pytest.param(Citation(source="S1", start=50, end=60, quote="x" * 10), "out of range", id="range"),
        pytest.param(Citation(source="S9", start=4, end=21, quote="Elm Street bridge"), "unknown source", id="source"),
    ],
)
def test_span_problem_names_what_is_wrong(span: Citation, problem: str | None) -> None:
    found = span_problem(span, {"S1": TEXT})
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_screen_citations_keeps_valid_spans_in_order_and_explains_the_rest() -> None:
    bad = Citation(source="S2", start=0, end=3, quote="The")
    result = screen_citations([bad, GOOD], {"S1": TEXT})
    assert result.kept == [GOOD]
    assert len(result.problems) == 1 and "S2[0:3]" in result.problems[0]


def test_screen_fact_drops_bad_part_spans_but_keeps_a_fact_with_valid_evidence() -> None:
    bad = Citation(source="S1", start=25, end=31, quote="Lisbon")
    fact = _placed(bad)
    screened, problems = screen_fact(fact, article(TEXT))
    assert screened is not None and screened.evidence == fact.evidence
    assert screened.where[0].evidence == [] and len(problems) == 1


def test_screen_fact_without_any_valid_evidence_returns_none_with_the_reasons() -> None:
    fact = Fact(id="S1.F1", source="S1", text=TEXT, evidence=[Citation(source="S1", start=4, end=7, quote="Oak")])
    screened, problems = screen_fact(fact, article(TEXT))
    assert screened is None and "quotes 'Oak'" in problems[0]


def test_screen_fact_returns_a_fact_whose_every_span_is_valid_as_it_is() -> None:
    fact = _placed(Citation(source="S1", start=25, end=31, quote="Halden"))
    screened, problems = screen_fact(fact, article(TEXT))
    assert screened is fact and problems == []


def test_screen_fact_without_evidence_returns_none() -> None:
    fact = Fact.model_construct(id="S1.F1", source="S1", text=TEXT, evidence=[])
    assert screen_fact(fact, article(TEXT)) == (None, [])


def test_screen_fact_drops_a_part_span_of_another_source_though_its_quote_is_in_the_text() -> None:
    elsewhere = Citation(source="S2", start=25, end=31, quote="Halden")  # the right words, another source's span
    fact = _placed(elsewhere)
    screened, problems = screen_fact(fact, article(TEXT))
    assert screened is not None and screened is not fact and screened.where[0].evidence == []
    assert len(problems) == 1 and "unknown source" in problems[0]
