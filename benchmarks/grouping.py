"""Story grouping on NeuS val: one event told by three outlets should be one story; different events, different stories.

* **alone**: each cluster (three outlets, one story) is briefed by itself; the share that comes out as ONE story
  (every article in the same story) is reported.
* **mixes**: random mixes of 2-5 clusters (fixed seed) are briefed together; over all article pairs, *same-story pair
  recall* is the share of same-cluster pairs put in one story, and *cross-story separation* the share of
  different-cluster pairs kept apart.

Figures are printed for the even-numbered clusters (the half grouping was tuned on) and the odd-numbered ones (held
out), and for all of them.

    python benchmarks/grouping.py                  # all 307 clusters alone, 150 mixes
    python benchmarks/grouping.py --mixes 50 --limit 100
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import EVAL


def _story_of(clusters: Sequence[dict], tmp: Path, tag: str) -> list[tuple[str, int]]:
    """(cluster id, story index) for every article of ``clusters`` briefed together."""
    from summarizer import brief

    paths, owners = [], []
    for c in clusters:
        for i, art in enumerate(c["articles"]):
            p = tmp / f"{tag}_{c['id']}_{i}.txt"
            p.write_text(f"{art['title']}\n\n{art['text']}\n", encoding="utf-8")
            paths.append(str(p))
            owners.append(c["id"])
    b = brief(paths, engine="local")
    sid_of_path = {s.path: s.id for s in b.sources}
    story_of: dict[str, int] = {}
    for k, story in enumerate(b.stories):
        for sid in story.sources:
            story_of.setdefault(sid, k)
    out = []
    for n, (p, owner) in enumerate(zip(paths, owners, strict=True)):
        sid = sid_of_path.get(p)
        out.append((owner, story_of.get(sid, -1 - n) if sid else -1 - n))  # no story: a story of its own
    return out


def alone(clusters: Sequence[dict], tmp: Path) -> dict[str, bool]:
    return {c["id"]: len({s for _, s in _story_of([c], tmp, "alone")}) == 1 for c in clusters}


def mixes(clusters: Sequence[dict], n_mixes: int, tmp: Path, seed: int = 0) -> tuple[int, int, int, int]:
    """(same-cluster pairs together, same-cluster pairs, cross pairs apart, cross pairs)."""
    rng = random.Random(seed)
    same_ok = same = cross_ok = cross = 0
    for m in range(n_mixes):
        pick = rng.sample(list(clusters), rng.randint(2, 5))
        assigned = _story_of(pick, tmp, f"mix{m}")
        for (ca, sa), (cb, sb) in itertools.combinations(assigned, 2):
            if ca == cb:
                same += 1
                same_ok += sa == sb
            else:
                cross += 1
                cross_ok += sa != sb
    return same_ok, same, cross_ok, cross


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=EVAL / "neus_val.jsonl")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--mixes", type=int, default=150)
    args = ap.parse_args()
    clusters = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        clusters = clusters[: args.limit]
    halves = {
        "even (tuned)": [c for c in clusters if int(c["id"].rsplit("_", 1)[-1]) % 2 == 0],
        "odd (held out)": [c for c in clusters if int(c["id"].rsplit("_", 1)[-1]) % 2 == 1],
        "all": clusters,
    }
    with tempfile.TemporaryDirectory() as tmp:
        one = alone(clusters, Path(tmp))
        print(f"NeuS val clusters: {len(clusters)}")
        for name, cs in halves.items():
            kept = sum(one[c["id"]] for c in cs)
            print(f"  {name:15s} clusters briefed alone that stay one story: {kept}/{len(cs)} ({kept / len(cs):.1%})")
        for name, cs in halves.items():
            if name == "all":
                continue
            same_ok, same, cross_ok, cross = mixes(cs, args.mixes // 2, Path(tmp))
            print(
                f"  {name:15s} mixes of 2-5 clusters ({args.mixes // 2}): same-story pair recall "
                f"{same_ok / same:.3f} ({same_ok}/{same}), cross-story separation {cross_ok / cross:.3f} "
                f"({cross_ok}/{cross})"
            )


if __name__ == "__main__":
    main()
