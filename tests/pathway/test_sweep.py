"""Sweeps: SALib plumbing (Ishigami), serial = pool = Dask, kill and resume, failures recorded."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from models.analysis.sweep import (
    SweepSpec,
    analyse,
    collect,
    design_points,
    ishigami_model,
    run_sweep,
    sweep_from_tree,
)
from models.config.scenario import default_scenario_path
from models.config.schema import ScenarioError
from models.report.sweep_folder import write_sweep_outputs


def _tiny_base(tmp_path):
    text = default_scenario_path().read_text()
    for key, v in (("warmup_years", 1), ("measurement_years", 2), ("followup_months", 18)):
        text = re.sub(rf"{key} = \d+", f"{key} = {v}", text)
    text = re.sub(r"scale = 0\.05", "scale = 0.002", text)
    path = tmp_path / "tiny.toml"
    path.write_text(text)
    return str(path)


def _sim_spec(tmp_path, **kw) -> SweepSpec:
    return SweepSpec(name="t", base=_tiny_base(tmp_path), design="oat",
                     factors={"reoffending.weibull_shape": (0.6, 0.9),
                              "custody.technical_recall_rate_per_year_long": (0.08, 0.2)},
                     metrics=("reoffending_overall", "mean_prison_total"), replications=2,
                     seed=5, **kw)


def test_ishigami_sobol_indices_are_recovered(tmp_path):
    pi = math.pi
    spec = SweepSpec(name="ishigami", base="centralised", design="sobol",
                     factors={"x1": (-pi, pi), "x2": (-pi, pi), "x3": (-pi, pi)},
                     metrics=("y",), samples=512, seed=1)
    counts = run_sweep(spec, tmp_path, model=ishigami_model)
    assert counts["ran"] == 512 * 5 and counts["skipped"] == 0
    sobol = analyse(spec, collect(tmp_path))["sobol"].set_index("factor")
    truth_s1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
    truth_st = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}
    for f in ("x1", "x2", "x3"):
        r = sobol.loc[f]
        # within 3 of SALib's bootstrap CI half-widths (plus a floor for the estimator's bias)
        assert abs(r["S1"] - truth_s1[f]) < 3 * r["S1_conf"] + 0.02, (f, r.to_dict())
        assert abs(r["ST"] - truth_st[f]) < 3 * r["ST_conf"] + 0.02, (f, r.to_dict())


def test_serial_pool_and_dask_give_identical_results(tmp_path):
    from distributed import LocalCluster

    spec = _sim_spec(tmp_path)
    run_sweep(spec, tmp_path / "serial", workers=1)
    run_sweep(spec, tmp_path / "pool", workers=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        run_sweep(spec, tmp_path / "dask", dask_address=cluster.scheduler_address)
    cols = lambda df: df.drop(columns=["seconds"])  # noqa: E731
    serial = cols(collect(tmp_path / "serial"))
    assert len(serial) == len(design_points(spec)) * 2 and (serial["status"] == "ok").all()
    for how in ("pool", "dask"):  # a failed run says why (its error), before any comparison
        runs = collect(tmp_path / how)
        assert (runs["status"] == "ok").all(), runs.loc[runs["status"] != "ok", "error"].tolist()
    pd.testing.assert_frame_equal(serial, cols(collect(tmp_path / "pool")), check_exact=True)
    pd.testing.assert_frame_equal(serial, cols(collect(tmp_path / "dask")), check_exact=True)
    # common random numbers: the metric moves with the factor, replications differ
    assert serial["y.mean_prison_total"].nunique() > 2


_KILL_SCRIPT = """
import sys
from models.analysis.sweep import SweepSpec, run_sweep
spec = SweepSpec(name="t", base=sys.argv[1], design="oat",
                 factors={"reoffending.weibull_shape": (0.6, 0.9),
                          "custody.technical_recall_rate_per_year_long": (0.08, 0.2)},
                 metrics=("reoffending_overall", "mean_prison_total"), replications=2, seed=5)
