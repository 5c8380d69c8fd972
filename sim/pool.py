"""A local process pool that stops its workers when the parent is interrupted.

Workers ignore SIGINT (a Ctrl-C in a terminal reaches the whole process group: the parent alone
handles it, so there is no traceback per worker). They are started by :func:`submit_all` with
SIGINT ignored in the parent for that moment: an ignored signal is inherited by the new process
and Python keeps it ignored, so even a worker still importing its modules is not interrupted. If the block using the pool raises anything
(an interruption, a failed task, a generator closed early), pending tasks are cancelled and the
worker processes are terminated rather than waited for, so none outlives the parent.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

__all__ = ["process_pool", "stop_pool", "submit_all"]

JOIN_SECONDS = 5.0


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def submit_all(pool: ProcessPoolExecutor, fn: Callable[..., Any],
               calls: Iterable[tuple]) -> list[Future]:
    """``[pool.submit(fn, *args) for args in calls]``, with SIGINT ignored while the workers
    start (a Ctrl-C in those few milliseconds is lost)."""
    try:
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        return [pool.submit(fn, *args) for args in calls]
    try:
        return [pool.submit(fn, *args) for args in calls]
    finally:
        signal.signal(signal.SIGINT, old)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the workers (running tasks are lost)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        p.join(JOIN_SECONDS)
        if p.is_alive():  # pragma: no cover - a worker that ignores SIGTERM
            p.kill()
            p.join(JOIN_SECONDS)


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A spawn-context pool of ``workers`` processes whose workers ignore SIGINT."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_ignore_sigint)
    try:
        yield pool
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)
