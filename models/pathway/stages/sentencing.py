"""Sentencing on conviction: immediate custody (under 12 months, or 12 months or more), a
suspended sentence order, a community order with requirements, a fine or a discharge.

The sentence mix depends on the court. The chance of custody is lower for children, women and
people engaged with L&D (X8), and higher with a longer record; ``custody_multiplier_short`` is the lever that replaces custodial
sentences under 12 months by community orders (Rec 5, 003:114-119). Lengths are drawn from
distributions whose mixture mean is near the published average custodial sentence (003:394-395).
"""

from __future__ import annotations

from models.config.scenario import DAYS_PER_MONTH
from models.pathway.draws import U
from models.pathway.events import Court, Disposal
from models.pathway.stages.reoffending import age_band_of

__all__ = ["Sentence", "decide_sentence"]

_ORDER = (Disposal.LONG_CUSTODY, Disposal.SHORT_CUSTODY, Disposal.SUSPENDED,
          Disposal.COMMUNITY_ORDER, Disposal.FINE, Disposal.DISCHARGE)


class Sentence:
    __slots__ = ("disposal", "length_days", "supervised_days", "treatment_requirement")

    def __init__(self, disposal: int, length_days: float = 0.0, supervised_days: float = 0.0,
                 treatment_requirement: bool = False):
        self.disposal, self.length_days = disposal, length_days
        self.supervised_days, self.treatment_requirement = supervised_days, treatment_requirement

    @property
    def custodial(self) -> bool:
        return self.disposal in (Disposal.SHORT_CUSTODY, Disposal.LONG_CUSTODY)


def decide_sentence(system, person, case) -> Sentence:
    """Choose the sentence for a convicted case (draws from the ``sentencing`` streams)."""
    s = system.p.sentencing
    crown = case.court == Court.CROWN
    shares = s.shares_crown if crown else s.shares_magistrates
    mult = 1.0
    if age_band_of(person.age_at(system.env.now)) == 0:
        mult *= s.custody_multiplier_youth
    if person.female:
        mult *= s.custody_multiplier_female
    if case.ld_engaged:
        mult *= system.p.liaison_diversion.custody_multiplier_if_engaged
    if case.supported:
        mult *= system.p.womens_centres.custody_multiplier_if_supported
    mult *= s.custody_multiplier_per_prior_offence ** min(person.priors, 10)
    base_custody = shares.get("long_custody", 0.0) + shares["short_custody"]
    p_long = shares.get("long_custody", 0.0) * mult
    p_short = shares["short_custody"] * mult * s.custody_multiplier_short
    ceiling = base_custody + shares["community_order"]  # more custody comes out of community orders
    if p_long + p_short > ceiling:
        p_long, p_short = (p_long * ceiling / (p_long + p_short), p_short * ceiling / (p_long + p_short))
    moved = base_custody - p_long - p_short
    probs = (p_long, p_short, shares["suspended"], shares["community_order"] + moved,
             shares["fine"], shares["discharge"])
    u, u_len, u_req = case.u[U.SENTENCE], case.u[U.SENTENCE_LENGTH], case.u[U.REQUIREMENT]
    acc = 0.0
    disposal = _ORDER[-1]
    for d, pr in zip(_ORDER, probs, strict=True):
        acc += pr
        if u < acc:
            disposal = d
            break
    need = person.mental_health or person.substance_misuse
    if disposal == Disposal.LONG_CUSTODY:
        return Sentence(disposal, float(s.long_custody_months.ppf(u_len)) * DAYS_PER_MONTH)
    if disposal == Disposal.SHORT_CUSTODY:
        return Sentence(disposal, float(s.short_custody_months.ppf(u_len)) * DAYS_PER_MONTH)
    if disposal == Disposal.COMMUNITY_ORDER:
        months = float(s.community_order_months.ppf(u_len))
        return Sentence(disposal, months * DAYS_PER_MONTH, months * DAYS_PER_MONTH,
                        need and u_req < s.p_treatment_requirement_if_need)
    if disposal == Disposal.SUSPENDED:
        months = float(s.suspended_supervision_months.ppf(u_len))
        supervised = u_req < s.p_suspended_with_supervision
        return Sentence(disposal, months * DAYS_PER_MONTH,
                        months * DAYS_PER_MONTH if supervised else 0.0, False)
    return Sentence(disposal)
