"""The ``group`` stage: articles and their facts into stories (distinct incidents or developments).

Each article gets an *event signature* from its lead: the event date (the first resolved day-precision date of the
opening facts, not after publication and not set apart by another weekday in its sentence), the weekday it names,
and a content vector of its title and opening. Two articles tell the same story when their event dates are at most a
day apart (or unknown and their weekdays do not clash) *and* their openings are similar enough; unrelated stories on
the same day stay apart. Candidate pairs come from an inverted index whose work is bounded by a multiple of the
number of articles (:func:`candidate_pairs`); no fixed cap on a term or a story changes the result with corpus size.

Within an article, a fact dated well before the story's event, or marked as background ("last week", "in 2020",
"earlier this month"), becomes *context* of that story: it never pulls another incident into it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import struct
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from summarizer.models import Article, Extraction, Fact
from summarizer.text.annotate import stems_of
from summarizer.text.months import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_NAMES
from summarizer.text.names import spelling_keys
from summarizer.text.regex import lazy_compile
from summarizer.text.segment import content_stems
from summarizer.text.vectors import dot, idf, tfidf

LEAD_FACTS = 4
SAME_DAY_SIMILARITY = 0.10  # lead similarity needed when event dates agree (within a day)
UNDATED_SIMILARITY = 0.18  # ... when neither date is known (NeuS dev: 0.3% of unrelated pairs pass)
SMALL_RUN_UNDATED_SIMILARITY = 0.12  # ... in a run of fewer than IDF_FULL_AT articles (damped IDF; keep clusters whole)
WEEKDAY_CLASH_SIMILARITY = 0.20  # undated openings naming weekdays days apart join only from this similarity
HALF_DATED_SIMILARITY = 0.30  # ... when only one is dated: the undated one cannot confirm the event, so ask for more
IDF_FULL_AT = 30  # articles in a run from which grouping uses full IDF weights (fewer: damped toward 1)
TOP_TERMS = 12  # an article's most distinctive terms: they propose pairs even when many articles share them
RARE_TERM = 3  # a term of at most this many articles pairs them all, whatever it weighs in each
WINDOW = 8  # a term shared by more than 2 * WINDOW + 1 articles pairs each with its WINDOW neighbours (sorted alike)
BACKGROUND_DAYS = 2
CUE_WINDOW = 60  # characters from the sentence start in which a background cue frames the sentence

_WEEKDAYS = tuple(name.lower() for name in WEEKDAY_NAMES)
_WEEKDAY_RE = lazy_compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE, first="fmstw")
_BACKGROUND_CUES = lazy_compile(
    r"\b(?:last (?:week|month|year)|earlier this (?:week|month|year)|in recent (?:weeks|months|years)|"
    r"previously|historically|in (?:19|20)\d\d|since (?:"
    + "|".join(MONTH_NAMES)
    + "|"
    + "|".join(rf"{a}\." for a in sorted(MONTH_ABBREVIATIONS))
    + r")|a (?:week|month|year) ago|(?:days|weeks|months|years) (?:ago|earlier))\b",
    re.IGNORECASE,
    first="adehilmpswy",
)


@dataclass
class Signature:
    """What an article's opening says about its event."""

    source: str
    date: dt.date | None
    weekday: str | None
    vector: Counter[str]
    published: dt.date | None
    # No event date, or one checked against a publication date. Without publication, a date in the lead may as well
    # be a reference ("the 20th anniversary of the Sept. 11, 2001 attacks"): it still tells two dated reports apart,
    # but an undated article is compared with it as with an undated one.
    anchored: bool = True


@dataclass
class StoryGroup:
    """One story: its event date, the articles in it, its main facts and its background facts."""

    id: str
    date: dt.date | None
    sources: list[str]
    facts: list[Fact] = field(default_factory=list)
    context: list[Fact] = field(default_factory=list)


