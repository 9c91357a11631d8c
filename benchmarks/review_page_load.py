"""Load time of the review page for a large brief (50 sources, 500 citations) in headless Chromium.

    python benchmarks/review_page_load.py [--sources 50] [--citations 500] [--runs 5]

Builds a synthetic brief from real article text (../shared/eval), renders it, opens it from a file in Debian's
Chromium (Playwright) and prints the page's own navigation timing (load event) and the time until its script has
wired everything up (``data-ready``), plus the time for one citation click. Target: under a second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "render"))  # the browser test

from _corpus import real_articles
from test_review_browser import CHROMIUM, CHROMIUM_ARGS

from summarizer.models import Brief, BriefSentence, EngineInfo, Source, Span, Story
from summarizer.render.html import render_html
from summarizer.text.segment import split_sentences


def synthetic_brief(n_sources: int, n_citations: int) -> tuple[Brief, dict[str, str]]:
    texts = {f"S{i + 1}": t for i, t in enumerate(real_articles(n_sources))}
    # Distinct spans: consecutive sentence-long and half-sentence windows, round-robin over the sources.
    windows: dict[str, list[tuple[int, int]]] = {}
    for sid, t in texts.items():
        spans = split_sentences(t)
        windows[sid] = spans + [(a, a + (b - a) // 2) for a, b in spans if b - a > 20]
    cites: list[Span] = []
    i = 0
    while len(cites) < n_citations:
        sid = f"S{i % n_sources + 1}"
        k = i // n_sources
        if k < len(windows[sid]):
            a, b = windows[sid][k]
            cites.append(Span(source=sid, start=a, end=b, quote=texts[sid][a:b]))
        i += 1
        if i > 100 * n_citations:
            raise SystemExit("not enough text for that many distinct citations")
    stories = []
    per_story = 50
    for k in range(0, len(cites), per_story):
        chunk = cites[k : k + per_story]
        sents = [BriefSentence(text=chunk[j].quote, citations=chunk[j : j + 2]) for j in range(0, len(chunk), 2)]
        stories.append(
            Story(
                id=f"story-{k // per_story + 1}",
                headline=f"Story {k // per_story + 1}",
                sentences=sents,
                sources=sorted({c.source for c in chunk}),
            )
        )
    sources = [
        Source(id=sid, path=f"{sid}.txt", sha256="0" * 64, encoding="utf-8", title=t.splitlines()[0][:80])
        for sid, t in texts.items()
    ]
    return Brief(engine=EngineInfo(name="local"), sources=sources, stories=stories), texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", type=int, default=50)
    ap.add_argument("--citations", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    b, texts = synthetic_brief(args.sources, args.citations)
    t0 = time.perf_counter()
    page_html = render_html(b, articles=texts)
    render_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "review.html"
        target.write_text(page_html, encoding="utf-8")
        loads, readies, clicks = [], [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(target.as_uri())
                page.wait_for_selector("html[data-ready=true]")
                nav = page.evaluate(
                    "() => { const t = performance.getEntriesByType('navigation')[0];"
                    " return [t.loadEventEnd - t.startTime, t.domContentLoadedEventEnd - t.startTime]; }"
                )
                loads.append(nav[0])
                readies.append(nav[1])
                last = page.locator("button.cite").last
                c0 = time.perf_counter()
                last.click()
                page.wait_for_selector(".source-text mark.is-active")
                clicks.append((time.perf_counter() - c0) * 1000)
                page.close()
            browser.close()
    n_cites = len({(c.source, c.start, c.end) for c in b.citations()})
    print(f"review page: {len(b.sources)} sources, {n_cites} distinct citations, {len(page_html) / 1e6:.2f} MB of HTML")
    print(f"  render (Python): {render_s * 1000:.0f} ms")
    print(f"  load event: median {statistics.median(loads):.0f} ms (max {max(loads):.0f}) over {args.runs} runs")
    print(f"  DOMContentLoaded (script wired): median {statistics.median(readies):.0f} ms")
    print(f"  click on the last citation until its span is emphasised: median {statistics.median(clicks):.0f} ms")


if __name__ == "__main__":
    main()
