"""The ``summarize`` command: parse options, call one library function, render, map errors to exit codes.

No logic lives here, and nothing below the public API is imported: the commands use ``summarizer`` (``brief``,
``check_claim``, ``check_pairs``, ``read_pairs``, ``load_brief``, ``EngineSettings``), ``summarizer.engines`` (to build
the engine before the run), ``summarizer.render``, ``summarizer.models`` and ``summarizer.errors`` (an import-linter
contract keeps it so). :func:`cli` is the one error boundary: a :class:`~summarizer.errors.SummarizerError` prints
``error: <message>`` and exits with its code (2 usage/config, 3 bad input, 4 service, 5 output not written, 6 empty
brief), Ctrl-C exits 130, SIGTERM 143, a closed pipe 141 (quietly), anything else is a bug (exit 1). ``--traceback``
shows the Python traceback instead of the one-line message. Every message is made inert first (control characters
and bidi overrides from file names or article text are shown as ``\\x1b``-style escapes, never sent to the terminal).
"""

# No ``from __future__ import annotations``: typer reads each command's annotations (``Annotated[..., typer.Option()]``)
# at every run, and as strings each would be evaluated twice there (inspect.signature, then get_type_hints).

import contextlib
import functools
import json
import signal
import sys
import traceback
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarizer import EngineSettings, __version__
from summarizer.errors import BrokenPipe, ConfigError, ExitCode, InputError, NoUsableSources, SummarizerError
from summarizer.models import Brief, Source, StageStats, Story

if TYPE_CHECKING:
    from summarizer.engines import Engine
    from summarizer.render.write import LineWriter

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
    jsonl = "jsonl"


class InputFormatChoice(StrEnum):
    auto = "auto"
    jsonl = "jsonl"


class EngineChoice(StrEnum):
    local = "local"
    openai = "openai"


def _err(message: str) -> None:
    from summarizer.render.inert import inert_line

    stream = sys.stderr
    if stream is None:  # started with stderr closed: stay quiet
        return
    try:
        stream.write(inert_line(message) + "\n")
        stream.flush()
    except (OSError, ValueError, UnicodeError):
        pass


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


def _write(text: str | Iterable[str], output: Path | None, inputs: list[str], *, is_json: bool = False) -> None:
    """Write ``text`` (one string, or Markdown in pieces) to ``output`` or stdout; a note of the writer's goes to
    stderr."""
    from summarizer.render.write import write_chunks, write_output

    if isinstance(text, str):
        note = write_output(text, output, inputs=inputs, is_json=is_json)
    else:
        note = write_chunks(text, output, inputs=inputs)
    if note:
        _err(f"summarize: {note}")


def _write_line(text: str) -> None:
    from summarizer.render.write import write_output

    write_output(text, None)


def _size_option(value: str | None) -> int | None:
    if value is None:
        return None
    from summarizer import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise ConfigError(f"--max-bytes: {exc}") from exc


def _stdin():  # type: ignore[no-untyped-def]
    return sys.stdin.buffer if sys.stdin is not None else None


