"""Tests for summarizer.check.verify: every field check, with named cases. Checks that need only "some article" run on
the out-of-domain set (tests/data/ood); the name-variant and date cases keep the example articles, whose Arabic
transliterations and weekday-dated leads they exercise."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import article
from paths import DATA, ROOT

from summarizer.check.verify import check_fact, fact_failures, worst
from summarizer.models import (
    Article,
    Attribution,
    CheckStatus,
    Entity,
    Fact,
    Figure,
    Qualifier,
    Quote,
    Span,
    When,
)

EXAMPLES = ROOT / "examples"


def _article(name: str, source_id: str, published: dt.date | None) -> Article:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    return article(text, source_id, published=published, path=str(EXAMPLES / name))


WAPO = _article("000_1efb6e8095174500.txt", "S1", dt.date(2024, 1, 21))
AIBOT = _article("001_7a697a1951ff04d3.txt", "S2", dt.date(2024, 1, 21))
BNE = _article("002_6bba405a2fade905.txt", "S3", dt.date(2024, 1, 21))
ICARO = _article("003_4865d5faadf3f9c5.txt", "S4", dt.date(2023, 11, 21))


def _ood(name: str, source_id: str, published: dt.date) -> Article:
    path = DATA / "ood" / name
    return article(path.read_text(encoding="utf-8"), source_id, published=published, path=str(path))


COURIER = _ood("storm/gulf_courier.txt", "S6", dt.date(2025, 10, 10))
PRESS = _ood("storm/national_press.txt", "S7", dt.date(2025, 10, 10))
LEDGER = _ood("jobs_report/eastern_ledger.txt", "S2", dt.date(2025, 4, 4))


def _span(article: Article, quote: str) -> Span:
    start = article.text.index(quote)
    return article.span(start, start + len(quote))


def _fact(article: Article, sentence: str, **parts: object) -> Fact:
    return Fact(id=f"{article.id}.F1", source=article.id, text=sentence, evidence=[_span(article, sentence)], **parts)


def _status(fact: Fact, article: Article, field: str) -> CheckStatus:
    v = check_fact(fact, article)
    checks = [c for c in v.checks if c.field == field]
    assert checks, [c.field for c in v.checks]
    for c in v.checks:
        assert c.reason, c
    return checks[0].status


AT_LEAST = "At least 10 missiles struck the Ain al-Asad air base in western Iraq on Sunday, January 21st"
IRAQ_33 = (
    "Iraq’s military released a statement saying 33 missiles were launched between 1:05 a.m. and 1:32 a.m. on Sunday"
)
TROOPS = "There are roughly 2,500 American troops in Iraq and some 900 in Syria."
SATURDAY = "around 6:30 p.m. local time Saturday, Centcom said on social media."


@pytest.mark.parametrize(
    ("article", "sentence", "figure", "status"),
    [
        pytest.param(AIBOT, IRAQ_33, Figure(text="33 missiles", value=33, counts="missiles"), CheckStatus.SUPPORTED,
                     id="digits"),
        pytest.param(AIBOT, IRAQ_33, Figure(text="thirty-three missiles", counts="missiles"), CheckStatus.SUPPORTED,
                     id="number-words-parsed-from-text"),
        pytest.param(AIBOT, IRAQ_33, Figure(text="30 missiles", value=30, counts="missiles"), CheckStatus.CONTRADICTED,
                     id="different-value"),
        pytest.param(AIBOT, AT_LEAST, Figure(text="at least 10 missiles", value=10, qualifier=Qualifier.AT_LEAST,
                                             counts="missiles"), CheckStatus.SUPPORTED, id="at-least-kept"),
        pytest.param(AIBOT, AT_LEAST, Figure(text="10 missiles", value=10, counts="missiles"), CheckStatus.UNSUPPORTED,
                     id="at-least-dropped"),
        pytest.param(BNE, TROOPS, Figure(text="about 2,500 troops", value=2500, qualifier=Qualifier.ABOUT,
                                         counts="American troops"), CheckStatus.SUPPORTED, id="roughly-as-about"),
        pytest.param(AIBOT, IRAQ_33, Figure(text="33 rockets", value=33, counts="rockets"), CheckStatus.UNSUPPORTED,
                     id="different-thing-counted"),
    ],
)  # fmt: skip
def test_figure_check(article: Article, sentence: str, figure: Figure, status: CheckStatus) -> None:
    assert _status(_fact(article, sentence, figures=[figure]), article, "figures[0]") == status


@pytest.mark.parametrize(
    ("article", "sentence", "when", "status"),
    [
        pytest.param(WAPO, SATURDAY, When(text="Saturday", date=dt.date(2024, 1, 20)), CheckStatus.SUPPORTED,
                     id="weekday-resolves-to-previous-saturday"),
        pytest.param(WAPO, SATURDAY, When(text="Jan. 20"), CheckStatus.SUPPORTED, id="explicit-date-vs-weekday"),
        pytest.param(WAPO, SATURDAY, When(text="Friday", date=dt.date(2024, 1, 19)), CheckStatus.CONTRADICTED,
                     id="other-day"),
        pytest.param(WAPO, SATURDAY, When(text="6:30 p.m.", time="18:30"), CheckStatus.SUPPORTED, id="clock-time"),
        pytest.param(WAPO, SATURDAY, When(text="7:30 p.m.", time="19:30"), CheckStatus.CONTRADICTED, id="other-time"),
        pytest.param(ICARO, "U.S. forces were attacked at Ain al-Asad air base, west of Baghdad, on Tuesday",
                     When(text="Tuesday", date=dt.date(2023, 11, 21)), CheckStatus.SUPPORTED,
                     id="weekday-on-publication-day"),
    ],
)  # fmt: skip
def test_when_check(article: Article, sentence: str, when: When, status: CheckStatus) -> None:
    assert _status(_fact(article, sentence, when=[when]), article, "when[0]") == status


@pytest.mark.parametrize(
    ("article", "sentence", "name", "status"),
    [
        pytest.param(WAPO, SATURDAY, "Ain al-Asad", CheckStatus.UNSUPPORTED, id="not-in-this-span"),
        pytest.param(BNE, "launched by Iranian-backed militants in Western Iraq targeting al-Assad Airbase.",
                     "Ain al-Asad", CheckStatus.SUPPORTED, id="al-assad-variant"),
        pytest.param(AIBOT, AT_LEAST, "Ain al Asad", CheckStatus.SUPPORTED, id="space-variant"),
        pytest.param(AIBOT, AT_LEAST, "Ain Zalah", CheckStatus.UNSUPPORTED, id="different-base"),
        pytest.param(WAPO, SATURDAY, "CENTCOM", CheckStatus.SUPPORTED, id="acronym-case"),
        pytest.param(BNE, "in retaliation for the killing of top Iranian commander Qassem Suleimani",
                     "Qassem Soleimani", CheckStatus.SUPPORTED, id="transliteration"),
    ],
)  # fmt: skip
def test_name_check(article: Article, sentence: str, name: str, status: CheckStatus) -> None:
    fact = _fact(article, sentence, where=[Entity(name=name)])
    assert _status(fact, article, "where[0]") == status


WHITCOMBE = '"We’ve lost neighbors and friends, and we’ll rebuild together," Whitcombe told reporters in Carver City.'


@pytest.mark.parametrize(
    ("quote", "status"),
    [
        pytest.param("We’ve lost neighbors and friends, and we’ll rebuild together,", CheckStatus.SUPPORTED,
                     id="verbatim"),
        pytest.param("We've lost neighbors and  friends, and we'll rebuild together", CheckStatus.SUPPORTED,
                     id="straight-apostrophe-and-spaces"),
        pytest.param("We have lost neighbors and friends, and we will rebuild together", CheckStatus.NEAR_MISS,
                     id="edited-near-miss"),
        pytest.param("We will move the town inland", CheckStatus.UNSUPPORTED, id="invented"),
    ],
)  # fmt: skip
def test_quote_check(quote: str, status: CheckStatus) -> None:
    fact = _fact(COURIER, WHITCOMBE, quotes=[Quote(text=quote, speaker="Ruth Whitcombe")])
    assert _status(fact, COURIER, "quotes[0]") == status


@pytest.mark.parametrize(
    ("speaker", "status"),
    [
        pytest.param("Governor Ruth Whitcombe", CheckStatus.SUPPORTED, id="full-name-for-surname"),
        pytest.param("Whitcombe", CheckStatus.SUPPORTED, id="surname"),
        pytest.param("Kevin Osei", CheckStatus.MISATTRIBUTED, id="someone-else"),
    ],
)
def test_attribution_check(speaker: str, status: CheckStatus) -> None:
    fact = _fact(COURIER, WHITCOMBE, attribution=Attribution(speaker=speaker, verb="told reporters"))
    assert _status(fact, COURIER, "attribution") == status


def test_pronoun_speaker_resolves_to_previous_sentence() -> None:
    sentence = "He said residents should stay off flooded roads until the water went down."
    fact = _fact(PRESS, sentence, attribution=Attribution(speaker="Kevin Osei"))
    assert _status(fact, PRESS, "attribution") == CheckStatus.SUPPORTED


def test_pronoun_speaker_example_resolves_to_previous_sentence() -> None:
    sentence = (
        "He did not elaborate on the injuries but said “early warning systems worked,” allowing troops to take cover."
    )
    fact = _fact(AIBOT, sentence, attribution=Attribution(speaker="Col. Marotto"))
    assert _status(fact, AIBOT, "attribution") == CheckStatus.SUPPORTED


@pytest.mark.parametrize("art", [PRESS, COURIER, AIBOT], ids=["press", "courier", "aibot"])
def test_first_name_in_evidence_is_the_first_of_all_hits(art: Article) -> None:
    # check_attribution cites only the first hit: _first_in_evidence stops at the first span with one and must be
    # exactly _find_in_evidence's first hit (in the spans' order, then by start), or None when there is none
    from summarizer.check.verify import _find_in_evidence, _first_in_evidence
    from summarizer.text.segment import split_sentences

    spans = [art.span(s, e) for s, e in split_sentences(art.text)]
    names = ["Kevin Osei", "Ruth Whitcombe", "Whitcombe", "Col. Marotto", "Marotto", "Nobody Atall", "Storm Delia"]
    found = 0
    for name in names:
        for k in range(len(spans)):
            window = [spans[k], *spans[max(0, k - 3) : k]]  # the evidence, then up to three sentences before it
            hits = _find_in_evidence(name, art, window)
            first = _first_in_evidence(name, art, window)
            assert first == (hits[0][0] if hits else None), (name, k)
            found += first is not None
    assert found  # some names occur in each article


def test_pronoun_speaker_cites_the_pronoun_and_the_first_naming_sentence() -> None:
    from summarizer.check.verify import _find_in_evidence, _preceding, check_attribution

    sentence = "He said residents should stay off flooded roads until the water went down."
    evidence = [_span(PRESS, sentence)]
    check = check_attribution(Attribution(speaker="Kevin Osei"), PRESS, evidence)
    before = _preceding(PRESS, evidence[0].start, sentences=3)
    first = _find_in_evidence("Kevin Osei", PRESS, [*evidence, *before])[0][0]
    assert check.status == CheckStatus.SUPPORTED
    assert [s.quote for s in check.spans] == ["He", first.quote]
    assert check.spans[1] == first


STORM_LEAD = "Storm Delia killed at least 12 people as it tore across the southern coast on Wednesday and Thursday"


def test_evidence_span_that_does_not_index_the_article_is_unsupported() -> None:
    good = _span(COURIER, STORM_LEAD)
    bad = Span(source="S6", start=good.start + 1, end=good.end + 1, quote=good.quote)
    fact = Fact(id="S6.F1", source="S6", text=STORM_LEAD, evidence=[bad])
    v = check_fact(fact, COURIER)
    assert v.status == CheckStatus.UNSUPPORTED
    assert "not the quoted text" in v.checks[0].reason


def test_verification_status_is_the_worst_check_and_every_check_has_spans() -> None:
    fact = _fact(COURIER, STORM_LEAD, figures=[Figure(text="9 people", value=9, counts="people")],
                 where=[Entity(name="Port Avery")])  # fmt: skip
    v = check_fact(fact, COURIER)
    assert v.status == CheckStatus.CONTRADICTED
    assert {c.field for c in v.failures()} >= {"figures[0]"}
    for c in v.checks:
        assert c.spans
        for s in c.spans:
            assert COURIER.text[s.start : s.end] == s.quote


def test_fact_with_all_fields_right_is_supported() -> None:
    sentence = "U.S. employers added 175,000 jobs in March, fewer than in February, the Labor Department said on Friday"
    fact = _fact(
        LEDGER,
        sentence,
        figures=[Figure(text="175,000 jobs", value=175000, counts="jobs")],
        when=[When(text="Friday", date=dt.date(2025, 4, 4))],
        who=[Entity(name="Labor Department")],
    )
    v = check_fact(fact, LEDGER)
    assert v.status == CheckStatus.SUPPORTED, [c for c in v.failures()]


def test_speaker_after_a_clause_with_added_is_the_attribution() -> None:
    sentence = "U.S. employers added 175,000 jobs in March, fewer than in February, the Labor Department said on Friday"
    fact = _fact(LEDGER, sentence, attribution=Attribution(speaker="the Labor Department", verb="said"))
    assert _status(fact, LEDGER, "attribution") == CheckStatus.SUPPORTED


def test_example_fact_with_all_fields_right_is_supported() -> None:
    fact = _fact(
        AIBOT,
        IRAQ_33,
        figures=[Figure(text="33 missiles", value=33, counts="missiles")],
        when=[When(text="Sunday", date=dt.date(2024, 1, 21))],
        who=[Entity(name="Iraq’s military")],
    )
    v = check_fact(fact, AIBOT)
    assert v.status == CheckStatus.SUPPORTED, [c for c in v.failures()]


def test_worst_orders_statuses_by_severity() -> None:
    assert worst([CheckStatus.SUPPORTED, CheckStatus.NEAR_MISS]) == CheckStatus.NEAR_MISS
    assert worst([CheckStatus.MISATTRIBUTED, CheckStatus.CONTRADICTED]) == CheckStatus.CONTRADICTED
    assert worst([]) == CheckStatus.SUPPORTED


@pytest.mark.parametrize(
    "parts",
    [
        pytest.param({}, id="all-right"),
        pytest.param({"figures": [Figure(text="175,000 jobs", value=17500, counts="jobs")]}, id="wrong-figure"),
        pytest.param({"when": [When(text="Monday", date=dt.date(2025, 3, 31))]}, id="wrong-day"),
        pytest.param({"who": [Entity(name="Labour Ministry")]}, id="name-not-in-evidence"),
        pytest.param({"attribution": Attribution(speaker="the Treasury", verb="said")}, id="other-speaker"),
        pytest.param({"quotes": [Quote(text="jobs grew fast")]}, id="quote-not-in-article"),
    ],
)
def test_failures_only_gives_the_same_status_and_failures_without_the_supported_checks(parts: dict) -> None:
    sentence = "U.S. employers added 175,000 jobs in March, fewer than in February, the Labor Department said on Friday"
    base = {
        "figures": [Figure(text="175,000 jobs", value=175000, counts="jobs")],
        "when": [When(text="Friday", date=dt.date(2025, 4, 4))],
        "who": [Entity(name="Labor Department")],
        "attribution": Attribution(speaker="the Labor Department", verb="said"),
    }
    fact = _fact(LEDGER, sentence, **{**base, **parts})
    full, quick = check_fact(fact, LEDGER), check_fact(fact, LEDGER, failures_only=True)
    assert quick.status == full.status
    assert quick.checks == full.failures()
    assert (full.status == CheckStatus.SUPPORTED) == (parts == {})


def test_fact_failures_are_the_failed_checks_of_the_verification() -> None:
    wrong = _fact(COURIER, STORM_LEAD, figures=[Figure(text="9 people", value=9, counts="people")],
                  where=[Entity(name="Port Avery")])  # fmt: skip
    expected = check_fact(wrong, COURIER, failures_only=True).failures()
    assert fact_failures(wrong, COURIER) == expected and expected
    assert fact_failures(_fact(COURIER, STORM_LEAD), COURIER) == []
