"""Tests of engines.llm.grounding: model quotes -> spans, verification, rejection reasons, chunking and merging."""

from __future__ import annotations

import itertools

import pytest
from builders import article
from pydantic import ValidationError

from summarizer.engines.llm.grounding import GroundingCheck, chunk_spans, estimate_tokens, ground_facts, merge_facts
from summarizer.engines.llm.schema import ExtractResponse
from summarizer.models import Article, Region

TEXT = (
    "Officials closed the river port of Marsden on Tuesday, the water board said.\n\n"
    "At least 300 residents were evacuated overnight.\n\n"
    "Share this article on social media.\n"
)


def _article(text: str = TEXT, regions: list[Region] | None = None) -> Article:
    return article(text, path="a.txt", regions=regions or [])


def _answer(*facts: dict[str, object]) -> ExtractResponse:
    return ExtractResponse.model_validate({"facts": list(facts)})


PORT = {"text": "Officials closed the port.", "evidence": ["Officials closed the river port of Marsden on Tuesday"]}


def test_verbatim_evidence_becomes_an_exact_span() -> None:
    grounded = ground_facts(_answer(PORT), _article())
    [fact] = grounded.facts
    [span] = fact.evidence
    assert TEXT[span.start : span.end] == span.quote == "Officials closed the river port of Marsden on Tuesday"
    assert fact.id == "S1.F1" and not grounded.rejected


def test_quote_with_typographic_differences_is_still_aligned() -> None:
    fact = {
        "text": "Officials closed the port.",
        "evidence": ["officials  closed the river port of marsden on tuesday"],
    }
    [kept] = ground_facts(_answer(fact), _article()).facts
    assert kept.evidence[0].quote == "Officials closed the river port of Marsden on Tuesday"


def test_invented_evidence_is_rejected_with_the_reason() -> None:
    invented = {"text": "The mayor resigned.", "evidence": ["The mayor resigned on Monday after a vote."]}
    grounded = ground_facts(_answer(PORT, invented), _article())
    assert [f.text for f in grounded.facts] == ["Officials closed the port."]
    [rejected] = grounded.rejected
    assert rejected.stage == "extract" and "is not in the article" in rejected.reason
    assert grounded.errors == [f"- fact 2 ('The mayor resigned.'): {rejected.reason}"]


def test_evidence_in_page_boilerplate_is_rejected() -> None:
    start = TEXT.index("Share this")
    article = _article(regions=[Region(start=start, end=len(TEXT), kind="boilerplate")])
    grounded = ground_facts(
        _answer({"text": "Share it.", "evidence": ["Share this article on social media."]}), article
    )
    assert not grounded.facts and "boilerplate" in grounded.rejected[0].reason


def test_figure_gets_a_span_inside_its_evidence() -> None:
    fact = {
        "text": "At least 300 residents were evacuated.",
        "evidence": ["At least 300 residents were evacuated overnight."],
        "figures": [{"text": "At least 300 residents", "value": 300, "qualifier": "at_least"}],
    }
    [kept] = ground_facts(_answer(fact), _article()).facts
    [figure_span] = kept.figures[0].evidence
    assert kept.evidence[0].contains(figure_span)
    assert TEXT[figure_span.start : figure_span.end] == "At least 300 residents"


def test_grounding_check_makes_validation_fail_with_the_concrete_errors() -> None:
    bad = {"facts": [{"text": "x", "evidence": ["Nowhere in the text at all."]}]}
    with pytest.raises(ValidationError, match="Nowhere in the text at all"):
        ExtractResponse.model_validate(bad, context={"ground": GroundingCheck(_article())})
    assert ExtractResponse.model_validate(bad).facts  # without the context only the schema is checked


def test_short_text_is_one_chunk() -> None:
    assert chunk_spans(TEXT, max_tokens=1000) == [(0, len(TEXT))]


def test_long_text_is_chunked_on_sentences_with_overlap() -> None:
    text = " ".join(f"Sentence number {i} says something about the port." for i in range(60))
    chunks = chunk_spans(text, max_tokens=100, overlap_tokens=20)
    assert len(chunks) > 3
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    for (s1, e1), (s2, e2) in itertools.pairwise(chunks):
        assert s1 < s2 < e1 <= e2  # advances, and overlaps the previous chunk
        assert estimate_tokens(text[s1:e1]) <= 100


def test_overlapping_chunks_do_not_duplicate_facts() -> None:
    article = _article()
    part1 = ground_facts(_answer(PORT), article)
    part2 = ground_facts(
        _answer(PORT, {"text": "300 residents were evacuated.", "evidence": ["300 residents were evacuated"]}), article
    )
    merged = merge_facts([part1, part2], "S1")
    assert [f.id for f in merged.facts] == ["S1.F1", "S1.F2"]
    assert [f.text for f in merged.facts] == ["Officials closed the port.", "300 residents were evacuated."]


def test_value_not_in_its_evidence_is_rejected_by_verification() -> None:
    fact = {
        "text": "At least 500 residents were evacuated.",
        "evidence": ["At least 300 residents were evacuated overnight."],
        "figures": [{"text": "At least 500 residents", "value": 500, "qualifier": "at_least", "counts": "residents"}],
    }
    grounded = ground_facts(_answer(fact), _article())
    assert not grounded.facts
    [rejected] = grounded.rejected
    assert rejected.stage == "verify" and "figures[0]" in rejected.reason
    assert rejected.citations[0].quote == "At least 300 residents were evacuated overnight."


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        pytest.param("2.4 metres", "metre", "m", id="spelled-unit-from-text"),
        pytest.param("2.4", "metres", "m", id="unit-word-only"),
        pytest.param("5 per cent", "%", "percent", id="percent"),
        pytest.param("10 missiles", None, None, id="count-no-unit"),
    ],
)
def test_model_units_are_spelled_as_the_verifier_spells_them(text: str, unit: str | None, expected: str | None) -> None:
    from summarizer.engines.llm.grounding import canonical_unit

    assert canonical_unit(text, unit) == expected


def test_a_models_fact_is_built_by_the_validating_constructors() -> None:
    from summarizer.engines.llm.grounding import build_fact

    [llm] = _answer(PORT).facts
    with pytest.raises(ValidationError, match="evidence"):  # Fact's validation: at least one evidence span
        build_fact(llm, "S1.F1", [], _article())
