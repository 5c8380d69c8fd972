"""Analysis of a sweep: indices from SALib, tornado and PSA summaries.

- one-at-a-time: for each factor, the metric at the low and the high end of its range minus the
  metric at the middle (a tornado);
- Morris: mu* (mean absolute elementary effect), sigma, and mu*'s confidence interval;
- Sobol: first-order and total indices with confidence intervals (Saltelli/Jansen estimators);
- LHS, grid and PSA: the distribution of each metric over the points, with the probability that
  it falls below a threshold (e.g. that devolved-integrated cuts reoffending by more than 2 pp),
  and standardised regression coefficients as a cheap ranking.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.analysis.sweep.runs import point_means
from models.analysis.sweep.spec import SweepSpec, design_points, sampled_design

__all__ = ["analyse"]


def analyse(spec: SweepSpec, parts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Index tables per metric for the sweep's design (keyed by table name)."""
    y = point_means(parts, spec)
    x = design_points(spec)
    prob = spec.problem()
    out: dict[str, pd.DataFrame] = {}
    rows = []
    for m in spec.metrics:
        v = y[f"y.{m}"].to_numpy(dtype=float)
        if spec.design == "oat":
            mid = v[0]
            for i, name in enumerate(prob["names"]):
                lo, hi = v[1 + 2 * i], v[2 + 2 * i]
                rows.append({"metric": m, "factor": name, "at_low": lo - mid, "at_high": hi - mid,
                             "swing": abs(hi - lo), "middle": mid})
        elif spec.design == "morris":
            from SALib.analyze import morris
            res = morris.analyze(prob, sampled_design(spec), v, num_levels=spec.morris_levels,
                                 seed=spec.seed)
            for i, name in enumerate(prob["names"]):
                rows.append({"metric": m, "factor": name, "mu_star": res["mu_star"][i],
                             "mu_star_conf": res["mu_star_conf"][i], "sigma": res["sigma"][i],
                             "mu": res["mu"][i]})
        elif spec.design == "sobol":
            from SALib.analyze import sobol
            res = sobol.analyze(prob, v, calc_second_order=False, seed=spec.seed)
            for i, name in enumerate(prob["names"]):
                rows.append({"metric": m, "factor": name, "S1": res["S1"][i],
                             "S1_conf": res["S1_conf"][i], "ST": res["ST"][i],
                             "ST_conf": res["ST_conf"][i]})
        else:
            ok = ~np.isnan(v)
            xs = (x[ok] - x[ok].mean(0)) / np.where(x[ok].std(0) > 0, x[ok].std(0), 1.0)
            ys = (v[ok] - v[ok].mean()) / (v[ok].std() or 1.0)
            src = np.linalg.lstsq(np.c_[np.ones(ok.sum()), xs], ys, rcond=None)[0][1:]
            for i, name in enumerate(prob["names"]):
                rows.append({"metric": m, "factor": name, "src": src[i], "abs_src": abs(src[i])})
    key = {"oat": "tornado", "morris": "morris", "sobol": "sobol"}.get(spec.design, "src")
    out[key] = pd.DataFrame(rows)
    dist = []
    for m in spec.metrics:
        v = y[f"y.{m}"].dropna().to_numpy(dtype=float)
        q = np.percentile(v, [2.5, 50, 97.5]) if len(v) else [np.nan] * 3
        dist.append({"metric": m, "points": len(v), "mean": v.mean() if len(v) else np.nan,
                     "p2_5": q[0], "median": q[1], "p97_5": q[2],
                     "share_below_minus_0_02": float((v < -0.02).mean()) if len(v) else np.nan,
                     "share_below_0": float((v < 0).mean()) if len(v) else np.nan})
    out["distribution"] = pd.DataFrame(dist)
    return out
