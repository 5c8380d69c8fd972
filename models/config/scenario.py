"""Scenarios: a complete, validated, frozen parameter tree loaded from TOML.

A scenario file has a ``[scenario]`` table of run settings (name, scale, horizon) and one table
per pathway stage whose leaves are ``{ value, source, range }`` (see :mod:`models.config.schema`).
Loading checks everything and raises :class:`~models.config.schema.ScenarioError` with a one-line
message. Variants are derived with :meth:`Scenario.with_overrides`; a scenario is never mutated.
"""

from __future__ import annotations

import copy
import json
import logging
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.config.parameters import SCHEMA, SETTINGS_KEYS
from models.config.schema import LEAF_KEYS, Count, Kind, Number, ScenarioError, check_source
from models.config.timeline import EMPTY_TIMELINE, Timeline, check_timeline
from models.config.tree import SCENARIO_DIR, check_keys, check_kind, load_toml, shipped_or_path
from models.config.vocabulary import DAYS_PER_MONTH, DAYS_PER_YEAR

log = logging.getLogger(__name__)

__all__ = ["Scenario", "Params", "Settings", "load_scenario", "default_scenario_path",
           "ScenarioError", "iter_parameters"]

class Table(dict):
    """A read-only table parameter (shares, per-age-band values): a dict that refuses changes."""

    def _readonly(self, *args, **kwargs):
        raise TypeError("scenario parameters are read-only; use Scenario.with_overrides")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = _readonly

    def __reduce__(self):
        return (Table, (dict(self),))


class Params:
    """Read-only attribute access to a validated (and scaled) parameter subtree.

    Children are built once, so reading a parameter in the hot path is a plain attribute read.
    """

    def __init__(self, data: Mapping[str, Any], path: str = ""):
        d = self.__dict__
        d["_data"], d["_path"] = dict(data), path
        for k, v in data.items():
            d[k] = Params(v, f"{path}.{k}".lstrip(".")) if type(v) is dict else v

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"no parameter {self._path + '.' if self._path else ''}{name}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("scenario parameters are read-only; use Scenario.with_overrides")

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)

    def __reduce__(self):
        return (Params, (self._data, self._path))

    def __repr__(self) -> str:
        return f"Params({self._path or '<root>'})"


@dataclass(frozen=True)
class Settings:
    """Run settings of a scenario (not model parameters): name, scale and horizon in days."""

    name: str
    description: str
    baseline_year: int
    scale: float
    warmup_days: float
    measurement_days: float
    followup_days: float

    @property
    def horizon_days(self) -> float:
        return self.warmup_days + self.measurement_days + self.followup_days

    @property
    def window(self) -> tuple[float, float]:
        """The measurement window [start, end) in days."""
        return self.warmup_days, self.warmup_days + self.measurement_days


def _check_settings(tree: Mapping[str, Any], scale_override: float | None) -> Settings:
    s = tree.get("scenario")
    if not isinstance(s, Mapping):
        raise ScenarioError("scenario", s, "missing table [scenario] with name, scale and horizon")
    check_keys("scenario", s, SETTINGS_KEYS, required=SETTINGS_KEYS)
    if not isinstance(s["name"], str) or not s["name"]:
        raise ScenarioError("scenario.name", s["name"], "must be a non-empty string")
    Count(low=1900).check("scenario.baseline_year", s["baseline_year"])
    scale = s["scale"] if scale_override is None else scale_override
    Number(strict=True, high=2.0).check("scenario.scale" if scale_override is None else "--scale", scale)
    warm = Number().check("scenario.warmup_years", s["warmup_years"])
    meas = Number(strict=True).check("scenario.measurement_years", s["measurement_years"])
    follow = Number().check("scenario.followup_months", s["followup_months"])
    if follow < 18.0:
        raise ScenarioError("scenario.followup_months", s["followup_months"], "must be at least "
                            "18: proven reoffending needs 12 months to offend and 6 to proof after "
                            "the last index event of the window")
    if meas * DAYS_PER_YEAR + follow * DAYS_PER_MONTH <= warm * DAYS_PER_YEAR:
        raise ScenarioError("scenario.measurement_years", meas,
                            f"the horizon after the warm-up ({warm:g} years) must be longer than "
                            "the warm-up")
    return Settings(s["name"], str(s["description"]), int(s["baseline_year"]), float(scale),
                    warm * DAYS_PER_YEAR, meas * DAYS_PER_YEAR, follow * DAYS_PER_MONTH)


