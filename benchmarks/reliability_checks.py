"""False-alarm figures for flags, conflicts and the loaded-terms lint on real news text from ../shared/eval.

Prints:
* flags on every distinct FRANK (CNN/DailyMail) article and NeuS excerpt, by kind, with every name-typo flag shown
  (these texts are professionally edited: each typo flag should be a real misspelling);
* conflicts found within each NeuS cluster (three outlets on one story) -- every one is printed for inspection;
* conflicts found when articles of *different* NeuS clusters are mixed (every one is a false conflict);
* the share of sentences the lint reports in neutral editor-written NeuS references vs. the partisan articles.

Run: .venv/bin/python benchmarks/reliability_checks.py
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from summarizer.engines.local.extract import extract_facts
from summarizer.ingest.sources import article_from_text
from summarizer.models import Article, Fact
from summarizer.story.conflicts import find_conflicts
from summarizer.story.flags import source_flags
from summarizer.story.neutral import loaded_terms
from summarizer.text.segment import split_sentences

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def _rows(name: str) -> list[dict[str, Any]]:
    with open(EVAL / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _facts(texts: list[str]) -> list[Fact]:
    out: list[Fact] = []
    for i, t in enumerate(texts, start=1):
        out += extract_facts(article_from_text(t, f"a{i}.txt", f"S{i}")).facts
    return out


def flags_report() -> None:
    texts = list(dict.fromkeys(r["source"] for r in _rows("frank_cnndm_valid.jsonl")))
    texts += [(a["title"] or "") + "\n\n" + a["text"] for r in _rows("neus_val.jsonl") for a in r["articles"]]
    kinds: Counter[str] = Counter()
    for i, t in enumerate(texts):
        art = Article(id=f"S{i}", path="x", text=t, sha256=hashlib.sha256(t.encode()).hexdigest(),
                      encoding="utf-8", authors=["X"])  # fmt: skip
        for f in source_flags(art):
            kinds[f.kind] += 1
            if f.kind == "name-typo":
                print(f"  typo flag, text {i}: {f.detail}")
    print(f"flags on {len(texts)} texts (byline given, no date): {dict(kinds.most_common())}")


def conflicts_report() -> None:
    rows = _rows("neus_val.jsonl")
    same = 0
    for r in rows:
        for c in find_conflicts(_facts([a["text"] for a in r["articles"]])):
            same += 1
            print(f"  {r['id']}: {c.about}: " + " | ".join(p.text for p in c.positions))
    print(f"conflicts within {len(rows)} NeuS clusters: {same}")
    mixed = 0
    for i in range(len(rows) - 1):
        texts = [rows[i]["articles"][0]["text"], rows[i + 1]["articles"][1]["text"]]
        mixed += len(find_conflicts(_facts(texts)))
    print(f"conflicts between articles of different clusters ({len(rows) - 1} pairs, all false): {mixed}")


def lint_report() -> None:
    rows = _rows("neus_val.jsonl")
    for label, texts in (
        ("neutral references", [r["reference"]["text"] for r in rows]),
        ("partisan articles", [a["text"] for r in rows for a in r["articles"]]),
    ):
        n = hit = 0
        for t in texts:
            for a, b in split_sentences(t):
                n += 1
                hit += bool(loaded_terms(t[a:b]))
        print(f"lint: {hit}/{n} sentences ({hit / n:.1%}) of the {label} carry a loaded term")


if __name__ == "__main__":
    flags_report()
    conflicts_report()
    lint_report()
