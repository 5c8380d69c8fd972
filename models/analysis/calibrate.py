"""Calibration: fit the assumption parameters the validation targets identify.

Each calibrated parameter is paired with the target that identifies it most directly (below).
The objective's residuals are ``(simulated - published) / tolerance`` over the targets, each
simulated value the mean over a fixed set of replications with a fixed root seed: every
evaluation sees the same people and the same random numbers (common random numbers), so the
objective changes with the parameters, not with the luck of the draw. ``scipy.optimize.
least_squares`` (trust region reflective, bounds = each parameter's swept range) minimises it,
with finite-difference steps of 10% of each value (``diff_step``): a simulated objective is
piecewise constant at small steps, so the steps must be larger than its graininess.

The result is a scenario file with the fitted values (``source = "calibrated"``, the range kept)
and a record of the fit: targets before and after, the parameters moved, evaluations.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from models.analysis.sweep.paths import distribution_with
from models.analysis.validate import Target, run_validation, validation_table
from models.config.scenario import Scenario
from models.config.schema import ScenarioError
from models.config.tree import leaf_at
from sim.store import atomic_write_text

__all__ = ["Knob", "KNOBS", "calibrate", "check_calibration", "write_calibrated", "CALIBRATION_TARGETS"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Knob:
    """A calibrated parameter: a dotted path and, for a table or distribution, the field."""

    path: str
    field: str | None = None       # key of a table / numeric field of a distribution
    balance: str | None = None     # for shares: the key that absorbs the change
    informs: str = ""              # the target that identifies it

    @property
    def name(self) -> str:
        return f"{self.path}.{self.field}" if self.field else self.path

    def get(self, scenario: Scenario) -> float:
        v = leaf_at(scenario.raw, self.path)["value"]
        return float(v[self.field] if self.field else v)

    def bounds(self, scenario: Scenario) -> tuple[float, float]:
        r = leaf_at(scenario.raw, self.path).get("range")
        if isinstance(r, dict):
            r = r.get(self.field)
        if not (isinstance(r, list) and len(r) == 2):
            raise ScenarioError(f"{self.path}.range", r, "a calibrated parameter needs a "
                                f"range{' for ' + self.field if self.field else ''} to search")
        return float(r[0]), float(r[1])

    def override(self, scenario: Scenario, x: float) -> dict:
        v = leaf_at(scenario.raw, self.path)["value"]
        if self.field is None:
            return {self.path: float(x)}
        if "dist" in v:  # the mean keeps the spread relative, as in sweeps
            return {self.path: distribution_with(v, {self.field: float(x)})}
        new = dict(v)
        if self.balance:  # shares: the balancing key absorbs the change (4 decimals, sum 1)
            x = round(float(x), 4)
            new[self.balance] = round(float(v[self.balance]) - (x - float(v[self.field])), 4)
        new[self.field] = float(x)
        return {self.path: new}


KNOBS = (
    Knob("reoffending.p_reference_reoffend_12m", informs="adult_reoffending"),
    Knob("population.new_entrants_per_year", informs="arrests"),
    Knob("police.arrest_outcome_shares_adult", "out_of_court", balance="nfa",
         informs="out_of_court_disposals"),
    Knob("sentencing.custody_multiplier_female", informs="women_share_of_prisoners"),
    Knob("court.crown.preparation_days", "mean", informs="crown_court_time"),
    Knob("custody.technical_recall_rate_per_year_short", informs="prison_admissions"),
    Knob("custody.technical_recall_rate_per_year_long", informs="prison_admissions"),
)
CALIBRATION_TARGETS = tuple(dict.fromkeys(k.informs for k in KNOBS)) + ("prison_population",)


def check_calibration(base: Scenario, targets: list[Target],
                      knobs: Sequence[Knob] = KNOBS) -> None:
    """Raise :class:`ScenarioError` before any run if a knob has no range to search in
    ``base`` or a target that identifies a knob is missing from ``targets``."""
    for k in knobs:
        k.bounds(base)
    have = {t.name for t in targets}
    missing = sorted({k.informs for k in knobs} - have)
    if missing:
        raise ScenarioError("targets", ", ".join(missing), "calibrate fits its parameters to "
                            "these targets; the targets file must have them")


def calibrate(base: Scenario, targets: list[Target], root_seed: int, replications: int,
              workers: int = 1, max_evaluations: int = 30, knobs: Sequence[Knob]=KNOBS, progress: Callable[[int], object] | None=None,
              diff_step: float = 0.1) -> dict:
    """Fit ``knobs`` to the targets they inform (plus the prison population); return the
    record of the fit (see the module docstring)."""
    from scipy.optimize import least_squares

    check_calibration(base, targets, knobs)
    use = [t for t in targets if t.name in {k.informs for k in knobs} | {"prison_population"}]
    scale = base.settings.scale
    x0 = np.array([k.get(base) for k in knobs])
    lo, hi = np.array([k.bounds(base) for k in knobs]).T
    x0 = np.clip(x0, lo, hi)
    history: list[dict] = []

    def scenario_at(x) -> Scenario:
        over: dict = {}
        for k, v in zip(knobs, x, strict=True):
            over |= k.override(base, v)
        return base.with_overrides(over)

    def evaluate(x) -> pd.DataFrame:
        by_rep = run_validation(scenario_at(x), root_seed, replications, workers)
        return validation_table(by_rep, use, scale)

    def residuals(x) -> np.ndarray:
        t0 = time.perf_counter()
        table = evaluate(x)
        r = table["error_in_tolerances"].to_numpy(dtype=float)
        history.append({"x": dict(zip([k.name for k in knobs], map(float, x), strict=True)),
                        "cost": float(0.5 * np.sum(r**2)), "seconds": time.perf_counter() - t0})
        log.info("evaluation %d: cost %.3f", len(history), history[-1]["cost"])
        if progress:
            progress(1)
        return r

    before = evaluate(x0)
    # least_squares counts residual calls, not the len(knobs) calls of each finite-difference
    # Jacobian: turn the evaluation budget into iterations
    iterations = max(1, (max_evaluations - 2) // (len(knobs) + 1))
    fit = least_squares(residuals, x0, bounds=(lo, hi), x_scale=(hi - lo) / 4, diff_step=diff_step,
                        max_nfev=iterations, method="trf")
    after = evaluate(fit.x)
    return {
        "scenario": base.name, "scale": scale, "root_seed": root_seed,
        "replications": replications, "evaluations": len(history), "status": fit.message,
        "parameters": [{"parameter": k.name, "informs": k.informs, "before": float(a),
                        "after": float(b), "range": [float(lo[i]), float(hi[i])]}
                       for i, (k, a, b) in enumerate(zip(knobs, x0, fit.x, strict=True))],
        "targets_before": before.to_dict(orient="records"),
        "targets_after": after.to_dict(orient="records"),
        "history": history,
        "overrides": {k: v for k_, x in zip(knobs, fit.x, strict=True)
                      for k, v in k_.override(base, x).items()},
    }


def _toml_value(v) -> str:
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, float):
        return f"{v:.6g}" if abs(v) < 1e5 else f"{v:.0f}"
    return str(v)


def _key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k) else json.dumps(k)


def write_calibrated(source_path: Path, record: dict, out_path: Path) -> None:
    """Copy a scenario file with the fitted values (``source = "calibrated"``), line by line."""
    lines = Path(source_path).read_text(encoding="utf-8").splitlines(keepends=True)
    section = ""
    pending = dict(record["overrides"])
    for i, line in enumerate(lines):
        m = re.match(r"^\[([^\]]+)\]", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*) = \{ value = ", line)
        if not m:
            continue
        path = f"{section}.{m.group(1)}"
        if path not in pending:
            continue
        value = _toml_value(pending.pop(path))
        rest = line[m.end():]
        j = rest.index(", source = ")
        k = rest.index('"', j + len(", source = ") + 1)
        lines[i] = (f"{m.group(1)} = {{ value = {value}, source = \"calibrated\""
                    + rest[k + 1:])
    if pending:
        raise ValueError(f"parameters not found in {source_path}: {sorted(pending)}")
    atomic_write_text(out_path, "".join(lines))
