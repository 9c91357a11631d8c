"""Shared fixtures: the example article set and a brief of it (built once per session, local engine)."""

from __future__ import annotations

import pytest
from paths import EXAMPLES


@pytest.fixture(scope="session")
def example_paths() -> list[str]:
    return [str(p) for p in EXAMPLES]


@pytest.fixture(scope="session")
def example_brief(example_paths: list[str]):  # type: ignore[no-untyped-def]
    from summarizer import brief

    return brief(example_paths, engine="local")


@pytest.fixture(autouse=True)
def _no_model_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never pick up a developer's model or key by accident.
    monkeypatch.delenv("SUMMARIZER_MODEL", raising=False)
