"""Refresh the README's screenshots of the review page (desktop and phone) from the example articles.

    python benchmarks/review_screenshots.py [--out docs]

Builds the brief of examples/ with the local engine, renders the review page and opens it in Debian's headless
Chromium (Playwright): on a 1400 x 900 desktop, the busiest story with a few decisions made (approved, struck, a
note) and one of its citations opened in a later source; on a 390 x 844 phone, the stacked brief and the source
sheet opened from a citation of the busiest story. Writes ``review.png``, ``review-phone.png`` and
``review-phone-sheet.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "render"))

from test_review_browser import CHROMIUM, CHROMIUM_ARGS

from summarizer import brief
from summarizer.models import Brief
from summarizer.render.html import load_source_texts, render_html

ROOT = Path(__file__).resolve().parent.parent


def _busiest(b: Brief) -> int:
    """Position of the story with the most sources (the one worth showing)."""
    return max(range(len(b.stories)), key=lambda i: (len(b.stories[i].sources), -i))


def _review_some(page: Any, story: int) -> None:
    """Make a few decisions in story ``story`` (0-based), as an editor would, so the picture shows them."""
    items = page.locator(f"#story-{story + 1} .item")
    steps = [("approved", None), ("approved", "Centcom statement checked against its post"), ("struck", None)]
    for k, (decision, note) in enumerate(steps[: items.count()]):
        item = items.nth(k)
        item.locator(f'button[data-decision="{decision}"]').click()
        if note:
            item.locator("button.note-btn").click()
            item.locator("textarea").fill(note)
    page.locator("#reviewer").fill("A. Editor")
    page.evaluate("() => document.activeElement.blur()")


def _desktop(browser: Any, url: str, b: Brief, out: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url)
    page.wait_for_selector("html[data-ready=true]")
    story = _busiest(b)
    _review_some(page, story)
    first = b.stories[story].cited_sources()[0]
    later = next(
        (c for s in b.stories[story].sentences for c in s.citations if c.source != first),
        b.stories[story].sentences[0].citations[0],
    )
    number = page.evaluate(
        """([src, start]) => {
            const data = JSON.parse(document.getElementById('review-data').textContent);
            for (const [n, c] of Object.entries(data.citations)) {
                if (data.sources[c[0]].id === src && c[1] === start) return n;
            }
        }""",
        [later.source, later.start],
    )
    button = page.locator(f'#story-{story + 1} button.cite[data-n="{number}"]').first
    button.click()
    page.evaluate(
        """(n) => {
            const button = document.querySelector('.brief-pane .cite[data-n="' + n + '"]');
            button.closest('.story').scrollIntoView({ block: 'start' });
            if (button.getBoundingClientRect().bottom > window.innerHeight) button.scrollIntoView({ block: 'center' });
        }""",
        number,
    )
    page.wait_for_timeout(1000)  # the emphasis pulse settles
    page.screenshot(path=str(out / "review.png"))
    page.close()


def _phone(browser: Any, url: str, b: Brief, out: Path) -> None:
    page = browser.new_page(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page.goto(url)
    page.wait_for_selector("html[data-ready=true]")
    story = _busiest(b)
    _review_some(page, story)
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    page.screenshot(path=str(out / "review-phone.png"))  # the top: status line, notices, the first story
    page.locator(f"#story-{story + 1} button.cite").nth(1).tap()
    page.wait_for_timeout(1000)
    page.screenshot(path=str(out / "review-phone-sheet.png"))
    page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    os.chdir(ROOT)  # the page shows the sources' paths as given: examples/...
    b = brief([str(p.relative_to(ROOT)) for p in sorted((ROOT / "examples").glob("*.txt"))], engine="local")
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "review.html"
        page_file.write_text(render_html(b, articles=load_source_texts(b)), encoding="utf-8")
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            _desktop(browser, page_file.as_uri(), b, args.out)
            _phone(browser, page_file.as_uri(), b, args.out)
            browser.close()
    for name in ("review.png", "review-phone.png", "review-phone-sheet.png"):
        print(args.out / name)


if __name__ == "__main__":
    main()
