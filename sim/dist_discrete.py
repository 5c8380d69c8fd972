"""Bernoulli, piecewise-uniform and discrete (point-mass) distributions.

Users normally import these from :mod:`sim.distributions`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.dist_base import Distribution, check_finite, check_unit, fail

__all__ = ["Bernoulli", "Discrete", "PiecewiseUniform"]

_PROB_TOL = 1e-9


def _check_probs(owner: str, probs: Sequence[float], n: int) -> tuple[float, ...]:
    """Validate a probability vector of length ``n`` and normalise it exactly."""
    try:
        p = tuple(float(x) for x in probs)
    except (TypeError, ValueError) as exc:
        raise fail(owner, "probs", probs, "must be a sequence of numbers") from exc
    if len(p) != n:
        raise fail(owner, "probs", probs, f"must have length {n}, got {len(p)}")
    if not all(math.isfinite(x) and x >= 0.0 for x in p):
        raise fail(owner, "probs", probs, "must all be finite and >= 0")
    total = math.fsum(p)
    if abs(total - 1.0) > _PROB_TOL:
        raise fail(owner, "probs", probs, f"must sum to 1 (within {_PROB_TOL}), sum is {total!r}")
    return tuple(x / total for x in p)


def _bin_index(cum_inner: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Index of the bin holding each uniform, given the inner cumulative edges."""
    return np.searchsorted(cum_inner, u, side="right")


@dataclass(frozen=True, slots=True)
class Bernoulli(Distribution):
    """Bernoulli(p) with ``0 <= p <= 1``; samples are booleans (1 = True)."""

    p: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "p", check_unit("Bernoulli", "p", self.p))

    @property
    def mean(self) -> float:
        return self.p

    @property
    def var(self) -> float:
        return self.p * (1.0 - self.p)

    def ppf(self, u: np.ndarray | float) -> np.ndarray | float:
        out = np.asarray(u, dtype=float) >= 1.0 - self.p
        return bool(out) if out.ndim == 0 else out

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        if size is None:
            return bool(rng.random() < self.p)
        return rng.random(size) < self.p

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "bernoulli", "p": self.p}


@dataclass(frozen=True, slots=True)
class PiecewiseUniform(Distribution):
    """Histogram density: bin ``i`` has mass ``probs[i]`` spread uniformly.

    Parameters
    ----------
    edges : tuple of float
        Strictly increasing finite bin edges (at least two).
    probs : tuple of float
        Non-negative bin probabilities, ``len(edges) - 1`` of them, summing to
        1 within 1e-9 (then normalised exactly).
    """

    edges: tuple[float, ...]
    probs: tuple[float, ...]

    def __post_init__(self) -> None:
        owner = "PiecewiseUniform"
        try:
            e = tuple(check_finite(owner, "edges", x) for x in self.edges)
        except TypeError as exc:
            raise fail(owner, "edges", self.edges, "must be a sequence of numbers") from exc
        if len(e) < 2 or any(b <= a for a, b in zip(e, e[1:], strict=False)):
            raise fail(owner, "edges", self.edges, "must be >= 2 strictly increasing values")
        object.__setattr__(self, "edges", e)
        object.__setattr__(self, "probs", _check_probs(owner, self.probs, len(e) - 1))

    @property
    def mean(self) -> float:
        e, p = self.edges, self.probs
        return math.fsum(p[i] * 0.5 * (e[i] + e[i + 1]) for i in range(len(p)))

    @property
    def var(self) -> float:
        e, p = self.edges, self.probs
        m2 = math.fsum(
            p[i] * (e[i] ** 2 + e[i] * e[i + 1] + e[i + 1] ** 2) / 3.0 for i in range(len(p))
        )
        return max(m2 - self.mean**2, 0.0)

    def ppf(self, u: np.ndarray | float) -> np.ndarray | float:
        if type(u) is float:  # scalar fast path (hot loops): same arithmetic as below
            p, e = self.probs, self.edges
            last = len(p) - 1
            acc = 0.0
            for i in range(last + 1):
                nxt = acc + p[i]
                if u < nxt or i == last:
                    frac = (u - acc) / p[i] if p[i] > 0 else 0.5
                    return e[i] + min(max(frac, 0.0), 1.0) * (e[i + 1] - e[i])
                acc = nxt
        uu = np.asarray(u, dtype=float)
        pa = np.asarray(self.probs)
        ea = np.asarray(self.edges)
        cum = np.cumsum(pa)
        idx = np.minimum(_bin_index(cum[:-1], uu), len(pa) - 1)
        lo = np.where(idx > 0, cum[np.maximum(idx - 1, 0)], 0.0)
        pi = pa[idx]
        frac = np.divide(uu - lo, pi, out=np.full_like(uu, 0.5), where=pi > 0)
        out = ea[idx] + np.clip(frac, 0.0, 1.0) * (ea[idx + 1] - ea[idx])
        return float(out) if out.ndim == 0 else out

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "piecewise_uniform", "edges": list(self.edges), "probs": list(self.probs)}


@dataclass(frozen=True, slots=True)
class Discrete(Distribution):
    """Empirical point masses: ``values[i]`` with probability ``probs[i]``.

    Parameters
    ----------
    values : tuple of float
        Finite support points (at least one; any order).
    probs : tuple of float
        Non-negative probabilities summing to 1 within 1e-9 (normalised exactly).
    """

    values: tuple[float, ...]
    probs: tuple[float, ...]

    def __post_init__(self) -> None:
        owner = "Discrete"
        try:
            v = tuple(check_finite(owner, "values", x) for x in self.values)
        except TypeError as exc:
            raise fail(owner, "values", self.values, "must be a sequence of numbers") from exc
        if not v:
            raise fail(owner, "values", self.values, "must not be empty")
        object.__setattr__(self, "values", v)
        object.__setattr__(self, "probs", _check_probs(owner, self.probs, len(v)))

    @property
    def mean(self) -> float:
        return math.fsum(p * v for v, p in zip(self.values, self.probs, strict=True))

    @property
    def var(self) -> float:
        m = self.mean
        return math.fsum(p * (v - m) ** 2 for v, p in zip(self.values, self.probs, strict=True))

    def ppf(self, u: np.ndarray | float) -> np.ndarray | float:
        uu = np.asarray(u, dtype=float)
        order = np.argsort(self.values, kind="stable")
        v = np.asarray(self.values)[order]
        cum = np.cumsum(np.asarray(self.probs)[order])
        idx = np.minimum(_bin_index(cum[:-1], uu), len(v) - 1)
        out = v[idx]
        return float(out) if out.ndim == 0 else out

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "discrete", "values": list(self.values), "probs": list(self.probs)}
