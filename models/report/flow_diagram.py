"""The pathway as a flow diagram: stages as boxes, flows as arrows sized by people a year.

One panel per configuration, the baseline's first; in each other panel the baseline's arrows are
drawn over the configuration's as black outlines, so a coloured arrow wider than its outline is
a larger flow than the baseline's. Arrow widths are proportional to the flow (one width per person a year across all
panels), and each arrow is labelled with its England-and-Wales equivalent (the simulated flow
divided by the run's scale) and, outside the baseline's panel, its change from the baseline.

The flows are those of :func:`models.analysis.metrics.flows_per_year` (the ``flows`` table of a
comparison: config, replication, flow, per_year), averaged over replications. Reoffending's way back to arrest is
drawn dashed, with no number: the arrests count everyone, first-timers and reoffenders alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from models.report.format import national
from sim.store import save_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["STAGES", "ARROWS", "MAX_WIDTH_PT", "flow_means", "arrow_width", "plot_pathway",
           "write_flow_diagram"]

BOX_W, BOX_H = 1.4, 0.78
STAGES: dict[str, tuple[str, float, float]] = {  # stage -> (label, x, y)
    "offences": ("Offences\n(detected or not)", 0.8, 3.6),
    "arrest": ("Arrest", 3.1, 3.6),
    "ld": ("Liaison and\ndiversion (custody)", 3.1, 6.1),
    "nfa": ("No further\naction", 2.1, 1.2),
    "out_of_court": ("Out of court\n(caution, resolution)", 4.2, 1.2),
    "charge": ("Charge", 5.6, 3.6),
    "remand": ("Remanded in\ncustody to trial", 4.9, 6.1),
    "ld_court": ("Liaison and\ndiversion at court", 6.6, 6.1),
    "crown": ("Sent to the\nCrown Court", 7.8, 4.9),
    "conviction": ("Conviction", 8.2, 3.6),
    "acquittal": ("Acquittal", 7.4, 1.2),
    "custody": ("Immediate\ncustody", 10.5, 5.3),
    "suspended": ("Suspended\nsentence order", 10.5, 3.6),
    "community": ("Community\norder", 10.5, 1.9),
    "release": ("Release from\nsentence", 12.7, 5.3),
    "recall": ("Recall to\nprison", 12.7, 6.75),
}
ARROWS: tuple[tuple[str, str, str], ...] = (  # (from, to, flow)
    ("offences", "arrest", "arrests"),
    ("arrest", "ld", "ld_screened"),
    ("arrest", "nfa", "nfa"),
    ("arrest", "out_of_court", "out_of_court"),
    ("arrest", "charge", "charges"),
    ("charge", "remand", "remands_awaiting_trial"),
    ("charge", "ld_court", "ld_court_screened"),
    ("charge", "crown", "charges_crown"),
    ("charge", "conviction", "convictions"),
    ("charge", "acquittal", "acquittals"),
    ("conviction", "custody", "immediate_custody"),
    ("conviction", "suspended", "suspended_orders"),
    ("conviction", "community", "community_orders"),
    ("custody", "release", "releases"),
    ("release", "recall", "recalls"),
)
MAX_WIDTH_PT = 26.0   # the widest arrow of the figure, in points
MIN_WIDTH_PT = 0.6    # a flow above zero is never thinner than this
BASE_OUTLINE = "#111111"


def _arrow(width_pt: float):
    """A filled arrow whose shaft is ``width_pt`` points wide (its ``tail_width``)."""
    from matplotlib.patches import ArrowStyle

    return ArrowStyle.Simple(head_length=5.0 + 0.35 * width_pt,
                             head_width=width_pt + 4.0 + 0.25 * width_pt, tail_width=width_pt)


def flow_means(flows: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Per configuration, each flow's mean per year over replications."""
    means = flows.groupby(["config", "flow"], sort=False)["per_year"].mean()
    return {str(c): {str(f): float(v) for f, v in g.droplevel(0).items()}
            for c, g in means.groupby(level=0, sort=False)}


def arrow_width(per_year: float, widest_per_year: float) -> float:
    """Line width in points: proportional to the flow, the widest at :data:`MAX_WIDTH_PT`."""
    if not per_year > 0 or not widest_per_year > 0:
        return 0.0
    return max(MIN_WIDTH_PT, MAX_WIDTH_PT * per_year / widest_per_year)


def _edge(frm: tuple[float, float], to: tuple[float, float]) -> tuple[float, float]:
    """Where the segment from box centre ``frm`` towards ``to`` leaves the box."""
    dx, dy = to[0] - frm[0], to[1] - frm[1]
    t = min(BOX_W / 2 / abs(dx) if dx else np.inf, BOX_H / 2 / abs(dy) if dy else np.inf)
    return frm[0] + t * dx, frm[1] + t * dy


def _ends(a: str, b: str) -> tuple[tuple[float, float], tuple[float, float]]:
    pa, pb = STAGES[a][1:], STAGES[b][1:]
    return _edge(pa, pb), _edge(pb, pa)


def _label(per_year: float, base: float | None, scale: float) -> str:
    text = national("arrests_per_year", per_year, scale) if per_year > 0 else "none"
    if base is None:
        return text
    if base > 0:
        pct = round(100 * (per_year - base) / base)
        return f"{text} ({'+' if pct > 0 else '−' if pct < 0 else '±'}{abs(pct)}%)"
    return f"{text} (new)" if per_year > 0 else "none"


