"""Throughput and memory of the local pipeline, side by side with sumy's LexRank on the same files.

Each measurement runs in a fresh subprocess (so peak RSS is its own); the pipeline is the whole job: ingest ->
extract -> verify -> group -> compose -> verify sentences -> render Markdown. LexRank summarises each file to three
sentences (it does not read, verify or cite anything, so it is a floor, not a peer) with sumy's own tokenisation
(NLTK Punkt, untrained, and NLTK's word tokeniser: ``_corpus.NltkTokenizer``); the figures beside it use the cheaper
regex tokeniser of earlier runs.

    python benchmarks/local_throughput.py            # N = 100 and 1000
    python benchmarks/local_throughput.py --n 100 300

Targets (issue 2): pipeline/LexRank time ratio <= 1.0; peak RSS < 500 MB at 1,000 articles; 10x the articles costs at
most 12x the time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import real_articles, tokenizer


def _write_articles(n: int, folder: Path) -> list[str]:
    paths = []
    for i, text in enumerate(real_articles(n)):
        p = folder / f"a{i:05d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    return paths


def run_pipeline(paths: list[str]) -> dict[str, float]:
    from summarizer import brief
    from summarizer.engines.base import EngineSettings
    from summarizer.render.markdown import render_markdown

    t0, c0 = time.perf_counter(), time.process_time()
    # Serial and uncached: the CPU time of this process is the whole job (a worker pool's CPU would not be counted,
    # and the result cache would turn a second run into a cache read).
    b = brief(paths, engine="local", settings=EngineSettings(no_cache=True), jobs=1)
    out = render_markdown(b)
    return {
        "seconds": time.perf_counter() - t0,
        "cpu": time.process_time() - c0,
        "stories": len(b.stories),
        "chars": len(out),
    }


def run_lexrank(
    paths: list[str], cpu: Callable[[], float] = time.process_time, tokens: str = "nltk"
) -> dict[str, float]:
    """sumy's LexRank, three sentences per file; ``cpu`` is the CPU clock the caller reports in; ``tokens`` the
    tokeniser (``"nltk"``: sumy's own, ``"regex"``: the cheaper stand-in, see ``_corpus``)."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    t0, c0 = time.perf_counter(), cpu()
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tok = tokenizer(tokens)
    n = 0
    for p in paths:
        parser = PlaintextParser.from_string(Path(p).read_text(encoding="utf-8"), tok)
        n += len(summarizer(parser.document, 3))
    return {"seconds": time.perf_counter() - t0, "cpu": cpu() - c0, "sentences": n}


LEXRANK_TOKENS = {"lexrank": "nltk", "lexrank-regex": "regex"}  # the LexRank kinds and their tokenisers


def _child(kind: str, folder: str) -> None:
    paths = sorted(str(p) for p in Path(folder).glob("*.txt"))
    result = run_pipeline(paths) if kind == "pipeline" else run_lexrank(paths, tokens=LEXRANK_TOKENS[kind])
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _measure(kind: str, folder: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, folder], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--child", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(*args.child)
        return
    rows = []
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            _write_articles(n, Path(tmp))
            lex = _measure("lexrank", tmp)
            lex_re = _measure("lexrank-regex", tmp)
            pipe = _measure("pipeline", tmp)
        rows.append((n, pipe, lex))
        print(
            f"N={n:5d}  pipeline CPU {pipe['cpu']:7.2f}s (wall {pipe['seconds']:6.2f}s, {pipe['stories']} stories, "
            f"peak RSS {pipe['peak_rss_mb']:6.1f} MB)  |  LexRank CPU {lex['cpu']:7.2f}s "
            f"(wall {lex['seconds']:6.2f}s, peak RSS {lex['peak_rss_mb']:6.1f} MB; regex tokeniser "
            f"{lex_re['cpu']:.2f}s)  |  CPU ratio pipeline/LexRank {pipe['cpu'] / lex['cpu']:.2f} (regex tokeniser "
            f"{pipe['cpu'] / lex_re['cpu']:.2f})"
        )
    if len(rows) >= 2:
        (n0, p0, _), (n1, p1, _) = rows[0], rows[-1]
        print(f"scaling: {n1 / n0:.0f}x the articles cost {p1['cpu'] / p0['cpu']:.1f}x the pipeline CPU time")


if __name__ == "__main__":
    main()
