"""Q16. Who pays and who benefits under each configuration?

Seed: Rec 3 003:104-109; 003:950-958, 1361-1365, 1435-1436.

    .venv/bin/python experiments/q16_who_pays.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q16_who_pays]

Compares the centralised baseline with experiments/questions/q16_who_pays.toml on the same
people and random numbers (paired differences, figures, report). A thin wrapper on ``pathway-sim
compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q16_who_pays.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q16_who_pays"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
