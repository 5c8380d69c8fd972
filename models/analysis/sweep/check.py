"""Checking a sweep before any run, so a mistake is one line at once rather than every run
failing: the base (and its scale), the overlay, the fidelity, the metrics, and each factor's
path and range against what the parameter allows.

A factor is tried alone at both ends of what the design will sample: ``[low, high]`` for a
range; for a distribution, its central 95% in the screening designs (oat, grid, morris) and
its whole support in the sampling designs (lhs, sobol, psa; a normal's to 6 sd), in both cases
cut at the ``low``/``high`` the factor gives. A distribution whose support leaves the allowed
bounds is refused, not silently clipped: give ``low``/``high`` inside the bounds and the draws
are truncated there (the distribution is renormalised within them).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from models.analysis.catalogue import check_metrics
from models.analysis.sweep.paths import apply_factors, check_factor_paths
from models.analysis.sweep.spec import FIDELITY, LEVER_FIDELITY, SweepSpec
from models.config.overlay import apply_overlay, check_fidelity, load_overlay
from models.config.scenario import Scenario, load_scenario
from models.config.schema import ScenarioError

__all__ = ["check_sweep", "sampled_ends"]

_FILE_ERRORS = ("scenario file", "overlay file")


def check_sweep(spec: SweepSpec) -> Scenario:
    """Raise :class:`ScenarioError` (naming the sweep file's key) for the first thing in
    ``spec`` that would make its runs fail; return the base scenario at the sweep's scale."""
    check_metrics("sweep.metrics", spec.metrics)
    base = _base(spec)
    if spec.fidelity is not None:
        check_fidelity(spec.fidelity, "sweep.fidelity")
    if spec.overlay:
        try:
            overlay = load_overlay(spec.overlay)
        except ScenarioError as exc:
            raise _in_file(exc, "sweep.overlay", spec.overlay) from None
        apply_overlay(base, overlay, spec.fidelity)
    names = [n for n in spec.factors if n != FIDELITY and not n.startswith(LEVER_FIDELITY)]
    check_factor_paths(base, names)
    for name in names:
        _check_range(base, spec, name)
    return base


def sampled_ends(spec: SweepSpec, name: str) -> tuple[float, float]:
    """The lowest and highest value factor ``name`` takes in the sweep's design."""
    if name in spec.distributions:
        lo, hi = spec.distributions[name].ppf(np.array([0.0, 1.0]), spec.design)
    else:
        lo, hi = spec.factors[name]
    if name in spec.integer:
        lo, hi = round(lo), round(hi)
    return float(lo), float(hi)


def _base(spec: SweepSpec) -> Scenario:
    if spec.scale is not None and (isinstance(spec.scale, bool)
                                   or not isinstance(spec.scale, int | float)):
        raise ScenarioError("sweep.scale", spec.scale, "must be a number > 0 and <= 2")
    try:
        return load_scenario(spec.base, scale=spec.scale)
    except ScenarioError as exc:
        if exc.path == "--scale":
            raise ScenarioError("sweep.scale", exc.value, exc.allowed) from None
        raise _in_file(exc, "sweep.base", spec.base) from None


def _in_file(exc: ScenarioError, key: str, name: str) -> ScenarioError:
    """The error of a file the sweep names, under the sweep's key (``sweep.base``)."""
    if exc.path in _FILE_ERRORS:
        return ScenarioError(key, name, f"{exc.value} {exc.allowed}")
    return ScenarioError(f"{key} {name}: {exc.path}", exc.value, exc.allowed)


def _check_range(base: Scenario, spec: SweepSpec, name: str) -> None:
    ends = sampled_ends(spec, name)
    for x in ends:
        try:
            apply_factors(base, {name: x}, spec.integer)
        except ScenarioError as exc:
            raise ScenarioError(f"factors.{name}", _shown(spec, name),
                                f"{_what(spec, name, ends)} reaches {x:g}, outside what "
                                f"{exc.path.removeprefix('factors.')} allows ({exc.allowed})"
                                + _hint(spec, name)) from None


def _shown(spec: SweepSpec, name: str) -> Any:
    m = spec.distributions.get(name)
    return [*spec.factors[name]] if m is None else {"dist": m.dist, **m.p}


def _what(spec: SweepSpec, name: str, ends: tuple[float, float]) -> str:
    if name not in spec.distributions:
        return "the range"
    return f"its {spec.design} draws, from {ends[0]:g} to {ends[1]:g},"


def _hint(spec: SweepSpec, name: str) -> str:
    if name in spec.distributions:
        return "; give low/high inside the allowed bounds to truncate it there"
    if all(float(x).is_integer() for x in spec.factors[name]) and name not in spec.integer:
        return "; write whole numbers without a decimal point"
    return ""
