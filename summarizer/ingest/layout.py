"""Page layout of an article's text: what it states about itself (title, publisher, byline, date, dateline) and which
stretches are page furniture rather than article body. Used by :mod:`summarizer.ingest.sources`; never alters the text.

Everything is line-level heuristics over the text as read, with offsets into it:

* the **header block** -- the lines at the top before the body starts: title, date lines, byline, "Source:" line,
  a media-group line, section labels, URLs and a standfirst;
* **furniture** anywhere -- a small data-driven table of patterns (:data:`FURNITURE`): page markers, share/subscribe
  lines, "Related", disclaimers, "X contributed to this report", captions; URLs on their own line;
* **repeated paragraphs** -- a paragraph that occurs more than once (a bot's self-description, a repeated title);
* **headings and tables** inside the body -- short lines without sentence punctuation;
* the **bottom block** -- short lines and furniture after the last body paragraph, and a prose line caught between
  two furniture lines there.

A news dateline ("BAGHDAD, Nov 21 (Reuters) -") is reported as metadata only: it opens the lead sentence, and a
region over it would take that sentence out of the body.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from summarizer.models import Region
from summarizer.text.dates import find_dates, parse_date
from summarizer.text.normalize import caseless
from summarizer.text.regex import lazy_compile

# --------------------------------------------------------------------------------------------------------------------
# Data: furniture patterns, organisation words, name particles
# --------------------------------------------------------------------------------------------------------------------

# (pattern, kind, reason). ``fullmatch`` patterns must cover the whole line; the others are searched, and carry the
# lower-case words of which every match contains one (whatever its case): a line whose caseless() form holds none of
# them is not searched with that pattern (as the flag rules' needles). Patterns anchored at the line's start cost no
# more than the test and have none.
FURNITURE_FULL: list[tuple[str, str, str]] = [
    (r"(?:top|bottom|end) of (?:the )?(?:page|article|story)", "boilerplate", "page marker"),
    (
        r"(?:skip to (?:main )?content|main menu|menu|home|search|sign in|log in|sign up|subscribe(?: now)?|"
        r"advertisement|advert|sponsored(?: content)?|ad|close|dismiss|accept(?: all)?(?: cookies)?|cookies?|"
        r"share|share this(?: article| story| page)?|print|email|tweet|comments?|comment|leave a (?:comment|reply)|"
        r"related(?: posts?| articles?| stories| content| news| coverage)?|read more|more from [^.]{1,40}|"
        r"recommended(?: for you)?|most (?:read|popular|viewed)|trending(?: now)?|latest(?: news)?|news|"
        r"top stories|back to top|next(?: article| story)?|previous(?: article| story)?|loading\W*|"
        r"continue reading|(?:view|show|hide) comments|follow us|newsletter|topics|tags|see also|"
        r"more on this story|watch|listen|(?:\d+ )?min(?:ute)? read)\W{0,3}",
        "boilerplate",
        "page furniture",
    ),
]
FURNITURE_SEARCH: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        r"^(?:share (?:this|on|via)|follow us (?:on|at)|subscribe (?:to|for|now)|sign up (?:for|to)|click here|"
        r"download (?:our|the) app|listen to (?:this|the) (?:article|story)|read (?:more|next|also)\s*:|"
        r"see also\s*:|related\s*:|more\s*:|©|\(c\)\s*\d{4}|copyright\b|our standards\s*:)",
        "boilerplate",
        "page furniture",
        (),
    ),
    (r"\ball rights reserved\b", "boilerplate", "copyright notice", ("rights reserved",)),
    (
        r"\b(?:views|opinions)\b.{0,60}\b(?:expressed|presented|stated)\b.{0,80}\b(?:do not|don't|does not|doesn't)"
        r"\s+(?:necessarily\s+)?(?:reflect|represent)",
        "boilerplate",
        "disclaimer",
        ("views", "opinions"),
    ),
    (
        r"\b(?:written|generated|produced|created|composed)\s+(?:entirely\s+|wholly\s+|partly\s+|partially\s+)?"
        r"(?:by|with|using)\s+(?:an?\s+)?(?:AI|A\.I\.|artificial intelligence|a bot|automated)",
        "boilerplate",
        "automated-content disclaimer",
        ("written", "generated", "produced", "created", "composed"),
    ),
    (
        r"\bcontributed (?:reporting |to )?(?:to )?(?:this|the) (?:report|story|article)\b",
        "byline",
        "contributors",
        ("contributed",),
    ),
    (r"^(?:additional )?(?:reporting|writing|editing) by\b", "byline", "contributors", ()),
    (
        r"^(?:photo|image|picture|file photo|credit|caption|graphic|illustration)s?\s*(?::|by\b)"
        r"|\((?:photos?|images?|pictures?)\s*(?::|by\b|credit)|\bvia getty images\b|\bap photo\b|/ ?getty images\b",
        "caption",
        "caption or photo credit",
        ("photo", "image", "picture", "credit", "caption", "graphic", "illustration", "getty"),
    ),
]
_FURNITURE = [(lazy_compile(p, re.I), k, r, True, ()) for p, k, r in FURNITURE_FULL] + [
    (lazy_compile(p, re.I), k, r, False, needles) for p, k, r, needles in FURNITURE_SEARCH
]

MAX_FURNITURE_CHARS = 400

# Words that make a short name an organisation ("bne IntelliNews", "ICARO Media Group", "Reuters").
ORG_WORDS = (
    "news media press times post journal agency group network staff wire desk team reporters correspondents "
    "editorial newsroom tv radio broadcasting broadcast herald tribune gazette daily weekly magazine online "
    "associated reuters afp bloomberg xinhua dpa ani pti upi efe ansa kyodo yonhap tass ians anadolu irna cnn bbc "
    "npr pbs abc nbc cbs fox guardian telegraph independent observer chronicle report today insider monitor "
    "review standard express mirror mail sun star globe examiner courier dispatch bulletin"
).split()
_STRONG_ORG_WORDS = set(
    "news media press group agency network staff reporters correspondents broadcasting newsroom desk wire team "
    "editorial associated".split()
)
AGENCIES = {
    "reuters",
    "ap",
    "associated press",
    "afp",
    "agence france-presse",
    "bloomberg",
    "dpa",
    "xinhua",
    "ani",
    "pti",
    "upi",
    "efe",
    "ansa",
    "kyodo",
    "yonhap",
    "tass",
    "ians",
    "anadolu",
    "irna",
    "cnn",
    "bbc",
}
_PARTICLES = {
    "de",
    "van",
    "von",
    "der",
    "den",
    "al",
    "el",
    "bin",
    "ibn",
    "la",
    "le",
    "da",
    "del",
    "di",
    "du",
    "y",
    "dos",
}

# --------------------------------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class Line:
    """A non-blank line: ``start``/``end`` of its content (no newline), ``istart``/``iend`` of its inner text
    (whitespace and Markdown markers stripped), ``block`` the number of its blank-line-separated block."""

    index: int
    start: int
    end: int
    istart: int
    iend: int
    text: str
    block: int
    heading_marker: bool = False
    prose: bool | None = field(default=None, repr=False, compare=False)  # is_prose(text), once read (_is_prose)


_LINE_RE = lazy_compile(r"[^\r\n]*")
_MD_LEAD = lazy_compile(r"^(?:#{1,6}\s+|>\s*|[*_]{1,3}(?=\S))")
_MD_TRAIL = lazy_compile(r"(?<=\S)(?:[*_]{1,3}|\s+#+)$")


def _md_trail(line: str) -> re.Match[str] | None:
    """``_MD_TRAIL.search(line)``, started where the line's trailing run of "*", "_", "#" and spaces begins (no match
    can start before it), so a long line is not scanned for its last characters."""
    j = len(line)
    while j > 0 and (line[j - 1] in "*_#" or line[j - 1].isspace()):
        j -= 1
    return _MD_TRAIL.search(line, j) if j < len(line) else None


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with their offsets (``\\n``, ``\\r\\n`` and ``\\r`` all end a line)."""
    out: list[Line] = []
    block = 0
    blank_before = False
    for m in _LINE_RE.finditer(text):
        raw = m.group()
        if m.start() == m.end() and m.start() > 0 and text[m.start() - 1] not in "\r\n":
            continue  # the empty match right after a line's content
        if m.start() == m.end() and text[m.start() - 1 : m.start() + 1] == "\r\n":
            continue  # between the two characters of one CRLF line end: not a blank line
        stripped = raw.strip()
        if not stripped:
            blank_before = True
            continue
        if blank_before and out:
            block += 1
        blank_before = False
        istart = m.start() + (len(raw) - len(raw.lstrip()))
        iend = m.start() + len(raw.rstrip())
        heading = stripped.startswith("#")
        inner = text[istart:iend]
        lead = _MD_LEAD.match(inner)
        if lead and len(inner) > lead.end():
            istart += lead.end()
        trail = _md_trail(text[istart:iend])
        if trail:
            iend = istart + trail.start()
        out.append(Line(len(out), m.start(), m.start() + len(raw), istart, iend, text[istart:iend], block, heading))
    return out


