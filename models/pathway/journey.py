"""One person's journey through the pathway: the one place that decides what comes next.

Read top to bottom, this module follows a person from an offence to the next::

    offence detected -> arrest, custody suite (L&D screening, women's centre referral)
        -> no further action, or an out-of-court disposal          -> at risk again
        -> charge -> court L&D screening -> remand or bail -> court -> verdict
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
    prevention,
    prison_regime,
    reoffending,
    resettlement,
    sentencing,
    supervision,
    treatment,
    womens_centres,
    young_adults,
)
from models.pathway.system import System
from sim import Slot

__all__ = ["begin", "arrested", "prosecution", "released", "at_risk", "close_spells"]

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
    arrivals(system, order, c["first_offence_day"][order], c["first_arrest_day"][order],
             origin[order] == 0)


def arrivals(system: System, order: np.ndarray, offence_days: np.ndarray,
             arrest_days: np.ndarray, new_entrant: np.ndarray) -> None:
    """Bring each person in at their first arrest (arrays sorted by arrest day): one call at a
    time, each arrival scheduling the next, so one arrival is pending, not one per person.
    A new entrant whom prevention keeps from their first offence never arrives.

    The days are read as Python floats: a numpy scalar here would make the clock itself a numpy
    scalar, and every comparison in SimPy's event queue several times slower (same values)."""
    env, people, horizon = system.env, system.people, system.horizon
    pending = zip(order.tolist(), offence_days.tolist(), arrest_days.tolist(),
                  new_entrant.tolist(), strict=True)

    def next_arrival() -> None:
        pid, t_off, t_arr, new = next(pending, (0, 0.0, horizon, False))
        if t_arr < horizon:
            env.call_later(t_arr - env.now, arrive, pid, t_off, new)

    def arrive(pid: int, t_off: float, new: bool) -> None:
        person = people[pid]
        if not (system.prevents and new
                and prevention.first_offence_prevented(system, person, t_off)):
            arrested(system, person, person.spell, t_off)
        next_arrival()

    next_arrival()


# ---------------------------------------------------------------- offence, arrest, custody suite

def arrested(system: System, person: Person, spell: int, offence_day: float) -> None:
    """The police arrest ``person`` now for an offence committed on ``offence_day`` in their
    spell at risk ``spell``: the custody suite decides NFA, an out-of-court disposal or charge.

    If the person has since been recalled or breached (a newer spell), the offence is void.
    """
    if spell != person.spell:
        return
    person.pending_arrest_day = math.inf
    reoffending.end_spell(system, person, offence_day)
    case = system.new_case(person, offence_day)
    detention_days = arrest.arrest(system, person, case)
    case.ld_engaged = liaison_diversion.screen_in_custody(system, person, case, detention_days)
    if case.ld_engaged:
        treatment.refer_to_treatment(system, person, case, U.TREATMENT_DAYS_ARREST)
    if person.female:
        womens_centres.refer_to_womens_centre(system, person, case)
    decision = arrest.charging_decision(system, person, case)
    if decision.outcome == arrest.Outcome.CHARGE:
        pending_days = arrest.pending_charge_days(system, case)
        if pending_days > 0.0:  # released to wait for the charging decision, at liberty
            arrest.released_pending_charge(system, person, case)
            system.env.process(prosecution(system, person, case,
                                           person.police_until + pending_days, after_release=True))
            at_risk(system, person, person.police_until,
                    reoffending.index_disposal(person, Disposal.BAIL), case, pending_charge=True)
            return
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

