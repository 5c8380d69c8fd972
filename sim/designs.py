"""Designs of experiments over a box of factors: one-at-a-time, grid, random (for
probabilistic sensitivity analysis), Morris, Sobol (Saltelli) and Latin hypercube.

Every design returns an array with one row per point and one column per factor, each within
the factor's ``[low, high]`` bounds (pass ``[0, 1]`` and map through an inverse distribution
function for a factor that is not uniform). Morris, Sobol and Latin hypercube samples come from
SALib (``problem`` is SALib's dictionary: ``num_vars``, ``names``, ``bounds``); the analyses
that match them are SALib's too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["DESIGNS", "design", "problem"]

DESIGNS = ("oat", "morris", "sobol", "lhs", "grid", "psa")


def problem(names: Sequence[str], bounds: Sequence[Sequence[float]]) -> dict[str, Any]:
    """SALib's problem dictionary."""
    return {"num_vars": len(names), "names": list(names), "bounds": [list(b) for b in bounds]}


def design(kind: str, prob: Mapping[str, Any], samples: int, seed: int,
           morris_levels: int = 4) -> np.ndarray:
    """The points of design ``kind`` over ``prob``'s bounds.

    - ``oat``: the middle of every range, then each factor at its low and its high end
      (``1 + 2 d`` points);
    - ``grid``: ``samples`` evenly spaced values per factor, every combination;
    - ``psa``: ``samples`` points uniform in the box (seeded);
    - ``morris``: ``samples`` trajectories on ``morris_levels`` levels;
    - ``sobol``: Saltelli's scheme without second-order terms (``samples * (d + 2)`` points);
    - ``lhs``: a Latin hypercube of ``samples`` points.
    """
    if kind not in DESIGNS:
        raise ValueError(f"design={kind!r}: must be one of {', '.join(DESIGNS)}")
    lo = np.array([b[0] for b in prob["bounds"]], dtype=float)
    hi = np.array([b[1] for b in prob["bounds"]], dtype=float)
    d = prob["num_vars"]
    if kind == "oat":
        mid = (lo + hi) / 2
        rows = [mid]
        for i in range(d):
            for v in (lo[i], hi[i]):
                r = mid.copy()
                r[i] = v
                rows.append(r)
        return np.array(rows)
    if kind == "grid":
        axes = [np.linspace(lo[i], hi[i], samples) for i in range(d)]
        return np.array(np.meshgrid(*axes, indexing="ij")).reshape(d, -1).T
    if kind == "psa":
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, 7, 1])))
        return lo + (hi - lo) * rng.random((samples, d))
    if kind == "morris":
        from SALib.sample import morris
        return morris.sample(dict(prob), samples, num_levels=morris_levels, seed=seed)
    if kind == "sobol":
        from SALib.sample import sobol
        return sobol.sample(dict(prob), samples, calc_second_order=False, seed=seed)
    from SALib.sample import latin
    return latin.sample(dict(prob), samples, seed=seed)
