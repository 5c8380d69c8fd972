"""A devolved custody budget with invest-to-save (Rec 4, 003:110-113; 003:362).

The combined authority receives a grant for the custody items it holds (remand, recall and
sentences under 12 months; :mod:`models.pathway.budget`), fixed in advance, from the end of the
warm-up (so the run's start-up does not count). At each review (every ``review_period_years``)
the custody fund's net position for the period is the grant minus the devolved custody spend
(the mean devolved prison population x the period x the cost of a prison day):

- an **overspend** (negative) funds nothing and is **carried**: later savings repay it first;
- a **saving** (positive, after repaying what is carried) funds a share
  ``p_savings_reinvested`` of itself as local community capacity (treatment places and
  probation caseload places, split by ``share_to_treatment``) for one review period, starting
  ``reinvestment_lag_years`` later; the rest stays with the holder (a saving it keeps).

Reinvestment **only buys places that bind**: a pool gets at most the places it lacked in the
period (its mean queue plus its mean use above its own capacity, rounded up); money the pools
cannot use is not spent (``unspent_gbp``). Each period's places *replace* the last (capacity
follows the money).

Reinvested places are **charged once**, as places bought: the use of a place is charged as
usual (supervision or treatment days, to whoever holds that item), and when a period's places
close, their idle place-days (bought, open, not used: the places above the pool's own capacity
are the last to fill) are charged to the ``reinvestment`` item, so the two together are exactly
the places bought x days open x the daily cost. Every decision is kept in
``system.reinvestments``; every period of places, with its used and idle place-days, in
``system.reinvested_windows``. With ``p_savings_reinvested = 0`` (the centralised baseline)
no process runs.
"""

from __future__ import annotations

import math
from collections.abc import Generator

import numpy as np
import simpy

from models.config.vocabulary import DAYS_PER_YEAR, DEVOLVED_CUSTODY_ITEMS, Item
from models.pathway.budget import grants
from models.pathway.system import System
from sim import LevelLog

__all__ = ["invest_to_save", "close_reinvested_places", "level_above"]


def level_above(log: LevelLog, base: float, t0: float, t1: float, cap: float = math.inf) -> float:
    """The integral over [t0, t1] of the level's excess over ``base`` (at most ``cap``): the
    place-days used above a capacity of ``base``."""
    if t1 <= t0:
        return 0.0
    st, lv = log.to_steps()
    edges = np.concatenate(([t0], st[(st > t0) & (st < t1)], [t1]))
    idx = np.maximum(np.searchsorted(st, edges[:-1], side="right") - 1, 0)
    excess = np.clip(lv[idx] - base, 0.0, cap)
    return float(np.sum(excess * np.diff(edges)))


def _pools(system: System) -> dict[str, tuple[LevelLog, LevelLog, float, float]]:
    """Per pool: (busy, queue, its own capacity without reinvested places, daily cost of a
    place)."""
    p = system.p
    open_places = {"treatment": 0, "probation": 0}
    for w in system.reinvested_windows:
        if math.isnan(w["close_day"]):
            open_places[w["pool"]] += w["places"]
    return {"treatment": (system.treatment_pool.busy, system.treatment_pool.queue,
                          float(system.treatment_pool.servers - open_places["treatment"]),
                          p.treatment.cost_per_day_gbp),
            "probation": (system.probation.busy, system.probation.queue,
                          float(system.probation.capacity - open_places["probation"]),
                          p.probation.cost_per_supervision_day_gbp)}


