"""Run independent tasks and yield their results as they finish: serially, on a local process
pool, or on a Dask distributed cluster.

The task function must never raise (wrap failures into a result) and be picklable for a pool
or a cluster. Closing the generator early (or an interruption while it waits) cancels the tasks
that have not started and stops the pool's workers (:mod:`sim.pool`). Results that had finished
but were not yet yielded are then handed to ``on_stop``, so a caller that saves each result
loses none: it should close the generator when its own loop is interrupted.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

__all__ = ["run_tasks"]

T = TypeVar("T")
R = TypeVar("R")


def _hand_over(futures: list, given: set, finished: Callable[[Any], bool],
               on_stop: Callable[[Any], object] | None) -> None:
    if on_stop is None:
        return
    for fut in futures:
        if fut not in given and finished(fut):
            on_stop(fut.result())


def run_tasks(fn: Callable[[T], R], tasks: Sequence[T], workers: int = 1,
              dask_address: str | None = None,
              on_stop: Callable[[R], object] | None = None) -> Generator[R, None, None]:
    """Yield ``fn(task)`` for every task, in completion order.

    ``dask_address`` sends the tasks to that scheduler; otherwise ``workers`` > 1 uses a
    spawn-context process pool and 1 runs them here, in order. If the generator is closed or
    interrupted, ``on_stop(result)`` is called for each result finished but not yet yielded.
    """
    if not tasks:
        return
    given: set = set()
    if dask_address:
        from distributed import Client
        from distributed import as_completed as dask_completed
        with Client(dask_address) as client:
            futures = [client.submit(fn, t, pure=False) for t in tasks]
            try:
                for fut in dask_completed(futures):
                    given.add(fut)
                    yield fut.result()
            except BaseException:
                _hand_over(futures, given, lambda f: f.status == "finished", on_stop)
                raise
            finally:
                client.cancel(futures)
        return
    if workers <= 1:
        for t in tasks:
            yield fn(t)
        return
    from concurrent.futures import as_completed as pool_completed

    from sim.pool import process_pool, submit_all
    with process_pool(workers) as pool:  # an interruption terminates the workers
        futures = submit_all(pool, fn, ((t,) for t in tasks))
        try:
            for fut in pool_completed(futures):
                given.add(fut)
                yield fut.result()
        except BaseException:
            _hand_over(futures, given, lambda f: f.done() and not f.cancelled()
                       and f.exception() is None, on_stop)
            raise
