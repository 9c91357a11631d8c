"""Tests for summarizer.check.support: the lexical sentence-support checker and its helpers."""

from __future__ import annotations

import hashlib

import pytest
from paths import DATA, ROOT

from summarizer.check.support import LexicalSupportChecker, SupportChecker, check_claim, check_pairs, check_support
from summarizer.models import Article, SupportLabel

AIBOT_TEXT = (ROOT / "examples" / "001_7a697a1951ff04d3.txt").read_text(encoding="utf-8")
STORM = (DATA / "ood" / "storm" / "national_press.txt").read_text(encoding="utf-8")
COURT = (DATA / "ood" / "court_ruling.txt").read_text(encoding="utf-8")

SENTENCE = (
    "Iraq’s military released a statement saying 33 missiles were launched between 1:05 a.m. and 1:32 a.m. on "
    "Sunday and the military found seven rocket launchers: three in the Al-Baghdadi area and four in Dulab."
)
OSEI = (
    "State emergency management director Kevin Osei said nine deaths had been confirmed and that the toll could rise "
    "as crews reached isolated areas."
)
LANDFALL = (
    "The storm struck near Port Avery at about 4 a.m. with sustained winds of 110 mph before weakening over land."
)


def test_verbatim_sentence_is_supported_with_its_span() -> None:
    result = check_claim(STORM, OSEI)
    assert result.label == SupportLabel.SUPPORTED
    assert result.score > 0.95
    assert any(STORM[s.start : s.end] == s.quote == OSEI for s in result.evidence)


@pytest.mark.parametrize(
    ("source", "claim", "label"),
    [
        pytest.param(STORM, OSEI.replace("nine deaths", "11 deaths"), SupportLabel.CONTRADICTED, id="number-changed"),
        pytest.param(STORM, OSEI.replace("nine", "seven"), SupportLabel.CONTRADICTED, id="number-word-changed"),
        pytest.param(STORM, LANDFALL.replace("Port Avery", "Kelso Bay"), SupportLabel.UNSUPPORTED, id="novel-place"),
        pytest.param(STORM, OSEI.replace("had been", "had not been"), SupportLabel.UNSUPPORTED, id="negated"),
        pytest.param(
            STORM,
            "Denise Harlan said “the water came up slower than anyone feared.”",
            SupportLabel.UNSUPPORTED,
            id="quote-edited",
        ),
        pytest.param(STORM, "The court struck down the law in 41 districts.", SupportLabel.UNSUPPORTED, id="unrelated"),
        pytest.param(COURT, "The storm killed nine people in Port Avery.", SupportLabel.UNSUPPORTED, id="other-story"),
        pytest.param(SENTENCE, SENTENCE.replace("Dulab", "Kirkuk"), SupportLabel.UNSUPPORTED, id="example-place"),
    ],
)
def test_corrupted_claims_are_not_supported(source: str, claim: str, label: SupportLabel) -> None:
    result = check_claim(source, claim)
    assert result.label == label
    assert result.reason


def test_number_conflicting_with_aligned_sentence_is_contradicted() -> None:
    result = check_claim(STORM, "Kevin Osei said 14 deaths had been confirmed.")
    assert result.label == SupportLabel.CONTRADICTED
    assert "nine deaths" in result.reason


def test_claim_fused_from_two_source_sentences_is_supported() -> None:
    claim = (
        "Storm Delia killed nine people after it made landfall early on Thursday. "
        "More than 300,000 customers lost power."
    )
    assert check_claim(STORM, claim).supported


def test_paraphrase_fused_from_two_sentences_is_supported() -> None:
    claim = "At least four US service members sustained minor injuries in the attack. No one was killed."
    assert check_claim(AIBOT_TEXT, claim).supported


def test_claim_is_as_weak_as_its_weakest_sentence() -> None:
    good = "More than 300,000 customers lost power, Coastal Power and Light said."
    bad = "The storm was later blamed on a dam failure upstream in Kelso."
    assert check_claim(STORM, good + " " + bad).score < check_claim(STORM, good).score


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
    article = Article(id="S2", path="x", text=STORM, sha256=hashlib.sha256(b"x").hexdigest(), encoding="utf-8")
    start = STORM.index(OSEI)
    span = article.span(start, start + len(OSEI))
    claim = "Kevin Osei said nine deaths had been confirmed."
    result = check_support(claim, [span], {"S2": article})
    assert result.supported
    assert all(e.source == "S2" and STORM[e.start : e.end] == e.quote for e in result.evidence)
    other = article.span(0, 200)
    assert not check_support(claim, [other], {"S2": article}).supported


