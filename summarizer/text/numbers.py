"""Figures in news text: find them, parse them, and compare two of them.

Owns :class:`NumberMatch` (a figure found in a text, with offsets), :func:`parse_number` (``"2,500"``,
``"thirty-three"``, ``"1.5 million"``, ``"a dozen"`` -> float), :func:`find_figures` (every counted amount of a text
with its qualifier, unit and what it counts) and :func:`same_quantity` (do two figures state the same quantity?).

What is *not* a figure: years (``"in 2014"``), clock times (``"6:30 p.m."``), dates (``"Jan. 20"``,
``"21/11/2023"``), ordinals (``"21st"``) and numbers inside names (``"AC-130"``, ``"COVID-19"``, ``"Section 8"``).
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass

from summarizer.models import CheckStatus, Figure, Qualifier
from summarizer.text.months import MONTH_PATTERN
from summarizer.text.normalize import IGNORECASE_ODD, caseless
from summarizer.text.regex import lazy_compile, matches_at

__all__ = ["NumberMatch", "find_figures", "parse_number", "same_quantity", "singular"]


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A figure found in a text. Offsets are relative to the text passed to :func:`find_figures`."""

    start: int
    end: int
    text: str  # the whole figure phrase: qualifier, number, unit and what it counts
    value: float | None  # None for vague amounts ("several", "a number of", "dozens of")
    qualifier: Qualifier
    counts: str | None  # the head noun phrase counted: "missiles", "U.S. troops"
    unit: str | None  # "percent", "km", "USD", "day"...
    number_start: int = -1  # where the number itself (digits or words) starts
    number_end: int = -1


# ----------------------------------------------------------------------------------------------------------------
# Vocabulary
# ----------------------------------------------------------------------------------------------------------------

NUMBER_WORDS = _UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
_SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000, "tn": 10**12}
_NUMBER_WORDS = {**_UNITS, **_TENS, **_SCALES, "dozen": 12}

_QUALIFIERS: list[tuple[str, Qualifier]] = [
    ("at least", Qualifier.AT_LEAST),
    ("no fewer than", Qualifier.AT_LEAST),
    ("no less than", Qualifier.AT_LEAST),
    ("a minimum of", Qualifier.AT_LEAST),
    ("more than", Qualifier.MORE_THAN),
    ("over", Qualifier.MORE_THAN),
    ("in excess of", Qualifier.MORE_THAN),
    ("upwards of", Qualifier.MORE_THAN),
    ("upward of", Qualifier.MORE_THAN),
    ("above", Qualifier.MORE_THAN),
    ("at most", Qualifier.AT_MOST),
    ("no more than", Qualifier.AT_MOST),
    ("not more than", Qualifier.AT_MOST),
    ("a maximum of", Qualifier.AT_MOST),
    ("fewer than", Qualifier.FEWER_THAN),
    ("less than", Qualifier.FEWER_THAN),
    ("under", Qualifier.FEWER_THAN),
    ("below", Qualifier.FEWER_THAN),
    ("nearly", Qualifier.ABOUT),
    ("almost", Qualifier.ABOUT),
    ("about", Qualifier.ABOUT),
    ("around", Qualifier.ABOUT),
    ("roughly", Qualifier.ABOUT),
    ("approximately", Qualifier.ABOUT),
    ("approx.", Qualifier.ABOUT),
    ("an estimated", Qualifier.ABOUT),
    ("estimated", Qualifier.ABOUT),
    ("close to", Qualifier.ABOUT),
    ("some", Qualifier.ABOUT),
    ("circa", Qualifier.ABOUT),
    ("up to", Qualifier.UP_TO),
    ("as many as", Qualifier.UP_TO),
    ("as much as", Qualifier.UP_TO),
]
_QUALIFIER_RE = lazy_compile(
    r"(?:^|(?<=[\s(\"'“‘—–-]))(?P<q>"
    + "|".join(re.escape(q) for q, _ in sorted(_QUALIFIERS, key=lambda x: -len(x[0])))
    + r")\s+$",
    re.IGNORECASE,
)
_QUALIFIER_OF = {q: k for q, k in _QUALIFIERS}

