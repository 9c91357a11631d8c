"""The ``sources`` stage: reading input files (or stdin) into :class:`~summarizer.models.Article` objects.

It owns everything between a path and an article:

* **reading** -- files are read as bytes; ``-`` reads standard input. Missing, unreadable (permission, directory),
  empty (0 bytes or whitespace only), binary, undecodable and duplicate inputs become the matching
  :class:`~summarizer.errors.InputError` subclass, with a message that says what to do; the other inputs go on.
* **decoding** -- the text is never normalised: ``data.decode(article.encoding) == article.text`` holds for every
  article that is not ``converted``. BOMs give ``utf-8-sig``/``utf-16``/``utf-32``; strict UTF-8 next; otherwise
  charset-normalizer, leaning to cp1252 for Western text it cannot tell apart (it often cannot on short inputs).
* **formats** -- plain text and Markdown are kept as they are; HTML (by extension or sniffed) goes through
  trafilatura, which extracts the main text and the page metadata; the article is then ``converted``.
* **layout** -- title, publisher, authors, publication date and dateline as the text states them, with their spans
  in ``Article.meta``, and the non-body regions (see :mod:`summarizer.ingest.layout`).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Sequence
from typing import BinaryIO

from summarizer.errors import (
    BinarySource,
    DuplicateSource,
    EmptySource,
    InputError,
    MissingSource,
    UndecodableSource,
    UnreadableSource,
)
from summarizer.ingest.layout import analyse, furniture, words
from summarizer.models import Article, ArticleFormat, Region, Span

__all__ = [
    "STDIN",
    "article_from_bytes",
    "article_from_text",
    "decode",
    "read_source",
    "read_sources",
    "sniff_format",
]

STDIN = "-"

# --------------------------------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------------------------------


def read_sources(paths: Sequence[str], *, stdin: BinaryIO | None = None) -> tuple[list[Article], list[InputError]]:
    """Read every path in order. Returns the articles read successfully (ids ``S1``, ``S2``... in input order) and
    one :class:`InputError` per unusable input (a duplicate of an earlier input, by path, raw bytes or
    whitespace-normalised text, is a :class:`DuplicateSource`). Never raises :class:`InputError` itself."""
    articles: list[Article] = []
    errors: list[InputError] = []
    seen_paths: dict[str, str] = {}
    seen_sha: dict[str, Article] = {}
    seen_text: dict[str, Article] = {}
    for path in paths:
        key = STDIN if path == STDIN else os.path.realpath(path)
        if key in seen_paths:
            errors.append(DuplicateSource(path, f"given more than once (same file as {seen_paths[key]!r})"))
            continue
        seen_paths[key] = path
        try:
            article = read_source(path, f"S{len(articles) + 1}", stdin=stdin)
        except InputError as exc:
            errors.append(exc)
            continue
        earlier = seen_sha.get(article.sha256) or seen_text.get(_text_key(article.text))
        if earlier is not None:
            how = "the same bytes" if earlier.sha256 == article.sha256 else "the same text"
            errors.append(
                DuplicateSource(path, f"has {how} as {earlier.path!r} ({earlier.id})", duplicate_of=earlier.path)
            )
            continue
        seen_sha[article.sha256] = article
        seen_text[_text_key(article.text)] = article
        articles.append(article)
    return articles, errors


def _text_key(text: str) -> str:
    return " ".join(text.split())


def read_source(path: str, source_id: str, *, stdin: BinaryIO | None = None) -> Article:
    """Read one input (``-`` = standard input, read as bytes) into an article with id ``source_id``.

    Raises :class:`MissingSource`, :class:`UnreadableSource` (directory, permission, I/O error),
    :class:`EmptySource`, :class:`BinarySource` or :class:`UndecodableSource`."""
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            data = stream.read()
        except OSError as exc:
            raise UnreadableSource(path, f"standard input could not be read ({exc.strerror or exc})") from exc
        return article_from_bytes(data, path, source_id, converted=True)
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise MissingSource(path, "no such file; check the path and the current directory") from exc
    except PermissionError as exc:
        raise UnreadableSource(path, "permission denied; make the file readable or copy it elsewhere") from exc
    except OSError as exc:
        raise UnreadableSource(path, f"cannot be read ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableSource(path, "is a directory, not a file; pass the article files inside it instead")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except PermissionError as exc:
        raise UnreadableSource(path, "permission denied; make the file readable or copy it elsewhere") from exc
    except OSError as exc:
        raise UnreadableSource(path, f"cannot be read ({exc.strerror or exc})") from exc
    return article_from_bytes(data, path, source_id)


# --------------------------------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------------------------------

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document; convert it to text first"),
    (b"PK\x03\x04", "a ZIP archive or an Office document (.docx/.odt); save it as text or HTML first"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc); save it as text first"),
    (b"\x7fELF", "an executable"),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
]
_TEXT_CONTROLS = set("\t\n\r\f\v\x1b")
_WESTERN = "cp1252"
_TYPOGRAPHY = set("‘’‚“”„–—…•€£¥©®™°§¶·«»\u00a0\u202f†‡‰‹›ˆ˜¢¤¦¨ª¬¯±²³´µ¸¹º¼½¾¿×÷¡")


def decode(data: bytes, path: str, *, declared: str | None = None) -> tuple[str, str, float]:
    """Decode ``data`` exactly. Returns ``(text, codec, confidence)`` where ``codec`` is a Python codec name such that
    ``data.decode(codec) == text``. ``declared`` (e.g. an HTML meta charset) is tried after BOMs and UTF-8.
    Raises :class:`BinarySource` or :class:`UndecodableSource`."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, 1.0
            except UnicodeDecodeError as exc:
                raise UndecodableSource(
                    path, f"starts with a {codec} byte-order mark but is not valid {codec} ({exc.reason})"
                ) from exc
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinarySource(path, f"is not text: it looks like {what}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_controls(text, path)
        return text, "utf-8", 1.0
    if declared:
        try:
            codec = codecs.lookup(declared).name
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            _check_controls(text, path)
            return text, codec, 0.9
    return _detect_legacy(data, path)


def _check_controls(text: str, path: str) -> None:
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS)
    if "\x00" in text or bad > max(2, len(text) // 200):
        raise BinarySource(path, "is not text: it contains NUL or other control bytes (a binary file?)")


def _detect_legacy(data: bytes, path: str) -> tuple[str, str, float]:
    from charset_normalizer import from_bytes  # heavy import, only for non-UTF-8 input

    results = from_bytes(data)
    best = results.best()
    if best is None:
        if b"\x00" in data:
            raise BinarySource(path, "is not text: it contains NUL bytes (a binary file?)")
        raise UndecodableSource(
            path, "is not UTF-8 and no known text encoding fits it; re-save it as UTF-8 and try again"
        )
    codec = codecs.lookup(best.encoding).name
    confidence = max(0.0, 1.0 - best.chaos)
    # charset-normalizer often cannot tell cp1252 from its Central European/Baltic/Arabic cousins on short text;
    # prefer cp1252 when it decodes to plausible Western text and is not clearly worse.
    western = _plausible_western(data)
    if western is not None and codec != _WESTERN:
        alt = next((r for r in results if codecs.lookup(r.encoding).name == _WESTERN), None)
        same = _safe_decode(data, codec) == western
        close = alt is not None and alt.chaos <= best.chaos + 0.1 and alt.coherence >= best.coherence - 0.1
        if same or close or best.coherence < 0.2:
            codec = _WESTERN
            confidence = max(0.0, 1.0 - alt.chaos) if alt is not None else 0.5
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UndecodableSource(path, f"could not be decoded as {codec} ({exc.reason}); re-save it as UTF-8") from exc
    if "\x00" in text and not codec.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
        raise BinarySource(path, "is not text: it contains NUL bytes (a binary file?)")
    _check_controls(text, path)
    return text, codec, round(confidence, 3)


def _safe_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")


def _plausible_western(data: bytes) -> str | None:
    """The cp1252 decoding of ``data`` when it looks like Western-European text (accented letters inside words,
    typographic punctuation), else None."""
    text = _safe_decode(data, _WESTERN)
    if text is None:
        return None
    for ch in text:
        if ord(ch) < 0x80 or ch in _TYPOGRAPHY:
            continue
        if not (unicodedata.category(ch).startswith("L") and ord(ch) < 0x250):
            return None
    letters_runs = [m.group() for m in _NON_ASCII_RUN.finditer(text)]
    if any(all(unicodedata.category(c).startswith("L") for c in run) for run in letters_runs):
        return None  # "Ïðèâåò": Cyrillic or Greek read as cp1252
    return text


# --------------------------------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------------------------------

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(?:p|div|article|section|span|a|br|h[1-6]|meta|script|title)[\s>/]", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)


def sniff_format(data: bytes, path: str) -> ArticleFormat:
    """HTML for .html/.htm/.xhtml or content that starts like an HTML document (or is dense with tags); Markdown for
    .md/.markdown; text otherwise."""
    ext = os.path.splitext(path)[1].lower()
    if ext in (".html", ".htm", ".xhtml"):
        return ArticleFormat.HTML
    head = data[:4096].lstrip(codecs.BOM_UTF8)
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 8:
        return ArticleFormat.HTML
    if ext in (".md", ".markdown", ".mdown", ".mkd"):
        return ArticleFormat.MARKDOWN
    return ArticleFormat.TEXT


def article_from_bytes(
    data: bytes,
    path: str,
    source_id: str,
    *,
    fmt: ArticleFormat | None = None,
    converted: bool = False,
) -> Article:
    """An article from raw input bytes. ``fmt`` overrides format sniffing; ``converted`` marks text that is not
    the decoded file (stdin). HTML is always converted. Raises :class:`EmptySource`, :class:`BinarySource` or
    :class:`UndecodableSource`."""
    if not data:
        raise EmptySource(path, "is empty (0 bytes)")
    fmt = fmt or sniff_format(data, path)
    declared = None
    if fmt == ArticleFormat.HTML:
        cm = _META_CHARSET.search(data[:4096])
        declared = cm.group(1).decode("ascii", "strict") if cm else None
    text, codec, confidence = decode(data, path, declared=declared)
    if not text.strip():
        raise EmptySource(path, "contains only whitespace")
    sha = hashlib.sha256(data).hexdigest()
    if fmt == ArticleFormat.HTML:
        text = html_to_text(text, path)
        converted = True
    return article_from_text(
        text, path, source_id, sha256=sha, encoding=codec, confidence=confidence, fmt=fmt, converted=converted
    )


def article_from_text(
    text: str,
    path: str,
    source_id: str,
    *,
    sha256: str | None = None,
    encoding: str = "utf-8",
    confidence: float = 1.0,
    fmt: ArticleFormat = ArticleFormat.TEXT,
    converted: bool = False,
) -> Article:
    """An article from already-decoded ``text`` (kept exactly): metadata, meta spans and regions from its layout.
    ``sha256`` defaults to the hash of ``text`` encoded as ``encoding``. Raises :class:`EmptySource` for blank
    text."""
    if not text.strip():
        raise EmptySource(path, "contains only whitespace" if text else "is empty")
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode(encoding, "surrogatepass")).hexdigest()
    front_end, front = _front_matter(text) if fmt == ArticleFormat.MARKDOWN else (0, {})
    page = analyse(text, front_end)
    meta: dict[str, Span] = {
        k: Span(source=source_id, start=s, end=e, quote=text[s:e]) for k, (s, e) in page.meta.items()
    }
    regions = page.regions
    title, publisher, authors, published = page.title, page.publisher, page.authors, page.published
    if front_end:
        regions = [Region(start=0, end=front_end, kind="header", reason="front matter"), *regions]
        for key, (s, e) in front.items():
            value = text[s:e]
            meta[key] = Span(source=source_id, start=s, end=e, quote=value)
            if key == "title":
                title = value
            elif key == "publisher":
                publisher = value
            elif key == "byline":
                authors = [a.strip() for a in re.split(r"\s*(?:,|;|\band\b|&)\s*", value) if a.strip()]
            elif key == "published":
                from summarizer.text.dates import parse_date

                published = parse_date(value) or published
    return Article(
        id=source_id,
        path=path,
        text=text,
        sha256=sha256,
        encoding=encoding,
        encoding_confidence=confidence,
        format=fmt,
        converted=converted,
        title=title,
        publisher=publisher,
        authors=list(authors),
        published=published,
        dateline=page.dateline,
        meta=meta,
        regions=regions,
    )


