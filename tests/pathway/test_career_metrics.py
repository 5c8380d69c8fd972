"""Offences, proven reoffences, previous-offence bands, remands and summons cases, on hand-built
event logs whose answers are worked out by hand in the comments."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from models.analysis.catalogue import CATALOGUE
from models.analysis.compare import Comparison, reoffending_groups
from models.analysis.metrics import (
    DISPOSAL_GROUPS,
    REOFFENDING_GROUP_COLUMNS,
    flows_per_year,
    index_events,
    mean_over_replications,
    prior_band_metric,
    prior_records,
    proven_reoffending,
    remanded_awaiting_sentence_per_year,
    reoffending_by_group,
    reoffending_rates,
    share_outcomes_not_proven,
    short_custody_under_6m_per_year,
    summarise,
    summons_outstanding,
    time_to_reoffence,
    with_derived,
)
from models.config.vocabulary import (
    BUDGET_HOLDERS,
    COST_ITEMS,
    DAYS_PER_YEAR,
    PRIOR_BANDS,
    Court,
    Custody,
    Disposal,
    OffenceGroup,
    Seriousness,
)
from models.pathway.event_log import EventLog

YEAR = (0.0, DAYS_PER_YEAR)          # a one-year window: counts per year are plain counts
TWO_YEARS = (0.0, 2 * DAYS_PER_YEAR)
THEFT, EITHER_WAY = OffenceGroup.THEFT, Seriousness.EITHER_WAY
MAG = Court.MAGISTRATES


def log(calls):
    """An event table recorded through the log's own methods: (method, *arguments)."""
    events = EventLog()
    for name, *args in calls:
        getattr(events, name)(*args)
    return events.to_frame()


def people(n, prior_offences=None, stock_disposal=None):
    return pd.DataFrame({"person_id": np.arange(n), "age_at_entry_years": [30.0] * n,
                         "entry_day": [0.0] * n, "female": [False] * n,
                         "mental_health": [False] * n,
                         "stock_disposal": stock_disposal or [-1] * n,
                         "prior_offences": prior_offences or [0] * n})


def offence(t, pid, case_id):
    return ("offence", t, pid, case_id, THEFT, EITHER_WAY)


# -- proven reoffences, counted the MoJ way

def test_each_proven_case_counts_every_offence_it_proves():
    ev = log([
        # person 0: caution (index) at 100, then three cases in the follow-up year
        ("out_of_court", 100, 0, 1, Disposal.CAUTION, False, 1, 0),
        # case 2: offence at 200, convicted at 300; the sentence proves 3 offences (2 taken
        # into consideration); a later breach sentence of the same case proves none
        offence(200, 0, 2), ("convicted", 300, 0, 2, MAG),
        ("sentenced", 300, 0, 2, Disposal.COMMUNITY_ORDER, 365.0, 3, 1),
        ("sentenced", 420, 0, 2, Disposal.SHORT_CUSTODY, 60.0, 0, 6),
        # case 3: offence at 250, cautioned at 260 for 2 offences
        offence(250, 0, 3), ("out_of_court", 260, 0, 3, Disposal.CAUTION, False, 2, 4),
        # case 4: a community resolution proves nothing, whatever its offences
        offence(280, 0, 4), ("out_of_court", 290, 0, 4, Disposal.COMMUNITY_RESOLUTION, False, 5, 6),
        # person 1: fine (index) at 100; one offence at 150 proven at 200
        ("sentenced", 100, 1, 5, Disposal.FINE, 0.0, 1, 0),
        offence(150, 1, 6), ("convicted", 200, 1, 6, MAG), ("sentenced", 200, 1, 6, Disposal.FINE, 0.0, 1, 1),
        # person 2: caution at 100; offence at 150 convicted at 400, not yet sentenced when the
        # run ends: its detected offence is proven (1)
        ("out_of_court", 100, 2, 7, Disposal.CAUTION, False, 1, 0),
        offence(150, 2, 8), ("convicted", 400, 2, 8, MAG),
        # person 3: caution at 100, no reoffence
        ("out_of_court", 100, 3, 9, Disposal.CAUTION, False, 1, 0),
    ])
    r = proven_reoffending(ev, people(4), YEAR).set_index("person_id")
    assert r["reoffences"].tolist() == [5, 1, 1, 0]   # 3 + 2 (not the resolution's 5), 1, 1, 0
    assert r["reoffended"].tolist() == [True, True, True, False]
    rates = reoffending_rates(r.reset_index())
    assert rates["reoffences_per_reoffender"] == pytest.approx(7 / 3)
    assert rates["reoffending_overall"] == pytest.approx(0.75)