_VAGUE = [
    "tens of thousands of",
    "hundreds of thousands of",
    "a number of",
    "a handful of",
    "a few",
    "a couple of",
    "dozens of",
    "scores of",
    "hundreds of",
    "thousands of",
    "millions of",
    "billions of",
    "several",
    "multiple",
    "numerous",
]
_VAGUE_RE = lazy_compile(
    r"\b(?=["
    + "".join(sorted({v[0] for v in _VAGUE}))
    + r"])(?:"
    + "|".join(re.escape(v) for v in _VAGUE)
    + r")(?=\s)",
    re.IGNORECASE,
)  # the lookahead on the first letters: the alternatives are tried only where one can start

_MONTHS = MONTH_PATTERN
_ORD = r"(?:st|nd|rd|th)"
_BLOCKERS = [
    r"\b(?:https?://|www\.)\S+",
    # dates: "Jan. 20", "January 20th, 2024", "20 January 2024", "21/11/2023", "2024-01-21"
    rf"\b{_MONTHS}\s+\d{{1,2}}{_ORD}?(?:,?\s+\d{{4}})?\b",
    rf"\b\d{{1,2}}{_ORD}?\s+(?:of\s+)?{_MONTHS}(?:,?\s+\d{{4}})?\b",
    rf"\b{_MONTHS},?\s+\d{{4}}\b",
    r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b",
    # clock times: "6:30 p.m.", "1:05 a.m.", "6 p.m.", "22h33", "0600 GMT"
    r"\b\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|hrs?|GMT|UTC|local))?(?![\d,])",
    r"\b\d{1,2}\s*[ap]\.?m\b\.?",
    r"\b\d{1,2}h\d{2}\b",
    r"\b\d{4}\s*(?:GMT|UTC|hrs|hours\s+(?:GMT|local))\b",
    # ordinals and decades: "21st", "the 1990s", "'90s"
    r"\b\d+(?:st|nd|rd|th)\b",
    r"(?:\b|')\d{2,4}s\b",
    # numbers in names: "AC-130", "COVID-19", "F-16", "MH17", "G20", "4G", "A320"
    r"\b[A-Za-z]*[A-Z][A-Za-z]*-\d+[A-Za-z]*\b",
    r"\b[A-Za-z]+\d+[A-Za-z\d]*\b",
    r"\b\d+(?!K\b)[A-Za-z]*[A-Z][A-Za-z]*\b",  # ... but "266K jobs" is a figure
    r"\b\d+-[A-Z][A-Za-z]*\b",
    r"(?:No\.|#)\s?\d+\b",
    r"\b(?:Section|Article|Chapter|Title|Route|Highway|Interstate|Flight|Room|Gate|Terminal|Platform|Channel|"
    r"Level|Stage|Phase|Act|Rule|Amendment|Resolution|Proposition|Prop|Bill|Number|Pier|Building|Apollo|"
    r"Unit|Ward|District|Precinct|Category|Grade|Class|Type|Model|Version|Windows|Boeing|Airbus|Article|"
    r"Paragraph|Clause|Exhibit|Figure|Table|Page|Vol\.|Volume|Episode|Season|Series|Formula|Studio|Block|"
    r"Lot|Camp|Sector|Zone|Region|Area|Station|Base|Tower|Square|Street|Avenue|Road|Hill)\s+\d+[A-Za-z]?\b",
    # phone numbers, scores, ranges of years, version strings
    r"\b\d{3}[-.\s]\d{3}[-.\s]\d{4}\b",
    r"\b\d+\.\d+\.\d+\b",
]


def _factor_word_boundary(patterns: list[str]) -> str:
    r"""The alternation of ``patterns`` with the leading ``\b`` of neighbouring alternatives written once:
    ``\b(?:A|B)|C`` for ``\bA|\bB|C``. The same matches (the alternatives keep their order), but inside a word,
    where ``\b`` fails, the regex engine gives up on the whole group at once instead of trying each alternative."""
    out: list[str] = []
    run: list[str] = []
    for p in [*patterns, ""]:
        if p.startswith(r"\b"):
            run.append(p[2:])
            continue
        if run:
            out.append(r"\b(?:" + "|".join(f"(?:{r})" for r in run) + ")")
            run = []
        if p:
            out.append(f"(?:{p})")
    return "|".join(out)


