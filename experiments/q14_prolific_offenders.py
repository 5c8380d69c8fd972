"""Q14. What if intensive support were focused on the prolific offenders who drive demand?

Seed: 004:23, 34; 003:291, 1170-1171.

    .venv/bin/python experiments/q14_prolific_offenders.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity F] [--out results/q14_prolific_offenders]

Compares the centralised baseline with experiments/questions/q14_prolific_offenders.toml on the
same people and random numbers (paired differences, figures, report). A thin wrapper on
``pathway-sim compare``: no model logic here.

"""

from __future__ import annotations

import sys
from pathlib import Path

from models.cli import main

BASE = "centralised"
OVERLAY = Path(__file__).with_name("questions") / "q14_prolific_offenders.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/q14_prolific_offenders"]
    sys.exit(main(["compare", BASE, str(OVERLAY), *args]))
