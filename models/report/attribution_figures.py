"""Waterfall figures of lever attribution (:mod:`models.analysis.attribution`).

One figure per configuration and metric: from the base (zero change) each lever's contribution
in turn, largest first, then the interaction remainder, landing on the full configuration's
paired difference from the base. Whiskers are the 95% CIs of each step (of the contribution,
not of the running total). Units follow the metric's kind: rates in percentage points, money in
£ million a year, counts and populations; given the run's scale, counts and money are drawn as
England-and-Wales equivalents (value / scale), as the report's summary shows them, and the
axis says so. Configurations and levers are named in words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from models.analysis.attribution import KEY_METRICS, SETTING
from models.analysis.catalogue import CATALOGUE
from models.report import format as fmt
from models.report.compare_summary import config_words
from sim.store import save_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_waterfall", "write_waterfalls", "lever_words", "unit_of"]

FALL, RISE = "#1f77b4", "#ff7f0e"
INTERACTION, FULL = "#9e9e9e", "#333333"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def lever_words(lever: str) -> str:
    """A lever's name in words: ``ld_at_court`` -> ``L&D at court``."""
    if lever == SETTING:
        return "the overlay's own timeline (its setting)"
    return " ".join("L&D" if w == "ld" else w for w in lever.split("_") if w)


def unit_of(metric: str, scale: float | None = None) -> tuple[float, str]:
    """(multiplier, unit) in which a metric's changes are drawn: with ``scale``, a metric that
    scales is drawn as its England-and-Wales equivalent (multiplied by ``1 / scale``)."""
    m = CATALOGUE.get(metric)
    kind = m.kind if m else "count"
    scaled = scale is not None and fmt.scales(metric)
    per = 1.0 / scale if scale is not None and scaled else 1.0
    at = (f",\nEngland-and-Wales equivalent: the run's numbers ÷ its scale, {scale:g}"
          if scaled else "")
    if kind in ("rate", "share"):
        return 100.0, "percentage points"
    if kind == "money" and (m is None or m.scales):
        return 1e-6 * per, f"£ million a year{at}"
    return per, (m.unit if m else "") + at


def _difference(metric: str, v: object, scale: float | None) -> str:
    return fmt.difference(metric, v) if scale is None else \
        fmt.national_difference(metric, v, scale)


def _value(metric: str, v: object, scale: float | None) -> str:
    return fmt.value(metric, v) if scale is None else fmt.national(metric, v, scale)


def plot_waterfall(ax: Axes, rows: pd.DataFrame, metric: str, base: str, config: str,
                   scale: float | None = None) -> Axes:
    """Draw one waterfall on ``ax`` and return it.

    ``rows``: the ``attribution.csv`` rows of one configuration and metric (one per lever,
    with ``contribution_*``, ``full_*`` and ``interaction_*``).
    """
    if rows.empty:
        raise ValueError(f"no attribution rows for {config} / {metric}")
    k, unit = unit_of(metric, scale)
    r = rows.assign(_size=rows["contribution_mean"].abs()).sort_values(
        "_size", ascending=False, kind="stable")
    first = rows.iloc[0]
    labels = [f"{config_words(base)} (base): {_value(metric, first['base_mean'], scale)}"]
    starts, widths, colours, errs = [0.0], [0.0], [FULL], [(0.0, 0.0)]
    total = 0.0
    for lever, c, lo, hi in zip(r["lever"], r["contribution_mean"], r["contribution_low"],
                                r["contribution_high"], strict=True):
        c, lo, hi = (k * float(x) for x in (c, lo, hi))
        labels.append(config_words(lever_words(str(lever))))
        starts.append(total)
        widths.append(c)
        colours.append(FALL if c < 0 else RISE)
        errs.append((c - lo, hi - c) if lo == lo else (0.0, 0.0))
        total += c
    inter = [k * float(first[f"interaction_{s}"]) for s in ("mean", "low", "high")]
    labels.append("interactions between levers")
    starts.append(total)
    widths.append(inter[0])
    colours.append(INTERACTION)
    errs.append((inter[0] - inter[1], inter[2] - inter[0]) if inter[1] == inter[1] else (0, 0))
    full = [k * float(first[f"full_{s}"]) for s in ("mean", "low", "high")]
    labels.append(f"{config_words(config)} (all levers): "
                  f"{_difference(metric, first['full_mean'], scale)}")
    starts.append(0.0)
    widths.append(full[0])
    colours.append(FULL)
    errs.append((full[0] - full[1], full[2] - full[0]) if full[1] == full[1] else (0, 0))
    y = np.arange(len(labels))
    ax.barh(y, widths, left=starts, color=colours, height=0.6)
    ends = np.asarray(starts) + np.asarray(widths)
    err = np.abs(np.asarray(errs, dtype=float)).T
    ax.errorbar(ends[1:], y[1:], xerr=err[:, 1:], fmt="none", ecolor="#444", capsize=2, lw=0.8)
    for i in range(1, len(labels) - 1):  # connectors: each step starts where the last ended
        ax.plot([ends[i - 1], ends[i - 1]], [y[i - 1] - 0.3, y[i] + 0.3], color="#bbb", lw=0.6)
    ax.axvline(0.0, color="#666", lw=0.8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    label = CATALOGUE[metric].label if metric in CATALOGUE else metric
    ax.set_title(f"{config_words(config)}: what each lever does to {label}", fontsize=10)
    ax.set_xlabel(f"change from {config_words(base)} ({unit})")
    from matplotlib.patches import Patch
    ax.legend(handles=[Patch(color=FALL, label="lowers it"), Patch(color=RISE, label="raises it"),
                       Patch(color=INTERACTION, label="levers together, beyond their sum"),
                       Patch(color=FULL, label="all levers (whiskers: 95% CI)")],
              fontsize=7, loc="best", frameon=False)
    return ax


def write_waterfalls(folder: str | Path, table: pd.DataFrame, base: str,
                     metrics: Sequence[str] = KEY_METRICS,
                     scale: float | None = None) -> list[tuple[str, str]]:
    """Save a waterfall per configuration and metric of ``table`` under ``folder``; return
    (path relative to the folder's parent, caption) of each, like
    :func:`models.report.figures.render`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    for config in dict.fromkeys(table["config"]):
        for metric in metrics:
            rows = table[(table["config"] == config) & (table["metric"] == metric)]
            if rows.empty:
                continue
            fig, ax = plt.subplots(figsize=(9, 1.6 + 0.32 * (len(rows) + 3)))
            plot_waterfall(ax, rows, metric, base, config, scale)
            fig.tight_layout()
            name = f"attribution_{_safe(config)}_{metric}.png"
            save_figure(fig, folder / name)
            label = CATALOGUE[metric].label if metric in CATALOGUE else metric
            done.append((f"{folder.name}/{name}",
                         f"{config_words(config)}: {label}, from {config_words(base)} to "
                         f"{config_words(config)} lever by lever. Each "
                         "bar is a lever's contribution (the mean of its effect alone and the "
                         "effect lost without it), largest first; then what the levers do "
                         "together beyond their sum (interactions); the last bar is the full "
                         "configuration's paired difference. Whiskers: 95% CI of each step."))
    return done
