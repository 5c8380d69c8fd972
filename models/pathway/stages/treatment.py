"""Referral to a treatment or support place (mental health, drugs, alcohol).

Places are a FCFS pool with a queue: a referral starts when a place is free, and lapses if none
opens within ``patience_days``. A person whose episode starts has ``treated`` set, which removes
part of the excess reoffending hazard of their needs in the spell at risk that follows.
People are referred from L&D in the custody suite or at court, with a conditional caution, by a
community sentence's treatment requirement, and at release (continuity of care).
"""

from __future__ import annotations

from models.config.vocabulary import Item
from models.pathway.context import Context
from models.pathway.entities import Case, Person

__all__ = ["refer_to_treatment"]


def refer_to_treatment(system: Context, person: Person, case: Case, slot: int) -> bool:
    """Refer ``person`` now; return True if an episode will start within the patience.

    ``slot`` is the case's uniform for the episode length (one per referral point).
    """
    p, t, pid, cid = system.p.treatment, system.env.now, person.person_id, case.case_id
    duration = system.quantile(case, slot, p.episode_days)
    start = system.treatment_pool.offer(t, duration, p.patience_days)
    if start is None:
        system.events.treatment_lapsed(t + p.patience_days, pid, cid)
        return False
    end = min(start + duration, system.horizon)
    system.events.treatment_start(start, pid, cid, duration)
    if start + duration < system.horizon:
        system.events.treatment_end(start + duration, pid, cid, duration)
    if end > start:
        system.ledger.charge(Item.TREATMENT, pid, start, end, (end - start) * p.cost_per_day_gbp)
    person.treated = True
    return True
