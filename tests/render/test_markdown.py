"""Markdown reads like a brief and treats article text as data; JSON is the model dump."""

from __future__ import annotations

import json

from summarizer.models import Brief, BriefSentence, EngineInfo, FileError, Source, Span, Story
from summarizer.render.markdown import render, render_json, render_markdown


def test_markdown_has_a_section_per_story_and_numbered_citations_with_quotes_and_files(any_brief: Brief) -> None:
    md = render_markdown(any_brief)
    assert md.count("\n## ") >= len(any_brief.stories) + 2  # stories, citations, sources
    for i, story in enumerate(any_brief.stories, 1):
        assert f"## {i}. " in md
        assert story.headline.split()[0] in md
    first = any_brief.stories[0].sentences[0].citations[0]
    citations = md.split("## Citations")[1]
    line = next(line for line in citations.splitlines() if line.startswith("1. "))
    name = any_brief.source(first.source).path.rsplit("/", 1)[-1]
    assert line.startswith(f"1. {first.source} `{name}` [{first.start}:{first.end}]")
    assert " ".join(first.quote.split())[:40] in line
    assert "[1]" in md.split("## Citations")[0] and "## Sources" in md
    assert "Treat with care" in md  # both sets have flagged sources


def test_markdown_shows_where_the_sources_disagree(example_brief: Brief) -> None:
    assert "Where the sources disagree" in render_markdown(example_brief)


def test_json_render_is_exactly_the_model_dump(any_brief: Brief) -> None:
    out = render(any_brief, "json")
    assert out == any_brief.model_dump_json() == render_json(any_brief)
    assert json.loads(out)["schema_version"] == 1


def _tiny(text: str, path: str = "a.txt") -> Brief:
    span = Span(source="S1", start=0, end=len(text), quote=text)
    return Brief(
        engine=EngineInfo(name="local"),
        sources=[Source(id="S1", path=path, sha256="0" * 64, encoding="utf-8", title=text)],
        stories=[
            Story(id="story-1", headline=text, sources=["S1"], sentences=[BriefSentence(text=text, citations=[span])])
        ],
        errors=[FileError(path="bad`name.txt", problem="empty", message="the file is empty")],
    )


def test_article_text_cannot_inject_markdown_or_html() -> None:
    md = render_markdown(_tiny("Click [here](javascript:alert(1)) <script>x</script> # not a heading"))
    assert "[here](javascript" not in md
    assert "<script>" not in md
    assert "\\[here\\]" in md and "\\<script\\>" in md


def test_paths_are_code_spans_without_escapes_and_backticks_neutralised() -> None:
    md = render_markdown(_tiny("A plain sentence about a bridge.", path="examples/000_x.txt"))
    assert "`examples/000_x.txt`" in md
    assert "`bad'name.txt`" in md


def test_single_source_story_shows_no_share_and_multi_source_shows_k_of_n(any_brief: Brief) -> None:
    md = render_markdown(any_brief)
    multi = next(s for s in any_brief.stories if len(s.sources) > 1)
    assert f"of {len(multi.sources)})" in md
    assert "(1 of 1)" not in md


def test_markdown_chunks_make_the_rendered_markdown_whole_lines_at_a_time(any_brief: Brief) -> None:
    from summarizer.render.markdown import markdown_chunks

    whole = render(any_brief, "md")
    for size in (1, 200, 1 << 16):
        chunks = list(markdown_chunks(any_brief, size=size))
        assert "".join(chunks) == whole
        assert all(c.endswith("\n") for c in chunks[:-1])
    assert len(list(markdown_chunks(any_brief, size=1))) == whole.count("\n") + 1


def test_markdown_chunks_are_inert_as_the_rendered_markdown_is() -> None:
    from summarizer.render.markdown import markdown_chunks

    brief = _tiny("A sentence with an escape \x1b]0;title\x07 in it.")
    chunks = list(markdown_chunks(brief, size=1))
    assert "".join(chunks) == render(brief, "md")
    assert "\x1b" not in "".join(chunks) and "\\x1b" in "".join(chunks)
