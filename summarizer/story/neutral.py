"""Neutral language: the loaded-terms lint and a neutral attribution helper.

Owns the lexicon of loaded and emotive news wording (``summarizer/data/loaded_terms.txt``, read with
:mod:`importlib.resources`; its header documents the line format), :func:`loaded_terms` (the lint: loaded terms of a
sentence with offsets, category and a neutral suggestion; text inside quotation marks is never reported, because
quotes stay verbatim) and :func:`attribute` (append ", according to Speaker."). Whether a sentence is attributed
is :func:`summarizer.text.attribution.find_attribution`, the detector extraction and verification use too.

The composer uses the lint to avoid picking loaded sentences; tests use it on generated sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from summarizer.text.attribution import AttributionMatch, find_attribution
from summarizer.text.entities import quoted_regions
from summarizer.text.normalize import IGNORECASE_ODD, caseless
from summarizer.text.regex import lazy_compile

__all__ = [
    "Lexicon",
    "LexiconEntry",
    "LoadedTerm",
    "attribute",
    "load_lexicon",
    "loaded_terms",
    "parse_lexicon",
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
    """The parsed lexicon: entries by lower-case variant, exempt phrases, and the compiled matchers.

    The matcher of every variant (:attr:`pattern`, one alternation of about a thousand phrases) is compiled only when
    a sentence needs it (text outside ASCII); ASCII sentences are matched with :meth:`matcher_for`, the alternation of
    the variants that start with the words found at a position, compiled on first use of those words (compiling the
    whole alternation cost more than the rest of a one-article run's lint). When every variant is ASCII,
    :meth:`variants_from` serves that step instead: the variants as word tuples, compared without a regex."""

    entries: dict[str, LexiconEntry]
    exempt: tuple[str, ...]
    exempt_pattern: re.Pattern[str] | None
    anchors: frozenset[str] = frozenset()  # the longest word of every variant: a cheap pre-filter
    first_words: frozenset[str] | None = None  # the first word of every variant, when all are plain words
    _matchers: dict[frozenset[str] | None, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    _by_first: dict[str, list[tuple[tuple[int, str], tuple[str, ...]]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __len__(self) -> int:
        return len({id(e) for e in self.entries.values()})

    @property
    def pattern(self) -> re.Pattern[str]:
        """Every variant, on word boundaries, case-insensitive, longest first (compiled on first use)."""
        return self.matcher_for(None)

    def matcher_for(self, firsts: frozenset[str] | None) -> re.Pattern[str]:
        """The variants whose first word is in ``firsts`` (all when None), in :attr:`pattern`'s order (cached)."""
        matcher = self._matchers.get(firsts)
        if matcher is None:
            variants = [v for v in self.entries if firsts is None or v.split()[0] in firsts]
            matcher = self._matchers[firsts] = re.compile(_phrase_regex(variants), re.IGNORECASE)
        return matcher

    def variants_from(self, firsts: frozenset[str]) -> list[tuple[str, ...]]:
        """The words of the variants whose first word is in ``firsts``, in :attr:`pattern`'s order (longest first);
        empty when a variant is not ASCII (then :meth:`matcher_for` is the way)."""
        if not self._by_first:
            if not all(v.isascii() for v in self.entries):
                return []
            for v in sorted({v.lower() for v in self.entries}, key=_order):
                self._by_first.setdefault(v.split()[0], []).append((_order(v), tuple(v.split())))
        if len(firsts) == 1:
            return [words for _, words in self._by_first.get(next(iter(firsts)), ())]
        return [words for _, words in sorted(item for f in firsts for item in self._by_first.get(f, ()))]


def _order(phrase: str) -> tuple[int, str]:
    return -len(phrase), phrase


def _phrase_regex(phrases: list[str]) -> str:
    alts = sorted({p.lower() for p in phrases}, key=_order)
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in alts)
    return rf"(?<![\w'’-])(?:{body})(?![\w-])"


def _key(text: str) -> str:
    """An entry's key, and the key of a text the pattern matched: case-folded as ``re.IGNORECASE`` compares (the
    long "ſ" of "extremiſt" is an "s"), so every match finds its entry."""
    return " ".join(caseless(text).split())


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
    exempt_pattern = re.compile(_phrase_regex(exempt), re.IGNORECASE) if exempt else None
    anchors = frozenset(max(v.split(), key=len) for v in entries)
    firsts = {v.split()[0] for v in entries}
    plain = all(_PLAIN_WORD.fullmatch(w) for w in firsts)
    return Lexicon(entries, tuple(exempt), exempt_pattern, anchors, frozenset(firsts) if plain else None)


_PLAIN_WORD = lazy_compile(r"[A-Za-z0-9_'’-]*[A-Za-z0-9_]")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon shipped in the package (cached). Raises ValueError if the packaged file is malformed."""
    text = resources.files("summarizer").joinpath("data", LEXICON_FILE).read_text(encoding="utf-8")
    return parse_lexicon(text)


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


_WORDISH = lazy_compile(r"[\w'’-]+")


def _may_contain(sentence: str, first_words: frozenset[str]) -> bool:
    """Whether any variant's anchor word occurs in ``sentence`` (tokens, and tokens cut at an apostrophe)."""
    low = sentence.lower()
    words = _WORDISH.findall(low)
    if not first_words.isdisjoint(words):
        return True
    if "'" not in low and "’" not in low and "-" not in low:
        return False  # no token to cut
    for w in words:
        if ("'" in w or "’" in w) and (w.split("'")[0] in first_words or w.split("’")[0] in first_words):
            return True
        if "-" in w and any(part in first_words for part in w.split("-")):
            return True
    return False


