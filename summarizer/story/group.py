"""The ``group`` stage: articles and their facts into stories (distinct incidents or developments).

Each article gets an *event signature* from its lead: the event date (the first resolved day-precision date of the
opening facts, not after publication), the weekday it names, its places, and a content vector of its opening.
Two articles tell the same story when their event dates are at most a day apart (or unknown and their weekdays do not
clash) *and* their openings are similar enough; unrelated stories on the same day stay apart. Candidate pairs come
from an inverted index over distinctive terms, so grouping stays near-linear in the number of articles.

Within an article, a fact dated well before the story's event, or marked as background ("last week", "in 2020",
"earlier this month"), becomes *context* of that story: it never pulls another incident into it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from summarizer.models import Article, Extraction, Fact
from summarizer.text.annotate import stems_of
from summarizer.text.months import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_NAMES
from summarizer.text.segment import content_stems
from summarizer.text.vectors import dot, idf, tfidf

LEAD_FACTS = 4
SAME_DAY_SIMILARITY = 0.10  # lead similarity needed when event dates agree (within a day)
UNDATED_SIMILARITY = 0.18  # ... when neither date is known (NeuS dev: 0.3% of unrelated pairs pass)
SMALL_RUN_UNDATED_SIMILARITY = 0.14  # ... in a run of fewer than IDF_FULL_AT articles (damped IDF; keep clusters whole)
WEEKDAY_CLASH_SIMILARITY = 0.20  # undated openings naming weekdays days apart join only from this similarity
HALF_DATED_SIMILARITY = 0.30  # ... when only one is dated: the undated one cannot confirm the event, so ask for more
IDF_FULL_AT = 30  # articles in a run from which grouping uses full IDF weights (fewer: damped toward 1)
MAX_LINKAGE = 40  # members per story compared when two stories may merge (bounds the work per merge)
MAX_POSTINGS = 60  # a term in more articles than this is not used to propose candidate pairs
BACKGROUND_DAYS = 2
CUE_WINDOW = 60  # characters from the sentence start in which a background cue frames the sentence

_WEEKDAYS = tuple(name.lower() for name in WEEKDAY_NAMES)
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_BACKGROUND_CUES = re.compile(
    r"\b(?:last (?:week|month|year)|earlier this (?:week|month|year)|in recent (?:weeks|months|years)|"
    r"previously|historically|in (?:19|20)\d\d|since (?:"
    + "|".join(MONTH_NAMES)
    + "|"
    + "|".join(rf"{a}\." for a in sorted(MONTH_ABBREVIATIONS))
    + r")|a (?:week|month|year) ago|(?:days|weeks|months|years) (?:ago|earlier))\b",
    re.IGNORECASE,
)


@dataclass
class Signature:
    """What an article's opening says about its event."""

    source: str
    date: dt.date | None
    weekday: str | None
    vector: Counter[str]
    published: dt.date | None


@dataclass
class StoryGroup:
    """One story: its event date, the articles in it, its main facts and its background facts."""

    id: str
    date: dt.date | None
    sources: list[str]
    facts: list[Fact] = field(default_factory=list)
    context: list[Fact] = field(default_factory=list)


def _event_date(facts: Sequence[Fact], published: dt.date | None) -> dt.date | None:
    for fact in facts[:LEAD_FACTS]:
        for w in fact.when:
            if w.date is None or w.precision not in ("day", "time"):
                continue
            if published is not None and (w.date > published + dt.timedelta(days=1)):
                continue
            return w.date
    return None


