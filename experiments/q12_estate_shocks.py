"""Q12. What does an estate capacity shock (a prison closure, courts losing sitting days) do to
the system?

Seed: Rec 2 003:99-103, 1738-1745; Holloway 003:1746-1806.

    .venv/bin/python experiments/q12_estate_shocks.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q12_estate_shocks]

Compares the centralised baseline with experiments/questions/q12_estate_shocks.toml on the same
people and random numbers (paired differences, figures, report). A thin wrapper on ``pathway-sim
compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q12_estate_shocks.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q12_estate_shocks"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
