"""Liaison and diversion (L&D) in the police custody suite and at court.

Where the service covers the custody suite (``p_coverage``), a detainee with a mental health or
substance misuse need may be identified and assessed by an L&D practitioner, if one is free
before they leave custody; an assessed person may be referred to treatment or support and may
engage (003:250-253, 1671-1722; NHS England L&D, X6-X10). Engagement halves the chance of a
custodial sentence (X8) and shows no detectable effect on reoffending by itself (X9).

At court (``court.p_coverage``), a charged defendant with a need who was not assessed in the
custody suite may be identified, assessed, referred and engage before the first hearing (the
moment the model decides remand); the assessment must end within ``court.window_days``. Its
length, cost and practitioners are the custody suite's, and an engaged defendant meets the
same effects (remand, sentence, reoffending); its draws come from a stream of their own.
"""

from __future__ import annotations

from models.config.vocabulary import Item
from models.pathway.context import Context
from models.pathway.draws import UC, U
from models.pathway.entities import Case, Person

__all__ = ["screen_in_custody", "screen_at_court"]


def screen_in_custody(system: Context, person: Person, case: Case, detention_days: float) -> bool:
    """Offer L&D screening during detention; return True if the person engages with a
    referral (the journey then refers them to treatment)."""
    if not person.has_need:
        return False
    ld, u = system.p.liaison_diversion, case.uniforms
    if u[U.LD_COVERED] >= ld.p_coverage or u[U.LD_IDENTIFIED] >= ld.p_identified_if_need:
        return False
    t, pid, cid = system.env.now, person.person_id, case.case_id
    duration = system.quantile(case, U.ASSESSMENT_DAYS, ld.assessment_days)
    # The assessment must be finished before the detainee leaves custody.
    start = (system.ld_pool.offer(t, duration, detention_days - duration)
             if duration <= detention_days else None)
    if start is None:
        system.events.ld_missed(t, pid, cid)
        return False
    system.events.ld_screened(start, pid, cid, duration)
    case.ld_assessed = True
    system.ledger.charge(Item.LD_ASSESSMENT, pid, start, start, ld.cost_per_assessment_gbp)
    if u[U.LD_REFERRED] >= ld.p_referred_if_identified:
        return False
    engaged = u[U.LD_ENGAGED] < ld.p_engaged_if_referred
    system.events.ld_referred(start + duration, pid, cid, engaged)
    return engaged


def screen_at_court(system: Context, person: Person, case: Case) -> bool:
    """Offer court L&D screening before the first hearing to a charged defendant not assessed
    in the custody suite; return True if they engage with a referral (the journey then marks
    the case engaged and refers them to treatment)."""
    ld = system.p.liaison_diversion
    court = ld.court
    if court.p_coverage <= 0.0 or case.ld_assessed or not person.has_need:
        return False
    u = system.court_ld_uniforms(case)
    if u[UC.COVERED] >= court.p_coverage or u[UC.IDENTIFIED] >= court.p_identified_if_need:
        return False
    t, pid, cid = system.env.now, person.person_id, case.case_id
    duration = ld.assessment_days.quantile(u[UC.ASSESSMENT_DAYS])
    # The assessment must be finished before the hearing.
    start = (system.ld_pool.offer(t, duration, court.window_days - duration)
             if duration <= court.window_days else None)
    if start is None:
        system.events.ld_court_missed(t, pid, cid)
        return False
    system.events.ld_court_screened(start, pid, cid, duration)
    case.ld_assessed = True
    system.ledger.charge(Item.LD_ASSESSMENT, pid, start, start, ld.cost_per_assessment_gbp)
    if u[UC.REFERRED] >= court.p_referred_if_identified:
        return False
    engaged = u[UC.ENGAGED] < court.p_engaged_if_referred
    system.events.ld_court_referred(start + duration, pid, cid, engaged)
    return engaged
