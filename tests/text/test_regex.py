from __future__ import annotations

import copy
import pickle
import re

import pytest

from summarizer.text.regex import LazyPattern, lazy_compile


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
