"""Executors: where the pipeline's per-article and per-story work runs, and the ordered stream of its results.

* :class:`InProcess` runs each piece at once, in this process (``--jobs 1``); objects are passed as they are.
* :class:`Pool` is a :class:`concurrent.futures.ProcessPoolExecutor` of ``jobs`` workers, forked on Linux when this
  process runs no other thread, else started with ``spawn`` (safe with threads, on every platform); work and results
  cross the process boundary as bytes (pydantic JSON), never as pickled object graphs.
* :class:`DaskCluster` submits the same functions to an existing ``dask.distributed`` scheduler (``--dask ADDRESS``,
  env ``SUMMARIZER_DASK``); ``distributed`` is imported only then (``pip install 'summarizer[dask]'``).

:func:`ordered` turns a sequence of ready values and pieces of work into their results in input order, keeping at
most ``window`` submissions in flight, so memory stays bounded whatever the number of inputs; on a pool or a cluster
consecutive pieces travel in chunks (one message for several pieces).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from summarizer.errors import ConfigError, WorkersFailed

if TYPE_CHECKING:  # imported by the pool when it starts: a run in this process does not pay for them (~5 ms)
    from concurrent.futures import Future, ProcessPoolExecutor

DASK_ENV = "SUMMARIZER_DASK"
AUTO_MIN_PER_WORKER = 16  # with the default --jobs, a worker is started per this many inputs (a pool costs ~1 s)
CHUNK_MAX = 16  # pieces of work per submission at most (see chunk_for)


class Handle(Protocol):
    def result(self) -> Any: ...


class Executor(Protocol):
    """Where work runs. ``remote`` executors take and return bytes; ``workers`` is how many run at once."""

    remote: bool
    workers: int
    name: str

    def start(self, prepare: Callable[[], None] | None = None) -> None:
        """Start the workers now (``prepare`` runs in each as it starts), so that their start overlaps what this
        process does before it submits anything; without it they start on first use."""
        ...

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle: ...

    def close(self) -> None: ...


class _Done:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class InProcess:
    """Runs each piece when it is submitted, in this process (exceptions propagate at once, Ctrl-C included)."""

    remote = False
    workers = 1
    name = "in-process"

    def start(self, prepare: Callable[[], None] | None = None) -> None:
        return None

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle:
        return _Done(fn(*args))

    def close(self) -> None:
        return None


class Pool:
    """A local pool of ``jobs`` worker processes, started on first use.

    On Linux, when this process runs no other thread, the workers are forked from it (``start_method`` "auto"): they
    begin with every module this process has imported and every pattern it has compiled, where a spawned worker
    starts an interpreter and imports the stages' modules itself (~0.3 s of CPU each). Elsewhere, or with a thread
    alive (forking a process with threads can copy a lock another thread holds), they are spawned."""

    remote = True

    def __init__(self, jobs: int, start_method: str = "auto") -> None:
        self.workers = jobs
        self.name = f"{jobs} processes"
        self.start_method = start_method
        self._pool: ProcessPoolExecutor | None = None

    def start(self, prepare: Callable[[], None] | None = None) -> None:
        """Start every worker now, ``prepare`` run before any work: in this process before the workers are forked
        (once, for all of them), in each worker as it starts when they are spawned."""
        if self._pool is not None:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = _start_method(self.start_method)
        initializer = prepare
        if method == "fork":
            if prepare is not None:
                prepare()
            initializer = _forked_worker
            for stream in (sys.stdout, sys.stderr):  # a child would write out what is still buffered a second time
                if stream is not None:
                    stream.flush()
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context(method), initializer=initializer
        )
        for _ in range(self.workers):  # the pool spawns a worker per submission that finds none idle
            self._pool.submit(_nothing)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle:
        if self._pool is None:
            self.start()
        assert self._pool is not None
        future: Future[Any] = self._pool.submit(fn, *args)
        return future

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _start_method(asked: str) -> str:
    """How to start a pool's workers: ``asked`` ("fork" or "spawn"), or for "auto" fork on Linux when this process
    runs no other thread, else spawn."""
    if asked != "auto":
        return asked
    import threading

    return "fork" if sys.platform == "linux" and threading.active_count() == 1 else "spawn"


def _forked_worker() -> None:
    """Run in each forked worker as it starts: the signal handlers a spawned worker has (a command's own handlers,
    inherited through the fork, are for the process that runs the command)."""
    import signal

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _nothing() -> None:
    return None


class DaskCluster:
    """The workers of an existing ``dask.distributed`` cluster (its scheduler at ``address``)."""

    remote = True

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise ConfigError(f"--dask needs the dask extra: pip install 'summarizer[dask]' ({exc})") from exc
        try:
            self._client = Client(address, set_as_default=False, timeout=30)
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        self.workers = max(1, sum(self._client.nthreads().values()))
        self.name = f"dask {address} ({self.workers} threads)"

    def start(self, prepare: Callable[[], None] | None = None) -> None:
        return None  # the cluster's workers are running already

    def submit(self, fn: Callable[..., Any], *args: Any) -> Handle:
        return self._client.submit(fn, *args, pure=False)

    def close(self) -> None:
        self._client.close()


def make_executor(jobs: int | None = None, dask: str | Executor | None = None, *, inputs: int = 0) -> Executor:
    """The executor a run asks for: a Dask cluster when ``dask`` names one (or ``$SUMMARIZER_DASK`` does); else a
    pool of ``jobs`` processes; ``jobs=None`` means the CPU count, but then only one worker per
    ``AUTO_MIN_PER_WORKER`` inputs is started (a small run stays in this process); one worker runs in-process.

    Raises:
        ConfigError: ``jobs`` below 1, or the Dask scheduler cannot be used.
    """
    if dask is not None and not isinstance(dask, str):
        return dask
    address = dask or os.environ.get(DASK_ENV) or None
    if address:
        return DaskCluster(address)
    if jobs is not None and jobs < 1:
        raise ConfigError(f"--jobs must be at least 1, not {jobs}")
    if jobs is None:
        jobs = min(os.cpu_count() or 1, inputs // AUTO_MIN_PER_WORKER)
    jobs = min(jobs, max(inputs, 1))
    return Pool(jobs) if jobs > 1 else InProcess()


def settled(jobs: int | None, dask: str | Executor | None, inputs: int) -> bool:
    """Whether :func:`make_executor` makes the same executor for any number of inputs from ``inputs`` on, so that a
    run can make (and start) it while it is still reading them."""
    if dask is not None or os.environ.get(DASK_ENV):
        return True
    if jobs is None:
        return inputs >= AUTO_MIN_PER_WORKER * (os.cpu_count() or 1)
    return inputs >= jobs


@dataclass(frozen=True)
class Ready:
    """A result already at hand (e.g. from the cache): :func:`ordered` passes it through in its place."""

    value: Any


@dataclass(frozen=True)
class Work:
    """A piece of work: ``fn(*args)`` on the executor."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]


