"""CI check: no committed cassette carries a secret (key, bearer token, cookie, organisation or project id), and
every cassette belongs to a test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from paths import ROOT

CASSETTES = sorted((ROOT / "cassettes").rglob("*.yaml"))
FORBIDDEN_HEADERS = {
    "authorization",
    "api-key",
    "x-api-key",
    "cookie",
    "set-cookie",
    "openai-organization",
    "openai-project",
}
SECRET_PATTERNS = [
    pytest.param(re.compile(r"sk-(?!\[scrubbed\])[A-Za-z0-9_\-]{8,}"), id="openai-key"),
    pytest.param(re.compile(r"bearer\s+[A-Za-z0-9._\-]{8,}", re.IGNORECASE), id="bearer-token"),
    pytest.param(re.compile(r"\borg-(?!\[scrubbed\])[A-Za-z0-9]{6,}"), id="organization-id"),
    pytest.param(re.compile(r"\bproj_(?!\[scrubbed\])[A-Za-z0-9]{6,}"), id="project-id"),
    pytest.param(re.compile(r"__cf_bm=|_cfuvid=", re.IGNORECASE), id="cookie-value"),
]


def _ids() -> list[str]:
    return [str(p.relative_to(ROOT)) for p in CASSETTES]


def test_there_are_cassettes_to_check() -> None:
    assert CASSETTES


@pytest.mark.parametrize("path", CASSETTES, ids=_ids())
def test_cassette_headers_carry_no_credentials(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for interaction in data["interactions"]:
        for part in (interaction["request"], interaction["response"]):
            names = {name.lower() for name in (part.get("headers") or {})}
            assert not names & FORBIDDEN_HEADERS, f"{path.name}: {sorted(names & FORBIDDEN_HEADERS)}"


@pytest.mark.parametrize("pattern", SECRET_PATTERNS)
def test_no_cassette_contains_a_secret(pattern: re.Pattern[str]) -> None:
    hits = [f"{p.name}: {m.group(0)[:16]}..." for p in CASSETTES for m in pattern.finditer(p.read_text("utf-8"))]
    assert not hits


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        pytest.param("Authorization: Bearer sk-live0123456789abcdef", True, id="key"),
        pytest.param("organization org-AbC123xyz789", True, id="org"),
        pytest.param("org-[scrubbed] and sk-[scrubbed]", False, id="scrubbed"),
    ],
)
def test_secret_patterns_catch_real_values_but_not_scrubbed_ones(text: str, caught: bool) -> None:
    assert any(p.values[0].search(text) for p in SECRET_PATTERNS) is caught


def test_every_cassette_is_replayed_by_a_test() -> None:
    for path in CASSETTES:
        module = next((ROOT / "tests").rglob(f"{path.parent.name}.py"), ROOT / "tests" / f"{path.parent.name}.py")
        assert module.is_file(), f"{path}: no test module {module.name}"
        assert f"def {path.stem}(" in module.read_text(encoding="utf-8"), f"{path.name}: no test named {path.stem}"
