"""Content quality on NeuS (three articles per story, neutral editor-written reference): ROUGE-1/2/L F1.

Side by side in one run: the local engine's brief (every sentence cited), sumy's LexRank and TextRank over the three
articles, and the first sentences of the centre article. Every output is cut at the reference's word count.

    python benchmarks/neus_rouge.py                   # all clusters of ../shared/eval/neus_val.jsonl
    python benchmarks/neus_rouge.py --limit 50 --data PATH

Reference points from the data's README: TextRank 0.416/0.178/0.270, LexRank 0.416/0.178/0.270, lead of the centre
article 0.382/0.157/0.260.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import EVAL, RegexTokenizer


def _cut(text: str, n_words: int) -> str:
    return " ".join(text.split()[:n_words])


def local_engine(cluster: dict, tmp: Path) -> tuple[str, bool]:
    from summarizer import brief

    paths = []
    for i, art in enumerate(cluster["articles"]):
        p = tmp / f"{cluster['id']}_{i}.txt"
        p.write_text(f"{art['title']}\n\n{art['text']}\n", encoding="utf-8")
        paths.append(str(p))
    b = brief(paths, engine="local")
    sentences = [s for story in b.stories for s in story.sentences]
    all_cited = all(s.citations for s in sentences)
    return " ".join(s.text for s in sentences), all_cited


def _sumy(kind: str) -> Callable[[dict], str]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = LexRankSummarizer if kind == "lexrank" else TextRankSummarizer
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tok = RegexTokenizer()

    def run(cluster: dict) -> str:
        text = "\n\n".join(a["text"] for a in cluster["articles"])
        parser = PlaintextParser.from_string(text, tok)
        return " ".join(str(s) for s in summarizer(parser.document, 5))

    return run


def lead_centre(cluster: dict) -> str:
    arts = cluster["articles"]
    return arts[len(arts) // 2]["text"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=EVAL / "neus_val.jsonl")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    clusters = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        clusters = clusters[: args.limit]
    systems: dict[str, Callable[[dict], str]] = {
        "lexrank": _sumy("lexrank"),
        "textrank": _sumy("textrank"),
        "lead-centre": lead_centre,
    }
    scores: dict[str, dict[str, list[float]]] = {k: {"r1": [], "r2": [], "rl": []} for k in ["local", *systems]}
    uncited = 0
    t_local = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for c in clusters:
            ref = c["reference"]["text"]
            n = len(ref.split())
            t0 = time.perf_counter()
            text, cited = local_engine(c, Path(tmp))
            t_local += time.perf_counter() - t0
            uncited += not cited
            outputs = {"local": text, **{k: f(c) for k, f in systems.items()}}
            for k, out in outputs.items():
                s = scorer.score(ref, _cut(out, n))
                scores[k]["r1"].append(s["rouge1"].fmeasure)
                scores[k]["r2"].append(s["rouge2"].fmeasure)
                scores[k]["rl"].append(s["rougeL"].fmeasure)
    print(f"NeuS clusters: {len(clusters)}  (outputs cut at the reference's word count; ROUGE F1, stemmed)")
    for k, v in scores.items():
        print(
            f"  {k:12s} R1 {statistics.mean(v['r1']):.3f}  R2 {statistics.mean(v['r2']):.3f}  "
            f"RL {statistics.mean(v['rl']):.3f}"
        )
    per_cluster = t_local / len(clusters) * 1000
    print(f"local engine: {per_cluster:.1f} ms per cluster; clusters with an uncited sentence: {uncited}")


if __name__ == "__main__":
    main()