# --------------------------------------------------------------------------------------------------------------------
# Line tests
# --------------------------------------------------------------------------------------------------------------------

_TERMINAL = lazy_compile(r"""(?:[.!?…]["'”’»)\]]*|["”’])$""")
_WORD = lazy_compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?")
_URL_LINE = lazy_compile(r"<?(?:https?://|www\.)\S+>?|!\[[^\]]*\]\([^)]*\)", re.I)
_IMAGE_HINT = lazy_compile(r"\.(?:jpe?g|png|gif|webp|svg)\b|/images?/|/photos?/|/media/", re.I)
_SOURCE_LINE = lazy_compile(
    r"^(?:source|publisher|publication|published by|originally published (?:by|in|on|at)|via)\s*[:\-–—]?\s+(.+?)\W*$",
    re.I,
)
_BYLINE = lazy_compile(r"^(?:(?:written|reported|words|story|text|posted)\s+)?by\s*:?\s+(\S.*)$", re.I)
_DATELINE = lazy_compile(
    r"^((?P<place>[A-Z][A-Z.'’\- ]{2,40})"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30}?)?"
    r"(?:\s*\((?P<agency>[A-Z][\w.&'’\- ]{1,40})\))?)\s*(?:[-–—]+|:)\s+"
)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_count(text: str, limit: int) -> int:
    """``len(words(text))``, counted no further than ``limit`` (a long paragraph is not scanned to its end)."""
    return sum(1 for _ in islice(_WORD.finditer(text), limit))


