"""Cross-source corroboration on hand-labelled NeuS pairs: does the brief cite every outlet stating a sentence's fact?

``../shared/eval/neus_corroboration_val.jsonl`` holds 502 pairs from 40 NeuS val clusters: a sentence of outlet X,
another outlet Y of the same cluster, and whether Y states the same central claim (label 2), something related (1)
or nothing (0). Each cluster is briefed with the local engine (articles written as ``title\\n\\ntext`` in A, B, C
order, as ``neus_rouge.py`` does); each labelled sentence is matched to the brief sentence that cites it (its own
sentence, or a restatement that cites its span), and the brief's claim "Y states this too" (Y among the sentence's
cited sources) is scored against the label:

* positives are label 2;
* label 1 (related, partial) is reported both ways: *strict* counts it as a negative (citing Y for a related-only
  sentence is a false positive), *lenient* leaves it out of precision's denominator;
* recall is over the label-2 pairs whose sentence is in the brief (``covered``); pairs whose sentence the brief left
  out are counted apart.

Also printed: the share of brief sentences citing at least two sources.

Two parameters of :mod:`summarizer.story.match` are tuned on this data: the match threshold (``MATCH_THRESHOLD``)
and the number of shared core words a match needs (``MIN_CORE_TERMS``). The headline figure is cross-validated by
cluster (``--folds``, default 5): for each fold the setting of both that maximises strict F1 on the other folds is
applied to the held-out fold, and the held-out counts are summed. The in-sample figure at the shipped setting is
printed beside it. Every run is serial and uncached (the result cache keys on the code, not on these module
settings).

    python benchmarks/corroboration.py                  # shipped setting + 5-fold CV over the grid
    python benchmarks/corroboration.py --no-cv          # shipped setting only (what main measures)
    python benchmarks/corroboration.py --no-cv --errors # ... with each false positive and missed agreement
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import EVAL

OUTLETS = "ABC"
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def _same_sentence(label_sentence: str, quote: str) -> bool:
    """The brief's span is the labelled sentence (the splitters may differ at the edges)."""
    a, b = _norm(label_sentence), _norm(quote)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return short in long and len(short) >= 0.6 * len(long)


@dataclass
class Counts:
    tp: int = 0
    fp_related: int = 0  # cited Y, label 1
    fp_none: int = 0  # cited Y, label 0
    fn: int = 0  # label 2, not cited
    uncovered_pos: int = 0  # label 2, sentence not in the brief
    covered: int = 0
    rows: int = 0
    sentences: int = 0
    multi: int = 0
    errors: list[str] = field(default_factory=list)  # one line per false positive / false negative (``--errors``)

    def add(self, other: Counts) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def prf(self, *, strict: bool) -> tuple[float, float, float]:
        fp = self.fp_none + (self.fp_related if strict else 0)
        p = self.tp / (self.tp + fp) if self.tp + fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class _Sentence:
    outlet_sources: dict[str, str]  # outlet letter of each cited source
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (outlet, quote) per citation


def brief_cluster(cluster: dict, tmp: Path) -> list[_Sentence]:
    """The brief's sentences (facts and context) of one cluster, citations mapped to outlets A, B, C."""
    from summarizer import brief
    from summarizer.engines.base import EngineSettings

    paths = []
    for i, art in enumerate(cluster["articles"]):
        p = tmp / f"{cluster['id']}_{OUTLETS[i]}.txt"
        p.write_text(f"{art['title']}\n\n{art['text']}\n", encoding="utf-8")
        paths.append(str(p))
    b = brief(paths, engine="local", settings=EngineSettings(no_cache=True), jobs=1)
    outlet_of = {s.id: OUTLETS[paths.index(s.path)] for s in b.sources}
    out = []
    for story in b.stories:
        for s in [*story.sentences, *story.context]:
            sent = _Sentence(outlet_sources={outlet_of[c.source]: c.source for c in s.citations})
            sent.quotes = [(outlet_of[c.source], c.quote) for c in s.citations]
            out.append(sent)
    return out


def score_cluster(sentences: Sequence[_Sentence], rows: Sequence[dict]) -> Counts:
    counts = Counts(sentences=len(sentences), multi=sum(len(s.outlet_sources) >= 2 for s in sentences))
    for row in rows:
        counts.rows += 1
        # The brief sentence that carries the labelled sentence: its own (first citation) preferred to a restatement.
        owner = None
        for s in sentences:
            if s.quotes and s.quotes[0][0] == row["outlet"] and _same_sentence(row["sentence"], s.quotes[0][1]):
                owner = s
                break
        if owner is None:
            owner = next(
                (
                    s
                    for s in sentences
                    if any(o == row["outlet"] and _same_sentence(row["sentence"], q) for o, q in s.quotes)
                ),
                None,
            )
        if owner is None:
            counts.uncovered_pos += row["label"] == 2
            continue
        counts.covered += 1
        cited = row["other_outlet"] in owner.outlet_sources
        if row["label"] == 2:
            if cited:
                counts.tp += 1
            else:
                counts.fn += 1
                counts.errors.append(_error("FN", row, row["same_claim_in_other"]))
        elif cited:
            if row["label"] == 1:
                counts.fp_related += 1
            else:
                counts.fp_none += 1
            quotes = [q for o, q in owner.quotes if o == row["other_outlet"]]
            counts.errors.append(_error(f"FP (label {row['label']})", row, quotes))
    return counts


