"""Figures for the sources stage: layout/date speed on large inputs, and how much of real news text stays body.

Run: ``.venv/bin/python benchmarks/sources_layout.py`` (reads examples/ and /work/shared/eval/ when present).
Prints: seconds to analyse the examples repeated 1x/20x/100x, find_dates counts and time, and over the FRANK and
NeuS article texts the mean share of non-space characters left as body, plus the region reasons found there.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from summarizer.ingest.sources import article_from_text
from summarizer.text.dates import find_dates

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path("/work/shared/eval")


def body_share(text: str) -> float:
    a = article_from_text(text, "x", "S1")
    flags = [True] * len(text)
    for r in a.regions:
        flags[r.start : r.end] = [False] * (r.end - r.start)
    chars = [ok for ok, ch in zip(flags, text, strict=True) if not ch.isspace()]
    return sum(chars) / max(1, len(chars))


def main() -> None:
    corpus = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt")))
    for n in (1, 20, 100):
        text = corpus * n
        t0 = time.perf_counter()
        a = article_from_text(text, "x", "S1")
        t1 = time.perf_counter()
        found = find_dates(text, None)
        t2 = time.perf_counter()
        print(
            f"examples x{n:<3} {len(text):>9} chars  layout {t1 - t0:6.2f}s ({len(a.regions)} regions)  "
            f"find_dates {t2 - t1:6.2f}s ({len(found)} matches)"
        )
    texts: list[str] = []
    if (EVAL / "neus_val.jsonl").exists():
        for line in (EVAL / "neus_val.jsonl").open(encoding="utf-8"):
            for art in json.loads(line)["articles"]:
                texts.append((art["title"] or "") + "\n\n" + art["text"])
    if (EVAL / "frank_cnndm_valid.jsonl").exists():
        seen: set[str] = set()
        for line in (EVAL / "frank_cnndm_valid.jsonl").open(encoding="utf-8"):
            src = json.loads(line)["source"]
            if src not in seen:
                seen.add(src)
                texts.append(src)
    if not texts:
        print("eval data not found; skipping the body-share figures")
        return
    shares = sorted(body_share(t) for t in texts)
    reasons: Counter[str] = Counter()
    for t in texts:
        reasons.update(f"{r.kind}/{r.reason}" for r in article_from_text(t, "x", "S1").regions)
    print(f"eval texts: {len(texts)}  mean body share {sum(shares) / len(shares):.3f}  min {shares[0]:.3f}")
    print("region reasons:", dict(reasons.most_common()))


if __name__ == "__main__":
    main()