def invest_to_save(system: System) -> Generator[simpy.Event, object, None]:
    """The custody budget review, once per period after the warm-up; a SimPy process."""
    p, env = system.p, system.env
    d = p.devolution
    period = d.review_period_years * DAYS_PER_YEAR
    lag = d.reinvestment_lag_years * DAYS_PER_YEAR
    day_gbp = p.custody.cost_per_prison_day_gbp
    grant_gbp = sum(g.gbp_per_year for g in grants(p)
                    if g.item in DEVOLVED_CUSTODY_ITEMS) * d.review_period_years
    pools = _pools(system)
    share = {"treatment": d.share_to_treatment, "probation": 1.0 - d.share_to_treatment}
    carried_gbp = 0.0  # an overspend carried forward (<= 0)
    yield env.timeout(system.settings.warmup_days)  # the budget is handed over after the warm-up
    while env.now + period < system.horizon:
        yield env.timeout(period)
        t0, t1 = env.now - period, env.now
        # the devolved part: remand, recall and sentences under 12 months
        used = (system.prison.busy.time_average(t0, t1)
                - system.long_sentenced.time_average(t0, t1))
        spend_gbp = used * period * day_gbp
        net_gbp = grant_gbp - spend_gbp
        available_gbp = carried_gbp + net_gbp
        budget_gbp = max(0.0, available_gbp) * d.p_savings_reinvested
        carried_gbp = min(0.0, available_gbp)
        places: dict[str, int] = {}
        record: dict[str, float] = {}
        for name, (busy, queue, own, place_day_gbp) in pools.items():
            place_gbp = place_day_gbp * period
            affordable = int(budget_gbp * share[name] // place_gbp) if place_gbp > 0 else 0
            lacked = (queue.time_average(t0, t1) + level_above(busy, own, t0, t1) / period)
            places[name] = min(affordable, math.ceil(lacked - 1e-9))
            record[f"{name}_places_affordable"] = affordable
            record[f"{name}_places_lacked"] = lacked
        bought_gbp = sum(places[n] * pools[n][3] * period for n in pools)
        opens = t1 + lag
        system.reinvestments.append({
            "review_day": t1, "opens_day": opens, "mean_prison_population": used,
            "unused_bed_days": max(0.0, net_gbp) / day_gbp, "reinvested_gbp": bought_gbp,
            "treatment_places": places["treatment"], "probation_places": places["probation"],
            "grant_gbp": grant_gbp, "spend_gbp": spend_gbp, "net_gbp": net_gbp,
            "carried_gbp": carried_gbp, "budget_gbp": budget_gbp,
            "unspent_gbp": budget_gbp - bought_gbp, **record})
        env.process(_set_places(system, lag, places))


def _close_window(system: System, t: float) -> None:
    """Close the open period of reinvested places at ``t``: record its used and idle place-days
    and charge the idle ones (the used ones were charged as they were used)."""
    pools = _pools(system)
    for w in system.reinvested_windows:
        if not math.isnan(w["close_day"]):
            continue
        busy, _, own, place_day_gbp = pools[w["pool"]]
        t_open, n = w["open_day"], w["places"]
        t_close = min(t, system.horizon)
        used = level_above(busy, own, t_open, t_close, cap=n)
        idle = max(0.0, n * (t_close - t_open) - used)
        w.update(close_day=t_close, used_place_days=used, idle_place_days=idle,
                 idle_gbp=idle * place_day_gbp)
        if idle > 0 and t_close > t_open:
            system.ledger.charge(Item.REINVESTMENT, -1, t_open, t_close, idle * place_day_gbp)


def close_reinvested_places(system: System) -> None:
    """At the horizon: close the places still open (their idle days are charged)."""
    _close_window(system, system.horizon)


def _set_places(system: System, lag_days: float,
                places: dict[str, int]) -> Generator[simpy.Event, object, None]:
    """After the lag, make the reinvested capacity what this period's funding pays for."""
    if lag_days > 0:
        yield system.env.timeout(lag_days)
    t = system.env.now
    if t >= system.horizon:
        return
    _close_window(system, t)
    open_now = {w["pool"]: w["places"] for w in system.reinvested_windows if w["close_day"] == t}
    delta = places["treatment"] - open_now.get("treatment", 0)
    if delta > 0:
        system.treatment_pool.add_servers(t, delta)
    elif delta < 0:
        system.treatment_pool.remove_servers(-delta)
    delta = places["probation"] - open_now.get("probation", 0)
    if delta > 0:
        system.probation.add(delta)
    elif delta < 0:
        system.probation.remove(-delta)
    for name, n in places.items():
        if n > 0:
            system.reinvested_windows.append({
                "pool": name, "open_day": t, "places": n, "close_day": math.nan,
                "used_place_days": math.nan, "idle_place_days": math.nan, "idle_gbp": math.nan})
    yield system.env.timeout(0)
