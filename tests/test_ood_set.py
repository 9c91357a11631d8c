"""The out-of-domain article set (tests/data/ood: a jobs report, a court ruling, a storm, a sports result, a press
release, written for the tests) against its expectations (tests/data/ood/expected.json): the annotators of
``summarizer.text`` (dates, figures, entities, attribution, quotes), the page layout's metadata, the local engine's
extraction, the reliability flags, the conflicts and the full brief.

An expectation marked ``xfail`` in the JSON is the true reading that today's code misses; it runs as a strict xfail
with the JSON's reason, so fixing the fault makes the test fail until the mark is removed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from paths import DATA

from summarizer.engines.local.extract import extract_facts
from summarizer.ingest.sources import read_source
from summarizer.models import Article, Brief, EntityKind, Fact, Span
from summarizer.story.conflicts import find_conflicts
from summarizer.story.flags import source_flags
from summarizer.text.attribution import find_attribution
from summarizer.text.dates import find_dates
from summarizer.text.entities import find_entities, find_quotes
from summarizer.text.numbers import find_figures
from summarizer.text.segment import split_sentences

OOD = DATA / "ood"
EXPECTED: dict[str, Any] = json.loads((OOD / "expected.json").read_text(encoding="utf-8"))
ARTICLES: dict[str, dict[str, Any]] = EXPECTED["articles"]
NAMES = sorted(ARTICLES)
STORIES: list[dict[str, Any]] = EXPECTED["stories"]


@cache
def load(name: str) -> Article:
    return read_source(str(OOD / name), f"S{NAMES.index(name) + 1}")


def locate(article: Article, needle: str, occurrence: int = 0) -> int:
    """Offset of the ``occurrence``-th (from 0) occurrence of ``needle`` in the article's text."""
    pos = -1
    for _ in range(occurrence + 1):
        pos = article.text.find(needle, pos + 1)
        assert pos >= 0, f"{needle!r} (occurrence {occurrence}) is not in {article.path}"
    return pos


def sentence_at(article: Article, pos: int) -> tuple[int, int]:
    """The sentence of the article (as the segmenter splits it) that contains offset ``pos``."""
    for s, e in split_sentences(article.text):
        if s <= pos < e:
            return s, e
    raise AssertionError(f"offset {pos} of {article.path} is in no sentence")


def where(name: str, item: dict[str, Any], key: str = "text") -> tuple[Article, str, int]:
    """(article, its sentence that holds the item, the item's offset within that sentence)."""
    article = load(name)
    pos = locate(article, item[key], item.get("occurrence", 0))
    s, e = sentence_at(article, pos)
    return article, article.text[s:e], pos - s


def cases(section: str, key: str = "text") -> Iterator[Any]:
    for name in NAMES:
        for item in ARTICLES[name].get(section, []):
            marks = [pytest.mark.xfail(strict=True, reason=item["xfail"])] if "xfail" in item else []
            yield pytest.param(name, item, id=f"{name.removesuffix('.txt')}:{item[key]}", marks=marks)


def iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def assert_exact(article: Article, spans: list[Span]) -> None:
    for span in spans:
        assert article.text[span.start : span.end] == span.quote, span


# --------------------------------------------------------------------------------------------------------------------
# Layout metadata and flags
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_metadata_is_what_the_article_states(name: str) -> None:
    article, meta = load(name), ARTICLES[name]["meta"]
    assert article.title == meta["title"]
    assert article.publisher == meta["publisher"]
    assert article.authors == meta["authors"]
    assert article.published == iso(meta["published"])
    assert article.dateline == meta["dateline"]
    assert_exact(article, list(article.meta.values()))
    for key in ("title", "publisher", "dateline"):
        if meta[key]:
            assert article.meta[key].quote == meta[key]


@pytest.mark.parametrize("name", NAMES)
def test_flags_are_exactly_those_the_text_shows(name: str) -> None:
    article = load(name)
    flags = source_flags(article)
    assert {f.kind for f in flags} == set(ARTICLES[name]["flags"])
    for f in flags:
        assert_exact(article, f.citations)


# --------------------------------------------------------------------------------------------------------------------
# Annotators, one sentence at a time
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "item"), list(cases("dates")))
def test_dates_are_found_and_resolved_against_the_publication_date(name: str, item: dict[str, Any]) -> None:
    article, sentence, offset = where(name, item)
    found = [d for d in find_dates(sentence, article.published) if d.start == offset]
    assert found, f"no date at {item['text']!r} in {sentence!r}"
    d = found[0]
    assert d.text == item["text"]
    assert d.date == iso(item["date"])
    assert d.precision == item["precision"]
    if "time" in item:
        assert d.time == item["time"]


