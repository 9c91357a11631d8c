from __future__ import annotations

import copy
import dataclasses
import importlib
import pickle
import pkgutil
import re
from typing import Any

import pytest

import summarizer
from summarizer.text.regex import LazyPattern, lazy_compile
from summarizer.text.segment import split_sentences
from tests.paths import EXAMPLES


def test_a_lazy_pattern_is_not_compiled_until_first_used() -> None:
    pat = lazy_compile(r"\bfoo(\d+)", re.IGNORECASE)
    assert isinstance(pat, LazyPattern)
    assert "search" not in vars(pat)
    assert pat.pattern == r"\bfoo(\d+)"  # the source is there before compiling, to build other patterns from
    assert "search" not in vars(pat)


def test_a_lazy_pattern_matches_as_the_compiled_pattern_does() -> None:
    text = "Foo12 and foo7, FOO"
    lazy, eager = lazy_compile(r"\bfoo(\d+)", re.IGNORECASE), re.compile(r"\bfoo(\d+)", re.IGNORECASE)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.sub("x", text) == eager.sub("x", text)
    assert lazy.findall(text) == ["12", "7"]
    assert lazy.split(text) == eager.split(text)
    assert lazy.fullmatch("foo1") is not None and lazy.match(" foo1") is None
    assert (lazy.flags, lazy.groups, lazy.groupindex) == (eager.flags, eager.groups, eager.groupindex)


def test_once_compiled_its_methods_are_the_compiled_patterns_own() -> None:
    pat = lazy_compile(r"a+")
    assert pat.search("baa") is not None
    assert vars(pat)["search"] == re.compile(r"a+").search  # bound on the object: no lookup through __getattr__


def test_a_bytes_pattern_stays_bytes() -> None:
    pat = lazy_compile(rb"<meta[^>]+charset=([\w-]+)", re.I)
    m = pat.search(b'<META charset=utf-8">')
    assert m is not None and m.group(1) == b"utf-8"


def test_a_lazy_pattern_survives_pickle_and_deepcopy_before_and_after_compiling() -> None:
    pat = lazy_compile(r"x(y)", re.I)
    for _ in range(2):
        for other in (pickle.loads(pickle.dumps(pat)), copy.deepcopy(pat)):
            assert other.pattern == pat.pattern and other.search("XY") is not None
        pat.search("xy")


def test_a_bad_pattern_fails_when_first_used() -> None:
    pat = lazy_compile(r"(unclosed")
    with pytest.raises(re.error):
        pat.search("x")


def test_asking_for_what_a_pattern_lacks_is_an_attribute_error_and_compiles_nothing() -> None:
    pat = lazy_compile(r"a")
    assert not hasattr(pat, "nonexistent")
    assert getattr(pat, "__deepcopy__", None) is None  # copy and pickle probe dunders: they must not compile it
    assert "search" not in vars(pat)


def test_a_pattern_given_its_first_characters_matches_as_without_them() -> None:
    text = "No one denied it; nothing was said, and they didn't. NOT now, no."
    source = r"\b(?:no|not|nothing|denied)\b|n't\b"
    guarded, plain = lazy_compile(source, re.I, first="nd"), re.compile(source, re.I)
    assert guarded.pattern == source  # the source as given, to build other patterns from
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert guarded.sub("x", text) == plain.sub("x", text)
    assert (guarded.groups, guarded.groupindex) == (plain.groups, plain.groupindex)
    assert pickle.loads(pickle.dumps(guarded)).findall(text) == plain.findall(text)


# --- every pattern of the package that declares its first characters: the declaration holds

_parser: Any = importlib.import_module("re._parser")  # the stdlib's pattern parser (what re.compile reads)
_ZERO_WIDTH = {_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT}
_REPEATS = {_parser.MAX_REPEAT, _parser.MIN_REPEAT, getattr(_parser, "POSSESSIVE_REPEAT", _parser.MAX_REPEAT)}


def _starts(items: Any) -> tuple[set[int], bool]:
    """The characters a match of the parsed ``items`` can start with, and whether it can be empty (the test fails on
    anything it cannot spell out: a category, a negated set, a change of flags)."""
    out: set[int] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # \b, ^, lookarounds: no character
        found, empty = _starts_of(op, av)
        out |= found
        if not empty:
            return out, False
    return out, True


def _starts_of(op: Any, av: Any) -> tuple[set[int], bool]:
    if op is _parser.LITERAL:
        return {av}, False
    if op is _parser.IN:
        assert all(o in (_parser.LITERAL, _parser.RANGE) for o, _ in av), av
        return {c for o, a in av for c in ([a] if o is _parser.LITERAL else range(a[0], a[1] + 1))}, False
    if op is _parser.BRANCH:
        alternatives = [_starts(alternative.data) for alternative in av[1]]
        return set().union(*(f for f, _ in alternatives)), any(e for _, e in alternatives)
    if op is _parser.SUBPATTERN:
        assert not av[1] and not av[2], "a group that changes the flags"
        return _starts(av[3].data)
    assert op in _REPEATS, op
    found, empty = _starts(av[2].data)
    return found, empty or av[0] == 0


def _declared() -> list[LazyPattern]:
    found: dict[int, LazyPattern] = {}

    def visit(value: object) -> None:
        if isinstance(value, LazyPattern):
            found.setdefault(id(value), value)
        elif isinstance(value, (list, tuple)):
            for v in value:
                visit(v)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                visit(getattr(value, f.name))

    for info in pkgutil.walk_packages(summarizer.__path__, "summarizer."):
        for value in vars(importlib.import_module(info.name)).values():
            visit(value)
    return [p for p in found.values() if p.first is not None]


def test_every_declared_first_character_set_holds_each_character_a_match_of_its_pattern_starts_with() -> None:
    declared = _declared()
    assert len(declared) >= 11
    for pat in declared:
        assert isinstance(pat.pattern, str)
        starts, empty = _starts(_parser.parse(pat.pattern, pat._flags).data)
        assert not empty, pat  # a pattern that can match nothing has no first character
        guard = re.compile(f"[{pat.first}]", pat._flags)
        assert [chr(c) for c in sorted(starts) if not guard.fullmatch(chr(c))] == [], pat


def test_every_pattern_with_first_characters_finds_in_the_examples_what_it_finds_without_them() -> None:
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    pieces = [*texts, *(t[s:e] for t in texts for s, e in split_sentences(t))]
    for pat in _declared():
        assert isinstance(pat.pattern, str)
        plain = re.compile(pat.pattern, pat._flags)
        for piece in pieces:
            assert [(m.span(), m.groups()) for m in pat.finditer(piece)] == [
                (m.span(), m.groups()) for m in plain.finditer(piece)
            ], pat
