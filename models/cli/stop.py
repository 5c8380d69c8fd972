"""A clean stop on SIGINT (Ctrl-C) or SIGTERM (``kill``, a job scheduler): the signal becomes a
:class:`Stopped` exception in the main process, the verbs let it pass after saving what is
finished (worker pools are stopped on the way out, :mod:`sim.pool`), and ``pathway-sim`` ends
with one line and exit code 128 + the signal number (130, 143), without a traceback."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Stopped", "stoppable", "exit_code", "nothing_kept"]

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(BaseException):
    """The command was stopped by a signal (a BaseException, so ``except Exception`` does not
    swallow it). ``detail`` says what was kept."""

    def __init__(self, signum: int, detail: str = "") -> None:
        super().__init__(signum)
        self.signum, self.detail = signum, detail

    def line(self) -> str:
        name = signal.Signals(self.signum).name
        return f"pathway-sim: stopped ({name})" + (f": {self.detail}" if self.detail else "")


@contextmanager
def nothing_kept(out: object, what: str) -> Iterator[None]:
    """Say, if the block is stopped, that nothing was written (an earlier output stays)."""
    try:
        yield
    except Stopped as stop:
        stop.detail = f"nothing written to {out} (a {what} keeps no partial results)"
        raise


def exit_code(signum: int) -> int:
    return 128 + signum


def _stop(signum: int, frame: FrameType | None) -> None:
    for s in SIGNALS:  # a second signal must not interrupt the cleanup
        signal.signal(s, signal.SIG_IGN)
    raise Stopped(signum)


@contextmanager
def stoppable() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Stopped` for the block (main thread only)."""
    try:
        old = {s: signal.signal(s, _stop) for s in SIGNALS}
    except ValueError:  # not the main thread: leave the signals alone
        yield
        return
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
