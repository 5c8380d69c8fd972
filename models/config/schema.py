"""Parameter kinds and the validator that turns a scenario TOML tree into checked values.

Every parameter in a scenario file is a table::

    p_remand_if_homeless = { value = 0.3, source = "assumption", range = [0.1, 0.5] }

``value`` is checked against the parameter's kind (probability, positive number, share table,
distribution, ...). ``source`` is a seed line reference (``003:1303-1306``), a figure ID from
the external-figures file (``X18``), a statute (``law: ...``) or ``assumption``; an assumption
must carry a ``range`` (the plausible interval swept in sensitivity analysis). Errors name the
key path, the value and what is allowed, in one line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sim.distributions import DistributionError, from_spec

__all__ = [
    "ScenarioError",
    "Kind",
    "Prob",
    "Number",
    "Count",
    "Shares",
    "Table",
    "Dist",
    "Choice",
    "LEAF_KEYS",
    "check_source",
]

LEAF_KEYS = frozenset({"value", "source", "range", "note"})
_SOURCE_RE = re.compile(
    r"^(assumption|derived|law: .+|calibrated|(\d{3}:\d+(-\d+)?)(, ?\d{3}:\d+(-\d+)?)*|X\d+.*|F\d+.*|\d{3}:.*)$"
)


class ScenarioError(ValueError):
    """A scenario or overlay is invalid; the message names the key path, value and what is allowed."""

    def __init__(self, path: str, value: Any, allowed: str):
        self.path, self.value, self.allowed = path, value, allowed
        super().__init__(f"{path} = {value!r}: {allowed}")


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def check_source(path: str, source: Any, range_: Any) -> None:
    """Check a parameter's provenance: a known source form; assumptions need a range."""
    if not isinstance(source, str) or not source.strip():
        raise ScenarioError(f"{path}.source", source, "must be a seed line (003:283), a figure "
                            "ID (X15), 'law: ...', 'derived', 'calibrated' or 'assumption'")
    if not _SOURCE_RE.match(source.strip()):
        raise ScenarioError(f"{path}.source", source, "must start with a seed line (003:283), a "
                            "figure ID (X15/F30), 'law: ...', 'derived', 'calibrated' or 'assumption'")
    if source.strip() in ("assumption", "calibrated") and (range_ is None or range_ == {}):
        raise ScenarioError(f"{path}.range", None, f"a parameter whose source is "
                            f"'{source.strip()}' must give a range swept in sensitivity analysis")