def chunk_for(executor: Executor, pieces: int) -> int:
    """How many of ``pieces`` to send per submission: as many as leaves each worker about eight submissions (so the
    run's end is balanced), at most ``CHUNK_MAX``; one in this process."""
    if not executor.remote:
        return 1
    return max(1, min(CHUNK_MAX, pieces // (8 * executor.workers)))


def run_each(fn: Callable[..., Any], arglists: list[tuple[Any, ...]]) -> list[Any]:
    """``fn`` on each of ``arglists`` in turn, where it runs: the remote side of a chunk of :func:`ordered`."""
    return [fn(*args) for args in arglists]


class _Sent:
    """A submission in flight: one piece, or a chunk of ``size`` pieces whose results come back as one list."""

    __slots__ = ("handle", "size")

    def __init__(self, handle: Handle, size: int) -> None:
        self.handle = handle
        self.size = size


def ordered(
    executor: Executor, items: Iterable[Ready | Work], *, window: int | None = None, chunk: int = 1
) -> Iterator[Any]:
    """The results of ``items`` in their order: ready values as they are, work as the executor returns it. At most
    ``window`` submissions (default four per worker; one in this process, so that each result is handed over, and
    cached, before the next is started) are in flight; ``items`` is consumed lazily.

    On a remote executor, up to ``chunk`` consecutive pieces of work on the same function travel as one submission
    (:func:`run_each`): one message each way instead of ``chunk``, so the submitting process spends less of its time
    on the pool's bookkeeping. A ready value between pieces ends a chunk early (the order is kept)."""
    window = window or (4 * executor.workers if executor.remote else 1)
    chunk = max(1, chunk) if executor.remote else 1
    pending: deque[Ready | _Sent] = deque()
    batch: list[Work] = []
    in_flight = 0

    def send() -> None:
        nonlocal in_flight
        if len(batch) == 1:
            pending.append(_Sent(executor.submit(batch[0].fn, *batch[0].args), 0))
        elif batch:
            pending.append(_Sent(executor.submit(run_each, batch[0].fn, [w.args for w in batch]), len(batch)))
        batch.clear()
        in_flight += 1

    for item in items:
        if isinstance(item, Ready):
            if batch:
                send()
            pending.append(item)
        else:
            if batch and batch[0].fn is not item.fn:
                send()
            batch.append(item)
            if len(batch) >= chunk:
                send()
        while in_flight >= window or (pending and isinstance(pending[0], Ready)):
            head = pending.popleft()
            if isinstance(head, Ready):
                yield head.value
            else:
                in_flight -= 1
                yield from _results(head)
    if batch:
        send()
    while pending:
        head = pending.popleft()
        if isinstance(head, Ready):
            yield head.value
        else:
            yield from _results(head)


def _results(sent: _Sent) -> list[Any]:
    """The results of a submission: its one result, or a chunk's list of them."""
    value = _result(sent.handle)
    return value if sent.size else [value]


def _result(handle: Handle) -> Any:
    """A piece's result; a pool whose worker died is a :class:`WorkersFailed` the user can act on, not a traceback."""
    if isinstance(handle, _Done):  # run in this process: no pool to break
        return handle.value
    from concurrent.futures.process import BrokenProcessPool  # a pool's (or Dask's) handle: already imported

    try:
        return handle.result()
    except BrokenProcessPool as exc:
        raise WorkersFailed(
            "a worker process died before finishing its work (killed, or out of memory; a Python script that asks "
            'brief() for workers must guard its top level with `if __name__ == "__main__":`, because spawned '
            "workers import it): run again with --jobs 1 (brief(jobs=1)) to do the work in this process"
        ) from exc
