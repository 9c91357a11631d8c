"""Fault matrix, inputs: only regular files (or '-') are read, bounded and fast; nothing-to-say is never silent."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from fault_harness import ARTICLE, fifo, run_cli, temp_leftovers, tree

from summarizer.errors import ExitCode


def _brief_json(tmp_path: Path, *names: str, extra: list[str] | None = None) -> tuple[int, dict, str]:
    r = run_cli(["brief", "-f", "json", *(extra or []), *names], cwd=tmp_path)
    return r.code, (json.loads(r.out) if r.out.strip() else {}), r.err


def test_fifo_input_is_refused_at_once_and_the_other_inputs_are_used(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with fifo(tmp_path / "pipe.txt"):
        t0 = time.monotonic()
        code, data, err = _brief_json(tmp_path, "pipe.txt", "a.txt")
        assert time.monotonic() - t0 < 30
    assert code == ExitCode.INPUT
    assert "error: pipe.txt: is a named pipe (FIFO), not a regular file" in err
    assert [s["path"] for s in data["sources"]] == ["a.txt"]
    assert data["errors"][0]["problem"] == "unreadable"


def test_only_input_a_fifo_is_no_usable_sources_and_writes_nothing(tmp_path: Path) -> None:
    with fifo(tmp_path / "pipe"):
        r = run_cli(["brief", "pipe", "-o", "out.md"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT
    assert "no usable articles" in r.err and "named pipe" in r.err
    assert not (tmp_path / "out.md").exists() and temp_leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "device", ["/dev/zero", "/dev/urandom", "/dev/null"], ids=["dev-zero", "dev-urandom", "dev-null"]
)
def test_device_is_refused_without_reading_it(tmp_path: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} is missing")
    t0 = time.monotonic()
    r = run_cli(["brief", device], cwd=tmp_path)
    assert time.monotonic() - t0 < 30
    assert r.code == ExitCode.INPUT
    assert f"{device}: is a device, not a regular file" in r.err
    assert r.out == ""


def test_sparse_500_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "sparse.txt"
    with open(big, "wb") as fh:
        fh.truncate(500 * 1024 * 1024)
    t0 = time.monotonic()
    r = run_cli(["brief", "sparse.txt"], cwd=tmp_path)
    assert time.monotonic() - t0 < 10
    assert r.code == ExitCode.INPUT
    assert "sparse.txt: is 500.0 MB, over the 5.0 MB size cap; raise it with --max-bytes" in r.err


def test_sparse_file_under_the_cap_is_binary_from_its_first_bytes(tmp_path: Path) -> None:
    with open(tmp_path / "zeros.txt", "wb") as fh:
        fh.truncate(4 * 1024 * 1024)
    t0 = time.monotonic()
    r = run_cli(["brief", "zeros.txt"], cwd=tmp_path)
    assert time.monotonic() - t0 < 20
    assert r.code == ExitCode.INPUT
    assert "zeros.txt: is not text: it contains NUL bytes" in r.err


def test_max_bytes_option_lowers_the_cap(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    r = run_cli(["brief", "--max-bytes", "100", "a.txt"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT
    assert f"a.txt: is {len(ARTICLE.encode())} bytes, over the 100 bytes size cap" in r.err


def test_max_bytes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setenv("SUMMARIZER_MAX_BYTES", "200")
    r = run_cli(["brief", "a.txt"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT and "over the 200 bytes size cap" in r.err


def test_bad_max_bytes_value_is_a_usage_error(tmp_path: Path) -> None:
    r = run_cli(["brief", "--max-bytes", "lots", "a.txt"], cwd=tmp_path)
    assert r.code == ExitCode.USAGE
    assert "error: --max-bytes: not a positive size: 'lots'" in r.err


def test_stdin_over_the_cap_is_refused(tmp_path: Path) -> None:
    r = run_cli(["brief", "--max-bytes", "1k", "-"], stdin=ARTICLE.encode() * 10, cwd=tmp_path)
    assert r.code == ExitCode.INPUT
    assert "-: standard input is over the 1 kB size cap" in r.err


def test_directory_input_without_matching_files_is_named(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "data.csv").write_text("a,b\n", encoding="utf-8")
    r = run_cli(["brief", "folder"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT and "folder: is a directory without files matching" in r.err


def test_missing_input_is_named(tmp_path: Path) -> None:
    r = run_cli(["brief", "nope.txt"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT and "nope.txt: no such file" in r.err


def test_png_disguised_as_text_is_binary(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    r = run_cli(["brief", "photo.txt"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT and "photo.txt: is not text: it looks like a PNG image" in r.err


def test_nul_bytes_after_the_sniffed_prefix_are_still_binary(tmp_path: Path) -> None:
    (tmp_path / "late.txt").write_bytes(ARTICLE.encode() * 30 + b"\x00\x01\x02\x03" * 5000)
    r = run_cli(["brief", "late.txt"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT and "late.txt: is not text" in r.err


def test_a_failed_run_leaves_the_previous_output_intact(tmp_path: Path) -> None:
    (tmp_path / "out.md").write_text("previous brief\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    before = tree(tmp_path)
    r = run_cli(["brief", "empty.txt", "-o", "out.md"], cwd=tmp_path)
    assert r.code == ExitCode.INPUT and "empty.txt: is empty (0 bytes)" in r.err
    assert tree(tmp_path) == before


def test_headline_only_file_says_why_and_exits_empty(tmp_path: Path) -> None:
    (tmp_path / "head.txt").write_text("Council closes flood barrier\n", encoding="utf-8")
    code, data, _ = _brief_json(tmp_path, "head.txt")
    assert code == ExitCode.EMPTY
    assert data["stories"] == []
    assert any("head.txt" in w and "only a headline" in w for w in data["warnings"])
    assert any(w.startswith("the brief is empty") for w in data["warnings"])


def test_headline_only_markdown_shows_the_warnings(tmp_path: Path) -> None:
    (tmp_path / "head.txt").write_text("Council closes flood barrier\n", encoding="utf-8")
    r = run_cli(["brief", "head.txt"], cwd=tmp_path)
    assert r.code == ExitCode.EMPTY
    assert "## Warnings" in r.out and "nothing could be said about it" in r.out


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        ("北京电。今天北京下了大雨！市政府表示，三条道路已经关闭。救援人员正在现场工作？", "zh", "Chinese"),
        ("東京で大雨が降りました。市はいくつかの道路を閉鎖しました。", "ja", "Japanese"),
    ],
    ids=["chinese", "japanese"],
)
def test_script_the_local_engine_cannot_read_is_reported_not_silent(
    tmp_path: Path, text: str, language: str, words: str
) -> None:
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    code, data, _ = _brief_json(tmp_path, "a.txt")
    assert code == ExitCode.EMPTY
    assert data["sources"][0]["language"] == language
    said = [w for w in data["warnings"] if "nothing could be said" in w]
    assert said and words in said[0] and "cannot read" in said[0]


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        (
            "قال المسؤولون إن الفيضانات أغلقت ثلاثة طرق في المدينة. وأضافوا أن فرق الإنقاذ تعمل في الموقع.",
            "ar",
            "Arabic",
        ),
        ("Власти города закрыли три дороги после сильного дождя. Спасатели работают на месте.", "ru", "Cyrillic"),
    ],
    ids=["arabic", "russian"],
)
def test_non_english_script_is_reported_and_only_verbatim_text_is_cited(
    tmp_path: Path, text: str, language: str, words: str
) -> None:
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    code, data, _ = _brief_json(tmp_path, "a.txt")
    assert data["sources"][0]["language"] == language
    assert any(words in w and "not English" in w for w in data["warnings"])
    sentences = [s for st in data["stories"] for s in st["sentences"]]
    assert code == (ExitCode.OK if sentences else ExitCode.EMPTY)
    assert all(s["text"] in text for s in sentences)  # nothing made up: what is said is the source's own words


def test_french_article_is_detected_and_reported(tmp_path: Path) -> None:
    text = (
        "Le conseil municipal a fermé la barrière de la rue des Ormes lundi après la crue du fleuve. "
        "Le maire a dit que la barrière resterait fermée jusqu'à vendredi pour les habitants du quartier.\n"
    )
    (tmp_path / "fr.txt").write_text(text, encoding="utf-8")
    code, data, _ = _brief_json(tmp_path, "fr.txt")
    assert data["sources"][0]["language"] == "fr"
    assert any("appears to be in French, not English" in w for w in data["warnings"])
    assert code in (ExitCode.OK, ExitCode.EMPTY)
    if code == ExitCode.EMPTY:
        assert any(w.startswith("the brief is empty") for w in data["warnings"])


def test_english_article_has_no_language_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, data, _ = _brief_json(tmp_path, "a.txt")
    assert code == ExitCode.OK
    assert data["sources"][0]["language"] == "en"
    assert not any("not English" in w or "nothing could be said" in w for w in data["warnings"])