@app.command("brief")
def brief_cmd(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files (.txt, .md, .html), directories (their files matching --pattern, recursively), "
            "JSON Lines files (*.jsonl: one article per line); '-' reads one article from standard input.",
            show_default=False,
        ),
    ] = None,
    files_from: Annotated[
        str | None,
        typer.Option(
            "--files-from",
            help="Read more inputs from this file, one path per line ('-' = standard input); blank lines and lines "
            "starting with '#' are skipped.",
        ),
    ] = None,
    pattern: Annotated[
        str,
        typer.Option("--pattern", help="The files a directory argument names: comma-separated globs, any case."),
    ] = "*.txt,*.md,*.markdown,*.html,*.htm,*.jsonl",
    input_format: Annotated[
        InputFormatChoice,
        typer.Option(
            "--input-format",
            help="auto: files ending in .jsonl are JSON Lines articles, others one article each. jsonl: every input "
            'is JSON Lines, one {"text", "id", "title", "published", "publisher", "url", "authors"} per line.',
        ),
    ] = InputFormatChoice.auto,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="Output format. jsonl: one story per line, written as each story is done, then the run summary.",
        ),
    ] = Format.md,
    summary_file: Annotated[
        Path | None,
        typer.Option(
            "--summary",
            help="With --format jsonl: write the run summary (exit code, errors, warnings, usage) to this file "
            "instead of as the last line.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of stdout ('-' = stdout). Written atomically; never over an input.",
        ),
    ] = None,
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
        typer.Option(
            "--mode",
            help="Structured-output mode for the LLM engine: auto (probe the server; the default except for openai: "
            "and azure:), tools, json_schema, json_object (with a schema, llama-cpp-python), json or md_json.",
        ),
    ] = None,
    max_reasks: Annotated[int, typer.Option("--max-reasks", min=0, max=5, help="Re-asks after failed checks.")] = 2,
    concurrency: Annotated[
        int | None,
        typer.Option(
            "--concurrency",
            min=1,
            max=64,
            help="Parallel model calls. Default: the server's slot count when it reports one, 1 for llama.cpp-family "
            "servers, else 4.",
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=1.0, help="Per-article deadline in seconds, from when its first request is sent."
        ),
    ] = 120.0,
    queue_timeout: Annotated[
        float | None,
        typer.Option(
            "--queue-timeout", min=0.0, help="Seconds an article may wait for a free request slot (default: no limit)."
        ),
    ] = None,
    context_tokens: Annotated[
        int | None,
        typer.Option(
            "--context-tokens",
            min=512,
            help="The server's context window in tokens (default: from /v1/models when the server says, else 8192).",
        ),
    ] = None,
    cache_dir: Annotated[
        str | None,
        typer.Option(
            "--cache-dir",
            help="Cache folder: model answers, and the local engine's per-article and per-story results "
            "(env SUMMARIZER_CACHE_DIR; default ~/.cache/summarizer).",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the cache (every article is done again).")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes for the per-article and per-story stages (1: in this process). Default: the CPU "
            "count, at most one per 16 inputs. The output is the same whatever the number. With the openai engine "
            "only reading, layout and flags use them; model calls keep --concurrency.",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Run those stages on a Dask cluster: the scheduler's address, e.g. tcp://10.0.0.5:8786 "
            "(env SUMMARIZER_DASK; needs pip install 'summarizer[dask]').",
        ),
    ] = None,
    max_sentences: Annotated[int, typer.Option("--max-sentences", min=1, max=50, help="Sentences per story.")] = 6,
    max_bytes: Annotated[
        str | None,
        typer.Option(
            "--max-bytes",
            help="Size cap of one input, e.g. 5M (default 5M, env SUMMARIZER_MAX_BYTES); larger is refused.",
        ),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Report per-stage counts and CPU/wall times, and model usage, on stderr."),
    ] = False,
    checker: Annotated[
        str | None,
        typer.Option(
            "--checker",
            help="What judges each sentence against its cited spans: lexical | llm (a model judge, one call per "
            "story, behind the lexical hard rules). Default: llm with the openai engine, lexical with the local one.",
        ),
    ] = None,
    checker_model: Annotated[
        str | None,
        typer.Option("--checker-model", help="provider:model of the llm checker (default: the engine's --model)."),
    ] = None,
) -> None:
    """Write a cited brief of FILES (Markdown by default; --format json for pipelines, html for review).

    Examples: `summarize brief a.txt b.html`; `summarize brief *.txt -f json -o brief.json`;
    `summarize brief --model openai:gpt-4.1-mini a.txt b.txt`; `summarize brief wires/ feed.jsonl`;
    `find in -name '*.txt' | summarize brief --files-from -`.

    Exit codes: 0 ok; 2 bad options or configuration, or an output that is an input or a directory; 3 some inputs
    were unusable (the brief covers the rest); 4 the model service failed; 5 the output could not be written;
    6 nothing could be said (the brief's warnings say why); 130 Ctrl-C; 141 stdout closed; 143 SIGTERM.
    """
    from summarizer import brief, input_files, read_path_list
    from summarizer.engines import get_engine
    from summarizer.render.markdown import markdown_chunks, render

    if files_from == "-" and "-" in (files or []):
        raise ConfigError("--files-from - and an article on '-' cannot both read standard input")
    paths = [*(files or []), *(read_path_list(files_from, stdin=_stdin()) if files_from is not None else [])]
    if not paths:
        raise ConfigError("no inputs: give article files or directories, or --files-from LIST")
    if summary_file is not None and fmt != Format.jsonl:
        raise ConfigError("--summary goes with --format jsonl (the other formats carry the summary in the brief)")
    settings = EngineSettings(
        engine=engine.value if engine else None,
        model=model,
        base_url=base_url,
        mode=mode,
        max_reasks=max_reasks,
        concurrency=concurrency,
        timeout=timeout,
        queue_timeout=queue_timeout,
        context_tokens=context_tokens,
        cache_dir=cache_dir,
        no_cache=no_cache,
        progress=sys.stderr is not None and sys.stderr.isatty(),
        verbose=verbose,
    )
    cap = _size_option(max_bytes)
    engine_ = get_engine(settings)  # configuration errors surface before any work
    detail = f"model {engine_.model}" if engine_.model else "deterministic, no model"
    _err(f"summarize: engine {engine_.name} ({detail})")
    stages: list[StageStats] = []
    run = functools.partial(
        brief,
        paths,
        engine=engine_,
        settings=settings,
        stdin=_stdin(),
        max_sentences=max_sentences,
        on_stage=stages.append,
        max_bytes=cap,
        pattern=pattern,
        input_format=input_format.value,
        checker=checker,
        checker_model=checker_model,
        jobs=jobs,
        executor=dask,
    )
    inputs = [*paths, *([files_from] if files_from else [])]
    if fmt == Format.jsonl:
        result = _brief_lines(run, engine_, output, summary_file, [*inputs, *input_files(paths, pattern=pattern)])
    else:
        result = run()
        written = [*inputs, *(input_files(paths, pattern=pattern) if output else [])]
        if fmt == Format.md:  # piece by piece: a day's brief is millions of characters
            _write(markdown_chunks(result), output, written)
        else:
            _write(render(result, fmt.value), output, written, is_json=fmt == Format.json)
    for e in result.errors:
        if e.story:
            _err(f"error: {e.message} (sources: {e.path}; the story is left out)")
        else:
            _err(f"error: {e.path}: {e.message} (skipped)")
    if verbose:
        _report(result, stages)
    raise typer.Exit(int(_exit_code(result)))


