"""Batch inputs: JSON Lines articles (bad records named by line, the rest read), path lists, directories."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from summarizer.errors import BadRecord, ConfigError, DuplicateSource, EmptySource
from summarizer.ingest.batch import (
    DEFAULT_PATTERN,
    input_files,
    read_inputs,
    read_path_list,
    walk_directory,
)
from tests.paths import EXAMPLES

TEXT = "Officials said the bridge over the Elbe was closed on Monday after a barge struck a pier."
OTHER = "Rescue teams searched the river for a second day on Tuesday, the police said in a statement."


def jsonl(path: Path, *lines: object) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return path


def test_each_line_of_a_jsonl_file_is_an_article_named_by_its_id_else_its_line(tmp_path: Path) -> None:
    feed = jsonl(tmp_path / "feed.jsonl", {"id": "wire-1", "text": TEXT}, {"text": OTHER})
    articles, errors = read_inputs([str(feed)])
    assert errors == []
    assert [a.id for a in articles] == ["S1", "S2"]
    assert [a.path for a in articles] == ["wire-1", f"{feed}#2"]
    assert [a.origin for a in articles] == [f"{feed}#1", f"{feed}#2"]
    assert all(a.converted for a in articles)  # the source carries the text its offsets index
    assert articles[0].text == TEXT


def test_bad_records_are_named_with_their_line_and_the_rest_are_read(tmp_path: Path) -> None:
    feed = jsonl(
        tmp_path / "feed.jsonl",
        {"id": 7, "text": TEXT},
        "{not json",
        "",
        ["a", "list"],
        {"id": "x", "title": "no text"},
        {"text": 12},
        {"text": "   "},
        {"text": OTHER + " One.", "authors": "A. Writer"},
        {"text": OTHER + " Two.", "published": "last week-ish"},
        {"text": OTHER + " Three.", "id": True},
        {"id": 7, "text": OTHER + " Four."},
        {"text": OTHER},
    )
    articles, errors = read_inputs([str(feed)])
    assert [a.text for a in articles] == [TEXT, OTHER]
    assert [a.origin for a in articles] == [f"{feed}#1", f"{feed}#12"]
    assert all(isinstance(e, BadRecord | DuplicateSource) for e in errors)
    got = [(e.path, e.detail) for e in errors]
    assert got == [
        (f"{feed}#2", "is not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
        (f"{feed}#4", 'is a list, not a JSON object with a "text" field'),
        (f"{feed}#5 (id 'x')", 'has no "text" field (the article text is required)'),
        (f"{feed}#6", '"text" must be a string, not a number'),
        (f"{feed}#7", '"text" contains only whitespace'),
        (f"{feed}#8", '"authors" must be a list of strings, not a string'),
        (f"{feed}#9", '"published" is not a date: \'last week-ish\' (e.g. "2024-01-21" or "2024-01-21T08:30:00Z")'),
        (f"{feed}#10", '"id" must be a non-empty string or an integer, not a boolean'),
        (f"{feed}#11 (id '7')", f"its id was already used by {feed}#1"),
    ]


def test_a_record_over_the_size_cap_is_refused_by_line(tmp_path: Path) -> None:
    feed = jsonl(tmp_path / "feed.jsonl", {"text": TEXT * 20}, {"text": OTHER})
    articles, errors = read_inputs([str(feed)], max_bytes=len(OTHER) + 10)
    assert [a.text for a in articles] == [OTHER]
    assert errors[0].path == f"{feed}#1" and "over the" in errors[0].detail and "size cap" in errors[0].detail


def test_a_line_far_over_the_cap_is_skipped_unread_and_the_next_line_is_still_a_record(tmp_path: Path) -> None:
    feed = jsonl(tmp_path / "feed.jsonl", {"text": "x " * 200_000}, {"text": OTHER})
    articles, errors = read_inputs([str(feed)], max_bytes=1000)
    assert [a.origin for a in articles] == [f"{feed}#2"]
    assert errors[0].path == f"{feed}#1" and "the line is over" in errors[0].detail


def test_given_metadata_wins_over_what_the_text_states(tmp_path: Path) -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8")
    record = {
        "id": "a",
        "text": text,
        "title": "  The given   title ",
        "publisher": "Wire Service",
        "authors": ["Ann Reporter"],
        "published": "2024-01-22T08:30:00Z",
        "url": "https://example.org/a",
        "unknown": {"ignored": True},
    }
    parsed = read_inputs([str(EXAMPLES[0])])[0][0]
    article = read_inputs([], records=[record])[0][0]
    assert (article.title, article.publisher, article.authors) == ("The given title", "Wire Service", ["Ann Reporter"])
    assert article.published == dt.date(2024, 1, 22) and article.url == "https://example.org/a"
    assert article.origin == "records#1" and article.path == "a"
    assert parsed.title != article.title and "title" in parsed.meta and "title" not in article.meta
    for span in article.meta.values():  # spans that stay still index the given text
        assert article.text[span.start : span.end] == span.quote


def test_metadata_the_record_leaves_out_is_read_from_the_text() -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8")
    parsed = read_inputs([str(EXAMPLES[0])])[0][0]
    article = read_inputs([], records=[{"text": text}])[0][0]
    assert (article.title, article.published, article.authors) == (parsed.title, parsed.published, parsed.authors)


def test_a_record_with_the_text_of_an_earlier_file_is_a_duplicate(tmp_path: Path) -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8")
    feed = jsonl(tmp_path / "feed.jsonl", {"id": "copy", "text": text})
    articles, errors = read_inputs([str(EXAMPLES[0]), str(feed)])
    assert len(articles) == 1
    assert isinstance(errors[0], DuplicateSource) and errors[0].path == f"{feed}#1 (id 'copy')"


def test_input_format_jsonl_reads_any_file_and_stdin_as_json_lines(tmp_path: Path) -> None:
    feed = jsonl(tmp_path / "feed.ndjson", {"text": TEXT})
    stdin = io.BytesIO((json.dumps({"text": OTHER}) + "\n").encode())
    articles, errors = read_inputs([str(feed), "-"], input_format="jsonl", stdin=stdin)
    assert errors == [] and [a.origin for a in articles] == [f"{feed}#1", "stdin#1"]


def test_an_empty_feed_and_an_undecodable_line_are_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"text": "caf\xe9"}\n' + (json.dumps({"text": TEXT}) + "\n").encode())
    articles, errors = read_inputs([str(empty), str(bad)])
    assert len(articles) == 1
    assert isinstance(errors[0], EmptySource) and errors[0].path == str(empty)
    assert errors[1].path == f"{bad}#1" and errors[1].detail == "is not UTF-8 (byte 0xe9 at column 14)"


def test_path_list_skips_blank_lines_and_comments(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_bytes(b"# today's wires\r\na.txt\r\n\r\n   \n  # indented comment\n./#odd name.txt\nb.txt")
    assert read_path_list(str(listing)) == ["a.txt", "./#odd name.txt", "b.txt"]
    assert read_path_list("-", stdin=io.BytesIO(b"x.txt\n")) == ["x.txt"]


def make_tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "b" / "c.HTML").write_text("<p>x</p>", encoding="utf-8")
    (root / "b" / "notes.json").write_text("{}", encoding="utf-8")
    (root / "b" / ".hidden.txt").write_text(OTHER, encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text(OTHER, encoding="utf-8")
    (root / "c.md").write_text(OTHER, encoding="utf-8")


def test_a_directory_names_its_matching_files_recursively_in_sorted_order(tmp_path: Path) -> None:
    make_tree(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text(OTHER, encoding="utf-8")
    os.symlink(outside, tmp_path / "link.txt")
    os.symlink(tmp_path / "b", tmp_path / "z-linked-dir")
    found = list(walk_directory(str(tmp_path), ("*.txt", "*.html", "*.md"), []))
    assert found == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c.HTML"), str(tmp_path / "c.md")]
    assert input_files([str(tmp_path)], pattern="*.md") == [str(tmp_path / "c.md")]


def test_a_directory_without_matching_files_is_an_error_and_the_rest_are_read(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.json").write_text("{}", encoding="utf-8")
    articles, errors = read_inputs([str(tmp_path / "empty"), str(tmp_path / "other"), str(EXAMPLES[0])])
    assert len(articles) == 1
    assert [e.path for e in errors] == [str(tmp_path / "empty"), str(tmp_path / "other")]
    assert "without files matching" in errors[0].detail


def test_a_bad_pattern_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--pattern"):
        read_inputs([str(tmp_path)], pattern=" , ")
    assert "*.jsonl" in DEFAULT_PATTERN
