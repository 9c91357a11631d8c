"""The paraphrase lexicon (``data/paraphrases.txt``): which words and short phrases state the same thing in news copy.

Owns the one reader of that file. Cross-source fact matching (:mod:`summarizer.story.match`) and the support
checker (:mod:`summarizer.check.support`, for event words such as "attack" / "targeted") read it through
:func:`paraphrases` and :func:`paraphrase_groups`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from summarizer.text.segment import stem

__all__ = ["PARAPHRASE_FILE", "Paraphrases", "paraphrase_groups", "paraphrases"]

PARAPHRASE_FILE = "paraphrases.txt"


@dataclass(frozen=True)
class Paraphrases:
    """The paraphrase lexicon: stem (or stemmed phrase) -> group name; which groups are event predicates; which
    stems are reporting verbs (attribution, left out of a statement's core)."""

    groups: Mapping[str, str]
    predicates: frozenset[str]
    reporting: frozenset[str]


@lru_cache(maxsize=1)
def paraphrases() -> Paraphrases:
    """The lexicon of ``data/paraphrases.txt`` (read once). Raises ValueError if a line is malformed."""
    text = resources.files("summarizer").joinpath("data", PARAPHRASE_FILE).read_text(encoding="utf-8")
    groups: dict[str, str] = {}
    predicates: set[str] = set()
    reporting: set[str] = set()
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        marker = line[0] if line[0] in "=-" else ""
        words = [w.strip().lower() for w in line.lstrip("=-").split(",") if w.strip()]
        if len(words) < 2:
            raise ValueError(f"{PARAPHRASE_FILE}:{n}: a group needs at least two words: {raw!r}")
        stems = [" ".join(stem(t) for t in w.split()) for w in words]
        if marker == "-":
            reporting.update(stems)
            continue
        for st in stems:
            groups.setdefault(st, words[0])
        if not marker:
            predicates.add(words[0])
    return Paraphrases(groups, frozenset(predicates), frozenset(reporting))


def paraphrase_groups() -> Mapping[str, str]:
    """Stem (or stemmed phrase) -> the name of its paraphrase group."""
    return paraphrases().groups
