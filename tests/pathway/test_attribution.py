"""Lever attribution (``compare --attribute``): variants, identities, arithmetic, words, CLI."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from pathway_helpers import small_scenario

from models.analysis.attribution import (
    SETTING,
    Variant,
    attribution_table,
    build_variants,
    n_variants,
    split_comparison,
    variant_overlays,
)
from models.analysis.compare import Comparison, run_comparison
from models.config.overlay import Fidelity, apply_overlay, load_overlay, overlay_from_tree
from models.config.tree import leaf_at
from models.report.attribution_html import attribution_section
from models.report.attribution_text import attribution_sentence, attribution_text

BASE = small_scenario(scale=0.002)
RESETTLE = {"resettlement.p_settled_accommodation_at_release": 0.99,
            "resettlement.p_employed_at_release_men": 0.6}
RECALLS = {"custody.technical_recall_rate_per_year_short": 0.02,
           "custody.technical_recall_rate_per_year_long": 0.02}
NOOP = {"sentencing.custody_multiplier_short": 1.0}  # the base's own value: changes nothing


def _lever(sets: dict, **kw) -> dict:
    return {"what": "w", "why": "y", "source": "assumption", "range": [0.0, 1.0], "set": sets,
            **kw}


def _overlay(name: str, levers: dict, timeline: dict | None = None):
    tree = {"overlay": {"name": name}, "levers": levers}
    if timeline:
        tree["timeline"] = timeline
    return overlay_from_tree(tree)


def _value(scenario, path):
    return leaf_at(scenario.raw, path)["value"]


def _without_name(raw: dict) -> dict:
    return {**raw, "scenario": {k: v for k, v in raw["scenario"].items() if k != "name"}}


# ---------------------------------------------------------------- variants

def test_variants_are_named_per_lever_keep_each_levers_fidelity_and_start_year():
    ov = _overlay("pkg", {"resettle": _lever(RESETTLE), "recalls": _lever(RECALLS, start_year=1),
                          "noop": _lever(NOOP)})
    fid = Fidelity(None, {"resettle": 0.5})
    variants = build_variants(BASE, [ov], fid)
    assert [v.name for v, _ in variants] == [
        "pkg.only.resettle", "pkg.without.resettle", "pkg.only.recalls", "pkg.without.recalls",
        "pkg.only.noop", "pkg.without.noop"]
    assert n_variants([ov]) == 6 == 2 * len(ov.levers)
    assert all(s.name == v.name for v, s in variants)
    full = apply_overlay(BASE, ov, fid)
    by = {v.name: s for v, s in variants}
    path = "resettlement.p_settled_accommodation_at_release"
    half = _value(BASE, path) + 0.5 * (0.99 - _value(BASE, path))
    for name in ("pkg.only.resettle", "pkg.without.recalls", "pkg.without.noop"):
        assert _value(by[name], path) == pytest.approx(half) == _value(full, path)
    for name in ("pkg.without.resettle", "pkg.only.recalls", "pkg.only.noop"):
        assert _value(by[name], path) == _value(BASE, path)
    # a later lever goes to the timeline in the variants that have it, and only those
    for name, has in (("pkg.only.recalls", True), ("pkg.without.recalls", False),
                      ("pkg.only.resettle", False), ("pkg.without.resettle", True)):
        later = [lv["lever"] for lv in by[name].raw.get("timeline", {}).get("levers", [])]
        assert (later == ["recalls"]) is has, name


def test_variants_keep_the_overlays_default_fidelity():
    ov = overlay_from_tree({"overlay": {"name": "half", "fidelity": 0.5},
                            "levers": {"resettle": _lever(RESETTLE), "recalls": _lever(RECALLS)}})
    by = {v.name: s for v, s in build_variants(BASE, [ov])}
    path = "custody.technical_recall_rate_per_year_short"
    half = (_value(BASE, path) + 0.02) / 2
    assert _value(by["half.only.recalls"], path) == pytest.approx(half)
    assert _value(by["half.without.resettle"], path) == pytest.approx(half)
    assert _value(by["half.without.recalls"], path) == _value(BASE, path)
    # and a global dial overrides it in the variants as in the full configuration
    by = {v.name: s for v, s in build_variants(BASE, [ov], 1.0)}
    assert _value(by["half.only.recalls"], path) == pytest.approx(0.02)


def test_an_overlays_own_timeline_stays_in_every_variant_and_adds_a_setting_variant():
    shock = {"court_shocks": [{"court": "crown", "start_year": 1, "multiplier": 0.6,
                               "hold_years": 0.25, "recovery_years": 0.5,
                               "source": "assumption", "range": [0.4, 0.8]}]}
    ov = _overlay("shocked", {"resettle": _lever(RESETTLE), "recalls": _lever(RECALLS)}, shock)
    variants = variant_overlays(ov)
    assert [v.name for v, _ in variants][-1] == "shocked.setting_only"
    assert n_variants([ov]) == 5
    setting = dict(variants)[Variant("shocked", "setting_only")]
    assert setting.levers == () and setting.timeline == ov.timeline
    for _, o in variants:
        assert o.timeline == ov.timeline
    # an overlay that is only a timeline has nothing to attribute
    only_timeline = overlay_from_tree({"overlay": {"name": "shock"}, "timeline": shock})
    assert variant_overlays(only_timeline) == [] and n_variants([only_timeline]) == 0


def test_a_one_lever_overlay_alone_is_the_full_configuration_and_without_is_the_base():
    ov = _overlay("one", {"resettle": _lever(RESETTLE)})
    (v_only, only), (v_without, without) = build_variants(BASE, [ov])
    full = apply_overlay(BASE, ov)
    assert (v_only.kind, v_without.kind) == ("only", "without")
    assert _without_name(only.raw) == _without_name(full.raw)
    assert _without_name(without.raw) == _without_name(BASE.raw)


def test_the_shipped_integrated_package_costs_two_configurations_per_lever():
    ov = load_overlay("devolved_integrated")
    assert n_variants([ov]) == 2 * len(ov.levers) == 24


# ---------------------------------------------------------------- the table on known numbers

def _fake(values: dict[str, list[float]], metric: str = "reoffending_overall") -> Comparison:
    rows = [{"config": c, "replication": r, "metric": metric, "value": v}
            for c, vs in values.items() for r, v in enumerate(vs)]
    empty = pd.DataFrame(columns=["config", "replication"])
    return Comparison("base", list(values), 1, 3, pd.DataFrame(rows), empty, empty, empty,
                      empty, empty)


def test_table_arithmetic_on_known_numbers_two_levers_is_shapley():
    # base 0.40; a alone -0.02, b alone -0.01, both -0.04 (they help each other by -0.01)
    cmp = _fake({"base": [0.40, 0.41, 0.39], "pkg": [0.36, 0.37, 0.35],
                 "pkg.only.a": [0.38, 0.39, 0.37], "pkg.without.a": [0.39, 0.40, 0.38],
                 "pkg.only.b": [0.39, 0.40, 0.38], "pkg.without.b": [0.38, 0.39, 0.37]})
    t = attribution_table(cmp, [Variant("pkg", k, lv) for lv in "ab"
                                for k in ("only", "without")]).set_index("lever")
    assert t.loc["a", "alone_mean"] == pytest.approx(-0.02)
    assert t.loc["a", "lost_mean"] == pytest.approx(-0.03)   # full - without a = -0.04 + 0.01
    assert t.loc["a", "contribution_mean"] == pytest.approx(-0.025)
    assert t.loc["b", "contribution_mean"] == pytest.approx(-0.015)
    # two levers: the contributions are the Shapley values, so they add up to the full effect
    assert t["full_mean"].iloc[0] == pytest.approx(-0.04)
    assert t["interaction_mean"].iloc[0] == pytest.approx(0.0, abs=1e-12)
    assert (t["n"] == 3).all() and (t["reference"] == "base").all()
    # no spread over replications: a zero-width interval
    assert t.loc["a", "alone_low"] == pytest.approx(t.loc["a", "alone_high"])


def test_with_three_levers_the_remainder_is_full_minus_the_contributions():
    v = {"base": [10.0, 12.0], "pkg": [4.0, 5.0],
         "pkg.only.a": [8.0, 10.0], "pkg.without.a": [5.0, 6.0],
         "pkg.only.b": [9.0, 11.0], "pkg.without.b": [6.0, 7.5],
         "pkg.only.c": [10.0, 12.0], "pkg.without.c": [4.0, 5.0]}
    t = attribution_table(_fake(v, "offences_per_year"),
                          [Variant("pkg", k, lv) for lv in "abc" for k in ("only", "without")])
    c = t.set_index("lever")["contribution_mean"]
    assert c["a"] == pytest.approx(-1.5)     # alone -2, lost 4 - 5 and 5 - 6: -1
    assert c["b"] == pytest.approx(-1.625)   # alone -1, lost -2 and -2.5
    assert c["c"] == 0.0  # changes nothing alone and nothing is lost without it
    assert t["interaction_mean"].iloc[0] == pytest.approx(t["full_mean"].iloc[0] - c.sum())


def test_with_a_setting_the_levers_are_measured_from_it_and_it_has_its_own_row():
    v = {"base": [1.0, 1.0], "pkg": [4.0, 4.0], "pkg.setting_only": [2.0, 2.0],
         "pkg.only.a": [4.0, 4.0], "pkg.without.a": [2.0, 2.0]}
    t = attribution_table(_fake(v, "mean_prison_total"),
                          [Variant("pkg", "only", "a"), Variant("pkg", "without", "a"),
                           Variant("pkg", "setting_only")]).set_index("lever")
    assert t.loc["a", "contribution_mean"] == 2.0 and t.loc["a", "reference"] == "setting"
    assert t.loc[SETTING, "contribution_mean"] == 1.0
    assert t["interaction_mean"].iloc[0] == 0.0 and t["full_mean"].iloc[0] == 3.0


# ---------------------------------------------------------------- on simulated runs

@pytest.fixture(scope="module")
def simulated():
    one = _overlay("one", {"resettle": _lever(RESETTLE)})
    two = _overlay("two", {"recalls": _lever(RECALLS), "noop": _lever(NOOP)})
    overlays = [one, two]
    variants = build_variants(BASE, overlays)
    cmp = run_comparison(BASE, [apply_overlay(BASE, o) for o in overlays]
                         + [s for _, s in variants], 7, 2, workers=1)
    return cmp, [v for v, _ in variants], attribution_table(cmp, [v for v, _ in variants])


def test_one_lever_identities_hold_exactly_on_simulated_runs(simulated):
    cmp, _, table = simulated
    wide = cmp.by_replication.pivot_table(index=["metric", "replication"], columns="config",
                                          values="value", aggfunc="first")
    pd.testing.assert_series_equal(wide["one.only.resettle"], wide["one"], check_names=False)
    pd.testing.assert_series_equal(wide["one.without.resettle"], wide[BASE.name],
                                   check_names=False)
    t = table[table["config"] == "one"]
    assert len(t) > 10
    assert np.array_equal(t["alone_mean"], t["full_mean"], equal_nan=True)
    assert np.array_equal(t["lost_mean"], t["full_mean"], equal_nan=True)
    assert np.array_equal(t["contribution_mean"], t["full_mean"], equal_nan=True)
    assert (t["interaction_mean"].dropna() == 0.0).all()
    moved = t.set_index("metric")["full_mean"]
    assert moved["reoffending_overall"] != 0.0  # and the lever does something


def test_a_lever_that_changes_nothing_contributes_nothing(simulated):
    _, _, table = simulated
    t = table[(table["config"] == "two")]
    noop, recalls = t[t["lever"] == "noop"], t[t["lever"] == "recalls"]
    assert (noop[["alone_mean", "lost_mean", "contribution_mean"]].dropna() == 0.0).all().all()
    # so the other lever carries the whole effect and nothing is left over
    assert np.allclose(recalls["contribution_mean"], recalls["full_mean"], equal_nan=True)
    assert recalls.set_index("metric").loc["mean_prison_recall", "full_mean"] < 0


def test_the_table_adds_up_and_the_split_leaves_the_variants_out(simulated):
    cmp, variants, table = simulated
    for (_, _), g in table.groupby(["config", "metric"]):
        full, inter = g["full_mean"].iloc[0], g["interaction_mean"].iloc[0]
        if full == full:
            assert inter == pytest.approx(full - g["contribution_mean"].sum(), abs=1e-9)
        ok = g.dropna(subset=["contribution_low"])
        assert (ok["contribution_low"] <= ok["contribution_mean"] + 1e-12).all()
    main = split_comparison(cmp, [BASE.name, "one", "two"])
    assert main.configs == [BASE.name, "one", "two"]
    for frame in (main.by_replication, main.daily, main.flows, main.costs, main.curves):
        assert set(frame["config"]) == {BASE.name, "one", "two"}
    assert {c for c, _ in main.cohort_digests} == {BASE.name, "one", "two"}
    with pytest.raises(ValueError, match="base"):
        split_comparison(cmp, ["one"])


# ---------------------------------------------------------------- words and the report section

def _rows(contribs: dict[str, float], full: float, inter: float, metric="reoffending_overall",
          ci=0.002):
    return pd.DataFrame([{"config": "pkg", "lever": lv, "metric": metric, "contribution_mean": c,
                          "contribution_low": c - ci, "contribution_high": c + ci,
                          "full_mean": full, "full_low": full - ci, "full_high": full + ci,
                          "interaction_mean": inter, "interaction_low": inter - ci,
                          "interaction_high": inter + ci, "base_mean": 0.3}
                         for lv, c in contribs.items()])


def test_the_sentence_names_the_lever_that_does_most_and_one_working_the_other_way():
    rows = _rows({"resettlement": -0.016, "relational_supervision": -0.006,
                  "young_adults_to_25": 0.003}, full=-0.021, inter=-0.002)
    s = attribution_sentence(rows, "reoffending_overall", "pkg")
    assert s.startswith("Pkg: most of the fall in proven reoffending (MoJ) (−1.6 pp of −2.1 pp) "
                        "comes from resettlement; then relational supervision (−0.6 pp)")
    assert s.endswith("; young adults to 25 (+0.3 pp) works the other way.")
    assert "interactions" not in s  # -0.2 of -2.1 pp is under a quarter


def test_a_lever_can_do_more_than_all_of_it_when_others_pull_back():
    rows = _rows({"a": -35.0, "b": -5.0, "c": 4.0, "d": 3.5, "e": 3.0, "f": 2.9},
                 full=-27.5, inter=-0.9, metric="mean_probation_total")
    s = attribution_sentence(rows, "mean_probation_total", "pkg")
    assert s.startswith("Pkg: the fall in the probation caseload (−27.5) comes from a (−35.0, "
                        "more than all of it); then b (−5)")
    assert s.endswith("; c (+4), d (+3.5), e (+3) and others work the other way.")


def test_the_sentence_says_spread_undetectable_and_interacting_when_so():
    spread = attribution_sentence(_rows({"a": -0.01, "b": -0.01, "c": -0.01, "d": -0.01},
                                        full=-0.06, inter=-0.02), "reoffending_overall", "pkg")
    assert "is spread over the levers: a (−1.0 pp)" in spread
    assert "together the levers do more than the sum of their parts" in spread
    flat = attribution_sentence(_rows({"a": 0.0005}, full=0.0005, inter=0.0, ci=0.01),
                                "reoffending_overall", "pkg")
    assert "no detectable change in proven reoffending (MoJ)" in flat
    none = attribution_sentence(_rows({"a": 0.0}, full=0.0, inter=0.0), "mean_prison_total", "pkg")
    assert none == "Pkg: no lever changes the prison population."


def test_with_the_scale_counts_and_money_are_england_and_wales_equivalents_in_words():
    scale = 0.002
    offences = attribution_sentence(
        _rows({"ld_at_court": -1.5, "young_adults_to_25": -0.3}, full=-2.0, inter=-0.2,
              metric="offences_per_year", ci=0.1),
        "offences_per_year", "devolved_integrated", scale)
    # value / scale: -1.5 / 0.002 = -750 offences, -2.0 / 0.002 = -1,000
    assert offences.startswith("Devolved integrated: most of the fall in offences a year "
                               "(−750 of −1,000) comes from L&D at court; then young adults "
                               "to 25 (−150)"), offences
    money = attribution_sentence(
        _rows({"resettle": -30_000.0, "recalls": 8_000.0}, full=-20_000.0, inter=2_000.0,
              metric="cost_public_gbp_per_year", ci=1_000.0),
        "cost_public_gbp_per_year", "pair", scale)
    # -£0.02m at the run's scale is -£10.0m for England and Wales; -£0.03m is -£15.0m
    assert money.startswith("Pair: the fall in public spending a year (−£10.0m) comes from "
                            "resettle (−£15.0m, more than all of it)"), money
    assert "recalls (+£4.0m) works the other way" in money
    # a rate is not scaled: the same words with or without the scale
    rate = _rows({"resettlement": -0.016, "noop": 0.0}, full=-0.016, inter=0.0)
    assert attribution_sentence(rate, "reoffending_overall", "two_levers", scale) \
        == attribution_sentence(rate, "reoffending_overall", "two_levers") \
        == "Two levers: most of the fall in proven reoffending (MoJ) (−1.6 pp of −1.6 pp) " \
           "comes from resettlement."
    # without the scale the run's own numbers, as before
    assert "(−1.5 of −2)" in attribution_sentence(
        _rows({"a": -1.5}, full=-2.0, inter=-0.5, metric="offences_per_year", ci=0.1),
        "offences_per_year", "pkg")


def test_the_printed_text_and_the_section_say_the_scale_once_and_keep_names_in_titles(tmp_path):
    table = pd.concat([_rows({"ld_at_court": -1.5, "young_adults_to_25": -0.5}, full=-2.0,
                             inter=0.0, metric="offences_per_year", ci=0.1),
                       _rows({"ld_at_court": -30_000.0, "young_adults_to_25": 10_000.0},
                             full=-20_000.0, inter=0.0, metric="cost_public_gbp_per_year",
                             ci=1_000.0)]).replace({"config": {"pkg": "devolved_integrated"}})
    note = "England-and-Wales equivalents: the run's numbers divided by its scale, 0.02"
    text = attribution_text(table, scale=0.02)
    assert text.count(note) == 1 and "devolved_integrated" not in text
    assert "Devolved integrated: most of the fall in offences a year (−75 of −100)" in text
    assert "L&D at court (−£1.5m, more than all of it)" in text
    html = attribution_section(table, "centralised_base", [], tmp_path, scale=0.02)
    assert html.count(note) == 1 and "at the run's scale" not in html
    # the table: England-and-Wales cells (mean [95% CI]), levers in words
    assert "<td>−75 [−80, −70]</td>" in html.replace(' class="num"', "")
    assert ">L&amp;D at court</span>" in html and ">Young adults to 25</span>" in html
    assert ">Centralised base</span>" in html
    # the snake_case names only in title attributes
    visible = re.sub(r'title="[^"]*"', "", html)
    for name in ("devolved_integrated", "ld_at_court", "young_adults_to_25", "centralised_base"):
        assert name not in visible and f'title="{name}"' in html, name
    # and without the scale the section says the numbers are the run's own
    assert "at the run's scale" in attribution_section(table, "b", [], tmp_path)


def test_the_waterfall_draws_england_and_wales_equivalents_and_names_in_words():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from models.report.attribution_figures import plot_waterfall, unit_of

    assert unit_of("offences_per_year", 0.002)[0] == pytest.approx(500.0)
    assert unit_of("cost_public_gbp_per_year", 0.002)[0] == pytest.approx(1e-6 / 0.002)
    assert unit_of("reoffending_overall", 0.002) == (100.0, "percentage points")
    rows = _rows({"ld_at_court": -1.5, "young_adults_to_25": -0.5}, full=-2.0, inter=0.0,
                 metric="offences_per_year", ci=0.1).assign(base_mean=40.0)
    fig, ax = plt.subplots()
    try:
        plot_waterfall(ax, rows.replace({"config": {"pkg": "devolved_integrated"}}),
                       "offences_per_year", "centralised", "devolved_integrated", 0.002)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["Centralised (base): 20,000", "L&D at court", "Young adults to 25",
                          "interactions between levers",
                          "Devolved integrated (all levers): −1,000"]
        assert [p.get_width() for p in ax.patches[1:3]] == pytest.approx([-750.0, -250.0])
        assert ax.get_title().startswith("Devolved integrated: what each lever does")
        assert "England-and-Wales equivalent: the run's numbers ÷ its scale, 0.002" \
            in ax.get_xlabel()
        assert "change from Centralised" in ax.get_xlabel()
    finally:
        plt.close(fig)


def test_the_report_section_escapes_and_holds_words_table_and_figures(tmp_path, simulated):
    from models.report.attribution_figures import write_waterfalls

    _, _, table = simulated
    figs = write_waterfalls(tmp_path / "figures", table, BASE.name, scale=0.002)
    assert {f.split("/")[0] for f, _ in figs} == {"figures"} and len(figs) == 12
    for rel, _ in figs:
        assert (tmp_path / rel).read_bytes()[:4] == b"\x89PNG"
    html = attribution_section(table.replace({"config": {"two": "two<&>"}}), BASE.name, figs,
                               tmp_path)
    assert "two&lt;&amp;&gt;" in html and "two<&>" not in html
    assert html.count("data:image/png;base64,") == 12
    assert "<table>" in html and "Contribution of each lever" in html
    # the one-lever overlay: all of a detectable change comes from its lever
    one = [s for s in attribution_text(table).splitlines() if s.strip().startswith("One:")]
    assert len(one) == 6
    for s in one:
        assert "comes from resettle" in s or "no detectable change" in s \
            or "no lever changes" in s, s
        assert "works the other way" not in s and "interactions" not in s


# ---------------------------------------------------------------- the command line

def _tiny_base(tmp_path):
    from models.config.scenario import default_scenario_path

    text = default_scenario_path().read_text()
    for key, v in (("warmup_years", 1), ("measurement_years", 2), ("followup_months", 18)):
        text = re.sub(rf"{key} = \d+", f"{key} = {v}", text)
    path = tmp_path / "tiny.toml"
    path.write_text(text)
    return path


def test_compare_attribute_end_to_end(tmp_path, capsys, monkeypatch):
    import models.cli.args as cli_args
    from models.cli import main

    overlay = tmp_path / "pair.toml"
    overlay.write_text("""
