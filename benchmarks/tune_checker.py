"""Choosing every free parameter of the lexical support checker by grouped cross-validation, and measuring the choice.

The parameters (:class:`summarizer.check.support.LexicalParams`): the four score weights (alignment, copied runs,
extractive density, content coverage; a grid on the simplex in steps of 0.2), the two-sentence window penalty, how
sentence scores aggregate into a claim score (min / mean / blend), the threshold, and which hard rules are on.

:func:`select` is the whole selection procedure on a set of pairs: for each (penalty, aggregate, weights) the best
threshold, then each hard rule switched off if that strictly raises balanced accuracy, then the grid again with
those rules. :func:`nested_cv` runs :func:`select` on the training folds of a 5-fold split grouped by article and
applies the result to the held-out fold, so the cross-validated figure never sees its own fold's tuning.
:func:`rule_flips` counts, on held-out folds, what each rule changes (right -> wrong vs wrong -> right).

Other selection procedures measured the same way (nested CV, 3 seeds, FRANK CNN/DM dev; for the record, not shipped):
the weights selected by inner AUC instead of balanced accuracy 0.722; inner CV repeated over 3 fold seeds 0.723;
the grid without the coverage weight 0.725 (0.728 with penalty 0.03 and "min" fixed); one pre-stated design with
only threshold and rules selected: equal thirds 0.724, align only 0.739, align/copy halves 0.737, a choice among four
such designs 0.735. Only the 0.4/0.4/0.2 weights, which were first chosen on this very file, reach 0.753, so that
figure is not an estimate for unseen data. Features tried and dropped: an in-order (longest common subsequence)
share of the claim, which passes compressions such as "The attack led to eight injuries." but lowers the fixed-weight
figure to 0.714 (FRANK's unfaithful summaries are often such compressions); a number stated elsewhere in the source
left to the score instead of vetoed, 0.716 (threshold-only 0.735).

Tried in the session after (same nested CV, 3 seeds unless said; for the record, nothing of it ships): the weights
fitted by class-balanced logistic regression instead of the grid (L2 strength 0.01 / 1 / 10: 0.718 / 0.720-0.727 /
0.711; far steadier weights across folds, lower in-sample); the top-k grid points' weights averaged (k = 5 / 10 / 20,
6 seeds: 0.719 / 0.723 / 0.719); the grid score smoothed over neighbouring weights 0.704. Features: a claim word the
source lacks replaced by the source's word of the same paraphrase group 0.715 (threshold-only 0.750); copied runs
counted only inside the aligned window 0.710 (0.728); a number absent from the window let through when a source
sentence states it beside a name the claim sentence has 0.715 (0.740). What landed instead (a quotation checked
against the whole source, one-word quotations, a compression's opening counted as copied, subject pronouns, counts
written "one", count words read as match tokens, role swaps, more antonyms, a word swapped for another of its kind
that the sentence also has) moves the shipped parameters from 0.753 in-sample / 0.747 threshold-only to 0.757 / 0.753
(AUC 0.765 -> 0.772) and leaves the nested figure at 0.714-0.715 (0.719-0.720 before, 10 / 3 seeds): the spread
between fold seeds (0.01-0.03) is larger than the differences between these designs, and the score's components
do not separate the remaining errors (on FRANK dev, the claims wrongly passed and those rightly passed have nearly
the same mean alignment, copy, density and coverage), so the 0.74 target stays out of reach of a lexical score.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.check.support import RULES, LexicalParams, LexicalSupportChecker, SentenceFeatures

PENALTIES = (0.0, 0.03, 0.1)
AGGREGATES = ("min", "blend")


def _weights(step: float = 0.2) -> list[tuple[float, float, float, float]]:
    """(align, copy, density, cover) on the simplex in steps of ``step``, density at most 0.2 (larger values were
    never chosen and only widen the search)."""
    n = round(1 / step)
    out = []
    for a, b, c in itertools.product(range(n + 1), repeat=3):
        d = n - a - b - c
        if d >= 0 and c * step <= 0.2 + 1e-9:
            out.append((round(a * step, 2), round(b * step, 2), round(c * step, 2), round(d * step, 2)))
    return out


WEIGHTS = _weights()


@dataclass
class Pair:
    """One labelled pair with its sentences' features under each window penalty."""

    gold: int
    group: str
    features: dict[float, list[SentenceFeatures]]


