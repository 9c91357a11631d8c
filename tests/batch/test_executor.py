"""Tests of batch.executor: results in input order, bounded work in flight, the choice of executor."""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest

from summarizer.batch.executor import (
    CHUNK_MAX,
    DASK_ENV,
    InProcess,
    Pool,
    Ready,
    Work,
    _start_method,
    chunk_for,
    make_executor,
    ordered,
    run_each,
    settled,
)
from summarizer.errors import ConfigError, WorkersFailed


def _square(x: int) -> int:
    return x * x


class _Recording(InProcess):
    """Runs work in this process but hands results back only when asked, recording what was started."""

    remote = True
    workers = 2

    def __init__(self) -> None:
        self.started: list[int] = []

    def submit(self, fn, *args):  # type: ignore[no-untyped-def]
        self.started.append(args[0])
        return super().submit(fn, *args)


def test_ordered_gives_ready_values_and_work_results_in_input_order() -> None:
    items = [Ready("a"), Work(_square, (3,)), Ready("b"), Work(_square, (4,))]
    assert list(ordered(InProcess(), items)) == ["a", 9, "b", 16]


def test_ordered_keeps_at_most_window_pieces_in_flight_and_reads_its_input_lazily() -> None:
    ex = _Recording()
    stream = ordered(ex, (Work(_square, (i,)) for i in range(100)), window=3)
    assert next(stream) == 0
    assert ex.started == [0, 1, 2]  # the first result is handed over once three are in flight, not a hundred
    assert list(stream) == [i * i for i in range(1, 100)]


def _negate(x: int) -> int:
    return -x


def test_chunks_of_consecutive_work_on_one_function_travel_as_one_submission_and_keep_the_order() -> None:
    ex = _Recording()
    submitted: list[object] = []
    submit = ex.submit

    def recording_submit(fn, *args):  # type: ignore[no-untyped-def]
        submitted.append((fn, len(args[1]) if fn is run_each else 1))
        return submit(fn, *args)

    ex.submit = recording_submit  # type: ignore[method-assign]
    items = [*(Work(_square, (i,)) for i in range(5)), Ready("r"), Work(_square, (9,)), Work(_negate, (2,)),
             Work(_negate, (3,))]  # fmt: skip
    assert list(ordered(ex, items, chunk=2)) == [0, 1, 4, 9, 16, "r", 81, -2, -3]
    # 0,1 | 2,3 | 4 (a ready value ends the chunk) | 9 (another function follows) | -2,-3
    assert [n for _, n in submitted] == [2, 2, 1, 1, 2]


def test_in_this_process_work_is_never_chunked() -> None:
    assert chunk_for(InProcess(), 10_000) == 1
    assert list(ordered(InProcess(), (Work(_square, (i,)) for i in range(5)), chunk=4)) == [0, 1, 4, 9, 16]


def test_chunks_leave_each_worker_about_eight_submissions_and_stay_bounded() -> None:
    pool = Pool(2)  # not started: chunk_for reads only its size
    assert chunk_for(pool, 10) == 1
    assert chunk_for(pool, 160) == 10
    assert chunk_for(pool, 100_000) == CHUNK_MAX


@pytest.mark.parametrize("start_method", ["spawn", "fork"])
def test_a_pool_of_processes_returns_the_results_in_order(start_method: str) -> None:
    pool = Pool(2, start_method=start_method)
    try:
        assert list(ordered(pool, (Work(_square, (i,)) for i in range(20)))) == [i * i for i in range(20)]
        assert list(ordered(pool, (Work(_square, (i,)) for i in range(20)), chunk=3)) == [i * i for i in range(20)]
    finally:
        pool.close()


_PREPARED: list[str] = []


def _prepare() -> None:
    _PREPARED.append("prepared")


def _prepared(_: int) -> list[str]:
    return list(_PREPARED)


def test_a_started_spawned_pool_runs_prepare_in_each_worker_before_any_work() -> None:
    pool = Pool(2, start_method="spawn")
    try:
        pool.start(_prepare)
        assert list(ordered(pool, (Work(_prepared, (i,)) for i in range(6)))) == [["prepared"]] * 6
    finally:
        pool.close()
    assert _PREPARED == []  # in the workers, not here


def test_a_forked_pool_runs_prepare_once_here_and_its_workers_start_with_what_it_did() -> None:
    pool = Pool(2, start_method="fork")
    try:
        pool.start(_prepare)
        assert _PREPARED == ["prepared"]
        assert list(ordered(pool, (Work(_prepared, (i,)) for i in range(6)))) == [["prepared"]] * 6
    finally:
        pool.close()
        _PREPARED.clear()


def _handlers(_: int) -> tuple[bool, bool]:
    return signal.getsignal(signal.SIGINT) is signal.default_int_handler, signal.getsignal(signal.SIGTERM) == 0


def _on_signal(signum: int, frame: object) -> None:
    raise AssertionError("not in a worker")


def test_forked_workers_have_the_default_signal_handlers_not_the_ones_of_the_process_that_forked_them() -> None:
    previous = signal.signal(signal.SIGTERM, _on_signal), signal.signal(signal.SIGINT, _on_signal)
    pool = Pool(2, start_method="fork")
    try:
        pool.start()
        assert list(ordered(pool, (Work(_handlers, (i,)) for i in range(4)))) == [(True, True)] * 4
    finally:
        pool.close()
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


def test_a_pool_forks_its_workers_on_linux_only_while_no_other_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(sys, "platform", "linux")
    assert _start_method("auto") == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert _start_method("auto") == "spawn"
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert _start_method("auto") == "spawn"
    assert _start_method("spawn") == "spawn" and _start_method("fork") == "fork"


def test_the_executor_is_settled_once_more_inputs_would_not_change_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DASK_ENV, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert not settled(3, None, 2) and settled(3, None, 3)  # --jobs 3: never more workers than inputs
    assert not settled(None, None, 31) and settled(None, None, 32)  # default: a worker per 16 inputs, 2 CPUs
    assert settled(None, "tcp://127.0.0.1:8786", 0)
    for n in (3, 31, 32, 100):
        if settled(None, None, n):
            assert make_executor(None, inputs=n).workers == make_executor(None, inputs=1000).workers


def test_one_job_or_a_small_run_by_default_stays_in_this_process() -> None:
    assert isinstance(make_executor(1, inputs=1000), InProcess)
    assert isinstance(make_executor(None, inputs=10), InProcess)
    assert isinstance(make_executor(2, inputs=10), Pool)
    assert make_executor(8, inputs=3).workers == 3  # never more workers than inputs


def test_fewer_than_one_job_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="at least 1"):
        make_executor(0, inputs=5)


def _die(x: int) -> int:
    os._exit(3)  # a worker killed mid-piece (the OOM killer, a signal)


@pytest.mark.parametrize("start_method", ["spawn", "fork"])
def test_a_worker_that_dies_is_an_error_the_user_can_act_on_not_a_broken_pool_traceback(start_method: str) -> None:
    pool = Pool(2, start_method=start_method)
    try:
        with pytest.raises(WorkersFailed, match="--jobs 1"):
            list(ordered(pool, (Work(_die, (i,)) for i in range(4))))
    finally:
        pool.close()