_CLOSERS = "\"'”’»)]"


def is_terminal(text: str) -> bool:
    """Ends like a sentence (., !, ?, … optionally followed by closing quotes or brackets, or a closing quote)."""
    # what _TERMINAL.search(text.rstrip()) finds, read from the end instead of scanning the line for it
    t = text.rstrip()
    if t[-1:] in ('"', "”", "’"):
        return True
    t = t.rstrip(_CLOSERS)
    return t[-1:] in (".", "!", "?", "…")


def is_prose(text: str) -> bool:
    """A sentence-like line: sentence punctuation at the end and at least six words, or a very long line."""
    return word_count(text, 6) >= 6 if is_terminal(text) else word_count(text, 40) >= 40


def _is_prose(line: Line) -> bool:
    """``is_prose(line.text)``, worked out once per line (the header and body passes ask again)."""
    prose = line.prose
    if prose is None:
        prose = line.prose = is_prose(line.text)
    return prose


def furniture(text: str) -> tuple[str, str] | None:
    """(kind, reason) when ``text`` (one line) is a known kind of page furniture, else None. Lines longer than
    :data:`MAX_FURNITURE_CHARS` are never furniture: a pattern inside a long paragraph does not make it boilerplate."""
    if len(text) > MAX_FURNITURE_CHARS:
        return None
    folded = None
    for rx, kind, reason, full, needles in _FURNITURE:
        if needles:
            if folded is None:
                folded = caseless(text)
            if not any(n in folded for n in needles):
                continue  # no match of the pattern can be in the line
        if (rx.fullmatch(text) if full else rx.search(text)) is not None:
            return kind, reason
    if _URL_LINE.fullmatch(text):
        return "boilerplate", "image URL" if _IMAGE_HINT.search(text) else "URL on its own line"
    return None


