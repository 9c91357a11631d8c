"""Cross-source fact matching: do two statements (from different outlets) state the same fact?

Owns :func:`match_facts` and its result :class:`FactMatch` (data: matched or not, a score, what agreed and what
clashed). It reads only the structured :class:`~summarizer.models.Fact` fields (text, who, where, when, figures,
attribution, each with spans) and the public tools of :mod:`summarizer.text`:

* **terms** -- the content stems of each statement with its attribution ("Centcom said", "according to officials")
  cut out, so that who reports a fact never blocks a match; predicate words meet through their stems and the small
  paraphrase lexicon ``data/paraphrases.txt`` (killed/dead/died, fired/launched, ruled/ordered, ...); capitalised
  words (names) weigh more than common words, and a story-level IDF can be passed to weigh topic words down;
* **names** -- the participants (who, where) compared with :func:`~summarizer.text.names.same_name`, so aliases and
  transliterations agree ("U.S."/"United States", "Suleimani"/"Soleimani");
* **figures** -- compared with :func:`~summarizer.text.numbers.same_quantity` by what they count: "266,000 jobs" and
  "266K jobs" agree; a distinctive value (a fraction, money, a share, a number of 100 or more that is not a year)
  agrees even when the two name what it counts differently ("4.4 million Americans" / "4.4 million people"), values
  merely compatible ("more than 2,000" / "at least 19,882") do not; a different value for the same counted thing is
  a *clash* (a conflict, never support);
* **dates** -- resolved day-precision dates: the same day agrees, days more than one apart clash; unresolved, two
  statements naming only different weekdays ("died early Tuesday" / "died early Thursday") clash.

The score is the weighted Dice overlap of the terms plus bonuses for an agreeing figure, an agreeing date and a shared
predicate (through its paraphrase group); two statements match when the score reaches :data:`MATCH_THRESHOLD`, their
*cores* agree and nothing clashes. The core is what a statement says happened, as against who it is about: the shared
terms that are common words in both (not names: "flood", "resident", "home", a paraphrase group such as "kill"), with an
agreeing figure counting for two (a value and what it counts), an agreeing day (a resolved date, or the same weekday
named by both: "on Tuesday") for one and the same named subject ("The Senate approved ..." / "Senate passes ...") for
one; a match needs :data:`MIN_CORE_TERMS` of them, so two statements about the same people and topic that say different
things ("Clinton marked her place in history" / "Clinton won the California primary") are related, not one fact. A name
is one term however it is spelled ("U.S.", "US", "United States": :func:`~summarizer.text.names.alias_phrases`), and a
hyphenated word meets its closed form ("tie-breaking" / "tiebreaking"). Nothing may clash: a different figure for the
same counted thing, dates apart, a negation in only one of them of a word both state ("no group claimed responsibility";
"No. 2" and "without hearings" deny nothing the other states), or subjects that are different named actors, neither
named by the other statement ("The House passed a budget resolution" / "The Senate passed a budget resolution": the same
predicate, another actor; the subject is the capitalised words that open a statement, read only when its verb phrase
follows them).
Deterministic and cheap: the per-text work is kept by a :class:`FactMatcher` (one per story), a pair then costs a few
set operations (a pair that reads as one already matched, as copies of one wire report do, takes its verdict), and
:class:`FactIndex` proposes the pairs worth matching from an inverted index (prefix-filtered, a bounded number per
source), so the support search of a story is never all pairs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.models import CheckStatus, Fact, Figure
from summarizer.text.months import WEEKDAY_NAMES, WEEKDAYS
from summarizer.text.names import AnalysedName, alias_phrases, analyse_name, analysed_same_name, name_key
from summarizer.text.numbers import same_quantity, singular
from summarizer.text.paraphrases import Paraphrases, paraphrase_groups, paraphrases
from summarizer.text.regex import lazy_compile
from summarizer.text.segment import STOPWORDS, stem, tokens

__all__ = [
    "MATCH_THRESHOLD",
    "FactIndex",
    "FactMatch",
    "FactMatcher",
    "Paraphrases",
    "contradicting_negation",
    "match_facts",
    "paraphrase_groups",
    "paraphrases",
    "story_idf",
]

MATCH_THRESHOLD = 0.2
"""Score at or above which two clash-free statements are the same fact, with the story's IDF as term weights (tuned
on the NeuS corroboration dev pairs; ``benchmarks/corroboration.py`` prints the cross-validated figure beside the
in-sample one)."""

W_FIGURES = 0.1  # bonus: a figure that agrees
W_DATES = 0.1  # bonus: a resolved date that agrees
W_PREDICATE = 0.1  # bonus: a predicate of the paraphrase lexicon that both state (through its group)
NAME_WEIGHT = 2.0  # a capitalised word (a name) weighs this much more than a common word
MAX_DATE_GAP_DAYS = 1
MIN_IDF = 0.2
MIN_OVERLAP = 0.1  # term overlap below which two statements are never the same fact
MIN_CORE_TERMS = 3
"""Core agreement a match needs: shared common-word terms (not names), an agreeing figure counting two and an agreeing
date one (tuned with the threshold on the NeuS corroboration dev pairs; see ``benchmarks/corroboration.py``)."""
ALIAS_SLACK = 0.15  # how much differently spelled names can add to the overlap (bounds the fast path)

CANDIDATES_PER_SOURCE = 2  # support search: the best candidates by term overlap kept from each other source

_HAS_DIGIT = lazy_compile(r"\d")
# A capital not preceded by a word character or an apostrophe, and the capitalised word it opens. (Each pattern opens
# with its capital, the look-behind read after it over two characters, so that the regex engine skips to the next
# capital instead of trying the look-behind at every position: 2.4 against 4 us a sentence.)
_CAP = lazy_compile(r"[A-Z](?<![\w’'][A-Z])[\w’'-]*")
# Acronyms ("U.S.", "US", "OLC"): r"(?<![\w.])(?:[A-Z]\.){2,}|\b[A-Z]{2,}\b", capital first (1.2 against 5.2 us).
_UPPER = lazy_compile(r"[A-Z](?:(?<![\w.][A-Z])\.(?:[A-Z]\.)+|(?<!\w[A-Z])[A-Z]+\b)")
ALIAS_WORDS = 4  # the longest alias spelling looked up, in words
_GENERIC_TERMS = frozenset(
    {"year", "week", "month", "day", "time", "people", "percent", "new", "first", "last", "former"}
)  # fmt: skip
# Function words the stopword list lacks: they say nothing of what happened, so they are no content terms here.
_FUNCTION_WORDS = frozenset(
    {"us", "whether", "although", "though", "however", "since", "yet", "unless", "despite", "among", "amid",
     "including", "include", "includes", "included"}
)  # fmt: skip


_SUBJECT_WORD = lazy_compile(r"[A-Z][\w’'.-]*|of|and|for")
_SUBJECT_SKIP = frozenset({"the", "a", "an"})
# What may follow a statement's subject: an auxiliary or a word that opens its verb phrase ("The House on Friday
# passed", "The Senate quickly approved", "The court has ruled").
_VERB_OPENERS = frozenset(
    {"is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could", "may", "might", "must",
     "should", "did", "does", "do", "on", "late", "early", "also", "again", "then", "now", "this", "last"}
)  # fmt: skip


def _subject_words(text: str) -> tuple[str, ...]:
    """The statement's grammatical subject when it is a name ("The House", "The Senate", "US President Donald
    Trump"): the capitalised words that open it (after an article), directly followed by its verb phrase (an
    auxiliary, an adverb, a past-tense verb). Empty when the subject is no name, is not at the start, or cannot be
    told from a capitalised opening word ("Stocks fell", "President Trump's top adviser resigned", "WASHINGTON --")."""
    words = text.replace("’", "'").split()
    i = 0
    if words and words[0].lower() in _SUBJECT_SKIP:
        i = 1
    j = i
    while j < len(words) and _SUBJECT_WORD.fullmatch(words[j]):
        j += 1
    while j > i and words[j - 1] in ("of", "and", "for"):
        j -= 1
    if j == i or j >= len(words):
        return ()  # no capitalised subject
    run, nxt = words[i:j], words[j].lower()
    verb = nxt in _VERB_OPENERS or nxt.endswith(("ed", "ly"))
    if not verb and nxt.endswith("s"):  # a headline's present tense: "Senate passes ..."
        verb = paraphrase_groups().get(stem(nxt)) in paraphrases().predicates
    if run[-1].endswith(("'s", "s'", ",")) or not verb:
        return ()
    return tuple(run)


@dataclass(frozen=True)
class FactMatch:
    """The verdict on a pair of statements: ``matched``, a ``score`` in [0, 1], and what agreed or clashed."""

    matched: bool
    score: float
    terms: tuple[str, ...] = ()  # shared content terms (paraphrase groups by their name)
    names: tuple[tuple[str, str], ...] = ()  # (name in a, name in b)
    figures: tuple[tuple[str, str], ...] = ()  # (figure in a, figure in b) that state the same quantity
    dates: tuple[str, ...] = ()  # ISO dates both state
    core: tuple[str, ...] = ()  # shared terms that are common words, not names: what is said to have happened
    clashes: tuple[str, ...] = field(default=())  # e.g. "figure: '13 killed' vs '37 killed'"

    @property
    def clashed(self) -> bool:
        return bool(self.clashes)


@lru_cache(maxsize=1)
def _phrase_starts() -> frozenset[str]:
    return frozenset(k.split()[0] for k in paraphrase_groups() if " " in k)


@lru_cache(maxsize=1 << 16)
def _word(w: str) -> tuple[str, str | None, str | None]:
    """A lower-case word's stem and the term it is in a statement's core, written in lower case and capitalised
    (a name keeps its own stem: "Justice Department" is no court); None where it is no content term (stopwords,
    numbers, reporting verbs, generic words, and function words the stopword list lacks: "us" is the pronoun here, the
    country being read as a name before words are looked up)."""
    st = stem(w.replace("-", "")) if "-" in w else stem(w)  # "tie-breaking" / "tiebreaking"
    if w in STOPWORDS or w in _FUNCTION_WORDS or len(w) < 2 or _HAS_DIGIT.search(w) or st in paraphrases().reporting:
        return st, None, None
    low = paraphrase_groups().get(st, st)
    return st, (None if low in _GENERIC_TERMS else low), (None if st in _GENERIC_TERMS else st)


def _terms(text: str, stems: dict[str, str] | None = None) -> tuple[tuple[str, float], ...]:
    """Weighted content terms of ``text``: paraphrase-group names or stems, names weighted up, numbers left out.
    (``stems`` is accepted for callers of the earlier signature; words are memoised module-wide.)"""
    groups = paraphrase_groups()
    starts = _phrase_starts()
    text = text.replace("’", "'")  # one apostrophe, so that "Yang’s" is the capitalised word the tokens hold
    caps = {m.group(0).lower() for m in _CAP.finditer(text, 1)}  # capitalised after the first character
    upper = {m.group(0).lower().rstrip(".") for m in _UPPER.finditer(text)}
    caps |= upper
    words = tokens(text)
    info = [_word(w) for w in words]
    out: dict[str, float] = {}
    i = 0
    n = len(words)
    while i < n:
        alias = _alias_at(words, i, caps, upper) if words[i] in caps or not i else None
        if alias is not None:  # "U.S.", "US", "United States": one participant, named once
            canonical, length = alias
            out[canonical] = NAME_WEIGHT
            i += length
            continue
        st, low, cap_term = info[i]
        if st in starts and i + 1 < n:
            pair = f"{st} {info[i + 1][0]}"
            if pair in groups:
                out[groups[pair]] = max(out.get(groups[pair], 0.0), 1.0)
                i += 2
                continue
        cap = words[i] in caps
        i += 1
        term = cap_term if cap else low
        if term is None:
            continue
        weight = NAME_WEIGHT if cap else 1.0
        if weight > out.get(term, 0.0):
            out[term] = weight
    return tuple(sorted(out.items()))


def _alias_at(words: Sequence[str], i: int, caps: set[str], upper: set[str]) -> tuple[str, int] | None:
    """The alias-table name written at ``words[i]`` (its canonical form and length in words), if any: a one-word
    spelling only where written in capitals ("US", not "us"), a longer one where its first word is capitalised
    (or opens the statement)."""
    w = words[i]
    if w not in caps and i:
        return None
    phrases = alias_phrases()
    for length in range(min(ALIAS_WORDS, len(words) - i), 1, -1):
        canonical = phrases.get(tuple(words[i : i + length]))
        if canonical is not None:
            return canonical, length
    if w in upper:
        canonical = phrases.get((w,))
        if canonical is not None:
            return canonical, 1
    return None


def _core_text(fact: Fact) -> str:
    """The statement without its attribution span (who reports it does not decide whether it is the same fact)."""
    text = fact.text
    if fact.attribution is None or not fact.attribution.evidence or not fact.evidence:
        return text
    base = fact.evidence[0].start
    for sp in fact.attribution.evidence:
        s, e = sp.start - base, sp.end - base
        if 0 <= s < e <= len(text) and text[s:e] == sp.quote:
            text = text[:s] + " " + text[e:]
            break
    return text


_WORD = lazy_compile(r"[A-Za-z]+")


def _head(figure: Figure) -> str | None:
    """What a figure counts, by the stem (or paraphrase group) of its last word: "U.S. troops" -> "troop"."""
    return _head_of(figure.counts) if figure.counts else None


@lru_cache(maxsize=1 << 14)
def _head_of(counts: str) -> str | None:
    words = _WORD.findall(counts)
    if not words:
        return None
    groups = paraphrase_groups()
    s = stem(singular(words[-1].lower()))
    return groups.get(s, s)


_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})


def _distinctive(figure: Figure) -> bool:
    """A value two outlets are unlikely to share by chance: a fraction, an amount of money or a share, or a number
    of at least 100 that is not a bare year ("4.4 million", "$1,160", "81%"; not "two", "9 months", "2019")."""
    v = figure.value
    if v is None or figure.unit in _TIME_UNITS:
        return False
    if not float(v).is_integer() or (figure.unit is not None and v >= 1):
        return True
    return v >= 100 and not (figure.unit is None and 1900 <= v <= 2100 and not figure.counts)


def _close(a: Figure, b: Figure) -> bool:
    """Two stated values within 10% of each other ("more than 80 percent" and "81%"; not "more than 2,000" and
    "at least 19,882", which are compatible but not the same figure)."""
    if a.value is None or b.value is None:
        return False
    return abs(a.value - b.value) <= 0.1 * max(abs(a.value), abs(b.value))


def _compare_figures(a: Sequence[Figure], b: Sequence[Figure]) -> tuple[list[tuple[str, str]], list[str]]:
    """Figures that state the same quantity, and same-thing figures whose values cannot both be true. Figures that
    count differently named things agree only on a distinctive value ("4.4 million Americans" / "4.4 million
    people")."""
    agreed: list[tuple[str, str]] = []
    clashes: list[str] = []
    ok = (CheckStatus.SUPPORTED, CheckStatus.NEAR_MISS)
    for fa in a:
        ha = _head(fa)
        for fb in b:
            hb = _head(fb)
            if fa.unit != fb.unit and fa.unit and fb.unit:
                continue
            status = same_quantity(fa, fb)
            if status in ok or same_quantity(fb, fa) in ok:
                # Same counted thing, or one side does not say what it counts and the value is distinctive
                # ("$1,160" / "a fee of $1,160"; not "five" / "five states").
                if _close(fa, fb) and (ha == hb or (not (ha and hb) and _distinctive(fa) and _distinctive(fb))):
                    agreed.append((fa.text, fb.text))
            elif status == CheckStatus.CONTRADICTED and ha is not None and ha == hb:
                clashes.append(f"figure: {fa.text!r} vs {fb.text!r}")
            elif ha != hb and fa.value == fb.value and _distinctive(fa) and _distinctive(fb):
                agreed.append((fa.text, fb.text))
    # A pair that also agrees on another figure of the same thing is not a clash ("10 of the 37 killed").
    agreed_heads = {_head(f) for f in a if any(f.text == x for x, _ in agreed)}
    clashes = [c for c in clashes if not any(h and f"{h}" in c for h in agreed_heads)]
    if not agreed and not clashes:
        # Each states its own specific numbers and none of them is the other's: two different facts of one story
        # ("18,860 people have died in the U.S." / "Italy is reporting 19,468 deaths"), not one fact told twice.
        da = [f.text for f in a if _distinctive(f)]
        db = [f.text for f in b if _distinctive(f)]
        if da and db:
            clashes.append(f"figures: {da[0]!r} and {db[0]!r} state different numbers")
    return agreed, clashes


def _weekdays(fact: Fact) -> frozenset[int]:
    """The weekdays a statement names (0 = Monday), resolved or not: "late Monday", "Thursday night"."""
    out = set()
    for w in fact.when:
        if w.date is not None and w.precision in ("day", "time"):
            out.add(w.date.weekday())
            continue
        for word in _WORD.findall(w.text):
            day = WEEKDAYS.get(word.lower())
            if day is not None and word[0].isupper() and len(word) > 3:
                out.add(day)
    return frozenset(out)


def _days(fact: Fact) -> frozenset[dt.date]:
    """The resolved days (day or time precision) a statement states."""
    return frozenset(w.date for w in fact.when if w.date is not None and w.precision in ("day", "time"))


def _compare_dates(a: _Read, b: _Read) -> tuple[list[str], list[str]]:
    """Resolved days both statements state, and the clash of two statements dated days apart (or, when a date is
    not resolved, naming only different weekdays: the same event is not "on Tuesday" and "on Thursday")."""
    da, db = a.days, b.days
    if da and db:
        common = sorted(da & db)
        if common:
            return [d.isoformat() for d in common], []
        gap = min(abs((x - y).days) for x in da for y in db)
        if gap > MAX_DATE_GAP_DAYS:
            return [], [f"date: {min(da).isoformat()} vs {min(db).isoformat()}"]
        return [], []
    wa, wb = a.weekdays(), b.weekdays()
    if wa and wb and wa.isdisjoint(wb):
        names = [WEEKDAY_NAMES[min(wa)], WEEKDAY_NAMES[min(wb)]]
        return [], [f"weekday: {names[0]} vs {names[1]}"]
    return [], []


_NEGATION = lazy_compile(
    r"\b(?:no|not|never|none|nobody|nothing|neither|nor|denied|denies|deny)\b(?!\.\s*\d)|n[’']t\b", re.I, first="nd"
)
NEGATION_SCOPE = 4  # words after a negation that it denies ("has not yet returned", "no group has claimed")


def _negated(text: str, stems: dict[str, str]) -> frozenset[str]:
    """The stems (and paraphrase groups) a negation in ``text`` denies: the few words after each negation. Empty
    when nothing is negated ("No. 2" is a rank, not a negation)."""
    out: set[str] = set()
    groups = paraphrase_groups()
    for m in _NEGATION.finditer(text):
        for w in tokens(text[m.end() : m.end() + 60])[:NEGATION_SCOPE]:
            if w in STOPWORDS:
                continue
            st = stems.get(w)
            if st is None:
                st = stems[w] = stem(w)
            out.add(st)
            out.add(groups.get(st, st))
    return frozenset(out)


def contradicting_negation(a: str, b: str) -> bool:
    """Whether one of two statements negates something both state ("No group has claimed responsibility" / "A
    militia group claimed responsibility"): a negation in both, or of words only one states, is no contradiction."""
    stems: dict[str, str] = {}
    na, nb = _negated(a, stems), _negated(b, stems)
    if na == nb:
        return False
    groups = paraphrase_groups()

    def terms(text: str) -> set[str]:
        out: set[str] = set()
        for w in tokens(text):
            st = stems.get(w) or stems.setdefault(w, stem(w))
            out.update((st, groups.get(st, st)))
        return out

    return bool((na ^ nb) & terms(a) & terms(b))


def _alias_terms(pairs: Sequence[tuple[str, str]]) -> set[str]:
    """Stems of the differently spelled words of matched names, so "Soleimani" in b meets "Suleimani" in a."""
    return set(_name_stems(tuple(pairs)))


@lru_cache(maxsize=1 << 12)
def _name_stems(pairs: tuple[tuple[str, str], ...]) -> frozenset[str]:
    return frozenset(stem(w) for x, y in pairs for w in (*tokens(y), *tokens(x)))


@dataclass(frozen=True)
class _Bag:
    weights: Mapping[str, float]  # term -> weight (names weighted up), times the term's IDF when the matcher has one
    keys: frozenset[str]
    total: float


def _weigh(terms: Mapping[str, float], idf: Mapping[str, float] | None) -> _Bag:
    weights = dict(terms) if idf is None else {t: w * idf.get(t, 1.0) for t, w in terms.items()}
    return _Bag(weights, frozenset(weights), sum(weights.values()))


def _overlap(ta: Mapping[str, float], tb: Mapping[str, float]) -> float:
    """Weighted Dice overlap of two (weighted) term bags."""
    inter = sum(min(ta[t], tb[t]) for t in ta.keys() & tb.keys())
    total = sum(ta.values()) + sum(tb.values())
    return 2 * inter / total if total else 0.0


def _figures_key(fact: Fact) -> tuple[object, ...]:
    return tuple((f.text, f.value, f.qualifier, f.counts, f.unit) for f in fact.figures)


def _figure_keys(fact: Fact) -> frozenset[str]:
    """Index keys of a statement's distinctive figures (rounded to two significant digits, so that close values
    meet: "more than 80 percent" and "81%" do not, "4.4 million" and "4.4 million" do)."""
    return frozenset(f"#{float(f'{f.value:.2g}')}" for f in fact.figures if f.value is not None and _distinctive(f))


class _Read:
    """What :meth:`FactMatcher.match` reads of one statement, read once per statement (a statement is in many
    pairs): its text without the attribution, its participants' names, its resolved days, its figures' key and
    (when first asked) its weekdays and its kind (:meth:`FactMatcher.kind`)."""

    __slots__ = ("_weekdays", "core", "days", "fact", "figures", "kind", "names")

    def __init__(self, fact: Fact) -> None:
        self.fact = fact
        self.core = _core_text(fact)
        self.names = tuple(dict.fromkeys(e.name for e in [*fact.who, *fact.where]))
        self.days = _days(fact)
        self.figures = _figures_key(fact)
        self.kind: int | None = None
        self._weekdays: frozenset[int] | None = None

    def weekdays(self) -> frozenset[int]:
        if self._weekdays is None:
            self._weekdays = _weekdays(self.fact)
        return self._weekdays


class FactMatcher:
    """:func:`match_facts` with per-instance caches (term bags, name comparisons): build one per story (with
    :meth:`for_story`, which weighs terms by the story's IDF) and match every candidate pair through it; the caches
    live as long as the matcher (nothing is kept between runs)."""

    def __init__(self, *, idf: Mapping[str, float] | None = None) -> None:
        self.idf = idf
        self._terms: dict[str, Mapping[str, float]] = {}  # core text -> unweighted terms
        self._bags: dict[int, tuple[Fact, _Bag]] = {}  # id(fact) -> (fact, bag): the fact is kept so ids stay unique
        self._negated: dict[str, frozenset[str]] = {}
        self._figures: dict[tuple[tuple[object, ...], tuple[object, ...]], tuple[list[tuple[str, str]], list[str]]] = {}
        self._names: dict[tuple[str, str], bool] = {}
        self._analysed: dict[str, AnalysedName] = {}
        self._keys: dict[str, tuple[str, frozenset[str]]] = {}
        self._stems: dict[str, str] = {}
        self._subjects: dict[str, tuple[str, frozenset[str]]] = {}
        self._kinds: dict[tuple[object, ...], int] = {}  # what a verdict reads of a statement -> its number
        self._verdicts: dict[tuple[int, int], FactMatch] = {}
        self._reads: dict[int, _Read] = {}  # id(fact) -> what is read of it (holding the fact keeps the id unique)
        self._name_keys: dict[tuple[str, ...], tuple[list[tuple[str, str, frozenset[str]]], dict[str, str]]] = {}

    def _read(self, fact: Fact) -> _Read:
        got = self._reads.get(id(fact))
        if got is None or got.fact is not fact:
            got = self._reads[id(fact)] = _Read(fact)
        return got

    @classmethod
    def for_story(cls, facts: Sequence[Fact]) -> FactMatcher:
        """A matcher whose term weights are the IDF of ``facts`` (see :func:`story_idf`), each statement's terms
        computed once for both."""
        matcher = cls()
        df: dict[str, int] = {}
        for f in facts:
            for t in matcher.terms(f):
                df[t] = df.get(t, 0) + 1
        n = len(facts)
        matcher.idf = {t: max(MIN_IDF, math.log((n + 1) / (c + 0.5))) for t, c in df.items()}
        return matcher

    def terms(self, fact: Fact) -> Mapping[str, float]:
        """The statement's core terms (attribution cut out) with their name weights, before IDF (cached)."""
        core = self._read(fact).core
        got = self._terms.get(core)
        if got is None:
            got = self._terms[core] = dict(_terms(core, self._stems))
        return got

    def subject(self, fact: Fact) -> tuple[str, frozenset[str]]:
        """The statement's subject when it is a name (see :func:`_subject_words`) and its terms, or ("", {})."""
        core = self._read(fact).core
        got = self._subjects.get(core)
        if got is None:
            words = _subject_words(core)
            # Read as a name throughout (its opening word too), so its terms are the name terms the statement holds.
            keys = {t for t, _ in _terms("x " + " ".join(words))} if words else set()
            keys.update(k for w in words for k in _word(w.lower())[:2] if k)  # a common word by its group too
            got = (" ".join(words), frozenset(keys))
            self._subjects[core] = got
        return got

    def subject_clash(self, a: Fact, b: Fact, names: Sequence[tuple[str, str]]) -> tuple[str | None, bool]:
        """Whether the two statements' subjects are different named actors, neither named by the other ("The House
        passed a budget resolution" / "The Senate passed a budget resolution": the same predicate of another actor),
        as a clash; and whether both name their subject and the subjects agree (the same actor)."""
        (sa, ka), (sb, kb) = self.subject(a), self.subject(b)
        if not sa or not sb:
            return None, False
        if ka & kb:
            return None, True
        if ka & self.terms(b).keys() or kb & self.terms(a).keys() or (ka | kb) & _alias_terms(names):
            return None, False
        return f"subject: {sa!r} vs {sb!r}", False

    def bag(self, fact: Fact) -> _Bag:
        got = self._bags.get(id(fact))
        if got is None or got[0] is not fact:
            got = self._bags[id(fact)] = (fact, _weigh(self.terms(fact), self.idf))
        return got[1]

    def figures(self, a: Fact, b: Fact) -> tuple[list[tuple[str, str]], list[str]]:
        """The figures of ``a`` and ``b`` that agree, and those that clash (cached by the figures' values)."""
        if not a.figures or not b.figures:
            return [], []
        key = (self._read(a).figures, self._read(b).figures)
        got = self._figures.get(key)
        if got is None:
            got = self._figures[key] = _compare_figures(a.figures, b.figures)
        return got

    def negated(self, text: str) -> frozenset[str]:
        """What a negation in ``text`` denies (stems and groups; cached), empty when nothing is negated."""
        got = self._negated.get(text)
        if got is None:
            got = self._negated[text] = _negated(text, self._stems)
        return got

    def key(self, name: str) -> tuple[str, frozenset[str]]:
        """The name's comparable form and the first letters of its words (cached)."""
        got = self._keys.get(name)
        if got is None:
            k = name_key(name)
            got = self._keys[name] = (k, frozenset(w[:1] for w in k.split()))
        return got

    def names(self, a: Fact, b: Fact, *, fuzzy: bool = True) -> list[tuple[str, str]]:
        """Participants both name: (name in a, name in b); with ``fuzzy``, aliases and transliterations too (two
        names whose words start with no common letter are not compared)."""
        na, nb = self._read(a).names, self._read(b).names
        if not na or not nb:
            return []
        got = self._name_keys.get(nb)
        if got is None:
            keys = [(y, *self.key(y)) for y in nb]
            got = self._name_keys[nb] = (keys, {k: y for y, k, _ in keys})
        keys_b, exact = got
        pairs = []
        for x in na:
            kx, ix = self.key(x)
            y = exact.get(kx)
            if y is None and fuzzy:
                y = next((y for y, _, iy in keys_b if not ix.isdisjoint(iy) and self.same_name(x, y)), None)
            if y is not None:
                pairs.append((x, y))
        return pairs

    def same_name(self, a: str, b: str) -> bool:
        """:func:`~summarizer.text.names.same_name` (cached, each name analysed once)."""
        got = self._names.get((a, b))
        if got is None:
            got = self._names[(a, b)] = analysed_same_name(self.analysed(a), self.analysed(b))
        return got

    def analysed(self, name: str) -> AnalysedName:
        """The name analysed for comparison (:func:`~summarizer.text.names.analyse_name`; cached)."""
        got = self._analysed.get(name)
        if got is None:
            got = self._analysed[name] = analyse_name(name)
        return got

    def index(self, facts: Sequence[Fact], *, per_source: int = CANDIDATES_PER_SOURCE) -> FactIndex:
        """An inverted index over ``facts`` for the support search (see :class:`FactIndex`)."""
        return FactIndex(self, facts, per_source=per_source)

    def candidates(
        self, facts: Sequence[Fact], *, only: Iterable[int] | None = None, per_source: int = CANDIDATES_PER_SOURCE
    ) -> dict[int, list[int]]:
        """For each fact (or each index in ``only``), :meth:`FactIndex.candidates` over ``facts``."""
        index = self.index(facts, per_source=per_source)
        return {i: index.candidates(i) for i in (range(len(facts)) if only is None else sorted(only))}

    def kind(self, fact: Fact) -> int:
        """A number for everything :meth:`match` reads of ``fact`` (its text, its text without the attribution, the
        names of its participants, its figures, its dates): two statements of one number get the same verdicts
        (copies of one wire report do; their ids, sources and spans differ)."""
        read = self._read(fact)
        if read.kind is None:
            key = (
                fact.text,
                read.core,
                tuple(e.name for e in fact.who),
                tuple(e.name for e in fact.where),
                read.figures,
                tuple((w.text, w.date, w.precision) for w in fact.when),
            )
            read.kind = self._kinds.setdefault(key, len(self._kinds))
        return read.kind

    def match(self, a: Fact, b: Fact) -> FactMatch:
        """Whether ``a`` and ``b`` state the same fact (see the module docstring). A story's pair of statements
        that read as an earlier pair (see :meth:`kind`) takes that pair's verdict."""
        return self.verdict(self.kind(a), self.kind(b), a, b)

    def verdict(self, kind_a: int, kind_b: int, a: Fact, b: Fact) -> FactMatch:
        """The verdict on a pair of statements of kinds ``kind_a`` and ``kind_b`` (see :meth:`kind`): worked out on
        ``a`` and ``b`` the first time the pair of kinds is asked, then that verdict."""
        key = (kind_a, kind_b)
        got = self._verdicts.get(key)
        if got is None:
            got = self._verdicts[key] = self._match(a, b)
        return got

    def _match(self, a: Fact, b: Fact) -> FactMatch:
        ba, bb = self.bag(a), self.bag(b)
        shared_keys = ba.keys & bb.keys
        inter = sum(min(ba.weights[t], bb.weights[t]) for t in shared_keys)
        overlap = 2 * inter / (ba.total + bb.total) if ba.total + bb.total else 0.0
        figures, fig_clashes = self.figures(a, b)
        if overlap < MIN_OVERLAP and not figures:
            # Statements that share (almost) none of their terms are not the same fact, unless a figure agrees.
            return FactMatch(matched=False, score=round(overlap, 4), terms=tuple(sorted(shared_keys)))
        ra, rb = self._read(a), self._read(b)
        dates, date_clashes = _compare_dates(ra, rb)
        clashes = tuple(fig_clashes + date_clashes)
        na, nb = self.negated(a.text), self.negated(b.text)
        if (na - nb) & shared_keys or (nb - na) & shared_keys:
            # A negation in only one of them, of something both state ("no group claimed" / "a group claimed").
            clashes += ("negation: one statement denies what the other states",)
        bonus = W_FIGURES * bool(figures) + W_DATES * bool(dates)
        raw = overlap + bonus + W_PREDICATE * (not paraphrases().predicates.isdisjoint(shared_keys))
        # Names spelled differently on the two sides ("Suleimani"/"Soleimani") can lift the overlap: compare them
        # fuzzily only when that could decide the match (same spellings are always found).
        fuzzy = raw < MATCH_THRESHOLD <= raw + ALIAS_SLACK
        if raw < MATCH_THRESHOLD and not fuzzy:
            return FactMatch(
                matched=False, score=round(raw, 4), terms=tuple(sorted(shared_keys)), figures=tuple(figures),
                dates=tuple(dates), clashes=clashes,
            )  # fmt: skip
        names = self.names(a, b, fuzzy=fuzzy)
        if names:
            aliases = _alias_terms(names)
            ta, tb = dict(ba.weights), dict(bb.weights)
            for t in aliases & set(ta) - set(tb):
                tb[t] = ta[t]
            for t in aliases & set(tb) - set(ta):
                ta[t] = tb[t]
            if len(ta) > len(ba.weights) or len(tb) > len(bb.weights):
                overlap = _overlap(ta, tb)
                shared_keys = frozenset(ta.keys() & tb.keys())
        predicate = not paraphrases().predicates.isdisjoint(shared_keys)
        score = round(min(1.0, overlap + bonus + W_PREDICATE * predicate), 4)
        own_a, own_b = self.terms(a), self.terms(b)
        core = tuple(sorted(t for t in shared_keys if own_a.get(t) == 1.0 and own_b.get(t) == 1.0))
        agreed_core = len(core) + 2 * bool(figures) + bool(dates)
        matched = score >= MATCH_THRESHOLD and not clashes
        if matched:  # the subjects and weekdays are read only where they can decide the verdict
            subject, same_subject = self.subject_clash(a, b, names)
            if subject is not None:
                clashes += (subject,)
                matched = False
            elif agreed_core < MIN_CORE_TERMS:
                # The same named subject is one core term, and so is the same day named by its weekday alone.
                agreed_core += same_subject + (not dates and not ra.weekdays().isdisjoint(rb.weekdays()))
        return FactMatch(
            matched=matched and agreed_core >= MIN_CORE_TERMS,
            core=core,
            score=score,
            terms=tuple(sorted(shared_keys)),
            names=tuple(names),
            figures=tuple(figures),
            dates=tuple(dates),
            clashes=clashes,
        )


class FactIndex:
    """An inverted index over one story's statements (their weighted terms and distinctive figures) for the support
    search: :meth:`candidates` proposes, for one statement, the other sources' statements that
    :meth:`FactMatcher.match` could match, at a cost in the postings of its own terms, never in all pairs."""

    def __init__(self, matcher: FactMatcher, facts: Sequence[Fact], *, per_source: int = CANDIDATES_PER_SOURCE) -> None:
        self.facts = facts
        self.per_source = per_source
        self._matcher = matcher
        self._bags = [matcher.bag(f) for f in facts]
        self._figs = [_figure_keys(f) for f in facts]
        self._kinds = [matcher.kind(f) for f in facts]
        self._postings: dict[str, list[int]] = {}
        for j, bag in enumerate(self._bags):
            for t in bag.keys | self._figs[j]:
                self._postings.setdefault(t, []).append(j)

    def match(self, i: int, j: int) -> FactMatch:
        """:meth:`FactMatcher.match` of statements ``i`` and ``j``, by the kinds read when they were indexed (the
        support search of a story told by many copies asks this for tens of thousands of pairs of a few kinds)."""
        return self._matcher.verdict(self._kinds[i], self._kinds[j], self.facts[i], self.facts[j])

    def candidates(self, i: int) -> list[int]:
        """The other sources' statements whose term overlap with statement ``i`` reaches ``MIN_OVERLAP`` (or that
        share a distinctive figure with it), at most ``per_source`` per other source (the highest overlaps), in fact
        order.

        Prefix filtering: the postings of ``i``'s terms are read heaviest first, and no more once the terms left
        weigh too little for a statement sharing only those to reach ``MIN_OVERLAP`` (Dice <= 2R / (T + R) for the
        weight R left out of the total T), so the common words of a large story are never scanned."""
        facts, bags, figs, postings = self.facts, self._bags, self._figs, self._postings
        src, bag_i = facts[i].source, bags[i]
        left = bag_i.total
        stop = MIN_OVERLAP * bag_i.total / (2 - MIN_OVERLAP)
        seen: set[int] = set()
        for t, w in sorted(bag_i.weights.items(), key=lambda tw: (-tw[1], tw[0])):
            if left < stop:
                break
            seen.update(postings[t])
            left -= w
        for t in figs[i]:
            seen.update(postings[t])
        best: dict[str, list[tuple[float, int]]] = {}
        wi = bag_i.weights
        # Statements of one kind (copies of one report) have one overlap with i: (overlap, proposed) by kind.
        kinds, known = self._kinds, dict[int, tuple[float, bool]]()
        for j in seen:
            if facts[j].source == src:
                continue
            got = known.get(kinds[j])
            if got is None:
                wj = bags[j].weights
                inter = sum(min(wi[t], wj[t]) for t in bag_i.keys & bags[j].keys)
                total = bag_i.total + bags[j].total
                overlap = 2 * inter / total if total else 0.0
                got = known[kinds[j]] = (overlap, overlap >= MIN_OVERLAP or not figs[i].isdisjoint(figs[j]))
            overlap, proposed = got
            if proposed:
                best.setdefault(facts[j].source, []).append((-overlap, j))
        return sorted(j for ranked in best.values() for _, j in sorted(ranked)[: self.per_source])


def match_facts(a: Fact, b: Fact, *, idf: Mapping[str, float] | None = None) -> FactMatch:
    """Whether ``a`` and ``b`` state the same fact (see the module docstring for how).

    ``idf`` optionally weighs terms by how distinctive they are in the story (term -> weight, default 1). For many
    pairs of one story, use one :class:`FactMatcher` (it caches each statement's terms). Never raises.
    """
    return FactMatcher(idf=idf).match(a, b)


def story_idf(facts: Sequence[Fact]) -> dict[str, float]:
    """Term weights for :func:`match_facts` from the statements of one story: a term most statements share (the
    story's topic, its main names) weighs little; a term few share weighs more. Smoothed, never below ``MIN_IDF``."""
    return dict(FactMatcher.for_story(facts).idf or {})
