"""The review page is one self-contained, escaped file with every citation linked to its highlighted span."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from summarizer import brief
from summarizer.errors import MissingSource
from summarizer.models import Brief
from summarizer.render_html import highlight_html, load_source_texts, render_html, safe_url

HOSTILE = Path(__file__).parent / "data" / "hostile" / "hostile.txt"


@pytest.fixture(scope="module")
def example_page(example_brief: Brief) -> str:
    return render_html(example_brief, articles=load_source_texts(example_brief))


def test_page_is_self_contained_with_a_strict_csp(example_page: str) -> None:
    assert "Content-Security-Policy" in example_page
    assert "default-src 'none'" in html.unescape(example_page)
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=\"?https?:", example_page)
    assert "<script src" not in example_page


def test_every_citation_has_a_marker_and_a_highlighted_span(example_brief: Brief, example_page: str) -> None:
    markers = set(re.findall(r'class="cite[^"]*" data-n="(\d+)"', example_page))
    marked = {n for group in re.findall(r'<mark[^>]* data-c="([\d ]+)"', example_page) for n in group.split()}
    assert markers and markers <= marked
    distinct = {(c.source, c.start, c.end) for c in example_brief.citations()}
    assert len(markers) == len(distinct)


@pytest.fixture(scope="module")
def hostile_page() -> str:
    b = brief([str(HOSTILE)], engine="local")
    return render_html(b, articles=load_source_texts(b))


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param('<script>window.__pwned = "inline";</script>', id="script-tag"),
        pytest.param("<img src=x onerror=", id="img-onerror"),
        pytest.param('<a href="javascript:', id="javascript-link"),
        pytest.param('</script><script>window.__pwned = "breakout"', id="script-breakout"),
    ],
)
def test_hostile_article_text_never_reaches_the_page_unescaped(hostile_page: str, payload: str) -> None:
    assert payload not in hostile_page


def test_only_the_pages_own_scripts_are_script_blocks(hostile_page: str) -> None:
    blocks = re.findall(r"<script\b[^>]*>", hostile_page)
    assert len(blocks) == 2  # the JSON data block and the page's behaviour
    assert 'href="javascript:' not in hostile_page.lower()


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        pytest.param("https://example.org/a?b=1", True, id="https"),
        pytest.param("http://example.org/", True, id="http"),
        pytest.param("javascript:alert(1)", False, id="javascript"),
        pytest.param("data:text/html,<b>x</b>", False, id="data"),
        pytest.param('https://x.org/"onmouseover=alert(1)', False, id="quote-in-url"),
        pytest.param("examples/000.txt", False, id="relative-path"),
    ],
)
def test_only_http_urls_become_links(url: str, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_overlapping_spans_are_highlighted_without_losing_text() -> None:
    from summarizer.models import Span
    from summarizer.render_html import CitedSpan

    text = "Alpha <beta> gamma delta."
    spans = [
        CitedSpan(
            number=1, span=Span(source="S1", start=0, end=12, quote=text[0:12]), roles={"sentence"}, source_index=0
        ),
        CitedSpan(
            number=2, span=Span(source="S1", start=6, end=18, quote=text[6:18]), roles={"context"}, source_index=0
        ),
    ]
    out = str(highlight_html(text, spans))
    assert "&lt;beta&gt;" in out and "<beta>" not in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert re.search(r'data-c="1 2"', out)  # the overlap is one segment cited by both


def test_missing_source_file_is_named(example_brief: Brief, tmp_path: Path) -> None:
    moved = example_brief.model_copy(
        update={"sources": [s.model_copy(update={"path": str(tmp_path / "gone.txt")}) for s in example_brief.sources]}
    )
    with pytest.raises(MissingSource) as info:
        load_source_texts(moved)
    assert "gone.txt" in str(info.value)
