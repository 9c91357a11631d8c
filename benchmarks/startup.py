"""Start-up cost: the CPU time of `summarize brief small.txt` beside `python -c pass` and `import summarizer`.

Every command runs in a fresh subprocess; its CPU time (user + system) is read from the child's resource usage, so
other processes do not count (a loaded machine still inflates CPU time through shared caches: compare rows of one
run). The commands are run interleaved, ``--repeat`` times each, and the minimum and median are printed. The figure
that matters is the brief minus the bare interpreter: issue 14 asks for at most 0.15 s (0.29 s before, 92% of it
imports).

The ``dependencies alone`` row is the part of that no change to the package can remove while it runs on these
libraries: a script that builds, validates and dumps one pydantic model, runs a typer command with options (typer
builds a pydantic adapter per option, and pydantic's first build imports its plugin loader, hence
``importlib.metadata``) and imports the rapidfuzz scorers the checks use. The brief minus that row is what the
package's own code costs (its modules, models, dataclasses, patterns and work).

The brief rows other than ``--no-cache`` find their result in the result cache after the warm-up run (the per-article
and per-story results of the local engine), as a re-run of the same file does; the ``--no-cache`` row reads, annotates,
extracts, composes and checks the file every time.

Python modules run from bytecode, as after ``pip install`` (the benchmark keeps its bytecode in a temporary
``PYTHONPYCACHEPREFIX`` and writes none into the tree); one more row runs the brief with ``PYTHONDONTWRITEBYTECODE=1``
and no cached bytecode, where every module of the package is compiled from source on each start.

    python benchmarks/startup.py                      # examples/004 (2.8 kB), 15 rounds
    python benchmarks/startup.py --file a.txt --repeat 30
    python benchmarks/startup.py --importtime         # also: the slowest imports of the brief run (-X importtime)
    python benchmarks/startup.py --baseline /tmp/old  # also the imports and briefs (cached and --no-cache) of another
                                                      # checkout (a folder holding its summarizer/ package), same runs
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "examples" / "004_502a541b01eeb6f6.txt"
# What every brief needs of its libraries, done with nothing of the package (see the module docstring).
DEPENDENCIES_ALONE = """
import os
import sys

import typer
from pydantic import BaseModel, Field
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

class M(BaseModel):
    a: int = Field(default=1, ge=0)
    b: list[str] = []

app = typer.Typer()

@app.command()
def main(x: str = "a", y: int = 3, z: bool = False) -> None:
    print(M(a=y, b=[x]).model_dump_json(), fuzz.ratio(x, "b"), OSA.distance(x, "b"))

app(["--x", "b"], standalone_mode=False)
sys.stdout.flush()
os._exit(0)  # as the summarize command ends (summarizer.cli._exit): no teardown of the modules
"""


def cpu_of(cmd: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one run of ``cmd``, from its own rusage (run in the folder ``env`` puts first
    on ``PYTHONPATH``, else the repository: ``python -c``/``-m`` put the current folder first on ``sys.path``)."""
    cwd = env.get("PYTHONPATH") or ROOT
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 3, 6):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return usage.ru_utime + usage.ru_stime


def importtime(cmd: list[str], env: dict[str, str], top: int) -> list[tuple[int, str]]:
    """The ``top`` modules with the largest self import time (microseconds) in a run of ``cmd``."""
    out = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True, text=True, cwd=ROOT, check=False, env=env
    ).stderr
    rows = []
    for line in out.splitlines():
        if line.startswith("import time:") and "|" in line and "self [us]" not in line:
            self_us, _, name = line.removeprefix("import time:").split("|")
            rows.append((int(self_us), name.strip()))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--file",
        type=lambda p: Path(p).resolve(),
        default=DEFAULT_FILE,
        help="the small article (default: examples/004)",
    )
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--importtime", action="store_true", help="list the slowest imports of the brief run")
    ap.add_argument("--baseline", type=Path, help="a folder holding another version's summarizer/ package")
    args = ap.parse_args(argv)
    py = sys.executable
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "dependencies alone": [py, "-c", DEPENDENCIES_ALONE],
        "import summarizer": [py, "-c", "import summarizer"],
        "import summarizer.cli": [py, "-c", "import summarizer.cli"],
        "summarize brief FILE": [py, "-m", "summarizer", "brief", str(args.file)],
        "summarize brief -f json FILE": [py, "-m", "summarizer", "brief", "-f", "json", str(args.file)],
        "summarize brief --no-cache FILE": [py, "-m", "summarizer", "brief", "--no-cache", str(args.file)],
    }
    cache = tempfile.mkdtemp(prefix="summarizer-startup-")
    clean = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "PYTHONPYCACHEPREFIX")
    }
    env = clean | {"PYTHONPYCACHEPREFIX": cache}
    source_env = clean | {"PYTHONDONTWRITEBYTECODE": "1"}
    envs = {name: env for name in commands}
    commands["brief FILE, no bytecode"] = commands["summarize brief FILE"]
    envs["brief FILE, no bytecode"] = source_env
    if args.baseline is not None:
        base_env = env | {"PYTHONPATH": str(args.baseline.resolve())}
        for name in (
            "import summarizer",
            "import summarizer.cli",
            "summarize brief FILE",
            "summarize brief --no-cache FILE",
        ):
            commands[f"{name} (baseline)"] = commands[name]
            envs[f"{name} (baseline)"] = base_env
    for name, cmd in commands.items():
        cpu_of(cmd, envs[name])  # warm-up: bytecode written, files in the page cache
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):
        for name, cmd in commands.items():
            times[name].append(cpu_of(cmd, envs[name]))
    base_min, base_med = min(times["python -c pass"]), statistics.median(times["python -c pass"])
    size = args.file.stat().st_size
    print(f"CPU seconds (user + sys), {args.repeat} interleaved runs each; file {args.file.name} ({size} bytes)")
    width = max(map(len, commands))
    print(f"{'command':<{width}} {'min':>7} {'median':>7} {'min - pass':>11} {'median - pass':>14}")
    for name, ts in times.items():
        lo, med = min(ts), statistics.median(ts)
        print(f"{name:<{width}} {lo:7.3f} {med:7.3f} {lo - base_min:11.3f} {med - base_med:14.3f}")
    brief = statistics.median(times["summarize brief FILE"]) - base_med
    verdict = "meets" if brief <= 0.15 else "misses"
    print(f"brief beyond the interpreter (median): {brief:.3f} s -- {verdict} the 0.15 s target")
    floor = statistics.median(times["dependencies alone"]) - base_med
    for name in ("summarize brief FILE", "summarize brief --no-cache FILE"):
        own = statistics.median(times[name]) - base_med - floor
        print(f"{name.removeprefix('summarize ')} beyond the dependencies alone (median): {own:.3f} s")
    if args.importtime:
        print("\nslowest imports of `summarize brief FILE` (self time, one run, microseconds):")
        for us, name in importtime(commands["summarize brief FILE"], env, 25):
            print(f"{us:>9}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
