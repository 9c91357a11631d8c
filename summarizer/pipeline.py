"""The pipeline: ingest -> flag -> extract -> verify -> group -> conflicts -> compose -> verify sentences -> Brief.

:func:`brief` is the library's front door (``from summarizer import brief``). Stages are modules of their own; this
module only sequences them, keeps per-file and per-story failures as data (``Brief.errors``) and routes everything
that fails a check to ``rejected`` with the reason. Nothing unverified reaches a story's sentences.

It is also the engine boundary: every span an engine returns (a fact's evidence, a draft sentence's citations) is
checked against the text as read (:mod:`summarizer.check.citations`) before any other stage sees it. Each stage's
counts and CPU/wall times are reported as :class:`~summarizer.models.StageStats` to an optional ``on_stage`` callback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from pydantic import BaseModel, ConfigDict, Field, RootModel

from summarizer.batch.executor import (
    Executor,
    InProcess,
    Ready,
    Work,
    chunk_for,
    make_executor,
    ordered,
    settled,
)
from summarizer.batch.progress import RunProgress
from summarizer.engines import ArticleByArticle, Engine, EngineSettings, engine_info, get_engine
from summarizer.engines.cache import BlobCache, digest
from summarizer.engines.select import checker_info, checker_kind, get_checker
from summarizer.errors import (
    ArticleFailed,
    AuthError,
    BadRecord,
    BinarySource,
    DuplicateSource,
    EmptySource,
    InputError,
    MissingSource,
    NoUsableSources,
    ServiceError,
    UndecodableSource,
    UnreadableSource,
)
from summarizer.ingest.batch import (
    DEFAULT_PATTERN,
    InputFormat,
    Record,
    article_from_record,
    iter_inputs,
    record_name,
)
from summarizer.ingest.sources import STDIN, Seen, article_from_bytes, read_bounded, read_stream
from summarizer.models import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    ComposedStory,
    Conflict,
    DraftSentence,
    Extraction,
    Fact,
    FileError,
    Flag,
    Rejected,
    Source,
    Span,
    StageStats,
    Story,
    StoryPlan,
    empty_list,
)
from summarizer.story.flags import date_flags, merge_flags, source_weight, text_flags
from summarizer.story.group import Signature, StoryGroup, add_facts, group_signatures, signature
from summarizer.text.annotate import drop_doc, drop_extraction_layers

# The modules of the stages that make a result (extraction's checks, conflicts, composition's checks) are imported
# by the functions that run them: a run whose results all come from the cache never loads them (nor the engine's).

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
    jobs: int | None = 1,
    executor: str | Executor | None = None,
) -> Brief:
    """A cited brief of the articles at ``paths`` (``"-"`` reads standard input) and in ``records``.

    Args:
        paths: article files (plain text, Markdown, HTML), ``"-"``, directories (their files matching ``pattern``,
            recursively) and JSON Lines files (``*.jsonl``: one article per line); see :mod:`summarizer.ingest.batch`.
        engine: an :class:`~summarizer.engines.Engine`, an engine name (``"local"``, ``"openai"``) or None to choose
            from ``settings`` (the LLM engine when a model is configured, else local).
        settings: engine settings (model, base URL, ...); ``cache_dir``/``no_cache`` also govern the result cache of
            the local engine, ``progress`` the progress bar on stderr.
        stdin: the stream ``"-"`` reads (defaults to ``sys.stdin.buffer``).
        max_sentences: sentences per story (context not counted).
        on_stage: called once per stage with its counts and CPU/wall seconds (``summarize brief -v`` prints them),
            in this order: read, extract, verify, group, flag (both passes: before extraction and once the story
            dates are known), conflicts, compose, check (the per-article and per-story stages summed over articles
            and stories, in whichever process they ran).
        max_bytes: size cap of one input (default 5 MiB or ``SUMMARIZER_MAX_BYTES``); a larger one is refused.
        records: articles as JSON Lines records (``{"text", "id", "title", "published", ...}``), after ``paths``.
        pattern: the files a directory names (comma-separated globs).
        input_format: ``"jsonl"`` reads every path as JSON Lines; ``"auto"`` only those ending in ``.jsonl``.
        on_story: called with each story as soon as it is composed and checked, with the sources it lists (in the
            brief's order), before the next one is composed (``summarize brief --format jsonl`` streams them).
        jobs: worker processes for the per-article and per-story stages (default 1: in this process; None: the CPU
            count, one worker per 16 inputs at most, as ``summarize brief`` does). The brief is the same whatever the
            number. Spawned workers (other systems than Linux, or a process running threads) import the caller's
            main module, so a script that asks for them guards its top level with ``if __name__ == "__main__":``.
        executor: the address of a Dask scheduler (``"tcp://host:8786"``; default ``$SUMMARIZER_DASK``) to run those
            stages on instead, or an :class:`~summarizer.batch.executor.Executor`.

    Returns:
        The :class:`~summarizer.models.Brief`. Unusable inputs are listed in ``brief.errors`` (the rest are used), and
        so are stories whose composition failed in the engine.

    Raises:
        NoUsableSources: no input could be used.
        ConfigError: the engine or the executor cannot be built as configured.
        AuthError: the model service refused the credentials (the run is aborted).
    """
    stages = _Stages(on_stage)
    with stages.timed("read"):
        items = iter_inputs(
            [os.fspath(p) for p in paths],
            records=records,
            pattern=pattern,
            input_format=input_format,
            stdin=stdin,
            max_bytes=max_bytes,
        )
        inputs, ex = _read_starting(_read_inputs(items, stdin=stdin, max_bytes=max_bytes), jobs, executor)
    with contextlib.closing(ex):
        return _brief_of(inputs, ex, engine, settings, stages, max_sentences, on_story, checker, checker_model)


def _brief_of(
    inputs: list[_Input],
    ex: Executor,
    engine: Engine | str | None,
    settings: EngineSettings | None,
    stages: _Stages,
    max_sentences: int,
    on_story: StoryCallback | None,
    checker: str | None,
    checker_model: str | None,
) -> Brief:
    """:func:`brief` once its inputs are read and its executor made."""
    if not any(i.error is None for i in inputs):
        raise NoUsableSources([i.error for i in inputs if i.error is not None])
    if isinstance(engine, str):  # a copy: the caller's settings are never changed
        settings = dataclasses.replace(settings or EngineSettings(), engine=engine)  # type: ignore[arg-type]
        engine = None
    settings = settings or EngineSettings()
    eng = engine if engine is not None else get_engine(settings)
    # the lexical checker is what every stage uses when given None: its module is imported by the stages that check
    lexical = checker_kind(checker, checker_model, settings, engine=eng) == "lexical"
    judge = None if lexical else get_checker(checker, checker_model, settings, engine=eng)
    # no_cache: no keys either (nothing is looked up or stored), so no fingerprint of the code is taken
    identity = None if settings.no_cache else _cache_identity(eng)
    cache = _RunCache(settings, identity)
    for item in inputs:
        if (item.data is not None or item.record is not None) and identity is not None:
            item.key = cache.article_key(item)
    with RunProgress(settings.progress, len(inputs)) as progress:
        return _run(
            inputs,
            eng,
            ex,
            cache,
            max_sentences=max_sentences,
            stages=stages,
            progress=progress,
            on_story=on_story,
            checker=judge,
        )


def build_brief(
    articles: Sequence[Article],
    engine: Engine,
    *,
    input_errors: Sequence[InputError] = (),
    max_sentences: int = DEFAULT_MAX_SENTENCES,
    on_stage: StageCallback | None = None,
    on_story: StoryCallback | None = None,
    checker: Any = None,
    jobs: int | None = 1,
) -> Brief:
    """Run every stage after ingestion on already-read articles (``on_stage`` as in :func:`brief`, without "read";
    ``on_story`` as there; ``checker`` one from :func:`~summarizer.engines.select.get_checker`, default the lexical
    one; their ids are kept, nothing is cached)."""
    inputs = [_Input(path=e.path, error=e) for e in input_errors] + [_Input(path=a.path, article=a) for a in articles]
    with contextlib.closing(make_executor(jobs, inputs=len(articles))) as ex:
        return _run(
            inputs,
            engine,
            ex,
            _RunCache(None, None),
            max_sentences=max_sentences,
            stages=_Stages(on_stage),
            progress=RunProgress(False, 0),
            assign_ids=False,
            on_story=on_story,
            checker=checker,
        )


# --------------------------------------------------------------------------------------------------------------------
# The run: per-article work, grouping, per-story work
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class _Input:
    """One input of a run: its raw bytes, a JSON Lines record or an already-read article, or why it is unusable.
    ``path`` is how the article is named (a record: its id, else ``feed.jsonl#N``)."""

    path: str
    data: bytes | None = None
    converted: bool = False
    record: Record | None = None
    max_bytes: int | None = None
    article: Article | None = None
    error: InputError | None = None
    key: str | None = None  # the result cache's key (engines with a cache identity)


def _read_inputs(
    items: Iterable[str | Record | InputError], *, stdin: BinaryIO | None, max_bytes: int | None
) -> Iterator[_Input]:
    """Each input of :func:`~summarizer.ingest.batch.iter_inputs` as bytes or a record, in order (decoding and
    layout are per-article work). The same file given twice (by any spelling) and a record id used twice are
    :class:`DuplicateSource` here; the same bytes or text under two names is found once decoded."""
    seen = Seen()
    for item in items:
        if isinstance(item, InputError):
            yield _Input(item.path, error=item)
            continue
        if isinstance(item, Record):
            name, rid = record_name(item)
            dup = seen.record_id(name, rid, item.origin)
            if dup is not None:
                yield _Input(name, error=dup)
                continue
            yield _Input(rid if rid is not None else item.origin, record=item, max_bytes=max_bytes)
            continue
        dup = seen.path(item)
        if dup is not None:
            yield _Input(item, error=dup)
            continue
        try:
            if item == STDIN:
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield _Input(item, data=read_stream(stream, item, max_bytes), converted=True)
            else:
                yield _Input(item, data=read_bounded(item, max_bytes))
        except InputError as exc:
            yield _Input(item, error=exc)


def _read_starting(
    inputs: Iterable[_Input], jobs: int | None, executor: str | Executor | None
) -> tuple[list[_Input], Executor]:
    """The inputs, read, and the run's executor, made and started as soon as the number of inputs read no longer
    changes which it is: its workers start (a spawned worker imports the stages' modules, ~0.3 s; forked ones begin with
    what this process imported) while the rest is read. The executor is closed here if reading fails."""
    read: list[_Input] = []
    ex: Executor | None = None
    try:
        for item in inputs:
            read.append(item)
            if ex is None and settled(jobs, executor, len(read)):
                ex = make_executor(jobs, executor, inputs=len(read))
                ex.start(_prepare_worker)
    except BaseException:
        if ex is not None:
            ex.close()
        raise
    if ex is None:
        ex = make_executor(jobs, executor, inputs=len(read))
        ex.start(_prepare_worker)
    return read, ex


# What the per-article and per-story stages import when they first run (see the note above ArticleResult)
_WORKER_MODULES = (
    "summarizer.check.citations",
    "summarizer.check.injection",
    "summarizer.check.verify",
    "summarizer.ingest.language",
    "summarizer.story.conflicts",
    "summarizer.story.headline",
    "summarizer.story.neutral",
    "summarizer.story.notes",
    "summarizer.story.reporting",
)


def _prepare_worker() -> None:
    """Run in each worker process as it starts, while the run still reads its inputs: import the stages' modules and
    build the validators of the units of work and their results, so that the first piece of work does not wait."""
    import importlib

    for name in _WORKER_MODULES:
        importlib.import_module(name)
    for model in (ArticleResult, StoryJob, StoryResult, _FactList):
        model.model_rebuild(force=True)


def _cache_identity(engine: Engine) -> dict[str, Any] | None:
    """What the result cache keys on besides the input (None: the engine is not cached by the pipeline; the LLM
    engine caches its model answers itself)."""
    fn = getattr(engine, "cache_identity", None)
    return fn() if callable(fn) else None


class _RunCache:
    """The per-article and per-story result caches of a run (``settings.no_cache`` or no identity: disabled)."""

    def __init__(self, settings: EngineSettings | None, identity: dict[str, Any] | None) -> None:
        enabled = settings is not None and identity is not None and not settings.no_cache
        directory = settings.cache_dir if settings is not None else None
        self.identity = identity
        self.articles = BlobCache(directory, enabled=enabled, kind="articles")
        self.stories = BlobCache(directory, enabled=enabled, kind="stories")

    def article_key(self, item: _Input) -> str:
        """Content address of an input's per-article result: its bytes, what of its name is read (the extension
        decides the format), whether it came from stdin, and the engine's identity."""
        if item.record is not None:  # what it holds, wherever it stands in which feed
            return digest({"identity": self.identity, "record": item.record.data})
        assert item.data is not None
        return digest(
            {
                "identity": self.identity,
                "bytes": hashlib.sha256(item.data).hexdigest(),
                "suffix": os.path.splitext(item.path)[1].lower(),
                "converted": item.converted,
            }
        )


# The three units of work and results below are pydantic models for the JSON that crosses process boundaries and
# is cached; in this process they are made with ``model_construct`` (their parts are validated models already), so
# that a run that neither caches nor uses workers never builds their validators (~17 ms of a one-file run's start)
# nor copies every list they hold. A result read back from JSON is validated as usual.


class ArticleResult(BaseModel):
    """What the per-article stages make of one input (the unit that crosses process boundaries and is cached)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    article: Article | None = None  # with its own and first-pass date flags
    own_flags: list[Flag] = Field(default_factory=empty_list)  # the flags that do not depend on the story's dates
    extraction: Extraction | None = None  # screened; facts verified (kept ones only; as JSON they travel apart)
    kept: int = 0  # how many facts the extraction kept
    signature: Signature | None = None  # grouping's per-article part, made where the article was extracted
    rejected: list[Rejected] = Field(default_factory=empty_list)
    bad_spans: int = 0
    extracted: int = 0
    error: str | None = None  # an InputError's problem, "engine-failed" or "failed"
    error_path: str | None = None  # how an input error names the input (a record: 'feed.jsonl#3 (id ...)')
    message: str = ""
    cpu: dict[str, float] = Field(default_factory=dict)
    wall: dict[str, float] = Field(default_factory=dict)


class StoryResult(BaseModel):
    """What the per-story stages make of one story group (crosses process boundaries, cached)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    story: Story | None = None
    failed: str | None = None  # why the composition failed
    warnings: list[str] = Field(
        default_factory=empty_list
    )  # the sentence judge's failures (judged stories are not cached)
    flags: dict[str, list[Flag]] = Field(default_factory=dict)  # the sources' flags once the story date is known
    weights: dict[str, float] = Field(default_factory=dict)
    cpu: dict[str, float] = Field(default_factory=dict)
    wall: dict[str, float] = Field(default_factory=dict)


class StoryJob(BaseModel):
    """Everything one story's stages read: the group, its sources (text, flags), their facts and rejected material."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, defer_build=True)

    group: StoryGroup  # its members and date; its facts are added from ``facts`` by the story's stages
    articles: list[Article]
    own_flags: dict[str, list[Flag]]
    rejected: dict[str, list[Rejected]]
    max_sentences: int
    facts: list[list[Fact]]  # each member's kept facts, in the order of ``group.sources`` (last: see _story_payload)


class _FactList(RootModel[list[Fact]]):
    """An article's kept facts as JSON: apart from the rest of its result, so that they can reach its story's job as
    the bytes they came as (:class:`_Facts`)."""

    model_config = ConfigDict(defer_build=True)


@dataclass
class _Facts:
    """An article's kept facts on their way to its story: the objects, or the JSON a worker (or the cache) gave them
    as, which this process neither decodes nor encodes again: it is spliced as it is into the story's job."""

    count: int
    objects: list[Fact] | None = None
    raw: bytes | None = None

    @classmethod
    def of(cls, result: ArticleResult) -> _Facts | None:
        """The facts of a result that holds them as objects (None: it has no extraction)."""
        if result.extraction is None:
            return None
        return cls(len(result.extraction.facts), objects=result.extraction.facts)

    def json(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return _FactList.model_construct(self.objects or []).model_dump_json().encode()

    def decoded(self) -> list[Fact]:
        if self.objects is not None:
            return self.objects
        return _FactList.model_validate_json(self.raw or b"[]").root


def _result_bytes(result: ArticleResult) -> bytes:
    """An article's result as it crosses process boundaries and is cached: a line of its JSON without the facts, then
    the facts' JSON (compact JSON holds no newline)."""
    head = result.model_dump_json(exclude={"extraction": {"facts"}}).encode()
    facts = _Facts.of(result)
    return head if facts is None else head + b"\n" + facts.json()


def _result_of(data: bytes | ArticleResult) -> tuple[ArticleResult, _Facts | None]:
    """An article's result from :func:`_result_bytes` (its facts left as JSON) or as made in this process, and its
    facts (None: it has no extraction)."""
    if not isinstance(data, bytes):
        return data, _Facts.of(data)
    head, _, facts = data.partition(b"\n")
    result = ArticleResult.model_validate_json(head)
    return result, None if result.extraction is None else _Facts(result.kept, raw=facts)


def _story_payload(job: StoryJob, facts: Sequence[bytes]) -> bytes:
    """The JSON of ``job`` with its members' facts spliced in from the JSON they came as (``job.facts`` is not
    read): the bytes ``model_dump_json`` makes of the job holding them, without decoding and encoding them again."""
    head = job.model_dump_json(exclude={"facts"}).encode()
    return head[:-1] + b',"facts":[' + b",".join(facts) + b"]}"


def _article_task(engine: Engine | None, item: _Input, sid: str) -> ArticleResult:
    """The per-article stages on one input: read (decode, layout), flags, and with an ``engine`` extraction, the
    engine boundary and verification. A failure is the result's ``error``, never an exception (Ctrl-C and refused
    credentials excepted)."""
    from summarizer.check.injection import injection_flag

    st = _Stages(None)
    try:
        with st.timed("read"):
            article = item.article
            if article is None and item.record is not None:
                article = article_from_record(item.record, sid, max_bytes=item.max_bytes)
            elif article is None:
                assert item.data is not None
                article = article_from_bytes(item.data, item.path, sid, converted=item.converted)
        with st.timed("flag"):
            own = [*text_flags(article), *filter(None, [injection_flag(article)])]
            flagged = article.model_copy(update={"flags": merge_flags([*own, *date_flags(article)])})
        if engine is None:
            return ArticleResult.model_construct(article=flagged, own_flags=own, cpu=st.cpu, wall=st.wall)
        with st.timed("extract"):
            [extraction] = engine.extract_all([flagged])
        if isinstance(extraction, ArticleFailed):
            return _failed_article(flagged, own, "engine-failed", extraction.detail, st)
        return _finish_article(flagged, own, extraction, st)
    except InputError as exc:
        return ArticleResult.model_construct(
            error=exc.problem, error_path=exc.path, message=exc.detail, cpu=st.cpu, wall=st.wall
        )
    except AuthError:
        raise
    except Exception as exc:  # a bug on one article: reported as its error, the run goes on
        return ArticleResult.model_construct(error="failed", message=f"internal error: {type(exc).__name__}: {exc}")


def _failed_article(article: Article, own: list[Flag], problem: str, message: str, st: _Stages) -> ArticleResult:
    return ArticleResult.model_construct(
        article=article, own_flags=own, error=problem, message=message, cpu=st.cpu, wall=st.wall
    )


def _finish_article(article: Article, own: list[Flag], extraction: Extraction, st: _Stages) -> ArticleResult:
    """The engine boundary (spans that do not index the text are dropped) and verification of one extraction."""
    with st.timed("extract"):
        extraction, bad_spans = screen_extraction(extraction, article)
    with st.timed("verify"):
        kept, rejected = verify_extraction(extraction, article)
        drop_extraction_layers(article)  # the story stages read none of them
    with st.timed("group"):
        lead = signature(article, kept)
    return ArticleResult.model_construct(
        article=article,
        own_flags=own,
        extraction=extraction.model_copy(update={"facts": kept}),
        kept=len(kept),
        signature=lead,
        rejected=[*extraction.rejected, *rejected],
        bad_spans=bad_spans,
        extracted=len(extraction.facts) + len(extraction.rejected),
        cpu=st.cpu,
        wall=st.wall,
    )


def _article_remote(engine: Engine | None, payload: bytes) -> bytes:
    """:func:`_article_task` in a worker process: the input as bytes in (a JSON header line, then the raw bytes or the
    article's JSON), the result's bytes out (:func:`_result_bytes`)."""
    header, _, body = payload.partition(b"\n")
    meta = json.loads(header)
    item = _Input(meta["path"], converted=meta["converted"], max_bytes=meta["max_bytes"])
    if meta["kind"] == "article":
        item.article = Article.model_validate_json(body)
    elif meta["kind"] == "record":
        item.record = Record(meta["origin"], json.loads(body))
    else:
        item.data = body
    return _result_bytes(_article_task(engine, item, meta["sid"]))


def _article_payload(item: _Input, sid: str) -> bytes:
    header: dict[str, Any] = {"path": item.path, "converted": item.converted, "sid": sid, "max_bytes": item.max_bytes}
    if item.article is not None:
        header["kind"], body = "article", item.article.model_dump_json().encode()
    elif item.record is not None:
        header["kind"], header["origin"] = "record", item.record.origin
        body = json.dumps(item.record.data, ensure_ascii=False).encode("utf-8", "surrogatepass")
    else:
        header["kind"], body = "bytes", item.data or b""
    return json.dumps(header).encode() + b"\n" + body


def _story_task(engine: Engine, checker: Any, job: StoryJob) -> StoryResult:
    """The per-story stages on one group: the second flag pass (the story's date is known), conflicts, composition
    and the check of every sentence. A failed composition is the result's ``failed``; refused credentials raise."""
    st = _Stages(None)
    g = job.group
    articles = {a.id: a for a in job.articles}
    weights: dict[str, float] = {}
    with st.timed("group"):
        for facts in job.facts:
            add_facts(g, facts)
    with st.timed("flag"):
        for sid in g.sources:
            art = articles[sid]
            if g.date is not None:
                flags = merge_flags([*job.own_flags.get(sid, []), *date_flags(art, story_dates=[g.date])])
                art = articles[sid] = art.model_copy(update={"flags": flags})
            weights[sid] = source_weight(art.flags)
    # every field given: model_construct fills a missing one from its default factory after inspecting the factory's
    # signature, which cost more than the rest of the construction (~80 of ~85 us)
    out = StoryResult.model_construct(
        story=None,
        failed=None,
        warnings=[],
        flags={sid: articles[sid].flags for sid in g.sources},
        weights=weights,
        cpu={},
        wall={},
    )
    try:
        out.story = _story(g, articles, engine, weights, job.rejected, job.max_sentences, st,
                           _Checking(checker, out.warnings))  # fmt: skip
    except _CompositionFailed as failed:
        out.failed = failed.reason
    except AuthError:
        raise
    except Exception as exc:  # a bug on one story: that story fails, the run goes on
        out.failed = f"internal error: {type(exc).__name__}: {exc}"
    out.cpu, out.wall = dict(st.cpu), dict(st.wall)
    return out


def _story_remote(engine: Engine, checker: Any, payload: bytes) -> bytes:
    """:func:`_story_task` in a worker process: the job's JSON in, the result's JSON out."""
    return _story_task(engine, checker, StoryJob.model_validate_json(payload)).model_dump_json().encode()


def _reid(
    result: ArticleResult, facts: _Facts | None, sid: str, path: str, origin: str | None
) -> tuple[ArticleResult, _Facts | None]:
    """``result`` and its ``facts`` renamed to source ``sid`` at ``path`` (a cached or predicted result under another
    id, or a record from another line): every span's ``source``, every fact id ``OLD.Fk`` and the article's id, path
    and origin (facts that came as JSON are decoded to be renamed)."""
    assert result.article is not None
    old = result.article.id
    if old == sid and result.article.path == path and result.article.origin == origin:
        return result, facts
    if result.extraction is not None and facts is not None and facts.objects is None:
        extraction = result.extraction.model_copy(update={"facts": facts.decoded()})
        result = result.model_copy(update={"extraction": extraction})
    data = result.model_dump(mode="json")

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if isinstance(v, str) and k in ("source", "id", "fact_id") and (v == old or v.startswith(old + ".")):
                    v = sid + v[len(old) :]
                out[k] = walk(v)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    data = walk(data)
    data["article"]["path"] = path
    data["article"]["origin"] = origin
    renamed = ArticleResult.model_validate(data)
    return renamed, _Facts.of(renamed)


_INPUT_ERRORS: dict[str, type[InputError]] = {
    cls.problem: cls
    for cls in (
        MissingSource,
        UnreadableSource,
        EmptySource,
        BinarySource,
        UndecodableSource,
        DuplicateSource,
        BadRecord,
    )
}


@dataclass
class _Articles:
    """The per-article results of a run, by source id, in input order."""

    flagged: list[Article] = field(default_factory=empty_list)
    own_flags: dict[str, list[Flag]] = field(default_factory=dict)
    facts: dict[str, _Facts] = field(default_factory=dict)  # of the articles extracted, until their story is composed
    rejected: dict[str, list[Rejected]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # source id -> result cache key
    input_errors: list[InputError] = field(default_factory=empty_list)
    engine_errors: list[FileError] = field(default_factory=empty_list)
    warnings: list[str] = field(default_factory=empty_list)
    extracted: int = 0
    n_rejected: int = 0
    sentences: dict[str, int] = field(default_factory=dict)  # of the articles whose Doc was dropped
    signatures: dict[str, Signature] = field(default_factory=dict)  # for grouping, made with each extraction

    def record(self, result: ArticleResult, facts: _Facts | None) -> None:
        """Keep an article's facts, rejected material and grouping signature (or its engine failure); a read-only
        result waits for the batch engine."""
        article = result.article
        assert article is not None
        if result.error is not None:
            self.engine_errors.append(FileError(path=article.path, problem=result.error, message=result.message))
            return
        if facts is None:
            return
        if result.bad_spans:
            self.warnings.append(
                f"{article.id}: {result.bad_spans} span(s) from the engine did not match the text and were dropped"
            )
        self.extracted += result.extracted
        self.n_rejected += len(result.rejected)
        self.facts[article.id] = facts
        self.rejected[article.id] = result.rejected
        assert result.signature is not None  # made with the extraction
        self.signatures[article.id] = result.signature


def _add_times(stages: _Stages, cpu: Mapping[str, float], wall: Mapping[str, float]) -> None:
    for stage, seconds in cpu.items():
        stages.cpu[stage] += seconds
    for stage, seconds in wall.items():
        stages.wall[stage] += seconds


def _per_article(
    inputs: Sequence[_Input],
    engine: Engine,
    ex: Executor,
    cache: _RunCache,
    stages: _Stages,
    progress: RunProgress,
    *,
    assign_ids: bool,
) -> _Articles:
    """Every input through the per-article stages (cached results reused), assembled in input order: duplicates
    found, ids assigned (``S1``, ``S2``... over the usable inputs), failures listed. An engine that does not work
    article by article (the LLM engine runs its model calls concurrently) extracts them all afterwards here."""
    per_article = isinstance(engine, ArticleByArticle)
    task_engine = engine if per_article else None
    remote = ex.remote and (task_engine is None or getattr(engine, "runs_in_workers", False))
    run_ex: Executor = ex if remote else InProcess()

    def items() -> Iterator[Ready | Work]:
        predicted = 0
        for item in inputs:
            if item.error is not None:
                yield Ready(None)
                continue
            predicted += 1
            sid = item.article.id if item.article is not None else f"S{predicted}"
            hit = cache.articles.get(item.key) if item.key else None
            if hit is not None:
                yield Ready((hit,))  # a 1-tuple: from the cache
            elif remote:
                yield Work(_article_remote, (task_engine, _article_payload(item, sid)))
            else:
                yield Work(_article_task, (task_engine, item, sid))

    out = _Articles()
    seen = Seen()
    for item, raw in zip(inputs, ordered(run_ex, items(), chunk=chunk_for(run_ex, len(inputs))), strict=True):
        progress.article_done()
        item.data = None  # read (its work was handed over before its result came back): the bytes are not kept
        if item.error is not None:
            out.input_errors.append(item.error)
            continue
        cached = isinstance(raw, tuple)
        data = raw[0] if cached else raw
        result, facts = _result_of(data)
        if not cached:
            _add_times(stages, result.cpu, result.wall)
        if result.article is None:
            path = result.error_path or item.path
            if result.error == "failed":
                out.engine_errors.append(FileError(path=path, problem="failed", message=result.message))
            else:
                out.input_errors.append(_INPUT_ERRORS.get(result.error or "", InputError)(path, result.message))
            continue
        if assign_ids:
            origin = item.record.origin if item.record is not None else None
            result, facts = _reid(result, facts, f"S{len(out.flagged) + 1}", item.path, origin)
            assert result.article is not None
            dup = seen.content(result.article, name=record_name(item.record)[0] if item.record else item.path)
            if dup is not None:
                out.input_errors.append(dup)
                continue
        article = result.article
        assert article is not None
        out.flagged.append(article)
        out.own_flags[article.id] = result.own_flags
        out.record(result, facts)
        if item.key is not None and result.error is None:
            out.keys[article.id] = item.key
            if not cached and cache.articles.enabled:  # a disabled cache is not given the result's JSON to drop
                cache.articles.put(item.key, data if isinstance(data, bytes) else _result_bytes(result))
    if not per_article and out.flagged:
        _extract_in_batch(engine, out, stages)
    return out


def _extract_in_batch(engine: Engine, out: _Articles, stages: _Stages) -> None:
    """Extraction by an engine that takes the whole batch at once, then the engine boundary and verification."""
    with stages.timed("extract"):
        results = engine.extract_all(out.flagged)
    for article, extraction in zip(out.flagged, results, strict=True):
        own = out.own_flags[article.id]
        st = _Stages(None)
        if isinstance(extraction, ArticleFailed):
            out.record(_failed_article(article, own, "engine-failed", extraction.detail, st), None)
            continue
        result = _finish_article(article, own, extraction, st)
        _add_times(stages, result.cpu, result.wall)
        out.record(result, _Facts.of(result))


def _run(
    inputs: Sequence[_Input],
    engine: Engine,
    ex: Executor,
    cache: _RunCache,
    *,
    max_sentences: int,
    stages: _Stages,
    progress: RunProgress,
    assign_ids: bool = True,
    on_story: StoryCallback | None = None,
    checker: Any = None,
) -> Brief:
    """Every stage after reading the inputs' bytes."""
    arts = _per_article(inputs, engine, ex, cache, stages, progress, assign_ids=assign_ids)
    if assign_ids:
        stages.report("read", {"articles": len(arts.flagged), "unusable": len(arts.input_errors)})
        if not arts.flagged:
            raise NoUsableSources(arts.input_errors)
    file_errors = [FileError(path=e.path, problem=e.problem, message=e.detail) for e in arts.input_errors]
    file_errors.extend(arts.engine_errors)
    warnings = list(arts.warnings)
    flagged = arts.flagged
    kept = {sid: facts.count for sid, facts in arts.facts.items()}
    stages.report("extract", {"articles": len(kept), "failed": len(flagged) - len(kept), "facts": arts.extracted})
    stages.report("verify", {"facts kept": sum(kept.values()), "facts rejected": arts.n_rejected})
    if not kept:
        failed = [e for e in file_errors if e.problem == "engine-failed"]
        if failed:
            raise ServiceError(
                f"the {engine.name} engine failed on every article: "
                + "; ".join(f"{e.path}: {e.message}" for e in failed)
            )
        raise NoUsableSources(arts.input_errors)
    by_id = {a.id: a for a in flagged}
    used = [a for a in flagged if a.id in kept]
    weights = {a.id: source_weight(a.flags) for a in used}
    with stages.timed("group"):
        groups = group_signatures([arts.signatures[a.id] for a in used], kept, weights=weights)
    arts.signatures.clear()
    stages.report("group", {"stories": len(groups)})

    emit = _story_emitter(on_story, flagged, by_id, weights) if on_story is not None else None
    stories, orphans = _compose_stories(
        groups,
        by_id,
        arts,
        engine,
        ex,
        cache,
        weights,
        max_sentences,
        stages,
        file_errors,
        progress,
        emit,
        _Checking(checker, warnings),
    )
    for story in stories:
        loaded = sorted({t for s in [*story.sentences, *story.context] for t in s.loaded_terms})
        if loaded:
            warnings.append(f"{story.id}: sentences use loaded wording from their sources: {', '.join(loaded)}")
    lost_by_source = {sid: len(rs) for sid, rs in arts.rejected.items()}
    warnings.extend(said_nothing_warnings(flagged, kept, stories, rejected=lost_by_source, sentences=arts.sentences))
    low = [a for a in by_id.values() if weights.get(a.id, 1.0) < LOW_WEIGHT]
    for a in low:
        kinds = ", ".join(f.kind for f in a.flags)
        warnings.append(f"{a.id} ({a.path}) carries little weight ({weights[a.id]:.2f}) because of its flags: {kinds}")
    return Brief(
        engine=engine_info(engine),
        checker=checker_info(checker),
        sources=[Source.from_article(by_id[a.id], weight=weights.get(a.id, 1.0)) for a in flagged],
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


def _story_key(group: StoryGroup, by_id: Mapping[str, Article], arts: _Articles, cache: _RunCache,
               max_sentences: int) -> str | None:  # fmt: skip
    """Content address of a story's composition: the cached results of its member articles (under their ids and
    paths), its date and the sentence budget; None when a member has no cached result."""
    if cache.identity is None or any(s not in arts.keys for s in group.sources):
        return None
    return digest(
        {
            "identity": cache.identity,
            "max_sentences": max_sentences,
            "date": group.date.isoformat() if group.date else None,
            "members": [[s, by_id[s].path, arts.keys[s]] for s in group.sources],
        }
    )


def _compose_stories(
    groups: Sequence[StoryGroup],
    by_id: dict[str, Article],
    arts: _Articles,
    engine: Engine,
    ex: Executor,
    cache: _RunCache,
    weights: dict[str, float],
    max_sentences: int,
    stages: _Stages,
    file_errors: list[FileError],
    progress: RunProgress,
    emit: Callable[[Story], None] | None = None,
    checking: _Checking | None = None,
) -> tuple[list[Story], list[Rejected]]:
    """Every story composed and checked: (stories, rejected material that belongs to no story: that of stories that
    failed, and of articles none of whose facts survived). ``by_id`` and ``weights`` get the second flag pass.

    A story whose composition fails is appended to ``file_errors`` ("compose-failed") and left out.

    Raises:
        ServiceError: the engine failed on every story.
        AuthError: the model service refused the credentials.
    """
    checker = checking.checker if checking is not None else None
    judged = _is_judge(checker)  # a model judge: in this process, cached by its own engine
    remote = ex.remote and getattr(engine, "runs_in_workers", False) and not judged
    run_ex: Executor = ex if remote else InProcess()
    keys = [None if judged else _story_key(g, by_id, arts, cache, max_sentences) for g in groups]
    progress.stories(len(groups))

    def items() -> Iterator[Ready | Work]:
        for g, key in zip(groups, keys, strict=True):
            hit = cache.stories.get(key) if key else None
            if hit is not None:
                yield Ready((hit,))
                continue
            facts = [arts.facts[s] for s in g.sources]
            job = StoryJob.model_construct(
                group=g,
                articles=[by_id[s] for s in g.sources],
                own_flags={s: arts.own_flags[s] for s in g.sources},
                rejected={s: arts.rejected.get(s, []) for s in g.sources},
                max_sentences=max_sentences,
                facts=[] if remote else [f.decoded() for f in facts],
            )
            yield (
                Work(_story_remote, (engine, checker, _story_payload(job, [f.json() for f in facts])))
                if remote
                else Work(_story_task, (engine, checker, job))
            )

    stories: list[Story] = []
    orphans: list[Rejected] = []  # rejected material of stories that failed
    for g, key, raw in zip(groups, keys, ordered(run_ex, items(), chunk=chunk_for(run_ex, len(groups))), strict=True):
        progress.story_done()
        cached = isinstance(raw, tuple)
        data = raw[0] if cached else raw
        result = StoryResult.model_validate_json(data) if isinstance(data, bytes) else data
        if not cached:
            _add_times(stages, result.cpu, result.wall)
        for sid, flags in result.flags.items():
            by_id[sid] = by_id[sid].model_copy(update={"flags": flags})
            weights[sid] = result.weights[sid]
        _composed(g, by_id, arts)
        if checking is not None:
            checking.warnings.extend(result.warnings)
        if result.story is None:
            file_errors.append(
                FileError(
                    path=", ".join(by_id[s].path for s in g.sources),
                    problem="compose-failed",
                    message=f"story {g.id} could not be composed: {result.failed}",
                    story=g.id,
                )
            )
            orphans.extend(r for s in g.sources for r in arts.rejected.get(s, []))
            continue
        story = result.story if result.story.id == g.id else result.story.model_copy(update={"id": g.id})
        stories.append(story)
        if emit is not None:
            emit(story)
        if key is not None and not cached and cache.stories.enabled:
            cache.stories.put(key, data if isinstance(data, bytes) else result.model_dump_json().encode())
    stages.report("flag", {"flags": sum(len(a.flags) for a in by_id.values())})
    grouped = {sid for g in groups for sid in g.sources}
    for sid, lost in arts.rejected.items():  # an article none of whose facts survived is in no story
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


def _composed(group: StoryGroup, by_id: Mapping[str, Article], arts: _Articles) -> None:
    """Let go of what only the composition of ``group`` read: its facts, and its articles' annotations (each article
    is in one story; the rest of the run reads their metadata and flags, and how many sentences they have)."""
    group.facts, group.context = [], []
    for sid in group.sources:
        arts.facts.pop(sid, None)
        doc = drop_doc(by_id[sid])
        if doc is not None:
            arts.sentences[sid] = len(doc)


def screen_extraction(extraction: Extraction, article: Article) -> tuple[Extraction, int]:
    """The engine boundary for extraction: drop every span that does not index ``article.text`` exactly.

    A fact left without valid evidence is moved to ``rejected`` (stage "extract") with the reasons.

    Returns:
        (the screened extraction, how many spans were dropped from facts that were kept).
    """
    from summarizer.check.citations import screen_fact

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
    kept: Mapping[str, int],
    stories: Sequence[Story],
    *,
    rejected: Mapping[str, int] | None = None,
    sentences: Mapping[str, int] | None = None,
) -> list[str]:
    """How each article was read (guessed encoding, language) and, for every article that no story sentence cites,
    why nothing could be said about it; one more line when the whole brief says nothing.

    ``kept`` counts the verified facts of each article that was extracted, ``rejected`` its rejected ones and
    ``sentences`` its sentences (default: from its Doc)."""
    from summarizer.text.annotate import doc_of

    out = [f"{a.id} ({a.path}): {note}" for a in articles for note in a.notes]
    cited = {c.source for st in stories for s in st.sentences for c in s.citations}
    for a in articles:
        if a.id in cited or a.id not in kept:
            continue
        if kept[a.id] and stories:
            continue  # its facts are in a story's background or were outweighed, not unreadable
        n_lost = (rejected or {}).get(a.id, 0)
        if n_lost and not kept[a.id]:
            reason = f"none of its {n_lost} extracted statements passed the checks (see 'rejected')"
        else:
            from summarizer.ingest.language import nothing_said_reason  # only when an article says nothing

            n_sentences = sentences[a.id] if sentences is not None and a.id in sentences else len(doc_of(a))
            reason = nothing_said_reason(a.text, n_sentences)  # the article's one segmentation
        out.append(f"{a.id} ({a.path}): nothing could be said about it: {reason}")
    if not any(st.sentences for st in stories):
        out.append("the brief is empty: no statement from the inputs could be made and checked against its sources")
    return out


def verify_extraction(extraction: Extraction, article: Article) -> tuple[list[Fact], list[Rejected]]:
    """Cross-check every fact against the article; return (kept facts, rejected).

    A kept fact is returned without a :class:`~summarizer.models.Verification` (every field SUPPORTED; one an engine
    attached is dropped), because nothing downstream reads it and it is not part of the Brief JSON, while its field
    checks and their spans were a third of the objects a run keeps alive. A rejected fact's failed checks are its
    reason."""
    from summarizer.check.injection import injection_spans, overlaps_injection
    from summarizer.check.verify import fact_failures

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
        failures = fact_failures(fact, article)  # only the failures are read
        if not failures:
            kept.append(fact if fact.verification is None else fact.model_copy(update={"verification": None}))
            continue
        rejected.append(
            Rejected(
                text=fact.text,
                reason="; ".join(f"{c.field} {c.value!r}: {c.status.value} ({c.reason})" for c in failures),
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
    from summarizer.story.conflicts import find_conflicts
    from summarizer.story.headline import ground_headline
    from summarizer.story.notes import sentence_note

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
        injected = _flagged_injections(articles)
        sentences, context, rejected = check_composition(composed, facts_by_id, articles, checker=checker,
                                                         warnings=judged, injected=injected)  # fmt: skip
        if checking is not None:
            checking.warnings.extend(f"{group.id}: {w}" for w in judged)
        headline, refused = check_headline(composed.headline, sentences, group, articles, injected=injected)
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


def _flagged_injections(articles: Mapping[str, Article]) -> dict[str, list[Span]]:
    """The spans of each article that address an AI system, read from the flags the per-article stage set (the
    citations of its ``addressed-to-ai`` flag; without one, that stage looked and found none), so that a story's
    checks do not annotate an article again to look a second time (in a worker, its annotations did not travel)."""
    from summarizer.check.injection import flagged_injection_spans

    return {sid: flagged_injection_spans(a) or [] for sid, a in articles.items()}


def _injected_spans(
    sid: str, articles: Mapping[str, Article], injected: Mapping[str, Sequence[Span]] | None
) -> list[Span]:
    from summarizer.check.injection import injection_spans

    known = injected.get(sid) if injected is not None else None
    return list(known) if known is not None else injection_spans(articles[sid])


class _CompositionFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _reporting_only(facts: Sequence[Fact]) -> tuple[list[Fact], list[Rejected]]:
    """Facts that report, and the rest (opinion, calls to action, promotion in the source's own voice) as rejected."""
    from summarizer.story.reporting import not_reporting

    kept: list[Fact] = []
    rejected: list[Rejected] = []
    reasons: dict[tuple[str, bool], str | None] = {}  # copies of one report in a story are read once
    for f in facts:
        key = (f.text, f.attribution is not None)
        if key in reasons:
            reason = reasons[key]
        else:
            reason = reasons[key] = not_reporting(f.text, attributed=key[1])
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
    injected: Mapping[str, Sequence[Span]] | None = None,
) -> tuple[list[BriefSentence], list[BriefSentence], list[Rejected]]:
    """Check every draft sentence against the spans it cites; return (sentences, context, rejected).

    This is the engine boundary for composition: a cited span that does not index its source text exactly is dropped,
    and a sentence left with no valid citation is rejected with the reasons. ``checker`` judges support (default the
    lexical checker; a :class:`~summarizer.check.judge.JudgedSupportChecker` is asked once for all the sentences);
    a judge failure is appended to ``warnings``. ``injected`` gives the spans of sources that address an AI system
    where they are known (default: found with :func:`~summarizer.check.injection.injection_spans`)."""
    from summarizer.check.citations import screen_citations
    from summarizer.check.injection import overlaps_injection
    from summarizer.check.verify import check_support
    from summarizer.story.neutral import loaded_terms

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
        cites = _draft_citations(screened.kept, draft.fact_ids, facts)
        if not cites:
            rejected.append(Rejected(text=draft.text, reason="cites no known fact or span", stage="compose"))
            continue
        touched = overlaps_injection(cites, [sp for sid in {c.source for c in cites} if sid in articles
                                              for sp in _injected_spans(sid, articles, injected)])  # fmt: skip
        if touched:
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
    if _is_judge(checker):
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


def _is_judge(checker: Any) -> bool:
    """Whether ``checker`` is a :class:`~summarizer.check.judge.JudgedSupportChecker` (without importing that module
    for a run that has none: one is made only by importing it)."""
    judge = sys.modules.get("summarizer.check.judge")
    return judge is not None and isinstance(checker, judge.JudgedSupportChecker)


def check_headline(
    headline: str,
    sentences: Sequence[BriefSentence],
    group: StoryGroup,
    articles: Mapping[str, Article],
    *,
    injected: Mapping[str, Sequence[Span]] | None = None,
) -> tuple[str, list[Rejected]]:
    """The story's headline, checked like a sentence: it must be supported by the spans the story cites (its
    sentences' citations, else its facts' evidence) or by a source's own title, and touch no text addressed to an AI
    system. An unsupported headline is rejected (stage "compose") and replaced by the lead sentence, else the best
    source title, else the lead fact (``injected`` as in :func:`check_composition`). Returns (headline, rejected)."""
    from summarizer.check.injection import overlaps_injection
    from summarizer.check.verify import check_support

    spans = [sp for sid in group.sources if sid in articles for sp in _injected_spans(sid, articles, injected)]
    cites = [c for s in sentences for c in s.citations] or [e for f in group.facts for e in f.evidence]
    titles = [articles[sid].meta["title"] for sid in group.sources if sid in articles and "title" in articles[sid].meta]
    usable = [c for c in [*cites, *titles] if not overlaps_injection([c], spans)]
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


def _draft_citations(
    citations: Sequence[Citation], fact_ids: Sequence[str], facts: Mapping[str, Fact]
) -> list[Citation]:
    """A draft sentence's citations (its screened ``citations``, else the evidence of the facts it names), each span
    once."""
    cites: list[Citation] = list(citations)
    if not cites:
        for fid in fact_ids:
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
