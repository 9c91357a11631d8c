"""Deterministic recognition of named entities and direct quotes in one sentence.

No model: capitalised-phrase chunking with a few connectors, classified by keyword tables (organisation heads,
place heads, titles that precede a person), a compact gazetteer of countries and major places
(``data/places.txt``) and the context word before the phrase. Quotes are found by paired quotation marks
(:func:`find_quotes`, the quoted words; :func:`quoted_regions`, the quotations with their marks). Attribution (who
says so) is :mod:`summarizer.text.attribution`.

All offsets returned are relative to the sentence string passed in; callers add the sentence's start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from summarizer.models import EntityKind
from summarizer.text.months import MONTHS, WEEKDAYS
from summarizer.text.regex import lazy_compile

# --------------------------------------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------------------------------------

ORG_HEADS = frozenset(
    """
    command ministry department council committee commission agency corps force forces army navy guard guards police
    party group organization organisation union court parliament congress senate office bank company corporation
    inc ltd university hospital reuters afp ap press news times post journal media network resistance movement front
    brigade brigades battalion militia authority administration government cabinet pentagon kremlin institute
    foundation association federation league bureau service services centcom nato hezbollah hamas houthis taliban
    coalition alliance tribunal assembly embassy consulate fund board club school college
    """.split()
)
PLACE_HEADS = frozenset(
    """
    base airbase airport province governorate region city county district street square strip valley river
    mountains mountain sea gulf island islands bay peninsula desert border camp village town capital neighborhood
    neighbourhood port harbor harbour coast lake canal highway road
    """.split()
)
PERSON_TITLES = frozenset(
    """
    president prime minister gen general col colonel maj major lt lieutenant sgt sergeant capt captain adm admiral
    mr mrs ms dr sen senator rep representative gov governor secretary spokesperson spokesman spokeswoman leader
    commander chief king queen prince sheikh ayatollah pope judge ambassador mayor chancellor director envoy
    cmdr commissioner premier
    """.split()
)
# Capitalised words that are not names when they start a sentence or stand alone.
COMMON_CAPS = frozenset(
    """
    the a an in on at for from by with as after before during since while when where what who why how this that
    these those there here it its he she they we i our their his her but and or if however meanwhile according
    earlier later last next some many several most other another each every both all no not one two three four
    five six seven eight nine ten until despite although though also then now today yesterday tomorrow
    """.split()
).union(MONTHS, WEEKDAYS)
DEMONYM_RE = lazy_compile(r"^(?:[A-Z][a-z]+(?:an|ian|ese|ish|i|ic)|U\.?S\.?|American|Israeli|Iraqi|Kurdish)$")
CONNECTORS = frozenset({"of", "for", "de", "bin", "ibn", "al", "el", "the", "and", "on"})

_WORD = lazy_compile(r"[A-Za-z\u00C0-\u024F0-9][\w\u00C0-\u024F’'.\-]*")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    text = resources.files("summarizer").joinpath("data/places.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def known_places() -> frozenset[str]:
    """The gazetteer of countries and major places (``data/places.txt``), lower-case, one blank between words."""
    return _places()


@dataclass(frozen=True, slots=True)
class EntityMatch:
    start: int
    end: int
    text: str
    kind: EntityKind


_PARTICLE = lazy_compile(r"^(?:al|el|ad|as|ash|at|az|ar|bin|ibn|abu|bint)-[A-Z]")
_ADJECTIVAL = lazy_compile(r"-(?:backed|linked|aligned|led|based|allied|born|made|run|owned|controlled|funded)$", re.I)


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or ("-" in word and _PARTICLE.match(word) is not None)


_POSSESSIVE = ("’s", "'s")  # the endings _POSSESSIVE_END matches in a word
_INITIALS_END = lazy_compile(r"\b[A-Z]\.[A-Z]\.$")


_CAPS_BUT_MAY = COMMON_CAPS - {"may"}  # "May" inside a name ("Theresa May") is a name word


def find_entities(sentence: str) -> list[EntityMatch]:
    """Named people, organisations and places in ``sentence`` (offsets relative to it)."""
    words = list(_WORD.finditer(sentence))  # word ``k``: words[k][0], its span words[k].start() and .end()
    out: list[EntityMatch] = []
    i = 0
    n = len(words)
    while i < n:
        w = words[i][0]
        if not w[0].isupper() and "-" not in w:  # most words: not capitalised, no "al-" particle (_is_cap inlined)
            i += 1
            continue
        if not _is_cap(w) or w.lower().rstrip(".") in COMMON_CAPS or ("-" in w and _ADJECTIVAL.search(w)):
            i += 1
            continue
        j = i
        last = i
        while j + 1 < n and not words[j][0].endswith(_POSSESSIVE):  # a word has no newline: [’']s$
            nw = words[j + 1][0]
            gap = sentence[words[j].end() : words[j + 1].start()]
            if gap not in (" ", "-", " al-", " el-") and gap.strip() not in ("",):
                break
            if "\n" in gap:
                break
            if "-" in nw and _ADJECTIVAL.search(nw):  # each adjectival ending starts with "-"
                break
            if _is_cap(nw) and nw.lower().rstrip(".") not in _CAPS_BUT_MAY:
                j += 1
                last = j
            elif nw.lower() in CONNECTORS and nw.lower() != "and" and j + 2 < len(words) and _is_cap(words[j + 2][0]):
                j += 1
            else:
                break
        start, end = words[i].start(), words[last].end()
        # Trim a possessive or trailing period from the last word.
        raw = sentence[start:end]  # ends with a word's last character (no newline)
        if raw.endswith("."):  # a final period goes unless it closes initials ("U.S.")
            trimmed = raw if _INITIALS_END.search(raw) else raw[:-1]
        else:
            trimmed = raw[:-2] if raw.endswith(_POSSESSIVE) else raw
        end = start + len(trimmed)
        at_start = not sentence[:start].strip(" “\"'‘(")
        kind = classify(trimmed, sentence[max(0, start - 25) : start], at_start=at_start)
        if kind is not None:
            out.append(EntityMatch(start, end, trimmed, kind))
        i = last + 1
    return out


_PLACE_PREFIXES = frozenset({"ain", "mount", "lake", "port", "cape"})


def classify(name: str, before: str, *, at_start: bool = False) -> EntityKind | None:
    """Kind of a capitalised phrase, or None when it is not a name (a demonym, a lone title...)."""
    words = name.replace("-", " ").split()
    low = [w.lower().rstrip(".") for w in words]
    if not low:
        return None
    places = _places()
    if name.lower() in places or " ".join(low) in places:
        return EntityKind.PLACE
    if len(words) == 1 and DEMONYM_RE.match(name):
        return None
    # Place-name prefixes; "Ain" (Arabic "spring") opens many Middle Eastern and North African place names
    # (Ain al-Asad, Ain Issa, Ain Sefra), as "Mount" and "Lake" do in English.
    if not PLACE_HEADS.isdisjoint(low[1:]) or (low[0] in _PLACE_PREFIXES and len(low) > 1):
        return EntityKind.PLACE
    if not ORG_HEADS.isdisjoint(low) or (name.isupper() and 2 <= len(name.replace(".", "")) <= 6):
        return EntityKind.ORGANIZATION
    if low[0] in PERSON_TITLES and len(words) > 1:
        return EntityKind.PERSON
    prev = before.rstrip().split()[-1:] if before.strip() else []
    prev_word = prev[0].lower().rstrip(".,") if prev else ""
    if prev_word in PERSON_TITLES:
        return EntityKind.PERSON
    if prev_word in {"in", "at", "near", "from", "outside", "to", "of", "across", "into"} and len(words) <= 3:
        return EntityKind.PLACE
    if "-" in name and all(p.lower() in places for p in name.split("-")):
        return None
    if not PERSON_TITLES.isdisjoint(low[:-1]) and words[-1][:1].isupper():
        return EntityKind.PERSON
    if 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words):
        return EntityKind.PERSON
    if len(words) == 1 and len(name) > 2 and not at_start:
        return EntityKind.OTHER
    return None


def person_name(name: str) -> str:
    """Strip leading titles: 'Maj. Gen. Pat Ryder' -> 'Pat Ryder'."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in PERSON_TITLES:
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------------------------------------------------