@dataclass(frozen=True)
class Kind:
    """Base parameter kind: ``check`` returns the validated (possibly converted) value."""

    doc: str = ""
    scaled: bool = False  # multiplied by the scenario's scale (volumes and capacities)

    def check(self, path: str, value: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def check_range(self, path: str, range_: Any) -> None:
        if range_ is None:
            return
        if (not isinstance(range_, list) or len(range_) != 2
                or not all(_is_number(r) for r in range_) or range_[0] > range_[1]):
            raise ScenarioError(f"{path}.range", range_, "must be [low, high] with low <= high")
        for r in range_:
            self.check(f"{path}.range", r)


@dataclass(frozen=True)
class Prob(Kind):
    """A probability in [0, 1]."""

    def check(self, path: str, value: Any) -> float:
        if not _is_number(value) or not 0.0 <= value <= 1.0:
            raise ScenarioError(path, value, "must be a probability in [0, 1]")
        return float(value)


@dataclass(frozen=True)
class Number(Kind):
    """A finite number with bounds: ``low`` (inclusive unless ``strict``) and optional ``high``."""

    low: float = 0.0
    strict: bool = False
    high: float | None = None

    def check(self, path: str, value: Any) -> float:
        ok = _is_number(value) and (value > self.low if self.strict else value >= self.low)
        if ok and self.high is not None:
            ok = value <= self.high
        if not ok:
            rel = ">" if self.strict else ">="
            hi = f" and <= {self.high:g}" if self.high is not None else ""
            raise ScenarioError(path, value, f"must be a number {rel} {self.low:g}{hi}")
        return float(value)


@dataclass(frozen=True)
class Count(Kind):
    """A whole number >= ``low`` (capacities use low=1: a zero capacity is an error)."""

    low: int = 0

    def check(self, path: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.low:
            raise ScenarioError(path, value, f"must be a whole number >= {self.low}")
        return int(value)


@dataclass(frozen=True)
class Choice(Kind):
    """One of a fixed set of strings."""

    options: tuple[str, ...] = ()

    def check(self, path: str, value: Any) -> str:
        if value not in self.options:
            raise ScenarioError(path, value, f"must be one of {', '.join(self.options)}")
        return value

    def check_range(self, path: str, range_: Any) -> None:
        if range_ is not None:
            raise ScenarioError(f"{path}.range", range_, "a choice has no range")


@dataclass(frozen=True)
class Table(Kind):
    """A table with exactly the given keys, each value checked by ``item``."""

    keys: tuple[str, ...] = ()
    item: Kind = field(default_factory=lambda: Number(low=0.0))

    def check(self, path: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise ScenarioError(path, value, f"must be a table with keys {', '.join(self.keys)}")
        extra = sorted(set(value) - set(self.keys))
        missing = [k for k in self.keys if k not in value]
        if extra:
            raise ScenarioError(f"{path}.{extra[0]}", value[extra[0]],
                                f"unknown key; allowed: {', '.join(self.keys)}")
        if missing:
            raise ScenarioError(f"{path}.{missing[0]}", None, "missing")
        return {k: self.item.check(f"{path}.{k}", value[k]) for k in self.keys}

    def check_range(self, path: str, range_: Any) -> None:
        if range_ is None:
            return
        if not isinstance(range_, Mapping):
            raise ScenarioError(f"{path}.range", range_, "must be a table of [low, high] per key")
        for k, r in range_.items():
            if k not in self.keys:
                raise ScenarioError(f"{path}.range.{k}", r, f"unknown key; allowed: {', '.join(self.keys)}")
            self.item.check_range(f"{path}.{k}", r)


@dataclass(frozen=True)
class Shares(Table):
    """A table of non-negative shares over fixed categories that sum to 1 (within 1e-6)."""

    item: Kind = field(default_factory=lambda: Prob())

    def check(self, path: str, value: Any) -> dict[str, float]:
        out = super().check(path, value)
        total = sum(out.values())
        if abs(total - 1.0) > 1e-6:
            raise ScenarioError(path, value, f"shares must sum to 1 (they sum to {total:.6g})")
        return out


@dataclass(frozen=True)
class Dist(Kind):
    """A probability distribution given as a ``sim.distributions`` spec (values in ``unit``)."""

    unit: str = "days"
    allowed: tuple[str, ...] = ("deterministic", "exponential", "uniform", "gamma", "lognormal",
                                "weibull", "piecewise_uniform", "discrete")
    nonnegative: bool = True

    def check(self, path: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping) or value.get("dist") not in self.allowed:
            got = value.get("dist") if isinstance(value, Mapping) else value
            raise ScenarioError(f"{path}.dist" if isinstance(value, Mapping) else path, got,
                                f"must be a distribution table with dist one of {', '.join(self.allowed)}")
        try:
            d = from_spec(dict(value))
        except DistributionError as exc:
            raise ScenarioError(path, dict(value), str(exc)) from None
        if self.nonnegative:
            lo = _support_low(value)
            if lo is not None and lo < 0:
                raise ScenarioError(path, dict(value), f"durations in {self.unit} cannot be negative")
        return dict(value) | {"_dist": d}

    def check_range(self, path: str, range_: Any) -> None:
        if range_ is None:
            return
        if not isinstance(range_, Mapping):
            raise ScenarioError(f"{path}.range", range_,
                                "must be a table of [low, high] per distribution field, e.g. "
                                "{mean = [a, b]}, or {scale = [a, b]} (a multiplier on every value)")
        for k, r in range_.items():
            Number(low=-math.inf).check_range(f"{path}.{k}", r)


def _support_low(spec: Mapping[str, Any]) -> float | None:
    kind = spec["dist"]
    if kind == "deterministic":
        return spec["value"]
    if kind == "uniform":
        return spec["low"]
    if kind == "piecewise_uniform":
        return spec["edges"][0]
    if kind == "discrete":
        return min(spec["values"])
    return None
