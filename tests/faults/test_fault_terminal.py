"""Fault matrix, inert text: escape sequences and bidi overrides in article text and file names are shown, never
acted on -- in Markdown, JSON, error messages, `check` output and the review page -- and citations still index the
stored text exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fault_harness import ARTICLE, assert_inert, run_child, run_cli

from summarizer.errors import ExitCode

HOSTILE = {
    "esc-reset": ("\x1bc", "\\x1bc"),
    "osc-title": ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
    "csi-colour": ("\x1b[31m", "\\x1b[31m"),
    "c1-csi": ("\x9b2J", "\\x9b2J"),
    "bidi-override": ("\u202eevil", "\\u202eevil"),
    "bidi-isolate": ("\u2066x\u2069", "\\u2066x\\u2069"),
    "carriage-return": ("safe\rEVIL", ""),  # a line break for the splitter; never a raw CR on the terminal
    "backspace": ("ok\x08\x08XX", "ok\\x08\\x08XX"),
}


def _article_with(payload: str) -> str:
    return ARTICLE.replace("Mayor Jonas Berg said", f"Mayor Jonas Berg{payload} said")


@pytest.mark.parametrize("name", list(HOSTILE), ids=list(HOSTILE))
def test_control_sequence_in_article_text_is_shown_not_sent_in_markdown(tmp_path: Path, name: str) -> None:
    payload, shown = HOSTILE[name]
    (tmp_path / "a.txt").write_text(_article_with(payload), encoding="utf-8")
    r = run_cli(["brief", "a.txt"], cwd=tmp_path)
    assert r.code == ExitCode.OK
    assert_inert(r.out)
    assert_inert(r.err)
    assert shown in r.out.replace("\\[", "[").replace("\\]", "]")  # Markdown escapes brackets too


def test_json_keeps_the_exact_text_but_never_a_raw_control(tmp_path: Path) -> None:
    text = _article_with("\x1b[2J\u202e\x85")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8", newline="")
    r = run_cli(["brief", "-f", "json", "a.txt"], cwd=tmp_path)
    assert r.code == ExitCode.OK
    assert_inert(r.out)
    assert "\x85" not in r.out and "\\u202e" in r.out
    data = json.loads(r.out)
    stored = (tmp_path / "a.txt").read_bytes().decode(data["sources"][0]["encoding"])
    cites = [c for st in data["stories"] for s in st["sentences"] for c in s["citations"]]
    assert cites and all(stored[c["start"] : c["end"]] == c["quote"] for c in cites)
    assert any("\u202e" in c["quote"] for c in cites)  # the citation quotes the text as stored


def test_escape_in_a_file_name_is_shown_in_the_error_message(tmp_path: Path) -> None:
    r = run_cli(["brief", "evil\x1b]0;title\x07.txt"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT
    assert_inert(r.err)
    assert "evil\\x1b]0;title\\x07.txt: no such file" in r.err


def test_newline_in_a_file_name_cannot_forge_a_second_message_line(tmp_path: Path) -> None:
    r = run_cli(["brief", "x.txt\nerror: everything is fine"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT
    assert "x.txt\\nerror: everything is fine" in r.err
    assert not any(line.startswith("error: everything") for line in r.err.splitlines())


def test_escape_in_a_file_name_is_shown_in_the_markdown_source_list(tmp_path: Path) -> None:
    name = "a\u202etxt.exe"
    (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    r = run_cli(["brief", name], cwd=tmp_path)
    assert r.code == ExitCode.OK
    assert_inert(r.out)
    assert "a\\u202etxt.exe" in r.out


def test_check_output_is_inert(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_article_with("\x1bc"), encoding="utf-8")
    r = run_cli(
        ["check", "-s", "a.txt", "-c", "Mayor Jonas Berg\x1bc said the barrier would stay closed."], cwd=tmp_path
    )
    assert r.code in (ExitCode.OK, ExitCode.UNSUPPORTED)
    assert_inert(r.out)


def test_check_pairs_output_is_inert_json(tmp_path: Path) -> None:
    row = {"id": "r\u202e1", "source": _article_with("\x9b\u202e"), "claim": "Mayor Jonas Berg\u202e said so."}
    (tmp_path / "p.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    r = run_cli(["check", "--pairs", "p.jsonl"], cwd=tmp_path)
    assert r.code in (ExitCode.OK, ExitCode.UNSUPPORTED)
    assert_inert(r.out)
    assert json.loads(r.out)["id"] == "r\u202e1"


def test_review_page_shows_controls_as_visible_tokens(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_article_with("\x1b[31m\u202e"), encoding="utf-8")
    assert run_cli(["brief", "-f", "json", "-o", "b.json", "a.txt"], cwd=tmp_path).code == ExitCode.OK
    r = run_cli(["review", "b.json", "--no-open"], cwd=tmp_path)
    assert r.code == ExitCode.OK
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "\x1b" not in page and "\u202e" not in page
    assert re.search(r'<span class="ctl" title="U\+202E RIGHT-TO-LEFT OVERRIDE">\\u202e</span>', page)
    assert '<span class="ctl" title="U+001B CONTROL">\\x1b</span>' in page


def test_terminal_sees_no_raw_escape_from_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_article_with("\x1bc\x1b]8;;http://evil\x07link\x1b]8;;\x07"), encoding="utf-8")
    proc = run_child(["brief", "a.txt"], cwd=tmp_path)
    assert proc.returncode == ExitCode.OK
    assert b"\x1b" not in proc.stdout and b"\x1b" not in proc.stderr
    assert b"\\x1b\\]8;;http://evil" in proc.stdout
