"""Resettlement on release from prison: accommodation, employment and treatment continuity.

Each is a probability a configuration can change. 11% leave prison with no settled
accommodation (003:383), 27% with a job, women fewer than one in ten (003:474-476); access to
treatment often ends on entering the system (003:1415-1419). The result replaces the person's
accommodation and employment state, which the reoffending hazard and later remand decisions
see. The referral to treatment (and, for a woman, to a women's centre) is the journey's.
"""

from __future__ import annotations

from models.config.vocabulary import Item
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person

__all__ = ["prepare_release", "resettle"]


def prepare_release(system: Context, person: Person, case: Case, p_employed_uplift: float = 0.0,
                    p_treatment_continuity: float | None = None) -> bool:
    """Accommodation and employment on release; return True if care continues: a treatment
    referral for someone with a need. Programmes completed in prison add
    ``p_employed_uplift`` to the chance of a job and may set the chance of continuity
    (:mod:`models.pathway.stages.prison_regime`)."""
    r, u = system.p.resettlement, case.uniforms
    person.no_accommodation = u[U.HOME_AT_RELEASE] >= r.p_settled_accommodation_at_release
    p_job = r.p_employed_at_release_women if person.female else r.p_employed_at_release_men
    if p_employed_uplift:
        p_job = min(1.0, max(0.0, p_job + p_employed_uplift))
    person.unemployed = u[U.JOB_AT_RELEASE] >= p_job
    p_care = (r.p_treatment_continuity_if_need if p_treatment_continuity is None
              else p_treatment_continuity)
    return person.has_need and u[U.TREATMENT_AT_RELEASE] < p_care


def resettle(system: Context, person: Person, case: Case, treated: bool) -> None:
    """Charge the resettlement support and record the state the person is released into."""
    t = system.env.now
    system.ledger.charge(Item.RESETTLEMENT_SUPPORT, person.person_id, t, t,
                         system.p.resettlement.cost_per_release_support_gbp)
    system.events.resettled(t, person.person_id, case.case_id, not person.no_accommodation,
                            not person.unemployed, treated)
