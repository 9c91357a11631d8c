"""The local engine's ``compose`` stage: an extractive, cited brief of one story.

Sentences are source sentences (verbatim facts), chosen by

* **centrality** -- similarity to the story's centroid (TF-IDF over content stems);
* **cross-source support** -- how many other sources state the same fact (:func:`~summarizer.story.match.match_facts`:
  figures with what they count, dates, names with aliases, predicates through a paraphrase lexicon, nothing
  clashing); each such source's best-matching sentence becomes a corroborating citation, with its own span, unless
  the support checker finds the two contradicting each other; restatements of a chosen sentence are not repeated;
* **position** -- news puts the essentials first;
* **attribution** -- attributed statements ("X said") are preferred to unattributed assertions;
* **source weight** -- reliability flags lower a source's weight; they never delete content;

minus penalties for sentences that need context to be understood (opening pronouns, connectives), loaded wording,
and very short or very long sentences; then a maximal-marginal-relevance pass drops near-duplicates.

Work is linear in the story's facts for scoring and O(F x S) for support (S = sources), never across stories.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from summarizer.check.support import contradiction, may_contradict
from summarizer.models import Citation, ComposedStory, DraftSentence, Fact, StoryPlan
from summarizer.story.headline import clean_title
from summarizer.story.match import FactIndex, FactMatcher, contradicting_negation
from summarizer.text.annotate import Sentence, sentence_of, stems_of
from summarizer.text.regex import lazy_compile
from summarizer.text.segment import content_stems
from summarizer.text.vectors import dot, idf, tfidf, unit

# Score weights (chosen on the first half of the NeuS dev split, checked on the second: benchmarks/neus_rouge.py).
W_CENTRAL = 0.6  # similarity to the story centroid
W_POSITION = 0.2  # lead position in its article
W_SUPPORT = 0.25  # share of the other sources that corroborate
W_ATTRIBUTED = 0.08  # an attributed statement
W_SPECIFIC = 0.04  # states a figure or a date
REDUNDANCY = 0.5  # cosine above which a candidate repeats a chosen sentence
CONTEXT_SENTENCES = 2
SUPPORT_POOL = 3  # support is looked for in the facts that could rank among the first 3 x max_sentences
POOL_CAP = 8  # ... and in at most 8 x max_sentences distinct statements of them
INHERIT_SCORE = 0.5  # past that budget, a statement matching a searched one this closely takes its support
_NEEDS_CONTEXT = lazy_compile(
    r"^(?:[“\"]?(?:he|she|they|it|this|that|these|those|his|her|their|its|however|but|and|also|meanwhile|"
    r"still|yet|such|the group|the statement|there|here)\b)",
    re.IGNORECASE,
)
_QUESTION = lazy_compile(r"\?\W*$")

LoadedCheck = Callable[[str], int]


@dataclass
class _Candidate:
    fact: Fact
    vec: dict[str, float]
    score: float = 0.0
    support: list[Fact] | None = None
    support_scores: dict[str, float] = field(default_factory=dict)  # fact id -> match score


def _vectors(facts: Sequence[Fact]) -> list[dict[str, float]]:
    counts = [Counter(stems_of(f)) for f in facts]
    weights = idf(counts)
    return [tfidf(c, weights, sublinear=True) for c in counts]


def _length_factor(text: str) -> float:
    n = len(text.split())
    if n < 8:
        return 0.6
    if n > 50:
        return 0.7
    return 1.0


def _support(
    i: int, facts: Sequence[Fact], index: FactIndex, restated: dict[int, tuple[float, int]]
) -> tuple[list[Fact], dict[str, float]]:
    """Each other source that states fact ``i``: its best-matching statement (in fact order), with the match
    scores by fact id; every statement that matches is recorded in ``restated`` (as restating ``i``, unless it
    restates an earlier searched statement more closely)."""
    best: dict[str, tuple[float, int]] = {}
    for j in index.candidates(i):
        m = index.match(i, j)
        if not m.matched:
            continue
        if m.score > restated.get(j, (-1.0, -1))[0]:
            restated[j] = (m.score, i)
        src = facts[j].source
        if m.score > best.get(src, (0.0, -1))[0]:
            best[src] = (m.score, j)
    chosen = sorted(best.values(), key=lambda sj: sj[1])
    return [facts[j] for _, j in chosen], {facts[j].id: sc for sc, j in chosen}


def _inherited(
    i: int, origin: int, facts: Sequence[Fact], support: Mapping[int, tuple[list[Fact], dict[str, float]]]
) -> tuple[list[Fact], dict[str, float]]:
    """The support of fact ``i``, a restatement of the searched fact ``origin``: that fact and its other sources'
    statements (with their scores against ``origin``), none of ``i``'s own source."""
    found, scores = support.get(origin, ([], {}))
    src = facts[i].source
    own = facts[origin]
    mine = [own, *(f for f in found if f.source != src and f is not facts[i])]
    score_of = {**scores, own.id: scores.get(facts[i].id, 0.0)}
    return mine, {f.id: score_of.get(f.id, 0.0) for f in mine}


