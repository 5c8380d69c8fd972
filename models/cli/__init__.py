"""Command line of the offender pathway simulator.

- ``pathway-sim run [SCENARIO] --seed S --replications N --scale F --out DIR``
- ``pathway-sim compare BASE OVERLAY... --replications N --seed S --out DIR [--fidelity F]``
- ``pathway-sim levers [OVERLAY...] [--base SCENARIO] [--fidelity F]``
- ``pathway-sim params [--write PATH] [--check]`` (the parameter register)
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from models.config.scenario import ScenarioError, load_scenario

__all__ = ["main", "build_parser"]

log = logging.getLogger("pathway_sim")


def _positive_int(name: str):
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} = {text!r}: must be a whole number >= 1") from None
        if v < 1:
            raise argparse.ArgumentTypeError(f"{name} = {v}: must be a whole number >= 1")
        return v
    return parse


def _nonneg_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed = {text!r}: must be a whole number >= 0") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"--seed = {v}: must be a whole number >= 0")
    return v


def _scale(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--scale = {text!r}: must be a number > 0 and <= 2") from None
    if not 0 < v <= 2:
        raise argparse.ArgumentTypeError(f"--scale = {v:g}: must be a number > 0 and <= 2")
    return v


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="pathway-sim", description=(
        "Offender pathway simulator: people moving through the criminal justice system of "
        "England and Wales."))
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a scenario for N replications and write a results folder")
    run.add_argument("scenario", nargs="?", default=None,
                     help="scenario TOML file or shipped name (default: the embedded centralised baseline)")
    run.add_argument("--seed", type=_nonneg_int, default=20161, help="root seed (default 20161)")
    run.add_argument("--replications", "-n", type=_positive_int("--replications"), default=3)
    run.add_argument("--scale", type=_scale, default=None, help="override the scenario's scale")
    run.add_argument("--workers", "-j", type=_positive_int("--workers"), default=None,
                     help="processes (default: one per core, at most the replications)")
    run.add_argument("--out", type=Path, default=None, help="output folder (default results/<scenario>)")
    run.add_argument("--no-figures", action="store_true", help="skip the figures")

    cmp = sub.add_parser("compare", help=(
        "run a base scenario and overlays on the same people and random numbers; write paired "
        "differences, figures and an HTML report"))
    cmp.add_argument("base", help="base scenario file or shipped name (e.g. centralised)")
    cmp.add_argument("overlays", nargs="+", help="overlay files or shipped names (e.g. devolved "
                     "devolved_integrated)")
    cmp.add_argument("--seed", type=_nonneg_int, default=20161, help="root seed (default 20161)")
    cmp.add_argument("--replications", "-n", type=_positive_int("--replications"), default=5)
    cmp.add_argument("--scale", type=_scale, default=None, help="override the base's scale")
    cmp.add_argument("--fidelity", type=_fidelity, default=None,
                     help="0..1: share of every lever's effect delivered (default: each overlay's)")
    cmp.add_argument("--workers", "-j", type=_positive_int("--workers"), default=None,
                     help="processes (default: one per core)")
    cmp.add_argument("--half-width-pp", type=_positive_float("--half-width-pp"), default=0.5,
                     help="CI half-width asked for on rates, in percentage points (default 0.5)")
    cmp.add_argument("--half-width-rel", type=_positive_float("--half-width-rel"), default=0.02,
                     help="CI half-width asked for on other metrics, as a share of the base "
                          "mean (default 0.02)")
    cmp.add_argument("--out", type=Path, default=None,
                     help="output folder (default results/compare-<base>-<overlays>)")
    cmp.add_argument("--no-figures", action="store_true", help="skip figures and the report")

    lev = sub.add_parser("levers", help="list every lever of the overlays: baseline value and "
                         "the value in each configuration")
    lev.add_argument("overlays", nargs="*", help="overlay files or names (default: all shipped)")
    lev.add_argument("--base", default=None, help="base scenario (default: centralised)")
    lev.add_argument("--fidelity", type=_fidelity, default=None)
    lev.add_argument("--csv", type=Path, default=None, help="also write the table as CSV")

    val = sub.add_parser("validate", help="run a scenario and compare it with the published "
                         "figures of models/validation/targets.toml")
    val.add_argument("scenario", nargs="?", default=None, help="scenario (default: centralised)")
    val.add_argument("--replications", "-n", type=_positive_int("--replications"), default=3)
    val.add_argument("--seed", type=_nonneg_int, default=20161)
    val.add_argument("--scale", type=_scale, default=None, help="override the scenario's scale "
                     "(counts are scaled back up to national)")
    val.add_argument("--workers", "-j", type=_positive_int("--workers"), default=None)
    val.add_argument("--targets", type=Path, default=None, help="targets file (default: shipped)")
    val.add_argument("--out", type=Path, default=None, help="output folder "
                     "(default results/validate-<scenario>)")

    cal = sub.add_parser("calibrate", help="fit the assumption parameters the validation "
                         "targets identify; write a calibrated scenario and a record of the fit")
    cal.add_argument("scenario", nargs="?", default=None, help="scenario (default: centralised)")
    cal.add_argument("--scale", type=_scale, default=0.02, help="scale of each evaluation "
                     "(default 0.02)")
    cal.add_argument("--replications", "-n", type=_positive_int("--replications"), default=2,
                     help="replications per evaluation, the same in every one (default 2)")
    cal.add_argument("--seed", type=_nonneg_int, default=20161)
    cal.add_argument("--max-evaluations", type=_positive_int("--max-evaluations"), default=30)
    cal.add_argument("--workers", "-j", type=_positive_int("--workers"), default=None)
    cal.add_argument("--targets", type=Path, default=None)
    cal.add_argument("--out", type=Path, default=None, help="output folder "
                     "(default results/calibrate-<scenario>)")
    cal.add_argument("--apply", action="store_true", help="also overwrite the scenario file "
                     "with the calibrated values")

    swp = sub.add_parser("sweep", help="run a sensitivity sweep (OAT, Morris, Sobol, LHS, grid, "
                         "PSA) from a sweep file; resumable")
    swp.add_argument("sweep_file", type=Path)
    swp.add_argument("--out", type=Path, default=None, help="output folder "
                     "(default results/sweep-<name>)")
    swp.add_argument("--workers", "-j", type=_positive_int("--workers"), default=None,
                     help="processes (default: one per core)")
    swp.add_argument("--dask", default=None, metavar="ADDRESS",
                     help="send the runs to this Dask distributed scheduler instead")
    swp.add_argument("--resume", action="store_true", help="run only what is missing in --out")
    swp.add_argument("--retry-failed", action="store_true",
                     help="with --resume: run the recorded failures again")

    par = sub.add_parser("params", help="write (or check) the parameter register, "
                         "docs/parameters.md")
    par.add_argument("--write", type=Path, default=None, metavar="PATH",
                     help="output file (default docs/parameters.md)")
    par.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    return ap


def _fidelity(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--fidelity = {text!r}: must be a number from 0 to 1") from None
    if not 0.0 <= v <= 1.0:
        raise argparse.ArgumentTypeError(f"--fidelity = {v:g}: must be a number from 0 to 1")
    return v


def _positive_float(name: str):
    def parse(text: str) -> float:
        try:
            v = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} = {text!r}: must be a number > 0") from None
        if not v > 0 or v != v or v == float("inf"):
            raise argparse.ArgumentTypeError(f"{name} = {text}: must be a finite number > 0")
        return v
    return parse


def _compare(args) -> int:
    from tqdm import tqdm

    from models.analysis.catalogue import COMPARISON_HEADLINE
    from models.analysis.compare import run_comparison
    from models.config.overlay import apply_overlay, lever_table, load_overlay
    from models.report.compare_folder import write_comparison
    from sim.runner import default_workers

    base = load_scenario(args.base, scale=args.scale)
    overlays = [load_overlay(o) for o in args.overlays]
    configs = [apply_overlay(base, o, args.fidelity) for o in overlays]
    names = [base.name] + [c.name for c in configs]
    if len(set(names)) != len(names):
        raise ScenarioError("configurations", names, "must have different names")
    out = args.out or Path("results") / ("compare-" + "-".join(names))
    n_tasks = args.replications * len(names)
    workers = args.workers or min(default_workers(), n_tasks)
    with tqdm(total=n_tasks, desc=f"{' vs '.join(names)} (scale {base.settings.scale:g})",
              unit="run", file=sys.stderr, disable=None) as bar:
        cmp = run_comparison(base, configs, args.seed, args.replications, workers, bar.update)
    levers = lever_table(base, overlays, args.fidelity)
    table = write_comparison(out, base, cmp, levers, sys.argv, figures=not args.no_figures,
                             rate_pp=args.half_width_pp, relative=args.half_width_rel,
                             fidelity=args.fidelity)
    sys.stdout.write(format_comparison(table, names, COMPARISON_HEADLINE, args, base, cmp.wall_seconds, out))
    return 0


def format_comparison(table, names, metrics, args, base, wall, out) -> str:
    """The headline comparison as plain text: base mean, and per configuration the paired
    difference with its 95% CI (``*``: the replications were not enough for the half-width)."""
    t = table.set_index(["metric", "config"])
    lines = [f"{' vs '.join(names)}: scale {base.settings.scale:g}, {args.replications} paired "
             f"replications, seed {args.seed}, {wall:.1f} s simulating",
             f"{'metric':<34} {names[0][:16]:>16}" + "".join(
                 f" {('d ' + n)[:30]:>30}" for n in names[1:])]
    for m in metrics:
        if (m, names[0]) not in t.index:
            continue
        b = t.loc[(m, names[0])]
        cells = [f"{m:<34} {_fmt(b['mean']):>16}"]
        for n in names[1:]:
            r = t.loc[(m, n)]
            flag = "" if r["enough"] else "*"
            cells.append(f" {_fmt(r['diff_mean']) + ' [' + _fmt(r['diff_low']) + ', ' + _fmt(r['diff_high']) + ']' + flag:>30}")
        lines.append("".join(cells))
    lines.append("d = paired difference from the base (mean [95% CI]); * = more replications "
                 "needed for the half-width asked for (see comparison.csv)")
    lines.append(f"results and report written to {out}/ (report.html, comparison.csv)")
    return "\n".join(lines) + "\n"


def _validate(args) -> int:
    import json

    from tqdm import tqdm

    from models.analysis.validate import load_targets, run_validation, validation_table
    from models.report.run_folder import manifest
    from sim.runner import default_workers
    from sim.store import atomic_write_text

    scenario = load_scenario(args.scenario, scale=args.scale)
    targets = load_targets(args.targets)
    out = args.out or Path("results") / f"validate-{scenario.name}"
    out.mkdir(parents=True, exist_ok=True)
    workers = args.workers or min(default_workers(), args.replications)
    t0 = time.perf_counter()
    with tqdm(total=args.replications, desc=f"validate {scenario.name}", unit="rep",
              file=sys.stderr, disable=None) as bar:
        by_rep = run_validation(scenario, args.seed, args.replications, workers, bar.update)
    wall = time.perf_counter() - t0
    table = validation_table(by_rep, targets, scenario.settings.scale)
    atomic_write_text(out / "validation.csv", table.to_csv(index=False))
    atomic_write_text(out / "validation_by_replication.csv", by_rep.to_csv(index=False))
    atomic_write_text(out / "manifest.json", json.dumps(manifest(
        scenario, args.seed, args.replications, wall, sys.argv,
        {"targets_file": str(args.targets or "models/validation/targets.toml")}), indent=1,
        default=str))
    _validation_figure(out, table)
    text = format_validation(table, scenario, args, wall)
    atomic_write_text(out / "validation.txt", text)
    sys.stdout.write(text + f"written to {out}/ (validation.csv, validation.png)\n")
    return 0


def _calibrate(args) -> int:
    import json

    import pandas as pd
    from tqdm import tqdm

    from models.analysis.calibrate import calibrate, write_calibrated
    from models.analysis.validate import load_targets
    from sim.runner import default_workers
    from sim.store import atomic_write_text

    scenario = load_scenario(args.scenario, scale=args.scale)
    targets = load_targets(args.targets)
    out = args.out or Path("results") / f"calibrate-{scenario.name}"
    out.mkdir(parents=True, exist_ok=True)
    workers = args.workers or min(default_workers(), args.replications)
    with tqdm(total=args.max_evaluations, desc="calibrating", unit="eval", file=sys.stderr,
              disable=None) as bar:
        record = calibrate(scenario, targets, args.seed, args.replications, workers,
                           args.max_evaluations, progress=bar.update)
    record["command"] = sys.argv
    atomic_write_text(out / "fit.json", json.dumps(record, indent=1, default=str))
    before = pd.DataFrame(record["targets_before"]).set_index("target")
    after = pd.DataFrame(record["targets_after"]).set_index("target")
    fit = pd.DataFrame({"label": before["label"], "published": before["published"],
                        "before": before["simulated"], "after": after["simulated"],
                        "tolerance": before["tolerance"], "within_before": before["within"],
                        "within_after": after["within"]})
    atomic_write_text(out / "fit.csv", fit.to_csv())
    write_calibrated(Path(scenario.source), record, out / "calibrated.toml")
    if args.apply:
        write_calibrated(Path(scenario.source), record, Path(scenario.source))
    lines = [f"calibration of {scenario.name} at scale {args.scale:g}, {args.replications} "
             f"replications per evaluation (common random numbers), {record['evaluations']} "
             f"evaluations: {record['status']}", "parameters:"]
    for p in record["parameters"]:
        lines.append(f"  {p['parameter']:<52} {p['before']:>12.6g} -> {p['after']:>12.6g}  "
                     f"(range {p['range']}, informs {p['informs']})")
    lines.append("targets (national):")
    for t, r in fit.iterrows():
        lines.append(f"  {t:<28} published {_fmt(r['published']):>10}  before "
                     f"{_fmt(r['before']):>10}  after {_fmt(r['after']):>10}  "
                     f"{'within' if r['within_after'] else 'outside'} {r['tolerance']}")
    lines.append(f"written to {out}/ (calibrated.toml, fit.json, fit.csv)"
                 + ("; scenario file updated" if args.apply else ""))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _sweep(args) -> int:
    from tqdm import tqdm

    from models.analysis.sweep import FIDELITY, SweepAborted, load_sweep, run_sweep
    from models.analysis.sweep.paths import check_factor_paths
    from models.report.sweep_folder import write_sweep_outputs
    from sim.runner import default_workers

    spec = load_sweep(args.sweep_file)
    check_factor_paths(load_scenario(spec.base), [f for f in spec.factors if f != FIDELITY])
    out = args.out or Path("results") / f"sweep-{spec.name}"
    workers = args.workers or default_workers()
    with tqdm(desc=f"sweep {spec.name} ({spec.design})", unit="run", file=sys.stderr,
              disable=None, smoothing=0.1) as bar:
        try:
            counts = run_sweep(spec, out, workers=workers, resume=args.resume,
                               dask_address=args.dask, progress=bar,
                               retry_failed=args.retry_failed)
        except SweepAborted as exc:
            bar.close()
            sys.stderr.write(f"pathway-sim: error: {exc}\n")
            return 3
    summary = write_sweep_outputs(out, spec, counts, sys.argv)
    sys.stdout.write(f"sweep {spec.name}: {summary['runs']} runs ({counts['ran']} run now, "
                     f"{counts['skipped']} already done), {summary['failed']} failed; "
                     f"results in {out}/ (report.html, runs.parquet)\n")
    return 0


def format_validation(table, scenario, args, wall) -> str:
    lines = [f"validation of {scenario.name}: scale {scenario.settings.scale:g} (counts shown "
             f"national), {args.replications} replications, seed {args.seed}, {wall:.0f} s",
             f"{'target':<46} {'published':>11} {'simulated':>11} {'95% CI':>25} "
             f"{'tolerance':>10} {'within':>6}"]
    for _, r in table.iterrows():
        ci = f"[{_fmt(r['ci_low'])}, {_fmt(r['ci_high'])}]"
        lines.append(f"{r['label'][:46]:<46} {_fmt(r['published']):>11} {_fmt(r['simulated']):>11} "
                     f"{ci:>25} {r['tolerance']:>10} {'yes' if r['within'] else 'NO':>6}")
    lines.append(f"{int(table['within'].sum())} of {len(table)} targets within tolerance")
    return "\n".join(lines) + "\n"


def _validation_figure(out: Path, table) -> None:
    from models.report.figures import render
    from models.report.run_figures import plot_validation

    render(out, [("validation.png", "", lambda ax: plot_validation(ax, table))],
           size=(9, 0.35 * len(table) + 1.5))


def _levers(args) -> int:
    from models.config.overlay import lever_table, load_overlay, shipped_overlays

    base = load_scenario(args.base)
    overlays = [load_overlay(o) for o in (args.overlays or shipped_overlays())]
    table = lever_table(base, overlays, args.fidelity)
    if args.csv:
        table.to_csv(args.csv, index=False)
    wide = table.pivot_table(index=["lever", "path", "baseline"], columns="config", values="value",
                             aggfunc="first").fillna("-").reset_index()
    configs = [o.name for o in overlays]
    widths = [max(len(str(x)) for x in [c, *wide[c]]) for c in ["lever", "path", "baseline", *configs]]
    cols = ["lever", "path", "baseline", *configs]
    lines = ["  ".join(f"{c:<{w}}" for c, w in zip(cols, widths, strict=True))]
    for _, row in wide.iterrows():
        lines.append("  ".join(f"{str(row[c]):<{w}}" for c, w in zip(cols, widths, strict=True)))
    f = "each overlay's own" if args.fidelity is None else f"{args.fidelity:g}"
    lines.append(f"base: {base.name}; fidelity: {f}; '-' = lever not in that configuration. "
                 "Why and source of each lever: --csv FILE, or the overlay files.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _run(args) -> int:
    from tqdm import tqdm

    from models.analysis.catalogue import RUN_HEADLINE
    from models.pathway.run import run_many
    from models.report.run_folder import write_run
    from sim.runner import default_workers

    scenario = load_scenario(args.scenario, scale=args.scale)
    out = args.out or Path("results") / scenario.name
    workers = args.workers or min(default_workers(), args.replications)
    t0 = time.perf_counter()
    with tqdm(total=args.replications, desc=f"{scenario.name} (scale {scenario.settings.scale:g})",
              unit="rep", file=sys.stderr, disable=None) as bar:
        results = run_many(scenario, args.seed, args.replications, workers=workers, progress=bar.update)
    sim_wall = time.perf_counter() - t0
    table = write_run(out, scenario, results, args.seed, sim_wall, sys.argv,
                      figures=not args.no_figures)
    head = table.set_index("metric").loc[[m for m in RUN_HEADLINE if m in set(table["metric"])]]
    lines = [f"{scenario.name}: scale {scenario.settings.scale:g}, {args.replications} replications, "
             f"seed {args.seed}, {sim_wall:.1f} s simulating",
             f"{'metric':<40} {'mean':>14} {'95% CI':>31}"]
    for metric, row in head.iterrows():
        lines.append(f"{metric:<40} {_fmt(row['mean']):>14} "
                     f"[{_fmt(row['ci_low']):>13}, {_fmt(row['ci_high']):>13}]")
    lines.append(f"results written to {out}/ (summary.csv has every metric)")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _params(args) -> int:
    from models.config.provenance import (
        DEFAULT_PATH,
        REGENERATE,
        register_is_current,
        write_register,
    )

    path = args.write or DEFAULT_PATH
    if args.check:
        if register_is_current(path):
            sys.stdout.write(f"{path} is current\n")
            return 0
        sys.stderr.write(f"{path} is out of date; regenerate it with `{REGENERATE}`\n")
        return 1
    changed = write_register(path)
    sys.stdout.write(f"{'wrote' if changed else 'unchanged:'} {path}\n")
    return 0


def _fmt(x: float) -> str:
    if x != x:  # NaN
        return "n/a"
    if abs(x) >= 1e5:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:,.1f}"
    return f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "compare":
            return _compare(args)
        if args.command == "levers":
            return _levers(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "calibrate":
            return _calibrate(args)
        if args.command == "sweep":
            return _sweep(args)
        if args.command == "params":
            return _params(args)
    except ScenarioError as exc:
        sys.stderr.write(f"pathway-sim: error: {exc}\n")
        return 2
    ap.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
