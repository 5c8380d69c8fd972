"""Arguments the verbs share: typed parsers whose errors name the option, the value and what is
allowed, and the options most verbs take (seed, replications, scale, workers, output folder)."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from models.cli.progress import LogProgress

if TYPE_CHECKING:
    from models.config.overlay import Fidelity

__all__ = ["whole_number", "positive_number", "scale", "fidelity", "fidelity_item",
           "add_fidelity", "fidelity_of", "add_seed",
           "add_replications", "add_scale", "add_workers", "add_out", "progress", "DEFAULT_SEED"]

DEFAULT_SEED = 20161


def whole_number(name: str, low: int = 1) -> Callable[[str], int]:
    """A parser of a whole number >= ``low`` for option ``name``."""
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{name} = {text!r}: must be a whole number >= {low}") from None
        if v < low:
            raise argparse.ArgumentTypeError(f"{name} = {v}: must be a whole number >= {low}")
        return v
    return parse


def positive_number(name: str) -> Callable[[str], float]:
    """A parser of a finite number > 0 for option ``name``."""
    def parse(text: str) -> float:
        try:
            v = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} = {text!r}: must be a number > 0") from None
        if not (v > 0 and math.isfinite(v)):
            raise argparse.ArgumentTypeError(f"{name} = {text}: must be a finite number > 0")
        return v
    return parse


def _bounded(name: str, low: float, high: float, allowed: str,
             low_included: bool) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            v = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} = {text!r}: {allowed}") from None
        if not ((low <= v if low_included else low < v) and v <= high):
            raise argparse.ArgumentTypeError(f"{name} = {v:g}: {allowed}")
        return v
    return parse


scale = _bounded("--scale", 0.0, 2.0, "must be a number > 0 and <= 2", low_included=False)
fidelity = _bounded("--fidelity", 0.0, 1.0, "must be a number from 0 to 1", low_included=True)

FIDELITY_HELP = ("0..1: share of every lever's effect delivered (default: each overlay's); "
                 "LEVER=F sets one lever's own, e.g. --fidelity resettlement=0.5; repeatable")


def fidelity_item(text: str) -> tuple[str | None, float]:
    """One ``--fidelity`` value: ``F`` (every lever) or ``LEVER=F`` (one lever)."""
    name, eq, value = text.rpartition("=")
    if not eq:
        return None, fidelity(text)
    name = name.strip()
    if not name:
        raise argparse.ArgumentTypeError(f"--fidelity = {text!r}: LEVER=F needs a lever name")
    return name, _bounded(f"--fidelity {name}", 0.0, 1.0, "must be a number from 0 to 1",
                          low_included=True)(value)


def add_fidelity(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fidelity", type=fidelity_item, action="append", default=None,
                   metavar="F|LEVER=F", help=FIDELITY_HELP)


def fidelity_of(items: list[tuple[str | None, float]] | None) -> Fidelity:
    """The :class:`Fidelity` of the ``--fidelity`` values given (one global at most)."""
    from models.config.overlay import Fidelity
    from models.config.schema import ScenarioError

    overall = [f for name, f in items or [] if name is None]
    if len(overall) > 1:
        raise ScenarioError("--fidelity", overall, "give the global fidelity once "
                            "(per-lever values as LEVER=F)")
    by_lever: dict[str, float] = {}
    for name, f in items or []:
        if name is not None:
            if name in by_lever:
                raise ScenarioError(f"--fidelity {name}", f, "given twice")
            by_lever[name] = f
    return Fidelity(overall[0] if overall else None, by_lever)


def add_seed(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=whole_number("--seed", 0), default=DEFAULT_SEED,
                   help=f"root seed (default {DEFAULT_SEED})")


def add_replications(p: argparse.ArgumentParser, default: int, help: str | None = None) -> None:
    p.add_argument("--replications", "-n", type=whole_number("--replications"), default=default,
                   help=help or f"replications (default {default})")


def add_scale(p: argparse.ArgumentParser, help: str = "override the scenario's scale",
              default: float | None = None) -> None:
    p.add_argument("--scale", type=scale, default=default, help=help)


def add_workers(p: argparse.ArgumentParser, help: str = "processes (default: one per core)") -> None:
    p.add_argument("--workers", "-j", type=whole_number("--workers"), default=None, help=help)


def add_out(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument("--out", type=Path, default=None, help=f"output folder (default {default}); "
                   "checked before anything runs: it must be new, empty or an earlier output "
                   "of the same command (replaced whole)")
    p.add_argument("--overwrite", action="store_true", help="replace --out even if it holds "
                   "other files")


def progress(total: int | None, desc: str, unit: str, **kwargs: Any) -> tqdm | LogProgress:
    """A progress bar on standard error when it is a terminal; otherwise a log line per
    finished unit with the time elapsed and left (:class:`models.cli.progress.LogProgress`)."""
    isatty = getattr(sys.stderr, "isatty", None)
    if not (isatty and isatty()):
        return LogProgress(total, desc, unit)
    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, **kwargs)