def _is_nameish(token: str) -> bool:
    t = token.strip(".,")
    return bool(t) and (t[0].isupper() or t.lower() in _PARTICLES or t.lower().startswith(("al-", "el-")))


def is_org(name: str) -> bool:
    """True when a byline name reads as an organisation rather than a person: a news agency, a lower-case brand
    word ("bne IntelliNews"), an organisation word ("Media", "Group", "Staff"), or a last word such as "Post"."""
    low = name.lower().strip()
    toks = [t.rstrip(".") for t in words(name)]
    if not toks:
        return False
    if low in AGENCIES:
        return True
    if any(t[0].islower() and t.lower() not in _PARTICLES and not t.lower().startswith(("al-", "el-")) for t in toks):
        return True
    if any(t.lower() in _STRONG_ORG_WORDS or t.lower().endswith(("news", "media")) for t in toks):
        return True
    return toks[-1].lower() in ORG_WORDS


@dataclass
class Byline:
    names: list[tuple[int, int]]  # offsets of each name
    date: tuple[int, int] | None
    published: dt.date | None


_GENERIC_BYLINE = lazy_compile(
    r"(?:the |our |a |an )?(?:\w+ )?(?:staff|reporter|writer|correspondent|desk|newsroom|editor|editorial team|"
    r"editorial board|team)s?",
    re.I,
)
_NAME_SPLIT = lazy_compile(r"\s*(?:,|;|\band\b|&|\|)\s*")


def parse_byline(text: str, offset: int) -> Byline | None:
    """The names (and a trailing date) of a byline line such as "By A, B and C" or "By X January 21, 2024"."""
    if len(text) > 200:
        return None
    m = _BYLINE.match(text)
    if not m:
        return None
    rest_start = m.start(1)
    rest = m.group(1)
    date_span: tuple[int, int] | None = None
    published = None
    for d in reversed(find_dates(rest, None)):
        if d.date is not None and not rest[d.end :].strip(" .,|"):
            date_span = (offset + rest_start + d.start, offset + rest_start + d.end)
            published = d.date
            rest = rest[: d.start]
            break
    if is_terminal(rest.rstrip(" ,|-–—")) and not re.search(r"\b[A-Z]\.$", rest.rstrip()):
        return None
    names: list[tuple[int, int]] = []
    pos = 0
    for part in _NAME_SPLIT.split(rest):
        idx = rest.find(part, pos)
        pos = idx + len(part)
        clean = part.strip(" -–—")
        if not clean:
            continue
        toks = clean.split()
        if len(toks) > 5 or not any(_is_nameish(t) for t in toks):
            return None
        cstart = idx + part.find(clean)
        names.append((offset + rest_start + cstart, offset + rest_start + cstart + len(clean)))
    if not names:
        return None
    return Byline(names, date_span, published)


def parse_dateline(text: str, offset: int) -> dict[str, tuple[int, int]] | None:
    """Spans of a news dateline at the start of ``text``: 'dateline' (without the dash), 'agency', 'date'."""
    m = _DATELINE.match(text)
    if not m:
        return None
    place = m["place"].strip()
    if not (m["agency"] or m["date"] or (place.isupper() and len(place) >= 4)):
        return None
    if m["agency"] is None and not place.split(",")[0].isupper():
        return None
    out = {"dateline": (offset + m.start(1), offset + m.end(1))}
    if m["agency"]:
        out["agency"] = (offset + m.start("agency"), offset + m.end("agency"))
    if m["date"]:
        out["dateline_date"] = (offset + m.start("date"), offset + m.end("date"))
    return out


# --------------------------------------------------------------------------------------------------------------------
# The analysis
# --------------------------------------------------------------------------------------------------------------------


