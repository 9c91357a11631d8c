"""Fault matrix, `summarize check --pairs`: every row is checked, a bad row is an error row with its line number,
and the exit code lets a pipeline branch (0 all supported, 1 some unsupported, 2 usage, 3 bad input)."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from fault_harness import ARTICLE, run_cli

from summarizer.errors import ExitCode

GOOD = {"id": "ok", "source": ARTICLE, "claim": "The city council closed the Elm Street flood barrier on Monday."}
BAD_CLAIM = {"id": "no", "source": ARTICLE, "claim": "The council opened a new airport in Paris."}


def _pairs(tmp_path: Path, lines: list[str | dict], *, encoding: str = "utf-8", bom: bytes = b"") -> Path:
    text = "".join((json.dumps(x, ensure_ascii=False) if isinstance(x, dict) else x) + "\n" for x in lines)
    path = tmp_path / "pairs.jsonl"
    path.write_bytes(bom + text.encode(encoding))
    return path


def _rows(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_all_supported_exits_0(tmp_path: Path) -> None:
    _pairs(tmp_path, [GOOD, GOOD | {"id": "ok2"}])
    r = run_cli(["check", "--pairs", "pairs.jsonl"], cwd=tmp_path)
    assert r.code == ExitCode.OK
    rows = _rows(r.out)
    assert [x["id"] for x in rows] == ["ok", "ok2"] and all(x["supported"] for x in rows)
    ev = rows[0]["evidence"][0]
    assert ARTICLE[ev["start"] : ev["end"]] == ev["quote"]


def test_some_unsupported_exits_1(tmp_path: Path) -> None:
    _pairs(tmp_path, [GOOD, BAD_CLAIM])
    r = run_cli(["check", "--pairs", "pairs.jsonl"], cwd=tmp_path)
    assert r.code == ExitCode.UNSUPPORTED
    assert [x["supported"] for x in _rows(r.out)] == [True, False]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "a row must be a JSON object, not list"),
        ('{"id": "x", "source": "text"}', "'claim' is missing"),
        ('{"id": "x", "source": "text", "claim": 42}', "'claim' is a int, not a string"),
        ('{"id": "x", "source": ["a"], "claim": "c"}', "'source' is a list, not a string"),
        ('{"id": {"a": 1}, "source": "s", "claim": "c"}', "'id' must be a string or a number, not dict"),
        ('{"id": "x", "source": "s", "source_path": "f.txt", "claim": "c"}', "give exactly one of 'source'"),
        ('{"id": "x", "claim": "c"}', "give exactly one of 'source'"),
        ('{"id": "x", "source": "   ", "claim": "c"}', "'source' is empty"),
        ('{"id": "x", "source_path": "missing.txt", "claim": "c"}', "source_path missing.txt: no such file"),
    ],
    ids=["not-json", "not-object", "no-claim", "claim-number", "source-list", "id-object", "both-sources",
         "no-source", "blank-source", "missing-source-file"],
)  # fmt: skip
def test_bad_row_is_an_error_row_and_the_rest_are_checked(tmp_path: Path, line: str, reason: str) -> None:
    _pairs(tmp_path, [GOOD, line, BAD_CLAIM])
    r = run_cli(["check", "--pairs", "pairs.jsonl"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT
    rows = _rows(r.out)
    assert [x["line"] for x in rows] == [1, 2, 3]
    assert rows[1]["label"] == "error" and rows[1]["supported"] is None and reason in rows[1]["reason"]
    assert rows[0]["supported"] is True and rows[2]["supported"] is False
    assert "1 of 3 rows are bad input" in r.err


def test_source_path_is_read_relative_to_the_pairs_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_bytes(ARTICLE.replace("Jonas", "Jürgen").encode("cp1252"))
    _pairs(tmp_path / "data", [{"id": "p", "source_path": "a.txt", "claim": "Mayor Jürgen Berg said so."}])
    r = run_cli(["check", "--pairs", "data/pairs.jsonl"], cwd=tmp_path)
    rows = _rows(r.out)
    assert rows[0]["label"] != "error" and "read as cp1252" in rows[0]["note"]
    text = ARTICLE.replace("Jonas", "Jürgen")
    assert all(text[e["start"] : e["end"]] == e["quote"] for e in rows[0]["evidence"])
    assert r.code in (ExitCode.OK, ExitCode.UNSUPPORTED)


def test_utf8_bom_is_skipped(tmp_path: Path) -> None:
    _pairs(tmp_path, [GOOD], bom=codecs.BOM_UTF8)
    r = run_cli(["check", "--pairs", "pairs.jsonl"], cwd=tmp_path)
    assert r.code == ExitCode.OK and _rows(r.out)[0]["id"] == "ok"


def test_utf16_file_is_read(tmp_path: Path) -> None:
    _pairs(tmp_path, [GOOD], encoding="utf-16")
    r = run_cli(["check", "--pairs", "pairs.jsonl"], cwd=tmp_path)
    assert r.code == ExitCode.OK and _rows(r.out)[0]["supported"] is True


def test_cp1252_line_is_read_and_noted(tmp_path: Path) -> None:
    row = {"id": "c", "source": ARTICLE.replace("Jonas", "Jürgen"), "claim": "Mayor Jürgen Berg said so."}
    _pairs(tmp_path, [row], encoding="cp1252")
    r = run_cli(["check", "--pairs", "pairs.jsonl"], cwd=tmp_path)
    rows = _rows(r.out)
    assert rows[0]["note"] == "line is not UTF-8; read as cp1252" and rows[0]["label"] != "error"


def test_empty_pairs_file_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "pairs.jsonl").write_text("\n\n", encoding="utf-8")
    r = run_cli(["check", "--pairs", "pairs.jsonl"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT and "contains no rows" in r.err and r.out == ""


def test_pairs_from_stdin(tmp_path: Path) -> None:
    r = run_cli(["check", "--pairs", "-"], stdin=(json.dumps(GOOD) + "\n").encode(), cwd=tmp_path)
    assert r.code == ExitCode.OK and _rows(r.out)[0]["supported"] is True


def test_pairs_with_claim_is_a_usage_error(tmp_path: Path) -> None:
    _pairs(tmp_path, [GOOD])
    r = run_cli(["check", "--pairs", "pairs.jsonl", "--claim", "x"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE and "use either --pairs or --source with --claim" in r.err


def test_single_claim_unsupported_exits_1(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    r = run_cli(["check", "-s", "a.txt", "-c", "The council opened a new airport in Paris."], cwd=tmp_path)
    assert r.code == ExitCode.UNSUPPORTED and not r.out.startswith("SUPPORTED")


def test_help_states_source_path_and_exit_codes() -> None:
    r = run_cli(["check", "--help"])
    flat = " ".join(r.out.split())
    assert "source_path" in flat and "0 every claim supported; 1 some claim not supported" in flat
