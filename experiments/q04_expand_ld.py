"""Q04. What if liaison and diversion covered every police custody suite, integrated with custody
health?

Seed: 003:250-253, 1671-1722; 003:555-557.

    .venv/bin/python experiments/q04_expand_ld.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q04_expand_ld]

Compares the centralised baseline with experiments/questions/q04_expand_ld.toml on the same
people and random numbers (paired differences, figures, report). A thin wrapper on ``pathway-sim
compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q04_expand_ld.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q04_expand_ld"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
