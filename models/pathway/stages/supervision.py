"""Supervision in the community by probation: community orders, suspended sentence orders and
licence after release.

Probation caseload places are a resource with a queue: a person waits for allocation (and goes
unsupervised while waiting). A period of supervision ends when the order or licence ends, at a
new charge (an arrest that ends in no further action or an out-of-court disposal does not stop
it), or at a technical breach, drawn at ``rate_per_year``; what follows a breach (recall to
prison on licence, a breach hearing on an order) is the journey's to decide.
"""

from __future__ import annotations

import math
from collections.abc import Generator

import simpy

from models.config.vocabulary import DAYS_PER_YEAR, Item, Supervision, SupervisionEnd
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person
from sim import Exponential

__all__ = ["supervise", "record_breach"]

_UNIT_EXPONENTIAL = Exponential(1.0)


def supervise(system: Context, person: Person, case: Case, until: float, licence: bool,
              disposal: int, rate_per_year: float,
              n_breach: int) -> Generator[simpy.Event, object, SupervisionEnd | None]:
    """Supervise ``person`` until ``until``; return why supervision ended, or None if it ended
    (or a charge came) before a caseload place was free.

    ``n_breach`` counts earlier breaches (or recalls) of this order or licence: the first reads
    the case's own uniform, later ones draw afresh.
    """
    env, pid, cid = system.env, person.person_id, case.case_id
    kind = Supervision.LICENCE if licence else Supervision.ORDER
    with system.probation.slot() as wait:
        while wait is not None and not wait.triggered:  # unsupervised until a place is free
            yield wait | env.timeout(max(0.0, min(until, person.pending_arrest_day) - env.now))
            if wait.triggered:
                break
            if env.now >= until:
                return None
            yield env.timeout(0)  # let a same-time arrest decide first
            if person.last_charge_day == env.now:
                return None  # charged: the new case decides what follows
        t0 = person.supervised_since = env.now
        person.supervision_disposal = disposal
        system.events.supervision_start(t0, pid, cid, kind)
        gap = system.quantile(case, U.BREACH_GAP, "probation.breach_gap", _UNIT_EXPONENTIAL,
                              n_breach)
        t_breach = t0 + gap * DAYS_PER_YEAR / rate_per_year if rate_per_year > 0 else math.inf
        while True:
            t_stop = min(until, person.pending_arrest_day, t_breach)
            # Decide why supervision stops now: at t_stop the arrest may already have cleared
            # pending_arrest_day.
            end = SupervisionEnd.COMPLETED if t_stop == until else (
                SupervisionEnd.CHARGED if t_stop == person.pending_arrest_day
                else SupervisionEnd.BREACHED)
            yield env.timeout(max(0.0, t_stop - env.now))
            if end != SupervisionEnd.CHARGED or person.last_charge_day == env.now:
                break
            t_breach = max(t_breach, person.police_until)  # no breach while in custody
        system.ledger.charge(Item.PROBATION_SUPERVISION, pid, t0, env.now,
                             (env.now - t0) * system.p.probation.cost_per_supervision_day_gbp)
        person.supervised_since = math.nan
        person.supervision_disposal = -1
        system.events.supervision_end(env.now, pid, cid, kind, end)
    return end


def record_breach(system: Context, person: Person, case: Case, licence: bool) -> None:
    """A technical breach: a recall to prison on licence, back to court on an order."""
    if licence:
        system.events.recall(system.env.now, person.person_id, case.case_id)
    else:
        system.events.breach(system.env.now, person.person_id, case.case_id)
