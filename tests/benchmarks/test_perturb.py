"""Tests for benchmarks/perturb.py and the perturbation tests of the verify stage: corruptions of sentences of the
example articles and of the out-of-domain set are caught by the support checker, and the untouched originals pass."""

from __future__ import annotations

import json

import pytest
from paths import ROOT
from perturb import KINDS, perturb, perturbations

from summarizer.check.support import check_claim

ARTICLES = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))}
OOD = ROOT / "tests" / "data" / "ood"
ARTICLES.update({str(p.relative_to(OOD)): p.read_text(encoding="utf-8") for p in sorted(OOD.rglob("*.txt"))})
FRANK = [json.loads(line) for line in (ROOT / "tests" / "data" / "frank_sample.jsonl").read_text().splitlines()]

WAPO = "000_1efb6e8095174500.txt"
AIBOT = "001_7a697a1951ff04d3.txt"
BNE = "002_6bba405a2fade905.txt"
ICARO = "003_4865d5faadf3f9c5.txt"

CASES = [
    pytest.param(
        AIBOT,
        "At least four US service members sustained minor injuries in the attack, according to two US "
        "officials who spoke on condition of anonymity because they were not authorized to discuss the matter "
        "publicly.",
        id="aibot-injuries",
    ),
    pytest.param(
        WAPO,
        "Ballistic missiles and rockets targeted Ain al-Asad Air Base, in Iraq’s Anbar province, around "
        "6:30 p.m. local time Saturday, Centcom said on social media.",
        id="wapo-saturday",
    ),
    pytest.param(WAPO, "“We’re there at the invitation of the government of Iraq,” Ryder said.", id="wapo-ryder-quote"),
    pytest.param(BNE, "There are roughly 2,500 American troops in Iraq and some 900 in Syria.", id="bne-troops"),
    pytest.param(
        ICARO,
        "The attack on Ain al-Asad air base was carried out using a close-range ballistic missile, "
        "leading to eight injuries and slight damage to the base's infrastructure.",
        id="icaro-eight",
    ),
    pytest.param(AIBOT, "Col. Marotto said the wounded personnel have already returned to duty.", id="aibot-marotto"),
    pytest.param(
        "storm/national_press.txt",
        "State emergency management director Kevin Osei said nine deaths had been confirmed and that the toll could "
        "rise as crews reached isolated areas.",
        id="ood-storm-deaths",
    ),
    pytest.param(
        "storm/gulf_courier.txt",
        "Rescue crews pulled 45 people from flooded homes in Carver County overnight, the county sheriff's office "
        "said.",
        id="ood-storm-rescues",
    ),
    pytest.param(
        "court_ruling.txt",
        'Justice Maria Ellison, writing for the majority, said the law "left the poorest districts to fend for '
        'themselves."',
        id="ood-court-quote",
    ),
    pytest.param(
        "jobs_report/metro_wire.txt", "Retailers shed 8,000 jobs, their second monthly decline in a row.", id="ood-jobs"
    ),
    pytest.param("sports_result.txt", "Kelmouth will face Northgate City in the final on June 7.", id="ood-sports"),
    pytest.param("press_release.txt", "Northwind Robotics employs 1,100 people at three sites.", id="ood-press-staff"),
]


@pytest.mark.parametrize(("name", "sentence"), CASES)
def test_untouched_original_passes(name: str, sentence: str) -> None:
    assert sentence in ARTICLES[name]
    assert check_claim(ARTICLES[name], sentence).supported


@pytest.mark.parametrize(("name", "sentence"), CASES)
def test_every_corruption_of_a_real_sentence_is_caught(name: str, sentence: str) -> None:
    found = perturbations(sentence, names=["Erbil", "Sabrina Singh"])
    assert found, "each case sentence admits at least one corruption"
    for p in found:
        assert p.text != sentence
        result = check_claim(ARTICLES[name], p.text)
        assert not result.supported, (p.kind, p.text, result.reason)


@pytest.mark.parametrize(
    ("sentence", "kind", "changed"),
    [
        pytest.param("Iraq said 33 missiles were launched.", "number", "33"),
        pytest.param("Rockets hit the base on Saturday night.", "date", "Saturday"),
        pytest.param("Rockets hit the Ain al-Asad base.", "entity", "Ain al-Asad"),
        pytest.param("The base was hit by rockets.", "negation", "was"),
        pytest.param("The base was hit, Centcom said.", "attribution", "Centcom"),
        pytest.param("He said “early warning systems worked” then.", "quote", None),
    ],
)
def test_perturb_changes_the_targeted_part(sentence: str, kind: str, changed: str | None) -> None:
    p = perturb(sentence, kind, names=["Erbil"])
    assert p is not None
    assert p.kind == kind
    assert p.text != sentence
    assert p.original == sentence
    if changed is not None:
        assert p.changed_from == changed


def test_perturb_is_deterministic_for_a_seed() -> None:
    s = "At least four US service members sustained minor injuries on Sunday, Marotto said."
    assert [p.text for p in perturbations(s, seed=3)] == [p.text for p in perturbations(s, seed=3)]


def test_perturb_returns_none_when_nothing_applies() -> None:
    assert perturb("nothing here", "number") is None
    assert perturb("nothing here", "quote") is None


def test_perturb_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown perturbation kind"):
        perturb("x", "spelling")


def test_kinds_cover_the_factcc_set() -> None:
    assert set(KINDS) == {"number", "date", "entity", "negation", "attribution", "quote"}


def test_frank_source_sentences_pass_and_their_number_and_entity_corruptions_are_caught() -> None:
    source = FRANK[0]["source"]
    checked = 0
    for sentence in [s for s in source.split(". ") if len(s.split()) > 8][:6]:
        assert check_claim(source, sentence).supported
        for kind in ("number", "entity", "negation"):
            p = perturb(sentence, kind)
            if p is not None:
                checked += 1
                assert not check_claim(source, p.text).supported, (kind, p.text)
    assert checked
