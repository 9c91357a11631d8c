"""The review page is one self-contained, escaped file with every citation linked to its highlighted span."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import review_fixtures
from paths import DATA

from summarizer import brief
from summarizer.models import Brief, EngineInfo, Source, Span
from summarizer.render.access import source_texts
from summarizer.render.html import CitedSpan, highlight_html, load_source_texts, render_html, safe_url

HOSTILE = DATA / "hostile" / "hostile.txt"


@pytest.fixture(scope="module")
def example_page(example_brief: Brief) -> str:
    return render_html(example_brief, articles=load_source_texts(example_brief))


def test_page_is_self_contained_with_a_strict_csp(example_page: str) -> None:
    assert "Content-Security-Policy" in example_page
    assert "default-src 'none'" in html.unescape(example_page)
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=\"?https?:", example_page)
    assert "<script src" not in example_page


def test_every_citation_has_a_marker_and_a_highlighted_span(any_brief: Brief) -> None:
    page = render_html(any_brief, articles=load_source_texts(any_brief))
    markers = set(re.findall(r'class="cite[^"]*" data-n="(\d+)"', page))
    marked = {n for group in re.findall(r'<mark[^>]* data-c="([\d ]+)"', page) for n in group.split()}
    assert markers and markers <= marked
    distinct = {(c.source, c.start, c.end) for c in any_brief.citations()}
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
    from summarizer.render.html import CitedSpan

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


def test_missing_source_file_is_named_as_unavailable(example_brief: Brief, tmp_path: Path) -> None:
    moved = example_brief.model_copy(
        update={"sources": [s.model_copy(update={"path": "gone.txt"}) for s in example_brief.sources]}
    )
    found = source_texts(moved, base_dir=tmp_path)
    assert load_source_texts(moved, base_dir=tmp_path) == {}
    assert all(st.text is None and "gone.txt" in (st.reason or "") for st in found.values())


# --------------------------------------------------------------------------------------------------------------------
# Structural checks on pages built from hand-made briefs (tests/review_fixtures.py)
# --------------------------------------------------------------------------------------------------------------------

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "section", "article", "div", "p", "span",
    "b", "code", "h1", "h2", "h3", "ol", "ul", "li", "button", "mark", "details", "summary", "time", "a", "script",
    "nav", "label", "input", "select", "option", "textarea",
}  # fmt: skip


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the raw text of each <script> block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def crafted() -> tuple[Brief, dict[str, str], str]:
    b, texts = review_fixtures.example_brief()
    return b, texts, render_html(b, articles=texts)


@pytest.fixture(scope="module")
def hostile_fields() -> tuple[Brief, dict[str, str], str]:
    b, texts = review_fixtures.hostile_brief()
    return b, texts, render_html(b, articles=texts)


def _marked_text(page: str, number: int) -> str:
    pattern = rf'<mark class="[^"]*" data-c="(?:[\d ]* )?{number}(?: [\d ]*)?"[^>]*>(.*?)</mark>'
    return "".join(html.unescape(m) for m in re.findall(pattern, page, flags=re.S))


def test_hostile_fields_produce_only_the_pages_own_tags_and_attributes(
    hostile_fields: tuple[Brief, dict[str, str], str],
) -> None:
    tags = _parse(hostile_fields[2]).tags
    assert {t for t, _ in tags} <= ALLOWED_TAGS
    assert not [(t, a) for t, attrs in tags for a in attrs if a.startswith("on")]
    assert [t for t, _ in tags].count("script") == 2
    hrefs = [attrs.get("href") or "" for t, attrs in tags if t == "a" and "data-skip" not in attrs]
    assert hrefs == ["https://example.org/news/story?id=1&x=2"]  # javascript: and quote-breaking URLs stay text


def test_hostile_article_text_is_shown_verbatim_as_text(hostile_fields: tuple[Brief, dict[str, str], str]) -> None:
    page = hostile_fields[2]
    body = re.search(r'<div class="source-text">(.*?)</div>', page, flags=re.S)
    assert body is not None
    assert html.unescape(re.sub(r"<[^>]+>", "", body.group(1))) == review_fixtures.HOSTILE_TEXT


def test_script_data_is_json_that_cannot_close_its_block(hostile_fields: tuple[Brief, dict[str, str], str]) -> None:
    b, _, page = hostile_fields
    data_block = _parse(page).scripts[0]
    assert "</" not in data_block and "<" not in data_block
    data = json.loads(data_block)
    assert [s["id"] for s in data["sources"]] == [s.id for s in b.sources]
    assert data["sources"][0]["name"] == b.sources[0].publisher


def test_csp_forbids_remote_loads_and_allows_only_the_pages_script_by_hash(
    hostile_fields: tuple[Brief, dict[str, str], str],
) -> None:
    parsed = _parse(hostile_fields[2])
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    digest = base64.b64encode(hashlib.sha256(parsed.scripts[1].encode()).digest()).decode()
    assert directives["script-src"] == f"'sha256-{digest}'"


def test_every_distinct_span_gets_one_number_and_its_marks_spell_the_quote(
    crafted: tuple[Brief, dict[str, str], str],
) -> None:
    b, _, page = crafted
    distinct = list(dict.fromkeys((c.source, c.start, c.end, c.quote) for c in b.citations()))
    numbers = sorted({int(n) for n in re.findall(r'class="cite[^"]*" data-n="(\d+)"', page)})
    assert numbers == list(range(1, len(numbers) + 1))
    quotes = {_marked_text(page, n) for n in numbers}
    assert {q for *_, q in distinct} <= quotes
    assert "cannot be shown in the source" not in page


def test_crossing_spans_each_keep_their_own_quote(crafted: tuple[Brief, dict[str, str], str]) -> None:
    b, _, page = crafted
    story = b.stories[2]
    rockets, injured = story.sentences[1].citations[0], story.sentences[2].citations[0]
    assert rockets.start < injured.start < rockets.end < injured.end  # the fixture's spans cross
    shared = re.findall(r'<mark class="hl hl-sentence hl-multi" data-c="(\d+) (\d+)"[^>]*>initial reports</mark>', page)
    assert len(shared) == 1
    for number in map(int, shared[0]):
        assert _marked_text(page, number) in (rockets.quote, injured.quote)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1 of 3 sources", id="multi-source-sentence"),
        pytest.param("3 of 3 sources", id="fully-supported-sentence"),
        pytest.param("1 of 1 source<", id="single-source-story-singular"),
        pytest.param("Sources disagree", id="conflict"),
        pytest.param("automated-content", id="flag-badge"),
        pytest.param("Left out of this story", id="story-rejected"),
        pytest.param("Rejected material", id="brief-rejected"),
        pytest.param("1 input not used", id="file-errors"),
        pytest.param("1 warning", id="warnings"),
        pytest.param("Background", id="context"),
    ],
)
def test_page_shows_every_part_of_the_brief(crafted: tuple[Brief, dict[str, str], str], text: str) -> None:
    assert text in crafted[2]


def test_conflict_positions_are_columns_with_their_own_citations(crafted: tuple[Brief, dict[str, str], str]) -> None:
    page = crafted[2]
    block = re.search(r'<div class="positions">(.*?)</section>', page, flags=re.S)
    assert block is not None
    columns = re.split(r'<div class="position">', block.group(1))[1:]
    assert len(columns) == 2
    assert all(re.search(r'class="cite[^"]*" data-n="\d+"', col) for col in columns)


def test_a_citation_that_does_not_match_its_source_is_reported_not_highlighted(
    crafted: tuple[Brief, dict[str, str], str],
) -> None:
    b, texts, _ = crafted
    shifted = dict(texts, S5="XX" + texts["S5"])  # the file changed since the brief was made
    page = render_html(b, articles=shifted)
    assert "cannot be shown in the source" in page
    assert "is not the quote (the quote occurs at" in page
    panel = re.search(r'id="source-4".*?</article>', page, flags=re.S)
    assert panel is not None and "<mark" not in panel.group(0)


def test_a_source_without_text_is_listed_without_highlights(crafted: tuple[Brief, dict[str, str], str]) -> None:
    b, texts, _ = crafted
    page = render_html(b, articles={k: v for k, v in texts.items() if k != "S2"})
    assert "The text of this source is not available" in page
    assert "the source text is not available" in page


def test_empty_brief_renders_a_page() -> None:
    page = render_html(Brief(engine=EngineInfo(name="local")))
    assert "This brief has no stories." in page and "This brief lists no sources." in page


@pytest.mark.parametrize(
    ("spans", "segments"),
    [
        pytest.param([(0, 5)], [("01234", "1")], id="single"),
        pytest.param([(0, 8), (2, 4)], [("01", "1"), ("23", "1 2"), ("4567", "1")], id="nested"),
        pytest.param([(0, 4), (2, 6)], [("01", "1"), ("23", "1 2"), ("45", "2")], id="crossing"),
        pytest.param([(2, 4), (2, 4)], [("23", "1")], id="duplicate-span-is-one-citation"),
        pytest.param([(3, 3)], [("", "1")], id="empty-span-is-an-anchor"),
    ],
)
def test_highlight_cuts_text_at_every_span_boundary(
    spans: list[tuple[int, int]], segments: list[tuple[str, str]]
) -> None:
    text = "0123456789"
    registry = _registry_for(text, spans)
    out = str(highlight_html(text, registry))
    assert re.findall(r'<mark[^>]* data-c="([\d ]+)"[^>]*>([^<]*)</mark>', out) == [(c, t) for t, c in segments]
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def _registry_for(text: str, spans: list[tuple[int, int]]) -> list[CitedSpan]:
    by_key: dict[tuple[int, int], CitedSpan] = {}
    for a, b in spans:
        if (a, b) not in by_key:
            span = Span(source="S1", start=a, end=b, quote=text[a:b])
            by_key[(a, b)] = CitedSpan(len(by_key) + 1, span, roles={"sentence"}, source_index=0)
    return list(by_key.values())


def test_load_source_texts_decodes_with_the_recorded_encoding_and_prefers_stored_text(tmp_path: Path) -> None:
    data = "Café – “quoted”".encode("cp1252")
    (tmp_path / "legacy.txt").write_bytes(data)
    b = Brief(
        engine=EngineInfo(name="local"),
        sources=[
            Source(id="S1", path="legacy.txt", sha256=hashlib.sha256(data).hexdigest(), encoding="cp1252"),
            Source(id="S2", path="converted.html", sha256="0" * 64, encoding="utf-8", text="converted text"),
        ],
    )
    assert load_source_texts(b, base_dir=tmp_path) == {"S1": "Café – “quoted”", "S2": "converted text"}


def test_load_source_texts_names_a_file_that_no_longer_decodes(tmp_path: Path) -> None:
    data = b"\xff\xfe\xfa broken"
    (tmp_path / "a.txt").write_bytes(data)
    b = Brief(
        engine=EngineInfo(name="local"),
        sources=[Source(id="S1", path="a.txt", sha256=hashlib.sha256(data).hexdigest(), encoding="utf-8")],
    )
    found = source_texts(b, base_dir=tmp_path)["S1"]
    assert found.text is None and "a.txt" in (found.reason or "") and "does not decode as utf-8" in (found.reason or "")


def test_flag_badges_are_coloured_by_level_and_the_tab_keeps_its_badge(
    crafted: tuple[Brief, dict[str, str], str],
) -> None:
    _, _, page = crafted
    tab = re.search(r'<button[^>]*id="tab-1"[^>]*>(.*?)</button>', page, re.S)
    assert tab is not None
    assert 'class="tab-flag flag-warning"' in tab.group(1) and "AI-written" in tab.group(1)
    quiet = re.search(r'<button[^>]*id="tab-4"[^>]*>(.*?)</button>', page, re.S)
    assert quiet is not None and 'class="tab-flag flag-info"' in quiet.group(1)
    assert 'class="chip chip-warning"' in page
    info_chip = re.search(r'<span class="chip chip-info"[^>]*>(.*?)</span>', page)
    assert info_chip is not None and info_chip.group(1) == "S5"  # a missing byline is quiet: no glyph, no colour
    assert ".chip-info" not in page
    assert "flags: " in page and "badge-warning" in page and "badge-info" in page  # the legend


def test_a_brief_saved_before_flag_levels_gets_the_kinds_level() -> None:
    b, texts = review_fixtures.example_brief()
    data = json.loads(b.model_dump_json())
    for source in data["sources"]:
        for flag in source["flags"]:
            del flag["level"]
    old = Brief.model_validate(data)
    assert all(f.level == "caution" for s in old.sources for f in s.flags)  # the field's default...
    page = render_html(old, articles=texts)
    assert 'class="tab-flag flag-warning"' in page  # ...but the page reads automated-content as a warning
    assert 'class="tab-flag flag-info"' in page