def test_check_support_without_usable_spans_is_unsupported() -> None:
    result = check_support("Anything at all.", [], {})
    assert result.label == SupportLabel.UNSUPPORTED
    assert result.score == 0.0


def test_base_offset_is_added_to_evidence_spans() -> None:
    base = STORM.index(OSEI) - 40
    chunk = STORM[base:]
    result = LexicalSupportChecker().check(OSEI, chunk, source_id="S9", base=base)
    assert result.evidence
    assert all(STORM[s.start : s.end] == s.quote and s.source == "S9" for s in result.evidence)


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


# The cases of issue 12, as a user tried them on the example articles.
WAPO_TEXT = (ROOT / "examples" / "000_1efb6e8095174500.txt").read_text(encoding="utf-8")
ICARO = (ROOT / "examples" / "003_4865d5faadf3f9c5.txt").read_text(encoding="utf-8")
INTERCEPTED = "{} of the missiles were intercepted by the base’s air defense systems."
PERSONNEL = (
    "{} 62 U.S. personnel have sustained minor injuries or traumatic brain injuries as a result of these attacks."
)
RESPONSIBILITY = "The Islamic Resistance in Iraq {} responsibility for the attack against Ain al-Asad."


@pytest.mark.parametrize(
    ("source", "claim", "word"),
    [
        pytest.param(WAPO_TEXT, INTERCEPTED.format("All"), "most", id="all-where-source-says-most"),
        pytest.param(ICARO, PERSONNEL.format("At most"), "At least", id="at-most-where-source-says-at-least"),
        pytest.param(WAPO_TEXT, RESPONSIBILITY.format("denied"), "claim", id="denied-where-source-says-claimed"),
    ],
)
def test_a_stronger_quantifier_or_reversed_claim_verb_contradicts_the_source(
    source: str, claim: str, word: str
) -> None:
    result = check_claim(source, claim)
    assert result.label == SupportLabel.CONTRADICTED
    assert word in result.reason


@pytest.mark.parametrize(
    ("source", "claim"),
    [
        pytest.param(WAPO_TEXT, INTERCEPTED.format("Most"), id="most-as-the-source-says"),
        pytest.param(ICARO, PERSONNEL.format("At least"), id="at-least-as-the-source-says"),
        pytest.param(WAPO_TEXT, RESPONSIBILITY.format("claimed"), id="claimed-as-the-source-says"),
    ],
)
def test_the_same_quantifier_or_claim_verb_as_the_source_is_supported(source: str, claim: str) -> None:
    assert check_claim(source, claim).supported


def _assert_verdict(source: str, claim: str, supported: bool, *, reason_has: str) -> None:
    """check_claim's verdict on ``claim`` is ``supported``; a rejection's reason contains ``reason_has``."""
    result = check_claim(source, claim)
    assert result.supported is supported, result.reason
    if not supported:
        assert reason_has in result.reason


STABBING = (
    "The two were talking in the street just before 4am when a man interrupted them. He pulled out a knife and "
    "stabbed the player in the abdomen. He then turned on the player's wife, stabbing her in the arm, sources said."
)


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        pytest.param("He then turned on the player's wife, stabbing her in the arm, sources said.", True, id="he"),
        pytest.param("She then turned on the player's wife, stabbing her in the arm, sources said.", False, id="she"),
    ],
)
def test_a_subject_pronoun_must_be_the_sources_even_when_the_other_one_is_there(claim: str, supported: bool) -> None:
    _assert_verdict(STABBING, claim, supported, reason_has="“she” is “he”")


ROCKETS = "The latest attack involved at least two rockets hitting the base, and five people were injured."


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        pytest.param("The latest attack involved at least two rockets hitting the base.", True, id="as-stated"),
        pytest.param("The latest attack involved at least one rocket hitting the base.", False, id="one-rocket"),
        pytest.param("The latest attack involved one rocket hitting the base.", False, id="one-bare"),
    ],
)
def test_a_count_written_one_is_checked_like_any_other_number(claim: str, supported: bool) -> None:
    _assert_verdict(ROCKETS, claim, supported, reason_has="one")


