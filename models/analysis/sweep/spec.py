"""A sweep file and its design: factors, ranges or distributions, the points to run.

A sweep file (TOML) names a base scenario, optionally an overlay (then each point runs the base
and the configuration on the same people and random numbers and records the difference), the
factors (parameter paths, or fields of tables and distributions, see
:mod:`models.analysis.sweep.paths`, with ranges or distributions, see
:mod:`models.analysis.sweep.factors`; by default every assumption of the base over its range;
``fidelity_range = [low, high]`` adds the overlay's fidelity dial, and a factor
``"fidelity.<lever>" = [low, high]`` one lever's own fidelity), the design (``oat``,
``morris``, ``sobol``, ``lhs``, ``grid``, ``psa``), the metrics, replications per point, scale
and a root seed::

    [sweep]
    name = "integrated_reoffending"
    base = "centralised"
    overlay = "devolved_integrated"
    design = "morris"
    samples = 10
    replications = 2
    seed = 20161
    scale = 0.01
    metrics = ["reoffending_overall", "mean_prison_total"]

    [factors]
    "reoffending.weibull_shape" = [0.55, 1.0]

The points come from :mod:`sim.designs` (SALib for Morris, Sobol and Latin hypercube).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from models.analysis.sweep.factors import parse_factor
from models.analysis.sweep.paths import default_factors
from models.config.scenario import load_scenario
from models.config.schema import ScenarioError
from models.config.tree import check_keys, check_kind, load_toml
from sim import designs
from sim.designs import DESIGNS

__all__ = ["SweepSpec", "load_sweep", "sweep_from_tree", "design_points", "sampled_design",
           "DESIGNS", "FIDELITY", "LEVER_FIDELITY"]

log = logging.getLogger(__name__)

_KEYS = ("name", "base", "overlay", "design", "samples", "replications", "seed", "scale",
         "metrics", "fidelity", "morris_levels", "fidelity_range")
FIDELITY = "fidelity"  # a factor of this name is the overlay's fidelity dial, not a parameter
LEVER_FIDELITY = "fidelity."  # a factor "fidelity.<lever>" is one lever's fidelity


@dataclass(frozen=True)
class SweepSpec:
    name: str
    base: str
    design: str
    factors: dict[str, tuple[float, float]]
    metrics: tuple[str, ...]
    samples: int = 8
    replications: int = 1
    seed: int = 20161
    scale: float | None = None
    overlay: str | None = None
    fidelity: float | None = None
    morris_levels: int = 4
    source: str = "<memory>"
    integer: frozenset = field(default_factory=frozenset)  # factors that are whole numbers
    distributions: dict = field(default_factory=dict)  # factor -> Marginal (not uniform)

    def problem(self) -> dict:
        """The SALib problem definition (a factor with a distribution is sampled on [0, 1] and
        mapped through its inverse distribution function)."""
        names = list(self.factors)
        return {"num_vars": len(names), "names": names,
                "bounds": [[0.0, 1.0] if n in self.distributions else list(self.factors[n])
                           for n in names]}


def load_sweep(path: str | Path) -> SweepSpec:
    """Read and check a sweep file; errors name the key, the value and what is allowed."""
    p = Path(path)
    tree = load_toml(p, "sweep file")
    check_kind(tree, p, "sweep file")
    return sweep_from_tree(tree, str(p))


def sweep_from_tree(tree: dict, source: str = "<memory>") -> SweepSpec:
    s = tree.get("sweep")
    if not isinstance(s, dict):
        raise ScenarioError("sweep", source, "missing table [sweep]")
    check_keys("sweep", s, _KEYS)
    design = s.get("design")
    if design not in DESIGNS:
        raise ScenarioError("sweep.design", design, f"must be one of {', '.join(DESIGNS)}")
    for k in ("name", "base", "overlay"):
        if k in s and not (isinstance(s[k], str) and s[k].strip()):
            raise ScenarioError(f"sweep.{k}", s[k], "must be a non-empty string"
                                + ("" if k == "name" else " (a file or a shipped name)"))
    for k, low in (("samples", 1), ("replications", 1), ("seed", 0), ("morris_levels", 2)):
        v = s.get(k, 1 if k != "morris_levels" else 4)
        if isinstance(v, bool) or not isinstance(v, int) or v < low:
            raise ScenarioError(f"sweep.{k}", v, f"must be a whole number >= {low}")
    metrics = s.get("metrics")
    if not (isinstance(metrics, list) and metrics and all(isinstance(m, str) for m in metrics)):
        raise ScenarioError("sweep.metrics", metrics, "must be a non-empty list of metric names")
    base = str(s.get("base", "centralised"))
    ints: set = set()
    dists = {}
    if "factors" in tree:
        factors = {}
        for path, r in tree["factors"].items():
            if path.startswith(LEVER_FIDELITY):
                factors[path] = _lever_fidelity_range(path, r, s.get("overlay"))
                continue
            m = parse_factor(path, r)
            factors[path] = m.screening_range()
            if m.dist != "uniform":
                dists[path] = m
            elif all(isinstance(x, int) for x in r):
                ints.add(path)
    else:
        factors, fints = default_factors(load_scenario(base))
        ints |= fints
    fr = s.get("fidelity_range")
    if fr is not None:
        if not (isinstance(fr, list) and len(fr) == 2 and 0 <= fr[0] < fr[1] <= 1):
            raise ScenarioError("sweep.fidelity_range", fr, "must be [low, high] within [0, 1]")
        if not s.get("overlay"):
            raise ScenarioError("sweep.fidelity_range", fr, "needs an overlay to scale")
        factors[FIDELITY] = (float(fr[0]), float(fr[1]))
    if not factors:
        raise ScenarioError("factors", None, "a sweep needs at least one factor")
    return SweepSpec(str(s.get("name", Path(source).stem)), base, design, factors,
                     tuple(metrics), int(s.get("samples", 8)), int(s.get("replications", 1)),
                     int(s.get("seed", 20161)), s.get("scale"), s.get("overlay"),
                     s.get("fidelity"), int(s.get("morris_levels", 4)), source, frozenset(ints),
                     dists)


def _lever_fidelity_range(path: str, r: Any, overlay: Any) -> tuple[float, float]:
    """A factor ``fidelity.<lever>``: a range within [0, 1] for a lever of the sweep's overlay."""
    from models.config.overlay import load_overlay

    where = f"factors.{path}"
    if not overlay:
        raise ScenarioError(where, r, "a lever's fidelity needs the sweep's overlay")
    if not (isinstance(r, list) and len(r) == 2
            and all(isinstance(x, int | float) and not isinstance(x, bool) for x in r)
            and 0 <= r[0] < r[1] <= 1):
        raise ScenarioError(where, r, "must be [low, high] within [0, 1]")
    lever = path[len(LEVER_FIDELITY):]
    levers = [lv.name for lv in load_overlay(overlay).levers]
    if lever not in levers:
        raise ScenarioError(where, lever, f"is not a lever of {overlay}; levers: "
                            + ", ".join(levers))
    return float(r[0]), float(r[1])


def design_points(spec: SweepSpec) -> np.ndarray:
    """The points of the design, one row per point, one column per factor."""
    x = sampled_design(spec)
    for i, name in enumerate(spec.factors):
        if name in spec.distributions:
            x[:, i] = spec.distributions[name].ppf(x[:, i], spec.design)
        if name in spec.integer:
            x[:, i] = np.round(x[:, i])
    return x


def sampled_design(spec: SweepSpec) -> np.ndarray:
    """The design as sampled, within ``spec.problem()``'s bounds (a factor with a distribution
    still on [0, 1]); what SALib's analysers expect."""
    return designs.design(spec.design, spec.problem(), spec.samples, spec.seed,
                          spec.morris_levels)
