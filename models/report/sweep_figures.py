"""Figures of a sweep: tornado, Morris mu*-sigma, Sobol indices, outcome distribution, response.

Each function draws on ``ax`` and returns it; the tables come from
:func:`models.analysis.sweep.indices.analyse`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from models.analysis.sweep import SweepSpec, design_points, point_means

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_tornado", "plot_morris", "plot_sobol", "plot_psa", "plot_response"]


def _top(df: pd.DataFrame, metric: str, col: str, n: int) -> pd.DataFrame:
    d = df[df["metric"] == metric]
    return d.reindex(d[col].abs().sort_values(ascending=False).index).head(n)


def plot_tornado(ax: Axes, table: pd.DataFrame, metric: str, n: int = 12) -> Axes:
    """Change in ``metric`` from the middle of every range when one factor goes to its low
    (left bar) or high (right bar) end; the largest swings on top."""
    d = _top(table, metric, "swing", n).iloc[::-1]
    y = np.arange(len(d))
    ax.barh(y, d["at_low"], color="#0072B2", label="factor at low end")
    ax.barh(y, d["at_high"], color="#D55E00", alpha=0.8, label="factor at high end")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, d["factor"], fontsize=7)
    ax.set_xlabel(f"change in {metric} from the middle of every range")
    ax.set_title(f"One-at-a-time sensitivity (tornado): {metric}")
    ax.legend(fontsize=7)
    return ax


def plot_morris(ax: Axes, table: pd.DataFrame, metric: str, n_labels: int = 8) -> Axes:
    """Morris mu* against sigma: far right = influential, high = non-linear or interacting."""
    d = table[table["metric"] == metric]
    ax.errorbar(d["mu_star"], d["sigma"], xerr=d["mu_star_conf"], fmt="o", color="#0072B2")
    for _, r in _top(table, metric, "mu_star", n_labels).iterrows():
        ax.annotate(r["factor"], (r["mu_star"], r["sigma"]), fontsize=6, xytext=(3, 3),
                    textcoords="offset points")
    ax.set_xlabel("mu* (mean absolute elementary effect; bars: 95% CI)")
    ax.set_ylabel("sigma (spread of elementary effects)")
    ax.set_title(f"Morris screening: {metric}")
    return ax


def plot_sobol(ax: Axes, table: pd.DataFrame, metric: str, n: int = 12) -> Axes:
    """First-order and total Sobol indices with 95% confidence intervals."""
    d = _top(table, metric, "ST", n)
    x = np.arange(len(d))
    ax.bar(x - 0.2, d["S1"], 0.4, yerr=d["S1_conf"], label="first order S1", color="#0072B2")
    ax.bar(x + 0.2, d["ST"], 0.4, yerr=d["ST_conf"], label="total ST", color="#D55E00")
    ax.set_xticks(x, d["factor"], rotation=45, ha="right", fontsize=7)
    ax.set_ylabel("share of output variance")
    ax.set_title(f"Sobol indices (95% CI): {metric}")
    ax.legend(fontsize=7)
    return ax


def plot_psa(ax: Axes, parts: pd.DataFrame, spec: SweepSpec, metric: str,
             threshold: float = -0.02) -> Axes:
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


def plot_response(ax: Axes, parts: pd.DataFrame, spec: SweepSpec, metric: str,
                  factor: str) -> Axes:
    """``metric`` against one factor's value at every point (replication means)."""
    y = point_means(parts, spec)[f"y.{metric}"]
    x = design_points(spec)[:, list(spec.factors).index(factor)]
    ax.plot(x, y.to_numpy(), "o", ms=3, alpha=0.7)
    ax.set_xlabel(factor)
    ax.set_ylabel(metric)
    ax.set_title(f"Response: {metric} against {factor}")
    return ax
