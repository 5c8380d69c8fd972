"""Configurations as data: an overlay lists the levers a policy configuration changes on a base.

An overlay file has an ``[overlay]`` table (name, description, default fidelity) and one
``[levers.<name>]`` table per lever::

    [levers.relational_supervision]
    what = "fewer technical recalls of short-sentence prisoners"
    why = "recalls for missed appointments set chaotic people up to fail"
    source = "003:1139-1142, 1206-1209"       # or "assumption" (then `range` is required)
    range = [0.1, 0.3]                         # the lever's plausible range, for sweeps
    set = { "custody.technical_recall_rate_per_year_short" = 0.18 }
    start_year = 3                             # optional: applies from year 3 after the warm-up

``set`` maps parameter paths to the value the lever aims for (a number, a table of numbers,
a distribution, or a budget holder). The **fidelity** dial (0..1) says how much of each
lever's effect is delivered: numbers, table entries and the numeric fields of a distribution
of the same family move ``fidelity`` of the way from the base value to the lever's value
(whole numbers are rounded); a distribution of another family is switched at fidelity >= 0.5;
a budget holder (who pays, not an effect) moves at any fidelity above 0. At fidelity 0 an
overlay reproduces its base exactly (unless it has a timeline of its own, below).

Each lever may have its own fidelity beside the global dial (:class:`Fidelity`: on the command
line ``--fidelity resettlement=0.5``), so a comparison can ask what the package delivers if one
lever is only half delivered. A lever's fidelity is, first found: its own, the global dial,
the overlay's default.

A lever with ``start_year = k`` applies from year k after the warm-up (the base's values before):
it goes into the configuration's ``[timeline]`` (:mod:`models.config.timeline`). An overlay may
also carry a ``[timeline]`` table of its own (an arrest trend, court shocks): it is the setting
the configuration runs in, not a lever, so the fidelity dial does not move it; its keys replace
the base's.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from models.config.parameters import kind_at
from models.config.scenario import Scenario
from models.config.schema import Choice, Count, Kind, Number, ScenarioError, check_source
from models.config.tree import (
    SCENARIO_DIR,
    check_keys,
    check_kind,
    leaf_at,
    load_toml,
    shipped_or_path,
)

__all__ = ["Lever", "Overlay", "Fidelity", "load_overlay", "apply_overlay", "lever_table",
           "shipped_overlays", "interpolate", "check_fidelity"]

_OVERLAY_KEYS = ("name", "description", "fidelity", "base")
_LEVER_KEYS = ("what", "why", "source", "range", "note", "set", "start_year")
# Who the people are comes from the base scenario (models.analysis.compare): an overlay may not set these.
_COHORT_PATHS = ("population.", "custody.initial_sentenced_stock")


@dataclass(frozen=True)
class Lever:
    name: str
    what: str
    why: str
    source: str
    sets: dict[str, Any]
    range: Any = None
    note: str = ""
    start_year: float | None = None  # years after the warm-up; None: from the start


@dataclass(frozen=True)
class Overlay:
    name: str
    description: str
    fidelity: float
    levers: tuple[Lever, ...]
    source: str = "<memory>"
    base: str = "centralised"
    paths: dict[str, str] = field(default_factory=dict)  # parameter path -> lever name
    timeline: dict[str, Any] = field(default_factory=dict)  # the overlay's own [timeline]


def shipped_overlays() -> list[Path]:
    """The overlay files shipped with the package (every scenario file with ``[overlay]``)."""
    return [p for p in sorted(SCENARIO_DIR.glob("*.toml"))
            if "overlay" in load_toml(p, "overlay file")]


def check_fidelity(fidelity: Any, name: str = "fidelity") -> float:
    if isinstance(fidelity, bool) or not isinstance(fidelity, int | float) \
            or not math.isfinite(fidelity) or not 0.0 <= fidelity <= 1.0:
        raise ScenarioError(name, fidelity, "must be a number from 0 (no effect) to 1 (full effect)")
    return float(fidelity)


@dataclass(frozen=True)
class Fidelity:
    """How much of each lever's effect is delivered: a global dial (``None``: each overlay's
    own default) and per-lever values that take precedence over it."""

    overall: float | None = None
    by_lever: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.overall is not None:
            check_fidelity(self.overall)
        for name, f in self.by_lever.items():
            if not isinstance(name, str) or not name:
                raise ScenarioError("fidelity", name, "a lever's fidelity needs the lever's name")
            check_fidelity(f, f"fidelity.{name}")

    @classmethod
    def of(cls, fidelity: Fidelity | float | None) -> Fidelity:
        """A :class:`Fidelity` from a global number, ``None`` or a :class:`Fidelity`."""
        if isinstance(fidelity, Fidelity):
            return fidelity
        return cls(None if fidelity is None else check_fidelity(fidelity))

    def for_lever(self, overlay: Overlay, lever: Lever) -> float:
        """The fidelity of ``lever`` in ``overlay``."""
        if lever.name in self.by_lever:
            return float(self.by_lever[lever.name])
        return overlay.fidelity if self.overall is None else float(self.overall)

    def check_levers(self, overlays: list[Overlay]) -> None:
        """Every lever named must be a lever of at least one of the overlays."""
        known = sorted({lv.name for ov in overlays for lv in ov.levers})
        for name in self.by_lever:
            if name not in known:
                raise ScenarioError(f"fidelity.{name}", self.by_lever[name],
                                    "names no lever of " + ", ".join(o.name for o in overlays)
                                    + "; levers: " + ", ".join(known))

    def describe(self) -> str:
        """In words, e.g. "each overlay's own; resettlement=0.5"."""
        head = "each overlay's own" if self.overall is None else f"{self.overall:g}"
        tail = "".join(f"; {k}={v:g}" for k, v in sorted(self.by_lever.items()))
        return head + tail

    def as_dict(self) -> dict[str, Any]:
        """For a manifest."""
        return {"overall": self.overall, "by_lever": dict(self.by_lever)}


def load_overlay(path: str | Path) -> Overlay:
    """Read and check an overlay file (a path, or the name of a shipped overlay)."""
    p = shipped_or_path(path)
    tree = load_toml(p, "overlay file")
    check_kind(tree, p, "overlay file")
    return overlay_from_tree(tree, source=str(p))


def overlay_from_tree(tree: Mapping[str, Any], source: str = "<memory>") -> Overlay:
    head = tree.get("overlay")
    if not isinstance(head, Mapping):
        raise ScenarioError("overlay", source, "missing table [overlay] (is this a full scenario "
                            "rather than an overlay?)")
    for k in set(tree) - {"overlay", "levers", "timeline"}:
        raise ScenarioError(k, tree[k], "unknown table in an overlay; allowed: [overlay], "
                            "[levers.*], [timeline]")
    own_timeline = tree.get("timeline", {})
    if not isinstance(own_timeline, Mapping) or "levers" in own_timeline:
        raise ScenarioError("timeline", own_timeline, "must be a table of arrest_trend and "
                            "court_shocks (a lever starts later with its own start_year)")
    check_keys("overlay", head, _OVERLAY_KEYS)
    name = head.get("name")
    if not isinstance(name, str) or not name:
        raise ScenarioError("overlay.name", name, "must be a non-empty string")
    fidelity = check_fidelity(head.get("fidelity", 1.0), "overlay.fidelity")
    levers: list[Lever] = []
    paths: dict[str, str] = {}
    raw_levers = tree.get("levers", {})
    if not isinstance(raw_levers, Mapping) or not (raw_levers or own_timeline):
        raise ScenarioError("levers", raw_levers, "an overlay needs at least one [levers.<name>] "
                            "(or a [timeline])")
    for lname, lv in raw_levers.items():
        where = f"levers.{lname}"
        if not isinstance(lv, Mapping):
            raise ScenarioError(where, lv, "must be a table")
        check_keys(where, lv, _LEVER_KEYS)
        for k in ("what", "why", "source"):
            if not isinstance(lv.get(k), str) or not lv.get(k):
                raise ScenarioError(f"{where}.{k}", lv.get(k), "must be a non-empty string")
        check_source(where, lv["source"], lv.get("range"))
        sets = lv.get("set")
        if not isinstance(sets, Mapping) or not sets:
            raise ScenarioError(f"{where}.set", sets, "must map parameter paths to values, "
                                "e.g. set = { \"custody.prison_places\" = 70000 }")
        for path in sets:
            kind_at(path)
            if path.startswith(_COHORT_PATHS):
                raise ScenarioError(f"{where}.set.{path}", sets[path], "shapes who is in the "
                                    "run; a configuration keeps the base's people, so change it "
                                    "in the base scenario instead")
            if path in paths:
                raise ScenarioError(f"{where}.set.{path}", sets[path],
                                    f"already set by lever '{paths[path]}'")
            paths[path] = lname
        start = lv.get("start_year")
        if start is not None:
            start = Number().check(f"{where}.start_year", start)
        levers.append(Lever(lname, lv["what"], lv["why"], lv["source"], dict(sets),
                            lv.get("range"), str(lv.get("note", "")), start))
    return Overlay(name, str(head.get("description", "")), fidelity, tuple(levers), source,
                   str(head.get("base", "centralised")), paths, dict(own_timeline))


def interpolate(kind: Kind | None, base: Any, target: Any, f: float) -> Any:
    """The value ``f`` of the way from ``base`` to ``target`` (see the module docstring)."""
    if f == 0.0:
        return copy.deepcopy(base)
    if isinstance(kind, Choice) or isinstance(base, str):
        return target
    if isinstance(base, bool):
        return target if f >= 0.5 else base
    if isinstance(base, int | float) and isinstance(target, int | float):
        v = base + f * (target - base)
        return int(round(v)) if isinstance(kind, Count) else v
    if isinstance(base, Mapping) and isinstance(target, Mapping):
        if "dist" in base or "dist" in target:
            if base.get("dist") != target.get("dist") or set(base) != set(target):
                return copy.deepcopy(target if f >= 0.5 else base)
        out = dict(base)
        for k, t in target.items():
            out[k] = interpolate(None, base[k], t, f) if k in base else t
        return out
    if isinstance(base, list) and isinstance(target, list) and len(base) == len(target):
        return [interpolate(None, b, t, f) for b, t in zip(base, target, strict=True)]
    return copy.deepcopy(target if f >= 0.5 else base)


def _leaf_value(raw: Mapping[str, Any], path: str) -> Any:
    return leaf_at(raw, path)["value"]


def apply_overlay(base: Scenario, overlay: Overlay,
                  fidelity: Fidelity | float | None = None) -> Scenario:
    """The base scenario with the overlay's levers at ``fidelity`` (a global number, or a
    :class:`Fidelity` with per-lever values; default: the overlay's)."""
    fid = Fidelity.of(fidelity)
    overrides: dict[str, Any] = {}
    later = []  # levers that start in a later year: into the timeline
    for lever in overlay.levers:
        f = fid.for_lever(overlay, lever)
        values = {path: interpolate(kind_at(path), _leaf_value(base.raw, path), target, f)
                  for path, target in lever.sets.items()}
        if lever.start_year:
            later.append({"lever": lever.name, "start_year": lever.start_year, "set": values})
        else:
            overrides |= values
    timeline = None
    if later or overlay.timeline:
        timeline = copy.deepcopy(dict(base.raw.get("timeline", {}))) | overlay.timeline
        timeline["levers"] = [*timeline.get("levers", []), *later]
        if not timeline["levers"]:
            del timeline["levers"]
    try:
        return base.with_overrides(overrides, name=overlay.name, timeline=timeline)
    except ScenarioError as exc:
        if exc.path.startswith("timeline"):
            raise ScenarioError(f"{overlay.name}: {exc.path}", exc.value, exc.allowed) from None
        lever_name = overlay.paths.get(exc.path, "?")
        raise ScenarioError(f"{overlay.name}: levers.{lever_name}.set.{exc.path}", exc.value,
                            exc.allowed) from None


def lever_table(base: Scenario, overlays: list[Overlay],
                fidelity: Fidelity | float | None = None) -> pd.DataFrame:
    """One row per (configuration, lever, parameter): base value and the value applied."""
    fid = Fidelity.of(fidelity)
    rows = []
    for ov in overlays:
        for lever in ov.levers:
            f = fid.for_lever(ov, lever)
            for path, target in lever.sets.items():
                b = _leaf_value(base.raw, path)
                rows.append({"config": ov.name, "lever": lever.name, "path": path,
                             "baseline": _show(b),
                             "value": _show(interpolate(kind_at(path), b, target, f))
                             + (f" (from year {lever.start_year:g})" if lever.start_year else ""),
                             "what": lever.what, "why": lever.why, "source": lever.source,
                             "range": _show(lever.range) if lever.range is not None else "",
                             "fidelity": f})
    return pd.DataFrame(rows, columns=["config", "lever", "path", "baseline", "value", "what",
                                       "why", "source", "range", "fidelity"])


def _show(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{k}={_show(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return str(v)
