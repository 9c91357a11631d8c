"""Inert text: what untrusted text (article text, file names, model output) looks like when it is shown.

Article text and file names may carry control characters: C0 controls such as ESC (the start of every terminal
escape sequence: ``ESC c`` resets a terminal, ``ESC ]`` sets its title or writes a hyperlink), carriage returns that
overwrite a line, DEL, C1 controls (``U+009B`` is a one-byte CSI on some terminals), bidirectional overrides and
isolates (``U+202E`` makes ``txt.exe`` look like ``exe.txt``), and lone surrogates (undecodable bytes in a file name)
that cannot even be encoded. None of them may act on a terminal, a log or a page.

This module owns the one rule for all outputs: every such character is replaced by a visible, ASCII-only token
(``\\x1b``, ``\\u202e``, ``\\udcff``) -- shown, never acted on. Newlines (and tabs, where a layout keeps them) are
kept. The stored text is never changed: briefs, citations and offsets keep indexing the text exactly as read; only
what is *displayed* is made inert.
"""

from __future__ import annotations

import unicodedata

from summarizer.text.regex import lazy_compile

__all__ = ["BIDI_CONTROLS", "inert", "inert_line", "is_unsafe"]

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Characters that change the display order of the text around them."""

# C0 except TAB/LF, DEL, C1, bidi controls, line/paragraph separators, lone surrogates, and the other invisible
# format characters that are never needed to read news (zero-width joiners are kept: emoji and Indic scripts need them).
_UNSAFE = lazy_compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufff9-\ufffb\ud800-\udfff]"
)


def _token(ch: str) -> str:
    cp = ord(ch)
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def is_unsafe(ch: str) -> bool:
    """True for a character :func:`inert` replaces."""
    return _UNSAFE.fullmatch(ch) is not None


def inert(text: str, *, keep_tabs: bool = True) -> str:
    """``text`` with every control, bidi-override and lone-surrogate character replaced by a visible escape such
    as ``\\x1b`` or ``\\u202e``. Newlines are kept (``\\r`` is shown, since it rewinds a terminal line); tabs are
    kept unless ``keep_tabs`` is false. Pure ASCII text without controls is returned unchanged."""
    out = _UNSAFE.sub(lambda m: _token(m.group()), text)
    if not keep_tabs:
        out = out.replace("\t", "\\t")
    return out


def inert_line(text: str) -> str:
    """One display line: :func:`inert` with newlines and tabs shown as ``\\n`` and ``\\t`` too (for error messages
    and file names, which must stay on one line)."""
    return inert(text, keep_tabs=False).replace("\n", "\\n")


def describe(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how the review page titles a neutralised character."""
    name = unicodedata.name(ch, "") or ("CONTROL" if unicodedata.category(ch) == "Cc" else "SURROGATE")
    return f"U+{ord(ch):04X} {name}"
