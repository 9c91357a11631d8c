"""What importing the package and a local run load: only what the run needs (issue 14, fast start).

Checked in a fresh interpreter through ``sys.modules`` (not timed; ``benchmarks/startup.py`` measures the time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.paths import EXAMPLES

HEAVY = ("openai", "instructor", "jinja2", "trafilatura", "lxml", "rich", "charset_normalizer", "httpx")


def loaded_after(code: str) -> tuple[str, set[str]]:
    """Run ``code`` in a fresh interpreter; (its stdout, the top-level packages it imported)."""
    out, mods = loaded_modules_after(code)
    return out, {m.split(".")[0] for m in mods}


def test_import_summarizer_loads_no_model_sdk_template_engine_html_extractor_or_pydantic() -> None:
    _, mods = loaded_after("import summarizer")
    assert mods.isdisjoint(HEAVY), mods & set(HEAVY)
    assert "pydantic" not in mods  # the models are imported on first use of a name that needs them


def test_the_public_names_still_resolve_on_first_use() -> None:
    out, _ = loaded_after("import summarizer\nprint(summarizer.Brief.__name__, summarizer.brief.__name__)")
    assert out.split() == ["Brief", "brief"]


def test_a_local_brief_of_json_lines_articles_to_json_lines_loads_none_of_them(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": EXAMPLES[0].read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    code = (
        "import contextlib, io\n"
        "from summarizer.cli import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    rc = cli(['brief', '-f', 'jsonl', {str(feed)!r}])\n"
        "print(rc)\n"
    )
    out, mods = loaded_after(code)
    assert out.split() == ["0"]
    assert mods.isdisjoint(HEAVY), mods & set(HEAVY)


def loaded_modules_after(code: str) -> tuple[str, set[str]]:
    """Run ``code`` in a fresh interpreter; (its stdout, the full names of the modules it imported)."""
    probe = code + "\nimport sys as _s\nprint('MODULES', ' '.join(sorted(_s.modules)))\n"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    out, _, mods = proc.stdout.rpartition("MODULES ")
    return out, set(mods.split())


RESULT_STAGES = {
    "summarizer.engines.local.extract",
    "summarizer.engines.local.compose",
    "summarizer.check.verify",
    "summarizer.check.citations",
    "summarizer.story.conflicts",
    "summarizer.story.headline",
}


def test_a_run_in_this_process_starts_no_pool_and_a_rerun_from_the_cache_loads_no_extraction_or_composition(
    tmp_path: Path,
) -> None:
    code = (
        "import contextlib, io\n"
        "from summarizer.cli import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    rc = cli(['brief', '--cache-dir', {str(tmp_path)!r}, {str(EXAMPLES[0])!r}])\n"
        "print(rc)\n"
    )
    out, first = loaded_modules_after(code)
    assert out.split() == ["0"]
    assert first >= RESULT_STAGES  # the first run extracts and composes
    assert first.isdisjoint({"multiprocessing", "concurrent.futures", "summarizer.check.judge"})
    out, again = loaded_modules_after(code)
    assert out.split() == ["0"]
    assert again.isdisjoint(RESULT_STAGES), again & RESULT_STAGES
