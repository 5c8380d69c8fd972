"""Run one replication of a scenario, or N of them (serially or on a process pool)."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from models.config.scenario import Scenario
from models.pathway.cohort import generate_cohort
from models.pathway.events import CUSTODY_NAMES, EVENT_NAMES, Ev
from models.pathway.ledger import Item
from models.pathway.system import System
from sim.runner import gc_paused, run_replications
from sim.streams import RandomStreams

__all__ = ["ReplicationResult", "run_replication", "run_many", "build_system"]

log = logging.getLogger(__name__)


@dataclass
class ReplicationResult:
    """The outputs of one replication: tidy tables plus resource monitors and timings."""

    scenario_name: str
    root_seed: int
    replication: int
    settings: dict
    events: pd.DataFrame
    people: pd.DataFrame
    ledger: pd.DataFrame
    resources: dict = field(default_factory=dict)  # name -> {"busy": steps, "queue": steps, ...}
    wall_seconds: float = 0.0
    n_sim_events: int = 0


def build_system(scenario: Scenario, root_seed: int, replication: int = 0, trace: bool = True,
                 cohort_from: Scenario | None = None):
    """Generate the cohort and the system with every process started (not yet run).

    ``cohort_from`` draws the people from another scenario (a comparison's base), so every
    configuration starts from the same people by construction.
    """
    streams = RandomStreams(root_seed, replication)
    cohort = generate_cohort(cohort_from or scenario, streams)
    system = System(scenario, streams, cohort, trace=trace)
    from models.pathway.journey import arrivals, prosecute, serve_initial_stock
    system.prosecute = prosecute  # the arrest step starts this process for a charged case
    c = cohort.columns
    env, rec = system.env, system.log.append
    origin = c["origin"]
    for pid in np.flatnonzero(origin == 2):
        person = system.people[pid]
        rec((0.0, int(pid), -1, int(Ev.START_IN_PRISON), int(c["stock_disposal"][pid]),
             float(c["stock_days_left"][pid])))
        env.process(serve_initial_stock(system, person, float(c["stock_days_left"][pid]),
                                        float(c["stock_sentence_days"][pid]),
                                        int(c["stock_disposal"][pid])))
    free = np.flatnonzero(origin != 2)
    for pid, t in zip(free, c["entry_day"][free], strict=True):
        rec((float(t), int(pid), -1, int(Ev.START_AT_RISK), int(origin[pid]), 0.0))
    order = free[np.argsort(c["first_arrest_day"][free], kind="stable")]
    env.process(arrivals(system, order, c["first_offence_day"][order], c["first_arrest_day"][order]))
    if scenario.params.devolution.p_savings_reinvested > 0.0:
        from models.pathway.stages.devolution import invest_to_save
        env.process(invest_to_save(system))
    return system, cohort


def _close_open_costs(system: System) -> None:
    """Charge prison and supervision costs still accruing at the horizon (no survivorship)."""
    h, p = system.horizon, system.p
    for person in system.people:
        if not math.isnan(person.prison_since) and person.prison_since < h:
            system.ledger.charge(person.prison_item, person.pid, person.prison_since, h,
                                 (h - person.prison_since) * p.custody.cost_per_prison_day_gbp)
        if not math.isnan(person.supervised_since) and person.supervised_since < h:
            system.ledger.charge(Item.PROBATION_SUPERVISION, person.pid, person.supervised_since, h,
                                 (h - person.supervised_since) * p.probation.cost_per_supervision_day_gbp)


def events_frame(rows: list[tuple]) -> pd.DataFrame:
    """The event log as a DataFrame (one vectorised conversion of the recorded tuples)."""
    a = np.array(rows, dtype=np.float64).reshape(-1, 6)
    return pd.DataFrame({
        "time_days": a[:, 0], "person_id": a[:, 1].astype(np.int32),
        "case_id": a[:, 2].astype(np.int32), "event": a[:, 3].astype(np.int8),
        "detail": a[:, 4].astype(np.int8), "value": a[:, 5].astype(np.float32)})


def run_replication(scenario: Scenario, root_seed: int, replication: int = 0,
                    trace: bool = True, cohort_from: Scenario | None = None) -> ReplicationResult:
    """Run one replication to the horizon and return its tables (see :func:`build_system`)."""
    t0 = time.perf_counter()
    with gc_paused():
        system, cohort = build_system(scenario, root_seed, replication, trace, cohort_from)
        system.env.run(until=system.horizon)
        _close_open_costs(system)
        events = events_frame(system.log.rows)
        ledger = system.ledger.to_frame()
        del system.log.rows[:], system.ledger.rows[:]
    events = events.sort_values(["time_days", "person_id"], kind="stable", ignore_index=True)
    resources = {}
    for res in (*system.courts, system.prison, system.probation, system.ld_pool,
                system.treatment_pool, system.womens_pool):
        resources[res.name] = {"capacity": getattr(res, "capacity", getattr(res, "servers", None)),
                               "busy": res.busy.to_steps(), "queue": res.queue.to_steps()}
    resources["reinvestments"] = system.reinvestments
    wall = time.perf_counter() - t0
    log.info("replication %d of %s: %d people, %d events, %.1f s", replication, scenario.name,
             len(cohort), len(events), wall)
    return ReplicationResult(scenario.name, root_seed, replication,
                             {"horizon_days": system.horizon,
                              "window": system.settings.window, "scale": system.settings.scale},
                             events, cohort.to_frame(), ledger, resources,
                             wall, len(events))


def _run_one(scenario: Scenario, trace: bool, root_seed: int, replication: int) -> ReplicationResult:
    return run_replication(scenario, root_seed, replication, trace)


def run_many(scenario: Scenario, root_seed: int, replications: int, workers: int = 1,
             progress=None, trace: bool = True) -> list[ReplicationResult]:
    """Run N replications (serial or process pool); identical results either way."""
    return run_replications(partial(_run_one, scenario, trace), root_seed, replications,
                            workers=workers, progress=progress)


EVENT_LABELS = EVENT_NAMES
CUSTODY_LABELS = CUSTODY_NAMES
