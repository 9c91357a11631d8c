"""Tests for ingest.layout: header block (title, publisher, byline, date), dateline, furniture and the regions."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from summarizer.ingest.layout import (
    PageLayout,
    analyse,
    furniture,
    is_org,
    is_prose,
    is_terminal,
    parse_byline,
    parse_dateline,
    split_lines,
    word_count,
)

HEADER = (
    "Business\n"
    "Harbour cranes return to work after strike ends\n"
    "By Amira Haddad and Tom Reyes\n"
    "March 4, 2025\n"
    "\n"
    "Dock workers at the port of Kelmouth went back to work on Tuesday after a nine-day strike over pay ended.\n"
    "\n"
    "The union said members had voted to accept a 6 percent rise over two years.\n"
)


def region_at(page: PageLayout, text: str, needle: str) -> tuple[str, str] | None:
    """(kind, reason) of the region that covers the first occurrence of ``needle``, None when it is body."""
    i = text.index(needle)
    for r in page.regions:
        if r.start <= i and i + len(needle) <= r.end:
            return r.kind, r.reason
    return None


def span(page: PageLayout, text: str, key: str) -> str:
    s, e = page.meta[key]
    return text[s:e]


# --------------------------------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------------------------------


def test_split_lines_keeps_offsets_for_every_line_ending() -> None:
    text = "One\r\nTwo\rThree\n\n  Four  \n"
    lines = split_lines(text)
    assert [ln.text for ln in lines] == ["One", "Two", "Three", "Four"]
    assert all(text[ln.istart : ln.iend] == ln.text for ln in lines)
    assert [ln.block for ln in lines] == [0, 0, 0, 1]


def test_split_lines_strips_markdown_markers_from_the_inner_text_only() -> None:
    text = "# Storm closes schools\n**By Lena Ortiz**\n"
    lines = split_lines(text)
    assert [ln.text for ln in lines] == ["Storm closes schools", "By Lena Ortiz"]
    assert lines[0].heading_marker and not lines[1].heading_marker
    assert text[lines[0].start : lines[0].end] == "# Storm closes schools"


# --------------------------------------------------------------------------------------------------------------------
# Header block: title, byline, date, publisher
# --------------------------------------------------------------------------------------------------------------------


def test_header_gives_title_authors_and_date_with_spans() -> None:
    page = analyse(HEADER)
    assert page.title == "Harbour cranes return to work after strike ends"
    assert page.authors == ["Amira Haddad", "Tom Reyes"]
    assert page.published == dt.date(2025, 3, 4)
    assert span(page, HEADER, "title") == page.title
    assert span(page, HEADER, "published") == "March 4, 2025"
    assert span(page, HEADER, "byline") == "By Amira Haddad and Tom Reyes"


def test_header_lines_are_regions_and_the_body_is_not() -> None:
    page = analyse(HEADER)
    assert region_at(page, HEADER, "Business") == ("header", "section label")
    assert region_at(page, HEADER, "Harbour cranes return") == ("header", "title")
    assert region_at(page, HEADER, "By Amira Haddad") == ("byline", "byline")
    assert region_at(page, HEADER, "March 4, 2025") == ("header", "date line")
    assert region_at(page, HEADER, "Dock workers at the port") is None
    assert region_at(page, HEADER, "The union said members") is None


def test_source_line_names_the_publisher() -> None:
    text = "Jobs growth slows in February\nSource: Eastern Ledger\n\n" + HEADER.split("\n\n", 1)[1]
    page = analyse(text)
    assert page.publisher == "Eastern Ledger"
    assert span(page, text, "publisher") == "Eastern Ledger"
    assert region_at(page, text, "Source: Eastern Ledger") == ("header", "source line")


def test_byline_organisation_is_the_publisher_and_generic_desk_is_nobody() -> None:
    text = "Court rules on water permits\nBy Staff Reporter and Valley Courier Staff\nJune 2, 2025\n\n" + (
        "The state appeals court on Monday upheld the permits granted to three farms last year.\n"
    )
    page = analyse(text)
    assert page.authors == []
    assert page.publisher == "Valley Courier Staff"


def test_date_inside_the_byline_is_the_publication_date() -> None:
    text = "Storm knocks out power\nBy Lena Ortiz January 21, 2024\n\nThe storm reached the coast late on Sunday.\n"
    page = analyse(text)
    assert page.authors == ["Lena Ortiz"]
    assert page.published == dt.date(2024, 1, 21)
    assert span(page, text, "published") == "January 21, 2024"


def test_text_without_header_has_no_metadata_and_no_regions() -> None:
    text = (
        "The city council voted on Thursday to extend the bus lane on Mill Road.\n\n"
        "Councillors said the change would cut journey times by a few minutes.\n"
    )
    page = analyse(text)
    assert (page.title, page.publisher, page.authors, page.published, page.dateline) == (None, None, [], None, None)
    assert page.regions == []


def test_start_skips_what_comes_before_it() -> None:
    prefix = "Ignored heading\nBy Nobody Here\n\n"
    page = analyse(prefix + HEADER, len(prefix))
    assert page.title == "Harbour cranes return to work after strike ends"
    assert all(r.start >= len(prefix) for r in page.regions)
    assert page.meta["title"][0] >= len(prefix)


# --------------------------------------------------------------------------------------------------------------------
# Byline and dateline parsers
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        pytest.param("By Jane Roe", ["Jane Roe"], id="one-name"),
        pytest.param("By A. Smith, B. Jones and C. de la Cruz", ["A. Smith", "B. Jones", "C. de la Cruz"], id="three"),
        pytest.param("Written by Omar al-Rashid", ["Omar al-Rashid"], id="written-by-particle"),
        pytest.param("By: Priya Nair | Reuters", ["Priya Nair", "Reuters"], id="pipe-agency"),
    ],
)
def test_parse_byline_gives_each_name_with_offsets(line: str, names: list[str]) -> None:
    b = parse_byline(line, 100)
    assert b is not None
    assert [line[s - 100 : e - 100] for s, e in b.names] == names


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("By the end of the week, the river had fallen back below its banks.", id="sentence"),
        pytest.param("Bystanders filmed the collapse", id="word-starting-with-by"),
        pytest.param("By " + "word " * 60, id="too-long"),
    ],
)
def test_parse_byline_rejects_what_is_not_a_byline(line: str) -> None:
    assert parse_byline(line, 0) is None


def test_parse_dateline_gives_place_date_and_agency_spans() -> None:
    line = "KELMOUTH, March 4 (Reuters) - Dock workers went back to work on Tuesday."
    dl = parse_dateline(line, 0)
    assert dl is not None
    assert line[slice(*dl["dateline"])] == "KELMOUTH, March 4 (Reuters)"
    assert line[slice(*dl["agency"])] == "Reuters"
    assert line[slice(*dl["dateline_date"])] == "March 4"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Officials said - without giving details - that talks would resume.", id="dash-in-sentence"),
        pytest.param("Paris: the mayor spoke on Monday about the new tram line.", id="mixed-case-place"),
    ],
)
def test_parse_dateline_rejects_ordinary_sentences(line: str) -> None:
    assert parse_dateline(line, 0) is None


def test_dateline_is_metadata_only_and_agency_becomes_publisher() -> None:
    text = "Storm makes landfall\n\nPORT AVERY, Oct 9 (AP) - The storm came ashore before dawn, officials said.\n"
    page = analyse(text)
    assert page.dateline == "PORT AVERY, Oct 9 (AP)"
    assert page.publisher == "AP"
    assert region_at(page, text, "PORT AVERY") is None  # the lead sentence stays body


# --------------------------------------------------------------------------------------------------------------------
# Furniture and other regions
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        pytest.param("Share this article", "boilerplate", id="share"),
        pytest.param("Top of page", "boilerplate", id="page-marker"),
        pytest.param("© 2025 Eastern Ledger. All rights reserved.", "boilerplate", id="copyright"),
        pytest.param("Photo: Kelmouth Port Authority", "caption", id="caption"),
        pytest.param("Additional reporting by Sam Ode", "byline", id="contributors"),
        pytest.param("https://example.com/images/storm.jpg", "boilerplate", id="image-url"),
        pytest.param("ALL RIGHTS RESERVED", "boilerplate", id="copyright-capitals"),
        pytest.param("The opinions stated here do not necessarily represent ours.", "boilerplate", id="disclaimer"),
        pytest.param("This story was GENERATED with an AI tool.", "boilerplate", id="automated"),
        pytest.param("Jo Marr contributed reporting to this story.", "byline", id="contributed"),
        pytest.param("(Pictures: Coast Guard)", "caption", id="caption-brackets"),
        pytest.param("Rescuers at work. AP Photo/J. Doe", "caption", id="ap-photo"),
        pytest.param("Boats in the harbour / Getty Images", "caption", id="getty"),
        pytest.param("\u0130mage by the Port Authority", "caption", id="caption-dotted-capital-i"),
    ],
)
def test_furniture_lines_are_recognised(line: str, kind: str) -> None:
    found = furniture(line)
    assert found is not None
    assert found[0] == kind


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("The union said members would share the details with the company on Friday.", id="share-in-prose"),
        pytest.param("Related: " + "word " * 120, id="too-long"),
    ],
)
def test_prose_is_not_furniture(line: str) -> None:
    assert furniture(line) is None


def test_repeated_paragraph_is_boilerplate_and_a_pull_quote_stays_once() -> None:
    blurb = "This story was compiled by our automated news desk from public data."
    quote = "“We are back because the deal is fair,” the union's leader said."
    body = "Dock workers went back to work on Tuesday after a nine-day strike over pay ended in Kelmouth."
    text = f"{body}\n\n{blurb}\n\n{quote}\n\n{body} More ships are due.\n\n{quote}\n\n{blurb}\n\n{blurb}\n"
    page = analyse(text)
    assert region_at(page, text, blurb) == ("boilerplate", "repeated paragraph")
    assert region_at(page, text, quote) is None
    second = text.index(quote, text.index(quote) + 1)
    assert any(r.start <= second < r.end for r in page.regions)  # the repeat is not read twice


def test_table_rows_and_section_headings_in_the_body() -> None:
    text = (
        "The ministry published its monthly figures for the regions on Friday morning in the capital.\n\n"
        "Regional results\n\n"
        "North 4,100\nSouth 3,800\nEast 2,950\n\n"
        "Officials said the figures would be revised next month as late returns arrived from the regions.\n"
    )
    page = analyse(text)
    assert region_at(page, text, "Regional results") == ("heading", "section heading")
    assert region_at(page, text, "North 4,100\nSouth 3,800\nEast 2,950") == ("table", "table rows")
    assert region_at(page, text, "Officials said the figures") is None


def test_bottom_block_short_lines_are_furniture() -> None:
    text = (
        "Storm closes schools\n\n"
        "Schools across the county closed on Monday as the storm brought winds of up to 110 km/h to the coast.\n\n"
        "Forecasters expect the wind to ease by Wednesday, the weather service said in a statement.\n\n"
        "Weather\n\nCounty news\n"
    )
    page = analyse(text)
    assert region_at(page, text, "Weather") == ("boilerplate", "short line at the bottom of the page")
    assert region_at(page, text, "County news") == ("boilerplate", "short line at the bottom of the page")
    assert region_at(page, text, "Forecasters expect") is None


def test_regions_are_sorted_disjoint_and_adjacent_lines_merge() -> None:
    text = HEADER + "\nShare this\nPrint\nTop of page\n"
    page = analyse(text)
    starts = [(r.start, r.end) for r in page.regions]
    assert starts == sorted(starts)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(starts))
    assert region_at(page, text, "Share this\nPrint") == ("boilerplate", "page furniture")
    assert region_at(page, text, "Top of page") == ("boilerplate", "page marker")


@pytest.mark.parametrize(
    ("name", "org"),
    [
        pytest.param("Reuters", True, id="agency"),
        pytest.param("bne IntelliNews", True, id="lowercase-brand"),
        pytest.param("Valley Courier Staff", True, id="staff"),
        pytest.param("Kelmouth Daily Post", True, id="post"),
        pytest.param("Amira Haddad", False, id="person"),
        pytest.param("Omar al-Rashid", False, id="person-particle"),
    ],
)
def test_is_org_tells_organisations_from_people(name: str, org: bool) -> None:
    assert is_org(name) is org


def test_is_prose_needs_sentence_punctuation_and_six_words() -> None:
    assert is_prose("The union said members had voted to accept.")
    assert not is_prose("Harbour cranes return to work after strike ends")
    assert not is_prose("Jobs rose.")


def test_a_line_without_sentence_punctuation_is_prose_only_from_forty_words() -> None:
    long = " ".join(["word"] * 40)
    assert is_prose(long)
    assert not is_prose(long.rsplit(" ", 1)[0])


@pytest.mark.parametrize(
    ("line", "terminal"),
    [
        pytest.param("Jobs rose.", True, id="period"),
        pytest.param("Did jobs rise?)”  ", True, id="closers-after-question-mark"),
        pytest.param("He said “no”", True, id="closing-quote-alone"),
        pytest.param("Jobs rose)", False, id="bracket-without-terminal"),
        pytest.param("Jobs rose", False, id="no-punctuation"),
        pytest.param("", False, id="empty"),
    ],
)
def test_is_terminal_reads_the_end_of_the_line(line: str, terminal: bool) -> None:
    assert is_terminal(line) is terminal


def test_word_count_stops_at_its_limit() -> None:
    assert word_count("one two three four", 10) == 4
    assert word_count("one two three four", 3) == 3


def test_split_lines_strips_a_long_run_of_trailing_markers_but_keeps_inner_ones() -> None:
    [line] = split_lines("A *bold* claim**")
    assert line.text == "A *bold* claim"
    [line] = split_lines("## Title ##")
    assert line.text == "Title"


def test_crlf_text_gets_the_same_layout_as_lf_text() -> None:
    # A CRLF line end used to count as a blank line, so each line was its own block (no tables, no wrapped paragraphs).
    lf = HEADER + "\nNorth 4,100\nSouth 3,800\nEast 2,950\n\nThe port said more ships were due on Thursday morning.\n"
    crlf = lf.replace("\n", "\r\n")
    a, b = analyse(lf), analyse(crlf)
    assert [(r.kind, r.reason, lf[r.start : r.end].split()) for r in a.regions] == [
        (r.kind, r.reason, crlf[r.start : r.end].split()) for r in b.regions
    ]
    assert (a.title, a.authors, a.published) == (b.title, b.authors, b.published)
    assert [ln.block for ln in split_lines(lf)] == [ln.block for ln in split_lines(crlf)]


def test_a_line_is_read_as_prose_once_per_analysis() -> None:
    from summarizer.ingest import layout

    calls: list[str] = []
    real = layout.is_prose

    def counting(text: str) -> bool:
        calls.append(text)
        return real(text)

    text = "Storm hits coast\n\nThe storm hit the coast on Tuesday, officials said.\n\nMore rain is expected tomorrow."
    layout.is_prose = counting  # type: ignore[assignment]
    try:
        page = layout.analyse(text)
    finally:
        layout.is_prose = real  # type: ignore[assignment]
    assert calls and len(calls) == len(set(calls))
    assert [r.kind for r in page.regions] == [r.kind for r in analyse(text).regions]
