"""``pathway-sim levers [OVERLAY...]``: every lever of the overlays, with the baseline value
and the value in each configuration."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.cli import args as a

HELP = "list every lever of the overlays: baseline value and the value in each configuration"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("levers", help=HELP, description=HELP)
    p.add_argument("overlays", nargs="*", help="overlay files or names (default: all shipped)")
    p.add_argument("--base", default=None, help="base scenario (default: centralised)")
    a.add_fidelity(p)
    p.add_argument("--csv", type=Path, default=None, help="also write the table as CSV")


def main(args: argparse.Namespace) -> int:
    from models.cli.output_files import check_output_file
    from models.config.overlay import apply_overlay, lever_table, load_overlay, shipped_overlays
    from models.config.scenario import load_scenario

    check_output_file("--csv", args.csv)
    base = load_scenario(args.base)
    overlays = [load_overlay(o) for o in (args.overlays or shipped_overlays())]
    fidelity = a.fidelity_of(args.fidelity)
    fidelity.check_levers(overlays)
    for overlay in overlays:  # the values listed are those compare accepts
        apply_overlay(base, overlay, fidelity)
    table = lever_table(base, overlays, fidelity)
    if args.csv:
        table.to_csv(args.csv, index=False)
    wide = table.pivot_table(index=["lever", "path", "baseline"], columns="config",
                             values="value", aggfunc="first").fillna("-").reset_index()
    cols = ["lever", "path", "baseline", *[o.name for o in overlays]]
    widths = [max(len(str(x)) for x in [c, *wide[c]]) for c in cols]
    lines = ["  ".join(f"{c:<{w}}" for c, w in zip(cols, widths, strict=True))]
    for _, row in wide.iterrows():
        lines.append("  ".join(f"{str(row[c]):<{w}}" for c, w in zip(cols, widths, strict=True)))
    lines.append(f"base: {base.name}; fidelity: {fidelity.describe()}; '-' = lever not in that configuration. "
                 "Why and source of each lever: --csv FILE, or the overlay files.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
