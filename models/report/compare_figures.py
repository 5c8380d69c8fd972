"""Figures comparing policy configurations (a baseline such as "centralised" against overlays).

Every function draws on ``ax`` and returns it; nothing is shown or saved. Inputs are the tidy
frames of a comparison run (one row per config x replication x ...). Configurations keep one
colour across figures: the baseline first in near-black, the others from the Okabe-Ito
colour-blind-safe palette, in sorted order (see :func:`config_colours`). Bands over time are the
2.5-97.5 percentiles across replications (the spread of outcomes); error bars on means are
Student-t 95% confidence intervals over replications.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from models.analysis.catalogue import SUBGROUPS
from models.config.vocabulary import (
    BUDGET_HOLDERS,
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    HOLDER_LEVEL,
    LEVELS,
)
from models.report.run_figures import mark_changes
from sim.plots import band
from sim.stats import mean_ci

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["config_colours", "plot_reoffending_by_config", "plot_prison_by_config",
           "plot_costs_by_config", "plot_net_transfer", "plot_forest",
           "plot_subgroup_gaps", "DEFAULT_BASELINE", "HOLDER_COLOURS"]

DEFAULT_BASELINE = "centralised"
BASELINE_COLOUR = "#333333"
_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
_MARKERS = ("o", "s", "D", "^", "v", "P", "X")
HOLDER_COLOURS = {  # central: blues; local: oranges; society: light grey, hatched
    "prisons": "#08519c", "probation": "#3182bd", "courts": "#6baed6", "prosecution": "#9ecae1",
    "police": "#a63603", "health": "#e6550d", "local_authority": "#fd8d3c",
    "combined_authority": "#fdbe85", "victims_and_society": "#d9d9d9"}


def config_colours(configs: Sequence[str]) -> dict[str, str]:
    """Colour per configuration: the first (the baseline) near-black, then a qualitative palette."""
    out = {}
    for i, c in enumerate(configs):
        out[c] = BASELINE_COLOUR if i == 0 else _PALETTE[(i - 1) % len(_PALETTE)]
    return out


def _order(configs, baseline: str | None = None) -> list[str]:
    """Distinct configs, baseline first (default "centralised" if present), the rest sorted."""
    names = sorted({str(c) for c in configs})
    if baseline is None:
        baseline = DEFAULT_BASELINE if DEFAULT_BASELINE in names else names[0]
    if baseline not in names:
        raise ValueError(f"baseline {baseline!r} is not among the configurations {names}")
    return [baseline] + [c for c in names if c != baseline]


def _setup(configs, baseline, colours) -> tuple[list[str], dict[str, str]]:
    order = _order(configs, baseline)
    return order, {**config_colours(order), **(colours or {})}


def _by_rep(df: pd.DataFrame, value: str, x: str) -> tuple[np.ndarray, np.ndarray]:
    """Pivot one config's rows to (x grid, replications x grid array)."""
    wide = df.pivot_table(index="replication", columns=x, values=value, aggfunc="mean")
    return wide.columns.to_numpy(dtype=float), wide.to_numpy(dtype=float)


def _percentile_band(ax, x, stack, label, color):
    lo, hi = np.nanpercentile(stack, [2.5, 97.5], axis=0)
    return band(ax, x, np.nanmean(stack, axis=0), lo, hi, label=label, color=color, alpha=0.2)


def plot_reoffending_by_config(ax: Axes, curves: pd.DataFrame, group: str = "all",
                               baseline: str | None = None, colours: dict | None = None) -> Axes:
    """Cumulative share reoffended by months since the index event, one line per config.

    Line: mean over replications; band: 2.5-97.5 percentiles across replications.
    """
    sub = curves[curves["group"] == group]
    if sub.empty:
        raise ValueError(f"group {group!r} not in curves; have {sorted(curves['group'].unique())}")
    order, col = _setup(sub["config"], baseline, colours)
    for c in order:
        days, stack = _by_rep(sub[sub["config"] == c], "reoffended", "day")
        _percentile_band(ax, days / DAYS_PER_MONTH, 100.0 * stack, c, col[c])
    ax.axvline(12, color="grey", lw=0.8, ls=":")
    ax.set_xlabel("months since index event (dotted: 12 months)")
    ax.set_ylabel("cumulative % reoffended")
    ax.set_title(f"Reoffending, {group}: mean, band 2.5-97.5 percentile over replications",
                 fontsize=9)
    ax.legend(fontsize=7)
    return ax


