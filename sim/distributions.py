"""Probability distributions with analytic moments, vectorised sampling and specs.

All distributions are frozen dataclasses with ``mean``, ``var`` and ``sd``
properties, a vectorised ``sample(rng, size=None)``, an inverse CDF ``ppf``
and ``to_spec()``; :func:`from_spec` builds one from a plain mapping such as
``{"dist": "gamma", "mean": 2.0, "sd": 1.0}``. Invalid parameters raise
:class:`DistributionError` naming the parameter, its value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from sim.dist_base import Distribution, DistributionError
from sim.dist_continuous import Deterministic, Exponential, Gamma, Lognormal, Uniform, Weibull
from sim.dist_discrete import Bernoulli, Discrete, PiecewiseUniform

__all__ = [
    "Bernoulli",
    "Deterministic",
    "Discrete",
    "Distribution",
    "DistributionError",
    "Exponential",
    "Gamma",
    "Lognormal",
    "PiecewiseUniform",
    "Uniform",
    "Weibull",
    "batched_sampler",
    "from_spec",
]

_SEQUENCE_KEYS = frozenset({"edges", "probs", "values"})

# dist name -> accepted key sets (first is the canonical ``to_spec`` form) and constructors.
_FORMS: dict[str, tuple[tuple[tuple[str, ...], Callable[..., Distribution]], ...]] = {
    "deterministic": ((("value",), Deterministic),),
    "exponential": ((("mean",), Exponential),),
    "uniform": ((("low", "high"), Uniform),),
    "gamma": ((("mean", "sd"), Gamma.from_mean_sd), (("shape", "scale"), Gamma)),
    "lognormal": ((("mean", "sd"), Lognormal.from_mean_sd), (("mu", "sigma"), Lognormal)),
    "weibull": ((("shape", "scale"), Weibull),),
    "bernoulli": ((("p",), Bernoulli),),
    "piecewise_uniform": ((("edges", "probs"), PiecewiseUniform),),
    "discrete": ((("values", "probs"), Discrete),),
}


def _convert(dist: str, key: str, value: Any) -> Any:
    if key in _SEQUENCE_KEYS:
        if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
            raise DistributionError(f"{dist} {key}={value!r}: must be a list of numbers")
        return tuple(value)
    return value


def from_spec(spec: Mapping[str, Any] | Distribution) -> Distribution:
    """Build a distribution from a specification mapping.

    Parameters
    ----------
    spec : Mapping or Distribution
        ``{"dist": name, **parameters}``. Accepted forms: ``deterministic``
        (value), ``exponential`` (mean), ``uniform`` (low, high), ``gamma``
        (mean, sd | shape, scale), ``lognormal`` (mean, sd | mu, sigma),
        ``weibull`` (shape, scale), ``bernoulli`` (p), ``piecewise_uniform``
        (edges, probs) and ``discrete`` (values, probs). A Distribution is
        returned unchanged.

    Returns
    -------
    Distribution
        The distribution described.

    Raises
    ------
    DistributionError
        Unknown ``dist``, missing or unknown keys, or invalid parameter values.
    """
    if isinstance(spec, Distribution):
        return spec
    if not isinstance(spec, Mapping):
        raise DistributionError(f"spec={spec!r}: must be a mapping with a 'dist' key")
    if "dist" not in spec:
        raise DistributionError(f"spec {dict(spec)!r}: missing key 'dist'; allowed: {sorted(_FORMS)}")
    name = spec["dist"]
    forms = _FORMS.get(name) if isinstance(name, str) else None
    if forms is None:
        raise DistributionError(f"spec key 'dist'={name!r}: unknown; allowed: {sorted(_FORMS)}")
    given = set(spec) - {"dist"}
    allowed = sorted({k for keys, _ in forms for k in keys})
    unknown = sorted(given - set(allowed))
    if unknown:
        raise DistributionError(
            f"{name} spec: unknown key(s) {unknown}; allowed keys: {allowed}"
        )
    for keys, build in forms:
        if given == set(keys):
            return build(*(_convert(name, k, spec[k]) for k in keys))
    expected = " or ".join(str(list(keys)) for keys, _ in forms)
    missing = sorted(set(forms[0][0]) - given) or sorted(set(allowed) - given)
    raise DistributionError(
        f"{name} spec: keys {sorted(given)} incomplete (missing {missing}); expected {expected}"
    )


def batched_sampler(
    dist: Distribution, rng: np.random.Generator, batch: int = 1024
) -> Callable[[], float]:
    """Return a zero-argument function drawing scalars from refilled batches.

    Parameters
    ----------
    dist : Distribution
        Distribution to sample (``dist.sample(rng, batch)`` at each refill).
    rng : numpy.random.Generator
        Source of randomness, consumed ``batch`` draws at a time.
    batch : int, default 1024
        Refill size.

    Returns
    -------
    callable
        ``draw()`` returning the next sample as a Python scalar.
    """
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch={batch!r}: must be an integer >= 1")
    sample = dist.sample
    buf: list[float] = []
    pos = batch

    def draw() -> float:
        nonlocal buf, pos
        if pos == batch:
            buf = sample(rng, batch).tolist()
            pos = 0
        x = buf[pos]
        pos += 1
        return x

    return draw
