"""The pipeline: ingest -> flag -> extract -> verify -> group -> conflicts -> compose -> verify sentences -> Brief.

:func:`brief` is the library's front door (``from summarizer import brief``). Stages are modules of their own; this
module only sequences them, keeps per-file failures as data (``Brief.errors``) and routes everything that fails a
check to ``rejected`` with the reason. Nothing unverified reaches a story's sentences.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import BinaryIO

from summarizer.check.verify import check_fact, check_support
from summarizer.engines import Engine, EngineSettings, engine_info, get_engine
from summarizer.errors import ArticleFailed, InputError, NoUsableSources, ServiceError
from summarizer.ingest.sources import read_sources
from summarizer.models import (
    Article,
    Brief,
    BriefSentence,
    CheckStatus,
    Citation,
    ComposedStory,
    Conflict,
    DraftSentence,
    Extraction,
    Fact,
    FileError,
    Rejected,
    Source,
    Story,
    StoryPlan,
)
from summarizer.story.conflicts import find_conflicts
from summarizer.story.flags import date_flags, merge_flags, source_weight, text_flags
from summarizer.story.group import StoryGroup, group_stories
from summarizer.story.neutral import loaded_terms

DEFAULT_MAX_SENTENCES = 6
LOW_WEIGHT = 0.5  # a source weighted below this gets a run-level warning (its flags are on the source either way)


def brief(
    paths: Sequence[str | os.PathLike[str]],
    *,
    engine: Engine | str | None = None,
    settings: EngineSettings | None = None,
    stdin: BinaryIO | None = None,
    max_sentences: int = DEFAULT_MAX_SENTENCES,
) -> Brief:
    """A cited brief of the articles at ``paths`` (``"-"`` reads standard input).

    Args:
        paths: article files (plain text, Markdown, HTML) or ``"-"``.
        engine: an :class:`~summarizer.engines.Engine`, an engine name (``"local"``, ``"openai"``) or None to choose
            from ``settings`` (the LLM engine when a model is configured, else local).
        settings: engine settings (model, base URL, ...).
        stdin: the stream ``"-"`` reads (defaults to ``sys.stdin.buffer``).
        max_sentences: sentences per story (context not counted).

    Returns:
        The :class:`~summarizer.models.Brief`. Unusable inputs are listed in ``brief.errors`` (the rest are used).

    Raises:
        NoUsableSources: no input could be used.
        ConfigError: the engine cannot be built as configured.
        AuthError: the model service refused the credentials (the run is aborted).
    """
    articles, errors = read_sources([os.fspath(p) for p in paths], stdin=stdin)
    if not articles:
        raise NoUsableSources(errors)
    if isinstance(engine, str):
        settings = settings or EngineSettings()
        settings.engine = engine  # type: ignore[assignment]
        engine = None
    eng = engine if engine is not None else get_engine(settings)
    return build_brief(articles, eng, input_errors=errors, max_sentences=max_sentences)


@contextmanager
def _fewer_gc_passes(threshold: int = 50_000) -> Iterator[None]:
    """Run the allocation-heavy stages with a higher gen-0 threshold (restored afterwards).

    A run allocates many small, long-lived objects (facts, spans); with the default threshold the collector walks
    them again and again, which made a 1,000-article run about 15% slower and grow faster than linearly.
    """
    old = gc.get_threshold()
    gc.set_threshold(max(threshold, old[0]), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def build_brief(
    articles: Sequence[Article],
    engine: Engine,
    *,
    input_errors: Sequence[InputError] = (),
    max_sentences: int = DEFAULT_MAX_SENTENCES,
) -> Brief:
    """Run every stage after ingestion on already-read articles."""
    with _fewer_gc_passes():
        return _build_brief(articles, engine, input_errors=input_errors, max_sentences=max_sentences)


def _build_brief(
    articles: Sequence[Article],
    engine: Engine,
    *,
    input_errors: Sequence[InputError],
    max_sentences: int,
) -> Brief:
    file_errors = [FileError(path=e.path, problem=e.problem, message=e.detail) for e in input_errors]
    warnings: list[str] = []
    own_flags = {a.id: text_flags(a) for a in articles}  # computed once; date flags are redone after grouping
    flagged = [a.model_copy(update={"flags": merge_flags([*own_flags[a.id], *date_flags(a)])}) for a in articles]
    by_id = {a.id: a for a in flagged}

    extractions: dict[str, Extraction] = {}
    rejected_by_source: dict[str, list[Rejected]] = {}
    for article, result in zip(flagged, _extract_all(engine, flagged), strict=True):
        if isinstance(result, ArticleFailed):
            file_errors.append(FileError(path=article.path, problem="engine-failed", message=result.detail))
            continue
        kept, rejected = verify_extraction(result, article)
        extractions[article.id] = result.model_copy(update={"facts": kept})
        rejected_by_source[article.id] = [*result.rejected, *rejected]
    if not extractions:
        failed = [e for e in file_errors if e.problem == "engine-failed"]
        if failed:
            raise ServiceError(
                f"the {engine.name} engine failed on every article: "
                + "; ".join(f"{e.path}: {e.message}" for e in failed)
            )
        raise NoUsableSources([*input_errors])

    used = [a for a in flagged if a.id in extractions]
    weights = {a.id: source_weight(a.flags) for a in used}
    groups = group_stories(used, extractions, weights=weights)
    # A second look at the flags now that each article's story date is known ("published long after the events").
    for g in groups:
        if g.date is None:
            continue
        for sid in g.sources:
            art = by_id[sid]
            flags = merge_flags([*own_flags[sid], *date_flags(art, story_dates=[g.date])])
            by_id[sid] = art.model_copy(update={"flags": flags})
            weights[sid] = source_weight(flags)

    stories = [_story(g, by_id, engine, weights, rejected_by_source, max_sentences) for g in groups]
    for story in stories:
        loaded = sorted({t for s in [*story.sentences, *story.context] for t in s.loaded_terms})
        if loaded:
            warnings.append(f"{story.id}: sentences use loaded wording from their sources: {', '.join(loaded)}")
    low = [a for a in by_id.values() if weights.get(a.id, 1.0) < LOW_WEIGHT]
    for a in low:
        kinds = ", ".join(f.kind for f in a.flags)
        warnings.append(f"{a.id} ({a.path}) carries little weight ({weights[a.id]:.2f}) because of its flags: {kinds}")
    return Brief(
        engine=engine_info(engine),
        sources=[Source.from_article(by_id[a.id], weight=weights.get(a.id, 1.0)) for a in articles],
        stories=stories,
        warnings=warnings,
        errors=file_errors,
    )


def _extract_all(engine: Engine, articles: Sequence[Article]) -> list[Extraction | ArticleFailed]:
    extract_all = getattr(engine, "extract_all", None)
    if callable(extract_all):
        results: list[Extraction | ArticleFailed] = extract_all(articles)
        return results
    out: list[Extraction | ArticleFailed] = []
    for a in articles:
        try:
            out.append(engine.extract(a))
        except ArticleFailed as exc:
            out.append(exc)
    return out


def verify_extraction(extraction: Extraction, article: Article) -> tuple[list[Fact], list[Rejected]]:
    """Cross-check every fact against the article; return (kept facts with their verification, rejected)."""
    kept: list[Fact] = []
    rejected: list[Rejected] = []
    for fact in extraction.facts:
        verification = check_fact(fact, article)
        if verification.status == CheckStatus.SUPPORTED:
            kept.append(fact.model_copy(update={"verification": verification}))
            continue
        reasons = "; ".join(f"{c.field} {c.value!r}: {c.status.value} ({c.reason})" for c in verification.failures())
        rejected.append(
            Rejected(
                text=fact.text,
                reason=reasons or verification.status.value,
                stage="verify",
                source=fact.source,
                fact_id=fact.id,
                citations=list(fact.evidence),
            )
        )
    return kept, rejected


def _story(
    group: StoryGroup,
    articles: Mapping[str, Article],
    engine: Engine,
    weights: Mapping[str, float],
    rejected_by_source: Mapping[str, list[Rejected]],
    max_sentences: int,
) -> Story:
    names = {s: _outlet(articles[s]) for s in group.sources}
    # Conflicts are between sources: a one-source story has none to look for.
    conflicts = (
        find_conflicts(group.facts, source_weights=weights, source_names=names) if len(group.sources) > 1 else []
    )
    plan = StoryPlan(
        id=group.id,
        date=group.date,
        facts=group.facts,
        context=group.context,
        conflicts=conflicts,
        source_weights={s: weights.get(s, 1.0) for s in group.sources},
        source_names=names,
        source_titles={s: articles[s].title or "" for s in group.sources},
        max_sentences=max_sentences,
    )
    composed = engine.compose(plan)
    facts_by_id = {f.id: f for f in [*group.facts, *group.context]}
    sentences, context, rejected = check_composition(composed, facts_by_id, articles)
    n_sources = len(group.sources)
    for s in sentences:
        notes = []
        if n_sources > 1 and s.support == 1 and s.sources:
            notes.append(f"according to {plan.source_names.get(s.sources[0], s.sources[0])} alone")
        disputed = [k.about for k in conflicts if any(c.overlaps(p) for c in s.citations for p in _cites(k))]
        if disputed:
            notes.append("disputed by other sources: see " + ", ".join(f"“{a}”" for a in dict.fromkeys(disputed)))
        s.note = "; ".join(notes) or None
    story = Story(
        id=group.id,
        headline=composed.headline,
        date=group.date,
        sources=list(group.sources),
        sentences=sentences,
        context=context,
        conflicts=conflicts,
        rejected=[r for s in group.sources for r in rejected_by_source.get(s, [])] + list(composed.rejected) + rejected,
    )
    extra = [s for s in story.cited_sources() if s not in story.sources]
    story.sources.extend(extra)
    return story


def _cites(conflict: Conflict) -> list[Citation]:
    return [c for p in conflict.positions for c in p.citations]


def check_composition(
    composed: ComposedStory, facts: Mapping[str, Fact], articles: Mapping[str, Article]
) -> tuple[list[BriefSentence], list[BriefSentence], list[Rejected]]:
    """Check every draft sentence against the spans it cites; return (sentences, context, rejected)."""
    sentences: list[BriefSentence] = []
    context: list[BriefSentence] = []
    rejected: list[Rejected] = []
    for draft in composed.sentences:
        cites = _draft_citations(draft, facts)
        if not cites:
            rejected.append(Rejected(text=draft.text, reason="cites no known fact or span", stage="compose"))
            continue
        result = check_support(draft.text, cites, articles)
        if not result.supported:
            rejected.append(
                Rejected(
                    text=draft.text,
                    reason=f"not supported by its cited spans ({result.label.value}, score {result.score:.2f}): "
                    f"{result.reason}",
                    stage="compose",
                    citations=cites,
                )
            )
            continue
        sent = BriefSentence(
            text=draft.text,
            citations=cites,
            fact_ids=list(draft.fact_ids),
            kind=draft.kind,
            check=result,
            loaded_terms=[t.term for t in loaded_terms(draft.text)],
        )
        (context if draft.kind == "context" else sentences).append(sent)
    return sentences, context, rejected


def _draft_citations(draft: DraftSentence, facts: Mapping[str, Fact]) -> list[Citation]:
    cites: list[Citation] = list(draft.citations)
    if not cites:
        for fid in draft.fact_ids:
            fact = facts.get(fid)
            if fact is not None:
                cites.extend(fact.evidence)
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for c in cites:
        key = (c.source, c.start, c.end)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


def _outlet(article: Article) -> str:
    """How to name a source in running text: its publisher, else its id (the source list says what it is).

    An author's name would read as the speaker ("according to Petra Holm") and a title is too long to repeat."""
    return f"{article.publisher} ({article.id})" if article.publisher else article.id
