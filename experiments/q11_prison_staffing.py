"""Q11. What if prison staffing were restored, with fewer lockdowns and more education and
treatment in prison?

Seed: 003:336-348, 1153-1168, 1497-1498.

    .venv/bin/python experiments/q11_prison_staffing.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q11_prison_staffing]

Compares the centralised baseline with experiments/questions/q11_prison_staffing.toml on the
same people and random numbers (paired differences, figures, report). A thin wrapper on
``pathway-sim compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q11_prison_staffing.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q11_prison_staffing"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
