"""One person's journey through the pathway: the one place that decides what comes next.

Read top to bottom, this module follows a person from an offence to the next::

    offence detected -> arrest, custody suite (L&D screening, women's centre referral)
        -> no further action, or an out-of-court disposal          -> at risk again
        -> charge -> remand or bail -> court -> verdict
            -> acquitted                                           -> at risk again
            -> immediate custody: a prison place to the release point
                -> release: resettlement -> at risk, on licence (technical recall)
            -> community order or suspended sentence -> at risk, supervised (breach -> court)
            -> fine or discharge                                   -> at risk again
    at risk: the next offence is drawn, and its arrest scheduled

The stages (:mod:`models.pathway.stages`) take the person and the case and return an
outcome, or are generators that yield their own waits; they start nothing and call no other
stage. Only this module starts processes and schedules arrests. Time is in days.
"""

from __future__ import annotations

import math
from collections.abc import Generator

import numpy as np
import simpy

from models.config.vocabulary import Custody, Disposal, SupervisionEnd
from models.pathway.cohort import Cohort
from models.pathway.draws import U
from models.pathway.entities import Case, Person, Sentence
from models.pathway.stages import (
    arrest,
    charge,
    court,
    custody,
    liaison_diversion,
    reoffending,
    resettlement,
    sentencing,
    supervision,
    treatment,
    womens_centres,
)
from models.pathway.system import System

__all__ = ["begin", "arrested", "prosecution", "released", "at_risk"]

Process = Generator[simpy.Event, object, None]


def begin(system: System, cohort: Cohort) -> None:
    """Everyone enters the run: the prisoners already serving take their places, and the
    others come in at their first arrest (new entrants) or their next (people already known)."""
    c, env, events = cohort.columns, system.env, system.events
    origin = c["origin"]
    for pid in np.flatnonzero(origin == 2):
        disposal, days_left = int(c["stock_disposal"][pid]), float(c["stock_days_left"][pid])
        events.start_in_prison(0.0, int(pid), disposal, days_left)
        env.process(serve_initial_stock(system, system.people[pid], days_left,
                                        float(c["stock_sentence_days"][pid]), disposal))
    free = np.flatnonzero(origin != 2)
    for pid, t in zip(free, c["entry_day"][free], strict=True):
        events.start_at_risk(float(t), int(pid), int(origin[pid]))
    order = free[np.argsort(c["first_arrest_day"][free], kind="stable")]
    env.process(arrivals(system, order, c["first_offence_day"][order],
                         c["first_arrest_day"][order]))


def arrivals(system: System, order: np.ndarray, offence_days: np.ndarray,
             arrest_days: np.ndarray) -> Process:
    """Bring each person in at their first arrest (arrays sorted by arrest day)."""
    env, people = system.env, system.people
    for pid, t_off, t_arr in zip(order, offence_days, arrest_days, strict=True):
        if t_arr >= system.horizon:
            return
        yield env.timeout(t_arr - env.now)
        person = people[pid]
        arrested(system, person, person.spell, t_off)


# ---------------------------------------------------------------- offence, arrest, custody suite

def arrested(system: System, person: Person, spell: int, offence_day: float) -> None:
    """The police arrest ``person`` now for an offence committed on ``offence_day`` in their
    spell at risk ``spell``: the custody suite decides NFA, an out-of-court disposal or charge.

    If the person has since been recalled or breached (a newer spell), the offence is void.
    """
    if spell != person.spell:
        return
    person.pending_arrest_day = math.inf
    case = system.new_case(person, offence_day)
    detention_days = arrest.arrest(system, person, case)
    case.ld_engaged = liaison_diversion.screen_in_custody(system, person, case, detention_days)
    if case.ld_engaged:
        treatment.refer_to_treatment(system, person, case, U.TREATMENT_DAYS_ARREST)
    if person.female:
        womens_centres.refer_to_womens_centre(system, person, case)
    decision = arrest.charging_decision(system, person, case)
    if decision.outcome == arrest.Outcome.CHARGE:
        person.last_charge_day = system.env.now
        system.env.process(prosecution(system, person, case, person.police_until))
        return
    if decision.outcome == arrest.Outcome.NO_FURTHER_ACTION:
        arrest.no_further_action(system, person, case)
    else:
        arrest.out_of_court(system, person, case, decision)
        if decision.treatment_condition:
            treatment.refer_to_treatment(system, person, case, U.TREATMENT_DAYS_ARREST)
    at_risk(system, person, person.police_until,
            reoffending.index_disposal(person, decision.disposal), case)


