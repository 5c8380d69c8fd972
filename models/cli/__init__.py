"""Command line of the offender pathway simulator, ``pathway-sim``: one module per verb.

- ``pathway-sim run [SCENARIO]``: run a scenario, write a results folder (:mod:`.run`)
- ``pathway-sim compare BASE OVERLAY...``: paired comparison of configurations (:mod:`.compare`)
- ``pathway-sim levers [OVERLAY...]``: every lever, baseline and configured values (:mod:`.levers`)
- ``pathway-sim validate [SCENARIO]``: the baseline against published figures (:mod:`.validate`)
- ``pathway-sim calibrate [SCENARIO]``: fit assumptions to the targets (:mod:`.calibrate`)
- ``pathway-sim sweep SWEEP.toml``: a resumable sensitivity sweep (:mod:`.sweep`)
- ``pathway-sim params [--write PATH] [--check]``: the parameter register (:mod:`.params`)
- ``pathway-sim metrics``: the metric catalogue (:mod:`.metrics`)

Shared options are in :mod:`.args`. A bad input ends with one line naming the key, the value
and what is allowed, and exit code 2.

``--out`` is checked before anything runs, and an existing folder is used only if it is empty or
an earlier output of the same command, which is then replaced whole (``--overwrite``: any
folder; :mod:`models.report.out_folder`). SIGINT (Ctrl-C) and SIGTERM stop the worker processes,
keep the runs already finished and end with one line and exit code 130 or 143 (:mod:`.stop`);
``compare --resume`` and ``sweep --resume`` complete a stopped folder, refusing one started with
other inputs. When standard error is not a terminal, each finished replication or run is logged
there with the time elapsed and left (:mod:`.progress`).
"""

from __future__ import annotations

import argparse
import logging
import re
import signal
import sys
from typing import NoReturn

from models.cli import calibrate, compare, levers, metrics, params, run, sweep, validate
from models.cli.stop import Stopped, exit_code, stoppable
from models.config.schema import ScenarioError

__all__ = ["main", "build_parser", "VERBS"]

VERBS = {m.__name__.rsplit(".", 1)[1]: m
         for m in (run, compare, levers, validate, calibrate, sweep, params, metrics)}
BAD_INPUT = 2


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, ``pathway-sim: error: ...`` (exit code 2),
    like every other bad input; ``--help`` still shows the usage."""

    def error(self, message: str) -> NoReturn:
        prefix = re.match(r"argument [^:]+: (-[-\w]+[^:]* = )", message)
        if prefix:  # "argument --scale: --scale = 3: ..." -> "--scale = 3: ..."
            message = message[message.index(prefix.group(1)):]
        choice = re.fullmatch(r"argument ([^:]+): invalid choice: (.+) \(choose from (.+)\)",
                              message)
        if choice:
            message = f"{choice.group(1)} = {choice.group(2)}: must be one of {choice.group(3)}"
        verb = self.prog.removeprefix("pathway-sim").strip()
        hint = f" (pathway-sim {verb + ' ' if verb else ''}--help lists the options)"
        self.exit(BAD_INPUT, f"pathway-sim: error: {message}{hint}\n")


def build_parser() -> argparse.ArgumentParser:
    ap = OneLineParser(prog="pathway-sim", description=(
        "Offender pathway simulator: people moving through the criminal justice system of "
        "England and Wales."))
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = ap.add_subparsers(dest="command", required=True)
    for verb in VERBS.values():
        verb.add_parser(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        with stoppable():
            return VERBS[args.command].main(args)
    except ScenarioError as exc:
        sys.stderr.write(f"pathway-sim: error: {exc}\n")
        return BAD_INPUT
    except KeyboardInterrupt:  # before the handlers were in place
        sys.stderr.write(Stopped(signal.SIGINT).line() + "\n")
        return exit_code(signal.SIGINT)
    except Stopped as stop:
        sys.stderr.write(stop.line() + "\n")
        return exit_code(stop.signum)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
