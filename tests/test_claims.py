"""The public claim-checking functions (summarizer.check_claim, check_pairs, read_pairs, open_pairs)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import summarizer
from summarizer.errors import InputError, MissingSource

SOURCE = "The council closed the Elm Street bridge on Tuesday after inspectors found a crack.\n"


def test_check_claim_reads_the_file_and_cites_offsets_into_its_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SOURCE, encoding="utf-8")
    result = summarizer.check_claim(path, "The council closed the Elm Street bridge.")
    assert result.supported and result.evidence
    assert all(SOURCE[s.start : s.end] == s.quote for s in result.evidence)
    assert not summarizer.check_claim(str(path), "The council opened an airport in Paris.").supported


def test_check_claim_on_an_unusable_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(MissingSource):
        summarizer.check_claim(tmp_path / "nope.txt", "x")


def test_pairs_read_from_jsonl_are_checked_row_by_row() -> None:
    line = json.dumps({"id": "a", "source": SOURCE, "claim": "The council closed the bridge."})
    stream = io.StringIO(line + "\n\n")
    [row] = summarizer.check_pairs(summarizer.read_pairs(stream, "pairs.jsonl"))
    assert row["id"] == "a" and row["supported"] is True


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("not json\n", "line 1 is not JSON", id="not-json"),
        pytest.param('{"id": 1}\n', "line 1 needs the keys", id="missing-keys"),
        pytest.param("[1, 2]\n", "line 1 needs the keys", id="not-an-object"),
    ],
)
def test_a_bad_pairs_line_is_an_input_error_naming_the_line(text: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        list(summarizer.read_pairs(io.StringIO(text), "pairs.jsonl"))


def test_opening_a_missing_pairs_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(MissingSource, match=r"nope\.jsonl"):
        summarizer.open_pairs(str(tmp_path / "nope.jsonl"))
