"""Tests for summarizer.text.names: name keys, similarity, aliases and finding names in text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.text.names import _analyse, _similarity, find_name, name_key, name_similarity, same_name, spelling_keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Ain al-Asad", "Ain al Asad", id="hyphen-vs-space"),
        pytest.param("Ain al-Asad", "al-Assad", id="base-short-form-doubled-letter"),
        pytest.param("Ain al-Asad", "Al-Asad air base", id="generic-place-word"),
        pytest.param("Ain al-Asad Air Base", "al-Assad Airbase", id="airbase-spelling"),
        pytest.param("Ain al-Asad", "Ain Al-Asad", id="case"),
        pytest.param("Suleimani", "Soleimani", id="transliteration"),
        pytest.param("Qassem Suleimani", "Qassem Soleimani", id="full-name-transliteration"),
        pytest.param("Mohammed", "Muhammad", id="vowel-spelling"),
        pytest.param("U.S.", "United States", id="us-alias"),
        pytest.param("US", "U.S.", id="us-dots"),
        pytest.param("Centcom", "CENTCOM", id="centcom-case"),
        pytest.param("CENTCOM", "U.S. Central Command", id="centcom-alias"),
        pytest.param("IRGC", "Islamic Revolutionary Guard Corps", id="irgc-alias"),
        pytest.param("the Pentagon", "Department of Defense", id="pentagon-alias"),
        pytest.param("Ryder", "Maj. Gen. Pat Ryder", id="surname-only"),
        pytest.param("al-Sudani", "Mohammed Shia al-Sudani", id="surname-with-article"),
        pytest.param("Islamic Resistance", "The Islamic Resistance in Iraq", id="org-head"),
        pytest.param("José Martí", "Jose Marti", id="diacritics"),
    ],
)
def test_same_name_tolerates_variants(a: str, b: str) -> None:
    assert same_name(a, b)
    assert same_name(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Ain al-Asad", "Ain Zalah", id="different-base"),
        pytest.param("Iraq", "Iran", id="one-letter-country"),
        pytest.param("Joe Biden", "Jill Biden", id="different-first-name"),
        pytest.param("Mohammed", "Mohammed Shia al-Sudani", id="first-name-only"),
        pytest.param("Iraq", "The Islamic Resistance in Iraq", id="place-inside-org-name"),
        pytest.param("Islamic State", "Islamic Republic", id="shared-first-word"),
        pytest.param("Biden", "Bodin", id="short-consonant-skeleton"),
        pytest.param("Natalia Moon", "Natalie Stewart", id="different-surname"),
    ],
)
def test_same_name_rejects_different_names(a: str, b: str) -> None:
    assert not same_name(a, b)
    assert name_similarity(a, b) < 0.85


@pytest.mark.parametrize(
    ("name", "key"),
    [
        pytest.param("Maj. Gen. Pat Ryder", "pat ryder", id="titles"),
        pytest.param("Ain al-Asad Air Base", "ain asad", id="article-and-generic"),
        pytest.param("U.S.", "united states", id="alias"),
        pytest.param("Dulab", "dulab", id="plain"),
    ],
)
def test_name_key_normalises(name: str, key: str) -> None:
    assert name_key(name) == key


def test_name_similarity_is_one_for_identical_names() -> None:
    assert name_similarity("Sabrina Singh", "Sabrina Singh") == 1.0


@pytest.mark.parametrize("name", ["", "the", "Gen.", "U.S.", "al-", "Maj. Gen. Pat Ryder", "Ain al-Asad Air Base"])
def test_a_name_compared_with_itself_scores_what_its_analysis_gives(name: str) -> None:
    assert name_similarity(name, name) == _similarity(_analyse(name), _analyse(name)) == 1.0


def test_find_name_finds_spelling_variants_with_offsets() -> None:
    text = "Rockets hit Ain al Asad Air Base. Later the al-Assad airbase was hit again, not Ain Zalah."
    found = find_name("Ain al-Asad", text)
    quotes = [text[s:e] for s, e, _ in found]
    assert quotes == ["Ain al Asad Air Base", "al-Assad airbase"]


def test_find_name_finds_surname_only_mentions() -> None:
    text = "Maj. Gen. Pat Ryder told reporters. “We’re there,” Ryder said."
    assert [text[s:e] for s, e, _ in find_name("Pat Ryder", text)] == ["Pat Ryder", "Ryder"]


def test_find_name_finds_aliases() -> None:
    text = "U.S. Central Command said on social media. Centcom added that damage assessments are ongoing."
    assert [text[s:e] for s, e, _ in find_name("CENTCOM", text)] == ["U.S. Central Command", "Centcom"]


def test_find_name_returns_nothing_for_absent_name() -> None:
    assert find_name("Ain al-Asad", "Rockets hit Ain Zalah and Erbil.") == []


def test_spelling_keys_fold_transliterations_and_aliases_into_one_key() -> None:
    assert spelling_keys("Qassem Soleimani") == spelling_keys("Gen. Qasem Suleimani") == ("kasam", "salamana")
    assert spelling_keys("U.S.") == spelling_keys("United States")
    assert spelling_keys("Soleimani") != spelling_keys("Solomon")


def test_find_name_reads_possessives_dotted_acronyms_and_hyphenated_capitals() -> None:
    text = "The U.S. military's statement named Ryder's unit; later pro-Iranian al-Sadr spoke."
    assert [text[s:e] for s, e, _ in find_name("United States", text)] == ["U.S."]
    assert [text[s:e] for s, e, _ in find_name("Pat Ryder", text)] == ["Ryder"]
    assert [text[s:e] for s, e, _ in find_name("Sadr", text)] == ["al-Sadr"]


def test_alias_phrases_read_every_spelling_as_tokens() -> None:
    from summarizer.text.names import alias_phrases

    phrases = alias_phrases()
    assert phrases[("u.s",)] == phrases[("us",)] == phrases[("united", "states")] == "united states"
    assert phrases[("white", "house")] == "white house"


@given(st.text(alphabet=st.sampled_from(list("aabcoouqkhy\n\u00e9 ")), max_size=20))
def test_skeleton_collapses_doubled_letters_as_the_template_replacement_does(word: str) -> None:
    import re

    from summarizer.text import names

    folded = word
    for a, b in (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "i"), ("ie", "i"), ("ph", "f"), ("q", "k"),
                 ("ck", "k"), ("y", "i"), ("dh", "d"), ("th", "t"), ("kh", "k"), ("aa", "a")):  # fmt: skip
        folded = folded.replace(a, b)
    assert names._skeleton(word) == re.sub(r"(.)\1+", r"\1", folded)
    assert names._skeleton("Hassan") == "Hasan"


def test_find_name_reads_a_window_the_alias_table_rewrites_though_no_word_of_it_is_near_the_name() -> None:
    # "USA" and "America" share no word with "United States": only their alias entry makes them the name
    text = "Officials in the USA said so. America agreed."
    assert [text[s:e] for s, e, _ in find_name("United States", text)] == ["USA", "America"]
    assert find_name("United States", "Officials in Canada said so.") == []
