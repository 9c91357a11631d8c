"""Meaning-preserving rewrites of real sentences, so that a checker's false-flag rate is measured on sentences a
writer would produce, not only on verbatim copies of the source.

Owns :func:`paraphrases` (every rewrite that applies to a sentence). Like :mod:`perturb`, it is written separately
from the checker: it uses only regular expressions and the small word lists below, imports nothing from
``summarizer.check``, and was not tuned on the checker's verdicts. Kinds (:data:`KINDS`):

- ``attribution``: "Y, X said." <-> "X said Y." (and "said that");
- ``reorder``: "After A, B." -> "B after A." (also because/when/while/as/before/since/although/if);
- ``passive``: "S was/were VERBed by A ..." -> "A VERBed S ..." for a simple past participle;
- ``synonym``: one word swapped from a small list of near-synonyms ("about" -> "around", "began" -> "started"),
  never inside a quotation (double or single marks, or a sentence cut from a longer quotation) and only in the sense
  the list means ("about" before a number, not "care about"; no phrasal verb such as "shows off");
- ``discourse``: a leading discourse word dropped ("However, ", "Meanwhile, ").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["KINDS", "Paraphrase", "paraphrases"]

KINDS = ("attribution", "reorder", "passive", "synonym", "discourse")

_SYNONYMS = {
    "about": "around",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "began": "started",
    "started": "began",
    "begin": "start",
    "start": "begin",
    "big": "large",
    "large": "big",
    "quickly": "rapidly",
    "rapidly": "quickly",
    "also": "too",
    "attempt": "try",
    "purchase": "buy",
    "bought": "purchased",
    "nearly": "almost",
    "almost": "nearly",
    "help": "assist",
    "assist": "help",
    "told": "informed",
    "enough": "sufficient",
    "ended": "finished",
    "finished": "ended",
    "shows": "indicates",
    "showed": "indicated",
    "wanted": "wished",
    "needed": "required",
}
_SPEAKER = r"((?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:al-|of\s+|the\s+)?[A-Z][\w’'.-]*)*)"
_TRAILING_SAID = re.compile(r"^(?P<body>[A-Z].*?),\s+" + _SPEAKER + r"\s+(?P<verb>said|says|told reporters)\.$")
_LEADING_SAID = re.compile(r"^" + _SPEAKER + r"\s+(?P<verb>said|says)\s+(?:that\s+)?(?P<body>[a-z].*?)\.$")
_FRONT_CLAUSE = re.compile(
    r"^(?P<conj>After|Because|When|While|As|Before|Since|Although|If)\s+(?P<clause>[^,]{6,}?),\s+(?P<main>[a-z].*?)\.$"
)
_PASSIVE = re.compile(
    r"^(?P<subj>[A-Z][^,;]{2,60}?)\s+(?:was|were)\s+(?P<verb>[a-z]+ed)\s+by\s+(?P<agent>[^,;.]{3,60}?)"
    r"(?P<rest>(?:\s+(?:in|on|at|during|after|before|near)\b[^;]*)?)\.$"
)
_DISCOURSE = re.compile(r"^(?:However|Meanwhile|Still|Nonetheless|Moreover|Indeed|Separately),\s+(?P<rest>[a-z])")


@dataclass(frozen=True)
class Paraphrase:
    """A rewrite of a sentence and which kind of rewrite it is."""

    kind: str
    original: str
    text: str


def _lower_first(s: str) -> str:
    return s if s[:2].isupper() or re.match(r"[A-Z][a-z]*[A-Z]", s) else s[:1].lower() + s[1:]


def _attribution(sentence: str) -> str | None:
    m = _TRAILING_SAID.match(sentence)
    if m and not m.group("body").endswith(("”", '"')):
        speaker = m.group(2)
        return f"{speaker[:1].upper()}{speaker[1:]} {m.group('verb')} that {_lower_first(m.group('body'))}."
    m = _LEADING_SAID.match(sentence)
    if m:
        body, speaker = m.group("body"), m.group(1)
        if speaker.split()[0] in {"The", "He", "She", "They", "It", "We", "I"} and speaker.split()[0] != "I":
            speaker = speaker[:1].lower() + speaker[1:]
        return f"{body[:1].upper()}{body[1:]}, {speaker} {m.group('verb')}."
    return None


def _reorder(sentence: str) -> str | None:
    m = _FRONT_CLAUSE.match(sentence)
    if not m:
        return None
    main = m.group("main")
    return f"{main[:1].upper()}{main[1:]} {m.group('conj').lower()} {m.group('clause')}."


def _passive(sentence: str) -> str | None:
    m = _PASSIVE.match(sentence)
    if not m or re.search(r"[“”\"]|\b(?:while|and|who|which|that|but)\b", m.group("agent") + m.group("rest")):
        return None
    agent = m.group("agent")
    if agent.split()[0].lower() in {"a", "an", "the", "its", "their"}:
        agent = agent[:1].upper() + agent[1:]
    elif not agent[:1].isupper():
        return None
    return f"{agent} {m.group('verb')} {_lower_first(m.group('subj'))}{m.group('rest')}."


_OPENING = "“‘'\""
_CLOSING = "”’'\""
_NUMBER_NEXT = re.compile(
    r"\s+(?:[$£€]?\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion|half|a\s+(?:dozen|hundred|thousand|million|billion|third|quarter|half))\b)"
)
_PARTICLE_NEXT = re.compile(r"\s+(?:off|up|out|down|away|back|over)\b")
_REFLEXIVE_NEXT = re.compile(r"\s+(?:\w+self|\w+selves|\w+ing)\b")
_APPROXIMATE = frozenset({"about", "around"})  # synonyms only as "roughly" (before a number), not as "concerning"
_PHRASAL = frozenset({"shows", "showed", "started", "start", "began", "begin", "ended", "finished", "help", "assist"})


def _quoted(sentence: str) -> list[tuple[int, int]]:
    """Where ``sentence`` quotes someone: each “…”, "…", ‘…’ or '…' (an apostrophe between letters is not a mark),
    and, for a sentence cut from a longer quotation, from its start to an unopened closing mark or from an unclosed
    opening mark to its end."""
    spans, start = [], None
    for i, ch in enumerate(sentence):
        before = sentence[i - 1] if i else " "
        after = sentence[i + 1] if i + 1 < len(sentence) else " "
        if ch in "'’" and before.isalnum() and after.isalnum():
            continue  # won't, I’ve
        if start is None and ch in _OPENING and not before.isalnum() and not after.isspace():
            start = i
        elif ch in _CLOSING and not before.isspace() and not after.isalnum():
            spans.append((0 if start is None else start, i + 1))
            start = None
    if start is not None:
        spans.append((start, len(sentence)))
    return spans


def _keeps_sense(word: str, rest: str) -> bool:
    """Whether swapping ``word`` (followed by ``rest``) for its listed synonym keeps the sentence's meaning: "about"
    and "around" only before a number, a verb not in a phrasal verb ("shows off") or "help herself"."""
    if word in _APPROXIMATE:
        return bool(_NUMBER_NEXT.match(rest))
    if word in _PHRASAL:
        return not (_PARTICLE_NEXT.match(rest) or _REFLEXIVE_NEXT.match(rest))
    return True


def _synonym(sentence: str) -> str | None:
    quoted = _quoted(sentence)
    for m in re.finditer(r"\b[a-z]+\b", sentence):
        new = _SYNONYMS.get(m.group())
        if (
            new
            and not any(a <= m.start() < b for a, b in quoted)  # a quotation keeps its words
            and _keeps_sense(m.group(), sentence[m.end() :])
        ):
            return sentence[: m.start()] + new + sentence[m.end() :]
    return None


def _discourse(sentence: str) -> str | None:
    m = _DISCOURSE.match(sentence)
    if not m:
        return None
    rest = sentence[m.start("rest") :]
    return rest[:1].upper() + rest[1:]


_REWRITES = {
    "attribution": _attribution,
    "reorder": _reorder,
    "passive": _passive,
    "synonym": _synonym,
    "discourse": _discourse,
}


def paraphrases(sentence: str) -> list[Paraphrase]:
    """Every rewrite of :data:`KINDS` that applies to ``sentence`` (one per kind), in that order."""
    text = sentence.strip()
    out = []
    for kind, rewrite in _REWRITES.items():
        new = rewrite(text)
        if new and new != text:
            out.append(Paraphrase(kind, sentence, new))
    return out
