"""``pathway-sim params``: write (or check) the parameter register, ``docs/parameters.md``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write (or check) the parameter register, docs/parameters.md"
STALE = 1  # exit code of --check when the register is out of date


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("params", help=HELP, description=HELP)
    p.add_argument("--write", type=Path, default=None, metavar="PATH",
                   help="output file (default docs/parameters.md)")
    p.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")


def main(args: argparse.Namespace) -> int:
    from models.cli.output_files import check_output_file
    from models.config.provenance import (
        DEFAULT_PATH,
        REGENERATE,
        register_is_current,
        write_register,
    )

    path = args.write or DEFAULT_PATH
    if not args.check:
        check_output_file("--write", path, make_folders=True)
    if args.check:
        if register_is_current(path):
            sys.stdout.write(f"{path} is current\n")
            return 0
        sys.stderr.write(f"{path} is out of date; regenerate it with `{REGENERATE}`\n")
        return STALE
    changed = write_register(path)
    sys.stdout.write(f"{'wrote' if changed else 'unchanged:'} {path}\n")
    return 0
