"""Sentence support: does a claim follow from a source text (or from given spans)? Deterministic, no model weights.

Owns the :class:`SupportChecker` interface (one method, ``check``) and its default implementation
:class:`LexicalSupportChecker`, plus the helpers the pipeline and the CLI call: :func:`check_support` (a claim against
cited spans), :func:`check_claim` (a claim against a whole text) and :func:`check_pairs` (JSONL rows in, verdicts out).
An NLI model or an LLM judge can replace the lexical checker behind the same ``check`` method.

How the lexical checker scores (SummaC-ZS style: best source window per claim sentence, then the weakest sentence's
figures):

1. the claim is split into sentences; each is aligned to its best window of one or two consecutive source sentences
   by ``(weighted content-word coverage + bigram coverage + trigram coverage) / 3`` (IDF-weighted within the source,
   a small penalty for two-sentence windows);
2. each sentence has three components: the window score, the share of its tokens copied in runs of >= 3 tokens
   from the source, and extractive density (the runs are greedy longest matches against the whole source, Grusky et
   al. 2018; a sentence that opens with a source sentence's first words and goes on with a run from later in that
   sentence, a compression that keeps the subject, counts its opening as a run too): stitched or novel wording
   lowers them;
3. the claim score weighs each component's minimum over the claim's sentences (about 0.57 / 0.29 / 0.14, fitted by
   logistic regression: :data:`DEFAULT_PARAMS`); ``supported`` when it reaches :data:`SUPPORT_THRESHOLD`;
4. hard rules (:data:`RULES`, each switchable in :class:`LexicalParams`): a number the aligned source window states
   differently for the same thing (numbers.py), a stronger or weaker quantifier or bound ("all" for "most", "at
   most" for "at least"), a claim verb of the opposite polarity ("denied" for "claimed"), or a calendar day no source
   sentence resolves to make the label CONTRADICTED whatever the score; a number, name, known place or negation the
   aligned source text lacks, or a quotation that is not verbatim anywhere in the source, makes it UNSUPPORTED.
   Names are told by capitals; known places (countries, major cities) by the gazetteer in any casing, so a claim
   without capitals gets no pass. A claim's day-precision date
   that a source sentence resolves to (the article's "Saturday" published on a Sunday, for "January 20, 2024") is
   read as the source's own words for that day.

The weights, penalty, aggregation, threshold and rule switches are :class:`LexicalParams`; how they were chosen, and
the cross-validated figures, are in :data:`DEFAULT_PARAMS` and ``benchmarks/frank_checker.py``.

The checker reads ordinary text. Benchmark formats (tokenised, lower-cased summaries) are prepared by the
benchmark's own loader, never here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, Protocol

from summarizer.models import Article, CheckStatus, Span, SupportLabel, SupportResult
from summarizer.text.annotate import Sentence, doc_of
from summarizer.text.dates import DateMatch, find_dates
from summarizer.text.entities import known_places
from summarizer.text.months import MONTH_NAMES, WEEKDAY_NAMES
from summarizer.text.names import find_name
from summarizer.text.numbers import NumberMatch, find_figures, parse_number, same_quantity, singular
from summarizer.text.paraphrases import paraphrase_groups, paraphrases
from summarizer.text.regex import lazy_compile
from summarizer.text.segment import STOPWORDS, match_tokens, split_sentences, tokens

__all__ = [
    "SUPPORT_THRESHOLD",
    "LexicalSupportChecker",
    "SupportChecker",
    "check_claim",
    "check_pairs",
    "check_support",
    "cited_units",
    "contradiction",
    "may_contradict",
    "valid_spans",
    "verbatim_support",
]

SUPPORT_THRESHOLD = 0.7356
"""Claim score at or above which a claim is ``supported``.

