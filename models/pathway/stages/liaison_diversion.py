"""Liaison and diversion (L&D) in the police custody suite.

Where the service covers the custody suite (``p_coverage``), a detainee with a mental health or
substance misuse need may be identified and assessed by an L&D practitioner, if one is free
before they leave custody; an assessed person may be referred to treatment or support and may
engage (003:250-253, 1671-1722; NHS England L&D, X6-X10). Engagement halves the chance of a
custodial sentence (X8) and shows no detectable effect on reoffending by itself (X9).
"""

from __future__ import annotations

from models.pathway.draws import U
from models.pathway.events import Ev
from models.pathway.ledger import Item
from models.pathway.stages.treatment import refer_to_treatment

__all__ = ["screen_in_custody"]


def screen_in_custody(system, person, case, detention_days: float) -> bool:
    """Offer L&D screening during detention; return True if the person engages with a referral."""
    if not (person.mental_health or person.substance_misuse):
        return False
    ld, u = system.p.liaison_diversion, case.u
    if u[U.LD_COVERED] >= ld.p_coverage or u[U.LD_IDENTIFIED] >= ld.p_identified_if_need:
        return False
    t = system.env.now
    duration = system.quantile(case, U.ASSESSMENT_DAYS, "ld.assessment_days", ld.assessment_days)
    # The assessment must be finished before the detainee leaves custody.
    start = (system.ld_pool.offer(t, duration, detention_days - duration)
             if duration <= detention_days else None)
    if start is None:
        system.record((t, person.pid, case.case_id, Ev.LD_MISSED, 0, 0.0))
        return False
    system.record((start, person.pid, case.case_id, Ev.LD_SCREENED, 1, duration))
    system.ledger.charge(Item.LD_ASSESSMENT, person.pid, start, start, ld.cost_per_assessment_gbp)
    if u[U.LD_REFERRED] >= ld.p_referred_if_identified:
        return False
    is_engaged = u[U.LD_ENGAGED] < ld.p_engaged_if_referred
    system.record((start + duration, person.pid, case.case_id, Ev.LD_REFERRED, int(is_engaged), 0.0))
    if is_engaged:
        refer_to_treatment(system, person, case, U.TREATMENT_DAYS_ARREST)
    return is_engaged
