"""Offence, detection and arrest; the police custody suite; the charging decision.

A detected offence brings an arrest after a detection delay. In the custody suite the detainee
may be screened by L&D and a woman may be referred to a women's centre; the police and CPS then
take no further action (NFA), give an out-of-court disposal (caution, community resolution, or a
conditional caution, with a treatment condition for someone with a need), or charge. An
L&D-engaged person bound for charge may be diverted to a conditional caution, and a child or
young adult with chances left to a community resolution (003:549-553). Everything up to charge happens in one step at the arrest
time (no SimPy process): only charged cases enter the court process.
"""

from __future__ import annotations

from models.pathway.draws import U
from models.pathway.events import Disposal, Ev
from models.pathway.ledger import Item
from models.pathway.stages.liaison_diversion import screen_in_custody
from models.pathway.stages.reoffending import age_band_of, start_spell
from models.pathway.stages.treatment import refer_to_treatment
from models.pathway.stages.womens_centres import refer_to_womens_centre

__all__ = ["arrest"]

_OOCD = (Disposal.CAUTION, Disposal.COMMUNITY_RESOLUTION, Disposal.CONDITIONAL_CAUTION)


def arrest(system, person, token: int, offence_day: float) -> None:
    """Arrest ``person`` now for an offence committed at ``offence_day``.

    ``token`` is the spell at risk the offence belongs to; if the person has since been recalled
    or breached (a newer spell), the offence is void.
    """
    if token != person.spell:
        return
    p, env, rec, pid = system.p, system.env, system.record, person.pid
    t = env.now
    person.pending_arrest_day = float("inf")
    case = system.new_case(person, offence_day)
    cid = case.case_id
    rec((offence_day, pid, cid, Ev.OFFENCE, 0, 0.0))
    system.ledger.charge(Item.COST_OF_CRIME, pid, offence_day, offence_day,
                         p.reoffending.cost_of_crime_per_offence_gbp)
    rec((t, pid, cid, Ev.ARREST, 0, 0.0))
    system.ledger.charge(Item.POLICE_CUSTODY, pid, t, t, p.police.cost_per_arrest_gbp)
    detention = system.quantile(case, U.DETENTION_DAYS, "police.detention_days",
                                p.police.detention_days)
    case.ld_engaged = screen_in_custody(system, person, case, detention)
    if person.female:
        refer_to_womens_centre(system, person, case)

    youth = age_band_of(person.age_at(t)) == 0
    shares = p.police.arrest_outcome_shares_youth if youth else p.police.arrest_outcome_shares_adult
    u_outcome, u_divert, u_type = case.u[U.ARREST_OUTCOME], case.u[U.DIVERSION], case.u[U.OOCD_TYPE]
    t_out = person.police_until = t + detention
    if u_outcome < shares["nfa"]:
        rec((t_out, pid, cid, Ev.NFA, 0, 0.0))
        start_spell(system, person, t_out, _spell_disposal(person, Disposal.NFA), case.ld_engaged,
                    case.supported)
        return
    charge = u_outcome >= shares["nfa"] + shares["out_of_court"]
    ld_diverted = charge and case.ld_engaged and u_divert < p.liaison_diversion.p_diverted_if_engaged
    young_diverted = charge and not ld_diverted and _young_diversion(p.police, person, case, t)
    if charge and not (ld_diverted or young_diverted):
        person.last_charge_day = t
        env.process(system.prosecute(system, person, case, t_out))
        return
    if ld_diverted:  # to a conditional caution with a treatment condition
        kind = Disposal.CONDITIONAL_CAUTION
    elif young_diverted:  # "2 or 3 chances" before charge (003:549-553)
        person.diversions += 1
        kind = Disposal.COMMUNITY_RESOLUTION
    else:
        ty = p.police.out_of_court_type_shares
        kind = _OOCD[0] if u_type < ty["caution"] else (
            _OOCD[1] if u_type < ty["caution"] + ty["community_resolution"] else _OOCD[2])
    rec((t_out, pid, cid, Ev.OUT_OF_COURT, int(kind), float(young_diverted)))
    if kind != Disposal.COMMUNITY_RESOLUTION:
        person.priors += 1  # a caution is a proven offence
    if kind == Disposal.CONDITIONAL_CAUTION and not case.ld_engaged and (
            person.mental_health or person.substance_misuse):
        refer_to_treatment(system, person, case, U.TREATMENT_DAYS_ARREST)
    start_spell(system, person, t_out, _spell_disposal(person, kind), case.ld_engaged,
                case.supported)


def _spell_disposal(person, disposal: int) -> int:
    """Someone still under supervision keeps the hazard of the order or licence they are on."""
    return person.supervision_disposal if person.supervision_disposal >= 0 else disposal


def _young_diversion(police, person, case, t: float) -> bool:
    """A child or young adult with chances left may be diverted from charge."""
    return (police.p_young_diverted_from_charge > 0.0
            and person.age_at(t) < police.young_diversion_max_age_years
            and person.diversions < police.young_diversion_chances
            and case.u[U.YOUNG_DIVERSION] < police.p_young_diverted_from_charge)
