"""Progress when standard error is not a terminal (a log file, a job scheduler): one line per
finished unit (replication, comparison run, sweep run) with the time elapsed and an estimate of
the time left, e.g. ``compare: 4/9 runs, 3m10s elapsed, about 4m left``.

The lines go to standard error through the logger ``pathway_sim.progress``, which has its own
handler (shown without ``-v``) and does not pass them on to the root logger. Batches of more than
:data:`EVERY_LINE_UP_TO` units log at every whole percent (and the last unit) instead.
"""

from __future__ import annotations

import logging
import math
import sys
import time
from typing import Any

__all__ = ["LogProgress", "duration", "LOGGER"]

LOGGER = "pathway_sim.progress"
EVERY_LINE_UP_TO = 100


class _StderrHandler(logging.StreamHandler):
    """Writes to the ``sys.stderr`` of the moment (tests and callers may replace it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _logger() -> logging.Logger:
    log = logging.getLogger(LOGGER)
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def duration(seconds: float) -> str:
    """``42s``, ``3m10s``, ``2h05m``."""
    s = int(round(max(seconds, 0.0)))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


class LogProgress:
    """The part of :class:`tqdm.tqdm` the verbs use (``update``, ``total``, ``close``, a context
    manager), logging a line per finished unit. Units a resumed batch had finished before
    (:meth:`already_done`) do not enter the estimate of the time left."""

    def __init__(self, total: int | None, desc: str, unit: str) -> None:
        self.total, self.desc, self.unit = total, desc, unit
        self.n = 0
        self._log = _logger()
        self._t0 = time.perf_counter()
        self._from = 0  # units already done when the clock started (resumed)

    def update(self, n: int = 1) -> None:
        """``n`` more units finished in this process."""
        if n <= 0:
            return
        before, self.n = self.n, self.n + n
        if self._due(before):
            self._log.info(self.line())

    def already_done(self, n: int) -> None:
        """``n`` units a resumed batch had finished before: said once, and left out of the
        estimate of the time left."""
        if n <= 0:
            return
        self.n += n
        self._from = self.n
        self._t0 = time.perf_counter()
        self._log.info(f"{self.desc}: {self.n}{self._of()} {self.unit}s already done")

    def _due(self, before: int) -> bool:
        if self.total is None or self.total <= EVERY_LINE_UP_TO or self.n >= self.total:
            return True
        return math.floor(100 * before / self.total) != math.floor(100 * self.n / self.total)

    def line(self) -> str:
        elapsed = time.perf_counter() - self._t0
        text = f"{self.desc}: {self.n}{self._of()} {self.unit}s, {duration(elapsed)} elapsed"
        ran = self.n - self._from
        if self.total is not None and self.n < self.total and ran > 0:
            text += f", about {duration(elapsed / ran * (self.total - self.n))} left"
        return text

    def _of(self) -> str:
        return f"/{self.total}" if self.total is not None else ""

    def close(self) -> None:
        pass

    def __enter__(self) -> LogProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
