"""The parameter register: every parameter's unit, value, source and range, as Markdown.

``docs/parameters.md`` is generated from the shipped scenario and overlays by
``pathway-sim params --write docs/parameters.md``, and ``pathway-sim params --check`` (and a
test) checks that it is current. :func:`provenance_problems` and
:func:`overlay_problems` walk raw TOML trees and list every parameter or lever that lacks a
source, or is an assumption (or calibrated) without a range to sweep.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import models.config.schema as ms
import models.config.vocabulary as mp
from models.config.overlay import load_overlay, shipped_overlays
from models.config.scenario import Scenario, default_scenario_path, iter_parameters, load_scenario
from models.config.tree import iter_leaves
from sim.store import atomic_write_text

log = logging.getLogger(__name__)

__all__ = ["unit_of", "status_of", "register_rows", "render_register", "write_register",
           "provenance_problems", "overlay_problems", "register_is_current", "DEFAULT_PATH",
           "REGENERATE"]

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "parameters.md"
REGENERATE = "pathway-sim params --write docs/parameters.md"
STATUSES = ("sourced", "derived", "calibrated", "assumption")
_NEEDS_RANGE = ("assumption", "calibrated")
_BY_KEYS = {mp.AGE_BANDS: "age band", mp.ARREST_OUTCOMES: "arrest outcome",
            mp.OOCD_TYPES: "out-of-court disposal type", mp.MAGISTRATES_SENTENCES: "sentence",
            mp.CROWN_SENTENCES: "sentence", mp.DISPOSALS: "index disposal",
            mp.OFFENCE_GROUPS: "offence group", mp.SERIOUSNESS: "mode of trial",
            mp.ETHNICITIES: "ethnic group"}
# The last word of a count-like (or shape) parameter's name -> its unit.
_COUNTED = {"shape": "dimensionless (shape)", "sitting": "sitting days", "places": "places",
            "practitioners": "people", "stock": "people", "population": "people",
            "entrants": "people", "starts": "spells", "chances": "diversions (count)",
            "counted": "offences (count)", "offenders": "people",
            "offences": "offences (count)", "officers": "officers (FTE)"}
_STATUS_MEANING = {"sourced": "a seed line, a published figure (X/F) or a statute",
                   "derived": "computed from other figures or a model run (the note says how)",
                   "calibrated": "tuned to match validation targets; the range is swept",
                   "assumption": "no published figure; the range is swept"}


def _scalar_unit(name: str, kind: ms.Kind | None) -> str:
    """The unit of one scalar parameter from its name (and kind); "-" if unknown."""
    words = name.split("_")
    per_prior = " per prior offence" if name.endswith("_per_prior_offence") else ""
    if name.endswith("_gbp"):
        if "per" in words:
            after = words[words.index("per") + 1:-1]
            return "GBP per day" if after[-1] == "day" else f"GBP per {after[0]}"
        if name == "cost_of_crime_gbp":
            return "GBP per offence"
        return "GBP per " + " ".join(words[1:-1]) if words[0] == "cost" else "GBP"
    if words[-1] in ("days", "months", "years", "hours") or name.endswith("_days_summary"):
        return "days" if name.endswith("_days_summary") else words[-1]
    if name == "record_years_scale":
        return "years (tau)"
    if name == "participants_per_prevented_entrant":
        return "people per first-time entrant prevented"
    if name.endswith("_per_career_year"):
        return "offences per year of career at propensity 1"
    if name.endswith("_staff_per_prisoner"):
        return "officers (FTE) per prisoner"
    if "odds_ratio" in name:
        return "odds ratio" + per_prior
    if "per_year" in name:
        counted = [_COUNTED[w] for w in words if w in _COUNTED]
        return f"{counted[0]} per year" if counted else "per person per year (rate)"
    if name.startswith("hr_"):
        return "hazard ratio" + per_prior
    if name.startswith("p_") or (isinstance(kind, ms.Prob) and not name.startswith("share")):
        return "probability"
    if "multiplier" in words:
        on = f" on P({words[0]})" if words[0] in ("custody", "remand") else ""
        return "factor" + on + per_prior
    if words[-1] in ("fraction", "reduction") or name.startswith("share_"):
        return "fraction (0-1)"
    if words[-1] in _COUNTED:
        return _COUNTED[words[-1]]
    return "count" if isinstance(kind, ms.Count) else "-"


def unit_of(path: str, kind: ms.Kind) -> str:
    """The unit of the parameter at dotted ``path`` of kind ``kind`` ("-" if it cannot tell):
    ``days (distribution)``, ``hazard ratio by age band``, ``places (national; × scale)``..."""
    name = path.rsplit(".", 1)[-1]
    if isinstance(kind, ms.Dist):
        unit = f"{kind.unit} (distribution)"
    elif isinstance(kind, ms.Choice):
        unit = "budget holder" if set(kind.options) == set(mp.BUDGET_HOLDERS) else "category"
    elif isinstance(kind, ms.Table):
        by = _BY_KEYS.get(tuple(kind.keys), "key")
        if isinstance(kind, ms.Shares):
            unit = f"shares by {by} (sum to 1)"
        elif isinstance(kind.item, ms.Shares):
            inner = _BY_KEYS.get(tuple(kind.item.keys), "key")
            unit = f"shares by {inner} (sum to 1), by {by}"
        else:
            unit = f"{item} by {by}" if (item := _scalar_unit(name, kind.item)) != "-" else "-"
    else:
        unit = _scalar_unit(name, kind)
    return f"{unit} (national; × scale)" if kind.scaled and unit != "-" else unit


def status_of(source: str) -> str:
    """``sourced`` (seed line, figure ID, law), ``derived``, ``calibrated`` or ``assumption``."""
    s = source.strip()
    return s if s in STATUSES else "sourced"


def _num(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return str(x)
    if isinstance(x, int) or (x.is_integer() and abs(x) >= 1000):
        return str(int(x))  # no thousands separators: commas would be ambiguous in lists
    return f"{x:.1f}" if abs(x) >= 1000 else f"{x:.4g}"


def render_value(v: Any) -> str:
    """A compact rendering: ``0.35``, ``245000``, ``25+=0.45``, ``gamma(mean=120, sd=60)``."""
    if isinstance(v, Mapping):
        if "dist" in v:
            return f"{v['dist']}(" + ", ".join(f"{k}={render_value(x)}" for k, x in v.items()
                                               if k != "dist") + ")"
        return ", ".join(f"{k}={render_value(x)}" for k, x in v.items())
    if isinstance(v, list | tuple):
        return "[" + ", ".join(render_value(x) for x in v) + "]"
    return _num(v)


def register_rows(scenario: Scenario | None = None) -> list[dict[str, str]]:
    """One row per parameter of ``scenario`` (default: the shipped default), in schema order."""
    scenario = load_scenario() if scenario is None else scenario
    rows = []
    for path, kind, leaf in iter_parameters({k: v for k, v in scenario.raw.items()
                                             if k != "scenario"}):
        section, name = path.split(".", 1)
        source, rng = str(leaf.get("source", "")), leaf.get("range")
        rows.append({"section": section, "name": name, "path": path,
                     "unit": unit_of(path, kind), "value": render_value(leaf["value"]),
                     "source": source, "range": "" if rng is None else render_value(rng),
                     "note": str(leaf.get("note", "")), "doc": kind.doc,
                     "status": status_of(source)})
    return rows


def _leaf_problem(path: str, leaf: Any) -> str | None:
    if not isinstance(leaf, Mapping):
        return f"{path}: not a {{ value, source }} table"
    source = leaf.get("source")
    if not isinstance(source, str) or not source.strip():
        return f"{path}: no source"
    if source.strip() in _NEEDS_RANGE and leaf.get("range") in (None, {}, []):
        return f"{path}: source is '{source.strip()}' but there is no range"
    try:
        ms.check_source(path, source, leaf.get("range"))
    except ms.ScenarioError as exc:
        return str(exc)
    return None


def provenance_problems(tree: Mapping[str, Any]) -> list[str]:
    """Every parameter of a raw scenario tree without a source, or assumed without a range.

    Walks the tree itself, not the schema: a table with a ``value`` is a parameter; any other
    non-table entry outside ``[scenario]`` is reported."""
    return [problem for path, leaf in iter_leaves(tree)
            if (problem := _leaf_problem(path, leaf)) is not None]


def overlay_problems(tree: Mapping[str, Any]) -> list[str]:
    """Every lever of a raw overlay tree without a source, or assumed without a range."""
    return [problem for name, lever in tree.get("levers", {}).items()
            if (problem := _leaf_problem(f"levers.{name}", lever)) is not None]


def _cell(x: Any) -> str:
    """A Markdown table cell: one line, ``|`` escaped."""
    return " ".join(str(x).split()).replace("|", "\\|")


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return out + ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]


_HEADER = f"""# Parameter register

