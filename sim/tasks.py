"""Run independent tasks and yield their results as they finish: serially, on a local process
pool, or on a Dask distributed cluster.

The task function must never raise (wrap failures into a result) and be picklable for a pool
or a cluster. Closing the generator early cancels the tasks that have not started.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from typing import TypeVar

__all__ = ["run_tasks"]

T = TypeVar("T")
R = TypeVar("R")


def run_tasks(fn: Callable[[T], R], tasks: Sequence[T], workers: int = 1,
              dask_address: str | None = None) -> Generator[R, None, None]:
    """Yield ``fn(task)`` for every task, in completion order.

    ``dask_address`` sends the tasks to that scheduler; otherwise ``workers`` > 1 uses a
    spawn-context process pool and 1 runs them here, in order.
    """
    if not tasks:
        return
    if dask_address:
        from distributed import Client
        from distributed import as_completed as dask_completed
        with Client(dask_address) as client:
            futures = [client.submit(fn, t, pure=False) for t in tasks]
            try:
                for fut in dask_completed(futures):
                    yield fut.result()
            finally:
                client.cancel(futures)
        return
    if workers <= 1:
        for t in tasks:
            yield fn(t)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures import as_completed as pool_completed
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as pool:
        futures = [pool.submit(fn, t) for t in tasks]
        try:
            for fut in pool_completed(futures):
                yield fut.result()
        finally:
            for fut in futures:
                fut.cancel()
