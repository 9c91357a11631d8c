"""Language and script detection: the dominant script of the letters and, for Latin script, the language."""

from __future__ import annotations

import pytest

from summarizer.ingest.language import detect_language, nothing_said_reason


@pytest.mark.parametrize(
    ("text", "code", "script"),
    [
        pytest.param("The army said on Monday that the base was attacked by the group.", "en", "Latin", id="english"),
        pytest.param("Le gouvernement a dit que la base est une cible pour les milices.", "fr", "Latin", id="french"),
        pytest.param(
            "Die Regierung sagte, dass der Angriff auf die Basis nicht geplant war.", "de", "Latin", id="german"
        ),
        pytest.param("Правительство заявило, что база была атакована", "ru", "Cyrillic", id="cyrillic"),
        pytest.param("政府表示基地遭到袭击", "zh", "Han", id="han"),
        pytest.param("政府は基地が攻撃されたと発表した", "ja", "Japanese", id="kanji-with-kana-is-japanese"),
        pytest.param("الحكومة قالت إن القاعدة تعرضت لهجوم", "ar", "Arabic", id="arabic"),
    ],
)
def test_detects_the_script_and_the_latin_language(text: str, code: str, script: str) -> None:
    guess = detect_language(text)
    assert (guess.code, guess.script) == (code, script)


def test_share_counts_letters_of_the_dominant_script_only() -> None:
    guess = detect_language("abc 123 ... дежурный")  # 3 Latin letters, 8 Cyrillic: digits and dots are not letters
    assert guess.script == "Cyrillic"
    assert guess.share == round(8 / 11, 3)


@pytest.mark.parametrize(("text", "script"), [("abcd жзий", "Latin"), ("жзий abcd", "Cyrillic")])
def test_a_tie_between_two_scripts_goes_to_the_one_written_first(text: str, script: str) -> None:
    assert detect_language(text).script == script


def test_text_without_letters_has_no_script() -> None:
    guess = detect_language("12:30 -- 45 %")
    assert (guess.code, guess.script, guess.share) == (None, "none", 0.0)


def test_function_words_are_counted_in_any_case_and_next_to_a_dotted_capital_i() -> None:
    # "İ" lower-cases to two characters: the words around it are still read as words
    assert detect_language("THE OF AND TO IN İstanbul THE OF AND").code == "en"


def test_too_few_words_leave_the_latin_language_unknown() -> None:
    assert detect_language("Base attacked").code is None


def test_nothing_said_reason_names_a_script_the_local_engine_cannot_read() -> None:
    assert "Cyrillic" in nothing_said_reason("Правительство заявило, что база была атакована", 1)


def test_an_ascii_text_reads_as_the_same_text_with_other_characters() -> None:
    ascii_text = "Le chat est sur la table et la souris est dans la maison du voisin"
    assert ascii_text.isascii()
    assert detect_language(ascii_text) == detect_language(ascii_text + " — “voilà”")
    assert detect_language(ascii_text).code == "fr"
