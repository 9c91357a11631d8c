"""Shared fixtures: the example article set, the out-of-domain set (tests/data/ood) and a brief of each (built once
per session, local engine); ``any_brief`` runs a test on both."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from hypothesis import settings
from paths import DATA, EXAMPLES

# No test is timed (speed lives in benchmarks/): Hypothesis' default 200 ms deadline per example fails property tests
# at random on a loaded machine.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

# Never the developer's cache: results cached by one test (or a real run) must not stand in for the work another
# test is about. Session fixtures use this folder; every test gets a fresh one (below).
os.environ["SUMMARIZER_CACHE_DIR"] = tempfile.mkdtemp(prefix="summarizer-test-cache-")
atexit.register(shutil.rmtree, os.environ["SUMMARIZER_CACHE_DIR"], ignore_errors=True)

LLM_MODEL_ENV = "SUMMARIZER_TEST_LLM_MODEL"
LLM_BASE_URL_ENV = "SUMMARIZER_TEST_LLM_BASE_URL"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("summarizer LLM engine")
    group.addoption(
        "--llm-model",
        default=os.environ.get(LLM_MODEL_ENV),
        help=f"provider:model the LLM tests record against / the real-server tests use (env {LLM_MODEL_ENV}).",
    )
    group.addoption(
        "--llm-base-url",
        default=os.environ.get(LLM_BASE_URL_ENV),
        help=f"OpenAI-compatible /v1 endpoint of that model (env {LLM_BASE_URL_ENV}); none: OpenAI's API.",
    )


@pytest.fixture(scope="session")
def example_paths() -> list[str]:
    return [str(p) for p in EXAMPLES]


@pytest.fixture(scope="session")
def example_brief(example_paths: list[str]):  # type: ignore[no-untyped-def]
    from summarizer import brief

    return brief(example_paths, engine="local")


@pytest.fixture(scope="session")
def ood_paths() -> list[str]:
    return [str(p) for p in sorted((DATA / "ood").rglob("*.txt"))]


@pytest.fixture(scope="session")
def ood_brief(ood_paths: list[str]):  # type: ignore[no-untyped-def]
    from summarizer import brief

    return brief(ood_paths, engine="local")


@pytest.fixture(params=["example_brief", "ood_brief"])
def any_brief(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The example brief and the out-of-domain brief, for tests that need some brief of several stories."""
    return request.getfixturevalue(request.param)


@pytest.fixture(autouse=True)
def _no_model_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never pick up a developer's model or key by accident.
    monkeypatch.delenv("SUMMARIZER_MODEL", raising=False)


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("SUMMARIZER_DASK", raising=False)
