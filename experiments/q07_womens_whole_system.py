"""Q07. What if women were referred to women's centres (the whole system approach), with the places
to take them?

Seed: Rec 12 003:145-149, 760-812, 1957-1993; 004:25.

    .venv/bin/python experiments/q07_womens_whole_system.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q07_womens_whole_system]

Compares the centralised baseline with experiments/questions/q07_womens_whole_system.toml on the
same people and random numbers (paired differences, figures, report). A thin wrapper on
``pathway-sim compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q07_womens_whole_system.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q07_womens_whole_system"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
