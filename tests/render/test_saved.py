"""Saved JSON briefs read back (summarizer.load_brief, summarizer.render.saved)."""

from __future__ import annotations

from pathlib import Path

import pytest

import summarizer
from summarizer.errors import InputError, MissingSource, UnreadableSource
from summarizer.models import Brief


def test_a_saved_brief_loads_back_equal(any_brief: Brief, tmp_path: Path) -> None:
    path = tmp_path / "brief.json"
    path.write_text(any_brief.model_dump_json(), encoding="utf-8")
    assert summarizer.load_brief(path) == any_brief


@pytest.mark.parametrize(
    ("content", "error", "problem"),
    [
        pytest.param(None, MissingSource, "no such file", id="missing"),
        pytest.param(b'{"hello": 1}', InputError, "not a summarizer JSON brief", id="other-json"),
        pytest.param(b"\xff\xfe\x00garbage", UnreadableSource, "not UTF-8", id="not-utf8"),
    ],
)
def test_a_file_that_is_not_a_saved_brief_is_an_input_error(
    tmp_path: Path, content: bytes | None, error: type[InputError], problem: str
) -> None:
    path = tmp_path / "x.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error, match=problem):
        summarizer.load_brief(path)
