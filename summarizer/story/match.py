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
  "266K jobs" agree; a different value for the same counted thing is a *clash* (a conflict, never support);
* **dates** -- resolved day-precision dates: the same day agrees, days more than one apart clash.

The score is the weighted Dice overlap of the terms plus bonuses for an agreeing figure, an agreeing date and a shared
predicate (through its paraphrase group); two statements match when the score reaches :data:`MATCH_THRESHOLD` and
nothing clashes (a different figure for the same counted thing, dates more than a day apart, or a negation in only
one of them: "no group claimed responsibility"). Deterministic and cheap: the per-text work
is kept by a :class:`FactMatcher` (one per story), a pair then costs a few set operations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.models import CheckStatus, Fact, Figure
from summarizer.text.annotate import stems_of
from summarizer.text.months import WEEKDAY_NAMES, WEEKDAYS
from summarizer.text.names import name_key, same_name
from summarizer.text.numbers import same_quantity, singular
from summarizer.text.paraphrases import Paraphrases, paraphrase_groups, paraphrases
from summarizer.text.segment import STOPWORDS, stem, tokens

__all__ = [
    "MATCH_THRESHOLD",
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
ALIAS_SLACK = 0.15  # how much differently spelled names can add to the overlap (bounds the fast path)

_HAS_DIGIT = re.compile(r"\d")
_CAP = re.compile(r"(?<![\w’'])[A-Z][\w’'-]*")
_GENERIC_TERMS = frozenset({"year", "week", "month", "day", "time", "people", "percent", "new", "first", "last"})


@dataclass(frozen=True)
class FactMatch:
    """The verdict on a pair of statements: ``matched``, a ``score`` in [0, 1], and what agreed or clashed."""

    matched: bool
    score: float
    terms: tuple[str, ...] = ()  # shared content terms (paraphrase groups by their name)
    names: tuple[tuple[str, str], ...] = ()  # (name in a, name in b)
    figures: tuple[tuple[str, str], ...] = ()  # (figure in a, figure in b) that state the same quantity
    dates: tuple[str, ...] = ()  # ISO dates both state
    clashes: tuple[str, ...] = field(default=())  # e.g. "figure: '13 killed' vs '37 killed'"

    @property
    def clashed(self) -> bool:
        return bool(self.clashes)


@lru_cache(maxsize=1)
def _phrase_starts() -> frozenset[str]:
    return frozenset(k.split()[0] for k in paraphrase_groups() if " " in k)


def _terms(text: str, stems: dict[str, str]) -> tuple[tuple[str, float], ...]:
    """Weighted content terms of ``text``: paraphrase-group names or stems, names weighted up, numbers left out.
    ``stems`` caches word -> stem for the caller (a matcher keeps one per story)."""
    groups = paraphrase_groups()
    reporting = paraphrases().reporting
    starts = _phrase_starts()
    caps = {m.group(0).lower() for m in _CAP.finditer(text, 1)}  # capitalised after the first character
    words = tokens(text.replace("’", "'"))
    sts = []
    for w in words:
        st = stems.get(w)
        if st is None:
            st = stems[w] = stem(w)
        sts.append(st)
    out: dict[str, float] = {}
    i = 0
    n = len(words)
    while i < n:
        w, st = words[i], sts[i]
        if st in starts and i + 1 < n:
            pair = f"{st} {sts[i + 1]}"
            if pair in groups:
                out[groups[pair]] = max(out.get(groups[pair], 0.0), 1.0)
                i += 2
                continue
        i += 1
        if w in STOPWORDS or len(w) < 2 or _HAS_DIGIT.search(w):
            continue
        cap = w in caps
        term = st if cap else groups.get(st, st)  # a name is not a paraphrase ("Justice Department" is no court)
        if term in _GENERIC_TERMS or st in reporting:
            continue
        weight = NAME_WEIGHT if cap else 1.0
        if weight > out.get(term, 0.0):
            out[term] = weight
    return tuple(sorted(out.items()))


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


_WORD = re.compile(r"[A-Za-z]+")


def _head(figure: Figure) -> str | None:
    if not figure.counts:
        return None
    words = _WORD.findall(figure.counts)
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
                if _close(fa, fb) and (ha == hb or not (ha and hb)):
                    agreed.append((fa.text, fb.text))
            elif status == CheckStatus.CONTRADICTED and ha is not None and ha == hb:
                clashes.append(f"figure: {fa.text!r} vs {fb.text!r}")
            elif ha != hb and fa.value == fb.value and _distinctive(fa) and _distinctive(fb):
                agreed.append((fa.text, fb.text))
    # A pair that also agrees on another figure of the same thing is not a clash ("10 of the 37 killed").
    agreed_heads = {_head(f) for f in a if any(f.text == x for x, _ in agreed)}
    clashes = [c for c in clashes if not any(h and f"{h}" in c for h in agreed_heads)]
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


def _compare_dates(a: Fact, b: Fact) -> tuple[list[str], list[str]]:
    """Resolved days both state, and the clash of two statements dated days apart (or, when a date is not
    resolved, naming only different weekdays: the same event is not "on Tuesday" and "on Thursday")."""
    da = {w.date for w in a.when if w.date is not None and w.precision in ("day", "time")}
    db = {w.date for w in b.when if w.date is not None and w.precision in ("day", "time")}
    if da and db:
        common = sorted(da & db)
        if common:
            return [d.isoformat() for d in common], []
        gap = min(abs((x - y).days) for x in da for y in db)
        if gap > MAX_DATE_GAP_DAYS:
            return [], [f"date: {min(da).isoformat()} vs {min(db).isoformat()}"]
        return [], []
    wa, wb = _weekdays(a), _weekdays(b)
    if wa and wb and wa.isdisjoint(wb):
        names = [WEEKDAY_NAMES[min(wa)], WEEKDAY_NAMES[min(wb)]]
        return [], [f"weekday: {names[0]} vs {names[1]}"]
    return [], []


_NEGATION = re.compile(
    r"\b(?:no|not|never|none|nobody|nothing|neither|nor|denied|denies|deny)\b(?!\.\s*\d)|n[’']t\b", re.I
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
        out = set()
        for w in tokens(text):
            st = stems.get(w) or stems.setdefault(w, stem(w))
            out.update((st, groups.get(st, st)))
        return out

    return bool((na ^ nb) & terms(a) & terms(b))


def _alias_terms(pairs: Sequence[tuple[str, str]]) -> set[str]:
    """Stems of the differently spelled words of matched names, so "Soleimani" in b meets "Suleimani" in a."""
    out: set[str] = set()
    for x, y in pairs:
        for w in tokens(y):
            out.add(stem(w))
        for w in tokens(x):
            out.add(stem(w))
    return out


@dataclass(frozen=True)
class _Bag:
    weights: Mapping[str, float]
    keys: frozenset[str]
    total: float


def _bag(core: str, stems: dict[str, str]) -> _Bag:
    weights = dict(_terms(core, stems))
    return _Bag(weights, frozenset(weights), sum(weights.values()))


def _overlap(ta: Mapping[str, float], tb: Mapping[str, float], idf: Mapping[str, float] | None) -> float:
    """Weighted Dice overlap of two term bags."""

    def weight(t: str, w: float) -> float:
        return w * (idf.get(t, 1.0) if idf else 1.0)

    inter = sum(weight(t, min(ta[t], tb[t])) for t in ta.keys() & tb.keys())
    total = sum(weight(t, w) for t, w in ta.items()) + sum(weight(t, w) for t, w in tb.items())
    return 2 * inter / total if total else 0.0


class FactMatcher:
    """:func:`match_facts` with per-instance caches (term bags, name comparisons): build one per story and match
    every candidate pair through it; the caches live as long as the matcher (nothing is kept between runs)."""

    def __init__(self, *, idf: Mapping[str, float] | None = None) -> None:
        self.idf = idf
        self._bags: dict[str, _Bag] = {}
        self._negated: dict[str, frozenset[str]] = {}
        self._names: dict[tuple[str, str], bool] = {}
        self._keys: dict[str, tuple[str, frozenset[str]]] = {}
        self._stems: dict[str, str] = {}

    def bag(self, fact: Fact) -> _Bag:
        core = _core_text(fact)
        got = self._bags.get(core)
        if got is None:
            got = self._bags[core] = _bag(core, self._stems)
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
        na = list(dict.fromkeys(e.name for e in [*a.who, *a.where]))
        nb = list(dict.fromkeys(e.name for e in [*b.who, *b.where]))
        if not na or not nb:
            return []
        keys_b = [(y, *self.key(y)) for y in nb]
        exact = {k: y for y, k, _ in keys_b}
        pairs = []
        for x in na:
            kx, ix = self.key(x)
            y = exact.get(kx)
            if y is None and fuzzy:
                y = next((y for y, _, iy in keys_b if ix & iy and self.same_name(x, y)), None)
            if y is not None:
                pairs.append((x, y))
        return pairs

    def same_name(self, a: str, b: str) -> bool:
        got = self._names.get((a, b))
        if got is None:
            got = self._names[(a, b)] = same_name(a, b)
        return got

    def candidates(self, facts: Sequence[Fact], *, only: Iterable[int] | None = None) -> dict[int, list[int]]:
        """For each fact (or each index in ``only``), the indices of the other sources' facts whose term overlap
        with it reaches ``MIN_OVERLAP`` (the only ones :meth:`match` can match), from an inverted index over the
        terms: the work is in the shared terms, not in all pairs."""
        wanted = range(len(facts)) if only is None else sorted(only)
        # Proposed from the annotated content stems (already computed for every fact), mapped through the
        # paraphrase groups: a loose bound (a term weighs at most NAME_WEIGHT), verified exactly by match().
        groups = paraphrase_groups()
        sets = [frozenset(groups.get(t, t) for t in stems_of(f)) for f in facts]
        postings: dict[str, list[int]] = {}
        for j, terms in enumerate(sets):
            for t in terms:
                postings.setdefault(t, []).append(j)
        out: dict[int, list[int]] = {}
        for i in wanted:
            shared: dict[int, int] = {}
            for t in sets[i]:
                for j in postings[t]:
                    shared[j] = shared.get(j, 0) + 1
            src = facts[i].source
            out[i] = [
                j
                for j, x in sorted(shared.items())
                if facts[j].source != src and 2 * NAME_WEIGHT * x >= MIN_OVERLAP * (len(sets[i]) + len(sets[j]))
            ]
        return out

    def match(self, a: Fact, b: Fact) -> FactMatch:
        """Whether ``a`` and ``b`` state the same fact (see the module docstring)."""
        idf = self.idf
        ba, bb = self.bag(a), self.bag(b)
        shared_keys = ba.keys & bb.keys
        if idf is None:
            inter = sum(min(ba.weights[t], bb.weights[t]) for t in shared_keys)
            overlap = 2 * inter / (ba.total + bb.total) if ba.total + bb.total else 0.0
        else:
            overlap = _overlap(ba.weights, bb.weights, idf)
        figures, fig_clashes = _compare_figures(a.figures, b.figures) if a.figures and b.figures else ([], [])
        if overlap < MIN_OVERLAP and not figures:
            # Statements that share (almost) none of their terms are not the same fact, unless a figure agrees.
            return FactMatch(matched=False, score=round(overlap, 4), terms=tuple(sorted(shared_keys)))
        dates, date_clashes = _compare_dates(a, b)
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
                overlap = _overlap(ta, tb, idf)
                shared_keys = frozenset(ta.keys() & tb.keys())
        predicate = not paraphrases().predicates.isdisjoint(shared_keys)
        score = round(min(1.0, overlap + bonus + W_PREDICATE * predicate), 4)
        return FactMatch(
            matched=score >= MATCH_THRESHOLD and not clashes,
            score=score,
            terms=tuple(sorted(shared_keys)),
            names=tuple(names),
            figures=tuple(figures),
            dates=tuple(dates),
            clashes=clashes,
        )


def match_facts(a: Fact, b: Fact, *, idf: Mapping[str, float] | None = None) -> FactMatch:
    """Whether ``a`` and ``b`` state the same fact (see the module docstring for how).

    ``idf`` optionally weighs terms by how distinctive they are in the story (term -> weight, default 1). For many
    pairs of one story, use one :class:`FactMatcher` (it caches each statement's terms). Never raises.
    """
    return FactMatcher(idf=idf).match(a, b)


def story_idf(facts: Sequence[Fact]) -> dict[str, float]:
    """Term weights for :func:`match_facts` from the statements of one story: a term most statements share (the
    story's topic, its main names) weighs little; a term few share weighs more. Smoothed, never below ``MIN_IDF``."""
    df: dict[str, int] = {}
    stems: dict[str, str] = {}
    for f in facts:
        for t, _ in _terms(_core_text(f), stems):
            df[t] = df.get(t, 0) + 1
    n = len(facts)
    return {t: max(MIN_IDF, math.log((n + 1) / (c + 0.5))) for t, c in df.items()}
