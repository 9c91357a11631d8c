"""Neutral language: the loaded-terms lint, attribution detection, and a neutral attribution helper.

Owns the lexicon of loaded and emotive news wording (``summarizer/data/loaded_terms.txt``, read with
:mod:`importlib.resources`; its header documents the line format), :func:`loaded_terms` (the lint: loaded terms of a
sentence with offsets, category and a neutral suggestion; text inside quotation marks is never reported, because
quotes stay verbatim), :func:`is_attributed` (does the sentence say who the statement comes from: "X said",
"according to Y" -- returned as data) and :func:`attribute` (append ", according to Speaker.").

The composer uses the lint to avoid picking loaded sentences; tests use it on generated sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "AttributionMatch",
    "Lexicon",
    "LexiconEntry",
    "LoadedTerm",
    "attribute",
    "is_attributed",
    "load_lexicon",
    "loaded_terms",
    "parse_lexicon",
    "quoted_regions",
]

LEXICON_FILE = "loaded_terms.txt"
_OMIT = "(omit)"


# ----------------------------------------------------------------------------------------------------------------
# The lexicon
# ----------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LexiconEntry:
    """One lexicon line: its spellings, category, neutral suggestion (None: rephrase) and options."""

    variants: tuple[str, ...]
    category: str
    suggestion: str | None
    attributed_ok: bool = False
    line: int = 0


@dataclass(frozen=True)
class Lexicon:
    """The parsed lexicon: entries by lower-case variant, exempt phrases, and the compiled matchers."""

    entries: dict[str, LexiconEntry]
    exempt: tuple[str, ...]
    pattern: re.Pattern[str]
    exempt_pattern: re.Pattern[str] | None
    anchors: frozenset[str] = frozenset()  # the longest word of every variant: a cheap pre-filter

    def __len__(self) -> int:
        return len({id(e) for e in self.entries.values()})


def _phrase_regex(phrases: list[str]) -> str:
    alts = sorted({p.lower() for p in phrases}, key=lambda p: (-len(p), p))
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in alts)
    return rf"(?<![\w'’-])(?:{body})(?![\w-])"


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def parse_lexicon(text: str) -> Lexicon:
    """Parse lexicon text in the ``variants | category | suggestion | options`` line format.

    Returns the :class:`Lexicon`. Raises ValueError naming the line when a line is malformed or a variant is
    listed twice.
    """
    entries: dict[str, LexiconEntry] = {}
    exempt: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("!"):
            phrase = _key(line[1:])
            if not phrase:
                raise ValueError(f"lexicon line {number}: empty exempt phrase")
            exempt.append(phrase)
            continue
        fields = [f.strip() for f in line.split("|")]
        if len(fields) < 3 or len(fields) > 4 or not fields[0] or not fields[1]:
            raise ValueError(f"lexicon line {number}: expected 'variants | category | suggestion [| options]'")
        options = {o.strip() for o in fields[3].split(",")} - {""} if len(fields) == 4 else set()
        unknown = options - {"attributed-ok"}
        if unknown:
            raise ValueError(f"lexicon line {number}: unknown option(s) {sorted(unknown)}")
        suggestion = None if fields[2] in ("", "-") else ("" if fields[2] == _OMIT else fields[2])
        variants = tuple(_key(v) for v in fields[0].split(",") if v.strip())
        entry = LexiconEntry(variants, fields[1], suggestion, "attributed-ok" in options, number)
        for v in variants:
            if v in entries:
                raise ValueError(f"lexicon line {number}: {v!r} already listed on line {entries[v].line}")
            entries[v] = entry
    if not entries:
        raise ValueError("lexicon has no entries")
    pattern = re.compile(_phrase_regex(list(entries)), re.IGNORECASE)
    exempt_pattern = re.compile(_phrase_regex(exempt), re.IGNORECASE) if exempt else None
    anchors = frozenset(max(v.split(), key=len) for v in entries)
    return Lexicon(entries, tuple(exempt), pattern, exempt_pattern, anchors)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon shipped in the package (cached). Raises ValueError if the packaged file is malformed."""
    text = resources.files("summarizer").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8")
    return parse_lexicon(text)


