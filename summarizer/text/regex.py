"""Regular expressions compiled on first use, so that importing a module costs none of its patterns.

The package holds some 250 module-level patterns; compiling them (``re``'s compiler is written in Python) was about
35 ms of every start, while a run uses only those of the stages it reaches (a brief served from the result cache,
hardly any). :func:`lazy_compile` returns a stand-in with the pattern's source that compiles on the first call of any
of its methods and then keeps the compiled pattern's bound methods on itself, so later calls cost what the compiled
pattern's own do. It is one object per pattern, made at import, not a cache keyed by text.

A pattern the engine cannot scan for by itself (one that opens with ``\\b``, a lookbehind or a case-insensitive
word) is tried at every position of the text. Given ``first``, the characters every match starts with, it is
compiled behind a lookahead of them (``(?=[first])(?:pattern)``): the same matches, the pattern tried only where
one of them stands (a half to a third of the time of such a scan; tests/text/test_regex.py checks each declared set
against the pattern).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, AnyStr, cast

# The attributes of a compiled pattern, bound on the stand-in once it is compiled.
_BOUND = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")
_VALUES = ("flags", "groups", "groupindex")


class LazyPattern:
    """A pattern compiled when first used; ``pattern`` (its source) is there before, to build other patterns from.

    Behaves as the compiled :class:`re.Pattern` for its methods and attributes (it is not one for ``isinstance``,
    and ``re.search(lazy, ...)`` is not supported: call its methods)."""

    def __init__(self, pattern: str | bytes, flags: int = 0, first: str | None = None) -> None:
        self.pattern = pattern
        self._flags = flags
        self.first = first  # the characters (a character-set body) every match starts with, if declared

    def compiled(self) -> re.Pattern[Any]:
        """The compiled pattern (compiled now if it was not yet), its methods bound on this object from now on."""
        source = self.pattern
        if self.first is not None:
            assert isinstance(source, str)
            source = f"(?=[{self.first}])(?:{source})"
        compiled = re.compile(source, self._flags)
        for name in (*_BOUND, *_VALUES):
            setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str) -> Any:  # only called for what is not yet on the object
        if name.startswith("__") or name not in (*_BOUND, *_VALUES):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[str | bytes, int, str | None]]:
        return (LazyPattern, (self.pattern, self._flags, self.first))

    def __repr__(self) -> str:
        first = "" if self.first is None else f", first={self.first!r}"
        return f"lazy_compile({self.pattern!r}, {self._flags!r}{first})"


def lazy_compile(pattern: AnyStr, flags: int = 0, *, first: str | None = None) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, done on first use (see :class:`LazyPattern`). ``first``: the characters every
    match of a str pattern starts with (under ``flags``), for a pattern the engine cannot scan for by itself."""
    return cast("re.Pattern[AnyStr]", LazyPattern(pattern, flags, first))


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives, when every match of it starts at one of ``starts`` (ascending)
    and none is empty: the pattern is tried only there, each try after the previous match's end. A prefilter's
    scan for where a match can start is then all that touches the rest of the text."""
    out: list[re.Match[str]] = []
    end = 0
    for p in starts:
        if p < end:
            continue
        m = pattern.match(text, p)
        if m is not None:
            out.append(m)
            end = m.end()
    return out
