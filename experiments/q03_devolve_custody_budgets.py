"""Q03. What if the custodial budgets for low and medium risk offenders were devolved to the
combined authority, which reinvests what it saves?

Seed: Rec 4 003:110-113; 003:362, 966; 004:26.

    .venv/bin/python experiments/q03_devolve_custody_budgets.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q03_devolve_custody_budgets]

Compares the centralised baseline with experiments/questions/q03_devolve_custody_budgets.toml on
the same people and random numbers (paired differences, figures, report). A thin wrapper on
``pathway-sim compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q03_devolve_custody_budgets.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q03_devolve_custody_budgets"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
