"""Charge, remand or bail, and court: magistrates' and Crown Court rooms with queues.

After charge the case goes to the magistrates' court or is sent to the Crown Court. The
defendant is bailed or remanded in custody (more often if homeless, 003:1303-1306; X18); a person
charged while on licence is usually recalled. Once prepared, the case waits for a courtroom;
a guilty plea needs a short hearing, a trial a longer one; a trial may end in acquittal. A long
wait for a courtroom is time on remand.
"""

from __future__ import annotations

from models.pathway.draws import U
from models.pathway.events import Court, Ev
from models.pathway.ledger import Item
from models.pathway.stages.reoffending import age_band_of

__all__ = ["charge_and_remand", "court_hearing", "breach_hearing"]


def charge_and_remand(system, person, case) -> bool:
    """Charge now, choose the court and decide remand; return True if remanded (or recalled)."""
    p, t, pid, cid = system.p.prosecution, system.env.now, person.pid, case.case_id
    youth = age_band_of(person.age_at(t)) == 0
    u_court, u_recall, u_remand = case.u[U.COURT_ROUTE], case.u[U.RECALL_ON_CHARGE], case.u[U.REMAND]
    case.court = Court.CROWN if u_court < (p.p_crown_court_youth if youth else p.p_crown_court_adult) \
        else Court.MAGISTRATES
    system.record((t, pid, cid, Ev.CHARGE, int(case.court), 0.0))
    system.ledger.charge(Item.PROSECUTION, pid, t, t, p.cost_per_case_crown_gbp
                         if case.court == Court.CROWN else p.cost_per_case_magistrates_gbp)
    case.recalled = person.licence_until > t and u_recall < p.p_recall_if_charged_on_licence
    p_remand = p.p_remand_crown if case.court == Court.CROWN else p.p_remand_magistrates
    if person.no_accommodation:
        p_remand = min(1.0, p_remand * p.remand_multiplier_if_homeless)
    case.remanded = case.recalled or u_remand < p_remand
    system.record((t, pid, cid, Ev.REMAND if case.remanded else Ev.BAIL, int(case.recalled), 0.0))
    return case.remanded


def _hearing(system, person, case, court_code: int, plea: bool, slot: int, occurrence: int = 0):
    court = system.p.court.crown if court_code == Court.CROWN else system.p.court.magistrates
    key = f"court.{'crown' if court_code == Court.CROWN else 'magistrates'}." \
          f"{'plea' if plea else 'trial'}.{slot}"
    duration = system.quantile(case, slot, key,
                               court.guilty_plea_hearing_days if plea else court.trial_days,
                               occurrence)
    env, pid, cid = system.env, person.pid, case.case_id
    system.record((env.now, pid, cid, Ev.COURT_QUEUE, int(court_code), 0.0))
    with system.courts[court_code].slot() as room:
        if room is not None:
            yield room
        system.record((env.now, pid, cid, Ev.HEARING, int(court_code), float(plea)))
        yield env.timeout(duration)
    system.ledger.charge(Item.COURT_HEARING, pid, env.now, env.now,
                         court.cost_guilty_plea_gbp if plea else court.cost_trial_gbp)


def court_hearing(system, person, case):
    """Prepare the case, wait for a courtroom, hear it; return True if convicted."""
    crown = case.court == Court.CROWN
    court = system.p.court.crown if crown else system.p.court.magistrates
    u_plea, u_verdict = case.u[U.PLEA], case.u[U.VERDICT]
    prep = system.quantile(case, U.PREPARATION_DAYS,
                           f"court.{'crown' if crown else 'magistrates'}.preparation",
                           court.preparation_days)
    yield system.env.timeout(prep)
    plea = u_plea < court.p_guilty_plea
    yield from _hearing(system, person, case, case.court, plea, U.HEARING_DAYS)
    convicted = plea or u_verdict < court.p_convicted_at_trial
    system.record((system.env.now, person.pid, case.case_id,
                  Ev.CONVICTED if convicted else Ev.ACQUITTED, int(case.court), 0.0))
    return convicted


def breach_hearing(system, person, case, occurrence: int = 0):
    """A breach of a community order goes back to the magistrates' court (a short hearing)."""
    yield from _hearing(system, person, case, Court.MAGISTRATES, True, U.BREACH_HEARING_DAYS,
                        occurrence)
