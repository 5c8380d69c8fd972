"""Supervision in the community by probation: community orders, suspended sentence orders and
licence after release.

Probation caseload places are a resource with a queue: a person waits for allocation (and goes
unsupervised while waiting). A period of supervision ends when the order or licence ends, at a
technical breach (drawn at ``rate_per_year``; what follows, recall to prison on licence or a
breach hearing on an order, is the journey's to decide), or because of a new case. A new
charge does not end it by itself: supervision goes on while the defendant is on bail, ends if
they are remanded in custody or recalled on the charge, and ends when a conviction for the new
offence revokes the order (any conviction) or the licence (a custodial sentence, or a new
supervised sentence, which takes over the supervision) (:func:`revoke`). A person is supervised
once at a time: a period whose caseload place comes only after a newer one began does not start.
"""

from __future__ import annotations

import math
from collections.abc import Generator

import simpy

from models.config.vocabulary import DAYS_PER_YEAR, Item, Supervision, SupervisionEnd
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person
from sim import Exponential

__all__ = ["supervise", "record_breach", "revoke"]

_UNIT_EXPONENTIAL = Exponential(1.0)


def supervise(system: Context, person: Person, case: Case, until: float, licence: bool,
              disposal: int, rate_per_year: float,
              n_breach: int) -> Generator[simpy.Event, object, SupervisionEnd | None]:
    """Supervise ``person`` until ``until``; return why supervision ended, or None if it ended
    (or a charge came) before a caseload place was free.

    ``n_breach`` counts earlier breaches (or recalls) of this order or licence: the first reads
    the case's own uniform, later ones draw afresh.
    """
    env, pid, cid = system.env, person.person_id, case.case_id
    kind = Supervision.LICENCE if licence else Supervision.ORDER
    with system.probation.slot() as wait:
        while wait is not None and not wait.triggered:  # unsupervised until a place is free
            woken = person.supervision_wake = env.event()
            t_stop = person.supervision_wait_until = min(until, person.pending_arrest_day)
            yield wait | woken | env.timeout(max(0.0, t_stop - env.now))
            if wait.triggered:
                break
            if env.now >= until:
                return None
            if woken.triggered and env.now < t_stop:
                continue  # a new spell at risk: look again at its arrest
            held = yield from _charge_decided(system, person)
            if held:
                return None  # remanded or recalled: the new case decides what follows
        if person.police_until > env.now:  # held for another arrest: wait for its decision
            yield env.timeout(person.police_until - env.now)
            yield env.timeout(0)
            if person.last_charge_day == env.now and person.held_on_charge:
                return None  # remanded or recalled: the new case decides what follows
        # No wait from here to the start, so at most one period is open at a time.
        if case.revoked or (isinstance(person.revoke, simpy.Event)
                            and not person.revoke.triggered):
            return None  # revoked, or a newer supervision began meanwhile and takes over
        if not math.isnan(person.prison_since) or person.awaiting_place:
            return None  # in prison, or waiting for a place, on another case
        t0 = person.supervised_since = env.now
        person.supervision_disposal = disposal
        revoked = person.revoke = env.event()
        system.events.supervision_start(t0, pid, cid, kind)
        gap = system.quantile(case, U.BREACH_GAP, _UNIT_EXPONENTIAL, n_breach)
        t_breach = t0 + gap * DAYS_PER_YEAR / rate_per_year if rate_per_year > 0 else math.inf
        while True:
            t_stop = min(until, person.pending_arrest_day, t_breach)
            # Decide why supervision might stop now: at t_stop the arrest may already have
            # cleared pending_arrest_day.
            end = SupervisionEnd.COMPLETED if t_stop == until else (
                SupervisionEnd.CHARGED if t_stop == person.pending_arrest_day
                else SupervisionEnd.BREACHED)
            woken = person.supervision_wake = env.event()
            person.supervision_wait_until = t_stop
            yield env.timeout(max(0.0, t_stop - env.now)) | revoked | woken
            if revoked.triggered:
                return SupervisionEnd.REVOKED  # closed by revoke()
            if woken.triggered and env.now < t_stop:
                continue  # a new spell at risk: look again at its arrest
            if end != SupervisionEnd.CHARGED:
                break
            held = yield from _charge_decided(system, person, revoked)
            if revoked.triggered:
                return SupervisionEnd.REVOKED
            if held:
                break
            t_breach = max(t_breach, person.police_until)  # no breach while in custody
        _close(system, person, case, kind, end)
    return end


def _charge_decided(system: Context, person: Person,
                    revoked: simpy.Event | None = None) -> Generator[simpy.Event, object, bool]:
    """After an arrest now, wait for the custody suite's decision; return True if the person
    was charged and remanded in custody or recalled (held)."""
    env = system.env
    yield env.timeout(0)  # let a same-time arrest decide first
    if person.last_charge_day != env.now:
        return False  # no further action or out of court: supervision goes on
    wait = env.timeout(max(0.0, person.police_until - env.now))
    yield (wait | revoked) if revoked is not None else wait
    yield env.timeout(0)  # the charge and the remand decision come first
    return person.held_on_charge


def _close(system: Context, person: Person, case: Case, kind: Supervision,
           end: SupervisionEnd, supervised_case: Case | None = None) -> None:
    """End the period of supervision of ``supervised_case`` (default ``case``), recording the
    end on ``case``."""
    t0, t = person.supervised_since, system.env.now
    cost = (t - t0) * system.p.probation.cost_per_supervision_day_gbp
    if (supervised_case or case).maturity_assessed:  # young-adult (intensive) supervision
        cost *= system.p.young_adults.supervision_cost_multiplier_if_assessed
    system.ledger.charge(Item.PROBATION_SUPERVISION, person.person_id, t0, t, cost)
    person.supervised_since = math.nan
    person.supervision_disposal = -1
    person.revoke = None
    system.events.supervision_end(t, person.person_id, case.case_id, kind, end)


def revoke(system: Context, person: Person, new_case: Case, custodial: bool,
           supervised: bool) -> None:
    """A conviction on ``new_case`` revokes the order being supervised; a custodial sentence,
    or a new ``supervised`` sentence (which takes over), ends a licence: close the supervision
    now (the supervising process then stops). Nothing happens if nobody supervises the person."""
    current = person.supervision_case
    if current is None or current is new_case:
        return
    licence = person.supervision_licence
    if licence and not (custodial or supervised):
        return  # a licence goes on through a fine or a discharge
    current.revoked = True  # also between periods (a breach hearing, a recall)
    revoked = person.revoke
    if isinstance(revoked, simpy.Event) and not revoked.triggered:
        _close(system, person, new_case, Supervision.LICENCE if licence else Supervision.ORDER,
               SupervisionEnd.REVOKED, current)
        revoked.succeed()


def record_breach(system: Context, person: Person, case: Case, licence: bool) -> None:
    """A technical breach: a recall to prison on licence, back to court on an order."""
    if licence:
        system.events.recall(system.env.now, person.person_id, case.case_id)
    else:
        system.events.breach(system.env.now, person.person_id, case.case_id)