@dataclass
class PageLayout:
    """What :func:`analyse` found: metadata values, the spans they were read from, and the non-body regions."""

    title: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    dateline: str | None = None
    meta: dict[str, tuple[int, int]] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)


_HEADER_WINDOW = 15  # lines
_STRONG = {"date", "byline", "source", "url", "furniture", "org"}


def _wrapped_blocks(lines: list[Line]) -> set[int]:
    """Blocks that are one hard-wrapped paragraph: several long lines, the last ending like a sentence."""
    blocks: dict[int, list[Line]] = {}
    for ln in lines:
        blocks.setdefault(ln.block, []).append(ln)
    out = set()
    for b, block in blocks.items():
        long_lines = len(block) >= 2 and sum(len(x.text) for x in block[:-1]) / max(1, len(block) - 1) >= 35
        if long_lines and is_terminal(block[-1].text):
            out.add(b)
    return out


def _header_class(line: Line, wrapped: bool) -> str:
    t = line.text
    if wrapped or len(t) > 400:
        return "prose"
    if parse_date(t) is not None:
        return "date"
    if _SOURCE_LINE.match(t):
        return "source"
    if parse_byline(t, line.istart) is not None:
        return "byline"
    if furniture(t) is not None:
        return "furniture"
    n = word_count(t, 7)  # only compared with 6 and less below
    if 1 <= n <= 6 and not is_terminal(t) and is_org(t) and all(_is_nameish(w) or w.isupper() for w in t.split()):
        return "org"
    if _is_prose(line):
        return "prose"
    if not line.heading_marker and (n <= 1 or (n <= 3 and all(w[0].isupper() for w in words(t)))):
        return "label"  # "Politics", "Middle East": a section label, not a headline
    return "title"


Marks = dict[int, tuple[str, str]]
"""Line index -> (region kind, reason): the lines found not to be article body."""


def analyse(text: str, start: int = 0) -> PageLayout:
    """The layout of ``text[start:]`` (see the module docstring; ``start`` skips e.g. Markdown front matter).
    Offsets in the result index ``text``; never raises."""
    lines = [ln for ln in split_lines(text) if ln.start >= start]
    for i, ln in enumerate(lines):
        ln.index = i
    out = PageLayout()
    marks: Marks = {}
    wrapped = _wrapped_blocks(lines)
    classes = [_header_class(ln, ln.block in wrapped) for ln in lines[:_HEADER_WINDOW]]
    header_end = _header_end(classes, len(lines))
    dates, bylines = _read_header(lines[: header_end + 1], classes, out, marks)
    _set_published(dates, bylines, out)
    _set_authors(text, bylines, out)
    _read_dateline(text, [ln for ln in lines[header_end + 1 :] if ln.index not in marks], out)
    _mark_repeated(lines, header_end, marks)
    _mark_body(text, lines, header_end, wrapped, marks, bylines, out)
    _mark_bottom(lines[header_end + 1 :], marks)
    out.regions = _regions(text, lines, marks)
    return out


def _header_end(classes: list[str], n_lines: int) -> int:
    """Index of the last header line (-1: no header). The header runs to the last strong line (date, byline,
    source, URL, furniture, publisher) before the third prose line; strong lines after prose count only when they are
    a date, byline or source line. Without any, leading labels and furniture and then one title line are the header."""
    header_end = -1
    prose_seen = 0
    for i, c in enumerate(classes):
        if c == "prose":
            prose_seen += 1
            if prose_seen > 2:
                break
        elif c in _STRONG and (prose_seen == 0 or c in ("date", "byline", "source")):
            header_end = i
    if header_end >= 0:
        return header_end
    for i, c in enumerate(classes):
        if c in ("label", "furniture", "url"):
            continue
        if c == "title" and i + 1 < n_lines:
            return i
        break
    return -1


