"""Sensitivity sweeps in batch: a sweep file, its design, resumable runs, and their parts.

A sweep file (TOML) names a base scenario, optionally an overlay (then each point runs the base
and the configuration on the same people and random numbers and records the difference), the
factors (parameter paths, or fields of tables and distributions, see ``models.analysis.sweep.paths``,
with ranges or distributions, see ``models.analysis.sweep.factors``; by default every assumption of the
base over its range; ``fidelity_range = [low, high]`` adds the overlay's fidelity dial), the
design (``oat``, ``morris``, ``sobol``, ``lhs``, ``grid``, ``psa``), the metrics, replications
per point, scale and a root seed::

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

Samples come from SALib (Morris, Sobol/Saltelli, Latin hypercube); one-at-a-time, grid and PSA
(draws from each factor's distribution, from a named stream of the root seed) are built here.
Replication ``r`` of every point uses the same root seed and replication index: common random numbers across
points. Each run (point, replication) writes its own Parquet part atomically (temporary name,
then rename); a restarted sweep with ``resume`` runs only the parts that are missing, and a run
that fails is recorded with its error and does not stop the sweep.
"""

from __future__ import annotations

import logging
import math
import os
import time
import tomllib
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from models.analysis.sweep.factors import parse_factor
from models.analysis.sweep.paths import apply_factors, default_factors
from models.config.scenario import load_scenario
from models.config.schema import ScenarioError

__all__ = ["SweepSpec", "load_sweep", "sweep_from_tree", "design_points", "run_sweep", "collect",
           "point_means", "sampled_design", "SweepAborted", "DESIGNS", "simulator_model",
           "ishigami_model"]

log = logging.getLogger(__name__)

DESIGNS = ("oat", "morris", "sobol", "lhs", "grid", "psa")
_KEYS = {"name", "base", "overlay", "design", "samples", "replications", "seed", "scale",
         "metrics", "fidelity", "morris_levels", "fidelity_range"}
FIDELITY = "fidelity"  # a factor of this name is the overlay's fidelity dial, not a parameter


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
    try:
        tree = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ScenarioError("sweep file", str(p), f"must be a readable TOML file ({exc})") from None
    return sweep_from_tree(tree, str(p))


def sweep_from_tree(tree: dict, source: str = "<memory>") -> SweepSpec:
    s = tree.get("sweep")
    if not isinstance(s, dict):
        raise ScenarioError("sweep", source, "missing table [sweep]")
    for k in s:
        if k not in _KEYS:
            raise ScenarioError(f"sweep.{k}", s[k], f"unknown key; allowed: {sorted(_KEYS)}")
    design = s.get("design")
    if design not in DESIGNS:
        raise ScenarioError("sweep.design", design, f"must be one of {', '.join(DESIGNS)}")
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
    prob = spec.problem()
    lo = np.array([b[0] for b in prob["bounds"]])
    hi = np.array([b[1] for b in prob["bounds"]])
    d = prob["num_vars"]
    if spec.design == "oat":  # the middle, then each factor at its low and its high end
        mid = (lo + hi) / 2
        rows = [mid]
        for i in range(d):
            for v in (lo[i], hi[i]):
                r = mid.copy()
                r[i] = v
                rows.append(r)
        x = np.array(rows)
    elif spec.design == "grid":
        axes = [np.linspace(lo[i], hi[i], spec.samples) for i in range(d)]
        x = np.array(np.meshgrid(*axes, indexing="ij")).reshape(d, -1).T
    elif spec.design == "psa":
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([spec.seed, 7, 1])))
        x = lo + (hi - lo) * rng.random((spec.samples, d))
    elif spec.design == "morris":
        from SALib.sample import morris
        x = morris.sample(prob, spec.samples, num_levels=spec.morris_levels, seed=spec.seed)
    elif spec.design == "sobol":
        from SALib.sample import sobol
        x = sobol.sample(prob, spec.samples, calc_second_order=False, seed=spec.seed)
    else:  # lhs
        from SALib.sample import latin
        x = latin.sample(prob, spec.samples, seed=spec.seed)
    return x


# ---------------------------------------------------------------- the model of one run

