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
from dataclasses import dataclass
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
from summarizer.models import Article, ArticleFormat, Region, Span
from summarizer.text.regex import lazy_compile

__all__ = [
    "DEFAULT_MAX_BYTES",
    "STDIN",
    "Seen",
    "article_from_bytes",
    "article_from_text",
    "decode",
    "decode_report",
    "max_bytes_default",
    "open_regular",
    "read_bounded",
    "read_source",
    "read_sources",
    "read_stream",
    "sniff_format",
]

STDIN = "-"

# --------------------------------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------------------------------


def read_sources(
    paths: Sequence[str], *, stdin: BinaryIO | None = None, max_bytes: int | None = None
) -> tuple[list[Article], list[InputError]]:
    """Read every path in order. Returns the articles read successfully (ids ``S1``, ``S2``... in input order) and
    one :class:`InputError` per unusable input (a duplicate of an earlier input, by path, raw bytes or
    whitespace-normalised text, is a :class:`DuplicateSource`). Never raises :class:`InputError` itself.
    (Directories, path lists and JSON Lines articles: :func:`summarizer.ingest.batch.read_inputs`.)"""
    articles: list[Article] = []
    errors: list[InputError] = []
    seen = Seen()
    for path in paths:
        dup = seen.path(path)
        if dup is not None:
            errors.append(dup)
            continue
        try:
            article = read_source(path, f"S{len(articles) + 1}", stdin=stdin, max_bytes=max_bytes)
        except InputError as exc:
            errors.append(exc)
            continue
        dup = seen.content(article)
        if dup is not None:
            errors.append(dup)
            continue
        articles.append(article)
    return articles, errors


class Seen:
    """The duplicate rule of a run: an input given twice (same file, by real path), a record whose id an earlier
    record used, or an input with the same bytes or the same whitespace-normalised text as an earlier one, is a
    :class:`DuplicateSource` naming the earlier one."""

    def __init__(self) -> None:
        self._paths: dict[str, str] = {}
        self._sha: dict[str, tuple[str, str, str]] = {}  # -> (path, id, sha256) of the earlier input
        self._text: dict[str, tuple[str, str, str]] = {}
        self._ids: dict[str, str] = {}  # a record's id -> where it was first given

    def path(self, path: str) -> DuplicateSource | None:
        """The duplicate error when ``path`` names a file already given, else None (and ``path`` is remembered)."""
        key = STDIN if path == STDIN else os.path.realpath(path)
        if key in self._paths:
            return DuplicateSource(path, f"given more than once (same file as {self._paths[key]!r})")
        self._paths[key] = path
        return None

    def record_id(self, name: str, rid: str | None, origin: str) -> DuplicateSource | None:
        """The duplicate error (naming the record ``name``) when its id ``rid`` was used by an earlier record, else
        None (and the id is remembered as given at ``origin``). A record without an id is never a duplicate here."""
        if rid is None:
            return None
        if rid in self._ids:
            return DuplicateSource(name, f"its id was already used by {self._ids[rid]}")
        self._ids[rid] = origin
        return None

    def content(self, article: Article, *, name: str | None = None) -> DuplicateSource | None:
        """The duplicate error (naming the input ``name``, default its path) when ``article`` has the bytes or text of
        an earlier one, else None (it is kept)."""
        key = hashlib.sha256(_text_key(article.text).encode("utf-8", "surrogatepass")).digest().hex()
        earlier = self._sha.get(article.sha256) or self._text.get(key)
        if earlier is not None:
            path, sid, sha = earlier
            how = "the same bytes" if sha == article.sha256 else "the same text"
            return DuplicateSource(name or article.path, f"has {how} as {path!r} ({sid})", duplicate_of=path)
        self._sha[article.sha256] = self._text[key] = (article.path, article.id, article.sha256)
        return None


def _text_key(text: str) -> str:
    return " ".join(text.split())


DEFAULT_MAX_BYTES = 5 * 1024 * 1024
"""The size cap of one input (5 MiB, about 40 times a long feature article). ``--max-bytes`` or the environment
variable ``SUMMARIZER_MAX_BYTES`` change it; a larger input is refused before any of it is read."""
MAX_BYTES_ENV = "SUMMARIZER_MAX_BYTES"
_SNIFF_BYTES = 8192