def plot_prison_by_config(ax: Axes, daily: pd.DataFrame, column: str = "prison_total", window: tuple[float, float] | None=None,
                          scale: float = 1.0, baseline: str | None = None,
                          colours: dict | None = None,
                          marks: Sequence[tuple[float, str]] | None = None) -> Axes:
    """Population ``column`` over years since start, one mean line and band per config.

    Values are as simulated (``scale`` is the simulated fraction of the population, shown in the
    axis label). ``window`` = (start_day, end_day) draws dotted lines at the measurement window;
    ``marks`` ((day, label): a court shock, a lever switched on) dashed lines at a timeline's
    changes.
    """
    order, col = _setup(daily["config"], baseline, colours)
    for c in order:
        days, stack = _by_rep(daily[daily["config"] == c], column, "day")
        _percentile_band(ax, days / DAYS_PER_YEAR, stack, c, col[c])
    if window is not None:
        for x in window:
            ax.axvline(x / DAYS_PER_YEAR, color="grey", lw=0.8, ls=":")
    mark_changes(ax, marks)
    ax.set_xlabel("years since start (dotted: measurement window)")
    what = "cases" if column.startswith("court_") else "people"
    ax.set_ylabel(f"{what}, {column.replace('_', ' ')} (simulated at scale {scale:g})")
    ax.set_title(f"{column.replace('_', ' ').capitalize()} by configuration "
                 "(mean, band 2.5-97.5 percentile over replications)", fontsize=9)
    ax.legend(fontsize=7)
    return ax


def _err(mean, low, high) -> np.ndarray:
    m = np.asarray(mean, dtype=float)
    return np.nan_to_num(np.vstack([m - np.asarray(low, float), np.asarray(high, float) - m]))


def _holders(costs: pd.DataFrame) -> list[str]:
    """Holders present, central first, then local, then social, each in BUDGET_HOLDERS order."""
    level = dict(zip(costs["holder"], costs["level"], strict=False))
    rank = {h: i for i, h in enumerate(BUDGET_HOLDERS)}

    def key(h):
        lv = HOLDER_LEVEL.get(h, level.get(h))
        return (LEVELS.index(lv) if lv in LEVELS else len(LEVELS), rank.get(h, len(rank)), h)

    return sorted(level, key=key)