def _reoffending(ax: Axes) -> None:
    """Dashed, no number: from release and community sentences along the bottom, back to
    offending (whose arrests are the arrow into arrest)."""
    from matplotlib.patches import FancyArrowPatch

    low = 0.38
    (rx, ry), (cx, cy), (ox, oy) = (STAGES[s][1:] for s in ("release", "community", "offences"))
    dashed: dict[str, Any] = {"color": "#777777", "linewidth": 0.9, "linestyle": (0, (4, 3)), "zorder": 0}
    ax.plot([rx, rx, ox + 0.25], [ry - BOX_H / 2, low, low], gid="reoffending", **dashed)
    ax.plot([cx, cx], [cy - BOX_H / 2, low], **dashed)
    ax.add_patch(FancyArrowPatch((ox + 0.25, low), (ox + 0.25, oy - BOX_H / 2), arrowstyle="-|>",
                                 mutation_scale=9, **dashed))
    ax.text((ox + rx) / 2, low + 0.08, "dashed: reoffending, back to offending (see the "
            "reoffending rates)", ha="center", va="bottom", fontsize=6.5, color="#555555")


def plot_pathway(ax: Axes, flows: Mapping[str, float], *, scale: float, widest: float,
                 colour: str = "#333333", baseline: Mapping[str, float] | None = None,
                 title: str = "") -> Axes:
    """Draw the pathway of one configuration on ``ax``.

    ``flows`` maps a flow (``arrests``, ``charges``, ...) to people a year as simulated;
    ``widest`` is the flow drawn :data:`MAX_WIDTH_PT` wide (the largest of all panels, so
    panels compare). With ``baseline``, its arrows are drawn as black outlines over the
    configuration's and each label gives the change from it. Each arrow patch has the gid ``flow:<flow>``; its shaft width
    (its arrow style's ``tail_width``, in points) is :func:`arrow_width` of the flow. An arrow whose flow is absent is not drawn.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    ax.set_xlim(0, 13.5)
    ax.set_ylim(0.2, 7.3)
    ax.set_axis_off()
    for name, (text, x, y) in STAGES.items():
        ax.add_patch(FancyBboxPatch((x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H,
                                    boxstyle="round,pad=0.02", facecolor="#f4f4f4",
                                    edgecolor="#888888", linewidth=0.8, zorder=3, gid=f"stage:{name}"))
        if name == "offences" and "offences" in flows:
            text += f"\n{national('offences_per_year', flows['offences'], scale)} a year"
        ax.text(x, y, text, ha="center", va="center", fontsize=7, zorder=4)
    marks = []
    for a, b, flow in ARROWS:
        if flow not in flows:
            continue
        v = flows[flow]
        (x0, y0), (x1, y1) = _ends(a, b)
        base = None if baseline is None else baseline.get(flow)
        if base is not None and arrow_width(base, widest) > 0:
            ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1),
                                         arrowstyle=_arrow(arrow_width(base, widest)),
                                         mutation_scale=1.0, facecolor="none",
                                         edgecolor=BASE_OUTLINE, linewidth=0.7, zorder=2.5,
                                         shrinkA=0, shrinkB=0, gid=f"baseline:{flow}"))
        w = arrow_width(v, widest)
        if w > 0:
            ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle=_arrow(w),
                                         mutation_scale=1.0, color=colour, alpha=0.75,
                                         linewidth=0, zorder=2, shrinkA=0, shrinkB=0,
                                         gid=f"flow:{flow}"))
        level = abs(y1 - y0) < 1e-9  # a level arrow is labelled above itself, not on it
        marks.append(((x0 + x1) / 2, y0 + 0.22 + (w / 72) * 0.5 if level else (y0 + y1) / 2,
                      _label(v, base, scale)))
    for x, y, text in marks:
        ax.text(x, y, text, ha="center", va="center", fontsize=6.5, zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.9})
    _reoffending(ax)
    if title:
        ax.set_title(title, fontsize=9, loc="left")
    return ax


def write_flow_diagram(path: str | Path, flows: pd.DataFrame, order: Sequence[str], scale: float,
                       colours: Mapping[str, str] | None = None,
                       names: Mapping[str, str] | None = None, dpi: int = 110) -> Path:
    """Save the diagram, one panel per configuration of ``order`` (the baseline first), and
    return its path. ``names`` maps a configuration to the words of its panel title."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    means = flow_means(flows)
    missing = [c for c in order if c not in means]
    if missing:
        raise ValueError(f"no flows for configuration(s) {missing}; have {sorted(means)}")
    shown = {f for _, _, f in ARROWS}
    widest = max((v for c in order for f, v in means[c].items() if f in shown), default=0.0)
    base = order[0]
    fig, axes = plt.subplots(len(order), 1, figsize=(12.5, 3.9 * len(order)), squeeze=False)
    try:
        for ax, c in zip(axes[:, 0], order, strict=True):
            words = (names or {}).get(c, c)
            title = (f"{words} (baseline)" if c == base else
                     f"{words} (black outlines: the baseline; % change from it)")
            plot_pathway(ax, means[c], scale=scale, widest=widest,
                         colour=(colours or {}).get(c, "#333333"),
                         baseline=None if c == base else means[base], title=title)
        fig.suptitle("People a year through the pathway: England-and-Wales equivalents "
                     f"(simulated at scale {scale:g}, divided by it); arrow width in "
                     "proportion to people a year", fontsize=10)
        fig.tight_layout()
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        save_figure(fig, out, dpi)
    finally:
        plt.close(fig)
    return out
