#!/usr/bin/env bash
# Set up (scripts/setup.sh) and run the main job: the embedded default scenario, 3 replications,
# summary table printed, results/centralised/ with Parquet tables, summary.csv and figures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export MPLBACKEND=Agg
.venv/bin/pathway-sim run --replications 3 --out results/centralised "$@"