def score_facts(
    plan: StoryPlan, *, loaded: LoadedCheck | None = None, matcher: FactMatcher | None = None
) -> list[_Candidate]:
    """Candidates with scores and corroborating facts (other sources stating the same fact), best first."""
    matcher = matcher or FactMatcher()
    facts = plan.facts
    if not facts:
        return []
    vecs = _vectors(facts)
    centroid: Counter[str] = Counter()
    for v in vecs:
        centroid.update(v)
    cnorm = unit(centroid)
    by_source: dict[str, list[int]] = {}
    for i, f in enumerate(facts):
        by_source.setdefault(f.source, []).append(i)
    n_sources = len(by_source)
    # Score without support first, with each fact's multiplier (penalties, length, source weight).
    base: list[float] = []
    mult: list[float] = []
    for i, f in enumerate(facts):
        score = W_CENTRAL * dot(vecs[i], cnorm) + W_POSITION * f.salience
        if f.attribution is not None:
            score += W_ATTRIBUTED
        if f.figures or f.when:
            score += W_SPECIFIC
        factor = _length_factor(f.text) * plan.source_weights.get(f.source, 1.0)
        if _NEEDS_CONTEXT.match(f.text):
            factor *= 0.55
        if _QUESTION.search(f.text):
            factor *= 0.5
        if loaded is not None and loaded(f.text):
            factor *= 0.6
        base.append(score * factor)
        mult.append(factor)
    # Support (the other sources stating the same fact) can add at most W_SUPPORT * factor: it is looked for in the
    # facts that could then rank among the first SUPPORT_POOL x max_sentences (the rest cannot be chosen), best
    # reachable score first. The search is bounded: at most POOL_CAP x max_sentences statements no searched one
    # matched, and once that many searches are done, a close restatement of a searched statement (match score at
    # least INHERIT_SCORE) is taken as stated by that statement's sources (a loose one is left unsearched: support
    # is not transitive through a partial match). So a story told by hundreds of near-identical copies costs
    # O(max_sentences x sources) matches, and a small story is searched exactly.
    support: dict[int, tuple[list[Fact], dict[str, float]]] = {}
    if n_sources > 1:
        k = max(1, plan.max_sentences)
        ranked = sorted(base, reverse=True)
        floor = ranked[min(len(ranked), SUPPORT_POOL * k) - 1]
        reach = sorted((i for i in range(len(facts)) if base[i] + W_SUPPORT * mult[i] >= floor),
                       key=lambda i: (-(base[i] + W_SUPPORT * mult[i]), i))  # fmt: skip
        index = matcher.index(facts)
        restated: dict[int, tuple[float, int]] = {}  # fact -> (score, the searched statement it restates best)
        searched = distinct = 0
        for i in reach:
            if i in restated and searched >= POOL_CAP * k:
                if restated[i][0] >= INHERIT_SCORE:  # a close restatement: stated by its statement's sources
                    support[i] = _inherited(i, restated[i][1], facts, support)
                continue  # a loose one is not searched (what it adds to that statement is not known)
            if i not in restated:
                if distinct >= POOL_CAP * k:
                    continue
                distinct += 1
            support[i] = _support(i, facts, index, restated)
            searched += 1
    out = []
    for i, f in enumerate(facts):
        found, scores = support.get(i, ([], {}))
        cand = _Candidate(fact=f, vec=vecs[i], support=found, support_scores=scores)
        share = len(found) / max(1, n_sources - 1)
        cand.score = base[i] + W_SUPPORT * share * mult[i]
        out.append(cand)
    out.sort(key=lambda c: -c.score)
    return out


def _select(cands: Sequence[_Candidate], k: int, matcher: FactMatcher) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    for c in cands:
        if len(chosen) >= k:
            break
        if any(dot(c.vec, s.vec) > REDUNDANCY for s in chosen):
            continue
        if any(c.fact.id in {f.id for f in (s.support or [])} for s in chosen):
            continue
        if any(c.fact.source != s.fact.source and matcher.match(c.fact, s.fact).matched for s in chosen):
            continue  # a restatement of a chosen sentence: it is one of that sentence's citations, not a bullet
        chosen.append(c)
    return chosen


def corroborates(sentence: str, other: str, *, may: bool | None = None, annotated: Sequence[Sentence] = ()) -> bool:
    """Whether the support checker lets ``other`` (another source's sentence, proposed by the fact matcher) stand as
    a citation of ``sentence``: neither contradicts the other (a negation in only one of them of what both state:
    "no group claimed responsibility"; a different figure for the same thing, an opposite claim verb).

    The matcher (:func:`~summarizer.story.match.match_facts`) decides that the two state the same fact from their
    structure; this is the second, independent check on the wording. The checker runs only when the sentence holds
    something its contradicting rules act on (:func:`~summarizer.check.support.may_contradict`; a caller checking
    one sentence against several others passes that verdict as ``may``). ``annotated``: the annotated sentences of
    the two, when known (the checker reads their figures layer instead of finding the figures again).
    """
    if contradicting_negation(sentence, other):
        return False
    if not (may_contradict(sentence, annotated=annotated) if may is None else may):
        return True
    return (
        contradiction(other, sentence, annotated=annotated) is None
    )  # check_claim(other, sentence) is not CONTRADICTED


