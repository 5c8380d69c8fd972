"""Centralised vs devolved vs devolved-integrated: the comparison the project exists to make.

    .venv/bin/python experiments/compare_configurations.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--fidelity 1.0] [--out results/compare]

Runs the embedded centralised baseline and the two shipped overlays
(``models/scenarios/devolved.toml``, ``models/scenarios/devolved_integrated.toml``) on the same
people with the same random numbers, and writes the comparison table (means, paired
differences and CIs), the cost shift between central and local budgets, figures and
``report.html``. A thin wrapper on ``pathway-sim compare`` (no model logic here); to compare
your own overlay: ``pathway-sim compare centralised my_overlay.toml``.
"""

from __future__ import annotations

import sys

from models.cli import main

BASE = "centralised"
OVERLAYS = ("devolved", "devolved_integrated")

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--out" not in args:
        args += ["--out", "results/compare"]
    sys.exit(main(["compare", BASE, *OVERLAYS, *args]))
