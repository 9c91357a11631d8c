"""Reliability flags: what the article's own text shows, with spans, and the weight it gives the source."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from builders import article
from hypothesis import given
from hypothesis import strategies as st
from paths import ROOT

from summarizer.ingest.sources import article_from_text
from summarizer.models import Article, Flag
from summarizer.story.flags import (
    LATE_DAYS,
    LEVELS,
    RULES,
    WEIGHTS,
    _capitals,
    _near_names,
    _word_counts,
    flag_level,
    source_flags,
    source_weight,
)
from summarizer.text.dates import find_dates

CONSTRUCTED = ROOT / "tests" / "data" / "constructed"
EXAMPLES = ROOT / "examples"


def load(path: Path, source_id: str = "S1") -> Article:
    return article_from_text(path.read_text(encoding="utf-8"), str(path), source_id)


def bare(text: str, *, authors: list[str] | None = None, published: dt.date | None = dt.date(2025, 3, 5)) -> Article:
    return article(text, published=published, authors=["Ann Reporter"] if authors is None else authors)


def kinds(flags: list[Flag]) -> set[str]:
    return {f.kind for f in flags}


def assert_spans_exact(article: Article, flags: list[Flag]) -> None:
    for f in flags:
        for c in f.citations:
            assert c.source == article.id
            assert article.text[c.start : c.end] == c.quote


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("ai_disclosure.txt", {"automated-content"}, id="ai-disclosure-and-bot-byline"),
        pytest.param("no_byline_no_date.txt", {"no-byline", "no-date"}, id="no-byline-no-date"),
        pytest.param("anonymous_officials.txt", {"anonymous-sources"}, id="anonymous-officials"),
        pytest.param("typo_name.txt", {"name-typo"}, id="typo-in-demonym"),
        pytest.param("press_release.txt", {"press-release", "no-byline"}, id="press-release"),
        pytest.param("clean_report.txt", set(), id="clean-report-has-no-flags"),
    ],
)
def test_constructed_articles_get_exactly_the_flags_their_text_shows(name: str, expected: set[str]) -> None:
    article = load(CONSTRUCTED / name)
    flags = source_flags(article)
    # whether a dateline counts as a publication date is the reader's business (summarizer.ingest.sources)
    found = kinds(flags) - {"no-date"} if "no-date" not in expected else kinds(flags)
    assert found == expected
    assert_spans_exact(article, flags)


@pytest.mark.parametrize(
    ("name", "levels"),
    [
        pytest.param("ai_disclosure.txt", {"automated-content": "warning"}, id="ai-written-is-a-warning"),
        pytest.param("no_byline_no_date.txt", {"no-byline": "info", "no-date": "info"}, id="absences-are-quiet"),
        pytest.param("anonymous_officials.txt", {"anonymous-sources": "caution"}, id="anonymous-is-a-caution"),
        pytest.param("press_release.txt", {"press-release": "caution", "no-byline": "info"}, id="press-release"),
    ],
)
def test_flags_carry_the_level_of_their_kind(name: str, levels: dict[str, str]) -> None:
    found = {f.kind: f.level for f in source_flags(load(CONSTRUCTED / name)) if f.kind in levels}
    assert found == levels


def test_only_doubts_about_the_content_itself_are_warnings() -> None:
    warnings = {kind for kind, level in LEVELS.items() if level == "warning"}
    assert warnings == {"automated-content", "disclaimer", "addressed-to-ai", "inconsistent-dates"}
    assert set(WEIGHTS) <= set(LEVELS)
    assert flag_level("some-new-kind") == "caution"


def test_self_contradicting_dates_are_a_warning() -> None:
    article = load(EXAMPLES / "001_7a697a1951ff04d3.txt", "S2")
    levels = {f.kind: f.level for f in source_flags(article, story_dates=[dt.date(2024, 1, 20)])}
    assert levels["inconsistent-dates"] == "warning"
    assert levels["late-date"] == "caution"


def test_every_match_of_a_rule_in_the_test_articles_holds_one_of_its_needles() -> None:
    texts = [p.read_text(encoding="utf-8") for p in [*CONSTRUCTED.rglob("*.txt"), *EXAMPLES.glob("*.txt")]]
    matched = 0
    for rule in RULES:
        assert all(n == n.lower() for n in rule.needles)
        for text in texts:
            for m in rule.pattern.finditer(text):
                matched += 1
                assert any(n in m.group(0).lower() for n in rule.needles), (rule.kind, m.group(0))
    assert matched >= 10


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param(
            "SENIOR OFFICIALS, SPEAKING ON CONDITION OF ANONYMITY, CONFIRMED IT.", "anonymous-sources", id="upper-case"
        ),
        # IGNORECASE matches the long s "ſ" as "s" and the dotless "ı" as "i": the needle test must too
        pytest.param("The views expreſſed in this article are those of the author.", "disclaimer", id="long-s"),
        pytest.param("This story was wrıtten by artificial intelligence.", "automated-content", id="dotless-i"),
    ],
)
def test_rules_flag_their_text_whatever_its_case(text: str, kind: str) -> None:
    assert kind in kinds(source_flags(bare(f"Headline\n\n{text}\n")))


def test_ai_disclosure_is_cited_and_weighs_least() -> None:
    article = load(CONSTRUCTED / "ai_disclosure.txt")
    flags = source_flags(article)
    auto = next(f for f in flags if f.kind == "automated-content")
    quotes = " ".join(c.quote for c in auto.citations)
    assert "produced with the help of artificial intelligence" in quotes
    assert "NewsGenie Bot" in quotes
    assert auto.weight == min(WEIGHTS.values())
    assert source_weight(flags) <= auto.weight


def test_anonymous_sourcing_cites_every_passage() -> None:
    article = load(CONSTRUCTED / "anonymous_officials.txt")
    flag = next(f for f in source_flags(article) if f.kind == "anonymous-sources")
    quotes = [c.quote for c in flag.citations]
    assert len(quotes) >= 3
    assert any("condition of anonymity" in q for q in quotes)
    assert any("sources said" in q for q in quotes)
    assert any("People familiar with the matter" in q for q in quotes)
    assert flag.weight < WEIGHTS["anonymous-sources"]  # three or more passages weigh more


def test_typo_flag_names_the_misspelling_not_the_transliteration() -> None:
    article = load(CONSTRUCTED / "typo_name.txt")
    flag = next(f for f in source_flags(article) if f.kind == "name-typo")
    assert "Marovkian" in flag.detail and "Marovian" in flag.detail
    assert "Hasan" not in flag.detail and "Hassan" not in flag.detail
    assert [c.quote for c in flag.citations] == [
        "Marovkian-backed units had surrounded Dravik since Friday, according to the regional governor, Tomas Hasan."
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Governor Tomas Hasan spoke on Monday. Later, Governor Hassan said the road was open. "
            "Hasan added that Hasan's office would publish figures.",
            id="transliteration-variants",
        ),
        pytest.param(
            "Iraq said the Iraqi army had moved. Iraqis welcomed it. Iraq's premier agreed with Iraq's allies.",
            id="inflections-of-a-country",
        ),
        pytest.param(
            "Senator Carter met Senator Carver. Carter said the bill would pass; Carter voted for it.",
            id="two-real-names-one-letter-apart",
        ),
        pytest.param(
            "Police in Portland said Poland's consul was safe. Poland and Polish officials thanked them.",
            id="city-near-a-country-name",
        ),
        pytest.param(
            "The quote was “Marovkian forces left,” said Marovian officials. Marovian troops stayed in Marovian towns.",
            id="misspelling-inside-a-quotation-is-verbatim",
        ),
    ],
)
def test_typo_check_leaves_ordinary_names_alone(text: str) -> None:
    assert "name-typo" not in kinds(source_flags(bare(text)))


@pytest.mark.parametrize(
    ("story_dates", "late"),
    [
        pytest.param([dt.date(2025, 2, 13)], False, id="published-next-day"),
        pytest.param([dt.date(2025, 2, 14) - dt.timedelta(days=LATE_DAYS)], False, id="exactly-the-limit"),
        pytest.param([dt.date(2025, 1, 2)], True, id="six-weeks-later"),
        pytest.param([dt.date(2024, 12, 1), dt.date(2025, 2, 10)], False, id="latest-story-date-counts"),
    ],
)
def test_late_publication_is_measured_against_the_story_dates(story_dates: list[dt.date], late: bool) -> None:
    article = load(CONSTRUCTED / "clean_report.txt")
    flags = source_flags(article, story_dates=story_dates)
    assert ("late-date" in kinds(flags)) is late
    if late:
        flag = next(f for f in flags if f.kind == "late-date")
        assert flag.citations and flag.citations[0].quote == "February 14, 2025"


@pytest.mark.parametrize(
    ("text", "late"),
    [
        pytest.param("The dam burst on January 3, flooding the valley, officials said.", True, id="only-an-old-date"),
        pytest.param(
            "The dam burst on Monday. A similar failure happened on January 3.", False, id="recent-weekday-wins"
        ),
    ],
)
def test_late_publication_from_the_articles_own_dates(text: str, late: bool) -> None:
    flags = source_flags(bare(text, published=dt.date(2025, 3, 5)))
    assert ("late-date" in kinds(flags)) is late


def test_flags_resolve_dates_like_the_date_reader() -> None:
    # one resolver: the date a flag reports is the date summarizer.text.dates gives the same words
    text = "The vote is set for Tuesday, Dec. 20, officials said."
    published = dt.date(2024, 12, 1)
    (match,) = find_dates(text, published)
    assert match.date == dt.date(2024, 12, 20)  # a Friday: the text is wrong about the weekday
    flag = next(f for f in source_flags(bare(text, published=published)) if f.kind == "inconsistent-dates")
    assert "December 20, 2024" in flag.detail and flag.citations[0].quote == "Tuesday, Dec. 20"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The council will vote on Dec. 20, officials said.", id="upcoming-date"),
        pytest.param("The council will vote on Friday, Dec. 20, officials said.", id="upcoming-date-with-its-weekday"),
    ],
)
def test_an_upcoming_date_is_neither_late_nor_inconsistent(text: str) -> None:
    # Dec. 20 in an article of Dec. 1 is this year's (a Friday), not 2023-12-20 (347 days back, a Wednesday)
    flags = source_flags(bare(text, published=dt.date(2024, 12, 1)))
    assert not {"late-date", "inconsistent-dates"} & kinds(flags), flags


def test_weekday_that_contradicts_its_date_is_an_inconsistency() -> None:
    article = bare("The rockets struck on Sunday, March 4, 2025, the navy said.")  # March 4, 2025 was a Tuesday
    flag = next(f for f in source_flags(article) if f.kind == "inconsistent-dates")
    assert flag.citations[0].quote == "Sunday, March 4, 2025"
    assert "Tuesday" not in flag.detail and "Sunday" in flag.detail


def test_byline_in_the_text_prevents_a_no_byline_flag() -> None:
    article = bare("Flood closes road\n\nBy Ingrid Paulsen\n\nThe road was closed on Monday.", authors=[])
    assert "no-byline" not in kinds(source_flags(article))


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        pytest.param([], 1.0, id="no-flags"),
        pytest.param([Flag(kind="no-byline", detail="", weight=0.9)], 0.9, id="one-flag"),
        pytest.param(
            [Flag(kind="no-byline", detail="", weight=0.9), Flag(kind="no-date", detail="", weight=0.85)],
            0.765,
            id="product-of-kinds",
        ),
        pytest.param(
            [
                Flag(kind="anonymous-sources", detail="", weight=0.9),
                Flag(kind="anonymous-sources", detail="", weight=0.8),
            ],
            0.8,
            id="lowest-weight-of-a-kind-counts-once",
        ),
        pytest.param([Flag(kind=k, detail="", weight=0.1) for k in "abcd"], 0.05, id="never-below-the-floor"),
    ],
)
def test_source_weight_multiplies_the_lowest_weight_of_each_kind(flags: list[Flag], expected: float) -> None:
    assert source_weight(flags) == pytest.approx(expected)


# --- the example set


def test_example_001_is_flagged_as_automated_with_its_disclosure() -> None:
    article = load(EXAMPLES / "001_7a697a1951ff04d3.txt", "S2")
    flags = source_flags(article)
    assert flags[0].kind == "automated-content"
    quotes = [c.quote for c in flags[0].citations]
    assert (
        "Whilst factual data is used in the production of these articles, the content is written entirely by AI."
        in (quotes)
    )
    assert_spans_exact(article, flags)
    assert source_weight(flags) < min(source_weight(source_flags(load(p))) for p in sorted(EXAMPLES.glob("00[02]*")))


def test_example_004_has_no_byline_and_no_date() -> None:
    article = load(EXAMPLES / "004_502a541b01eeb6f6.txt", "S5")
    assert {"no-byline", "no-date"} <= kinds(source_flags(article))


def test_example_001_is_late_against_the_story_date_and_dates_itself_twice() -> None:
    article = load(EXAMPLES / "001_7a697a1951ff04d3.txt", "S2")
    flags = {f.kind: f for f in source_flags(article, story_dates=[dt.date(2024, 1, 20)])}
    assert "late-date" in flags
    assert {c.quote for c in flags["inconsistent-dates"].citations} == {"June 25, 2024", "Jan 21, 2024"}


def test_example_002_typo_is_flagged() -> None:
    article = load(EXAMPLES / "002_6bba405a2fade905.txt", "S3")
    flag = next(f for f in source_flags(article) if f.kind == "name-typo")
    assert "Irankian" in flag.detail


def test_example_000_bylined_dated_report_is_not_flagged() -> None:
    article = load(EXAMPLES / "000_1efb6e8095174500.txt")
    assert source_flags(article, story_dates=[dt.date(2024, 1, 20)]) == []


def _word_counts_reference(
    text: str, sentence_starts: set[int]
) -> tuple[Counter[str], Counter[str], dict[str, tuple[int, int]]]:
    """The word counts as the typo check computed them before: possessives folded in every text, capitals found by
    a scan that tests the no-letter-before lookbehind at every position."""
    counts = Counter(w.lower() for w in re.findall(r"[A-Za-z\u00C0-\u024F]+(?:['’][a-z]+)?", text))
    for w in [w for w in counts if w.endswith(("'s", "’s"))]:
        counts[w[:-2]] += counts.pop(w)
    glued = re.search(r"['’][a-z]+[A-Z\u00C0-\u024F]", text)
    lead = "" if glued else r"(?<![A-Za-z\u00C0-\u024F])"
    first_char = r"[A-Za-z\u00C0-\u024F]" if glued else r"[A-Z\u00C0-\u024F]"
    tail = r"[A-Za-z\u00C0-\u024F]*)(?:(['’](?!s(?![a-z]))[a-z]+)|['’]s(?![a-z]))?"
    capital_mid: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}
    for m in re.finditer(lead + "(" + first_char + tail, text):
        w = m.group(1) + (m.group(2) or "")
        if not w[0].isupper():
            continue
        low = w.lower()
        if low not in first:
            first[low] = (m.start(), m.start() + len(w))
        if m.start() not in sentence_starts and m.start() and text[m.start() - 1] != "\n":
            capital_mid[low] += 1
    return counts, capital_mid, first


_WORD_ALPHABET = "aAbBsSoOxXéÉßİĀ'’ \n.,-3"


@given(st.text(alphabet=_WORD_ALPHABET, max_size=60), st.sets(st.integers(0, 60)))
def test_word_counts_equal_the_reference_on_generated_text(text: str, starts: set[int]) -> None:
    counts, (capital_mid, first) = _word_counts(text), _capitals(text, starts)
    ref_counts, ref_mid, ref_first = _word_counts_reference(text, starts)
    assert list(counts.items()) == list(ref_counts.items())
    assert list(capital_mid.items()) == list(ref_mid.items())
    assert list(first.items()) == list(ref_first.items())


def test_word_counts_fold_possessives_and_count_mid_sentence_capitals() -> None:
    text = "Obama's aide met Obama. Obama left; O'Brien’s car, we'reThe don't'sX.\nObama"
    counts, (capital_mid, first) = _word_counts(text), _capitals(text, {0, 24})
    assert counts["obama"] == 4 and "obama's" not in counts and counts["don't"] == counts["sx"] == 1
    assert capital_mid["obama"] == 1  # "met Obama": the others open the text, a sentence or a line
    assert first["obama"] == (0, 5) and first["brien"] == (38, 43)
    assert (counts, capital_mid, first) == _word_counts_reference(text, {0, 24})
    plain = "Ann's car. Mr Ann Lee saw Ann; \nAnn"  # no glued word: the capitals' own scan
    counts, (capital_mid, first) = _word_counts(plain), _capitals(plain, {0, 11})
    assert (counts["ann"], capital_mid["ann"], first["ann"], first["lee"]) == (4, 2, (0, 3), (18, 21))


def test_near_names_keep_a_word_one_edit_from_a_name_and_drop_variants_and_far_words() -> None:
    index = {("r", 10): ["republican"], ("a", 5): ["assad"], ("c", 6): ["carter"]}
    near = _near_names(["repubican", "asad", "carver", "cartel", "london"], index)
    assert near == {"repubican": ["republican"], "carver": ["carter"], "cartel": ["carter"]}
