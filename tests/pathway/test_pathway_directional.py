"""Directional tests: each lever moves its target the right way, beyond the noise.

Paired runs (same seed, same people and per-case draws) over a few replications; the assertion
is that the mean paired difference is beyond 3 standard errors in the expected direction.
"""

from __future__ import annotations

import numpy as np
import pytest
from pathway_helpers import small_scenario

from models.analysis.metrics import court_waits
from models.config.vocabulary import Disposal
from models.pathway.events import Ev
from models.pathway.run import run_replication

SEEDS = (1, 2, 3, 4)
BASE = small_scenario(scale=0.004)


def paired(metric, change, base=BASE):
    diffs = np.array([metric(run_replication(base.with_overrides(change), s)) - metric(run_replication(base, s))
                      for s in SEEDS])
    return diffs.mean(), diffs.std(ddof=1) / np.sqrt(len(diffs))


def count(code, disposals=None):
    def f(r):
        e = r.events[(r.events["event"] == code) & (r.events["time_days"] >= r.settings["window"][0])]
        if disposals is not None:
            e = e[e["disposal"].isin(disposals)]
        return float(len(e))
    return f


def crown_wait(r):
    w = court_waits(r.events, r.settings["window"])
    return float(w.loc[w["court"] == "crown", "queue_days"].mean())


def test_more_crown_sitting_days_shorter_waits():
    congested = BASE.with_overrides({"court.crown.sitting_days_per_year": 75_000.0})  # ~1.2 rooms
    m, se = paired(crown_wait, {"court.crown.sitting_days_per_year": 150_000.0}, base=congested)
    assert m < 0 and abs(m) > 3 * se, (m, se)


def test_more_diversion_fewer_prison_receptions():
    change = {"liaison_diversion.p_coverage": 1.0, "liaison_diversion.p_identified_if_need": 1.0,
              "liaison_diversion.p_referred_if_identified": 1.0,
              "liaison_diversion.p_engaged_if_referred": 1.0,
              "liaison_diversion.p_diverted_if_engaged": 1.0, "liaison_diversion.practitioners": 5000.0}
    m, se = paired(count(Ev.PRISON_ENTRY), change)
    assert m < 0 and abs(m) > 3 * se, (m, se)


def test_no_short_custody_lever_moves_sentences_to_community_orders():
    change = {"sentencing.custody_multiplier_short": 0.0}
    short = count(Ev.SENTENCED, [int(Disposal.SHORT_CUSTODY)])
    co = count(Ev.SENTENCED, [int(Disposal.COMMUNITY_ORDER)])
    m_short, _ = paired(short, change)
    m_co, se_co = paired(co, change)
    base_short = np.mean([short(run_replication(BASE, s)) for s in SEEDS[:2]])
    assert m_short < -0.8 * base_short  # only breach resentencing keeps a few short sentences
    assert m_co > 3 * se_co


def test_homeless_remand_multiplier_raises_remands():
    m, se = paired(count(Ev.REMAND), {"prosecution.remand_odds_ratio_if_homeless": 4.0})
    assert m > 0 and m > 3 * se, (m, se)


@pytest.mark.parametrize("p_job", [0.9])
def test_employment_at_release_lowers_reoffending(p_job):
    from models.analysis.metrics import proven_reoffending

    def rate(r):
        return float(proven_reoffending(r.events, r.people, r.settings["window"])["reoffended"].mean())
    m, se = paired(rate, {"resettlement.p_employed_at_release_men": p_job,
                          "resettlement.p_employed_at_release_women": p_job})
    assert m < 0 and abs(m) > 2 * se, (m, se)
