"""Tests for benchmarks/paraphrase.py: meaning-preserving rewrites used to measure false flags."""

from __future__ import annotations

import pytest
from paraphrase import paraphrases
from paths import ROOT

from summarizer.check.support import check_claim


@pytest.mark.parametrize(
    ("sentence", "kind", "expected"),
    [
        pytest.param("The wounded personnel have returned to duty, Col. Marotto said.", "attribution",
                     "Col. Marotto said that the wounded personnel have returned to duty.", id="trailing-said"),
        pytest.param("He said the base was hit by two rockets.", "attribution",
                     "The base was hit by two rockets, he said.", id="leading-said"),
        pytest.param("After the strike ended, the troops returned to the base.", "reorder",
                     "The troops returned to the base after the strike ended.", id="fronted-clause"),
        pytest.param("Most of the missiles were intercepted by the air defenses on Saturday.", "passive",
                     "The air defenses intercepted most of the missiles on Saturday.", id="passive"),
        pytest.param("However, the talks began on Monday.", "discourse", "The talks began on Monday.", id="discourse"),
    ],
)  # fmt: skip
def test_each_rewrite_keeps_the_meaning(sentence: str, kind: str, expected: str) -> None:
    assert {p.kind: p.text for p in paraphrases(sentence)}[kind] == expected


def test_a_synonym_never_changes_the_words_of_a_quotation() -> None:
    out = {p.kind: p.text for p in paraphrases("She said the plan was “about to begin” and talks began.")}
    assert out["synonym"] == "She said the plan was “about to begin” and talks started."


def test_paraphrases_of_a_real_sentence_are_still_supported() -> None:
    text = (ROOT / "examples" / "001_7a697a1951ff04d3.txt").read_text(encoding="utf-8")
    sentence = "Col. Marotto said the wounded personnel have already returned to duty."
    rewrites = paraphrases(sentence)
    assert rewrites
    for p in rewrites:
        assert check_claim(text, p.text).supported, (p.kind, p.text)


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("‘But I’ve said all along, it’s not about me.", id="single-curly-marks-cut-from-a-quotation"),
        pytest.param("No. 'But they recognise them as somebody they care about and love.'", id="single-marks"),
        pytest.param("I told him that I was not a prostitute.'", id="end-of-a-longer-quotation"),
    ],
)
def test_a_synonym_never_changes_a_single_marked_or_cut_quotation(sentence: str) -> None:
    assert "synonym" not in {p.kind for p in paraphrases(sentence)}


def test_an_apostrophe_between_letters_is_not_a_quotation_mark() -> None:
    out = {p.kind: p.text for p in paraphrases("They won't say when talks began.")}
    assert out["synonym"] == "They won't say when talks started."


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("Officials said about 200 people were hurt.", "Officials said around 200 people were hurt.",
                     id="about-before-a-number"),
        pytest.param("Lawrence said his goal is to raise awareness about Down Syndrome.", None, id="about-concerning"),
        pytest.param("Julia shows off her pole dancing skills.", None, id="phrasal-verb"),
        pytest.param("She could not help herself.", None, id="help-oneself"),
    ],
)  # fmt: skip
def test_a_synonym_is_swapped_only_in_the_sense_the_list_means(sentence: str, expected: str | None) -> None:
    assert {p.kind: p.text for p in paraphrases(sentence)}.get("synonym") == expected