Chosen on /work/shared/eval/frank_cnndm_valid.jsonl (FRANK, CNN/DM validation, 375 labelled summaries, whose
tokenised lower-case summaries ``benchmarks/frank_checker.py`` detokenises and truecases first) as the threshold with
the best balanced accuracy there; :data:`DEFAULT_PARAMS` says how it and the other parameters were chosen and what
they score in-sample and under cross-validation (the benchmark prints these figures)."""

_NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without"})

RULES = (
    "number_conflict",
    "number_absent",
    "pronoun",
    "name",
    "place",
    "quote",
    "negation",
    "negation_reverse",
    "quantifier",
    "claim_verb",
    "date",
    "role_swap",
    "substitution",
)
"""The hard rules, by name. Each can be switched off in :class:`LexicalParams`; ``benchmarks/frank_checker.py``
measures what each one flips under cross-validation."""

_CONTRADICTING_RULES = frozenset({"number_conflict", "quantifier", "claim_verb", "date"})


@dataclass(frozen=True)
class LexicalParams:
    """Every free parameter of the lexical checker.

    The shipped values (:data:`DEFAULT_PARAMS`) were chosen by ``benchmarks/frank_checker.py --tune`` on FRANK CNN/DM
    validation with 5-fold cross-validation grouped by article; the benchmark reports the nested cross-validated
    balanced accuracy of that whole selection procedure (the headline) beside the in-sample one."""

    threshold: float = 0.71
    w_align: float = 0.4  # weight of the best window's alignment score
    w_copy: float = 0.4  # weight of the share of tokens copied in runs of >= 3
    w_density: float = 0.2  # weight of extractive density
    w_cover: float = 0.0  # weight of the window's IDF-weighted content-word coverage
    window_penalty: float = 0.03  # subtracted from a two-sentence window's alignment score
    aggregate: str = "min"  # how sentence scores make a claim score: "min", "mean", "blend" (their average) or
    # "min_each" (each component's minimum over the claim's sentences, then weighted)
    rules: frozenset[str] = frozenset(RULES)

    def sentence_score(self, f: SentenceFeatures) -> float:
        """The weighted score of one claim sentence."""
        return self.w_align * f.align + self.w_copy * f.copy + self.w_density * f.density + self.w_cover * f.cover

    def claim_score(self, features: Sequence[SentenceFeatures]) -> float:
        """The claim's score in [0, 1] from its sentences' features."""
        if self.aggregate == "min_each":
            weakest = SentenceFeatures(
                "",
                (),
                min(f.align for f in features),
                min(f.copy for f in features),
                min(f.density for f in features),
                min(f.cover for f in features),
            )
            return max(0.0, min(1.0, self.sentence_score(weakest)))
        scores = [self.sentence_score(f) for f in features]
        low, mean = min(scores), sum(scores) / len(scores)
        agg = {"min": low, "mean": mean}.get(self.aggregate, (low + mean) / 2)
        return max(0.0, min(1.0, agg))


DEFAULT_PARAMS = LexicalParams(
    threshold=0.7356,
    w_align=0.5709,
    w_copy=0.2855,
    w_density=0.1436,
    w_cover=0.0,
    window_penalty=0.03,
    aggregate="min_each",
    rules=frozenset(RULES),
)
"""The shipped parameters: what ``benchmarks/frank_checker.py``'s selection procedure (``tune_checker.select``)
chooses on all of FRANK CNN/DM validation: the weights of alignment, copied runs and extractive density fitted by
class-balanced L2-regularised logistic regression on each component's minimum over the claim's sentences (the pairs
no hard rule vetoes; scaled to sum to 1), the L2 strength (1), window penalty (0.03) and rule switches (all on) by
grouped inner cross-validation, the threshold with the best balanced accuracy. Nested cross-validated balanced
accuracy of that whole procedure, every parameter re-chosen inside each outer training part: 0.740 (10 fold seeds,
range 0.018), against 0.756 in-sample. The grid of weights it replaces scored 0.714-0.715 nested (0.757 in-sample):
its 756 settings chosen per fold were noise."""


SUPPORT_THRESHOLD = DEFAULT_PARAMS.threshold
"""Claim score at or above which a claim is ``supported`` (:data:`DEFAULT_PARAMS`)."""


_tokens = match_tokens


def _ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@dataclass
class _Unit:
    """One source sentence: where it is, its tokens and (on demand) its dates resolved against publication."""

    source: str
    text: str  # the full text the offsets index
    start: int
    end: int
    base: int  # added to offsets when reporting spans
    tokens: list[str]
    tokset: set[str] = field(default_factory=set)
    bigrams: set[tuple[str, ...]] = field(default_factory=set)
    trigrams: set[tuple[str, ...]] = field(default_factory=set)
    published: dt.date | None = None
    sentence: Sentence | None = None
    _dates: tuple[DateMatch, ...] | None = None
    _figures: Sequence[NumberMatch] | None = None

    def span(self) -> Span:
        return Span(
            source=self.source,
            start=self.base + self.start,
            end=self.base + self.end,
            quote=self.text[self.start : self.end],
        )

    @property
    def dates(self) -> tuple[DateMatch, ...]:
        """Dates of the sentence resolved against the publication date (offsets are not used)."""
        if self._dates is None:
            if self.sentence is not None:
                self._dates = self.sentence.dates
            else:
                self._dates = tuple(find_dates(self.text[self.start : self.end], self.published))
        return self._dates

    @property
    def figures(self) -> Sequence[NumberMatch]:
        """Figures of the sentence: its annotated sentence's layer when it has one, else found now and kept (offsets
        are not used)."""
        if self._figures is None:
            if self.sentence is not None:
                self._figures = self.sentence.figures
            else:
                self._figures = find_figures(self.text[self.start : self.end])
        return self._figures


def _unit(source: str, text: str, s: int, e: int, base: int, toks: list[str], **kw: Any) -> _Unit:
    return _Unit(source, text, s, e, base, toks, set(toks), _ngrams(toks, 2), _ngrams(toks, 3), **kw)


def _units(
    text: str,
    source: str,
    base: int,
    start: int = 0,
    end: int | None = None,
    published: dt.date | None = None,
    *,
    ngrams: bool = True,
) -> list[_Unit]:
    """The sentences of ``text[start:end]`` as units (without their bigrams and trigrams when not ``ngrams``)."""
    if not ngrams:
        out = []
        for s, e in split_sentences(text, start, end):
            toks = _tokens(text[s:e])
            out.append(_Unit(source, text, s, e, base, toks, set(toks), published=published))
        return out
    return [
        _unit(source, text, s, e, base, _tokens(text[s:e]), published=published)
        for s, e in split_sentences(text, start, end)
    ]


def units_of_text(text: str, source_id: str = "S1", base: int = 0, published: dt.date | None = None) -> list[_Unit]:
    """The source sentences of ``text`` prepared for :meth:`LexicalSupportChecker.features` (spans name
    ``source_id``, offsets shifted by ``base``, dates resolved against ``published``)."""
    return _units(text, source_id, base, published=published)


def _article_units(article: Article, span: Span | None = None) -> list[_Unit]:
    """Units of a cited span (the whole article when None): the article's annotated sentences when the span is made
    of whole sentences."""
    doc = doc_of(article)
    start, end = (span.start, span.end) if span else (0, len(article.text))
    source = span.source if span else article.id
    covering = doc.covering(start, end)
    if covering is None:
        return _units(article.text, source, 0, start, end, article.published)
    out = []
    for i in covering:
        sent = doc.sentence(i)
        out.append(_unit(source, article.text, sent.start, sent.end, 0, list(sent.match), published=doc.published,
                         sentence=sent))  # fmt: skip
    return out


@dataclass
class SentenceFeatures:
    """What the lexical checker measured for one claim sentence: the best source window, its score components, and
    every hard rule that fired (rule name -> reason). :class:`LexicalParams` turns these into a verdict."""

    text: str
    window: Sequence[_Unit]
    align: float
    copy: float
    density: float
    cover: float
    hits: dict[str, str] = field(default_factory=dict)


class SupportChecker(Protocol):
    """Decides whether a claim follows from a text. ``base`` is added to every span offset reported (use it when
    ``text`` is a slice of a longer article); spans name ``source_id``."""

    def check(self, claim: str, text: str, *, source_id: str = "S1", base: int = 0) -> SupportResult: ...


@dataclass
class LexicalSupportChecker:
    """The deterministic default :class:`SupportChecker` (see the module docstring for the score)."""

    threshold: float | None = None  # overrides params.threshold when given
    params: LexicalParams = DEFAULT_PARAMS

    def params_in_use(self) -> LexicalParams:
        """The parameters this checker scores with (``threshold`` applied)."""
        return self._params()

    def _params(self) -> LexicalParams:
        if self.threshold is None:
            return self.params
        return dataclasses.replace(self.params, threshold=self.threshold)

    def check(self, claim: str, text: str, *, source_id: str = "S1", base: int = 0) -> SupportResult:
        """Score ``claim`` against ``text``. Returns a :class:`SupportResult`; never raises on odd input."""
        return self.check_units(claim, _units(text, source_id, base))

    def check_article(self, claim: str, article: Article) -> SupportResult:
        """Score ``claim`` against a whole article (its dates resolved against its publication date)."""
        return self.check_units(claim, _article_units(article))

    def text_features(self, claim: str, text: str) -> list[SentenceFeatures]:
        """The features of each sentence of ``claim`` against the whole ``text`` (for tuning the parameters)."""
        return self.features(claim, _units(text, "S1", 0))

    def features(self, claim: str, units: Sequence[_Unit]) -> list[SentenceFeatures]:
        """The features of each sentence of ``claim`` against ``units`` (empty when the claim has no words)."""
        claim_sents = [c for c in _claim_sentences(claim) if _tokens(c)]
        if not claim_sents or not units:
            return []
        index = _Index(units)
        penalty = self._params().window_penalty
        return [_sentence_features(c, units, index, penalty) for c in claim_sents]

    def check_units(self, claim: str, units: Sequence[_Unit]) -> SupportResult:
        """Score ``claim`` against prepared source sentences (possibly from several sources)."""
        if not units:
            return SupportResult(label=SupportLabel.UNSUPPORTED, score=0.0, reason="no source text to check against")
        features = self.features(claim, units)
        if not features:
            return SupportResult(label=SupportLabel.UNSUPPORTED, score=0.0, reason="the claim has no words")
        return verdict(features, self._params())


def verdict(features: Sequence[SentenceFeatures], params: LexicalParams) -> SupportResult:
    """The :class:`SupportResult` of a claim from its sentences' features under ``params``."""
    score = params.claim_score(features)
    threshold = params.threshold
    evidence = list(dict.fromkeys(u.span() for f in features for u in f.window))
    fired = [(f, name, why) for f in features for name, why in f.hits.items() if name in params.rules]
    if fired:
        contradicted = [x for x in fired if x[1] in _CONTRADICTING_RULES]
        shown = contradicted or fired
        reason = "; ".join(f"{why} (in “{_short(f.text)}”)" for f, _, why in shown)
        if contradicted:
            return SupportResult(label=SupportLabel.CONTRADICTED, score=round(score, 4), evidence=evidence,
                                 reason=reason)  # fmt: skip
        return SupportResult(label=SupportLabel.UNSUPPORTED, score=round(min(score, threshold * 0.99), 4),
                             evidence=evidence, reason=reason)  # fmt: skip
    weakest = min(features, key=params.sentence_score)
    where = ", ".join(f"{u.source}[{u.base + u.start}:{u.base + u.end}]" for u in weakest.window)
    if score >= threshold:
        reason = f"every sentence matches its source (score {score:.2f} >= {threshold:.2f}, weakest at {where})"
        return SupportResult(label=SupportLabel.SUPPORTED, score=round(score, 4), evidence=evidence, reason=reason)
    missing = _missing_words(weakest.text, weakest.window)
    reason = f"“{_short(weakest.text)}” scores {params.sentence_score(weakest):.2f} against {where}"
    reason += f" (claim {score:.2f} < {threshold:.2f})"
    if missing:
        reason += f"; not in that source text: {', '.join(missing[:8])}"
    return SupportResult(label=SupportLabel.UNSUPPORTED, score=round(score, 4), evidence=evidence, reason=reason)