# ----------------------------------------------------------------------------------------------------------------
# Quotations
# ----------------------------------------------------------------------------------------------------------------

_QUOTE_PAIRS = [
    re.compile(r"“[^”]*(?:”|$)"),
    re.compile(r"«[^»]*(?:»|$)"),
    re.compile(r"„[^“”]*(?:[“”]|$)"),
    re.compile(r'"[^"]*(?:"|$)'),
    re.compile(r"(?<![\w])‘[^’]*?’(?![\w])"),
    re.compile(r"(?<![\w])'[^'\n]+?'(?![\w])"),
]


def quoted_regions(sentence: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every quotation in ``sentence``, quotation marks included, sorted by start.

    An opening mark without its closing mark quotes to the end of the sentence (a quote that runs on).
    """
    regions: list[tuple[int, int]] = []
    for rx in _QUOTE_PAIRS:
        for m in rx.finditer(sentence):
            if not any(s <= m.start() < e for s, e in regions):
                regions.append(m.span())
    return sorted(regions)


def _inside(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in regions)


# ----------------------------------------------------------------------------------------------------------------
# The lint
# ----------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedTerm:
    """A loaded term found in a sentence: offsets into the sentence, the term as written, its category and a
    neutral suggestion ('' means "drop the word", None means "rephrase or attribute")."""

    start: int
    end: int
    term: str
    category: str
    suggestion: str | None


_WORDISH = re.compile(r"[\w'’-]+")


def _may_contain(sentence: str, first_words: frozenset[str]) -> bool:
    """Whether any variant's anchor word occurs in ``sentence`` (tokens, and tokens cut at an apostrophe)."""
    for m in _WORDISH.finditer(sentence.lower()):
        w = m.group(0)
        if w in first_words or w.split("'")[0] in first_words or w.split("’")[0] in first_words:
            return True
        if "-" in w and any(part in first_words for part in w.split("-")):
            return True
    return False


def loaded_terms(sentence: str, *, lexicon: Lexicon | None = None) -> list[LoadedTerm]:
    """Loaded terms of ``sentence``, in order.

    Text inside quotation marks is skipped (quotes stay verbatim); a term inside an exempt phrase ("claimed
    responsibility") is skipped; terms marked ``attributed-ok`` ("terrorist", "regime") are skipped when the sentence
    is attributed (:func:`is_attributed`) unless they describe the speaker. Never raises on any input string.
    """
    lex = lexicon or load_lexicon()
    if lex.anchors and not _may_contain(sentence, lex.anchors):
        return []
    quotes = quoted_regions(sentence)
    exempt = [m.span() for m in lex.exempt_pattern.finditer(sentence)] if lex.exempt_pattern else []
    attributed: AttributionMatch | bool | None = False  # computed lazily: most sentences have no loaded term
    out: list[LoadedTerm] = []
    for m in lex.pattern.finditer(sentence):
        if _inside(quotes, m.start(), m.end()) or _inside(exempt, m.start(), m.end()):
            continue
        entry = lex.entries[_key(m.group(0))]
        if entry.attributed_ok:
            if attributed is False:
                attributed = is_attributed(sentence)
            in_speaker = isinstance(attributed, AttributionMatch) and _inside(
                [(attributed.start, attributed.end)], m.start(), m.end()
            )
            if attributed is not None and not in_speaker:
                continue  # the speaker's word, not ours; a label inside the speaker's name ("the extremist group
                # said") is the writer's and is reported
        out.append(LoadedTerm(m.start(), m.end(), m.group(0), entry.category, entry.suggestion))
    return out


# ----------------------------------------------------------------------------------------------------------------
# Attribution
# ----------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttributionMatch:
    """Who a sentence attributes its statement to: the speaker's offsets in the sentence, the verb, and whether the
    speaker is unnamed ("a U.S. official", "sources"). ``style`` is 'according-to', 'subject' ("X said") or
    'inverted' ('..., said X')."""

    start: int
    end: int
    speaker: str
    verb: str
    style: str
    anonymous: bool


_STRONG_VERBS = (
    "said|says|say|told|tells|stated|states|announced|announces|added|adds|wrote|writes|tweeted|posted|"
    "explained|declared|testified|insisted|insists|acknowledged|asserted|maintained|argued|argues|vowed|"
    "warned|warns|noted|notes|cautioned|stressed|emphasized|emphasised|predicted|saying|writing"
)
_WEAK_VERBS = (
    "reported|reports|confirmed|confirms|claimed|claims|denied|denies|alleged|alleges|believes|believe|"
    "estimated|estimates|described|accused|accuses|suggested|suggests|indicated|indicates|called|calls|calling|"
    "branded|brands|labeled|labelled|termed|dubbed"
)
_VERB_RX = re.compile(
    rf"\b(?:(?:has|have|had|also|previously|later|earlier)\s+)*(?P<verb>{_STRONG_VERBS}|{_WEAK_VERBS})\b",
    re.IGNORECASE,
)
_WEAK = frozenset(_WEAK_VERBS.split("|"))
_SPEAKER_CHARS = r"(?:[^,.;:!?()“”\"]|\.(?=[A-Za-z,])|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z]{2})\.)+"
_ACCORDING_RX = re.compile(rf"\b(?:according\s+to|as\s+reported\s+by)\s+(?P<speaker>{_SPEAKER_CHARS})", re.IGNORECASE)
_INVERTED_RX = re.compile(
    rf"[,”\"’]\s*(?P<verb>{_STRONG_VERBS}|reported|confirmed|claimed|denied|alleged)\s+"
    rf"(?P<speaker>(?:the\s+|a\s+|an\s+)?[A-Z]{_SPEAKER_CHARS})"
)
_SPEAKER_STOP = re.compile(
    r"\s+(?:who|which|that|because|familiar\s+with|with\s+knowledge|speaking|briefed|on\s+condition|in\s+a|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|late|early|adding|while|after|before)\b.*$",
    re.IGNORECASE,
)
_BOUNDARY_BEFORE = re.compile(
    r"[,;:()“”\"—–]|\s-\s|(?<=[!?])\s|(?<=\.)(?<![A-Z]\.)(?<!\b[A-Z][a-z]\.)(?<!\b[A-Z][a-z]{2}\.)\s"
)
_LEADING_JUNK = re.compile(r"^(?:and|but|while|as|so|yet|then|which|that|however|meanwhile)\s+", re.IGNORECASE)
_DETERMINERS = frozenset("the a an this that these those its their his her our some any no".split())
_ANON_HEADS = frozenset(
    "official officials source sources person people persons diplomat diplomats aide aides insider insiders "
    "spokesperson spokesman spokeswoman officer officers analyst analysts witness witnesses resident residents "
    "member members staffer staffers".split()
)
_NAMED_TITLE = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'’-]+$")


def _anonymous(speaker: str) -> bool:
    words = re.findall(r"[A-Za-z'’]+", speaker)
    if not words:
        return False
    head = words[-1].lower().removesuffix("'s").removesuffix("’s")
    return head in _ANON_HEADS and not _NAMED_TITLE.search(speaker)


def _trim_speaker(sentence: str, start: int, end: int) -> tuple[int, int]:
    text = sentence[start:end]
    stop = _SPEAKER_STOP.search(text)
    if stop:
        text = text[: stop.start()]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    junk = _LEADING_JUNK.match(text)
    if junk:
        lead += junk.end()
        text = text[junk.end() :]
    return start + lead, start + lead + len(text.rstrip())


def _participle_subject(sentence: str, comma: int) -> tuple[int, int] | None:
    """The subject of the clause before ", saying ...": its words up to the first verb-like word ("Armenian Prime
    Minister Nikol Pashinyan praised Biden, saying" -> "Armenian Prime Minister Nikol Pashinyan")."""
    left = 0
    for b in _BOUNDARY_BEFORE.finditer(sentence, 0, max(0, comma - 1)):
        left = b.end()
    tokens = list(re.finditer(r"\S+", sentence[left : max(0, comma - 1)]))
    end = None
    for i, t in enumerate(tokens):
        w = t.group(0)
        if i > 0 and w[:1].islower() and re.search(r"(?:ed|s)$", w) and w.lower() not in _DETERMINERS:
            end = tokens[i - 1].end()
            break
    if end is None or end > 120:
        return None
    return _trim_speaker(sentence, left + tokens[0].start(), left + end)


def _subject_match(sentence: str) -> AttributionMatch | None:
    quotes = quoted_regions(sentence)
    for m in _VERB_RX.finditer(sentence):
        verb = m.group("verb")
        if _inside(quotes, m.start("verb"), m.end("verb")):
            continue
        after = sentence[m.end() : m.end() + 20].lower()
        if verb.lower().startswith("claim") and after.lstrip().startswith("responsibility"):
            continue
        if verb.lower().startswith("call") and re.match(r"\s*(?:for|on|off|up|in|back|out)\b", after):
            continue  # "called for talks", "called off": not speech about something
        before = sentence[: m.start()]
        cut = 0
        for b in _BOUNDARY_BEFORE.finditer(before):
            cut = b.end()
        words = list(re.finditer(r"\S+", before[cut:]))
        if not words and verb.lower() in ("saying", "writing"):
            found = _participle_subject(sentence, cut)
            if found is not None:
                s, e = found
                return AttributionMatch(s, e, sentence[s:e], verb, "subject", _anonymous(sentence[s:e]))
        if not words:
            continue
        first = words[max(0, len(words) - 8)].start() + cut
        s, e = _trim_speaker(sentence, first, len(before.rstrip()))
        speaker = sentence[s:e]
        tokens = speaker.split()
        if not tokens or len(tokens) > 8:
            continue
        if tokens[-1].lower() in _DETERMINERS:
            continue
        if verb.lower() in _WEAK and (len(tokens) < 1 or not re.search(r"[A-Za-z]", speaker)):
            continue
        return AttributionMatch(s, e, speaker, verb, "subject", _anonymous(speaker))
    return None


def is_attributed(sentence: str) -> AttributionMatch | None:
    """Who ``sentence`` attributes its statement to, or None when it is stated without attribution.

    Recognises "according to Y" (also "as reported by Y"), '..., said Y' and "X said/told/
    announced/..." outside quotation marks ("claimed responsibility" is not an attribution). The result is data
    (speaker offsets, verb, style, anonymity), truthy when found. Never raises.
    """
    quotes = quoted_regions(sentence)
    for m in _ACCORDING_RX.finditer(sentence):
        if _inside(quotes, m.start(), m.end()):
            continue
        s, e = _trim_speaker(sentence, m.start("speaker"), m.end("speaker"))
        if e > s:
            verb = " ".join(sentence[m.start() : m.start("speaker")].split())
            return AttributionMatch(s, e, sentence[s:e], verb, "according-to", _anonymous(sentence[s:e]))
    for m in _INVERTED_RX.finditer(sentence):
        s, e = _trim_speaker(sentence, m.start("speaker"), m.end("speaker"))
        if e > s:
            return AttributionMatch(s, e, sentence[s:e], m.group("verb"), "inverted", _anonymous(sentence[s:e]))
    return _subject_match(sentence)


_CLOSE_QUOTES = '”"’»'


def attribute(sentence: str, speaker: str) -> str:
    """``sentence`` attributed to ``speaker``: "The base was hit, according to Centcom."

    A sentence that is already attributed (:func:`is_attributed`) is returned unchanged. A sentence ending in a
    quotation gets the attribution after the closing mark, with the final period turned into a comma inside it.
    Raises ValueError when ``speaker`` is blank.
    """
    who = " ".join(speaker.split())
    if not who:
        raise ValueError("attribute() needs a speaker")
    body = sentence.rstrip()
    if not body or is_attributed(body) is not None:
        return sentence
    closing = ""
    while body and body[-1] in _CLOSE_QUOTES:
        closing = body[-1] + closing
        body = body[:-1]
    if body.endswith((".", "…")) and not body.endswith(".."):
        body = body[:-1]
        mark = "," if closing else ""
    elif body.endswith(("!", "?")):
        mark = ""
    else:
        mark = "," if closing else ""
    if closing:
        return f"{body}{mark}{closing} according to {who}."
    return f"{body}, according to {who}."
