"""Detection and false-flag rates of the verify stage on FactCC-style corruptions of real sentences.

For each body sentence of the example articles (and of FRANK source articles when present), every corruption kind of
:mod:`summarizer.perturb` is applied; the corrupted sentence is then checked against its article by the
sentence-support checker (``check_claim``), and the changed value by the matching field check of
:mod:`~summarizer.check.verify`. Prints, per kind, how many were caught, and how often the untouched originals
were wrongly flagged.

    .venv/bin/python benchmarks/perturbation_rates.py [--frank N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from perturb import KINDS, perturbations

from summarizer.check.support import check_claim
from summarizer.text.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]
FRANK = ROOT.parent / "shared" / "eval" / "frank_cnndm_valid.jsonl"


def _texts(frank: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    if frank and FRANK.exists():
        seen: set[str] = set()
        for line in FRANK.read_text(encoding="utf-8").splitlines():
            src = json.loads(line)["source"]
            if src not in seen:
                seen.add(src)
                texts.append(src)
            if len(seen) >= frank:
                break
    return texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frank", type=int, default=20, help="how many FRANK source articles to add (0 for none)")
    args = ap.parse_args()
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    originals = flagged = 0
    for text in _texts(args.frank):
        for s, e in split_sentences(text):
            sentence = text[s:e]
            if len(sentence.split()) < 6:
                continue
            originals += 1
            if not check_claim(text, sentence).supported:
                flagged += 1
            for p in perturbations(sentence):
                total[p.kind] += 1
                if not check_claim(text, p.text).supported:
                    caught[p.kind] += 1
    print(
        f"untouched original sentences: {originals}, wrongly flagged: {flagged} "
        f"(false-flag rate {flagged / max(1, originals):.1%})"
    )
    print(f"{'kind':<12} {'corrupted':>9} {'caught':>7} {'detection':>9}")
    for kind in KINDS:
        print(f"{kind:<12} {total[kind]:>9} {caught[kind]:>7} {caught[kind] / max(1, total[kind]):>9.1%}")
    all_total, all_caught = sum(total.values()), sum(caught.values())
    print(f"{'all':<12} {all_total:>9} {all_caught:>7} {all_caught / max(1, all_total):>9.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
