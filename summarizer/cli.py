"""The ``summarize`` command: parse options, call one library function, render, map errors to exit codes.

No logic lives here, and nothing below the public API is imported: the commands use ``summarizer`` (``brief``,
``check_claim``, ``check_pairs``, ``read_pairs``, ``load_brief``, ``EngineSettings``), ``summarizer.engines`` (to build
the engine before the run), ``summarizer.render``, ``summarizer.models`` and ``summarizer.errors`` (an import-linter
contract keeps it so). :func:`cli` is the one error boundary: a :class:`~summarizer.errors.SummarizerError` prints
``error: <message>`` and exits with its code (2 usage/config, 3 bad input, 4 service), Ctrl-C exits 130, anything else
is a bug (exit 1). ``--traceback`` shows the Python traceback instead of the one-line message.
"""

from __future__ import annotations

import json
import sys
import traceback
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from summarizer import EngineSettings, __version__
from summarizer.errors import ConfigError, ExitCode, InputError, MissingSource, SummarizerError
from summarizer.models import Brief, StageStats

app = typer.Typer(
    name="summarize",
    help="Neutral multi-source news briefs in which every sentence cites the exact source span it rests on.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    md = "md"
    json = "json"
    html = "html"


class EngineChoice(StrEnum):
    local = "local"
    openai = "openai"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarize {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    traceback_: Annotated[
        bool, typer.Option("--traceback", help="Show the full Python traceback when something fails.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Summarize news articles into a cited brief (`summarize brief FILES...`), check a claim against a source
    (`summarize check`), or review a saved brief in the browser (`summarize review`)."""


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {output}: {exc.strerror or exc}") from exc


@app.command("brief")
def brief_cmd(
    files: Annotated[
        list[str],
        typer.Argument(help="Article files (.txt, .md, .html); '-' reads one article from standard input."),
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.md,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    engine: Annotated[
        EngineChoice | None,
        typer.Option(
            "--engine",
            "-e",
            help="local: deterministic, no model, no network. openai: any OpenAI-compatible endpoint. "
            "Default: openai when a model is configured (--model or SUMMARIZER_MODEL), else local.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="provider:model, e.g. openai:gpt-4.1-mini (env SUMMARIZER_MODEL)."),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (env OPENAI_BASE_URL)."
        ),
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option("--mode", help="Structured-output mode for the LLM engine: tools, json_schema, json or md_json."),
    ] = None,
    max_reasks: Annotated[int, typer.Option("--max-reasks", min=0, max=5, help="Re-asks after failed checks.")] = 2,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, max=64, help="Parallel model calls.")] = 4,
    timeout: Annotated[float, typer.Option("--timeout", min=1.0, help="Per-article deadline in seconds.")] = 120.0,
    cache_dir: Annotated[
        str | None, typer.Option("--cache-dir", help="Response cache folder (env SUMMARIZER_CACHE_DIR).")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the response cache.")] = False,
    max_sentences: Annotated[int, typer.Option("--max-sentences", min=1, max=50, help="Sentences per story.")] = 6,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Report per-stage counts and CPU/wall times, and model usage, on stderr."),
    ] = False,
) -> None:
    """Write a cited brief of FILES (Markdown by default; --format json for pipelines, html for review).

    Examples: `summarize brief a.txt b.html`; `summarize brief *.txt -f json -o brief.json`;
    `summarize brief --model openai:gpt-4.1-mini a.txt b.txt`.

    Exit codes: 0 ok; 2 bad options or configuration; 3 some inputs were unusable (the brief covers the rest);
    4 the model service failed.
    """
    from summarizer import brief
    from summarizer.engines import get_engine
    from summarizer.render.markdown import render

    settings = EngineSettings(
        engine=engine.value if engine else None,
        model=model,
        base_url=base_url,
        mode=mode,
        max_reasks=max_reasks,
        concurrency=concurrency,
        timeout=timeout,
        cache_dir=cache_dir,
        no_cache=no_cache,
        progress=sys.stderr.isatty(),
        verbose=verbose,
    )
    engine_ = get_engine(settings)  # configuration errors surface before any work
    detail = f"model {engine_.model}" if engine_.model else "deterministic, no model"
    _err(f"summarize: engine {engine_.name} ({detail})")
    stages: list[StageStats] = []
    result = brief(files, engine=engine_, stdin=sys.stdin.buffer, max_sentences=max_sentences, on_stage=stages.append)
    _write(render(result, fmt.value), output)
    for e in result.errors:
        if e.story:
            _err(f"error: {e.message} (sources: {e.path}; the story is left out)")
        else:
            _err(f"error: {e.path}: {e.message} (skipped)")
    if verbose:
        _report(result, stages)
    if result.errors:
        raise typer.Exit(int(ExitCode.INPUT))


def _report(result: Brief, stages: list[StageStats]) -> None:
    """The ``-v`` report on stderr: one line per stage (counts, CPU and wall seconds), totals, model usage."""
    for st in stages:
        counts = ", ".join(f"{n} {what}" for what, n in st.counts.items())
        _err(f"summarize: {st.stage:<9} {counts:<44} cpu {st.cpu_seconds:6.2f} s  wall {st.wall_seconds:6.2f} s")
    cpu, wall = sum(st.cpu_seconds for st in stages), sum(st.wall_seconds for st in stages)
    n_sent = sum(len(s.sentences) for s in result.stories)
    n_rej = sum(len(s.rejected) for s in result.stories) + len(result.rejected)
    summary = f"{len(result.stories)} stories, {n_sent} sentences, {n_rej} rejected"
    _err(f"summarize: {'total':<9} {summary:<44} cpu {cpu:6.2f} s  wall {wall:6.2f} s")
    usage = result.engine.usage
    if usage is not None:
        _err(
            f"summarize: usage: {usage.calls} calls ({usage.cached_calls} cached), "
            f"{usage.prompt_tokens} prompt + {usage.completion_tokens} completion tokens"
        )


@app.command("check")
def check_cmd(
    source: Annotated[Path | None, typer.Option("--source", "-s", help="Source article file.")] = None,
    claim: Annotated[str | None, typer.Option("--claim", "-c", help="The claim to check against --source.")] = None,
    pairs: Annotated[
        str | None,
        typer.Option("--pairs", help='JSONL file of {"id", "source", "claim"} rows (\'-\' for stdin).'),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict for --claim as JSON.")] = False,
) -> None:
    """Does a claim follow from a source? Either --source FILE --claim TEXT (prints the verdict and supporting spans),
    or --pairs FILE.jsonl (one JSON line per row: id, supported, score, evidence)."""
    from summarizer import check_claim, check_pairs, open_pairs, read_pairs

    if pairs is not None:
        if source is not None or claim is not None:
            raise ConfigError("use either --pairs or --source with --claim, not both")
        stream = sys.stdin if pairs == "-" else open_pairs(pairs)
        with stream:
            for out in check_pairs(read_pairs(stream, pairs)):
                sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    if source is None or claim is None:
        raise ConfigError("give --source FILE and --claim TEXT, or --pairs FILE.jsonl")
    result = check_claim(source, claim)
    if as_json:
        typer.echo(result.model_dump_json())
        return
    typer.echo(
        f"{result.label.value.upper()} (score {result.score:.2f})" + (f": {result.reason}" if result.reason else "")
    )
    for span in result.evidence:
        typer.echo(f"  [{span.start}:{span.end}] {' '.join(span.quote.split())}")


def _source_texts(saved: Brief, brief_json: Path) -> dict[str, str]:
    from summarizer.render.html import load_source_texts

    try:  # paths in a brief are as given when it was made: relative to where it ran, or else beside the JSON
        return load_source_texts(saved)
    except MissingSource:
        return load_source_texts(saved, base_dir=brief_json.parent)


@app.command("review")
def review_cmd(
    brief_json: Annotated[Path, typer.Argument(help="A brief saved with `summarize brief --format json -o FILE`.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write the page (default: next to the JSON).")
    ] = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="Write the page but do not open a browser.")] = False,
) -> None:
    """Render a saved JSON brief as a self-contained review page and open it in the default browser."""
    from summarizer import load_brief
    from summarizer.render.html import render_html

    saved = load_brief(brief_json)
    page = render_html(saved, articles=_source_texts(saved, brief_json))
    target = output or brief_json.with_suffix(".html")
    _write(page, target)
    _err(f"summarize: wrote {target}")
    if not no_open:
        import webbrowser

        try:
            opened = webbrowser.open(target.resolve().as_uri())
        except webbrowser.Error:
            opened = False
        if not opened:
            _err(f"summarize: no browser could be opened; open this file in one: {target.resolve()}")


@app.command("apply")
def apply_cmd(
    brief_json: Annotated[Path, typer.Argument(help="The JSON brief that was reviewed.")],
    decisions_json: Annotated[Path, typer.Argument(help="The decisions file exported from the review page.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="final.md or final.json (default: Markdown to stdout).")
    ] = None,
) -> None:
    """Write the signed-off brief: only approved sentences, struck ones under "removed in review", notes kept,
    citations re-checked against the sources. Exit 3 when a citation no longer matches its source."""
    from summarizer import load_brief
    from summarizer.render.apply import apply_decisions, failed_approvals, read_decisions, render_signed_off

    saved = load_brief(brief_json)
    try:
        decisions = read_decisions(decisions_json.read_bytes(), str(decisions_json))
    except OSError as exc:
        raise InputError(str(decisions_json), exc.strerror or "cannot be read") from exc
    signed = apply_decisions(saved, decisions, _source_texts(saved, brief_json), name=str(decisions_json))
    _write(render_signed_off(signed, "json" if output and output.suffix == ".json" else "md"), output)
    failed = failed_approvals(signed)
    for r in failed:
        _err(f"error: {r.item}: {r.reason} (not signed off)")
    if failed:
        raise typer.Exit(int(ExitCode.INPUT))


def cli(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (only :func:`main` calls ``sys.exit``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    show_traceback = "--traceback" in args
    try:
        rc = app(args=args, prog_name="summarize", standalone_mode=False)
    except SummarizerError as exc:
        if show_traceback:
            traceback.print_exc()
        _err(f"error: {exc}")
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        _err("interrupted")
        return int(ExitCode.INTERRUPTED)
    except typer.TyperException as exc:  # usage errors from the option parser (typer's own click)
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            _err(f"error: {exc}")
        return int(getattr(exc, "exit_code", ExitCode.USAGE))
    except KeyboardInterrupt:
        _err("interrupted")
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:  # the one boundary: anything else is our bug
        if show_traceback:
            raise
        _err(f"error: internal error: {type(exc).__name__}: {exc} (run with --traceback to see where)")
        return int(ExitCode.ERROR)
    return rc if isinstance(rc, int) else int(ExitCode.OK)


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli())
