"""Cross-source fact matching: same fact in different words matches, with what agreed; different facts do not."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest

from summarizer.engines.local.extract import extract_facts
from summarizer.models import Fact
from summarizer.story.match import (
    _CAP,
    _UPPER,
    FactMatch,
    FactMatcher,
    contradicting_negation,
    match_facts,
    paraphrase_groups,
    story_idf,
)
from summarizer.text.segment import stem
from tests.builders import article

PUB = dt.date(2020, 1, 12)
JOBS_A = "The U.S. economy added 266,000 jobs in November and unemployment fell to 3.5%, the Labor Department said."
JOBS_B = "Employers added 266K jobs last month as the jobless rate dipped to 3.5 percent, government data showed."


def fact(text: str, source: str = "S1", published: dt.date | None = PUB) -> Fact:
    facts = extract_facts(article(text, source, published=published)).facts
    assert len(facts) == 1, [f.text for f in facts]
    return facts[0]


def test_same_jobs_report_in_different_words_matches_with_its_figures() -> None:
    a = fact(JOBS_A)
    b = fact(JOBS_B, "S2")
    m = match_facts(a, b)
    assert isinstance(m, FactMatch)
    assert m.matched, m
    assert any("266" in x and "266" in y for x, y in m.figures)
    assert "job" in m.terms and not m.clashes


def test_a_different_figure_for_the_same_counted_thing_is_a_clash_not_a_match() -> None:
    a = fact("The U.S. economy added 266,000 jobs in November, the Labor Department said.")
    b = fact("The U.S. economy added 128,000 jobs in November, the Labor Department said.", "S2")
    m = match_facts(a, b)
    assert not m.matched
    assert any(c.startswith("figure") for c in m.clashes)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            "Iranian forces fired at least 15 missiles at two bases in Iraq on Tuesday, officials said.",
            "Iran launched at least 15 missiles at two bases in Iraq on Tuesday, according to the Pentagon.",
            id="fired-launched-and-attribution-differs",
        ),
        pytest.param(
            "A U.S. strike killed Iranian general Qassem Suleimani near Baghdad airport on Friday.",
            "Iranian general Qasem Soleimani died in a U.S. strike near Baghdad airport on Friday.",
            id="transliterated-name-and-killed-died",
        ),
    ],
)
def test_paraphrases_of_one_event_match(first: str, second: str) -> None:
    m = match_facts(fact(first), fact(second, "S2"))
    assert m.matched, m


def test_attribution_is_not_part_of_the_core_that_must_agree() -> None:
    a = fact("Iran launched missiles at the Ain al-Asad air base on Tuesday, Centcom said.")
    b = fact("Iran launched missiles at the Ain al-Asad air base on Tuesday, according to two Iraqi officials.", "S2")
    m = match_facts(a, b)
    assert m.matched
    assert "centcom" not in m.terms and "official" not in m.terms


def test_related_statements_about_the_same_people_do_not_match() -> None:
    a = fact("Bloomberg was repeatedly criticized by his rivals during the debate in Las Vegas on Wednesday.")
    b = fact("Bloomberg has spent more than $300 million of his own money on television ads this year.", "S2")
    assert not match_facts(a, b).matched


def test_dates_days_apart_clash() -> None:
    a = fact("A gunman killed three people at a mall in Ohio on Jan. 3, police said.")
    b = fact("A gunman killed three people at a mall in Ohio on Jan. 9, police said.", "S2")
    m = match_facts(a, b)
    assert not m.matched and any(c.startswith("date") for c in m.clashes)


def test_a_denial_does_not_match_the_statement_it_denies() -> None:
    a = fact("A militia group claimed responsibility for the rocket attack on the base, the statement said.")
    b = fact("No group has claimed responsibility for the rocket attack on the base, officials said.", "S2")
    m = match_facts(a, b)
    assert not m.matched and any(c.startswith("negation") for c in m.clashes)


def test_paraphrase_lexicon_is_loaded_from_the_data_file() -> None:
    groups = paraphrase_groups()
    assert groups[stem("died")] == groups[stem("killed")] == "kill"
    assert groups["launch"] == "fire"


def test_matching_is_deterministic_and_fast() -> None:
    a = fact(JOBS_A)
    b = fact(JOBS_B, "S2")
    first = match_facts(a, b)
    matcher = FactMatcher()
    t0 = time.process_time()
    for _ in range(2000):
        assert matcher.match(a, b) == first
    assert time.process_time() - t0 < 2.0  # a pair of one story costs well under a millisecond


def test_a_distinctive_figure_agrees_even_when_what_it_counts_is_named_differently() -> None:
    a = fact("More than 4.4 million Americans filed for unemployment benefits last week, the department said.")
    b = fact("Another 4.4 million people claimed unemployment benefits last week around the country.", "S2")
    m = match_facts(a, b)
    assert any("4.4" in x and "4.4" in y for x, y in m.figures), m
    assert m.matched


def test_compatible_but_different_figures_do_not_count_as_agreeing() -> None:
    a = fact("The death toll climbed to at least 19,882 on Saturday, according to a tally.")
    b = fact("More than 2,000 deaths were recorded in a single day on Saturday, according to a tally.", "S2")
    assert not match_facts(a, b).figures


def test_the_same_event_on_different_weekdays_is_a_clash() -> None:
    a = fact("Congressman Elijah Cummings died early Thursday from complications of health problems.", published=None)
    b = fact(
        "Congressman Elijah Cummings died early Tuesday from complications of health problems.", "S2", published=None
    )
    m = match_facts(a, b)
    assert not m.matched and any(c.startswith("weekday") for c in m.clashes), m


def test_a_rank_written_no_is_not_a_negation() -> None:
    a = fact("Obama on Wednesday urged voters to back his former No. 2, Joe Biden, for president.")
    b = fact("Obama on Wednesday urged voters to back Joe Biden for president.", "S2")
    m = match_facts(a, b)
    assert not any(c.startswith("negation") for c in m.clashes), m


def test_a_negation_of_words_only_one_statement_has_is_no_clash() -> None:
    a = fact("A federal judge ordered the release of 1,000 asylum seekers held without individual hearings.")
    b = fact("A federal judge ordered the release of 1,000 asylum seekers on Monday.", "S2")
    assert not any(c.startswith("negation") for c in match_facts(a, b).clashes)
    assert contradicting_negation(
        "No group has claimed responsibility for the attack.", "A group claimed responsibility for the attack."
    )
    assert not contradicting_negation("The bill passed without Republican votes.", "The bill passed on Friday.")


def test_a_capitalised_name_is_not_read_as_a_paraphrase() -> None:
    a = fact("The Justice Department released a legal opinion on Friday.")
    b = fact("The court released its ruling on Friday.", "S2")
    assert "court" not in match_facts(a, b).terms


def _story(n: int) -> list[Fact]:
    lines = [
        "Iran launched 15 missiles at two bases in Iraq housing U.S. troops on Tuesday, the Pentagon said.",
        "No American soldiers were killed in the strikes, officials said.",
        "Oil prices rose sharply after the attack on the Ain al-Asad air base.",
    ]
    return [f for k in range(n) for f in extract_facts(article(" ".join(lines), f"S{k + 1}", published=PUB)).facts]


def test_the_index_proposes_every_pair_that_can_match_and_at_most_two_per_source() -> None:
    facts = _story(6)
    matcher = FactMatcher.for_story(facts)
    index = matcher.index(facts)
    for i, f in enumerate(facts):
        proposed = index.candidates(i)
        by_source: dict[str, int] = {}
        for j in proposed:
            assert facts[j].source != f.source
            by_source[facts[j].source] = by_source.get(facts[j].source, 0) + 1
        assert max(by_source.values()) <= 2
        for g in facts:
            if g.source != f.source and matcher.match(f, g).matched:
                assert any(facts[k].source == g.source for k in proposed), (f.text, g.text)


def test_the_story_matcher_weighs_terms_by_the_story_idf() -> None:
    facts = _story(3)
    matcher = FactMatcher.for_story(facts)
    assert matcher.idf == story_idf(facts)
    assert matcher.idf and min(matcher.idf.values()) >= 0.2


def test_a_small_count_agrees_only_with_the_same_counted_thing() -> None:
    a = fact("The campaign filed lawsuits alleging improper ballot counting in five states, its lawyers said.")
    b = fact("A judge ruled in five related cases that the campaign's claims of improper ballots failed.", "S2")
    assert not match_facts(a, b).figures


def test_two_statements_each_with_their_own_specific_numbers_are_different_facts() -> None:
    a = fact("The company said it sold 4,200 electric trucks in Europe during the spring quarter.")
    b = fact("The company said its European electric truck business employs 1,350 engineers.", "S2")
    m = match_facts(a, b)
    assert not m.matched
    assert any(c.startswith("figures") for c in m.clashes), m


def test_one_shared_specific_number_is_enough_even_when_others_differ() -> None:
    a = fact("The company sold 4,200 electric trucks in Europe and 900 buses in Asia in the quarter.")
    b = fact("The company sold 4,200 electric trucks in Europe in the quarter, up 8% on last year.", "S2")
    m = match_facts(a, b)
    assert not any(c.startswith("figures") for c in m.clashes), m
    assert m.matched, m


def test_statements_sharing_only_their_participants_and_topic_are_not_one_fact() -> None:
    # the same senator and delegation, but what is said to have happened differs: a related statement, not support
    a = fact("Senator Maria Lindqvist met the Oslo delegation on Monday to discuss fishing quotas.")
    b = fact("Senator Maria Lindqvist criticised the Oslo delegation over its oil drilling plans.", "S2")
    m = match_facts(a, b)
    assert not m.matched, m
    assert len(m.core) < 3 and "lindqvist" in m.terms


def test_the_core_words_both_state_are_reported_and_decide_a_match() -> None:
    a = fact("Floods forced 300 residents of Lindenau from their homes on Saturday, the fire service said.")
    b = fact("About 300 residents of Lindenau were forced from their homes by floods on Saturday.", "S2")
    m = match_facts(a, b)
    assert m.matched, m
    assert {"flood", "resident", "home"} <= set(m.core)
    assert "lindenau" not in m.core  # a name is a participant, not what happened


def test_one_name_in_several_spellings_is_one_term() -> None:
    a = fact("The U.S. economy added 266,000 jobs in November, the Labor Department said.")
    b = fact("The US economy added 266K jobs in November, the Labor Department said.", "S2")
    c = fact("The United States economy added 266,000 jobs in November, the Labor Department said.", "S3")
    for x, y in ((a, b), (a, c), (b, c)):
        m = match_facts(x, y)
        assert m.matched and "united states" in m.terms, m
        assert not {"u.s", "us", "unit"} & set(m.terms), m


def test_a_lower_case_us_is_no_name() -> None:
    m = match_facts(
        fact("The talks gave us nothing new on the Lindenau dam."), fact("US envoys joined the talks.", "S2")
    )
    assert "united states" not in m.terms
    m = match_facts(fact("The flood gave us two days to leave the Lindenau dam."), fact("It gave us a day.", "S2"))
    assert "us" not in m.terms  # the pronoun is no content word


def test_hyphenated_and_closed_compounds_are_one_word() -> None:
    a = fact("Vice President Kamala Harris cast the tie-breaking vote on the budget resolution.")
    b = fact("Kamala Harris cast the tiebreaking vote that passed the budget resolution.", "S2")
    m = match_facts(a, b)
    assert "tiebreak" in m.core and m.matched, m


def test_a_possessive_with_a_curly_apostrophe_is_still_a_name() -> None:
    a = fact("The launch will coincide with the release of Lindqvist’s new book on fishing quotas.")
    b = fact("Lindqvist’s party will start when her book on fishing quotas is released.", "S2")
    m = match_facts(a, b)
    assert "lindqvist" in m.terms and "lindqvist" not in m.core, m


def test_function_words_are_no_shared_content() -> None:
    a = fact("The court will decide whether the ban applies, including to online sales.")
    b = fact("Whether the museum reopens, including its cafe, is not yet known.", "S2")
    m = match_facts(a, b)
    assert not {"whether", "includ", "including"} & set(m.terms), m


def test_the_same_predicate_of_another_named_subject_is_another_fact() -> None:
    a = fact("The House on Friday passed a budget resolution clearing a path for the $1.9 trillion relief package.")
    b = fact("The Senate passed a budget resolution early Friday, a step for the $1.9 trillion relief package.", "S2")
    m = match_facts(a, b)
    assert not m.matched and "subject: 'House' vs 'Senate'" in m.clashes, m
    c = fact("The Senate approved the budget resolution early Friday after an all-night session.", "S3")
    m = match_facts(b, c)
    assert m.matched and not m.clashes, m


def test_a_subject_the_other_statement_names_is_no_clash() -> None:
    a = fact("The House passed the budget resolution on Friday, a day after the Senate approved it.")
    b = fact("The Senate approved the budget resolution on Thursday before the House vote.", "S2")
    assert not any(c.startswith("subject") for c in match_facts(a, b).clashes)


def test_a_possessive_or_a_common_noun_opening_is_no_named_subject() -> None:
    from summarizer.story.match import _subject_words

    assert _subject_words("The House on Friday passed a budget resolution.") == ("House",)
    assert _subject_words("Senate passes relief resolution after all-night session") == ("Senate",)
    assert _subject_words("President Trump’s top economic adviser resigned Tuesday.") == ()
    assert _subject_words("WASHINGTON — Voters in Kentucky were selecting nominees.") == ()
    assert _subject_words("Stocks fell sharply on Wednesday.") == ()


def test_the_same_weekday_counts_as_core_agreement() -> None:
    a = fact("The special House election in Charlotte is being held Tuesday.", published=None)
    b = fact("A House special election in North Carolina on Tuesday is a do-over.", "S2", published=None)
    m = FactMatcher().match(a, b)
    assert m.matched and len(m.core) == 2, m  # special, election and the day
    c = fact("A House special election in North Carolina is a do-over.", "S3", published=None)
    assert not FactMatcher().match(a, c).matched


def test_former_is_no_core_agreement() -> None:
    a = fact("Special counsel Robert Mueller is questioning witnesses about a meeting with former adviser Jon Flynn.")
    b = fact("Special counsel Robert Mueller is investigating a plan involving former adviser Jon Flynn.", "S2")
    assert "former" not in match_facts(a, b).core


def test_disclosure_and_obligation_paraphrases_meet() -> None:
    groups = paraphrase_groups()
    assert groups[stem("disclosure")] == groups[stem("disclosed")] == groups[stem("revealed")]
    assert groups[stem("obliged")] == groups[stem("required")] == groups[stem("requirement")]


@pytest.mark.parametrize(
    ("x", "y"),
    [("resignation", "resigned"), ("approval", "passed"), ("indictment", "charged"), ("rejection", "blocked"),
     ("reinstated", "restored"), ("overturned", "dismissed"), ("postponed", "delayed"), ("canceled", "scrapped"),
     ("began", "started")],
)  # fmt: skip
def test_news_paraphrases_share_a_group(x: str, y: str) -> None:
    groups = paraphrase_groups()
    assert groups[stem(x)] == groups[stem(y)]


def test_a_ruling_thrown_out_in_other_words_is_one_fact() -> None:
    a = fact("A federal judge threw out the executive order on offshore drilling in the Arctic on Friday.")
    b = fact("A federal judge overturned the executive order on Arctic offshore drilling on Friday.", "S2")
    m = match_facts(a, b)
    assert m.matched and "overturn" in m.core, m


def test_copies_of_one_report_share_a_kind_and_take_the_verdict_it_would_get_anyway() -> None:
    a = fact(JOBS_A)
    copy = extract_facts(article("Desk 3 update:\n\n" + JOBS_A, "S3", published=PUB)).facts[-1]
    other = fact(JOBS_B, "S2")
    different = fact(JOBS_A.replace("266,000", "128,000"), "S4")
    assert copy.text == a.text and copy.evidence[0].start != a.evidence[0].start
    matcher = FactMatcher()
    assert matcher.kind(a) == matcher.kind(copy)
    assert matcher.kind(different) != matcher.kind(a)
    first = matcher.match(a, other)
    assert first.matched, first
    assert matcher.match(copy, other) is first  # the earlier pair's verdict, not computed again
    fresh = FactMatcher()
    assert fresh.match(copy, other) == first  # ... and it is the verdict the copy gets on its own
    assert matcher.match(different, a) == fresh.match(different, a)
    assert not matcher.match(different, a).matched


# The patterns as first written (a look-behind first): the capital-first patterns must find exactly what they find.
_CAP_LOOKBEHIND_FIRST = re.compile(r"(?<![\w’'])[A-Z][\w’'-]*")
_UPPER_LOOKBEHIND_FIRST = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}|\b[A-Z]{2,}\b")


@pytest.mark.parametrize(
    "text",
    ["U.S. and U.K. officials met NATO and the UN in Washington.", "XU.S. .U.S. U.S.A. A.B A AB aB a-AB _AB 1AB",
     "McDonald's O'Neil 'Abc ’Abc xAbc 1Abc Al-Assad", "ÀBC DÉF MéXICO éU.S. İABC \u212aAB", "", "A", "ab CD"],
)  # fmt: skip
def test_capital_and_acronym_patterns_find_what_the_look_behind_first_patterns_find(text: str) -> None:
    for pos in (0, 1):
        assert [m.span() for m in _CAP.finditer(text, pos)] == [
            m.span() for m in _CAP_LOOKBEHIND_FIRST.finditer(text, pos)
        ]
        assert [m.span() for m in _UPPER.finditer(text, pos)] == [
            m.span() for m in _UPPER_LOOKBEHIND_FIRST.finditer(text, pos)
        ]


def test_a_matcher_reads_each_statement_once_and_gives_the_verdicts_of_a_fresh_one() -> None:
    a = fact("Iranian commander Qassem Soleimani was killed in a U.S. strike in Baghdad on Friday.")
    b = fact("A US drone strike killed Qasem Suleimani at Baghdad airport on Friday, the Pentagon said.", "S2")
    c = fact("Qassem Soleimani was buried in Kerman on Tuesday after a week of mourning.", "S3")
    matcher = FactMatcher.for_story([a, b, c])
    verdicts = [matcher.match(x, y) for x in (a, b, c) for y in (a, b, c) if x is not y]
    assert matcher._read(a) is matcher._read(a)  # read once, kept for every pair
    for x, y, got in zip([x for x in (a, b, c) for y in (a, b, c) if x is not y],
                         [y for x in (a, b, c) for y in (a, b, c) if x is not y], verdicts, strict=True):  # fmt: skip
        assert FactMatcher(idf=matcher.idf).match(x, y) == got


def test_the_index_matches_a_pair_by_its_indexed_kinds_as_the_matcher_does() -> None:
    facts = [fact(JOBS_A), fact(JOBS_B, "S2"), fact(JOBS_A.replace("266,000", "128,000"), "S3")]
    matcher = FactMatcher.for_story(facts)
    index = matcher.index(facts)
    for i in range(3):
        for j in range(3):
            if i != j:
                assert index.match(i, j) is matcher.match(facts[i], facts[j])
