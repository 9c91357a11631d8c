"""Sparse term vectors: the one TF-IDF weighting and cosine similarity of the package.

Owns :func:`idf` (smoothed inverse document frequency over a set of term bags), :func:`tfidf` (term bag -> unit-length
TF-IDF vector, raw or sublinear term frequency) and :func:`dot` (the cosine of two unit-length vectors). Composition
(centrality, corroboration, redundancy) and grouping (article openings) both weigh terms with these, so a term
counts the same way in both.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

Vector = dict[str, float]


def idf(bags: Iterable[Mapping[str, object]]) -> dict[str, float]:
    """Smoothed IDF of every term of ``bags``: ``log((n + 1) / (df + 0.5)) + 1`` (n = number of bags)."""
    df: Counter[str] = Counter()
    n = 0
    for bag in bags:
        df.update(bag.keys())
        n += 1
    return {t: math.log((n + 1) / (c + 0.5)) + 1.0 for t, c in df.items()}


def unit(vec: Mapping[str, float]) -> Vector:
    """``vec`` scaled to unit length ({} for the zero vector)."""
    length = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / length for k, v in vec.items()} if length else {}


def tfidf(counts: Mapping[str, int], weights: Mapping[str, float], *, sublinear: bool = False) -> Vector:
    """Unit-length TF-IDF vector of a term bag; ``sublinear`` uses ``1 + log(tf)``; a term without a weight gets 1."""
    if sublinear:
        return unit({k: (1 + math.log(v)) * weights.get(k, 1.0) for k, v in counts.items()})
    return unit({k: v * weights.get(k, 1.0) for k, v in counts.items()})


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors (their cosine when both have unit length); linear in the smaller one."""
    if len(a) > len(b):
        a, b = b, a
    return sum([v * b[k] for k, v in a.items() if k in b])
