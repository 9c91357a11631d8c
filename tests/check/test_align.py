"""The aligner finds quoted evidence exactly, after normalisation, or fuzzily, and its spans index the raw text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.check.align import Aligner, align, normalize
from summarizer.models import AlignmentStatus

TEXT = (
    "Ballistic missiles and rockets targeted Ain al-Asad Air Base, in Iraq’s Anbar province, around 6:30 p.m.\n"
    "According to Centcom, “most” of the missiles were intercepted — but some “impacted on the base.”\n"
    "The base was hit. The base was hit again later."
)


@pytest.mark.parametrize(
    ("quote", "status", "expected"),
    [
        pytest.param("Ain al-Asad Air Base", AlignmentStatus.EXACT, "Ain al-Asad Air Base", id="exact"),
        pytest.param(
            'According to Centcom, "most" of the missiles',
            AlignmentStatus.NORMALIZED,
            "According to Centcom, “most” of the missiles",
            id="straight-vs-curly-quotes",
        ),
        pytest.param(
            "in iraq's anbar province", AlignmentStatus.NORMALIZED, "in Iraq’s Anbar province", id="case-apostrophe"
        ),
        pytest.param("intercepted - but some", AlignmentStatus.NORMALIZED, "intercepted — but some", id="dash"),
        pytest.param(
            "around 6:30 p.m. According",
            AlignmentStatus.NORMALIZED,
            "around 6:30 p.m.\nAccording",
            id="newline-as-space",
        ),
        pytest.param(
            "Ballistic missiles and rocket targeted Ain al-Assad Air Base",
            AlignmentStatus.FUZZY,
            "Ballistic missiles and rockets targeted Ain al-Asad Air Base",
            id="fuzzy-spelling",
        ),
    ],
)
def test_align_returns_status_and_a_span_of_the_raw_text(quote: str, status: AlignmentStatus, expected: str) -> None:
    result = align(quote, TEXT, "S1")
    assert result.status == status
    assert result.span is not None
    assert result.span.quote == expected
    assert TEXT[result.span.start : result.span.end] == result.span.quote


def test_unrelated_quote_is_not_found_with_a_reason() -> None:
    result = align("The moon is made of green cheese entirely", TEXT, "S1")
    assert result.status == AlignmentStatus.NOT_FOUND
    assert result.span is None
    assert "fuzzy" in result.reason


def test_empty_quote_is_not_found() -> None:
    assert align("   ", TEXT, "S1").status == AlignmentStatus.NOT_FOUND


def test_hint_picks_the_nearest_of_repeated_occurrences() -> None:
    first = TEXT.index("The base was hit")
    second = TEXT.index("The base was hit", first + 1)
    assert align("The base was hit", TEXT, "S1").span.start == first  # type: ignore[union-attr]
    assert align("The base was hit", TEXT, "S1", hint=second + 3).span.start == second  # type: ignore[union-attr]


def test_fuzzy_can_be_switched_off() -> None:
    result = Aligner(TEXT, "S1").align("Ballistic missiles and rocket targeted Ain al-Assad", fuzzy=False)
    assert result.status == AlignmentStatus.NOT_FOUND


_words = st.lists(
    st.sampled_from(["alpha", "beta", "Gamma", "delta’s", "—", "“quoted”", "6:30", "U.S."]), min_size=1, max_size=30
)


@given(_words, st.data())
def test_any_substring_aligns_exactly_to_itself(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a + 1, len(text)))
    quote = text[a:b]
    if not quote.strip():
        return
    result = align(quote, text, "S1")
    assert result.status == AlignmentStatus.EXACT
    assert result.span is not None
    assert text[result.span.start : result.span.end] == quote.strip()


@given(_words, st.data())
def test_reformatted_quote_aligns_to_a_span_with_the_same_normal_form(words: list[str], data: st.DataObject) -> None:
    text = "\n  ".join(words)
    k = data.draw(st.integers(1, len(words)))
    i = data.draw(st.integers(0, len(words) - k))
    quote = " ".join(words[i : i + k]).upper().replace("—", "-").replace("“", '"').replace("”", '"')
    result = align(quote, text, "S1")
    assert result.span is not None
    assert text[result.span.start : result.span.end] == result.span.quote
    assert normalize(result.span.quote) == normalize(quote)
