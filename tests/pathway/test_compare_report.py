"""Comparison figures and the HTML report, on small synthetic frames with known answers."""

from __future__ import annotations

import re
from html import escape

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer, ErrorbarContainer

from models.config.vocabulary import HOLDER_LEVEL
from models.report.compare_figures import (
    BASELINE_COLOUR,
    config_colours,
    plot_costs_by_config,
    plot_forest,
    plot_net_transfer,
    plot_prison_by_config,
    plot_reoffending_by_config,
    plot_subgroup_gaps,
)
from models.report.compare_html import write_report
from models.report.format import counting_note, counting_sentence, victims_sentence
from models.report.format import difference as format_difference
from models.report.format import value as format_value

CONFIGS = ["centralised", "devolved", "devolved_integrated"]
REPS = 4
FLOWS = ["arrests", "charges", "receptions", "recalls"]
METRICS = ["reoffending_all", "reoffending_adult", "reoffending_women", "reoffending_18_24",
           "reoffending_mental_health", "mean_prison_total", "cost_central_gbp_per_year"]


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def _curves(rng):
    days = np.arange(0, 731, 30)
    rows = [(c, r, g, d, (0.3 + 0.05 * i) * (1 - np.exp(-d / 200)) + rng.normal(0, 0.01))
            for i, c in enumerate(CONFIGS) for r in range(REPS) for g in ("all", "custody")
            for d in days]
    return pd.DataFrame(rows, columns=["config", "replication", "group", "day", "reoffended"])


def _daily(rng):
    rows = [(c, r, d, 100 + i * 10 + rng.normal(0, 3))
            for i, c in enumerate(CONFIGS) for r in range(REPS) for d in range(0, 1500, 50)]
    return pd.DataFrame(rows, columns=["config", "replication", "day", "prison_total"])


def _flows(rng):
    rows = [(c, r, f, 1000 / (k + 1) + i * 20 + rng.normal(0, 10))
            for i, c in enumerate(CONFIGS) for r in range(REPS) for k, f in enumerate(FLOWS)]
    return pd.DataFrame(rows, columns=["config", "replication", "flow", "per_year"])


def _costs(rng):
    rows = [(c, r, y, h, HOLDER_LEVEL[h], rng.uniform(1e6, 5e6) * (1 + 0.1 * i))
            for i, c in enumerate(CONFIGS) for r in range(REPS) for y in range(3)
            for h in HOLDER_LEVEL]
    return pd.DataFrame(rows, columns=["config", "replication", "year", "holder", "level",
                                       "cost_gbp"])


def _comparison(rng):
    rows = []
    for m in METRICS:
        base = 0.4 if m.startswith("reoffending") else 5e7 if "gbp" in m else 800.0
        for i, c in enumerate(CONFIGS):
            mean = base * (1 - 0.05 * i)
            d = np.nan if i == 0 else mean - base
            hw, dhw = 0.02 * base, 0.01 * base
            rows.append(dict(config=c, metric=m, mean=mean, ci_low=mean - hw, ci_high=mean + hw,
                             diff_mean=d, diff_low=d - dhw, diff_high=d + dhw,
                             unpaired_low=d - 3 * dhw, unpaired_high=d + 3 * dhw, n=REPS,
                             half_width_target=hw, replications_needed=REPS + 6 * (i == 2),
                             enough=i != 2))
    return pd.DataFrame(rows)


def _bars(ax):
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def _is_zero_line(line, axis):
    return np.all(np.asarray(line.get_xdata() if axis == "x" else line.get_ydata()) == 0)


def _labelled(ax):
    return {ln.get_label(): ln for ln in ax.get_lines() if not ln.get_label().startswith("_")}


def test_config_colours_baseline_first_and_distinct():
    col = config_colours(CONFIGS)
    assert list(col) == CONFIGS and col["centralised"] == BASELINE_COLOUR
    assert len(set(col.values())) == len(CONFIGS)


