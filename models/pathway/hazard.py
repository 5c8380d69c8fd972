"""The reoffending hazard: time to the next offence, from the person and the support they had.

A spell at risk (after release, a court order, a caution, no further action, or on bail) draws
a time to the next *detected* offence from a Weibull proportional-hazards model,
``S(t) = exp(-HR * (t / lambda) ** k)``, where ``lambda`` is set so that a reference person
(HR = 1) offends within 12 months with probability ``p_reference_reoffend_12m``. Offences are
detected one in ``1 / p_offence_detected``; the undetected ones of a spell are counted, not
scheduled (:mod:`models.pathway.stages.reoffending`).

Criminal careers end by desistance, a process of the person rather than a coin flip per spell:
each person has a budget ``E ~ Exp(1)`` drawn once, and their career is over once the
desistance rate accumulated over time, ``desistance_rate_per_year[age band] x
desistance_multiplier_per_prior_offence ** record``, exceeds it; a long record ends later.
Their latent risk (a heavy-tailed propensity) multiplies the hazard for life.

The hazard ratio multiplies the person's latent risk, age band, sex, needs (mental health and
substance misuse, with part of their excess removed by treatment), accommodation, employment,
prior offences and the index disposal. Short custody carries a higher ratio than a community
order (7 pp, 003:1284-1287); employment lowers it (003:477-480). The spell itself is begun by
:mod:`models.pathway.stages.reoffending`; the cohort uses the vectorised form for people
already at risk when a run starts.
"""

from __future__ import annotations

import math

import numpy as np

from models.config.scenario import Params
from models.config.vocabulary import AGE_BANDS, DAYS_PER_YEAR, DISPOSALS
from models.pathway.entities import Person

__all__ = ["HazardModel"]


