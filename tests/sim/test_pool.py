"""A pool stopped while its results are being consumed hands over what had finished and leaves
no worker running (sim.pool, sim.tasks)."""

from __future__ import annotations

import time

import pytest

from sim.tasks import run_tasks


def _sleep_then(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


class _Stop(BaseException):
    pass


def test_results_finished_but_not_yielded_go_to_on_stop_and_the_workers_end():
    handed: list[float] = []
    results = run_tasks(_sleep_then, [0.0, 0.3, 0.31, 30.0], workers=2, on_stop=handed.append)
    first = next(results)
    assert first == 0.0
    time.sleep(3.0)  # meanwhile 0.3 and 0.31 finish, 30.0 is running
    import multiprocessing

    workers = multiprocessing.active_children()
    assert workers
    t0 = time.perf_counter()
    with pytest.raises(_Stop):
        try:
            raise _Stop  # the consumer is interrupted
        except _Stop:
            results.close()
            raise
    assert sorted(handed) == [0.3, 0.31]  # not the one still running
    assert time.perf_counter() - t0 < 10  # the 30 s task was not waited for
    assert not any(p.is_alive() for p in workers)
