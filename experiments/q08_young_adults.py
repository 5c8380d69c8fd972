"""Q08. What if children and young adults up to 21 were diverted from charge, with two chances,
and young adults to 25 handled by maturity?

Seed: 003:549-553, 657-711, 750-758; 004:26.

    .venv/bin/python experiments/q08_young_adults.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q08_young_adults]

Compares the centralised baseline with experiments/questions/q08_young_adults.toml on the same
people and random numbers (paired differences, figures, report). A thin wrapper on ``pathway-sim
compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q08_young_adults.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q08_young_adults"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
