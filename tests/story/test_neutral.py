"""Neutral language: the loaded-terms lint, attribution detection and the attribution helper."""

from __future__ import annotations

import pytest

from summarizer.story.neutral import (
    attribute,
    load_lexicon,
    loaded_terms,
    parse_lexicon,
)


def terms(sentence: str) -> list[str]:
    return [t.term.lower() for t in loaded_terms(sentence)]


def test_packaged_lexicon_loads_a_few_hundred_terms_with_categories() -> None:
    lex = load_lexicon()
    assert len(lex.entries) >= 300
    categories = {e.category for e in lex.entries.values()}
    assert {"speech-verb", "emotive", "intensifier", "label", "editorial", "doubt", "contested", "trend"} <= categories
    for term in (
        "slammed",
        "blasted",
        "regime",
        "terrorist",
        "shocking",
        "brutal",
        "heroic",
        "massive",
        "soaring",
        "skyrocketed",
        "blatant",
        "desperate",
        "claimed",
        "so-called",
        "extremist",
        "radical",
        "admitted",
    ):
        assert term in lex.entries, term  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("The minister slammed the plan as a massive failure.", ["slammed", "massive"], id="verb-and-hype"),
        pytest.param("Prices skyrocketed after the so-called reform.", ["skyrocketed", "so-called"], id="trend-doubt"),
        pytest.param("The regime carried out a brutal crackdown.", ["regime", "brutal"], id="label-and-emotive"),
        pytest.param("He admitted the shocking figures were real.", ["admitted", "shocking"], id="admitted"),
        pytest.param(
            "Soaring   tensions followed the blatant violation.", ["soaring", "blatant"], id="case-and-blanks"
        ),
        pytest.param("The extremist group claimed the town.", ["extremist", "claimed"], id="claimed-alone"),
    ],
)
def test_loaded_terms_are_reported_in_order(sentence: str, expected: list[str]) -> None:
    assert terms(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Militants fired rockets at the base on Tuesday, the navy said.", id="plain-report"),
        pytest.param("The Northern Front claimed responsibility for the attack.", id="claimed-responsibility-idiom"),
        pytest.param("A truck slammed into the barrier near the port.", id="literal-slammed-into"),
        pytest.param("He pleaded guilty to two charges.", id="pleaded-guilty"),
        pytest.param("The clinic lost its admitting privileges.", id="admitting-privileges"),
        pytest.param("Outer-regime-change talk aside, trade rose.", id="word-inside-a-compound"),
        pytest.param("She called the plan “a brutal, shocking betrayal.”", id="curly-quotation"),
        pytest.param('Officials described it as "massive" damage.', id="straight-quotation"),
    ],
)
def test_neutral_or_quoted_wording_is_not_reported(sentence: str) -> None:
    assert loaded_terms(sentence) == []


def test_offsets_point_at_the_term_and_carry_a_suggestion() -> None:
    sentence = "Critics blasted the massive cuts."
    found = loaded_terms(sentence)
    assert [(sentence[t.start : t.end], t.category, t.suggestion) for t in found] == [
        ("blasted", "speech-verb", "criticized"),
        ("massive", "intensifier", "large"),
    ]


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        pytest.param("The terrorist group attacked the convoy.", True, id="unattributed-label"),
        pytest.param("The terrorist group attacked the convoy, the ministry said.", False, id="attributed-label"),
        pytest.param("According to the army, the regime fell.", False, id="according-to"),
        pytest.param("The terrorist group said it attacked the convoy.", True, id="label-of-the-speaker-is-ours"),
        pytest.param("The shocking attack killed two, the ministry said.", True, id="emotive-even-when-attributed"),
    ],
)
def test_labels_are_allowed_when_attributed_but_emotive_words_are_not(sentence: str, reported: bool) -> None:
    assert bool(loaded_terms(sentence)) is reported


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("The base was hit by missiles.", "The base was hit by missiles, according to Centcom.",
                     id="plain"),
        pytest.param("The base was hit by missiles  ", "The base was hit by missiles, according to Centcom.",
                     id="no-final-period"),
        pytest.param("“Damage assessments are ongoing.”", "“Damage assessments are ongoing,” according to Centcom.",
                     id="quotation-takes-a-comma"),
        pytest.param("The base was hit, officials said.", "The base was hit, officials said.", id="already-attributed"),
    ],
)  # fmt: skip
def test_attribute_appends_a_neutral_attribution(sentence: str, expected: str) -> None:
    assert attribute(sentence, " Centcom ") == expected


