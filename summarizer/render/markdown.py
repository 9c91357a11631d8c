"""The ``render`` stage for text formats: Markdown for people, JSON for pipelines.

JSON is exactly ``brief.model_dump_json()`` (the contract, ``schema_version`` 1). Markdown reads like a brief an
editor would send on: one section per story (headline, date, sources), what is reported with numbered citations and
"k of n sources", what is disputed side by side, background, what to treat with care; then the numbered citations
with the quoted source text and file names, and the source list. HTML lives in :mod:`summarizer.render.html`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence

from summarizer.models import Brief, Citation, Position, Source, Story
from summarizer.render.inert import inert
from summarizer.text.regex import lazy_compile


def render_json(brief: Brief) -> str:
    """The JSON contract: exactly ``brief.model_dump_json()``."""
    return brief.model_dump_json()


def _one_line(text: str, limit: int = 400) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_MD_CONTROL = lazy_compile(r"([\\`*_\[\]<>#|])")


def _md_escape(text: str) -> str:
    # Article text is data: neutralise Markdown/HTML control characters so it cannot inject links, headings or tags.
    return _MD_CONTROL.sub(r"\\\1", text)


def _code(text: str) -> str:
    """An inline code span: Markdown does not interpret its content, so only backticks need neutralising."""
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"


class _Citations:
    """Numbers citations in order of first use across the whole brief."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, int, int], int] = {}
        self.items: list[Citation] = []

    def refs(self, cites: Sequence[Citation]) -> str:
        marks = []
        for c in cites:
            key = (c.source, c.start, c.end)
            if key not in self.numbers:
                self.items.append(c)
                self.numbers[key] = len(self.items)
            marks.append(f"[{self.numbers[key]}]")
        return "".join(marks)


def _source_label(src: Source) -> str:
    name = src.publisher or src.title or os.path.basename(src.path)
    return f"{src.id} ({_md_escape(_one_line(name, 60))})"


def _holders(position: Position) -> str:
    """Who holds a position, with each source's standing when it is not full: 'S1; S3 (weight 0.85: anonymous-sources,
    name-typo)' or 'S2 (an AI-written source, weight 0.08: automated-content, aggregator)'."""
    if not position.standing:
        return ", ".join(position.sources)
    out = []
    for st in position.standing:
        if not st.flags and st.weight >= 1.0:
            out.append(st.source)
            continue
        what = st.label.split(", ", 1)[1] + ", " if st.low and ", " in st.label else ""
        flags = ": " + ", ".join(st.flags) if st.flags else ""
        out.append(f"{st.source} ({what}weight {st.weight:.2f}{flags})")
    return "; ".join(out)