def _exit_code(result: Brief) -> ExitCode:
    if result.errors:
        return ExitCode.INPUT
    if not any(s.sentences for s in result.stories):
        return ExitCode.EMPTY
    return ExitCode.OK


def _brief_lines(
    run: Callable[..., Brief], engine: "Engine", output: Path | None, summary_file: Path | None, inputs: list[str]
) -> Brief:
    """``--format jsonl``: each story written (and flushed) as soon as it is done, then the summary line (or the
    ``--summary`` file). A run in which no input could be used still writes its summary, then fails as before."""
    from summarizer.engines import engine_info
    from summarizer.render.lines import failed_summary, story_line, summary_line
    from summarizer.render.write import open_lines

    carried: set[str] = set()
    with open_lines(output, inputs=inputs) as out:

        def on_story(story: Story, sources: list[Source]) -> None:
            out.write_line(story_line(story, sources))
            carried.update(s.id for s in sources)

        try:
            result: Brief = run(on_story=on_story)
        except NoUsableSources as exc:
            summary = failed_summary(exc.errors, engine_info(engine), exit_code=int(exc.exit_code))
            _write_summary(out, summary, summary_file, inputs)
            raise
        summary = summary_line(result, carried=carried, exit_code=int(_exit_code(result)))
        _write_summary(out, summary, summary_file, inputs)
    if out.note:
        _err(f"summarize: {out.note}")
    return result


