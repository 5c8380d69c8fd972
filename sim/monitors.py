"""Level logs and monitored capacity: SimPy resources and yield-free server pools."""

from __future__ import annotations

import heapq
import math
from typing import cast

import numpy as np
import simpy
from simpy.core import BoundClass
from simpy.resources.resource import Request

from sim.levels import LevelLog

__all__ = ["LevelLog", "MonitoredRequest", "MonitoredResource", "ServerPool"]


class MonitoredRequest(Request):
    """SimPy request stamped with its creation time (``created``)."""

    def __init__(self, resource: MonitoredResource) -> None:
        self.created = resource._env.now
        super().__init__(resource)

    def cancel(self) -> None:
        """Withdraw the request if still queued and update the queue level."""
        super().cancel()
        cast(MonitoredResource, self.resource)._sync()


class MonitoredResource(simpy.Resource):
    """A :class:`simpy.Resource` logging its busy and queue levels.

    Parameters
    ----------
    env : simpy.Environment
        Environment.
    capacity : int
        Number of usage slots (>= 1).
    name : str
        Label of the resource.
    record_waits : bool, default True
        Append each granted request's queueing time to :attr:`waits`.

    Attributes
    ----------
    busy, queue : LevelLog
        Number of users and of queued requests over time. Note that ``queue``
        replaces SimPy's alias of the pending-request list; use ``put_queue``
        for that list.
    waits : list of float
        Waiting times of granted requests, in grant order.
    """

    request = BoundClass(MonitoredRequest)

    def __init__(
        self, env: simpy.Environment, capacity: int, name: str, record_waits: bool = True
    ) -> None:
        if isinstance(capacity, bool) or not isinstance(capacity, int | np.integer) or capacity < 1:
            raise ValueError(f"resource {name!r}: capacity={capacity!r} must be an integer >= 1")
        super().__init__(env, int(capacity))
        self.name = name
        self.busy = LevelLog(f"{name}.busy", env.now)
        self.queue = LevelLog(f"{name}.queue", env.now)  # type: ignore[assignment]
        self.waits: list[float] = []
        self._record_waits = record_waits
        self._n_busy = 0
        self._n_queue = 0

    def __repr__(self) -> str:
        return f"MonitoredResource({self.name!r}, capacity={self.capacity})"

    def _sync(self) -> None:
        """Log the busy/queue levels if they changed since the last call."""
        n = len(self.users)
        if n != self._n_busy:
            self.busy.change(self._env.now, n - self._n_busy)
            self._n_busy = n
        q = len(self.put_queue)
        if q != self._n_queue:
            self.queue.change(self._env.now, q - self._n_queue)  # type: ignore[attr-defined]
            self._n_queue = q

    def _do_put(self, event: Request) -> None:
        super()._do_put(event)
        if self._record_waits and event.triggered:
            granted = cast(float, event.usage_since)
            self.waits.append(granted - getattr(event, "created", granted))

    def _trigger_put(self, get_event: object) -> None:
        super()._trigger_put(get_event)
        self._sync()

    def _trigger_get(self, put_event: object) -> None:
        super()._trigger_get(put_event)
        self._sync()


class ServerPool:
    """FCFS pool of identical servers resolved at arrival, without yielding.

    Exact for first-come-first-served service when jobs are offered in
    non-decreasing time order: each job starts when the earliest server
    frees up (or on arrival), unless that is more than its patience away.

    Parameters
    ----------
    servers : int
        Number of servers (>= 1).
    name : str
        Label of the pool.

    Attributes
    ----------
    busy, queue : LevelLog
        Busy servers and waiting jobs over time. A lost job is counted in the
        queue from its arrival until it reneges (arrival + patience).
    offered, lost : int
        Jobs offered and jobs lost because they would wait beyond patience.
    waits : list of float
        Waiting times of served jobs, in offer order.
    """

    def __init__(self, servers: int, name: str) -> None:
        if isinstance(servers, bool) or not isinstance(servers, int | np.integer) or servers < 1:
            raise ValueError(f"pool {name!r}: servers={servers!r} must be an integer >= 1")
        self.servers = int(servers)
        self.name = name
        self._free = [-math.inf] * self.servers
        self._last = -math.inf
        self.busy = LevelLog(f"{name}.busy")
        self.queue = LevelLog(f"{name}.queue")
        self.offered = 0
        self.lost = 0
        self.waits: list[float] = []

    def __repr__(self) -> str:
        return f"ServerPool({self.name!r}, servers={self.servers})"

    def add_servers(self, t: float, n: int) -> None:
        """Add ``n`` servers, free from time ``t`` (offers before ``t`` cannot use them)."""
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
            raise ValueError(f"pool {self.name!r}: add_servers(n={n!r}) needs an integer >= 0")
        for _ in range(int(n)):
            heapq.heappush(self._free, t)
        self.servers += int(n)

    def remove_servers(self, n: int) -> None:
        """Remove ``n`` servers: those free last (jobs already booked still finish)."""
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 0 <= n < self.servers:
            raise ValueError(f"pool {self.name!r}: remove_servers(n={n!r}) needs 0 <= n < "
                             f"servers ({self.servers})")
        if n:
            self._free.sort()
            del self._free[-int(n):]
            heapq.heapify(self._free)
            self.servers -= int(n)

    def offer(self, t: float, service: float, patience: float = math.inf) -> float | None:
        """Offer a job arriving at ``t`` needing ``service`` time.

        Parameters
        ----------
        t : float
            Arrival time, not earlier than the previous offer.
        service : float
            Service duration (>= 0).
        patience : float, default inf
            Longest acceptable wait.

        Returns
        -------
        float or None
            Start time (>= t) if the job starts within ``patience``; the
            server is then booked until start + service. None if the job is
            lost (it occupies no server).

        Raises
        ------
        ValueError
            If ``t`` is earlier than the previous offer's time.
        """
        if t < self._last:
            raise ValueError(f"pool {self.name!r}: offer at t={t!r} before previous t={self._last!r}")
        self._last = t
        self.offered += 1
        free = self._free[0]
        start = t if free <= t else free
        wait = start - t
        if wait > patience:
            self.lost += 1
            if patience > 0.0:
                self.queue.change(t, 1)
                self.queue.change(t + patience, -1)
            return None
        heapq.heapreplace(self._free, start + service)
        self.waits.append(wait)
        if wait > 0.0:
            self.queue.change(t, 1)
            self.queue.change(start, -1)
        self.busy.change(start, 1)
        self.busy.change(start + service, -1)
        return start