def _event_date(facts: Sequence[Fact], published: dt.date | None) -> dt.date | None:
    """The first day-precision date of the opening facts that can be the event's: not after publication, and not a
    date the sentence itself sets apart from its event by naming another weekday ("Census data unveiled on Monday
    revealed that the population on April 1, 2020, ..."; "... Saturday night ... before Sept. 11, 2001")."""
    for fact in facts[:LEAD_FACTS]:
        named: set[str] | None = None
        for w in fact.when:
            if w.date is None or w.precision not in ("day", "time"):
                continue
            if published is not None and (w.date > published + dt.timedelta(days=1)):
                continue
            if named is None:
                named = {m.lower() for m in _WEEKDAY_RE.findall(fact.text)}
            if named and not named & _weekdays_near(w.date):
                continue
            return w.date
    return None


def signature(article: Article, facts: Sequence[Fact]) -> Signature:
    """The event signature of an article from its title and opening facts.

    Its vector counts the title's stems four times, the opening facts' stems twice, and once a spelling key of each
    word of the names the opening facts involve (``who``/``where``, :func:`~summarizer.text.names.spelling_keys`,
    prefixed "~"): "Soleimani" and "Suleimani", "U.S." and "United States" count as one name."""
    lead = facts[:LEAD_FACTS]
    title = content_stems(article.title or "")
    words = [*title, *title, *(w for f in lead for w in stems_of(f))]  # the title weighs double
    words += words  # ... and the words twice a name's key: a name is already among the stems once
    # interned, as the stems are: the same names recur across articles (20,789 keys, 1,685 distinct, at 3,000)
    words += [sys.intern("~" + k) for f in lead for e in (*f.who, *f.where) for k in spelling_keys(e.name)]
    weekday = None
    for f in lead:
        m = _WEEKDAY_RE.search(f.text)
        if m:
            weekday = m.group(1).lower()
            break
    date = _event_date(facts, article.published)
    return Signature(
        source=article.id,
        date=date,
        weekday=weekday,
        vector=Counter(words),
        published=article.published,
        anchored=date is None or article.published is not None,
    )


def _weekdays_near(day: dt.date) -> set[str]:
    return {_WEEKDAYS[(day + dt.timedelta(days=k)).weekday()] for k in (-1, 0, 1)}


def weekdays_clash(a: Signature, b: Signature) -> bool:
    """True when the weekdays the two openings name cannot be the same incident (more than a day apart)."""
    for x, y in ((a, b), (b, a)):
        if x.date is not None and y.date is None and y.weekday is not None:
            return y.weekday not in _weekdays_near(x.date)
    if a.weekday and b.weekday and a.date is None and b.date is None:
        ia, ib = _WEEKDAYS.index(a.weekday), _WEEKDAYS.index(b.weekday)
        return min((ia - ib) % 7, (ib - ia) % 7) > 1
    return False


def required_similarity(a: Signature, b: Signature, *, small_run: bool = False) -> float | None:
    """The lead similarity two articles need to be the same incident, or None when their dates or weekdays already
    tell them apart (event dates more than a day apart; weekdays that cannot be the same day)."""
    if a.date is not None and b.date is not None:
        return SAME_DAY_SIMILARITY if abs((a.date - b.date).days) <= 1 else None
    if not (a.anchored and b.anchored):  # one is undated, the other's date unanchored: compare both as undated
        a, b = _undated(a), _undated(b)
    undated = a.date is None and b.date is None
    base = HALF_DATED_SIMILARITY if not undated else SMALL_RUN_UNDATED_SIMILARITY if small_run else UNDATED_SIMILARITY
    if weekdays_clash(a, b):
        return max(base, WEEKDAY_CLASH_SIMILARITY) if small_run and undated else None
    return base


def _undated(s: Signature) -> Signature:
    return s if s.date is None else dataclasses.replace(s, date=None, anchored=True)


def same_story(a: Signature, b: Signature, similarity: float, *, small_run: bool = False) -> bool:
    """Whether two articles' openings describe the same incident. In a ``small_run`` (fewer than ``IDF_FULL_AT``
    articles) two undated openings need less similarity, and unresolved weekdays days apart do not split very
    similar ones: without dates, a few articles that read alike are kept together."""
    need = required_similarity(a, b, small_run=small_run)
    return need is not None and similarity >= need