def _read_header(
    header: list[Line], classes: list[str], out: PageLayout, marks: Marks
) -> tuple[list[tuple[int, int, dt.date]], list[Byline]]:
    """Mark each header line by its class and read what it states into ``out`` (title, publisher, byline span).
    Returns the date lines' (start, end, date) and the bylines, for :func:`_set_published` and :func:`_set_authors`."""
    dates: list[tuple[int, int, dt.date]] = []
    bylines: list[Byline] = []
    for ln, c in zip(header, classes, strict=False):
        if c == "date":
            dates.extend(_line_date(ln))
            marks[ln.index] = ("header", "date line")
        elif c == "source":
            sm = _SOURCE_LINE.match(ln.text)
            assert sm is not None
            _set_publisher(out, sm[1], (ln.istart + sm.start(1), ln.istart + sm.end(1)))
            marks[ln.index] = ("header", "source line")
        elif c == "byline":
            b = parse_byline(ln.text, ln.istart)
            assert b is not None
            bylines.append(b)
            marks[ln.index] = ("byline", "byline")
            out.meta.setdefault("byline", (ln.istart, ln.iend))
        elif c == "furniture":
            f = furniture(ln.text)
            assert f is not None
            marks[ln.index] = f
        elif c == "org":
            _set_publisher(out, ln.text, (ln.istart, ln.iend))
            marks[ln.index] = ("header", "publisher line")
        elif c in ("title", "label"):
            marks[ln.index] = _title_or_label(ln, c, out)
        # a prose line inside the header block (before a late date or byline line) stays body
    return dates, bylines


def _line_date(ln: Line) -> list[tuple[int, int, dt.date]]:
    """The first resolved date of a date line, as (start, end, date) in the text's offsets; [] when none."""
    for d in find_dates(ln.text, None):
        if d.date is not None:
            return [(ln.istart + d.start, ln.istart + d.end, d.date)]
    return []


def _title_or_label(ln: Line, cls: str, out: PageLayout) -> tuple[str, str]:
    """The mark of a header line of class "title" or "label"; the first title line becomes ``out.title``."""
    if cls == "title" and out.title is None:
        out.title = ln.text
        out.meta["title"] = (ln.istart, ln.iend)
        return "header", "title"
    return "header", "section label" if cls == "label" else "headline or standfirst"


def _set_publisher(out: PageLayout, name: str, span: tuple[int, int]) -> None:
    """The first publisher found wins: later candidates are ignored."""
    if out.publisher is None:
        out.publisher = name
        out.meta["publisher"] = span


def _set_published(dates: list[tuple[int, int, dt.date]], bylines: list[Byline], out: PageLayout) -> None:
    """Publication date: the earliest-placed of the header's date lines and bylines' dates; every one of them gets a
    meta span ("published", "published_2", ...)."""
    dates = dates + [(b.date[0], b.date[1], b.published) for b in bylines if b.date and b.published]
    dates.sort()
    for n, (s, e, day) in enumerate(dates):
        out.meta["published" if n == 0 else f"published_{n + 1}"] = (s, e)
        if n == 0:
            out.published = day


def _set_authors(text: str, bylines: list[Byline], out: PageLayout) -> None:
    """Authors from the header's bylines: people in order; an organisation name is the publisher when none is known;
    generic names ("Staff Reporter", "Web Desk") are neither."""
    for b in bylines:
        for s, e in b.names:
            name = text[s:e]
            if _GENERIC_BYLINE.fullmatch(name):
                continue
            if is_org(name):
                _set_publisher(out, name, (s, e))
            elif name not in out.authors:
                out.authors.append(name)


def _read_dateline(text: str, body_lines: list[Line], out: PageLayout) -> None:
    """A news dateline opening one of the first two body lines: metadata only (no region, see the module docstring);
    its agency is the publisher when none is known."""
    for ln in body_lines[:2]:
        dl = parse_dateline(ln.text, ln.istart)
        if dl:
            s, e = dl["dateline"]
            out.dateline = text[s:e]
            out.meta.update(dl)
            if "agency" in dl:
                _set_publisher(out, text[slice(*dl["agency"])], dl["agency"])
            return