def prosecution(system: System, person: Person, case: Case, t_charge: float,
                after_release: bool = False) -> Process:
    """From charge (when the person leaves the custody suite) to the end of the sentence, or an
    acquittal: a SimPy process.

    Court L&D first screens a defendant not assessed in the custody suite (it sees them before
    the first hearing, when the remand decision is made).

    A suspect released pending the charging decision (``after_release``) is charged at ``t_charge`` (or when
    next out of prison or a police station) and comes to court on bail, never remanded on it
    (charged by postal requisition); a new charge joins a case they are on bail for.

    A defendant already on bail for an earlier case is charged and the new charge joins that
    case (tried and sentenced together), unless the court withdraws bail: then the new charge
    is a case of its own, remanded, and the earlier case waits for its trial with the defendant
    in custody. Otherwise the plea comes first: a guilty plea is
    convicted at the first hearing, a not guilty plea waits for trial preparation and a trial.
    A remanded defendant holds a prison place until the verdict (and to the release point if
    the sentence is custodial), unless the custody time limit bails them first; a defendant on
    bail is at risk of offending until the verdict. A conviction revokes an order being
    supervised (a custodial sentence ends a licence)."""
    env = system.env
    yield env.timeout(t_charge - env.now)
    if after_release:
        yield from _out_of_prison(system, person)
    if liaison_diversion.screen_at_court(system, person, case):  # before the first hearing
        case.ld_engaged = True
        treatment.refer_to_treatment(system, person, case, U.TREATMENT_DAYS_ARREST)
    pending = person.open_case
    if pending is not None and (after_release or not charge.bail_withdrawn(system, person, case)):
        # on bail for an earlier case and bail goes on: charged together with it
        charge.join_charge(system, person, case, pending)
        if not after_release:
            person.held_on_charge = False
        at_risk(system, person, env.now, reoffending.index_disposal(person, Disposal.BAIL), case,
                on_bail=True)
        return
    place = None
    held = charge.charge_and_remand(system, person, case, after_release)
    if not after_release:  # what supervision reads of a charge in the custody suite
        person.held_on_charge = held
    if held:
        reoffending.void_spell(system, person)  # a spell begun while in the custody suite
        place = yield from _prison_place(system, person)
        custody.enter_prison(system, person, case.case_id,
                             Custody.RECALL if case.recalled else Custody.REMAND)
        case.remand_start = env.now
    else:
        _bailed(system, person, case)
    convicted = yield from court.first_hearing(system, person, case)
    if not convicted:
        prep = court.trial_preparation_days(system, case)
        if place is not None and not case.recalled:
            left = case.remand_start + court.custody_time_limit_days(system, case) - env.now
            if prep > left:  # the custody time limit expires first: bailed to the trial
                yield env.timeout(max(0.0, left))
                prep -= max(0.0, left)
                custody.leave_prison(system, person, case.case_id, Custody.REMAND)
                place.__exit__(None, None, None)
                place, case.remanded = None, False
                case.remand_credit_days = env.now - case.remand_start
                system.events.bail(env.now, person.person_id, case.case_id)
                _bailed(system, person, case)
        yield env.timeout(prep)
        convicted = yield from court.trial(system, person, case)
    court.verdict_on_joined(system, person, case, convicted)
    if person.open_case is case:  # a later charge starts a case of its own
        person.open_case = None
    if convicted:
        adjourned = court.adjournment_days(system, case)
        if adjourned > 0.0:
            yield env.timeout(adjourned)
    if convicted:
        young_adults.assess_maturity(system, person, case)  # the pre-sentence report
    passed = sentencing.sentence(system, person, case) if convicted else None
    if passed is not None:
        supervision.revoke(system, person, case, passed.custodial, passed.supervised_days > 0)
    if place is not None:
        yield from _verdict_in_prison(system, person, case, passed, place)
    elif passed is not None and passed.custodial:
        yield from _imprisoned(system, person, case, passed, case.remand_credit_days)
    if passed is None:
        at_risk(system, person, env.now, reoffending.index_disposal(person, Disposal.ACQUITTED),
                case)
    elif passed.custodial:
        yield from released(system, person, case, passed, case.sentence_start)
    else:
        yield from community_sentence(system, person, case, passed)


def _bailed(system: System, person: Person, case: Case) -> None:
    """On bail awaiting trial or sentence: at risk of offending (a new charge joins the case)."""
    person.open_case = case
    at_risk(system, person, system.env.now, reoffending.index_disposal(person, Disposal.BAIL),
            case, on_bail=True)


def _out_of_prison(system: System, person: Person) -> Process:
    """Wait while the person is in a police station for a new arrest (its charging decision
    comes first) or in prison for something else (a recall, or a sentence passed on an earlier
    case meanwhile): the new stay follows the release at once."""
    env = system.env
    while True:
        if person.police_until > env.now:
            yield env.timeout(person.police_until - env.now)
            yield env.timeout(0)  # the charge and remand decision at that moment first
        elif not math.isnan(person.prison_since):
            if person.left_prison is None:
                person.left_prison = env.event()
            yield person.left_prison
        else:
            return


def _prison_place(system: System, person: Person) -> Generator[simpy.Event, object, Slot]:
    """Wait for a prison place (held in police cells meanwhile); return it, held. If the person
    went into prison on another case meanwhile, the place goes back and this stay follows."""
    person.awaiting_place += 1
    while True:
        yield from _out_of_prison(system, person)
        youth = custody.held_as_child(system, person)  # a child in the youth secure estate
        place = (system.youth_estate if youth else system.prison).slot()
        granted = place.__enter__()
        if granted is not None:
            yield granted
        if math.isnan(person.prison_since):
            person.awaiting_place -= 1
            person.in_youth_estate = youth
            return place
        place.__exit__(None, None, None)


def _verdict_in_prison(system: System, person: Person, case: Case, passed: Sentence | None,
                       place: Slot) -> Process:
    """Remanded (or recalled on licence) at the verdict: a custodial sentence is served on from
    here to the release point; otherwise release (a recall first runs its course)."""
    env = system.env
    kind = Custody.RECALL if case.recalled else Custody.REMAND
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
    place.__exit__(None, None, None)


