"""Detection and false-flag rates of the verify stage on FactCC-style corruptions of real sentences.

For each body sentence of the example articles (and of FRANK source articles when present), every corruption kind of
:mod:`summarizer.perturb` is applied; the corrupted sentence is then checked against its article by the
sentence-support checker (``check_claim``), and the changed value by the matching field check of
:mod:`~summarizer.check.verify`. Prints, per kind, how many were caught, and how often the untouched originals
were wrongly flagged, both verbatim and rewritten by :mod:`paraphrase` (meaning-preserving rewrites: attribution
moved, a fronted clause moved to the end, a simple passive made active, a near-synonym, a discourse word dropped), so
that the false-flag rate can fail the way it does on a writer's sentences.

How the corruptions are kept apart from the checker: ``perturb.py`` and ``paraphrase.py`` live in ``benchmarks/``,
import nothing from ``summarizer.check`` (only the text layer's date and number finders, to locate what to
corrupt), were written from the corruption kinds of FactCC (Kryscinski et al. 2020) rather than from the checker's
rules, and are not tuned on its verdicts; ``tests/benchmarks/test_perturb.py`` pins their output. The checker never
imports them.

    .venv/bin/python benchmarks/perturbation_rates.py [--frank N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from paraphrase import KINDS as PARAPHRASE_KINDS
from paraphrase import paraphrases
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
    ap.add_argument("--show", type=int, default=0, help="print this many flagged paraphrases")
    args = ap.parse_args()
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    originals = flagged = 0
    para_total: Counter[str] = Counter()
    para_flagged: Counter[str] = Counter()
    examples: list[str] = []
    for text in _texts(args.frank):
        for s, e in split_sentences(text):
            sentence = text[s:e]
            if len(sentence.split()) < 6:
                continue
            originals += 1
            if not check_claim(text, sentence).supported:
                flagged += 1
            for q in paraphrases(sentence):
                para_total[q.kind] += 1
                if not check_claim(text, q.text).supported:
                    para_flagged[q.kind] += 1
                    if len(examples) < args.show:
                        examples.append(f"  [{q.kind}] {q.text}")
            for p in perturbations(sentence):
                total[p.kind] += 1
                if not check_claim(text, p.text).supported:
                    caught[p.kind] += 1
    print(
        f"untouched original sentences: {originals}, wrongly flagged: {flagged} "
        f"(false-flag rate {flagged / max(1, originals):.1%})"
    )
    pt, pf = sum(para_total.values()), sum(para_flagged.values())
    print(f"paraphrased originals: {pt}, wrongly flagged: {pf} (false-flag rate {pf / max(1, pt):.1%})")
    for kind in PARAPHRASE_KINDS:
        n, f = para_total[kind], para_flagged[kind]
        print(f"  {kind:<12} {n:>5} flagged {f:>4} ({f / max(1, n):.1%})")
    vt, vf = originals + pt, flagged + pf
    print(f"all originals (verbatim + paraphrased): {vt}, wrongly flagged {vf} ({vf / max(1, vt):.1%})")
    print("\n".join(examples))
    print(f"{'kind':<12} {'corrupted':>9} {'caught':>7} {'detection':>9}")
    for kind in KINDS:
        print(f"{kind:<12} {total[kind]:>9} {caught[kind]:>7} {caught[kind] / max(1, total[kind]):>9.1%}")
    all_total, all_caught = sum(total.values()), sum(caught.values())
    print(f"{'all':<12} {all_total:>9} {all_caught:>7} {all_caught / max(1, all_total):>9.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
