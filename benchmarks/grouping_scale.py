"""Grouping time as the corpus grows: CPU seconds of the ``group`` stage at N = 1,000, 3,000 and 10,000 articles.

Each N runs the real pipeline (read, extract, verify, then group) on real article texts and stops once grouping is
reported (the later stages are not measured here: ``local_throughput.py`` measures the whole run). The eval data
hold about 1,100 distinct real articles, so past that the corpus is made of copies, in one of two ways:

* ``cycled`` (``_corpus.real_articles`` as is): each copy is the same text under a "Copy k" first line, i.e. the
  same story re-reported: stories grow with N (about nine reports of each at 10,000) and so does the work per story.
* ``edited``: copy k of an article has every capitalised word (names, places, organisations, titles' words) given a
  suffix of its own ("Trump" -> "Trumproro" in copy 1, "Trumpvero" in copy 2, consistently within the copy; month
  and weekday names are kept, so dates still resolve), so a copy tells another story with the same common words:
  the story sizes stay about those of the real articles.

Growth is the 10,000-article time over the 1,000-article one (target: at most 10.5x, issue 14).

    python benchmarks/grouping_scale.py                    # both corpora, N = 1000 3000 10000
    python benchmarks/grouping_scale.py --corpus edited --n 1000 3000
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import real_articles

_CAPITALISED = re.compile(r"\b([A-Z][a-z]{2,})\b")
_CALENDAR = frozenset(
    "January February March April May June July August September October November December Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday Sept".split()
)
_SYLLABLES = ("ka", "ro", "ve", "si", "tu", "ma", "le", "no", "pi", "da")


def _suffix(k: int) -> str:
    """A distinct suffix for copy ``k``: one syllable per decimal digit of ``k + 10`` (1 -> "roro", 2 -> "vero")."""
    out, k = "", k + 10
    while k:
        k, d = divmod(k, 10)
        out += _SYLLABLES[d]
    return out


def _renamer(tail: str):  # type: ignore[no-untyped-def]
    return lambda m: m.group(1) + ("" if m.group(1) in _CALENDAR else tail)


def edited_articles(n: int) -> list[str]:
    """``n`` texts: the distinct real articles, then edited copies (capitalised words suffixed per copy)."""
    base = real_articles(n)
    pool = len({t for t in base if not t.startswith("Copy ")})
    out = []
    for i, text in enumerate(base):
        k = i // pool
        if k == 0:
            out.append(text)
            continue
        original = text.split("\n\n", 1)[1]  # real_articles put "Copy k" above the text
        out.append(_CAPITALISED.sub(_renamer(_suffix(k)), original))
    return out


class _Grouped(Exception):
    """Raised from the stage callback once grouping is reported: nothing after it is measured."""

    def __init__(self, cpu: float, wall: float, stories: int) -> None:
        super().__init__("grouped")
        self.cpu, self.wall, self.stories = cpu, wall, stories


def group_time(texts: list[str]) -> _Grouped:
    from summarizer import brief
    from summarizer.engines.base import EngineSettings

    def on_stage(stats) -> None:  # type: ignore[no-untyped-def]
        if stats.stage == "group":
            raise _Grouped(stats.cpu_seconds, stats.wall_seconds, stats.counts.get("stories", 0))

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(texts):
            p = Path(tmp) / f"a{i:05d}.txt"
            p.write_text(text, encoding="utf-8")
            paths.append(str(p))
        try:
            brief(paths, engine="local", on_stage=on_stage, settings=EngineSettings(no_cache=True), jobs=1)
        except _Grouped as done:
            return done
    raise RuntimeError("the run ended without a group stage")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[1000, 3000, 10000])
    ap.add_argument("--corpus", choices=["cycled", "edited", "both"], default="both")
    args = ap.parse_args()
    corpora = ["cycled", "edited"] if args.corpus == "both" else [args.corpus]
    for corpus in corpora:
        times = {}
        for n in args.n:
            texts = real_articles(n) if corpus == "cycled" else edited_articles(n)
            g = group_time(texts)
            times[n] = g.cpu
            print(
                f"{corpus:7s} N={n:6d}  group CPU {g.cpu:6.2f}s  (wall {g.wall:6.2f}s)  stories {g.stories}", flush=True
            )
        if len(times) > 1:
            lo, hi = min(times), max(times)
            print(f"{corpus:7s} growth {lo} -> {hi}: {times[hi] / times[lo]:.2f}x for {hi / lo:.0f}x the articles")


if __name__ == "__main__":
    main()
