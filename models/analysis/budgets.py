"""Devolved budgets as budgets: each holder's spend, grant and net position per year, and what
invest-to-save bought (pure functions of a run's cost table and records).

The grant (``models.pathway.budget``) is a transfer between public budgets, not a cost: spend
is the ledger's cost per holder (``metrics.costs_by_holder``); grant is received (positive) or
paid (negative) per year; the net position is grant minus spend (for the local holder that
receives a grant, positive is a saving and negative an overspend).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from models.config.vocabulary import DAYS_PER_YEAR, HOLDER_LEVEL

__all__ = ["budget_positions", "budget_metrics", "BUDGET_METRICS"]

BUDGET_METRICS = ("grant_to_local_gbp_per_year", "net_position_local_gbp_per_year",
                  "reinvestment_bought_gbp_per_year", "idle_reinvested_place_days_per_year")


def budget_positions(costs: pd.DataFrame, grant_by_holder: Mapping[str, float]) -> pd.DataFrame:
    """Per year and public budget holder: spend, grant (received +, paid -) and net position
    (grant - spend), from a ``costs_by_holder`` table and the run's grants per year."""
    c = costs[costs["level"] != "social"]
    grant = c["holder"].astype(str).map(lambda h: grant_by_holder.get(h, 0.0)).astype(float)
    return pd.DataFrame({"year": c["year"].to_numpy(), "holder": c["holder"].astype(str).to_numpy(),
                         "level": c["level"].to_numpy(), "spend_gbp": c["cost_gbp"].to_numpy(),
                         "grant_gbp": grant.to_numpy(),
                         "net_gbp": grant.to_numpy() - c["cost_gbp"].to_numpy()})


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def budget_metrics(costs: pd.DataFrame, grant_by_holder: Mapping[str, float],
                   reinvestments: Sequence[Mapping], windows: Sequence[Mapping],
                   window: tuple[float, float]) -> dict[str, float]:
    """The budget metrics of one run, per year of the measurement ``window``: grants received
    by local holders; their net position (grant - spend, only holders that receive a grant);
    what invest-to-save paid for places bought at reviews in the window; the idle reinvested
    place-days (bought, open, not used) in the window."""
    a, b = window
    years = (b - a) / DAYS_PER_YEAR
    receivers = [h for h, g in grant_by_holder.items() if g > 0 and HOLDER_LEVEL[h] == "local"]
    spend = costs.groupby("holder", observed=True)["cost_gbp"].mean()
    idle = 0.0
    for w in windows:
        close = w["close_day"]
        if math.isnan(close) or close <= w["open_day"]:
            continue
        idle += w["idle_place_days"] * _overlap(w["open_day"], close, a, b) / (close - w["open_day"])
    return {
        "grant_to_local_gbp_per_year": float(sum(grant_by_holder[h] for h in receivers)),
        "net_position_local_gbp_per_year": float(sum(grant_by_holder[h] - spend.get(h, 0.0)
                                                     for h in receivers)),
        "reinvestment_bought_gbp_per_year": float(sum(r["reinvested_gbp"] for r in reinvestments
                                                      if a <= r["review_day"] < b)) / years,
        "idle_reinvested_place_days_per_year": idle / years,
    }