def test_reoffending_one_line_per_config_with_mean_in_percent(ax):
    curves = _curves(np.random.default_rng(1))
    plot_reoffending_by_config(ax, curves, group="all")
    lines = _labelled(ax)
    assert list(lines) == CONFIGS  # baseline first
    sub = curves[(curves["group"] == "all") & (curves["config"] == "devolved")]
    expected = 100 * sub.groupby("day")["reoffended"].mean().to_numpy()
    np.testing.assert_allclose(lines["devolved"].get_ydata(), expected)
    assert len(ax.collections) == len(CONFIGS)  # one band each
    with pytest.raises(ValueError, match="group"):
        plot_reoffending_by_config(ax, curves, group="nobody")


def test_prison_lines_bands_and_window(ax):
    daily = _daily(np.random.default_rng(2))
    plot_prison_by_config(ax, daily, window=(365.25, 3 * 365.25), scale=0.1)
    assert list(_labelled(ax)) == CONFIGS
    vlines = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"]
    assert sorted(ln.get_xdata()[0] for ln in vlines) == pytest.approx([1.0, 3.0])
    assert "0.1" in ax.get_ylabel()


def test_cost_stacks_sum_to_mean_total_per_year(ax):
    costs = _costs(np.random.default_rng(4))
    plot_costs_by_config(ax, costs)
    tops = {}
    for p in ax.patches:
        x = round(p.get_x() + p.get_width() / 2)
        tops[x] = max(tops.get(x, 0.0), p.get_y() + p.get_height())
    per_rep = costs.groupby(["config", "replication"])["cost_gbp"].sum() / 3 / 1e6
    expected = per_rep.groupby("config").mean()[CONFIGS].to_numpy()
    np.testing.assert_allclose([tops[i] for i in range(len(CONFIGS))], expected)
    labels = ax.get_legend_handles_labels()[1]
    assert labels[0].startswith("prisons") and labels[-1].startswith("victims")
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == len(CONFIGS)  # victims and society only


def test_net_transfer_equals_paired_differences(ax):
    costs = _costs(np.random.default_rng(5))
    plot_net_transfer(ax, costs, baseline="centralised")
    lines = _labelled(ax)
    assert set(lines) == {f"{c}: {lv}" for c in CONFIGS[1:] for lv in ("central", "local")}
    tot = costs.groupby(["config", "replication", "year", "level"])["cost_gbp"].sum()
    for c in CONFIGS[1:]:
        for lv in ("central", "local"):
            diff = [np.mean([tot[(c, r, y, lv)] - tot[("centralised", r, y, lv)]
                             for r in range(REPS)]) / 1e6 for y in range(3)]
            np.testing.assert_allclose(lines[f"{c}: {lv}"].get_ydata(), diff)
            np.testing.assert_array_equal(lines[f"{c}: {lv}"].get_xdata(), [1, 2, 3])
    assert any(_is_zero_line(ln, "y") for ln in ax.get_lines())
    assert "who pays, who saves, and when" in ax.get_title()


def test_forest_one_errorbar_per_metric_and_config(ax):
    comp = _comparison(np.random.default_rng(6))
    metrics = ["reoffending_all", "reoffending_women", "reoffending_18_24"]
    plot_forest(ax, comp, metrics=metrics, scale=dict.fromkeys(metrics, 100.0))
    bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    assert len(bars) == len(metrics) * (len(CONFIGS) - 1)
    xs = sorted(b.lines[0].get_xdata()[0] for b in bars)
    row = comp[(comp["metric"] == "reoffending_all") & (comp["config"] == "devolved")]
    assert 100 * row["diff_mean"].iloc[0] == pytest.approx(xs[-1])
    assert any(_is_zero_line(ln, "x") for ln in ax.get_lines())  # zero line
    assert ax.get_legend_handles_labels()[1] == CONFIGS[1:]


