"""Piecewise-constant levels over time (queue lengths, busy servers, stocks).

Also available from :mod:`sim.monitors`.
"""

from __future__ import annotations

import struct

import numpy as np

from sim.stats import time_weighted_mean

__all__ = ["LevelLog"]

_PAIR = struct.Struct("2d")  # a change: time and delta


class LevelLog:
    """Piecewise-constant level over time, recorded as (time, delta) changes.

    Parameters
    ----------
    name : str
        Label of the level.
    t0 : float, default 0.0
        Start time; changes must not be earlier.
    level : float, default 0.0
        Level at ``t0`` (and, by convention, before it).

    Attributes
    ----------
    level : float
        Sum of the initial level and all deltas recorded so far.

    Notes
    -----
    Changes may be appended out of time order; they are stably sorted by time
    when read. Several changes at one time are merged (the last wins).
    """

    __slots__ = ("_changes", "_add", "initial", "level", "name", "t0")

    def __init__(self, name: str, t0: float = 0.0, level: float = 0.0) -> None:
        self.name = name
        self.t0 = float(t0)
        self.initial = float(level)
        self.level = float(level)
        self._changes = bytearray()  # (time, delta) pairs packed as doubles
        self._add = self._changes.extend

    def __repr__(self) -> str:
        return f"LevelLog({self.name!r}, changes={len(self)}, level={self.level})"

    def __len__(self) -> int:
        return len(self._changes) // _PAIR.size

    def change(self, t: float, delta: float) -> None:
        """Record that the level moves by ``delta`` at time ``t`` (O(1)).

        Parameters
        ----------
        t : float
            Time of the change (any order).
        delta : float
            Signed change of the level.
        """
        self._add(_PAIR.pack(t, delta))
        self.level += delta

    def set(self, t: float, level: float) -> None:
        """Record that the level becomes ``level`` at time ``t``.

        Parameters
        ----------
        t : float
            Time of the change; should not precede earlier changes, since the
            delta is taken against the sum of all changes recorded so far.
        level : float
            New level.
        """
        self.change(t, level - self.level)

    def to_steps(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the step function as change times and the level after each.

        Returns
        -------
        times : ndarray
            Strictly increasing times, starting with ``t0``.
        levels : ndarray
            Level from each time until the next (right-continuous); steps that
            leave the level unchanged are dropped.

        Raises
        ------
        ValueError
            If a change was recorded before ``t0``.
        """
        if not self._changes:
            return np.array([self.t0]), np.array([self.initial])
        arr = np.frombuffer(self._changes, dtype=np.float64).reshape(-1, 2).copy()  # (the log
        # can grow again: no view of its buffer is kept)
        order = np.argsort(arr[:, 0], kind="stable")
        t = arr[order, 0]
        if t[0] < self.t0:
            raise ValueError(f"LevelLog {self.name!r}: change at t={t[0]!r} before t0={self.t0!r}")
        t = np.concatenate(([self.t0], t))
        lv = self.initial + np.concatenate(([0.0], np.cumsum(arr[order, 1])))
        last = np.append(t[1:] != t[:-1], True)
        t, lv = t[last], lv[last]
        keep = np.append(True, lv[1:] != lv[:-1])
        return t[keep], lv[keep]

    def sample(self, times: np.ndarray) -> np.ndarray:
        """Level just after each of ``times`` (right-continuous).

        Parameters
        ----------
        times : array_like
            Query times; times before ``t0`` give the initial level.

        Returns
        -------
        ndarray
            Levels, same shape as ``times``.
        """
        st, lv = self.to_steps()
        idx = np.searchsorted(st, np.asarray(times, dtype=float), side="right") - 1
        return lv[np.maximum(idx, 0)]

    def time_average(self, t_start: float, t_end: float) -> float:
        """Time-weighted mean level over ``[t_start, t_end]``.

        Parameters
        ----------
        t_start, t_end : float
            Window, with ``t_end > t_start``.

        Returns
        -------
        float
            Integral of the level over the window divided by its length.
        """
        st, lv = self.to_steps()
        return time_weighted_mean(st, lv, t_start, t_end)

    def max_level(self) -> float:
        """Highest level reached (including the initial level)."""
        return float(self.to_steps()[1].max())
