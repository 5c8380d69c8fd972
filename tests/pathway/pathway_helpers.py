"""Small, fast scenarios derived from the shipped default, for the pathway tests."""

from __future__ import annotations

from models.config.scenario import load_scenario

SHORT = {"scenario.warmup_years": 1, "scenario.measurement_years": 2, "scenario.followup_months": 18}


def small_scenario(scale: float = 0.002, overrides: dict | None = None):
    """The default scenario at a small scale and a 3.5-year horizon, with dotted overrides."""
    return load_scenario(scale=scale).with_overrides({**SHORT, **(overrides or {})})
