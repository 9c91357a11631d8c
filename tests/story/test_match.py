"""Cross-source fact matching: same fact in different words matches, with what agreed; different facts do not."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from summarizer.engines.local.extract import extract_facts
from summarizer.models import Fact
from summarizer.story.match import FactMatch, FactMatcher, match_facts, paraphrase_groups
from summarizer.text.segment import stem
from tests.builders import article

PUB = dt.date(2020, 1, 12)
JOBS_A = "The U.S. economy added 266,000 jobs in November and unemployment fell to 3.5%, the Labor Department said."
JOBS_B = "Employers added 266K jobs last month as the jobless rate dipped to 3.5 percent, government data showed."


def fact(text: str, source: str = "S1", published: dt.date = PUB) -> Fact:
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