def test_subgroup_bars_are_means_in_percent(ax):
    comp = _comparison(np.random.default_rng(7))
    plot_subgroup_gaps(ax, comp)
    assert len(ax.patches) == 4 * len(CONFIGS)
    heights = [p.get_height() for p in _bars(ax)[0].patches]
    base = comp[(comp["config"] == "centralised")].set_index("metric")["mean"]
    expected = 100 * base[["reoffending_adult", "reoffending_women", "reoffending_18_24",
                           "reoffending_mental_health"]].to_numpy()
    np.testing.assert_allclose(heights, expected)


def test_formats():
    assert format_value("reoffending_overall", 0.253) == "25.3%"
    assert format_value("share_released_employed", 0.281) == "28.1%"
    assert format_value("cost_local_gbp_per_year", 12_340_000) == "£12.34m"
    assert format_difference("reoffending_overall", -0.012) == "−1.2 pp"
    assert format_value("prison_cost_per_prisoner_year_gbp", 41_234.0) == "£41,234"
    assert format_value("mean_prison_total", float("nan")) == "–"


def test_report_is_self_contained_and_escaped(tmp_path):
    rng = np.random.default_rng(8)
    fig_dir = tmp_path / "figures"
    fig_dir.mkdir()
    figures = []
    for name, draw in (("forest", lambda a: plot_forest(a, _comparison(rng))),
                       ("costs", lambda a: plot_costs_by_config(a, _costs(rng)))):
        fig, a = plt.subplots(figsize=(4, 3))
        draw(a)
        fig.savefig(fig_dir / f"{name}.png", dpi=40)
        plt.close(fig)
        figures.append((f"figures/{name}.png", f"{name} <caption>"))
    levers = pd.DataFrame([
        dict(config="devolved", lever="diversion", path="arrest.p_divert", baseline=0.1,
             value=0.25, why="<script>alert(1)</script>", source="Local pilot & review"),
        dict(config="devolved_integrated", lever="housing", path="resettle.housing_places",
             baseline=100, value="200", why="integrated budgets", source="MoJ 2023")])
    path = write_report(tmp_path, title="Centralised vs devolved", comparison=_comparison(rng),
                        levers=levers, manifest={"seed": 42, "baseline": "centralised",
                                                 "note": "<b>"},
                        figures=figures, caveats=["Synthetic <data>"])
    assert path == tmp_path / "report.html" and path.is_file()
    assert not (tmp_path / ".report.html.tmp").exists()
    page = path.read_text(encoding="utf-8")
    for rel, _ in figures:
        assert f'href="{rel}"' in page
    assert page.count("data:image/png;base64,") == len(figures)
    assert "arrest.p_divert" in page and "resettle.housing_places" in page
    assert "0.1 → 0.25" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Synthetic &lt;data&gt;" in page and "&lt;b&gt;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", page)
    assert "http://" not in page and "https://" not in page
    assert "<details>" in page and "−2.0 pp" in page and "40.0%" in page
    assert "no (needs 10)" in page  # devolved_integrated had too few replications


# -- plain words: what changes for victims, and a proven measure moved by what it counts

def test_counting_sentence_fires_when_proven_falls_by_what_it_stops_counting():
    # proven -10% (0.30 -> 0.27), detected -2%, offences -1%, not-proven share +3 pp
    text = counting_sentence("diverted", (0.30, 0.27), (0.50, 0.49), (1000.0, 990.0),
                             (0.20, 0.23))
    assert text is not None
    assert "falls by 10.0%" in text and "−2.0% for detected" in text and "−1.0% for offences" in text
    assert "rises by 3.0 pp" in text and "does not count" in text


def test_counting_sentence_silent_when_offending_falls_as_much():
    # proven -10% but detected -8% and offences -9%: a real fall, not a counting change
    assert counting_sentence("c", (0.30, 0.27), (0.50, 0.46), (1000.0, 910.0), (0.20, 0.23)) is None
    # proven falls clearly more, but the share of outcomes not counted did not rise
    assert counting_sentence("c", (0.30, 0.27), (0.50, 0.49), (1000.0, 990.0), (0.20, 0.20)) is None
    # nothing moved, or a missing number
    assert counting_sentence("c", (0.30, 0.30), (0.5, 0.5), (1000.0, 1000.0), (0.2, 0.3)) is None
    assert counting_sentence("c", (0.30, 0.27), (0.5, 0.49), (0.0, 0.0), (0.2, 0.23)) is None


