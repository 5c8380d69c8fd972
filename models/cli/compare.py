"""``pathway-sim compare BASE OVERLAY...``: a base scenario and its overlays on the same people
and random numbers; paired differences, figures and an HTML report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.cli import args as a

HELP = ("run a base scenario and overlays on the same people and random numbers; write paired "
        "differences, figures and an HTML report")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help=HELP, description=HELP)
    p.add_argument("base", help="base scenario file or shipped name (e.g. centralised)")
    p.add_argument("overlays", nargs="+", help="overlay files or shipped names (e.g. devolved "
                   "devolved_integrated)")
    a.add_seed(p)
    a.add_replications(p, 5)
    a.add_scale(p, "override the base's scale")
    a.add_fidelity(p)
    a.add_workers(p)
    p.add_argument("--half-width-pp", type=a.positive_number("--half-width-pp"), default=0.5,
                   help="CI half-width asked for on rates, in percentage points (default 0.5)")
    p.add_argument("--half-width-rel", type=a.positive_number("--half-width-rel"), default=0.02,
                   help="CI half-width asked for on other metrics, as a share of the base "
                        "mean (default 0.02)")
    a.add_out(p, "results/compare-<base>-<overlays>")
    p.add_argument("--no-figures", action="store_true", help="skip figures and the report")


def main(args: argparse.Namespace) -> int:
    from models.analysis.compare import run_comparison
    from models.config.overlay import apply_overlay, lever_table, load_overlay
    from models.config.scenario import ScenarioError, load_scenario
    from models.report.compare_folder import comparison_text, write_comparison
    from sim import default_workers

    base = load_scenario(args.base, scale=args.scale)
    overlays = [load_overlay(o) for o in args.overlays]
    fidelity = a.fidelity_of(args.fidelity)
    fidelity.check_levers(overlays)
    configs = [apply_overlay(base, o, fidelity) for o in overlays]
    names = [base.name] + [c.name for c in configs]
    if len(set(names)) != len(names):
        raise ScenarioError("configurations", names, "must have different names")
    out = args.out or Path("results") / ("compare-" + "-".join(names))
    n_tasks = args.replications * len(names)
    workers = args.workers or min(default_workers(), n_tasks)
    with a.progress(n_tasks, f"{' vs '.join(names)} (scale {base.settings.scale:g})",
                    "run") as bar:
        cmp = run_comparison(base, configs, args.seed, args.replications, workers, bar.update)
    levers = lever_table(base, overlays, fidelity)
    table = write_comparison(out, base, cmp, levers, sys.argv, figures=not args.no_figures,
                             rate_pp=args.half_width_pp, relative=args.half_width_rel,
                             fidelity=fidelity,
                             descriptions={o.name: o.description for o in overlays})
    sys.stdout.write(comparison_text(table, names, args.replications, args.seed,
                                     base.settings.scale, cmp.wall_seconds, out))
    return 0
