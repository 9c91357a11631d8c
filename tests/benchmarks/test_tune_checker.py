"""Tests for benchmarks/tune_checker.py: the logistic fit of the lexical checker's weights and the selection
procedure around it."""

from __future__ import annotations

import random

from tune_checker import PENALTIES, Pair, fit, fit_logistic, nested_cv, select

from summarizer.check.support import RULES, SentenceFeatures


def _pair(gold: int, group: str, align: float, copy: float, density: float, hits: dict[str, str] | None = None) -> Pair:
    feats = [SentenceFeatures("s", (), align, copy, density, 1.0, dict(hits or {}))]
    return Pair(gold, group, dict.fromkeys(PENALTIES, feats))


def _pairs(n: int = 80, seed: int = 0) -> list[Pair]:
    """Supported pairs align well and copy a lot; density is noise."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        gold = i % 2
        align = rng.uniform(0.6, 1.0) if gold else rng.uniform(0.2, 0.7)
        copy = rng.uniform(0.5, 1.0) if gold else rng.uniform(0.2, 0.8)
        out.append(_pair(gold, f"article{i // 4}", align, copy, rng.uniform(0.0, 1.0)))
    return out


def test_fit_logistic_gives_the_informative_feature_the_positive_weight() -> None:
    rng = random.Random(1)
    xs = [[rng.uniform(0, 1), rng.uniform(0, 1)] for _ in range(200)]
    ys = [int(x[0] + 0.1 * rng.gauss(0, 1) > 0.5) for x in xs]
    w, _ = fit_logistic(xs, ys, l2=1.0)
    assert w[0] > 5 * abs(w[1])
    assert w[0] > 0


def test_fit_scales_weights_to_sum_to_one_and_sets_a_threshold_that_separates() -> None:
    pairs = _pairs()
    params = fit(pairs, frozenset(RULES), 1.0, 0.03)
    assert params.aggregate == "min_each"
    assert abs(params.w_align + params.w_copy + params.w_density - 1.0) < 1e-3
    assert min(params.w_align, params.w_copy, params.w_density) >= 0
    assert params.w_align > params.w_density
    assert 0.0 < params.threshold < 1.0


def test_a_pair_a_rule_vetoes_is_left_out_of_the_fit_and_predicted_unsupported() -> None:
    pairs = [*_pairs(), _pair(1, "vetoed", 1.0, 1.0, 1.0, {"name": "a new name"})]
    params = fit(pairs, frozenset(RULES), 1.0, 0.03)
    assert params.claim_score(pairs[-1].features[0.03]) >= params.threshold  # the score alone would pass it
    from tune_checker import predict

    assert predict(pairs[-1:], params) == [False]


def test_select_and_nested_cv_run_on_a_small_sample_and_beat_chance() -> None:
    pairs = _pairs(100)
    params, inner = select(pairs)
    assert inner > 0.6
    assert params.rules <= frozenset(RULES)
    mean, spread, runs = nested_cv(pairs, seeds=1)
    assert mean > 0.6
    assert spread == 0.0
    assert len(runs) == 1