_FOLDS_TO_ASCII = frozenset(IGNORECASE_ODD)
"""The characters outside ASCII that ``re.IGNORECASE`` matches with an ASCII letter (İ ı ſ K), or whose ``lower()``
is not one character (İ): the only ones for which tokens of the lower-cased sentence could disagree with the pattern
(tests/story/test_neutral.py checks the set against every code point)."""


_BEFORE_TERM = lazy_compile(r"[\w'’-]")  # what the pattern's look-behind refuses before a term
_AFTER_TERM = lazy_compile(r"[\w-]")  # ... and its look-ahead after one


def _variant_end(sentence: str, low: str, p: int, variants: list[tuple[str, ...]]) -> int | None:
    """Where the first of ``variants`` (word tuples) matching at ``p`` ends, as the pattern matches it: the words
    case-insensitively (``low`` is ``sentence.lower()``, of the same length), whitespace between them, no word
    character or hyphen after; None when none matches. Exact for ASCII variants in a sentence without
    :data:`_FOLDS_TO_ASCII` characters: there a character matches an ASCII one case-insensitively exactly when its
    lower case is that character."""
    if p > 0 and _BEFORE_TERM.match(sentence, p - 1):
        return None
    n = len(sentence)
    for words in variants:
        q = p
        for i, w in enumerate(words):
            if i:
                gap = q
                while q < n and sentence[q].isspace():
                    q += 1
                if q == gap:
                    break
            if not low.startswith(w, q):
                break
            q += len(w)
        else:
            if q == n or not _AFTER_TERM.match(sentence, q):
                return q
    return None


def _term_matches(lex: Lexicon, sentence: str) -> list[tuple[int, int]]:
    """The spans of ``lex.pattern.finditer(sentence)``, trying the variants only where a variant's first word starts.

    A match starts at a word (the pattern's look-behind) with a variant's first word, followed by a space (more
    words) or by the end of the word or an apostrophe ("regime's"): so only tokens equal to a first word, or cut
    at an apostrophe to one, can start a match. Exact unless the sentence holds one of the four characters that
    case-insensitive matching equates with an ASCII letter or whose lower case is longer (:data:`_FOLDS_TO_ASCII`,
    e.g. the Kelvin sign): such a sentence takes the plain scan."""
    firsts = lex.first_words
    if firsts is None or (not sentence.isascii() and not _FOLDS_TO_ASCII.isdisjoint(sentence)):
        return [m.span() for m in lex.pattern.finditer(sentence)]
    out: list[tuple[int, int]] = []
    end = 0
    low = sentence.lower()
    for tok in _WORDISH.finditer(low):
        p = tok.start()
        if p < end:
            continue
        t = tok.group(0)
        starts = {t} if t in firsts else set()
        if "'" in t or "’" in t:
            starts.update(t[:i] for i, ch in enumerate(t) if ch in "'’" and t[:i] in firsts)
        if starts:
            # only a variant starting with one of these words can match here: the others need another word at `p`
            variants = lex.variants_from(frozenset(starts))
            if variants:
                stop = _variant_end(sentence, low, p, variants)
            else:
                m = lex.matcher_for(frozenset(starts)).match(sentence, p)
                stop = None if m is None else m.end()
            if stop is not None:
                out.append((p, stop))
                end = stop
    return out


def loaded_terms(sentence: str, *, lexicon: Lexicon | None = None) -> list[LoadedTerm]:
    """Loaded terms of ``sentence``, in order.

    Text inside quotation marks is skipped (quotes stay verbatim); a term inside an exempt phrase ("claimed
    responsibility") is skipped; terms marked ``attributed-ok`` ("terrorist", "regime") are skipped when the sentence
    is attributed (:func:`~summarizer.text.attribution.find_attribution`) unless they describe the speaker. Never
    raises on any input string.
    """
    lex = lexicon or load_lexicon()
    if lex.anchors and not _may_contain(sentence, lex.anchors):
        return []
    matches = _term_matches(lex, sentence)
    if not matches:
        return []
    quotes = quoted_regions(sentence)
    exempt = [m.span() for m in lex.exempt_pattern.finditer(sentence)] if lex.exempt_pattern else []
    attributed: AttributionMatch | bool | None = False  # computed lazily: most sentences have no loaded term
    out: list[LoadedTerm] = []
    for start, end in matches:
        term = sentence[start:end]
        if _inside(quotes, start, end) or _inside(exempt, start, end):
            continue
        entry = lex.entries[_key(term)]
        if entry.attributed_ok:
            if attributed is False:
                attributed = find_attribution(sentence)
            in_speaker = isinstance(attributed, AttributionMatch) and _inside(
                [(attributed.start, attributed.end)], start, end
            )
            if attributed is not None and not in_speaker:
                continue  # the speaker's word, not ours; a label inside the speaker's name ("the extremist group
                # said") is the writer's and is reported
        out.append(LoadedTerm(start, end, term, entry.category, entry.suggestion))
    return out


_CLOSE_QUOTES = '”"’»'


def attribute(sentence: str, speaker: str) -> str:
    """``sentence`` attributed to ``speaker``: "The base was hit, according to Centcom."

    A sentence that is already attributed (:func:`~summarizer.text.attribution.find_attribution`) is returned
    unchanged. A sentence ending in a
    quotation gets the attribution after the closing mark, with the final period turned into a comma inside it.
    Raises ValueError when ``speaker`` is blank.
    """
    who = " ".join(speaker.split())
    if not who:
        raise ValueError("attribute() needs a speaker")
    body = sentence.rstrip()
    if not body or find_attribution(body) is not None:
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
