"""Tests for benchmarks/_corpus.py: the tokeniser the LexRank baseline runs with tokenises as sumy's own English
tokeniser does (NLTK Punkt sentences, NLTK word tokens filtered by sumy's word pattern)."""

from __future__ import annotations

import pytest
from _corpus import NltkTokenizer, RegexTokenizer, tokenizer


def test_nltk_tokenizer_splits_sentences_and_keeps_sumys_extra_abbreviations() -> None:
    text = "The army left the base. Residents returned on Monday, e.g. to the market."
    assert NltkTokenizer().to_sentences(text) == (
        "The army left the base.",
        "Residents returned on Monday, e.g. to the market.",
    )


def test_nltk_tokenizer_words_are_nltk_tokens_that_sumys_word_pattern_accepts() -> None:
    words = NltkTokenizer().to_words("Officials didn't say 5 people were hurt, he said.")
    assert words == ("Officials", "did", "n't", "say", "people", "were", "hurt", "he", "said")


def test_tokenizer_names_the_nltk_and_regex_tokenisers() -> None:
    assert isinstance(tokenizer("nltk"), NltkTokenizer)
    assert isinstance(tokenizer("regex"), RegexTokenizer)


def test_tokenizer_refuses_a_name_it_does_not_know() -> None:
    with pytest.raises(KeyError):
        tokenizer("punkt")
