"""Q10. What if police, CPS and courts shared data: shorter hand-offs and better pre-sentence
information?

Seed: Rec 7/8 003:123-131, 1386-1393, 1427-1436, 2389-2618.

    .venv/bin/python experiments/q10_data_sharing.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q10_data_sharing]

Compares the centralised baseline with experiments/questions/q10_data_sharing.toml on the same
people and random numbers (paired differences, figures, report). A thin wrapper on ``pathway-sim
compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q10_data_sharing.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q10_data_sharing"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