def _mean_per_year(costs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Mean over replications of (window total / number of years), per config x ``by``."""
    years = costs.groupby("config")["year"].nunique()
    tot = costs.groupby(["config", "replication", by])["cost_gbp"].sum().unstack(by, fill_value=0)
    tot = tot.div(years.reindex(tot.index.get_level_values("config")).to_numpy(), axis=0)
    return tot.groupby(level="config").mean()


def plot_costs_by_config(ax: Axes, costs: pd.DataFrame, baseline: str | None = None,
                         colours: dict | None = None) -> Axes:
    """Stacked bars of mean cost per year by budget holder (£m), one bar per config.

    Holders are stacked central first, then local, then victims and society (hatched).
    ``colours`` is accepted for symmetry but bars are coloured by holder.
    """
    order, _ = _setup(costs["config"], baseline, colours)
    holders = _holders(costs)
    mean = _mean_per_year(costs, "holder").reindex(index=order, columns=holders, fill_value=0)
    pos = np.arange(len(order))
    bottom = np.zeros(len(order))
    for h in holders:
        lv = HOLDER_LEVEL.get(h, "other")
        v = mean[h].to_numpy() / 1e6
        ax.bar(pos, v, 0.6, bottom=bottom, color=HOLDER_COLOURS.get(h, "#999999"),
               hatch="//" if lv == "social" else None, edgecolor="white", linewidth=0.5,
               label=f"{h.replace('_', ' ')} ({lv})")
        bottom = bottom + v
    ax.set_xticks(pos, order)
    ax.set_ylabel("£ million per year (mean over replications)")
    ax.set_title("Cost per year by budget holder and configuration")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def plot_net_transfer(ax: Axes, costs: pd.DataFrame, baseline: str, colours: dict | None = None) -> Axes:
    """Change vs ``baseline`` in central and local spend per year of the window (£m).

    Differences are paired by replication (common random numbers); the line is the mean and the
    band its Student-t 95% CI. Solid: central budgets; dashed: local budgets.
    """
    order, col = _setup(costs["config"], baseline, colours)
    per = (costs[costs["level"].isin(["central", "local"])]
           .groupby(["config", "replication", "year", "level"])["cost_gbp"].sum()
           .unstack("level", fill_value=0.0).reindex(columns=["central", "local"], fill_value=0.0))
    base = per.loc[baseline]
    for c in order[1:]:
        diff = (per.loc[c] - base).dropna() / 1e6  # aligned on (replication, year)
        for lv, ls in (("central", "-"), ("local", "--")):
            wide = diff[lv].unstack("year")
            cis = [mean_ci(wide[y].to_numpy()) for y in wide.columns]
            x = wide.columns.to_numpy() + 1
            ax.plot(x, [ci.mean for ci in cis], ls=ls, marker="o", color=col[c],
                    label=f"{c}: {lv}")
            ax.fill_between(x, [ci.low for ci in cis], [ci.high for ci in cis], color=col[c],
                            alpha=0.15, linewidth=0)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xticks(np.sort(costs["year"].unique()) + 1)
    ax.set_xlabel("year of the measurement window")
    ax.set_ylabel(f"change in spend vs {baseline} (£m per year; + pays more)")
    ax.set_title("Net transfer: who pays, who saves, and when (paired, 95% CI)", fontsize=9)
    ax.legend(fontsize=7)
    return ax


def _infer_baseline(comparison: pd.DataFrame) -> str | None:
    """The config whose paired differences are all NaN, if exactly one."""
    none = comparison.groupby("config")["diff_mean"].apply(lambda s: s.isna().all())
    return none.index[none][0] if none.sum() == 1 else None


def plot_forest(ax: Axes, comparison: pd.DataFrame, metrics: Sequence[str] | None=None, labels: dict[str, str] | None=None, scale: dict[str, float] | None=None,
                baseline: str | None = None, colours: dict | None = None, xlabel: str | None=None) -> Axes:
    """Paired differences (config - baseline) with 95% CI: one row per metric x config.

    Plot one family of units per axis: ``metrics`` selects the rows, ``scale`` maps metric ->
    multiplier (e.g. 100 for proportions as percentage points), ``labels`` maps metric -> text.
    A hollow marker flags a config whose replications were not enough for the target precision.
    """
    metrics = list(metrics or dict.fromkeys(comparison["metric"]))
    order, col = _setup(comparison["config"], baseline or _infer_baseline(comparison), colours)
    rows = comparison.set_index(["metric", "config"])
    k = len(order) - 1
    seen = set()
    for i, m in enumerate(metrics):
        s = (scale or {}).get(m, 1.0)
        for j, c in enumerate(order[1:]):
            if (m, c) not in rows.index:
                continue
            r = rows.loc[(m, c)]
            mid = r["diff_mean"] * s
            ax.errorbar(mid, i * (k + 1) + j, xerr=_err([mid], [r["diff_low"] * s],
                                                         [r["diff_high"] * s]),
                        fmt=_MARKERS[j % len(_MARKERS)], color=col[c], capsize=3,
                        mfc=col[c] if bool(r.get("enough", True)) else "white",
                        label=None if c in seen else c)
            seen.add(c)
    ax.axvline(0, color="grey", lw=1, ls="--")
    ax.set_yticks([i * (k + 1) + (k - 1) / 2 for i in range(len(metrics))],
                  [(labels or {}).get(m, m.replace("_", " ")) for m in metrics], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel or f"paired difference vs {order[0]} (95% CI; hollow: more reps needed)")
    ax.set_title(f"Differences from {order[0]} (common random numbers)")
    ax.legend(fontsize=7)
    return ax


def plot_subgroup_gaps(ax: Axes, comparison: pd.DataFrame, subgroups: Sequence[str]=SUBGROUPS,
                       baseline: str | None = None, colours: dict | None = None) -> Axes:
    """Grouped bars of proven reoffending (%) per subgroup, one bar per config, 95% CI whiskers."""
    present = [s for s in subgroups if s in set(comparison["metric"])]
    if not present:
        raise ValueError(f"none of the subgroups {list(subgroups)} is in the comparison")
    order, col = _setup(comparison["config"], baseline or _infer_baseline(comparison), colours)
    rows = comparison.set_index(["config", "metric"])
    width = 0.8 / len(order)
    pos = np.arange(len(present))
    for j, c in enumerate(order):
        r = rows.reindex(pd.MultiIndex.from_product([[c], present]))
        m = 100 * r["mean"].to_numpy(dtype=float)
        err = _err(m, 100 * r["ci_low"].to_numpy(float), 100 * r["ci_high"].to_numpy(float))
        ax.bar(pos + (j - (len(order) - 1) / 2) * width, m, width, yerr=err, capsize=2,
               color=col[c], label=c)
    ax.set_xticks(pos, [s.removeprefix("reoffending_").replace("_", "-") for s in present])
    ax.set_ylabel("proven reoffending rate (%)")
    ax.set_xlabel("subgroup")
    ax.set_title("Reoffending by subgroup and configuration (mean, 95% CI)")
    ax.legend(fontsize=7)
    return ax