def _sentence_features(sentence: str, units: Sequence[_Unit], index: _Index, penalty: float) -> SentenceFeatures:
    ct, date_hit, date_tokens, days = _resolve_dates(sentence, units)
    best_score, best_window, best_cover = _best_window(ct, units, index, penalty)
    cov3, dens = index.fragments(ct)
    hits = _rule_hits(sentence, ct, best_window, index, date_hit, date_tokens, _RULE_CHECKS)
    event_window = _event_on_day(sentence, units, days, date_tokens) if days and not hits else None
    if event_window is not None:
        # "The attack took place on January 20, 2024." where a window names the attack and resolves a date of its
        # to that day: the claim says what the window says, in a frame no n-gram measure rewards.
        best_window = event_window
        best_score = cov3 = dens = best_cover = 1.0
    return SentenceFeatures(sentence, best_window, best_score, cov3, dens, best_cover, hits)


def _rule_hits(
    sentence: str,
    ct: Sequence[str],
    window: Sequence[_Unit],
    index: _Index | None,
    date_hit: str | None,
    date_tokens: set[str],
    checks: Sequence[tuple[str, Callable[..., str | None]]],
    annotated: Sequence[Sentence] = (),
) -> dict[str, str]:
    """The hard rules that fire on a claim sentence against its aligned ``window``, by name, in :data:`RULES`' order:
    the number conflict, the calendar day (``date_hit``, from :func:`_resolve_dates`), then ``checks`` (all of
    :data:`_RULE_CHECKS`, or only the contradicting ones, which read no ``index``)."""
    hits: dict[str, str] = {}
    conflict = _conflict(sentence, window, annotated)
    if conflict:
        hits["number_conflict"] = conflict
    if date_hit:
        hits["date"] = date_hit
    for name, check in checks:
        why = check(sentence, ct, window, index, date_tokens)
        if why:
            hits[name] = why
    return hits


def _best_window(
    ct: Sequence[str], units: Sequence[_Unit], index: _Index, penalty: float
) -> tuple[float, Sequence[_Unit], float]:
    """(score, window, word cover) of the source window (one sentence, or two adjacent ones of one source) that best
    aligns with the claim sentence's tokens ``ct`` (the first when none scores above -1; one unit is its own best
    window, whatever its score)."""
    content = [w for w in ct if w not in STOPWORDS and w not in _LIGHT and len(w) > 1] or ct
    idf = {w: math.log((len(units) + 1) / (index.df.get(w, 0) + 0.5)) + 1.0 for w in content}
    total_idf = sum(idf.values()) or 1.0
    cb, ctr = _ngrams(ct, 2), _ngrams(ct, 3)
    best_score: float = -1.0
    best_cover = 0.0
    best_window: Sequence[_Unit] = units[:1]
    for k in (1, 2):
        for i in range(len(units) - k + 1):
            window = units[i : i + k]
            if k == 2 and window[0].source != window[1].source:
                continue
            toks = window[0].tokset if k == 1 else window[0].tokset | window[1].tokset
            bis = window[0].bigrams if k == 1 else window[0].bigrams | window[1].bigrams | {_join(window)}
            tris = window[0].trigrams if k == 1 else window[0].trigrams | window[1].trigrams
            wcov = sum(idf[w] for w in content if w in toks) / total_idf
            bic = len(cb & bis) / len(cb) if cb else wcov
            tric = len(ctr & tris) / len(ctr) if ctr else bic
            s = (wcov + bic + tric) / 3 - penalty * (k - 1)
            if s > best_score:
                best_score, best_window, best_cover = s, window, wcov
    return best_score, best_window, best_cover


