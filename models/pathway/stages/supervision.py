"""Supervision in the community by probation: community orders, suspended sentence orders and
licence after release.

Probation caseload places are a resource with a queue: a person waits for allocation (and goes
unsupervised while waiting). Supervision ends when the order or licence ends, at a new charge
(an arrest that ends in no further action or an out-of-court disposal does not stop it), or at
a technical breach: on licence that is a recall to prison; on an order it is a breach
hearing that may end in a custodial sentence. Either voids the person's spell at risk.
"""

from __future__ import annotations

import math

from models.config.scenario import DAYS_PER_YEAR
from models.pathway.draws import U
from models.pathway.events import Custody, Disposal, Ev
from models.pathway.ledger import Item
from models.pathway.stages.custody import enter_prison, leave_prison
from models.pathway.stages.prosecution import breach_hearing
from models.pathway.stages.reoffending import start_spell
from models.pathway.stages.sentencing import Sentence
from sim.distributions import Exponential

__all__ = ["supervise"]

COMPLETED, NEW_ARREST, BREACHED = 0, 1, 2
_UNIT_EXPONENTIAL = Exponential(1.0)


def supervise(system, person, case, until: float, licence: bool, disposal: int,
              rate_per_year: float, first_breach: int = 0):
    """Supervise ``person`` until ``until``; yields the breach sentence (or None) at the end.

    An arrest that ends without a charge (no further action, an out-of-court disposal) does
    not interrupt supervision; a charge ends it, since the new case decides what follows.
    """
    env, pid, cid = system.env, person.pid, case.case_id
    kind = int(licence)
    # breaches (or recalls) so far: the first reads the case's own uniforms (a licence after
    # custody for a breach starts at 1, so it does not reuse the order's draws)
    n_breach = first_breach
    while env.now < until:
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
            system.record((t0, pid, cid, Ev.SUPERVISION_START, kind, 0.0))
            gap = system.quantile(case, U.BREACH_GAP, "probation.breach_gap", _UNIT_EXPONENTIAL,
                                  n_breach)
            t_breach = t0 + gap * DAYS_PER_YEAR / rate_per_year if rate_per_year > 0 else math.inf
            while True:
                t_stop = min(until, person.pending_arrest_day, t_breach)
                # Decide why supervision stops now: at t_stop the arrest step may already have
                # cleared pending_arrest_day.
                reason = COMPLETED if t_stop == until else (
                    NEW_ARREST if t_stop == person.pending_arrest_day else BREACHED)
                yield env.timeout(max(0.0, t_stop - env.now))
                if reason != NEW_ARREST or person.last_charge_day == env.now:
                    break
                t_breach = max(t_breach, person.police_until)  # no breach while in custody
            system.ledger.charge(Item.PROBATION_SUPERVISION, pid, t0, env.now,
                                 (env.now - t0) * system.p.probation.cost_per_supervision_day_gbp)
            person.supervised_since = math.nan
            person.supervision_disposal = -1
            system.record((env.now, pid, cid, Ev.SUPERVISION_END, kind, float(reason)))
        if reason != BREACHED:
            return None
        person.spell += 1  # the pending offence of the voided spell will not happen
        person.pending_arrest_day = math.inf
        occurrence, n_breach = n_breach, n_breach + 1
        if licence:
            system.record((env.now, pid, cid, Ev.RECALL, 0, 0.0))
            recall = system.quantile(case, U.RECALL_DAYS, "custody.recall_days",
                                     system.p.custody.recall_days, occurrence)
            with system.prison.slot() as place:
                if place is not None:
                    yield place
                enter_prison(system, person, cid, Custody.RECALL)
                yield env.timeout(max(0.0, min(recall, until - env.now)))
                leave_prison(system, person, cid, Custody.RECALL)
            start_spell(system, person, env.now, disposal, case.ld_engaged, case.supported)
            continue
        system.record((env.now, pid, cid, Ev.BREACH, 0, 0.0))
        yield from breach_hearing(system, person, case, occurrence)
        if system.case_uniform(case, U.BREACH_CUSTODY, occurrence) < \
                system.p.probation.p_custody_on_breach:
            months = system.quantile(case, U.BREACH_MONTHS, "sentencing.short_custody_months",
                                     system.p.sentencing.short_custody_months, occurrence)
            sentence = Sentence(Disposal.SHORT_CUSTODY, months * 365.25 / 12)
            system.record((env.now, pid, cid, Ev.SENTENCED, int(sentence.disposal), sentence.length_days))
            return sentence
        start_spell(system, person, env.now, disposal, case.ld_engaged, case.supported)
    return None
