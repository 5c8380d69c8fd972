"""Write a validation's folder: the table against published figures, its figure and manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from models.config.scenario import Scenario
from models.report.figures import render
from models.report.format import number
from models.report.run_figures import plot_validation
from models.report.run_folder import manifest
from sim.store import atomic_write_text

__all__ = ["write_validation", "validation_text"]


def validation_text(table: pd.DataFrame, scenario: Scenario, replications: int, seed: int,
                    wall_seconds: float) -> str:
    """The validation table as printed: published, simulated (national) with its 95% CI."""
    lines = [f"validation of {scenario.name}: scale {scenario.settings.scale:g} (counts shown "
             f"national), {replications} replications, seed {seed}, {wall_seconds:.0f} s",
             f"{'target':<46} {'published':>11} {'simulated':>11} {'95% CI':>25} "
             f"{'tolerance':>10} {'within':>6}"]
    for _, r in table.iterrows():
        ci = f"[{number(r['ci_low'])}, {number(r['ci_high'])}]"
        lines.append(f"{r['label'][:46]:<46} {number(r['published']):>11} "
                     f"{number(r['simulated']):>11} {ci:>25} {r['tolerance']:>10} "
                     f"{'yes' if r['within'] else 'NO':>6}")
    lines.append(f"{int(table['within'].sum())} of {len(table)} targets within tolerance")
    return "\n".join(lines) + "\n"


def write_validation(out: Path, scenario: Scenario, table: pd.DataFrame, by_rep: pd.DataFrame,
                     seed: int, replications: int, wall_seconds: float, targets_file: str,
                     command: list[str] | None = None) -> str:
    """Write ``validation.csv``, ``validation_by_replication.csv``, ``validation.png``,
    ``validation.txt`` and ``manifest.json``; return the text table."""
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / "validation.csv", table.to_csv(index=False))
    atomic_write_text(out / "validation_by_replication.csv", by_rep.to_csv(index=False))
    atomic_write_text(out / "manifest.json", json.dumps(manifest(
        scenario, seed, replications, wall_seconds, command, {"verb": "validate",
                                                             "targets_file": targets_file}),
        indent=1, default=str))
    render(out, [("validation.png", "", lambda ax: plot_validation(ax, table))],
           size=(9, 0.35 * len(table) + 1.5))
    text = validation_text(table, scenario, replications, seed, wall_seconds)
    atomic_write_text(out / "validation.txt", text)
    return text
