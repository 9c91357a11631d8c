"""The pipeline: ingest -> flag -> extract -> verify -> group -> conflicts -> compose -> verify sentences -> Brief.

:func:`brief` is the library's front door (``from summarizer import brief``). Stages are modules of their own; this
module only sequences them, keeps per-file and per-story failures as data (``Brief.errors``) and routes everything
that fails a check to ``rejected`` with the reason. Nothing unverified reaches a story's sentences.

It is also the engine boundary: every span an engine returns (a fact's evidence, a draft sentence's citations) is
checked against the text as read (:mod:`summarizer.check.citations`) before any other stage sees it. Each stage's
counts and CPU/wall times are reported as :class:`~summarizer.models.StageStats` to an optional ``on_stage`` callback.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, BinaryIO

from summarizer.check.citations import screen_citations, screen_fact
from summarizer.check.injection import injection_flag, injection_spans, overlaps_injection
from summarizer.check.judge import JudgedSupportChecker
from summarizer.check.verify import check_fact, check_support
from summarizer.engines import Engine, EngineSettings, engine_info, get_engine
from summarizer.engines.select import checker_info, get_checker
from summarizer.errors import ArticleFailed, AuthError, InputError, NoUsableSources, ServiceError
from summarizer.ingest.batch import DEFAULT_PATTERN, InputFormat, read_inputs
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
    StageStats,
    Story,
    StoryPlan,
)
from summarizer.story.conflicts import find_conflicts
from summarizer.story.flags import date_flags, merge_flags, source_weight, text_flags
from summarizer.story.group import StoryGroup, group_stories
from summarizer.story.headline import ground_headline
from summarizer.story.neutral import loaded_terms
from summarizer.story.notes import sentence_note
from summarizer.story.reporting import not_reporting

DEFAULT_MAX_SENTENCES = 6
LOW_WEIGHT = 0.5  # a source weighted below this gets a run-level warning (its flags are on the source either way)

StageCallback = Callable[[StageStats], None]
StoryCallback = Callable[[Story, list[Source]], None]


class _Stages:
    """CPU and wall-clock time per stage (summed over the stories for the per-story stages), reported on demand."""

    def __init__(self, on_stage: StageCallback | None) -> None:
        self.on_stage = on_stage
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu[stage] += time.process_time() - cpu
            self.wall[stage] += time.perf_counter() - wall

    def report(self, stage: str, counts: Mapping[str, int]) -> None:
        if self.on_stage is not None:
            self.on_stage(
                StageStats(stage=stage, counts=dict(counts), cpu_seconds=self.cpu[stage], wall_seconds=self.wall[stage])
            )


def brief(
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    engine: Engine | str | None = None,
    settings: EngineSettings | None = None,
    stdin: BinaryIO | None = None,
    max_sentences: int = DEFAULT_MAX_SENTENCES,
    on_stage: StageCallback | None = None,
    max_bytes: int | None = None,
    records: Iterable[Mapping[str, Any]] = (),
    pattern: str = DEFAULT_PATTERN,
    input_format: InputFormat = "auto",
    on_story: StoryCallback | None = None,
    checker: str | None = None,
    checker_model: str | None = None,
) -> Brief:
    """A cited brief of the articles at ``paths`` (``"-"`` reads standard input) and in ``records``.

    Args:
        paths: article files (plain text, Markdown, HTML), ``"-"``, directories (their files matching ``pattern``,
            recursively) and JSON Lines files (``*.jsonl``: one article per line); see :mod:`summarizer.ingest.batch`.
        engine: an :class:`~summarizer.engines.Engine`, an engine name (``"local"``, ``"openai"``) or None to choose
            from ``settings`` (the LLM engine when a model is configured, else local).
        settings: engine settings (model, base URL, ...).
        stdin: the stream ``"-"`` reads (defaults to ``sys.stdin.buffer``).
        max_sentences: sentences per story (context not counted).
        on_stage: called once per stage with its counts and CPU/wall seconds (``summarize brief -v`` prints them),
            in this order: read, extract, verify, group, flag (both passes: before extraction and once the story
            dates are known), conflicts, compose, check (the last three summed over the stories).
        max_bytes: size cap of one input (default 5 MiB or ``SUMMARIZER_MAX_BYTES``); a larger one is refused.
        records: articles as JSON Lines records (``{"text", "id", "title", "published", ...}``), after ``paths``.
        pattern: the files a directory names (comma-separated globs).
        input_format: ``"jsonl"`` reads every path as JSON Lines; ``"auto"`` only those ending in ``.jsonl``.
        on_story: called with each story as soon as it is composed and checked, with the sources it lists (in the
            brief's order), before the next one is composed (``summarize brief --format jsonl`` streams them).

    Returns:
        The :class:`~summarizer.models.Brief`. Unusable inputs are listed in ``brief.errors`` (the rest are used), and
        so are stories whose composition failed in the engine.

    Raises:
        NoUsableSources: no input could be used.
        ConfigError: the engine cannot be built as configured.
        AuthError: the model service refused the credentials (the run is aborted).
    """
    stages = _Stages(on_stage)
    with stages.timed("read"):
        articles, errors = read_inputs(
            [os.fspath(p) for p in paths],
            records=records,
            pattern=pattern,
            input_format=input_format,
            stdin=stdin,
            max_bytes=max_bytes,
        )
    stages.report("read", {"articles": len(articles), "unusable": len(errors)})
    if not articles:
        raise NoUsableSources(errors)
    if isinstance(engine, str):  # a copy: the caller's settings are never changed
        settings = dataclasses.replace(settings or EngineSettings(), engine=engine)  # type: ignore[arg-type]
        engine = None
    eng = engine if engine is not None else get_engine(settings)
    judge = get_checker(checker, checker_model, settings, engine=eng)
    return _run(articles, eng, input_errors=errors, max_sentences=max_sentences, stages=stages, on_story=on_story,
                checker=judge)  # fmt: skip


def build_brief(
    articles: Sequence[Article],
    engine: Engine,
    *,
    input_errors: Sequence[InputError] = (),
    max_sentences: int = DEFAULT_MAX_SENTENCES,
    on_stage: StageCallback | None = None,
    on_story: StoryCallback | None = None,
    checker: Any = None,
) -> Brief:
    """Run every stage after ingestion on already-read articles (``on_stage`` as in :func:`brief`, without "read";
    ``on_story`` as there; ``checker`` one from :func:`~summarizer.engines.select.get_checker`, default the lexical
    one)."""
    return _run(
        articles,
        engine,
        input_errors=input_errors,
        max_sentences=max_sentences,
        stages=_Stages(on_stage),
        on_story=on_story,
        checker=checker,
    )


def _run(
    articles: Sequence[Article],
    engine: Engine,
    *,
    input_errors: Sequence[InputError],
    max_sentences: int,
    stages: _Stages,
    on_story: StoryCallback | None = None,
    checker: Any = None,
) -> Brief:
    """Run every stage after ingestion on already-read articles."""
    file_errors = [FileError(path=e.path, problem=e.problem, message=e.detail) for e in input_errors]
    warnings: list[str] = []
    with stages.timed("flag"):
        # computed once; date flags are redone after grouping. Text addressed to an AI system is flagged here and is
        # never evidence or support (summarizer.check.injection).
        own_flags = {a.id: [*text_flags(a), *filter(None, [injection_flag(a)])] for a in articles}
        flagged = [a.model_copy(update={"flags": merge_flags([*own_flags[a.id], *date_flags(a)])}) for a in articles]
    by_id = {a.id: a for a in flagged}

    extractions, rejected_by_source = _extract_verified(engine, flagged, stages, file_errors, warnings)
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
    with stages.timed("group"):
        groups = group_stories(used, extractions, weights=weights)
    stages.report("group", {"stories": len(groups)})
    # A second look at the flags now that each article's story date is known ("published long after the events").
    with stages.timed("flag"):
        for g in groups:
            if g.date is None:
                continue
            for sid in g.sources:
                art = by_id[sid]
                flags = merge_flags([*own_flags[sid], *date_flags(art, story_dates=[g.date])])
                by_id[sid] = art.model_copy(update={"flags": flags})
                weights[sid] = source_weight(flags)
    stages.report("flag", {"flags": sum(len(a.flags) for a in by_id.values())})

    emit = _story_emitter(on_story, articles, by_id, weights) if on_story is not None else None
    stories, orphans = _compose_stories(
        groups, by_id, engine, weights, rejected_by_source, max_sentences, stages, file_errors, emit,
        _Checking(checker, warnings),
    )  # fmt: skip
    for story in stories:
        loaded = sorted({t for s in [*story.sentences, *story.context] for t in s.loaded_terms})
        if loaded:
            warnings.append(f"{story.id}: sentences use loaded wording from their sources: {', '.join(loaded)}")
    lost_by_source = {sid: len(rs) for sid, rs in rejected_by_source.items()}
    warnings.extend(said_nothing_warnings(flagged, extractions, stories, rejected=lost_by_source))
    low = [a for a in by_id.values() if weights.get(a.id, 1.0) < LOW_WEIGHT]
    for a in low:
        kinds = ", ".join(f.kind for f in a.flags)
        warnings.append(f"{a.id} ({a.path}) carries little weight ({weights[a.id]:.2f}) because of its flags: {kinds}")
    return Brief(
        engine=engine_info(engine),
        checker=checker_info(checker),
        sources=[Source.from_article(by_id[a.id], weight=weights.get(a.id, 1.0)) for a in articles],
        stories=stories,
        rejected=orphans,
        warnings=warnings,
        errors=file_errors,
    )


@dataclasses.dataclass
class _Checking:
    """The run's sentence checker (None: the lexical one) and the run's warnings its failures are reported to."""

    checker: Any
    warnings: list[str]


def _story_emitter(
    on_story: StoryCallback, articles: Sequence[Article], by_id: Mapping[str, Article], weights: Mapping[str, float]
) -> Callable[[Story], None]:
    """Calls ``on_story`` with a finished story and the sources it lists, as the brief will list them."""
    order = {a.id: i for i, a in enumerate(articles)}

    def emit(story: Story) -> None:
        listed = sorted(set(story.sources), key=order.__getitem__)
        on_story(story, [Source.from_article(by_id[s], weight=weights.get(s, 1.0)) for s in listed])

    return emit


def _extract_verified(
    engine: Engine,
    flagged: Sequence[Article],
    stages: _Stages,
    file_errors: list[FileError],
    warnings: list[str],
) -> tuple[dict[str, Extraction], dict[str, list[Rejected]]]:
    """Extraction through the engine boundary, then verification: (kept extractions by source, rejected by source).

    An article the engine failed on is appended to ``file_errors``; spans dropped at the boundary to ``warnings``."""
    with stages.timed("extract"):
        results = engine.extract_all(flagged)
    extractions: dict[str, Extraction] = {}
    rejected_by_source: dict[str, list[Rejected]] = {}
    n_extracted = n_rejected = 0
    for article, result in zip(flagged, results, strict=True):
        if isinstance(result, ArticleFailed):
            file_errors.append(FileError(path=article.path, problem="engine-failed", message=result.detail))
            continue
        with stages.timed("extract"):
            result, bad_spans = screen_extraction(result, article)
        if bad_spans:
            warnings.append(
                f"{article.id}: {bad_spans} span(s) from the engine did not match the text and were dropped"
            )
        with stages.timed("verify"):
            kept, rejected = verify_extraction(result, article)
        n_extracted += len(result.facts) + len(result.rejected)
        n_rejected += len(result.rejected) + len(rejected)
        extractions[article.id] = result.model_copy(update={"facts": kept})
        rejected_by_source[article.id] = [*result.rejected, *rejected]
    n_failed = len(flagged) - len(extractions)
    stages.report("extract", {"articles": len(extractions), "failed": n_failed, "facts": n_extracted})
    stages.report(
        "verify", {"facts kept": sum(len(e.facts) for e in extractions.values()), "facts rejected": n_rejected}
    )
    return extractions, rejected_by_source


def _compose_stories(
    groups: Sequence[StoryGroup],
    by_id: Mapping[str, Article],
    engine: Engine,
    weights: Mapping[str, float],
    rejected_by_source: Mapping[str, list[Rejected]],
    max_sentences: int,
    stages: _Stages,
    file_errors: list[FileError],
    emit: Callable[[Story], None] | None = None,
    checking: _Checking | None = None,
) -> tuple[list[Story], list[Rejected]]:
    """Every story composed and checked: (stories, rejected material that belongs to no story: that of stories that
    failed, and of articles none of whose facts survived).

    A story whose composition fails is appended to ``file_errors`` ("compose-failed") and left out.

    Raises:
        ServiceError: the engine failed on every story.
        AuthError: the model service refused the credentials.
    """
    stories: list[Story] = []
    orphans: list[Rejected] = []  # rejected material of stories that failed
    for g in groups:
        try:
            story = _story(g, by_id, engine, weights, rejected_by_source, max_sentences, stages, checking)
        except _CompositionFailed as failed:
            file_errors.append(
                FileError(
                    path=", ".join(by_id[s].path for s in g.sources),
                    problem="compose-failed",
                    message=f"story {g.id} could not be composed: {failed.reason}",
                    story=g.id,
                )
            )
            orphans.extend(r for s in g.sources for r in rejected_by_source.get(s, []))
            continue
        stories.append(story)
        if emit is not None:
            emit(story)
    grouped = {sid for g in groups for sid in g.sources}
    for sid, lost in rejected_by_source.items():  # an article none of whose facts survived is in no story
        if sid not in grouped:
            orphans.extend(lost)
    if groups and not stories:
        raise ServiceError(
            f"the {engine.name} engine failed on every story: "
            + "; ".join(e.message for e in file_errors if e.problem == "compose-failed")
        )
    n_conflicts = sum(len(s.conflicts) for s in stories)
    stages.report("conflicts", {"conflicts": n_conflicts})
    n_refused = sum(1 for s in stories for r in s.rejected if r.stage == "compose")
    stages.report("compose", {"stories": len(stories), "failed": len(groups) - len(stories)})
    stages.report(
        "check",
        {
            "sentences": sum(len(s.sentences) for s in stories),
            "context": sum(len(s.context) for s in stories),
            "rejected": n_refused,
        },
    )
    return stories, orphans


def screen_extraction(extraction: Extraction, article: Article) -> tuple[Extraction, int]:
    """The engine boundary for extraction: drop every span that does not index ``article.text`` exactly.

    A fact left without valid evidence is moved to ``rejected`` (stage "extract") with the reasons.

    Returns:
        (the screened extraction, how many spans were dropped from facts that were kept).
    """
    facts: list[Fact] = []
    rejected: list[Rejected] = []
    dropped = 0
    for fact in extraction.facts:
        screened, problems = screen_fact(fact, article)
        if screened is None:
            rejected.append(
                Rejected(
                    text=fact.text,
                    reason="evidence does not match the source text: " + "; ".join(problems),
                    stage="extract",
                    source=article.id,
                    fact_id=fact.id,
                )
            )
            continue
        dropped += len(problems)
        facts.append(screened)
    if not rejected and not dropped:
        return extraction, 0
    return extraction.model_copy(update={"facts": facts, "rejected": [*extraction.rejected, *rejected]}), dropped


def said_nothing_warnings(
    articles: Sequence[Article],
    extractions: Mapping[str, Extraction],
    stories: Sequence[Story],
    *,
    rejected: Mapping[str, int] | None = None,
) -> list[str]:
    """How each article was read (guessed encoding, language) and, for every article that no story sentence cites,
    why nothing could be said about it; one more line when the whole brief says nothing."""
    from summarizer.ingest.language import nothing_said_reason
    from summarizer.text.annotate import doc_of

    out = [f"{a.id} ({a.path}): {note}" for a in articles for note in a.notes]
    cited = {c.source for st in stories for s in st.sentences for c in s.citations}
    for a in articles:
        if a.id in cited or a.id not in extractions:
            continue
        if extractions[a.id].facts and stories:
            continue  # its facts are in a story's background or were outweighed, not unreadable
        n_lost = (rejected or {}).get(a.id, 0)
        if n_lost and not extractions[a.id].facts:
            reason = f"none of its {n_lost} extracted statements passed the checks (see 'rejected')"
        else:
            reason = nothing_said_reason(a.text, len(doc_of(a)))  # the article's one segmentation
        out.append(f"{a.id} ({a.path}): nothing could be said about it: {reason}")
    if not any(st.sentences for st in stories):
        out.append("the brief is empty: no statement from the inputs could be made and checked against its sources")
    return out


def verify_extraction(extraction: Extraction, article: Article) -> tuple[list[Fact], list[Rejected]]:
    """Cross-check every fact against the article; return (kept facts, rejected).

    A kept fact is returned as it came: its :class:`~summarizer.models.Verification` (every field SUPPORTED) is not
    attached, because nothing downstream reads it and it is not part of the Brief JSON, while its field checks and
    their spans were a third of the objects a run keeps alive. A rejected fact's failed checks are its reason."""
    kept: list[Fact] = []
    rejected: list[Rejected] = []
    injected = injection_spans(article)
    for fact in extraction.facts:
        touched = overlaps_injection(fact.evidence, injected)
        if touched:
            rejected.append(
                Rejected(
                    text=fact.text,
                    reason="its evidence is text addressed to an AI system (a prompt injection), never evidence",
                    stage="verify",
                    source=fact.source,
                    fact_id=fact.id,
                    citations=list(fact.evidence),
                )
            )
            continue
        verification = check_fact(fact, article)
        if verification.status == CheckStatus.SUPPORTED:
            kept.append(fact)
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
    stages: _Stages,
    checking: _Checking | None = None,
) -> Story:
    """One story: conflicts, the engine's composition, then the check of every draft sentence.

    Raises:
        _CompositionFailed: the engine could not compose it (the run goes on without this story).
        AuthError: the model service refused the credentials (the run is aborted).
    """
    names = {s: _outlet(articles[s]) for s in group.sources}
    # Conflicts are between sources: a one-source story has none to look for.
    with stages.timed("conflicts"):
        conflicts = (
            find_conflicts(
                group.facts,
                source_weights=weights,
                source_names=names,
                source_flags={s: articles[s].flags for s in group.sources},
            )
            if len(group.sources) > 1
            else []
        )
    reporting, not_reported = _reporting_only(group.facts)
    reporting_ctx, not_reported_ctx = _reporting_only(group.context)
    plan = StoryPlan(
        id=group.id,
        date=group.date,
        facts=reporting,
        context=reporting_ctx,
        conflicts=conflicts,
        source_weights={s: weights.get(s, 1.0) for s in group.sources},
        source_names=names,
        source_titles={s: articles[s].title or "" for s in group.sources},
        max_sentences=max_sentences,
    )
    with stages.timed("compose"):
        try:
            composed = engine.compose(plan)
        except AuthError:
            raise
        except ServiceError as exc:
            raise _CompositionFailed(str(exc)) from exc
    facts_by_id = {f.id: f for f in [*group.facts, *group.context]}
    with stages.timed("check"):
        judged: list[str] = []
        checker = checking.checker if checking is not None else None
        sentences, context, rejected = check_composition(composed, facts_by_id, articles, checker=checker,
                                                         warnings=judged)  # fmt: skip
        if checking is not None:
            checking.warnings.extend(f"{group.id}: {w}" for w in judged)
        headline, refused = check_headline(composed.headline, sentences, group, articles)
        rejected.extend(refused)
    n_sources = len(group.sources)
    flags = {sid: articles[sid].flags for sid in group.sources}
    headline, headline_cites = ground_headline(  # the checked headline (or its fallback), cleaned and cited
        headline, [articles[sid] for sid in group.sources], sentences[0] if sentences else None
    )
    for s in sentences:
        s.note = sentence_note(s, conflicts, n_sources=n_sources, names=names, weights=weights, flags=flags)
    story = Story(
        id=group.id,
        headline=headline,
        headline_citations=headline_cites,
        date=group.date,
        sources=list(group.sources),
        sentences=sentences,
        context=context,
        conflicts=conflicts,
        rejected=[r for s in group.sources for r in rejected_by_source.get(s, [])]
        + [*not_reported, *not_reported_ctx]
        + list(composed.rejected)
        + rejected,
    )
    extra = [s for s in story.cited_sources() if s not in story.sources]
    story.sources.extend(extra)
    return story


