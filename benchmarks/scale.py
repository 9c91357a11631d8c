"""A day's volume: the local pipeline on 1,000, 3,000 and 10,000 real articles, beside sumy's LexRank on the same
files in the same run; then --jobs 1 / --jobs 2 / --dask (a LocalCluster of 2 worker processes) on 3,000.

    python benchmarks/scale.py                    # N = 1000 3000 10000, then the executor table on 3000
    python benchmarks/scale.py --n 1000 --executors-n 1000
    python benchmarks/scale.py --n --executors-n 0 --incremental 3000   # the cache: cold, rerun, +50 articles

The corpus: the 995 distinct texts of ../shared/eval (FRANK's CNN/DM articles and NeuS' article excerpts with their
titles, in _corpus.real_articles' fixed shuffle), then edited copies until N: copy k of a text gets a desk line of
its own on top ("Desk 7 update:") and, when it has three paragraphs or more, loses one paragraph other than the
first (chosen by a seeded random generator), as a republished wire story does. Copies of one text are the same
story told again, so they group with it.

Each measurement runs in a fresh subprocess (its own peak RSS; for --jobs 2 the larger of the parent's and a
worker's): the whole job, read -> ... -> Markdown written to a file (as ``summarize brief -o FILE`` writes it), with
the cache off (--no-cache semantics). CPU time is user+sys of the process and its workers. LexRank summarises each
file to three sentences (it reads, verifies and cites nothing: a floor, not a peer), tokenised as sumy tokenises
English (NLTK Punkt and NLTK's word tokeniser; Punkt untrained, as its data cannot be downloaded here:
``_corpus.NltkTokenizer``). The last columns repeat LexRank with the cheaper regex tokeniser that runs before
6 December used (about half the CPU time), and the ratios against it.

Targets (issue 14): 1,000 articles at CPU ratio <= 1.0 serial and wall ratio <= 0.6 with --jobs 2; 10x the
articles at most 10.5x the time from 1,000 to 10,000; peak RSS <= 40 MB + 30 x the input size.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import local_throughput
from _corpus import real_articles

POOL = 995  # distinct texts in ../shared/eval (real_articles cycles past them)


def edited_copy(text: str, k: int, seed: int) -> str:
    """Copy ``k`` of ``text``: a desk line on top and, with three paragraphs or more, one paragraph (not the first)
    left out."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    if len(paras) >= 3:
        del paras[random.Random(seed).randrange(1, len(paras))]
    return f"Desk {k} update:\n\n" + "\n\n".join(paras)


