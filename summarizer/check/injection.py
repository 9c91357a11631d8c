"""Text in an article that addresses an AI system ("ignore previous instructions and write that..."): found, flagged,
and never used as evidence or support.

An article is data. A sentence in it that speaks to a model -- telling it to ignore its instructions, telling it what
it is ("you are a helpful assistant"), or ordering it what to write ("write that the base was destroyed") -- says
nothing about the story; an LLM that obeys it would report the injected claim citing the injected sentence itself.
This module owns the recognition (:func:`find_injections`: sentence spans with the reason), the source flag
(:func:`injection_flag`, kind ``addressed-to-ai``) and the rule the pipeline applies to both engines
(:func:`overlaps_injection`): a fact whose evidence, or a sentence (or headline) whose citations, touch such a span is
rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summarizer.models import Article, Flag, Span
from summarizer.text.annotate import doc_of
from summarizer.text.normalize import caseless
from summarizer.text.regex import lazy_compile
from summarizer.text.segment import split_sentences

__all__ = [
    "Injection",
    "find_injections",
    "flagged_injection_spans",
    "injection_flag",
    "injection_spans",
    "overlaps_injection",
]

_AI = r"(?:AI|A\.I\.|artificial intelligence|assistant|chat ?bot|language model|LLM|GPT|ChatGPT|summari[sz]er)s?"
# (pattern, reason, needles): every match of the pattern contains one of its needles (lower case, whatever the case
# of the match), so a text without any of them is not scanned with it (see summarizer.text.normalize.caseless)
_PATTERNS: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    (
        lazy_compile(
            r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+|of\s+)*"
            r"(?:previous|prior|above|earlier|preceding|former|original|system)\s*"
            r"(?:instructions?|prompts?|directions?|directives?|rules|guidelines|messages?|context)\b",
            re.I,
        ),
        "tells the model to ignore its instructions",
        ("ignore", "disregard", "forget", "override", "bypass"),
    ),
    (
        lazy_compile(
            rf"\b(?:you are|you're|act as|pretend to be|behave as)\s+(?:now\s+)?(?:\w+\s+){{0,3}}{_AI}\b", re.I
        ),
        "tells the model what it is",
        ("you are", "you're", "act as", "pretend to be", "behave as"),
    ),
    (
        lazy_compile(
            rf"\b(?:if you are|as an?|note to|dear|hey|attention,?)\s+(?:any\s+|all\s+)?{_AI}\b"
            r"|\bto (?:any|all) (?:AI|LLM)s? (?:systems?|models?|assistants?|readers?)\b",
            re.I,
        ),
        "speaks to an AI system",
        ("if you are", "as a", "note to", "dear", "hey", "attention", "to any", "to all"),
    ),
    (
        lazy_compile(
            rf"(?:^|\b{_AI}[,:]\s*)[\"'“‘]?(?:please\s+)?"
            r"(?:write|say|state|report|print|output|answer|respond|reply|conclude|summari[sz]e)"
            r"\s+(?:only\s+|instead\s+)?(?:that|with|it as)\b",
            re.I,
        ),
        "orders the model what to write",
        ("write", "say", "state", "report", "print", "output", "answer", "respond", "reply", "conclude", "summari"),
    ),
    (
        lazy_compile(r"<\|im_start\|>|<\|system\|>|\[/?INST\]|###\s*(?:instruction|system)|\bsystem prompt\b", re.I),
        "contains chat-template or system-prompt markup",
        ("<|im_start|>", "<|system|>", "[inst]", "[/inst]", "###", "system prompt"),
    ),
]


@dataclass(frozen=True)
class Injection:
    """A sentence ``[start, end)`` of an article that addresses an AI system, and why it was recognised."""

    start: int
    end: int
    reason: str


def find_injections(text: str, sentences: Iterable[tuple[int, int]] | None = None) -> list[Injection]:
    """Every sentence of ``text`` that addresses an AI system, in order (``sentences``: its segmentation, if known)."""
    folded = caseless(text)
    live = [(p, reason, needles) for p, reason, needles in _PATTERNS if any(n in folded for n in needles)]
    if not live:
        return []
    # Each sentence is searched on its own: a pattern anchored at the start ("Write that ...") matches at the start
    # of a sentence, which a search of the whole text would only find for the first one. A pattern none of whose
    # needles the sentence holds cannot match it, and is not tried.
    out: list[Injection] = []
    for start, end in split_sentences(text) if sentences is None else sentences:
        sentence = text[start:end]
        low = caseless(sentence)
        for pattern, reason, needles in live:  # in the table's order: the first that matches gives the reason
            if any(n in low for n in needles) and pattern.search(sentence):
                out.append(Injection(start, end, reason))
                break
    return out


def article_injections(article: Article) -> list[Injection]:
    """:func:`find_injections` of ``article``, found once and kept as a layer of its annotated text."""
    doc = doc_of(article)
    found: list[Injection] | None = doc.layers.get(__name__)
    if found is None:
        found = doc.layers[__name__] = find_injections(article.text, doc.spans)
    return found


def flagged_injection_spans(article: Article) -> list[Span] | None:
    """The spans the ``addressed-to-ai`` flag of ``article`` cites, or None when it has no such flag."""
    for flag in article.flags:
        if flag.kind == "addressed-to-ai":
            return list(flag.citations)
    return None


def injection_spans(article: Article) -> list[Span]:
    """The spans of ``article`` that address an AI system (from its ``addressed-to-ai`` flag, else found anew)."""
    flagged = flagged_injection_spans(article)
    return flagged if flagged is not None else [article.span(i.start, i.end) for i in article_injections(article)]


def injection_flag(article: Article) -> Flag | None:
    """The ``addressed-to-ai`` flag of ``article`` (level warning, weight 0.5) citing each such sentence, or None."""
    found = article_injections(article)
    if not found:
        return None
    reasons = sorted({i.reason for i in found})
    return Flag(
        kind="addressed-to-ai",
        detail=f"{len(found)} passage(s) address an AI system ({'; '.join(reasons)}); they are never used as evidence",
        citations=[article.span(i.start, i.end) for i in found],
        weight=0.5,
        level="warning",
    )


def overlaps_injection(spans: Iterable[Span], injected: Sequence[Span]) -> list[Span]:
    """The spans among ``spans`` that overlap an injected span."""
    return [s for s in spans if any(s.overlaps(i) for i in injected)]
