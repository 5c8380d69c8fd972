"""The metric catalogue: every metric the simulator computes is catalogued once, and only those."""

from __future__ import annotations

import pytest
from pathway_helpers import small_scenario

from models.analysis.catalogue import (
    CATALOGUE,
    COMPARISON,
    COMPARISON_HEADLINE,
    KINDS,
    RUN_HEADLINE,
    check_metrics,
)
from models.analysis.metrics import summarise
from models.analysis.validate import load_targets, validation_metrics
from models.config.schema import ScenarioError
from models.pathway.run import run_replication
from models.report.format import difference, value


@pytest.fixture(scope="module")
def computed():
    result = run_replication(small_scenario(scale=0.001), 4)
    return summarise(result), validation_metrics(result)


def test_every_computed_metric_is_catalogued_and_every_catalogued_one_computed(computed):
    summary, everything = computed
    assert set(summary) <= set(everything)
    assert set(everything) == set(CATALOGUE), (
        f"computed, not catalogued: {sorted(set(everything) - set(CATALOGUE))}; "
        f"catalogued, not computed: {sorted(set(CATALOGUE) - set(everything))}")


def test_entries_are_complete():
    for m in CATALOGUE.values():
        assert m.label and m.how and m.unit and m.kind in KINDS, m.name
    assert set(COMPARISON_HEADLINE) <= set(COMPARISON)
    assert len(set(RUN_HEADLINE)) == len(RUN_HEADLINE)


def test_validation_targets_name_catalogued_metrics():
    assert {t.metric for t in load_targets()} <= set(CATALOGUE)


def test_unknown_metric_is_refused_in_one_line():
    with pytest.raises(ScenarioError, match="sweep.metrics = 'reoffending_all'") as err:
        check_metrics("sweep.metrics", ["reoffending_overall", "reoffending_all"])
    assert "\n" not in str(err.value)


def test_kind_decides_the_format():
    assert value("share_released_employed", 0.281) == "28.1%"
    assert difference("detected_reoffending_overall", 0.004) == "+0.4 pp"
    assert value("cost_public_gbp_per_year", 2.5e7) == "£25.00m"
    assert value("arrests_per_year", 38_000.4) == "38,000"


def test_comparison_leads_with_what_changes_for_victims():
    victims_first = ("offences_per_year", "detected_offences_per_year",
                     "cost_victims_and_society_gbp_per_year", "detected_reoffending_overall",
                     "reoffending_overall", "reoffences_per_reoffender")
    assert COMPARISON_HEADLINE[:6] == victims_first
    assert COMPARISON[:6] == victims_first


def test_national_targets_name_metrics_that_scale_and_shares_are_in_points():
    for t in load_targets():
        m = CATALOGUE[t.metric]
        assert t.national == m.scales, t.name  # a national count is divided by the scale
        if m.is_proportion:
            assert t.tolerance_pp is not None, t.name