_BLOCK_RE = lazy_compile(_factor_word_boundary(_BLOCKERS))

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_NUM_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_WORDS = (
    rf"(?:(?:a|an)\s+(?:dozen|hundred|thousand|million|billion)|(?:{_NUM_WORD}))"
    rf"(?:(?:\s+and\s+|[\s-]+)(?:{_NUM_WORD}))*"
)
_SCALE = r"(?:\s*(?:hundred|thousand|million|billion|trillion)\b|(?:mn|bn|tn|[kmb])\b)"
# What a figure can start with: a currency sign, a digit or the decimal point, or at a word start the first letter
# of a number word ("a dozen" included). Checked first, so that the alternatives are not tried at every position.
_FIGURE_START = r"(?=[\d.$£€¥₹]|(?:US|[AC])\$|\b[" + "".join(sorted({w[0] for w in _NUMBER_WORDS} | {"a"})) + "])"
_NUMBER_RE = lazy_compile(
    _FIGURE_START + rf"(?P<cur>(?:US\$|A\$|C\$|\$|£|€|¥|₹)\s?)?"
    rf"(?:(?P<digits>{_DIGITS})(?P<scale>{_SCALE})?|\b(?P<words>{_WORDS})\b)",
    re.IGNORECASE,
)
_CURRENCY = {"$": "USD", "us$": "USD", "a$": "AUD", "c$": "CAD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}

_UNIT_WORDS: dict[str, str] = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "pct": "percent",
    "percentage points": "percentage points",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "yuan": "CNY",
    "yen": "JPY",
    "rupees": "INR",
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometer": "km",
    "miles": "mile",
    "mile": "mile",
    "metres": "m",
    "meters": "m",
    "metre": "m",
    "meter": "m",
    "feet": "ft",
    "foot": "ft",
    "ft": "ft",
    "kg": "kg",
    "kilograms": "kg",
    "kilos": "kg",
    "tonnes": "t",
    "tons": "t",
    "pounds": "lb",
    "lbs": "lb",
    "mph": "mph",
    "km/h": "km/h",
    "acres": "acre",
    "hectares": "ha",
    "degrees": "degree",
    "years": "year",
    "year": "year",
    "months": "month",
    "month": "month",
    "weeks": "week",
    "week": "week",
    "days": "day",
    "day": "day",
    "hours": "hour",
    "hour": "hour",
    "minutes": "minute",
    "minute": "minute",
    "seconds": "second",
    "decades": "decade",
    "centuries": "century",
}
_UNIT_RE = lazy_compile(
    r"(?P<unit>%|"
    + "|".join(re.escape(u) for u in sorted((k for k in _UNIT_WORDS if k != "%"), key=len, reverse=True))
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
_HYPHEN_UNIT_RE = lazy_compile(r"-(?P<unit>[a-z]+(?:-[a-z]+)?)\b")

_COUNT_STOP = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "from", "by", "for", "with", "into",
    "onto", "as", "than", "that", "which", "who", "whom", "whose", "where", "when", "while", "is", "are", "was",
    "were", "be", "been", "being", "has", "have", "had", "will", "would", "could", "should", "may", "might", "can",
    "did", "do", "does", "said", "says", "say", "per", "each", "since", "after", "before", "during", "over", "under",
    "about", "around", "if", "so", "this", "these", "those", "their", "its", "his", "her", "our", "your", "my",
    "it", "they", "he", "she", "we", "you", "i", "not", "no", "also", "still", "there", "here", "up", "down", "out",
    "off", "last", "next", "ago", "earlier", "later", "more", "less", "fewer", "other", "others", "all", "both",
    "between", "among", "against", "through", "across", "near", "like", "including", "within", "without",
    "them", "us", "me", "him", "away", "apart", "long", "wide", "high", "deep", "tall", "old", "late", "early",
    "too", "then", "now", "already", "again", "ever", "yet", "just", "only", "even", "most",
}  # fmt: skip
_VERBS = {
    "spent", "lost", "left", "went", "came", "made", "took", "got", "fell", "rose", "hit", "struck", "died",
    "sent", "paid", "cut", "saw", "won", "put", "set", "held", "kept", "met", "ran", "shot", "fled", "built",
    "sold", "bought", "brought", "caught", "taught", "thought", "felt", "led", "read", "told", "gave", "began",
}  # fmt: skip
_IRREGULAR_PLURALS = {
    "people", "children", "men", "women", "personnel", "police", "staff", "aircraft", "crew", "cattle", "feet",
    "teeth", "mice", "geese", "fish", "sheep", "deer", "data", "media", "militia", "troops", "civilians", "youth",
}  # fmt: skip
_TOKEN_RE = lazy_compile(r"[A-Za-z][A-Za-z.'’&]*(?:-[A-Za-z][A-Za-z.'’]*)*|\S")
_PRONOUN_ONE_BEFORE = lazy_compile(
    r"\b(?:no|any|every|some|the|this|that|which|each|anyone|someone|neither|either)\s+$", re.IGNORECASE, first="aenstw"
)
# The helpers' patterns, compiled once (an inline re.fullmatch(rf"...") rebuilds its source and looks it up in re's
# cache on every call).
_WORD_SPLIT_RE = lazy_compile(r"[\s-]+")
_CURRENCY_PREFIX_RE = lazy_compile(r"^(?:US\$|A\$|C\$|\$|£|€|¥|₹)\s?", re.IGNORECASE)
_PERCENT_SUFFIX_RE = lazy_compile(r"\s*(?:%|percent|per cent)$", re.IGNORECASE)
_PERCENT_AFTER_RE = lazy_compile(r"\s*(?:%|percent|per cent)", re.IGNORECASE)
_DIGITS_NUMBER_RE = lazy_compile(rf"(?P<d>{_DIGITS})(?P<s>{_SCALE})?", re.IGNORECASE)
_WORDS_NUMBER_RE = lazy_compile(_WORDS, re.IGNORECASE)
_DIGITS_WORDS_NUMBER_RE = lazy_compile(rf"(?P<d>{_DIGITS})\s+(?P<w>{_WORDS})", re.IGNORECASE)
_YEAR_PREP_BEFORE_RE = lazy_compile(
    r"(?:in|since|of|by|until|till|from|year|early|late|mid|before|after|during|and|to|–|-)\s*$", re.IGNORECASE
)
_NEXT_WORD_RE = lazy_compile(r"\s+([A-Za-z][A-Za-z.]*)")
_OF_THE_RE = lazy_compile(r"\s+of\s+(?:the|its|their|those|these|his|her|our)\s+", re.IGNORECASE)
_INITIALS_RE = lazy_compile(r"(?:[A-Z]\.){2,}")
_LOWER_INITIALS_RE = lazy_compile(r"(?:[a-z]\.){2,}")
_VERB_ENDING_RE = lazy_compile(r"(?:ed|ing|ly)$")
_ONE_OF_THEM_RE = lazy_compile(r"\s+(?:another|day|of\s+(?:them|us|those|these)\b)")
_LETTERS_RE = lazy_compile(r"[A-Za-z]+")