Generated from `models/scenarios/*.toml` by `{REGENERATE}`; do not edit by hand.
A test (and `pathway-sim params --check`) fails when it is stale.

**Sources.** `003:283` is seed 003, line 283, as indexed in
[`../shared/evidence/seed-evidence.md`](../../shared/evidence/seed-evidence.md); `X15` is a figure
in [`../shared/evidence/external-figures.md`](../../shared/evidence/external-figures.md) and `F30`
one in the figure tables (section 2) of `seed-evidence.md` (paths from the repository root);
`law: ...` is a statute. **Range**: the interval swept in sensitivity analysis (`[low, high]`, per
key for tables, per field for distributions, where `scale` multiplies every value).
**Unit**: `(national; × scale)` marks England and Wales volumes multiplied by the run's `scale`.
"""


def _note(doc: str, note: str) -> str:
    """The kind's doc (italic, unless the note is the same) and the scenario file's note."""
    doc = f"*{doc}*" if doc and doc != note else ""
    return "; ".join(x for x in (doc, note) if x)


def _scenario_section(path: Path, heading: str) -> list[str]:
    scenario = load_scenario(path)
    rows = register_rows(scenario)
    counts = Counter(r["status"] for r in rows)
    settings = ", ".join(f"`{k} = {v}`" for k, v in scenario.raw["scenario"].items()
                         if k not in ("name", "description"))
    out = [f"{heading} Scenario `{scenario.name}` (`{path.name}`)", "",
           _cell(scenario.settings.description).rstrip(".") + ".", "",
           f"Run settings (not parameters): {settings}.", "",
           f"{len(rows)} parameters:", ""]
    out += _table(["Status", "Parameters", "Meaning"],
                  [(s, counts.get(s, 0), _STATUS_MEANING[s]) for s in STATUSES]) + [""]
    for section in dict.fromkeys(r["section"] for r in rows):
        out += [f"{heading}# {section}", ""]
        out += _table(["Parameter", "Unit", "Value", "Status", "Source", "Range", "Note"],
                      [(f"`{r['name']}`", r["unit"], r["value"], r["status"], r["source"],
                        r["range"], _note(r["doc"], r["note"]))
                       for r in rows if r["section"] == section]) + [""]
    return out


def _overlay_section(path: Path, heading: str) -> list[str]:
    ov = load_overlay(path)
    rows = [(f"`{lv.name}`", lv.what,
             "<br>".join(f"`{p}` → {render_value(v)}" for p, v in lv.sets.items()),
             lv.source, "" if lv.range is None else render_value(lv.range), lv.note)
            for lv in ov.levers]
    counts = Counter(status_of(lv.source) for lv in ov.levers)
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    return ([f"{heading} Overlay `{ov.name}` (`{path.name}`, on `{ov.base}`)", "",
             _cell(ov.description).rstrip(".") + ".", "", f"{len(rows)} levers ({summary}):", ""]
            + _table(["Lever", "What", "Sets", "Source", "Range", "Note"], rows) + [""])


def render_register(scenario_paths: Sequence[str | Path] | None = None,
                    overlay_paths: Sequence[str | Path] | None = None) -> str:
    """The Markdown register (deterministic): scenario tables, then each overlay's levers."""
    scenarios = [default_scenario_path()] if scenario_paths is None else scenario_paths
    overlays = shipped_overlays() if overlay_paths is None else overlay_paths
    lines = _HEADER.splitlines() + [""]
    for p in scenarios:
        lines += _scenario_section(Path(p), "##")
    if overlays:
        lines += ["## Overlays (policy configurations)", "", "Each lever sets parameters of its "
                  "base to the values shown (at fidelity 1); assumptions give the range.", ""]
        for p in overlays:
            lines += _overlay_section(Path(p), "###")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_register(path: str | Path = DEFAULT_PATH) -> bool:
    """Write the register to ``path`` atomically; True if the content changed."""
    path, text = Path(path), render_register()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    log.info("wrote %s", path)
    return True


def register_is_current(path: str | Path = DEFAULT_PATH) -> bool:
    """True if ``path`` holds exactly the register :func:`render_register` makes now."""
    path = Path(path)
    return path.is_file() and path.read_text(encoding="utf-8") == render_register()