def max_bytes_default() -> int:
    """The size cap in force: ``SUMMARIZER_MAX_BYTES`` when set to a positive integer (suffixes k/M allowed), else
    :data:`DEFAULT_MAX_BYTES`."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    return parse_size(raw) if raw else DEFAULT_MAX_BYTES


def parse_size(raw: str) -> int:
    """``"5M"`` -> 5242880, ``"200k"`` -> 204800, ``"1000"`` -> 1000. Raises :class:`ValueError` otherwise."""
    m = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)i?[bB]?\s*", raw)
    if not m or int(m.group(1)) <= 0:
        raise ValueError(f"not a positive size: {raw!r} (e.g. 5000000, 500k or 5M)")
    return int(m.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()]


def _size(n: int) -> str:
    return f"{n / 1024**2:.1f} MB" if n >= 1024**2 else f"{n / 1024:.0f} kB" if n >= 1024 else f"{n} bytes"


def read_bounded(path: str, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` (default :func:`max_bytes_default`).

    The file is opened without blocking (a FIFO cannot hang the run), checked to be a regular file and checked against
    the cap *before* anything is read (a sparse 500 MB file is refused at once); then at most ``max_bytes + 1`` bytes
    are read, so a file that grows (or lies about its size, like ``/proc`` files) cannot exhaust memory.

    Raises :class:`MissingSource` or :class:`UnreadableSource` (directory, device, FIFO, socket, permission, too large,
    I/O error)."""
    cap = max_bytes_default() if max_bytes is None else max_bytes
    fd = _open_nonblocking(path)
    try:
        st = os.fstat(fd)
        kind = _not_regular(st.st_mode)
        if kind == "a directory":
            raise UnreadableSource(path, "is a directory, not a file; pass the article files inside it instead")
        if kind:
            raise UnreadableSource(path, f"is {kind}, not a regular file; only regular files and '-' are read")
        if st.st_size > cap:
            raise UnreadableSource(
                path,
                f"is {_size(st.st_size)}, over the {_size(cap)} size cap; raise it with --max-bytes "
                f"(or {MAX_BYTES_ENV}) if this really is one article",
                size=st.st_size,
                max_bytes=cap,
            )
        if os.name == "posix":
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        left = cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except PermissionError as exc:
        raise UnreadableSource(path, "permission denied; make the file readable or copy it elsewhere") from exc
    except IsADirectoryError as exc:
        raise UnreadableSource(path, "is a directory, not a file; pass the article files inside it instead") from exc
    except OSError as exc:
        raise UnreadableSource(path, f"cannot be read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > cap:
        raise UnreadableSource(path, f"is over the {_size(cap)} size cap; raise it with --max-bytes", max_bytes=cap)
    return data


def open_regular(path: str) -> BinaryIO:
    """Open the regular file at ``path`` for reading bytes without blocking on a FIFO (for streaming readers such as
    ``check --pairs``). Raises :class:`MissingSource` or :class:`UnreadableSource` like :func:`read_bounded`."""
    fd = _open_nonblocking(path)
    kind = _not_regular(os.fstat(fd).st_mode)
    if kind:
        os.close(fd)
        raise UnreadableSource(path, f"is {kind}, not a regular file; only regular files and '-' are read")
    if os.name == "posix":
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _open_nonblocking(path: str) -> int:
    """A read-only descriptor of ``path`` opened without blocking (a FIFO with no writer does not hang the open) and
    without becoming the controlling terminal. Raises :class:`MissingSource` or :class:`UnreadableSource`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, flags)
    except FileNotFoundError as exc:
        raise MissingSource(path, "no such file; check the path and the current directory") from exc
    except PermissionError as exc:
        raise UnreadableSource(path, "permission denied; make the file readable or copy it elsewhere") from exc
    except IsADirectoryError as exc:
        raise UnreadableSource(path, "is a directory, not a file; pass the article files inside it instead") from exc
    except OSError as exc:
        raise UnreadableSource(path, f"cannot be opened ({exc.strerror or exc})") from exc


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_stream(stream: BinaryIO, name: str, max_bytes: int | None = None) -> bytes:
    """At most ``max_bytes`` from ``stream`` (standard input); more is an :class:`UnreadableSource`."""
    cap = max_bytes_default() if max_bytes is None else max_bytes
    try:
        data = stream.read(cap + 1)
    except OSError as exc:
        raise UnreadableSource(name, f"standard input could not be read ({exc.strerror or exc})") from exc
    except ValueError as exc:  # closed stream
        raise UnreadableSource(name, "standard input is closed") from exc
    if data is None:
        raise UnreadableSource(name, "standard input is not ready (non-blocking and empty)")
    if len(data) > cap:
        raise UnreadableSource(name, f"standard input is over the {_size(cap)} size cap; raise it with --max-bytes")
    return bytes(data)


def read_source(path: str, source_id: str, *, stdin: BinaryIO | None = None, max_bytes: int | None = None) -> Article:
    """Read one input (``-`` = standard input, read as bytes) into an article with id ``source_id``.

    Only regular files and ``-`` are read, at most ``max_bytes`` each (see :func:`read_bounded`).

    Raises :class:`MissingSource`, :class:`UnreadableSource` (directory, device, FIFO, permission, too large, I/O
    error), :class:`EmptySource`, :class:`BinarySource` or :class:`UndecodableSource`."""
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = read_stream(stream, path, max_bytes)
        return article_from_bytes(data, path, source_id, converted=True)
    return article_from_bytes(read_bounded(path, max_bytes), path, source_id)


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
_WESTERN = "cp1252"
_TYPOGRAPHY = frozenset("‘’‚“”„–—…•€£¥©®™°§¶·«»\u00a0\u00ad\u202f†‡‰‹›¢¤¦¨ª¬¯±²³´µ¸¹º¼½¾¿×÷¡")
_INWORD_OK = frozenset("’'·\u00a0\u00ad")  # typography that may sit between two letters ("don’t", "l·l")
# Non-ASCII characters common in Western European news text; the other Latin letters and marks count as neutral.
_COMMON = frozenset("’‘“”–—…•€£°©®™·«»\u00a0\u00ad\u202féèêëáàâäãåíìîïóòôöõøúùûüñçýÿßæœÉÈÀÄÖÜÑÇ¿¡½×")
# Controls other than TAB LF VT FF CR ESC; a text with more than a few of them is binary.
_BAD_CONTROLS = lazy_compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_UTF8_MULTI = lazy_compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_NON_ASCII = lazy_compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class Decoded:
    """How an input's bytes were read: ``text == data.decode(codec)`` unless ``mixed`` (UTF-8 with stray cp1252 bytes,
    each part decoded on its own; the text is then kept in the brief). ``note`` says what a reader should know (a
    legacy encoding was guessed, another one was close), or is None for UTF-8 and BOM-marked text."""

    text: str
    codec: str
    confidence: float
    note: str | None = None
    mixed: bool = False


def decode(data: bytes, path: str, *, declared: str | None = None) -> tuple[str, str, float]:
    """Decode ``data`` exactly. Returns ``(text, codec, confidence)`` where ``codec`` is a Python codec name such that
    ``data.decode(codec) == text`` (except for mixed files, see :func:`decode_report`). Raises :class:`BinarySource`
    or :class:`UndecodableSource`."""
    d = decode_report(data, path, declared=declared)
    return d.text, d.codec, d.confidence


def decode_report(data: bytes, path: str, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` and say how.

    Order: a byte-order mark (UTF-8/16/32); known binary signatures; NUL bytes in the first 8 kB (binary, or UTF-16
    without a BOM when they fall on every other byte); strict UTF-8; the declared charset (HTML meta); UTF-8 mixed
    with cp1252 bytes; then the legacy 8-bit encodings. For those, Western European text (cp1252, of which latin-1 is
    a subset for text) is the default: another encoding (mac-roman, or what charset-normalizer proposes for Cyrillic,
    Greek, Central European...) wins only when the cp1252 reading is implausible (letters glued to symbols,
    capitals inside lower-case words, runs of accented letters) and the other reading is clearly better.
    Raises :class:`BinarySource` or :class:`UndecodableSource`."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UndecodableSource(
                    path, f"starts with a {codec} byte-order mark but is not valid {codec} ({exc.reason})"
                ) from exc
            _check_controls(text, path)
            return Decoded(text, codec, 1.0)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinarySource(path, f"is not text: it looks like {what}")
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise BinarySource(path, "is not text: it contains NUL bytes (a binary file?)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_controls(text, path)
        return Decoded(text, "utf-8", 1.0)
    if declared:
        try:
            codec = codecs.lookup(declared).name
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if codecs.lookup(codec)._is_text_encoding:
                _check_controls(text, path)
                return Decoded(text, codec, 0.9, note=f"read as {codec}, the encoding the page declares")
    mixed = _mixed_utf8(data)
    if mixed is not None:
        _check_controls(mixed.text, path)
        return mixed
    if b"\x00" in data:
        raise BinarySource(path, "is not text: it contains NUL bytes (a binary file?)")
    return _detect_legacy(data, path)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.3 * len(zeros) and other.count(0) <= 0.02 * len(other):
            try:
                text = data[: len(data) - len(data) % 2].decode(codec)
            except UnicodeDecodeError:
                continue
            if len(data) % 2 or len(_BAD_CONTROLS.findall(text)) > max(2, len(text) // 200):
                continue
            return Decoded(
                text, codec, 0.9, note=f"read as {codec} (no byte-order mark; NUL bytes on every other byte)"
            )
    return None


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bad.decode(_WESTERN, "strict") if _safe_decode(bad, _WESTERN) is not None else bad.decode("latin-1"), exc.end


codecs.register_error("summarizer-cp1252-fallback", _cp1252_fallback)


def _mixed_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with stray cp1252/latin-1 bytes (text pasted together from two sources): each invalid byte is read as
    cp1252. Only when the valid UTF-8 sequences would be mojibake in cp1252 ("Ã©", "â€™") -- i.e. they really are
    UTF-8 -- and make up a real share of the non-ASCII bytes."""
    multi = _UTF8_MULTI.findall(data)
    if not multi:
        return None
    if not any(m[:1] in (b"\xc2", b"\xc3", b"\xc5", b"\xe2") or len(m) >= 3 for m in multi):
        return None
    text = data.decode("utf-8", "summarizer-cp1252-fallback")
    return Decoded(
        text,
        "utf-8",
        0.7,
        note="mixes UTF-8 with bytes in another encoding; the stray bytes were read as cp1252 "
        "(the text is kept in the brief so citations still index it)",
        mixed=True,
    )


