"""Benchmark: sweep throughput (runs per minute) and parallel efficiency from 1 to 2 workers.

    .venv/bin/python benchmarks/bench_sweep.py [--scale 0.05] [--runs 4] [--json out.json]

Runs the same small Latin-hypercube sweep (the default scenario's horizon: 3 years' warm-up,
10 measured, 18 months' follow-up; one replication per point; two factors) serially and on a
pool of 2 processes, each into a fresh folder, and reports runs per minute, seconds per run and
the parallel efficiency (speed-up / workers). Target (issue 5): a 1,000-run Sobol sweep at
scale 0.05 in under an hour on 2 cores, i.e. at least 16.7 runs per minute.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from models.analysis.sweep import SweepSpec, run_sweep

TARGET_RUNS_PER_MINUTE = 1000 / 60


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    spec = SweepSpec(name="bench", base="centralised", design="lhs",
                     factors={"reoffending.weibull_shape": (0.6, 0.9),
                              "treatment.need_hazard_reduction": (0.2, 0.8)},
                     metrics=("reoffending_overall", "mean_prison_total"), samples=args.runs,
                     replications=1, seed=1, scale=args.scale)
    out = {"scale": args.scale, "runs": args.runs, "python": platform.python_version(),
           "machine": platform.machine()}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            run_sweep(spec, tmp, workers=workers)
            wall = time.perf_counter() - t0
        out[f"wall_seconds_{workers}_workers"] = round(wall, 1)
        out[f"runs_per_minute_{workers}_workers"] = round(60 * args.runs / wall, 2)
    out["parallel_efficiency"] = round(
        out["wall_seconds_1_workers"] / out["wall_seconds_2_workers"] / 2, 3)
    out["target_runs_per_minute"] = round(TARGET_RUNS_PER_MINUTE, 1)
    out["meets_target"] = out["runs_per_minute_2_workers"] >= TARGET_RUNS_PER_MINUTE
    out["hours_for_1000_runs_on_2_workers"] = round(1000 / out["runs_per_minute_2_workers"] / 60,
                                                    2)
    for k, v in out.items():
        sys.stdout.write(f"{k:<36} {v}\n")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
