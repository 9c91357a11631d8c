"""The story headline: cleaned of site furniture, neutral, and cited to the span it rests on.

Owns :func:`clean_title` (an outlet's title without its site suffix or label prefix: "| DW | 19.01.2020",
"- Reuters", "Disaster:", "Good News:") and :func:`ground_headline`, which the pipeline applies to whatever headline
an engine proposes (local or LLM): the headline is kept only when it is free of loaded wording (the neutrality lint of
:mod:`summarizer.story.neutral`) and found verbatim in one of the story's sources, and it is returned with that
citation. Otherwise the story's lead sentence (cited already) gives the headline, cut at a word boundary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.models import Article, BriefSentence, Citation
from summarizer.story.neutral import loaded_terms
from summarizer.text.regex import lazy_compile

__all__ = ["MAX_WORDS", "clean_title", "ground_headline"]

MAX_WORDS = 16
_SEPARATORS = lazy_compile(r"\s+(?:\||–|—|-|::|•)\s+")
_LABEL = lazy_compile(r"^(?:[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)?)\s*:\s+(?=[A-Z0-9“\"'‘])")  # "Good News: ..."
_DATEISH = lazy_compile(r"^\d{1,4}(?:[./-]\d{1,2}){1,2}(?:[./-]\d{2,4})?$")


def _is_furniture(part: str) -> bool:
    """A trailing title part that names the site or a date, not the story ("DW", "19.01.2020", "Reuters")."""
    words = part.split()
    if not words or len(words) > 4:
        return False
    if _DATEISH.match(part.strip()):
        return True
    return all(w[:1].isupper() or w[:1].isdigit() for w in words) and not part.rstrip().endswith((".", "?", "!"))


def clean_title(title: str) -> str:
    """``title`` without trailing site/date parts and a short leading label ("Breaking: ..."); never empty if the
    title is not."""
    text = " ".join(title.split())
    while True:
        parts = _SEPARATORS.split(text)
        if len(parts) < 2 or not _is_furniture(parts[-1]):
            break
        m = list(_SEPARATORS.finditer(text))[-1]
        text = text[: m.start()].rstrip()
    label = _LABEL.match(text)
    if label and len(text) - label.end() > 20:
        text = text[label.end() :]
    return text or " ".join(title.split())


def _find(text: str, articles: Sequence[Article]) -> Citation | None:
    for a in articles:
        meta = a.meta.get("title")
        starts = [meta.start] if meta is not None else []
        for base in [*starts, 0]:
            i = a.text.find(text, base)
            if i != -1:
                return a.span(i, i + len(text))
    return None


def _from_lead(lead: BriefSentence) -> tuple[str, list[Citation]]:
    own = lead.citations[0]
    words = list(re.finditer(r"\S+", own.quote))
    cut = words[min(len(words), MAX_WORDS) - 1].end() if words else len(own.quote)
    while cut > 0 and own.quote[cut - 1] in ",;:—-–":
        cut -= 1
    quote = own.quote[:cut]
    span = Citation(source=own.source, start=own.start, end=own.start + len(quote), quote=quote)
    return quote + ("…" if len(words) > MAX_WORDS else ""), [span]


def ground_headline(
    proposed: str, articles: Sequence[Article], lead: BriefSentence | None
) -> tuple[str, list[Citation]]:
    """The headline to show and the spans it rests on.

    ``proposed`` (an engine's headline) is cleaned with :func:`clean_title`; it is kept when it has no loaded
    wording and is found verbatim in one of ``articles`` (its title first). Otherwise the lead sentence's opening
    words are used, cited to the lead's own span. Without a lead, the cleaned proposal is returned uncited.
    """
    text = clean_title(proposed) if proposed else ""
    if text and not loaded_terms(text):
        span = _find(text, articles)
        if span is not None:
            return text, [span]
    if lead is not None and lead.citations:
        return _from_lead(lead)
    return text or "Untitled story", []
