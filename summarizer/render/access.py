"""Which source texts a review page may show: a brief JSON is data, never a list of paths to read.

A saved brief names its sources' files, and anyone can write a brief JSON. Rendering one must not copy
``/etc/passwd``, ``../../secrets`` or ``/proc/self/environ`` into a page that is then shared. This module owns the rule
(:func:`source_texts`): a source's text is

1. the text embedded in the JSON (``Source.text``: converted inputs such as HTML or stdin), or else
2. the bytes of a file that (a) resolves -- after following symlinks -- inside the directory of the JSON or the
   current directory, (b) is not under ``/proc``, ``/sys`` or ``/dev``, (c) is a regular file no larger than the input
   size cap, opened without blocking, and (d) whose bytes have exactly the SHA-256 recorded in the brief; decoded with
   the recorded encoding (which must be a text encoding).

Anything else is not read, or read and dropped: the source is shown as "source text unavailable" with the reason, and
a file whose bytes do not match the recorded hash is reported as such (it changed since the brief was made).
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import InputError
from summarizer.ingest.sources import read_bounded
from summarizer.models import Brief, Source

__all__ = ["FORBIDDEN_ROOTS", "SourceText", "default_review_path", "review_inputs", "source_texts"]

FORBIDDEN_ROOTS = ("/proc", "/sys", "/dev")


@dataclass(frozen=True)
class SourceText:
    """The outcome for one source: ``text`` (None when unavailable), where it came from (``"embedded"``, a file path,
    or None) and, when unavailable, ``reason``. ``mismatch`` is true when a file was found but its bytes did not
    match the recorded SHA-256."""

    source_id: str
    text: str | None
    origin: str | None = None
    reason: str | None = None
    mismatch: bool = False


def _inside(path: str, roots: Iterable[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _candidates(source: Source, bases: list[Path]) -> list[Path]:
    given = Path(source.path)
    out: list[Path] = []
    if given.is_absolute():
        out.append(given)
    else:
        out.extend(base / given for base in bases)
    out.extend(base / given.name for base in bases if given.name)  # the brief moved together with its sources
    return list(dict.fromkeys(out))


def _one(
    source: Source, bases: list[Path], allowed: list[str], max_bytes: int | None, trust_paths: bool = False
) -> SourceText:
    if source.text is not None:
        return SourceText(source.id, source.text, origin="embedded")
    if not source.path or "\x00" in source.path:
        return SourceText(source.id, None, reason="the brief names no usable file for it")
    try:
        codec = codecs.lookup(source.encoding)
    except LookupError:
        return SourceText(source.id, None, reason=f"the brief records an unknown encoding ({source.encoding!r})")
    if not getattr(codec, "_is_text_encoding", True):
        return SourceText(source.id, None, reason=f"{source.encoding!r} is not a text encoding")
    reasons: list[str] = []
    for candidate in _candidates(source, bases):
        real = os.path.realpath(candidate)
        if _inside(real, FORBIDDEN_ROOTS):
            reasons.append(f"{candidate} is a system path; it is never read")
            continue
        named = trust_paths and os.path.abspath(candidate) == os.path.abspath(source.path)
        if not named and not _inside(real, allowed):
            reasons.append(f"{candidate} is outside the brief's folder and the current folder; it is not read")
            continue
        if not os.path.lexists(real):
            reasons.append(f"{candidate} does not exist")
            continue
        try:
            data = read_bounded(real, max_bytes)
        except InputError as exc:
            reasons.append(f"{candidate} {exc.detail}")
            continue
        if hashlib.sha256(data).hexdigest() != source.sha256.lower():
            return SourceText(
                source.id,
                None,
                origin=str(candidate),
                reason=f"{candidate} does not match the sha256 recorded in the brief (it changed since the brief "
                "was made, or is another file); its text is not shown",
                mismatch=True,
            )
        try:
            return SourceText(source.id, data.decode(codec.name), origin=str(candidate))
        except UnicodeDecodeError as exc:
            reasons.append(f"{candidate} does not decode as {source.encoding} ({exc.reason})")
    return SourceText(source.id, None, reason="; ".join(reasons) or "no file to read")


def source_texts(
    brief: Brief,
    *,
    brief_path: str | os.PathLike[str] | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    max_bytes: int | None = None,
    trust_paths: bool = False,
) -> dict[str, SourceText]:
    """The outcome for every source of ``brief`` (by id), under the rule of this module. Files may resolve inside the
    folder of ``brief_path``, inside ``base_dir`` (when given) and inside the current directory; with ``trust_paths``
    (a brief this process just made from files the user named) also at each source's own path. The other checks
    (regular file, size cap, sha256, no system paths) always apply. Never raises for content."""
    bases: list[Path] = [Path.cwd()]
    if base_dir is not None:
        bases.insert(0, Path(base_dir))
    if brief_path is not None:
        bases.append(Path(os.path.abspath(brief_path)).parent)
    bases = list(dict.fromkeys(bases))
    allowed = [r for r in (os.path.realpath(b) for b in bases) if r != os.sep]  # "/" would allow everything
    return {s.id: _one(s, bases, allowed, max_bytes, trust_paths) for s in brief.sources}


def review_inputs(brief: Brief, brief_path: str | os.PathLike[str]) -> list[str]:
    """Every existing file a review of ``brief`` could be said to read: the JSON and each source's candidate files
    (an output must never replace one of them)."""
    bases = list(dict.fromkeys([Path.cwd(), Path(os.path.abspath(brief_path)).parent]))
    out = [os.fspath(brief_path)]
    for source in brief.sources:
        if not source.path or "\x00" in source.path:
            continue
        out.extend(str(c) for c in _candidates(source, bases) if os.path.lexists(c))
    return list(dict.fromkeys(out))


def default_review_path(brief_path: str | os.PathLike[str], inputs: Iterable[str]) -> Path:
    """``brief.html`` beside ``brief.json``; ``brief.review.html`` (then ``brief.review-2.html``...) when that name is
    the JSON itself or one of the sources."""
    from summarizer.render.write import same_file

    given = Path(brief_path)
    names = [given.with_suffix(".html"), given.with_name(given.stem + ".review.html")]
    names += [given.with_name(f"{given.stem}.review-{n}.html") for n in range(2, 100)]
    taken = list(inputs)
    for candidate in names:
        if not any(same_file(candidate, p) or os.path.abspath(candidate) == os.path.abspath(p) for p in taken):
            return candidate
    return names[-1]
