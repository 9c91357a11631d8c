"""The LLM-facing response schemas: what the model is asked to return (and instructor validates) for extraction and
composition, and their bounds.

These are deliberately smaller than :mod:`summarizer.models`: the model returns *quotes* as evidence (strings), never
offsets; :mod:`summarizer.engines.llm.grounding` aligns the quotes to spans and builds :class:`~summarizer.models.Fact`.

Strict and bounded: every model forbids extra keys (``additionalProperties: false``), the ``facts`` and
``sentences`` lists are required (an answer such as ``{"title": ..., "description": ...}`` is invalid, never an empty
extraction), quotes and ids may not be empty or blank, and every list and string has a ``maxItems``/``maxLength``.
:func:`extract_model` and :func:`compose_model` size those bounds to the input (the article chunk, the story plan),
so a grammar-constrained server cannot run into repetition until ``max_tokens``.

Grounding re-asks: when a validation context carries a ``"ground"`` callable (``ExtractResponse -> list[str]``), the
response validator calls it and raises with the concrete errors, so instructor's retry re-asks the model with them.
Without that context (cache reads, salvaging the last answer) only the schema is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    create_model,
    model_validator,
)

from summarizer.models import EntityKind, FactKind, Qualifier

# Fixed bounds of the short fields (names, verbs, dates): far above anything a news article needs.
NAME_CHARS = 120
SHORT_CHARS = 40
FACT_TEXT_CHARS = 400
PARTS_PER_FACT = 8
EVIDENCE_PER_FACT = 3
IDS_PER_SENTENCE = 8
HEADLINE_CHARS = 160
# Bounds of the article-sized fields when no article is known (the plain classes below).
MAX_FACTS = 60
MAX_QUOTE_CHARS = 1000
MAX_SENTENCES = 20


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# Blank strings are rejected by a validator, not a JSON-schema ``pattern``: grammar converters of local servers
# (llama.cpp) read patterns as anchored regular expressions, and OpenAI's tools ignore them anyway.
NonBlank = AfterValidator(_not_blank)
Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_CHARS), NonBlank]
Short = Annotated[str, StringConstraints(max_length=SHORT_CHARS)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LLMEntity(_Strict):
    name: Name = Field(description="The name exactly as written in the article.")
    kind: EntityKind = EntityKind.OTHER


class LLMFigure(_Strict):
    text: Name = Field(description="The figure as written, e.g. 'at least 10 missiles'.")
    value: float | None = Field(default=None, description="Numeric value; null for vague amounts.")
    qualifier: Qualifier = Qualifier.EXACT
    counts: Short | None = Field(default=None, description="What is counted, e.g. 'missiles'.")
    unit: Short | None = None


class LLMWhen(_Strict):
    text: Name = Field(description="The date or time as written, e.g. 'Saturday', 'Jan. 20', '6:30 p.m.'.")
    date: Short | None = Field(default=None, description="YYYY-MM-DD when it can be resolved, else null.")
    time: Short | None = Field(default=None, description="HH:MM (24h) when a clock time is stated.")
    part_of_day: Short | None = None


class LLMQuote(_Strict):
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_QUOTE_CHARS), NonBlank] = Field(
        description="The quoted words, verbatim, without quotation marks."
    )
    speaker: Name | None = None


class LLMAttribution(_Strict):
    speaker: Name
    verb: Short | None = Field(default=None, description="'said', 'according to', 'told Reuters'...")
    anonymous: bool = False


class LLMFact(_Strict):
    text: Annotated[str, StringConstraints(min_length=1, max_length=FACT_TEXT_CHARS), NonBlank] = Field(
        description="The statement restated neutrally in one sentence."
    )
    evidence: list[Annotated[str, StringConstraints(min_length=1, max_length=MAX_QUOTE_CHARS), NonBlank]] = Field(
        min_length=1, max_length=EVIDENCE_PER_FACT, description="Verbatim quotes from the article supporting the fact."
    )
    kind: FactKind = FactKind.EVENT
    attribution: LLMAttribution | None = None
    who: list[LLMEntity] = Field(default_factory=list, max_length=PARTS_PER_FACT)
    where: list[LLMEntity] = Field(default_factory=list, max_length=PARTS_PER_FACT)
    when: list[LLMWhen] = Field(default_factory=list, max_length=PARTS_PER_FACT)
    figures: list[LLMFigure] = Field(default_factory=list, max_length=PARTS_PER_FACT)
    quotes: list[LLMQuote] = Field(default_factory=list, max_length=PARTS_PER_FACT)
    salience: float = Field(default=0.5, ge=0.0, le=1.0)


Grounder = Callable[["ExtractResponse"], list[str]]


class ExtractResponse(_Strict):
    """The facts of one article (or one chunk of it). ``facts`` is required and holds at least one fact."""

    facts: list[LLMFact] = Field(min_length=1, max_length=MAX_FACTS)

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> ExtractResponse:
        ground: Grounder | None = (info.context or {}).get("ground")
        if ground is not None:
            errors = ground(self)
            if errors:
                raise ValueError(
                    "Some facts failed verification against the article. Fix or drop exactly these, keep the "
                    "others unchanged, and copy evidence verbatim from the article:\n" + "\n".join(errors)
                )
        return self


class LLMSentence(_Strict):
    text: Annotated[str, StringConstraints(min_length=1, max_length=FACT_TEXT_CHARS), NonBlank] = Field(
        description="One neutral sentence."
    )
    fact_ids: list[Annotated[str, StringConstraints(min_length=1, max_length=SHORT_CHARS), NonBlank]] = Field(
        min_length=1, max_length=IDS_PER_SENTENCE, description="Ids of the facts this sentence rests on."
    )
    kind: Literal["lead", "fact", "context", "caution"] = "fact"


class ComposeResponse(_Strict):
    """A story: a neutral headline and sentences that cite fact ids (both required)."""

    headline: Annotated[str, StringConstraints(min_length=1, max_length=HEADLINE_CHARS), NonBlank]
    sentences: list[LLMSentence] = Field(min_length=1, max_length=MAX_SENTENCES)


def fact_bound(sentences: int) -> int:
    """At most this many facts for a chunk of ``sentences`` sentences: two per sentence plus two, within
    ``[3, MAX_FACTS]`` (a fact restates one statement; a sentence rarely holds more than two)."""
    return max(3, min(MAX_FACTS, 2 * max(1, sentences) + 2))


@cache
def extract_model(max_facts: int, max_quote_chars: int) -> type[ExtractResponse]:
    """:class:`ExtractResponse` with the article-sized bounds: at most ``max_facts`` facts, evidence and quotes at
    most ``max_quote_chars`` characters (the chunk's length, capped at ``MAX_QUOTE_CHARS``). Same name and
    validators as the base class (instructor names the tool and the schema after the class)."""
    max_facts = max(1, min(MAX_FACTS, max_facts))
    chars = max(1, min(MAX_QUOTE_CHARS, max_quote_chars))
    quote = Annotated[str, StringConstraints(min_length=1, max_length=chars), NonBlank]
    quote_model: Any = create_model(
        "LLMQuote",
        __base__=LLMQuote,
        text=(quote, Field(description="The quoted words, verbatim, without quotation marks.")),
    )
    fact_model: Any = create_model(
        "LLMFact",
        __base__=LLMFact,
        evidence=(
            list[quote],
            Field(
                min_length=1,
                max_length=EVIDENCE_PER_FACT,
                description="Verbatim quotes from the article supporting the fact.",
            ),
        ),
        quotes=(list[quote_model], Field(default_factory=list, max_length=PARTS_PER_FACT)),
    )
    model: type[ExtractResponse] = create_model(
        "ExtractResponse",
        __base__=ExtractResponse,
        __doc__=ExtractResponse.__doc__,
        facts=(list[fact_model], Field(min_length=1, max_length=max_facts)),
    )
    return model


@cache
def compose_model(max_sentences: int) -> type[ComposeResponse]:
    """:class:`ComposeResponse` with at most ``max_sentences`` sentences (the plan's limit)."""
    model: type[ComposeResponse] = create_model(
        "ComposeResponse",
        __base__=ComposeResponse,
        __doc__=ComposeResponse.__doc__,
        sentences=(list[LLMSentence], Field(min_length=1, max_length=max(1, min(MAX_SENTENCES, max_sentences)))),
    )
    return model
