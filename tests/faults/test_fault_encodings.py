"""Fault matrix, decoding: legacy Western text is read as cp1252/latin-1, other encodings only on strong evidence,
and how a file was read (and any doubt) reaches the brief's warnings."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from fault_harness import ARTICLE, run_cli

from summarizer.errors import ExitCode
from summarizer.ingest.sources import decode_report

WESTERN = (
    "Jürgen Müller, the mayor of Köln, said the café on the Straße would reopen. "
    "“We paid €50,000,” he said – and François Lefèvre agreed. Señora Núñez was not so sure.\n"
)

CASES = {
    "cp1252": (WESTERN.encode("cp1252"), WESTERN, "cp1252"),
    "latin-1": (WESTERN.replace("“", '"').replace("”", '"').replace("–", "-").replace("€", "EUR ").encode("latin-1"),
                WESTERN.replace("“", '"').replace("”", '"').replace("–", "-").replace("€", "EUR "), "cp1252"),
    "short-latin-1": ("Jürgen Müller".encode("latin-1"), "Jürgen Müller", "cp1252"),
    "euro-only": ("It cost €50,000.".encode("cp1252"), "It cost €50,000.", "cp1252"),
    "mac-roman": (WESTERN.encode("mac_roman"), WESTERN, "mac_roman"),
    "utf-16-bom": (WESTERN.encode("utf-16"), WESTERN, "utf-16"),
    "utf-16-le-no-bom": (WESTERN.encode("utf-16-le"), WESTERN, "utf-16-le"),
    "utf-8-bom": (codecs.BOM_UTF8 + WESTERN.encode("utf-8"), WESTERN, "utf-8-sig"),
    "cyrillic-cp1251": ("Мэр города сказал, что мост закроют в понедельник.".encode("cp1251"),
                        "Мэр города сказал, что мост закроют в понедельник.", "cp1251"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES), ids=list(CASES))
def test_decoding_gives_the_right_characters(name: str) -> None:
    data, text, codec = CASES[name]
    decoded = decode_report(data, "x.txt")
    assert decoded.text == text
    assert decoded.codec == codec
    if codec not in ("utf-16", "utf-8-sig"):
        assert decoded.note  # a guessed or unmarked encoding is always reported


def test_mixed_utf8_and_cp1252_decodes_each_part_and_keeps_the_text(tmp_path: Path) -> None:
    text = ARTICLE.replace("Jonas", "Jürgen") + "Caf\xe9 owners said so.\n"
    data = ARTICLE.replace("Jonas", "Jürgen").encode("utf-8") + "Café owners said so.\n".encode("cp1252")
    decoded = decode_report(data, "m.txt")
    assert decoded.mixed and decoded.text == text.replace("\xe9", "é")
    (tmp_path / "m.txt").write_bytes(data)
    r = run_cli(["brief", "-f", "json", "m.txt"], cwd=tmp_path)
    assert r.code == ExitCode.OK
    brief = json.loads(r.out)
    source = brief["sources"][0]
    assert source["text"] == decoded.text  # offsets index the text kept in the brief
    assert any("mixes UTF-8 with bytes in another encoding" in w for w in brief["warnings"])


def test_guessed_encoding_is_reported_in_the_brief(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(ARTICLE.replace("Jonas", "Jürgen").encode("cp1252"))
    r = run_cli(["brief", "-f", "json", "a.txt"], cwd=tmp_path)
    assert r.code == ExitCode.OK
    brief = json.loads(r.out)
    assert brief["sources"][0]["encoding"] == "cp1252"
    assert any("not UTF-8; read as cp1252" in w for w in brief["warnings"])
    assert any("Jürgen" in s["text"] for st in brief["stories"] for s in st["sentences"])
