"""Reading configuration files: one TOML loader, one key checker, one walker of raw trees.

Every file the model reads (scenarios, overlays, sweeps, validation targets) is TOML. A raw
tree is what :func:`load_toml` returns; a *parameter* in it is a table with a ``value`` (and a
``source``, ``range`` and ``note``), and any other table groups parameters. Errors are
:class:`~models.config.schema.ScenarioError`: one line naming the key, the value and what is
allowed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from models.config.schema import ScenarioError

__all__ = ["load_toml", "check_kind", "check_keys", "iter_leaves", "leaf_at", "is_leaf", "SCENARIO_DIR",
           "shipped_or_path"]

SCENARIO_DIR = Path(str(resources.files("models") / "scenarios"))  # the shipped scenarios


def load_toml(path: str | Path, what: str) -> dict[str, Any]:
    """The tree of the TOML file at ``path``; ``what`` names it in errors ("overlay file")."""
    p = Path(path)
    if p.is_dir():
        raise ScenarioError(what, str(p), "is a folder; give a TOML file")
    if p.exists() and not p.is_file():
        raise ScenarioError(what, str(p), "is not a regular file; give a TOML file")
    if not p.is_file():
        shipped = ", ".join(sorted(q.stem for q in SCENARIO_DIR.glob("*.toml")))
        raise ScenarioError(what, str(p), "does not exist" + (
            "" if p.suffix else f" (shipped scenarios and overlays: {shipped})"))
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(what, str(p), f"is not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(what, str(p), f"must be a readable UTF-8 TOML file ({exc})") from None


_KIND_TABLES = {"scenario file": "scenario", "overlay file": "overlay", "sweep file": "sweep",
                "targets file": "targets"}


def check_kind(tree: Mapping[str, Any], path: str | Path, what: str) -> None:
    """Refuse a file of another kind, told by its tables (an overlay given as a scenario, a
    scenario as a sweep file); ``what`` is one of "scenario file", "overlay file", "sweep
    file", "targets file". A file of no known kind is left to the caller's own checks."""
    if _KIND_TABLES[what] in tree:
        return
    for other, table in _KIND_TABLES.items():
        if table in tree:
            raise ScenarioError(what, str(path), f"is {_a(other)} (it has [{table}]), "
                                f"not {_a(what)}")


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def shipped_or_path(path: str | Path) -> Path:
    """``path``, or the shipped scenario or overlay of that name (``centralised``) if there is
    no such file."""
    p = Path(path)
    if not p.exists() and p.suffix == "" and (SCENARIO_DIR / f"{p}.toml").exists():
        return SCENARIO_DIR / f"{p}.toml"
    return p


def check_keys(where: str, table: Mapping[str, Any], allowed: Collection[str],
               required: Collection[str] = (), what: str = "") -> None:
    """Refuse a key of ``table`` outside ``allowed`` and a missing key of ``required``.

    ``where`` is the table's own path ("" at the top); ``what`` qualifies the message
    ("for a gamma factor").
    """
    for k in table:
        if k not in allowed:
            value = table[k] if not isinstance(table[k], Mapping) else "{...}"
            raise ScenarioError(f"{where}.{k}".lstrip("."), value,
                                f"unknown key{' ' + what if what else ''}; allowed: "
                                f"{', '.join(allowed)}")
    for k in required:
        if k not in table:
            raise ScenarioError(f"{where}.{k}".lstrip("."), None, "missing")


def is_leaf(node: Any) -> bool:
    """A parameter: a table with a ``value``."""
    return isinstance(node, Mapping) and "value" in node


def iter_leaves(tree: Mapping[str, Any], path: str = "",
                skip: Collection[str] = ("scenario", "timeline")) -> Iterator[tuple[str, Any]]:
    """Yield ``(dotted path, leaf)`` for every parameter of a raw tree, in file order.

    A table without a ``value`` is descended into; anything else that is not a table (a
    stray scalar) is yielded as it is, for the caller to report. Top-level tables in ``skip``
    (the run settings, and the timeline, checked by :mod:`models.config.timeline`) are passed
    over.
    """
    for k, v in tree.items():
        p = f"{path}.{k}".lstrip(".")
        if p in skip:
            continue
        if isinstance(v, Mapping) and "value" not in v:
            yield from iter_leaves(v, p, skip)
        else:
            yield p, v


def leaf_at(tree: Mapping[str, Any], path: str) -> Any:
    """The node of a raw tree at a dotted ``path`` (KeyError if there is none)."""
    node: Any = tree
    for part in path.split("."):
        node = node[part]
    return node
