"""The HTML review page: one self-contained file in which every citation is one click from its highlighted span.

This module owns:

* :func:`load_source_texts` -- reading the sources' texts back (``Source.text``, or a file inside the brief's folder
  whose bytes match the recorded SHA-256, decoded with the recorded encoding: :mod:`summarizer.render.access`), so
  that a saved JSON brief can be reviewed later and never reads a file it should not;
* :func:`render_html` -- the page: the brief on the left (stories, sentences with numbered citation markers, support
  counts, conflicts side by side, background, rejected material, warnings and file errors), the sources on the right
  (tabs in the current story's order with an overflow list, full text with every cited span highlighted, reliability
  flags as badges coloured by level). Every sentence, conflict and flag is a review item (ids from
  :mod:`summarizer.render.apply`) with approve / strike / check-again buttons and a note; the page keeps the
  decisions in the browser under the brief's SHA-256 and exports them as a decisions file for ``summarize apply``.
  On a phone (<= 480 px) the page stacks and the source opens as a sheet.

Safety: article text is untrusted. The highlighted source text is built here with :mod:`markupsafe` (every piece of
text escaped); the rest goes through a jinja2 environment with ``autoescape=True``; data for the script is embedded as
JSON with ``<``, ``>`` and ``&`` written as ``\\u003c``... so ``</script>`` cannot end the block; only http(s) URLs
become links; a Content-Security-Policy meta tag forbids every remote load and only lets the page's own script run
(by its SHA-256 hash, so an injected inline script or event handler would not run even if escaping failed).

Layout, styles and behaviour live in ``summarizer/render/templates/`` (``review.html.j2``, ``review.css``,
``review.js``).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from summarizer.models import Brief, Flag, FlagLevel, Source, Span, Story
from summarizer.render.access import SourceText, source_texts
from summarizer.render.apply import brief_sha256, item_id, review_items
from summarizer.render.inert import describe, is_unsafe
from summarizer.story.flags import flag_level

__all__ = ["highlight_html", "load_source_texts", "render_html", "safe_url"]

Role = Literal["sentence", "conflict", "context", "flag", "rejected"]
# When spans of different roles overlap, the segment is styled by the first role of this list that covers it.
_ROLE_ORDER: tuple[Role, ...] = ("sentence", "conflict", "context", "flag", "rejected")
_TITLE_QUOTE_CHARS = 280


# --------------------------------------------------------------------------------------------------------------------
# Reading the sources back
# --------------------------------------------------------------------------------------------------------------------


def load_source_texts(brief: Brief, base_dir: Path | None = None, *, brief_path: Path | None = None) -> dict[str, str]:
    """Return ``{source id: text}`` for the sources whose text may be shown, as their citations' offsets index it.

    Only texts embedded in the brief, or files inside ``base_dir``, the folder of ``brief_path`` or the current
    directory whose bytes match the recorded SHA-256, are used (see :mod:`summarizer.render.access`); the others are
    left out. :func:`summarizer.render.access.source_texts` says why. Never raises for content."""
    found = source_texts(brief, brief_path=brief_path, base_dir=base_dir)
    return {sid: st.text for sid, st in found.items() if st.text is not None}


# --------------------------------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------------------------------


def safe_url(value: str | None) -> str | None:
    """Return ``value`` if it is an absolute http(s) URL that is safe to put in ``href``, else ``None``."""
    if not value or len(value) > 2048 or any(ch.isspace() or ord(ch) < 0x20 or ch in "<>\"'`\\" for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


# --------------------------------------------------------------------------------------------------------------------
# Citation registry: numbers, roles and validity of every span the page shows
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class CitedSpan:
    """One distinct span ``(source, start, end)`` of the brief, numbered in reading order."""

    number: int
    span: Span
    roles: set[Role] = field(default_factory=set)
    source_index: int = -1  # position of the source in the page's tabs; -1 when the brief has no such source
    source_name: str = ""
    problem: str | None = None  # why the span cannot be highlighted, if it cannot

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def hue(self) -> int:
        return _hue(self.source_index)

    @property
    def role(self) -> Role:
        return next(r for r in _ROLE_ORDER if r in self.roles)

    @property
    def title(self) -> str:
        """Hover text of a marker: source, offsets and the quote (shortened)."""
        quote = self.span.quote
        if len(quote) > _TITLE_QUOTE_CHARS:
            quote = quote[: _TITLE_QUOTE_CHARS - 1].rstrip() + "…"
        head = f"[{self.number}] {self.source_name} · characters {self.span.start}–{self.span.end}"
        if self.problem:
            head += f" · NOT SHOWN: {self.problem}"
        return f"{head}\n“{quote}”"


class _Registry:
    def __init__(self, sources: list[Source]) -> None:
        self._by_key: dict[tuple[str, int, int], CitedSpan] = {}
        self._index = {s.id: i for i, s in enumerate(sources)}
        self._names = {s.id: _source_name(s) for s in sources}

    def add(self, spans: Iterable[Span], role: Role) -> None:
        for span in spans:
            key = (span.source, span.start, span.end)
            cited = self._by_key.get(key)
            if cited is None:
                index = self._index.get(span.source, -1)
                name = self._names.get(span.source, "unknown source")
                cited = CitedSpan(len(self._by_key) + 1, span, source_index=index, source_name=f"{span.source} {name}")
                if index < 0:
                    cited.problem = f"the brief lists no source {span.source!r}"
                self._by_key[key] = cited
            cited.roles.add(role)

    def ref(self, span: Span) -> CitedSpan:
        return self._by_key[(span.source, span.start, span.end)]

    def refs(self, spans: Iterable[Span]) -> list[CitedSpan]:
        """The distinct numbered spans of ``spans``, in order (a span cited twice gets one marker)."""
        return list({c.number: c for c in map(self.ref, spans)}.values())

    def all(self) -> list[CitedSpan]:
        return list(self._by_key.values())

    def validate(self, texts: Mapping[str, str | None]) -> None:
        """Record a problem on every span whose offsets do not index its quote in the source text."""
        for cited in self._by_key.values():
            if cited.problem:
                continue
            span = cited.span
            text = texts.get(span.source)
            if text is None:
                cited.problem = "the source text is not available"
            elif span.end > len(text):
                cited.problem = f"offsets {span.start}–{span.end} are past the end of the text ({len(text)} chars)"
            elif text[span.start : span.end] != span.quote:
                found = text.find(span.quote) if span.quote else -1
                where = f" (the quote occurs at {found})" if found >= 0 else ""
                cited.problem = f"the text at {span.start}–{span.end} is not the quote{where}"


def _register(brief: Brief) -> _Registry:
    registry = _Registry(brief.sources)
    for story in brief.stories:
        for sentence in story.sentences:
            registry.add(sentence.citations, "sentence")
        for conflict in story.conflicts:
            for position in conflict.positions:
                registry.add(position.citations, "conflict")
        for sentence in story.context:
            registry.add(sentence.citations, "context")
        for rejected in story.rejected:
            registry.add(rejected.citations, "rejected")
    for rejected in brief.rejected:
        registry.add(rejected.citations, "rejected")
    for source in brief.sources:
        for flag in source.flags:
            registry.add(flag.citations, "flag")
    return registry


# --------------------------------------------------------------------------------------------------------------------
# Highlighting
# --------------------------------------------------------------------------------------------------------------------


def highlight_html(text: str, spans: Iterable[CitedSpan]) -> Markup:
    """Return ``text`` as escaped HTML with every span wrapped in ``<mark>`` elements.

    Overlapping and nested spans are handled by cutting the text at every span boundary: each resulting segment is
    one ``<mark>`` whose ``data-c`` lists the numbers of all spans covering it (so the segments of span ``n`` are
    ``mark[data-c~="n"]`` and their texts, in order, make up its quote). Empty spans become empty anchors. Only spans
    whose ``ok`` is true are used. The text's characters are kept one for one (the page shows it with
    ``white-space: pre-wrap``).
    """
    usable = sorted((c for c in spans if c.ok), key=lambda c: (c.span.start, -c.span.end, c.number))
    starts: dict[int, list[CitedSpan]] = {}
    ends: dict[int, list[CitedSpan]] = {}
    for cited in usable:
        starts.setdefault(cited.span.start, []).append(cited)
        ends.setdefault(cited.span.end, []).append(cited)
    bounds = sorted({0, len(text), *starts, *ends})
    parts: list[str] = []
    active: dict[int, CitedSpan] = {}
    for i, pos in enumerate(bounds):
        for cited in ends.get(pos, ()):
            active.pop(cited.number, None)
        for cited in starts.get(pos, ()):
            if cited.span.start == cited.span.end:
                parts.append(Markup('<mark class="hl hl-point" data-c="{}"></mark>').format(cited.number))
            else:
                active[cited.number] = cited
        if i + 1 == len(bounds):
            break
        chunk = text[pos : bounds[i + 1]]
        if not active:
            parts.append(visible_html(chunk))
            continue
        covering = sorted(active)
        roles = {r for n in covering for r in active[n].roles}
        role = next(r for r in _ROLE_ORDER if r in roles)
        classes = f"hl hl-{role}" + (" hl-multi" if len(covering) > 1 else "")
        numbers = " ".join(str(n) for n in covering)
        label = "cited as " + ", ".join(f"[{n}]" for n in covering)
        mark = Markup('<mark class="{}" data-c="{}" title="{}" tabindex="0">{}</mark>')
        parts.append(mark.format(classes, numbers, label, visible_html(chunk)))
    return Markup("").join(parts)


# --------------------------------------------------------------------------------------------------------------------
# Page
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class _SourceView:
    index: int
    source: Source
    name: str
    hue: int
    url: str | None
    text_html: Markup | None
    length: int
    cited: int
    problems: int
    unavailable: str | None = None  # why the text is not shown
    mismatch: bool = False  # a file was found but its bytes do not match the recorded sha256


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["day"] = _format_day
    return env


def visible_html(text: str) -> Markup:
    """``text`` escaped for HTML, with every control, bidi-override or lone-surrogate character replaced by a visible
    ``<span class="ctl">\\u202e</span>`` token (titled with the character's name): shown, never acted on. Newlines,
    carriage returns and tabs are kept (the page shows text with ``white-space: pre-wrap``)."""
    if not any(is_unsafe(ch) for ch in text if ch not in "\r"):
        return escape(text)
    parts: list[Markup] = []
    for ch in text:
        if ch != "\r" and is_unsafe(ch):
            token = f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
            parts.append(Markup('<span class="ctl" title="{}">{}</span>').format(describe(ch), token))
        else:
            parts.append(escape(ch))
    return Markup("").join(parts)


def _finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of the templates: plain strings are made visible-and-inert (Markup is already safe)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible_html(value)
    return value


@functools.cache
def _asset(name: str) -> str:
    return resources.files("summarizer.render").joinpath("templates", name).read_text(encoding="utf-8")


def _format_day(value: dt.date | None) -> str:
    return "" if value is None else f"{value:%a} {value.day} {value:%b %Y}"


def _hue(index: int) -> int:
    """A colour hue per source (golden-angle steps keep neighbours apart); grey-ish 0 for unknown sources."""
    return round(index * 137.508) % 360 if index >= 0 else 0


def _source_name(source: Source) -> str:
    return source.publisher or source.title or Path(source.path).name or source.id


def _json_for_script(data: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` survive literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


_LEVEL_RANK: dict[FlagLevel, int] = {"info": 0, "caution": 1, "warning": 2}
_FLAG_LABELS = {  # short badge labels for tabs; other kinds show their name
    "automated-content": "AI-written",
    "addressed-to-ai": "addresses AI",
    "inconsistent-dates": "dates",
    "anonymous-sources": "anonymous",
    "press-release": "press release",
    "late-date": "late",
    "name-typo": "typo",
}


def level_of(flag: Flag) -> FlagLevel:
    """The flag's level; for a flag read from a brief written before levels existed, its kind's level."""
    return flag.level if "level" in flag.model_fields_set else flag_level(flag.kind)


def _worst_flag(source: Source) -> Flag | None:
    """The source's most serious flag (highest level, then lowest weight), or None."""
    if not source.flags:
        return None
    return max(source.flags, key=lambda f: (_LEVEL_RANK[level_of(f)], -f.weight))


def _flag_label(flag: Flag) -> str:
    return _FLAG_LABELS.get(flag.kind, flag.kind.replace("-", " "))


def _story_total(story: Story) -> int:
    return len(story.sources) or len(story.cited_sources())


def render_html(
    brief: Brief, *, articles: Mapping[str, str] | None = None, access: Mapping[str, SourceText] | None = None
) -> str:
    """Return the review page of ``brief`` as one self-contained HTML document (inline CSS and JS, no remote loads).

    ``articles`` maps source id to full text for sources whose ``Source.text`` is None (see
    :func:`load_source_texts`); ``access`` (from :func:`summarizer.render.access.source_texts`) gives the texts and,
    for the others, why they are unavailable. A source without text is listed with that reason; a citation whose
    offsets do not index its quote in the text is listed under "Citation problems" instead of being highlighted.
    Never raises for content: everything from the brief is escaped, control characters are shown as escapes.
    """
    articles = dict(articles or {})
    access = access or {}
    for sid, st in access.items():
        if st.text is not None:
            articles.setdefault(sid, st.text)
    texts: dict[str, str | None] = {s.id: s.text if s.text is not None else articles.get(s.id) for s in brief.sources}
    registry = _register(brief)
    registry.validate(texts)
    cited = registry.all()

    sources: list[_SourceView] = []
    for index, source in enumerate(brief.sources):
        own = [c for c in cited if c.source_index == index]
        text = texts[source.id]
        sources.append(
            _SourceView(
                index=index,
                source=source,
                name=_source_name(source),
                hue=_hue(index),
                url=safe_url(source.path),
                text_html=highlight_html(text, own) if text is not None else None,
                length=len(text) if text is not None else 0,
                cited=sum(1 for c in own if c.ok),
                problems=sum(1 for c in own if not c.ok),
                unavailable=(access[source.id].reason if source.id in access else None) if text is None else None,
                mismatch=source.id in access and access[source.id].mismatch,
            )
        )
    worst = {s.id: f for s in brief.sources if (f := _worst_flag(s)) is not None}
    flagged = {sid: level_of(f) for sid, f in worst.items()}
    names = {s.id: _source_name(s) for s in brief.sources}
    script = _asset("review.js")
    position = {s.id: i for i, s in enumerate(brief.sources)}
    stories: list[tuple[int, list[int]]] = []  # per story: the first source it cites, its sources (cited first)
    for story in brief.stories:
        cited_ids = story.cited_sources()
        order = [position[sid] for sid in dict.fromkeys([*cited_ids, *story.sources]) if sid in position]
        stories.append((position[cited_ids[0]] if cited_ids and cited_ids[0] in position else -1, order))
    # The page opens on the first story: its sources lead the tab row and the first source it cites is shown.
    opening = stories[0][0] if stories and stories[0][0] >= 0 else 0
    lead = stories[0][1] if stories else []
    tab_order = [sources[i] for i in dict.fromkeys([*lead, *range(len(sources))])]
    data = {
        "brief_sha256": brief_sha256(brief),
        "sources": [{"id": v.source.id, "name": v.name} for v in sources],
        "citations": {str(c.number): [c.source_index, c.span.start, c.span.end, c.ok, c.problem] for c in cited},
        "stories": [[first, order] for first, order in stories],
    }
    template = _environment().get_template("review.html.j2")
    return template.render(
        brief=brief,
        sources=sources,
        tab_order=tab_order,
        opening=opening,
        refs=registry.refs,
        names=names,
        flagged=flagged,
        worst=worst,
        level_of=level_of,
        flag_label=_flag_label,
        item_id=item_id,
        item_count=len(review_items(brief)),
        story_total=_story_total,
        problems=[c for c in cited if not c.ok],
        citation_count=len(cited),
        css=Markup(_asset("review.css")),
        script=Markup(script),
        data_json=_json_for_script(data),
        csp=_csp(script),
    )
