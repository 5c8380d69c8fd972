"""Sentencing on conviction: immediate custody (under 12 months, or 12 months or more), a
suspended sentence order, a community order with requirements, a fine or a discharge; and the
sentence for a breach of a community order.

The sentence mix depends on the court. The chance of custody is lower for children, women and
people engaged with L&D (X8), lower for summary and higher for indictable-only cases, and grows
with the record (the court's shares hold for a reference record; X33: custody goes to long
records), and differs by ethnic group, more for drug offences (003:841-843;
:mod:`models.pathway.disproportionality`); ``custody_multiplier_short`` is the lever that
replaces custodial sentences under 12 months by community orders (Rec 5, 003:114-119);
``devolution.custody_multiplier_if_local_payer`` scales it again when a local budget pays for
short custody (a response to who pays; 1 = none). A custodial sentence's length is drawn for an
either-way offence after a trial, then multiplied by ``length_multiplier_by_seriousness`` and
reduced by a third for a guilty plea at the first hearing (the Sentencing Council's guideline),
staying within its band (under 12 months, or 12 months or more); the mixture's mean is near
the published average custodial sentence (003:394-395).
"""

from __future__ import annotations

from models.config.scenario import Params
from models.config.vocabulary import (
    DAYS_PER_MONTH,
    HOLDER_LEVEL,
    SERIOUSNESS,
    Court,
    Disposal,
    OffenceGroup,
)
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person, Sentence

__all__ = ["sentence", "breach_sentence"]

_SERIOUSNESS_NAMES = SERIOUSNESS

_SHORT_BELOW_MONTHS = 12.0  # a short custodial sentence is under 12 months

_ORDER = (Disposal.LONG_CUSTODY, Disposal.SHORT_CUSTODY, Disposal.SUSPENDED,
          Disposal.COMMUNITY_ORDER, Disposal.FINE, Disposal.DISCHARGE)


def sentence(system: Context, person: Person, case: Case) -> Sentence:
    """Pass sentence on a convicted case now: a conviction is a proven offence."""
    passed = _decide(system, person, case)
    t = system.env.now
    case.disposal, case.sentence_days = passed.disposal, passed.length_days
    case.sentence_start = case.remand_start if case.remanded and not case.recalled else t
    system.events.sentenced(t, person.person_id, case.case_id, passed.disposal,
                            passed.length_days, case.offences, person.prior_offences)
    person.prior_offences += case.offences
    return passed


def breach_sentence(system: Context, person: Person, case: Case,
                    occurrence: int) -> Sentence | None:
    """After a breach hearing: short custody with ``p_custody_on_breach``, else the order goes on
    (None). ``occurrence`` counts the breaches of this order before this one."""
    if system.case_uniform(case, U.BREACH_CUSTODY, occurrence) >= \
            system.p.probation.p_custody_on_breach:
        return None
    months = system.quantile(case, U.BREACH_MONTHS, system.p.sentencing.short_custody_months,
                             occurrence)
    passed = Sentence(Disposal.SHORT_CUSTODY, months * 365.25 / 12)
    system.events.sentenced(system.env.now, person.person_id, case.case_id, passed.disposal,
                            passed.length_days, 0, person.prior_offences)
    return passed


def _length_factor(s: Params, case: Case) -> float:
    """How the case's seriousness and plea change a custodial sentence's length."""
    factor = s.length_multiplier_by_seriousness[_SERIOUSNESS_NAMES[case.seriousness]]
    return factor * (1.0 - s.guilty_plea_reduction) if case.guilty_plea else factor


def _decide(system: Context, person: Person, case: Case) -> Sentence:
    s = system.p.sentencing
    crown = case.court == Court.CROWN
    shares = s.shares_crown if crown else s.shares_magistrates
    mult = 1.0
    if person.age_band_at(system.env.now) == 0:
        mult *= s.custody_multiplier_youth
    if person.female:
        mult *= s.custody_multiplier_female
    if case.ld_engaged:
        mult *= system.p.liaison_diversion.custody_multiplier_if_engaged
    if case.supported:
        mult *= system.p.womens_centres.custody_multiplier_if_supported
    if case.maturity_assessed:  # a young adult's maturity weighed (stages.young_adults)
        mult *= system.p.young_adults.custody_multiplier_if_assessed
    mult *= s.custody_multiplier_by_seriousness[_SERIOUSNESS_NAMES[case.seriousness]]
    mult *= s.custody_multiplier_per_prior_offence ** (min(person.prior_offences, 30)
                                                       - s.custody_reference_prior_offences)
    mult *= system.ethnic.custody[person.ethnicity]  # 003:841-843
    if case.offence_group == OffenceGroup.DRUGS:
        mult *= system.ethnic.custody_drugs[person.ethnicity]
    base_custody = shares.get("long_custody", 0.0) + shares["short_custody"]
    p_long = shares.get("long_custody", 0.0) * mult
    p_short = shares["short_custody"] * mult * s.custody_multiplier_short
    if HOLDER_LEVEL[system.p.budget_holders.prison_days] == "local":  # who pays (budget.py)
        p_short *= system.p.devolution.custody_multiplier_if_local_payer
    ceiling = base_custody + shares["community_order"]  # more custody comes out of community orders
    if p_long + p_short > ceiling:
        p_long, p_short = (p_long * ceiling / (p_long + p_short), p_short * ceiling / (p_long + p_short))
    moved = base_custody - p_long - p_short
    probs = (p_long, p_short, shares["suspended"], shares["community_order"] + moved,
             shares["fine"], shares["discharge"])
    u = case.uniforms
    u_sentence, u_len, u_req = u[U.SENTENCE], u[U.SENTENCE_LENGTH], u[U.REQUIREMENT]
    acc = 0.0
    disposal = _ORDER[-1]
    for d, pr in zip(_ORDER, probs, strict=True):
        acc += pr
        if u_sentence < acc:
            disposal = d
            break
    if disposal == Disposal.LONG_CUSTODY:
        months = float(s.long_custody_months.ppf(u_len)) * _length_factor(s, case)
        return Sentence(disposal, max(months, _SHORT_BELOW_MONTHS) * DAYS_PER_MONTH)
    if disposal == Disposal.SHORT_CUSTODY:
        months = float(s.short_custody_months.ppf(u_len)) * _length_factor(s, case)
        return Sentence(disposal, min(months, _SHORT_BELOW_MONTHS) * DAYS_PER_MONTH)
    if disposal == Disposal.COMMUNITY_ORDER:
        months = float(s.community_order_months.ppf(u_len))
        return Sentence(disposal, months * DAYS_PER_MONTH, months * DAYS_PER_MONTH,
                        person.has_need and u_req < s.p_treatment_requirement_if_need)
    if disposal == Disposal.SUSPENDED:
        months = float(s.suspended_supervision_months.ppf(u_len))
        supervised = u_req < s.p_suspended_with_supervision
        return Sentence(disposal, months * DAYS_PER_MONTH,
                        months * DAYS_PER_MONTH if supervised else 0.0, False)
    return Sentence(disposal)
