"""Q01. What does the full devolved, integrated package (all twelve recommendations together)
change against the centralised baseline?

Seed: 003:90-149, 3020-3080; GM MoU 003:1030-1038.

    .venv/bin/python experiments/q01_full_package.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q01_full_package]

Compares the centralised baseline with the shipped overlay
models/scenarios/devolved_integrated.toml on the same people and random numbers (paired
differences, figures, report). A thin wrapper on ``pathway-sim compare``: no model logic here.
"""

from __future__ import annotations

import sys

from models.cli import main

BASE = "centralised"
OVERLAY = "devolved_integrated"  # the shipped overlay models/scenarios/devolved_integrated.toml

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q01_full_package"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
