"""Reoffending: time to the next offence as a hazard that depends on the person and their support.

Each spell at risk (after release, a court order, a caution, no further action...) draws:

- desistance: with probability ``p_desist_per_spell[age band]`` the person does not offend again;
- otherwise a time to the next offence from a Weibull proportional-hazards model,
  ``S(t) = exp(-HR * (t / lambda) ** k)``, where ``lambda`` is set so that a reference person
  (HR = 1) offends within 12 months with probability ``p_reference_reoffend_12m``.

The hazard ratio multiplies the person's latent risk, age band, sex, needs (mental health and
substance misuse, with part of their excess removed by treatment), accommodation, employment,
prior offences and the index disposal. Short custody carries a higher ratio than a community
order (7 pp, 003:1284-1287); employment lowers it (003:477-480).
"""

from __future__ import annotations

import math

import numpy as np

from models.config.parameters import AGE_BANDS
from models.config.scenario import DAYS_PER_YEAR, Params
from models.pathway.events import DISPOSAL_NAMES

__all__ = ["HazardModel", "age_band_of", "start_spell"]


def age_band_of(age_years: float) -> int:
    """Index into AGE_BANDS (10-17, 18-24, 25+)."""
    return 0 if age_years < 18.0 else (1 if age_years < 25.0 else 2)


class HazardModel:
    """The reoffending hazard of a scenario, precomputed for the hot path."""

    def __init__(self, p: Params):
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
        self.hr_disposal = [r.hr_disposal[d] for d in DISPOSAL_NAMES]
        self.treat_keep = 1.0 - p.treatment.need_hazard_reduction
        self.hr_ld = p.liaison_diversion.hr_if_engaged
        self.hr_wc = p.womens_centres.hr_if_supported

    def hazard_ratio(self, risk: float, age_band: int, female: bool, mental_health: bool,
                     substance_misuse: bool, no_accommodation: bool, unemployed: bool,
                     prior_offences: int, disposal: int, treated: bool, ld_engaged: bool,
                     supported: bool = False) -> float:
        hr = risk * self.hr_age[age_band] * self.hr_disposal[disposal]
        hr *= self.hr_prior ** min(prior_offences, self.max_prior)
        if female:
            hr *= self.hr_female
        keep = self.treat_keep if treated else 1.0
        if mental_health:
            hr *= 1.0 + (self.hr_mh - 1.0) * keep
        if substance_misuse:
            hr *= 1.0 + (self.hr_sm - 1.0) * keep
        if no_accommodation:
            hr *= self.hr_house
        if unemployed:
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


def start_spell(system, person, t: float, disposal: int, ld_engaged: bool = False,
                supported: bool = False) -> None:
    """Begin a spell at risk at time ``t`` (>= now) and schedule the next arrest, if any.

    Draws come from the person's own uniforms for their j-th spell, so the same person faces
    the same luck in every configuration (common random numbers).
    """
    from models.pathway.events import Ev
    from models.pathway.stages.arrest import arrest

    u_desist, u_time, delay_days = system.spell_draws(person)
    person.spell += 1
    token = person.spell
    band = age_band_of(person.age_at(t))
    hz = system.hazard
    hr = hz.hazard_ratio(person.risk, band, person.female, person.mental_health,
                         person.substance_misuse, person.no_accommodation, person.unemployed,
                         person.priors, disposal, person.treated, ld_engaged, supported)
    person.treated = False
    system.record((t, person.pid, -1, Ev.AT_RISK, int(disposal), hr))
    dt = hz.time_to_offence(hr, band, u_desist, u_time)
    if dt == math.inf:
        system.record((t, person.pid, -1, Ev.DESISTED, 0, 0.0))
        person.pending_arrest_day = math.inf
        return
    offence_day = t + dt
    arrest_day = offence_day + delay_days
    if arrest_day >= system.horizon:
        person.pending_arrest_day = math.inf
        return
    person.pending_arrest_day = arrest_day
    ev = system.env.timeout(arrest_day - system.env.now)
    ev.callbacks.append(lambda _ev: arrest(system, person, token, offence_day))
