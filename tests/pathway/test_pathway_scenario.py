"""Scenario loading: validation errors name the key path, the value and what is allowed."""

from __future__ import annotations

import re
import tomllib

import pytest
from pathway_helpers import small_scenario

from models.cli import main
from models.config.scenario import ScenarioError, default_scenario_path, load_scenario

BASE = load_scenario()


def test_default_loads_with_scale_applied():
    s = load_scenario(scale=0.1)
    assert s.settings.scale == 0.1
    raw = BASE.raw["court"]["crown"]["sitting_days_per_year"]["value"]
    assert s.params.court.crown.sitting_days_per_year == pytest.approx(raw * 0.1)
    assert s.params.custody.release_fraction == BASE.params.custody.release_fraction  # not scaled


def test_with_overrides_returns_new_scenario_and_leaves_original():
    s2 = BASE.with_overrides({"prosecution.p_either_way_sent_to_crown_adult": 0.5})
    assert s2.params.prosecution.p_either_way_sent_to_crown_adult == 0.5
    assert BASE.params.prosecution.p_either_way_sent_to_crown_adult != 0.5
    with pytest.raises(AttributeError):
        BASE.params.prosecution.p_either_way_sent_to_crown_adult = 0.1  # read-only
    with pytest.raises(TypeError):
        BASE.params.sentencing.shares_crown["fine"] = 0.2


BAD_OVERRIDES = [
    ({"police.no_such_key": 1}, "police.no_such_key"),
    ({"prosecution.p_either_way_sent_to_crown_adult": 1.5}, "prosecution.p_either_way_sent_to_crown_adult"),
    ({"prosecution.p_either_way_sent_to_crown_adult": "high"}, "prosecution.p_either_way_sent_to_crown_adult"),
    ({"court.crown.sitting_days_per_year": 0}, "court.crown.sitting_days_per_year"),
    ({"police.detention_days": {"dist": "deterministic", "value": -1.0}}, "police.detention_days"),
    ({"police.detention_days": {"dist": "triangular", "mean": 1.0}}, "police.detention_days.dist"),
    ({"police.detention_days": {"dist": "gamma", "mean": 1.0, "sd": -2.0}}, "police.detention_days"),
    ({"police.arrest_outcome_shares_adult": {"nfa": 0.5, "out_of_court": 0.2, "charge": 0.2}},
     "police.arrest_outcome_shares_adult"),
    ({"police.arrest_outcome_shares_adult": {"nfa": 0.5, "charge": 0.5}},
     "police.arrest_outcome_shares_adult.out_of_court"),
    ({"budget_holders.prison_days": "the_treasury"}, "budget_holders.prison_days"),
    ({"police.cost_per_arrest_gbp": {"value": 100, "source": ""}}, "police.cost_per_arrest_gbp.source"),
    ({"police.cost_per_arrest_gbp": {"value": 100, "source": "assumption"}}, "police.cost_per_arrest_gbp.range"),
    ({"police.cost_per_arrest_gbp": {"value": 100, "source": "a blog"}}, "police.cost_per_arrest_gbp.source"),
    ({"scenario.warmup_years": 12, "scenario.measurement_years": 1}, "scenario.measurement_years"),
    ({"scenario.scale": -1}, "scenario.scale"),
    ({"custody.release_fraction": 0}, "custody.release_fraction"),
    ({"reoffending.max_prior_offences_counted": 2.5}, "reoffending.max_prior_offences_counted"),
]


@pytest.mark.parametrize(("overrides", "path"), BAD_OVERRIDES, ids=[p for _, p in BAD_OVERRIDES])
def test_bad_input_names_path_value_and_allowed(overrides, path):
    with pytest.raises(ScenarioError) as err:
        BASE.with_overrides(overrides)
    msg = str(err.value)
    assert msg.startswith(path), msg
    assert "\n" not in msg and ":" in msg  # one line: "path = value: what is allowed"


def test_unknown_override_path_is_an_error():
    with pytest.raises(ScenarioError, match="courts.crown"):
        BASE.with_overrides({"courts.crown.sitting_days_per_year": 3})


def _write(tmp_path, text):
    p = tmp_path / "s.toml"
    p.write_text(text)
    return p


def test_unknown_top_level_table_and_missing_table(tmp_path):
    text = default_scenario_path().read_text()
    with pytest.raises(ScenarioError, match=r"^extras"):
        load_scenario(_write(tmp_path, text + "\n[extras]\nx = 1\n"))
    cut = re.sub(r"\[probation\].*?(?=\n\[)", "", text, flags=re.S)
    with pytest.raises(ScenarioError, match="probation"):
        load_scenario(_write(tmp_path, cut))


def test_missing_file_and_invalid_toml(tmp_path):
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenario(tmp_path / "nope.toml")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(_write(tmp_path, "[scenario\nname = 1"))


def test_every_shipped_parameter_has_source_and_assumptions_have_ranges():
    tree = tomllib.loads(default_scenario_path().read_text())
    from models.config.scenario import iter_parameters

    body = {k: v for k, v in tree.items() if k != "scenario"}
    n = 0
    for path, _kind, leaf in iter_parameters(body):
        n += 1
        assert leaf.get("source"), path
        if leaf["source"] in ("assumption", "calibrated"):
            assert leaf.get("range"), path
    assert n > 100


@pytest.mark.parametrize("argv", [["run", "/no/such/scenario.toml"], ["run", "--scale", "-3"]])
def test_cli_bad_input_is_one_line_and_exit_2(argv, capsys):
    with pytest.raises(SystemExit) if "--scale" in argv else _nullcontext() as ctx:
        code = main(argv)
    code = ctx.value.code if "--scale" in argv else code
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "Traceback" not in "\n".join(err)
    assert "scale" in err[-1] or "does not exist" in err[-1]


def test_cli_bad_scenario_file_value(tmp_path, capsys):
    text = default_scenario_path().read_text().replace(
        "p_adjourned_for_sentence = { value = 0.3", "p_adjourned_for_sentence = { value = 4.0")
    code = main(["run", str(_write(tmp_path, text)), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith("pathway-sim: error: court.magistrates.p_adjourned_for_sentence = 4.0")


def test_small_scenario_helper_is_valid():
    s = small_scenario()
    assert s.settings.horizon_days == pytest.approx((1 + 2) * 365.25 + 18 * 365.25 / 12)


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False
