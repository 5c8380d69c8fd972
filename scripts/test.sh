#!/usr/bin/env bash
# Set up (scripts/setup.sh), lint, type-check, and run the default (fast) test suite.
# Slow statistical tests: scripts/test.sh -m slow
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export MPLBACKEND=Agg
.venv/bin/ruff check sim models experiments benchmarks tests
.venv/bin/mypy
.venv/bin/python -m pytest -n 2 "$@"
