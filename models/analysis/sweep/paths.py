"""Which parameters a sweep factor may move, and how a point's values become a scenario.

A factor is a parameter path (``court.crown.sitting_days_per_year``) or a field of a table or distribution
parameter (``court.crown.preparation_days.mean``, ``police.arrest_outcome_shares_youth.nfa``,
``population.career_start_age_years.scale``):

- a distribution's ``mean`` keeps its coefficient of variation (``sd`` moves with it unless
  ``sd`` is a factor too); ``scale`` multiplies every value of the distribution (edges, values,
  mean, sd; whole numbers stay whole), as the scenario files' ``range = { scale = [...] }`` say;
- a share of a share table takes the factor's value and the shares not swept absorb the change
  in proportion, so the table still sums to 1 (if every share is swept they are normalised);
- a field of any other table takes the factor's value.

By default a sweep moves every assumption of the base that has a range: scalars over their
range and tables or distributions field by field over the ranges of their fields.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from models.config.scenario import Scenario, iter_parameters
from models.config.schema import Count, Number, Prob, ScenarioError, Shares

__all__ = ["default_factors", "apply_factors", "check_factor_paths", "distribution_with"]

_SCALED = ("mean", "sd", "low", "high", "mode")  # what a distribution's scale multiplies


def _leaves(base: Scenario) -> dict:
    return {p: (kind, leaf) for p, kind, leaf in iter_parameters(base.raw)}


def default_factors(base: Scenario) -> tuple[dict[str, tuple[float, float]], frozenset]:
    """Every assumption of the base with a range: scalars, and fields of tables and
    distributions (``path.field``)."""
    out, ints = {}, set()
    for path, kind, leaf in iter_parameters(base.raw):
        r = leaf.get("range")
        if leaf.get("source") != "assumption":
            continue
        if isinstance(kind, Number | Prob | Count) and isinstance(r, list) and len(r) == 2:
            out[path] = (float(r[0]), float(r[1]))
            if isinstance(kind, Count):
                ints.add(path)
        elif isinstance(r, dict) and isinstance(leaf.get("value"), dict):
            for field, fr in r.items():
                if isinstance(fr, list) and len(fr) == 2:
                    out[f"{path}.{field}"] = (float(fr[0]), float(fr[1]))
    return out, frozenset(ints)


def _split(base: Scenario, names) -> tuple[dict, set, dict]:
    """(parameter leaves, scalar factor names, {parent path: [fields]})."""
    leaves, scalars, fields = _leaves(base), set(), defaultdict(list)
    for name in names:
        if name in leaves:
            scalars.add(name)
            continue
        parent, _, field = name.rpartition(".")
        value = leaves[parent][1].get("value") if parent in leaves else None
        if not isinstance(value, dict) or not (field in value or (
                field == "scale" and "dist" in value)):
            raise ScenarioError(f"factors.{name}", None, "is not a parameter of the base scenario: "
                                "use a parameter path, or path.field of a table or distribution "
                                "(a distribution also takes .scale)")
        fields[parent].append(field)
    return leaves, scalars, fields


def check_factor_paths(base: Scenario, names: Iterable[str]) -> None:
    """Raise :class:`ScenarioError` naming the first factor the base has no parameter for."""
    _split(base, names)


def apply_factors(base: Scenario, values: dict[str, float], integer: Collection[str]=frozenset()) -> Scenario:
    """The base with a point's factor values applied."""
    leaves, scalars, fields = _split(base, values)
    over: dict = {n: (int(round(values[n])) if n in integer else float(values[n]))
                  for n in scalars}
    for parent, names in fields.items():
        kind, leaf = leaves[parent]
        fx = {f: float(values[f"{parent}.{f}"]) for f in names}
        over[parent] = _with_fields(parent, kind, dict(leaf["value"]), fx)
    return base.with_overrides(over)


def distribution_with(v: dict, fx: dict) -> dict:
    """A distribution spec with fields replaced: ``mean`` keeps the coefficient of variation
    (unless ``sd`` is given too) and ``scale`` multiplies every value."""
    new = dict(v)
    for f, x in fx.items():
        if f == "scale":
            continue
        if f == "mean" and "sd" in v and "sd" not in fx and v["mean"]:
            new["sd"] = float(v["sd"]) * x / float(v["mean"])
        new[f] = x
    if "scale" in fx:
        s = fx["scale"]
        for key in ("edges", "values"):
            if key in new:
                whole = all(isinstance(e, int) for e in v[key])
                new[key] = [round(e * s) if whole else e * s for e in new[key]]
        for key in _SCALED:
            if key in new and key not in fx:
                new[key] = float(new[key]) * s
    return new


def _with_fields(parent: str, kind, v: dict, fx: dict) -> dict:
    if "dist" in v:
        return distribution_with(v, fx)
    if isinstance(kind, Shares):
        swept = sum(fx.values())
        others = [k for k in v if k not in fx]
        rest = sum(float(v[k]) for k in others)
        if others and rest > 0 and swept <= 1:
            new = {k: float(v[k]) * (1 - swept) / rest for k in others} | fx
        elif not others and swept > 0:
            new = {k: x / swept for k, x in fx.items()}
        else:
            raise ScenarioError(f"factors.{parent}", fx, "swept shares must leave room for the "
                                "others (sum at most 1)")
        return {k: new[k] for k in v}  # keep the table's order
    return dict(v) | fx
