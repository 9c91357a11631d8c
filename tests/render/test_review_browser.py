"""The review page in a real browser (Debian's headless Chromium driven by Playwright).

Skipped with a reason when /usr/bin/chromium is missing, except in CI (``CI`` set), where it must run: `.ci/run`
installs the browser. Screenshots go to ``test-artifacts/``; the README's screenshots in ``docs/`` are refreshed by
``python benchmarks/review_screenshots.py``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import review_fixtures
from paths import DATA, ROOT
from playwright.sync_api import expect

from summarizer import brief
from summarizer.cli import cli
from summarizer.errors import ExitCode
from summarizer.models import Brief, BriefSentence, EngineInfo, Flag, Source, Span, Story
from summarizer.render.apply import brief_sha256, review_items
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


def _visible_tabs(page: Any) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('[role=tab]')].filter(t => !t.hidden).map(t => t.getAttribute('data-src'))"
    )


def test_arrow_keys_move_between_source_tabs(browser: Any, example_brief: Brief, tmp_path: Path) -> None:
    page = _open(browser, render_html(example_brief, articles=load_source_texts(example_brief)), tmp_path)
    page.focus('[role="tab"][aria-selected="true"]')
    first, second = _visible_tabs(page)[:2]
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.id") == f"tab-{second}"
    assert page.locator(f"#source-{second}").is_visible() and not page.locator(f"#source-{first}").is_visible()
    page.keyboard.press("End")
    last = _visible_tabs(page)[-1]
    assert page.locator(f"#tab-{last}").get_attribute("aria-selected") == "true"
    assert page.evaluate("() => document.activeElement.id") == f"tab-{last}"
    page.close()


def test_clicking_a_highlight_goes_back_to_the_sentence_citing_it(
    browser: Any, example_brief: Brief, tmp_path: Path
) -> None:
    page = _open(browser, render_html(example_brief, articles=load_source_texts(example_brief)), tmp_path)
    mark = page.locator(".source:not([hidden]) .source-text mark.hl-sentence[data-c]").last
    number = (mark.get_attribute("data-c") or "").split()[0]
    mark.click()
    button = page.locator(f'.brief-pane button.cite[data-n="{number}"]').first
    assert page.evaluate("() => document.activeElement.getAttribute('data-n')") == number
    expect(button).to_be_in_viewport()
    page.close()


# --------------------------------------------------------------------------------------------------------------------
# The editor's workbench: story-aware sources, overflow, keyboard-only review, export and apply, phone layout
# --------------------------------------------------------------------------------------------------------------------


def _selected_source(page: Any) -> str:
    return page.evaluate("() => document.querySelector('[role=tab][aria-selected=true]').getAttribute('data-src')")


def test_scrolling_to_a_story_or_clicking_it_opens_its_first_source_with_its_sources_first(
    browser: Any, example_brief: Brief, tmp_path: Path
) -> None:
    page = _open(browser, render_html(example_brief, articles=load_source_texts(example_brief)), tmp_path)
    index = {s.id: i for i, s in enumerate(example_brief.sources)}
    for n, story in enumerate(example_brief.stories):
        first = str(index[story.cited_sources()[0]])
        if n == 1:  # scrolled to
            page.locator("#story-2").evaluate("e => e.scrollIntoView({ block: 'start' })")
        else:  # clicked
            page.locator(f"#story-{n + 1}-h").click()
        expect(page.locator(f"#tab-{first}")).to_have_attribute("aria-selected", "true")
        assert page.locator(f"#source-{first}").is_visible()
        own = [str(index[s]) for s in dict.fromkeys([*story.cited_sources(), *story.sources])]
        shown = _visible_tabs(page)
        assert shown[: len(own)] == own[: len(shown)]  # its sources first (as many as fit)
    page.close()


def _many_sources_brief(n: int) -> tuple[Brief, dict[str, str]]:
    sources: list[Source] = []
    texts: dict[str, str] = {}
    for i in range(n):
        sid = f"S{i + 1}"
        text = f"Report {i + 1}. Officials said the base was hit on Saturday.\n"
        flags = []
        if i == 41:
            span = Span(source=sid, start=0, end=len(f"Report {i + 1}."), quote=f"Report {i + 1}.")
            flags = [Flag(kind="automated-content", detail="written by AI", citations=[span], weight=0.3)]
        sources.append(
            Source(
                id=sid,
                path=f"https://example.org/{i}",
                sha256=f"{i:064x}",
                encoding="utf-8",
                text=text,
                publisher=f"The Extremely Long Publisher Name Number {i + 1} Daily Gazette",
                flags=flags,
            )
        )
        texts[sid] = text
    quote = "Officials said the base was hit on Saturday."

    def cite(i: int) -> Span:
        start = texts[f"S{i + 1}"].index(quote)
        return Span(source=f"S{i + 1}", start=start, end=start + len(quote), quote=quote)

    stories = [
        Story(id="T1", headline="First", sources=[f"S{i + 1}" for i in range(0, 30)],
              sentences=[BriefSentence(text=quote, citations=[cite(i) for i in range(0, 30)])]),
        Story(id="T2", headline="Second", sources=[f"S{i + 1}" for i in (45, 41, 50)],
              sentences=[BriefSentence(text=quote, citations=[cite(45), cite(41), cite(50)])]),
    ]  # fmt: skip
    return Brief(engine=EngineInfo(name="local"), sources=sources, stories=stories), texts


def test_sixty_sources_fit_one_row_of_tabs_and_an_overflow_list_with_badges_never_cut(
    browser: Any, tmp_path: Path
) -> None:
    b, texts = _many_sources_brief(60)
    page = _open(browser, render_html(b, articles=texts), tmp_path)
    geometry = """() => {
        const list = document.querySelector('[role=tablist]').getBoundingClientRect();
        return [...document.querySelectorAll('[role=tab]')].filter(t => !t.hidden).map(t => {
            const r = t.getBoundingClientRect();
            const f = t.querySelector('.tab-flag');
            const fr = f && f.getBoundingClientRect();
            return { top: r.top, left: r.left, right: r.right, listRight: list.right + 0.5, listLeft: list.left - 0.5,
                     flag: f ? [fr.left >= r.left, fr.right <= r.right + 0.5, f.scrollWidth <= f.clientWidth] : null };
        });
    }"""
    tabs = page.evaluate(geometry)
    assert 2 <= len(tabs) < 60
    assert len({round(t["top"]) for t in tabs}) == 1  # one row, not a wall
    assert all(t["listLeft"] <= t["left"] and t["right"] <= t["listRight"] for t in tabs)
    hidden = page.evaluate(
        "() => [...document.querySelectorAll('#more-sources option')].filter(o => o.value && !o.hidden).length"
    )
    assert hidden == 60 - len(tabs)
    assert page.locator("#more-sources option").first.inner_text() == f"+{hidden} more"
    assert _visible_tabs(page)[:3] == [str(i) for i in range(3)]  # story 1's sources first
    # the AI-written source is in the overflow list, with its warning in the option text
    option = page.locator('#more-sources option[value="41"]')
    assert not option.get_attribute("hidden") and "AI-written" in option.inner_text()
    page.select_option("#more-sources", "41")
    expect(page.locator("#tab-41")).to_have_attribute("aria-selected", "true")
    assert page.locator("#source-41").is_visible()
    flagged = [t for t in page.evaluate(geometry) if t["flag"] is not None]
    assert flagged and all(all(t["flag"]) for t in flagged)  # the badge is whole, inside its tab
    assert all(t["right"] <= t["listRight"] for t in page.evaluate(geometry))
    # story 2 brings its own sources to the front and opens the first one it cites
    page.locator("#story-2-h").click()
    expect(page.locator("#tab-45")).to_have_attribute("aria-selected", "true")
    shown = _visible_tabs(page)
    assert shown[:3] == ["45", "41", "50"][: len(shown)]
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('#more-sources option')].filter(o => o.value && !o.hidden)"
        ".map(o => o.value)"
    )
    assert (shown + overflow)[:3] == ["45", "41", "50"]  # what does not fit leads the overflow list
    page.close()


_NO_MOUSE = """
window.__mouse = [];
for (const type of ['mousedown', 'mouseup', 'mousemove', 'pointerdown', 'pointerup', 'pointermove', 'touchstart',
                    'wheel']) {
    document.addEventListener(type, e => window.__mouse.push(type), true);
}
"""


def _active(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => { const a = document.activeElement; const item = a.closest('.item');
                   return { tag: a.tagName, id: a.id, text: a.textContent.trim().slice(0, 40),
                            item: item ? item.getAttribute('data-item') : null, isItem: a.classList.contains('item'),
                            decision: a.getAttribute('data-decision'), note: a.classList.contains('note-btn') }; }"""
    )


