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


def test_every_match_of_a_rule_holds_one_of_its_needles() -> None:
    """The needles skip a rule's scan only where it cannot match: on phrases built from the rules' own words, in any
    case and with the letters a case-insensitive match folds (the long s, the dotless i, the Kelvin sign), every
    match's caseless() text holds a needle of its rule."""
    import random

    from summarizer.story.reporting import _RULES
    from summarizer.text.normalize import caseless

    words = ("please submit sign up subscribe click tap read more download register donate letter to the editor via "
             "this form terms of use service privacy policy all rights reserved finally thankfully sadly fortunately "
             "unfortunately clearly obviously of course mercifully happily alas could might have been far much a lot "
             "worse better it is high time for was an disgrace outrage travesty triumph are global world worldwide "
             "industry market leading leader leaders provider world-class best-in-class industry-leading thrilled "
             "delighted excited proud announce partner welcome introduce forward-looking forward looking statements "
             "statement").split()  # fmt: skip
    rng = random.Random(7)
    odd = {"s": "\u017f", "i": "\u0131", "k": "\u212a"}
    matched = 0
    for _ in range(4000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        text = "".join(odd.get(c, c) if rng.random() < 0.05 else c.upper() if rng.random() < 0.2 else c for c in text)
        for _, rx, needles in _RULES:
            m = rx.search(text)
            if m is not None and needles:
                matched += 1
                assert any(n in caseless(m.group(0)) for n in needles), (text, m.group(0))
    assert matched > 1000