# -- previous-offence bands at each kind of index event

BANDS_LOG = [
    ("out_of_court", 10, 0, 1, Disposal.CAUTION, False, 1, 0),               # caution, 0
    ("out_of_court", 10, 1, 2, Disposal.CONDITIONAL_CAUTION, False, 1, 4),   # caution, 3-6
    ("sentenced", 10, 2, 3, Disposal.COMMUNITY_ORDER, 365.0, 1, 2),          # court order, 1-2
    # a release takes its sentence's previous offences (9), not the people table's (0)
    ("sentenced", 5, 3, 4, Disposal.SHORT_CUSTODY, 120.0, 2, 9),
    ("release", 65, 3, 4, Custody.SENTENCED, 60.0),                          # release, 7-10
    # the initial prison stock has no sentence in the log: the people table's 25
    ("start_in_prison", 0, 4, Disposal.LONG_CUSTODY, 50.0),
    ("release", 50, 4, 5, Custody.SENTENCED, 50.0),                          # release, 11+
    # person 4 reoffends: offence at 100 proven at 150 (the fine is not a second index)
    offence(100, 4, 6), ("convicted", 150, 4, 6, MAG), ("sentenced", 150, 4, 6, Disposal.FINE, 0.0, 1, 25),
]
BANDS_PEOPLE = dict(prior_offences=[0, 0, 0, 0, 25],
                    stock_disposal=[-1, -1, -1, -1, int(Disposal.LONG_CUSTODY)])


def test_prior_band_of_each_index_type():
    idx = index_events(log(BANDS_LOG), people(5, **BANDS_PEOPLE), YEAR).set_index("person_id")
    assert idx["index_type"].tolist() == ["caution", "caution", "court_order", "release", "release"]
    assert idx["prior_offences"].tolist() == [0, 4, 2, 9, 25]
    assert idx["prior_band"].astype(str).tolist() == ["0", "3-6", "1-2", "7-10", "11+"]
    assert idx.loc[4, "disposal"] == "long_custody"


def test_reoffending_by_previous_offence_band():
    reoff = proven_reoffending(log(BANDS_LOG), people(5, **BANDS_PEOPLE), YEAR)
    rates = reoffending_rates(reoff)
    assert rates["reoffending_prior_11_plus"] == 1.0   # person 4, the only one who reoffends
    assert rates["reoffending_prior_0"] == 0.0
    assert rates["reoffending_prior_7_10"] == 0.0
    assert all(prior_band_metric(b) in rates and prior_band_metric(b) in CATALOGUE
               for b in PRIOR_BANDS)
    assert prior_band_metric("11+") == "reoffending_prior_11_plus"
    # detected reoffending by disposal: person 4's release from long custody reoffended
    assert rates["detected_reoffending_long_custody"] == 1.0
    assert rates["detected_reoffending_short_custody"] == 0.0
    assert rates["detected_reoffending_caution"] == 0.0


# -- offences: detected and undetected

