"""The reoffending hazard: time to the next offence, from the person and the support they had.

A spell at risk (after release, a court order, a caution, no further action...) draws:

- desistance: with probability ``p_desist_per_spell[age band]`` the person does not offend again;
- otherwise a time to the next offence from a Weibull proportional-hazards model,
  ``S(t) = exp(-HR * (t / lambda) ** k)``, where ``lambda`` is set so that a reference person
  (HR = 1) offends within 12 months with probability ``p_reference_reoffend_12m``.

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
    """The reoffending hazard of a scenario, precomputed for the hot path."""

    def __init__(self, p: Params) -> None:
        r = p.reoffending
        self.k = r.weibull_shape
        self.inv_k = 1.0 / self.k
        self.lam_days = DAYS_PER_YEAR / (-math.log1p(-r.p_reference_reoffend_12m)) ** self.inv_k
        self.hr_age = [r.hr_age[b] for b in AGE_BANDS]
        self.p_desist = [r.p_desist_per_spell[b] for b in AGE_BANDS]
        self.hr_female = r.hr_female
        self.hr_mh, self.hr_sm = r.hr_mental_health, r.hr_substance_misuse
        self.hr_house, self.hr_job = r.hr_no_settled_accommodation, r.hr_unemployed
        self.hr_prior, self.max_prior = r.hr_per_prior_offence, r.max_prior_offences_counted
        self.hr_disposal = [r.hr_disposal[d] for d in DISPOSALS]
        self.treat_keep = 1.0 - p.treatment.need_hazard_reduction
        self.hr_ld = p.liaison_diversion.hr_if_engaged
        self.hr_wc = p.womens_centres.hr_if_supported

    def hazard_ratio(self, person: Person, age_band: int, disposal: int, ld_engaged: bool,
                     supported: bool) -> float:
        """The hazard ratio of ``person`` (in ``age_band``) after ``disposal``: their latent
        risk, age, sex, needs (less what treatment removed), accommodation, employment, record,
        the disposal, and support from L&D or a women's centre."""
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
        return hr

    def time_to_offence(self, hr: float, age_band: int, u_desist: float, u_time: float) -> float:
        """Days to the next offence (``inf`` if the person desists)."""
        if u_desist < self.p_desist[age_band] or hr <= 0.0:
            return math.inf
        return self.lam_days * (-math.log1p(-u_time) / hr) ** self.inv_k

    def p_offend_within(self, hr: float, age_band: int, days: float) -> float:
        """Analytic probability of an offence within ``days`` of the spell start."""
        return (1.0 - self.p_desist[age_band]) * -math.expm1(-hr * (days / self.lam_days) ** self.k)

    def time_to_offence_vectorised(self, attrs: dict[str, np.ndarray], disposal: int,
                                   u_desist: np.ndarray, u_time: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`time_to_offence` for people with no treatment or L&D support."""
        age = attrs["age_at_entry_years"]
        band = np.where(age < 18.0, 0, np.where(age < 25.0, 1, 2))
        hr = attrs["risk"] * np.take(self.hr_age, band) * self.hr_disposal[disposal]
        hr = hr * self.hr_prior ** np.minimum(attrs["prior_offences"], self.max_prior)
        hr = hr * np.where(attrs["female"], self.hr_female, 1.0)
        hr = hr * np.where(attrs["mental_health"], self.hr_mh, 1.0)
        hr = hr * np.where(attrs["substance_misuse"], self.hr_sm, 1.0)
        hr = hr * np.where(attrs["no_accommodation"], self.hr_house, 1.0)
        hr = hr * np.where(attrs["unemployed"], self.hr_job, 1.0)
        with np.errstate(divide="ignore"):  # a zero latent risk never offends
            t = self.lam_days * (-np.log1p(-u_time) / hr) ** self.inv_k
        return np.where(u_desist < np.take(self.p_desist, band), np.inf, t)
