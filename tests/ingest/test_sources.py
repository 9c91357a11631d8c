"""Tests for ingest.sources (and the layout analysis it uses): reading, decoding, formats, metadata, regions."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import DATA as TEST_DATA
from paths import EXAMPLES

from summarizer.errors import (
    BinarySource,
    DuplicateSource,
    EmptySource,
    InputError,
    MissingSource,
    UndecodableSource,
    UnreadableSource,
)
from summarizer.ingest.sources import article_from_bytes, article_from_text, read_source, read_sources
from summarizer.models import Article, ArticleFormat

DATA = TEST_DATA / "sources"

BODY = (
    "Rockets hit air base\n\nBy Jane Roe\n\n"
    "The Pentagon’s press secretary said the “self-defense” strike was lawful, and officials in Baghdad agreed.\n"
)


def example(prefix: str) -> Article:
    path = next(p for p in EXAMPLES if p.name.startswith(prefix))
    return read_source(str(path), "S1")


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def covered(article: Article, needle: str) -> bool:
    """True when some occurrence of ``needle`` has every non-space character inside a non-body region."""
    start = article.text.find(needle)
    assert start >= 0, needle
    while start >= 0:
        end = start + len(needle)
        if all(
            article.text[i].isspace() or any(r.start <= i < r.end for r in article.regions) for i in range(start, end)
        ):
            return True
        start = article.text.find(needle, start + 1)
    return False


def is_body(article: Article, needle: str) -> bool:
    start = article.text.find(needle)
    assert start >= 0, needle
    return article.is_body(start, start + len(needle))


# --------------------------------------------------------------------------------------------------------------------
# Problem inputs
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "error", "words"),
    [
        pytest.param("empty.txt", b"", EmptySource, "empty", id="zero-bytes"),
        pytest.param("blank.txt", b" \n\t\r\n  \n", EmptySource, "whitespace", id="whitespace-only"),
        pytest.param("blank16.txt", " \n \n".encode("utf-16"), EmptySource, "whitespace", id="utf16-whitespace"),
        pytest.param("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), BinarySource, "PNG", id="png"),
        pytest.param("nul.txt", b"hello\x00world, this is text\n", BinarySource, "NUL", id="nul-bytes"),
        pytest.param("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", BinarySource, "PDF", id="pdf"),
        pytest.param("ctrl.txt", bytes(range(1, 9)) * 40, BinarySource, "control", id="control-bytes"),
        pytest.param("badbom.txt", b"\xef\xbb\xbfok \xff\xfe\xfa", UndecodableSource, "utf-8-sig", id="bad-after-bom"),
    ],
)
def test_unusable_file_raises_the_specific_input_error(
    tmp_path: Path, name: str, data: bytes, error: type[InputError], words: str
) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(error) as info:
        read_source(path, "S1")
    assert info.value.path == path
    assert words in str(info.value)
    assert path in str(info.value)


def test_missing_file_raises_missing_source(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.txt")
    with pytest.raises(MissingSource, match="no such file"):
        read_source(path, "S1")


def test_directory_raises_unreadable_source(tmp_path: Path) -> None:
    with pytest.raises(UnreadableSource, match="is a directory"):
        read_source(str(tmp_path), "S1")


def test_permission_denied_raises_unreadable_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", BODY.encode())
    real_open = os.open

    def deny(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == path:
            raise PermissionError(13, "Permission denied", path)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(UnreadableSource, match="permission denied"):
        read_source(path, "S1")


def test_bad_inputs_are_reported_and_the_rest_still_read(tmp_path: Path) -> None:
    good1 = write(tmp_path, "a.txt", BODY.encode())
    empty = write(tmp_path, "empty.txt", b"")
    binary = write(tmp_path, "b.bin", b"\x00\x01\x02\x03" * 10)
    good2 = write(tmp_path, "c.txt", b"Another story\n\nOfficials said the base was hit by two rockets on Monday.\n")
    missing = str(tmp_path / "missing.txt")
    articles, errors = read_sources([good1, empty, binary, missing, good2])
    assert [(a.id, a.path) for a in articles] == [("S1", good1), ("S2", good2)]
    assert [(type(e), e.path) for e in errors] == [
        (EmptySource, empty),
        (BinarySource, binary),
        (MissingSource, missing),
    ]


@pytest.mark.parametrize(
    ("second", "how"),
    [
        pytest.param(BODY.encode(), "same bytes", id="same-bytes"),
        pytest.param(BODY.replace("\n\n", "\n").replace(" ", "  ").encode(), "same text", id="same-text-spacing"),
        pytest.param(BODY.encode("utf-16"), "same text", id="same-text-other-encoding"),
    ],
)
def test_duplicate_content_under_another_name_is_reported(tmp_path: Path, second: bytes, how: str) -> None:
    first = write(tmp_path, "one.txt", BODY.encode())
    other = write(tmp_path, "two.txt", second)
    articles, errors = read_sources([first, other])
    assert [a.path for a in articles] == [first]
    assert len(errors) == 1 and isinstance(errors[0], DuplicateSource)
    assert errors[0].path == other and how in str(errors[0]) and first in str(errors[0])


def test_same_path_twice_is_a_duplicate(tmp_path: Path) -> None:
    path = write(tmp_path, "one.txt", BODY.encode())
    articles, errors = read_sources([path, path])
    assert len(articles) == 1
    assert [type(e) for e in errors] == [DuplicateSource]
    assert "more than once" in str(errors[0])


# --------------------------------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        pytest.param(BODY, "utf-8", "utf-8", id="utf-8"),
        pytest.param(BODY, "utf-8-sig", "utf-8-sig", id="utf-8-bom"),
        pytest.param(BODY, "utf-16", "utf-16", id="utf-16-bom"),
        pytest.param(BODY, "utf-32", "utf-32", id="utf-32-bom"),
        pytest.param(BODY, "cp1252", "cp1252", id="cp1252-curly-quotes"),
        pytest.param(
            "Le café de la gare était fermé. Señor Muñoz a déclaré à la presse qu'il était là.\n",
            "latin-1",
            "cp1252",
            id="latin-1-read-as-its-superset",
        ),
        pytest.param("Größe und Grüße: die Raketen trafen den Stützpunkt.\n", "cp1252", "cp1252", id="german"),
        pytest.param("caf\xe9\n", "latin-1", "cp1252", id="latin-1-short"),
        pytest.param(
            "Ракеты ударили по базе в Ираке, заявил представитель министерства обороны.\n",
            "cp1251",
            "cp1251",
            id="cyrillic-cp1251",
        ),
        pytest.param("Line one\r\nLine two\r\n\r\nLine three\r", "utf-8", "utf-8", id="crlf-kept"),
    ],
)
def test_encoding_is_detected_and_text_decodes_exactly(tmp_path: Path, text: str, codec: str, expected: str) -> None:
    data = text.encode(codec)
    path = write(tmp_path, "enc.txt", data)
    article = read_source(path, "S1")
    assert article.encoding == expected
    assert article.text == text
    assert Path(path).read_bytes().decode(article.encoding) == article.text
    assert 0.0 < article.encoding_confidence <= 1.0
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    assert not article.converted


def test_utf8_bom_text_keeps_no_bom_and_no_normalisation(tmp_path: Path) -> None:
    text = "  Title  \r\n\r\nBody text here, said officials.  \n\n"
    path = write(tmp_path, "bom.txt", text.encode("utf-8-sig"))
    article = read_source(path, "S1")
    assert (article.encoding, article.text) == ("utf-8-sig", text)


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name[:3]) for p in EXAMPLES])
def test_examples_decode_exactly(path: Path) -> None:
    article = read_source(str(path), "S1")
    assert not article.converted
    assert path.read_bytes().decode(article.encoding) == article.text
    for key, span in article.meta.items():
        assert article.text[span.start : span.end] == span.quote, key


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_give_an_exact_article_or_an_input_error(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "random.txt", data)
    try:
        article = read_source(path, "S1")
    except InputError:
        return
    if not article.converted:
        assert data.decode(article.encoding) == article.text
    assert all(r.start <= r.end <= len(article.text) for r in article.regions)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_text_layout_is_consistent(text: str) -> None:
    try:
        article = article_from_text(text, "t.txt", "S1")
    except EmptySource:
        assert not text.strip()
        return
    assert article.text == text
    ends = [(r.start, r.end) for r in article.regions]
    assert all(s < e for s, e in ends)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))
    assert all(text[s.start : s.end] == s.quote for s in article.meta.values())


# --------------------------------------------------------------------------------------------------------------------
# Formats: HTML, Markdown, stdin
# --------------------------------------------------------------------------------------------------------------------


def test_html_page_is_converted_with_trafilatura_without_page_furniture() -> None:
    article = read_source(str(DATA / "page.html"), "S1")
    assert article.format == ArticleFormat.HTML and article.converted
    for junk in ("SCRIPTJUNK", "STYLEJUNK", "NAVJUNK", "FOOTERJUNK", "ASIDEJUNK", "<p>"):
        assert junk not in article.text
    assert "injured several American troops late Monday" in article.text
    assert (article.title, article.authors, article.publisher, article.published) == (
        "Rockets hit air base in western Iraq",
        ["Jane Roe"],
        "The Daily Example",
        dt.date(2024, 8, 6),
    )
    assert article.encoding == "utf-8"
    assert is_body(article, "No group has claimed responsibility for Monday’s attack")
    assert covered(article, "Rockets hit air base in western Iraq")


def test_html_is_sniffed_from_content_whatever_the_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "saved-page.txt", (DATA / "page.html").read_bytes())
    article = read_source(path, "S1")
    assert article.format == ArticleFormat.HTML and article.converted
    assert "SCRIPTJUNK" not in article.text


def test_html_without_article_text_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.html", b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    with pytest.raises(EmptySource, match="HTML"):
        read_source(path, "S1")


def test_markdown_front_matter_gives_metadata_and_is_a_header_region() -> None:
    path = DATA / "front_matter.md"
    article = read_source(str(path), "S1")
    assert article.format == ArticleFormat.MARKDOWN and not article.converted
    assert path.read_bytes().decode(article.encoding) == article.text
    assert (article.title, article.authors, article.publisher, article.published) == (
        "Rockets hit air base in western Iraq",
        ["Jane Roe", "John Doe"],
        "The Daily Example",
        dt.date(2024, 8, 6),
    )
    assert article.regions[0].start == 0 and article.regions[0].reason == "front matter"
    assert is_body(article, "A rocket attack targeting U.S. personnel")


def test_markdown_heading_and_bold_byline_are_read() -> None:
    article = read_source(str(DATA / "heading.md"), "S1")
    assert (article.title, article.authors, article.published) == (
        "Rockets hit air base in western Iraq",
        ["Jane Roe"],
        dt.date(2024, 8, 6),
    )
    assert article.meta["title"].quote == "Rockets hit air base in western Iraq"
    assert covered(article, "## What we know")
    assert is_body(article, "No group has claimed responsibility")


def test_stdin_dash_reads_bytes_and_is_converted() -> None:
    data = BODY.encode("cp1252")
    article = read_source("-", "S1", stdin=io.BytesIO(data))
    assert (article.path, article.converted, article.encoding, article.text) == ("-", True, "cp1252", BODY)
    assert article.authors == ["Jane Roe"]


def test_stdin_html_is_converted() -> None:
    article = read_source("-", "S1", stdin=io.BytesIO((DATA / "page.html").read_bytes()))
    assert article.format == ArticleFormat.HTML and "NAVJUNK" not in article.text


def test_stdin_twice_is_a_duplicate() -> None:
    articles, errors = read_sources(["-", "-"], stdin=io.BytesIO(BODY.encode()))
    assert len(articles) == 1 and [type(e) for e in errors] == [DuplicateSource]


def test_article_from_bytes_honours_an_explicit_format() -> None:
    article = article_from_bytes(
        b"# Title line here\n\nBody text, said officials today.\n", "x", "S9", fmt=ArticleFormat.MARKDOWN
    )
    assert (article.id, article.format, article.title) == ("S9", ArticleFormat.MARKDOWN, "Title line here")


# --------------------------------------------------------------------------------------------------------------------
# Metadata of the seed corpus, as the texts state it
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "title", "publisher", "authors", "published", "dateline"),
    [
        pytest.param(
            "000",
            "Iranian-linked militants strike Iraqi base housing U.S. troops",
            "Washington Post",
            ["Justine McDaniel", "Susannah George", "Annabelle Timsit", "Louisa Loveluck", "Mustafa Salim"],
            dt.date(2024, 1, 21),
            None,
            id="000-washington-post",
        ),
        pytest.param(
            "001",
            "Iranian-Backed Militias Launch Missile Attack on US Base in Iraq, Injuring Troops",
            None,
            ["AiBot"],
            dt.date(2024, 6, 25),
            None,
            id="001-aibot",
        ),
        pytest.param(
            "002",
            "Iranian-backed militants fired ballistic missiles for the first time in two years at a US base in Iraq",
            "bne IntelliNews",
            [],
            dt.date(2024, 1, 21),
            None,
            id="002-bne",
        ),
        pytest.param(
            "003",
            "U.S. Responds to Attack on Air Base West of Baghdad, Killing Iranian-Backed Militants",
            "ICARO Media Group",
            [],
            dt.date(2023, 11, 21),
            "BAGHDAD, Nov 21 (Reuters)",
            id="003-icaro-reuters",
        ),
        pytest.param("004", None, None, [], None, None, id="004-no-header-at-all"),
    ],
)
def test_example_metadata_is_what_the_text_states(
    prefix: str,
    title: str | None,
    publisher: str | None,
    authors: list[str],
    published: dt.date | None,
    dateline: str | None,
) -> None:
    a = example(prefix)
    assert (a.title, a.publisher, a.authors, a.published, a.dateline) == (
        title,
        publisher,
        authors,
        published,
        dateline,
    )
    for key, value in (("title", title), ("publisher", publisher), ("dateline", dateline)):
        if value is None:
            assert key not in a.meta
        else:
            assert a.meta[key].quote == value


def test_example_meta_spans_point_at_the_stated_date_and_byline() -> None:
    a = example("000")
    assert a.meta["published"].quote == "Jan 21, 2024"
    assert a.meta["byline"].quote.startswith("By Justine McDaniel")
    b = example("001")
    assert (b.meta["published"].quote, b.meta["published_2"].quote, b.meta["byline"].quote) == (
        "June 25, 2024",
        "Jan 21, 2024",
        "Written by AiBot",
    )
    c = example("003")
    assert (c.meta["published"].quote, c.meta["agency"].quote) == ("21/11/2023 22h33", "Reuters")
    assert not example("004").meta


# --------------------------------------------------------------------------------------------------------------------
# Boilerplate regions
# --------------------------------------------------------------------------------------------------------------------

FURNITURE = {
    "000": [
        "top of page",
        "Source: Washington Post",
        "Jan 21, 2024",
        "Iranian-linked militants strike Iraqi base housing U.S. troops",
        "By Justine McDaniel",
        "Kyle Melnick and Niha Masih contributed to this report.",
        "bottom of page",
    ],
    "001": [
        "June 25, 2024",
        "Written by AiBot",
        "AiBot scans breaking news and distills multiple news articles",
        "Jan 21, 2024",
        "Injured Personnel Number Nationality",
        "Service members undisclosed Danish",
        "Attack Carried Out by Iran-Aligned Groups Operating in Iraq",
        "To err is human, but AI does it too.",
        "By AiBot",
        "Related Post",
    ],
    "002": [
        "Iranian-backed militants fired ballistic missiles for the first time in two years at a US base in Iraq\n\n"
        "Iranian-backed militants fired ballistic missiles for the first time in two years at a US base in Iraq\n",
        "as tensions in the region continue to rise / bne IntelliNews",
        "By bne IntelliNews January 21, 2024",
        "\nNews\n",
        "Dismiss",
    ],
    "003": [
        "https://icaro.icaromediagroup.com/system/images/photos/15891023/original/data?1700606065",
        "ICARO Media Group",
        "Politics",
        "21/11/2023 22h33",
        "The views expressed in this article do not reflect the opinion of ICARO, or any of its affiliates.",
        "Related",
    ],
    "004": ["Comment:"],
}
BODY_SENTENCES = {
    "000": [
        "Iranian-linked militants attacked an air base housing U.S. and Iraqi troops in western Iraq",
        "Ballistic missiles and rockets targeted Ain al-Asad Air Base",
        "Video of the aftermath Saturday showed smoke rising above the city.",
    ],
    "001": [
        "At least 10 missiles struck the Ain al-Asad air base in western Iraq on Sunday",
        "At least four US service members sustained minor injuries in the attack",
        "The path ahead thus remains fraught.",
    ],
    "002": [
        "Irankian-backed militants fired ballistic missiles at a US base in Iraq on January 20",
        "“At approximately 6:30 p.m. (Baghdad time) time Jan. 20",
        "Al-Asad air base came under another attack on January 8, 2020",
    ],
    "003": [
        "BAGHDAD, Nov 21 (Reuters) - U.S. forces were attacked at Ain al-Asad air base",
        "The United States currently maintains 900 troops in Syria and 2,500 in Iraq",
    ],
    "004": [
        "A rocket attack targeting U.S. personnel at Ain al Asad Air Base",
        "Following a July 16 drone attack on the Ain al Asad base",
    ],
}


@pytest.mark.parametrize("prefix", sorted(FURNITURE))
def test_regions_cover_the_furniture(prefix: str) -> None:
    a = example(prefix)
    missing = [f for f in FURNITURE[prefix] if not covered(a, f)]
    assert missing == []


@pytest.mark.parametrize("prefix", sorted(BODY_SENTENCES))
def test_regions_leave_body_sentences_alone(prefix: str) -> None:
    a = example(prefix)
    assert [s for s in BODY_SENTENCES[prefix] if not is_body(a, s)] == []


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name[:3]) for p in EXAMPLES])
def test_regions_are_sorted_and_do_not_overlap(path: Path) -> None:
    a = read_source(str(path), "S1")
    pairs = [(r.start, r.end) for r in a.regions]
    assert pairs == sorted(pairs)
    assert all(e1 <= s2 for (_, e1), (s2, _) in itertools.pairwise(pairs))
    assert all(
        r.kind in {"header", "byline", "dateline", "boilerplate", "caption", "table", "heading"} for r in a.regions
    )


def test_body_paragraphs_of_every_example_are_mostly_body() -> None:
    # The prose between header and footer is at least 80% body in each article.
    for path in EXAMPLES:
        a = read_source(str(path), "S1")
        body = sum(1 for i in range(len(a.text)) if a.is_body(i, i + 1) and not a.text[i].isspace())
        total = sum(1 for ch in a.text if not ch.isspace())
        assert body / total > 0.8, path.name


@pytest.mark.parametrize(
    ("text", "furniture", "body"),
    [
        pytest.param(
            "Advertisement\n\nOfficials said the strike killed three people on Monday night.\n\n"
            "Share this article\n\nSubscribe to our newsletter for more.\n",
            ["Advertisement", "Share this article", "Subscribe to our newsletter for more."],
            ["Officials said the strike killed three people"],
            id="share-subscribe-ads",
        ),
        pytest.param(
            "Storm floods city centre\n\nPhoto: Jane Roe/AFP via Getty Images\n\n"
            "Heavy rain flooded the city centre on Tuesday, the mayor said in a statement.\n\n"
            "Read more: How the city prepared for the storm\n\nCopyright 2024 Example News. All rights reserved.\n",
            ["Photo: Jane Roe/AFP", "Read more: How the city", "All rights reserved."],
            ["Heavy rain flooded the city centre on Tuesday"],
            id="caption-read-more-copyright",
        ),
        pytest.param(
            "The mayor said the flood barriers held for most of the night, sparing the old town.\n"
            "Officials expected the river to fall by Thursday, but warned of more rain next week.\n"
            "Residents were told to stay away from the banks.\n",
            [],
            ["The mayor said the flood barriers held", "Residents were told to stay away from the banks."],
            id="no-header-no-regions",
        ),
        pytest.param(
            "WASHINGTON (AP) — The Senate passed the bill late Thursday after weeks of talks, leaders said.\n\n"
            "Reporting by John Doe; Editing by Jane Roe\n",
            ["Reporting by John Doe; Editing by Jane Roe"],
            ["WASHINGTON (AP) — The Senate passed the bill"],
            id="ap-dateline-reuters-footer",
        ),
    ],
)
def test_general_furniture_patterns(text: str, furniture: list[str], body: list[str]) -> None:
    a = article_from_text(text, "t.txt", "S1")
    assert [f for f in furniture if not covered(a, f)] == []
    assert [b for b in body if not is_body(a, b)] == []


def test_ap_dateline_gives_agency_as_publisher_when_nothing_else_does() -> None:
    a = article_from_text("WASHINGTON (AP) — The Senate passed the bill late Thursday, leaders said.\n", "t", "S1")
    assert (a.dateline, a.publisher, a.meta["agency"].quote) == ("WASHINGTON (AP)", "AP", "AP")


def test_hard_wrapped_paragraphs_are_not_mistaken_for_tables_or_headings() -> None:
    text = (
        "Floods hit the capital\n\nBy Jane Roe\n\n"
        "Heavy rain flooded the city centre on Tuesday, the mayor said,\n"
        "as emergency crews worked through the night to pump water out of\n"
        "homes and shops along the river.\n\n"
        "Officials expected the river to fall by Thursday but warned that\n"
        "more rain was forecast for the weekend across the region.\n"
    )
    a = article_from_text(text, "t.txt", "S1")
    assert a.title == "Floods hit the capital"
    assert is_body(a, "as emergency crews worked through the night")
    assert is_body(a, "Officials expected the river to fall by Thursday")


def test_byline_sentence_starting_with_by_is_not_a_byline() -> None:
    text = "Floods hit the capital\n\nBy the end of the day, the river had burst its banks in three places.\n"
    a = article_from_text(text, "t.txt", "S1")
    assert a.authors == [] and is_body(a, "By the end of the day")


BYLINE_BODY = "\n\nOfficials said the strike killed three people on Monday night, according to the ministry.\n"


@pytest.mark.parametrize(
    ("header", "authors", "publisher", "published"),
    [
        pytest.param(
            "Strike kills three\n\nBy Jane Roe and John Doe, The Washington Post",
            ["Jane Roe", "John Doe"],
            "The Washington Post",
            None,
            id="names-then-outlet",
        ),
        pytest.param(
            "Strike kills three\nBy JANE ROE | January 21, 2024",
            ["JANE ROE"],
            None,
            dt.date(2024, 1, 21),
            id="caps-pipe-date",
        ),
        pytest.param(
            "Strike kills three\n\nPublished 9:14 AM EST, Sun January 21, 2024\n\nBy Staff Reporter",
            [],
            None,
            dt.date(2024, 1, 21),
            id="generic-staff-byline",
        ),
        pytest.param(
            "Strike kills three\n\nAssociated Press\n\nSun 21 Jan 2024 14.30 GMT",
            [],
            "Associated Press",
            dt.date(2024, 1, 21),
            id="agency-line",
        ),
        pytest.param(
            "Strike kills three\n\nBy Jean-Luc de la Fontaine and Mohammed al-Sudani",
            ["Jean-Luc de la Fontaine", "Mohammed al-Sudani"],
            None,
            None,
            id="name-particles",
        ),
    ],
)
def test_bylines_and_date_lines_in_common_layouts(
    header: str, authors: list[str], publisher: str | None, published: dt.date | None
) -> None:
    a = article_from_text(header + BYLINE_BODY, "t.txt", "S1")
    assert (a.title, a.authors, a.publisher, a.published) == ("Strike kills three", authors, publisher, published)
    assert is_body(a, "Officials said the strike killed three people")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "(CNN)The last time Frank Jordan spoke with his son, Louis was fishing off the coast. " * 6
            + "CNN's Jane Roe contributed to this report. All rights reserved.",
            id="one-line-article-with-furniture-words-inside",
        ),
        pytest.param(
            "Voters decide on cage-free eggs\n\nAnimal-welfare activists have split over an initiative on the Nov. 6 "
            "statewide ballot that would phase out cages for egg-laying hens, breeding pigs and calves raised",
            id="truncated-body-after-title",
        ),
        pytest.param(
            "Officials said the strike killed three people on Monday night.\n\nSean Spicer might outlast him.",
            id="short-last-sentence",
        ),
    ],
)
def test_body_text_is_never_swallowed_by_a_region(text: str) -> None:
    a = article_from_text(text, "t.txt", "S1")
    last_line = text.strip().splitlines()[-1]
    assert is_body(a, last_line[-40:])