_EVENT_FRAME = lazy_compile(
    r"^\s*(?:the|an?|this|that)\s+(?P<event>[^\W\d_][\w’'-]*(?:\s+[^\W\d_][\w’'-]*){0,3}?)\s+"
    r"(?:took place|happened|occurred|was held|was carried out|began|started)\s+(?:on|in)\s+(?P<date>.+?)[.!]?\s*$",
    re.IGNORECASE,
)


def _event_on_day(
    sentence: str, units: Sequence[_Unit], days: AbstractSet[dt.date], date_tokens: AbstractSet[str]
) -> Sequence[_Unit] | None:
    """When ``sentence`` is an event-date frame and nothing more ("The attack took place on DATE", "The vote
    happened on DATE", DATE one of ``days``, the claim's dates the source resolves, written in ``date_tokens``): the
    first source sentence that states each of its event words (by stem, or by a word of the same paraphrase group:
    "targeted" for "attack") and resolves a date to that day, as a window; else None."""
    m = _EVENT_FRAME.match(sentence)
    if m is None:
        return None
    event = [t for t in _tokens(m.group("event")) if t not in STOPWORDS]
    if not event or not all(t in date_tokens for t in _tokens(m.group("date"))):
        return None
    groups = paraphrase_groups()
    for u in units:
        said = u.tokset | {groups[t] for t in u.tokset if t in groups}
        if not all(t in said or groups.get(t, t) in said for t in event):
            continue
        if any(d.date in days for d in u.dates if d.precision in ("day", "time")):
            return [u]
    return None


_LIGHT = frozenset(_tokens("take took taken place occur occurred happen happened"))
"""Event-frame words that add no content to a claim ("the attack took place on ...")."""


def _resolve_dates(sentence: str, units: Sequence[_Unit]) -> tuple[list[str], str | None, set[str], set[dt.date]]:
    """The claim sentence's tokens with each day-precision date it writes that the source also states (as resolved
    against the source's publication date: "January 20, 2024" and a "Saturday" that is that day) replaced by the
    source's own words for it; a reason when the claim states a day no source sentence resolves to; and the tokens
    of the claim's matched dates (which the number and name rules then leave alone); and the matched days."""
    published = next((u.published for u in units if u.published), None)
    dates = [d for d in find_dates(sentence, published) if d.date is not None and d.precision in ("day", "time")]
    if not dates:
        return _tokens(sentence), None, set(), set()
    by_day: dict[dt.date, str] = {}
    unresolved = False
    for u in units:
        for d in u.dates:
            if d.date is not None and d.precision in ("day", "time"):
                by_day.setdefault(d.date, d.text)
            unresolved = unresolved or (d.date is None and d.weekday is not None)
    parts: list[str] = []
    date_tokens: set[str] = set()
    matched: set[dt.date] = set()
    problem = None
    pos = 0
    for d in dates:
        parts.append(sentence[pos : d.start])
        assert d.date is not None
        own = _tokens(d.text)
        if d.date in by_day:
            date_tokens.update(own)
            matched.add(d.date)
            parts.append(by_day[d.date])
        else:
            parts.append(d.text)
            literal = all(any(t in u.tokset for u in units) for t in own if t[0].isdigit())
            if by_day and not unresolved and not literal and problem is None:
                days = ", ".join(f"{k:%B %-d, %Y}" for k in sorted(by_day)[:4])
                problem = f"the claim's date “{d.text}” is not a day the source states (it has {days})"
        pos = d.end
    parts.append(sentence[pos:])
    return _tokens("".join(parts)), problem, date_tokens, matched


def _claim_sentences(claim: str) -> list[str]:
    """Sentences of a claim (the whole claim when the splitter finds none)."""
    return [claim[s:e] for s, e in split_sentences(claim) or [(0, len(claim))] if claim[s:e].strip()]


def _join(window: Sequence[_Unit]) -> tuple[str, ...]:
    a, b = window[0].tokens, window[1].tokens
    return (a[-1], b[0]) if a and b else ()


class _Index:
    """Token positions of the whole source, for greedy longest-fragment matching."""

    def __init__(self, units: Sequence[_Unit]) -> None:
        self.tokens: list[str] = []
        self.openings: dict[tuple[str, str], list[int]] = defaultdict(list)  # a sentence's first two tokens
        for u in units:
            if len(u.tokens) >= 2:
                self.openings[(u.tokens[0], u.tokens[1])].append(len(self.tokens))
            self.tokens.extend(u.tokens)
            self.tokens.append("\x00")  # fragments do not run across sentences
        self.positions: dict[str, list[int]] = defaultdict(list)
        for p, w in enumerate(self.tokens):
            self.positions[w].append(p)
        self.df: Counter[str] = Counter(w for u in units for w in u.tokset)
        self._running: str | None = None

    def running_text(self) -> str:
        """Every source token in order, space-separated with a space at each end (a quotation may run across
        sentences)."""
        if self._running is None:
            self._running = " " + " ".join(w for w in self.tokens if w != "\x00") + " "
        return self._running

    def _opening(self, ct: Sequence[str]) -> int:
        """The length of the claim's opening run when it is a source sentence's opening words (at least 2) and the
        rest of the claim starts a run of at least 3 later in that same sentence: a compression of one sentence
        that keeps its subject and drops a middle stretch ("The attack [on the base was carried out using a
        missile,] leading to eight injuries"). 0 otherwise."""
        n = len(ct)
        dt = self.tokens
        for p in self.openings.get((ct[0], ct[1]), ()) if n >= 5 else ():
            k = 0
            while k < n and p + k < len(dt) and ct[k] == dt[p + k]:
                k += 1
            if k < 2 or n - k < 3:
                continue
            q = p + k
            while q < len(dt) and dt[q] != "\x00":
                if dt[q : q + 3] == list(ct[k : k + 3]):
                    return k
                q += 1
        return 0

    def fragments(self, ct: Sequence[str]) -> tuple[float, float]:
        """(share of tokens copied in runs of >= 3, extractive density) of a token sequence."""
        n = len(ct)
        if not n:
            return 0.0, 0.0
        i = 0
        long_cover = 0
        density = 0
        dt = self.tokens
        head = self._opening(ct)
        if head:
            i, long_cover, density = head, head, head * head
        while i < n:
            best = 0
            for p in self.positions.get(ct[i], ()):
                k = 0
                while i + k < n and p + k < len(dt) and ct[i + k] == dt[p + k]:
                    k += 1
                best = max(best, k)
            step = max(best, 1)
            if best >= 3:
                long_cover += best
            density += best * best
            i += step
        return long_cover / n, density / (n * n)