def _decide_by_keyboard(page: Any, decision: str, note: str | None = None) -> None:
    """From an item, with the keyboard only: End (the note button), Left to the decision button, Enter; a note."""
    item = _active(page)["item"]
    page.keyboard.press("End")
    assert _active(page)["note"]
    for _ in range({"approved": 3, "struck": 2, "check-again": 1}[decision]):
        page.keyboard.press("ArrowLeft")
    assert _active(page)["decision"] == decision
    page.keyboard.press("Enter")
    assert page.locator(f'[data-item="{item}"] button[data-decision="{decision}"]').get_attribute("aria-pressed") == (
        "true"
    )
    if note is not None:
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        assert _active(page)["tag"] == "TEXTAREA"
        page.keyboard.type(note)
        page.keyboard.press("Escape")
        assert _active(page)["note"]
    page.keyboard.press("Escape")
    assert _active(page)["isItem"] and _active(page)["item"] == item


def test_a_whole_story_is_reviewed_exported_and_applied_with_the_keyboard_only(
    browser: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b, texts = review_fixtures.example_brief()
    target = tmp_path / "review.html"
    target.write_text(render_html(b, articles=texts), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page.add_init_script(_NO_MOUSE)
    page.goto(target.as_uri())
    page.wait_for_selector("html[data-ready=true]")
    page.keyboard.press("Tab")
    assert _active(page)["text"] == "Skip to the brief"
    assert page.locator("a.skip").first.is_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _active(page)["id"] == "reviewer"
    page.keyboard.type("Ann Editor")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # skip to the brief: the first sentence
    assert _active(page)["item"] == "story-1/sentence-1" and _active(page)["isItem"]
    plan = [
        ("story-1/sentence-1", "approved", None),
        ("story-1/sentence-2", "approved", None),
        ("story-1/sentence-3", "struck", "mixes two counts"),
        ("story-1/sentence-4", "approved", "claim confirmed by AFP"),
        ("story-1/sentence-5", "struck", None),
        ("story-1/conflict-1", "approved", None),
        ("story-1/background-1", "check-again", "troop numbers are from 2023"),
    ]
    for k, (item, decision, note) in enumerate(plan):
        assert _active(page)["item"] == item
        _decide_by_keyboard(page, decision, note)
        if k + 1 < len(plan):
            page.keyboard.press("ArrowDown")
    # one tab stop per item: Tab leaves the item (no trap), past the story's closed "left out" list, to story 2
    page.keyboard.press("Tab")
    assert _active(page)["item"] is None and _active(page)["tag"] == "SUMMARY"
    page.keyboard.press("Tab")
    assert _active(page)["item"] == "story-2/sentence-1"
    assert page.locator("#progress").inner_text() == f"7 of {len(review_items(b))} decided"
    for _ in range(80):
        page.keyboard.press("Shift+Tab")
        if _active(page)["id"] == "export":
            break
    assert _active(page)["id"] == "export"
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    decisions_file = tmp_path / "decisions.json"
    download.value.save_as(decisions_file)
    assert page.evaluate("() => window.__mouse") == []
    exported = json.loads(decisions_file.read_text(encoding="utf-8"))
    assert exported["brief_sha256"] == brief_sha256(b)
    assert [(d["item"], d["decision"], d["note"] or None) for d in exported["decisions"]] == plan
    assert {d["reviewer"] for d in exported["decisions"]} == {"Ann Editor"}
    assert "Exported 7 decisions" in page.locator("#status").inner_text()
    # the decisions survive a reload (localStorage, keyed by the brief's hash)
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    assert page.locator('[data-item="story-1/sentence-3"]').get_attribute("class").split().count("is-struck") == 1
    assert page.locator("#reviewer").input_value() == "Ann Editor"
    page.close()
    brief_file = tmp_path / "brief.json"
    brief_file.write_text(b.model_dump_json(), encoding="utf-8")
    final = tmp_path / "final.md"
    assert cli(["apply", str(brief_file), str(decisions_file), "-o", str(final)]) == ExitCode.OK
    capsys.readouterr()
    md = final.read_text(encoding="utf-8")
    body, review = md.split("## Review", 1)
    story = b.stories[0]
    for i in (0, 1, 3):
        assert story.sentences[i].text[:60] in body
    for i in (2, 4):
        assert story.sentences[i].text[:60] not in body
    removed = review.split("### Removed in review", 1)[1].split("###", 1)[0]
    assert "mixes two counts" in removed and "story-1/sentence-5" in removed
    assert "troop numbers are from 2023" in review.split("### Not signed off", 1)[1]
    assert "claim confirmed by AFP" in review.split("### Notes", 1)[1]


def test_skip_link_reaches_the_source_tabs_in_three_key_presses(browser: Any, tmp_path: Path) -> None:
    b, texts = review_fixtures.example_brief()
    page = _open(browser, render_html(b, articles=texts), tmp_path)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _active(page)["text"] == "Skip to the sources"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "tab"
    assert page.evaluate("() => document.activeElement.getAttribute('aria-selected')") == "true"
    # a highlighted span is focusable and Enter goes back to the sentence citing it
    page.locator(".source:not([hidden]) .source-text mark.hl-sentence").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.classList.contains('cite')")
    assert page.evaluate("() => !!document.activeElement.closest('.brief-pane')")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.close()


_TAP_TARGETS = """() => [...document.querySelectorAll('button, a[href], input, select, textarea, summary')]
    .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
    .map(el => { const r = el.getBoundingClientRect();
                 return [el.tagName + '.' + el.className + ' ' + el.textContent.trim().slice(0, 20),
                         Math.round(r.width), Math.round(r.height)]; })
    .filter(([, w, h]) => w < 44 || h < 44)"""
_OVERFLOW = "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"


@pytest.mark.parametrize("which", ["pipeline", "hand-built"])
def test_phone_layout_stacks_without_horizontal_scroll_and_with_44px_tap_targets(
    which: str, browser: Any, example_brief: Brief, tmp_path: Path
) -> None:
    if which == "pipeline":
        b, texts = example_brief, load_source_texts(example_brief)
    else:
        b, texts = review_fixtures.example_brief()
    target = tmp_path / "phone.html"
    target.write_text(render_html(b, articles=texts), encoding="utf-8")
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page.goto(target.as_uri())
    page.wait_for_selector("html[data-ready=true]")
    for details in page.locator("details").all():
        details.evaluate("d => d.open = true")
    width, body, inner = page.evaluate(_OVERFLOW)
    assert width <= inner and body <= inner
    assert page.evaluate(_TAP_TARGETS) == []
    status = page.locator("#status").bounding_box()
    assert status is not None and status["x"] + status["width"] <= 390
    assert (
        not page.locator("#sources").is_visible()
        or page.evaluate("() => getComputedStyle(document.getElementById('sources')).visibility") == "hidden"
    )
    # a citation opens the source as a sheet over the brief, with a close button
    page.locator(".brief-pane button.cite").first.tap()
    expect(page.locator("#close-sheet")).to_be_visible()
    assert page.locator(".source-text mark.is-active").count() >= 1
    expect(page.locator(".source-text mark.is-active").first).to_be_in_viewport()
    assert page.evaluate(_TAP_TARGETS) == []
    width, body, inner = page.evaluate(_OVERFLOW)
    assert width <= inner and body <= inner
    if which == "hand-built":
        _screenshot(page, "review-phone-sheet.png")
    page.locator("#close-sheet").tap()
    page.wait_for_function("() => getComputedStyle(document.getElementById('sources')).visibility === 'hidden'")
    page.close()


def test_hostile_brief_reviewed_on_a_phone_runs_nothing_and_requests_nothing(browser: Any, tmp_path: Path) -> None:
    b, texts = review_fixtures.hostile_brief()
    target = tmp_path / "hostile.html"
    target.write_text(render_html(b, articles=texts), encoding="utf-8")
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script(_WATCH)
    page.goto(target.as_uri())
    page.wait_for_selector("html[data-ready=true]")
    for item in page.locator(".brief-pane .item").all():
        item.locator("button.dec-struck").click()
        item.locator("button.note-btn").click()
        item.locator("textarea").fill('<img src=x onerror="window.__pwned=20">')
    page.locator("#reviewer").fill("<script>window.__pwned=21</script>")
    page.locator(".brief-pane button.cite").first.click()
    page.locator("#close-sheet").click()
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    assert page.locator("textarea").first.input_value() == '<img src=x onerror="window.__pwned=20">'
    assert page.evaluate("() => [window.__pwned, window.__violations]") == [None, []]
    assert requests == [target.as_uri(), target.as_uri()]
    assert page.evaluate(_OVERFLOW)[0] <= 390
    page.close()
