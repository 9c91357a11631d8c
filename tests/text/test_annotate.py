"""The annotation layer: each article segmented once, each sentence layer computed once, every span indexes its text."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import summarizer.text.attribution as attribution_module
import summarizer.text.dates as dates_module
import summarizer.text.entities as entities_module
import summarizer.text.numbers as numbers_module
import summarizer.text.segment as segment_module
from summarizer.engines.local.engine import LocalEngine
from summarizer.models import Fact
from summarizer.pipeline import build_brief
from summarizer.text.annotate import (
    Doc,
    annotate,
    attach,
    doc_of,
    drop_doc,
    drop_extraction_layers,
    sentence_of,
    stems_of,
)
from summarizer.text.segment import content_stems, split_sentences
from tests.builders import article

PUBLISHED = dt.date(2024, 1, 21)  # a Sunday

TEXT = (
    "Militants fired 33 missiles at the base on Saturday, the U.S. military said. "
    "Gen. Pat Ryder said four soldiers were hurt at 6:30 p.m.\n\n"
    "\u201cWe will respond,\u201d the Pentagon said in a statement on Jan. 20. "
    "According to two officials, the attack was carried out by the Islamic Resistance in Iraq."
)
OTHER = (
    "Drones struck a depot near Erbil on Saturday, according to Iraqi officials. "
    "The Kurdish government said 12 people were injured. It called the strike a violation of sovereignty."
)


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> Counter[str]:
    """Replace ``module.name`` by a wrapper that counts calls by their first argument."""
    calls: Counter[str] = Counter()
    original: Callable[..., Any] = getattr(module, name)

    def spy(text: str, *args: Any, **kwargs: Any) -> Any:
        calls[text] += 1
        return original(text, *args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


# The annotation layer imports each finder from its module when a layer is first computed, so a spy on the module's
# attribute sees the layer's calls.
FINDER_MODULES = {
    "find_dates": dates_module,
    "find_figures": numbers_module,
    "find_entities": entities_module,
    "find_attribution": attribution_module,
    "find_quotes": entities_module,
}


def test_a_brief_segments_each_article_once(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [article(TEXT, "S1", published=PUBLISHED), article(OTHER, "S2", published=PUBLISHED)]
    # every caller of split_sentences goes through segment.iter_sentences, whatever name it imported
    calls: Counter[str] = Counter()
    original: Callable[..., Iterator[tuple[int, int]]] = segment_module.iter_sentences

    def spy(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        if start == 0 and end is None:
            calls[text] += 1
        return original(text, start, end)

    monkeypatch.setattr(segment_module, "iter_sentences", spy)
    brief = build_brief(articles, LocalEngine())
    assert brief.stories, "the run produced a brief"
    assert calls[TEXT] == 1
    assert calls[OTHER] == 1


@pytest.mark.parametrize("finder", ["find_dates", "find_figures", "find_entities", "find_attribution", "find_quotes"])
def test_a_brief_runs_each_finder_at_most_once_per_sentence(monkeypatch: pytest.MonkeyPatch, finder: str) -> None:
    articles = [article(TEXT, "S1", published=PUBLISHED), article(OTHER, "S2", published=PUBLISHED)]
    calls = _counting(monkeypatch, FINDER_MODULES[finder], finder)
    build_brief(articles, LocalEngine())
    sentences = {a.text[s:e] for a in articles for s, e in split_sentences(a.text)}
    assert calls, f"{finder} ran through the annotation layer"
    assert max(calls[s] for s in sentences) <= 1


def test_layers_are_computed_only_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    entity_calls = _counting(monkeypatch, entities_module, "find_entities")
    date_calls = _counting(monkeypatch, dates_module, "find_dates")
    doc = annotate(TEXT, PUBLISHED)
    for i in range(len(doc)):
        assert doc.sentence(i).dates is doc.sentence(i).dates  # read twice, computed once
    assert sum(date_calls.values()) == len(doc)
    assert not entity_calls


def test_every_span_of_every_layer_indexes_the_article_text() -> None:
    doc = annotate(TEXT, PUBLISHED)
    seen = Counter[str]()
    for i in range(len(doc)):
        sent = doc.sentence(i)
        assert TEXT[sent.start : sent.end] == sent.text
        for kind, matches in (
            ("date", sent.dates),
            ("figure", sent.figures),
            ("entity", sent.entities),
            ("quote", sent.quotes),
        ):
            for m in matches:
                assert TEXT[m.start : m.end] == m.text
                seen[kind] += 1
        for f in sent.figures:
            assert sent.start <= f.number_start < f.number_end <= sent.end
        if sent.attribution is not None:
            assert TEXT[sent.attribution.start : sent.attribution.end] == sent.attribution.speaker
            seen["attribution"] += 1
    assert all(seen[k] for k in ("date", "figure", "entity", "quote", "attribution")), seen


def test_dates_are_resolved_against_the_publication_date() -> None:
    doc = annotate(TEXT, PUBLISHED)
    first = doc.sentence(0)
    assert [(d.text, d.date) for d in first.dates] == [("Saturday", dt.date(2024, 1, 20))]
    later = annotate(TEXT, dt.date(2024, 2, 4))  # the same words in an article of another Sunday
    assert later.sentence(0).dates[0].date == dt.date(2024, 2, 3)


def test_an_article_keeps_its_doc_and_its_copies_share_it() -> None:
    a = article(TEXT, published=PUBLISHED)
    doc = doc_of(a)
    assert doc_of(a) is doc
    assert doc_of(a.model_copy(update={"flags": []})) is doc


@pytest.mark.parametrize(
    "update",
    [pytest.param({"text": OTHER}, id="other-text"), pytest.param({"published": dt.date(2024, 2, 4)}, id="other-date")],
)
def test_a_copy_with_other_text_or_date_gets_a_fresh_doc(update: dict[str, Any]) -> None:
    a = article(TEXT, published=PUBLISHED)
    doc = doc_of(a)
    copy = a.model_copy(update=update)
    fresh = doc_of(copy)
    assert fresh is not doc
    assert fresh.text == copy.text and fresh.published == copy.published


def test_annotations_are_neither_serialised_nor_compared() -> None:
    plain = article(TEXT, published=PUBLISHED)
    annotated = article(TEXT, published=PUBLISHED)
    doc_of(annotated).sentence(0).entities  # noqa: B018 -- read a layer so that there is something to leak
    assert annotated == plain
    assert annotated.model_dump_json() == plain.model_dump_json()


def test_a_span_of_whole_sentences_reads_the_kept_annotations() -> None:
    doc = annotate(TEXT, PUBLISHED)
    (s0, _), (_, e1) = doc.spans[0], doc.spans[1]
    assert doc.covering(s0, e1) == range(0, 2)
    assert doc.within(s0, e1) == [doc.sentence(0), doc.sentence(1)]
    assert doc.figures(*doc.spans[1]) == list(doc.sentence(1).figures)


def test_a_span_that_cuts_a_sentence_is_annotated_on_its_own() -> None:
    doc = annotate(TEXT, PUBLISHED)
    start, end = doc.spans[1]
    cut = start + TEXT[start:end].index("four")
    assert doc.covering(cut, end) is None
    [part] = doc.within(cut, end)
    assert part.text == TEXT[cut:end]
    assert [f.text for f in doc.figures(cut, end)] == [f.text for f in part.figures] == ["four soldiers"]
    assert all(TEXT[f.start : f.end] == f.text for f in part.figures)


@given(
    st.lists(
        st.sampled_from(["Gen. Ryder spoke.", "It was 6 p.m. Then", "U.S. forces left.", "\n", "A b c!"]), max_size=12
    ),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=400),
)
def test_preceding_sentences_match_a_segmentation_of_the_window(parts: list[str], at: int, window: int) -> None:
    text = " ".join(parts)
    start = min(at, len(text))
    doc = annotate(text)
    lo = max(0, start - window)
    expected = [(s, e) for s, e in split_sentences(text, lo, start) if e <= start][-3:]
    assert doc.before(start, 3, window=window) == expected


def test_facts_carry_their_sentence_and_its_stems() -> None:
    doc = annotate(TEXT, PUBLISHED)
    sent = doc.sentence(0)
    a = article(TEXT, published=PUBLISHED)
    fact = attach(Fact(id="S1.F1", source="S1", text=sent.text, evidence=[a.span(sent.start, sent.end)]), sent)
    assert sentence_of(fact.model_copy(update={"salience": 0.5})) is sent
    assert stems_of(fact) == tuple(content_stems(sent.text))
    paraphrase = Fact(id="S1.F2", source="S1", text="Militants fired missiles.", evidence=fact.evidence)
    assert sentence_of(paraphrase) is None
    assert stems_of(paraphrase) == tuple(content_stems("Militants fired missiles."))


def test_a_doc_of_empty_text_has_no_sentences() -> None:
    doc = annotate("")
    assert isinstance(doc, Doc) and len(doc) == 0
    assert doc.within(0, 0) == [] and doc.before(0, 3) == []


def test_drop_doc_forgets_the_annotations_of_the_article_and_its_copies() -> None:
    a = article(TEXT, published=PUBLISHED)
    doc = doc_of(a)
    copy = a.model_copy(update={"flags": []})
    assert drop_doc(copy) is doc
    assert drop_doc(a) is None  # the copy shared it: gone for both
    fresh = doc_of(a)
    assert fresh is not doc and fresh.spans == doc.spans


def test_drop_extraction_layers_keeps_what_the_story_stages_read_and_recomputes_the_rest_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a = article(TEXT, published=PUBLISHED)
    doc = doc_of(a)
    sents = [doc.sentence(i) for i in range(len(doc))]
    before = [(s.entities, s.quotes, s.attribution, s.dates, s.figures, s.stems) for s in sents]
    drop_extraction_layers(a)
    assert doc_of(a) is doc and [doc.sentence(i) for i in range(len(doc))] == sents
    date_calls = _counting(monkeypatch, dates_module, "find_dates")
    figure_calls = _counting(monkeypatch, numbers_module, "find_figures")
    entity_calls = _counting(monkeypatch, entities_module, "find_entities")
    kept = [(s.dates, s.figures, s.stems) for s in sents]
    assert kept == [b[3:] for b in before]
    assert not date_calls and not figure_calls  # kept, not found again
    again = [(s.entities, s.quotes, s.attribution) for s in sents]
    assert again == [b[:3] for b in before]
    assert sum(entity_calls.values()) >= len(sents)  # dropped, found again when read
    assert any(b[0] for b in before) and any(b[2] for b in before)  # the text has entities and attributions


def test_drop_extraction_layers_of_an_article_never_annotated_does_nothing() -> None:
    a = article(TEXT, published=PUBLISHED)
    drop_extraction_layers(a)
    assert drop_doc(a) is None
