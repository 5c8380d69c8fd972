"""Per-lever fidelity beside the global dial: in the overlay, on the command line, in sweeps."""

from __future__ import annotations

import argparse

import pytest
from pathway_helpers import small_scenario

from models.cli import args as a
from models.config.overlay import Fidelity, apply_overlay, lever_table, load_overlay
from models.config.schema import ScenarioError

BASE = small_scenario(scale=0.003)
INTEGRATED = load_overlay("devolved_integrated")
SHORT = "sentencing.custody_multiplier_short"  # set by presentence_information: 1 -> 0.6
COVERAGE = "liaison_diversion.p_coverage"       # set by ld_integrated_custody_health


def _value(scenario, path):
    section, name = path.split(".")
    return getattr(getattr(scenario.params, section), name)


def test_a_lever_s_own_fidelity_moves_only_that_lever():
    base_cov = _value(BASE, COVERAGE)
    half = apply_overlay(BASE, INTEGRATED, Fidelity(None, {"presentence_information": 0.5}))
    assert _value(half, SHORT) == pytest.approx(0.8)          # halfway from 1 to 0.6
    full = apply_overlay(BASE, INTEGRATED)
    assert _value(half, COVERAGE) == _value(full, COVERAGE) == pytest.approx(1.0)
    assert base_cov < 1.0


def test_a_lever_s_own_fidelity_takes_precedence_over_the_global_dial():
    f = Fidelity(0.0, {"presentence_information": 1.0})
    mixed = apply_overlay(BASE, INTEGRATED, f)
    assert _value(mixed, SHORT) == pytest.approx(0.6)
    assert _value(mixed, COVERAGE) == _value(BASE, COVERAGE)  # every other lever at 0
    assert f.describe() == "0; presentence_information=1"


def test_every_lever_at_zero_is_the_global_zero():
    names = {lv.name: 0.0 for lv in INTEGRATED.levers}
    zero = apply_overlay(BASE, INTEGRATED, Fidelity(None, names)).raw
    assert zero == apply_overlay(BASE, INTEGRATED, 0.0).raw
    assert {k: v for k, v in zero.items() if k != "scenario"} \
        == {k: v for k, v in BASE.raw.items() if k != "scenario"}


def test_the_lever_table_shows_each_lever_s_fidelity():
    t = lever_table(BASE, [INTEGRATED], Fidelity(0.5, {"resettlement": 0.2}))
    by_lever = t.groupby("lever")["fidelity"].first()
    assert by_lever["resettlement"] == 0.2
    assert (by_lever.drop("resettlement") == 0.5).all()


@pytest.mark.parametrize(("fidelity", "key"), [
    (Fidelity(None, {"no_such_lever": 0.5}), "fidelity.no_such_lever"),
])
def test_an_unknown_lever_is_named(fidelity, key):
    with pytest.raises(ScenarioError, match=key) as err:
        fidelity.check_levers([INTEGRATED])
    assert "resettlement" in str(err.value)  # and the levers there are are listed


@pytest.mark.parametrize("value", [1.5, -0.1, float("nan")])
def test_a_lever_fidelity_outside_0_1_is_refused(value):
    with pytest.raises(ScenarioError, match="fidelity.resettlement"):
        Fidelity(None, {"resettlement": value})


def test_command_line_values():
    assert a.fidelity_item("0.3") == (None, 0.3)
    assert a.fidelity_item("resettlement=0.25") == ("resettlement", 0.25)
    for bad in ("resettlement=1.2", "=0.5", "lots", "resettlement=x"):
        with pytest.raises(argparse.ArgumentTypeError, match="--fidelity"):
            a.fidelity_item(bad)
    f = a.fidelity_of([(None, 0.3), ("resettlement", 0.25)])
    assert f == Fidelity(0.3, {"resettlement": 0.25})
    assert a.fidelity_of(None) == Fidelity()
    with pytest.raises(ScenarioError, match="--fidelity"):
        a.fidelity_of([(None, 0.3), (None, 0.4)])
    with pytest.raises(ScenarioError, match="--fidelity resettlement"):
        a.fidelity_of([("resettlement", 0.3), ("resettlement", 0.4)])


def test_levers_cli_takes_a_lever_s_fidelity(capsys):
    from models.cli import main

    assert main(["levers", "devolved_integrated", "--fidelity", "presentence_information=0.5"]) == 0
    out = capsys.readouterr().out
    assert "presentence_information=0.5" in out and "0.8" in out
    assert main(["levers", "devolved_integrated", "--fidelity", "nonesuch=0.5"]) == 2
    assert "fidelity.nonesuch" in capsys.readouterr().err


def test_a_sweep_factor_can_be_one_lever_s_fidelity():
    from models.analysis.sweep.spec import sweep_from_tree

    spec = sweep_from_tree({"sweep": {"design": "oat", "metrics": ["reoffending_overall"],
                                      "overlay": "devolved_integrated"},
                            "factors": {"fidelity.resettlement": [0.0, 1.0]}})
    assert spec.factors["fidelity.resettlement"] == (0.0, 1.0)
    for factors, needle in (({"fidelity.nonesuch": [0.0, 1.0]}, "is not a lever"),
                            ({"fidelity.resettlement": [0.5, 1.5]}, r"within \[0, 1\]")):
        with pytest.raises(ScenarioError, match=needle):
            sweep_from_tree({"sweep": {"design": "oat", "metrics": ["m"],
                                       "overlay": "devolved_integrated"}, "factors": factors})
    with pytest.raises(ScenarioError, match="needs the sweep's overlay"):
        sweep_from_tree({"sweep": {"design": "oat", "metrics": ["m"]},
                         "factors": {"fidelity.resettlement": [0.0, 1.0]}})
