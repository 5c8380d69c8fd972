"""Charge: the offences charged, the court the case goes to, and bail or remand in custody.

At charge, undetected offences the person committed since their last case may be admitted and
taken into consideration (TICs): they are proven with the case. The mode of trial decides the
court: summary cases stay at the magistrates' court, indictable-only cases go to the Crown
Court, and either-way cases are sent there at a rate (children's cases mostly stay in the youth
court). Remand in custody follows the bail risk: the odds rise with the seriousness of the case,
with each previous proven offence, with homelessness (003:1303-1306) and for an offence committed
on bail (Bail Act 1976), and by ethnic group (:mod:`models.pathway.disproportionality`); X18
and X35 calibrate them. A defendant engaged with L&D (custody suite or court) has the odds
multiplied by ``remand_odds_ratio_if_engaged`` (1 in the baseline: X9). A defendant charged
again while on bail keeps their bail and the new charge joins the earlier case, unless bail is
withdrawn: then the new charge is a case of its own, remanded. A person charged while on licence
is usually recalled to prison instead.
"""

from __future__ import annotations

from models.config.vocabulary import SERIOUSNESS, Court, Item, Seriousness
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person
from sim.stats import with_odds_ratio

__all__ = ["charge_and_remand", "p_remand", "join_charge", "bail_withdrawn"]


def charge_and_remand(system: Context, person: Person, case: Case,
                      released: bool = False) -> bool:
    """Charge now, choose the court and decide remand; return True if remanded (or recalled).
    A suspect ``released`` pending the charging decision is charged by postal requisition and
    bailed to court (not remanded or recalled on this charge)."""
    p, t, pid, cid = system.p.prosecution, system.env.now, person.person_id, case.case_id
    u = case.uniforms
    _take_into_consideration(system, person, case)
    case.court = _court(system, person, case, u[U.COURT_ROUTE])
    system.events.charge(t, pid, cid, case.court, case.offence_group, case.seriousness)
    system.ledger.charge(Item.PROSECUTION, pid, t, t, p.cost_per_case_crown_gbp
                         if case.court == Court.CROWN else p.cost_per_case_magistrates_gbp)
    case.recalled = not released and person.licence_until > t and u[U.RECALL_ON_CHARGE] < \
        p.p_recall_if_charged_on_licence[_SERIOUSNESS_NAMES[case.seriousness]]
    case.remanded = case.recalled or (not released and u[U.REMAND] < p_remand(system, person, case))
    if case.remanded:
        system.events.remand(t, pid, cid, case.recalled)
    else:
        system.events.bail(t, pid, cid)
    return case.remanded


def p_remand(system: Context, person: Person, case: Case) -> float:
    """The chance of remand in custody: the odds for the mode of trial, times an odds ratio per
    previous proven offence (up to 30), one for homelessness and one for a charge while on bail
    for another case."""
    p = system.p.prosecution
    base = p.p_remand_by_seriousness[_SERIOUSNESS_NAMES[case.seriousness]]
    ratio = p.remand_odds_ratio_per_prior_offence ** min(person.prior_offences, 30)
    if person.no_accommodation:
        ratio *= p.remand_odds_ratio_if_homeless
    if person.open_case is not None and person.open_case is not case:
        ratio *= p.remand_odds_ratio_if_on_bail
    if case.ld_engaged:  # L&D in the custody suite or at court
        ratio *= system.p.liaison_diversion.remand_odds_ratio_if_engaged
    ratio *= system.ethnic.remand_odds[person.ethnicity]
    return with_odds_ratio(base, ratio)


def bail_withdrawn(system: Context, person: Person, case: Case) -> bool:
    """A defendant on bail for an earlier case is charged with ``case``: True if the court
    remands them on it (the same draw :func:`charge_and_remand` then reads)."""
    return case.uniforms[U.REMAND] < p_remand(system, person, case)


_SERIOUSNESS_NAMES = SERIOUSNESS


def _court(system: Context, person: Person, case: Case, u_court: float) -> Court:
    p = system.p.prosecution
    if case.seriousness == Seriousness.SUMMARY:
        return Court.MAGISTRATES
    if person.age_band_at(system.env.now) == 0:  # the youth court keeps most children's cases
        return Court.CROWN if u_court < p.p_crown_court_youth else Court.MAGISTRATES
    if case.seriousness == Seriousness.INDICTABLE_ONLY:
        return Court.CROWN
    return Court.CROWN if u_court < p.p_either_way_sent_to_crown_adult else Court.MAGISTRATES


def _take_into_consideration(system: Context, person: Person, case: Case) -> None:
    """Undetected offences since the person's last case are admitted with this one, each with
    ``p_taken_into_consideration``."""
    case.offences += _binomial(person.undetected_since_case,
                               system.p.police.p_taken_into_consideration,
                               case.uniforms[U.TAKEN_INTO_CONSIDERATION])
    person.undetected_since_case = 0


def _binomial(n: int, p: float, u: float) -> int:
    """The ``u``-quantile of Binomial(n, p) (n is small: a person's undetected offences)."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    q = 1.0 - p
    pmf = q ** n
    cdf, k = pmf, 0
    while u >= cdf and k < n:
        pmf *= (n - k) / (k + 1) * p / q
        k += 1
        cdf += pmf
    return k


def join_charge(system: Context, person: Person, case: Case, pending: Case) -> None:
    """Charge now a defendant on bail for ``pending``: the new charge joins the pending case, to
    be tried and sentenced with it (its verdict is the pending case's, and proves its own
    offence; offences taken into consideration with it join the pending case's count); bail
    goes on."""
    p, t, pid, cid = system.p.prosecution, system.env.now, person.person_id, case.case_id
    _take_into_consideration(system, person, case)
    case.court = pending.court
    system.events.charge(t, pid, cid, case.court, case.offence_group, case.seriousness)
    system.ledger.charge(Item.PROSECUTION, pid, t, t, p.cost_per_case_crown_gbp
                         if case.court == Court.CROWN else p.cost_per_case_magistrates_gbp)
    system.events.bail(t, pid, cid)
    pending.offences += case.offences - 1
    case.offences = 1
    pending.seriousness = max(pending.seriousness, case.seriousness)
    if pending.joined is None:
        pending.joined = []
    pending.joined.append(case)
