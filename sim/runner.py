"""Run independent replications serially or in worker processes."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, wait
from typing import TypeVar

from sim.pool import process_pool, submit_all

__all__ = ["gc_paused", "default_workers", "run_replications"]

log = logging.getLogger(__name__)

R = TypeVar("R")


def default_workers() -> int:
    """Number of CPUs this process may use.

    Returns
    -------
    int
        ``len(os.sched_getaffinity(0))`` where available, else ``os.cpu_count()``
        (at least 1).
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _check_count(arg: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{arg}={value!r}: must be an integer >= 1")
    return value


def _note(exc: BaseException, root_seed: int, i: int) -> None:
    exc.add_note(f"raised in replication {i} (root_seed={root_seed})")


def run_replications(
    fn: Callable[[int, int], R],
    root_seed: int,
    replications: int,
    workers: int = 1,
    progress: Callable[[int], object] | None = None,
) -> list[R]:
    """Call ``fn(root_seed, i)`` for each replication ``i`` and collect results.

    Parameters
    ----------
    fn : callable
        ``fn(root_seed, replication) -> R``; must be picklable (a top-level
        function or a ``functools.partial`` of one) when ``workers > 1``.
    root_seed : int
        Root seed passed to every call.
    replications : int
        Number of replications (>= 1).
    workers : int, default 1
        1 runs serially in this process; more uses a spawn-context
        :class:`~concurrent.futures.ProcessPoolExecutor` with up to this many
        processes.
    progress : callable, optional
        Called as ``progress(1)`` after each replication completes (in
        completion order).

    Returns
    -------
    list
        Results in replication order, whatever the completion order.

    Raises
    ------
    Exception
        The first exception raised by ``fn``, re-raised here with a note naming
        the replication index.
    """
    _check_count("replications", replications)
    _check_count("workers", workers)
    workers = min(workers, replications)
    log.debug("running %d replications (root_seed=%s) on %d worker(s)", replications, root_seed, workers)
    if workers == 1:
        results: list[R] = []
        for i in range(replications):
            try:
                results.append(fn(root_seed, i))
            except Exception as exc:
                _note(exc, root_seed, i)
                raise
            if progress is not None:
                progress(1)
        return results

    out: dict[int, R] = {}
    with process_pool(workers) as pool:  # an interruption terminates the workers
        futures = submit_all(pool, fn, ((root_seed, i) for i in range(replications)))
        pending = dict(zip(futures, range(replications), strict=True))
        while pending:
            done, _ = wait(pending, return_when=FIRST_EXCEPTION)
            for fut in done:
                i = pending.pop(fut)
                error = fut.exception()
                if error is not None:
                    for other in pending:
                        other.cancel()
                    _note(error, root_seed, i)
                    raise error
                out[i] = fut.result()
                if progress is not None:
                    progress(1)
    return [out[i] for i in range(replications)]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a simulation run.

    A run appends millions of small records that live until the end; the collector would scan
    them again and again (in a large run this doubled the wall time). Everything alive on entry
    is frozen out of the collector's view, and both are restored on exit.

    On exit, what the run allocated (mostly still alive: the model's state) joins the oldest
    generation directly. Left young, it would all be scanned at the first allocation after the
    collector is enabled again (seconds in a large run) only to survive; garbage among it is
    collected by the next full collection (on entry to the next run at the latest).
    """
    was_enabled = gc.isenabled()
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # the run's objects too ...
        gc.unfreeze()  # ... and all of them back in view, in the oldest generation
        if was_enabled:
            gc.enable()
