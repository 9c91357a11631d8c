"""FactCC-style corruptions of real sentences, for testing and measuring the verify stage.

Owns :func:`perturb` (one corruption of a given kind, or None when the sentence offers nothing to corrupt) and
:func:`perturbations` (every kind that applies). Kinds (:data:`KINDS`): ``number`` (a figure changed), ``date`` (a
weekday or day of month shifted), ``entity`` (a name swapped for another name from the same text or a fallback
list), ``negation`` (a verb negated or a negation removed), ``attribution`` (the speaker of "X said" swapped, or a
pronoun swapped), ``quote`` (a word inside a direct quotation changed). Deterministic for a given ``seed``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from summarizer.text.dates import find_dates
from summarizer.text.numbers import find_figures

__all__ = ["KINDS", "Perturbation", "perturb", "perturbations"]

KINDS = ("number", "date", "entity", "negation", "attribution", "quote")

_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_FALLBACK_NAMES = ["Kirkuk", "Erbil", "Lisbon", "Lagos", "Jordan Smith", "Maria Lopez", "Acme Corp", "Oslo"]
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_AUX = re.compile(r"\b(is|are|was|were|has|have|had|will|would|could|can|should|did|does|do)\b(?! not\b)(?!n['’]t)")
_NEG = re.compile(r"\b(?:(is|are|was|were|has|have|had|will|would|could|can|should|did|does|do) not|no longer)\b")
_PAST = re.compile(r"\b(said|killed|struck|hit|launched|fired|attacked|claimed|wounded|injured|confirmed|denied)\b")
_SAID = re.compile(r"\b([A-Z][\w’'.-]*(?:\s+(?:al-)?[A-Z][\w’'.-]*)*)\s+(said|told|added|reported|announced)\b")
_PRONOUNS = {"he": "she", "she": "he", "He": "She", "She": "He", "his": "her", "His": "Her"}
_QUOTED = re.compile(r"[“\"]([^”\"]{8,})[”\"]")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:al-)?[A-Z][a-z]+)*\b")


@dataclass(frozen=True)
class Perturbation:
    """A corrupted sentence and what was changed."""

    kind: str
    original: str
    text: str
    changed_from: str
    changed_to: str


def _replace(sentence: str, start: int, end: int, new: str, kind: str) -> Perturbation:
    return Perturbation(kind, sentence, sentence[:start] + new + sentence[end:], sentence[start:end], new)


def _number(sentence: str, rng: random.Random) -> Perturbation | None:
    for f in find_figures(sentence):
        if f.value is None or f.number_start < 0:
            continue
        old = sentence[f.number_start : f.number_end]
        if old.lower() in _NUMBER_WORDS:
            choices = [w for w in _NUMBER_WORDS if w != old.lower()]
            new = rng.choice(choices)
            new = new.capitalize() if old[0].isupper() else new
        elif re.fullmatch(r"[\d,]+", old):
            v = int(old.replace(",", ""))
            nv = v + rng.choice([2, 3, 5, 7]) if v < 20 else int(v * rng.choice([1.5, 2, 3]))
            new = f"{nv:,}" if "," in old else str(nv)
        else:
            continue
        return _replace(sentence, f.number_start, f.number_end, new, "number")
    return None


def _date(sentence: str, rng: random.Random) -> Perturbation | None:
    for m in find_dates(sentence, None):
        for i, day in enumerate(_WEEKDAYS):
            k = m.text.find(day)
            if k >= 0:
                new = _WEEKDAYS[(i + rng.choice([1, 2, 3])) % 7]
                return _replace(sentence, m.start + k, m.start + k + len(day), new, "date")
        d = re.search(r"\b(\d{1,2})\b", m.text)
        if d and ":" not in m.text[max(0, d.start() - 1) : d.end() + 1]:
            nv = (int(d.group(1)) + rng.choice([2, 3, 5])) % 28 + 1
            return _replace(sentence, m.start + d.start(1), m.start + d.end(1), str(nv), "date")
    return None


def _entity(sentence: str, rng: random.Random, pool: list[str]) -> Perturbation | None:
    names = [m for m in _NAME.finditer(sentence) if m.start() > 0 and len(m.group(0)) > 3]
    if not names:
        return None
    m = rng.choice(names)
    others = [n for n in pool if n.lower() != m.group(0).lower() and m.group(0).lower() not in n.lower()]
    others = [n for n in others if n.lower() not in sentence.lower()] or [
        n for n in _FALLBACK_NAMES if n.lower() not in sentence.lower()
    ]
    return _replace(sentence, m.start(), m.end(), rng.choice(others), "entity")


def _negation(sentence: str, rng: random.Random) -> Perturbation | None:
    neg = _NEG.search(sentence)
    if neg:
        return _replace(sentence, neg.start(), neg.end(), neg.group(1) or "still", "negation")
    aux = _AUX.search(sentence)
    if aux:
        return _replace(sentence, aux.start(), aux.end(), aux.group(1) + " not", "negation")
    past = _PAST.search(sentence)
    if past:
        base = {"said": "say", "struck": "strike", "hit": "hit"}.get(past.group(1), past.group(1)[:-2])
        if past.group(1).endswith("ied"):
            base = past.group(1)[:-3] + "y"
        return _replace(sentence, past.start(), past.end(), f"did not {base}", "negation")
    return None


def _attribution(sentence: str, rng: random.Random, pool: list[str]) -> Perturbation | None:
    m = _SAID.search(sentence)
    if m:
        others = [n for n in [*pool, *_FALLBACK_NAMES] if n.lower() not in m.group(1).lower()]
        others = [n for n in others if n.lower() not in sentence.lower()] or ["Jordan Smith"]
        return _replace(sentence, m.start(1), m.end(1), rng.choice(others), "attribution")
    for old, new in _PRONOUNS.items():
        p = re.search(rf"\b{old}\b", sentence)
        if p:
            return _replace(sentence, p.start(), p.end(), new, "attribution")
    return None


def _quote(sentence: str, rng: random.Random) -> Perturbation | None:
    q = _QUOTED.search(sentence)
    if not q:
        return None
    words = [w for w in re.finditer(r"[A-Za-z]{4,}", q.group(1))]
    if not words:
        return None
    w = rng.choice(words)
    s, e = q.start(1) + w.start(), q.start(1) + w.end()
    new = {"most": "all", "some": "many"}.get(w.group(0).lower(), w.group(0)[::-1].lower())
    return _replace(sentence, s, e, new, "quote")


def perturb(sentence: str, kind: str, *, seed: int = 0, names: list[str] | None = None) -> Perturbation | None:
    """One corruption of ``sentence`` of ``kind`` (see :data:`KINDS`), or None when none applies.

    ``names`` is a pool of other names (e.g. from the same article) for entity and speaker swaps.
    Raises ValueError for an unknown kind.
    """
    rng = random.Random(f"{seed}:{kind}:{sentence}")
    pool = list(names or [])
    if kind == "number":
        return _number(sentence, rng)
    if kind == "date":
        return _date(sentence, rng)
    if kind == "entity":
        return _entity(sentence, rng, pool)
    if kind == "negation":
        return _negation(sentence, rng)
    if kind == "attribution":
        return _attribution(sentence, rng, pool)
    if kind == "quote":
        return _quote(sentence, rng)
    raise ValueError(f"unknown perturbation kind {kind!r}; expected one of {', '.join(KINDS)}")


def perturbations(sentence: str, *, seed: int = 0, names: list[str] | None = None) -> list[Perturbation]:
    """Every applicable corruption of ``sentence``, one per kind."""
    out = []
    for kind in KINDS:
        p = perturb(sentence, kind, seed=seed, names=names)
        if p is not None and p.text != sentence:
            out.append(p)
    return out
