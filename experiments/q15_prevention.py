"""Q15. What if upstream prevention cut the inflow of first-time entrants from high-risk groups?

Seed: Rec 10 003:136-140, 723-749, 1536-1581.

    .venv/bin/python experiments/q15_prevention.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q15_prevention]

Compares the centralised baseline with experiments/questions/q15_prevention.toml on the same
people and random numbers (paired differences, figures, report). A thin wrapper on ``pathway-sim
compare``: no model logic here.

"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q15_prevention.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q15_prevention"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
