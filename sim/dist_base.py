"""Base class, error type and parameter checks shared by the distributions.

Users normally import everything from :mod:`sim.distributions`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

# check_finite, check_positive, check_unit and fail are helpers of the distribution modules.
__all__ = ["Distribution", "DistributionError"]


class DistributionError(ValueError):
    """Invalid distribution parameters or specification."""


def _as_float(owner: str, param: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise fail(owner, param, value, "must be a real number")
    return float(value)


def check_finite(owner: str, param: str, value: object) -> float:
    """Return ``value`` as float, raising unless it is a finite real number.

    Parameters
    ----------
    owner : str
        Distribution name used in the error message.
    param : str
        Parameter name used in the error message.
    value : object
        Value to check.

    Returns
    -------
    float
        The validated value.

    Raises
    ------
    DistributionError
        If the value is not a finite real number.
    """
    x = _as_float(owner, param, value)
    if not math.isfinite(x):
        raise fail(owner, param, value, "must be finite")
    return x


def check_positive(owner: str, param: str, value: object) -> float:
    """Return ``value`` as float, raising unless it is finite and > 0.

    Parameters
    ----------
    owner, param : str
        Names used in the error message.
    value : object
        Value to check.

    Returns
    -------
    float
        The validated value.

    Raises
    ------
    DistributionError
        If the value is not finite and strictly positive.
    """
    x = _as_float(owner, param, value)
    if not (math.isfinite(x) and x > 0):
        raise fail(owner, param, value, "must be finite and > 0")
    return x


def check_unit(owner: str, param: str, value: object) -> float:
    """Return ``value`` as float, raising unless 0 <= value <= 1.

    Parameters
    ----------
    owner, param : str
        Names used in the error message.
    value : object
        Value to check.

    Returns
    -------
    float
        The validated value.

    Raises
    ------
    DistributionError
        If the value is outside [0, 1] or not a number.
    """
    x = _as_float(owner, param, value)
    if not 0.0 <= x <= 1.0:
        raise fail(owner, param, value, "must be in [0, 1]")
    return x


def fail(owner: str, param: str, value: object, allowed: str) -> DistributionError:
    """Build a :class:`DistributionError` naming parameter, value and rule.

    Parameters
    ----------
    owner, param : str
        Distribution and parameter names.
    value : object
        The rejected value.
    allowed : str
        What is allowed, e.g. ``"must be > 0"``.

    Returns
    -------
    DistributionError
        The error (to be raised by the caller).
    """
    return DistributionError(f"{owner} {param}={value!r}: {allowed}")


class Distribution:
    """Interface of all distributions (frozen dataclasses with slots).

    Subclasses provide ``mean``, ``var``, ``sample``, ``ppf`` and ``to_spec``.
    """

    __slots__ = ()

    @property
    def mean(self) -> float:
        """Analytic mean."""
        raise NotImplementedError

    @property
    def var(self) -> float:
        """Analytic variance."""
        raise NotImplementedError

    @property
    def sd(self) -> float:
        """Analytic standard deviation."""
        return math.sqrt(self.var)

    def ppf(self, u: np.ndarray | float) -> np.ndarray | float:
        """Inverse cumulative distribution function.

        Parameters
        ----------
        u : float or ndarray
            Probabilities in [0, 1).

        Returns
        -------
        float or ndarray
            Quantiles, same shape as ``u``.
        """
        raise NotImplementedError

    def quantile(self, u: float) -> float:
        """The quantile at one probability ``u``: exactly the element of ``ppf`` of an array
        holding ``u`` (so a quantile computed when it is needed equals one read from a column
        computed in advance), and cheaper than a one-element array.

        Parameters
        ----------
        u : float
            A probability in [0, 1).

        Returns
        -------
        float
            The quantile.
        """
        return float(self.ppf(u))

    def sample(self, rng: np.random.Generator, size: int | None = None) -> Any:
        """Draw samples (default: inverse transform of uniforms).

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of randomness.
        size : int, optional
            Number of draws; ``None`` returns a single float.

        Returns
        -------
        float or ndarray
            One value when ``size`` is None, else an array of length ``size``.
        """
        if size is None:
            return float(self.ppf(rng.random()))
        return np.asarray(self.ppf(rng.random(size)), dtype=float)

    def to_spec(self) -> dict[str, Any]:
        """Return a specification dict accepted by ``from_spec``."""
        raise NotImplementedError
