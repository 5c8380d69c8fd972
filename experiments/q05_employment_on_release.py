"""Q05. What if more people left prison with a job (men 29% to 40%, women 8% to 25%)?

Seed: 003:470-488.

    .venv/bin/python experiments/q05_employment_on_release.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q05_employment_on_release]

Compares the centralised baseline with experiments/questions/q05_employment_on_release.toml on
the same people and random numbers (paired differences, figures, report). A thin wrapper on
``pathway-sim compare``: no model logic here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q05_employment_on_release.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q05_employment_on_release"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