MATCH = (
    "Holland beat Spain 2-0 in a friendly at the Amsterdam Arena on Tuesday. Police arrested two fans after the "
    "game, and the coach praised his defenders."
)


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        pytest.param("Holland beat Spain 2-0 in a friendly at the Amsterdam Arena on Tuesday.", True, id="as-stated"),
        pytest.param("Spain beat Holland 2-0 in a friendly at the Amsterdam Arena on Tuesday.", False, id="swapped"),
        pytest.param("Two fans arrested police after the game.", False, id="swapped-nouns"),
        pytest.param("Police arrested two fans after the game.", True, id="nouns-as-stated"),
    ],
)
def test_who_did_what_to_whom_reversed_is_not_supported(claim: str, supported: bool) -> None:
    _assert_verdict(MATCH, claim, supported, reason_has="the other way round")


def test_a_passive_rewording_is_not_read_as_a_role_swap() -> None:
    features = LexicalSupportChecker().text_features("Spain were beat by Holland in a friendly.", MATCH)
    assert all("role_swap" not in f.hits for f in features)


COUNCIL = (
    "The council agreed to lift the ban on street parking, officials said on Monday. Residents said the decision "
    "would improve access to shops, and the measure survived a legal challenge."
)


@pytest.mark.parametrize(
    ("claim", "said", "source_said"),
    [
        pytest.param("The council refused to lift the ban on street parking.", "refused", "agreed", id="refused"),
        pytest.param("The council agreed to impose the ban on street parking.", "impose", "lift", id="impose"),
        pytest.param("Residents said the decision would worsen access to shops.", "worsen", "improve", id="worsen"),
    ],
)
def test_an_antonym_of_the_sources_verb_contradicts_it_and_the_reason_quotes_both_words(
    claim: str, said: str, source_said: str
) -> None:
    result = check_claim(COUNCIL, claim)
    assert result.label == SupportLabel.CONTRADICTED
    assert f"“{said}” reverses the aligned source text's “{source_said}”" in result.reason


def test_the_sources_own_verbs_are_supported() -> None:
    assert check_claim(COUNCIL, "The council agreed to lift the ban on street parking, officials said.").supported


CLUB = "The club said on Friday that the team had won two of its last five away matches, and the coach would stay."


@pytest.mark.parametrize(
    ("claim", "word"),
    [
        pytest.param("The club said on Friday that the team had won three of its last five away matches.", "three"),
        pytest.param("The club said on Friday that the team had won two of its last twelve away matches.", "twelve"),
    ],
)
def test_a_number_word_the_source_does_not_have_is_caught_whatever_its_stem(claim: str, word: str) -> None:
    result = check_claim(CLUB, claim)
    assert not result.supported
    assert f"the number {word} is not in the aligned source text" in result.reason


def test_a_one_word_quotation_must_be_the_sources_word() -> None:
    source = 'The minister called the plan "reckless" on Tuesday and said the vote would go ahead.'
    assert check_claim(source, 'The minister called the plan "reckless" on Tuesday.').supported
    result = check_claim(source, 'The minister called the plan "careless" on Tuesday.')
    assert not result.supported
    assert "the quotation “careless” is not verbatim in the source text" in result.reason


FIXTURES = (
    "The side face Celtic on Wednesday night, before a Friday night trip to Parkhead. The manager praised his players "
    "and thanked her mother for the flowers. They won 2-1 after trailing 1-0, and 2,000 fans saw it."
)


@pytest.mark.parametrize(
    ("claim", "said", "source_said"),
    [
        pytest.param(
            "The side face Celtic on Friday night, before a Friday night trip to Parkhead.",
            "Friday",
            "Wednesday",
            id="weekday",
        ),
        pytest.param(
            "The manager praised her players and thanked her mother for the flowers.", "her", "his", id="possessive"
        ),
        pytest.param("They won 1-1 after trailing 1-0, and 2,000 fans saw it.", "1", "2", id="number"),
    ],
)
def test_a_word_swapped_for_another_of_its_kind_the_sentence_also_has_is_caught(
    claim: str, said: str, source_said: str
) -> None:
    result = check_claim(FIXTURES, claim)
    assert not result.supported
    assert f"the claim has “{said}” where the aligned source sentence has “{source_said}”" in result.reason