def _imprisoned(system: System, person: Person, case: Case, passed: Sentence,
                credit_days: float = 0.0) -> Process:
    """Wait for a prison place, then serve ``passed`` to its release point, less
    ``credit_days`` already spent on remand."""
    reoffending.void_spell(system, person)  # no longer at liberty
    place = yield from _prison_place(system, person)
    supervision.revoke(system, person, case, True, False)  # custody ends other supervision
    custody.enter_prison(system, person, case.case_id, Custody.SENTENCED,
                         passed.disposal == Disposal.LONG_CUSTODY)
    yield from custody.serve_sentence(system, person, case, passed, credit_days)
    place.__exit__(None, None, None)


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
    """Released now: programmes completed in prison (if modelled), resettlement (care
    continues, a woman may be referred to a women's centre), a spell at risk, and licence and post-sentence supervision with the risk of recall.

    ``first_breach`` = 1 for a licence after custody for a breach, so that its recalls do not
    reuse the order's draws.
    """
    env = system.env
    fx = prison_regime.NO_EFFECTS
    if system.p.prison_regime.enabled == "on":
        fx = prison_regime.programmes_at_release(system, person, case, passed)
    if resettlement.prepare_release(system, person, case, fx.p_employed_uplift,
                                    fx.p_treatment_continuity):
        treated = treatment.refer_to_treatment(system, person, case, U.TREATMENT_DAYS_RELEASE)
    else:
        treated = False
    if person.female and not case.wc_referred:  # in prison when the run began
        womens_centres.refer_to_womens_centre(system, person, case)
    resettlement.resettle(system, person, case, treated)
    licence_end, recall_rate = custody.licence_terms(system, passed, sentence_start)
    recall_rate = young_adults.breach_rate_per_year(system, case, recall_rate)
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
    breach_rate = young_adults.breach_rate_per_year(system, case,
                                                    system.p.probation.breach_rate_per_year)
    breach = yield from supervised(system, person, case, env.now + passed.supervised_days, False,
                                   passed.disposal, breach_rate)
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
    A remand or recall on a new charge ends supervision, and so does a new conviction that
    revokes the order or licence (:func:`models.pathway.stages.supervision.revoke`), even
    between periods of supervision (during a breach hearing or a recall)."""
    env = system.env
    n_breach = first_breach
    person.supervision_case, person.supervision_licence = case, licence
    ended: SupervisionEnd | None = None
    while env.now < until and not case.revoked:
        ended = yield from supervision.supervise(system, person, case, until, licence, disposal,
                                                 breach_rate_per_year, n_breach)
        if ended != SupervisionEnd.BREACHED:
            break
        reoffending.void_spell(system, person)
        occurrence, n_breach = n_breach, n_breach + 1
        supervision.record_breach(system, person, case, licence)
        if licence:
            yield from _recalled(system, person, case, until, occurrence)
        else:
            yield from court.breach_hearing(system, person, case, occurrence)
            passed = sentencing.breach_sentence(system, person, case, occurrence)
            if passed is not None:
                _supervision_over(person, case)
                return passed
        if not case.revoked:
            at_risk(system, person, env.now, disposal, case)
    _supervision_over(person, case)
    return None


def _supervision_over(person: Person, case: Case) -> None:
    if person.supervision_case is case:
        person.supervision_case = None


def _recalled(system: System, person: Person, case: Case, until: float,
              occurrence: int) -> Process:
    """Recalled to prison for the recall period (no longer than the licence)."""
    env = system.env
    days = custody.recall_days(system, case, occurrence)
    place = yield from _prison_place(system, person)
    custody.enter_prison(system, person, case.case_id, Custody.RECALL)
    yield env.timeout(max(0.0, min(days, until - env.now)))
    custody.leave_prison(system, person, case.case_id, Custody.RECALL)
    place.__exit__(None, None, None)


# ---------------------------------------------------------------- at risk: the next offence

def at_risk(system: System, person: Person, t: float, disposal: int, case: Case,
            on_bail: bool = False, pending_charge: bool = False) -> None:
    """A spell at risk begins at ``t`` after ``disposal`` (with the support the case brought;
    ``on_bail`` awaiting its verdict, ``pending_charge`` awaiting the charging decision, each
    reading the case's own draws): the next offence is drawn, and the arrest it leads to
    scheduled. Someone in prison now (serving a recall while another case ends) begins no spell:
    their release will; so does someone waiting in police cells for a prison place."""
    if not math.isnan(person.prison_since) or person.awaiting_place:
        return
    t = max(t, person.police_until)  # in a police station for a new arrest: from its end
    nxt = reoffending.begin_spell(system, person, t, disposal, case.ld_engaged, case.supported,
                                  case if on_bail else None, case if pending_charge else None)
    if nxt is None:
        return
    delay = nxt.arrest_day - system.env.now
    # the exact time SimPy will fire at (now + delay can differ from arrest_day by a rounding)
    person.pending_arrest_day = system.env.now + delay
    woken = person.supervision_wake
    if isinstance(woken, simpy.Event) and not woken.triggered \
            and person.pending_arrest_day < person.supervision_wait_until:
        woken.succeed()  # supervision looks again: the new arrest comes first
    system.env.call_later(delay, arrested, system, person, nxt.spell, nxt.offence_day)


def close_spells(system: System) -> None:
    """At the horizon: record the undetected offences of every spell still open."""
    for person in system.people:
        reoffending.end_spell(system, person, system.horizon)