# ----------------------------------------------------------------------------------------------------------------
# Parsing
# ----------------------------------------------------------------------------------------------------------------


def _parse_words(text: str) -> float | None:
    words = [w for w in _WORD_SPLIT_RE.split(text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    if words[0] in {"a", "an"}:
        words[0] = "one"
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """The numeric value of a number written in digits or words, or None if ``text`` is not one number.

    ``"33"`` -> 33, ``"2,500"`` -> 2500, ``"thirty-three"`` -> 33, ``"1.5 million"`` -> 1_500_000,
    ``"a dozen"`` -> 12, ``"$2bn"`` -> 2e9, ``"10%"`` -> 10. Never raises.
    """
    t = text.strip().replace("\u2009", "").replace("\xa0", " ")
    t = _CURRENCY_PREFIX_RE.sub("", t)
    t = _PERCENT_SUFFIX_RE.sub("", t)
    m = _DIGITS_NUMBER_RE.fullmatch(t)
    if m:
        value = float(m.group("d").replace(",", ""))
        scale = (m.group("s") or "").strip().lower()
        if scale:
            value *= _SCALES.get(scale) or _SHORT_SCALES.get(scale, 1)
        return value
    if _WORDS_NUMBER_RE.fullmatch(t):
        return _parse_words(t)
    m = _DIGITS_WORDS_NUMBER_RE.fullmatch(t)
    if m:  # "1.5 million" handled above; "2 dozen"
        w = _parse_words(m.group("w"))
        return None if w is None else float(m.group("d").replace(",", "")) * w
    return None


# ----------------------------------------------------------------------------------------------------------------
# Finding figures
# ----------------------------------------------------------------------------------------------------------------


_URL_RE = lazy_compile(_BLOCKERS[0])
_DIGIT = lazy_compile(r"\d")


# Where a blocker other than the URL one can start. Each needs a digit, and what it matches before its first digit is
# a whole word of ASCII letters ("Jan", "AC", "Section", "Vol") with dots, commas or hyphens and spaces after it, or
# nothing (a digit at a word start), or an apostrophe ("'90s"), "#", or "No." (which may start inside a word): the
# positions ``\b[A-Za-z]+[.,-]*\s*(?=\d)|\b\d|'(?=\d)|#`` finds (these alternatives never overlap one another).
_DIGIT_RUN = lazy_compile(r"\d+")
_WORD_BEFORE_WINDOW = 64  # characters read back from a digit for the word before it (the whole prefix if it fills them)


def _is_word_char(ch: str) -> bool:
    r"""What ``\w`` matches in a str pattern: a letter, a digit or another numeric character, or '_'."""
    return ch.isalnum() or ch == "_"


def _block_starts(text: str) -> list[int]:
    r"""Every position where a blocker other than the URL one can start, ascending: the starts of
    ``\b[A-Za-z]+[.,-]*\s*(?=\d)|\b\d|'(?=\d)|#`` found from the digits back instead of by trying that pattern at
    every position. Only the first digit of a run of digits can follow a word, a non-word character or an
    apostrophe (a digit before it is a word character), so each run is read back from once: over the whitespace
    (``str.rstrip()`` strips what ``\s`` matches), the dots, commas and hyphens, the ASCII letters."""
    starts: list[int] = []
    for run in _DIGIT_RUN.finditer(text):
        d = run.start()
        if d == 0:
            starts.append(0)
            continue
        before = text[d - 1]
        if before == "'":
            starts.append(d - 1)
        lo = max(0, d - _WORD_BEFORE_WINDOW)
        punct = text[lo:d].rstrip().rstrip(".,-")
        word = punct.rstrip(string.ascii_letters)
        if not word and lo > 0:  # the letters (or what precedes them) reach the window's start: read the prefix
            lo = 0
            punct = text[:d].rstrip().rstrip(".,-")
            word = punct.rstrip(string.ascii_letters)
        if len(word) < len(punct) and (not word or not _is_word_char(word[-1])):
            starts.append(lo + len(word))  # the letters start a word
        if not _is_word_char(before):
            starts.append(d)
    if "#" in text:
        starts += [i for i, ch in enumerate(text) if ch == "#"]
        starts.sort()
    return starts


def _blocked(text: str, digit: bool) -> list[tuple[int, int]]:
    """The spans ``_BLOCK_RE.finditer(text)`` gives (URLs, dates, clock times, ordinals, numbers in names)."""
    # every blocker but the URL one needs a digit: without digits the URL pattern alone gives the same spans
    if not digit:
        return [(m.start(), m.end()) for m in _URL_RE.finditer(text)]
    if "://" in text or "www." in text or "No." in text:
        return [(m.start(), m.end()) for m in _BLOCK_RE.finditer(text)]
    # the scan finditer makes, tried only where a blocker can start (a match at no other position)
    return [m.span() for m in matches_at(_BLOCK_RE, text, _block_starts(text))]


_FOLDED_WORD_RE = lazy_compile(r"[a-z]+")
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)
# Every vague amount of _VAGUE, as caseless() writes it, contains one of these ("tens of thousands of" contains
# "thousands of"): the words of _VAGUE_OF each before " of", or one of _VAGUE_ALONE.
_VAGUE_OF = tuple(
    f"{w} of"
    for w in ("number", "handful", "couple", "dozens", "scores", "hundreds", "thousands", "millions", "billions")
)
_VAGUE_ALONE = ("a few", "several", "multiple", "numerous")


def _may_be_vague(folded: str) -> bool:
    """Whether ``folded`` (a caseless() text) contains one of the strings every vague amount contains (substring
    tests: a text without " of" holds none of _VAGUE_OF)."""
    return any(w in folded for w in _VAGUE_ALONE) or (" of" in folded and any(w in folded for w in _VAGUE_OF))


# Where a _NUMBER_RE match can start: at a digit, a decimal point or a currency sign; at the letters of "US$", "A$",
# "C$" before the "$"; or at a number word or "a"/"an" ("a dozen") that is a whole word (a number word ends at a
# space, a hyphen or the end of the figure: a character that is not a word character).
_NUMBER_CHAR_RE = lazy_compile(r"[\d.$£€¥₹]")
_FIRST_NUMBER_WORD = frozenset(_NUMBER_WORDS) | {"a", "an"}


def _number_starts(text: str, folded: str, words: bool) -> list[int]:
    """Every position where ``_NUMBER_RE`` can match ``text`` (and others), sorted. ``folded``: ``text.lower()``, as
    long as ``text``; ``words``: whether ``text`` has a number word (without one only the digits and currencies)."""
    starts = []
    for c in _NUMBER_CHAR_RE.finditer(text):
        p = c.start()
        if text[p] == "$":
            if p >= 2 and folded[p - 2 : p] == "us":
                starts.append(p - 2)
            if p >= 1 and folded[p - 1] in "ac":
                starts.append(p - 1)
        starts.append(p)
    if words:
        starts += [w.start() for w in _FOLDED_WORD_RE.finditer(folded) if w[0] in _FIRST_NUMBER_WORD]
        starts.sort()
    return starts


def _numbers(text: str, folded: str, words: bool) -> list[re.Match[str]]:
    """The matches ``_NUMBER_RE.finditer(text)`` gives, tried only where one can start (:func:`_number_starts`).
    ``folded`` is ``caseless(text)``; ``words`` as there. A text with a character that a case-insensitive pattern
    matches to an ASCII letter but whose lower case is not that letter ("ſ", "K", "İ", "ı"), or whose lower case is
    not as long, takes the full scan."""
    if len(folded) != len(text) or (not text.isascii() and any(ch in text for ch in IGNORECASE_ODD)):
        return list(_NUMBER_RE.finditer(text))
    return matches_at(_NUMBER_RE, text, _number_starts(text, folded, words))


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _glued(text: str, start: int, end: int) -> bool:
    """True when digits are glued to a word or another number ("x17", "3/4", "12-3"), not a figure of their own."""
    prev = text[start - 1] if start > 0 else " "
    if prev.isalnum() or prev == "/":
        return True
    if prev == "-" and start >= 2 and text[start - 2].isalnum():
        return True
    return text[end : end + 1] == "/" and text[end + 1 : end + 2].isdigit()


def _is_year(text: str, m: re.Match[str], value: float) -> bool:
    digits = m.group("digits")
    if not digits or "," in digits or "." in digits or m.group("cur") or m.group("scale"):
        return False
    if len(digits) != 4 or not 1800 <= value <= 2100:
        return False
    after = text[m.end() : m.end() + 20]
    if _PERCENT_AFTER_RE.match(after):
        return False
    before = text[max(0, m.start() - 25) : m.start()]
    if _YEAR_PREP_BEFORE_RE.search(before):
        return True
    # "2000 people" is a figure; "2020 was" / "2020." is a year
    nxt = _NEXT_WORD_RE.match(after)
    return not (nxt and _is_plural(nxt.group(1)))


def _counts_after(text: str, pos: int) -> tuple[str | None, int]:
    """The noun phrase counted after position ``pos``, and where it ends (``pos`` when there is none)."""
    m = _OF_THE_RE.match(text, pos)
    start = m.end() if m else pos
    tokens: list[tuple[str, int, int]] = []
    for t in _TOKEN_RE.finditer(text, start):
        gap = text[(tokens[-1][2] if tokens else start) : t.start()]
        if "\n" in gap or (tokens and gap.strip()) or (not tokens and gap.strip()):
            break
        word = t.group(0)
        clean = word.rstrip(".'’") if not _INITIALS_RE.fullmatch(word) else word
        acronym = len(clean) > 1 and clean.isupper()
        if not clean or not clean[0].isalpha() or (clean.lower() in _COUNT_STOP and not acronym) or len(tokens) >= 5:
            break
        if clean.lower() in _NUMBER_WORDS:
            break
        tokens.append((clean, t.start(), t.start() + len(clean)))
        if clean != word:  # a sentence-final period or a quote closes the phrase
            break
    if not tokens:
        return None, pos
    verbish = [i for i, (w, _, _) in enumerate(tokens) if _is_verbish(w)]
    if verbish and verbish[0] > 0:
        tokens = tokens[: verbish[0]]
    elif verbish and not _is_plural(tokens[0][0]):
        return None, pos
    plural = [i for i, (w, _, _) in enumerate(tokens) if _is_plural(w)]
    tokens = tokens[: plural[-1] + 1] if plural else tokens[:3]
    phrase = text[tokens[0][1] : tokens[-1][2]]
    return phrase, tokens[-1][2]


def _is_verbish(word: str) -> bool:
    w = word.lower()
    return w in _VERBS or (word[0].islower() and _VERB_ENDING_RE.search(w) is not None)


def _is_plural(word: str) -> bool:
    w = word.lower()
    if w in _IRREGULAR_PLURALS or _LOWER_INITIALS_RE.fullmatch(w):
        return w in _IRREGULAR_PLURALS
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))