def _write_summary(out: "LineWriter", summary: str, summary_file: Path | None, inputs: list[str]) -> None:
    if summary_file is None:
        out.write_line(summary)
    else:
        _write(summary, summary_file, inputs, is_json=True)


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
    if result.engine.mode:
        _err(f"summarize: structured output: {result.engine.mode} ({result.engine.mode_reason})")
    judge = result.checker
    if judge is not None and judge.name == "llm" and judge.usage is not None:
        _err(
            f"summarize: checker: llm judge {judge.model}: {judge.usage.calls} calls ({judge.usage.cached_calls} "
            f"cached), {judge.usage.prompt_tokens} prompt + {judge.usage.completion_tokens} completion tokens"
        )
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
        typer.Option(
            "--pairs",
            help='JSONL file (\'-\' = stdin), one object per line: {"id", "claim", and either "source" (the '
            'text) or "source_path" (a file, relative to the JSONL file\'s folder)}.',
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict for --claim as JSON.")] = False,
    max_bytes: Annotated[
        str | None, typer.Option("--max-bytes", help="Size cap of a source file, e.g. 5M (env SUMMARIZER_MAX_BYTES).")
    ] = None,
    checker: Annotated[
        str | None,
        typer.Option("--checker", help="lexical | llm (default: llm when a model is configured, else lexical)."),
    ] = None,
    checker_model: Annotated[
        str | None, typer.Option("--checker-model", help="provider:model of the llm checker (default: --model's).")
    ] = None,
) -> None:
    """Does a claim follow from a source? Either --source FILE --claim TEXT (prints the verdict and supporting spans),
    or --pairs FILE.jsonl (one JSON line out per row: id, line, supported, score, label, reason, evidence; a bad row
    gives "label": "error" with its line number and the reason, and the other rows are still checked).

    Exit codes: 0 every claim supported; 1 some claim not supported; 2 usage error; 3 bad input (a bad row, an
    unreadable file, no rows)."""
    from summarizer import PairsSummary, check_claim, check_pair_lines, open_pair_lines
    from summarizer.engines.select import get_checker
    from summarizer.render.inert import inert
    from summarizer.render.markdown import json_inert

    cap = _size_option(max_bytes)
    judge = get_checker(checker, checker_model)
    if pairs is not None:
        if source is not None or claim is not None:
            raise ConfigError("use either --pairs or --source with --claim, not both")
        summary = PairsSummary()
        with open_pair_lines(pairs) as stream:
            for out in check_pair_lines(stream, name=pairs, summary=summary, max_bytes=cap, checker=judge):
                _write_line(json_inert(json.dumps(out, ensure_ascii=False)))
        if not summary.rows:
            _err(f"error: {pairs}: contains no rows")
        elif summary.errors:
            _err(f"error: {pairs}: {summary.errors} of {summary.rows} rows are bad input (see their 'reason')")
        raise typer.Exit(int(summary.exit_code()))
    if source is None or claim is None:
        raise ConfigError("give --source FILE and --claim TEXT, or --pairs FILE.jsonl")
    lexical = not hasattr(judge, "check_many")  # the lexical checker reads the article itself (dates resolved)
    result = check_claim(source, claim, max_bytes=cap, checker=None if lexical else judge)
    if as_json:
        _write_line(json_inert(result.model_dump_json()))
    else:
        lines = [
            f"{result.label.value.upper()} (score {result.score:.2f})" + (f": {result.reason}" if result.reason else "")
        ]
        lines += [f"  [{span.start}:{span.end}] {' '.join(span.quote.split())}" for span in result.evidence]
        _write_line(inert("\n".join(lines)))
    raise typer.Exit(int(ExitCode.OK if result.supported else ExitCode.UNSUPPORTED))


def _source_texts(saved: Brief, brief_json: Path) -> dict[str, str]:
    """Texts the brief may show (embedded, or sha256-matching files in the JSON's folder or the current folder)."""
    from summarizer.render.html import load_source_texts

    return load_source_texts(saved, brief_path=brief_json)


