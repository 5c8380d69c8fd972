"""Court: magistrates' and Crown Court rooms with queues, hearings and verdicts.

Once prepared, a case waits for a courtroom; a guilty plea needs a short hearing, a trial a
longer one; a trial may end in acquittal. A long wait for a courtroom is time on remand for a
remanded defendant. A breach of a community order comes back to the magistrates' court for a
short hearing.
"""

from __future__ import annotations

from collections.abc import Generator

import simpy

from models.config.vocabulary import Court, Item
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person

__all__ = ["prepare_and_hear", "breach_hearing"]


def _hearing(system: Context, person: Person, case: Case, court_code: Court, plea: bool, slot: int,
             occurrence: int = 0) -> Generator[simpy.Event, object, None]:
    court = system.p.court.crown if court_code == Court.CROWN else system.p.court.magistrates
    key = f"court.{'crown' if court_code == Court.CROWN else 'magistrates'}." \
          f"{'plea' if plea else 'trial'}.{slot}"
    duration = system.quantile(case, slot, key,
                               court.guilty_plea_hearing_days if plea else court.trial_days,
                               occurrence)
    env, pid, cid = system.env, person.person_id, case.case_id
    system.events.court_queue(env.now, pid, cid, court_code)
    with system.courts[court_code].slot() as room:
        if room is not None:
            yield room
        system.events.hearing(env.now, pid, cid, court_code, plea)
        yield env.timeout(duration)
    system.ledger.charge(Item.COURT_HEARING, pid, env.now, env.now,
                         court.cost_guilty_plea_gbp if plea else court.cost_trial_gbp)


def prepare_and_hear(system: Context, person: Person,
                     case: Case) -> Generator[simpy.Event, object, bool]:
    """Prepare the case, wait for a courtroom, hear it; return True if convicted."""
    crown = case.court == Court.CROWN
    court = system.p.court.crown if crown else system.p.court.magistrates
    u_plea, u_verdict = case.uniforms[U.PLEA], case.uniforms[U.VERDICT]
    prep = system.quantile(case, U.PREPARATION_DAYS,
                           f"court.{'crown' if crown else 'magistrates'}.preparation",
                           court.preparation_days)
    yield system.env.timeout(prep)
    plea = u_plea < court.p_guilty_plea
    yield from _hearing(system, person, case, case.court, plea, U.HEARING_DAYS)
    convicted = plea or u_verdict < court.p_convicted_at_trial
    if convicted:
        system.events.convicted(system.env.now, person.person_id, case.case_id, case.court)
    else:
        system.events.acquitted(system.env.now, person.person_id, case.case_id, case.court)
    return convicted


def breach_hearing(system: Context, person: Person, case: Case,
                   occurrence: int = 0) -> Generator[simpy.Event, object, None]:
    """A breach of a community order goes back to the magistrates' court (a short hearing)."""
    yield from _hearing(system, person, case, Court.MAGISTRATES, True, U.BREACH_HEARING_DAYS,
                        occurrence)
