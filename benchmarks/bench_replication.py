"""Benchmark: one replication of the default scenario (scale 0.05 by default).

Reports wall time (cohort + simulation + event table), people simulated per second, events
per second, peak memory (RSS high-water mark of this process), and the time per 10 simulated
years (the default horizon is warm-up + 10 years + 18 months of follow-up). Target (issue 2):
one replication at scale 0.05 in <= 10 s on one core.

    .venv/bin/python benchmarks/bench_replication.py [--scale 0.05] [--repeats 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time

from models.config.scenario import DAYS_PER_YEAR, load_scenario
from models.pathway.run import run_replication

TARGET_SECONDS = 10.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    scenario = load_scenario(scale=args.scale)
    years = scenario.settings.horizon_days / DAYS_PER_YEAR
    walls, res = [], None
    for i in range(args.repeats):
        t0 = time.perf_counter()
        res = run_replication(scenario, args.seed, i)
        walls.append(time.perf_counter() - t0)
    best = min(walls)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    arrests = int((res.events["event"] == 3).sum())
    out = {
        "scale": args.scale, "simulated_years": round(years, 2), "wall_seconds": round(best, 2),
        "seconds_per_10_simulated_years": round(best * 10 / years, 2),
        "people": len(res.people), "people_per_second": round(len(res.people) / best),
        "events": len(res.events), "events_per_second": round(len(res.events) / best),
        "arrests": arrests, "arrests_per_second": round(arrests / best),
        "peak_rss_mb": round(peak_mb), "target_seconds": TARGET_SECONDS,
        "meets_target": best <= TARGET_SECONDS, "python": platform.python_version(),
        "machine": platform.machine(),
    }
    for k, v in out.items():
        print(f"{k:32s} {v}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
