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
import review_fixtures
from paths import DATA, ROOT
from playwright.sync_api import expect

from summarizer import brief
from summarizer.models import Brief
from summarizer.render.html import load_source_texts, render_html

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
    # For the picture: the story's headline at the top of the brief pane, as long as the clicked marker stays in view.
    page.evaluate(
        """(n) => {
            const button = document.querySelector('.brief-pane .cite[data-n="' + n + '"]');
            button.closest('.story').scrollIntoView({ block: 'start' });
            if (button.getBoundingClientRect().bottom > window.innerHeight) button.scrollIntoView({ block: 'center' });
        }""",
        number,
    )
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
    hostile = DATA / "hostile" / "hostile.txt"
    b = brief([str(hostile)], engine="local")
    page = _open(browser, render_html(b, articles=load_source_texts(b)), tmp_path)
    for button in page.locator("button.cite").all():
        button.click()
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => window.__alerts.length") == 0
    assert page.locator(".source-text img, .source-text script, .brief-pane img").count() == 0
    _screenshot(page, "review-hostile.png")
    page.close()


_WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));
"""


def test_hostile_text_in_every_field_runs_nothing_and_loads_nothing(browser: Any, tmp_path: Path) -> None:
    b, texts = review_fixtures.hostile_brief()
    target = tmp_path / "hostile.html"
    target.write_text(render_html(b, articles=texts), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script("window.alert = function (m) { window.__alerts = (window.__alerts || []).concat([m]); };")
    page.add_init_script(_WATCH)
    page.goto(target.as_uri())
    page.wait_for_selector("html[data-ready=true]")
    for button in page.locator("button.cite").all():
        button.click()
    for mark in page.locator(".source-text mark").all():
        mark.hover()
    assert page.evaluate("() => [window.__pwned, window.__alerts]") == [None, None]
    assert dialogs == []
    # Nothing was even blocked: escaping, not the CSP, kept the payloads inert.
    assert page.evaluate("() => window.__violations") == []
    assert requests == [target.as_uri()]
    shown = page.locator("#source-0 .source-text").inner_text()
    assert "<script>window.__pwned = 1; alert(1)</script>" in shown
    page.close()


def test_crossing_spans_each_emphasise_exactly_their_quote(browser: Any, tmp_path: Path) -> None:
    b, texts = review_fixtures.example_brief()
    page = _open(browser, render_html(b, articles=texts), tmp_path)
    story = b.stories[2]
    for sentence in story.sentences[1:3]:
        quote = sentence.citations[0].quote
        page.locator(f"#story-3 li:has-text({sentence.text!r}) button.cite").first.click()
        active = page.locator(".source-text mark.is-active")
        assert "".join(active.all_text_contents()) == quote
        expect(active.first).to_be_in_viewport()
    page.close()


def test_arrow_keys_move_between_source_tabs(browser: Any, example_brief: Brief, tmp_path: Path) -> None:
    page = _open(browser, render_html(example_brief, articles=load_source_texts(example_brief)), tmp_path)
    page.focus("#tab-0")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.id") == "tab-1"
    assert page.locator("#source-1").is_visible() and not page.locator("#source-0").is_visible()
    page.keyboard.press("End")
    last = len(example_brief.sources) - 1
    assert page.locator(f"#tab-{last}").get_attribute("aria-selected") == "true"
    page.close()


def test_clicking_a_highlight_goes_back_to_the_sentence_citing_it(
    browser: Any, example_brief: Brief, tmp_path: Path
) -> None:
    page = _open(browser, render_html(example_brief, articles=load_source_texts(example_brief)), tmp_path)
    mark = page.locator("#source-0 .source-text mark[data-c]").last
    number = (mark.get_attribute("data-c") or "").split()[0]
    mark.click()
    button = page.locator(f'.brief-pane button.cite[data-n="{number}"]').first
    assert page.evaluate("() => document.activeElement.getAttribute('data-n')") == number
    expect(button).to_be_in_viewport()
    page.close()