def _story_md(story: Story, index: int, sources: Mapping[str, Source], cites: _Citations) -> list[str]:
    when = story.date.isoformat() if story.date else "date not stated"
    lines = [f"## {index}. {_md_escape(_one_line(story.headline, 200))}", ""]
    names = ", ".join(_source_label(sources[s]) for s in story.sources if s in sources)
    lines += [f"*{when} · {len(story.sources)} source{'s' if len(story.sources) != 1 else ''}: {names}*", ""]
    n = len(story.sources)
    if story.sentences:
        lines += ["**What the sources report**", ""]
        for s in story.sentences:
            note = f" — *{_md_escape(s.note)}*" if s.note else ""
            share = f" ({s.support} of {n})" if n > 1 else ""
            lines.append(f"- {_md_escape(_one_line(s.text))} {cites.refs(s.citations)}{share}{note}")
        lines.append("")
    if story.conflicts:
        lines += ["**Where the sources disagree**", ""]
        for k in story.conflicts:
            scope = f" ({_md_escape(k.scope)})" if k.scope else ""
            note = f" *{_md_escape(k.note)}*" if k.note else ""
            lines.append(f"- *{_md_escape(k.about)}*{scope}:{note}")
            lines.append("")
            lines.append("  | " + " | ".join(_md_escape(_holders(p)) for p in k.positions) + " |")
            lines.append("  |" + "---|" * len(k.positions))
            cells = [f"{_md_escape(_one_line(p.text, 200))} {cites.refs(p.citations)}" for p in k.positions]
            lines.append("  | " + " | ".join(cells) + " |")
            lines.append("")
    if story.context:
        lines += ["**Background**", ""]
        for s in story.context:
            lines.append(f"- {_md_escape(_one_line(s.text))} {cites.refs(s.citations)}")
        lines.append("")
    cautions = [(sid, f) for sid in story.sources if sid in sources for f in sources[sid].flags]
    if cautions:
        lines += ["**Treat with care**", ""]
        for sid, flag in cautions:
            refs = cites.refs(flag.citations[:2])
            lines.append(f"- {_source_label(sources[sid])}: {_md_escape(flag.kind)} — {_md_escape(flag.detail)} {refs}")
        lines.append("")
    if story.rejected:
        by_stage: dict[str, int] = {}
        for r in story.rejected:
            by_stage[r.stage] = by_stage.get(r.stage, 0) + 1
        parts = ", ".join(f"{v} at {k}" for k, v in sorted(by_stage.items()))
        lines += [f"*Left out after failing verification: {len(story.rejected)} item(s) ({parts}); see JSON.*", ""]
    return lines


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown (see module docstring)."""
    return "\n".join(_markdown_lines(brief))


def markdown_chunks(brief: Brief, size: int = 1 << 16) -> Iterator[str]:
    """``render(brief, "md")`` in pieces of whole lines (about ``size`` characters each, the last one possibly
    empty): their concatenation is that text, but it is never held whole (8.7 million characters, 17 MB, for a brief
    of 10,000 articles). The command line writes a Markdown brief this way."""
    buf: list[str] = []
    held = 0
    lines = _markdown_lines(brief)
    line = next(lines)
    for following in lines:  # every line but the last ends with a newline
        buf.append(line)
        held += len(line) + 1
        if held >= size:
            buf.append("")
            yield inert("\n".join(buf))
            buf, held = [], 0
        line = following
    buf.append(line)
    yield inert("\n".join(buf))


def _markdown_lines(brief: Brief) -> Iterator[str]:
    """The lines of the Markdown brief, one at a time (a story's at once)."""
    cites = _Citations()
    n_sources = len(brief.sources)
    engine = brief.engine.name + (f" ({brief.engine.model})" if brief.engine.model else "")
    yield from [
        f"# Brief: {len(brief.stories)} stor{'y' if len(brief.stories) == 1 else 'ies'} from {n_sources} source"
        f"{'s' if n_sources != 1 else ''}",
        "",
        f"*Engine: {engine}. Every sentence cites the source spans it rests on; numbers in brackets refer to the "
        "citations below.*",
        "",
    ]
    sources = {s.id: s for s in brief.sources}  # once: a dict of every source per story was stories x sources
    for i, story in enumerate(brief.stories, 1):
        yield from _story_md(story, i, sources, cites)
    if brief.warnings:
        yield from ["## Warnings", ""]
        yield from (f"- {_md_escape(_one_line(w, 600))}" for w in brief.warnings)
        yield ""
    if brief.errors:
        yield from ["## Inputs not used", ""]
        yield from (f"- {_code(e.path)}: {_md_escape(e.message)}" for e in brief.errors)
        yield ""
    if cites.items:
        yield from ["## Citations", ""]
        for i, c in enumerate(cites.items, 1):
            src = sources.get(c.source)
            where = os.path.basename(src.path) if src else c.source
            quote = _md_escape(_one_line(c.quote, 300))
            yield f"{i}. {c.source} {_code(where)} [{c.start}:{c.end}] “{quote}”"
        yield ""
    yield from ["## Sources", ""]
    for s in brief.sources:
        bits = [f"**{s.id}**", _code(s.path)]
        if s.publisher:
            bits.append(_md_escape(s.publisher))
        if s.title:
            bits.append(f"“{_md_escape(_one_line(s.title, 120))}”")
        bits.append(s.published.isoformat() if s.published else "no date")
        if s.authors:
            bits.append("by " + _md_escape(", ".join(s.authors)))
        bits.append(f"encoding {s.encoding}")
        if s.flags:
            bits.append("flags: " + ", ".join(_md_escape(f.kind) for f in s.flags))
        yield "- " + " · ".join(bits)
    yield ""


def render(brief: Brief, fmt: str) -> str:
    """Render ``brief`` as ``md``, ``json`` or ``html``, ready for a terminal or a file: control characters and bidi
    overrides from article text or file names are shown as ``\\x1b``-style escapes in Markdown and written as ``\\u``
    escapes in JSON (the same data: ``json.loads`` gives the stored text back), so neither can act on a terminal."""
    if fmt == "json":
        return json_inert(render_json(brief))
    if fmt == "html":
        from summarizer.render.access import source_texts
        from summarizer.render.html import render_html

        return render_html(brief, access=source_texts(brief, trust_paths=True))
    return inert(render_markdown(brief))


_JSON_UNSAFE = lazy_compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069]")


def json_inert(text: str) -> str:
    """JSON text with DEL, C1 controls and bidi/invisible format characters written as ``\\uXXXX`` escapes (JSON
    already escapes C0 controls). Only valid inside JSON strings, which is where such characters can be."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
