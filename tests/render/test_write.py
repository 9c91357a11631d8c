from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.errors import OutputRefused
from summarizer.render.write import write_chunks, write_output

CHUNKS = ["# Brief\n", "\n- caf\u00e9 \u201cquoted\u201d\n", "last line"]


def test_write_chunks_writes_the_bytes_write_output_writes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    write_output("".join(CHUNKS), a)
    assert write_chunks(iter(CHUNKS), b) is None
    assert b.read_bytes() == a.read_bytes()
    assert b.read_bytes().endswith(b"last line\n")


def test_write_chunks_of_nothing_writes_one_newline_as_write_output_does(tmp_path: Path) -> None:
    write_chunks(iter([]), tmp_path / "empty.md")
    write_output("", tmp_path / "empty2.md")
    assert (tmp_path / "empty.md").read_bytes() == (tmp_path / "empty2.md").read_bytes() == b"\n"


def test_write_chunks_to_a_stream_that_cannot_encode_escapes_and_notes_it_as_write_output_does() -> None:
    a = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    b = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    note_a = write_output("".join(CHUNKS), None, stream=a)
    note_b = write_chunks(iter(CHUNKS), None, stream=b)
    a.flush()
    b.flush()
    assert note_b == note_a is not None
    assert b.buffer.getvalue() == a.buffer.getvalue()  # type: ignore[attr-defined]


def test_write_chunks_leaves_the_previous_file_when_making_the_chunks_fails(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("previous\n")

    def failing() -> Iterator[str]:
        yield "# half a brief\n"
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError):
        write_chunks(failing(), target)
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_write_chunks_refuses_an_input_before_making_any_chunk(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("article\n")

    def never() -> Iterator[str]:
        raise AssertionError("no chunk should be made")
        yield ""

    with pytest.raises(OutputRefused):
        write_chunks(never(), source, inputs=[source])
    assert source.read_text() == "article\n"


def test_write_output_of_json_that_a_stream_cannot_encode_is_the_same_data_escaped_on_one_line() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    text = '{"name": "caf\u00e9"}'
    note = write_output(text, None, stream=stream, is_json=True)
    stream.flush()
    assert note is not None and "\\u escapes" in note
    assert stream.buffer.getvalue() == b'{"name": "caf\\u00e9"}\n'  # type: ignore[attr-defined]
