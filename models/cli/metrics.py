"""``pathway-sim metrics``: the metric catalogue, every metric with its kind, unit and how it
is computed (the names a sweep, a target or a reader may use)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "list every metric the simulator computes: name, kind, unit, label, how it is computed"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("metrics", help=HELP, description=HELP)
    p.add_argument("--csv", type=Path, default=None, help="also write the catalogue as CSV")


def main(args: argparse.Namespace) -> int:
    import pandas as pd

    from models.analysis.catalogue import CATALOGUE
    from models.cli.output_files import check_output_file
    from sim import atomic_write_text

    check_output_file("--csv", args.csv)
    rows = [{"name": m.name, "kind": m.kind, "unit": m.unit, "scales": m.scales,
             "label": m.label, "how": m.how} for m in CATALOGUE.values()]
    if args.csv:
        atomic_write_text(args.csv, pd.DataFrame(rows).to_csv(index=False))
    width = max(len(m) for m in CATALOGUE)
    lines = [f"{r['name']:<{width}}  {r['kind']:<6}  {r['label']} ({r['unit']})" for r in rows]
    lines.append(f"{len(rows)} metrics; counts, stocks and money are at the run's scale. "
                 "How each is computed: --csv FILE.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