def _mark_repeated(lines: list[Line], header_end: int, marks: Marks) -> None:
    """Paragraphs of four words or more that occur more than once are boilerplate, except the first occurrence of a
    body paragraph repeated exactly once (a pull quote)."""
    keys = [" ".join(ln.text.split()).casefold() for ln in lines]
    counts = Counter(key for key, ln in zip(keys, lines, strict=True) if word_count(ln.text, 4) >= 4)
    first_seen: set[str] = set()
    for ln, key in zip(lines, keys, strict=True):
        if counts.get(key, 0) < 2:
            continue
        if key not in first_seen:
            first_seen.add(key)
            if counts[key] == 2 and ln.index > header_end:
                continue
        marks.setdefault(ln.index, ("boilerplate", "repeated paragraph"))


def _mark_body(
    text: str,
    lines: list[Line],
    header_end: int,
    wrapped: set[int],
    marks: Marks,
    bylines: list[Byline],
    out: PageLayout,
) -> None:
    """Furniture, bylines, tables and headings after the header. A byline there gives the authors only when the header
    had none."""
    blocks: dict[int, list[Line]] = {}
    for ln in lines:
        blocks.setdefault(ln.block, []).append(ln)
    # A heading heads something: only lines before the last prose paragraph can be headings.
    last_prose = max((ln.index for ln in lines if _is_prose(ln) or ln.block in wrapped), default=-1)
    for ln in lines[header_end + 1 :]:
        if ln.index in marks:
            continue
        f = furniture(ln.text)
        if f:
            marks[ln.index] = f
            continue
        b = parse_byline(ln.text, ln.istart)
        if b is not None:
            marks[ln.index] = ("byline", "byline")
            if not bylines:
                bylines.append(b)
                _body_byline(text, ln, b, out)
            continue
        if _is_prose(ln) or is_terminal(ln.text) or word_count(ln.text, 16) > 15 or ln.block in wrapped:
            continue
        mark = _short_line_mark(ln, blocks[ln.block], last_prose)
        if mark:
            marks[ln.index] = mark


def _body_byline(text: str, ln: Line, b: Byline, out: PageLayout) -> None:
    """The byline span and the people (not organisations) of a byline found below the header."""
    out.meta.setdefault("byline", (ln.istart, ln.iend))
    for s, e in b.names:
        name = text[s:e]
        if not is_org(name) and name not in out.authors:
            out.authors.append(name)


def _short_line_mark(ln: Line, block: list[Line], last_prose: int) -> tuple[str, str] | None:
    """A short, unpunctuated body line: a table row when its block holds no prose, a heading when it stands alone
    before the last prose paragraph (not when it ends with ":", which introduces what follows); else body."""
    if len(block) >= 2 and not any(_is_prose(x) for x in block):
        return "table", "table rows"
    if len(block) == 1 and not ln.text.endswith(":") and ln.index < last_prose:
        return "heading", "section heading"
    return None


def _mark_bottom(rest: list[Line], marks: Marks) -> None:
    """The bottom block, read upwards from the end of ``rest`` (the lines after the header): short lines after the
    last body paragraph are furniture; one prose line between a repeated paragraph or a byline above and furniture
    below is part of the footer (e.g. a bot's disclaimer)."""
    pending: list[Line] = []
    for ln in reversed(rest):
        mark = marks.get(ln.index)
        if mark is not None and mark[0] != "heading":
            if pending and mark[1] in ("repeated paragraph", "byline"):
                marks[pending[0].index] = ("boilerplate", "between page furniture at the bottom")
                pending = []
                continue
            if pending:
                break
            continue
        if not pending and not is_terminal(ln.text) and word_count(ln.text, 7) <= 6:
            marks[ln.index] = ("boilerplate", "short line at the bottom of the page")
            continue
        pending.append(ln)
        if len(pending) > 1:
            break


def _regions(text: str, lines: list[Line], marks: dict[int, tuple[str, str]]) -> list[Region]:
    regions: list[Region] = []
    for ln in lines:
        mark = marks.get(ln.index)
        if mark is None:
            continue
        kind, reason = mark
        prev = regions[-1] if regions else None
        if prev and prev.kind == kind and prev.reason == reason and not text[prev.end : ln.start].strip():
            prev.end = ln.end
        else:
            regions.append(Region(start=ln.start, end=ln.end, kind=kind, reason=reason))
    return regions
