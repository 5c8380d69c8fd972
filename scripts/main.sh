#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run the main job: the centralised baseline against the devolved
# and devolved-integrated configurations on the embedded default scenario (scale 0.05, 3 paired
# replications); prints the headline comparison and writes results/compare/ with tables,
# figures and report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export MPLBACKEND=Agg
.venv/bin/python experiments/compare_configurations.py --replications 3 --out results/compare "$@"
