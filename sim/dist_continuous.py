"""Continuous parametric distributions (frozen dataclasses).

Users normally import these from :mod:`sim.distributions`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from sim.dist_base import Distribution, check_finite, check_positive, fail

__all__ = ["Deterministic", "Exponential", "Gamma", "Lognormal", "Uniform", "Weibull"]


def _set(obj: object, name: str, value: float) -> None:
    object.__setattr__(obj, name, value)


@dataclass(frozen=True, slots=True)
class Deterministic(Distribution):
    """Point mass at ``value`` (any finite float)."""

    value: float

    def __post_init__(self) -> None:
        _set(self, "value", check_finite("Deterministic", "value", self.value))

    @property
    def mean(self) -> float:
        return self.value

    @property
    def var(self) -> float:
        return 0.0

    def ppf(self, u: np.ndarray | float) -> np.ndarray | float:
        if np.ndim(u) == 0:
            return self.value
        return np.full(np.shape(u), self.value)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        return self.value if size is None else np.full(size, self.value)

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "deterministic", "value": self.value}


@dataclass(frozen=True, slots=True)
class Exponential(Distribution):
    """Exponential distribution with the given ``mean`` (> 0)."""

    mean: float  # type: ignore[assignment]

    def __post_init__(self) -> None:
        _set(self, "mean", check_positive("Exponential", "mean", self.mean))

    @property
    def var(self) -> float:
        return self.mean * self.mean

    def ppf(self, u: np.ndarray | float) -> np.ndarray | float:
        return -self.mean * np.log1p(-np.asarray(u, dtype=float))

    def quantile(self, u: float) -> float:
        return -self.mean * float(np.log1p(-u))  # the same operations, without the 0-d array

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        return rng.exponential(self.mean, size)

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "exponential", "mean": self.mean}


@dataclass(frozen=True, slots=True)
class Uniform(Distribution):
    """Continuous uniform on ``[low, high)`` with ``low < high``."""

    low: float
    high: float

    def __post_init__(self) -> None:
        low = check_finite("Uniform", "low", self.low)
        high = check_finite("Uniform", "high", self.high)
        if not low < high:
            raise fail("Uniform", "high", self.high, f"must be > low={low!r}")
        _set(self, "low", low)
        _set(self, "high", high)

    @property
    def mean(self) -> float:
        return 0.5 * (self.low + self.high)

    @property
    def var(self) -> float:
        return (self.high - self.low) ** 2 / 12.0

    def ppf(self, u: np.ndarray | float) -> np.ndarray | float:
        return self.low + (self.high - self.low) * np.asarray(u, dtype=float)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        return rng.uniform(self.low, self.high, size)

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "uniform", "low": self.low, "high": self.high}


@dataclass(frozen=True, slots=True)
class Gamma(Distribution):
    """Gamma distribution with ``shape`` (k > 0) and ``scale`` (theta > 0)."""

    shape: float
    scale: float

    def __post_init__(self) -> None:
        _set(self, "shape", check_positive("Gamma", "shape", self.shape))
        _set(self, "scale", check_positive("Gamma", "scale", self.scale))

    @classmethod
    def from_mean_sd(cls, mean: float, sd: float) -> Gamma:
        """Build from mean (> 0) and standard deviation (> 0).

        Parameters
        ----------
        mean, sd : float
            Target mean and standard deviation.

        Returns
        -------
        Gamma
            ``shape = (mean/sd)**2``, ``scale = sd**2/mean``.
        """
        m = check_positive("Gamma", "mean", mean)
        s = check_positive("Gamma", "sd", sd)
        return cls((m / s) ** 2, s * s / m)

    @property
    def mean(self) -> float:
        return self.shape * self.scale

    @property
    def var(self) -> float:
        return self.shape * self.scale * self.scale

    def ppf(self, u: np.ndarray | float) -> np.ndarray | float:
        return self.scale * special.gammaincinv(self.shape, u)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        return rng.gamma(self.shape, self.scale, size)

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "gamma", "mean": self.mean, "sd": self.sd}


@dataclass(frozen=True, slots=True)
class Lognormal(Distribution):
    """Lognormal: ``exp(N(mu, sigma**2))``; ``mu`` finite, ``sigma > 0``."""

    mu: float
    sigma: float

    def __post_init__(self) -> None:
        _set(self, "mu", check_finite("Lognormal", "mu", self.mu))
        _set(self, "sigma", check_positive("Lognormal", "sigma", self.sigma))

    @classmethod
    def from_mean_sd(cls, mean: float, sd: float) -> Lognormal:
        """Build from the mean (> 0) and sd (> 0) of the lognormal itself.

        Parameters
        ----------
        mean, sd : float
            Target mean and standard deviation.

        Returns
        -------
        Lognormal
            With ``sigma**2 = log(1 + (sd/mean)**2)``, ``mu = log(mean) - sigma**2/2``.
        """
        m = check_positive("Lognormal", "mean", mean)
        s = check_positive("Lognormal", "sd", sd)
        s2 = math.log1p((s / m) ** 2)
        return cls(math.log(m) - 0.5 * s2, math.sqrt(s2))

    @property
    def mean(self) -> float:
        return math.exp(self.mu + 0.5 * self.sigma**2)

    @property
    def var(self) -> float:
        s2 = self.sigma**2
        return math.expm1(s2) * math.exp(2.0 * self.mu + s2)

    def ppf(self, u: np.ndarray | float) -> np.ndarray | float:
        return np.exp(self.mu + self.sigma * special.ndtri(u))

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        return rng.lognormal(self.mu, self.sigma, size)

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "lognormal", "mean": self.mean, "sd": self.sd}


@dataclass(frozen=True, slots=True)
class Weibull(Distribution):
    """Weibull with ``shape`` (k > 0) and ``scale`` (lambda > 0)."""

    shape: float
    scale: float

    def __post_init__(self) -> None:
        _set(self, "shape", check_positive("Weibull", "shape", self.shape))
        _set(self, "scale", check_positive("Weibull", "scale", self.scale))

    @property
    def mean(self) -> float:
        return self.scale * math.gamma(1.0 + 1.0 / self.shape)

    @property
    def var(self) -> float:
        g1 = math.gamma(1.0 + 1.0 / self.shape)
        return self.scale**2 * (math.gamma(1.0 + 2.0 / self.shape) - g1 * g1)

    def ppf(self, u: np.ndarray | float) -> np.ndarray | float:
        return self.scale * (-np.log1p(-np.asarray(u, dtype=float))) ** (1.0 / self.shape)

    def quantile(self, u: float) -> float:
        # A numpy scalar's power is the C library's, not the array loop's: the last bit can
        # differ, so one quantile goes through the array form.
        return float(np.asarray(self.ppf(np.array([u])))[0])

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        return self.scale * rng.weibull(self.shape, size)

    def conditional_residual_sample(
        self, rng: np.random.Generator, elapsed: np.ndarray
    ) -> np.ndarray:
        """Sample the residual ``T - elapsed`` given ``T > elapsed``.

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of randomness (one uniform per element).
        elapsed : ndarray
            Non-negative elapsed times.

        Returns
        -------
        ndarray
            Residual times, same shape as ``elapsed``, using
            ``T = scale * ((elapsed/scale)**shape - log(U))**(1/shape)``.
        """
        e = np.asarray(elapsed, dtype=float)
        u = 1.0 - rng.random(e.shape)  # in (0, 1]
        k = self.shape
        t = self.scale * ((e / self.scale) ** k - np.log(u)) ** (1.0 / k)
        return np.maximum(t - e, 0.0)

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "weibull", "shape": self.shape, "scale": self.scale}