class _CompositionFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _reporting_only(facts: Sequence[Fact]) -> tuple[list[Fact], list[Rejected]]:
    """Facts that report, and the rest (opinion, calls to action, promotion in the source's own voice) as rejected."""
    kept: list[Fact] = []
    rejected: list[Rejected] = []
    for f in facts:
        reason = not_reporting(f.text, attributed=f.attribution is not None)
        if reason is None:
            kept.append(f)
        else:
            rejected.append(
                Rejected(
                    text=f.text,
                    reason=f"not reporting: {reason}",
                    stage="compose",
                    source=f.source,
                    fact_id=f.id,
                    citations=list(f.evidence),
                )
            )
    return kept, rejected


def _cites(conflict: Conflict) -> list[Citation]:
    return [c for p in conflict.positions for c in p.citations]


def check_composition(
    composed: ComposedStory,
    facts: Mapping[str, Fact],
    articles: Mapping[str, Article],
    *,
    checker: Any = None,
    warnings: list[str] | None = None,
) -> tuple[list[BriefSentence], list[BriefSentence], list[Rejected]]:
    """Check every draft sentence against the spans it cites; return (sentences, context, rejected).

    This is the engine boundary for composition: a cited span that does not index its source text exactly is dropped,
    and a sentence left with no valid citation is rejected with the reasons. ``checker`` judges support (default the
    lexical checker; a :class:`~summarizer.check.judge.JudgedSupportChecker` is asked once for all the sentences);
    a judge failure is appended to ``warnings``."""
    sentences: list[BriefSentence] = []
    context: list[BriefSentence] = []
    rejected: list[Rejected] = []
    # only the sources this story cites (a comprehension over every article of the run, per story, is quadratic)
    texts = {c.source: articles[c.source].text for d in composed.sentences for c in d.citations if c.source in articles}
    to_check: list[tuple[DraftSentence, list[Citation]]] = []
    for draft in composed.sentences:
        screened = screen_citations(draft.citations, texts)
        if screened.problems and not screened.kept:
            reason = "its citations do not match the source text: " + "; ".join(screened.problems)
            rejected.append(Rejected(text=draft.text, reason=reason, stage="compose"))
            continue
        cites = _draft_citations(draft.model_copy(update={"citations": screened.kept}), facts)
        if not cites:
            rejected.append(Rejected(text=draft.text, reason="cites no known fact or span", stage="compose"))
            continue
        injected = overlaps_injection(cites, [sp for sid in {c.source for c in cites} if sid in articles
                                              for sp in injection_spans(articles[sid])])  # fmt: skip
        if injected:
            rejected.append(
                Rejected(
                    text=draft.text,
                    reason="cites text addressed to an AI system (a prompt injection), never support",
                    stage="compose",
                    citations=cites,
                )
            )
            continue
        to_check.append((draft, cites))
    if isinstance(checker, JudgedSupportChecker):
        results, problems = checker.check_cited([(d.text, c) for d, c in to_check], articles)
        if warnings is not None:
            warnings.extend(problems)
    else:
        results = [check_support(d.text, c, articles) for d, c in to_check]
    for (draft, cites), result in zip(to_check, results, strict=True):
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