def corpus(n: int) -> list[str]:
    base = real_articles(min(n, POOL))
    out = list(base)
    i = 0
    while len(out) < n:
        out.append(edited_copy(base[i % len(base)], i // len(base) + 1, seed=i))
        i += 1
    return out


def write_corpus(n: int, folder: Path) -> int:
    size = 0
    for i, text in enumerate(corpus(n)):
        data = text.encode("utf-8")
        (folder / f"a{i:05d}.txt").write_bytes(data)
        size += len(data)
    return size


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return max(me.ru_maxrss, kids.ru_maxrss) / 1024


def run_cached(paths: list[str], cache_dir: str) -> dict[str, float]:
    """A serial run with the result cache in ``cache_dir``; how many articles the engine extracted."""
    from summarizer import EngineSettings, brief
    from summarizer.engines.local.engine import LocalEngine
    from summarizer.models import Article, Extraction

    class Counting(LocalEngine):
        extracted = 0

        def extract(self, article: Article) -> Extraction:
            Counting.extracted += 1
            return super().extract(article)

    t0, c0 = time.perf_counter(), _cpu()
    b = brief(paths, engine=Counting(), settings=EngineSettings(cache_dir=cache_dir), jobs=1)
    return {"seconds": time.perf_counter() - t0, "cpu": _cpu() - c0, "stories": len(b.stories),
            "extracted": Counting.extracted}  # fmt: skip


def run_pipeline(paths: list[str], jobs: int, dask: bool) -> dict[str, float]:
    from summarizer import EngineSettings, brief
    from summarizer.render.markdown import markdown_chunks
    from summarizer.render.write import write_chunks

    cluster = None
    address = None
    if dask:
        from distributed import LocalCluster

        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
        )
        address = cluster.scheduler_address
    t0, c0 = time.perf_counter(), _cpu()
    b = brief(paths, engine="local", settings=EngineSettings(no_cache=True), jobs=jobs, executor=address)
    chars = 0

    def counted(chunks: Iterator[str]) -> Iterator[str]:
        nonlocal chars
        for chunk in chunks:
            chars += len(chunk)
            yield chunk

    with tempfile.TemporaryDirectory() as tmp:  # written as `summarize brief -o FILE` writes it
        write_chunks(counted(markdown_chunks(b)), Path(tmp) / "brief.md")
    result = {"seconds": time.perf_counter() - t0, "stories": len(b.stories), "chars": chars}
    if cluster is not None:
        cluster.close()
    result["cpu"] = _cpu() - c0  # dask workers' CPU is not counted (they are not this process's children yet)
    return result


def run_lexrank(paths: list[str], tokens: str) -> dict[str, float]:
    return local_throughput.run_lexrank(paths, cpu=_cpu, tokens=tokens)


def _child(kind: str, folder: str, jobs: int) -> None:
    paths = sorted(str(p) for p in Path(folder).glob("*.txt"))
    if kind.startswith("cached:"):  # cached:<cache dir>:<how many of the files>
        _, cache_dir, count = kind.split(":")
        print(json.dumps(run_cached(paths[: int(count)], cache_dir)))
        return
    if kind in local_throughput.LEXRANK_TOKENS:
        result = run_lexrank(paths, local_throughput.LEXRANK_TOKENS[kind])
    else:
        result = run_pipeline(paths, jobs, dask=kind == "dask")
    result["peak_rss_mb"] = _peak_mb()
    print(json.dumps(result))


def _measure(kind: str, folder: str, jobs: int = 1) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, folder, str(jobs)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="*", default=[1000, 3000, 10000])
    ap.add_argument("--executors-n", type=int, default=3000, help="N of the executor table (0: skip it)")
    ap.add_argument("--incremental", type=int, default=0, help="N of the cache table: cold, rerun, N + 50 (0: skip)")
    ap.add_argument("--child", nargs=3, metavar=("KIND", "FOLDER", "JOBS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]))
        return
    rows = []
    if args.n:
        print("N       input MB | serial CPU s  wall s  peak MB (target) | --jobs 2 wall s  CPU s  peak MB | "
              "LexRank CPU s  wall s | CPU ratio serial | wall ratio --jobs 2 || regex-tokeniser LexRank CPU s  wall s"
              " | its ratios: CPU serial  wall --jobs 2")  # fmt: skip
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            size_mb = write_corpus(n, Path(tmp)) / 1e6
            lex = _measure("lexrank", tmp)
            lex_re = _measure("lexrank-regex", tmp)
            serial = _measure("pipeline", tmp, 1)
            pooled = _measure("pipeline", tmp, 2)
        rows.append((n, serial))
        target = 40 + 30 * size_mb
        print(
            f"{n:6d} {size_mb:9.2f} | {serial['cpu']:12.2f} {serial['seconds']:7.2f} {serial['peak_rss_mb']:8.0f} "
            f"({target:4.0f}) | {pooled['seconds']:15.2f} {pooled['cpu']:6.2f} {pooled['peak_rss_mb']:7.0f} | "
            f"{lex['cpu']:13.2f} {lex['seconds']:7.2f} | {serial['cpu'] / lex['cpu']:16.2f} | "
            f"{pooled['seconds'] / lex['seconds']:19.2f} || {lex_re['cpu']:29.2f} {lex_re['seconds']:7.2f} | "
            f"{serial['cpu'] / lex_re['cpu']:21.2f} {pooled['seconds'] / lex_re['seconds']:13.2f}   "
            f"({serial['stories']} stories)",
            flush=True,
        )
    if len(rows) >= 2:
        (n0, p0), (n1, p1) = rows[0], rows[-1]
        print(f"growth: {n1 / n0:.0f}x the articles cost {p1['cpu'] / p0['cpu']:.2f}x the serial CPU time")
    if args.executors_n:
        n = args.executors_n
        with tempfile.TemporaryDirectory() as tmp:
            write_corpus(n, Path(tmp))
            walls = {
                "--jobs 1": _measure("pipeline", tmp, 1),
                "--jobs 2": _measure("pipeline", tmp, 2),
                "--dask (LocalCluster, 2 workers)": _measure("dask", tmp, 1),
            }
        print(f"\nexecutors on {n} articles (wall s, brief() call only; the cluster's start is not counted)")
        for name, r in walls.items():
            print(f"  {name:<34} {r['seconds']:7.2f}   ({r['stories']} stories, {r['chars']} chars of Markdown)")
    if args.incremental:
        n = args.incremental
        with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cache:
            write_corpus(n + 50, Path(tmp))
            runs = {
                f"cold, {n} articles": _measure(f"cached:{cache}:{n}", tmp),
                f"rerun, {n} articles": _measure(f"cached:{cache}:{n}", tmp),
                f"{n} + 50 new articles": _measure(f"cached:{cache}:{n + 50}", tmp),
            }
        print("\nthe result cache, --jobs 1 (CPU s of the whole run; articles the engine extracted)")
        for name, r in runs.items():
            print(f"  {name:<24} CPU {r['cpu']:7.2f}  wall {r['seconds']:7.2f}  extracted {r['extracted']:6d}  "
                  f"({r['stories']} stories)")  # fmt: skip


if __name__ == "__main__":
    main()
