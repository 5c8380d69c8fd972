"""Prison staffing and the regime it allows: officers, staff per prisoner, hours out of cell.

Staff shortages lead to lockdowns, and with no officers to escort them prisoners miss
education, work and treatment (003:336-348, 1153-1168, 1497-1498; M19). Frontline officers
(14,689 FTE in June 2016, 003:338-339) change by ``officers_yearly_change_fraction`` from the start of
the run; staff per prisoner is the officers over the prisoners held now (the prison places in
use). Hours out of cell, which stand for the whole regime (unlock, escorts, activity places),
rise in proportion to staff per prisoner relative to the 2016 reference, up to a full regime
(assumptions with ranges, ``prison_regime.*``). The regime index (hours over the reference
hours, 1 in 2016) scales the chance of a place on a programme
(:mod:`models.pathway.stages.prison_regime`).
"""

from __future__ import annotations

import numpy as np

from models.config.scenario import Params
from models.config.vocabulary import DAYS_PER_YEAR

__all__ = ["Regime"]


class Regime:
    """The staffing and regime of a scenario (functions of time and the prison population)."""

    def __init__(self, p: Params) -> None:
        r = p.prison_regime
        self.officers_at_start = r.frontline_officers
        self.change_per_day = r.officers_yearly_change_fraction / DAYS_PER_YEAR
        self.reference_staff = r.reference_staff_per_prisoner
        self.reference_hours = r.reference_out_of_cell_hours
        self.full_hours = r.full_regime_out_of_cell_hours

    def officers(self, t_days: float | np.ndarray) -> float | np.ndarray:
        """Frontline officers (FTE, scaled) at ``t_days`` (never below zero)."""
        return self.officers_at_start * np.maximum(0.0, 1.0 + self.change_per_day * t_days)

    def staff_per_prisoner(self, t_days: float | np.ndarray,
                           prisoners: float | np.ndarray) -> float | np.ndarray:
        """Officers per prisoner held (an empty prison counts as one prisoner)."""
        return self.officers(t_days) / np.maximum(prisoners, 1.0)

    def hours_out_of_cell(self, staff_per_prisoner: float | np.ndarray) -> float | np.ndarray:
        """Hours a day out of cell: in proportion to staff per prisoner (the reference hours at
        the reference ratio), up to a full regime."""
        return np.minimum(self.full_hours,
                          self.reference_hours * staff_per_prisoner / self.reference_staff)

    def index(self, staff_per_prisoner: float) -> float:
        """The regime relative to the reference (1 at the reference staff per prisoner)."""
        return float(self.hours_out_of_cell(staff_per_prisoner)) / self.reference_hours

    def daily(self, busy_steps: tuple[np.ndarray, np.ndarray], horizon: float) -> dict:
        """Each day 0..horizon (its end): prisoners held, staff per prisoner and hours out of
        cell, from the prison places' busy level (change times and the level after each)."""
        days = np.arange(0, int(horizon) + 1, dtype=float)
        times, levels = (np.asarray(x, dtype=float) for x in busy_steps)
        held = levels[np.maximum(np.searchsorted(times, days, side="right") - 1, 0)]
        staff = self.staff_per_prisoner(days, held)
        return {"day": days, "prisoners": held, "staff_per_prisoner": staff,
                "hours_out_of_cell": self.hours_out_of_cell(staff)}
