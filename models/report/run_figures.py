"""Figures of cohort outcomes. Each function takes data and an ``ax`` and returns the ``ax``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from models.analysis.catalogue import FLOWS_SHOWN
from models.config.vocabulary import DAYS_PER_YEAR, HOLDER_LEVEL
from sim.plots import band, bar_with_ci, stacked_bars

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_reoffending_curves", "plot_prison_population", "plot_probation_caseload",
           "plot_court_backlog", "mark_changes",
           "plot_flows", "plot_costs_by_holder", "plot_validation"]

_PRISON = (("prison_remand", "remand"), ("prison_sentenced", "sentenced"), ("prison_recall", "recall"),
           ("prison_total", "total"))


def plot_reoffending_curves(ax: Axes, km: pd.DataFrame, groups: Sequence[str] | None=None, max_days: float = 730.0) -> Axes:
    """Share who have reoffended (1 - Kaplan-Meier survival) against days since the index event.

    ``km`` has columns group, time, survival, ci_low, ci_high (one replication or pooled).
    """
    for g in groups or sorted(km["group"].unique()):
        k = km[(km["group"] == g) & (km["time"] <= max_days)]
        if len(k) < 2:
            continue
        ax.step(k["time"], 1 - k["survival"], where="post", label=g)
        ax.fill_between(k["time"], 1 - k["ci_high"], 1 - k["ci_low"], step="post", alpha=0.15)
    ax.axvline(365, color="grey", lw=0.8, ls=":")
    ax.set_xlabel("days since index event (release, court order, caution)")
    ax.set_ylabel("share with a further offence (proven or not)")
    ax.set_title("Time to reoffence by index disposal (Kaplan-Meier, 95% CI)")
    ax.legend(fontsize=7, ncol=2)
    return ax


def _bands(daily_by_rep: list[pd.DataFrame], column: str):
    stack = np.vstack([d[column].to_numpy() for d in daily_by_rep])
    lo, hi = np.percentile(stack, [2.5, 97.5], axis=0) if len(stack) > 1 else (stack[0], stack[0])
    return stack.mean(axis=0), lo, hi


def mark_changes(ax: Axes, marks: Sequence[tuple[float, str]] | None) -> Axes:
    """A dashed vertical line at each change of a timeline (``marks``: (day, label), e.g. a
    court shock's start or a lever switched on), named in the legend."""
    by_day: dict[float, list[str]] = {}
    for day, label in marks or ():
        by_day.setdefault(day, []).append(label)
    for (day, labels), ls in zip(sorted(by_day.items()), ("--", "-.", (0, (5, 2, 1, 2))) * 9,
                                 strict=False):
        x = day / DAYS_PER_YEAR
        ax.axvline(x, color="#CC79A7", lw=1.0, ls=ls, label=f"year {x:.4g}: " + "; ".join(labels))
    return ax


def _stocks_over_time(ax: Axes, daily_by_rep: list[pd.DataFrame],
                      columns: Sequence[tuple[str, str]], window: tuple[float, float] | None,
                      marks: Sequence[tuple[float, str]] | None) -> None:
    """Each (column, label) as a replication mean with its 95% band over the years; dotted lines
    at the window's edges, dashed lines at a timeline's changes."""
    years = daily_by_rep[0]["day"].to_numpy() / DAYS_PER_YEAR
    for col, label in columns:
        m, lo, hi = _bands(daily_by_rep, col)
        band(ax, years, m, lo, hi, label=label)
    if window is not None:
        for x in window:
            ax.axvline(x / DAYS_PER_YEAR, color="grey", lw=0.8, ls=":")
    mark_changes(ax, marks)


def plot_prison_population(ax: Axes, daily_by_rep: list[pd.DataFrame], window: tuple[float, float] | None=None, scale: float = 1.0,
                           marks: Sequence[tuple[float, str]] | None = None) -> Axes:
    """Prison population over time by kind: replication mean with a 95% band across
    replications; dashed lines mark a timeline's changes (``marks``: (day, label))."""
    _stocks_over_time(ax, daily_by_rep, _PRISON, window, marks)
    ax.set_xlabel("years since start (dotted: measurement window)")
    ax.set_ylabel(f"people in prison (scale {scale:g})")
    ax.set_title("Prison population")
    ax.legend(fontsize=7)
    return ax


def plot_court_backlog(ax: Axes, daily_by_rep: list[pd.DataFrame],
                       window: tuple[float, float] | None = None, scale: float = 1.0,
                       marks: Sequence[tuple[float, str]] | None = None) -> Axes:
    """Cases outstanding (charged, no verdict) at each court over time: replication mean with a
    95% band; dotted lines mark the window, dashed lines a timeline's changes."""
    _stocks_over_time(ax, daily_by_rep, (("court_crown_outstanding", "Crown Court"),
                                         ("court_magistrates_outstanding", "magistrates' courts")),
                      window, marks)
    ax.set_xlabel("years since start (dotted: measurement window; dashed: timeline changes)")
    ax.set_ylabel(f"cases outstanding (scale {scale:g})")
    ax.set_title("Court backlog: cases charged without a verdict")
    ax.legend(fontsize=7)
    return ax


def plot_probation_caseload(ax: Axes, daily_by_rep: list[pd.DataFrame], scale: float = 1.0) -> Axes:
    years = daily_by_rep[0]["day"].to_numpy() / DAYS_PER_YEAR
    for col, label in (("probation_community", "community orders"), ("probation_licence", "licence"),
                       ("probation_total", "total")):
        m, lo, hi = _bands(daily_by_rep, col)
        band(ax, years, m, lo, hi, label=label)
    ax.set_xlabel("years since start")
    ax.set_ylabel(f"people supervised (scale {scale:g})")
    ax.set_title("Probation caseload")
    ax.legend(fontsize=7)
    return ax




def plot_flows(ax: Axes, flows: pd.DataFrame) -> Axes:
    """Annual flows through the pathway: rows are replications, columns flow names."""
    cols = [c for c in FLOWS_SHOWN if c in flows.columns]
    m = flows[cols].mean()
    sd = flows[cols].std(ddof=1).fillna(0.0)
    half = 1.96 * sd / np.sqrt(max(len(flows), 1))
    bar_with_ci(ax, [c.replace("_", " ") for c in cols], m.to_numpy(), (m - half).to_numpy(),
                (m + half).to_numpy())
    ax.set_ylabel("per year")
    ax.set_title("Flows through the pathway")
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    return ax


def plot_costs_by_holder(ax: Axes, costs: pd.DataFrame) -> Axes:
    """Mean annual cost per budget holder (stacked by holder, one bar per year of the window)."""
    mean = costs.groupby(["year", "holder"], observed=True)["cost_gbp"].mean().unstack("holder").fillna(0)
    mean = mean[[h for h in HOLDER_LEVEL if h in mean.columns and mean[h].sum() > 0]]
    stacks = {f"{h} ({HOLDER_LEVEL[h]})": (mean[h] / 1e6).to_numpy() for h in mean.columns}
    stacked_bars(ax, [str(y + 1) for y in mean.index], stacks)
    ax.set_xlabel("year of the measurement window")
    ax.set_ylabel("£ million")
    ax.set_title("Costs by budget holder")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def plot_validation(ax: Axes, table: pd.DataFrame) -> Axes:
    """Simulated against published, each target as simulated / published with its 95% CI
    (error bar) and tolerance (grey band); a filled marker is within tolerance."""
    t = table.iloc[::-1].reset_index(drop=True)
    y = np.arange(len(t))
    pub = t["published"].to_numpy(dtype=float)
    ratio = t["simulated"].to_numpy(dtype=float) / pub
    err = np.vstack([ratio - t["ci_low"].to_numpy(dtype=float) / pub,
                     t["ci_high"].to_numpy(dtype=float) / pub - ratio])
    for i, (lo, hi) in enumerate(zip(t["low"] / pub, t["high"] / pub, strict=True)):
        ax.fill_betweenx([i - 0.35, i + 0.35], lo, hi, color="0.85", lw=0)
    within = t["within"].to_numpy(dtype=bool)
    ax.errorbar(ratio[within], y[within], xerr=err[:, within], fmt="o", color="#0072B2",
                label="within tolerance")
    ax.errorbar(ratio[~within], y[~within], xerr=err[:, ~within], fmt="o", mfc="white",
                color="#D55E00", label="outside tolerance")
    ax.axvline(1.0, color="black", lw=0.8)
    ax.set_yticks(y, [f"{lab} ({src})" for lab, src in zip(t["label"], t["source"], strict=True)],
                  fontsize=7)
    ax.set_xlabel("simulated / published (grey: tolerance; bars: 95% CI over replications)")
    ax.set_title("Validation of the baseline against published figures")
    ax.legend(fontsize=7, loc="lower right")
    return ax
