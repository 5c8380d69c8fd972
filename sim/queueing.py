"""Closed-form results for the M/M/c queue (Erlang C).

Also available from :mod:`sim.stats`.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["erlang_c_mean_wait", "erlang_c_wait_probability"]


def erlang_c_wait_probability(c: int, arrival_rate: float, service_rate: float) -> float:
    """Probability that an arrival waits in an M/M/c queue (Erlang C).

    Parameters
    ----------
    c : int
        Number of servers (>= 1).
    arrival_rate, service_rate : float
        Poisson arrival rate and per-server exponential service rate (> 0).

    Returns
    -------
    float
        Erlang C probability, computed via the stable Erlang B recursion.

    Raises
    ------
    ValueError
        If a parameter is invalid or utilisation ``arrival_rate/(c*service_rate) >= 1``.
    """
    if isinstance(c, bool) or not isinstance(c, int | np.integer) or c < 1:
        raise ValueError(f"c={c!r}: must be an integer >= 1")
    for arg, v in (("arrival_rate", arrival_rate), ("service_rate", service_rate)):
        if not (math.isfinite(v) and v > 0):
            raise ValueError(f"{arg}={v!r}: must be finite and > 0")
    a = arrival_rate / service_rate
    rho = a / c
    if rho >= 1.0:
        raise ValueError(f"utilisation {rho!r} (arrival_rate/(c*service_rate)): must be < 1")
    b = 1.0
    for k in range(1, int(c) + 1):
        b = a * b / (k + a * b)
    return b / (1.0 - rho * (1.0 - b))


def erlang_c_mean_wait(c: int, arrival_rate: float, service_rate: float) -> float:
    """Mean waiting time in queue of an M/M/c system.

    Parameters
    ----------
    c : int
        Number of servers (>= 1).
    arrival_rate, service_rate : float
        Arrival rate and per-server service rate (> 0), utilisation < 1.

    Returns
    -------
    float
        ``C(c, a) / (c * service_rate - arrival_rate)``.
    """
    p = erlang_c_wait_probability(c, arrival_rate, service_rate)
    return p / (c * service_rate - arrival_rate)
