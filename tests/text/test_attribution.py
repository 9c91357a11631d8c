"""Tests for summarizer.text.attribution: one speaker per sentence, with offsets, verb, style and anonymity."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.text.attribution import find_attribution, is_pronoun_speaker

# --------------------------------------------------------------------------------------------------------------------
# Cases that extraction and verification relied on (formerly text.entities.find_attribution)
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker", "anonymous"),
    [
        pytest.param(
            "Missiles hit the base, U.S. Central Command said — the latest attack.",
            "U.S. Central Command",
            False,
            id="trailing-said",
        ),
        pytest.param(
            "According to Centcom, most missiles were intercepted.", "Centcom", False, id="according-to-front"
        ),
        pytest.param(
            "Four were hurt, according to two US officials who spoke on condition of anonymity.",
            "two US officials",
            True,
            id="anonymous-officials",
        ),
        pytest.param(
            "Several were hurt, a US official told Reuters, speaking on condition of anonymity.",
            "a US official",
            True,
            id="told-reuters",
        ),
        pytest.param(
            "“We’re there at the invitation of the government,” Ryder said.", "Ryder", False, id="after-quote"
        ),
        pytest.param(
            "In a statement, Marine Gen. Michael E. Langley, commander of US Central Command, said it.",
            "Marine Gen. Michael E. Langley",
            False,
            id="appositive",
        ),
        pytest.param(
            "The rise which the territory’s Health Ministry said has killed many.",
            "the territory’s Health Ministry",
            False,
            id="relative-clause",
        ),
    ],
)
def test_attribution_names_the_speaker_with_offsets(sentence: str, speaker: str, anonymous: bool) -> None:
    found = find_attribution(sentence)
    assert found is not None
    assert found.speaker == speaker
    assert sentence[found.start : found.end] == speaker
    assert found.anonymous is anonymous


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(
            "The Islamic Resistance in Iraq, a coalition of militias, claimed responsibility for the attack.",
            id="claimed-responsibility",
        ),
        pytest.param("He did not elaborate on the injuries but said little.", id="clause-is-not-a-speaker"),
        pytest.param("Missiles struck the base on Sunday.", id="no-reporting-verb"),
    ],
)
def test_non_attributions_are_not_reported(sentence: str) -> None:
    assert find_attribution(sentence) is None


# --------------------------------------------------------------------------------------------------------------------
# Cases that the loaded-terms lint and attribute() relied on (formerly story.neutral.is_attributed)
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker", "verb", "anonymous"),
    [
        pytest.param("The base was hit, U.S. Central Command said.", "U.S. Central Command", "said", False,
                     id="trailing-said"),
        pytest.param("A rocket hit the base, according to U.S. defense officials.", "U.S. defense officials",
                     "according to", True, id="according-to-anonymous"),
        pytest.param("“We are there at the invitation of the government,” said Maj. Gen. Pat Ryder.",
                     "Maj. Gen. Pat Ryder", "said", False, id="inverted-with-titles"),
        pytest.param("Sailors were hurt, a navy official told Reuters, speaking on condition of anonymity.",
                     "a navy official", "told", True, id="told-anonymous"),
        pytest.param("Trump calls the investigation disgraceful.", "Trump", "calls", False, id="calls"),
        pytest.param("Prime Minister Nikol Pashinyan praised Biden, saying the decision was important.",
                     "Prime Minister Nikol Pashinyan", "saying", False, id="participle"),
    ],
)  # fmt: skip
def test_attribution_is_returned_as_data(sentence: str, speaker: str, verb: str, anonymous: bool) -> None:
    match = find_attribution(sentence)
    assert match is not None
    assert (match.speaker, match.verb, match.anonymous) == (speaker, verb, anonymous)
    assert sentence[match.start : match.end] == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Rockets struck the base on Tuesday.", id="plain-statement"),
        pytest.param("The Northern Front claimed responsibility for the attack.", id="claim-of-responsibility"),
        pytest.param("Leaders called for calm after the blast.", id="called-for"),
        pytest.param("This reported casualty is the first of the war.", id="reported-as-adjective"),
        pytest.param("The poster read “he said it would rain” in red letters.", id="verb-inside-a-quotation"),
    ],
)
def test_unattributed_sentences_return_none(sentence: str) -> None:
    assert find_attribution(sentence) is None


# --------------------------------------------------------------------------------------------------------------------
# One speaker: the reporting verb that governs the main clause
# --------------------------------------------------------------------------------------------------------------------


def test_closing_reporting_clause_governs_and_the_reported_claim_keeps_its_agent() -> None:
    sentence = "The group, which has claimed dozens of attacks, claimed the strike on the base, a spokesman said."
    match = find_attribution(sentence)
    assert match is not None
    assert (match.speaker, match.verb, match.style) == ("a spokesman", "said", "subject")
    assert sentence[match.start : match.end] == "a spokesman"
    assert match.inner is not None
    assert (match.inner.speaker, match.inner.verb) == ("The group", "claimed")
    assert sentence[match.inner.start : match.inner.end] == "The group"


@pytest.mark.parametrize(
    ("sentence", "speaker", "inner"),
    [
        pytest.param(
            "Unemployment fell to 4.1% in September, the government said Friday.",
            "the government",
            None,
            id="closing-clause-with-a-day",
        ),
        pytest.param(
            "Al-Sudani’s office said it would evict U.S. troops, Reuters reported, citing two officials.",
            "Reuters",
            "Al-Sudani’s office",
            id="closing-clause-over-a-reported-statement",
        ),
        pytest.param(
            "Centcom said the base, which officials said was hit twice, was repaired.",
            "Centcom",
            None,
            id="first-clause-governs-without-a-closing-one",
        ),
        pytest.param(
            "Ryder said the strike killed two, according to a transcript.",
            "a transcript",
            None,
            id="according-to-governs",
        ),
    ],
)
def test_one_speaker_per_sentence(sentence: str, speaker: str, inner: str | None) -> None:
    match = find_attribution(sentence)
    assert match is not None and match.speaker == speaker
    assert (match.inner.speaker if match.inner else None) == inner


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        pytest.param("House Democratic leaders on Wednesday said they would wait.", "House Democratic leaders",
                     id="day-after-the-speaker"),
        pytest.param("Meanwhile motoring groups said the ruling was fair.", "motoring groups", id="leading-adverb"),
        pytest.param("'The team is in good shape,' forward Pedro told reporters.", "forward Pedro",
                     id="no-quotation-mark-in-the-speaker"),
        pytest.param('We know how to look," she said.', "she", id="quotation-closing-from-an-earlier-sentence"),
        pytest.param("Another person was taken to a hospital, police said.", "police", id="one-word-speaker"),
        pytest.param("Power failed, Coastal Power and Light said.", "Coastal Power and Light", id="and-inside-a-name"),
        pytest.param("LAKESIDE /PRNewswire/ -- Northwind Robotics today announced a plant.", "Northwind Robotics",
                     id="newswire-dateline"),
    ],
)  # fmt: skip
def test_speaker_is_the_noun_phrase_alone(sentence: str, speaker: str) -> None:
    match = find_attribution(sentence)
    assert match is not None and match.speaker == speaker
    assert sentence[match.start : match.end] == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Other states served by the river are Arizona and Utah.", id="plural-noun-not-a-verb"),
        pytest.param("The three-week total for jobless claims now stands at 16.5 million.", id="claims-as-a-noun"),
        pytest.param("That said, Ferrari are stronger over a long run.", id="that-said"),
        pytest.param("Northam meets with aides amid Democratic calls to resign.", id="adjective-before-calls"),
        pytest.param("While Israel has confirmed its role, it has not commented.", id="subordinate-clause"),
        pytest.param("U.S. employers added 175,000 jobs in March.", id="added-with-an-object"),
    ],
)
def test_nouns_that_look_like_reporting_verbs_are_not_attributions(sentence: str) -> None:
    assert find_attribution(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "anonymous"),
    [
        pytest.param("The base was hit, a spokesman said.", True, id="unnamed-spokesman"),
        pytest.param("The match was tense, a Bayer spokesman said.", False, id="spokesman-of-a-named-body"),
        pytest.param("Two were hurt, police said.", False, id="police-are-a-named-service"),
    ],
)
def test_anonymity_of_the_speaker(sentence: str, anonymous: bool) -> None:
    match = find_attribution(sentence)
    assert match is not None and match.anonymous is anonymous


def test_pronouns_and_anaphors_are_pronoun_speakers() -> None:
    assert is_pronoun_speaker("He") and is_pronoun_speaker("the group")
    assert not is_pronoun_speaker("Centcom")


_NEWSY = st.lists(
    st.sampled_from(
        ["said", "told", "according to", "The group", ",", "a spokesman", "“", "”", "claimed", "which", "and",
         "Centcom", "officials", "on Monday", ".", "added", "While", "'", "--", "saying", "U.S.", "reports"]
    ),
    max_size=30,
).map(" ".join)  # fmt: skip


@given(st.one_of(st.text(max_size=300), _NEWSY))
def test_find_attribution_never_raises_and_offsets_are_exact(sentence: str) -> None:
    match = find_attribution(sentence)
    while match is not None:
        assert sentence[match.start : match.end] == match.speaker and match.speaker.strip()
        match = match.inner


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("The base was attacked on Saturday by militants.", id="no-reporting-word"),
        pytest.param("Rockets struck the base, injuring two soldiers.", id="participle-that-does-not-report"),
    ],
)
def test_a_sentence_without_a_reporting_word_has_no_attribution(sentence: str) -> None:
    assert find_attribution(sentence) is None


def test_a_participle_alone_attributes_the_sentence() -> None:
    m = find_attribution("Prime Minister Nikol Pashinyan praised Biden, saying the deal would hold.")
    assert m is not None and m.verb == "saying" and m.speaker == "Prime Minister Nikol Pashinyan"


def test_words_grouped_by_first_letter_keep_their_order() -> None:
    from summarizer.text.attribution import _by_first_letter

    assert _by_first_letter("said|told|says|say|tells") == "(?:s(?:aid|ays|ay)|t(?:old|ells))"


_VERB_PIECES = st.lists(
    st.sampled_from(
        ["said", "says", "say", "Said", "xsaid", "said2", "_said", "saidé", "told", "tells", "claims", "calls",
         "called", "according to", "saying", ",", "”", "\"", "’", "The group", "a spokesman", "Mr. Smith", " ", "\n"]
    ),
    max_size=20,
).map(" ".join)  # fmt: skip


@given(st.one_of(_VERB_PIECES, _VERB_PIECES.map(lambda s: s.replace(" ", ""))))
def test_verb_patterns_match_as_with_the_plain_alternation_of_verbs(sentence: str) -> None:
    import re

    from summarizer.text import attribution

    plain = f"(?:{attribution.REPORTING_VERBS})"
    for pattern in (attribution._VERB, attribution._APPOSITIVE, attribution._INVERTED):
        unfactored = re.compile(pattern.pattern.replace(attribution._VERB_WORDS, plain))
        assert [(m.span(), m.groups()) for m in pattern.finditer(sentence)] == [
            (m.span(), m.groups()) for m in unfactored.finditer(sentence)
        ]