def _check_controls(text: str, path: str) -> None:
    head = text[:_SNIFF_BYTES]
    if "\x00" in head or len(_BAD_CONTROLS.findall(head)) > max(2, len(head) // 200):
        raise BinarySource(path, "is not text: it contains NUL or other control bytes (a binary file?)")
    if len(_BAD_CONTROLS.findall(text)) > max(2, len(text) // 200):
        raise BinarySource(path, "is not text: it contains NUL or other control bytes (a binary file?)")


def _plausibility(text: str) -> float:
    """How much a decoding looks like real Western text: the mean, over non-ASCII characters, of +1 for a common
    letter or mark in a believable place (é, ü, ’, —, €...), 0 for a rarer one, and a penalty for a C1 control, a
    letter outside Latin, a capital inside a lower-case word ("cafŽ", "FBIÕs"), a lone accented capital, a symbol
    glued between letters, or a run of three or more non-ASCII letters (Cyrillic or Greek read as cp1252)."""
    total = 0.0
    n = 0
    run = 0
    last = -2
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        ch = text[i]
        n += 1
        run = run + 1 if i == last + 1 and ch.isalpha() else (1 if ch.isalpha() else 0)
        last = i
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        cat = unicodedata.category(ch)
        common = 1.0 if ch in _COMMON else 0.0
        if cat == "Cc":
            total -= 3
        elif cat.startswith("L"):
            if ord(ch) >= 0x250:
                total -= 1
            elif ch.isupper() and prev.isalpha() and (prev.islower() or nxt.islower()):
                total -= 2  # "cafŽ", "MŸller", "FBIÕs": a capital inside a lower-case word
            elif ch.isupper() and not prev.isalpha() and not nxt.isalpha():
                total -= 1  # "Ñ" or "Ò" standing alone is a dash or a quote read in the wrong encoding
            elif ch.isupper() and (
                (prev in ".,;:!?)" and nxt.islower()) or (nxt.isupper() and text[i + 2 : i + 3].islower())
            ):
                total -= 1  # "U.S.Ñbut", "ÔWe must": a dash or a quote glued to a word
            elif run >= 3:
                total -= 2
            elif ch.islower() and prev.isupper() and nxt.isupper():
                total -= 1  # "IñVt": a lower-case letter between capitals is a dash read in the wrong encoding
            else:
                total += common
        elif ch in _TYPOGRAPHY:
            if prev.isalpha() and nxt.isalpha():
                ok = ch in _INWORD_OK or ch in "—–"  # "don’t", "quarter—increasing", "(I–Vt.)"
                total += 1 if ok else -2
            else:
                total += common
        else:
            total -= 1
        if n >= 20000:
            break
    return total / n if n else 1.0


def _detect_legacy(data: bytes, path: str) -> Decoded:
    western = _safe_decode(data, _WESTERN)
    codec = _WESTERN if western is not None else "latin-1"
    text = western if western is not None else data.decode("latin-1")
    score = _plausibility(text)
    candidates: list[tuple[float, str, str]] = []
    mac = data.decode("mac_roman")
    if mac != text:
        candidates.append((_plausibility(mac), "mac_roman", mac))
    if score < 0.5:  # the Western reading is poor: ask charset-normalizer for the other scripts
        other = _normalizer_guess(data)
        if other is not None and other[0] not in (codec, "mac_roman"):
            latin = sum(1 for ch in other[1][:200000] if ch.isalpha() and 0x80 <= ord(ch) < 0x250)
            foreign = sum(1 for ch in other[1][:200000] if ch.isalpha() and ord(ch) >= 0x250)
            alt = _plausibility(other[1]) if latin >= foreign else _plausibility_any(other[1])
            candidates.append((alt, other[0], other[1]))
    best = max(candidates, default=None)
    if best is not None and best[0] > score + 0.5:
        alt_score, alt_codec, alt_text = best
        confidence = min(0.9, 0.5 + (alt_score - score) / 4)
        note = f"not UTF-8; read as {alt_codec} (a {codec} reading looked wrong); check accented letters"
        _check_controls(alt_text, path)
        return Decoded(alt_text, alt_codec, round(confidence, 3), note=note)
    if western is None and text.strip() and score < 0:
        raise UndecodableSource(
            path, "is not UTF-8 and no known text encoding fits it; re-save it as UTF-8 and try again"
        )
    close = best is not None and best[0] > score - 0.25
    confidence = 0.6 if close else (0.9 if score >= 0.5 else 0.7)
    note = f"not UTF-8; read as {codec} (Western European)"
    if close and best is not None:
        note += f"; {best[1]} would also fit, check accented letters"
    elif score < 0.5:
        note += "; some characters look wrong, check accented letters"
    _check_controls(text, path)
    return Decoded(text, codec, confidence, note=note)


def _plausibility_any(text: str) -> float:
    """Plausibility for any script: letters of one script in runs are normal there, so only controls, replacement
    characters and symbols glued inside words count against it."""
    bad = 0
    n = 0
    for m in _NON_ASCII.finditer(text[:200000]):
        ch = m.group()
        n += 1
        cat = unicodedata.category(ch)
        if cat == "Cc" or ch == "\ufffd" or cat.startswith("S"):
            bad += 1
    return 1.0 - 2.0 * bad / n if n else 1.0


def _normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # heavy import, only for non-UTF-8, non-Western input

    best = from_bytes(data[: 1 << 20]).best()
    if best is None:
        return None
    try:
        codec = codecs.lookup(best.encoding).name
        return codec, data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


def _safe_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


# --------------------------------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------------------------------

_HTML_START = lazy_compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S
)
_HTML_TAGS = lazy_compile(rb"<(?:p|div|article|section|span|a|br|h[1-6]|meta|script|title)[\s>/]", re.I)
_META_CHARSET = lazy_compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)


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
    if b"\x00" in data[:_SNIFF_BYTES] and not data.startswith(tuple(b for b, _ in _BOMS)):
        fmt = ArticleFormat.TEXT  # binary or BOM-less UTF-16: never hand it to the HTML parser
    decoded = decode_report(data, path, declared=declared)
    text, codec, confidence = decoded.text, decoded.codec, decoded.confidence
    if not text.strip():
        raise EmptySource(path, "contains only whitespace")
    sha = hashlib.sha256(data).hexdigest()
    if fmt == ArticleFormat.HTML:
        text = html_to_text(text, path)
        converted = True
    article = article_from_text(
        text,
        path,
        source_id,
        sha256=sha,
        encoding=codec,
        confidence=confidence,
        fmt=fmt,
        converted=converted or decoded.mixed,
    )
    if decoded.note:
        article.notes.insert(0, decoded.note)
    return article


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
    # the layout and language modules (and the date and number finders under them) are imported by the functions
    # that read a text: a run served from the result cache reads none
    from summarizer.ingest.language import detect_language
    from summarizer.ingest.layout import analyse

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
    guess = detect_language(text)
    notes = []
    if guess.code != "en" and guess.script != "none":
        notes.append(
            f"appears to be in {guess.name}"
            + ("" if guess.latin else f" ({guess.script} script)")
            + ", not English; the local engine reads English"
        )
    return Article(
        language=guess.code,
        notes=notes,
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


_FRONT = lazy_compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
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
_FRONT_LINE = lazy_compile(r"^[ \t]*([A-Za-z_]+)[ \t]*:[ \t]*[\"']?(.*?)[\"']?[ \t]*$", re.M)


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

    from summarizer.ingest.layout import furniture, words

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
