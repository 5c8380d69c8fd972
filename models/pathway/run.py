"""Run one replication of a scenario, or N of them (serially or on a process pool)."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from models.config.scenario import Scenario
from models.config.vocabulary import Item
from models.pathway import journey
from models.pathway.budget import grant_by_holder
from models.pathway.cohort import Cohort, generate_cohort
from models.pathway.invest_to_save import close_reinvested_places, invest_to_save
from models.pathway.summons import background_demand
from models.pathway.system import System
from models.pathway.timeline import timeline_changes
from sim import RandomStreams, gc_paused, run_replications

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
    n_recorded: int = 0    # rows of the event log
    n_scheduled: int = 0   # events SimPy scheduled (timeouts, process steps, plain calls...)


def build_system(scenario: Scenario, root_seed: int, replication: int = 0,
                 cohort_from: Scenario | None = None) -> tuple[System, Cohort]:
    """Generate the cohort and the system with every process started (not yet run).

    ``cohort_from`` draws the people from another scenario (a comparison's base), so every
    configuration starts from the same people by construction.
    """
    streams = RandomStreams(root_seed, replication)
    cohort = generate_cohort(cohort_from or scenario, streams)
    system = System(scenario, streams, cohort)
    journey.begin(system, cohort)
    system.env.process(background_demand(system, system.summons_outstanding))
    if scenario.params.devolution.p_savings_reinvested > 0.0:
        system.env.process(invest_to_save(system))
    if not scenario.timeline.empty:
        system.env.process(timeline_changes(system))
    return system, cohort


def _close_open_costs(system: System) -> None:
    """Charge prison and supervision costs still accruing at the horizon (no survivorship)."""
    h, p = system.horizon, system.p
    for person in system.people:
        if not math.isnan(person.prison_since) and person.prison_since < h:
            per_day = (system.youth_custody_day_gbp if person.prison_item == Item.YOUTH_CUSTODY_DAYS
                       else p.custody.cost_per_prison_day_gbp)
            system.ledger.charge(person.prison_item, person.person_id, person.prison_since, h,
                                 (h - person.prison_since) * per_day)
        if not math.isnan(person.supervised_since) and person.supervised_since < h:
            cost = (h - person.supervised_since) * p.probation.cost_per_supervision_day_gbp
            current = person.supervision_case
            if current is not None and current.maturity_assessed:  # young-adult supervision
                cost *= p.young_adults.supervision_cost_multiplier_if_assessed
            system.ledger.charge(Item.PROBATION_SUPERVISION, person.person_id,
                                 person.supervised_since, h, cost)


_STRETCHES = 32  # the run stops this many times to compact its records


def _run_to_horizon(system: System) -> None:
    """Run the simulation to the horizon in stretches, moving the recorded events and costs
    into compact arrays after each (a whole run's rows held as tuples took most of the memory).

    Stopping changes nothing: SimPy resumes its queue where it stopped. Each stop is an event
    of its own before any other at that time, at ``horizon * k / _STRETCHES`` exactly (each
    stretch is at least half the time so far, so ``now + (stop - now)`` has no rounding), the
    last at the horizon as in a single run.
    """
    for k in range(1, _STRETCHES + 1):
        system.env.run(until=system.horizon * k / _STRETCHES)
        system.events.flush()
        system.ledger.flush()


def run_replication(scenario: Scenario, root_seed: int, replication: int = 0,
                    cohort_from: Scenario | None = None) -> ReplicationResult:
    """Run one replication to the horizon and return its tables (see :func:`build_system`)."""
    t0 = time.perf_counter()
    with gc_paused():
        system, cohort = build_system(scenario, root_seed, replication, cohort_from)
        _run_to_horizon(system)
        journey.close_spells(system)
        _close_open_costs(system)
        if scenario.params.devolution.p_savings_reinvested > 0.0:
            close_reinvested_places(system)
        events = system.events.to_frame(by_time=True)
        ledger = system.ledger.to_frame()
    resources: dict[str, object] = {}
    for res in system.resources():
        resources[res.name] = {"capacity": getattr(res, "capacity", getattr(res, "servers", None)),
                               "busy": res.busy.to_steps(), "queue": res.queue.to_steps()}
    resources["reinvestments"] = system.reinvestments
    resources["timeline"] = system.timeline_log
    resources["reinvested_windows"] = system.reinvested_windows
    resources["grants"] = grant_by_holder(scenario.params)  # models.pathway.budget
    resources["summons_magistrates"] = {"outstanding": system.summons_outstanding.to_steps()}
    resources["prison_regime"] = system.regime.daily(system.prison.busy.to_steps(),
                                                     system.horizon) | {
        "programmes": np.array(system.programme_records, dtype=float).reshape(-1, 3)}
    wall = time.perf_counter() - t0
    log.info("replication %d of %s: %d people, %d events, %.1f s", replication, scenario.name,
             len(cohort), len(events), wall)
    return ReplicationResult(scenario.name, root_seed, replication,
                             {"horizon_days": system.horizon,
                              "window": system.settings.window, "scale": system.settings.scale},
                             events, cohort.to_frame(), ledger, resources,
                             wall, len(events), system.env.scheduled)


def _run_one(scenario: Scenario, root_seed: int, replication: int) -> ReplicationResult:
    return run_replication(scenario, root_seed, replication)


def run_many(scenario: Scenario, root_seed: int, replications: int, workers: int = 1,
             progress: Callable[[int], object] | None=None) -> list[ReplicationResult]:
    """Run N replications (serial or process pool); identical results either way."""
    return run_replications(partial(_run_one, scenario), root_seed, replications,
                            workers=workers, progress=progress)
