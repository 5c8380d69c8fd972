"""Test configuration: headless matplotlib."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