def check_headline(
    headline: str, sentences: Sequence[BriefSentence], group: StoryGroup, articles: Mapping[str, Article]
) -> tuple[str, list[Rejected]]:
    """The story's headline, checked like a sentence: it must be supported by the spans the story cites (its
    sentences' citations, else its facts' evidence) or by a source's own title, and touch no text addressed to an AI
    system. An unsupported headline is rejected (stage "compose") and replaced by the lead sentence, else the best
    source title, else the lead fact. Returns (headline, rejected)."""
    injected = [sp for sid in group.sources if sid in articles for sp in injection_spans(articles[sid])]
    cites = [c for s in sentences for c in s.citations] or [e for f in group.facts for e in f.evidence]
    titles = [articles[sid].meta["title"] for sid in group.sources if sid in articles and "title" in articles[sid].meta]
    usable = [c for c in [*cites, *titles] if not overlaps_injection([c], injected)]
    text = " ".join(headline.split())
    if text and usable:
        result = check_support(text, usable, articles)
        if result.supported:
            return headline, []
        why = f"not supported by the story's sources ({result.label.value}, score {result.score:.2f}): {result.reason}"
    else:
        why = "empty" if not text else "the story has no usable span to support it"
    fallback = next(
        (s.text for s in sentences),
        next((t.quote for t in titles if t in usable), next((f.text for f in group.facts), "Untitled story")),
    )
    return fallback, [Rejected(text=headline, reason=f"headline {why}", stage="compose")] if text else []


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
