"""A devolved custody budget with invest-to-save (Rec 4, 003:110-113; 003:362).

The combined authority holds the custody budget for low and medium risk offenders (remand,
recall and sentences under 12 months) set from a reference population of those prisoners, from
the end of the warm-up (so the run's start-up does not count as savings). At each review (every
``review_period_years``) the bed-days it did not use in the period, priced at the cost of a
prison day, are savings; a share ``p_savings_reinvested`` of them funds local community
capacity (treatment places and probation caseload places, split by ``share_to_treatment``)
for one review period, starting ``reinvestment_lag_years`` later. Each period's funding
*replaces* the last (capacity follows the money; it does not accumulate), and the whole amount
reinvested is charged to the ``reinvestment`` cost item, whether or not the places are used.
The use of those places is also charged at the usual daily cost, so the reinvested places are
costed conservatively (an upper bound). With ``p_savings_reinvested = 0`` (the centralised
baseline) no process runs. Every decision is kept in ``system.reinvestments``.
"""

from __future__ import annotations

from collections.abc import Generator

import simpy

from models.config.vocabulary import DAYS_PER_YEAR, Item
from models.pathway.system import System

__all__ = ["invest_to_save"]


def invest_to_save(system: System) -> Generator[simpy.Event, object, None]:
    """The custody budget review, once per period after the warm-up; a SimPy process."""
    p, env = system.p, system.env
    d = p.devolution
    period = d.review_period_years * DAYS_PER_YEAR
    lag = d.reinvestment_lag_years * DAYS_PER_YEAR
    treat_place_gbp = p.treatment.cost_per_day_gbp * period
    probation_place_gbp = p.probation.cost_per_supervision_day_gbp * period
    open_now = {"treatment": 0, "probation": 0}  # reinvested places open at present
    yield env.timeout(system.settings.warmup_days)  # the budget is handed over after the warm-up
    while env.now + period < system.horizon:
        yield env.timeout(period)
        # the devolved part: remand, recall and sentences under 12 months
        used = (system.prison.busy.time_average(env.now - period, env.now)
                - system.long_sentenced.time_average(env.now - period, env.now))
        unused_bed_days = max(0.0, d.reference_prison_population - used) * period
        reinvest_gbp = unused_bed_days * p.custody.cost_per_prison_day_gbp * d.p_savings_reinvested
        n_treat = int(reinvest_gbp * d.share_to_treatment // treat_place_gbp) \
            if treat_place_gbp > 0 else 0
        n_prob = int(reinvest_gbp * (1.0 - d.share_to_treatment) // probation_place_gbp) \
            if probation_place_gbp > 0 else 0
        opens = env.now + lag
        system.reinvestments.append({
            "review_day": env.now, "opens_day": opens, "mean_prison_population": used,
            "unused_bed_days": unused_bed_days, "reinvested_gbp": reinvest_gbp,
            "treatment_places": n_treat, "probation_places": n_prob})
        if reinvest_gbp > 0 and opens < system.horizon:
            end = min(opens + period, system.horizon)
            system.ledger.charge(Item.REINVESTMENT, -1, opens, end,
                                 reinvest_gbp * (end - opens) / period)
        env.process(_set_places(system, open_now, lag, n_treat, n_prob))


def _set_places(system: System, open_now: dict[str, int], lag_days: float, n_treatment: int,
                n_probation: int) -> Generator[simpy.Event, object, None]:
    """After the lag, make the reinvested capacity what this period's funding pays for."""
    if lag_days > 0:
        yield system.env.timeout(lag_days)
    t = system.env.now
    delta = n_treatment - open_now["treatment"]
    if delta > 0:
        system.treatment_pool.add_servers(t, delta)
    elif delta < 0:
        system.treatment_pool.remove_servers(-delta)
    delta = n_probation - open_now["probation"]
    if delta > 0:
        system.probation.add(delta)
    elif delta < 0:
        system.probation.remove(-delta)
    open_now["treatment"], open_now["probation"] = n_treatment, n_probation
    yield system.env.timeout(0)
