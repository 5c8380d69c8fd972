"""Resettlement on release from prison: accommodation, employment and treatment continuity.

Each is a probability a configuration can change. 11% leave prison with no settled
accommodation (003:383), 27% with a job, women fewer than one in ten (003:474-476); access to
treatment often ends on entering the system (003:1415-1419). The result replaces the person's
accommodation and employment state, which the reoffending hazard and later remand decisions see.
"""

from __future__ import annotations

from models.pathway.draws import U
from models.pathway.events import Ev
from models.pathway.ledger import Item
from models.pathway.stages.treatment import refer_to_treatment
from models.pathway.stages.womens_centres import refer_to_womens_centre

__all__ = ["resettle"]


def resettle(system, person, case) -> None:
    r, t, case_id = system.p.resettlement, system.env.now, case.case_id
    u_home, u_job, u_treat = (case.u[U.HOME_AT_RELEASE], case.u[U.JOB_AT_RELEASE],
                              case.u[U.TREATMENT_AT_RELEASE])
    person.no_accommodation = u_home >= r.p_settled_accommodation_at_release
    p_job = r.p_employed_at_release_women if person.female else r.p_employed_at_release_men
    person.unemployed = u_job >= p_job
    treated = False
    if (person.mental_health or person.substance_misuse) and u_treat < r.p_treatment_continuity_if_need:
        treated = refer_to_treatment(system, person, case, U.TREATMENT_DAYS_RELEASE)
    if person.female and not case.wc_referred:  # in prison when the run began
        refer_to_womens_centre(system, person, case)
    system.ledger.charge(Item.RESETTLEMENT_SUPPORT, person.pid, t, t, r.cost_per_release_support_gbp)
    bits = (not person.no_accommodation) | (not person.unemployed) << 1 | treated << 2
    system.record((t, person.pid, case_id, Ev.RESETTLED, int(bits), 0.0))
