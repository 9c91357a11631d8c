"""Citations an engine hands back, checked against the text exactly as read (the engine boundary).

A span is valid when its source is the article it claims to index (or a known source), its offsets lie inside that
text, and ``text[start:end] == quote``. :func:`screen_fact` and :func:`screen_citations` drop the spans that are not
and say why, so that nothing downstream (verification, support checks, renderers) ever sees an offset that does not
index its source. The pipeline calls them on every engine's output, local and LLM alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from summarizer.models import Article, Fact, Span


def span_problem(span: Span, texts: Mapping[str, str]) -> str | None:
    """Why ``span`` does not index its source in ``texts`` (source id -> text), or None when it does."""
    text = texts.get(span.source)
    if text is not None and _indexes(span, text):
        return None  # the problem's words are written only for a span that has one
    where = f"{span.source}[{span.start}:{span.end}]"
    if text is None:
        return f"{where} cites an unknown source"
    if not 0 <= span.start <= span.end <= len(text):
        return f"{where} is out of range (the text has {len(text)} characters)"
    return f"{where} quotes {_short(span.quote)!r} but the text there is {_short(text[span.start : span.end])!r}"


def _indexes(span: Span, text: str) -> bool:
    """Whether ``text[span.start:span.end] == span.quote`` with the offsets inside ``text``, told without copying
    the stretch: a quote as long as the span that ``text`` has at its start."""
    start, end, quote = span.start, span.end, span.quote
    return 0 <= start <= end <= len(text) and end - start == len(quote) and text.startswith(quote, start)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Screened:
    """The valid spans of a list, and one problem per span dropped."""

    kept: list[Span] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def screen_citations(spans: Sequence[Span], texts: Mapping[str, str]) -> Screened:
    """Split ``spans`` into those that index their source text exactly and the reasons the others do not."""
    out = Screened()
    for span in spans:
        problem = span_problem(span, texts)
        if problem is None:
            out.kept.append(span)
        else:
            out.problems.append(problem)
    return out


_PARTS = ("who", "where", "when", "figures", "quotes")  # a fact's lists of parts with evidence of their own


def _all_valid(fact: Fact, article: Article) -> bool:
    """Whether every span of ``fact`` (its evidence, its parts' and its attribution's) indexes ``article.text``."""
    source, text = article.id, article.text
    spans = [*fact.evidence, *(span for name in _PARTS for part in getattr(fact, name) for span in part.evidence)]
    if fact.attribution is not None:
        spans += fact.attribution.evidence
    return all(span.source == source and _indexes(span, text) for span in spans)


def screen_fact(fact: Fact, article: Article) -> tuple[Fact | None, list[str]]:
    """``fact`` with every span that does not index ``article.text`` removed (evidence and parts alike).

    Returns:
        (the screened fact, or None when none of its evidence is valid; the problems found, one per span dropped).
    """
    if fact.evidence and _all_valid(fact, article):
        return fact, []  # the usual case, told without building the lists of kept spans
    texts = {article.id: article.text}
    evidence = screen_citations(fact.evidence, texts)
    problems = list(evidence.problems)
    if not evidence.kept:
        return None, problems
    update: dict[str, object] = {}
    if problems:
        update["evidence"] = evidence.kept
    for name in _PARTS:
        parts = getattr(fact, name)
        screened_parts = []
        changed = False
        for part in parts:
            result = screen_citations(part.evidence, texts)
            if result.problems:
                problems.extend(result.problems)
                changed = True
                part = part.model_copy(update={"evidence": result.kept})
            screened_parts.append(part)
        if changed:
            update[name] = screened_parts
    if fact.attribution is not None:
        result = screen_citations(fact.attribution.evidence, texts)
        if result.problems:
            problems.extend(result.problems)
            update["attribution"] = fact.attribution.model_copy(update={"evidence": result.kept})
    return (fact.model_copy(update=update) if update else fact), problems
