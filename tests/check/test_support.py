"""Tests for summarizer.check.support: the lexical sentence-support checker and its helpers."""

from __future__ import annotations

import hashlib

import pytest
from paths import ROOT

from summarizer.check.support import LexicalSupportChecker, SupportChecker, check_claim, check_pairs, check_support
from summarizer.models import Article, SupportLabel

WAPO_TEXT = (ROOT / "examples" / "000_1efb6e8095174500.txt").read_text(encoding="utf-8")
AIBOT_TEXT = (ROOT / "examples" / "001_7a697a1951ff04d3.txt").read_text(encoding="utf-8")

SENTENCE = (
    "Iraq’s military released a statement saying 33 missiles were launched between 1:05 a.m. and 1:32 a.m. on "
    "Sunday and the military found seven rocket launchers: three in the Al-Baghdadi area and four in Dulab."
)


def test_verbatim_sentence_is_supported_with_its_span() -> None:
    result = check_claim(AIBOT_TEXT, SENTENCE)
    assert result.label == SupportLabel.SUPPORTED
    assert result.score > 0.95
    assert any(AIBOT_TEXT[s.start : s.end] == s.quote == SENTENCE for s in result.evidence)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        pytest.param(SENTENCE.replace("33 missiles", "43 missiles"), SupportLabel.UNSUPPORTED, id="number-changed"),
        pytest.param(SENTENCE.replace("seven", "nine"), SupportLabel.UNSUPPORTED, id="number-word-changed"),
        pytest.param(SENTENCE.replace("Dulab", "Kirkuk"), SupportLabel.UNSUPPORTED, id="novel-place"),
        pytest.param(SENTENCE.replace("were launched", "were not launched"), SupportLabel.UNSUPPORTED, id="negated"),
        pytest.param(
            "Ryder said he was “aware of plans” to withdraw American troops.",
            SupportLabel.UNSUPPORTED,
            id="quote-edited",
        ),
        pytest.param(
            "The attack killed 40 people in Baghdad and Basra on Saturday.", SupportLabel.UNSUPPORTED, id="unrelated"
        ),
    ],
)
def test_corrupted_claims_are_not_supported(claim: str, label: SupportLabel) -> None:
    result = check_claim(AIBOT_TEXT if "Dulab" in SENTENCE and "Ryder" not in claim else WAPO_TEXT, claim)
    assert not result.supported
    assert result.label in {label, SupportLabel.CONTRADICTED}
    assert result.reason


def test_number_conflicting_with_aligned_sentence_is_contradicted() -> None:
    result = check_claim(AIBOT_TEXT, "Iraq’s military said 40 missiles were launched on Sunday.")
    assert result.label == SupportLabel.CONTRADICTED
    assert "33 missiles" in result.reason


def test_paraphrase_fused_from_two_sentences_is_supported() -> None:
    claim = "At least four US service members sustained minor injuries in the attack. No one was killed."
    assert check_claim(AIBOT_TEXT, claim).supported


def test_claim_is_as_weak_as_its_weakest_sentence() -> None:
    good = "At least four US service members sustained minor injuries in the attack."
    bad = "The Taliban claimed the attack from Kabul."
    assert check_claim(AIBOT_TEXT, good + " " + bad).score < check_claim(AIBOT_TEXT, good).score


PORTO = (
    "The mayor of Porto opened the city's new metro line on Monday. Thousands of residents attended the ceremony in "
    "the city centre, and the first trains ran on time."
)


@pytest.mark.parametrize(
    "claim",
    [
        pytest.param("The mayor of Lisbon opened the city's new metro line on Monday.", id="cased"),
        pytest.param("the mayor of lisbon opened the city's new metro line on monday.", id="lowercase"),
        pytest.param("Lisbon's mayor opened the city's new metro line on Monday.", id="sentence-initial"),
    ],
)
def test_claim_about_another_place_is_unsupported_whatever_its_casing(claim: str) -> None:
    result = check_claim(PORTO, claim)
    assert result.label == SupportLabel.UNSUPPORTED
    assert "lisbon" in (result.reason or "").lower()


@pytest.mark.parametrize(
    "claim",
    [
        pytest.param("The mayor of Porto opened the city's new metro line on Monday.", id="cased"),
        pytest.param("the mayor of porto opened the city's new metro line on monday.", id="lowercase"),
    ],
)
def test_claim_about_the_same_place_is_supported_whatever_its_casing(claim: str) -> None:
    assert check_claim(PORTO, claim).supported


def test_place_word_in_lowercase_inside_a_cased_claim_is_not_a_place() -> None:
    source = "Shoppers bought more turkey than ever before the holiday, the grocers' association said on Friday."
    claim = "Shoppers bought more turkey than ever before the holiday, the grocers' association said."
    assert check_claim(source, claim).supported


def test_check_support_uses_only_the_cited_spans_and_reports_article_offsets() -> None:
    article = Article(id="S2", path="x", text=AIBOT_TEXT, sha256=hashlib.sha256(b"x").hexdigest(), encoding="utf-8")
    start = AIBOT_TEXT.index(SENTENCE)
    span = article.span(start, start + len(SENTENCE))
    claim = "Iraq’s military released a statement saying 33 missiles were launched."
    result = check_support(claim, [span], {"S2": article})
    assert result.supported
    assert all(e.source == "S2" and AIBOT_TEXT[e.start : e.end] == e.quote for e in result.evidence)
    other = article.span(0, 200)
    assert not check_support(claim, [other], {"S2": article}).supported


def test_check_support_without_usable_spans_is_unsupported() -> None:
    result = check_support("Anything at all.", [], {})
    assert result.label == SupportLabel.UNSUPPORTED
    assert result.score == 0.0


def test_base_offset_is_added_to_evidence_spans() -> None:
    chunk = AIBOT_TEXT[1000:2500]
    result = LexicalSupportChecker().check(chunk[100:300], chunk, source_id="S9", base=1000)
    assert result.evidence
    assert all(AIBOT_TEXT[s.start : s.end] == s.quote and s.source == "S9" for s in result.evidence)


def test_lexical_checker_satisfies_the_protocol() -> None:
    checker: SupportChecker = LexicalSupportChecker(threshold=0.5)
    assert checker.check("33 missiles were launched", SENTENCE).supported


def test_check_pairs_yields_one_row_per_input_in_the_cli_shape() -> None:
    rows = [
        {"id": "a", "source": SENTENCE, "claim": "33 missiles were launched."},
        {"id": "b", "source": SENTENCE, "claim": "90 missiles were launched."},
        {"id": "c", "source": SENTENCE},
    ]
    out = list(check_pairs(rows))
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert [o["supported"] for o in out] == [True, False, False]
    for o in out:
        assert set(o) >= {"id", "supported", "score", "evidence"}
        assert 0.0 <= o["score"] <= 1.0
        for e in o["evidence"]:
            assert SENTENCE[e["start"] : e["end"]] == e["quote"]