@dataclass
class _Cluster:
    """A growing story: its members, the span of its known event dates and (in a large run) the sum of its members'
    weighted vectors, from which the mean similarity to another story is one dot product."""

    members: list[int]
    first: dt.date | None
    last: dt.date | None
    weekday: str | None
    anchored_date: bool  # some member's event date is anchored (see Signature.anchored)
    total: dict[str, float] | None = None  # None while the story has one member (its vector is the sum)

    def signature(self) -> Signature:
        anchored = self.first is None or self.anchored_date
        return Signature("", self.first, self.weekday, Counter(), None, anchored=anchored)


def _joinable(a: _Cluster, b: _Cluster) -> bool:
    """Two stories may merge only when every known event date stays within a day of every other."""
    dates = [d for d in (a.first, a.last, b.first, b.last) if d is not None]
    return not dates or (max(dates) - min(dates)).days <= 1


def _damped_idf(weights: Mapping[str, float], n: int) -> Mapping[str, float]:
    """IDF weights pulled toward 1 when the run has few articles: among three undated articles of one story, the
    words they share are what makes them one story, not noise to weigh down (full IDF from ``IDF_FULL_AT`` on)."""
    if n >= IDF_FULL_AT:
        return weights
    d = n / IDF_FULL_AT
    return {t: 1.0 + (w - 1.0) * d for t, w in weights.items()}


