"""Q13. What if BAME people had equal access to out-of-court disposals (no admission of guilt needed)?

Seed: Rec 11 003:141-144, 834-845, 875-879.

    .venv/bin/python experiments/q13_disproportionality.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q13_disproportionality]

Compares the centralised baseline with experiments/questions/q13_disproportionality.toml on the
same people and random numbers (paired differences, figures, report). A thin wrapper on
``pathway-sim compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q13_disproportionality.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q13_disproportionality"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
