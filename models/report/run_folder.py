"""Write a run's folder: manifest, Parquet tables, summary CSV and figures (atomic writes)."""

from __future__ import annotations

import json
import logging
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pandas as pd

from models.analysis.catalogue import RUN_HEADLINE
from models.analysis.disproportionality import disproportionality_table
from models.analysis.metrics import (
    costs_by_holder,
    daily_populations,
    flows_per_year,
    mean_over_replications,
    proven_reoffending,
    reoffending_by_group,
    summarise,
    time_to_reoffence,
)
from models.analysis.yearly import yearly_means
from models.config.scenario import Scenario
from models.pathway.events import labelled
from models.report.figures import render
from models.report.format import number
from sim.stats import mean_ci
from sim.store import atomic_to_parquet, atomic_write_text

__all__ = ["summary_table", "write_run", "run_text", "manifest"]

log = logging.getLogger(__name__)

def summary_table(summaries: list[dict[str, float]], level: float = 0.95) -> pd.DataFrame:
    """Mean and CI over replications of every metric (rows), from per-replication dicts."""
    df = pd.DataFrame(summaries)
    rows = []
    for col in df.columns:
        ci = mean_ci(df[col].to_numpy(dtype=float), level)
        rows.append({"metric": col, "mean": ci.mean, "ci_low": ci.low, "ci_high": ci.high,
                     "half_width": ci.half_width, "n": ci.n})
    return pd.DataFrame(rows)


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).resolve().parent,
                             capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=Path(__file__).resolve().parent, capture_output=True, text=True,
                               timeout=10)
        return out.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "") if out.returncode == 0 else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def manifest(scenario: Scenario, seed: int, replications: int, wall_seconds: float,
             command: list[str] | None = None, extra: dict | None = None) -> dict:
    versions = {}
    for pkg in ("offender-pathway-sim", "simpy", "numpy", "pandas", "matplotlib", "pyarrow", "scipy"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    versions["python"] = platform.python_version()
    return {
        "scenario": json.loads(scenario.to_json()),
        "scenario_file": scenario.source,
        "root_seed": seed,
        "replications": replications,
        "package_versions": versions,
        "git_commit": _git_commit(),
        "command": command if command is not None else sys.argv,
        "wall_seconds": round(wall_seconds, 3),
        **(extra or {}),
    }


def write_run(out_dir: str | Path, scenario: Scenario, results: list, seed: int,
              wall_seconds: float, command: list[str] | None = None, figures: bool = True,
              events: bool = False) -> pd.DataFrame:
    """Write the run folder and return the summary table (the full event log only if
    ``events``: everything else is computed from it here)."""
    out = Path(out_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    dailies, summaries, flows, costs, kms, groups, dispro = [], [], [], [], [], [], []
    for r in results:
        window = tuple(r.settings["window"])
        daily = daily_populations(r.events, r.settings["horizon_days"])
        dailies.append(daily)
        reoff = proven_reoffending(r.events, r.people, window)
        summaries.append(summarise(r, daily, reoff))
        groups.append(reoffending_by_group(reoff).assign(replication=r.replication))
        flows.append(flows_per_year(r.events, window))
        costs.append(costs_by_holder(r.ledger, window).assign(replication=r.replication))
        kms.append(time_to_reoffence(r.events, r.people, window, r.settings["horizon_days"])
                   .assign(replication=r.replication))
        dispro.append(disproportionality_table(  # issue 13: outcomes and RRIs by ethnic group
            r.events, r.people, r.ledger, window,
            scenario.params.population.ethnicity_shares_population).assign(
                replication=r.replication))
    table = summary_table(summaries)

    def stacked(frames, name):
        return pd.concat([f.assign(replication=r.replication) if "replication" not in f else f
                          for f, r in zip(frames, results, strict=True)], ignore_index=True)

    if events:
        atomic_to_parquet(labelled(stacked([r.events for r in results], "events")),
                          out / "events.parquet")
    atomic_to_parquet(stacked([r.people for r in results], "people"), out / "people.parquet")
    atomic_to_parquet(stacked([r.ledger for r in results], "ledger"), out / "ledger.parquet")
    atomic_to_parquet(stacked(dailies, "daily"), out / "daily_populations.parquet")
    atomic_to_parquet(pd.concat(costs, ignore_index=True), out / "costs_by_holder.parquet")
    atomic_to_parquet(pd.concat(kms, ignore_index=True), out / "reoffending_curves.parquet")
    atomic_write_text(out / "summary.csv", table.to_csv(index=False))
    atomic_write_text(out / "reoffending_by_group.csv", mean_over_replications(
        pd.concat(groups, ignore_index=True), ["by", "group"]).to_csv(index=False))
    atomic_write_text(out / "disproportionality.csv", mean_over_replications(
        pd.concat(dispro, ignore_index=True), ["decision", "ethnicity"]).to_csv(index=False))
    pd.DataFrame(summaries).assign(replication=[r.replication for r in results]).to_csv(
        out / "summary_by_replication.csv", index=False)
    atomic_write_text(out / "populations_by_year.csv", _by_year(dailies, results))
    if figures:
        _figures(out / "figures", results, dailies, pd.DataFrame(flows), pd.concat(costs), kms[0],
                 scenario.timeline.marks(scenario.settings.warmup_days))
    man = manifest(scenario, seed, len(results), wall_seconds, command,
                   {"verb": "run",
                    "outputs": sorted(p.name for p in out.iterdir() if not p.name.startswith("."))})
    atomic_write_text(out / "manifest.json", json.dumps(man, indent=1, default=str))
    return table


def _by_year(dailies: list[pd.DataFrame], results: list) -> str:
    """The stocks year by year of the window, mean over replications (CSV text)."""
    yearly = pd.concat([yearly_means(d, tuple(r.settings["window"]))
                        for d, r in zip(dailies, results, strict=True)], ignore_index=True)
    table = yearly.groupby("year").mean().reset_index()
    table["year"] += 1
    return table.to_csv(index=False)


def _figures(fig_dir: Path, results, dailies, flows, costs, km, marks) -> None:
    from models.report.run_figures import (
        plot_costs_by_holder,
        plot_court_backlog,
        plot_flows,
        plot_prison_population,
        plot_probation_caseload,
        plot_reoffending_curves,
    )

    r0 = results[0]
    scale = r0.settings["scale"]
    render(fig_dir, [
        ("reoffending_curves.png", "", lambda ax: plot_reoffending_curves(ax, km)),
        ("prison_population.png", "",
         lambda ax: plot_prison_population(ax, dailies, r0.settings["window"], scale, marks)),
        ("court_backlog.png", "",
         lambda ax: plot_court_backlog(ax, dailies, r0.settings["window"], scale, marks)),
        ("probation_caseload.png", "", lambda ax: plot_probation_caseload(ax, dailies, scale)),
        ("flows.png", "", lambda ax: plot_flows(ax, flows)),
        ("costs_by_holder.png", "", lambda ax: plot_costs_by_holder(ax, costs)),
    ])


def run_text(table: pd.DataFrame, scenario: Scenario, replications: int, seed: int,
             wall_seconds: float, out: Path) -> str:
    """The headline metrics of a run as printed: mean and 95% CI over replications."""
    head = table.set_index("metric").loc[[m for m in RUN_HEADLINE if m in set(table["metric"])]]
    lines = [f"{scenario.name}: scale {scenario.settings.scale:g}, {replications} replications, "
             f"seed {seed}, {wall_seconds:.1f} s simulating",
             f"{'metric':<40} {'mean':>14} {'95% CI':>31}"]
    for name, row in head.iterrows():
        lines.append(f"{name:<40} {number(row['mean']):>14} "
                     f"[{number(row['ci_low']):>13}, {number(row['ci_high']):>13}]")
    lines.append(f"results written to {out}/ (summary.csv has every metric)")
    return "\n".join(lines) + "\n"
