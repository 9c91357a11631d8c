"""The command line: one call per command, errors mapped to exit codes, messages that name the file and problem."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import brief
from summarizer.cli import cli
from summarizer.errors import ExitCode


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_brief_prints_a_cited_markdown_brief_and_names_the_engine(
    example_paths: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["brief", *example_paths], capsys)
    assert code == ExitCode.OK
    assert out.startswith("# Brief: 3 stories from 5 sources")
    assert "## Citations" in out and "[1]" in out
    assert "summarize: engine local" in err


def test_json_output_is_exactly_the_api_model_dump(
    example_paths: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["brief", "--format", "json", *example_paths], capsys)
    assert code == ExitCode.OK
    assert out.rstrip("\n") == brief(example_paths).model_dump_json()
    assert json.loads(out)["schema_version"] == 1


def test_output_option_writes_the_file(
    example_paths: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "brief.md"
    code, out, _ = run(["brief", "-o", str(target), example_paths[0]], capsys)
    assert code == ExitCode.OK and out == ""
    assert target.read_text(encoding="utf-8").startswith("# Brief:")


def test_bad_file_is_named_skipped_and_exit_is_nonzero(
    example_paths: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out, err = run(["brief", str(binary), example_paths[0]], capsys)
    assert code == ExitCode.INPUT
    assert f"error: {binary}" in err and "(skipped)" in err
    assert out.startswith("# Brief: 1 story from 1 source")


def test_only_bad_files_exit_with_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    code, out, err = run(["brief", str(empty)], capsys)
    assert code == ExitCode.INPUT
    assert out == ""
    assert "no usable articles" in err and "empty.txt" in err


def test_openai_engine_without_a_model_is_a_usage_error(
    example_paths: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["brief", "--engine", "openai", example_paths[0]], capsys)
    assert code == ExitCode.USAGE
    assert "--model" in err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["brief", "--frobnicate", "x.txt"], capsys)
    assert code == ExitCode.USAGE
    assert "frobnicate" in err


def test_stdin_dash_reads_one_article(example_paths: list[str], tmp_path: Path) -> None:
    data = Path(example_paths[3]).read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer", "brief", "--format", "json", "-"],
        input=data,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    b = json.loads(proc.stdout)
    src = b["sources"][0]
    assert src["path"] == "-" and src["text"]
    for story in b["stories"]:
        for s in story["sentences"]:
            for c in s["citations"]:
                assert src["text"][c["start"] : c["end"]] == c["quote"]


def test_check_claim_prints_verdict_and_spans(example_paths: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "check",
            "--source",
            example_paths[0],
            "--claim",
            "Ballistic missiles and rockets targeted Ain al-Asad Air Base.",
        ],
        capsys,
    )
    assert code == ExitCode.OK
    assert out.startswith("SUPPORTED")
    assert "Ain al-Asad Air Base" in out


def test_check_pairs_writes_one_json_line_per_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = tmp_path / "pairs.jsonl"
    source = "The council closed the bridge on Tuesday after inspectors found a crack."
    rows.write_text(
        json.dumps({"id": "a", "source": source, "claim": "The council closed the bridge."})
        + "\n"
        + json.dumps({"id": "b", "source": source, "claim": "The council opened a new airport in Paris."})
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(["check", "--pairs", str(rows)], capsys)
    assert code == ExitCode.UNSUPPORTED  # row "b" is not supported: a pipeline can branch on it
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in lines] == ["a", "b"]
    assert lines[0]["supported"] is True and lines[1]["supported"] is False
    ev = lines[0]["evidence"][0]
    assert source[ev["start"] : ev["end"]] == ev["quote"]


def test_check_pairs_reports_a_bad_line_with_its_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = tmp_path / "pairs.jsonl"
    rows.write_text('{"id": "a", "source": "x", "claim": "y"}\nnot json\n', encoding="utf-8")
    code, out, err = run(["check", "--pairs", str(rows)], capsys)
    assert code == ExitCode.INPUT
    rows_out = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in rows_out] == [1, 2]  # the bad line is an error row; the others are still checked
    assert rows_out[1]["label"] == "error" and "not JSON" in rows_out[1]["reason"]
    assert "1 of 2 rows are bad input" in err


def test_traceback_flag_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = run(["--traceback", "brief", str(empty)], capsys)
    assert code == ExitCode.INPUT
    assert "Traceback (most recent call last)" in err


def test_review_renders_a_saved_brief_without_opening_a_browser(
    example_paths: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "brief.json"
    saved.write_text(brief(example_paths).model_dump_json(), encoding="utf-8")
    code, _, err = run(["review", str(saved), "--no-open"], capsys)
    assert code == ExitCode.OK
    page = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "<html" in page.lower() and "Content-Security-Policy" in page
    assert "wrote" in err


@pytest.mark.parametrize("failure", ["returns-false", "raises"])
def test_review_says_when_no_browser_could_be_opened_and_prints_the_page_path(
    failure: str,
    example_paths: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import webbrowser

    def no_browser(url: str) -> bool:
        if failure == "raises":
            raise webbrowser.Error("could not locate runnable browser")
        return False

    monkeypatch.setattr(webbrowser, "open", no_browser)
    saved = tmp_path / "brief.json"
    saved.write_text(brief(example_paths).model_dump_json(), encoding="utf-8")
    code, _, err = run(["review", str(saved)], capsys)
    assert code == ExitCode.OK
    assert "no browser could be opened" in err
    assert str((tmp_path / "brief.html").resolve()) in err


def test_review_of_a_file_that_is_not_a_brief_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "x.json"
    bogus.write_text('{"hello": 1}', encoding="utf-8")
    code, _, err = run(["review", str(bogus), "--no-open"], capsys)
    assert code == ExitCode.INPUT
    assert "not a summarizer JSON brief" in err


def test_help_works_for_every_command() -> None:
    for args in (["--help"], ["brief", "--help"], ["check", "--help"], ["review", "--help"]):
        proc = subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True, text=True, check=False)
        assert proc.returncode == 0
        assert "Usage" in proc.stdout


def test_verbose_prints_counts_and_cpu_and_wall_time_for_every_stage(
    example_paths: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["brief", "-v", *example_paths], capsys)
    assert code == ExitCode.OK
    lines = {line.split()[1]: line for line in err.splitlines() if line.startswith("summarize: ") and " cpu " in line}
    assert list(lines) == ["read", "extract", "verify", "group", "flag", "conflicts", "compose", "check", "total"]
    assert "5 articles" in lines["read"] and "facts kept" in lines["verify"] and "3 stories" in lines["total"]
    assert all(re.search(r"cpu +\d+\.\d\d s +wall +\d+\.\d\d s$", line) for line in lines.values())


def test_without_verbose_no_stage_lines_are_printed(
    example_paths: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, err = run(["brief", example_paths[0]], capsys)
    assert " cpu " not in err and err.count("\n") == 1


def test_messages_name_each_problem_once(
    example_paths: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(Path(example_paths[0]).read_bytes())
    _, _, err = run(["brief", example_paths[0], example_paths[0], str(copy)], capsys)
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and all(line.count("skipped") == 1 for line in errors)
    # the words of the messages, not of the paths they name (a clone in /tmp/tmp.XXXX/ has "tmp/tmp" in each path)
    words = [line.replace(example_paths[0], "PATH").replace(str(copy), "PATH") for line in errors]
    assert not any(re.search(r"\b(\w+)\W+\1\b", line) for line in words), errors
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _, _, err = run(["brief", str(empty)], capsys)
    assert err.splitlines()[-1].startswith("error: no usable articles (")


def test_a_story_that_fails_to_compose_is_named_and_the_rest_are_printed(
    example_paths: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarizer.engines.local.engine import LocalEngine
    from summarizer.errors import ServiceError
    from summarizer.models import ComposedStory, StoryPlan

    compose = LocalEngine.compose

    def flaky(self: LocalEngine, plan: StoryPlan) -> ComposedStory:
        if "S5" in plan.source_names:  # the undated one-source story of the example set
            raise ServiceError("the model service timed out")
        return compose(self, plan)

    monkeypatch.setattr(LocalEngine, "compose", flaky)
    code, out, err = run(["brief", *example_paths], capsys)
    assert code == ExitCode.INPUT
    assert out.startswith("# Brief: 2 stories from 5 sources")
    [line] = [line for line in err.splitlines() if line.startswith("error:")]
    assert "could not be composed: the model service timed out" in line and "the story is left out" in line


def test_a_plain_text_brief_imports_no_html_template_engine_html_extractor_or_model_sdk(
    example_paths: list[str],
) -> None:
    code = (
        "import sys, contextlib, io\n"
        "from summarizer.cli import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    rc = cli(['brief', {example_paths[0]!r}])\n"
        "heavy = ('trafilatura', 'lxml', 'jinja2', 'openai', 'instructor')\n"
        "print(rc, sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.split(maxsplit=1) == ["0", "[]\n"], proc.stderr


def test_check_with_an_unknown_checker_is_a_usage_error(
    example_paths: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["check", "--source", example_paths[0], "--claim", "Anything.", "--checker", "oracle"], capsys)
    assert code == ExitCode.USAGE
    assert "oracle" in err


def test_check_with_the_llm_checker_and_no_model_says_it_needs_one(
    example_paths: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUMMARIZER_MODEL", raising=False)
    code, _, err = run(["check", "--source", example_paths[0], "--claim", "Anything.", "--checker", "llm"], capsys)
    assert code != ExitCode.OK
    assert "--checker-model" in err


def test_brief_with_the_llm_checker_and_no_model_is_a_usage_error_that_names_the_option(
    example_paths: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUMMARIZER_MODEL", raising=False)
    code, _, err = run(["brief", example_paths[0], "--checker", "llm"], capsys)
    assert code == ExitCode.USAGE
    assert "--checker-model" in err


def test_brief_with_an_unknown_checker_is_a_usage_error(
    example_paths: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["brief", example_paths[0], "--checker", "oracle"], capsys)
    assert code == ExitCode.USAGE
    assert "oracle" in err


def test_jobs_below_one_is_a_usage_error(example_paths: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["brief", "--jobs", "0", *example_paths], capsys)
    assert code == ExitCode.USAGE
    assert "--jobs" in err


def test_brief_with_two_jobs_prints_exactly_what_one_job_prints(
    example_paths: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    one = run(["brief", "--jobs", "1", "--no-cache", "-f", "json", *example_paths], capsys)
    two = run(["brief", "--jobs", "2", "--no-cache", "-f", "json", *example_paths], capsys)
    assert one[0] == two[0] == ExitCode.OK
    assert one[1] == two[1] and json.loads(one[1])["stories"]


def test_a_long_run_prints_no_progress_bar_when_stderr_is_not_a_terminal(
    example_paths: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = [Path(p).read_text(encoding="utf-8") for p in example_paths]
    paths = []
    for i in range(50):  # the bar's threshold
        p = tmp_path / f"a{i:02d}.txt"
        p.write_text(f"Update {i}\n\n{texts[i % len(texts)]}", encoding="utf-8")
        paths.append(str(p))
    code, _, err = run(["brief", "--jobs", "1", *paths], capsys)
    assert code == ExitCode.OK
    assert err.splitlines() == ["summarize: engine local (deterministic, no model)"]