[overlay]
name = "pair"
[levers.resettle]
what = "w"
why = "y"
source = "assumption"
range = [0.0, 1.0]
set = { "resettlement.p_settled_accommodation_at_release" = 0.99 }
[levers.recalls]
what = "w"
why = "y"
source = "assumption"
range = [0.0, 1.0]
set = { "custody.technical_recall_rate_per_year_short" = 0.02 }
""")
    totals = []
    real = cli_args.progress
    monkeypatch.setattr(cli_args, "progress",
                        lambda total, *a, **k: totals.append(total) or real(total, *a, **k))
    out = tmp_path / "cmp"
    assert main(["compare", str(_tiny_base(tmp_path)), str(overlay), "--attribute", "--scale",
                 "0.002", "-n", "2", "--workers", "1", "--seed", "5", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert totals == [2 * (2 + 4)]  # base, pair and 2 x 2 variants, 2 replications each
    assert "Which lever does what" in printed
    note = "England-and-Wales equivalents: the run's numbers divided by its scale, 0.002"
    words = printed[printed.index("Which lever does what"):]
    assert words.count(note) == 1 and "pair:" not in words and "Pair: " in words
    comparison = pd.read_csv(out / "comparison.csv")
    assert set(comparison["config"]) == {"centralised", "pair"}
    assert set(pd.read_parquet(out / "by_replication.parquet")["config"]) == {"centralised",
                                                                               "pair"}
    attribution = pd.read_csv(out / "attribution.csv")
    assert set(attribution["config"]) == {"pair"}
    assert set(attribution["lever"]) == {"resettle", "recalls"}
    assert {"reoffending_overall", "offences_per_year", "mean_prison_total",
            "mean_probation_total", "cost_public_gbp_per_year",
            "detected_reoffending_overall"} <= set(attribution["metric"])
    assert set(pd.read_parquet(out / "attribution_by_replication.parquet")["config"]) == {
        "centralised", "pair", "pair.only.resettle", "pair.without.resettle",
        "pair.only.recalls", "pair.without.recalls"}
    html = (out / "report.html").read_text()
    shown = html.split("<summary>Manifest")[0]  # the collapsed manifest lists the variants
    assert "Which lever does what" in shown and "pair.only" not in shown
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["attribution_variants"] == ["pair.only.resettle", "pair.without.resettle",
                                                "pair.only.recalls", "pair.without.recalls"]
    assert html.count(note) == 1 and 'title="pair"' in html
    assert (out / "figures" / "attribution_pair_reoffending_overall.png").is_file()
    assert not any("only" in p.name for p in (out / "figures").glob("*.png"))


def test_compare_help_states_the_cost_of_attribute(capsys):
    from models.cli import main

    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--attribute" in text and "2 x levers more configurations" in text
