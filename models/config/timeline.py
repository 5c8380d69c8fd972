"""A scenario's timeline: what changes during the run (a trend in offending, a court capacity
shock with recovery, a lever switched on in year k of the measured period).

Without a timeline, demand and capacity are constant over the run. A scenario (or an overlay)
may carry a ``[timeline]`` table; years are counted from the end of the warm-up (year 0 is the
first day of the measurement window)::

    [timeline]
    arrest_trend = { change_per_year = -0.02, start_year = 0, source = "assumption", range = [-0.05, 0.02] }

    [[timeline.court_shocks]]       # sitting days drop to `multiplier` x at start_year, stay
    court = "crown"                 # there for hold_years, then recover linearly to 1 over
    start_year = 4                  # recovery_years
    multiplier = 0.6
    hold_years = 0.25
    recovery_years = 2
    source = "assumption"
    range = [0.4, 0.8]

A lever switched on later is written by :func:`models.config.overlay.apply_overlay` from a
lever's ``start_year`` into ``timeline.levers`` (``{ lever, start_year, set }``): its parameter
values apply from that year, the base's before. An empty (or absent) timeline changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from models.config.schema import Choice, Number, ScenarioError, check_source
from models.config.tree import check_keys
from models.config.vocabulary import COURTS, DAYS_PER_YEAR

__all__ = ["Timeline", "CourtShock", "LeverStart", "EMPTY_TIMELINE", "check_timeline",
           "FIXED_AT_START"]

_TIMELINE_KEYS = ("arrest_trend", "court_shocks", "levers")
_TREND_KEYS = ("change_per_year", "start_year", "source", "range", "note")
_SHOCK_KEYS = ("court", "start_year", "multiplier", "hold_years", "recovery_years", "source",
               "range", "note")
_LEVER_START_KEYS = ("lever", "start_year", "set")
# Read once when the run is built (the cohort, the ledger's budget holders, the invest-to-save
# process, the summons stream drawn at the start, the prison regime whose daily series is one
# function of the run): a lever may not switch these mid-run.
FIXED_AT_START = ("population.", "custody.initial_sentenced_stock", "budget_holders.",
                  "devolution.", "court.magistrates.summons_", "prison_regime.")


@dataclass(frozen=True)
class CourtShock:
    """Sitting days of ``court`` (a :data:`COURTS` index) times ``multiplier`` from
    ``start_year`` for ``hold_years``, then back to 1 linearly over ``recovery_years``."""

    court: int
    start_year: float
    multiplier: float
    hold_years: float
    recovery_years: float

    def multiplier_at(self, year: float) -> float:
        """The factor on sitting days at ``year`` (years after the warm-up)."""
        s = year - self.start_year
        if s < 0.0:
            return 1.0
        if s < self.hold_years:
            return self.multiplier
        s -= self.hold_years
        if s < self.recovery_years:
            return self.multiplier + (1.0 - self.multiplier) * s / self.recovery_years
        return 1.0

    @property
    def end_year(self) -> float:
        return self.start_year + self.hold_years + self.recovery_years


@dataclass(frozen=True)
class LeverStart:
    """A lever whose parameter values (already at the overlay's fidelity) apply from
    ``start_year``."""

    lever: str
    start_year: float
    sets: Mapping[str, Any]


@dataclass(frozen=True)
class Timeline:
    """The checked timeline of a scenario (see the module docstring)."""

    arrest_trend_per_year: float = 0.0
    arrest_trend_start_year: float = 0.0
    court_shocks: tuple[CourtShock, ...] = ()
    levers: tuple[LeverStart, ...] = ()

    @property
    def empty(self) -> bool:
        return self.arrest_trend_per_year == 0.0 and not self.court_shocks and not self.levers

    def court_multiplier(self, court: int, year: float) -> float:
        """The product of every shock to ``court``'s sitting days at ``year``."""
        m = 1.0
        for s in self.court_shocks:
            if s.court == court:
                m *= s.multiplier_at(year)
        return m

    def marks(self, warmup_days: float) -> list[tuple[float, str]]:
        """(day, label) of each change, for the figures' vertical lines."""
        out = []
        if self.arrest_trend_per_year != 0.0:
            out.append((self.arrest_trend_start_year,
                        f"arrest trend {self.arrest_trend_per_year:+.0%}/year"))
        for s in self.court_shocks:
            out.append((s.start_year, f"{COURTS[s.court]} sitting days x{s.multiplier:g}"))
        for lv in self.levers:
            out.append((lv.start_year, f"{lv.lever} on"))
        return sorted((warmup_days + y * DAYS_PER_YEAR, label) for y, label in out)


EMPTY_TIMELINE = Timeline()


def _year(path: str, value: Any, years_after_warmup: float) -> float:
    y = Number().check(path, value)
    if y >= years_after_warmup:
        raise ScenarioError(path, value, f"must be a year after the warm-up from 0 to before the "
                            f"end of the run ({years_after_warmup:g} years)")
    return y


def check_timeline(raw: Any, years_after_warmup: float) -> Timeline:
    """Check a raw ``[timeline]`` table (None or empty: no timeline). ``years_after_warmup`` is
    the length of the run after the warm-up, the latest a change may start. Lever paths are
    checked by the scenario, which applies them."""
    if raw is None or raw == {}:
        return EMPTY_TIMELINE
    if not isinstance(raw, Mapping):
        raise ScenarioError("timeline", raw, "must be a table")
    check_keys("timeline", raw, _TIMELINE_KEYS)
    trend, trend_start = 0.0, 0.0
    if "arrest_trend" in raw:
        t = raw["arrest_trend"]
        where = "timeline.arrest_trend"
        if not isinstance(t, Mapping):
            raise ScenarioError(where, t, "must be a table { change_per_year, start_year, source, "
                                "range }")
        check_keys(where, t, _TREND_KEYS, required=("change_per_year", "source"))
        trend = Number(low=-1.0, strict=True, high=1.0).check(f"{where}.change_per_year",
                                                               t["change_per_year"])
        trend_start = _year(f"{where}.start_year", t.get("start_year", 0.0), years_after_warmup)
        check_source(where, t["source"], t.get("range"))
        Number(low=-1.0, strict=True, high=1.0).check_range(where, t.get("range"))
    shocks = []
    raw_shocks = raw.get("court_shocks", [])
    if not isinstance(raw_shocks, list):
        raise ScenarioError("timeline.court_shocks", raw_shocks, "must be a list of tables "
                            "([[timeline.court_shocks]])")
    for i, s in enumerate(raw_shocks):
        where = f"timeline.court_shocks[{i}]"
        if not isinstance(s, Mapping):
            raise ScenarioError(where, s, "must be a table { court, start_year, multiplier, "
                                "recovery_years, source }")
        check_keys(where, s, _SHOCK_KEYS,
                   required=("court", "start_year", "multiplier", "recovery_years", "source"))
        court = COURTS.index(Choice(options=COURTS).check(f"{where}.court", s["court"]))
        start = _year(f"{where}.start_year", s["start_year"], years_after_warmup)
        mult = Number(strict=True, high=10.0).check(f"{where}.multiplier", s["multiplier"])
        hold = Number().check(f"{where}.hold_years", s.get("hold_years", 0.0))
        recovery = Number().check(f"{where}.recovery_years", s["recovery_years"])
        if hold + recovery <= 0.0:
            raise ScenarioError(f"{where}.recovery_years", s["recovery_years"], "hold_years + "
                                "recovery_years must be > 0 (a shock that lasts no time)")
        check_source(where, s["source"], s.get("range"))
        Number(strict=True, high=10.0).check_range(where, s.get("range"))
        shocks.append(CourtShock(court, start, mult, hold, recovery))
    levers = []
    raw_levers = raw.get("levers", [])
    if not isinstance(raw_levers, list):
        raise ScenarioError("timeline.levers", raw_levers, "must be a list of { lever, "
                            "start_year, set }")
    for i, lv in enumerate(raw_levers):
        where = f"timeline.levers[{i}]"
        if not isinstance(lv, Mapping):
            raise ScenarioError(where, lv, "must be a table { lever, start_year, set }")
        check_keys(where, lv, _LEVER_START_KEYS, required=_LEVER_START_KEYS)
        if not isinstance(lv["lever"], str) or not lv["lever"]:
            raise ScenarioError(f"{where}.lever", lv["lever"], "must be a non-empty string")
        start = _year(f"{where}.start_year", lv["start_year"], years_after_warmup)
        sets = lv["set"]
        if not isinstance(sets, Mapping) or not sets:
            raise ScenarioError(f"{where}.set", sets, "must map parameter paths to values")
        for path in sets:
            if path.startswith(FIXED_AT_START):
                raise ScenarioError(f"{where}.set.{path}", sets[path], "is read once when the "
                                    "run is built, so it cannot change mid-run; set it from the "
                                    "start (no start_year)")
        levers.append(LeverStart(lv["lever"], start, dict(sets)))
    levers.sort(key=lambda lv: lv.start_year)
    return Timeline(trend, trend_start, tuple(shocks), tuple(levers))