_QUOTE = lazy_compile(r"“([^”]{2,}?)(?:”|$)|\"([^\"]{2,}?)(?:\"|$)|‘([^’]{3,}?)’(?=[\s,.;:!?)]|$)")


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    start: int  # of the quoted words (inside the marks)
    end: int
    text: str


def find_quotes(sentence: str) -> list[QuoteMatch]:
    """Quoted words in ``sentence`` (without the marks). Quotes of one or two words are kept: 'most' counts."""
    out: list[QuoteMatch] = []
    if "“" not in sentence and '"' not in sentence and "‘" not in sentence:
        return out  # every quote opens with one of these marks
    for m in _QUOTE.finditer(sentence):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        s, e = m.start(g), m.end(g)
        text = sentence[s:e]
        stripped = text.strip()
        if not stripped:
            continue
        s += len(text) - len(text.lstrip())
        e -= len(text) - len(text.rstrip())
        out.append(QuoteMatch(s, e, sentence[s:e]))
    return out


# (opening mark, the pattern of a quotation that opens with it)
_QUOTE_PAIRS = [
    ("“", lazy_compile(r"“[^”]*(?:”|$)")),
    ("«", lazy_compile(r"«[^»]*(?:»|$)")),
    ("„", lazy_compile(r"„[^“”]*(?:[“”]|$)")),
    ('"', lazy_compile(r'"[^"]*(?:"|$)')),
    ("‘", lazy_compile(r"(?<![\w])‘[^’]*?’(?![\w])", first="‘")),
    ("'", lazy_compile(r"(?<![\w])'[^'\n]+?'(?![\w])", first="'")),
]


def quoted_regions(sentence: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every quotation in ``sentence``, quotation marks included, sorted by start.

    An opening mark without its closing mark quotes to the end of the sentence (a quote that runs on).
    """
    regions: list[tuple[int, int]] = []
    for mark, rx in _QUOTE_PAIRS:
        if mark not in sentence:
            continue
        for m in rx.finditer(sentence):
            if not any(s <= m.start() < e for s, e in regions):
                regions.append(m.span())
    return sorted(regions)
