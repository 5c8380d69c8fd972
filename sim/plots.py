"""Small generic matplotlib helpers: every function draws on ``ax`` and returns it.

No backend is selected and nothing is shown; callers own figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["band", "bar_with_ci", "stacked_bars", "step_band"]


def band(
    ax: Any,
    x: ArrayLike,
    mean: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
    label: str | None = None,
    color: Any = None,
    alpha: float = 0.25,
) -> Any:
    """Draw a mean line with a shaded ``[low, high]`` band.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes.
    x, mean, low, high : array_like
        Abscissae, central line and band limits (same length).
    label : str, optional
        Legend label of the line.
    color : color, optional
        Colour of line and band (next in the cycle by default).
    alpha : float, default 0.25
        Band opacity.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.
    """
    (line,) = ax.plot(x, mean, label=label, color=color)
    ax.fill_between(x, low, high, color=line.get_color(), alpha=alpha, linewidth=0)
    return ax


def step_band(
    ax: Any,
    x: ArrayLike,
    mean: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
    label: str | None = None,
    color: Any = None,
    alpha: float = 0.25,
) -> Any:
    """Like :func:`band` for step functions (``drawstyle="steps-post"``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes.
    x, mean, low, high : array_like
        Step times, level after each step and band limits.
    label : str, optional
        Legend label.
    color : color, optional
        Colour of line and band.
    alpha : float, default 0.25
        Band opacity.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.
    """
    (line,) = ax.plot(x, mean, label=label, color=color, drawstyle="steps-post")
    ax.fill_between(x, low, high, color=line.get_color(), alpha=alpha, step="post", linewidth=0)
    return ax


def bar_with_ci(
    ax: Any,
    labels: Sequence[str],
    means: ArrayLike,
    lows: ArrayLike,
    highs: ArrayLike,
    color: Any = None,
    horizontal: bool = False,
    **bar_kwargs: Any,
) -> Any:
    """Bars of means with confidence-interval error bars.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes.
    labels : sequence of str
        Category labels.
    means, lows, highs : array_like
        Bar heights and interval limits (NaN limits draw no error bar).
    color : color, optional
        Bar colour.
    horizontal : bool, default False
        Draw horizontal bars.
    **bar_kwargs
        Passed to ``ax.bar`` / ``ax.barh``.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.
    """
    m = np.asarray(means, dtype=float)
    err = np.nan_to_num(
        np.vstack([m - np.asarray(lows, dtype=float), np.asarray(highs, dtype=float) - m]),
        nan=0.0,
    )
    pos = np.arange(len(labels))
    if horizontal:
        ax.barh(pos, m, xerr=err, color=color, capsize=3, **bar_kwargs)
        ax.set_yticks(pos, list(labels))
    else:
        ax.bar(pos, m, yerr=err, color=color, capsize=3, **bar_kwargs)
        ax.set_xticks(pos, list(labels))
    return ax


def stacked_bars(
    ax: Any,
    categories: Sequence[str],
    stacks: Mapping[str, Sequence[float]],
    colors: Mapping[str, Any] | None = None,
    width: float = 0.8,
) -> Any:
    """Stacked vertical bars, one stack segment per key of ``stacks``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Target axes.
    categories : sequence of str
        Bar labels along x.
    stacks : mapping of str to sequence of float
        Segment name -> one value per category, stacked in mapping order.
    colors : mapping of str to color, optional
        Colour per segment name.
    width : float, default 0.8
        Bar width.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax`` (segments labelled for a legend).
    """
    pos = np.arange(len(categories))
    bottom = np.zeros(len(categories))
    for name, values in stacks.items():
        v = np.asarray(values, dtype=float)
        if v.shape != bottom.shape:
            raise ValueError(
                f"stack {name!r}: {v.size} values for {len(categories)} categories"
            )
        ax.bar(pos, v, width, bottom=bottom, label=name, color=(colors or {}).get(name))
        bottom = bottom + np.nan_to_num(v)
    ax.set_xticks(pos, list(categories))
    return ax
