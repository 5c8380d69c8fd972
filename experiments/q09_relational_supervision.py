"""Q09. What if supervision were relational rather than transactional, with about half the
technical recalls?

Seed: 003:1139-1142, 1174-1177, 1206-1209.

    .venv/bin/python experiments/q09_relational_supervision.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q09_relational_supervision]

Compares the centralised baseline with experiments/questions/q09_relational_supervision.toml on
the same people and random numbers (paired differences, figures, report). A thin wrapper on
``pathway-sim compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q09_relational_supervision.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q09_relational_supervision"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
