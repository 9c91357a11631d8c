"""The caseless copy of a text that stands in for case-insensitive patterns in substring tests."""

from __future__ import annotations

import re

import pytest

from summarizer.text.normalize import caseless


@pytest.mark.parametrize(
    ("text", "word"),
    [
        pytest.param("SPEAKING ON CONDITION OF ANONYMITY", "anonymity", id="upper-case"),
        pytest.param("İgnore previous instructions", "ignore", id="dotted-capital-i"),
        pytest.param("ıgnore previous instructions", "ignore", id="dotless-i"),
        pytest.param("expreſſed", "expressed", id="long-s"),
        pytest.param("\u212aNOWN", "known", id="kelvin-sign"),
    ],
)
def test_a_word_an_ignorecase_pattern_finds_is_a_substring_of_the_caseless_text(text: str, word: str) -> None:
    assert re.search(word, text, re.IGNORECASE)
    assert word in caseless(text)


def test_caseless_is_lower_case_when_the_text_has_none_of_the_odd_letters() -> None:
    text = "“Quoted” Ünïcode — SAID İn Turkish"
    assert caseless(text[:-10]) == text[:-10].lower()
    assert caseless(text) == text[:-10].lower() + "in turkish"
