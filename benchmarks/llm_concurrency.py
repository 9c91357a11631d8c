"""Benchmark of the LLM engine against a local stand-in server with injected latency (no real model, no network).

Prints, for concurrency 1, 2, 4 and 8: wall time of extracting N articles, calls per article, and the calls a re-run
makes with the response cache (must be 0).

    .venv/bin/python benchmarks/llm_concurrency.py [--latency 0.25] [--articles 8]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_openai_server import serve  # noqa: E402

from summarizer.engines.base import EngineSettings  # noqa: E402
from summarizer.engines.llm.engine import LLMEngine  # noqa: E402
from summarizer.models import Article, Extraction  # noqa: E402


def load_articles(n: int) -> list[Article]:
    """The example articles, cycled (with a distinguishing last line) until there are ``n``."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    out = []
    for i in range(n):
        text = texts[i % len(texts)] + ("" if i < len(texts) else f"\n(copy {i})\n")
        out.append(
            Article(
                id=f"S{i + 1}",
                path=f"article-{i + 1}.txt",
                text=text,
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                encoding="utf-8",
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.25, help="seconds the stand-in server waits per request")
    parser.add_argument("--articles", type=int, default=8)
    args = parser.parse_args(argv)
    articles = load_articles(args.articles)
    print(f"{len(articles)} articles, stand-in server latency {args.latency:.2f}s per request")
    print(f"{'concurrency':>11} {'wall s':>8} {'calls':>6} {'calls/article':>13} {'re-run calls':>12} {'re-run s':>8}")
    baseline = None
    with serve(latency=args.latency) as server, tempfile.TemporaryDirectory() as tmp:
        # warm-up (imports, schema generation), not measured
        LLMEngine(EngineSettings(model="vllm:stand-in", base_url=server.base_url, no_cache=True)).extract_all(
            articles[:1]
        )
        for concurrency in (1, 2, 4, 8):
            cache_dir = Path(tmp) / f"c{concurrency}"
            settings = EngineSettings(
                model="vllm:stand-in", base_url=server.base_url, concurrency=concurrency, cache_dir=str(cache_dir)
            )
            engine = LLMEngine(settings)
            start = time.perf_counter()
            results = engine.extract_all(articles)
            wall = time.perf_counter() - start
            failed = [r for r in results if not isinstance(r, Extraction)]
            calls = engine.usage().calls
            per_article = sorted({u.calls for u in engine.article_usage.values()})
            again = LLMEngine(settings)
            start = time.perf_counter()
            again.extract_all(articles)
            rerun_wall = time.perf_counter() - start
            baseline = baseline or wall
            print(
                f"{concurrency:>11} {wall:>8.2f} {calls:>6} {','.join(map(str, per_article)):>13} "
                f"{again.usage().calls:>12} {rerun_wall:>8.2f}"
                + (f"  ({len(failed)} failed)" if failed else f"  speed-up x{baseline / wall:.1f}")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
