"""Notes on brief sentences: who alone states a sentence, and who disputes it with what standing.

Owns :func:`sentence_note`. A sentence is "according to X alone" only when no other source of the story is cited for
it (the composer cites every source that states the same fact). It is disputed by a conflict when its own span
carries a position of that conflict and another source holds another position (a corroborating source may agree on
the event and still dispute, say, its date); when
every such disputant carries little weight (an AI-written text, an aggregator...), the note says so ("disputed only by
S2, an AI-written source") instead of "disputed by other sources".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from summarizer.models import BriefSentence, Conflict, Flag, Standing

__all__ = ["LOW_STANDING", "sentence_note", "standing", "standing_of", "with_standing"]

LOW_STANDING = 0.5
"""A source weighted below this is a low-standing disputant."""

_FLAG_WORDS = {
    "automated-content": "an AI-written source",
    "aggregator": "an aggregator",
    "no-byline": "a source without a byline",
}


def standing(source: str, weight: float, flags: Sequence[Flag], name: str | None = None) -> str:
    """How a low-weight source is described: 'S2, an AI-written source' (its strongest flag), else its weight."""
    label = name or source
    for kind, words in _FLAG_WORDS.items():
        if any(f.kind == kind for f in flags):
            return f"{label}, {words}"
    return f"{label}, a low-weight source ({weight:.2f})"


def standing_of(source: str, weight: float, flags: Sequence[Flag], name: str | None = None) -> Standing:
    """The :class:`~summarizer.models.Standing` of one source: weight, flag kinds, low or not, and its label."""
    low = weight < LOW_STANDING
    return Standing(
        source=source,
        name=name,
        weight=round(weight, 4),
        flags=list(dict.fromkeys(f.kind for f in flags)),
        low=low,
        label=standing(source, weight, flags, name) if low else (name or source),
    )


def with_standing(
    conflict: Conflict,
    *,
    names: Mapping[str, str],
    weights: Mapping[str, float],
    flags: Mapping[str, Sequence[Flag]],
) -> Conflict:
    """``conflict`` with each position's sources' standing, and a note when the heaviest position is disputed only by
    low-standing sources ("disputed only by S2, an AI-written source")."""
    positions = [
        p.model_copy(
            update={
                "standing": [standing_of(s, weights.get(s, 1.0), flags.get(s, ()), names.get(s)) for s in p.sources]
            }
        )
        for p in conflict.positions
    ]
    first, others = positions[0], positions[1:]
    first_low = all(st.low for st in first.standing)
    disputants = [st for p in others for st in p.standing if st.source not in first.sources]
    note = None
    if disputants and not first_low and all(st.low for st in disputants):
        note = "disputed only by " + "; ".join(dict.fromkeys(st.label for st in disputants))
    return conflict.model_copy(update={"positions": positions, "note": note})


def _disputants(sentence: BriefSentence, conflict: Conflict) -> list[str] | None:
    """Sources holding another position than the sentence's in ``conflict`` (None: the sentence takes no side)."""
    own = sentence.citations[0]  # the sentence's own span; the rest corroborate it
    held = [p for p in conflict.positions if any(own.overlaps(x) for x in p.citations)]
    if not held:
        return None
    held_sources = {s for p in held for s in p.sources}
    others = [s for p in conflict.positions if p not in held for s in p.sources]
    # A corroborating source that holds another position on this point disputes it too (it agrees on the rest).
    return [s for s in dict.fromkeys(others) if s not in held_sources]


def sentence_note(
    sentence: BriefSentence,
    conflicts: Sequence[Conflict],
    *,
    n_sources: int,
    names: Mapping[str, str],
    weights: Mapping[str, float],
    flags: Mapping[str, Sequence[Flag]],
) -> str | None:
    """The note of one brief sentence ('according to X alone', 'disputed ...'), or None."""
    notes: list[str] = []
    if n_sources > 1 and sentence.support == 1 and sentence.sources:
        notes.append(f"according to {names.get(sentence.sources[0], sentence.sources[0])} alone")
    strong: list[str] = []
    weak: dict[str, list[str]] = {}
    for k in conflicts:
        disputants = _disputants(sentence, k)
        if not disputants:
            continue
        if all(weights.get(s, 1.0) < LOW_STANDING for s in disputants):
            for s in disputants:
                weak.setdefault(s, []).append(k.about)
        else:
            strong.append(k.about)
    if strong:
        notes.append("disputed by other sources: see " + ", ".join(f"“{a}”" for a in dict.fromkeys(strong)))
    for s, abouts in weak.items():
        who = standing(s, weights.get(s, 1.0), flags.get(s, ()), names.get(s))
        notes.append(f"disputed only by {who}: see " + ", ".join(f"“{a}”" for a in dict.fromkeys(abouts)))
    return "; ".join(notes) or None