@pytest.mark.parametrize(("name", "item"), list(cases("figures")))
def test_figures_are_found_with_what_they_count(name: str, item: dict[str, Any]) -> None:
    _, sentence, offset = where(name, item)
    found = [f for f in find_figures(sentence) if f.start <= offset < f.end]
    assert found, f"no figure at {item['text']!r} in {sentence!r}"
    f = found[0]
    assert item["text"] in f.text
    assert f.value == item["value"]
    for key in ("counts", "unit", "qualifier"):
        if key in item:
            assert getattr(f, key) == item[key], key


@pytest.mark.parametrize(("name", "item"), list(cases("entities")))
def test_named_people_organisations_and_places_are_found(name: str, item: dict[str, Any]) -> None:
    _, sentence, offset = where(name, item)
    found = [e for e in find_entities(sentence) if e.start <= offset < e.end and item["text"] in e.text]
    assert found, f"no entity {item['text']!r} in {sentence!r}"
    assert found[0].kind == EntityKind(item["kind"])
    assert sentence[found[0].start : found[0].end] == found[0].text


@pytest.mark.parametrize(("name", "item"), list(cases("not_entities")))
def test_common_words_are_not_named_entities(name: str, item: dict[str, Any]) -> None:
    _, sentence, _ = where(name, item, "sentence")
    assert not [e for e in find_entities(sentence) if item["text"] in e.text and e.kind == EntityKind(item["kind"])]


@pytest.mark.parametrize(("name", "item"), list(cases("attributions", "sentence")))
def test_attribution_names_who_the_article_says_is_speaking(name: str, item: dict[str, Any]) -> None:
    _, sentence, _ = where(name, item, "sentence")
    found = find_attribution(sentence)
    if item["speaker"] is None:
        assert found is None, found
        return
    assert found is not None, f"no attribution in {sentence!r}"
    assert found.speaker == item["speaker"]
    assert sentence[found.start : found.end] == found.speaker
    if "anonymous" in item:
        assert found.anonymous is item["anonymous"]


@pytest.mark.parametrize(("name", "item"), list(cases("quotes")))
def test_quotes_are_found_verbatim_with_their_speaker(name: str, item: dict[str, Any]) -> None:
    _, sentence, offset = where(name, item)
    quotes = [q for q in find_quotes(sentence) if q.text == item["text"]]
    assert quotes, f"no quote {item['text']!r} in {sentence!r}"
    assert quotes[0].start == offset
    speaker = find_attribution(sentence)
    assert speaker is not None and speaker.speaker == item["speaker"]


# --------------------------------------------------------------------------------------------------------------------
# Extraction (local engine): the facts carry those spans, with exact offsets
# --------------------------------------------------------------------------------------------------------------------


def fact_spans(fact: Fact) -> list[Span]:
    spans = list(fact.evidence)
    for part in [*fact.who, *fact.where, *fact.when, *fact.figures, *fact.quotes]:
        spans.extend(part.evidence)
    if fact.attribution:
        spans.extend(fact.attribution.evidence)
    return spans


def covered(spans: list[Span], pos: int) -> bool:
    return any(s.start <= pos < s.end for s in spans)


@pytest.mark.parametrize("name", NAMES)
def test_extracted_facts_carry_the_expected_spans_with_exact_offsets(name: str) -> None:
    article = load(name)
    facts = extract_facts(article).facts
    assert facts
    for fact in facts:
        assert fact.source == article.id
        assert_exact(article, fact_spans(fact))
    expected = ARTICLES[name]

    def positions(section: str) -> list[int]:
        items = [i for i in expected.get(section, []) if "xfail" not in i]
        return [locate(article, i["text"], i.get("occurrence", 0)) for i in items]

    figures = [s for f in facts for g in f.figures for s in g.evidence]
    whens = [s for f in facts for w in f.when for s in w.evidence]
    quotes = [s for f in facts for q in f.quotes for s in q.evidence]
    people = [s for f in facts for e in [*f.who, *f.where] for s in e.evidence]
    for section, spans in (("figures", figures), ("dates", whens), ("quotes", quotes), ("entities", people)):
        for pos in positions(section):
            assert covered(spans, pos), f"{section}: nothing extracted at {article.text[pos : pos + 40]!r}"


# --------------------------------------------------------------------------------------------------------------------
# Conflicts between the outlets of one story
# --------------------------------------------------------------------------------------------------------------------


