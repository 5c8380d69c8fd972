"""Court: the plea first, then trial for contested cases; courtrooms with queues; custody time limits.

After charge a defendant first appears before the court (a remanded defendant the next day, a
bailed one after ``first_hearing_days``) and pleads: guilty pleas are likelier on summary charges
and rarer on indictable-only ones (``plea_odds_ratio_by_seriousness``). A guilty plea is
convicted there; a not guilty plea goes to trial after ``preparation_days`` of trial
preparation, and a trial may end in acquittal (more often for indictable-only charges:
``conviction_odds_ratio_by_seriousness``). Every hearing waits for a courtroom. A convicted
defendant may be sentenced at once or after an adjournment for a pre-sentence report (awaiting
sentence, on bail or on remand). Part of the wait for a first hearing on bail, of trial
preparation and of the adjournment is hand-offs between agencies, which data sharing shortens
(:mod:`models.pathway.handoffs`).
A remanded defendant awaiting trial is held no longer than the custody time limit for the case
(X40: 56 days for a summary and 70 for an either-way case at the magistrates' court, 182 at the
Crown Court) unless the prosecution has it extended; the journey then bails them. A breach of a
community order comes back to the magistrates' court for a short hearing.
"""

from __future__ import annotations

import math
from collections.abc import Generator

import simpy

from models.config.vocabulary import SERIOUSNESS, Court, Item, Seriousness
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person
from models.pathway.handoffs import shortened
from sim.stats import with_odds_ratio

__all__ = ["first_hearing", "trial_preparation_days", "custody_time_limit_days", "trial",
           "adjournment_days", "verdict_on_joined", "breach_hearing"]


def _court_params(system: Context, court_code: Court):
    return system.p.court.crown if court_code == Court.CROWN else system.p.court.magistrates


def _hearing(system: Context, person: Person, case: Case, court_code: Court, plea: bool, slot: int,
             occurrence: int = 0) -> Generator[simpy.Event, object, None]:
    court = _court_params(system, court_code)
    duration = system.quantile(case, slot,
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


def first_hearing(system: Context, person: Person,
                  case: Case) -> Generator[simpy.Event, object, bool]:
    """The first appearance, where the plea is taken; return True for a guilty plea (the
    defendant is convicted there)."""
    court = _court_params(system, case.court)
    ds = system.p.data_sharing
    wait = 1.0 if case.remanded else shortened(
        system.quantile(case, U.FIRST_HEARING_DAYS, court.first_hearing_days),
        ds.handoff_share_first_hearing, ds.handoff_days_multiplier)
    yield system.env.timeout(wait)
    p_plea = with_odds_ratio(court.p_guilty_plea, system.p.court.plea_odds_ratio_by_seriousness[
        SERIOUSNESS[case.seriousness]])
    guilty = case.guilty_plea = case.uniforms[U.PLEA] < p_plea
    if guilty:
        yield from _hearing(system, person, case, case.court, True, U.HEARING_DAYS)
        system.events.convicted(system.env.now, person.person_id, case.case_id, case.court)
    return guilty


def trial_preparation_days(system: Context, case: Case) -> float:
    """From a not guilty plea to a trial-ready case (its hand-off part shortened by data
    sharing)."""
    court, ds = _court_params(system, case.court), system.p.data_sharing
    return shortened(system.quantile(case, U.PREPARATION_DAYS, court.preparation_days),
                     ds.handoff_share_preparation, ds.handoff_days_multiplier)


def custody_time_limit_days(system: Context, case: Case) -> float:
    """The custody time limit of a remanded case, counted from the start of remand (inf if
    extended)."""
    c = system.p.court
    if case.uniforms[U.CUSTODY_TIME_LIMIT_EXTENDED] < c.p_custody_time_limit_extended:
        return math.inf
    if case.court == Court.CROWN:
        return c.crown.custody_time_limit_days
    return (c.magistrates.custody_time_limit_days_summary
            if case.seriousness == Seriousness.SUMMARY
            else c.magistrates.custody_time_limit_days)


def trial(system: Context, person: Person, case: Case) -> Generator[simpy.Event, object, bool]:
    """A trial in a courtroom; return True if convicted."""
    court = _court_params(system, case.court)
    yield from _hearing(system, person, case, case.court, False, U.HEARING_DAYS)
    p_convicted = with_odds_ratio(
        court.p_convicted_at_trial,
        system.p.court.conviction_odds_ratio_by_seriousness[SERIOUSNESS[case.seriousness]])
    convicted = case.uniforms[U.VERDICT] < p_convicted
    if convicted:
        system.events.convicted(system.env.now, person.person_id, case.case_id, case.court)
    else:
        system.events.acquitted(system.env.now, person.person_id, case.case_id, case.court)
    return convicted


def adjournment_days(system: Context, case: Case) -> float:
    """Days from conviction to sentence (0 if sentenced at once): an adjournment for a
    pre-sentence report (its hand-off part, the information gathered from other agencies,
    shortened by data sharing)."""
    court, ds = _court_params(system, case.court), system.p.data_sharing
    if case.uniforms[U.ADJOURNED] >= court.p_adjourned_for_sentence:
        return 0.0
    return shortened(system.quantile(case, U.ADJOURNMENT_DAYS, court.adjournment_days),
                     ds.handoff_share_adjournment, ds.handoff_days_multiplier)


def verdict_on_joined(system: Context, person: Person, case: Case, convicted: bool) -> None:
    """Charges joined to ``case`` while on bail share its verdict (each conviction proves its
    offence, which joins the record; they are sentenced with ``case``)."""
    record = system.events.convicted if convicted else system.events.acquitted
    for joined in case.joined or ():
        record(system.env.now, person.person_id, joined.case_id, case.court)
        if convicted:
            person.prior_offences += joined.offences


def breach_hearing(system: Context, person: Person, case: Case,
                   occurrence: int = 0) -> Generator[simpy.Event, object, None]:
    """A breach of a community order goes back to the magistrates' court (a short hearing)."""
    yield from _hearing(system, person, case, Court.MAGISTRATES, True, U.BREACH_HEARING_DAYS,
                        occurrence)