def featurise(rows: Sequence[dict[str, object]], groups: Sequence[str]) -> list[Pair]:
    """Features of every row under every window penalty (the expensive part, done once)."""
    out = []
    checkers = {p: LexicalSupportChecker(params=LexicalParams(window_penalty=p)) for p in PENALTIES}
    for r, g in zip(rows, groups, strict=True):
        feats = {p: c.text_features(str(r["claim"]), str(r["source"])) for p, c in checkers.items()}
        out.append(Pair(int(str(r["label"])), g, feats))
    return out


def balanced_accuracy(pred: Sequence[bool], gold: Sequence[int]) -> float:
    pos = [p for p, g in zip(pred, gold, strict=True) if g == 1]
    neg = [p for p, g in zip(pred, gold, strict=True) if g == 0]
    tpr = sum(pos) / len(pos) if pos else 0.0
    tnr = sum(not p for p in neg) / len(neg) if neg else 0.0
    return 0.5 * (tpr + tnr)


def _fired(pair: Pair, params: LexicalParams) -> bool:
    return any(name in params.rules for f in pair.features[params.window_penalty] for name in f.hits)


def scores(pairs: Sequence[Pair], params: LexicalParams) -> list[float | None]:
    """Each pair's claim score, None where an enabled hard rule makes it unsupported whatever the score."""
    out: list[float | None] = []
    for p in pairs:
        feats = p.features[params.window_penalty]
        out.append(None if not feats or _fired(p, params) else params.claim_score(feats))
    return out


def predict(pairs: Sequence[Pair], params: LexicalParams) -> list[bool]:
    return [s is not None and s >= params.threshold for s in scores(pairs, params)]


def best_threshold(values: Sequence[float | None], gold: Sequence[int]) -> tuple[float, float]:
    """(threshold, balanced accuracy) maximising balanced accuracy of ``value >= threshold`` (None is never
    supported); one sorted sweep. The threshold is the midpoint between adjacent scores."""
    npos = sum(gold) or 1
    nneg = (len(gold) - sum(gold)) or 1
    ranked = sorted(((v, g) for v, g in zip(values, gold, strict=True) if v is not None), reverse=True)
    tp = fp = 0
    best = (1.01, 0.5 * (0 + 1))  # threshold above every score: nothing supported
    for i, (v, g) in enumerate(ranked):
        tp += g
        fp += 1 - g
        if i + 1 < len(ranked) and ranked[i + 1][0] == v:
            continue
        ba = 0.5 * (tp / npos + (nneg - fp) / nneg)
        nxt = ranked[i + 1][0] if i + 1 < len(ranked) else v - 0.01
        if ba > best[1]:
            best = (round((v + nxt) / 2, 4), ba)
    return best


def auc(values: Sequence[float | None], gold: Sequence[int]) -> float:
    """Area under the ROC curve of ``values`` for ``gold`` (None ranks below every score; ties count half)."""
    ranked = sorted((-1.0 if v is None else v, g) for v, g in zip(values, gold, strict=True))
    npos = sum(gold)
    nneg = len(gold) - npos
    if not npos or not nneg:
        return 0.5
    wins = 0.0
    neg_below = 0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        pos_here = sum(g for _, g in ranked[i:j])
        neg_here = (j - i) - pos_here
        wins += pos_here * (neg_below + 0.5 * neg_here)
        neg_below += neg_here
        i = j
    return wins / (npos * nneg)


def _inner_cv(pairs: Sequence[Pair], params: LexicalParams, folds: Sequence[int], k: int) -> float:
    """Held-out balanced accuracy of ``params`` with the threshold re-chosen on each inner training part."""
    pred = [False] * len(pairs)
    vals = scores(pairs, params)
    gold = [p.gold for p in pairs]
    for f in range(k):
        t, _ = best_threshold([v for v, fo in zip(vals, folds, strict=True) if fo != f],
                              [g for g, fo in zip(gold, folds, strict=True) if fo != f])  # fmt: skip
        for i, fo in enumerate(folds):
            if fo == f:
                v = vals[i]
                pred[i] = v is not None and v >= t
    return balanced_accuracy(pred, gold)


