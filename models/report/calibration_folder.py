"""Write a calibration's folder: the record of the fit, targets before and after, and the
calibrated scenario file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from models.analysis.calibrate import write_calibrated
from models.config.scenario import Scenario
from models.report.format import number
from sim.store import atomic_write_text

__all__ = ["write_calibration"]


def write_calibration(out: Path, scenario: Scenario, record: dict, scale: float,
                      replications: int, apply: bool) -> str:
    """Write ``fit.json``, ``fit.csv`` and ``calibrated.toml`` (and, with ``apply``, the fitted
    values into the scenario file itself); return the summary as printed."""
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / "fit.json", json.dumps(record, indent=1, default=str))
    atomic_write_text(out / "manifest.json", json.dumps(  # what made this folder (out_folder)
        {"verb": "calibrate", "command": record.get("command"), "scenario_file": scenario.source},
        indent=1, default=str))
    before = pd.DataFrame(record["targets_before"]).set_index("target")
    after = pd.DataFrame(record["targets_after"]).set_index("target")
    fit = pd.DataFrame({"label": before["label"], "published": before["published"],
                        "before": before["simulated"], "after": after["simulated"],
                        "tolerance": before["tolerance"], "within_before": before["within"],
                        "within_after": after["within"]})
    atomic_write_text(out / "fit.csv", fit.to_csv())
    write_calibrated(Path(scenario.source), record, out / "calibrated.toml")
    if apply:
        write_calibrated(Path(scenario.source), record, Path(scenario.source))
    lines = [f"calibration of {scenario.name} at scale {scale:g}, {replications} "
             f"replications per evaluation (common random numbers), {record['evaluations']} "
             f"evaluations: {record['status']}", "parameters:"]
    for p in record["parameters"]:
        lines.append(f"  {p['parameter']:<52} {p['before']:>12.6g} -> {p['after']:>12.6g}  "
                     f"(range {p['range']}, informs {p['informs']})")
    lines.append("targets (national):")
    for t, r in fit.iterrows():
        lines.append(f"  {t:<28} published {number(r['published']):>10}  before "
                     f"{number(r['before']):>10}  after {number(r['after']):>10}  "
                     f"{'within' if r['within_after'] else 'outside'} {r['tolerance']}")
    lines.append(f"written to {out}/ (calibrated.toml, fit.json, fit.csv)"
                 + ("; scenario file updated" if apply else ""))
    return "\n".join(lines) + "\n"
