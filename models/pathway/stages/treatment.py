"""Referral to a treatment or support place (mental health, drugs, alcohol).

Places are a FCFS pool with a queue: a referral starts when a place is free, and lapses if none
opens within ``patience_days``. A person whose episode starts has ``treated`` set, which removes
part of the excess reoffending hazard of their needs in the spell at risk that follows.
"""

from __future__ import annotations

from models.pathway.events import Ev
from models.pathway.ledger import Item

__all__ = ["refer_to_treatment"]


def refer_to_treatment(system, person, case, slot: int) -> bool:
    """Refer ``person`` now; return True if an episode will start within the patience.

    ``slot`` is the case's uniform for the episode length (one per referral point).
    """
    p, t, case_id = system.p.treatment, system.env.now, case.case_id
    duration = system.quantile(case, slot, "treatment.episode_days", p.episode_days)
    start = system.treatment_pool.offer(t, duration, p.patience_days)
    if start is None:
        system.record((t + p.patience_days, person.pid, case_id, Ev.TREATMENT_LAPSED, 0, 0.0))
        return False
    end = min(start + duration, system.horizon)
    system.record((start, person.pid, case_id, Ev.TREATMENT_START, 0, duration))
    if start + duration < system.horizon:
        system.record((start + duration, person.pid, case_id, Ev.TREATMENT_END, 0, duration))
    if end > start:
        system.ledger.charge(Item.TREATMENT, person.pid, start, end, (end - start) * p.cost_per_day_gbp)
    person.treated = True
    return True
