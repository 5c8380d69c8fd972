"""The magistrates' courts' other workload: cases begun by summons or postal requisition.

Most cases in the magistrates' courts never begin with an arrest (motoring and other summary
offences, X36 and X39), yet they sit in the same courtrooms. They are background demand here:
``summons_cases_per_year`` arrive as a Poisson stream, each is ready for court after
``summons_case_days`` and needs ``summons_hearing_days`` of courtroom time. They are not
simulated one by one: each day's ready cases take the courtroom time they need in blocks of at
most ``_BLOCK_DAYS`` room-days, queueing in the same first-come first-served queue as the cases
of the people in the pathway, so that a busy court delays both. The number outstanding (arrived,
not yet heard) is kept for the outstanding-caseload target (X36). Every draw is made at the
start from the stream ``court.summons``, so the people's random numbers are untouched.
"""

from __future__ import annotations

import math
from collections.abc import Generator

import numpy as np
import simpy

from models.config.vocabulary import DAYS_PER_YEAR, Court
from models.pathway.system import System
from sim import LevelLog

__all__ = ["background_demand"]

_BLOCK_DAYS = 0.25  # the longest block of courtroom time one request holds


def background_demand(system: System, outstanding: LevelLog) -> Generator[simpy.Event, object, None]:
    """Summons cases arriving each day, becoming ready and taking courtroom time; a SimPy
    process (it starts the hearings as processes of their own)."""
    env, m = system.env, system.p.court.magistrates
    g = system.streams.generator("court.summons")
    n_days = int(math.ceil(system.horizon))
    arrivals = g.poisson(m.summons_cases_per_year / DAYS_PER_YEAR, n_days)
    n = int(arrivals.sum())
    arrival_day = np.repeat(np.arange(n_days, dtype=float), arrivals)
    ready = np.sort(arrival_day + m.summons_case_days.sample(g, n))
    room_days = np.concatenate([[0.0], np.cumsum(m.summons_hearing_days.sample(g, n))])
    heard = 0  # cases taken to court so far (in order of readiness)
    for day in range(n_days):
        if arrivals[day]:
            outstanding.change(env.now, int(arrivals[day]))
        last = int(np.searchsorted(ready, day + 1.0, side="left"))  # ready by the end of today
        due = last - heard
        if due:
            total = float(room_days[last] - room_days[heard])
            blocks = max(1, math.ceil(total / _BLOCK_DAYS))
            for i in range(blocks):
                cases = due // blocks + (1 if i < due % blocks else 0)
                env.process(_hearings(system, outstanding, total / blocks, cases))
            heard = last
        yield env.timeout(1.0)


def _hearings(system: System, outstanding: LevelLog, room_days: float,
              cases: int) -> Generator[simpy.Event, object, None]:
    env = system.env
    with system.courts[Court.MAGISTRATES].slot() as room:
        if room is not None:
            yield room
        yield env.timeout(room_days)
    outstanding.change(env.now, -cases)