def test_counting_sentence_fires_the_other_way_when_more_is_counted():
    # fewer community resolutions: proven +10% against detected +1% and offences 0%
    text = counting_sentence("charged", (0.30, 0.33), (0.50, 0.505), (1000.0, 1000.0),
                             (0.25, 0.20))
    assert text is not None and "rises by 10.0%" in text and "falls by 5.0 pp" in text
    assert "smaller share" in text


def _victims_table(proven_new: float, share_new: float) -> pd.DataFrame:
    means = {"offences_per_year": (1000.0, 990.0),
             "cost_victims_and_society_gbp_per_year": (5e7, 4.9e7),
             "detected_reoffending_overall": (0.50, 0.49),
             "reoffending_overall": (0.30, proven_new),
             "reoffences_per_reoffender": (3.0, 2.9),
             "share_outcomes_not_proven": (0.20, share_new)}
    rows = [dict(config=c, metric=m, mean=v[i], diff_mean=np.nan if i == 0 else v[1] - v[0])
            for m, v in means.items() for i, c in enumerate(("base", "local"))]
    return pd.DataFrame(rows)


def test_counting_note_and_victims_sentence_read_the_comparison_table():
    fires, silent = _victims_table(0.27, 0.23), _victims_table(0.297, 0.23)
    assert "part of the fall in proven reoffending" in counting_note(fires, "base", "local")
    assert counting_note(silent, "base", "local") is None
    text = victims_sentence(fires, "base", "local")
    assert text.startswith("local against base: offences a year −10.0 (−1.0%)")
    assert "cost to victims and society −£1.00m" in text
    assert text.index("detected reoffending −1.0 pp") < text.index("proven reoffending (MoJ) −3.0 pp")
    assert text.endswith("proven reoffences per reoffender −0.1.")
    assert victims_sentence(fires[fires["metric"] == "share_outcomes_not_proven"], "base",
                            "local") is None


def test_report_leads_with_victims_and_says_when_the_count_changed(tmp_path):
    table = _victims_table(0.27, 0.23)
    table = table.assign(ci_low=table["mean"], ci_high=table["mean"], diff_low=table["diff_mean"],
                         diff_high=table["diff_mean"], n=REPS, replications_needed=2.0,
                         enough=True)
    page = write_report(tmp_path, title="t", comparison=table, levers=pd.DataFrame(),
                        manifest={"baseline": "base"}, figures=[], caveats=[]).read_text()
    summary = page[page.index('<section id="summary"'):page.index("</section>")]
    rows = re.findall(r'<td title="([a-z_]+)">', summary)
    assert rows[:2] == ["offences_per_year", "cost_victims_and_society_gbp_per_year"]
    assert rows.index("detected_reoffending_overall") < rows.index("reoffending_overall")
    plain = summary[summary.index('<p class="plain">'):]
    assert "Proven reoffending falls" in plain and "part of the fall in proven reoffending" in plain
    assert "local:" not in plain  # the counting note drops the name already given


def test_printout_leads_with_offences_and_ends_in_plain_words(tmp_path):
    from models.report.compare_folder import comparison_text

    table = _victims_table(0.27, 0.23).assign(diff_low=-1.0, diff_high=1.0, enough=True)
    text = comparison_text(table, ["base", "local"], 2, 1, 0.05, 1.0, tmp_path).splitlines()
    metrics = [line[:48].rstrip() for line in text[2:8]]
    assert metrics == ["offences per year (all, detected or not)", "cost to victims and society",
                       "detected reoffending", "proven reoffending",
                       "proven reoffences per reoffender",
                       "case outcomes the proven measure does not count"]
    assert any(line.startswith("local against base: offences a year") for line in text)
    assert any("part of the fall in proven reoffending" in line for line in text)


