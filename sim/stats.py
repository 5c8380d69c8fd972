"""Output analysis: confidence intervals, Kaplan-Meier, time averages (and Erlang C)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import special

from sim.queueing import erlang_c_mean_wait, erlang_c_wait_probability

__all__ = [
    "CI",
    "erlang_c_mean_wait",
    "erlang_c_wait_probability",
    "kaplan_meier",
    "mean_ci",
    "paired_difference_ci",
    "replications_needed",
    "time_weighted_mean",
    "welch_difference_ci",
    "with_odds_ratio",
]


class CI(NamedTuple):
    """A confidence interval for a mean (or a difference of means).

    ``sd`` is the sample standard deviation behind the interval (NaN for the
    Welch interval, which has no single sample); ``n`` the number of values.
    """

    mean: float
    low: float
    high: float
    half_width: float
    n: int
    sd: float


def with_odds_ratio(p: float, odds_ratio: float) -> float:
    """The probability ``p`` with its odds multiplied by ``odds_ratio`` (0 and 1 stay put)."""
    if p <= 0.0 or p >= 1.0 or odds_ratio == 1.0:
        return p
    odds = p / (1.0 - p) * odds_ratio
    return odds / (1.0 + odds)


def _check_level(level: float) -> float:
    if not 0.0 < level < 1.0:
        raise ValueError(f"level={level!r}: must be in (0, 1)")
    return level


def _clean(values: ArrayLike) -> np.ndarray:
    x = np.asarray(values, dtype=float).ravel()
    return x[~np.isnan(x)]


def mean_ci(values: ArrayLike, level: float = 0.95) -> CI:
    """Student-t confidence interval for the mean, ignoring NaN values.

    Parameters
    ----------
    values : array_like
        Independent observations (e.g. one per replication).
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    CI
        With NaN half-width and bounds when fewer than two values remain.
    """
    from scipy import stats as sps  # on first use: importing it takes most of a second
    _check_level(level)
    x = _clean(values)
    n = int(x.size)
    if n == 0:
        return CI(math.nan, math.nan, math.nan, math.nan, 0, math.nan)
    m = float(x.mean())
    if n == 1:
        return CI(m, math.nan, math.nan, math.nan, 1, math.nan)
    sd = float(x.std(ddof=1))
    hw = float(sps.t.ppf(0.5 + level / 2.0, n - 1)) * sd / math.sqrt(n)
    return CI(m, m - hw, m + hw, hw, n, sd)


def paired_difference_ci(a: ArrayLike, b: ArrayLike, level: float = 0.95) -> CI:
    """Confidence interval for the mean of ``b - a`` over paired replications.

    Parameters
    ----------
    a, b : array_like
        Paired results of equal length (pairs with a NaN are dropped).
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    CI
        Interval for the mean paired difference.
    """
    x = np.asarray(a, dtype=float).ravel()
    y = np.asarray(b, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"a and b must have equal length, got {x.size} and {y.size}")
    return mean_ci(y - x, level)


def welch_difference_ci(a: ArrayLike, b: ArrayLike, level: float = 0.95) -> CI:
    """Unpaired confidence interval for ``mean(b) - mean(a)`` (Welch).

    Parameters
    ----------
    a, b : array_like
        Independent samples (NaN ignored), each with at least two values.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    CI
        With Welch-Satterthwaite degrees of freedom; ``n`` is the total number
        of values and ``sd`` is NaN.
    """
    from scipy import stats as sps  # on first use: importing it takes most of a second
    _check_level(level)
    x, y = _clean(a), _clean(b)
    na, nb = x.size, y.size
    diff = float(y.mean() - x.mean()) if na and nb else math.nan
    if na < 2 or nb < 2:
        return CI(diff, math.nan, math.nan, math.nan, int(na + nb), math.nan)
    va, vb = x.var(ddof=1) / na, y.var(ddof=1) / nb
    se = math.sqrt(va + vb)
    if se == 0.0:
        return CI(diff, diff, diff, 0.0, int(na + nb), math.nan)
    dof = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    hw = float(sps.t.ppf(0.5 + level / 2.0, dof)) * se
    return CI(diff, diff - hw, diff + hw, hw, int(na + nb), math.nan)


def replications_needed(values: ArrayLike, half_width: float, level: float = 0.95) -> int:
    """Smallest n >= 2 with ``t(n-1) * s / sqrt(n) <= half_width``.

    Parameters
    ----------
    values : array_like
        Pilot results (NaN ignored; at least two) giving the sample sd ``s``.
    half_width : float
        Target half-width (> 0).
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    int
        Required number of replications.
    """
    from scipy import stats as sps  # on first use: importing it takes most of a second
    _check_level(level)
    if not half_width > 0:
        raise ValueError(f"half_width={half_width!r}: must be > 0")
    x = _clean(values)
    if x.size < 2:
        raise ValueError(f"values: need at least 2 non-NaN values, got {x.size}")
    s = float(x.std(ddof=1))
    q = 0.5 + level / 2.0
    n = max(2, math.ceil((float(special.ndtri(q)) * s / half_width) ** 2))
    while sps.t.ppf(q, n - 1) * s / math.sqrt(n) > half_width:
        n += 1
    return n


def kaplan_meier(durations: ArrayLike, observed: ArrayLike, level: float = 0.95) -> pd.DataFrame:
    """Kaplan-Meier survival estimate with Greenwood log-log confidence bands.

    Parameters
    ----------
    durations : array_like
        Non-negative follow-up times.
    observed : array_like of bool
        True where the event was observed, False where censored.
    level : float, default 0.95
        Confidence level of the pointwise band.

    Returns
    -------
    pandas.DataFrame
        Columns ``time, at_risk, events, survival, ci_low, ci_high``: a first
        row at time 0 with survival 1, then one row per distinct event time.
    """
    _check_level(level)
    d = np.asarray(durations, dtype=float).ravel()
    e = np.asarray(observed, dtype=bool).ravel()
    if d.shape != e.shape:
        raise ValueError(f"durations and observed differ in length: {d.size} vs {e.size}")
    if d.size and not (np.all(np.isfinite(d)) and d.min() >= 0):
        raise ValueError("durations: must be finite and >= 0")
    times, inverse = np.unique(d, return_inverse=True)
    events = np.bincount(inverse, weights=e, minlength=times.size)
    leaving = np.bincount(inverse, minlength=times.size)
    at_risk = d.size - np.concatenate(([0], np.cumsum(leaving)[:-1]))
    sel = events > 0
    t, n, k = times[sel], at_risk[sel], events[sel]
    with np.errstate(divide="ignore", invalid="ignore"):
        surv = np.cumprod(1.0 - k / n)
        green = np.cumsum(k / (n * (n - k)))
        z = float(special.ndtri(0.5 + level / 2.0))
        spread = z * np.sqrt(green) / np.abs(np.log(surv))
        low = surv ** np.exp(spread)
        high = surv ** np.exp(-spread)
    dead = surv <= 0.0
    low[dead], high[dead] = 0.0, 0.0
    return pd.DataFrame(
        {
            "time": np.concatenate(([0.0], t)),
            "at_risk": np.concatenate(([d.size], n)).astype(np.int64),
            "events": np.concatenate(([0], k)).astype(np.int64),
            "survival": np.concatenate(([1.0], surv)),
            "ci_low": np.concatenate(([1.0], low)),
            "ci_high": np.concatenate(([1.0], high)),
        }
    )


def time_weighted_mean(
    times: ArrayLike, levels: ArrayLike, t_start: float, t_end: float
) -> float:
    """Mean of a right-continuous step function over ``[t_start, t_end]``.

    Parameters
    ----------
    times : array_like
        Non-decreasing step times; ``levels[i]`` holds from ``times[i]`` to the
        next step (and ``levels[0]`` before ``times[0]``).
    levels : array_like
        Level after each step.
    t_start, t_end : float
        Window with ``t_end > t_start``.

    Returns
    -------
    float
        Time-weighted average level.
    """
    if not t_end > t_start:
        raise ValueError(f"t_end={t_end!r} must be > t_start={t_start!r}")
    st = np.asarray(times, dtype=float)
    lv = np.asarray(levels, dtype=float)
    inner = st[(st > t_start) & (st < t_end)]
    edges = np.concatenate(([t_start], inner, [t_end]))
    idx = np.maximum(np.searchsorted(st, edges[:-1], side="right") - 1, 0)
    return float(np.dot(lv[idx], np.diff(edges)) / (t_end - t_start))
