"""Sentence notes: 'according to X alone' only without other sources; disputes name low-standing disputants."""

from __future__ import annotations

from summarizer.models import BriefSentence, Conflict, Flag, Position, Span
from summarizer.story.notes import sentence_note, with_standing

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


def _held(*positions: tuple[str, list[str]]) -> Conflict:
    spans = {"S1": S1_DATE, "S2": S2_DATE, "S3": S3_DATE, "S4": S4_DATE}
    return Conflict(
        about="number of workers injured",
        kind="count",
        positions=[Position(text=v, citations=[spans[s] for s in srcs], value=v) for v, srcs in positions],
    )


def test_each_position_shows_its_sources_with_weight_and_flags() -> None:
    conflict = with_standing(
        _held(("four", ["S1", "S3"]), ("nine", ["S2"])),
        names={"S1": "Coastal Herald (S1)"},
        weights={"S2": 0.08, "S3": 0.9},
        flags={"S2": AI},
    )
    first, second = ([(st.source, st.weight, st.flags, st.low) for st in p.standing] for p in conflict.positions)
    assert first == [("S1", 1.0, [], False), ("S3", 0.9, [], False)]
    assert second == [("S2", 0.08, ["automated-content"], True)]
    assert conflict.positions[1].standing[0].label == "S2, an AI-written source"
    assert conflict.positions[0].standing[0].label == "Coastal Herald (S1)"


def test_a_conflict_disputed_only_by_a_low_weight_source_says_so() -> None:
    conflict = with_standing(
        _held(("four", ["S1", "S3"]), ("nine", ["S2"])), names={}, weights={"S2": 0.08}, flags={"S2": AI}
    )
    assert conflict.note == "disputed only by S2, an AI-written source"


def test_a_conflict_with_a_full_weight_disputant_has_no_low_standing_note() -> None:
    conflict = with_standing(
        _held(("four", ["S1"]), ("nine", ["S2"]), ("six", ["S4"])), names={}, weights={"S2": 0.08}, flags={"S2": AI}
    )
    assert conflict.note is None


def test_a_low_weight_source_without_a_telling_flag_is_named_with_its_weight() -> None:
    conflict = with_standing(_held(("four", ["S1"]), ("nine", ["S4"])), names={}, weights={"S4": 0.3}, flags={})
    assert conflict.note == "disputed only by S4, a low-weight source (0.30)"
