"""A devolved custody budget with invest-to-save (Rec 4, 003:110-113; 003:362).

The combined authority holds a custody budget set from a reference prison population, from the
end of the warm-up (so the run's start-up does not count as savings). At each review (every
``review_period_years``) the bed-days it did not use in the period, priced at the
cost of a prison day, are savings; a share ``p_savings_reinvested`` of them buys local
community capacity (treatment places and probation caseload places, split by
``share_to_treatment``) that opens ``reinvestment_lag_years`` later and stays open for the rest
of the run. A place costs a year of its daily cost. With ``p_savings_reinvested = 0`` (the
centralised baseline) no process runs. Every decision is kept in ``system.reinvestments``.
"""

from __future__ import annotations

from models.scenario import DAYS_PER_YEAR

__all__ = ["invest_to_save"]


def invest_to_save(system):
    """The yearly (per review period) custody budget review; a SimPy process."""
    p, env = system.p, system.env
    d = p.devolution
    period = d.review_period_years * DAYS_PER_YEAR
    lag = d.reinvestment_lag_years * DAYS_PER_YEAR
    treat_place_gbp = p.treatment.cost_per_day_gbp * DAYS_PER_YEAR
    probation_place_gbp = p.probation.cost_per_supervision_day_gbp * DAYS_PER_YEAR
    yield env.timeout(system.settings.warmup_days)  # the budget is handed over after the warm-up
    while env.now + period < system.horizon:
        yield env.timeout(period)
        used = system.prison.busy.time_average(env.now - period, env.now)
        unused_bed_days = max(0.0, d.reference_prison_population - used) * period
        reinvest_gbp = unused_bed_days * p.custody.cost_per_prison_day_gbp * d.p_savings_reinvested
        n_treat = int(reinvest_gbp * d.share_to_treatment // treat_place_gbp) \
            if treat_place_gbp > 0 else 0
        n_prob = int(reinvest_gbp * (1.0 - d.share_to_treatment) // probation_place_gbp) \
            if probation_place_gbp > 0 else 0
        system.reinvestments.append({
            "review_day": env.now, "opens_day": env.now + lag, "mean_prison_population": used,
            "unused_bed_days": unused_bed_days, "reinvested_gbp": reinvest_gbp,
            "treatment_places": n_treat, "probation_places": n_prob})
        if n_treat or n_prob:
            env.process(_open_places(system, lag, n_treat, n_prob))


def _open_places(system, lag_days: float, n_treatment: int, n_probation: int):
    yield system.env.timeout(lag_days)
    system.treatment_pool.add_servers(system.env.now, n_treatment)
    system.probation.add(n_probation)