def test_the_sentences_own_words_in_their_own_numbers_pass() -> None:
    for sentence in FIXTURES.replace(". ", ".\n").splitlines():
        assert check_claim(FIXTURES, sentence).supported, sentence


def test_an_irregular_past_tense_meets_the_sources_participle() -> None:
    claim = (
        "The attack on Ain al-Asad air base, carried out using a close-range ballistic missile, led to eight injuries."
    )
    assert check_claim(ICARO, claim).supported
    short = check_claim(ICARO, "The attack led to eight injuries.")
    assert "not in that source text" not in short.reason  # "led" meets "leading": no word is missing


def test_the_issue_injuries_sentence_passes() -> None:
    result = check_claim(ICARO, "The attack led to eight injuries.")
    assert result.supported, result.reason


def test_a_claim_date_matches_the_articles_weekday_resolved_to_that_day() -> None:
    from summarizer.ingest.sources import read_source

    article = read_source(str(ROOT / "examples" / "000_1efb6e8095174500.txt"), "S1")
    claim = "Ballistic missiles and rockets targeted Ain al-Asad Air Base on January 20, 2024, Centcom said."
    result = LexicalSupportChecker().check_article(claim, article)
    assert result.supported, result.reason
    assert any("Saturday" in s.quote for s in result.evidence)


def test_the_issue_date_sentence_passes_against_the_weekday_resolved_to_that_day() -> None:
    from summarizer.ingest.sources import read_source

    article = read_source(str(ROOT / "examples" / "000_1efb6e8095174500.txt"), "S1")
    result = LexicalSupportChecker().check_article("The attack took place on January 20, 2024.", article)
    assert "January" not in result.reason  # matched to the article's Saturday, not a new name or number
    assert result.supported, result.reason
    [span] = result.evidence  # the sentence that states the attack ("targeted") and resolves "Saturday" to that day
    assert "targeted" in span.quote and "Saturday" in span.quote


@pytest.mark.parametrize(
    "claim",
    [
        pytest.param("The attack took place on January 21, 2024.", id="a-day-no-attack-sentence-resolves-to"),
        pytest.param("The vote took place on January 20, 2024.", id="an-event-the-article-does-not-report"),
        pytest.param("The attack took place on January 20, 2024, in Baghdad.", id="more-than-the-event-and-its-day"),
    ],
)
def test_an_event_date_frame_needs_the_event_and_its_day_in_one_source_sentence(claim: str) -> None:
    from summarizer.ingest.sources import read_source

    article = read_source(str(ROOT / "examples" / "000_1efb6e8095174500.txt"), "S1")
    result = LexicalSupportChecker().check_article(claim, article)
    assert not result.supported, result.reason


def test_a_claim_date_no_source_sentence_resolves_to_is_contradicted() -> None:
    from summarizer.ingest.sources import read_source

    article = read_source(str(ROOT / "examples" / "000_1efb6e8095174500.txt"), "S1")
    claim = "Ballistic missiles and rockets targeted Ain al-Asad Air Base on January 12, 2024, Centcom said."
    result = LexicalSupportChecker().check_article(claim, article)
    assert result.label == SupportLabel.CONTRADICTED
    assert "January 12, 2024" in result.reason


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        pytest.param(
            "Iran fired missiles at the base.", "Iran fired 20 missiles at the base.", id="no-figure-in-claim"
        ),
        pytest.param("The minister spoke to reporters.", "The minister never spoke to reporters.", id="no-cue"),
        pytest.param("Troops left the base on Tuesday.", "Troops left the base on Jan. 9, 2020.", id="weekday-undated"),
    ],
)
def test_a_claim_without_anything_a_contradicting_rule_reads_is_never_contradicted(claim: str, source: str) -> None:
    from summarizer.check.support import may_contradict

    assert not may_contradict(claim)
    assert check_claim(source, claim).label != SupportLabel.CONTRADICTED


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        pytest.param("Iran fired 12 missiles at the base.", "Iran fired 20 missiles at the base.", id="figure"),
        pytest.param("All of the soldiers were evacuated.", "Some of the soldiers were evacuated.", id="quantifier"),
        pytest.param("The company denied the report.", "The company confirmed the report.", id="claim-verb"),
    ],
)
def test_a_claim_a_contradicting_rule_can_read_may_be_contradicted(claim: str, source: str) -> None:
    from summarizer.check.support import may_contradict

    assert may_contradict(claim)
    assert check_claim(source, claim).label == SupportLabel.CONTRADICTED