def _figures_of(text: str, annotated: Sequence[Sentence]) -> Sequence[NumberMatch]:
    """``find_figures(text)``, read from the figures layer of an annotated sentence whose text is ``text`` when
    there is one (its offsets index that sentence's article: callers here read no offsets)."""
    for sent in annotated:
        if sent.text == text:
            return sent.figures
    return find_figures(text)


def _conflict(sentence: str, window: Sequence[_Unit], annotated: Sequence[Sentence] = ()) -> str | None:
    """A number the claim sentence states differently from the aligned source window, described; else None.
    ``annotated``: sentences whose figures layer stands for the claim sentence's figures (see :func:`_figures_of`)."""
    claim_figs = [f for f in _figures_of(sentence, annotated) if f.value is not None and f.counts]
    if not claim_figs:
        return None
    src_figs: list[NumberMatch] = []
    for u in window:
        src_figs.extend(f for f in u.figures if f.counts)
    for cf in claim_figs:
        same_thing = [sf for sf in src_figs if _head(sf.counts) == _head(cf.counts)]
        if not same_thing:
            continue
        statuses = [same_quantity(cf, sf) for sf in same_thing]
        if CheckStatus.CONTRADICTED in statuses and CheckStatus.SUPPORTED not in statuses:
            other = same_thing[statuses.index(CheckStatus.CONTRADICTED)]
            return f"the claim says “{cf.text}” where the source says “{other.text}”"
    return None


_CAP_WORD = lazy_compile(r"(?<![\w’'])[A-Z][\w’'-]*")
_QUOTED = lazy_compile(r"[“\"]([^”\"]{3,})[”\"]")


def _have(window: Sequence[_Unit]) -> set[str]:
    return set().union(*(u.tokset for u in window)) if window else set()


def _wtext(window: Sequence[_Unit]) -> str:
    return " ".join(u.text[u.start : u.end] for u in window)


def _rule_number_absent(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
                        dates: set[str]) -> str | None:  # fmt: skip
    have = _have(window)
    for tok in ct:
        if (tok[0].isdigit() or tok in _COUNT_WORDS) and tok not in have and tok not in dates:
            return f"the number {_word_for(sentence, tok)} is not in the aligned source text"
    spelled = any(_is_number_word(w) and _tokens(w)[0] not in _COUNT_WORDS for w in tokens(sentence))
    for f in find_figures(sentence) if spelled else ():
        # A count written with a word the token test leaves alone ("one weeks", "at least one rocket"): a figure
        # with something it counts or measures, whose number the aligned text does not have.
        if f.value is None or f.number_start < 0 or f.text.strip() == sentence[f.number_start : f.number_end]:
            continue
        num = _tokens(sentence[f.number_start : f.number_end])
        if num and not any(t in have or t in dates for t in num):
            return f"the number “{sentence[f.number_start : f.number_end]}” is not in the aligned source text"
    return None


def _rule_pronoun(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
                  dates: set[str]) -> str | None:  # fmt: skip
    have = _have(window)
    for gender, other in ((_HE, _SHE), (_SHE, _HE)):
        if any(t in gender for t in ct) and not any(t in gender for t in have) and any(t in other for t in have):
            return "the claim's pronoun does not match the person of the aligned source text"
    # The subject pronoun alone: "She then turned on Saltare, stabbing her" where the source's "He" did it.
    for pronoun, swapped in (("he", "she"), ("she", "he")):
        if pronoun in ct and swapped in have and pronoun not in have:
            return f"the claim's “{pronoun}” is “{swapped}” in the aligned source text"
    return None


def _rule_name(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
               dates: set[str]) -> str | None:  # fmt: skip
    return _new_name(sentence, ct, window, _wtext(window), index, dates)


def _rule_place(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
                dates: set[str]) -> str | None:  # fmt: skip
    return _new_place(sentence, index)


def _rule_quote(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
                dates: set[str]) -> str | None:  # fmt: skip
    """A quotation whose words (as match tokens, so punctuation and casing inside it do not count) are not a run of
    the source's words. The whole source counts, not only the aligned window: quotation marks say whose words these
    are, and a sentence that fuses two source sentences may take its quotation from a third."""
    for q in _QUOTED.finditer(sentence):
        words = _tokens(q.group(1))
        if words and f" {' '.join(words)} " not in index.running_text():
            return f"the quotation “{q.group(1)}” is not verbatim in the source text"
    return None


def _rule_negation(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
                   dates: set[str]) -> str | None:  # fmt: skip
    claim_neg = sum(1 for t in ct if t in _NEGATIONS)
    src_neg = sum(1 for u in window for t in u.tokens if t in _NEGATIONS)
    if claim_neg > src_neg:
        return "the claim negates what the aligned source text states"
    return None


def _rule_negation_reverse(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
                           dates: set[str]) -> str | None:  # fmt: skip
    """The source negates what the claim states: a near-verbatim claim without the window's negation, or a claim
    that joins the two words around a source negation ("were publicly announced" for "were not publicly
    announced")."""
    have = _have(window)
    claim_neg = sum(1 for t in ct if t in _NEGATIONS)
    src_neg = sum(1 for u in window for t in u.tokens if t in _NEGATIONS)
    if src_neg <= claim_neg:
        return None
    near_verbatim = len(window) == 1 and len(ct) >= 0.8 * len(window[0].tokens)
    if not claim_neg and near_verbatim and sum(1 for t in ct if t in have) >= 0.9 * len(ct):
        return "the aligned source text negates what the claim states"
    claim_bigrams = _ngrams(ct, 2)
    for u in window:
        toks = u.tokens
        for i in range(1, len(toks) - 1):
            if toks[i] in _NEGATIONS and toks[i + 1] not in STOPWORDS and (toks[i - 1], toks[i + 1]) in claim_bigrams:
                return f"the claim drops the aligned source text's negation “{toks[i]}”"
    return None


# Quantifier strength: words of one scale; a claim using one the aligned source replaces by another is a distortion.
_QUANTIFIERS = {
    **dict.fromkeys(("all", "every", "each", "entire", "whole"), "all"),
    **dict.fromkeys(("most", "majority"), "most"),
    **dict.fromkeys(("some", "several", "few", "minority"), "some"),
    **dict.fromkeys(("none", "nobody"), "none"),
}
_BOUNDS = lazy_compile(
    r"\b(at least|at most|no more than|no fewer than|no less than|more than|fewer than|less than|up to|exactly|"
    r"over|under|nearly|almost)\s+(?=[\d$£€]|(?:one|two|three|four|five|six|seven|eight|nine|ten|a dozen|dozens|"
    r"hundreds|thousands)\b)",
    re.IGNORECASE,
    first="aeflmnou",
)
_BOUND_CLASS = {
    "at least": "min", "no fewer than": "min", "no less than": "min", "more than": "above", "over": "above",
    "at most": "max", "no more than": "max", "up to": "max", "fewer than": "below", "less than": "below",
    "under": "below", "nearly": "below", "almost": "below", "exactly": "exact",
}  # fmt: skip


