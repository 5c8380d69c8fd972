"""Benchmark: one replication of the default scenario (scale 0.05 by default).

Reports wall time (cohort + simulation + event table), people simulated per second, events
recorded per second, microseconds per arrest and per SimPy event scheduled, peak memory (RSS
high-water mark of this process), and the time per 10 simulated years (the default horizon is
warm-up + 10 years + 18 months of follow-up). Targets (issue 12): scale 0.05 in <= 10 s and
<= 500 MB; scale 1.0 in <= 5 min per 10 simulated years and <= 4 GB.

``--no-tables`` runs the simulation to the horizon and counts what it recorded without making
the tables (the core alone, for a scale whose tables would not fit in memory).

    .venv/bin/python benchmarks/bench_replication.py [--scale 0.05] [--repeats 1] [--no-tables]
        [--json out.json]

The script runs on older commits too (``PYTHONPATH=<worktree of the commit>``), for the ratio
to a commit before a change; what an older commit cannot report is left out.
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
    ap.add_argument("--no-tables", action="store_true",
                    help="simulate to the horizon and count, without making the tables")
    args = ap.parse_args()
    scenario = load_scenario(scale=args.scale)
    years = scenario.settings.horizon_days / DAYS_PER_YEAR
    walls, counts = [], {}
    for i in range(args.repeats):
        t0 = time.perf_counter()
        counts = _core(scenario, args.seed, i) if args.no_tables else _replication(
            scenario, args.seed, i)
        walls.append(time.perf_counter() - t0)
    best = min(walls)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    people, events, arrests = counts["people"], counts["events"], counts["arrests"]
    scheduled = counts.get("scheduled")
    out = {
        "scale": args.scale, "tables": not args.no_tables, "simulated_years": round(years, 2),
        "wall_seconds": round(best, 2),
        "seconds_per_10_simulated_years": round(best * 10 / years, 2),
        "people": people, "people_per_second": round(people / best),
        "events": events, "events_per_second": round(events / best),
        "arrests": arrests, "arrests_per_second": round(arrests / best),
        "us_per_arrest": round(best / arrests * 1e6, 1),
        "simpy_events": scheduled,
        "us_per_simpy_event": round(best / scheduled * 1e6, 2) if scheduled else None,
        "peak_rss_mb": round(peak_mb), "target_seconds": TARGET_SECONDS,
        "meets_target": best <= TARGET_SECONDS if args.scale == 0.05 else None, "python": platform.python_version(),
        "machine": platform.machine(),
    }
    for k, v in out.items():
        print(f"{k:32s} {v}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


def _replication(scenario, seed: int, replication: int) -> dict:
    res = run_replication(scenario, seed, replication)
    return {"people": len(res.people), "events": len(res.events),
            "arrests": int((res.events["event"] == 3).sum()),
            "scheduled": getattr(res, "n_scheduled", None)}


def _core(scenario, seed: int, replication: int) -> dict:
    from models.pathway import journey
    from models.pathway.events import Ev
    from models.pathway.run import _run_to_horizon, build_system
    from sim import gc_paused

    with gc_paused():
        system, cohort = build_system(scenario, seed, replication)
        _run_to_horizon(system)
        journey.close_spells(system)
    return {"people": len(cohort), "events": len(system.events),
            "arrests": system.events.count(Ev.ARREST),
            "scheduled": system.env.scheduled}


if __name__ == "__main__":
    main()