def _contradiction_pairs() -> list[tuple[str, str]]:
    """(source, claim) pairs: sentences of the test articles against each other, against altered copies of
    themselves (a figure, a quantifier, a claim verb, a day, a bound changed) and inside several-sentence sources."""
    from summarizer.text.segment import split_sentences

    sents = [t[s:e] for t in (AIBOT_TEXT, STORM, COURT) for s, e in split_sentences(t)]
    swaps = [("rose", "fell"), ("more than", "fewer than"), ("all", "some"), ("confirmed", "denied"), ("9", "7"),
             ("Monday", "Tuesday"), ("at least", "at most"), ("1", "4"), ("nine", "six"), ("2", "3")]  # fmt: skip
    pairs = [(a, b) for a in sents[:25] for b in sents[:25]]
    for i, a in enumerate(sents):
        b = a
        for x, y in swaps[i % 5 : i % 5 + 5]:
            b = b.replace(x, y, 1)
        pairs += [(a, b), (" ".join([*sents[i + 1 : i + 3], a]), b), (a, f"{b} {a}")]
    return [*pairs, ("", "Nine died."), ("Nine died.", ""), ("...", "Nine people died on Monday.")]


def test_contradiction_is_the_reason_check_claim_gives_for_a_contradicted_label() -> None:
    from summarizer.check.support import contradiction

    found = 0
    for source, claim in _contradiction_pairs():
        result = check_claim(source, claim)
        expected = result.reason if result.label == SupportLabel.CONTRADICTED else None
        assert contradiction(source, claim) == expected, (source, claim)
        found += expected is not None
    assert found >= 10  # the pairs do hold contradictions


def test_contradiction_reads_the_figures_layer_of_annotated_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.check.support as support
    from summarizer.text.annotate import annotate

    pairs = _contradiction_pairs()
    expected = [(support.contradiction(s, c), support.may_contradict(c)) for s, c in pairs]
    docs = {t: annotate(t) for pair in pairs for t in pair}
    annotated = {t: [d.sentence(i) for i in range(len(d))] for t, d in docs.items()}
    for sents in annotated.values():
        for sent in sents:
            assert sent.figures is not None  # computed now, before find_figures is watched
    layer_texts = {sent.text for sents in annotated.values() for sent in sents}
    found_again: list[str] = []
    real = support.find_figures

    def watched(text: str) -> list[support.NumberMatch]:
        found_again.append(text)
        return real(text)

    monkeypatch.setattr(support, "find_figures", watched)
    got = [
        (support.contradiction(s, c, annotated=annotated[s] + annotated[c]),
         support.may_contradict(c, annotated=annotated[c]))
        for s, c in pairs
    ]  # fmt: skip
    assert got == expected
    assert sum(r is not None for r, _ in got) >= 10
    assert not set(found_again) & layer_texts  # a text an annotated sentence holds is never searched again


def test_min_each_aggregate_weighs_each_components_own_minimum_over_the_claims_sentences() -> None:
    from summarizer.check.support import LexicalParams, SentenceFeatures

    # The first sentence has the weaker alignment, the second the weaker copy and density: "min_each" takes each
    # minimum from its own sentence, where "min" takes the weaker sentence's score whole.
    first = SentenceFeatures("a", (), align=0.5, copy=1.0, density=0.9, cover=1.0)
    second = SentenceFeatures("b", (), align=1.0, copy=0.6, density=0.4, cover=1.0)
    each = LexicalParams(w_align=0.5, w_copy=0.3, w_density=0.2, aggregate="min_each")
    assert each.claim_score([first, second]) == pytest.approx(0.5 * 0.5 + 0.3 * 0.6 + 0.2 * 0.4)
    weakest = LexicalParams(w_align=0.5, w_copy=0.3, w_density=0.2, aggregate="min")
    assert weakest.claim_score([first, second]) == pytest.approx(min(0.25 + 0.3 + 0.18, 0.5 + 0.18 + 0.08))
    assert each.claim_score([first]) == pytest.approx(weakest.claim_score([first]))
