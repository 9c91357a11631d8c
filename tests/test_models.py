"""Tests for summarizer.models: Span/Citation invariants, derived fields, and the Brief JSON contract (schema 1)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import re
from typing import Any

import pytest
from builders import article
from paths import ROOT
from pydantic import ValidationError

from summarizer.models import (
    SCHEMA_VERSION,
    Article,
    Brief,
    BriefSentence,
    CheckStatus,
    Citation,
    Conflict,
    EngineInfo,
    Entity,
    Fact,
    FieldCheck,
    Flag,
    Position,
    Region,
    Source,
    Span,
    Story,
    SupportLabel,
    SupportResult,
    Usage,
    Verification,
)

TEXT = "Storm Delia killed nine people on Thursday. More than 300,000 customers lost power, the utility said."


def span(start: int, end: int, source: str = "S1", text: str = TEXT) -> Span:
    return Span(source=source, start=start, end=end, quote=text[start:end])


# --------------------------------------------------------------------------------------------------------------------
# Spans
# --------------------------------------------------------------------------------------------------------------------


def test_citation_is_the_span_type() -> None:
    assert Citation is Span


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        pytest.param({"start": 5, "end": 2, "quote": ""}, "before start", id="end-before-start"),
        pytest.param({"start": 0, "end": 5, "quote": "Storm Delia"}, "does not match", id="quote-length-mismatch"),
        pytest.param({"start": -1, "end": 4, "quote": "Storm"}, "greater than or equal", id="negative-start"),
        pytest.param({"start": 0, "end": 5, "quote": "Storm", "page": 2}, "Extra inputs", id="unknown-field"),
    ],
)
def test_invalid_span_is_rejected(fields: dict[str, Any], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        Span(source="S1", **fields)


def test_span_is_frozen_and_hashable() -> None:
    s = span(0, 11)
    with pytest.raises(ValidationError):
        s.start = 1  # type: ignore[misc]
    assert {s, span(0, 11)} == {s}
    assert s.length == 11


def test_empty_span_is_allowed_at_any_offset() -> None:
    assert span(4, 4).length == 0


@pytest.mark.parametrize(
    ("a", "b", "overlaps", "contains"),
    [
        pytest.param((0, 11), (6, 11), True, True, id="inner"),
        pytest.param((0, 11), (11, 18), False, False, id="touching-end-to-start"),
        pytest.param((0, 11), (6, 18), True, False, id="crossing"),
        pytest.param((6, 11), (0, 11), True, False, id="outer"),
    ],
)
def test_overlaps_and_contains_are_half_open(
    a: tuple[int, int], b: tuple[int, int], overlaps: bool, contains: bool
) -> None:
    assert span(*a).overlaps(span(*b)) is overlaps
    assert span(*a).contains(span(*b)) is contains


def test_spans_of_different_sources_never_overlap() -> None:
    other = TEXT
    assert not span(0, 11).overlaps(span(0, 11, "S2", other))
    assert not span(0, 11).contains(span(0, 11, "S2", other))


# --------------------------------------------------------------------------------------------------------------------
# Articles and sources
# --------------------------------------------------------------------------------------------------------------------


def test_article_span_quotes_its_own_text() -> None:
    a = article(TEXT, "S3")
    s = a.span(12, 18)
    assert (s.source, s.quote) == ("S3", "killed")
    assert a.text[s.start : s.end] == s.quote


def test_article_span_shares_a_given_string_only_when_it_is_exactly_that_stretch() -> None:
    a = article(TEXT, "S3")
    word = "".join(["kil", "led"])  # equal to the text's slice, another object
    assert a.span(12, 18, word).quote is word
    for wrong in ("Killed", "kille", "killed!", TEXT[12:19]):
        s = a.span(12, 18, wrong)
        assert s.quote == "killed" and s.quote is not wrong


def test_is_body_is_false_only_where_a_region_overlaps() -> None:
    a = article(TEXT, regions=[Region(start=44, end=100, kind="boilerplate")])
    assert a.is_body(0, 44)  # ends where the region starts
    assert not a.is_body(40, 50)
    assert not a.is_body(60, 61)
    assert a.is_body(100, len(TEXT))


def test_source_from_article_copies_metadata_and_carries_text_only_when_converted() -> None:
    flag = Flag(kind="no-byline", detail="the article names no author", level="info")
    a = article(
        TEXT,
        "S2",
        published=dt.date(2025, 10, 10),
        title="Nine killed",
        publisher="National Press",
        authors=["Marcus Bell"],
        flags=[flag],
    )
    src = Source.from_article(a, weight=0.9)
    assert (src.id, src.title, src.publisher, src.published, src.authors) == (
        "S2",
        "Nine killed",
        "National Press",
        dt.date(2025, 10, 10),
        ["Marcus Bell"],
    )
    assert src.flags == [flag] and src.weight == 0.9
    assert src.text is None
    assert Source.from_article(a.model_copy(update={"converted": True})).text == TEXT
    src.authors.append("Someone Else")
    assert a.authors == ["Marcus Bell"]  # the source holds copies


def test_article_equality_ignores_derived_annotations_and_they_are_never_serialised() -> None:
    a, b = article(TEXT), article(TEXT)
    a._annotations.value = object()
    assert a == b
    assert "_annotations" not in a.model_dump_json()
    assert "annotations" not in json.loads(a.model_dump_json())


def test_models_given_the_same_fields_share_one_fields_set_and_each_change_stays_with_its_model() -> None:
    a, b = Flag(kind="no-date", detail="x"), Flag(kind="no-byline", detail="y")
    assert a.model_fields_set is b.model_fields_set
    assert a.model_fields_set == {"kind", "detail"}
    a.level = "info"  # pydantic adds the name to the model's set: not to b's
    assert a.model_fields_set == {"kind", "detail", "level"}
    assert b.model_fields_set == {"kind", "detail"}
    c = b.model_copy(update={"weight": 0.5})
    assert c.model_fields_set == {"kind", "detail", "weight"}
    assert b.model_fields_set == {"kind", "detail"}
    assert Flag(kind="z", detail="w", level="info").model_fields_set is a.model_fields_set
    d = copy.copy(b)
    d.weight = 0.2
    assert b.model_fields_set == {"kind", "detail"} and d.model_fields_set == {"kind", "detail", "weight"}
    again = Flag.model_validate_json(b.model_dump_json(exclude_unset=True))
    assert again == b and again.model_fields_set == b.model_fields_set
    assert pickle.loads(pickle.dumps(c)).model_fields_set == c.model_fields_set
    with pytest.raises(TypeError):
        b.model_fields_set.add("weight")  # the shared set is read-only


def test_facts_without_a_kind_of_part_share_one_read_only_empty_list_that_serialises_and_copies_as_a_list() -> None:
    a = Fact(id="S1.F1", source="S1", text=TEXT[:43], evidence=[span(0, 43)])
    b = Fact(id="S1.F2", source="S1", text=TEXT[:43], evidence=[span(0, 43)], who=[Entity(name="Delia")])
    assert a.who is a.where is a.when is a.figures is a.quotes is b.where
    assert b.who == [Entity(name="Delia")] and a.who == []
    with pytest.raises(TypeError):
        a.who.append(Entity(name="Delia"))  # shared: read-only
    assert a.who == [] and b.where == []
    again = Fact.model_validate_json(a.model_dump_json())
    assert again == a and json.loads(a.model_dump_json())["when"] == []
    for copied in (copy.deepcopy(a), a.model_copy(deep=True), pickle.loads(pickle.dumps(a))):
        assert type(copied.who) is list and copied == a
        copied.who.append(Entity(name="Delia"))  # a copy's lists are its own
    assert type(a.model_dump()["figures"]) is list and a.who == []
    assert type(copy.copy(a.who)) is list


# --------------------------------------------------------------------------------------------------------------------
# Derived fields of the brief
# --------------------------------------------------------------------------------------------------------------------


def test_brief_sentence_derives_its_sources_and_support_from_its_citations() -> None:
    s = BriefSentence(text="Nine died.", citations=[span(0, 5), span(0, 5, "S2"), span(6, 11)])
    assert s.sources == ["S1", "S2"]
    assert s.support == 2


def test_brief_sentence_keeps_given_sources_but_support_always_counts_citations() -> None:
    s = BriefSentence(text="Nine died.", citations=[span(0, 5)], sources=["S1"], support=5)
    assert s.sources == ["S1"]
    assert s.support == 1


def test_brief_sentence_needs_a_citation() -> None:
    with pytest.raises(ValidationError):
        BriefSentence(text="Uncited.", citations=[])


def test_conflict_needs_two_positions_and_positions_derive_sources() -> None:
    p = Position(text="12 dead", citations=[span(0, 5, "S6"), span(6, 11, "S6")])
    assert p.sources == ["S6"]
    with pytest.raises(ValidationError):
        Conflict(about="number of people killed", positions=[p])


def test_story_cited_sources_in_first_use_order_across_sentences_context_and_conflicts() -> None:
    story = Story(
        id="story-1",
        headline="Storm",
        sentences=[BriefSentence(text="a", citations=[span(0, 5, "S3")])],
        context=[BriefSentence(text="b", citations=[span(0, 5, "S1"), span(0, 5, "S3")])],
        conflicts=[
            Conflict(
                about="deaths",
                kind="count",
                positions=[
                    Position(text="12", citations=[span(0, 5, "S2")]),
                    Position(text="9", citations=[span(0, 5, "S1")]),
                ],
            )
        ],
    )
    assert story.cited_sources() == ["S3", "S1", "S2"]


def test_verification_and_support_results_are_data() -> None:
    checks = [
        FieldCheck(field="figures[0]", value="nine people", status=CheckStatus.SUPPORTED),
        FieldCheck(field="when[0]", value="Thursday", status=CheckStatus.CONTRADICTED, reason="Friday in source"),
    ]
    v = Verification(status=CheckStatus.CONTRADICTED, checks=checks)
    assert not v.ok and v.failures() == checks[1:]
    assert SupportResult(label=SupportLabel.SUPPORTED, score=0.9).supported
    with pytest.raises(ValidationError):
        SupportResult(label=SupportLabel.SUPPORTED, score=1.5)


def test_usage_add_sums_every_counter() -> None:
    a = Usage(calls=1, cached_calls=0, prompt_tokens=10, completion_tokens=5, total_tokens=15)
    b = Usage(calls=2, cached_calls=1, prompt_tokens=1, completion_tokens=2, total_tokens=3)
    assert a.add(b) == Usage(calls=3, cached_calls=1, prompt_tokens=11, completion_tokens=7, total_tokens=18)


# --------------------------------------------------------------------------------------------------------------------
# The JSON contract
# --------------------------------------------------------------------------------------------------------------------


def sample_brief() -> Brief:
    flag = Flag(kind="anonymous-sources", detail="relies on unnamed officials", citations=[span(44, 70)])
    source = Source(id="S1", path="storm.txt", sha256="0" * 64, encoding="utf-8", flags=[flag], weight=0.9)
    story = Story(
        id="story-1",
        headline="Storm Delia",
        date=dt.date(2025, 10, 9),
        sources=["S1"],
        sentences=[BriefSentence(text="Storm Delia killed nine people on Thursday.", citations=[span(0, 43)])],
        conflicts=[
            Conflict(
                about="number of people killed",
                kind="count",
                positions=[
                    Position(text="nine people", citations=[span(19, 30)], value="9"),
                    Position(text="12 people", citations=[span(0, 11, "S2")], value="12"),
                ],
            )
        ],
    )
    return Brief(engine=EngineInfo(name="local"), sources=[source], stories=[story], warnings=["w"])


def test_brief_json_round_trips_exactly() -> None:
    b = sample_brief()
    dumped = b.model_dump_json()
    again = Brief.model_validate_json(dumped)
    assert again == b
    assert again.model_dump_json() == dumped


# The top-level and nested keys of the JSON contract (schema 1). Fields may be added; none of these may go or be
# renamed, because saved briefs and the review page read them.
CONTRACT: dict[str, set[str]] = {
    "brief": {"schema_version", "engine", "sources", "stories", "rejected", "warnings", "errors"},
    "source": {
        "id",
        "path",
        "sha256",
        "encoding",
        "title",
        "publisher",
        "published",
        "authors",
        "dateline",
        "format",
        "flags",
        "weight",
        "text",
    },
    "flag": {"kind", "detail", "citations", "weight"},
    "story": {"id", "headline", "date", "sources", "sentences", "context", "conflicts", "rejected"},
    "sentence": {"text", "citations", "support", "sources", "fact_ids", "kind", "note", "loaded_terms", "check"},
    "citation": {"source", "start", "end", "quote"},
    "conflict": {"about", "kind", "positions"},
    "position": {"text", "citations", "sources", "value"},
}


def test_brief_json_keeps_every_key_of_the_schema_1_contract() -> None:
    data = json.loads(sample_brief().model_dump_json())
    assert data["schema_version"] == SCHEMA_VERSION == 1
    source, story = data["sources"][0], data["stories"][0]
    found = {
        "brief": set(data),
        "source": set(source),
        "flag": set(source["flags"][0]),
        "story": set(story),
        "sentence": set(story["sentences"][0]),
        "citation": set(story["sentences"][0]["citations"][0]),
        "conflict": set(story["conflicts"][0]),
        "position": set(story["conflicts"][0]["positions"][0]),
    }
    for name, keys in CONTRACT.items():
        assert keys <= found[name], f"{name}: missing {sorted(keys - found[name])}"


def test_brief_written_before_newer_fields_still_loads() -> None:
    # a schema-1 brief from before flag levels and review sign-off existed
    old = {
        "schema_version": 1,
        "engine": {"name": "local"},
        "sources": [
            {
                "id": "S1",
                "path": "storm.txt",
                "sha256": "0" * 64,
                "encoding": "utf-8",
                "flags": [{"kind": "no-byline", "detail": "the article names no author", "citations": []}],
            }
        ],
        "stories": [
            {
                "id": "story-1",
                "headline": "Storm",
                "sentences": [
                    {"text": "Storm.", "citations": [{"source": "S1", "start": 0, "end": 5, "quote": "Storm"}]}
                ],
            }
        ],
    }
    b = Brief.model_validate(old)
    assert b.review is None
    assert b.sources[0].flags[0].level == "caution"  # readers then use the kind's level
    assert b.stories[0].sentences[0].sources == ["S1"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"schema_version": 2}, id="other-schema-version"),
        pytest.param({"unknown": True}, id="unknown-top-level-key"),
    ],
)
def test_brief_json_outside_the_contract_is_rejected(change: dict[str, Any]) -> None:
    data = {**json.loads(sample_brief().model_dump_json()), **change}
    with pytest.raises(ValidationError):
        Brief.model_validate(data)


def test_brief_citations_cover_sentences_conflicts_and_flags_and_source_lookup() -> None:
    b = sample_brief()
    assert b.citations() == [span(0, 43), span(19, 30), span(0, 11, "S2"), span(44, 70)]
    assert b.source("S1").path == "storm.txt"
    with pytest.raises(KeyError):
        b.source("S9")


def test_article_model_has_no_derived_fields_in_its_schema() -> None:
    assert "_annotations" not in Article.model_json_schema()["properties"]


def _same_model(built: Any, validated: Any) -> None:
    """``built`` is what the validating constructor gave: fields in order, the shared fields set, private attributes,
    equality, JSON, copies."""
    assert type(built) is type(validated)
    assert list(built.__dict__.items()) == list(validated.__dict__.items())
    assert built.__pydantic_fields_set__ is validated.__pydantic_fields_set__
    assert built.__pydantic_extra__ is validated.__pydantic_extra__ is None
    assert (built.__pydantic_private__ is None) == (validated.__pydantic_private__ is None)
    assert built == validated and built.model_dump_json() == validated.model_dump_json()
    assert built.model_copy() == validated and copy.deepcopy(built) == validated
    assert pickle.loads(pickle.dumps(built)) == validated


def test_article_span_is_the_span_validation_gives_without_validating() -> None:
    art = article(TEXT)
    built = art.span(6, 11)
    _same_model(built, Span(source="S1", start=6, end=11, quote="Delia"))
    with pytest.raises(ValidationError):
        built.start = 7  # frozen, as a validated span
    assert hash(built) == hash(span(6, 11))


def test_article_span_past_the_text_still_fails_validation() -> None:
    with pytest.raises(ValidationError, match="span length does not match"):
        article(TEXT).span(len(TEXT) - 3, len(TEXT) + 5)


def test_valid_model_gives_what_validation_gives_for_entities_and_facts() -> None:
    from summarizer.models import EntityKind, FactKind, valid_model

    ev = span(0, 11)
    entity = valid_model(Entity, {"name": "Storm Delia", "kind": EntityKind.OTHER, "evidence": [ev]})
    _same_model(entity, Entity(name="Storm Delia", kind=EntityKind.OTHER, evidence=[ev]))
    values = {"id": "S1.F1", "source": "S1", "kind": FactKind.EVENT, "text": TEXT[:43], "evidence": [span(0, 43)],
              "who": [entity], "where": [], "when": [], "figures": [], "attribution": None, "quotes": [],
              "salience": 1.0}  # fmt: skip
    fact = valid_model(Fact, {**values, "where": [], "when": [], "figures": [], "quotes": []})
    _same_model(fact, Fact(**values))
    assert fact.where is Fact(**values).where  # empty parts: the shared empty list, as after validation
    assert fact.__pydantic_private__ is not None and fact.__pydantic_private__["_annotations"].value is None
    assert valid_model(Entity, {"name": "Delia"}).evidence == [] == Entity(name="Delia").evidence  # defaults


def test_valid_model_refuses_a_name_the_model_lacks_and_a_missing_required_field() -> None:
    from summarizer.models import EntityKind, valid_model

    with pytest.raises(TypeError, match=r"valid_model\(Entity\): no field nmae"):
        valid_model(Entity, {"nmae": "Delia", "kind": EntityKind.OTHER})
    with pytest.raises(TypeError, match=r"valid_model\(Entity\): required name not given"):
        valid_model(Entity, {"kind": EntityKind.OTHER})


def test_only_the_local_engine_builds_models_without_validation() -> None:
    # valid_model checks nothing: untrusted values (a model's answer, a cache entry, a saved brief) must be validated
    package = ROOT / "summarizer"

    def users(name: str) -> set[str]:
        pattern = re.compile(rf"\b{name}\b")
        return {p.relative_to(package).as_posix() for p in package.rglob("*.py") if pattern.search(p.read_text())}

    assert {u for u in users("valid_model") if not u.startswith("engines/local/")} == {"models.py"}
    assert users("_valid_span") == {"models.py"}  # Article.span, once the offsets are checked
