"""A SimPy environment that processes the same events in the same order, faster.

SimPy keeps every scheduled event in one heap ordered by (time, priority, event id), the id
counting events as they are scheduled. In a large model most events are scheduled for *now*
(a process starting, a condition met, an event succeeding, a zero wait), and each costs a push
and a pop of that heap, whose tuple comparisons are slow once it is large.
:class:`Environment` keeps the events scheduled for now with SimPy's two priorities (urgent,
normal) in two first-in first-out queues instead, since within a priority they are in id order
anyway, and the others in SimPy's heap. The next event is the least (time, priority, id) of the
heads of the three: the order of SimPy exactly. Events due later than the current bucket of
``BUCKET`` time units wait in a list per bucket and go into the heap, with their (time,
priority, id), only when the clock reaches their bucket: the heap then holds days of events,
not years (in a long run most pending events are months ahead), and its pops stay cheap as a
run grows. The order is the heap's, since an entry is in the heap before anything of its time can
be taken. ``run(until=<time>)`` also takes the events
in its own loop rather than calling :meth:`step` for each.

:meth:`Environment.call_later` schedules a plain call where a timeout would be scheduled and
nothing waits on it but one callback (a delayed action that no process waits for): the same
place in the order as that timeout, without an event object, its list of
callbacks or a closure.
"""

from __future__ import annotations

from collections import deque
from heapq import heappop, heappush
from typing import Any

import simpy
from simpy.core import EmptySchedule, Infinity, SimTime, StopSimulation
from simpy.events import NORMAL, URGENT, EventPriority

__all__ = ["Environment"]


class _Call:
    """A call scheduled by :meth:`Environment.call_later` (not an event)."""

    __slots__ = ("fn", "args")

    def __init__(self, fn: Any, args: tuple) -> None:
        self.fn, self.args = fn, args


BUCKET = 8.0  # time units of events held in the heap ahead of the clock (at least)


class Environment(simpy.Environment):
    """``simpy.Environment`` with a faster queue of events (same events, same order)."""

    def __init__(self, initial_time: SimTime = 0) -> None:
        super().__init__(initial_time)
        # entries due at or after _far_from wait in _far[bucket] (bucket = int(time // BUCKET))
        self._far: dict[int, list] = {}
        self._far_from: float = (int(initial_time // BUCKET) + 1) * BUCKET
        # (time, id, event) of the events scheduled for now, the time being now (0 or 0.0)
        self._urgent_now: deque[tuple[SimTime, int, simpy.Event]] = deque()
        self._normal_now: deque[tuple[SimTime, int, simpy.Event]] = deque()

    def schedule(self, event: simpy.Event, priority: EventPriority = NORMAL,
                 delay: SimTime = 0) -> None:
        if delay == 0 and priority == NORMAL:
            self._normal_now.append((self._now + delay, next(self._eid), event))
        elif delay == 0 and priority == URGENT:
            self._urgent_now.append((self._now + delay, next(self._eid), event))
        else:
            t = self._now + delay
            if t < self._far_from:
                heappush(self._queue, (t, priority, next(self._eid), event))
            else:
                k = int(t // BUCKET)
                far = self._far.get(k)
                if far is None:
                    far = self._far[k] = []
                far.append((t, priority, next(self._eid), event))

    def _bring_forward(self) -> None:
        """The heap is empty: move the earliest waiting bucket into it. (Every entry in the
        heap is due before ``_far_from`` and every waiting one at or after it, so the heap's
        head is the next event until the heap empties.)"""
        if self._far:
            k = min(self._far)
            queue = self._queue
            for entry in self._far.pop(k):
                heappush(queue, entry)
            self._far_from = (k + 1) * BUCKET

    @property
    def scheduled(self) -> int:
        """How many events (and plain calls) have been scheduled so far."""
        return int(repr(self._eid)[6:-1])  # itertools.count(n): the next id is n

    def call_later(self, delay: SimTime, fn: Any, *args: Any) -> None:
        """Call ``fn(*args)`` after ``delay``: when, and in the order in which,
        ``timeout(delay)`` made now would be processed, had it ``fn`` as its only callback.
        Nothing can wait on it and it cannot be cancelled (``fn`` decides whether it still
        applies)."""
        if delay < 0:
            raise ValueError(f"delay={delay!r}: must be >= 0")
        self.schedule(_Call(fn, args), NORMAL, delay)  # type: ignore[arg-type]

    def peek(self) -> SimTime:
        if self._urgent_now or self._normal_now:
            return self._now
        if not self._queue:
            self._bring_forward()
        return self._queue[0][0] if self._queue else Infinity

    def _next_event(self) -> simpy.Event:
        """Take the next event off the queues (the least time, priority and id) and move the
        clock to its time."""
        queue = self._queue
        if not queue:
            self._bring_forward()
        for priority, now_queue in ((URGENT, self._urgent_now), (NORMAL, self._normal_now)):
            if now_queue:
                if queue:
                    t, p, eid, event = queue[0]
                    if t == self._now and (p < priority or (p == priority
                                                           and eid < now_queue[0][1])):
                        self._now = t
                        heappop(queue)
                        return event
                self._now, _, event = now_queue.popleft()
                return event
        try:
            self._now, _, _, event = heappop(queue)
        except IndexError:
            raise EmptySchedule from None
        return event

    def step(self) -> None:
        event = self._next_event()
        if event.__class__ is _Call:
            event.fn(*event.args)  # type: ignore[attr-defined]
            return
        callbacks, event.callbacks = event.callbacks, None  # type: ignore[assignment]
        try:
            for callback in callbacks:
                callback(event)
        except StopSimulation:  # as SimPy: the other callbacks run when the run resumes
            event.callbacks = callbacks[callbacks.index(callback) + 1:]
            self.schedule(event, EventPriority(-1))
            raise
        if not event._ok and not hasattr(event, "_defused"):
            exc = type(event._value)(*event._value.args)
            exc.__cause__ = event._value
            raise exc

    def run(self, until: SimTime | simpy.Event | None = None) -> Any:
        if until is None or isinstance(until, simpy.Event):
            return super().run(until)  # by step()
        at = until if isinstance(until, int) else float(until)
        if at <= self.now:
            raise ValueError(f"until ({at}) must be greater than the current simulation time")
        stop = simpy.Event(self)
        stop._ok, stop._value = True, None
        self.schedule(stop, URGENT, at - self.now)
        # step() written out: the queue is never empty before the stop event is taken off it
        queue, urgent_now, normal_now = self._queue, self._urgent_now, self._normal_now
        while True:
            if urgent_now or normal_now:
                event = self._next_event()
            else:
                if not queue:
                    self._bring_forward()
                self._now, _, _, event = heappop(queue)
            if event.__class__ is _Call:
                event.fn(*event.args)
                continue
            if event is stop:  # as SimPy, which processes it again (doing nothing) next
                stop.callbacks = []
                self.schedule(stop, EventPriority(-1))
                return None
            callbacks, event.callbacks = event.callbacks, None  # type: ignore[assignment]
            for callback in callbacks:
                callback(event)
            if not event._ok and not hasattr(event, "_defused"):
                # a failed event nobody handled crashes the run, as in SimPy
                exc = type(event._value)(*event._value.args)
                exc.__cause__ = event._value
                raise exc