def signature(article: Article, facts: Sequence[Fact]) -> Signature:
    """The event signature of an article from its title and opening facts."""
    lead = facts[:LEAD_FACTS]
    title = content_stems(article.title or "")
    words = [*title, *title, *(w for f in lead for w in stems_of(f))]  # the title weighs double
    weekday = None
    for f in lead:
        m = _WEEKDAY_RE.search(f.text)
        if m:
            weekday = m.group(1).lower()
            break
    return Signature(
        source=article.id,
        date=_event_date(facts, article.published),
        weekday=weekday,
        vector=Counter(words),
        published=article.published,
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


def same_story(a: Signature, b: Signature, similarity: float, *, small_run: bool = False) -> bool:
    """Whether two articles' openings describe the same incident. In a ``small_run`` (fewer than ``IDF_FULL_AT``
    articles) two undated openings need less similarity, and unresolved weekdays days apart do not split very
    similar ones: without dates, a few articles that read alike are kept together."""
    if a.date is not None and b.date is not None:
        return abs((a.date - b.date).days) <= 1 and similarity >= SAME_DAY_SIMILARITY
    undated = a.date is None and b.date is None
    if weekdays_clash(a, b) and not (small_run and undated and similarity >= WEEKDAY_CLASH_SIMILARITY):
        return False
    if a.date is not None or b.date is not None:
        return similarity >= HALF_DATED_SIMILARITY
    return similarity >= (SMALL_RUN_UNDATED_SIMILARITY if small_run else UNDATED_SIMILARITY)


@dataclass
class _Cluster:
    """A growing story: its members and the span of its known event dates."""

    members: list[int]
    first: dt.date | None
    last: dt.date | None
    weekday: str | None

    def signature(self) -> Signature:
        return Signature(source="", date=self.first, weekday=self.weekday, vector=Counter(), published=None)


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


def _story_pairs(
    signatures: Sequence[Signature],
    postings: Mapping[str, list[int]],
    sim_of: Callable[[int, int], float],
    small_run: bool,
) -> list[tuple[float, int, int]]:
    """Pairs ``(similarity, i, j)`` that share a posting and pass :func:`same_story`, most similar first."""
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[float, int, int]] = []
    for plist in postings.values():
        if len(plist) > MAX_POSTINGS:
            continue
        for x in range(len(plist)):
            for y in range(x + 1, len(plist)):
                i, j = plist[x], plist[y]
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                sim = sim_of(i, j)
                if same_story(signatures[i], signatures[j], sim, small_run=small_run):
                    pairs.append((sim, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return pairs


def cluster(signatures: Sequence[Signature]) -> list[list[int]]:
    """Indices of signatures grouped into stories.

    Candidate pairs come from an inverted index over each article's most distinctive terms (terms shared by more than
    ``MAX_POSTINGS`` articles propose nothing). Pairs that pass :func:`same_story` are merged best first, and two
    stories merge only when their members are similar *on average* (average linkage) and their dates stay within a
    day: an article similar to one member of a large story does not chain unrelated articles into it.
    """
    n = len(signatures)
    weights = idf(s.vector for s in signatures)
    weighted = [tfidf(s.vector, weights) for s in signatures]
    # Two undated articles are compared with damped IDF in a small run (without dates, keep a cluster whole).
    undated = {i for i, s in enumerate(signatures) if s.date is None}
    damped_w = _damped_idf(weights, n)
    damped = {i: tfidf(signatures[i].vector, damped_w) for i in undated} if damped_w != weights else {}

    def sim_of(i: int, j: int) -> float:
        if i in damped and j in damped:
            return dot(damped[i], damped[j])
        return dot(weighted[i], weighted[j])

    postings: dict[str, list[int]] = defaultdict(list)
    for i, vec in enumerate(weighted):
        for term in sorted(vec, key=lambda t: -vec[t])[:12]:
            postings[term].append(i)
    small_run = n < IDF_FULL_AT
    pairs = _story_pairs(signatures, postings, sim_of, small_run)
    owner = list(range(n))
    clusters = {i: _Cluster([i], signatures[i].date, signatures[i].date, signatures[i].weekday) for i in range(n)}
    for _, i, j in pairs:
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        a, b = clusters[ci], clusters[cj]
        if len(a.members) > 1 or len(b.members) > 1:
            if not _joinable(a, b):
                continue
            # The stories' members must be alike on average and pair by pair for at least half of the pairs: one
            # article that bridges two stories is not enough to merge them.
            pairs_ab = [(x, y) for x in a.members[:MAX_LINKAGE] for y in b.members[:MAX_LINKAGE]]
            sims = [sim_of(x, y) for x, y in pairs_ab]
            alike = sum(
                same_story(signatures[x], signatures[y], v, small_run=small_run)
                for (x, y), v in zip(pairs_ab, sims, strict=True)
            )
            avg = sum(sims) / len(sims)
            if 2 * alike < len(pairs_ab) or not same_story(a.signature(), b.signature(), avg, small_run=small_run):
                continue
        if len(a.members) < len(b.members):
            ci, cj, a, b = cj, ci, b, a
        a.members.extend(b.members)
        dates = [d for d in (a.first, a.last, b.first, b.last) if d is not None]
        a.first, a.last = (min(dates), max(dates)) if dates else (None, None)
        a.weekday = a.weekday or b.weekday
        for m in b.members:
            owner[m] = ci
        del clusters[cj]
    return sorted((sorted(c.members) for c in clusters.values()), key=lambda g: g[0])


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
    """Stories of the run, most important first (:func:`importance`); each with main facts and background facts."""
    weights = weights or {}
    usable = [a for a in articles if a.id in extractions]
    sigs = [signature(a, extractions[a.id].facts) for a in usable]
    stories: list[StoryGroup] = []
    for members in cluster(sigs):
        member_sigs = [sigs[i] for i in members]
        date = _story_date(member_sigs, weights)
        group = StoryGroup(id="", date=date, sources=[sigs[i].source for i in members])
        for i in members:
            for fact in extractions[usable[i].id].facts:
                (group.context if is_background(fact, date) else group.facts).append(fact)
        if group.facts or group.context:
            stories.append(group)
    stories.sort(key=lambda g: importance(g, weights))
    for k, g in enumerate(stories, 1):
        g.id = f"story-{k}"
    return stories
