"""Regular expressions compiled on first use, so that importing a module costs none of its patterns.

The package holds some 250 module-level patterns; compiling them (``re``'s compiler is written in Python) was about
35 ms of every start, while a run uses only those of the stages it reaches (a brief served from the result cache,
hardly any). :func:`lazy_compile` returns a stand-in with the pattern's source that compiles on the first call of any
of its methods and then keeps the compiled pattern's bound methods on itself, so later calls cost what the compiled
pattern's own do. It is one object per pattern, made at import, not a cache keyed by text.
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

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[Any]:
        """The compiled pattern (compiled now if it was not yet), its methods bound on this object from now on."""
        compiled = re.compile(self.pattern, self._flags)
        for name in (*_BOUND, *_VALUES):
            setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str) -> Any:  # only called for what is not yet on the object
        if name.startswith("__") or name not in (*_BOUND, *_VALUES):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[str | bytes, int]]:
        return (LazyPattern, (self.pattern, self._flags))

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags!r})"


def lazy_compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, done on first use (see :class:`LazyPattern`)."""
    return cast("re.Pattern[AnyStr]", LazyPattern(pattern, flags))


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