UNDETECTED_LOG = [
    # person 0: caution at 100; 4 undetected offences recorded at 150; a detected one at 200
    # that ends in no further action (detected, never proven)
    ("out_of_court", 100, 0, 1, Disposal.CAUTION, False, 1, 0),
    ("undetected_offences", 150, 0, 4), offence(200, 0, 2), ("no_further_action", 201, 0, 2),
    # person 1: caution at 100; only 2 undetected offences at 300
    ("out_of_court", 100, 1, 3, Disposal.CAUTION, False, 1, 0),
    ("undetected_offences", 300, 1, 2),
]


def test_undetected_offences_count_as_offences_not_as_detected_reoffending():
    ev = log(UNDETECTED_LOG)
    flows = flows_per_year(ev, YEAR)
    assert flows["offences"] == pytest.approx(4 + 1 + 2)
    assert flows["detected_offences"] == pytest.approx(1)
    r = proven_reoffending(ev, people(2), YEAR).set_index("person_id")
    assert r["reoffended_detected"].tolist() == [True, False]
    assert r["reoffended"].tolist() == [False, False]
    assert r["offences_12m"].tolist() == [5.0, 2.0]
    # the time to the next offence is to the next detected one: person 1 is censored
    km = time_to_reoffence(ev, people(2), YEAR, horizon=500.0, by=None)
    assert km["events"].sum() == 1


def test_reoffending_table_by_disposal_and_band():
    table = reoffending_by_group(proven_reoffending(log(UNDETECTED_LOG), people(2), YEAR))
    assert list(table.columns) == list(REOFFENDING_GROUP_COLUMNS)
    assert len(table) == 1 + len(DISPOSAL_GROUPS) + len(PRIOR_BANDS)
    t = table.set_index(["by", "group"])
    for key in (("all", "all"), ("disposal", "caution"), ("prior_band", "0")):
        row = t.loc[key]
        assert row["index_events"] == 2
        assert row["proven_reoffending_rate"] == 0.0
        assert row["detected_reoffending_rate"] == 0.5
        assert row["offences_per_index_event"] == pytest.approx(3.5)   # (5 + 2) / 2
        assert np.isnan(row["proven_reoffences_per_reoffender"])       # nobody proven
    assert t.loc[("prior_band", "11+"), "index_events"] == 0
    assert np.isnan(t.loc[("disposal", "short_custody"), "detected_reoffending_rate"])


def test_mean_over_replications_skips_a_group_missing_in_one():
    table = pd.DataFrame({"replication": [0, 0, 1, 1], "by": ["all", "band", "all", "band"],
                          "group": ["all", "0", "all", "0"], "rate": [0.2, np.nan, 0.4, 0.5]})
    m = mean_over_replications(table, ["by", "group"]).set_index("group")
    assert m.loc["all", "rate"] == pytest.approx(0.3) and m.loc["0", "rate"] == pytest.approx(0.5)
    assert m["replications"].tolist() == [2, 2] and "replication" not in m


# -- previous offences of people sentenced to custody and of all offenders (X33, X34)

def test_prior_records_of_custody_and_of_offenders():
    ev = log([
        ("sentenced", 10, 0, 1, Disposal.SHORT_CUSTODY, 90.0, 1, 3),
        ("sentenced", 10, 1, 2, Disposal.LONG_CUSTODY, 400.0, 2, 16),
        ("sentenced", 10, 2, 3, Disposal.LONG_CUSTODY, 800.0, 1, 50),
        ("sentenced", 10, 3, 4, Disposal.SHORT_CUSTODY, 120.0, 1, 20),
        # a breach sentence proves no offence: left out of both
        ("sentenced", 20, 4, 5, Disposal.SHORT_CUSTODY, 60.0, 0, 100),
        # a fine is not custody, but its person is an offender (2 previous)
        ("sentenced", 30, 5, 6, Disposal.FINE, 0.0, 1, 2),
        # person 6 is cautioned twice in the first year (counted once, at 16) and sentenced in
        # the second (counted again, at 18); a community resolution is not an offender
        ("out_of_court", 40, 6, 7, Disposal.CAUTION, False, 1, 16),
        ("out_of_court", 50, 6, 8, Disposal.CONDITIONAL_CAUTION, False, 1, 17),
        ("sentenced", 400, 6, 9, Disposal.FINE, 0.0, 1, 18),
        ("out_of_court", 60, 7, 10, Disposal.COMMUNITY_RESOLUTION, False, 1, 40),
    ])
    p = prior_records(ev, TWO_YEARS)
    # custody: previous offences 3, 16, 50, 20 (and 100 for the breach, left out)
    assert p["median_prior_offences_custody"] == pytest.approx(18.0)
    assert p["share_custody_prior_over_15"] == pytest.approx(3 / 4)
    assert p["share_custody_prior_over_45"] == pytest.approx(1 / 4)
    # offenders per year: year 0: 3, 16, 50, 20, 2, 16 (person 6 once); year 1: 18
    assert p["share_offenders_prior_over_15"] == pytest.approx(5 / 7)


