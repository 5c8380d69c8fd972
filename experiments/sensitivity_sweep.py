"""Sensitivity sweeps: which assumptions drive the difference devolved-integrated makes?

    .venv/bin/python experiments/sensitivity_sweep.py [SWEEP.toml] [--workers K] [--dask ADDRESS]
        [--resume] [--out DIR]

Defaults to ``experiments/sweeps/integrated_morris.toml`` (Morris screening of every assumption
of the baseline). A thin wrapper on ``pathway-sim sweep``; see that command's help.
"""

from __future__ import annotations

import sys

from models.cli import main

DEFAULT = "experiments/sweeps/integrated_morris.toml"

if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        args = [DEFAULT, *args]
    sys.exit(main(["sweep", *args]))
