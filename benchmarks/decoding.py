"""Decoding accuracy on real text re-encoded in legacy encodings, and the cost of reading 1/5/20 MB articles.

Corpus: the real news texts of ../shared/eval (FRANK CNN/DM articles and NeuS article excerpts, via
``_corpus.real_articles``), each re-encoded as

* cp1252 -- characters cp1252 lacks become "?" first (so the expected text is what cp1252 can hold);
* latin-1 -- typographic quotes and dashes flattened to ASCII first (latin-1 has none), other missing characters "?";
* mac-roman -- characters mac-roman lacks become "?";
* utf-16 (with BOM) and utf-16-le without a BOM;
* mixed -- paragraphs alternately UTF-8 and cp1252 in one file.

A text counts as decoded right when ``summarizer.ingest.sources.decode_report`` returns exactly the expected
characters. Shares are printed over the texts whose encoded bytes are not plain ASCII (an ASCII file is trivially
right) with that count beside them.

Then, for 1, 5 and 20 MB articles made of real text (cp1252 bytes, so the legacy path runs): the CPU time and peak
memory of (a) decoding alone and (b) ``summarize brief`` in a child process with the default 5 MiB cap (so the 20 MB
article is refused before it is read) and, with ``--full``, with the cap raised above 20 MB.

    python benchmarks/decoding.py [--full] [--skip-cost]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import ROOT, real_articles

from summarizer.ingest.sources import decode_report

_FLAT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "€": "EUR"})


def _fit(text: str, codec: str) -> str:
    return text.encode(codec, "replace").decode(codec)


def _variants(text: str) -> dict[str, tuple[bytes, str]]:
    cp = _fit(text, "cp1252")
    latin = _fit(text.translate(_FLAT), "latin-1")
    mac = _fit(text, "mac_roman")
    paras = cp.split("\n")
    mixed = b"\n".join(p.encode("utf-8" if i % 2 == 0 else "cp1252") for i, p in enumerate(paras))
    return {
        "cp1252": (cp.encode("cp1252"), cp),
        "latin-1": (latin.encode("latin-1"), latin),
        "mac-roman": (mac.encode("mac_roman"), mac),
        "utf-16 (BOM)": (text.encode("utf-16"), text),
        "utf-16-le (no BOM)": (text.encode("utf-16-le"), text),
        "mixed utf-8/cp1252": (mixed, cp),
    }


TUNED = 700
"""The decoding rules were adjusted while looking at the failures on the first 700 texts of the pool; the rest of
the pool (295 texts) is held out and printed separately."""


def accuracy(texts: list[str], label: str) -> None:
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    wrong_as: dict[str, dict[str, int]] = {}
    for text in texts:
        if "\n" not in text:  # give the mixed variant paragraphs to alternate
            text = text.replace(". ", ".\n", 3)
        for name, (data, expected) in _variants(text).items():
            if data.isascii() and not name.startswith("utf-16"):
                continue
            total[name] = total.get(name, 0) + 1
            try:
                got = decode_report(data, "x.txt")
                ok = got.text == expected
                codec = got.codec
            except Exception as exc:  # an input error is a wrong decoding here
                ok, codec = False, type(exc).__name__
            right[name] = right.get(name, 0) + ok
            if not ok:
                wrong_as.setdefault(name, {})[codec] = wrong_as.setdefault(name, {}).get(codec, 0) + 1
    print(f"decoding accuracy, {label}: {len(texts)} real texts (plain-ASCII files left out except UTF-16)")
    for name in total:
        share = right[name] / total[name]
        extra = f"  wrong as: {wrong_as[name]}" if name in wrong_as else ""
        print(f"  {name:<20} {share:7.1%}  ({right[name]}/{total[name]}){extra}")


def _article_bytes(mb: int) -> bytes:
    """About ``mb`` MB of cp1252 bytes: the pool's distinct paragraphs, one per blank-line block; copies past the
    pool get a numbered lead-in so that the layout stage does not take them for repeated boilerplate."""
    seen: set[str] = set()
    paras: list[str] = []
    for text in real_articles(995):
        for p in text.split("\n"):
            p = " ".join(p.split())
            if len(p) > 40 and p not in seen:
                seen.add(p)
                paras.append(_fit(p, "cp1252"))
    need = mb * 1024 * 1024
    out: list[str] = ["A long report made of many real news paragraphs", "By Benchmark Desk"]
    size, i = 0, 0
    while size < need:
        p = paras[i % len(paras)]
        if i >= len(paras):
            p = f"Update {i // len(paras)}, item {i % len(paras)}: {p}"
        out.append(p)
        size += len(p) + 2
        i += 1
    return "\n\n".join(out).encode("cp1252")


_CHILD = (
    "import resource, sys\n"
    "from summarizer.cli import cli\n"
    "rc = cli(sys.argv[1:])\n"
    "u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "hwm = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM')][0].split()[1]\n"
    "sys.stderr.write('RUSAGE %f %s\\n' % (u.ru_utime + u.ru_stime, hwm))\n"
    "sys.exit(rc)\n"
)


def _child(args: list[str], cwd: str) -> tuple[int, float, float, float]:
    """(exit code, CPU seconds, wall seconds, peak RSS MB) of one child process running ``summarize ARGS``.

    Peak memory is the child's own VmHWM (``ru_maxrss`` would carry the parent's high-water mark over the exec)."""
    t0 = time.monotonic()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _CHILD, *args], cwd=cwd, capture_output=True, env=env)
    wall = time.monotonic() - t0
    line = [ln for ln in proc.stderr.decode(errors="replace").splitlines() if ln.startswith("RUSAGE ")][-1]
    cpu, rss_kb = line.split()[1:]
    return proc.returncode, float(cpu), wall, int(rss_kb) / 1024


def cost(full: bool) -> None:
    print("reading cost (cp1252 bytes of real text)")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (1, 5, 20):
            data = _article_bytes(mb)[: mb * 1024 * 1024]
            path = Path(tmp) / f"a{mb}.txt"
            path.write_bytes(data)
            t0 = time.process_time()
            decoded = decode_report(data, str(path))
            dec = time.process_time() - t0
            print(f"  {mb:>2} MB  decode {dec:6.2f} s CPU as {decoded.codec}")
            runs = [("default 5 MiB cap", ["brief", "-f", "json", "-o", "out.json", path.name])]
            if full and mb > 5:
                runs.append(("cap 32M", ["brief", "--max-bytes", "32M", "-f", "json", "-o", "out.json", path.name]))
            for label, args in runs:
                code, cpu, wall, rss = _child(args, tmp)
                print(
                    f"     brief ({label}): exit {code}, {cpu:7.2f} s CPU, {wall:7.2f} s wall, peak RSS {rss:5.0f} MB"
                )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="also run the 20 MB article with the cap raised")
    ap.add_argument("--skip-cost", action="store_true")
    args = ap.parse_args()
    pool = real_articles(995)
    accuracy(pool[:TUNED], "in-sample (rules tuned on these)")
    accuracy(pool[TUNED:], "held out")
    if not args.skip_cost:
        cost(args.full)


if __name__ == "__main__":
    main()