def candidate_pairs(
    weighted: Sequence[Mapping[str, float]], keys: Sequence[tuple[int, ...]], window: int = WINDOW
) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of articles worth comparing (each once, in no particular order), from an
    inverted index over their terms.

    A term of at most ``RARE_TERM`` articles pairs all of them, even when it weighs little in each (two outlets'
    openings may share only a name their titles do not carry). Past that, a term counts for the articles of which it
    is among the ``TOP_TERMS`` most distinctive, however many they are: at most ``2 * window + 1`` of them are all
    paired; a longer list is sorted (by ``keys``, then by their other top terms, so that articles alike sit
    side by side), and pairs each with the ``window`` after it. A list of ``L`` articles thus proposes at most
    ``L * window`` pairs: linear in the number of articles, and a story told by many articles (each sharing its
    terms with all the others) is still proposed pair by pair along the chain of its members. (Until they are
    yielded, pairs are kept as each article's array of later partners, 4 bytes a partner, with the repeats that
    several shared terms propose dropped whenever the arrays have doubled: a set per article held 17 MB at 10,000
    articles, and the index is let go before the first pair is yielded.)"""
    partners = _proposed(weighted, keys, window)  # the index is let go with that function's frame
    ids = list(range(len(weighted)))  # one int object per article for all its pairs
    for i, later in enumerate(partners.later):
        for j in later:
            yield ids[i], ids[j]


def _proposed(weighted: Sequence[Mapping[str, float]], keys: Sequence[tuple[int, ...]], window: int) -> _Partners:
    """The later partners :func:`candidate_pairs` proposes for each article, compacted."""
    # highest weight first, ties in the vector's order (a stable sort, reversed, keeps them so): as sorting by the
    # negated weight does, with the weight read by the dict's own method instead of a lambda per term
    tops = [sorted(vec, key=vec.__getitem__, reverse=True)[:TOP_TERMS] for vec in weighted]
    # a term's articles, up to RARE_TERM + 1 of them: past that only its top postings are read (the full lists held
    # 423,000 entries at 10,000 articles, beside every weighted vector)
    postings: dict[str, list[int]] = {}
    for i, vec in enumerate(weighted):
        for term in vec:
            plist = postings.get(term)
            if plist is None:
                postings[term] = [i]
            elif len(plist) <= RARE_TERM:
                plist.append(i)
    top_postings: dict[str, list[int]] = defaultdict(list)  # the articles of which a term is a top term, in order
    for i, top in enumerate(tops):
        for term in top:
            top_postings[term].append(i)
    partners = _Partners(len(weighted))
    for term, plist in postings.items():
        if len(plist) > RARE_TERM:
            plist = top_postings.get(term, [])
        if len(plist) <= 2 * window + 1:  # in index order: i < j
            for x in range(len(plist) - 1):
                partners.later[plist[x]].extend(plist[x + 1 :])
            partners.added(len(plist) * (len(plist) - 1) // 2)
            continue
        order = sorted(plist, key=lambda i: (keys[i], [t for t in tops[i] if t != term], i))
        for x, i in enumerate(order):
            for j in order[x + 1 : x + 1 + window]:
                if i < j:
                    partners.later[i].append(j)
                else:
                    partners.later[j].append(i)
        partners.added(len(order) * window)
    partners.compact()
    return partners


class _Partners:
    """Each article's later partners (``later[i]``: the ``j > i`` proposed with it, repeats allowed until
    :meth:`compact`), compacted each time as many have been added as were kept at the last compaction."""

    def __init__(self, n: int) -> None:
        self.later = [array("i") for _ in range(n)]
        self.kept = 0
        self.since = 0

    def added(self, k: int) -> None:
        self.since += k
        if self.since > max(self.kept, 1 << 16):
            self.compact()

    def compact(self) -> None:
        kept = 0
        for i, later in enumerate(self.later):
            if len(later) > 1:
                later = self.later[i] = array("i", dict.fromkeys(later))
            kept += len(later)
        self.kept, self.since = kept, 0


def _add(total: dict[str, float], vec: Mapping[str, float]) -> None:
    for k, v in vec.items():
        total[k] = total.get(k, 0.0) + v


_DOUBLE_BITS = struct.Struct(">Q")
_DOUBLE = struct.Struct(">d")
_INDEX = (1 << 32) - 1
_FLOAT_TOP = (1 << 64) - 1


def _pair_key(similarity: float, i: int, j: int) -> int:
    """One int that sorts as ``(-similarity, i, j)`` does, for a similarity above 0 and indices below 2**32: the bits
    of a positive double, read as an unsigned integer, grow with it. (A tuple and a float per pair that passes were
    112 bytes, the int is 48; a run keeps them all while it merges.)"""
    [bits] = _DOUBLE_BITS.unpack(_DOUBLE.pack(similarity))
    return ((_FLOAT_TOP - bits) << 64) | (i << 32) | j


def cluster(signatures: Sequence[Signature], *, window: int = WINDOW) -> list[list[int]]:
    """Indices of signatures grouped into stories.

    Candidate pairs come from :func:`candidate_pairs`. Pairs that pass :func:`same_story` are merged best first, and
    two stories merge only when their members are similar *on average* (average linkage, over every pair of members)
    and pair by pair for at least half of the pairs, and their dates stay within a day (:func:`_mergeable`): an
    article similar to one member of a large story does not chain unrelated articles into it. A rejected merge is
    remembered until one of the two stories changes. In a large run the mean similarity of two stories is computed
    from the sums of their members' vectors (exactly the mean of the pairwise cosines); no story size caps what is
    compared.
    """
    weighted, damped = _weigh(signatures)
    return _cluster(signatures, weighted, damped, window)


def _weigh(
    signatures: Sequence[Signature], *, release: bool = False
) -> tuple[list[dict[str, float]], dict[int, dict[str, float]]]:
    """The signatures' TF-IDF vectors, and (in a small run) the damped vectors of the undated ones. ``release``:
    each signature's term counts are emptied as soon as they are weighed (``vector``)."""
    weights = idf(s.vector for s in signatures)
    # Two undated articles are compared with damped IDF in a small run (without dates, keep a cluster whole).
    damped_w = _damped_idf(weights, len(signatures))
    damp = damped_w != weights
    weighted: list[dict[str, float]] = []
    damped: dict[int, dict[str, float]] = {}
    for i, s in enumerate(signatures):
        weighted.append(_shared_values(tfidf(s.vector, weights)))
        if damp and s.date is None:
            damped[i] = tfidf(s.vector, damped_w)
        if release:
            s.vector = Counter()
    return weighted, damped


def _shared_values(vec: dict[str, float]) -> dict[str, float]:
    """``vec`` with one float object for each of its values: terms of an article counted as often and found in as
    many articles weigh the same (a float is 24 bytes, and a run keeps every article's vector while it groups)."""
    one: dict[float, float] = {}
    return {term: one.setdefault(w, w) for term, w in vec.items()}


