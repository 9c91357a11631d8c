"""Sentence notes: 'according to X alone' only without other sources; disputes name low-standing disputants."""

from __future__ import annotations

from summarizer.models import BriefSentence, Conflict, Flag, Position, Span
from summarizer.story.notes import sentence_note

S1_DATE = Span(source="S1", start=0, end=8, quote="Saturday")
S1_SENT = Span(source="S1", start=0, end=30, quote="Saturday x" + " " * 20)
S2_DATE = Span(source="S2", start=5, end=11, quote="Sunday")
S3_DATE = Span(source="S3", start=3, end=13, quote="January 20")
S4_DATE = Span(source="S4", start=0, end=6, quote="Friday")
AI = [Flag(kind="automated-content", detail="written by AI", weight=0.1)]


def _conflict(*positions: tuple[str, list[Span]]) -> Conflict:
    return Conflict(
        about="date of the attack",
        kind="date",
        positions=[Position(text=v, citations=c, value=v) for v, c in positions],
    )


def _note(sentence: BriefSentence, conflicts: list[Conflict], weights: dict[str, float]) -> str | None:
    return sentence_note(sentence, conflicts, n_sources=3, names={}, weights=weights, flags={"S2": AI})


def test_a_sentence_disputed_only_by_an_ai_written_source_says_so() -> None:
    sent = BriefSentence(text="Saturday x", citations=[S1_SENT, S3_DATE])
    conflict = _conflict(("2024-01-20", [S1_DATE, S3_DATE]), ("2024-01-21", [S2_DATE]))
    note = _note(sent, [conflict], {"S2": 0.08})
    assert note == "disputed only by S2, an AI-written source: see “date of the attack”"


def test_a_corroborating_source_holding_another_date_still_disputes_the_date() -> None:
    sent = BriefSentence(text="Saturday x", citations=[S1_SENT, S2_DATE])
    conflict = _conflict(("2024-01-20", [S1_DATE]), ("2024-01-21", [S2_DATE]))
    assert "disputed only by S2" in (_note(sent, [conflict], {"S2": 0.08}) or "")


def test_a_credible_disputant_makes_it_disputed_by_other_sources() -> None:
    sent = BriefSentence(text="Saturday x", citations=[S1_SENT])
    conflict = _conflict(("2024-01-20", [S1_DATE]), ("2024-01-19", [S4_DATE]))
    note = _note(sent, [conflict], {})
    assert note is not None
    assert note.startswith("according to S1 alone; disputed by other sources")


def test_a_sentence_cited_to_two_sources_that_agree_has_no_note() -> None:
    sent = BriefSentence(text="Saturday x", citations=[S1_SENT, S3_DATE])
    conflict = _conflict(("2024-01-20", [S1_DATE, S3_DATE]), ("2024-01-21", [S2_DATE]))
    assert _note(sent, [], {}) is None
    assert _note(BriefSentence(text="other", citations=[S3_DATE]), [conflict], {"S2": 0.08}) is not None
