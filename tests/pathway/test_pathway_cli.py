"""Smoke test of the command line: a tiny scenario end to end, outputs readable."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from models.cli import main
from models.config.scenario import default_scenario_path


def test_run_writes_every_output(tmp_path, capsys):
    text = default_scenario_path().read_text()
    text = re.sub(r"warmup_years = \d+", "warmup_years = 1", text)
    text = re.sub(r"measurement_years = \d+", "measurement_years = 2", text)
    text = re.sub(r"followup_months = \d+", "followup_months = 18", text)
    scenario = tmp_path / "tiny.toml"
    scenario.write_text(text)
    out = tmp_path / "out"
    code = main(["run", str(scenario), "--scale", "0.002", "--replications", "2", "--workers", "1",
                 "--seed", "3", "--out", str(out), "--events"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "arrests_per_year" in printed and "95% CI" in printed
    man = json.loads((out / "manifest.json").read_text())
    for key in ("scenario", "root_seed", "replications", "package_versions", "git_commit",
                "command", "wall_seconds"):
        assert key in man
    assert man["root_seed"] == 3 and man["replications"] == 2
    assert man["scenario"]["scenario"]["scale"] == 0.002
    for name in ("events", "people", "ledger", "daily_populations"):
        df = pd.read_parquet(out / f"{name}.parquet")
        assert len(df) > 0 and set(df["replication"]) == {0, 1}
    assert "events.parquet" in man["outputs"]
    # without --events the event log is not written, and the rest is the same
    plain = tmp_path / "plain"
    assert main(["run", str(scenario), "--scale", "0.002", "--replications", "2", "--workers",
                 "1", "--seed", "3", "--out", str(plain), "--no-figures"]) == 0
    assert not (plain / "events.parquet").exists()
    assert (plain / "summary.csv").read_text() == (out / "summary.csv").read_text()
    summary = pd.read_csv(out / "summary.csv")
    assert {"metric", "mean", "ci_low", "ci_high"} <= set(summary.columns)
    row = summary.set_index("metric").loc["arrests_per_year"]
    assert row["ci_low"] <= row["mean"] <= row["ci_high"]
    for fig in ("reoffending_curves", "prison_population", "probation_caseload", "flows",
                "costs_by_holder"):
        png = out / "figures" / f"{fig}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000


def test_every_verb_has_a_module_and_is_listed_in_the_docstring(capsys):
    import models.cli as cli

    for verb, module in cli.VERBS.items():
        assert f"pathway-sim {verb}" in cli.__doc__, verb
        assert module.main and module.add_parser
        with pytest.raises(SystemExit) as done:
            main([verb, "--help"])
        assert done.value.code == 0
        assert "usage: pathway-sim " + verb in capsys.readouterr().out


def test_metrics_lists_the_catalogue(tmp_path, capsys):
    from models.analysis.catalogue import CATALOGUE

    assert main(["metrics", "--csv", str(tmp_path / "m.csv")]) == 0
    assert "reoffending_overall" in capsys.readouterr().out
    assert list(pd.read_csv(tmp_path / "m.csv")["name"]) == list(CATALOGUE)


def test_sweep_with_an_unknown_metric_stops_before_running(tmp_path, capsys):
    sweep = tmp_path / "s.toml"
    sweep.write_text('[sweep]\ndesign = "oat"\nmetrics = ["reoffending_all"]\n'
                     '[factors]\n"reoffending.weibull_shape" = [0.6, 0.9]\n')
    assert main(["sweep", str(sweep), "--out", str(tmp_path / "out")]) == 2
    assert "sweep.metrics = 'reoffending_all'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