run_sweep(spec, sys.argv[2], workers=1)
"""


def test_a_killed_sweep_resumes_with_nothing_lost_or_run_twice(tmp_path):
    spec = _sim_spec(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, spec.base, str(out)])
    parts = out / "parts"
    deadline = time.time() + 120
    while time.time() < deadline and len(list(parts.glob("*.parquet"))) < 3:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    before = {p.name: p.stat().st_mtime_ns for p in parts.glob("*.parquet")}
    assert 3 <= len(before) < 10, "the kill came too late to test resuming"
    with pytest.raises(ScenarioError, match="--resume"):
        run_sweep(spec, out)  # refuses to overwrite a sweep without --resume
    counts = run_sweep(spec, out, resume=True)
    expected = {f"p{i:06d}-r{r:03d}.parquet" for i in range(5) for r in range(2)}
    now = {p.name for p in parts.glob("*.parquet")}
    assert now == expected
    assert not list(parts.glob(".*"))  # no half-written file left
    assert counts["skipped"] == len(before) and counts["ran"] == 10 - len(before)
    for name, mtime in before.items():  # nothing run twice
        assert (parts / name).stat().st_mtime_ns == mtime
    again = run_sweep(spec, out, resume=True)
    assert again["ran"] == 0


def _flaky(spec, values, replication):
    if values["x1"] > 0.75:
        raise RuntimeError("boom at the high end")
    return dict.fromkeys(spec.metrics, values["x1"] + 2 * values["x2"])


def test_a_failing_run_is_recorded_and_the_sweep_completes(tmp_path):
    spec = SweepSpec(name="f", base="centralised", design="oat",
                     factors={"x1": (0.0, 1.0), "x2": (0.0, 1.0)}, metrics=("y",),
                     replications=1, seed=1)
    counts = run_sweep(spec, tmp_path, model=_flaky)
    summary = write_sweep_outputs(tmp_path, spec, counts)
    runs = collect(tmp_path)
    assert len(runs) == 5 and summary["failed"] == 1
    bad = runs[runs["status"] == "failed"].iloc[0]
    assert "boom" in bad["error"] and np.isnan(bad["y.y"])
    assert "boom" in (tmp_path / "failed.csv").read_text()
    tornado = pd.read_csv(tmp_path / "tornado.csv").set_index("factor")
    assert tornado.loc["x2", "at_high"] == pytest.approx(1.0)  # +0.5 * 2 from the middle
    assert (tmp_path / "report.html").is_file()
    assert run_sweep(spec, tmp_path, model=_flaky, resume=True)["ran"] == 0


@pytest.mark.parametrize(("tree", "path"), [
    ({"sweep": {"design": "fancy", "metrics": ["m"]}}, "sweep.design"),
    ({"sweep": {"design": "oat", "metrics": []}}, "sweep.metrics"),
    ({"sweep": {"design": "oat", "metrics": ["m"], "samples": 0}}, "sweep.samples"),
    ({"sweep": {"design": "oat", "metrics": ["m"]}, "factors": {"a.b": [2, 1]}}, "factors.a.b"),
    ({"sweep": {"design": "oat", "metrics": ["m"], "colour": 1}}, "sweep.colour"),
])
def test_bad_sweep_files_name_the_key(tree, path):
    with pytest.raises(ScenarioError, match=re.escape(path)):
        sweep_from_tree(tree)


def test_designs_come_from_salib_with_the_right_shapes():
    f = {"a": (0.0, 1.0), "b": (10.0, 20.0), "c": (5.0, 6.0)}
    mk = lambda d, n=4: SweepSpec("s", "centralised", d, f, ("m",), samples=n)  # noqa: E731
    assert design_points(mk("sobol")).shape == (4 * (3 + 2), 3)
    assert design_points(mk("morris")).shape == (4 * (3 + 1), 3)
    lhs = design_points(mk("lhs", 10))
    assert lhs.shape == (10, 3) and (lhs[:, 1] >= 10).all() and (lhs[:, 1] <= 20).all()
    assert design_points(mk("grid", 3)).shape == (27, 3)
    assert design_points(mk("oat")).shape == (7, 3)
    np.testing.assert_array_equal(design_points(mk("psa", 5)), design_points(mk("psa", 5)))


def test_fidelity_factor_scales_the_overlay_and_zero_means_no_difference(tmp_path):
    from models.analysis.sweep import simulator_model

    spec = sweep_from_tree({"sweep": {
        "design": "oat", "metrics": ["reoffending_overall", "mean_prison_total"],
        "base": _tiny_base(tmp_path), "overlay": "devolved_integrated",
        "fidelity_range": [0.0, 1.0], "seed": 3},
        "factors": {"reoffending.weibull_shape": [0.6, 0.9]}})
    assert spec.factors["fidelity"] == (0.0, 1.0)
    zero = simulator_model(spec, {"reoffending.weibull_shape": 0.75, "fidelity": 0.0}, 0)
    assert zero == {"reoffending_overall": 0.0, "mean_prison_total": 0.0}
    full = simulator_model(spec, {"reoffending.weibull_shape": 0.75, "fidelity": 1.0}, 0)
    assert full["mean_prison_total"] < 0
    with pytest.raises(ScenarioError, match="sweep.fidelity_range"):
        sweep_from_tree({"sweep": {"design": "oat", "metrics": ["m"],
                                   "fidelity_range": [0.2, 0.5]}, "factors": {"a": [0, 1]}})


def _dist_spec(design: str, samples: int) -> SweepSpec:
    return sweep_from_tree({"sweep": {"design": design, "metrics": ["y"], "samples": samples,
                                      "seed": 11},
                            "factors": {"u": [0, 1],
                                        "n": {"dist": "normal", "mean": 0.5, "sd": 0.1},
                                        "t": {"dist": "triangular", "low": 0, "mode": 0.2,
                                              "high": 1.0},
                                        "b": {"dist": "beta", "mean": 0.7, "sd": 0.05},
                                        "ln": {"dist": "lognormal", "mean": 1.5, "sd": 0.3,
                                               "high": 2.0}}})


def test_psa_draws_each_factor_from_its_distribution():
    n = 4000
    x = design_points(_dist_spec("psa", n))
    se = lambda sd: 3 * sd / math.sqrt(n)  # noqa: E731 - three standard errors of a mean
    assert abs(x[:, 1].mean() - 0.5) < se(0.1)
    assert abs(x[:, 1].std() - 0.1) < 3 * 0.1 / math.sqrt(2 * n)
    tri_mean, tri_sd = 1.2 / 3, math.sqrt((0 + 0.04 + 1 - 0 - 0 - 0.2) / 18)
    assert abs(x[:, 2].mean() - tri_mean) < se(tri_sd)
    assert abs(x[:, 3].mean() - 0.7) < se(0.05) and ((x[:, 3] > 0) & (x[:, 3] < 1)).all()
    assert x[:, 4].max() <= 2.0 and x[:, 4].min() > 0  # truncated at high = 2
    lhs = design_points(_dist_spec("lhs", n))
    assert abs(lhs[:, 1].mean() - 0.5) < se(0.1)


def test_screening_designs_span_the_central_95_percent_of_a_distribution():
    spec = _dist_spec("oat", 1)
    assert spec.factors["n"] == pytest.approx((0.5 - 1.959964 * 0.1, 0.5 + 1.959964 * 0.1))
    assert spec.factors["t"] == (0.0, 1.0) and spec.factors["ln"][1] == pytest.approx(2.0)
    x = design_points(spec)
    assert x[0, 1] == pytest.approx(0.5)  # the middle of a normal factor is its median
    assert x[3, 1] == pytest.approx(spec.factors["n"][0])
    assert x[4, 1] == pytest.approx(spec.factors["n"][1])
    m = design_points(_dist_spec("morris", 6))
    assert m[:, 1].min() >= spec.factors["n"][0] - 1e-12


def test_morris_of_a_linear_model_with_distributed_factors_ranks_them():
    spec = _dist_spec("morris", 20)
    x = design_points(spec)
    y = 10 * x[:, 0] + 1 * x[:, 1] + 0 * x[:, 2]
    parts = pd.DataFrame({"point": range(len(x)), "replication": 0, "status": "ok", "y.y": y})
    m = analyse(spec, parts)["morris"].set_index("factor")
    assert m.loc["u", "mu_star"] > m.loc["n", "mu_star"] > 0
    assert m.loc["t", "mu_star"] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(("entry", "path"), [
    ({"dist": "gamma", "mean": 1}, "factors.f"),
    ({"dist": "normal", "mean": 1}, "factors.f.sd"),
    ({"dist": "normal", "mean": 1, "sd": -1}, "factors.f.sd"),
    ({"dist": "triangular", "low": 0, "mode": 2, "high": 1}, "factors.f.mode"),
    ({"dist": "beta", "mean": 0.5, "sd": 0.6}, "factors.f.sd"),
    ({"dist": "normal", "mean": 1, "sd": 1, "colour": 2}, "factors.f.colour"),
    ({"dist": "lognormal", "mean": 1, "sd": 0.1, "low": 5, "high": 3}, "factors.f.high"),
    ({"dist": "normal", "mean": 0, "sd": 1, "low": 40, "high": 50}, "factors.f"),
])
def test_bad_factor_distributions_name_the_key(entry, path):
    with pytest.raises(ScenarioError, match=re.escape(path)):
        sweep_from_tree({"sweep": {"design": "psa", "metrics": ["m"]}, "factors": {"f": entry}})


def _always_fails(spec, values, replication):
    raise KeyError("no_such_metric")


def test_a_sweep_whose_first_runs_all_fail_stops_and_retry_failed_reruns_them(tmp_path):
    from models.analysis.sweep import FAIL_FAST_RUNS, SweepAborted

    spec = SweepSpec(name="broken", base="centralised", design="oat",
                     factors={"x1": (0.0, 1.0), "x2": (0.0, 1.0), "x3": (0.0, 1.0)},
                     metrics=("y",), replications=1, seed=1)
    with pytest.raises(SweepAborted, match="no_such_metric"):
        run_sweep(spec, tmp_path, model=_always_fails)
    runs = collect(tmp_path)
    assert len(runs) == FAIL_FAST_RUNS < 7 and (runs["status"] == "failed").all()
    # after the fix: --resume alone skips the recorded failures, --retry-failed reruns them
    assert run_sweep(spec, tmp_path, model=ishigami_model, resume=True)["ran"] == 7 - FAIL_FAST_RUNS
    counts = run_sweep(spec, tmp_path, model=ishigami_model, resume=True, retry_failed=True)
    assert counts["ran"] == FAIL_FAST_RUNS
    runs = collect(tmp_path)
    assert len(runs) == 7 and (runs["status"] == "ok").all()


def test_factors_reach_fields_of_tables_and_distributions():
    from models.analysis.sweep.paths import apply_factors, check_factor_paths, default_factors
    from models.config.scenario import load_scenario

    base = load_scenario("centralised")
    factors, _ = default_factors(base)
    assert factors["court.magistrates.preparation_days.mean"] == (30.0, 90.0)
    assert "population.career_start_age_years.scale" in factors
    raw = base.raw
    prep = raw["court"]["magistrates"]["preparation_days"]["value"]
    s = apply_factors(base, {"court.magistrates.preparation_days.mean": 2 * prep["mean"],
                             "police.arrest_outcome_shares_youth.nfa": 0.5,
                             "population.career_start_age_years.scale": 2.0}).raw
    new = s["court"]["magistrates"]["preparation_days"]["value"]
    assert new["mean"] == 2 * prep["mean"] and new["sd"] == pytest.approx(2 * prep["sd"])
    shares = s["police"]["arrest_outcome_shares_youth"]["value"]
    old = raw["police"]["arrest_outcome_shares_youth"]["value"]
    assert shares["nfa"] == 0.5 and sum(shares.values()) == pytest.approx(1.0)
    assert shares["charge"] / shares["out_of_court"] == pytest.approx(
        old["charge"] / old["out_of_court"])  # the others keep their proportions
    edges = raw["population"]["career_start_age_years"]["value"]["edges"]
    assert s["population"]["career_start_age_years"]["value"]["edges"] == [2 * v for v in edges]
    with pytest.raises(ScenarioError, match=re.escape("factors.court.crown.colour")):
        check_factor_paths(base, ["court.crown.colour"])
