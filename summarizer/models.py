"""The data model: what every pipeline stage reads and writes.

Layers, from the input to the output:

* :class:`Article` -- one ingested input: its decoded text *exactly as read* plus what the text states about itself
  (title, publisher, authors, date, dateline) and the regions that are page boilerplate.
* :class:`Span` (alias :data:`Citation`) -- ``[start, end)`` character offsets into an article's text together with the
  quoted text, so that ``article.text[span.start:span.end] == span.quote`` is a one-line check.
* Facts -- :class:`Fact` and its parts (:class:`Entity`, :class:`Figure`, :class:`When`, :class:`Quote`,
  :class:`Attribution`). Every fact and every part carries its evidence as spans. Both engines fill these types.
* Verification -- :class:`FieldCheck`, :class:`Verification`, :class:`SupportResult`: data, never bare booleans.
* Output -- :class:`Brief` with :class:`Source`, :class:`Story`, :class:`BriefSentence`, :class:`Conflict`,
  :class:`Rejected`, and on a signed-off brief :class:`Review` (from :class:`ReviewDecisions`).
  ``Brief.model_dump_json()`` is the JSON contract (``schema_version`` 1).

No ``from __future__ import annotations`` here: pydantic reads the field annotations as the objects the class body
made instead of evaluating each as a string (a quarter of what defining the models cost at every start); a method's
annotation naming its own class is quoted.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, ClassVar, Literal, Self, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

SCHEMA_VERSION: Literal[1] = 1


def empty_list() -> list[Any]:
    """A new ``[]``: the default factory of the list fields. Pydantic reads a factory's signature each time it builds
    a model's schema, and the builtin ``list``'s is parsed from its text signature, ten times the cost of a plain
    function's (some 60 fields are built in a one-file run)."""
    return []


class _FieldsSet(set[str]):
    """The names of the fields a model was given, one set shared by every instance of a model class given the same
    names (read-only: pydantic's own serialiser reads it as a ``set``).

    Pydantic keeps a ``set`` of them on each instance (``model_fields_set``), 216-728 bytes and one more object for
    the garbage collector per Span, Entity or Fact: a third of the memory a run's models took. A model that is
    assigned a field, and every copy (``model_copy``, ``copy.copy``), gets a mutable set of its own first, as
    pydantic's own copies do."""

    __slots__ = ()

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> set[str]:
        return set(self)

    def _shared(self, *args: Any) -> None:
        raise TypeError("a shared fields set is read-only")

    add = discard = remove = pop = clear = update = _shared  # type: ignore[assignment]
    difference_update = intersection_update = symmetric_difference_update = _shared
    __ior__ = __iand__ = __isub__ = __ixor__ = _shared  # type: ignore[assignment]


class _EmptyList(list[Any]):
    """The one empty list that the part lists of every :class:`Fact` without such parts share (read-only: nothing
    appends to a fact's parts once it is made). Most facts name no place, date, figure or quote: their own empty
    lists were 12,000 objects per 1,000 articles, kept from extraction to the story's composition. A copy
    (``copy.copy``, a deep ``model_copy``, pickling) is a new ``[]``; pydantic serialises it as a list."""

    __slots__ = ()

    def __copy__(self) -> list[Any]:
        return []

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return []

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, ())

    def _shared(self, *args: Any) -> None:
        raise TypeError("a shared empty list is read-only")

    append = extend = insert = pop = remove = clear = sort = reverse = _shared  # type: ignore[assignment]
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _shared  # type: ignore[assignment]


