"""Choosing every free parameter of the lexical support checker by grouped cross-validation, and measuring the choice.

The parameters (:class:`summarizer.check.support.LexicalParams`): the weights of three score components (alignment
of the best window, share copied in runs, extractive density; each taken as its minimum over the claim's sentences,
``aggregate="min_each"``), the two-sentence window penalty, the threshold, and which hard rules are on.

:func:`select` is the whole selection procedure on a set of pairs: the weights are fitted by class-balanced
L2-regularised logistic regression (:func:`fit_logistic`, on the pairs no enabled rule vetoes, scaled to sum to 1;
:func:`fit` adds the best threshold), so the only choices left to search are few: the (L2 strength, window penalty)
of :data:`L2_STRENGTHS` x :data:`PENALTIES` by grouped inner cross-validation with every rule on, then each hard
rule switched off if that strictly raises the inner figure, then the (L2 strength, penalty) again. :func:`nested_cv`
runs :func:`select` on the training folds of a 5-fold split grouped by article and applies the result to the
held-out fold, so the cross-validated figure never sees its own fold's tuning. :func:`rule_flips` counts, on
held-out folds, what each rule changes (right -> wrong vs wrong -> right).

Measured (FRANK CNN/DM dev, nested CV, 10 fold seeds): this procedure 0.740 (range 0.018; seeds 0-4 0.739),
in-sample 0.756. The grid it replaced (126 weight points x 3 penalties x 2 aggregations, the threshold per point)
0.714-0.715 against 0.760 in-sample: with 756 settings chosen per fold, selection noise was most of the gap. Also
measured in the session that made this change (nested CV, 5-10 seeds): the same logistic procedure with the window
penalty fixed at 0.03 0.743, and with the rules also all fixed on 0.747 (both leave a parameter unselected, so not
the headline); the coverage component added as a fourth feature 0.725-0.730; the novel-word or novel-bigram share
of the claim sentence against its aligned window (the highest novel share over the sentences) added 0.720-0.724;
repeated trigrams across the claim's sentences and the share of two-sentence windows added 0.713-0.724; all of
these features together 0.696-0.722; the mean alignment and copy beside the minima 0.727-0.741. Each feature alone
has an in-sample AUC close to the three kept (0.73-0.77), and none adds to them out of fold. The inner
cross-validation averaged over 3 fold seeds instead of 1 (to steady the choices): 0.739 (range 0.022), no better.

Earlier selection procedures measured the same way (nested CV, 3 seeds, FRANK CNN/DM dev; for the record, not shipped):
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
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.check.support import RULES, LexicalParams, LexicalSupportChecker, SentenceFeatures


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


COMPONENTS = ("align", "copy", "density")
L2_STRENGTHS = (1.0, 10.0, 50.0)
PENALTIES = (0.0, 0.03, 0.1)


def _components(pair: Pair, penalty: float) -> list[float]:
    """The claim's score components: each one's minimum over the claim's sentences (``aggregate="min_each"``)."""
    feats = pair.features[penalty]
    return [min(getattr(f, c) for f in feats) for c in COMPONENTS] if feats else [0.0] * len(COMPONENTS)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """``a x = b`` by Gaussian elimination with partial pivoting (a small dense system)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for j in range(c, n + 1):
                m[r][j] -= f * m[c][j]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][j] * x[j] for j in range(r + 1, n))) / m[r][r]
    return x


def fit_logistic(xs: Sequence[Sequence[float]], ys: Sequence[int], l2: float) -> tuple[list[float], float]:
    """Class-balanced L2-regularised logistic regression (Newton's method) on standardised features; returns the
    weights and intercept on the raw features."""
    n, d = len(xs), len(xs[0])
    mu = [sum(x[j] for x in xs) / n for j in range(d)]
    sd = [max(1e-9, math.sqrt(sum((x[j] - mu[j]) ** 2 for x in xs) / n)) for j in range(d)]
    zs = [[(x[j] - mu[j]) / sd[j] for j in range(d)] + [1.0] for x in xs]
    pos = sum(ys) / n
    cw = [0.5 / pos if y else 0.5 / (1 - pos) for y in ys]
    w = [0.0] * (d + 1)
    for _ in range(50):
        grad = [l2 * w[j] if j < d else 0.0 for j in range(d + 1)]
        hess = [[(l2 if i == j and i < d else 0.0) for j in range(d + 1)] for i in range(d + 1)]
        for z, y, c in zip(zs, ys, cw, strict=True):
            t = sum(a * b for a, b in zip(w, z, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, t))))
            for i in range(d + 1):
                grad[i] += c * (p - y) * z[i]
                for j in range(d + 1):
                    hess[i][j] += c * p * (1 - p) * z[i] * z[j]
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(x) for x in step) < 1e-8:
            break
    raw = [w[j] / sd[j] for j in range(d)]
    return raw, w[d] - sum(raw[j] * mu[j] for j in range(d))


def fit(pairs: Sequence[Pair], rules: frozenset[str], l2: float, penalty: float) -> LexicalParams:
    """The parameters the logistic fit gives on ``pairs`` (those no enabled rule vetoes): its weights scaled to sum
    to 1 (so the score stays in [0, 1]), the best threshold on ``pairs``."""
    base = LexicalParams(window_penalty=penalty, aggregate="min_each", rules=rules)
    kept = [p for p in pairs if p.features[penalty] and not _fired(p, base)]
    if len({p.gold for p in kept}) < 2:
        return dataclasses.replace(base, w_align=1.0, w_copy=0.0, w_density=0.0)
    w, _ = fit_logistic([_components(p, penalty) for p in kept], [p.gold for p in kept], l2)
    total = sum(w)
    if total <= 0 or min(w) < 0:
        w = [max(0.0, x) for x in w]
        total = sum(w) or 1.0
    w = [round(x / total, 4) for x in w]
    params = dataclasses.replace(base, w_align=w[0], w_copy=w[1], w_density=w[2], w_cover=0.0)
    t, _ = best_threshold(scores(pairs, params), [p.gold for p in pairs])
    return dataclasses.replace(params, threshold=t)


def _inner_cv(pairs: Sequence[Pair], rules: frozenset[str], setting: tuple[float, float], folds: Sequence[int],
              k: int) -> float:  # fmt: skip
    """Held-out balanced accuracy of :func:`fit` (weights and threshold) re-run on each inner training part."""
    pred = [False] * len(pairs)
    for f in range(k):
        train = [p for p, fo in zip(pairs, folds, strict=True) if fo != f]
        idx = [i for i, fo in enumerate(folds) if fo == f]
        for i, ok in zip(idx, predict([pairs[i] for i in idx], fit(train, rules, *setting)), strict=True):
            pred[i] = ok
    return balanced_accuracy(pred, [p.gold for p in pairs])


def select(pairs: Sequence[Pair], *, k: int = 5) -> tuple[LexicalParams, float]:
    """The selection procedure, every choice made by cross-validation grouped by article inside ``pairs``: the
    (L2 strength, window penalty) with every rule on; each hard rule switched off when that strictly raises the
    inner cross-validated balanced accuracy; the (L2 strength, window penalty) again with those rules; finally the
    weights and threshold fitted on all of ``pairs``. Returns the parameters and their inner cross-validated
    balanced accuracy."""
    folds = _folds(pairs, 1000, k)
    rules = frozenset(RULES)

    def best_setting(rules: frozenset[str]) -> tuple[tuple[float, float], float]:
        settings = [(l2, pen) for l2 in L2_STRENGTHS for pen in PENALTIES]
        return max(((s, _inner_cv(pairs, rules, s, folds, k)) for s in settings), key=lambda r: r[1])

    setting, ba = best_setting(rules)
    for name in RULES:
        trial = rules - {name}
        tba = _inner_cv(pairs, trial, setting, folds, k)
        if tba > ba + 1e-9:
            rules, ba = trial, tba
    setting, ba = best_setting(rules)
    return fit(pairs, rules, *setting), ba


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