def _cluster(
    signatures: Sequence[Signature],
    weighted: Sequence[Mapping[str, float]],
    damped: Mapping[int, Mapping[str, float]],
    window: int,
) -> list[list[int]]:
    """:func:`cluster` on the signatures' weighted (and damped) vectors; their counts are not read."""
    n = len(signatures)

    def sim_of(i: int, j: int) -> float:
        if i in damped and j in damped:
            return dot(damped[i], damped[j])
        return dot(weighted[i], weighted[j])

    small_run = n < IDF_FULL_AT
    keys = [(s.date.toordinal() if s.date is not None else 0,) for s in signatures]
    pairs: list[int] = []  # _pair_key(similarity, i, j)
    for i, j in candidate_pairs(weighted, keys, window):  # any order: the pairs are sorted below
        need = required_similarity(signatures[i], signatures[j], small_run=small_run)
        if need is None:
            continue
        sim = sim_of(i, j)
        if sim >= need:
            pairs.append(_pair_key(sim, i, j))
    pairs.sort()  # best first, then by index

    def mean_sim(a: _Cluster, b: _Cluster) -> float:
        """Mean similarity over every pair of members of ``a`` and ``b``."""
        if damped:  # small run: pairwise (damped vectors between undated articles)
            return sum(sim_of(x, y) for x in a.members for y in b.members) / (len(a.members) * len(b.members))
        return dot(vector_sum(a), vector_sum(b)) / (len(a.members) * len(b.members))

    def vector_sum(c: _Cluster) -> Mapping[str, float]:
        return c.total if c.total is not None else weighted[c.members[0]]

    owner = list(range(n))
    clusters = {
        i: _Cluster([i], s.date, s.date, s.weekday, s.date is not None and s.anchored) for i, s in enumerate(signatures)
    }
    rejected: dict[tuple[int, int], tuple[int, int]] = {}
    for packed in pairs:
        i, j = (packed >> 32) & _INDEX, packed & _INDEX
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        a, b = clusters[ci], clusters[cj]
        if len(a.members) < len(b.members) or (len(a.members) == len(b.members) and cj < ci):
            ci, cj, a, b = cj, ci, b, a
        if len(a.members) > 1:
            key, version = (ci, cj), (len(a.members), len(b.members))
            if rejected.get(key) == version:
                continue
            if not _mergeable(a, b, signatures, sim_of, mean_sim, small_run):
                rejected[key] = version
                continue
        a.members.extend(b.members)
        dates = [d for d in (a.first, a.last, b.first, b.last) if d is not None]
        a.first, a.last = (min(dates), max(dates)) if dates else (None, None)
        a.weekday = a.weekday or b.weekday
        a.anchored_date = a.anchored_date or b.anchored_date
        if not damped:
            total = a.total if a.total is not None else dict(weighted[a.members[0]])
            _add(total, vector_sum(b))
            a.total = total
        for m in b.members:
            owner[m] = ci
        del clusters[cj]
    return sorted((sorted(c.members) for c in clusters.values()), key=lambda g: g[0])


def _mergeable(
    a: _Cluster,
    b: _Cluster,
    signatures: Sequence[Signature],
    sim_of: Callable[[int, int], float],
    mean_sim: Callable[[_Cluster, _Cluster], float],
    small_run: bool,
) -> bool:
    """Whether stories ``a`` and ``b`` may merge: dates within a day, members alike on average, and at least half of
    the pairs of members alike (one article that bridges two stories is not enough to merge them). Every pair may be
    looked at, but the count stops as soon as it is decided either way."""
    if not _joinable(a, b):
        return False
    if not same_story(a.signature(), b.signature(), mean_sim(a, b), small_run=small_run):
        return False
    total = len(a.members) * len(b.members)
    alike = unlike = 0
    for x in a.members:
        for y in b.members:
            need = required_similarity(signatures[x], signatures[y], small_run=small_run)
            if need is not None and sim_of(x, y) >= need:
                alike += 1
                if 2 * alike >= total:
                    return True
            else:
                unlike += 1
                if 2 * unlike > total:
                    return False
    return 2 * alike >= total


