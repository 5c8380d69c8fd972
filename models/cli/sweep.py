"""``pathway-sim sweep SWEEP.toml``: a sensitivity sweep (OAT, Morris, Sobol, LHS, grid, PSA),
resumable, on a process pool or a Dask cluster."""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from models.cli import args as a

HELP = "run a sensitivity sweep (OAT, Morris, Sobol, LHS, grid, PSA) from a sweep file; resumable"
ABORTED = 3  # exit code when the first runs of a sweep all fail
DASK_TIMEOUT_S = 10.0  # a scheduler that does not answer in this time is refused


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sweep", help=HELP, description=HELP)
    p.add_argument("sweep_file", type=Path)
    a.add_out(p, "results/sweep-<name>")
    a.add_workers(p)
    p.add_argument("--dask", default=None, metavar="ADDRESS",
                   help="send the runs to this Dask distributed scheduler instead")
    p.add_argument("--resume", action="store_true", help="run only what is missing in --out "
                   "(refused if --out was started from a different sweep file)")
    p.add_argument("--retry-failed", action="store_true",
                   help="with --resume: run the recorded failures again")


def main(args: argparse.Namespace) -> int:
    from models.analysis.checkpoint import ResumeRecord
    from models.analysis.sweep import SweepAborted, design_points, load_sweep, run_sweep
    from models.analysis.sweep.check import check_sweep
    from models.cli.stop import Stopped
    from models.config.schema import ScenarioError
    from models.report import out_folder
    from models.report.sweep_folder import write_sweep_outputs
    from sim import default_workers
    from sim.dask_address import DaskAddressError, check_dask_address
    from sim.store import PartStore

    if args.retry_failed and not args.resume:
        raise ScenarioError("--retry-failed", True, "runs recorded failures again in a folder "
                            "being resumed: give --resume too")
    spec = load_sweep(args.sweep_file)
    check_sweep(spec)
    if args.dask:
        try:
            check_dask_address(args.dask, timeout_s=DASK_TIMEOUT_S)
        except DaskAddressError as exc:
            raise ScenarioError("--dask", args.dask, exc.problem) from None
    out = out_folder.check_out(args.out or Path("results") / f"sweep-{spec.name}", "sweep",
                               args.overwrite)
    if not args.resume:
        if args.overwrite:
            out_folder.reset_state(out, "sweep")
        elif PartStore(out / "parts").exists():
            raise ScenarioError("--out", str(out), "already holds a sweep; use --resume to "
                                "finish it, --overwrite to start again, or choose another folder")
    sha = hashlib.sha256(args.sweep_file.read_bytes()).hexdigest()
    record = ResumeRecord(out, "sweep", sha, {"sweep_file": str(args.sweep_file),
                                              "sweep_file_sha256": sha,
                                              "scenarios_sha256": _scenarios_digest(spec)})
    old = (record.recorded() or {}).get("inputs") or {}
    if args.resume and old.get("scenarios_sha256") not in (None, record.inputs["scenarios_sha256"]):
        raise ScenarioError("--resume", str(out), "the sweep's base or overlay scenario changed "
                            f"since its runs were made ({spec.base}"
                            + (f", {spec.overlay}" if spec.overlay else "")
                            + "): rerun without --resume to start again, or choose another --out")
    record.start(args.resume, "sweep file")
    workers = args.workers or default_workers()
    try:
        with a.progress(None, f"sweep {spec.name} ({spec.design})", "run",
                        smoothing=0.1) as bar:
            try:
                counts = run_sweep(spec, out, workers=workers, resume=args.resume,
                                   dask_address=args.dask, progress=bar,
                                   retry_failed=args.retry_failed)
            except SweepAborted as exc:
                bar.close()
                sys.stderr.write(f"pathway-sim: error: {exc}\n")
                return ABORTED
        with out_folder.staged(out, "sweep") as staging:
            summary = write_sweep_outputs(staging, spec, counts, sys.argv, parts_from=out)
    except Stopped as stop:
        total = len(design_points(spec)) * spec.replications
        stop.detail = (f"{len(PartStore(out / 'parts').keys())} of {total} runs finished are "
                       f"kept in {out}; rerun with --resume to complete")
        raise
    sys.stdout.write(f"sweep {spec.name}: {summary['runs']} runs ({counts['ran']} run now, "
                     f"{counts['skipped']} already done), {summary['failed']} failed; "
                     f"results in {out}/ (report.html, runs.parquet)\n")
    return 0


def _scenarios_digest(spec) -> str:
    """sha256 of the scenarios a sweep's runs depend on besides its file: the base at the
    sweep's scale and, with an overlay, the configuration it makes (a changed base or overlay
    file must not be resumed into the old runs)."""
    import json

    from models.analysis.checkpoint import digest
    from models.config.overlay import apply_overlay, load_overlay
    from models.config.scenario import load_scenario

    base = load_scenario(spec.base, scale=spec.scale)
    trees = [json.loads(base.to_json())]
    if spec.overlay:
        trees.append(json.loads(apply_overlay(base, load_overlay(spec.overlay),
                                              spec.fidelity).to_json()))
    return digest(trees)
