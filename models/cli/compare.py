"""``pathway-sim compare BASE OVERLAY...``: a base scenario and its overlays on the same people
and random numbers; paired differences, figures and an HTML report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.cli import args as a

HELP = ("run a base scenario and overlays on the same people and random numbers; write paired "
        "differences, figures and an HTML report")

ATTRIBUTE_HELP = (
    "also attribute each overlay's effect to its levers: run every lever alone and every "
    "lever but one, on the same people (writes attribution.csv, waterfall figures and a "
    "report section saying which lever does what). Costs 2 x levers more configurations per "
    "overlay (one more if it has its own [timeline]): devolved_integrated has 12 levers, so "
    "24 more, about 13 times the time of comparing it alone with the base")


ATTRIBUTION_TITLE = "Which lever does what"


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
    p.add_argument("--resume", action="store_true", help="reuse the runs a stopped comparison "
                   "with the same inputs saved in --out; run only what is missing")
    p.add_argument("--no-figures", action="store_true", help="skip figures and the report")
    p.add_argument("--attribute", action="store_true", help=ATTRIBUTE_HELP)


def main(args: argparse.Namespace) -> int:
    from models.analysis.attribution import build_variants, split_comparison
    from models.analysis.checkpoint import PickleParts, ResumeRecord, digest
    from models.analysis.compare import comparison_inputs, kept_runs, run_comparison
    from models.cli.stop import Stopped
    from models.config.overlay import apply_overlay, lever_table, load_overlay
    from models.config.scenario import ScenarioError, load_scenario
    from models.report import out_folder
    from models.report.attribution_folder import Attribution, write_attribution
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
    variants = build_variants(base, overlays, fidelity) if args.attribute else []
    every = names + [s.name for _, s in variants]
    if len(set(every)) != len(every):
        raise ScenarioError("--attribute", every, "variant names must differ from the "
                            "configurations' (an overlay named like <overlay>.only.<lever>?)")
    out = out_folder.check_out(args.out or Path("results") / ("compare-" + "-".join(names)),
                               "compare", args.overwrite)
    stopped = PickleParts(out / "parts")
    if (not args.resume and not args.overwrite and stopped.keys()
            and not (out / "manifest.json").exists()):
        raise ScenarioError("--out", str(out), f"holds {len(stopped.keys())} finished runs of a "
                            "stopped comparison: add --resume to finish it, --overwrite to start "
                            "again, or choose another folder")
    if not args.resume:
        out_folder.reset_state(out, "compare")
    runs = configs + [s for _, s in variants]
    inputs = comparison_inputs(base, runs, args.seed)
    ResumeRecord(out, "compare", digest(inputs), {"configs": every, "root_seed": args.seed,
                                                  "scale": base.settings.scale,
                                                  "fidelity": fidelity.describe()}
                 ).start(args.resume, "configurations, --attribute, seed or scale")
    parts = PickleParts(out / "parts")
    parts.open()
    n_tasks = args.replications * len(every)
    workers = args.workers or min(default_workers(), n_tasks)
    what = f"compare {' vs '.join(names)}" + (f" + {len(variants)} attribution variants"
                                              if variants else "")
    done: list[Attribution] = []

    def attribute(folder: Path) -> list[tuple[str, str]]:
        done.append(write_attribution(folder, everything, [v for v, _ in variants],
                                      base.settings.scale, figures=not args.no_figures))
        return [(ATTRIBUTION_TITLE, done[0].section)] if done[0].section else []

    try:
        with a.progress(n_tasks, f"{what} (scale {base.settings.scale:g})", "run") as bar:
            everything = run_comparison(base, runs, args.seed, args.replications, workers,
                                        bar.update, parts=parts,
                                        resumed=getattr(bar, "already_done", None))
        cmp = split_comparison(everything, names) if variants else everything
        levers = lever_table(base, overlays, fidelity)
        with out_folder.staged(out, "compare") as staging:
            table = write_comparison(staging, base, cmp, levers, sys.argv,
                                     figures=not args.no_figures, rate_pp=args.half_width_pp,
                                     relative=args.half_width_rel, fidelity=fidelity,
                                     extra_outputs=attribute if variants else None,
                                     descriptions={o.name: o.description for o in overlays},
                                     record={"attribution_variants": every[len(names):]}
                                     if variants else None)
    except Stopped as stop:
        stop.detail = (f"{kept_runs(parts, args.replications)} of {n_tasks} runs finished are kept in {out}; rerun with "
                       "--resume to complete")
        raise
    sys.stdout.write(comparison_text(table, names, args.replications, args.seed,
                                     base.settings.scale, everything.wall_seconds, out))
    if args.attribute:
        sys.stdout.write(done[0].text if done else
                         "Which lever does what: no overlay has a lever to attribute.\n")
    return 0