def _grid(pairs: Sequence[Pair], rules: frozenset[str], folds: Sequence[int], k: int) -> LexicalParams:
    """The (penalty, aggregate, weights) with the best inner cross-validated balanced accuracy."""
    best: tuple[LexicalParams, float] | None = None
    for pen in PENALTIES:
        for agg in AGGREGATES:
            for w in WEIGHTS:
                params = LexicalParams(w_align=w[0], w_copy=w[1], w_density=w[2], w_cover=w[3], window_penalty=pen,
                                       aggregate=agg, rules=rules)  # fmt: skip
                ba = _inner_cv(pairs, params, folds, k)
                if best is None or ba > best[1] + 1e-9:
                    best = (params, ba)
    assert best is not None
    return best[0]


def select(pairs: Sequence[Pair], *, k: int = 5) -> tuple[LexicalParams, float]:
    """The selection procedure, every choice made by cross-validation grouped by article inside ``pairs``: the grid
    with every rule on; each hard rule switched off when that strictly raises the inner cross-validated balanced
    accuracy; the grid again with those rules; finally the threshold with the best balanced accuracy on all of
    ``pairs``. Returns the parameters and their inner cross-validated balanced accuracy."""
    folds = _folds(pairs, 1000, k)
    gold = [p.gold for p in pairs]
    params = _grid(pairs, frozenset(RULES), folds, k)
    ba = _inner_cv(pairs, params, folds, k)
    for name in RULES:
        trial = dataclasses.replace(params, rules=params.rules - {name})
        tba = _inner_cv(pairs, trial, folds, k)
        if tba > ba + 1e-9:
            params, ba = trial, tba
    params = _grid(pairs, params.rules, folds, k)
    t, _ = best_threshold(scores(pairs, params), gold)
    return dataclasses.replace(params, threshold=t), _inner_cv(pairs, params, folds, k)


def _folds(pairs: Sequence[Pair], seed: int, k: int) -> list[int]:
    names = sorted({p.group for p in pairs})
    random.Random(seed).shuffle(names)
    fold = {g: i % k for i, g in enumerate(names)}
    return [fold[p.group] for p in pairs]


def nested_cv(
    pairs: Sequence[Pair], *, k: int = 5, seeds: int = 3
) -> tuple[float, float, list[tuple[list[bool], list[LexicalParams], list[int]]]]:
    """Mean and range of held-out balanced accuracy over ``seeds`` grouped k-fold splits, the whole of
    :func:`select` re-run on each training part; also each split's held-out predictions, chosen params and folds."""
    results = []
    runs = []
    gold = [p.gold for p in pairs]
    for seed in range(seeds):
        folds = _folds(pairs, seed, k)
        pred = [False] * len(pairs)
        chosen = []
        for f in range(k):
            train = [p for p, fo in zip(pairs, folds, strict=True) if fo != f]
            params, _ = select(train)
            chosen.append(params)
            test_idx = [i for i, fo in enumerate(folds) if fo == f]
            for i, ok in zip(test_idx, predict([pairs[i] for i in test_idx], params), strict=True):
                pred[i] = ok
        results.append(balanced_accuracy(pred, gold))
        runs.append((pred, chosen, folds))
    return sum(results) / len(results), max(results) - min(results), runs


def rule_flips(
    pairs: Sequence[Pair], runs: Sequence[tuple[list[bool], list[LexicalParams], list[int]]]
) -> dict[str, tuple[int, int, int]]:
    """Per rule, summed over the held-out folds of every split: (pairs it changes, right -> wrong, wrong -> right)
    when the rule is switched on against the fold's chosen parameters with that rule off."""
    out = {name: [0, 0, 0] for name in RULES}
    for _, chosen, folds in runs:
        for f, params in enumerate(chosen):
            held = [p for p, fo in zip(pairs, folds, strict=True) if fo == f]
            for name in RULES:
                off = predict(held, dataclasses.replace(params, rules=params.rules - {name}))
                on = predict(held, dataclasses.replace(params, rules=params.rules | {name}))
                for p, a, b in zip(held, off, on, strict=True):
                    if a != b:
                        out[name][0] += 1
                        if (a == bool(p.gold)) and b != bool(p.gold):
                            out[name][1] += 1
                        elif b == bool(p.gold):
                            out[name][2] += 1
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}