# -- the first screen: what was compared, and what changes (simulated and England and Wales)

SCALE = 0.005


def _summary_table() -> pd.DataFrame:
    """The summary's metrics for a baseline and two configurations; each configuration's
    interval lies below zero, above it or across it as the name says."""
    from models.report.compare_summary import SUMMARY

    means = {"offences_per_year": 11_000.0, "cost_victims_and_society_gbp_per_year": 5.3e7,
             "detected_reoffending_overall": 0.35, "reoffending_overall": 0.258,
             "mean_prison_total": 360.7, "mean_probation_total": 961.0,
             "cost_central_gbp_per_year": 2.6e7, "cost_local_gbp_per_year": 4.4e6,
             "cost_public_gbp_per_year": 3.1e7}
    assert set(means) == {m for _, m in SUMMARY}
    rows = []
    for m, mean in means.items():
        rows.append(dict(config="centralised", metric=m, mean=mean, ci_low=0.9 * mean,
                         ci_high=1.1 * mean, diff_mean=np.nan, diff_low=np.nan,
                         diff_high=np.nan, n=2, replications_needed=2.0, enough=True))
        for config, (lo, hi) in (("cut", (-0.07, -0.05)), ("unclear", (-0.02, 0.03)),
                                 ("rise", (0.01, 0.04))):
            d = (lo + hi) / 2 * mean
            rows.append(dict(config=config, metric=m, mean=mean + d, ci_low=mean + d,
                             ci_high=mean + d, diff_mean=d, diff_low=lo * mean,
                             diff_high=hi * mean, n=2, replications_needed=5.0,
                             enough=config != "rise"))
    return pd.DataFrame(rows)


_MANIFEST = {"baseline": "centralised", "root_seed": 20161, "replications": 2,
             "scenario": {"scenario": {"name": "centralised", "scale": SCALE,
                                       "description": "Centralised baseline: siloed budgets",
                                       "measurement_years": 10, "warmup_years": 3}},
             "descriptions": {"cut": "Cuts everything"}}


def _write(tmp_path, table=None, **kw) -> str:
    table = _summary_table() if table is None else table
    return write_report(tmp_path, title="t", comparison=table, levers=kw.pop("levers", pd.DataFrame()),
                        manifest=kw.pop("manifest", _MANIFEST), figures=kw.pop("figures", []),
                        caveats=[], **kw).read_text(encoding="utf-8")


def test_national_equivalent_is_the_value_over_the_scale():
    from models.report.format import national, national_difference

    assert national("offences_per_year", 11.1, SCALE) == "2,220"   # 11.1 / 0.005, 3 s.f.
    assert national("offences_per_year", 10_994.9, SCALE) == "2.20 million"
    assert national("mean_prison_total", 2.72, SCALE) == "544"
    assert national_difference("mean_prison_total", -79.355, SCALE) == "−15,900"
    assert national("cost_public_gbp_per_year", 3.0916e7, SCALE) == "£6.18bn"
    assert national_difference("cost_public_gbp_per_year", -82_246.3, SCALE) == "−£16.4m"
    # a rate needs no scaling: shown as it is, whatever the scale
    assert national("reoffending_overall", 0.258, SCALE) == format_value("reoffending_overall", 0.258)
    assert national_difference("reoffending_overall", -0.018, SCALE) == "−1.8 pp"
    # a small change keeps a digit of its own, so a clear fall never reads as 0.0 pp
    assert format_difference("reoffending_overall", -0.0003) == "−0.03 pp"
    assert format_difference("reoffending_overall", 0.00004) == "+0.004 pp"
    assert format_difference("reoffending_overall", -0.0006) == "−0.1 pp"
    # a difference that shows as zero is neither a rise nor a fall
    assert format_difference("reoffending_overall", -0.0000001) == "±0.000 pp"
    assert format_difference("reoffending_overall", 0.0) == "±0.0 pp"


