"""The review page in a real browser (Debian's headless Chromium driven by Playwright).

Skipped with a reason when /usr/bin/chromium is missing, except in CI (``CI`` set), where it must run: `.ci/run`
installs the browser. Screenshots go to ``test-artifacts/``; ``SUMMARIZER_UPDATE_DOCS=1`` also refreshes
``docs/review.png``, the screenshot the README shows.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer import brief
from summarizer.models import Brief
from summarizer.render_html import load_source_texts, render_html

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("SUMMARIZER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run should have installed Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser: Any, page_html: str, tmp_path: Path) -> Any:
    target = tmp_path / "review.html"
    target.write_text(page_html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.add_init_script("window.__alerts = []; window.alert = function (m) { window.__alerts.push(String(m)); };")
    page.goto(target.as_uri())
    page.wait_for_selector("html[data-ready=true]")
    return page


def _screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))
    if os.environ.get("SUMMARIZER_UPDATE_DOCS") and name == "review-example.png":
        shutil.copy(ARTIFACTS / name, ROOT / "docs" / "review.png")


def test_clicking_a_citation_of_a_later_source_shows_its_exact_span(
    browser: Any, example_brief: Brief, tmp_path: Path
) -> None:
    page = _open(browser, render_html(example_brief, articles=load_source_texts(example_brief)), tmp_path)
    first = example_brief.sources[0].id
    busiest = sorted(
        example_brief.stories, key=lambda st: -len(st.sources)
    )  # the screenshot shows a multi-source story
    target = next(
        (c, s)
        for story in busiest
        for s in story.sentences
        for c in s.citations
        if c.source != first and "\n" not in c.quote
    )
    citation = target[0]
    number = page.evaluate(
        """([src, start, end]) => {
            const data = JSON.parse(document.getElementById('review-data').textContent);
            const ids = data.sources.map(s => s.id);
            for (const [n, c] of Object.entries(data.citations)) {
                if (ids[c[0]] === src && c[1] === start && c[2] === end) return n;
            }
            return null;
        }""",
        [citation.source, citation.start, citation.end],
    )
    assert number is not None
    page.click(f'.brief-pane button.cite[data-n="{number}"]')
    active = page.locator(".source-text mark.is-active")
    assert active.count() >= 1
    assert "".join(active.all_text_contents()) == citation.quote
    panel_index = [s.id for s in example_brief.sources].index(citation.source)
    assert page.locator(f"#source-{panel_index}").is_visible()
    box = active.first.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900 and box["height"] > 0
    assert active.first.is_visible()
    _screenshot(page, "review-example.png")
    timing = page.evaluate(
        "() => { const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime; }"
    )
    print(f"example review page load: {timing:.0f} ms")
    page.close()


def test_citations_are_reachable_by_keyboard(browser: Any, example_brief: Brief, tmp_path: Path) -> None:
    page = _open(browser, render_html(example_brief, articles=load_source_texts(example_brief)), tmp_path)
    page.focus(".brief-pane button.cite")
    page.keyboard.press("Enter")
    assert page.locator(".source-text mark.is-active").count() >= 1
    assert page.evaluate("() => document.activeElement.classList.contains('cite')")
    page.close()


def test_hostile_article_executes_no_script(browser: Any, tmp_path: Path) -> None:
    hostile = Path(__file__).parent / "data" / "hostile" / "hostile.txt"
    b = brief([str(hostile)], engine="local")
    page = _open(browser, render_html(b, articles=load_source_texts(b)), tmp_path)
    for button in page.locator("button.cite").all():
        button.click()
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => window.__alerts.length") == 0
    assert page.locator(".source-text img, .source-text script, .brief-pane img").count() == 0
    _screenshot(page, "review-hostile.png")
    page.close()