def _rule_quantifier(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
                     dates: set[str]) -> str | None:  # fmt: skip
    wtext = _wtext(window)
    claim_q = {_QUANTIFIERS[w] for w in tokens(sentence) if w in _QUANTIFIERS}
    src_q = {_QUANTIFIERS[w] for w in tokens(wtext) if w in _QUANTIFIERS}
    stronger = claim_q - src_q
    if stronger and src_q - claim_q:
        q, other = sorted(stronger)[0], sorted(src_q - claim_q)[0]
        return f"the claim says “{q}” where the aligned source text says “{other}”"
    claim_b = {_BOUND_CLASS[m.group(1).lower()] for m in _BOUNDS.finditer(sentence)}
    src_b = {_BOUND_CLASS[m.group(1).lower()] for m in _BOUNDS.finditer(wtext)}
    if claim_b - src_b and src_b - claim_b:
        c = next(m.group(1) for m in _BOUNDS.finditer(sentence) if _BOUND_CLASS[m.group(1).lower()] not in src_b)
        o = next(m.group(1) for m in _BOUNDS.finditer(wtext) if _BOUND_CLASS[m.group(1).lower()] not in claim_b)
        return f"the claim bounds a figure with “{c}” where the aligned source text says “{o}”"
    return None


# Claim verbs of opposite polarity: a claim that swaps one for the other reverses what the source reports.
_POLAR_PAIRS = [
    ("claim admit accept acknowledge confirm", "deny denied refute reject dispute"),
    ("approve", "reject veto"),
    ("win won", "lose lost"),
    ("convict", "acquit"),
    ("rise rose increase grow grew gain", "fall fell decrease decline drop shrink shrank"),
    ("support", "oppose"),
    ("allow permit", "ban forbid prohibit"),
    ("agree agreed", "refuse refused disagree"),
    ("succeed succeeded success", "fail failed failure"),
    ("guilty", "innocent"),
    ("legal", "illegal"),
    ("improve improved", "worsen worsened deteriorate deteriorated"),
    ("strengthen strengthened", "weaken weakened"),
    ("include included", "exclude excluded"),
    ("survive survived", "die died"),
    ("lift lifted", "impose imposed"),
    ("true", "false"),
]
_POLARITY = {
    t: (i, side) for i, pair in enumerate(_POLAR_PAIRS) for side, words in enumerate(pair) for t in _tokens(words)
}


def _rule_claim_verb(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
                     dates: set[str]) -> str | None:  # fmt: skip
    have = _have(window)
    src = {_POLARITY[t] for t in have if t in _POLARITY}
    for t in ct:
        pol = _POLARITY.get(t)
        if pol is None or t in have:
            continue
        opposite = (pol[0], 1 - pol[1])
        if opposite in src and pol not in src:
            other = next(w for w in sorted(have) if _POLARITY.get(w) == opposite)
            return (
                f"the claim's verb “{_word_for(sentence, t)}” reverses the aligned source text's "
                f"“{_word_for(_wtext(window), other)}”"
            )
    return None


_PASSIVE_AUX = frozenset(_tokens("is are was were be been being get got"))


def _neighbour_table(toks: Sequence[str]) -> list[tuple[str | None, str | None]]:
    """For each position, the nearest content tokens before and after it (None at a sentence edge)."""
    content = [t not in STOPWORDS and not t[0].isdigit() for t in toks]
    before: list[str | None] = []
    last: str | None = None
    for t, c in zip(toks, content, strict=True):
        before.append(last)
        last = t if c else last
    after: list[str | None] = [None] * len(toks)
    last = None
    for i in range(len(toks) - 1, -1, -1):
        after[i] = last
        last = toks[i] if content[i] else last
    return list(zip(before, after, strict=True))


def _passive(toks: Sequence[str], i: int) -> bool:
    return (i > 0 and toks[i - 1] in _PASSIVE_AUX) or (i + 1 < len(toks) and toks[i + 1] == "by")


def _rule_role_swap(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
                    dates: set[str]) -> str | None:  # fmt: skip
    """Who did what to whom reversed: the claim's "X <word> Y" where the aligned source text has "Y <word> X" (X
    and Y the nearest content words on each side of the word, each of the three used once by both, neither side
    passive, the word not a reporting verb): "Spain beat Holland" for "Holland beat Spain", "The suspect arrested
    police" for "Police arrested the suspect"."""
    reporting = paraphrases().reporting
    once = {v for v, n in Counter(ct).items() if n == 1 and v not in STOPWORDS and not v[0].isdigit()}
    claim_sides: list[tuple[str | None, str | None]] | None = None
    for u in window:
        src = u.tokens
        shared = {t for t in once & u.tokset if src.count(t) == 1}
        in_source_order = [t for t in src if t in shared] if len(shared) > 2 else []
        if in_source_order == [t for t in ct if t in shared]:
            continue  # the words both have come in the same order: nothing is the other way round
        src_sides: list[tuple[str | None, str | None]] | None = None
        for v in in_source_order:  # in the source's order: one reason, always
            if v in reporting:
                continue
            claim_sides = claim_sides or _neighbour_table(ct)
            x, y = claim_sides[ct.index(v)]
            if x not in shared or y not in shared or x == y:
                continue
            src_sides = src_sides or _neighbour_table(src)
            i, j = ct.index(v), src.index(v)
            if src_sides[j] != (y, x) or _passive(ct, i) or _passive(src, j):
                continue
            a, b, c = (_word_for(sentence, t) for t in (x, v, y))
            return f"the claim has “{a} … {b} … {c}” where the aligned source text has them the other way round"
    return None


def _word_for(sentence: str, token: str) -> str:
    """The word of ``sentence`` whose match token is ``token`` (the token itself when none is)."""
    words = (m.group() for m in _PLACE_WORDS.finditer(sentence))
    return next((w for w in words if w[0].lower() == token[0] and token in _tokens(w)), token)


_WEEKDAYS = _tokens(" ".join(WEEKDAY_NAMES))
_MONTHS = _tokens(" ".join(m for m in MONTH_NAMES if m != "May"))  # "may" is mostly the verb