def _confirm(c: _Candidate, seen: dict[tuple[str, str], bool] | None = None) -> None:
    """Keep only the corroborating facts that the support checker does not find contradicting the sentence
    (``seen`` keeps the verdicts of one story: copies of one wire report are checked once)."""
    seen = {} if seen is None else seen
    kept = []
    may: bool | None = None  # whether the checker could find c's sentence contradicted at all: asked once, if needed
    own = sentence_of(c.fact)
    for f in c.support or []:
        key = (c.fact.text, f.text)
        ok = seen.get(key)
        if ok is None:
            annotated = [s for s in (own, sentence_of(f)) if s is not None]
            may = may_contradict(c.fact.text, annotated=annotated) if may is None else may
            ok = seen[key] = corroborates(c.fact.text, f.text, may=may, annotated=annotated)
        if ok:
            kept.append(f)
    c.support = kept


def _one_sentence_per_corroboration(chosen: Sequence[_Candidate]) -> None:
    """A statement of another source corroborates at most one brief sentence: the one it matches best (a broad
    sentence that loosely matches several chosen ones is not their common source)."""
    owner: dict[str, tuple[float, int]] = {}
    for k, c in enumerate(chosen):
        for f in c.support or []:
            sc = c.support_scores.get(f.id, 0.0)
            if f.id not in owner or sc > owner[f.id][0]:
                owner[f.id] = (sc, k)
    for k, c in enumerate(chosen):
        c.support = [f for f in c.support or [] if owner[f.id][1] == k]


def _citations(c: _Candidate) -> list[Citation]:
    cites = list(c.fact.evidence)
    for f in c.support or []:
        cites.extend(f.evidence[:1])
    return cites


def headline(
    plan: StoryPlan, lead: Fact | None, titles: Mapping[str, str], *, loaded: LoadedCheck | None = None
) -> str:
    """A headline: the (cleaned) title of the best-weighted source whose title shares most with the story and has no
    loaded wording, else the lead."""
    best, best_score = None, 0.0
    lead_stems = set(stems_of(lead)) if lead else set()
    for src, raw in titles.items():
        title = clean_title(raw) if raw else ""
        if not title or len(title.split()) < 4 or (loaded is not None and loaded(title)):
            continue
        overlap = len(set(content_stems(title)) & lead_stems) / (len(lead_stems) or 1)
        score = (0.2 + overlap) * plan.source_weights.get(src, 1.0)
        if score > best_score:
            best, best_score = title.strip(), score
    if best:
        return best
    if lead is None:
        return "Untitled story"
    words = lead.text.split()
    text = " ".join(words[:16]).rstrip(",;:—-")
    return text + ("…" if len(words) > 16 else "")


def compose_extractive(
    plan: StoryPlan, titles: Mapping[str, str] | None = None, *, loaded: LoadedCheck | None = None
) -> ComposedStory:
    """An extractive composition of ``plan``: up to ``plan.max_sentences`` cited sentences plus context."""
    # Terms most of the story's statements share (its topic, its main names) weigh little in a match. A story told
    # by one source matches no pair (support and restatements are across sources): its matcher needs no weights.
    everything = [*plan.facts, *plan.context]
    one_source = all(f.source == everything[0].source for f in everything)
    matcher = FactMatcher() if one_source else FactMatcher.for_story(everything)
    cands = score_facts(plan, loaded=loaded, matcher=matcher)
    chosen = _select(cands, plan.max_sentences, matcher)
    seen: dict[tuple[str, str], bool] = {}
    for c in chosen:
        _confirm(c, seen)
    _one_sentence_per_corroboration(chosen)
    sentences = [
        DraftSentence(
            text=c.fact.text,
            fact_ids=[c.fact.id, *(f.id for f in c.support or [])],
            citations=_citations(c),
            kind="lead" if k == 0 else "fact",
        )
        for k, c in enumerate(chosen)
    ]
    if plan.context:
        ctx_plan = plan.model_copy(update={"facts": plan.context, "context": []})
        ctx = _select(score_facts(ctx_plan, loaded=loaded, matcher=matcher), CONTEXT_SENTENCES, matcher)
        for c in ctx:
            _confirm(c, seen)
        _one_sentence_per_corroboration(ctx)
        sentences += [
            DraftSentence(
                text=c.fact.text,
                fact_ids=[c.fact.id, *(f.id for f in c.support or [])],
                citations=_citations(c),
                kind="context",
            )
            for c in ctx
        ]
    return ComposedStory(
        headline=headline(plan, chosen[0].fact if chosen else None, titles or {}, loaded=loaded), sentences=sentences
    )