_EMPTY_PARTS = _EmptyList()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    # One shared _FieldsSet per set of names, per model class (a handful each: the fields its constructors pass).
    __shared_fields_sets__: ClassVar[dict[frozenset[str], _FieldsSet]]
    __valid_template__: ClassVar["_Template | None"]  # what valid_model fills this class's fields from

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.__shared_fields_sets__ = {}
        cls.__valid_template__ = None

    def model_post_init(self, context: Any, /) -> None:
        _share_fields_set(self)

    def _built(self) -> None:
        """What :func:`valid_model` does after filling the fields, as ``model_post_init`` does after validation
        (beyond sharing the fields set, which valid_model does)."""

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        copied = super().model_copy(update=update, deep=deep)
        _share_fields_set(copied)
        return copied

    def __setattr__(self, name: str, value: Any) -> None:
        if type(self.__pydantic_fields_set__) is not _FieldsSet:
            super().__setattr__(name, value)
            return
        # pydantic adds the name to the set: a mutable copy for it, then the shared set of the names it now has
        object.__setattr__(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        super().__setattr__(name, value)
        _share_fields_set(self)


_M = TypeVar("_M", bound=_Model)


def _share_fields_set(model: _Model) -> None:
    names = model.__pydantic_fields_set__
    if type(names) is _FieldsSet:
        return
    object.__setattr__(model, "__pydantic_fields_set__", _shared_fields_set(type(model), names))


def _shared_fields_set(cls: type[_Model], names: Any) -> _FieldsSet:
    table = cls.__shared_fields_sets__
    key = frozenset(names)
    shared = table.get(key)
    if shared is None:
        shared = table[key] = _FieldsSet(key)
    return shared


_new_object = object.__new__
_set_slot = object.__setattr__


class _Template:
    """What :func:`valid_model` fills a model's fields from: its fields in order with their plain defaults, those
    with a default factory, its private attributes' factories."""

    __slots__ = ("defaults", "factories", "private", "required")

    def __init__(self, cls: type[_Model]) -> None:
        self.defaults: dict[str, Any] = {}
        self.factories: list[tuple[str, Any]] = []
        self.required: frozenset[str] = frozenset(n for n, info in cls.model_fields.items() if info.is_required())
        for name, info in cls.model_fields.items():
            if info.default_factory is not None:
                self.factories.append((name, info.default_factory))
                self.defaults[name] = None  # the factory's value replaces it (keeps the field's place)
            elif info.is_required() or info.default is None or isinstance(info.default, (str, int, float, bool)):
                self.defaults[name] = info.default  # required: the caller gives it (PydanticUndefined meanwhile)
            else:
                raise TypeError(f"{cls.__name__}.{name}: a default valid_model would share between instances")
        self.private: list[tuple[str, Callable[[], Any]]] = []
        for name, attr in cls.__private_attributes__.items():
            factory = attr.default_factory
            if factory is None or attr.default_factory_takes_validated_data:
                raise TypeError(f"{cls.__name__}.{name}: a private attribute without a plain default factory")
            self.private.append((name, cast("Callable[[], Any]", factory)))


def _misnamed(template: _Template, values: dict[str, Any]) -> str:
    """What :func:`valid_model` found wrong with the names of ``values``."""
    problems = []
    if unknown := sorted(values.keys() - template.defaults.keys()):
        problems.append("no field " + ", ".join(unknown))
    if missing := sorted(template.required - values.keys()):
        problems.append("required " + ", ".join(missing) + " not given")
    return "; ".join(problems)


def valid_model(cls: type[_M], values: dict[str, Any]) -> _M:
    """``cls(**values)`` for values that its validation would keep exactly as they are, built without it: every
    required field given, each value of its field's type as validation returns it (a member of an enum, not its
    string; a float, not an int; a fresh list of validated models), every constraint met; fields not given take
    their defaults. The result is what the validating constructor gives (the same ``__dict__``, fields set and
    private attributes, one shared fields set as :func:`_share_fields_set` makes), at a fifth of its cost, for the
    models a run makes by the ten thousand (spans, the local engine's entities and facts). Not
    ``model_construct``, which is slower than validating in the installed pydantic.

    Trust: nothing here checks the values themselves, only their names (a name the model does not have, or a
    required field left out, is a :class:`TypeError`, as a typo in the calling code is). Only the deterministic local
    engine (:mod:`summarizer.engines.local`) may call it, on values its own code made; a model's answer, a cache
    entry, a saved brief or anything else read from outside goes through the validating constructor or
    ``model_validate``
    (``tests/test_models.py`` holds the callers to that package)."""
    template = cls.__valid_template__
    if template is None:
        template = cls.__valid_template__ = _Template(cls)
    fields = template.defaults.copy()
    if not (template.required <= values.keys() and values.keys() <= fields.keys()):
        raise TypeError(f"valid_model({cls.__name__}): {_misnamed(template, values)}")
    fields.update(values)
    for name, factory in template.factories:
        if name not in values:
            fields[name] = factory()
    model = _new_object(cls)
    _set_slot(model, "__dict__", fields)
    _set_slot(model, "__pydantic_fields_set__", _shared_fields_set(cls, values))
    _set_slot(model, "__pydantic_extra__", None)
    _set_slot(model, "__pydantic_private__", {name: f() for name, f in template.private} if template.private else None)
    model._built()
    return model


class Derived:
    """A slot for data a stage derives from a model's fields (the text layer's annotations of an article or of a
    fact's sentence). It is never serialised, never compared (two models with equal fields are equal whether or not
    one was annotated) and is shared by ``model_copy`` copies, which is safe because its reader checks that it was
    derived from the copy's own text (see :func:`summarizer.text.annotate.doc_of`)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: Any = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Derived)

    __hash__ = None  # type: ignore[assignment]

    def __deepcopy__(self, memo: dict[int, Any]) -> "Derived":
        return Derived()


# --------------------------------------------------------------------------------------------------------------------
# Spans
# --------------------------------------------------------------------------------------------------------------------


class Span(_Model):
    """A character interval ``[start, end)`` in the text of source ``source``, with the text it covers."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    source: str = Field(description="Source id, e.g. 'S1'.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        if self.end - self.start != len(self.quote):
            raise ValueError("span length does not match its quote")
        return self

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.source == other.source and self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.source == other.source and self.start <= other.start and other.end <= self.end


def _valid_span(source: str, start: int, end: int, quote: str) -> Span:
    """``Span(source=..., start=..., end=..., quote=...)`` for offsets into a text and the text between them
    (:func:`valid_model` for the model a run makes most of, written out: a third of its cost). Only
    :meth:`Article.span` calls it, once it has checked what Span's validation checks."""
    span = _new_object(Span)
    _set_slot(span, "__dict__", {"source": source, "start": start, "end": end, "quote": quote})
    _set_slot(span, "__pydantic_fields_set__", _SPAN_FIELDS)
    _set_slot(span, "__pydantic_extra__", None)
    _set_slot(span, "__pydantic_private__", None)
    return span


_SPAN_FIELDS = _shared_fields_set(Span, ("source", "start", "end", "quote"))

Citation = Span
"""A citation is a span of a source: ``{"source", "start", "end", "quote"}`` in the JSON contract."""


class AlignmentStatus(StrEnum):
    """How a quoted piece of evidence was found in the source text."""

    EXACT = "exact"  # verbatim
    NORMALIZED = "normalized"  # equal after folding whitespace, quote marks, dashes and case
    FUZZY = "fuzzy"  # a close match (rapidfuzz), e.g. a word changed or dropped
    NOT_FOUND = "not_found"


class Alignment(_Model):
    """The result of locating ``query`` in a source: a status, the span found (if any) and a 0..100 score."""

    query: str
    status: AlignmentStatus
    span: Span | None = None
    score: float = Field(default=0.0, ge=0.0, le=100.0)
    reason: str = ""

    @property
    def found(self) -> bool:
        return self.span is not None


class Region(_Model):
    """A stretch of an article's text that is not article body (navigation, bylines, bot blurbs, footers...)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: str = Field(description="What it is: 'boilerplate', 'header', 'byline', 'dateline', 'caption', 'table'...")
    reason: str = ""


# --------------------------------------------------------------------------------------------------------------------
# Articles and sources
# --------------------------------------------------------------------------------------------------------------------


class ArticleFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


FlagLevel = Literal["info", "caution", "warning"]
"""How much a flag matters to a reader: ``warning`` (shown red) puts the source's content itself in doubt,
``caution`` asks for care, ``info`` is worth knowing but common (no byline, no date)."""


class Flag(_Model):
    """A reliability flag on a source, with the spans of its own text that show it."""

    kind: str = Field(description="e.g. 'automated-content', 'no-byline', 'no-date', 'late-date', 'anonymous-sources'.")
    detail: str
    citations: list[Citation] = Field(default_factory=empty_list)
    weight: float = Field(default=1.0, description="Multiplier applied to the source's weight in composition.")
    level: FlagLevel = Field(
        default="caution",
        description="'warning', 'caution' or 'info'. Briefs written before levels existed omit it: readers then "
        "use the kind's level (summarizer.story.flags.flag_level).",
    )


class Article(_Model):
    """One ingested input. ``text`` is the decoded text exactly as read (or the converted text for HTML/stdin)."""

    id: str
    path: str
    text: str
    sha256: str = Field(description="SHA-256 of the raw input bytes.")
    encoding: str = Field(description="Python codec name that decodes the file's bytes to `text` (or of the input).")
    encoding_confidence: float = 1.0
    format: ArticleFormat = ArticleFormat.TEXT
    converted: bool = Field(default=False, description="True when `text` is not the decoded file (HTML, stdin).")
    title: str | None = None
    publisher: str | None = None
    authors: list[str] = Field(default_factory=empty_list)
    published: dt.date | None = None
    dateline: str | None = None
    meta: dict[str, Span] = Field(
        default_factory=dict, description="Where each metadata field was read: 'title', 'published', 'byline'..."
    )
    regions: list[Region] = Field(default_factory=empty_list, description="Non-body regions, sorted by start.")
    flags: list[Flag] = Field(default_factory=empty_list)
    _annotations: Derived = PrivateAttr(default_factory=Derived)  # the text layer's Doc (summarizer.text.annotate)
    language: str | None = Field(default=None, description="ISO 639-1 code of the detected language, if known.")
    notes: list[str] = Field(
        default_factory=empty_list, description="What a reader should know about how it was read (guessed encoding...)."
    )
    url: str | None = Field(default=None, description="The article's address, when the input gave one (JSON Lines).")
    origin: str | None = Field(
        default=None, description="Where a JSON Lines article was read: 'feed.jsonl#17' (file and 1-based line)."
    )

    def span(self, start: int, end: int, text: str | None = None) -> Span:
        """The span ``[start, end)`` of this article's text. ``text``: a string the caller holds that may be exactly
        that stretch (a sentence's or a match's text); when it is, the span quotes that string instead of a new copy
        (a run keeps tens of thousands of spans); when it is not, it is ignored. Safe on any offsets: int offsets
        inside the text give the span without running Span's validation (they meet it); others are validated."""
        if text is None or len(text) != end - start or not self.text.startswith(text, start):
            text = self.text[start:end]
        if type(start) is int and type(end) is int and 0 <= start <= end <= len(self.text):
            return _valid_span(self.id, start, end, text)  # what Span's validation checks holds
        return Span(source=self.id, start=start, end=end, quote=text)

    def is_body(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` does not overlap any non-body region."""
        return not any(r.start < end and start < r.end for r in self.regions)


class Source(_Model):
    """A source as the brief lists it (JSON contract ``sources[]``)."""

    id: str
    path: str
    sha256: str
    encoding: str
    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    authors: list[str] = Field(default_factory=empty_list)
    dateline: str | None = None
    format: ArticleFormat = ArticleFormat.TEXT
    flags: list[Flag] = Field(default_factory=empty_list)
    weight: float = 1.0
    text: str | None = Field(default=None, description="Present when offsets index converted text (HTML, stdin).")
    language: str | None = Field(default=None, description="ISO 639-1 code of the detected language, if known.")
    notes: list[str] = Field(default_factory=empty_list, description="How it was read: guessed encoding, language...")
    url: str | None = Field(default=None, description="The article's address, when the input gave one (JSON Lines).")
    origin: str | None = Field(
        default=None,
        description="A JSON Lines article: its file and 1-based line, 'feed.jsonl#17' (`path` is then the record's "
        "id, or this). None for files.",
    )

    @classmethod
    def from_article(cls, article: Article, weight: float = 1.0) -> "Source":
        return cls(
            id=article.id,
            path=article.path,
            sha256=article.sha256,
            encoding=article.encoding,
            title=article.title,
            publisher=article.publisher,
            published=article.published,
            authors=list(article.authors),
            dateline=article.dateline,
            format=article.format,
            flags=list(article.flags),
            weight=weight,
            text=article.text if article.converted else None,
            language=article.language,
            notes=list(article.notes),
            url=article.url,
            origin=article.origin,
        )


# --------------------------------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------------------------------


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    GROUP = "group"  # e.g. "Iranian-backed militants", "two U.S. officials"
    OTHER = "other"


class Entity(_Model):
    """A named person, organisation, place or group, as written in the source."""

    name: str
    kind: EntityKind = EntityKind.OTHER
    evidence: list[Span] = Field(default_factory=empty_list)


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    FEWER_THAN = "fewer_than"
    ABOUT = "about"
    UP_TO = "up_to"
    SEVERAL = "several"  # vague amounts: "several", "a number of", "dozens of"


class Figure(_Model):
    """A number and what it counts: "at least 10 missiles" -> value 10, qualifier at_least, counts "missiles"."""

    text: str = Field(description="The figure as written, e.g. 'at least 10 missiles'.")
    value: float | None = Field(default=None, description="Numeric value; None for vague amounts ('several').")
    qualifier: Qualifier = Qualifier.EXACT
    counts: str | None = Field(default=None, description="What is counted, e.g. 'missiles', 'U.S. troops'.")
    unit: str | None = Field(default=None, description="Unit for measures: 'km', 'percent', 'USD'...")
    evidence: list[Span] = Field(default_factory=empty_list)


class When(_Model):
    """A date or time as written, and resolved against the article's publication date where possible."""

    text: str = Field(description="As written: 'Saturday', 'Jan. 20', 'late Monday', '6:30 p.m.'.")
    date: dt.date | None = Field(default=None, description="Resolved calendar date, if it can be resolved.")
    time: str | None = Field(default=None, description="Clock time as HH:MM (24h) when stated.")
    part_of_day: str | None = Field(default=None, description="'early', 'late', 'morning', 'night'... when stated.")
    precision: Literal["time", "day", "week", "month", "year", "unresolved"] = Field(
        default="unresolved", description="'week': ``date`` is the Monday of the week ('last week', 'this week')."
    )
    evidence: list[Span] = Field(default_factory=empty_list)


class Quote(_Model):
    """Words inside quotation marks in the source, and who said them if the source says."""

    text: str = Field(description="The quoted words, verbatim, without the quotation marks.")
    speaker: str | None = None
    evidence: list[Span] = Field(default_factory=empty_list)


class Attribution(_Model):
    """Who the source says the statement comes from: 'Centcom said', 'according to two U.S. officials'."""

    speaker: str
    verb: str | None = Field(default=None, description="'said', 'told Reuters', 'according to', 'claimed'...")
    anonymous: bool = Field(default=False, description="An unnamed source ('a U.S. official', 'officials').")
    evidence: list[Span] = Field(default_factory=empty_list)


class FactKind(StrEnum):
    EVENT = "event"  # something happened (stated by the outlet itself)
    CLAIM = "claim"  # a statement attributed to someone
    QUOTE = "quote"  # a direct quotation with a speaker
    CONTEXT = "context"  # background, earlier events, analysis


class CheckStatus(StrEnum):
    SUPPORTED = "supported"
    NEAR_MISS = "near_miss"  # almost verbatim (a quote with edits, a spelling variant)
    UNSUPPORTED = "unsupported"
    CONTRADICTED = "contradicted"  # the evidence states a different value
    MISATTRIBUTED = "misattributed"  # the evidence attributes it to someone else


class FieldCheck(_Model):
    """The verdict on one field of a fact against its evidence."""

    field: str = Field(description="Which field: 'evidence', 'figures[0]', 'when[1]', 'who[0]', 'attribution'...")
    value: str
    status: CheckStatus
    reason: str = ""
    spans: list[Span] = Field(default_factory=empty_list)


class Verification(_Model):
    """All field checks of one fact; ``status`` is the worst of them."""

    status: CheckStatus
    checks: list[FieldCheck] = Field(default_factory=empty_list)

    @property
    def ok(self) -> bool:
        return self.status == CheckStatus.SUPPORTED

    def failures(self) -> list[FieldCheck]:
        return [c for c in self.checks if c.status != CheckStatus.SUPPORTED]


class Fact(_Model):
    """One statement of one article, with its structured parts. ``evidence`` holds at least one span."""

    id: str = Field(description="Unique in the brief, e.g. 'S1.F3'.")
    source: str
    kind: FactKind = FactKind.EVENT
    text: str = Field(description="The statement. The local engine uses the source sentence verbatim.")
    attribution: Attribution | None = None
    who: list[Entity] = Field(default_factory=empty_list, description="People, organisations and groups involved.")
    where: list[Entity] = Field(default_factory=empty_list, description="Places.")
    when: list[When] = Field(default_factory=empty_list)
    figures: list[Figure] = Field(default_factory=empty_list)
    quotes: list[Quote] = Field(default_factory=empty_list)
    evidence: list[Span] = Field(min_length=1)
    verification: Verification | None = None
    salience: float = Field(default=0.0, description="Engine's estimate of importance within the article, 0..1.")
    _annotations: Derived = PrivateAttr(default_factory=Derived)  # its sentence's annotations, when extracted
    _PART_LISTS: ClassVar[tuple[str, ...]] = ("who", "where", "when", "figures", "quotes")

    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
        self._built()

    def _built(self) -> None:
        fields = self.__dict__
        for name in self._PART_LISTS:  # an empty one: the shared read-only empty list (see _EmptyList)
            if not fields[name] and type(fields[name]) is list:
                fields[name] = _EMPTY_PARTS

    @property
    def date(self) -> dt.date | None:
        """The first resolved date of the fact, if any."""
        return next((w.date for w in self.when if w.date is not None), None)


class Usage(_Model):
    """Token usage of model calls (summed across retries)."""

    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def add(self, other: "Usage") -> "Usage":
        return Usage(
            calls=self.calls + other.calls,
            cached_calls=self.cached_calls + other.cached_calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )


class Rejected(_Model):
    """Something that was not let into the brief, and why."""

    text: str
    reason: str
    stage: Literal["extract", "verify", "compose", "group"] = "verify"
    source: str | None = None
    fact_id: str | None = None
    citations: list[Citation] = Field(default_factory=empty_list)


class Extraction(_Model):
    """What an engine extracted from one article (before or after verification)."""

    source: str
    facts: list[Fact] = Field(default_factory=empty_list)
    rejected: list[Rejected] = Field(default_factory=empty_list)
    usage: Usage | None = None


# --------------------------------------------------------------------------------------------------------------------
# Verification of sentences
# --------------------------------------------------------------------------------------------------------------------


class SupportLabel(StrEnum):
    SUPPORTED = "supported"
    UNSUPPORTED = "unsupported"
    CONTRADICTED = "contradicted"


class SupportResult(_Model):
    """Does a claim follow from the given text/spans? A label, a score in [0, 1] and the best supporting spans."""

    label: SupportLabel
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[Span] = Field(default_factory=empty_list)
    reason: str = ""

    @property
    def supported(self) -> bool:
        return self.label == SupportLabel.SUPPORTED


# --------------------------------------------------------------------------------------------------------------------
# The brief
# --------------------------------------------------------------------------------------------------------------------


class BriefSentence(_Model):
    """A sentence of the brief with its citations; ``support`` counts the distinct sources cited."""

    text: str
    citations: list[Citation] = Field(min_length=1)
    support: int = Field(default=1, ge=1, description="How many distinct sources support the sentence.")
    sources: list[str] = Field(default_factory=empty_list, description="Distinct source ids cited, in citation order.")
    fact_ids: list[str] = Field(default_factory=empty_list)
    kind: Literal["lead", "fact", "context", "caution"] = "fact"
    note: str | None = Field(default=None, description="e.g. 'according to Reuters alone' when one source says it.")
    loaded_terms: list[str] = Field(
        default_factory=empty_list,
        description="Loaded or emotive words outside quotation marks (neutral-language lint).",
    )
    check: SupportResult | None = None

    @model_validator(mode="after")
    def _derive_sources(self) -> "BriefSentence":
        ids = list(dict.fromkeys(c.source for c in self.citations))
        if not self.sources:
            object.__setattr__(self, "sources", ids)
        object.__setattr__(self, "support", max(1, len(ids)))
        return self


class Standing(_Model):
    """How much one source of a conflict's position counts: its weight and its reliability flags."""

    source: str
    name: str | None = Field(default=None, description="The outlet, when known.")
    weight: float = 1.0
    flags: list[str] = Field(
        default_factory=empty_list, description="Kinds of the source's flags ('automated-content'...)."
    )
    low: bool = Field(default=False, description="Weighted below the low-standing threshold (0.5).")
    label: str = Field(default="", description="How the brief names it: 'S2, an AI-written source'.")


class Position(_Model):
    """One side of a conflict: what a group of sources says, with its spans."""

    text: str
    citations: list[Citation] = Field(min_length=1)
    sources: list[str] = Field(default_factory=empty_list)
    value: str | None = Field(default=None, description="The normalised value this position holds, if any.")
    standing: list[Standing] = Field(
        default_factory=empty_list,
        description="Each source of the position with its weight and flags (``sources`` order).",
    )

    @model_validator(mode="after")
    def _derive_sources(self) -> "Position":
        if not self.sources:
            object.__setattr__(self, "sources", list(dict.fromkeys(c.source for c in self.citations)))
        return self


class Conflict(_Model):
    """Sources disagree about ``about``; each position keeps its own citations."""

    about: str
    kind: str = Field(default="value", description="'count', 'date', 'time', 'responsibility', 'value'...")
    positions: list[Position] = Field(min_length=2)
    scope: str | None = Field(
        default=None, description="The period and place every position is about, when stated ('in March 2025')."
    )
    note: str | None = Field(
        default=None,
        description="Set when the other positions rest only on low-standing sources: 'disputed only by S2, an "
        "AI-written source'.",
    )


class Story(_Model):
    """One incident or development, with its cited sentences, background, conflicts and rejected material."""

    id: str
    headline: str
    headline_citations: list[Citation] = Field(
        default_factory=empty_list, description="The span(s) the headline rests on (a source's title or the lead)."
    )
    date: dt.date | None = None
    sources: list[str] = Field(default_factory=empty_list)
    sentences: list[BriefSentence] = Field(default_factory=empty_list)
    context: list[BriefSentence] = Field(
        default_factory=empty_list, description="Background: earlier events, analysis."
    )
    conflicts: list[Conflict] = Field(default_factory=empty_list)
    rejected: list[Rejected] = Field(default_factory=empty_list)

    def cited_sources(self) -> list[str]:
        """Distinct source ids used by any citation of the story, in first-use order."""
        cites = [c for s in [*self.sentences, *self.context] for c in s.citations]
        cites += [c for k in self.conflicts for p in k.positions for c in p.citations]
        return list(dict.fromkeys(c.source for c in cites))


class EngineInfo(_Model):
    name: str
    model: str | None = None
    usage: Usage | None = None
    mode: str | None = None  # LLM engine: the structured-output mode used (auto resolved), e.g. "json_object"
    mode_reason: str | None = None  # why that mode: "configured", "default for openai", "auto: json_object (probed)..."


class FileError(_Model):
    """An input that could not be used, or a story that could not be written, and why.

    ``problem`` is a short kind: 'empty', 'missing', 'binary', 'duplicate', ... for inputs, 'engine-failed' when the
    engine failed on an article, 'compose-failed' when it failed on a story (then ``story`` names the story and
    ``path`` lists its sources' paths)."""

    path: str
    problem: str
    message: str
    story: str | None = None


class StageStats(_Model):
    """What one pipeline stage did in a run: counts of what it produced and the CPU and wall-clock seconds it took.

    Reported to the ``on_stage`` callback of :func:`summarizer.brief`; not part of the brief's JSON."""

    stage: str = Field(description="'read', 'flag', 'extract', 'verify', 'group', 'conflicts', 'compose', 'check'.")
    counts: dict[str, int] = Field(default_factory=dict, description="e.g. {'facts kept': 40, 'facts rejected': 3}.")
    cpu_seconds: float = Field(ge=0.0, description="Process CPU time (user + system) spent in the stage.")
    wall_seconds: float = Field(ge=0.0)


ReviewVerdict = Literal["approved", "struck", "check-again"]


class ReviewDecision(_Model):
    """An editor's decision on one item of a brief (see :mod:`summarizer.render.apply` for the item ids)."""

    item: str = Field(
        description="'story-1/sentence-2', 'story-1/background-1', 'story-1/conflict-1' or 'source-2/flag-1'."
    )
    decision: ReviewVerdict
    note: str = ""
    reviewer: str = ""


class ReviewDecisions(_Model):
    """A decisions file as the review page exports it: the brief it was made on and one decision per item."""

    brief_sha256: str = Field(description="SHA-256 of the brief's JSON (Brief.model_dump_json()), hex.")
    decisions: list[ReviewDecision] = Field(default_factory=empty_list)


class ReviewedItem(_Model):
    """One reviewable item and what the review made of it."""

    item: str
    kind: Literal["sentence", "background", "conflict", "flag"]
    text: str
    citations: list[Citation] = Field(default_factory=empty_list)
    decision: ReviewVerdict | None = Field(default=None, description="None when the editor made no decision.")
    note: str = ""
    reviewer: str = ""
    outcome: Literal["kept", "removed", "not-signed-off"]
    reason: str = Field(default="", description="Why an item is not signed off, e.g. a citation that does not match.")


class Review(_Model):
    """The sign-off of a brief: whose decisions on which brief, and every item's outcome."""

    brief_sha256: str
    reviewers: list[str] = Field(default_factory=empty_list)
    items: list[ReviewedItem] = Field(default_factory=empty_list)


class Brief(_Model):
    """The result of a run (JSON contract, ``schema_version`` 1)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    engine: EngineInfo
    checker: EngineInfo | None = Field(
        default=None,
        description="What judged the sentences: 'lexical', or 'llm' with the judge's model and the usage of its calls.",
    )
    sources: list[Source] = Field(default_factory=empty_list)
    stories: list[Story] = Field(default_factory=empty_list)
    rejected: list[Rejected] = Field(default_factory=empty_list, description="Rejected material outside any story.")
    warnings: list[str] = Field(default_factory=empty_list)
    errors: list[FileError] = Field(default_factory=empty_list)
    review: Review | None = Field(
        default=None, description="Present on a signed-off brief (`summarize apply`): the editor's decisions."
    )

    def source(self, source_id: str) -> "Source":
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    def citations(self) -> list[Citation]:
        """Every citation in the brief (sentences, context, conflicts, flags)."""
        out: list[Citation] = []
        for story in self.stories:
            for sent in [*story.sentences, *story.context]:
                out.extend(sent.citations)
            for conflict in story.conflicts:
                for pos in conflict.positions:
                    out.extend(pos.citations)
        for src in self.sources:
            for flag in src.flags:
                out.extend(flag.citations)
        return out


class StoryLine(_Model):
    """One line of ``summarize brief --format jsonl``: a story and every source it lists, so that the line stands
    alone (the citation contract of :class:`Brief` holds within the line)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: only jsonl runs need it

    type: Literal["story"] = "story"
    schema_version: Literal[1] = SCHEMA_VERSION
    story: Story
    sources: list[Source] = Field(default_factory=empty_list)


class RunSummary(_Model):
    """The last line of ``summarize brief --format jsonl`` (or the ``--summary`` file): how the run went. A stream
    without it is incomplete (the run was stopped or failed: the exit code says why)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: only jsonl runs need it

    type: Literal["summary"] = "summary"
    schema_version: Literal[1] = SCHEMA_VERSION
    exit_code: int = Field(description="The exit code the command returns (0 ok, 3 some inputs unusable, 6 empty...).")
    engine: EngineInfo
    checker: EngineInfo | None = Field(
        default=None, description="What judged the sentences, as in the brief's `checker` (with the judge's usage)."
    )
    usage: Usage | None = Field(default=None, description="Model usage (LLM engine), as in `engine.usage`.")
    stories: int = Field(default=0, description="How many story lines were written before this one.")
    sentences: int = 0
    sources: list[Source] = Field(
        default_factory=empty_list,
        description="The sources no story line carried (e.g. those nothing could be said about).",
    )
    rejected: list[Rejected] = Field(default_factory=empty_list, description="Rejected material outside any story.")
    warnings: list[str] = Field(default_factory=empty_list)
    errors: list[FileError] = Field(default_factory=empty_list)


# --------------------------------------------------------------------------------------------------------------------
# Composition (engine <-> pipeline)
# --------------------------------------------------------------------------------------------------------------------


class StoryPlan(_Model):
    """What an engine is given to compose one story: verified facts, grouped, with source weights."""

    id: str
    date: dt.date | None = None
    facts: list[Fact] = Field(description="Verified facts of the story's incident, most central first.")
    context: list[Fact] = Field(default_factory=empty_list, description="Verified background facts.")
    conflicts: list[Conflict] = Field(default_factory=empty_list)
    source_weights: dict[str, float] = Field(default_factory=dict)
    source_names: dict[str, str] = Field(default_factory=dict, description="Source id -> outlet name for attribution.")
    source_titles: dict[str, str] = Field(default_factory=dict, description="Source id -> the article's title.")
    max_sentences: int = 6


class DraftSentence(_Model):
    """A sentence proposed by an engine. The pipeline checks it against the cited facts' spans before accepting it."""

    text: str
    fact_ids: list[str] = Field(default_factory=empty_list)
    citations: list[Citation] = Field(default_factory=empty_list)
    kind: Literal["lead", "fact", "context", "caution"] = "fact"


class ComposedStory(_Model):
    """An engine's composition of a story: a headline and draft sentences (verified afterwards)."""

    headline: str
    sentences: list[DraftSentence] = Field(default_factory=empty_list)
    rejected: list[Rejected] = Field(
        default_factory=empty_list, description="Drafts the engine itself refused (e.g. citing unknown fact ids)."
    )
