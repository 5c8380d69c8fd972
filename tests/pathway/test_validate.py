"""Validation targets, the validate command, and calibration (plumbing and recovery)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from pathway_helpers import small_scenario

from models.analysis.calibrate import Knob, calibrate, write_calibrated
from models.analysis.validate import (
    Target,
    _prison_days_in_window,
    load_targets,
    validation_metrics,
    validation_table,
)
from models.config.scenario import default_scenario_path, load_scenario
from models.config.schema import ScenarioError
from models.pathway.events import Ev
from models.pathway.run import run_replication

TINY = small_scenario(scale=0.003)

# X32-X37: target -> (source, metric, published)
CAREER_TARGETS = {
    "reoffending_no_previous": ("X32", "reoffending_prior_0", 0.105),
    "reoffending_eleven_or_more_previous": ("X32", "reoffending_prior_11_plus", 0.47),
    "custody_prior_over_15": ("X33", "share_custody_prior_over_15", 0.5),
    "custody_prior_over_45": ("X33", "share_custody_prior_over_45", 0.10),
    "offenders_prior_over_15": ("X34", "share_offenders_prior_over_15", 0.37),
    "remands_awaiting_trial": ("X35", "remands_awaiting_trial_per_year", 48584),
    "remanded_awaiting_sentence": ("X35", "remanded_awaiting_sentence_per_year", 35470),
    "magistrates_outstanding": ("X36", "mean_court_magistrates_outstanding_all", 281600),
    "custody_under_6_months": ("X37", "short_custody_under_6m_per_year", 34252),
}


def test_career_remand_and_court_targets_name_their_figures_and_explain_the_difference():
    targets = {t.name: t for t in load_targets()}
    for name, (source, metric, published) in CAREER_TARGETS.items():
        t = targets[name]
        assert (t.source, t.metric, t.published) == (source, metric, pytest.approx(published))
        assert t.note, name  # each says how the published figure differs from the metric
    # the old method on a 2011/12 cohort: wider than the 2 pp of the 2016 adult target
    assert targets["reoffending_no_previous"].bounds() == pytest.approx((0.065, 0.145))
    assert targets["magistrates_outstanding"].national
    assert targets["magistrates_outstanding"].bounds() == pytest.approx((225280.0, 337920.0))


def test_targets_file_has_the_issue_targets_and_every_metric_exists():
    targets = load_targets()
    assert len(targets) >= 16
    names = {t.name for t in targets}
    for must in ("prison_population", "prison_admissions", "average_sentence",
                 "probation_caseload", "adult_reoffending", "juvenile_reoffending",
                 "short_custody_gap", "no_settled_accommodation", "employed_on_release",
                 "women_employed_on_release", "mental_health_prevalence",
                 "women_share_of_prisoners", "prison_cost_per_prisoner", "arrests",
                 "out_of_court_disposals", "custody_rate", "crown_court_time",
                 *CAREER_TARGETS):
        assert must in names
    metrics = validation_metrics(run_replication(TINY, 2))
    for t in targets:
        assert t.metric in metrics, t.metric
        assert t.source and t.how


def test_validation_table_scales_counts_and_flags_misses():
    by_rep = pd.DataFrame({"arrests_per_year": [39.0, 41.0], "reoffending_adult": [0.30, 0.32]})
    targets = [Target("a", "arrests", 40000.0, "X1", "arrests_per_year", "h", tolerance=0.05,
                      national=True),
               Target("r", "adult", 0.25, "003:287", "reoffending_adult", "h", tolerance_pp=2.0)]
    t = validation_table(by_rep, targets, scale=0.001).set_index("target")
    assert t.loc["a", "simulated"] == pytest.approx(40000.0) and t.loc["a", "within"]
    assert t.loc["r", "simulated"] == pytest.approx(0.31) and not t.loc["r", "within"]
    assert t.loc["r", "error_in_tolerances"] == pytest.approx(3.0)  # 6 pp off, 2 pp tolerance


@pytest.mark.parametrize(("body", "path"), [
    ('label = "x"\npublished = 1\nsource = "X1"\nmetric = "m"\nhow = "h"\n', "targets.t"),
    ('label = "x"\npublished = 1\nsource = "hunch"\nmetric = "m"\nhow = "h"\ntolerance = 0.1\n',
     "targets.t.source"),
    ('label = "x"\npublished = 1\nsource = "X1"\nmetric = "m"\nhow = "h"\ntolerance = 0.1\n'
     'tolerance_pp = 1\n', "targets.t"),
])
def test_bad_targets_name_the_key(tmp_path, body, path):
    f = tmp_path / "t.toml"
    f.write_text("[targets.t]\n" + body)
    with pytest.raises(ScenarioError, match=re.escape(path)):
        load_targets(f)


def test_prison_days_pair_each_entry_with_its_release():
    ev = pd.DataFrame({
        "time_days": [0.0, 10.0, 20.0, 50.0, 5.0],
        "person_id": [1, 1, 1, 1, 2],
        "event": [int(Ev.START_IN_PRISON), int(Ev.RELEASE), int(Ev.PRISON_ENTRY),
                  int(Ev.RELEASE), int(Ev.PRISON_ENTRY)],
    })
    d = _prison_days_in_window(ev, (5.0, 40.0)).groupby("person_id")["days"].sum()
    # person 1: 5..10 and 20..40 -> 25 days; person 2: in from 5 to the end of the window -> 35
    assert d.loc[1] == pytest.approx(25.0) and d.loc[2] == pytest.approx(35.0)


def test_validate_cli_reports_every_target_and_exits_zero(tmp_path, capsys):
    from models.cli import main

    text = default_scenario_path().read_text()
    for key, v in (("warmup_years", 1), ("measurement_years", 2), ("followup_months", 18)):
        text = re.sub(rf"{key} = \d+", f"{key} = {v}", text)
    scen = tmp_path / "tiny.toml"
    scen.write_text(text)
    out = tmp_path / "val"
    assert main(["validate", str(scen), "--scale", "0.002", "-n", "2", "--workers", "1",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "targets within tolerance" in printed
    table = pd.read_csv(out / "validation.csv")
    assert len(table) == len(load_targets())
    assert (out / "validation.png").is_file()


def test_calibration_recovers_a_known_parameter():
    """Plumbing: a target the simulator made at a known value is found again (the time to the
    first hearing moves the magistrates' charge-to-verdict time of bailed cases one for one,
    with the same people and draws at every evaluation)."""
    knob = Knob("court.magistrates.first_hearing_days", "mean", informs="magistrates_time")
    truth = 30.0  # inside the parameter's range; the shipped value (21) is the start
    made = validation_metrics(run_replication(TINY.with_overrides(knob.override(TINY, truth)), 3))
    target = Target("magistrates_time", "magistrates", made["magistrates_charge_to_verdict_days"],
                    "X36", "magistrates_charge_to_verdict_days", "h", tolerance=0.01)
    record = calibrate(TINY, [target], root_seed=3, replications=1, knobs=(knob,),
                       max_evaluations=20)
    found = record["parameters"][0]["after"]
    assert abs(found / truth - 1) < 0.02, record["history"]
    assert abs(record["targets_after"][0]["error_in_tolerances"]) < 0.5
    assert abs(record["targets_before"][0]["error_in_tolerances"]) > 5.0


def test_write_calibrated_changes_only_the_fitted_values(tmp_path):
    src = default_scenario_path()
    record = {"overrides": {
        "reoffending.p_reference_reoffend_12m": 0.5,
        "police.arrest_outcome_shares_adult": {"nfa": 0.3, "out_of_court": 0.26, "charge": 0.44},
        "court.crown.preparation_days": {"dist": "lognormal", "mean": 150.0, "sd": 95.0}}}
    out = tmp_path / "c.toml"
    write_calibrated(src, record, out)
    a, b = load_scenario(src), load_scenario(out)
    assert b.params.reoffending.p_reference_reoffend_12m == 0.5
    assert b.params.police.arrest_outcome_shares_adult["out_of_court"] == 0.26
    assert b.params.court.crown.preparation_days.mean == pytest.approx(150.0)
    assert b.raw["police"]["arrest_outcome_shares_adult"]["source"] == "calibrated"
    changed = [k for k in a.raw if a.raw[k] != b.raw[k]]
    assert set(changed) == {"reoffending", "police", "court"}
    diff = [x for x, y in zip(src.read_text().splitlines(), out.read_text().splitlines(),
                              strict=True) if x != y]
    assert len(diff) == 3
    assert np.isfinite(b.params.court.crown.preparation_days.mean)
