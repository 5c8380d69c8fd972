"""Charge: the court the case goes to, and bail or remand in custody.

After charge the case goes to the magistrates' court or is sent to the Crown Court. The
defendant is bailed or remanded in custody (more often if homeless, 003:1303-1306; X18); a
person charged while on licence is usually recalled to prison instead.
"""

from __future__ import annotations

from models.config.vocabulary import Court, Item
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person

__all__ = ["charge_and_remand"]


def charge_and_remand(system: Context, person: Person, case: Case) -> bool:
    """Charge now, choose the court and decide remand; return True if remanded (or recalled)."""
    p, t, pid, cid = system.p.prosecution, system.env.now, person.person_id, case.case_id
    youth = person.age_band_at(t) == 0
    u = case.uniforms
    u_court, u_recall, u_remand = u[U.COURT_ROUTE], u[U.RECALL_ON_CHARGE], u[U.REMAND]
    case.court = Court.CROWN if u_court < (p.p_crown_court_youth if youth else p.p_crown_court_adult) \
        else Court.MAGISTRATES
    system.events.charge(t, pid, cid, case.court)
    system.ledger.charge(Item.PROSECUTION, pid, t, t, p.cost_per_case_crown_gbp
                         if case.court == Court.CROWN else p.cost_per_case_magistrates_gbp)
    case.recalled = person.licence_until > t and u_recall < p.p_recall_if_charged_on_licence
    p_remand = p.p_remand_crown if case.court == Court.CROWN else p.p_remand_magistrates
    if person.no_accommodation:
        p_remand = min(1.0, p_remand * p.remand_multiplier_if_homeless)
    case.remanded = case.recalled or u_remand < p_remand
    if case.remanded:
        system.events.remand(t, pid, cid, case.recalled)
    else:
        system.events.bail(t, pid, cid)
    return case.remanded
