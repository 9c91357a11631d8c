"""Signing off a brief: an editor's review decisions applied to it.

This module owns:

* :func:`brief_sha256` -- the hash that keys a review (the review page stores decisions under it, a decisions file
  names it, :func:`apply_decisions` refuses decisions made on another brief);
* :func:`review_items` -- every reviewable item of a brief with its id, in page order: ``story-1/sentence-2``,
  ``story-1/background-1`` (background sentences), ``story-1/conflict-1`` and ``source-2/flag-1`` (positions are
  1-based; the hash pins the brief, so positions are stable);
* :func:`read_decisions` -- a decisions file (``{"brief_sha256", "decisions": [{"item", "decision", "note",
  "reviewer"}]}``) parsed and checked;
* :func:`apply_decisions` -- the signed-off brief: only *approved* sentences (main and background) stay; struck ones
  are listed as removed; sentences marked *check again* or left undecided are listed as not signed off. Conflicts
  and source flags are warnings to the reader, so they stay unless struck. A story without an approved sentence is
  left out. Every citation of what stays is re-checked against the source text (``text[start:end] == quote``); an
  item whose citation no longer matches is not signed off, with the reason. Notes are kept on every item;
* :func:`render_signed_off` -- the signed-off brief as Markdown (the brief, then "Review": notes, removed in review,
  not signed off) or JSON (``Brief`` with its ``review`` field).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.models import (
    Brief,
    BriefSentence,
    Citation,
    Conflict,
    Flag,
    Review,
    ReviewDecision,
    ReviewDecisions,
    ReviewedItem,
    Story,
)
from summarizer.render.markdown import _md_escape, _one_line, render_markdown

__all__ = [
    "ItemKind",
    "ReviewItem",
    "apply_decisions",
    "brief_sha256",
    "failed_approvals",
    "item_id",
    "read_decisions",
    "render_signed_off",
    "review_items",
]

ItemKind = Literal["sentence", "background", "conflict", "flag"]
Outcome = Literal["kept", "removed", "not-signed-off"]
_STORY_KINDS: tuple[ItemKind, ...] = ("sentence", "background", "conflict")


def brief_sha256(brief: Brief) -> str:
    """SHA-256 (hex) of the brief's JSON contract, ``brief.model_dump_json()`` as UTF-8."""
    return hashlib.sha256(brief.model_dump_json().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReviewItem:
    """One reviewable item: its id, what it is, its text and citations, and where it sits in the brief."""

    id: str
    kind: ItemKind
    text: str
    citations: tuple[Citation, ...]
    story: int = -1  # 0-based story position, -1 for flags
    source: int = -1  # 0-based source position, for flags
    index: int = 0  # 0-based position within its list


def item_id(kind: ItemKind, owner: int, index: int) -> str:
    """The id of the ``index``-th item of ``kind`` of story (or, for flags, source) ``owner`` (0-based positions)."""
    if kind == "flag":
        return f"source-{owner + 1}/flag-{index + 1}"
    return f"story-{owner + 1}/{kind}-{index + 1}"


def _sentence_item(story: int, kind: ItemKind, index: int, sentence: BriefSentence) -> ReviewItem:
    return ReviewItem(item_id(kind, story, index), kind, sentence.text, tuple(sentence.citations), story, -1, index)


def _conflict_text(conflict: Conflict) -> str:
    sides = " | ".join(p.value or p.text for p in conflict.positions)
    return f"Sources disagree: {conflict.about} ({sides})"


def _flag_text(flag: Flag) -> str:
    return f"{flag.kind}: {flag.detail}"


def review_items(brief: Brief) -> list[ReviewItem]:
    """Every reviewable item of ``brief`` in page order (per story: sentences, conflicts, background; then flags)."""
    items: list[ReviewItem] = []
    for si, story in enumerate(brief.stories):
        items += [_sentence_item(si, "sentence", i, s) for i, s in enumerate(story.sentences)]
        for ki, conflict in enumerate(story.conflicts):
            cites = tuple(c for p in conflict.positions for c in p.citations)
            text = _conflict_text(conflict)
            items.append(ReviewItem(item_id("conflict", si, ki), "conflict", text, cites, si, -1, ki))
        items += [_sentence_item(si, "background", i, s) for i, s in enumerate(story.context)]
    for xi, source in enumerate(brief.sources):
        for fi, flag in enumerate(source.flags):
            cites = tuple(flag.citations)
            items.append(ReviewItem(item_id("flag", xi, fi), "flag", _flag_text(flag), cites, -1, xi, fi))
    return items


def read_decisions(raw: str | bytes, name: str = "decisions") -> ReviewDecisions:
    """Parse a decisions file. Raises :class:`~summarizer.errors.InputError` (naming ``name``) when it is not one."""
    try:
        return ReviewDecisions.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": str(exc)}
        where = ".".join(str(p) for p in first["loc"])
        detail = f"{where}: {first['msg']}" if where else first["msg"]
        raise InputError(name, f"is not a review decisions file ({detail})") from exc


def _citation_problem(citation: Citation, texts: Mapping[str, str | None], known: set[str]) -> str | None:
    if citation.source not in known:
        return f"cites {citation.source}, which the brief does not list"
    text = texts.get(citation.source)
    if text is None:
        return f"the text of {citation.source} is not available to re-check its citation"
    if text[citation.start : citation.end] != citation.quote:
        return f"its citation {citation.source} {citation.start}–{citation.end} no longer matches the source text"
    return None


def _decisions_by_item(decisions: ReviewDecisions, items: Sequence[ReviewItem], name: str) -> dict[str, ReviewDecision]:
    known = {i.id for i in items}
    unknown = [d.item for d in decisions.decisions if d.item not in known]
    if unknown:
        shown = ", ".join(repr(u) for u in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise InputError(name, f"names items this brief does not have: {shown}")
    return {d.item: d for d in decisions.decisions}  # the last decision on an item wins


def _outcome(item: ReviewItem, decision: ReviewDecision | None, problem: str | None) -> tuple[Outcome, str]:
    verdict = decision.decision if decision else None
    if verdict == "struck":
        return "removed", ""
    if item.kind in ("sentence", "background") and verdict != "approved":
        return "not-signed-off", "marked check again" if verdict == "check-again" else "no decision"
    if problem:
        return "not-signed-off", problem
    if verdict == "check-again":  # a conflict or flag: a warning to the reader stays until it is struck
        return "kept", "marked check again; kept as a warning to the reader"
    return "kept", ""


def apply_decisions(
    brief: Brief, decisions: ReviewDecisions, texts: Mapping[str, str | None], *, name: str = "decisions"
) -> Brief:
    """Return the signed-off brief: ``brief`` with only what the review lets stand, and its ``review`` filled in.

    ``texts`` maps source id to the text its citations index (:func:`summarizer.render.html.load_source_texts`).
    Raises :class:`~summarizer.errors.InputError` (naming ``name``) when the decisions were made on another brief
    or name items the brief does not have. Never changes a citation: what stays is cited exactly as before.
    """
    digest = brief_sha256(brief)
    if decisions.brief_sha256.lower() != digest:
        raise InputError(
            name,
            f"was made on another brief (sha256 {decisions.brief_sha256[:12]}…; this brief is {digest[:12]}…)",
        )
    items = review_items(brief)
    by_item = _decisions_by_item(decisions, items, name)
    known = {s.id for s in brief.sources}
    reviewed: list[ReviewedItem] = []
    kept: set[str] = set()
    for item in items:
        decision = by_item.get(item.id)
        problem = next((p for c in item.citations if (p := _citation_problem(c, texts, known))), None)
        outcome, reason = _outcome(item, decision, problem)
        if outcome == "kept":
            kept.add(item.id)
        reviewed.append(
            ReviewedItem(
                item=item.id,
                kind=item.kind,
                text=item.text,
                citations=list(item.citations),
                decision=decision.decision if decision else None,
                note=decision.note if decision else "",
                reviewer=decision.reviewer if decision else "",
                outcome=outcome,
                reason=reason,
            )
        )
    stories = _signed_stories(brief, items, kept, reviewed)
    sources = [
        source.model_copy(update={"flags": [f for fi, f in enumerate(source.flags) if item_id("flag", xi, fi) in kept]})
        for xi, source in enumerate(brief.sources)
    ]
    reviewers = list(dict.fromkeys(d.reviewer for d in by_item.values() if d.reviewer))
    review = Review(brief_sha256=digest, reviewers=reviewers, items=reviewed)
    return brief.model_copy(update={"stories": stories, "sources": sources, "review": review})


def _signed_stories(
    brief: Brief, items: Sequence[ReviewItem], kept: set[str], reviewed: list[ReviewedItem]
) -> list[Story]:
    """The stories with only their kept items; a story without an approved sentence is left out (its kept
    conflicts are then marked not signed off)."""
    out: list[Story] = []
    by_id = {r.item: r for r in reviewed}
    for si, story in enumerate(brief.stories):
        ids = {kind: [i.id for i in items if i.story == si and i.kind == kind] for kind in _STORY_KINDS}
        sentences = [s for s, i in zip(story.sentences, ids["sentence"], strict=True) if i in kept]
        context = [s for s, i in zip(story.context, ids["background"], strict=True) if i in kept]
        conflicts = [k for k, i in zip(story.conflicts, ids["conflict"], strict=True) if i in kept]
        if not sentences and not context:
            for item_id in ids["conflict"]:
                row = by_id[item_id]
                if row.outcome == "kept":
                    index = reviewed.index(row)
                    reviewed[index] = row.model_copy(
                        update={"outcome": "not-signed-off", "reason": "its story has no approved sentence"}
                    )
            continue
        out.append(story.model_copy(update={"sentences": sentences, "context": context, "conflicts": conflicts}))
    return out


def failed_approvals(signed: Brief) -> list[ReviewedItem]:
    """Items the editor approved that could not be signed off (a citation failed its re-check)."""
    items = signed.review.items if signed.review else []
    return [r for r in items if r.decision == "approved" and r.outcome == "not-signed-off"]


def _cite_list(citations: Sequence[Citation]) -> str:
    return ", ".join(f"{c.source} [{c.start}:{c.end}]" for c in citations)


def _review_lines(rows: Sequence[ReviewedItem]) -> Iterator[str]:
    for r in rows:
        text = _md_escape(_one_line(r.text, 300))
        cites = f" ({_cite_list(r.citations)})" if r.citations else ""
        who = f" — {_md_escape(r.reviewer)}" if r.reviewer else ""
        note = f" — *{_md_escape(_one_line(r.note, 600))}*" if r.note else ""
        reason = f" — {_md_escape(r.reason)}" if r.reason else ""
        yield f"- `{r.item}` {text}{cites}{reason}{note}{who}"


def render_signed_off(brief: Brief, fmt: str = "md") -> str:
    """The signed-off brief (from :func:`apply_decisions`) as ``md`` or ``json``."""
    if fmt == "json":
        return brief.model_dump_json()
    lines = [render_markdown(brief).rstrip("\n"), ""]
    review = brief.review
    if review is None:
        return "\n".join(lines)
    rows = review.items
    sentences = [r for r in rows if r.kind in ("sentence", "background")]
    approved = sum(1 for r in sentences if r.outcome == "kept")
    removed = [r for r in rows if r.outcome == "removed"]
    pending = [r for r in rows if r.outcome == "not-signed-off"]
    notes = [r for r in rows if r.outcome == "kept" and (r.note or r.reason)]
    by = ", ".join(_md_escape(r) for r in review.reviewers) or "an unnamed reviewer"
    lines += [
        "## Review",
        "",
        f"*Signed off by {by} on brief sha256 `{review.brief_sha256[:16]}`: {approved} of {len(sentences)} "
        f"sentences approved, {len(removed)} item{'s' if len(removed) != 1 else ''} removed, {len(pending)} not "
        "signed off. Citations of what stands were re-checked against the source texts.*",
        "",
    ]
    for title, group in (("Notes", notes), ("Removed in review", removed), ("Not signed off", pending)):
        if group:
            lines += [f"### {title}", "", *_review_lines(group), ""]
    return "\n".join(lines)
