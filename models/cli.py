"""Command line: ``pathway-sim run [SCENARIO] --seed S --replications N --scale F --out DIR``."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from models.scenario import ScenarioError, load_scenario

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
    return ap


def _run(args) -> int:
    from tqdm import tqdm

    from models.outputs import HEADLINE_METRICS, write_run
    from models.run import run_many
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
    head = table.set_index("metric").loc[[m for m in HEADLINE_METRICS if m in set(table["metric"])]]
    lines = [f"{scenario.name}: scale {scenario.settings.scale:g}, {args.replications} replications, "
             f"seed {args.seed}, {sim_wall:.1f} s simulating",
             f"{'metric':<40} {'mean':>14} {'95% CI':>31}"]
    for metric, row in head.iterrows():
        lines.append(f"{metric:<40} {_fmt(row['mean']):>14} "
                     f"[{_fmt(row['ci_low']):>13}, {_fmt(row['ci_high']):>13}]")
    lines.append(f"results written to {out}/ (summary.csv has every metric)")
    sys.stdout.write("\n".join(lines) + "\n")
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
    except ScenarioError as exc:
        sys.stderr.write(f"pathway-sim: error: {exc}\n")
        return 2
    ap.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
