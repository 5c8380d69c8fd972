"""Arrest, the police custody suite and the charging decision.

A detected offence brings an arrest after a detection delay: the offence (its group and mode of
trial drawn from the case's uniforms) and the arrest are recorded and costed, and the detainee
is held for a detention time drawn from the case's uniforms. The police and CPS then take no
further action (NFA), give an out-of-court disposal (caution, community resolution, or a
conditional caution, with a treatment condition for someone with a need), or charge.
Out-of-court disposals go to short records (their share falls with each previous offence) and
never to an indictable-only offence. An L&D-engaged person bound for charge may be diverted to a
conditional caution, and a child or young adult with chances left to a community resolution
(003:549-553). The out-of-court share is multiplied by the person's ethnic group's factor (an
out-of-court disposal needs an admission, which the trust deficit makes harder, 003:875-879;
:mod:`models.pathway.disproportionality`). Everything up to charge happens at the arrest time,
with no SimPy process. A suspect bound for charge may instead be released to wait for the
charging decision (:func:`pending_charge_days`; none in the baseline).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from models.config.vocabulary import Disposal, Item, Seriousness
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person
from models.pathway.handoffs import shortened

__all__ = ["Outcome", "Decision", "arrest", "charging_decision", "no_further_action",
           "out_of_court", "pending_charge_days", "released_pending_charge"]

_OOCD = (Disposal.CAUTION, Disposal.COMMUNITY_RESOLUTION, Disposal.CONDITIONAL_CAUTION)


class Outcome(IntEnum):
    NO_FURTHER_ACTION = 0
    OUT_OF_COURT = 1
    CHARGE = 2


@dataclass(slots=True)
class Decision:
    """What the custody suite decides: the outcome and, out of court, the disposal."""

    outcome: Outcome
    disposal: Disposal = Disposal.NFA
    young_diversion: bool = False      # a child or young adult diverted from charge
    treatment_condition: bool = False  # a conditional caution that refers to treatment


def arrest(system: Context, person: Person, case: Case) -> float:
    """Record the offence and the arrest now, with their costs; return the detention days.

    The person is held in the custody suite until ``person.police_until``.
    """
    p, t, pid, cid = system.p, system.env.now, person.person_id, case.case_id
    u = case.uniforms
    case.offence_group = _pick(system.group_cum, u[U.OFFENCE_GROUP])
    case.seriousness = _pick(system.seriousness_cum[case.offence_group], u[U.SERIOUSNESS])
    system.events.offence(case.offence_day, pid, cid, case.offence_group, case.seriousness)
    system.ledger.charge(Item.COST_OF_CRIME, pid, case.offence_day, case.offence_day,
                         system.cost_of_crime_gbp[case.offence_group])
    system.events.arrest(t, pid, cid)
    system.ledger.charge(Item.POLICE_CUSTODY, pid, t, t, p.police.cost_per_arrest_gbp)
    detention = system.quantile(case, U.DETENTION_DAYS, p.police.detention_days)
    person.police_until = t + detention
    return detention


def charging_decision(system: Context, person: Person, case: Case) -> Decision:
    """NFA, an out-of-court disposal, or charge (after diversion from charge, if any)."""
    police, t = system.p.police, system.env.now
    youth = person.age_band_at(t) == 0
    shares = police.arrest_outcome_shares_youth if youth else police.arrest_outcome_shares_adult
    u = case.uniforms
    u_outcome, u_divert, u_type = u[U.ARREST_OUTCOME], u[U.DIVERSION], u[U.OOCD_TYPE]
    if u_outcome < shares["nfa"]:
        return Decision(Outcome.NO_FURTHER_ACTION)
    p_ooc = 0.0 if case.seriousness == Seriousness.INDICTABLE_ONLY else \
        shares["out_of_court"] * police.out_of_court_multiplier_per_prior_offence ** min(
            person.prior_offences, 10)
    f_ooc = system.ethnic.out_of_court[person.ethnicity]
    if f_ooc != 1.0:  # the admission an out-of-court disposal needs (003:875-879)
        p_ooc = min(p_ooc * f_ooc, 1.0 - shares["nfa"])
    charge = u_outcome >= shares["nfa"] + p_ooc
    ld_diverted = charge and case.ld_engaged and \
        u_divert < system.p.liaison_diversion.p_diverted_if_engaged
    young_diverted = charge and not ld_diverted and _young_diversion(system, person, case)
    if charge and not (ld_diverted or young_diverted):
        return Decision(Outcome.CHARGE)
    if ld_diverted:  # to a conditional caution with a treatment condition
        kind = Disposal.CONDITIONAL_CAUTION
    elif young_diverted:  # "2 or 3 chances" before charge (003:549-553)
        kind = Disposal.COMMUNITY_RESOLUTION
    else:
        ty = police.out_of_court_type_shares
        kind = _OOCD[0] if u_type < ty["caution"] else (
            _OOCD[1] if u_type < ty["caution"] + ty["community_resolution"] else _OOCD[2])
    treatment = kind == Disposal.CONDITIONAL_CAUTION and not case.ld_engaged and person.has_need
    return Decision(Outcome.OUT_OF_COURT, kind, young_diverted, treatment)


def pending_charge_days(system: Context, case: Case) -> float:
    """Days from leaving the custody suite to the charge, for a case bound for charge: 0 if
    charged there; otherwise released pending the charging decision (on bail pending charge or
    under investigation) with ``data_sharing.p_released_pending_charge``, for a wait whose
    hand-off part (the file between police and CPS) data sharing shortens."""
    ds = system.p.data_sharing
    if ds.p_released_pending_charge <= 0.0:
        return 0.0
    u_released, u_days = system.handoff_draws(case)
    if u_released >= ds.p_released_pending_charge:
        return 0.0
    return shortened(ds.pending_charge_days.quantile(u_days), ds.handoff_share_charging,
                     ds.handoff_days_multiplier)


def released_pending_charge(system: Context, person: Person, case: Case) -> None:
    """Released from the custody suite on bail to wait for the charging decision."""
    system.events.bail(person.police_until, person.person_id, case.case_id)


def no_further_action(system: Context, person: Person, case: Case) -> None:
    """Released from the custody suite with no further action."""
    system.events.no_further_action(person.police_until, person.person_id, case.case_id)


def out_of_court(system: Context, person: Person, case: Case, decision: Decision) -> None:
    """Released with an out-of-court disposal; a caution is a proven offence."""
    if decision.young_diversion:
        person.diversions += 1
    system.events.out_of_court(person.police_until, person.person_id, case.case_id,
                               decision.disposal, decision.young_diversion, case.offences,
                               person.prior_offences)
    if decision.disposal != Disposal.COMMUNITY_RESOLUTION:
        person.prior_offences += case.offences


def _young_diversion(system: Context, person: Person, case: Case) -> bool:
    """A child or young adult with chances left may be diverted from charge."""
    police = system.p.police
    return (police.p_young_diverted_from_charge > 0.0
            and person.age_at(system.env.now) < police.young_diversion_max_age_years
            and person.diversions < police.young_diversion_chances
            and case.uniforms[U.YOUNG_DIVERSION] < police.p_young_diverted_from_charge)


def _pick(cumulative: list[float], u: float) -> int:
    """The category whose cumulative share first exceeds ``u``."""
    for i, c in enumerate(cumulative):
        if u < c:
            return i
    return len(cumulative) - 1
