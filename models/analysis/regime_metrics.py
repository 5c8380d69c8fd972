"""Prison staffing, regime and programme metrics (issue 13), beside :mod:`models.analysis.metrics`.

Read from a run's ``resources["prison_regime"]`` (:mod:`models.pathway.run`): the daily staff per
prisoner and hours out of cell (:class:`models.pathway.regime.Regime`, at the end of each day),
and one row per programme started in prison (day of the release it was counted at, programme,
completed). Programmes are counted at the release of the prisoner who started them.
"""

from __future__ import annotations

import math

import numpy as np

from models.config.vocabulary import DAYS_PER_YEAR, PROGRAMMES

__all__ = ["REGIME_METRICS", "regime_metrics", "programme_metric"]


def programme_metric(programme: str, what: str) -> str:
    """The metric name of ``what`` ("starts" or "completions") of ``programme`` per year."""
    return f"programme_{what}_{programme}_per_year"


REGIME_METRICS = ("mean_staff_per_prisoner", "mean_hours_out_of_cell") + tuple(
    programme_metric(g, w) for w in ("starts", "completions") for g in PROGRAMMES)


def regime_metrics(resources: dict, window: tuple[float, float]) -> dict[str, float]:
    """Mean staff per prisoner and hours out of cell over the window's days; programme starts
    and completions per year in the window (NaN and 0 for a run without the record)."""
    rec = resources.get("prison_regime")
    a, b = window
    out: dict[str, float] = {}
    if rec is None:
        out["mean_staff_per_prisoner"] = out["mean_hours_out_of_cell"] = math.nan
        progs = np.zeros((0, 3))
    else:
        day = np.asarray(rec["day"])
        inwin = (day >= a) & (day < b)
        out["mean_staff_per_prisoner"] = float(np.mean(rec["staff_per_prisoner"][inwin]))
        out["mean_hours_out_of_cell"] = float(np.mean(rec["hours_out_of_cell"][inwin]))
        progs = np.asarray(rec["programmes"]).reshape(-1, 3)
    years = (b - a) / DAYS_PER_YEAR
    progs = progs[(progs[:, 0] >= a) & (progs[:, 0] < b)]
    for g, name in enumerate(PROGRAMMES):
        mine = progs[progs[:, 1] == g]
        out[programme_metric(name, "starts")] = len(mine) / years
        out[programme_metric(name, "completions")] = float(mine[:, 2].sum()) / years
    return out
