"""What a sweep factor may be: a range, or a distribution for uncertainty analysis.

In a sweep file a factor is either a range ``[low, high]`` (uniform) or a table naming a
distribution::

    [factors]
    "reoffending.weibull_shape" = [0.55, 1.0]
    "treatment.need_hazard_reduction" = { dist = "triangular", low = 0.2, mode = 0.4, high = 0.8 }
    "womens_centres.hr_if_supported" = { dist = "normal", mean = 0.85, sd = 0.05, high = 1.0 }
    "court.magistrates.p_guilty_plea" = { dist = "beta", mean = 0.7, sd = 0.05 }
    "reoffending.hr_substance_misuse" = { dist = "lognormal", mean = 1.5, sd = 0.2 }

Every design draws points in the unit cube (SALib's samplers, or the built-in ones) and maps
each coordinate ``u`` through the factor's inverse distribution function. The sampling designs
(Sobol, Latin hypercube, PSA) use the whole distribution, truncated to ``low``/``high`` where
given; the screening designs (one-at-a-time, grid, Morris) span its central 95% (or
``low``/``high`` where given; a uniform or triangular factor always spans ``[low, high]``), so a
tornado bar of a normal factor runs from its 2.5th to its 97.5th percentile. A factor whose
draws would leave what its parameter allows (a normal on a probability without ``low``/``high``)
is refused before any run (:mod:`models.analysis.sweep.check`), not silently clipped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from models.config.schema import ScenarioError
from models.config.tree import check_keys

__all__ = ["Marginal", "parse_factor", "SCREENING_DESIGNS", "DISTRIBUTIONS"]

SCREENING_DESIGNS = ("oat", "grid", "morris")
DISTRIBUTIONS = {"uniform": ("low", "high"), "triangular": ("low", "mode", "high"),
                 "normal": ("mean", "sd"), "lognormal": ("mean", "sd"), "beta": ("mean", "sd")}
_OPTIONAL = {"normal": ("low", "high"), "lognormal": ("low", "high"), "beta": ("low", "high")}
_TAIL = 0.025        # screening designs span the central 95% of an unbounded distribution
_EDGE = 1e-9         # keeps a normal's sampled probability off 0 and 1 (infinite quantiles)


@dataclass(frozen=True)
class Marginal:
    """One factor's distribution; ``params`` as (name, value) pairs."""

    dist: str
    params: tuple

    @property
    def p(self) -> dict:
        return dict(self.params)

    def frozen(self) -> Any:
        p = self.p
        if self.dist == "uniform":
            return stats.uniform(loc=p["low"], scale=p["high"] - p["low"])
        if self.dist == "triangular":
            w = p["high"] - p["low"]
            return stats.triang(c=(p["mode"] - p["low"]) / w, loc=p["low"], scale=w)
        if self.dist == "normal":
            return stats.norm(loc=p["mean"], scale=p["sd"])
        if self.dist == "lognormal":  # mean and sd on the natural scale
            s2 = math.log1p((p["sd"] / p["mean"]) ** 2)
            return stats.lognorm(s=math.sqrt(s2), scale=p["mean"] * math.exp(-s2 / 2))
        k = p["mean"] * (1 - p["mean"]) / p["sd"] ** 2 - 1  # beta by its mean and sd
        return stats.beta(p["mean"] * k, (1 - p["mean"]) * k)

    def probability_span(self, design: str) -> tuple[float, float]:
        """The band of cumulative probability a design's unit interval maps onto."""
        rv, p = self.frozen(), self.p
        if self.dist in ("uniform", "triangular"):
            return 0.0, 1.0
        screening = design in SCREENING_DESIGNS
        lo = float(rv.cdf(p["low"])) if "low" in p else (_TAIL if screening else 0.0)
        hi = float(rv.cdf(p["high"])) if "high" in p else (1 - _TAIL if screening else 1.0)
        return lo, hi

    def ppf(self, u: np.ndarray, design: str) -> np.ndarray:
        lo, hi = self.probability_span(design)
        q = lo + np.asarray(u, dtype=float) * (hi - lo)
        if self.dist == "normal":  # the only one with infinite quantiles at 0 and 1
            q = np.clip(q, _EDGE, 1 - _EDGE)
        p = self.p  # ppf(cdf(low)) may fall a rounding error outside [low, high]
        return np.clip(self.frozen().ppf(q), p.get("low", -np.inf), p.get("high", np.inf))

    def screening_range(self) -> tuple[float, float]:
        lo, hi = self.ppf(np.array([0.0, 1.0]), "oat")
        return float(lo), float(hi)


def _number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def parse_factor(path: str, value: Any) -> Marginal:
    """A factor's entry in a sweep file: ``[low, high]`` or ``{dist = ..., ...}``."""
    key = f"factors.{path}"
    if isinstance(value, list):
        if not (len(value) == 2 and all(map(_number, value)) and value[0] < value[1]):
            raise ScenarioError(key, value, "must be a range [low, high], low < high, or a "
                                "table { dist = ..., ... }")
        return Marginal("uniform", (("low", float(value[0])), ("high", float(value[1]))))
    if not isinstance(value, dict) or value.get("dist") not in DISTRIBUTIONS:
        raise ScenarioError(key, value, "must be a range [low, high] or a table with dist = one "
                            f"of {', '.join(DISTRIBUTIONS)}")
    dist = value["dist"]
    need, optional = DISTRIBUTIONS[dist], _OPTIONAL.get(dist, ())
    allowed = set(need) | set(optional) | {"dist"}
    check_keys(key, value, sorted(allowed - {"dist"}) + ["dist"], what=f"for a {dist} factor")
    for k in need:
        if k not in value:
            raise ScenarioError(f"{key}.{k}", None, f"a {dist} factor needs {', '.join(need)}")
    for k in allowed - {"dist"}:
        if k in value and not _number(value[k]):
            raise ScenarioError(f"{key}.{k}", value[k], "must be a finite number")
    p = {k: float(value[k]) for k in allowed - {"dist"} if k in value}
    problem = None
    if "sd" in p and p["sd"] <= 0:
        problem = ("sd", "must be > 0")
    elif dist in ("uniform", "triangular") and not p["low"] < p["high"]:
        problem = ("high", "must be above low")
    elif dist == "triangular" and not p["low"] <= p["mode"] <= p["high"]:
        problem = ("mode", "must lie within [low, high]")
    elif dist == "lognormal" and p["mean"] <= 0:
        problem = ("mean", "must be > 0")
    elif dist == "beta" and not (0 < p["mean"] < 1 and p["sd"] ** 2 < p["mean"] * (1 - p["mean"])):
        problem = ("sd", "needs 0 < mean < 1 and sd^2 < mean (1 - mean)")
    elif "low" in p and "high" in p and not p["low"] < p["high"]:
        problem = ("high", "must be above low")
    if problem:
        raise ScenarioError(f"{key}.{problem[0]}", value.get(problem[0]), problem[1])
    m = Marginal(dist, tuple(sorted(p.items())))
    lo, hi = m.probability_span("lhs")
    if not hi > lo:
        raise ScenarioError(key, value, "low and high leave no probability to sample")
    return m