def story_facts(story: dict[str, Any]) -> list[Fact]:
    return [f for name in story["sources"] for f in extract_facts(load(name)).facts]


MULTI = [s for s in STORIES if len(s["sources"]) > 1]


@pytest.mark.parametrize("story", [pytest.param(s, id=s["name"]) for s in MULTI])
def test_conflicts_between_outlets_are_the_expected_ones(story: dict[str, Any]) -> None:
    found = find_conflicts(story_facts(story))
    ids = {load(n).id: n for n in story["sources"]}
    for want in story["conflicts"]:
        match = [c for c in found if c.kind == want["kind"] and c.about == want["about"]]
        assert match, f"no {want['kind']} conflict about {want['about']!r}: {[c.about for c in found]}"
        positions = match[0].positions
        assert [[ids[s] for s in p.sources] for p in positions] == [p["sources"] for p in want["positions"]]
        for p, w in zip(positions, want["positions"], strict=True):
            assert w["figure"] in p.text
            for c in p.citations:
                assert_exact(load(ids[c.source]), [c])
    expected_kinds = {c["kind"] for c in story["conflicts"]}
    extra = [c for c in found if c.kind not in expected_kinds]
    allowed = {n["kind"] for n in story.get("not_conflicts", []) if "xfail" in n}
    assert [c.about for c in extra if c.kind not in allowed] == []


def not_conflict_cases() -> Iterator[Any]:
    for s in MULTI:
        for n in s.get("not_conflicts", []):
            marks = [pytest.mark.xfail(strict=True, reason=n["xfail"])] if "xfail" in n else []
            yield pytest.param(s, n["kind"], id=f"{s['name']}:{n['kind']}", marks=marks)


@pytest.mark.parametrize(("story", "kind"), list(not_conflict_cases()))
def test_no_false_conflict_of_this_kind(story: dict[str, Any], kind: str) -> None:
    assert [c.about for c in find_conflicts(story_facts(story)) if c.kind == kind] == []


def test_partial_count_beside_the_total_is_not_a_conflict() -> None:
    jobs = next(s for s in STORIES if s["name"] == "jobs")
    assert [c for c in find_conflicts(story_facts(jobs)) if c.kind == "count"] == []


# --------------------------------------------------------------------------------------------------------------------
# The full brief of the set
# --------------------------------------------------------------------------------------------------------------------


def ids_of(b: Brief, names: list[str]) -> set[str]:
    by_path = {s.path: s.id for s in b.sources}
    return {by_path[str(OOD / n)] for n in names}


def grouping_cases() -> Iterator[Any]:
    for s in STORIES:
        marks = [pytest.mark.xfail(strict=True, reason=s["xfail_grouping"])] if "xfail_grouping" in s else []
        yield pytest.param(s, id=s["name"], marks=marks)


@pytest.mark.parametrize("story", list(grouping_cases()))
def test_brief_groups_each_story_with_its_outlets_and_conflicts(ood_brief: Brief, story: dict[str, Any]) -> None:
    want = ids_of(ood_brief, story["sources"])
    match = [st for st in ood_brief.stories if set(st.sources) == want]
    assert match, f"no story of {sorted(want)}: {[st.sources for st in ood_brief.stories]}"
    assert sorted((c.kind, c.about) for c in match[0].conflicts) == sorted(
        (c["kind"], c["about"]) for c in story["conflicts"]
    )


def test_brief_has_no_errors_and_every_citation_is_exact(ood_brief: Brief) -> None:
    assert ood_brief.errors == []
    texts = {s.id: load(next(n for n in NAMES if str(OOD / n) == s.path)).text for s in ood_brief.sources}
    citations = ood_brief.citations()
    assert citations
    for c in citations:
        assert texts[c.source][c.start : c.end] == c.quote


def test_brief_sources_carry_the_expected_flags_and_the_press_release_weighs_less(ood_brief: Brief) -> None:
    by_path = {s.path: s for s in ood_brief.sources}
    for name in NAMES:
        assert {f.kind for f in by_path[str(OOD / name)].flags} == set(ARTICLES[name]["flags"]), name
    press = by_path[str(OOD / "press_release.txt")]
    clean = by_path[str(OOD / "jobs_report/eastern_ledger.txt")]
    assert press.weight < clean.weight


def test_brief_survives_a_json_round_trip(ood_brief: Brief) -> None:
    again = Brief.model_validate_json(ood_brief.model_dump_json())
    assert again == ood_brief
    assert again.model_dump_json() == ood_brief.model_dump_json()
