"""The command line as a pipeline step: batch inputs (JSON Lines, --files-from, directories) and their exit codes."""

from __future__ import annotations

import inspect
import io
import json
import shutil
from pathlib import Path

import pytest

from summarizer.cli import cli
from summarizer.errors import ExitCode
from summarizer.ingest.batch import DEFAULT_PATTERN
from tests.paths import EXAMPLES


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli(args)
    out, err = capsys.readouterr()
    return code, out, err


def feed_of_examples(path: Path, *extra: str) -> Path:
    lines = [json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}) for p in EXAMPLES[:3]]
    path.write_text("\n".join([lines[0], *extra, *lines[1:]]) + "\n", encoding="utf-8")
    return path


def test_jsonl_input_with_bad_records_names_their_lines_briefs_the_rest_and_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = feed_of_examples(tmp_path / "feed.jsonl", "{oops", json.dumps({"id": "t", "title": "no text"}))
    code, out, err = run(["brief", "-f", "json", str(feed)], capsys)
    assert code == ExitCode.INPUT
    assert f"error: {feed}#2: is not valid JSON" in err
    assert f"error: {feed}#3 (id 't'): has no \"text\" field" in err
    result = json.loads(out)
    assert [s["path"] for s in result["sources"]] == [p.stem for p in EXAMPLES[:3]]
    assert [s["origin"] for s in result["sources"]] == [f"{feed}#1", f"{feed}#4", f"{feed}#5"]
    assert [(e["path"], e["problem"]) for e in result["errors"]] == [
        (f"{feed}#2", "bad-record"),
        (f"{feed}#3 (id 't')", "bad-record"),
    ]
    for story in result["stories"]:  # offsets index the text the source entry carries
        for sent in story["sentences"]:
            for c in sent["citations"]:
                src = next(s for s in result["sources"] if s["id"] == c["source"])
                assert src["text"][c["start"] : c["end"]] == c["quote"]


def test_files_from_stdin_reads_the_listed_paths_and_reports_a_missing_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = "# wires\n" + "\n".join(str(p) for p in EXAMPLES[:2]) + f"\n\n{tmp_path / 'gone.txt'}\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(listing.encode())))
    code, out, err = run(["brief", "-f", "json", "--files-from", "-"], capsys)
    assert code == ExitCode.INPUT
    assert f"error: {tmp_path / 'gone.txt'}: no such file" in err
    assert [s["path"] for s in json.loads(out)["sources"]] == [str(p) for p in EXAMPLES[:2]]


def test_files_from_and_an_article_on_stdin_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["brief", "--files-from", "-", "-"], capsys)
    assert code == ExitCode.USAGE and "cannot both read standard input" in err


def test_no_inputs_at_all_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "list.txt"
    empty.write_text("# nothing today\n", encoding="utf-8")
    code, _, err = run(["brief", "--files-from", str(empty)], capsys)
    assert code == ExitCode.USAGE and "no inputs" in err


def test_a_directory_argument_reads_its_files_matching_the_pattern(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wires = tmp_path / "wires"
    (wires / "day2").mkdir(parents=True)
    shutil.copy(EXAMPLES[0], wires / "b.txt")
    shutil.copy(EXAMPLES[1], wires / "day2" / "a.txt")
    shutil.copy(EXAMPLES[2], wires / "a.md")
    (wires / "notes.csv").write_text("not,an,article\n", encoding="utf-8")
    code, out, _ = run(["brief", "-f", "json", str(wires)], capsys)
    assert code == ExitCode.OK
    paths = [s["path"] for s in json.loads(out)["sources"]]
    assert paths == [str(wires / "a.md"), str(wires / "b.txt"), str(wires / "day2" / "a.txt")]
    code, out, _ = run(["brief", "-f", "json", "--pattern", "*.md", str(wires)], capsys)
    assert code == ExitCode.OK and [s["path"] for s in json.loads(out)["sources"]] == [str(wires / "a.md")]


def test_output_inside_an_input_directory_never_overwrites_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(EXAMPLES[0], tmp_path / "a.txt")
    before = (tmp_path / "a.txt").read_bytes()
    code, _, err = run(["brief", str(tmp_path), "-o", str(tmp_path / "a.txt")], capsys)
    assert code == ExitCode.USAGE and "one of the inputs" in err
    assert (tmp_path / "a.txt").read_bytes() == before


def test_the_command_line_default_pattern_is_the_library_default() -> None:
    from summarizer.cli import brief_cmd

    default = inspect.signature(brief_cmd).parameters["pattern"].default
    assert default == DEFAULT_PATTERN