def _walk(schema: Mapping[str, Any], tree: Any, path: str, scale: float, out: dict) -> None:
    if not isinstance(tree, Mapping):
        raise ScenarioError(path, tree, "must be a table")
    check_keys(path, tree, schema)
    for k, kind in schema.items():
        p = f"{path}.{k}".lstrip(".")
        if k not in tree:
            raise ScenarioError(p, None, "missing")
        if isinstance(kind, Mapping):
            out[k] = {}
            _walk(kind, tree[k], p, scale, out[k])
            continue
        out[k] = _leaf(kind, tree[k], p, scale)


def _leaf(kind: Kind, leaf: Any, path: str, scale: float) -> Any:
    if not isinstance(leaf, Mapping) or "value" not in leaf:
        raise ScenarioError(path, leaf, "must be a table { value = ..., source = ..., range = [..] }")
    check_keys(path, leaf, sorted(LEAF_KEYS))
    value = kind.check(path, leaf["value"])
    check_source(path, leaf.get("source"), leaf.get("range"))
    kind.check_range(path, leaf.get("range"))
    if isinstance(value, dict) and "_dist" in value:
        return value["_dist"]
    if kind.scaled:
        return value * scale
    return Table(value) if isinstance(value, dict) else value


def iter_parameters(tree: Mapping[str, Any], schema: Mapping[str, Any] = SCHEMA,
                    path: str = "") -> Iterator[tuple[str, Kind, Mapping[str, Any]]]:
    """Yield ``(key_path, kind, leaf_table)`` for every parameter of a raw scenario tree."""
    for k, kind in schema.items():
        p = f"{path}.{k}".lstrip(".")
        if isinstance(kind, Mapping):
            yield from iter_parameters(tree[k], kind, p)
        else:
            yield p, kind, tree[k]


def _set_values(tree: dict[str, Any], overrides: Mapping[str, Any]) -> None:
    """Replace parameter values of a raw ``tree`` in place (see :meth:`Scenario.with_overrides`)."""
    for path, value in overrides.items():
        parts = path.split(".")
        node: Any = tree
        for i, part in enumerate(parts[:-1]):
            if not isinstance(node, dict) or part not in node:
                raise ScenarioError(path, value, f"unknown parameter path (no '{'.'.join(parts[:i + 1])}')")
            node = node[part]
        last = parts[-1]
        if not isinstance(node, dict) or last not in node:
            raise ScenarioError(path, value, "unknown parameter path")
        if parts[0] == "scenario":
            node[last] = value
        elif isinstance(value, Mapping) and "value" in value and set(value) <= LEAF_KEYS:
            node[last] = dict(value)  # a whole leaf: { value, source, range, note }
        elif isinstance(node[last], dict) and "value" in node[last]:
            node[last] = dict(node[last]) | {"value": value}
        else:
            raise ScenarioError(path, value, "is a table of parameters, not one parameter")