# ---------------------------------------------------------------- charge, court, sentence

def prosecution(system: System, person: Person, case: Case, t_charge: float) -> Process:
    """From charge (when the person leaves the custody suite) to the end of the sentence, or an
    acquittal: a SimPy process."""
    env = system.env
    yield env.timeout(t_charge - env.now)
    if charge.charge_and_remand(system, person, case):
        passed = yield from _remanded_to_verdict(system, person, case)
    else:
        passed = yield from _bailed_to_verdict(system, person, case)
    if passed is None:
        at_risk(system, person, env.now, Disposal.ACQUITTED, case)
    elif passed.custodial:
        yield from released(system, person, case, passed, case.sentence_start)
    else:
        yield from community_sentence(system, person, case, passed)


def _remanded_to_verdict(system: System, person: Person,
                         case: Case) -> Generator[simpy.Event, object, Sentence | None]:
    """Remanded (or recalled on licence): a prison place from charge to verdict, and to the
    release point if the sentence is custodial; return the sentence (None if acquitted)."""
    env = system.env
    kind = Custody.RECALL if case.recalled else Custody.REMAND
    with system.prison.slot() as place:
        if place is not None:
            yield place
        custody.enter_prison(system, person, case.case_id, kind)
        case.remand_start = env.now
        convicted = yield from court.prepare_and_hear(system, person, case)
        passed = sentencing.sentence(system, person, case) if convicted else None
        if passed is not None and passed.custodial:
            custody.change_status(system, person, case.case_id, kind, Custody.SENTENCED,
                                  passed.disposal == Disposal.LONG_CUSTODY)
            # Time on recall serves the old sentence, not the new one.
            credit = 0.0 if case.recalled else env.now - case.remand_start
            yield from custody.serve_sentence(system, person, case, passed, credit)
        else:
            if case.recalled:  # the recall runs its course whatever the new case's outcome
                end = min(case.remand_start + custody.recall_days(system, case),
                          person.licence_until)
                if end > env.now:
                    yield env.timeout(end - env.now)
            custody.leave_prison(system, person, case.case_id, kind)
    return passed


def _bailed_to_verdict(system: System, person: Person,
                       case: Case) -> Generator[simpy.Event, object, Sentence | None]:
    """On bail to the verdict; to prison (to the release point) if the sentence is custodial."""
    convicted = yield from court.prepare_and_hear(system, person, case)
    passed = sentencing.sentence(system, person, case) if convicted else None
    if passed is not None and passed.custodial:
        yield from _imprisoned(system, person, case, passed)
    return passed


def _imprisoned(system: System, person: Person, case: Case, passed: Sentence) -> Process:
    """Wait for a prison place, then serve ``passed`` to its release point."""
    with system.prison.slot() as place:
        if place is not None:
            yield place
        custody.enter_prison(system, person, case.case_id, Custody.SENTENCED,
                             passed.disposal == Disposal.LONG_CUSTODY)
        yield from custody.serve_sentence(system, person, case, passed, 0.0)


# ---------------------------------------------------------------- after custody: release, licence

def serve_initial_stock(system: System, person: Person, days_left: float, sentence_days: float,
                        disposal: int) -> Process:
    """A prisoner already serving when the run starts: release when their time is up, then
    licence."""
    env = system.env
    case = system.new_case(person, math.nan)
    with system.prison.slot() as place:
        if place is not None:
            yield place
        custody.continue_sentence(system, person, Disposal(disposal))
        yield env.timeout(days_left)
        custody.leave_prison(system, person, case.case_id, Custody.SENTENCED)
    passed = Sentence(Disposal(disposal), sentence_days)
    start = env.now - sentence_days * system.p.custody.release_fraction
    yield from released(system, person, case, passed, start)