_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_FRONT_KEYS = {
    "title": "title",
    "headline": "title",
    "author": "byline",
    "authors": "byline",
    "byline": "byline",
    "date": "published",
    "published": "published",
    "pubdate": "published",
    "source": "publisher",
    "publisher": "publisher",
    "site": "publisher",
    "sitename": "publisher",
    "publication": "publisher",
}
_FRONT_LINE = re.compile(r"^[ \t]*([A-Za-z_]+)[ \t]*:[ \t]*[\"']?(.*?)[\"']?[ \t]*$", re.M)


def _front_matter(text: str) -> tuple[int, dict[str, tuple[int, int]]]:
    """End offset of a YAML front matter block at the top of Markdown text, and spans of the values it names."""
    m = _FRONT.match(text)
    if not m:
        return 0, {}
    found: dict[str, tuple[int, int]] = {}
    for fm in _FRONT_LINE.finditer(m.group(1)):
        key = _FRONT_KEYS.get(fm.group(1).lower())
        if key and fm.group(2) and key not in found:
            found[key] = (m.start(1) + fm.start(2), m.start(1) + fm.end(2))
    return m.end(), found


# --------------------------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------------------------


def html_to_text(html: str, path: str) -> str:
    """The main text of an HTML page via trafilatura, headed by the page's own metadata lines (title, "By" author,
    "Source:" site name, date) so that the layout analysis finds them with spans; paragraphs separated by blank
    lines. Raises :class:`EmptySource` when the page has no extractable article text."""
    import trafilatura  # heavy import, only for HTML input

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, include_images=False
    )
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not body.strip():
        raise EmptySource(path, "is an HTML page without extractable article text")
    paragraphs = [p.strip() for p in body.splitlines() if p.strip()]
    substance = [p for p in paragraphs if furniture(p) is None]
    if sum(len(words(p)) for p in substance) < 4:  # trafilatura falls back to any text, e.g. a lone nav link
        raise EmptySource(path, "is an HTML page without extractable article text")
    title = _clean_meta(getattr(doc, "title", None))
    author = _clean_meta(getattr(doc, "author", None))
    site = _clean_meta(getattr(doc, "sitename", None))
    date = _clean_meta(getattr(doc, "date", None))
    head: list[str] = []
    if title and (not paragraphs or paragraphs[0] != title):
        head.append(title)
    elif title:
        head.append(paragraphs.pop(0))
    if author:
        head.append(f"By {author}")
    if site:
        head.append(f"Source: {site}")
    if date:
        head.append(date)
    return "\n\n".join([*head, *paragraphs]) + "\n"


def _clean_meta(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
