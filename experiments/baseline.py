"""The centralised baseline: run the default scenario and write results/baseline/.

    .venv/bin/python experiments/baseline.py [--replications 3] [--scale 0.05] [--seed 20161]

A thin wrapper on the command line (no model logic here): equivalent to
``pathway-sim run --out results/baseline``.
"""

from __future__ import annotations

import sys

from models.cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/baseline"]
    sys.exit(main(["run", *args]))