def released(system: System, person: Person, case: Case, passed: Sentence,
             sentence_start: float, first_breach: int = 0) -> Process:
    """Released now: resettlement (care continues, a woman may be referred to a women's centre),
    a spell at risk, and licence and post-sentence supervision with the risk of recall.

    ``first_breach`` = 1 for a licence after custody for a breach, so that its recalls do not
    reuse the order's draws.
    """
    env = system.env
    if resettlement.prepare_release(system, person, case):
        treated = treatment.refer_to_treatment(system, person, case, U.TREATMENT_DAYS_RELEASE)
    else:
        treated = False
    if person.female and not case.wc_referred:  # in prison when the run began
        womens_centres.refer_to_womens_centre(system, person, case)
    resettlement.resettle(system, person, case, treated)
    licence_end, recall_rate = custody.licence_terms(system, passed, sentence_start)
    at_risk(system, person, env.now, passed.disposal, case)
    if licence_end <= env.now:
        return
    person.licence_until = licence_end
    yield from supervised(system, person, case, licence_end, True, passed.disposal, recall_rate,
                          first_breach)
    if env.now >= licence_end:
        person.licence_until = -math.inf


# ---------------------------------------------------------------- community sentences

def community_sentence(system: System, person: Person, case: Case, passed: Sentence) -> Process:
    """A community order, a suspended sentence, a fine or a discharge: at risk at once; an order
    with supervision is supervised (with a treatment requirement if it has one), and a breach
    that the court punishes with custody leads to prison, release and licence."""
    env = system.env
    if passed.treatment_requirement:
        treatment.refer_to_treatment(system, person, case, U.TREATMENT_DAYS_SENTENCE)
    at_risk(system, person, env.now, passed.disposal, case)
    if passed.supervised_days <= 0:
        return
    breach = yield from supervised(system, person, case, env.now + passed.supervised_days, False,
                                   passed.disposal, system.p.probation.breach_rate_per_year)
    if breach is not None:  # resentenced to custody for the breach
        yield from _imprisoned(system, person, case, breach)
        start = env.now - breach.length_days * system.p.custody.release_fraction
        yield from released(system, person, case, breach, start, first_breach=1)


def supervised(system: System, person: Person, case: Case, until: float, licence: bool,
               disposal: int, breach_rate_per_year: float,
               first_breach: int = 0) -> Generator[simpy.Event, object, Sentence | None]:
    """Supervision by probation until ``until``. A technical breach voids the spell at risk:
    on licence it is a recall to prison, then at risk and supervised again; on an order it
    goes back to court, which may pass a custodial sentence (returned) or let the order go on.
    A new charge ends supervision (the new case decides what follows)."""
    env = system.env
    n_breach = first_breach
    while env.now < until:
        ended = yield from supervision.supervise(system, person, case, until, licence, disposal,
                                                 breach_rate_per_year, n_breach)
        if ended != SupervisionEnd.BREACHED:
            return None
        reoffending.void_spell(person)
        occurrence, n_breach = n_breach, n_breach + 1
        supervision.record_breach(system, person, case, licence)
        if licence:
            yield from _recalled(system, person, case, until, occurrence)
        else:
            yield from court.breach_hearing(system, person, case, occurrence)
            passed = sentencing.breach_sentence(system, person, case, occurrence)
            if passed is not None:
                return passed
        at_risk(system, person, env.now, disposal, case)
    return None


def _recalled(system: System, person: Person, case: Case, until: float,
              occurrence: int) -> Process:
    """Recalled to prison for the recall period (no longer than the licence)."""
    env = system.env
    days = custody.recall_days(system, case, occurrence)
    with system.prison.slot() as place:
        if place is not None:
            yield place
        custody.enter_prison(system, person, case.case_id, Custody.RECALL)
        yield env.timeout(max(0.0, min(days, until - env.now)))
        custody.leave_prison(system, person, case.case_id, Custody.RECALL)


# ---------------------------------------------------------------- at risk: the next offence

def at_risk(system: System, person: Person, t: float, disposal: int, case: Case) -> None:
    """A spell at risk begins at ``t`` after ``disposal`` (with the support the case brought):
    the next offence is drawn, and the arrest it leads to scheduled."""
    nxt = reoffending.begin_spell(system, person, t, disposal, case.ld_engaged, case.supported)
    if nxt is None:
        return
    ev = system.env.timeout(nxt.arrest_day - system.env.now)
    ev.callbacks.append(lambda _ev: arrested(system, person, nxt.spell, nxt.offence_day))
