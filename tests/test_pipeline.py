"""The pipeline end to end: citation invariants, incident separation, failures as data, nothing unverified kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizer import brief
from summarizer.engines.local.extract import extract_facts
from summarizer.errors import ArticleFailed, NoUsableSources, ServiceError
from summarizer.models import (
    Article,
    Brief,
    ComposedStory,
    DraftSentence,
    Extraction,
    Fact,
    Figure,
    Qualifier,
    StoryPlan,
    Usage,
)
from summarizer.pipeline import build_brief


def _source_text(b: Brief, source_id: str) -> str:
    src = b.source(source_id)
    return src.text if src.text is not None else Path(src.path).read_bytes().decode(src.encoding)


def test_every_citation_indexes_the_decoded_file_exactly(example_brief: Brief) -> None:
    cites = example_brief.citations()
    assert len(cites) > 20
    for c in cites:
        assert _source_text(example_brief, c.source)[c.start : c.end] == c.quote


def test_every_sentence_is_cited_and_every_story_lists_its_cited_sources(example_brief: Brief) -> None:
    for story in example_brief.stories:
        assert story.sentences
        for s in [*story.sentences, *story.context]:
            assert s.citations
            assert s.support == len({c.source for c in s.citations})
        assert set(story.cited_sources()) <= set(story.sources)


def test_example_set_separates_the_three_incidents_it_describes(example_brief: Brief) -> None:
    by_source = {sid: story.date for story in example_brief.stories for sid in story.sources}
    path_of = {s.id: Path(s.path).name[:3] for s in example_brief.sources}
    dates = {path_of[sid]: d for sid, d in by_source.items()}
    assert dates["003"] == dt.date(2023, 11, 21)
    assert dates["000"] == dates["002"] == dt.date(2024, 1, 20)
    assert dates["001"] == dt.date(2024, 1, 20)  # the AI-written article reports the January incident (as the 21st)
    jan = next(s for s in example_brief.stories if s.date == dt.date(2024, 1, 20))
    nov = next(s for s in example_brief.stories if s.date == dt.date(2023, 11, 21))
    undated = [s for s in example_brief.stories if path_of[s.sources[0]] == "004"]
    assert len(undated) == 1 and undated[0] not in (jan, nov)
    assert [s.date for s in example_brief.stories][:2] == [dt.date(2023, 11, 21), dt.date(2024, 1, 20)]


def test_machine_written_source_is_flagged_with_the_span_that_discloses_it(example_brief: Brief) -> None:
    ai = next(s for s in example_brief.sources if Path(s.path).name.startswith("001"))
    flag = next(f for f in ai.flags if f.kind == "automated-content")
    assert any("AI" in c.quote for c in flag.citations)
    assert ai.weight < 1.0


def test_json_is_the_model_dump(example_brief: Brief) -> None:
    assert Brief.model_validate_json(example_brief.model_dump_json()) == example_brief


def test_unusable_inputs_are_listed_and_the_rest_still_briefed(tmp_path: Path, example_paths: list[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "nope.txt"
    b = brief([str(empty), example_paths[0], str(missing)], engine="local")
    assert {e.path for e in b.errors} == {str(empty), str(missing)}
    assert {e.problem for e in b.errors} == {"empty", "missing"}
    assert b.stories and b.sources[0].path == example_paths[0]


def test_no_usable_input_raises_with_every_problem(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(NoUsableSources) as info:
        brief([str(empty)], engine="local")
    assert "empty.txt" in str(info.value)


def test_html_input_carries_its_converted_text_and_offsets_index_it(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Bridge closed after crack found</title></head><body><nav>Home | World</nav><article>"
        "<h1>Bridge closed after crack found</h1><p>The Elm Street bridge in Halden was closed on Tuesday after "
        "inspectors found a crack in its main span, the city council said.</p><p>Engineers will assess the damage "
        "over the next two weeks, council spokesperson Mira Olsen said.</p></article><footer>© Halden Post</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    b = brief([str(page)], engine="local")
    src = b.sources[0]
    assert src.text is not None and "crack" in src.text
    for c in b.citations():
        assert src.text[c.start : c.end] == c.quote


class _FabricatingEngine:
    """Extracts real facts but adds a figure the text does not state, and composes one unsupported sentence."""

    name = "fake"
    model = None

    def extract(self, article: Article) -> Extraction:
        ex = extract_facts(article)
        first = ex.facts[0]
        bad = first.model_copy(
            update={
                "id": first.id + "x",
                "figures": [
                    Figure(
                        text="900 missiles",
                        value=900,
                        qualifier=Qualifier.EXACT,
                        counts="missiles",
                        evidence=first.evidence,
                    )
                ],
            }
        )
        return ex.model_copy(update={"facts": [*ex.facts, bad]})

    def compose(self, plan: StoryPlan) -> ComposedStory:
        fact: Fact = plan.facts[0]
        return ComposedStory(
            headline="Test",
            sentences=[
                DraftSentence(text=fact.text, fact_ids=[fact.id]),
                DraftSentence(
                    text="Aliens landed on the moon and signed a peace treaty with Norway.", fact_ids=[fact.id]
                ),
            ],
        )

    def usage(self) -> Usage | None:
        return None


def test_facts_and_sentences_that_fail_verification_go_to_rejected(example_paths: list[str]) -> None:
    from summarizer.ingest.sources import read_sources

    articles, _ = read_sources(example_paths[:1])
    b = build_brief(articles, _FabricatingEngine())
    story = b.stories[0]
    assert [s.text for s in story.sentences] == [story.sentences[0].text]
    rejected = {r.stage: r for r in story.rejected}
    assert "900" in next(r.reason for r in story.rejected if r.stage == "verify")
    assert rejected["compose"].text.startswith("Aliens")


class _FailingEngine(_FabricatingEngine):
    def extract(self, article: Article) -> Extraction:
        raise ArticleFailed(article.path, "the model endpoint kept answering 500")


def test_articles_that_fail_in_the_engine_are_listed_and_the_batch_goes_on(example_paths: list[str]) -> None:
    from summarizer.ingest.sources import read_sources

    class _FailsOnFirst(_FabricatingEngine):
        def extract(self, article: Article) -> Extraction:
            if article.id == "S1":
                raise ArticleFailed(article.path, "deadline of 120 s exceeded")
            return extract_facts(article)

    articles, _ = read_sources(example_paths[:2])
    b = build_brief(articles, _FailsOnFirst())
    assert [(e.path, e.problem) for e in b.errors] == [(example_paths[0], "engine-failed")]
    assert "deadline" in b.errors[0].message
    assert b.stories
    assert {c.source for story in b.stories for s in story.sentences for c in s.citations} == {"S2"}


def test_every_article_failing_in_the_engine_is_a_service_error(example_paths: list[str]) -> None:
    from summarizer.ingest.sources import read_sources

    articles, _ = read_sources(example_paths[:2])
    with pytest.raises(ServiceError) as info:
        build_brief(articles, _FailingEngine())
    assert "500" in str(info.value) and example_paths[0] in str(info.value)


def test_loaded_wording_in_a_chosen_sentence_is_linted_and_warned(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Critics slammed the council after the Elm Street bridge in Halden was closed on Tuesday, the city said.\n\n"
        "Inspectors found a crack in the main span of the bridge on Monday, the council said in a statement.\n",
        encoding="utf-8",
    )
    b = brief([str(story)], engine="local")
    flagged = [s for st in b.stories for s in st.sentences if s.loaded_terms]
    assert flagged and "slammed" in flagged[0].loaded_terms
    assert any("slammed" in w for w in b.warnings)
