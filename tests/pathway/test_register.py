"""The parameter register: every parameter has a unit, a source (or an assumption with a range),
and docs/parameters.md is the current rendering of the shipped scenario and overlays."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from models.cli import main as cli_main
from models.config.overlay import shipped_overlays
from models.config.parameters import SCHEMA
from models.config.provenance import (
    DEFAULT_PATH,
    REGENERATE,
    overlay_problems,
    provenance_problems,
    register_rows,
    render_register,
    status_of,
    unit_of,
    write_register,
)
from models.config.scenario import default_scenario_path, iter_parameters, load_scenario
from models.config.schema import Dist, Number, Prob, Shares, Table

SCENARIO_DIR = default_scenario_path().parent


def _raw(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


SCENARIO_FILES = [p for p in sorted(SCENARIO_DIR.glob("*.toml")) if "scenario" in _raw(p)]
OVERLAY_FILES = shipped_overlays()


def _schema_paths(schema: dict, prefix: str = "") -> list[str]:
    out = []
    for k, v in schema.items():
        p = f"{prefix}.{k}".lstrip(".")
        out += _schema_paths(v, p) if isinstance(v, dict) else [p]
    return out


def test_docs_parameters_md_is_current():
    assert DEFAULT_PATH.is_file(), f"{DEFAULT_PATH} is missing; generate it with `{REGENERATE}`"
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render_register(), (
        f"docs/parameters.md is out of date: regenerate it with `{REGENERATE}` "
        "(or `python -m models.config.provenance`)")


def test_shipped_files_found():
    assert default_scenario_path() in SCENARIO_FILES
    assert {p.stem for p in OVERLAY_FILES} >= {"devolved", "devolved_integrated"}


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.name)
def test_every_scenario_parameter_has_a_source_and_assumptions_a_range(path):
    tree = _raw(path)
    assert provenance_problems(tree) == []
    # the same, walked here by hand over the raw tree
    for p, _kind, leaf in iter_parameters({k: v for k, v in tree.items() if k != "scenario"}):
        source = leaf.get("source")
        assert isinstance(source, str) and source.strip(), f"{path.name}: {p} has no source"
        if source.strip() in ("assumption", "calibrated"):
            assert leaf.get("range") not in (None, {}, []), f"{path.name}: {p} has no range"


@pytest.mark.parametrize("path", OVERLAY_FILES, ids=lambda p: p.name)
def test_every_lever_has_a_source_and_assumptions_a_range(path):
    tree = _raw(path)
    assert overlay_problems(tree) == []
    for name, lever in tree["levers"].items():
        assert str(lever.get("source", "")).strip(), f"{path.name}: lever {name} has no source"
        if lever["source"].strip() == "assumption":
            assert lever.get("range") not in (None, {}, []), f"{path.name}: {name} has no range"


def test_the_check_reports_a_missing_source_or_range():
    tree = _raw(default_scenario_path())
    broken = copy.deepcopy(tree)
    del broken["court"]["crown"]["sitting_days_per_year"]["source"]
    del broken["police"]["cost_per_arrest_gbp"]["range"]           # an assumption
    del broken["reoffending"]["p_reference_reoffend_12m"]["range"]  # calibrated
    broken["custody"]["release_fraction"]["source"] = "  "
    broken["probation"]["breach_rate_per_year"] = 0.15             # a bare value, no table
    problems = provenance_problems(broken)
    assert [p.split(":")[0] for p in problems] == [
        "police.cost_per_arrest_gbp", "court.crown.sitting_days_per_year", "custody.release_fraction",
        "probation.breach_rate_per_year", "reoffending.p_reference_reoffend_12m"]
    assert "no source" in problems[1] and "no range" in problems[0]
    bad_form = copy.deepcopy(tree)
    bad_form["treatment"]["places"]["source"] = "somewhere"
    assert [p.split(" ")[0] for p in provenance_problems(bad_form)] == ["treatment.places.source"]

    overlay = _raw(SCENARIO_DIR / "devolved.toml")
    del overlay["levers"]["invest_to_save"]["range"]
    del overlay["levers"]["devolved_custody_budget"]["source"]
    assert [p.split(":")[0] for p in overlay_problems(overlay)] == [
        "levers.devolved_custody_budget", "levers.invest_to_save"]


def test_every_parameter_gets_a_unit():
    rows = register_rows()
    missing = [r["path"] for r in rows if r["unit"] in ("", "-")]
    assert missing == []


@pytest.mark.parametrize(("path", "kind", "unit"), [
    ("police.detention_days", Dist(), "days (distribution)"),
    ("sentencing.short_custody_months", Dist(unit="months"), "months (distribution)"),
    ("treatment.patience_days", Number(), "days"),
    ("custody.cost_per_prison_day_gbp", Number(), "GBP per day"),
    ("court.crown.cost_trial_gbp", Number(), "GBP per trial"),
    ("population.p_female", Prob(), "probability"),
    ("reoffending.hr_female", Number(), "hazard ratio"),
    ("reoffending.hr_age", Table(keys=("10-17", "18-24", "25+")), "hazard ratio by age band"),
    ("population.age_band_shares_new", Shares(keys=("10-17", "18-24", "25+")),
     "shares by age band (sum to 1)"),
    ("court.crown.sitting_days_per_year", Number(scaled=True), "sitting days per year (national; × scale)"),
    ("treatment.places", Number(scaled=True), "places (national; × scale)"),
    ("probation.breach_rate_per_year", Number(), "per person per year (rate)"),
    ("sentencing.custody_multiplier_youth", Number(), "factor on P(custody)"),
    ("x.something_unknown", Number(), "-"),
])
def test_unit_of(path, kind, unit):
    assert unit_of(path, kind) == unit


def test_register_lists_every_parameter_exactly_once():
    rows = register_rows()
    paths = [r["path"] for r in rows]
    assert len(paths) == len(set(paths))
    assert paths == _schema_paths(SCHEMA)
    assert paths == [p for p, _k, _l in iter_parameters(
        {k: v for k, v in load_scenario().raw.items() if k != "scenario"})]
    assert _paths_in_markdown(render_register()) == paths


def _paths_in_markdown(text: str) -> list[str]:
    """The parameter paths listed in the scenario tables of the rendered register."""
    out, section = [], None
    for line in text.split("## Overlays")[0].splitlines():
        if line.startswith("### "):
            section = line[4:].strip()
        elif section and line.startswith("| `"):
            out.append(f"{section}.{line.split('`')[1]}")
    return out


def test_rows_statuses_and_rendering():
    rows = {r["path"]: r for r in register_rows()}
    assert {r["status"] for r in rows.values()} == {"sourced", "derived", "calibrated",
                                                    "assumption"}
    assert rows["court.magistrates.preparation_days"]["value"] == "lognormal(mean=50, sd=30)"
    assert rows["reoffending.hr_age"]["value"] == "10-17=3, 18-24=1.3, 25+=1"
    assert rows["custody.cost_per_prison_day_gbp"]["status"] == "sourced"
    assert rows["devolution.grant_prison_days_gbp_per_year"]["status"] == "derived"
    assert status_of("law: x") == "sourced" and status_of(" assumption ") == "assumption"


def test_render_is_deterministic_and_escapes_pipes(tmp_path):
    assert render_register() == render_register()
    text = default_scenario_path().read_text(encoding="utf-8")
    old = 'note = "officer and custody suite time per arrest"'
    assert old in text
    path = tmp_path / "odd.toml"
    path.write_text(text.replace(old, 'note = "a | b"'), encoding="utf-8")
    rendered = render_register([path], [])
    assert "a \\| b" in rendered and "a | b" not in rendered
    assert "## Overlays" not in rendered


def test_write_register_and_check(tmp_path, capsys):
    out = tmp_path / "docs" / "parameters.md"
    assert write_register(out) is True
    assert write_register(out) is False
    assert cli_main(["params", "--check", "--write", str(out)]) == 0
    out.write_text("stale\n", encoding="utf-8")
    assert cli_main(["params", "--check", "--write", str(out)]) == 1
    assert REGENERATE in capsys.readouterr().err
    assert cli_main(["params", "--write", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_register()
    assert [p.name for p in out.parent.iterdir()] == ["parameters.md"]  # no temp file left
