"""Named entities, attributions and quotes are found in single sentences, with offsets into the sentence."""

from __future__ import annotations

import pytest

from summarizer.models import EntityKind
from summarizer.text.entities import find_attribution, find_entities, find_quotes, person_name


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        pytest.param(
            "Missiles targeted Ain al-Asad Air Base in Anbar.",
            "Ain al-Asad Air Base",
            EntityKind.PLACE,
            id="base-with-particle",
        ),
        pytest.param(
            "The spate of attacks caused tensions between Iraq and Iran.", "Iran", EntityKind.PLACE, id="country-at-end"
        ),
        pytest.param(
            "U.S. Central Command said the base was hit.",
            "U.S. Central Command",
            EntityKind.ORGANIZATION,
            id="org-head",
        ),
        pytest.param(
            "Last week, Iran’s Islamic Revolutionary Guard Corps fired.",
            "Islamic Revolutionary Guard Corps",
            EntityKind.ORGANIZATION,
            id="possessive-split",
        ),
        pytest.param(
            "In a statement, Marine Gen. Michael E. Langley said it.",
            "Marine Gen. Michael E. Langley",
            EntityKind.PERSON,
            id="titled-person",
        ),
        pytest.param(
            "The mayor met Anna Kowalski in Gdansk on Friday.", "Anna Kowalski", EntityKind.PERSON, id="plain-person"
        ),
    ],
)
def test_entities_are_found_and_classified(sentence: str, name: str, kind: EntityKind) -> None:
    found = {(e.text, e.kind) for e in find_entities(sentence)}
    assert (name, kind) in found
    for e in find_entities(sentence):
        assert sentence[e.start : e.end] == e.text


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Iranian-backed militants fired rockets.", id="adjectival-compound"),
        pytest.param("Details remained scarce after the blast.", id="sentence-initial-common-word"),
    ],
)
def test_non_names_are_not_entities(sentence: str) -> None:
    assert find_entities(sentence) == []


def test_sentence_initial_hit_is_not_a_place() -> None:
    # "Hit" (a town in Anbar) was in the gazetteer, lifted from one example article; as a sentence-initial verb it
    # made "Hit hard by the storm" a place.
    sentence = "Hit hard by the storm, the coastal town of Port Avery lost power for two days."
    found = find_entities(sentence)
    assert all(e.kind != EntityKind.PLACE or e.text == "Port Avery" for e in found)
    assert not any(sentence[e.start : e.end].startswith("Hit") for e in found)


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
def test_attribution_names_the_speaker(sentence: str, speaker: str, anonymous: bool) -> None:
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


def test_quotes_are_found_without_their_marks() -> None:
    sentence = "According to Centcom, “most” of the missiles were intercepted, but some “impacted on the base.”"
    quotes = find_quotes(sentence)
    assert [q.text for q in quotes] == ["most", "impacted on the base."]
    assert all(sentence[q.start : q.end] == q.text for q in quotes)


def test_person_name_drops_titles() -> None:
    assert person_name("Maj. Gen. Pat Ryder") == "Pat Ryder"