@app.command("review")
def review_cmd(
    brief_json: Annotated[Path, typer.Argument(help="A brief saved with `summarize brief --format json -o FILE`.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write the page (default: next to the JSON).")
    ] = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="Write the page but do not open a browser.")] = False,
) -> None:
    """Render a saved JSON brief as a self-contained review page and open it in the default browser.

    Only texts embedded in the JSON, or files inside the JSON's folder or the current folder whose bytes match the
    recorded sha256, are shown; any other source is marked "source text unavailable" with the reason. The page is
    never written over the JSON or a source (default name: BRIEF.html, else BRIEF.review.html)."""
    from summarizer import load_brief
    from summarizer.render.access import default_review_path, review_inputs, source_texts
    from summarizer.render.html import render_html

    saved = load_brief(brief_json)
    access = source_texts(saved, brief_path=brief_json)
    inputs = review_inputs(saved, brief_json)
    target = output if output is not None else default_review_path(brief_json, inputs)
    _write(render_html(saved, access=access), target, inputs)
    for sid, st in access.items():
        if st.text is None:
            _err(f"summarize: {sid}: source text unavailable: {st.reason}")
    if str(target) == "-":
        return
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
    from summarizer.render.access import review_inputs
    from summarizer.render.apply import apply_decisions, failed_approvals, read_decisions, render_signed_off

    saved = load_brief(brief_json)
    try:
        decisions = read_decisions(decisions_json.read_bytes(), str(decisions_json))
    except OSError as exc:
        raise InputError(str(decisions_json), exc.strerror or "cannot be read") from exc
    signed = apply_decisions(saved, decisions, _source_texts(saved, brief_json), name=str(decisions_json))
    inputs = [str(decisions_json), *review_inputs(saved, brief_json)]
    _write(render_signed_off(signed, "json" if output and output.suffix == ".json" else "md"), output, inputs)
    failed = failed_approvals(signed)
    for r in failed:
        _err(f"error: {r.item}: {r.reason} (not signed off)")
    if failed:
        raise typer.Exit(int(ExitCode.INPUT))


class _Terminated(Exception):
    """SIGTERM arrived: unwind (removing any temporary output file) and exit 143."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


_interrupted: list[bool] = []


def _on_sigint(signum: int, frame: object) -> None:
    _interrupted.append(True)
    raise KeyboardInterrupt


def cli(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (only :func:`main` calls ``sys.exit``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    show_traceback = "--traceback" in args
    previous: dict[int, object] = {}
    _interrupted.clear()
    with contextlib.suppress(ValueError):  # ValueError: not the main thread
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, _on_sigterm)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            previous[signal.SIGINT] = signal.signal(signal.SIGINT, _on_sigint)
    try:
        return _run(args, show_traceback)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]


def _run(args: list[str], show_traceback: bool) -> int:
    try:
        rc = app(args=args, prog_name="summarize", standalone_mode=False)
    except SummarizerError as exc:
        if show_traceback and not isinstance(exc, BrokenPipe):
            traceback.print_exc()
        if isinstance(exc, BrokenPipe):
            return int(ExitCode.BROKEN_PIPE)
        _err(f"error: {exc}")
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except _Terminated:
        _err("terminated")
        return int(ExitCode.TERMINATED)
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
    except BrokenPipeError:
        return int(ExitCode.BROKEN_PIPE)
    except OSError as exc:  # an I/O failure no stage typed: still one line, never "internal error"
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        _err(f"error: input/output error{where}: {exc.strerror or exc}")
        return int(ExitCode.OUTPUT)
    except UnicodeError as exc:
        _err(f"error: text could not be encoded or decoded ({exc}); set PYTHONIOENCODING=utf-8")
        return int(ExitCode.INPUT)
    except MemoryError:
        _err("error: out of memory; try fewer or smaller inputs (see --max-bytes)")
        return int(ExitCode.ERROR)
    except Exception as exc:  # the one boundary: anything else is our bug
        if show_traceback:
            raise
        _err(f"error: internal error: {type(exc).__name__}: {exc} (run with --traceback to see where)")
        return int(ExitCode.ERROR)
    if rc == ExitCode.INTERRUPTED and _interrupted:  # typer/click turn Ctrl-C into a quiet return of 130
        _err("interrupted")
    return rc if isinstance(rc, int) else int(ExitCode.OK)


def main() -> None:
    """Console-script entry point (``summarize``, ``python -m summarizer``): runs :func:`cli` and ends the process
    with its exit code (see :func:`_exit`)."""
    _exit(cli())


def _exit(code: int) -> None:
    """End the process with ``code`` once the command is done, without tearing the interpreter down.

    Python's own exit then frees every module and object one by one (a third of a one-file brief's CPU time beyond
    the interpreter's start, after pydantic, typer and the pipeline are loaded), which the operating system does at
    once. Everything else an exit does still happens, in the same order: other threads are waited for (when any are
    alive, or when a standard stream cannot be flushed, it is the ordinary ``sys.exit``), ``atexit`` functions run
    and the standard streams are flushed."""
    import atexit
    import os
    import threading

    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)  # the interpreter's exit reports it as it always did
    os._exit(code)
