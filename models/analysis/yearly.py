"""Stocks year by year of the measurement window: what a timeline (a trend, a court shock and
its recovery, a lever switched on in year k) changes over time, which a mean over the whole
window hides.

:func:`yearly_means` turns a run's daily stocks (:func:`models.analysis.metrics.daily_populations`)
into one mean per year of the window; :func:`peak_yearly` gives the metrics ``peak_*`` (the
highest of those yearly means); :func:`by_year_table` tabulates a comparison's yearly means per
configuration with their 95% CIs and the paired difference from the base.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from models.config.vocabulary import DAYS_PER_YEAR
from sim.stats import mean_ci, paired_difference_ci

__all__ = ["YEARLY_COLUMNS", "PEAK_METRICS", "yearly_means", "peak_yearly", "by_year_table"]

# the stocks followed year by year (columns of daily_populations)
YEARLY_COLUMNS = ("prison_total", "probation_total", "court_magistrates_outstanding",
                  "court_crown_outstanding")
PEAK_METRICS = {"peak_court_crown_outstanding": "court_crown_outstanding",
                "peak_prison_total": "prison_total"}


def yearly_means(daily: pd.DataFrame, window: tuple[float, float],
                 columns: Sequence[str] = YEARLY_COLUMNS) -> pd.DataFrame:
    """Mean of each of ``columns`` per year of the window (``year`` 0 is the first); a last
    part-year is its own row."""
    a, b = window
    d = daily[(daily["day"] >= a) & (daily["day"] < b)]
    year = np.floor((d["day"].to_numpy() - a) / DAYS_PER_YEAR).astype(int)
    cols = [c for c in columns if c in d.columns]
    return d[cols].groupby(year).mean().rename_axis("year").reset_index()


def peak_yearly(daily: pd.DataFrame, window: tuple[float, float]) -> dict[str, float]:
    """The ``peak_*`` metrics: the highest yearly mean in the window of each stock."""
    y = yearly_means(daily, window, tuple(PEAK_METRICS.values()))
    return {name: float(y[col].max()) if len(y) else float("nan")
            for name, col in PEAK_METRICS.items()}


def by_year_table(daily: pd.DataFrame, window: tuple[float, float], base: str,
                  configs: Sequence[str]) -> pd.DataFrame:
    """A comparison's stocks year by year: per (config, year, stock) the mean over replications
    with its 95% CI, and the paired difference from ``base`` with its CI. ``daily`` has
    config, replication, day and the stock columns (weekly rows will do)."""
    rows = []
    per = {(c, r): yearly_means(g, window).set_index("year")
           for (c, r), g in daily.groupby(["config", "replication"], sort=False)}
    reps = sorted({r for _, r in per})
    for c in configs:
        if (c, reps[0]) not in per:
            continue
        years = per[c, reps[0]].index
        for col in per[c, reps[0]].columns:
            for y in years:
                v = np.array([per[c, r].at[y, col] for r in reps], dtype=float)
                m = mean_ci(v)
                row = {"config": c, "year": int(y) + 1, "stock": col, "mean": m.mean,
                       "ci_low": m.low, "ci_high": m.high}
                if c != base:
                    v0 = np.array([per[base, r].at[y, col] for r in reps], dtype=float)
                    d = paired_difference_ci(v0, v)
                    row |= {"diff": d.mean, "diff_low": d.low, "diff_high": d.high}
                rows.append(row)
    return pd.DataFrame(rows, columns=["config", "year", "stock", "mean", "ci_low", "ci_high",
                                       "diff", "diff_low", "diff_high"])