# -- remands and short sentences (X35, X37)

def test_remanded_awaiting_sentence_leaves_out_a_custody_time_limit_release():
    ev = log([
        # case 1: remanded, released when the custody time limit expires and bailed: not held
        ("remand", 1, 0, 1, False), ("prison_entry", 1, 0, 1, Custody.REMAND),
        ("release", 57, 0, 1, Custody.REMAND, 56.0), ("bail", 57, 0, 1),
        ("convicted", 100, 0, 1, MAG),
        # case 2: remanded and still in prison on remand at conviction: counted
        ("remand", 2, 1, 2, False), ("prison_entry", 2, 1, 2, Custody.REMAND),
        ("convicted", 90, 1, 2, MAG),
        # case 3: recalled on the new charge (custody recall): not a remand
        ("remand", 3, 2, 3, True), ("prison_entry", 3, 2, 3, Custody.RECALL),
        ("convicted", 80, 2, 3, MAG),
        # case 4: on bail throughout
        ("bail", 4, 3, 4), ("convicted", 70, 3, 4, MAG),
        # case 5: remanded in the window, convicted after it
        ("remand", 5, 4, 5, False), ("convicted", 400, 4, 5, MAG),
    ])
    assert remanded_awaiting_sentence_per_year(ev, YEAR) == pytest.approx(1.0)
    assert remanded_awaiting_sentence_per_year(ev, TWO_YEARS) == pytest.approx(2 / 2)  # 2, 5
    flows = flows_per_year(ev, YEAR)
    assert flows["remands_awaiting_trial"] == pytest.approx(3.0)   # cases 1, 2, 5
    assert flows["remands"] == pytest.approx(4.0)                  # and the recall


def test_short_custody_under_6_months():
    ev = log([
        ("sentenced", 10, 0, 1, Disposal.SHORT_CUSTODY, 90.0, 1, 0),
        ("sentenced", 10, 1, 2, Disposal.SHORT_CUSTODY, 182.0, 1, 0),
        ("sentenced", 10, 2, 3, Disposal.SHORT_CUSTODY, 183.0, 1, 0),   # 6 months = 182.6 days
        ("sentenced", 10, 3, 4, Disposal.LONG_CUSTODY, 400.0, 1, 0),
        ("sentenced", 10, 4, 5, Disposal.SUSPENDED, 90.0, 1, 0),        # not immediate custody
        ("sentenced", 10, 5, 6, Disposal.SHORT_CUSTODY, 30.0, 0, 0),    # a breach: left out
        ("sentenced", 400, 6, 7, Disposal.SHORT_CUSTODY, 30.0, 1, 0),   # after the window
    ])
    assert short_custody_under_6m_per_year(ev, YEAR) == pytest.approx(2.0)


