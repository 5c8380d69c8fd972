"""``pathway-sim validate [SCENARIO]``: the scenario against the published figures of
``models/validation/targets.toml`` (a report: it exits 0 even when targets are missed)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from models.cli import args as a

HELP = ("run a scenario and compare it with the published figures of "
        "models/validation/targets.toml")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help=HELP, description=HELP)
    p.add_argument("scenario", nargs="?", default=None, help="scenario (default: centralised)")
    a.add_replications(p, 3)
    a.add_seed(p)
    a.add_scale(p, "override the scenario's scale (counts are scaled back up to national)")
    a.add_workers(p)
    p.add_argument("--targets", type=Path, default=None, help="targets file (default: shipped)")
    a.add_out(p, "results/validate-<scenario>")


def main(args: argparse.Namespace) -> int:
    from models.analysis.validate import load_targets, run_validation, validation_table
    from models.cli.stop import nothing_kept
    from models.config.scenario import load_scenario
    from models.report import out_folder
    from models.report.validation_folder import write_validation
    from sim import default_workers

    scenario = load_scenario(args.scenario, scale=args.scale)
    targets = load_targets(args.targets)
    out = out_folder.check_out(args.out or Path("results") / f"validate-{scenario.name}",
                               "validate", args.overwrite)
    workers = args.workers or min(default_workers(), args.replications)
    t0 = time.perf_counter()
    with nothing_kept(out, "validation"), a.progress(
            args.replications, f"validate {scenario.name}", "replication") as bar:
        by_rep = run_validation(scenario, args.seed, args.replications, workers, bar.update)
    wall = time.perf_counter() - t0
    table = validation_table(by_rep, targets, scenario.settings.scale)
    with out_folder.staged(out) as staging:
        text = write_validation(staging, scenario, table, by_rep, args.seed, args.replications,
                                wall, str(args.targets or "models/validation/targets.toml"),
                                sys.argv)
    sys.stdout.write(text + f"written to {out}/ (validation.csv, validation.png)\n")
    return 0