def _phases(body: dict[str, Any], timeline: Timeline,
            scale: float) -> tuple[tuple[float, Params], ...]:
    """The parameters in force from each year a timeline lever starts: the base's with every
    lever started by then applied (checked like any scenario)."""
    phases = []
    tree = copy.deepcopy(body)
    for i, lv in enumerate(timeline.levers):
        for path in lv.sets:
            if path.startswith("scenario."):
                raise ScenarioError(f"timeline.levers[{i}].set.{path}", lv.sets[path],
                                    "a run setting cannot change mid-run")
        try:
            _set_values(tree, lv.sets)
        except ScenarioError as exc:
            raise ScenarioError(f"timeline.levers[{i}].set.{exc.path}", exc.value,
                                exc.allowed) from None
        if i + 1 < len(timeline.levers) and timeline.levers[i + 1].start_year == lv.start_year:
            continue  # levers starting together make one phase
        out: dict[str, Any] = {}
        try:
            _walk(SCHEMA, tree, "", scale, out)
        except ScenarioError as exc:
            raise ScenarioError(f"timeline.levers[{i}] ({lv.lever}): {exc.path}", exc.value,
                                exc.allowed) from None
        phases.append((lv.start_year, Params(out)))
    return tuple(phases)


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: run settings, the resolved parameters and the raw tree it came
    from, and its timeline (with the parameters in force from each year a lever starts)."""

    settings: Settings
    params: Params
    raw: Mapping[str, Any]
    source: str = "<memory>"
    timeline: Timeline = EMPTY_TIMELINE
    phases: tuple[tuple[float, Params], ...] = ()  # (year after the warm-up, parameters)

    @classmethod
    def from_tree(cls, tree: Mapping[str, Any], source: str = "<memory>",
                  scale: float | None = None) -> Scenario:
        tree = copy.deepcopy(dict(tree))
        settings = _check_settings(tree, scale)
        if scale is not None:
            tree["scenario"]["scale"] = float(scale)
        body = {k: v for k, v in tree.items() if k not in ("scenario", "timeline")}
        out: dict[str, Any] = {}
        _walk(SCHEMA, body, "", settings.scale, out)
        timeline = check_timeline(tree.get("timeline"), (settings.horizon_days
                                                         - settings.warmup_days) / DAYS_PER_YEAR)
        phases = _phases(body, timeline, settings.scale) if timeline.levers else ()
        return cls(settings, Params(out), tree, source, timeline, phases)

    @property
    def name(self) -> str:
        return self.settings.name

    def with_overrides(self, overrides: Mapping[str, Any], name: str | None = None,
                       timeline: Mapping[str, Any] | None = None) -> Scenario:
        """Return a new scenario with parameter values replaced (and its ``[timeline]`` table
        replaced by ``timeline``, if given).

        Keys are dotted paths (``"court.crown.sitting_days_per_year"`` or ``"scenario.scale"``). A value
        replaces the parameter's ``value``; a table with ``value``/``source``/``range`` replaces
        the whole leaf. Unknown paths raise :class:`ScenarioError`.
        """
        tree = copy.deepcopy(dict(self.raw))
        _set_values(tree, overrides)
        if name is not None:
            tree["scenario"]["name"] = name
        if timeline is not None:
            tree["timeline"] = copy.deepcopy(dict(timeline))
        return Scenario.from_tree(tree, source=self.source)

    def to_json(self) -> str:
        """The resolved scenario (raw values, sources, settings) as JSON for a manifest."""
        return json.dumps(self.raw, indent=1, sort_keys=False, default=str)


def default_scenario_path() -> Path:
    """The embedded default scenario: ``models/scenarios/centralised.toml``."""
    return SCENARIO_DIR / "centralised.toml"


def load_scenario(path: str | Path | None = None, scale: float | None = None) -> Scenario:
    """Load and validate a scenario file (the embedded default when ``path`` is None).

    A bare name such as ``centralised`` is looked up among the shipped scenarios.
    """
    p = default_scenario_path() if path is None else shipped_or_path(path)
    tree = load_toml(p, "scenario file")
    check_kind(tree, p, "scenario file")
    if scale is not None and (not isinstance(scale, int | float) or not math.isfinite(scale)):
        raise ScenarioError("--scale", scale, "must be a number > 0 and <= 2")
    return Scenario.from_tree(tree, source=str(p), scale=scale)
