"""Q02. What if custodial sentences under 12 months were replaced by community orders?

Seed: Rec 5 003:114-119; 003:1284-1287, 1293-1296, 291-294.

    .venv/bin/python experiments/q02_replace_short_custody.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q02_replace_short_custody]

Compares the centralised baseline with experiments/questions/q02_replace_short_custody.toml on
the same people and random numbers (paired differences, figures, report). A thin wrapper on
``pathway-sim compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q02_replace_short_custody.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q02_replace_short_custody"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
