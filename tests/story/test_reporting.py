"""Only reporting is stated as fact: opinion, calls to action, boilerplate and promotion in the outlet's own voice are
not; the same words attributed to a speaker are reporting."""

from __future__ import annotations

import pytest
from builders import article

from summarizer.story.flags import text_flags
from summarizer.story.reporting import not_reporting


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        pytest.param("It could have been far worse.", "unattributed evaluation", id="evaluation"),
        pytest.param("Finally, borrowers will receive relief.", "unattributed evaluation", id="evaluative-opener"),
        pytest.param("Submit your letter to the editor via this form.", "call to action", id="letters-boilerplate"),
        pytest.param("Acme Robotics is the global leader in warehouse automation.", "promotional", id="promotion"),
        pytest.param("We are thrilled to announce our new plant in Ohio.", "first-person", id="first-person"),
    ],
)
def test_non_reporting_sentences_in_the_outlets_own_voice_are_refused(sentence: str, reason: str) -> None:
    got = not_reporting(sentence, attributed=False)
    assert got is not None and reason in got


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("US forces struck a base in Iraq on Saturday, killing two militants.", id="US-is-not-us"),
        pytest.param("The court ruled that the Treasury must turn over the tax returns.", id="must-in-a-ruling"),
        pytest.param("Like many cities, Dayton imposed a curfew after the shooting.", id="like-is-not-a-call"),
        pytest.param("World War I veterans were honoured in Paris on Monday.", id="roman-numeral"),
        pytest.param("“We are thrilled,” the mayor said of the new plant.", id="quoted-first-person"),
    ],
)
def test_reporting_sentences_pass(sentence: str) -> None:
    assert not_reporting(sentence, attributed=False) is None


def test_an_attributed_promotional_claim_is_reporting_what_was_said() -> None:
    assert not_reporting("Acme says it is the global leader in warehouse automation.", attributed=True) is None


def test_a_letters_page_is_flagged_as_opinion() -> None:
    text = (
        "Letters to the editor\n\nThe new bridge is a waste of money. Submit your letter to the editor via this form."
    )
    flags = text_flags(article(text, "S1"))
    assert any(f.kind == "opinion-page" for f in flags)