def singular(word: str) -> str:
    """A crude singular of an English noun, for comparing what two figures count ("injuries" -> "injury")."""
    w = word.lower().strip(".'’")
    irregular = {"people": "person", "men": "man", "women": "woman", "children": "child", "feet": "foot"}
    if w in irregular:
        return irregular[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def _qualifier_before(text: str, start: int) -> tuple[Qualifier, int]:
    before = text[max(0, start - 30) : start]
    m = _QUALIFIER_RE.search(before)
    if not m:
        return Qualifier.EXACT, start
    return _QUALIFIER_OF[m.group("q").lower()], start - (len(before) - m.start("q"))


def _unit_after(text: str, pos: int) -> tuple[str | None, int]:
    gap = 1 if text[pos : pos + 1].isspace() else 0  # what r"\s?" matches at pos
    u = _UNIT_RE.match(text, pos + gap)
    if u and (u.group("unit") == "%" or gap):
        return _UNIT_WORDS[u.group("unit").lower()], u.end()
    h = _HYPHEN_UNIT_RE.match(text, pos)
    if h:  # "10-day pause", "23-year-old"
        word = h.group("unit").lower()
        head = word.split("-")[0]
        return _UNIT_WORDS.get(head, head), h.end()
    return None, pos


def find_figures(text: str) -> list[NumberMatch]:
    """Every figure of ``text``: counted amounts, measures, money and percentages, and vague amounts.

    Returns matches sorted by start offset. Years, clock times, dates, ordinals and numbers that are part of names
    are left out. Never raises.
    """
    digit = _DIGIT.search(text) is not None
    folded = caseless(text)
    blocked: list[tuple[int, int]] | None = None  # found when the text has a number at all
    out: list[NumberMatch] = []
    taken: list[tuple[int, int]] = []
    # Whether the text has a number word: those _NUMBER_RE matches are whole words (``\b`` on both sides), so words
    # of ``folded``. Without a digit or a number word _NUMBER_RE cannot match.
    has_words = not _NUMBER_WORD_SET.isdisjoint(_FOLDED_WORD_RE.findall(folded))
    for m in _numbers(text, folded, has_words) if digit or has_words else ():
        if blocked is None:
            blocked = _blocked(text, digit)
        n_start = m.start("digits") if m.group("digits") else m.start("words")
        if _overlaps(blocked, n_start, m.end()) or _overlaps(taken, m.start(), m.end()):
            continue
        if m.group("digits") and _glued(text, n_start, m.end()):
            continue
        value = parse_number(text[n_start : m.end()])
        if value is None:
            continue
        words = (m.group("words") or "").lower()
        if words == "one" and _PRONOUN_ONE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        if words == "one" and _ONE_OF_THEM_RE.match(text, m.end()):
            continue
        if _is_year(text, m, value):
            continue
        unit: str | None = None
        cur = (m.group("cur") or "").strip().lower()
        if cur:
            unit = _CURRENCY.get(cur)
        scale = (m.group("scale") or "").strip().lower()
        if scale == "m" and not cur:
            # "100m" without a currency sign is a distance, not a million
            value /= 1_000_000
            unit = "m"
        end = m.end()
        u, u_end = _unit_after(text, end)
        if u is not None and not (unit and u in _CURRENCY.values()):
            unit, end = u, u_end
        elif u is not None:
            end = u_end
        counts, c_end = _counts_after(text, end)
        qualifier, start = _qualifier_before(text, m.start())
        stop = c_end if counts else end
        out.append(NumberMatch(start, stop, text[start:stop], value, qualifier, counts, unit, n_start, m.end()))
        taken.append((start, stop))
    for v in _VAGUE_RE.finditer(text) if _may_be_vague(folded) else ():
        if _overlaps(taken, v.start(), v.end()):
            continue
        counts, c_end = _counts_after(text, v.end())
        if counts is None:
            continue
        out.append(
            NumberMatch(v.start(), c_end, text[v.start() : c_end], None, Qualifier.SEVERAL, counts, None,
                        v.start(), v.end())
        )  # fmt: skip
    return sorted(out, key=lambda f: f.start)


# ----------------------------------------------------------------------------------------------------------------
# Comparing figures
# ----------------------------------------------------------------------------------------------------------------

_INF = math.inf


def _interval(value: float, qualifier: Qualifier) -> tuple[float, float, bool, bool]:
    """(low, high, low_open, high_open) of the values a figure allows."""
    if qualifier == Qualifier.AT_LEAST:
        return value, _INF, False, True
    if qualifier == Qualifier.MORE_THAN:
        return value, _INF, True, True
    if qualifier in (Qualifier.AT_MOST, Qualifier.UP_TO):
        return 0.0, value, False, False
    if qualifier == Qualifier.FEWER_THAN:
        return 0.0, value, False, True
    if qualifier == Qualifier.ABOUT:
        return value * 0.85, value * 1.15, False, False
    return value, value, False, False


def _disjoint(a: tuple[float, float, bool, bool], b: tuple[float, float, bool, bool]) -> bool:
    if a[1] < b[0] or b[1] < a[0]:
        return True
    if a[1] == b[0]:
        return a[3] or b[2]
    if b[1] == a[0]:
        return b[3] or a[2]
    return False


def _contains(outer: tuple[float, float, bool, bool], inner: tuple[float, float, bool, bool]) -> bool:
    lo_ok = outer[0] < inner[0] or (outer[0] == inner[0] and (not outer[2] or inner[2]))
    hi_ok = outer[1] > inner[1] or (outer[1] == inner[1] and (not outer[3] or inner[3]))
    return lo_ok and hi_ok


def _head(counts: str | None) -> str | None:
    if not counts:
        return None
    words = _LETTERS_RE.findall(counts)
    return singular(words[-1]) if words else None


def _as_parts(f: NumberMatch | Figure) -> tuple[float | None, Qualifier, str | None, str | None]:
    return f.value, f.qualifier, f.counts, f.unit


def same_quantity(a: NumberMatch | Figure, b: NumberMatch | Figure) -> CheckStatus:
    """Does figure ``a`` (the claim) state what figure ``b`` (the evidence) states?

    Returns SUPPORTED (same value and qualifier, or a hedged "about N" for an exact N, or a weaker claim with the
    same qualifier such as "at least 4" for "at least five"), NEAR_MISS (entailed but the qualifier changed:
    "at least 10" for "10"), CONTRADICTED (the values cannot both be true of the same thing), or UNSUPPORTED (a
    different unit or thing counted, or the evidence does not pin the value down: "10" for "at least 10").
    """
    av, aq, ac, au = _as_parts(a)
    bv, bq, bc, bu = _as_parts(b)
    if au and bu and au != bu:
        return CheckStatus.UNSUPPORTED
    ha, hb = _head(ac), _head(bc)
    if ha and hb and ha != hb:
        return CheckStatus.UNSUPPORTED
    if av is None or bv is None:
        if av is None and bv is None:
            return CheckStatus.SUPPORTED
        if av is None:  # "several" for a stated number >= 2
            return CheckStatus.SUPPORTED if (bv or 0) >= 2 else CheckStatus.UNSUPPORTED
        return CheckStatus.UNSUPPORTED
    ia, ib = _interval(av, aq), _interval(bv, bq)
    if aq == bq and (av == bv or (aq == Qualifier.ABOUT and not _disjoint(ia, ib))):
        return CheckStatus.SUPPORTED
    if _disjoint(ia, ib):
        return CheckStatus.CONTRADICTED
    if _contains(ia, ib):
        if aq == Qualifier.ABOUT and bq == Qualifier.EXACT:
            return CheckStatus.SUPPORTED
        if aq == bq:
            return CheckStatus.SUPPORTED
        return CheckStatus.NEAR_MISS
    return CheckStatus.UNSUPPORTED
