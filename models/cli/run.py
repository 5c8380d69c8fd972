"""``pathway-sim run [SCENARIO]``: run a scenario for N replications and write its folder."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from models.cli import args as a

HELP = "run a scenario for N replications and write a results folder"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help=HELP, description=HELP)
    p.add_argument("scenario", nargs="?", default=None, help="scenario TOML file or shipped "
                   "name (default: the embedded centralised baseline)")
    a.add_seed(p)
    a.add_replications(p, 3)
    a.add_scale(p)
    a.add_workers(p, "processes (default: one per core, at most the replications)")
    a.add_out(p, "results/<scenario>")
    p.add_argument("--no-figures", action="store_true", help="skip the figures")
    p.add_argument("--events", action="store_true", help="also write the full event log "
                   "(events.parquet: about 56 bytes an event, 5.6 m events a replication at "
                   "scale 0.05)")


def main(args: argparse.Namespace) -> int:
    from models.cli.stop import nothing_kept
    from models.config.scenario import load_scenario
    from models.pathway.run import run_many
    from models.report import out_folder
    from models.report.run_folder import run_text, write_run
    from sim import default_workers

    scenario = load_scenario(args.scenario, scale=args.scale)
    out = out_folder.check_out(args.out or Path("results") / scenario.name, "run", args.overwrite)
    workers = args.workers or min(default_workers(), args.replications)
    t0 = time.perf_counter()
    with nothing_kept(out, "run"), a.progress(
            args.replications, f"run {scenario.name} (scale {scenario.settings.scale:g})",
            "replication") as bar:
        results = run_many(scenario, args.seed, args.replications, workers=workers,
                           progress=bar.update)
    wall = time.perf_counter() - t0
    with out_folder.staged(out) as staging:
        table = write_run(staging, scenario, results, args.seed, wall, sys.argv,
                          figures=not args.no_figures, events=args.events)
    sys.stdout.write(run_text(table, scenario, args.replications, args.seed, wall, out))
    return 0