def test_share_of_outcomes_not_proven():
    ev = log([
        ("no_further_action", 10, 0, 1),
        ("out_of_court", 10, 1, 2, Disposal.COMMUNITY_RESOLUTION, False, 1, 0),
        ("out_of_court", 10, 2, 3, Disposal.CAUTION, False, 1, 0),
        ("convicted", 10, 3, 4, MAG), ("acquitted", 10, 4, 5, MAG),
        ("charge", 10, 5, 6, MAG, THEFT, EITHER_WAY),                  # not an outcome
    ])
    assert share_outcomes_not_proven(ev, YEAR) == pytest.approx(3 / 5)


# -- magistrates' cases outstanding, with the summons background

SUMMONS = {"summons_magistrates": {"outstanding": (np.array([0.0, 5.0]), np.array([10.0, 20.0]))}}


def test_summons_level_on_each_day_and_zero_when_absent():
    days = np.arange(10.0)
    assert summons_outstanding(SUMMONS, days).tolist() == [10.0] * 5 + [20.0] * 5
    assert summons_outstanding({}, days).tolist() == [0.0] * 10


def _result(events, resources):
    ledger = pd.DataFrame({
        "start_day": [1.0], "end_day": [1.0], "person_id": [0],
        "item": pd.Categorical(["court_hearing"], categories=list(COST_ITEMS)),
        "holder": pd.Categorical(["courts"], categories=list(BUDGET_HOLDERS)),
        "amount_gbp": [100.0]})
    return SimpleNamespace(events=events, people=people(2), ledger=ledger, resources=resources,
                           settings={"window": (0.0, 10.0), "horizon_days": 12.0, "scale": 1.0})


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # means of empty tables in a tiny log
def test_summons_background_added_to_outstanding_cases():
    ev = log([("charge", 0.5, 0, 1, MAG, THEFT, EITHER_WAY)])  # outstanding from day 1 to 9
    with_summons = summarise(_result(ev, SUMMONS))
    assert with_summons["mean_court_magistrates_outstanding"] == pytest.approx(0.9)
    assert with_summons["mean_court_magistrates_outstanding_all"] == pytest.approx(0.9 + 15.0)
    without = summarise(_result(ev, {}))
    assert without["mean_court_magistrates_outstanding_all"] == pytest.approx(0.9)
    # the summary and the derived metrics are every catalogued metric but validation's own
    computed = set(with_derived(with_summons))
    assert computed <= set(CATALOGUE), sorted(computed - set(CATALOGUE))
    assert set(CATALOGUE) - computed == VALIDATION_ONLY


VALIDATION_ONLY = {"reoffending_gap_short_custody_vs_community_order",
                   "share_released_employed_women", "share_mental_health_among_arrested",
                   "share_women_in_prison", "mean_prison_devolved",
                   "prison_cost_per_prisoner_year_gbp", "custody_rate_of_convictions",
                   "receptions_not_recall_per_year"}


def test_comparison_reoffending_table_is_the_mean_over_replications():
    def table(config, replication, rate):
        t = reoffending_by_group(proven_reoffending(log(UNDETECTED_LOG), people(2), YEAR))
        return t.assign(config=config, replication=replication, detected_reoffending_rate=rate)

    empty = pd.DataFrame()
    cmp = Comparison("base", ["base", "local"], 1, 2, empty, empty, empty, empty, empty, empty,
                     reoffending=pd.concat([table("base", 0, 0.5), table("base", 1, 0.7),
                                            table("local", 0, 0.1), table("local", 1, 0.2)]))
    g = reoffending_groups(cmp).set_index(["config", "by", "group"])
    assert g.loc[("base", "all", "all"), "detected_reoffending_rate"] == pytest.approx(0.6)
    assert g.loc[("local", "prior_band", "0"), "detected_reoffending_rate"] == pytest.approx(0.15)
    assert g.loc[("local", "all", "all"), "offences_per_index_event"] == pytest.approx(3.5)
    assert (g["replications"] == 2).all() and len(g) == 2 * len(table("base", 0, 0.0))