def is_background(fact: Fact, story_date: dt.date | None) -> bool:
    """A fact about something before the story's event (dated earlier, or worded as background)."""
    if story_date is not None:
        for w in fact.when:
            if w.date is None:
                continue
            if w.precision in ("day", "time") and (story_date - w.date).days > BACKGROUND_DAYS:
                return True
            if w.precision in ("month", "year") and w.date.year < story_date.year:
                return True
    # A background cue counts when it frames the sentence ("Last week, ...", "In 2020, ..."), not in a late clause.
    return bool(_BACKGROUND_CUES.search(fact.text, 0, CUE_WINDOW))


def _story_date(members: Sequence[Signature], weights: Mapping[str, float]) -> dt.date | None:
    votes: dict[dt.date, float] = {}
    for s in members:
        if s.date is not None:
            votes[s.date] = votes.get(s.date, 0.0) + weights.get(s.source, 1.0)
    if not votes:
        return None
    best = max(votes.values())
    return min(d for d, v in votes.items() if v == best)


CREDIBLE_WEIGHT = 0.5  # a source weighted below this (AI-written, aggregator...) does not make a story important


def importance(group: StoryGroup, weights: Mapping[str, float]) -> tuple[int, bool, int, int, str]:
    """Sort key of a story, most important first: the number of independent credible sources (weight at least
    ``CREDIBLE_WEIGHT``), then recency (the latest event date first, undated last), then more sources, then the
    first source id (deterministic)."""
    credible = sum(1 for s in group.sources if weights.get(s, 1.0) >= CREDIBLE_WEIGHT)
    recency = -group.date.toordinal() if group.date is not None else 0
    return (-credible, group.date is None, recency, -len(group.sources), group.sources[0])


def group_stories(
    articles: Sequence[Article],
    extractions: Mapping[str, Extraction],
    *,
    weights: Mapping[str, float] | None = None,
) -> list[StoryGroup]:
    """Stories of the run, most important first (:func:`importance`); each with main facts and background facts:
    :func:`group_signatures` of the articles' :func:`signature`, then :func:`add_facts` of each member (a pipeline
    runs the two apart: the signatures are made where the articles are extracted, the facts added where each story
    is composed)."""
    usable = [a for a in articles if a.id in extractions]
    sigs = [signature(a, extractions[a.id].facts) for a in usable]
    stories = group_signatures(sigs, {a.id: len(extractions[a.id].facts) for a in usable}, weights=weights)
    for g in stories:
        for sid in g.sources:
            add_facts(g, extractions[sid].facts)
    return stories


def group_signatures(
    signatures: Sequence[Signature], kept: Mapping[str, int], *, weights: Mapping[str, float] | None = None
) -> list[StoryGroup]:
    """The stories of the articles whose signatures these are, most important first (:func:`importance`), with their
    members and dates but not yet their facts (:func:`add_facts`: where they are composed); a story none of whose
    articles ``kept`` a fact is left out. The signatures are used up: once weighed, their term counts are emptied
    (``vector``)."""
    weights = weights or {}
    sigs = list(signatures)
    # each signature's counts let go as soon as weighed, before the pairs are compared (15 MB at 10,000 articles)
    weighted, damped = _weigh(sigs, release=True)
    stories: list[StoryGroup] = []
    for members in _cluster(sigs, weighted, damped, WINDOW):
        member_sigs = [sigs[i] for i in members]
        group = StoryGroup(id="", date=_story_date(member_sigs, weights), sources=[s.source for s in member_sigs])
        if any(kept.get(sid, 0) for sid in group.sources):
            stories.append(group)
    stories.sort(key=lambda g: importance(g, weights))
    for k, g in enumerate(stories, 1):
        g.id = f"story-{k}"
    return stories


def add_facts(group: StoryGroup, facts: Iterable[Fact]) -> None:
    """Append one member's facts to the story: each to its main facts, or to its context when it is background to
    the story's date (:func:`is_background`)."""
    for fact in facts:
        (group.context if is_background(fact, group.date) else group.facts).append(fact)
