"""The LLM-facing response schemas: what the model is asked to return (and instructor validates) for extraction and
composition.

These are deliberately smaller than :mod:`summarizer.models`: the model returns *quotes* as evidence (strings), never
offsets; :mod:`summarizer.engines.llm.grounding` aligns the quotes to spans and builds :class:`~summarizer.models.Fact`.

Grounding re-asks: when a validation context carries a ``"ground"`` callable (``ExtractResponse -> list[str]``), the
response validator calls it and raises with the concrete errors, so instructor's retry re-asks the model with them.
Without that context (cache reads, salvaging the last answer) only the schema is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from summarizer.models import EntityKind, FactKind, Qualifier


class LLMEntity(BaseModel):
    name: str = Field(description="The name exactly as written in the article.")
    kind: EntityKind = EntityKind.OTHER


class LLMFigure(BaseModel):
    text: str = Field(description="The figure as written, e.g. 'at least 10 missiles'.")
    value: float | None = Field(default=None, description="Numeric value; null for vague amounts.")
    qualifier: Qualifier = Qualifier.EXACT
    counts: str | None = Field(default=None, description="What is counted, e.g. 'missiles'.")
    unit: str | None = None


class LLMWhen(BaseModel):
    text: str = Field(description="The date or time as written, e.g. 'Saturday', 'Jan. 20', '6:30 p.m.'.")
    date: str | None = Field(default=None, description="YYYY-MM-DD when it can be resolved, else null.")
    time: str | None = Field(default=None, description="HH:MM (24h) when a clock time is stated.")
    part_of_day: str | None = None


class LLMQuote(BaseModel):
    text: str = Field(description="The quoted words, verbatim, without quotation marks.")
    speaker: str | None = None


class LLMAttribution(BaseModel):
    speaker: str
    verb: str | None = Field(default=None, description="'said', 'according to', 'told Reuters'...")
    anonymous: bool = False


class LLMFact(BaseModel):
    text: str = Field(description="The statement restated neutrally in one sentence.")
    evidence: list[str] = Field(min_length=1, description="Verbatim quotes from the article supporting the fact.")
    kind: FactKind = FactKind.EVENT
    attribution: LLMAttribution | None = None
    who: list[LLMEntity] = Field(default_factory=list)
    where: list[LLMEntity] = Field(default_factory=list)
    when: list[LLMWhen] = Field(default_factory=list)
    figures: list[LLMFigure] = Field(default_factory=list)
    quotes: list[LLMQuote] = Field(default_factory=list)
    salience: float = Field(default=0.5, ge=0.0, le=1.0)


Grounder = Callable[["ExtractResponse"], list[str]]


class ExtractResponse(BaseModel):
    """The facts of one article (or one chunk of it)."""

    facts: list[LLMFact] = Field(default_factory=list)

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


class LLMSentence(BaseModel):
    text: str = Field(description="One neutral sentence.")
    fact_ids: list[str] = Field(min_length=1, description="Ids of the facts this sentence rests on.")
    kind: Literal["lead", "fact", "context", "caution"] = "fact"


class ComposeResponse(BaseModel):
    """A story: a neutral headline and sentences that cite fact ids."""

    headline: str
    sentences: list[LLMSentence] = Field(default_factory=list)
