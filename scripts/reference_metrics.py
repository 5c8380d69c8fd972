"""Key metrics of the centralised baseline over N replications (mean and standard error), as a
reference for the test that a change to the core keeps the answers (tests/pathway/test_same_answers.py).

    .venv/bin/python scripts/reference_metrics.py --scale 0.01 -n 10 --out tests/pathway/reference_metrics.json

Run it on the commit before a change (a worktree of it) to record what the change must keep.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import time

from models.analysis.metrics import summarise, with_derived
from models.analysis.validate import validation_metrics
from models.config.scenario import load_scenario
from models.pathway.run import run_replication


def replication_metrics(scale: float, seed: int, replication: int) -> dict[str, float]:
    """Every summary and validation metric of one replication of the centralised baseline."""
    result = run_replication(load_scenario(scale=scale), seed, replication)
    return with_derived(summarise(result)) | validation_metrics(result)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=7001)
    ap.add_argument("-n", type=int, default=10)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    t0 = time.perf_counter()
    rows = [replication_metrics(args.scale, args.seed, k) for k in range(args.n)]
    out = {}
    for m in rows[0]:
        v = [r[m] for r in rows if not math.isnan(r[m])]
        if len(v) < 2:
            continue
        mean = sum(v) / len(v)
        sd = math.sqrt(sum((x - mean) ** 2 for x in v) / (len(v) - 1))
        out[m] = {"mean": mean, "se": sd / math.sqrt(len(v)), "n": len(v)}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    meta = {"commit": commit, "scale": args.scale, "seed": args.seed, "replications": args.n,
            "command": f"scripts/reference_metrics.py --scale {args.scale} --seed {args.seed} "
                       f"-n {args.n}", "wall_seconds": round(time.perf_counter() - t0, 1)}
    with open(args.out, "w") as f:
        json.dump({"meta": meta, "metrics": out}, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