@pytest.mark.parametrize(("metric", "low", "high", "words"), [
    ("offences_per_year", -7851.0, -5803.0, "a clear fall"),
    ("offences_per_year", 3.0, 9.0, "a clear rise"),
    ("offences_per_year", -3.0, 9.0, "the interval spans zero: no clear change"),
    ("offences_per_year", 0.0, 9.0, "the interval spans zero: no clear change"),
    ("cost_public_gbp_per_year", -2e6, -1e5, "a clear saving"),
    ("cost_local_gbp_per_year", 1e5, 2e6, "a clear extra cost"),
    ("reoffending_overall", -0.025, -0.011, "a clear fall"),
    ("reoffending_overall", np.nan, np.nan, "no interval (too few replications)"),
])
def test_uncertainty_words_follow_the_sign_of_the_interval(metric, low, high, words):
    from models.report.format import interval_words

    assert interval_words(metric, low, high) == words


def test_summary_numbers_carry_their_values_and_national_equivalents(tmp_path):
    from report_dom import check_summary, read

    table = _summary_table()
    page = _write(tmp_path, table)
    spans = check_summary(page, table)
    where = {(s["data-metric"], s["data-config"], s["data-stat"], s["data-where"]): s
             for s in spans}
    # the England-and-Wales number is the simulated one divided by the scale, beside it
    off = where[("offences_per_year", "cut", "diff_mean", "england_and_wales")]
    assert float(off["data-value"]) == pytest.approx(-0.06 * 11_000)
    assert off["text"] == "−132,000"  # -660 / 0.005
    assert ("offences_per_year", "cut", "diff_mean", "simulated") in where
    assert where[("mean_prison_total", "centralised", "mean", "england_and_wales")]["text"] \
        == "72,100"
    # rates: never scaled
    assert not any(k[0] == "reoffending_overall" and k[3] == "england_and_wales" for k in where)
    # every metric, every configuration: difference and both ends of its interval
    for _, m in __import__("models.report.compare_summary", fromlist=["SUMMARY"]).SUMMARY:
        for c in ("cut", "unclear", "rise"):
            for stat in ("diff_mean", "diff_low", "diff_high"):
                assert any(k[:3] == (m, c, stat) for k in where), (m, c, stat)
    text = " ".join(read(page).visible)
    assert "a clear fall" in text and "a clear rise" in text and "a clear saving" in text
    assert "the interval spans zero: no clear change" in text


def test_summary_check_catches_a_wrong_number_or_text(tmp_path):
    from report_dom import check_summary

    table = _summary_table()
    page = _write(tmp_path, table)
    value = repr(float(table.loc[(table["metric"] == "mean_prison_total")
                                 & (table["config"] == "cut"), "diff_mean"].iloc[0]))
    assert page.count(f'data-value="{value}"') == 3  # simulated, E&W and in the plain words
    with pytest.raises(AssertionError):
        check_summary(page.replace(f'data-value="{value}"', 'data-value="-1.0"', 1), table)
    at = f'data-value="{value}" data-where="england_and_wales">'
    end = page.index("</span>", page.index(at))
    check_summary(page[:end] + page[end:], table)
    with pytest.raises(AssertionError):  # the right value shown with a digit too many
        check_summary(page[:end] + "0" + page[end:], table)


def test_summary_words_follow_each_configurations_interval(tmp_path):
    from models.report.compare_summary import summary_table

    html = summary_table(_summary_table(), "centralised", SCALE)
    rows = re.findall(r'<tr><td title="([a-z_]+)">(.*?)</tr>', html, flags=re.S)
    assert len(rows) == 9
    for metric, row in rows:
        words = re.findall(r'<td class="words">(.*?)</td>', row, flags=re.S)
        assert len(words) == 3, metric  # cut, unclear, rise, in table order
        money = metric.startswith("cost_")
        assert words[0].endswith("a clear saving" if money else "a clear fall"), (metric, words[0])
        assert words[1].endswith("the interval spans zero: no clear change"), metric
        assert "a clear extra cost" in words[2] if money else "a clear rise" in words[2]
        assert words[2].endswith('<span class="more">†</span>')  # too few replications


