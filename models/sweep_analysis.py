"""Analysis of a sweep: indices from SALib, tornado and PSA summaries, figures, a report.

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

from models.sweep import SweepSpec, design_points, point_means, sampled_design

__all__ = ["analyse", "plot_tornado", "plot_morris", "plot_sobol", "plot_psa",
           "plot_response"]


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


def _top(df: pd.DataFrame, metric: str, col: str, n: int) -> pd.DataFrame:
    d = df[df["metric"] == metric]
    return d.reindex(d[col].abs().sort_values(ascending=False).index).head(n)


def plot_tornado(ax, tornado: pd.DataFrame, metric: str, n: int = 12):
    """Change in ``metric`` from the middle of every range when one factor goes to its low
    (left bar) or high (right bar) end; the largest swings on top."""
    d = _top(tornado, metric, "swing", n).iloc[::-1]
    y = np.arange(len(d))
    ax.barh(y, d["at_low"], color="#0072B2", label="factor at low end")
    ax.barh(y, d["at_high"], color="#D55E00", alpha=0.8, label="factor at high end")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, d["factor"], fontsize=7)
    ax.set_xlabel(f"change in {metric} from the middle of every range")
    ax.set_title(f"One-at-a-time sensitivity (tornado): {metric}")
    ax.legend(fontsize=7)
    return ax


def plot_morris(ax, morris: pd.DataFrame, metric: str, n_labels: int = 8):
    """Morris mu* against sigma: far right = influential, high = non-linear or interacting."""
    d = morris[morris["metric"] == metric]
    ax.errorbar(d["mu_star"], d["sigma"], xerr=d["mu_star_conf"], fmt="o", color="#0072B2")
    for _, r in _top(morris, metric, "mu_star", n_labels).iterrows():
        ax.annotate(r["factor"], (r["mu_star"], r["sigma"]), fontsize=6, xytext=(3, 3),
                    textcoords="offset points")
    ax.set_xlabel("mu* (mean absolute elementary effect; bars: 95% CI)")
    ax.set_ylabel("sigma (spread of elementary effects)")
    ax.set_title(f"Morris screening: {metric}")
    return ax


def plot_sobol(ax, sobol: pd.DataFrame, metric: str, n: int = 12):
    """First-order and total Sobol indices with 95% confidence intervals."""
    d = _top(sobol, metric, "ST", n)
    x = np.arange(len(d))
    ax.bar(x - 0.2, d["S1"], 0.4, yerr=d["S1_conf"], label="first order S1", color="#0072B2")
    ax.bar(x + 0.2, d["ST"], 0.4, yerr=d["ST_conf"], label="total ST", color="#D55E00")
    ax.set_xticks(x, d["factor"], rotation=45, ha="right", fontsize=7)
    ax.set_ylabel("share of output variance")
    ax.set_title(f"Sobol indices (95% CI): {metric}")
    ax.legend(fontsize=7)
    return ax


def plot_psa(ax, parts: pd.DataFrame, spec: SweepSpec, metric: str, threshold: float = -0.02):
    """Distribution of ``metric`` over the points, with the share below ``threshold``."""
    v = point_means(parts, spec)[f"y.{metric}"].dropna()
    ax.hist(v, bins=min(30, max(5, len(v) // 3)), color="#0072B2", alpha=0.8)
    ax.axvline(threshold, color="#D55E00", ls="--",
               label=f"P({metric} < {threshold:g}) = {(v < threshold).mean():.2f}")
    ax.set_xlabel(metric)
    ax.set_ylabel("points")
    ax.set_title(f"Outcome distribution over the sweep ({spec.design}, {len(v)} points)")
    ax.legend(fontsize=7)
    return ax


def plot_response(ax, parts: pd.DataFrame, spec: SweepSpec, metric: str, factor: str):
    """``metric`` against one factor's value at every point (replication means)."""
    y = point_means(parts, spec)[f"y.{metric}"]
    x = design_points(spec)[:, list(spec.factors).index(factor)]
    ax.plot(x, y.to_numpy(), "o", ms=3, alpha=0.7)
    ax.set_xlabel(factor)
    ax.set_ylabel(metric)
    ax.set_title(f"Response: {metric} against {factor}")
    return ax