def _token_class(t: str) -> str | None:
    """What kind of fact-bearing word a match token is (a person's gender, a weekday, a month, a number), else None."""
    if t in _HE or t in _SHE:
        return "person"
    if t in _WEEKDAYS:
        return "weekday"
    if t in _MONTHS:
        return "month"
    if t[0].isdigit() or t in _COUNT_WORDS:
        return "number"
    return None


def _gender(t: str) -> str:
    return "he" if t in _HE else "she" if t in _SHE else t


def _rule_substitution(sentence: str, ct: Sequence[str], window: Sequence[_Unit], index: _Index,
                       dates: set[str]) -> str | None:  # fmt: skip
    """A near-verbatim copy of one source sentence with one fact-bearing word replaced by another of its kind that
    the sentence also uses elsewhere ("Friday" for "Thursday" in a sentence that names Friday too; "her" for "his"
    beside another "her"), which the presence tests cannot see: the claim has more of the one and fewer of the
    other than the source sentence."""
    if len(window) != 1 or len(ct) < 0.8 * len(window[0].tokens):
        return None
    src = window[0].tokens
    if sum(1 for t in ct if t in window[0].tokset) < 0.9 * len(ct):
        return None
    claim_counts, src_counts = Counter(ct), Counter(src)
    extra = [t for t in claim_counts if claim_counts[t] > src_counts[t] > 0 and _token_class(t) and t not in dates]
    if not extra:
        return None
    missing = [t for t in src_counts if src_counts[t] > claim_counts[t] and _token_class(t)]
    for x in extra:
        for y in missing:
            if _token_class(x) == _token_class(y) and _gender(x) != _gender(y):
                a, b = _word_for(sentence, x), _word_for(_wtext(window), y)
                return f"the claim has “{a}” where the aligned source sentence has “{b}”"
    return None


_RULE_CHECKS = [
    ("number_absent", _rule_number_absent),
    ("pronoun", _rule_pronoun),
    ("name", _rule_name),
    ("place", _rule_place),
    ("quote", _rule_quote),
    ("negation", _rule_negation),
    ("negation_reverse", _rule_negation_reverse),
    ("quantifier", _rule_quantifier),
    ("claim_verb", _rule_claim_verb),
    ("role_swap", _rule_role_swap),
    ("substitution", _rule_substitution),
]
_CONTRADICTING_CHECKS = [(name, check) for name, check in _RULE_CHECKS if name in _CONTRADICTING_RULES]


def _new_name(
    sentence: str,
    ct: Sequence[str],
    window: Sequence[_Unit],
    wtext: str,
    index: _Index,
    dates: AbstractSet[str] = frozenset(),
) -> str | None:
    """A capitalised name in the claim sentence that neither the aligned window nor (for a sentence fused from
    several) the rest of the source names, described; else None."""
    have = set().union(*(u.tokset for u in window)) if window else set()
    near_verbatim_window = len(window) == 1 and len(ct) >= 0.8 * len(window[0].tokens)
    for m in _CAP_WORD.finditer(sentence):
        initial = m.start() == 0 or sentence[: m.start()].rstrip().endswith((".", "“", '"', ":"))
        if initial and not _SPEAKER_NEXT.match(sentence, m.end()):
            continue  # an ordinary sentence-initial word, unless it is a speaker: "X said"
        toks = _tokens(m.group(0))
        if not toks or all(t in STOPWORDS or t in have or t in dates for t in toks):
            continue
        if find_name(m.group(0), wtext):
            continue
        if all(t in index.df for t in toks) and not near_verbatim_window:
            continue  # named elsewhere in the source: a sentence fused from several, not a new name
        where = "the aligned source sentence" if all(t in index.df for t in toks) else "the source text"
        return f"the name “{m.group(0)}” is not in {where}"
    return None


_PLACE_WORDS = lazy_compile(r"[^\W\d_]+(?:[.-][^\W\d_]+)*\.?")


def _new_place(sentence: str, index: _Index) -> str | None:
    """A known place (countries and major cities, :func:`known_places`) named in the claim sentence and nowhere in
    the source, described; else None. Case-independent, so that it also holds where capitals cannot mark names
    (a sentence-initial "Lisbon", a claim written without capitals); in a sentence that has capitals only a
    capitalised mention counts ("turkey" the bird is not Turkey)."""
    places = known_places()
    cased = any(ch.isupper() for ch in sentence)
    found = list(_PLACE_WORDS.finditer(sentence))
    lows = [m.group().lower() for m in found]
    for i, m in enumerate(found):
        if (cased and not m.group()[0].isupper()) or lows[i] in STOPWORDS:
            continue
        for n in (4, 3, 2, 1):
            key = " ".join(lows[i : i + n])
            if i + n > len(found) or key not in places:
                continue
            phrase = sentence[m.start() : found[i + n - 1].end()]
            if not all(t in index.df for t in _tokens(phrase)):
                return f"the place “{phrase}” is not in the source text"
            break
    return None


_COUNT_WORDS = frozenset(
    _tokens("two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty")
)
"""Number words the number rule reads as figures, as match tokens ("three" is "thre")."""
_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_SPEAKER_NEXT = lazy_compile(r"\s+(?:said|says|told|added|stated|announced|reported|confirmed)\b")
_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _head(counts: str | None) -> str:
    words = re.findall(r"[A-Za-z]+", counts or "")
    return singular(words[-1]) if words else ""


def _missing_words(sentence: str, window: Sequence[_Unit]) -> list[str]:
    have = set().union(*(u.tokset for u in window)) if window else set()
    words = re.findall(r"[A-Za-z0-9][\w'’.-]*", sentence)
    out = []
    for w in words:
        toks = _tokens(w)
        if toks and all(t not in have for t in toks) and w.lower() not in STOPWORDS:
            out.append(w)
    return list(dict.fromkeys(out))


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_DEFAULT = LexicalSupportChecker()


def valid_spans(spans: Sequence[Span], articles: Mapping[str, Article]) -> list[Span]:
    """The cited ``spans`` that index their article's text exactly (by source, then offset; duplicates dropped)."""
    return [
        span
        for span in sorted(set(spans), key=lambda s: (s.source, s.start))
        if span.source in articles and articles[span.source].text[span.start : span.end] == span.quote
    ]


