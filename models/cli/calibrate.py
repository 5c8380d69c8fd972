"""``pathway-sim calibrate [SCENARIO]``: fit the assumption parameters the validation targets
identify; write a calibrated scenario and a record of the fit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.cli import args as a

HELP = ("fit the assumption parameters the validation targets identify; write a calibrated "
        "scenario and a record of the fit")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calibrate", help=HELP, description=HELP)
    p.add_argument("scenario", nargs="?", default=None, help="scenario (default: centralised)")
    a.add_scale(p, "scale of each evaluation (default 0.02)", default=0.02)
    a.add_replications(p, 2, "replications per evaluation, the same in every one (default 2)")
    a.add_seed(p)
    p.add_argument("--max-evaluations", type=a.whole_number("--max-evaluations"), default=30)
    a.add_workers(p)
    p.add_argument("--targets", type=Path, default=None)
    a.add_out(p, "results/calibrate-<scenario>")
    p.add_argument("--apply", action="store_true", help="also overwrite the scenario file "
                   "with the calibrated values")


def main(args: argparse.Namespace) -> int:
    from models.analysis.calibrate import calibrate, check_calibration
    from models.analysis.validate import load_targets
    from models.cli.output_files import check_output_file
    from models.cli.stop import nothing_kept
    from models.config.scenario import load_scenario
    from models.report import out_folder
    from models.report.calibration_folder import write_calibration
    from sim import default_workers

    scenario = load_scenario(args.scenario, scale=args.scale)
    targets = load_targets(args.targets)
    check_calibration(scenario, targets)
    if args.apply:  # the scenario file is rewritten at the end: writable now, not after the fit
        check_output_file("--apply", Path(scenario.source))
    out = out_folder.check_out(args.out or Path("results") / f"calibrate-{scenario.name}",
                               "calibrate", args.overwrite)
    workers = args.workers or min(default_workers(), args.replications)
    with nothing_kept(out, "calibration"), a.progress(
            args.max_evaluations, f"calibrate {scenario.name}", "evaluation") as bar:
        record = calibrate(scenario, targets, args.seed, args.replications, workers,
                           args.max_evaluations, progress=bar.update)
    record["command"] = sys.argv
    with out_folder.staged(out) as staging:
        text = write_calibration(staging, scenario, record, args.scale, args.replications,
                                 args.apply)
    sys.stdout.write(text.replace(str(staging), str(out)))
    return 0