def test_attribute_needs_a_speaker() -> None:
    with pytest.raises(ValueError, match="speaker"):
        attribute("The base was hit.", "  ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("slammed | speech-verb", "expected", id="too-few-fields"),
        pytest.param("slammed | speech-verb | criticized | loud", "unknown option", id="unknown-option"),
        pytest.param("slammed | a | b\nslammed | c | d", "already listed", id="duplicate-variant"),
        pytest.param("# only comments\n", "no entries", id="empty"),
    ],
)
def test_malformed_lexicon_lines_are_rejected_with_their_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_lexicon(text)


def test_custom_lexicon_options_and_exemptions() -> None:
    lex = parse_lexicon("! big deal\nbig | intensifier | large\nthug, thugs | label | - | attributed-ok\n")
    assert [t.term for t in loaded_terms("A big win, not a big deal.", lexicon=lex)] == ["big"]
    assert loaded_terms("Thugs attacked, police said.", lexicon=lex) == []
    assert loaded_terms("Thugs attacked.", lexicon=lex)[0].suggestion is None


def test_the_characters_that_fold_onto_ascii_are_exactly_those_the_token_matcher_leaves_to_the_plain_scan() -> None:
    import re
    import sys

    from summarizer.story.neutral import _FOLDS_TO_ASCII

    ascii_word = re.compile("[a-z0-9_]", re.IGNORECASE)
    found = {
        chr(c)
        for c in range(128, sys.maxunicode + 1)
        if ascii_word.fullmatch(chr(c)) or len(chr(c).lower()) != 1 or chr(c).lower().isascii()
    }
    assert found == _FOLDS_TO_ASCII


def test_loaded_terms_in_text_with_curly_quotes_and_accents_match_the_whole_lexicon_scan() -> None:
    from summarizer.story.neutral import _term_matches, load_lexicon

    lex = load_lexicon()
    sentences = [
        "The regime’s so-called “reforms” were slammed by critics in Zürich, a devastating blow.",
        "Officials at the café claimed the terrorists’ attack was a brutal massacre.",
        "Die Regierung — the regime — said the \u212ailling was shocking.",
    ]
    for s in sentences:
        assert _term_matches(lex, s) == [m.span() for m in lex.pattern.finditer(s)]
    assert _term_matches(lex, sentences[0])  # the sentences do hold loaded terms


def test_loaded_terms_of_several_words_match_the_whole_lexicon_scan() -> None:
    from summarizer.story.neutral import _term_matches, load_lexicon

    lex = load_lexicon()
    sentences = [
        "The mayor LASHED  OUT at critics and Hit\tOut\nAt the council.",
        "He falsely claimed the hard-line plan, a game-changer, was ill-fated; hard-liners lashed outward.",
        "The regime's hard-liners-in-waiting falsely claimsX nothing; the hard-line_ rule stood.",
        "Officials lashed out-of-turn and then lashed out.",
    ]
    for s in sentences:
        assert _term_matches(lex, s) == [m.span() for m in lex.pattern.finditer(s)]
    assert _term_matches(lex, sentences[0]) == [(10, 21), (37, 47)]  # whitespace and case inside a term


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("The extremist group and the extremistſ attacked.", "extremistſ"),  # the long s, as old print spells it
        ("K regime and the extremiſts", "extremiſts"),
        ("The regime ſlammed critics in the regime", "ſlammed"),
    ],
)
def test_a_term_spelled_with_a_character_that_folds_onto_ascii_is_reported_with_its_entry(
    sentence: str, term: str
) -> None:
    from summarizer.story.neutral import _FOLDS_TO_ASCII

    found = loaded_terms(sentence)  # raised KeyError: the match was looked up by its plain lower case
    assert term in [t.term for t in found]
    odd = next(t for t in found if t.term == term)
    assert sentence[odd.start : odd.end] == term and not _FOLDS_TO_ASCII.isdisjoint(term)
    assert odd.category  # the entry's own category, as for the ASCII spelling
