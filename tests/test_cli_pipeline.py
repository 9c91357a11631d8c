"""The command line as a pipeline step: batch inputs (JSON Lines, --files-from, directories), streamed JSON Lines
output (one story per line, then the run summary) and their exit codes."""

from __future__ import annotations

import inspect
import io
import json
import shutil
from pathlib import Path

import pytest

from summarizer import brief
from summarizer.cli import cli
from summarizer.engines.local.engine import LocalEngine
from summarizer.errors import ExitCode
from summarizer.ingest.batch import DEFAULT_PATTERN
from summarizer.models import Citation, RunSummary, Story
from summarizer.render.write import open_lines
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


# --------------------------------------------------------------------------------------------------------------------
# --format jsonl
# --------------------------------------------------------------------------------------------------------------------


def source_text(source: dict[str, object]) -> str:
    if source["text"] is not None:
        return str(source["text"])
    return Path(str(source["path"])).read_bytes().decode(str(source["encoding"]))


def check_story_line(line: dict) -> int:  # type: ignore[type-arg]
    """Every citation of a story line indexes a source carried on that same line; returns how many were checked."""
    sources = {s["id"]: s for s in line["sources"]}
    story = Story.model_validate(line["story"])
    assert set(story.sources) <= set(sources)
    cites = [c for s in [*story.sentences, *story.context] for c in s.citations]
    cites += [c for k in story.conflicts for p in k.positions for c in p.citations]
    cites += [
        c for s in line["sources"] for f in s["flags"] for c in (Citation.model_validate(x) for x in f["citations"])
    ]
    for c in cites:
        assert source_text(sources[c.source])[c.start : c.end] == c.quote
    return len(cites)


def test_jsonl_output_is_one_story_per_line_with_its_sources_then_the_summary(
    example_paths: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["brief", "-f", "jsonl", *example_paths], capsys)
    assert code == ExitCode.OK
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["type"] for x in lines] == ["story"] * (len(lines) - 1) + ["summary"]
    reference = brief(example_paths)
    assert [x["story"] for x in lines[:-1]] == [json.loads(s.model_dump_json()) for s in reference.stories]
    assert sum(check_story_line(x) for x in lines[:-1]) > 0
    summary = RunSummary.model_validate(lines[-1])
    assert (summary.exit_code, summary.stories) == (0, len(reference.stories))
    assert summary.checker == reference.checker and summary.checker is not None  # who judged the sentences
    assert summary.sentences == sum(len(s.sentences) for s in reference.stories)
    assert summary.warnings == reference.warnings and summary.errors == []
    carried = {s["id"] for x in lines[:-1] for s in x["sources"]} | {s.id for s in summary.sources}
    assert carried == {s.id for s in reference.sources}


def test_jsonl_output_of_jsonl_input_cites_the_text_each_line_carries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = feed_of_examples(tmp_path / "feed.jsonl", '{"text": 3}')
    code, out, _ = run(["brief", "-f", "jsonl", str(feed)], capsys)
    assert code == ExitCode.INPUT
    lines = [json.loads(x) for x in out.splitlines()]
    assert all(s["text"] is not None for x in lines[:-1] for s in x["sources"])
    assert sum(check_story_line(x) for x in lines[:-1]) > 0
    assert lines[-1]["exit_code"] == ExitCode.INPUT
    assert [(e["path"], e["problem"]) for e in lines[-1]["errors"]] == [(f"{feed}#2", "bad-record")]


def test_summary_option_writes_the_summary_to_its_own_file(
    example_paths: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, summary = tmp_path / "stories.jsonl", tmp_path / "run.json"
    code, out, _ = run(["brief", "-f", "jsonl", "-o", str(target), "--summary", str(summary), *example_paths], capsys)
    assert code == ExitCode.OK and out == ""
    lines = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert lines and all(x["type"] == "story" for x in lines)
    assert RunSummary.model_validate_json(summary.read_text(encoding="utf-8")).stories == len(lines)


def test_summary_option_needs_the_jsonl_format(example_paths: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["brief", "--summary", "s.json", *example_paths], capsys)
    assert code == ExitCode.USAGE and "--summary goes with --format jsonl" in err


def test_a_run_with_no_usable_input_still_ends_its_stream_with_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["brief", "-f", "jsonl", str(tmp_path / "gone.txt")], capsys)
    assert code == ExitCode.INPUT and "no usable articles" in err
    (line,) = out.splitlines()
    summary = RunSummary.model_validate_json(line)
    assert summary.exit_code == ExitCode.INPUT and summary.errors[0].problem == "missing"


def test_each_story_is_handed_on_before_the_next_one_is_composed(example_paths: list[str]) -> None:
    engine = LocalEngine()
    written: list[str] = []
    seen_at_compose: list[int] = []
    compose = engine.compose

    def counting(plan):  # type: ignore[no-untyped-def]
        seen_at_compose.append(len(written))
        return compose(plan)

    engine.compose = counting  # type: ignore[method-assign]
    result = brief(example_paths, engine=engine, on_story=lambda story, sources: written.append(story.id))
    assert written == [s.id for s in result.stories] and len(written) >= 2
    assert seen_at_compose == list(range(len(seen_at_compose)))


def test_a_jsonl_file_output_appears_only_complete_and_an_interrupted_one_leaves_the_old_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), open_lines(target) as out:
        out.write_line('{"type": "story"}')
        (tmp,) = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        assert tmp.read_text(encoding="utf-8") == '{"type": "story"}\n'  # flushed line by line
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old\n" and sorted(tmp_path.iterdir()) == [target]
    with open_lines(target) as out:
        out.write_line("1")
        out.write_line("2")
    assert target.read_text(encoding="utf-8") == "1\n2\n" and out.lines == 2


def test_jsonl_lines_on_stdout_are_flushed_one_by_one() -> None:
    class Stream(io.StringIO):
        def __init__(self) -> None:
            super().__init__()
            self.flushed: list[str] = []

        def flush(self) -> None:
            self.flushed.append(self.getvalue())

    stream = Stream()
    with open_lines(None, stream=stream) as out:
        out.write_line("a")
        out.write_line("b")
    assert stream.flushed[:2] == ["a\n", "a\nb\n"]