def test_first_screen_says_what_was_compared_before_any_figure_or_table(tmp_path):
    from report_dom import read

    fig_dir = tmp_path / "figures"
    fig_dir.mkdir()
    fig, a = plt.subplots(figsize=(2, 2))
    fig.savefig(fig_dir / "x.png", dpi=20)
    plt.close(fig)
    page = _write(tmp_path, figures=[("figures/x.png", "a figure")],
                  extra_sections=[("Which lever does what", "<p id='attr'>attribution</p>")])
    compared = "".join(read(page[page.index("<h2>What was compared</h2>"):
                                  page.index('<section id="summary"')]).visible)
    assert "Centralised baseline: siloed budgets" in compared      # the base, in words
    assert "Against it: Cut — Cuts everything" in compared and "Against it: Unclear" in compared
    assert "1 in 200" in compared and "England-and-Wales equivalents" in compared
    assert "2 paired replications" in compared and "root seed 20161" in compared
    assert "10 years measured" in compared and "3 years of warm-up" in compared
    order = [page.index(s) for s in ("What was compared", '<section id="summary"',
                                     "<h2>Figures</h2>", "figures/x.png",
                                     "<h2>Which lever does what</h2>", "<h2>Tables</h2>")]
    assert order == sorted(order)
    tables = page[page.index("<h2>Tables</h2>"):]
    assert tables.index("<details>") < tables.index("<table")  # the full table is collapsed
    # a reader sees no snake_case name outside titles and collapsed parts
    visible = " ".join(read(page).visible)
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", visible)


@pytest.mark.parametrize(("fidelities", "words"), [
    ([1.0, 1.0], ", each at its full effect"),
    ([0.5, 0.5], ", each at fidelity 0.5 (50% of its effect)"),
    ([0.5, 1.0], ", at fidelities from 0.5 to 1 (see the levers)"),
    ([], ""),
])
def test_what_was_compared_says_how_much_of_the_levers_is_delivered(fidelities, words):
    from models.report.compare_summary import _fidelity_words

    assert _fidelity_words(fidelities) == words


def test_levers_grouped_one_row_each_rationale_once(tmp_path):
    from report_dom import read

    why = {"housing": "integrated budgets pay for housing <on release>",
           "diversion": "diversion keeps people out of court"}
    rows = [dict(config=c, lever=lever, path=f"{lever}_block.param_{i}", baseline=i, value=i + 1,
                 what=f"what {lever} does", why=why[lever], source="MoJ 2023", range="",
                 fidelity=1.0)
            for c in ("cut", "rise") for lever, n in (("housing", 3), ("diversion", 2))
            for i in range(n)]
    page = _write(tmp_path, levers=pd.DataFrame(rows))
    levers = page[page.index("<h2>Levers that differ"):page.index("<h2>Caveats")]
    for text in why.values():
        assert levers.count(escape(text)) == 2  # once per configuration, not per parameter
    assert levers.count('<tr class="lever">') == 4  # one row per (configuration, lever) ...
    assert levers.count('<tr class="params">') == 4  # ... its parameters beneath it
    housing = levers[levers.index(">Housing<"):levers.index(">Diversion<")]
    assert housing.count("<li>") == 3
    assert "housing block › param 0: 0 → 1" in "".join(read(housing).visible)
    assert 'title="housing_block.param_2"' in housing  # the path kept for the analyst
    assert ">Cut: 2 levers</h3>" in levers
    assert "2 levers differ from the baseline, each at its full effect" in page
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", " ".join(read(levers).visible))


# -- the pathway flow diagram