class HazardModel:
    """The reoffending hazard of a scenario, precomputed for the hot path.

    ``trend_per_year`` (a timeline's arrest trend) multiplies the hazard of a spell begun at
    ``t >= trend_from_day`` by ``(1 + trend_per_year) ** ((t - trend_from_day) / 365.25)``.
    """

    def __init__(self, p: Params, trend_per_year: float = 0.0,
                 trend_from_day: float = math.inf) -> None:
        self.trend_per_year = trend_per_year
        self.trend_from_day = trend_from_day if trend_per_year != 0.0 else math.inf
        r = p.reoffending
        self.k = r.weibull_shape
        self.inv_k = 1.0 / self.k
        self.lam_days = DAYS_PER_YEAR / (-math.log1p(-r.p_reference_reoffend_12m)) ** self.inv_k
        self.hr_age = [r.hr_age[b] for b in AGE_BANDS]
        self.desist_rate = [r.desistance_rate_per_year[b] / DAYS_PER_YEAR for b in AGE_BANDS]
        self.desist_prior = r.desistance_multiplier_per_prior_offence
        self.hr_female = r.hr_female
        self.hr_mh, self.hr_sm = r.hr_mental_health, r.hr_substance_misuse
        self.hr_house, self.hr_job = r.hr_no_settled_accommodation, r.hr_unemployed
        self.hr_prior, self.max_prior = r.hr_per_prior_offence, r.max_prior_offences_counted
        self.hr_disposal = [r.hr_disposal[d] for d in DISPOSALS]
        self.treat_keep = 1.0 - p.treatment.need_hazard_reduction
        self.hr_ld = p.liaison_diversion.hr_if_engaged
        self.hr_wc = p.womens_centres.hr_if_supported
        self.hr_managed = p.offender_management.hr_if_managed

    def hazard_ratio(self, person: Person, age_band: int, disposal: int, ld_engaged: bool,
                     supported: bool, managed: bool = False) -> float:
        """The hazard ratio of ``person`` (in ``age_band``) after ``disposal``: their latent
        risk, age, sex, needs (less what treatment removed), accommodation, employment, record,
        the disposal, support from L&D or a women's centre, and integrated offender
        management."""
        hr = person.risk * self.hr_age[age_band] * self.hr_disposal[disposal]
        hr *= self.hr_prior ** min(person.prior_offences, self.max_prior)
        if person.female:
            hr *= self.hr_female
        keep = self.treat_keep if person.treated else 1.0
        if person.mental_health:
            hr *= 1.0 + (self.hr_mh - 1.0) * keep
        if person.substance_misuse:
            hr *= 1.0 + (self.hr_sm - 1.0) * keep
        if person.no_accommodation:
            hr *= self.hr_house
        if person.unemployed:
            hr *= self.hr_job
        if ld_engaged:
            hr *= self.hr_ld
        if supported:  # by a women's centre
            hr *= self.hr_wc
        if managed:  # integrated offender management of a prolific offender
            hr *= self.hr_managed
        return hr * person.hr_programme  # programmes completed in prison (1: none, or off)

    def trend_multiplier(self, t: float) -> float:
        """The arrest trend's factor on the hazard of a spell begun at ``t`` (1 before it)."""
        if t < self.trend_from_day:
            return 1.0
        return (1.0 + self.trend_per_year) ** ((t - self.trend_from_day) / DAYS_PER_YEAR)

    def time_to_offence(self, hr: float, u_time: float) -> float:
        """Days to the next detected offence (``inf`` for a zero hazard)."""
        if hr <= 0.0:
            return math.inf
        return self.lam_days * (-math.log1p(-u_time) / hr) ** self.inv_k

    def p_offend_within(self, hr: float, days: float) -> float:
        """Analytic probability of a detected offence within ``days`` of the spell start (for a
        career that does not end first)."""
        return -math.expm1(-hr * (days / self.lam_days) ** self.k)

    def desistance_rate_per_day(self, age_band: int, prior_offences: int) -> float:
        return self.desist_rate[age_band] * self.desist_prior ** min(prior_offences, self.max_prior)

    def career_over(self, person: Person, t: float) -> bool:
        """Accumulate the person's desistance hazard up to ``t`` (at their current age and
        record) and say whether their criminal career has ended by then."""
        if t > person.desist_checked_day:
            person.desist_hazard += (t - person.desist_checked_day) * self.desistance_rate_per_day(
                person.age_band_at(t), person.prior_offences)
            person.desist_checked_day = t
        return person.desist_hazard >= person.desist_budget

    def careers_over_by(self, attrs: dict[str, np.ndarray], t_days: np.ndarray) -> np.ndarray:
        """Vectorised: whose career (from the run's start, at their age band and record at the
        start) has ended by ``t_days``."""
        band = _bands(attrs["age_at_entry_years"])
        rate = np.take(self.desist_rate, band) * self.desist_prior ** np.minimum(
            attrs["prior_offences"], self.max_prior)
        with np.errstate(invalid="ignore"):
            return rate * t_days >= attrs["desist_budget"]

    def residual_time_to_offence(self, attrs: dict[str, np.ndarray], disposal: int,
                                 elapsed_days: np.ndarray, u_time: np.ndarray) -> np.ndarray:
        """Days from now to the next detected offence of people whose spell at risk began
        ``elapsed_days`` ago without one (no treatment or L&D support): the Weibull residual
        ``lambda * ((s / lambda) ** k + E / HR) ** (1 / k) - s``, ``E = -log(1 - u)``."""
        hr = self.hazard_ratios(attrs, disposal)
        s = elapsed_days / self.lam_days
        with np.errstate(divide="ignore"):  # a zero latent risk never offends
            t = self.lam_days * (s ** self.k - np.log1p(-u_time) / hr) ** self.inv_k
        return t - elapsed_days

    def hazard_ratios(self, attrs: dict[str, np.ndarray], disposal: int) -> np.ndarray:
        """Vectorised :meth:`hazard_ratio` for people with no treatment or L&D support."""
        band = _bands(attrs["age_at_entry_years"])
        hr = attrs["risk"] * np.take(self.hr_age, band) * self.hr_disposal[disposal]
        hr = hr * self.hr_prior ** np.minimum(attrs["prior_offences"], self.max_prior)
        hr = hr * np.where(attrs["female"], self.hr_female, 1.0)
        hr = hr * np.where(attrs["mental_health"], self.hr_mh, 1.0)
        hr = hr * np.where(attrs["substance_misuse"], self.hr_sm, 1.0)
        hr = hr * np.where(attrs["no_accommodation"], self.hr_house, 1.0)
        return hr * np.where(attrs["unemployed"], self.hr_job, 1.0)


def _bands(age_years: np.ndarray) -> np.ndarray:
    return np.where(age_years < 18.0, 0, np.where(age_years < 25.0, 1, 2))
