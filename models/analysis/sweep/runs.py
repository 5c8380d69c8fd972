"""Running a sweep: each (point, replication) is one run, written as its own part.

Replication ``r`` of every point uses the same root seed and replication index: common random
numbers across points. Each run writes its own Parquet part atomically
(:class:`sim.store.PartStore`); a restarted sweep with ``resume`` runs only the parts that are
missing, and a run that fails is recorded with its error and does not stop the sweep. Runs go
serially, to a local process pool or to a Dask cluster (:func:`sim.tasks.as_completed`), with
identical results.
"""

from __future__ import annotations

import logging
import math
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from models.analysis.sweep.paths import apply_factors
from models.analysis.sweep.spec import FIDELITY, LEVER_FIDELITY, SweepSpec, design_points
from models.config.scenario import load_scenario
from models.config.schema import ScenarioError
from sim.store import PartStore
from sim.tasks import run_tasks

__all__ = ["run_sweep", "collect", "point_means", "SweepAborted", "simulator_model",
           "ishigami_model", "FAIL_FAST_RUNS"]

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- the model of one run

def simulator_model(spec: SweepSpec, values: dict[str, float], replication: int) -> dict:
    """Run the simulator at one point (the configuration minus the base if an overlay is set)."""
    from models.analysis.validate import validation_metrics
    from models.config.overlay import Fidelity, apply_overlay, load_overlay
    from models.pathway.run import run_replication

    values = dict(values)
    overall = values.pop(FIDELITY, spec.fidelity)
    by_lever = {k[len(LEVER_FIDELITY):]: values.pop(k) for k in list(values)
                if k.startswith(LEVER_FIDELITY)}
    fidelity = Fidelity(overall, by_lever)
    base = apply_factors(load_scenario(spec.base, scale=spec.scale), values, spec.integer)
    m_base = validation_metrics(run_replication(base, spec.seed, replication))
    if not spec.overlay:
        return {m: float(m_base[m]) for m in spec.metrics}
    config = apply_overlay(base, load_overlay(spec.overlay), fidelity)
    m_conf = validation_metrics(run_replication(config, spec.seed, replication, cohort_from=base))
    return {m: float(m_conf[m] - m_base[m]) for m in spec.metrics}


@dataclass(frozen=True)
class _Task:
    point: int
    replication: int
    values: dict

    @property
    def run_id(self) -> str:
        return f"p{self.point:06d}-r{self.replication:03d}"


def _execute(model: Callable, spec: SweepSpec, task: _Task) -> dict:
    """Run one task; never raises (a failure is a result with its error)."""
    t0 = time.perf_counter()
    row = {"run_id": task.run_id, "point": task.point, "replication": task.replication,
           **{f"x.{k}": v for k, v in task.values.items()}}
    try:
        out = model(spec, task.values, task.replication)
        row |= {f"y.{m}": float(out[m]) for m in spec.metrics}
        row |= {"status": "ok", "error": ""}
    except Exception as exc:  # noqa: BLE001 - recorded, the sweep goes on
        row |= {f"y.{m}": math.nan for m in spec.metrics}
        row |= {"status": "failed", "error": "".join(
            traceback.format_exception_only(type(exc), exc)).strip()}
    row["seconds"] = time.perf_counter() - t0
    return row


class SweepAborted(RuntimeError):
    """The first runs of a sweep all failed: the sweep file (or the model) is broken."""


FAIL_FAST_RUNS = 4  # stop when this many runs have finished and every one of them failed


def run_sweep(spec: SweepSpec, out_dir: str | Path, workers: int = 1, resume: bool = False,
              dask_address: str | None = None, model: Callable = simulator_model,
              progress: Any=None, retry_failed: bool = False) -> dict:
    """Run every missing (point, replication) of the sweep; return counts done/failed/skipped.

    ``workers`` > 1 uses a local process pool; ``dask_address`` sends the same tasks to a Dask
    distributed scheduler. Results are identical either way (each run's random numbers depend
    only on the root seed and its replication index). ``retry_failed`` (with ``resume``) runs
    the recorded failures again. If the first :data:`FAIL_FAST_RUNS` runs all fail, the rest
    are cancelled and :class:`SweepAborted` names the last error (their parts are kept, so
    ``resume`` with ``retry_failed`` carries on after a fix).
    """
    out = Path(out_dir)
    parts = PartStore(out / "parts")
    if parts.exists() and not resume:
        raise ScenarioError("--out", str(out), "already holds a sweep; use --resume to finish it, "
                            "--overwrite to start again, or choose another folder")
    parts.open()  # and removes half-written parts of a killed run
    x = design_points(spec)
    names = list(spec.factors)
    np.save(out / "design.npy", x)
    tasks = [_Task(i, r, dict(zip(names, map(float, row), strict=True)))
             for i, row in enumerate(x) for r in range(spec.replications)]
    done = parts.keys()
    if retry_failed and done:
        old = collect(out)
        done -= set(old.loc[old["status"] != "ok", "run_id"])
    todo = [t for t in tasks if t.run_id not in done]
    if progress is not None:
        progress.total = len(tasks)
        # a resumed sweep's finished runs: said apart when the progress can (models.cli.progress)
        getattr(progress, "already_done", progress.update)(len(tasks) - len(todo))
    failed = finished = 0
    results = run_tasks(partial(_execute, model, spec), todo, workers, dask_address,
                        on_stop=lambda r: parts.write(r["run_id"], r))
    unsaved: dict | None = None
    try:
        for row in results:
            unsaved = row
            parts.write(row["run_id"], row)
            unsaved = None
            failed += row["status"] != "ok"
            finished += 1
            if progress is not None:
                progress.update(1)
            if finished == failed == FAIL_FAST_RUNS and len(todo) > FAIL_FAST_RUNS:
                break
    except BaseException:  # an interruption: keep every run that has finished
        if unsaved is not None:
            parts.write(unsaved["run_id"], unsaved)
        results.close()  # hands over the finished runs not yet given, stops the workers
        raise
    if finished == failed == FAIL_FAST_RUNS and len(todo) > FAIL_FAST_RUNS:
        results.close()  # cancels what has not started
        last = row["error"].strip().splitlines()[-1] if row["error"].strip() else "?"
        raise SweepAborted(f"sweep {spec.name}: the first {failed} runs all failed "
                           f"(last error: {last}); stopped. Fix the sweep file and rerun "
                           "with --resume --retry-failed")
    return {"runs": len(tasks), "ran": len(todo), "skipped": len(tasks) - len(todo),
            "failed_now": failed}


def collect(out_dir: str | Path) -> pd.DataFrame:
    """Every part of a sweep as one table, sorted by point and replication."""
    df = PartStore(Path(out_dir) / "parts").collect()
    return df.sort_values(["point", "replication"], ignore_index=True) if len(df) else df


def point_means(df: pd.DataFrame, spec: SweepSpec) -> pd.DataFrame:
    """Mean over replications at each point (failed runs excluded), in design order."""
    ok = df[df["status"] == "ok"]
    ys = [f"y.{m}" for m in spec.metrics]
    return ok.groupby("point")[ys].mean().reindex(range(len(design_points(spec))))


def ishigami_model(spec: SweepSpec, values: dict[str, float], replication: int) -> dict:
    """The Ishigami function of the first three factors (a plumbing check with known Sobol
    indices: S1 = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244 for a = 7, b = 0.1 on [-pi, pi])."""
    x1, x2, x3 = list(values.values())[:3]
    y = math.sin(x1) + 7.0 * math.sin(x2) ** 2 + 0.1 * x3**4 * math.sin(x1)
    return dict.fromkeys(spec.metrics, y)