def verbatim_support(claim: str, spans: Sequence[Span]) -> SupportResult | None:
    """SUPPORTED with the matching part as evidence when ``claim`` is verbatim a (valid) cited span or a part of one,
    else None: the cheap, strongest case, which no checker needs to judge."""
    stripped = claim.strip()
    for span in spans:
        i = span.quote.find(stripped) if stripped else -1
        if i != -1:
            quote = span.quote[i : i + len(stripped)]
            hit = Span(source=span.source, start=span.start + i, end=span.start + i + len(stripped), quote=quote)
            return SupportResult(
                label=SupportLabel.SUPPORTED, score=1.0, evidence=[hit], reason="verbatim in a cited span"
            )
    return None


def cited_units(spans: Sequence[Span], articles: Mapping[str, Article]) -> list[_Unit]:
    """The source sentences of (valid) cited ``spans``, prepared for :meth:`LexicalSupportChecker.check_units`
    (the articles' annotated sentences, dates resolved against each article's publication date)."""
    units: list[_Unit] = []
    for span in spans:
        units.extend(_article_units(articles[span.source], span))
    return units


def check_support(
    claim: str,
    spans: Sequence[Span],
    articles: Mapping[str, Article],
    *,
    checker: LexicalSupportChecker | None = None,
) -> SupportResult:
    """Does ``claim`` follow from the cited ``spans`` (read from ``articles`` by source id)?

    Returns a :class:`SupportResult` whose evidence spans index the articles' texts. Spans whose source is missing
    from ``articles`` are ignored (an empty set of usable spans gives UNSUPPORTED). Never raises.
    """
    valid = valid_spans(spans, articles)
    verbatim = verbatim_support(claim, valid)
    if verbatim is not None:
        return verbatim
    return (checker or _DEFAULT).check_units(claim, cited_units(valid, articles))


def check_claim(source_text: str, claim: str, *, threshold: float | None = None) -> SupportResult:
    """Does ``claim`` follow from the whole ``source_text``? Evidence spans index ``source_text`` (source "S1")."""
    checker = _DEFAULT if threshold is None else LexicalSupportChecker(threshold=threshold)
    return checker.check(claim, source_text)


def contradiction(source_text: str, claim: str, *, annotated: Sequence[Sentence] = ()) -> str | None:
    """Why :func:`check_claim` labels ``claim`` CONTRADICTED by ``source_text`` (the reason it would give), or None
    when it would not (SUPPORTED or UNSUPPORTED).

    ``annotated``: annotated sentences (a fact's :func:`~summarizer.text.annotate.sentence_of`); a source or claim
    sentence with the text of one of them reads that sentence's figures layer instead of finding its figures again
    (the same figures: the layer is :func:`~summarizer.text.numbers.find_figures` of that text).

    Computes only what that label depends on: each claim sentence's best-aligned source window (one source sentence
    is its own; only several are scored) and the contradicting rules (:data:`_CONTRADICTING_RULES`) on it; not the
    alignment scores, the copy measures or the other rules, which only tell SUPPORTED from UNSUPPORTED. Never
    raises."""
    units = _units(source_text, "S1", 0, ngrams=False)
    claim_sents = [c for c in _claim_sentences(claim) if _tokens(c)]
    if not claim_sents or not units:
        return None
    for sent in annotated:
        for u in units:
            if u._figures is None and u.end - u.start == len(sent.text) and u.text[u.start : u.end] == sent.text:
                u._figures = sent.figures
    index = None
    if len(units) > 1:
        for u in units:
            u.bigrams, u.trigrams = _ngrams(u.tokens, 2), _ngrams(u.tokens, 3)
        index = _Index(units)
    penalty = _DEFAULT.params_in_use().window_penalty
    reasons = []
    for sentence in claim_sents:
        ct, date_hit, date_tokens, _ = _resolve_dates(sentence, units)
        window = units[:1] if index is None else _best_window(ct, units, index, penalty)[1]
        hits = _rule_hits(sentence, ct, window, index, date_hit, date_tokens, _CONTRADICTING_CHECKS, annotated)
        reasons += [f"{why} (in “{_short(sentence)}”)" for name, why in hits.items() if name in _CONTRADICTING_RULES]
    return "; ".join(reasons) or None


def may_contradict(claim: str, *, published: dt.date | None = None, annotated: Sequence[Sentence] = ()) -> bool:
    """Whether the checker could label ``claim`` CONTRADICTED against some source text published on ``published``
    (None: a text without a date, as :func:`check_claim` reads it): only its contradicting rules (``number_conflict``,
    ``quantifier``, ``claim_verb``, ``date`` of :data:`RULES`) do that, and each needs something in the claim to act
    on -- a figure with what it counts, a bound or a quantifier, a claim verb of a polar pair, a day-precision date.
    When this is False the verdict can only be supported or unsupported, so a caller that only needs "not
    contradicted" can skip the check. Reads the rules' own tables; never raises.
    ``annotated``: as for :func:`contradiction`."""
    words = tokens(claim)
    if any(w in _QUANTIFIERS for w in words) or any(t in _POLARITY for t in _tokens(claim)):
        return True
    digit = _DIGIT.search(claim) is not None
    # A figure with a value or a bound needs a digit or a number word; a calendar day needs a digit unless a
    # publication date resolves weekdays and relative days.
    if (digit or any(_is_number_word(w) for w in words)) and (
        _BOUNDS.search(claim) or any(f.value is not None and f.counts for f in _figures_of(claim, annotated))
    ):
        return True
    if not digit and published is None:
        return False
    return any(d.date is not None and d.precision in ("day", "time") for d in find_dates(claim, published))


_DIGIT = lazy_compile(r"\d")


@functools.lru_cache(maxsize=4096)
def _is_number_word(word: str) -> bool:
    return word.isalpha() and parse_number(word) is not None


def check_pairs(rows: Iterable[Mapping[str, Any]], *, threshold: float | None = None) -> Iterator[dict[str, Any]]:
    """For rows ``{"id", "source", "claim"}`` yield ``{"id", "supported", "score", "label", "reason", "evidence":
    [{"start", "end", "quote"}]}`` with offsets into that row's ``source``. Rows missing "source" or "claim" yield
    ``supported: false`` with a reason rather than raising."""
    for row in rows:
        source, claim = row.get("source"), row.get("claim")
        if not isinstance(source, str) or not isinstance(claim, str):
            yield {"id": row.get("id"), "supported": False, "score": 0.0, "label": "unsupported",
                   "reason": "row needs string fields 'source' and 'claim'", "evidence": []}  # fmt: skip
            continue
        result = check_claim(source, claim, threshold=threshold)
        yield {
            "id": row.get("id"),
            "supported": result.supported,
            "score": result.score,
            "label": result.label.value,
            "reason": result.reason,
            "evidence": [{"start": s.start, "end": s.end, "quote": s.quote} for s in result.evidence],
        }