def _error(kind: str, row: dict, other: Sequence[str]) -> str:
    """One pair-level error: the labelled sentence and the other outlet's sentences (the gold ones for a miss, the
    cited ones for a false citation)."""
    lines = [f"  {kind} {row['cluster']} {row['outlet']} -> {row['other_outlet']}: {row['sentence']}"]
    lines += [f"      {'gold' if kind == 'FN' else 'cited'}: {t}" for t in other]
    return "\n".join(lines)


def load(data: Path, corpus: Path) -> tuple[dict[str, dict], dict[str, list[dict]]]:
    rows: dict[str, list[dict]] = defaultdict(list)
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            rows[r["cluster"]].append(r)
    clusters = {}
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            c = json.loads(line)
            if c["id"] in rows:
                clusters[c["id"]] = c
    return clusters, rows


Setting = tuple[float, int]  # (MATCH_THRESHOLD, MIN_CORE_TERMS)


@contextmanager
def _setting(value: Setting | None) -> Iterator[None]:
    """Run with the matcher's threshold and core-word minimum set to ``value`` (None: as shipped)."""
    if value is None:
        yield
        return
    from summarizer.story import match

    old = match.MATCH_THRESHOLD, match.MIN_CORE_TERMS
    match.MATCH_THRESHOLD, match.MIN_CORE_TERMS = value
    try:
        yield
    finally:
        match.MATCH_THRESHOLD, match.MIN_CORE_TERMS = old


def run(clusters: dict[str, dict], rows: dict[str, list[dict]], setting: Setting | None) -> dict[str, Counts]:
    out = {}
    with tempfile.TemporaryDirectory() as tmp, _setting(setting):
        for cid, cluster in clusters.items():
            out[cid] = score_cluster(brief_cluster(cluster, Path(tmp)), rows[cid])
    return out


def _total(per: dict[str, Counts], ids: Sequence[str]) -> Counts:
    t = Counts()
    for i in ids:
        t.add(per[i])
    return t


def _line(name: str, c: Counts) -> str:
    ps, rs, fs = c.prf(strict=True)
    pl, _, fl = c.prf(strict=False)
    return (
        f"  {name:28s} precision {ps:.2f} (lenient {pl:.2f})  recall {rs:.2f}  F1 {fs:.2f} (lenient {fl:.2f})  "
        f"[tp {c.tp}, fp {c.fp_none}+{c.fp_related} related, fn {c.fn}]"
    )


def cross_validate(per_setting: dict[Setting, dict[str, Counts]], ids: Sequence[str], folds: int) -> Counts:
    """Held-out counts: each fold at the setting that maximises strict F1 on the other folds (ties: the lower
    threshold, then the smaller core minimum)."""
    held = Counts()
    for k in range(folds):
        test = [c for n, c in enumerate(ids) if n % folds == k]
        train = [c for n, c in enumerate(ids) if n % folds != k]
        best = max(per_setting, key=lambda s: (_total(per_setting[s], train).prf(strict=True)[2], -s[0], -s[1]))
        print(f"    fold {k}: threshold {best[0]:.2f}, core words {best[1]}")
        held.add(_total(per_setting[best], test))
    return held


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=EVAL / "neus_corroboration_val.jsonl")
    ap.add_argument("--corpus", type=Path, default=EVAL / "neus_val.jsonl")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-cv", action="store_true", help="only the shipped setting")
    ap.add_argument("--errors", action="store_true", help="print the pair-level errors at the shipped setting")
    ap.add_argument("--grid", type=float, nargs="*", default=[0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5])
    ap.add_argument("--core-grid", type=int, nargs="*", default=[0, 1, 2, 3, 4])
    args = ap.parse_args()
    clusters, rows = load(args.data, args.corpus)
    ids = sorted(clusters, key=lambda c: int(c.rsplit("_", 1)[-1]))
    shipped = run(clusters, rows, None)
    total = _total(shipped, ids)
    print(f"NeuS corroboration pairs: {total.rows} from {len(ids)} clusters; covered by the brief: {total.covered}")
    print(f"  label-2 pairs whose sentence is not in the brief: {total.uncovered_pos}")
    print(
        f"  brief sentences citing >= 2 sources: {total.multi}/{total.sentences} "
        f"({100 * total.multi / max(1, total.sentences):.1f}%)"
    )
    print(_line("in-sample (shipped)", total))
    if args.errors:
        print("\n".join(total.errors))
    try:
        from summarizer.story import match  # noqa: F401
    except ImportError:
        print("  (no summarizer.story.match: no threshold to cross-validate)")
        return
    if args.no_cv:
        return
    grid = [(t, c) for c in args.core_grid for t in args.grid]
    per_setting = {s: run(clusters, rows, s) for s in grid}
    for t, c in grid:
        print(_line(f"in-sample threshold {t:.2f} core {c}", _total(per_setting[(t, c)], ids)))
    held = cross_validate(per_setting, ids, args.folds)
    print(_line(f"{args.folds}-fold CV by cluster (headline)", held))


if __name__ == "__main__":
    main()
