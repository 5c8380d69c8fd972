"""A lean capacity-limited resource with a FIFO queue, for SimPy processes.

:class:`Capacity` behaves like ``simpy.Resource`` (``capacity`` slots, first-come first-served
queue) but grants a free slot without creating a kernel event, which matters when millions of
short holds rarely meet a full resource. Use it the way SimPy's resources are used::

    with pool.slot() as wait:
        if wait is not None:        # no free slot: queue
            yield wait
        ...                          # hold the slot
    # leaving the block releases the slot (or withdraws a request still queued)

Waiting for a slot *or* a deadline works as with SimPy: ``yield wait | env.timeout(d)``; if the
slot was not granted, leaving the block withdraws the request.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import simpy

from sim.levels import LevelLog

__all__ = ["Capacity", "Slot"]


class Slot:
    """Context manager for one use of a :class:`Capacity` slot (see module docstring)."""

    __slots__ = ("_cap", "_event", "granted")

    def __init__(self, cap: Capacity):
        self._cap = cap
        self._event: simpy.Event | None = None
        self.granted = False

    def __enter__(self) -> simpy.Event | None:
        cap = self._cap
        if cap.users < cap.capacity and not cap._waiting:
            cap.users += 1
            cap.busy.change(cap._env.now, 1)
            self.granted = True
            return None
        ev = self._event = cap._env.event()
        ev.slot = self  # type: ignore[attr-defined]
        ev.requested_at = cap._env.now  # type: ignore[attr-defined]
        cap._waiting.append(ev)
        cap.queue.change(cap._env.now, 1)
        return ev

    def __exit__(self, *exc) -> None:
        cap = self._cap
        if self.granted:
            cap._release()
        elif self._event is not None:
            cap._withdraw(self._event)
        self._event = None  # the event refers to this slot: no cycle left for the collector


class Capacity:
    """``capacity`` identical slots with a FIFO queue, monitored by busy and queue level logs.

    Attributes
    ----------
    busy, queue : LevelLog
        Slots in use and requests waiting, over time.
    waits : list of float
        Queueing time of every request granted after waiting (immediate grants are not listed;
        ``granted`` counts all grants).
    """

    def __init__(self, env: simpy.Environment, capacity: int, name: str):
        if isinstance(capacity, bool) or not isinstance(capacity, int | np.integer) or capacity < 1:
            raise ValueError(f"capacity {name!r}: capacity={capacity!r} must be an integer >= 1")
        self._env = env
        self.capacity = int(capacity)
        self.name = name
        self.users = 0
        self._waiting: deque = deque()
        self.busy = LevelLog(f"{name}.busy", env.now)
        self.queue = LevelLog(f"{name}.queue", env.now)
        self.waits: list[float] = []

    def __repr__(self) -> str:
        return f"Capacity({self.name!r}, capacity={self.capacity}, users={self.users})"

    def slot(self) -> Slot:
        return Slot(self)

    def add(self, n: int) -> None:
        """Open ``n`` more slots now; requests already waiting take them first."""
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
            raise ValueError(f"capacity {self.name!r}: add(n={n!r}) needs an integer >= 0")
        now = self._env.now
        self.capacity += int(n)
        while self._waiting and self.users < self.capacity:
            ev = self._waiting.popleft()
            self.queue.change(now, -1)
            self.users += 1
            self.busy.change(now, 1)
            ev.slot.granted = True
            self.waits.append(now - ev.requested_at)
            ev.succeed()

    def remove(self, n: int) -> None:
        """Close ``n`` slots: slots in use stay in use until released, then close (at least
        one slot always remains)."""
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 0 <= n < self.capacity:
            raise ValueError(f"capacity {self.name!r}: remove(n={n!r}) needs 0 <= n < capacity "
                             f"({self.capacity})")
        self.capacity -= int(n)

    def _release(self) -> None:
        now = self._env.now
        if self.users > self.capacity:  # a slot closed by remove(): nobody takes it over
            self.users -= 1
            self.busy.change(now, -1)
            return
        while self._waiting:
            ev = self._waiting.popleft()
            self.queue.change(now, -1)
            if ev.triggered:  # pragma: no cover - defensive: withdrawn events are removed
                continue
            ev.slot.granted = True  # the slot passes straight to the next in the queue
            self.waits.append(now - ev.requested_at)
            ev.succeed()
            return
        self.users -= 1
        self.busy.change(now, -1)

    def _withdraw(self, ev: simpy.Event) -> None:
        try:
            self._waiting.remove(ev)
        except ValueError:  # pragma: no cover - already granted and released
            return
        self.queue.change(self._env.now, -1)