def _flow_means(k: float) -> dict[str, float]:
    from models.report.flow_diagram import ARROWS

    return {f: k * (100.0 + 37.0 * i) for i, (_, _, f) in enumerate(ARROWS)} | {"offences": 9e3}


def test_flow_diagram_arrow_widths_grow_with_the_flow(ax):
    from models.report.flow_diagram import MAX_WIDTH_PT, arrow_width, plot_pathway

    flows, base = _flow_means(1.0), _flow_means(0.8)
    flows["ld_court_screened"] = 0.0  # a flow of nobody draws no arrow
    widest = max(v for f, v in flows.items() if f != "offences")
    plot_pathway(ax, flows, scale=0.01, widest=widest, baseline=base)
    arrows = {p.get_gid()[5:]: p.get_arrowstyle().tail_width for p in ax.patches
              if (p.get_gid() or "").startswith("flow:")}
    outlines = {p.get_gid()[9:]: p.get_arrowstyle().tail_width for p in ax.patches
                if (p.get_gid() or "").startswith("baseline:")}
    assert "ld_court_screened" not in arrows and len(arrows) >= 10
    by_flow = sorted(arrows, key=flows.get)
    widths = [arrows[f] for f in by_flow]
    assert widths == sorted(widths) and widths[-1] == pytest.approx(MAX_WIDTH_PT)
    for f, w in arrows.items():
        assert w == pytest.approx(arrow_width(flows[f], widest))
        assert outlines[f] < w  # the baseline's flows are smaller: its outlines narrower
    labels = {t.get_text() for t in ax.texts}
    assert "24,800 (+25%)" in labels  # charges: 248 a year at scale 0.01, 248/198.4 - 1
    assert arrow_width(0.0, 10.0) == 0.0 and arrow_width(1.0, 1e9) > 0


def test_flow_diagram_is_written_one_panel_per_configuration(tmp_path):
    from models.report.flow_diagram import write_flow_diagram

    flows = pd.DataFrame([(c, r, f, v * (1 + 0.1 * i))
                          for i, c in enumerate(CONFIGS) for r in range(2)
                          for f, v in _flow_means(1.0).items()],
                         columns=["config", "replication", "flow", "per_year"])
    path = write_flow_diagram(tmp_path / "figures" / "pathway_flows.png", flows, CONFIGS, 0.01)
    assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="no flows for configuration"):
        write_flow_diagram(tmp_path / "x.png", flows, ["centralised", "nowhere"], 0.01)


def test_figures_name_configurations_in_words():
    from models.analysis.compare import Comparison
    from models.report.compare_folder import _in_words

    rng = np.random.default_rng(9)
    cmp = Comparison(base="centralised", configs=CONFIGS, seed=1, replications=REPS,
                     by_replication=pd.DataFrame(), curves=_curves(rng), daily=_daily(rng),
                     flows=_flows(rng), costs=_costs(rng), reinvestments=pd.DataFrame(),
                     marks={"devolved_integrated": [(400.0, "lever on")]})
    shown, table = _in_words(cmp, _comparison(rng))
    assert shown.base == "Centralised"
    assert shown.configs == ["Centralised", "Devolved", "Devolved integrated"]
    for frame in (shown.curves, shown.daily, shown.flows, shown.costs, table):
        assert list(dict.fromkeys(frame["config"])) == shown.configs
    assert shown.marks == {"Devolved integrated": [(400.0, "lever on")]}
    pd.testing.assert_series_equal(shown.flows["per_year"], cmp.flows["per_year"])
    # names that would collide in words are left as they are
    same = Comparison(base="a_b", configs=["a_b", "A b"], seed=1, replications=1,
                      by_replication=pd.DataFrame(), curves=pd.DataFrame(),
                      daily=pd.DataFrame(), flows=pd.DataFrame(), costs=pd.DataFrame(),
                      reinvestments=pd.DataFrame())
    assert _in_words(same, pd.DataFrame())[0] is same