def simulator_model(spec: SweepSpec, values: dict[str, float], replication: int) -> dict:
    """Run the simulator at one point (the configuration minus the base if an overlay is set)."""
    from models.analysis.validate import validation_metrics
    from models.config.overlay import apply_overlay, load_overlay
    from models.pathway.run import run_replication

    values = dict(values)
    fidelity = values.pop(FIDELITY, spec.fidelity)
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


def _write_part(parts: Path, row: dict) -> None:
    final = parts / f"{row['run_id']}.parquet"
    tmp = parts / f".{row['run_id']}.{os.getpid()}.tmp"
    pd.DataFrame([row]).to_parquet(tmp, index=False)
    os.replace(tmp, final)


class SweepAborted(RuntimeError):
    """The first runs of a sweep all failed: the sweep file (or the model) is broken."""


FAIL_FAST_RUNS = 4  # stop when this many runs have finished and every one of them failed


def run_sweep(spec: SweepSpec, out_dir: str | Path, workers: int = 1, resume: bool = False,
              dask_address: str | None = None, model: Callable = simulator_model,
              progress=None, retry_failed: bool = False) -> dict:
    """Run every missing (point, replication) of the sweep; return counts done/failed/skipped.

    ``workers`` > 1 uses a local process pool; ``dask_address`` sends the same tasks to a Dask
    distributed scheduler. Results are identical either way (each run's random numbers depend
    only on the root seed and its replication index). ``retry_failed`` (with ``resume``) runs
    the recorded failures again. If the first :data:`FAIL_FAST_RUNS` runs all fail, the rest
    are cancelled and :class:`SweepAborted` names the last error (their parts are kept, so
    ``resume`` with ``retry_failed`` carries on after a fix).
    """
    out = Path(out_dir)
    parts = out / "parts"
    if parts.exists() and any(parts.glob("*.parquet")) and not resume:
        raise ScenarioError("--out", str(out), "already holds a sweep; use --resume to finish it "
                            "or choose another folder")
    parts.mkdir(parents=True, exist_ok=True)
    for stale in parts.glob(".*.tmp"):  # half-written parts of a killed run
        stale.unlink()
    x = design_points(spec)
    names = list(spec.factors)
    np.save(out / "design.npy", x)
    tasks = [_Task(i, r, dict(zip(names, map(float, row), strict=True)))
             for i, row in enumerate(x) for r in range(spec.replications)]
    done = {p.stem for p in parts.glob("*.parquet")}
    if retry_failed and done:
        old = collect(out)
        done -= set(old.loc[old["status"] != "ok", "run_id"])
    todo = [t for t in tasks if t.run_id not in done]
    if progress is not None:
        progress.total = len(tasks)
        progress.update(len(tasks) - len(todo))
    failed = finished = 0
    results = _results(model, spec, todo, workers, dask_address)
    for row in results:
        _write_part(parts, row)
        failed += row["status"] != "ok"
        finished += 1
        if progress is not None:
            progress.update(1)
        if finished == failed == FAIL_FAST_RUNS and len(todo) > FAIL_FAST_RUNS:
            results.close()  # cancels what has not started
            last = row["error"].strip().splitlines()[-1] if row["error"].strip() else "?"
            raise SweepAborted(f"sweep {spec.name}: the first {failed} runs all failed "
                               f"(last error: {last}); stopped. Fix the sweep file and rerun "
                               "with --resume --retry-failed")
    return {"runs": len(tasks), "ran": len(todo), "skipped": len(tasks) - len(todo),
            "failed_now": failed}


def _results(model, spec, todo, workers, dask_address):
    if not todo:
        return
    if dask_address:
        from distributed import Client, as_completed
        with Client(dask_address) as client:
            futures = [client.submit(_execute, model, spec, t, pure=False) for t in todo]
            try:
                for fut in as_completed(futures):
                    yield fut.result()
            finally:
                client.cancel(futures)
        return
    if workers <= 1:
        for t in todo:
            yield _execute(model, spec, t)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as pool:
        futures = [pool.submit(_execute, model, spec, t) for t in todo]
        try:
            for fut in as_completed(futures):
                yield fut.result()
        finally:
            for fut in futures:
                fut.cancel()


def collect(out_dir: str | Path) -> pd.DataFrame:
    """Every part of a sweep as one table, sorted by point and replication."""
    files = sorted((Path(out_dir) / "parts").glob("*.parquet"))
    if not files:
        return pd.DataFrame()
    df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return df.sort_values(["point", "replication"], ignore_index=True)


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
