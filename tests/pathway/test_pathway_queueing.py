"""Queueing theory on the pathway: an M/M/c magistrates' court against Erlang C; Little's law."""

from __future__ import annotations

import numpy as np
from pathway_helpers import small_scenario

from models.analysis.metrics import court_waits, daily_populations
from models.config.scenario import DAYS_PER_YEAR
from models.config.vocabulary import OFFENCE_GROUPS, Custody
from models.pathway.events import Ev
from models.pathway.run import run_replication
from sim.stats import erlang_c_mean_wait

SCALE, ENTRANTS, ROOMS = 0.01, 100_000.0, 300.0  # 1,000 arrivals a year, 3 courtrooms
SITTING_DAYS = ROOMS * 250.0
LAM = ENTRANTS * SCALE / DAYS_PER_YEAR            # per day
RHO = 0.75
MEAN_HEARING = RHO * 3 / LAM                       # days, so that lambda / (c mu) = RHO

ALL_SUMMARY = {g: {"summary": 1.0, "either_way": 0.0, "indictable_only": 0.0} for g in OFFENCE_GROUPS}
COURT_ONLY = {
    "scenario.warmup_years": 1, "scenario.measurement_years": 20, "scenario.followup_months": 18,
    "population.new_entrants_per_year": ENTRANTS, "population.known_active_offenders": 0.0,
    "custody.initial_sentenced_stock": 0.0, "liaison_diversion.p_coverage": 0.0,
    "reoffending.desistance_rate_per_year": {"10-17": 1e9, "18-24": 1e9, "25+": 1e9},
    "police.arrest_outcome_shares_adult": {"nfa": 0.0, "out_of_court": 0.0, "charge": 1.0},
    "police.arrest_outcome_shares_youth": {"nfa": 0.0, "out_of_court": 0.0, "charge": 1.0},
    "prosecution.p_either_way_sent_to_crown_adult": 0.0, "prosecution.p_crown_court_youth": 0.0, "offences.seriousness_shares": ALL_SUMMARY,
    "prosecution.p_remand_by_seriousness": {"summary": 0.0, "either_way": 0.0, "indictable_only": 0.0}, "probation.breach_rate_per_year": 0.0,
    "court.magistrates.sitting_days_per_year": SITTING_DAYS, "court.magistrates.p_guilty_plea": 1.0,
    "court.magistrates.first_hearing_days": {"dist": "deterministic", "value": 7.0},
    "court.magistrates.p_adjourned_for_sentence": 0.0,
    "court.magistrates.summons_cases_per_year": 0.0,
    "court.magistrates.guilty_plea_hearing_days": {"dist": "exponential", "mean": MEAN_HEARING},
}


def batch_means_ci(x, batches=20):
    b = np.array_split(np.asarray(x), batches)
    m = np.array([v.mean() for v in b])
    return m.mean(), m.std(ddof=1) / np.sqrt(batches)


def test_mmc_court_matches_erlang_c():
    """Detection delays, detention and preparation are iid, so arrivals to the court stay Poisson."""
    r = run_replication(small_scenario(SCALE, COURT_ONLY), root_seed=2024)
    w = court_waits(r.events, r.settings["window"])
    w = w[w["court"] == "magistrates"]
    assert len(w) > 15_000
    mean, se = batch_means_ci(w["queue_days"].to_numpy())
    expected = erlang_c_mean_wait(3, LAM, 1 / MEAN_HEARING)
    assert abs(mean - expected) < 4 * se, (mean, expected, se)


def test_littles_law_on_prison_stock():
    """L = lambda W for short custodial stays (bounded, so window edges matter little)."""
    ov = COURT_ONLY | {
        "court.magistrates.sitting_days_per_year": 1_250_000.0,
        "sentencing.shares_magistrates": {"short_custody": 1.0, "suspended": 0.0,
                                          "community_order": 0.0, "fine": 0.0, "discharge": 0.0},
        "sentencing.custody_multiplier_youth": 1.0, "sentencing.custody_multiplier_female": 1.0,
        "custody.technical_recall_rate_per_year_short": 0.0,
    }
    r = run_replication(small_scenario(SCALE, ov), root_seed=7)
    a, b = r.settings["window"]
    ev = r.events
    entries = ev[(ev["event"] == Ev.PRISON_ENTRY) & (ev["custody"] == Custody.SENTENCED)]
    rel = ev[(ev["event"] == Ev.RELEASE) & (ev["custody"] == Custody.SENTENCED)]
    stays = entries[["case_id", "time_days"]].merge(
        rel[["case_id", "time_days"]], on="case_id", suffixes=("_in", "_out"))
    inside = stays[(stays["time_days_in"] >= a) & (stays["time_days_in"] < b)]
    lam = len(inside) / (b - a)
    w_mean = (inside["time_days_out"] - inside["time_days_in"]).mean()
    daily = daily_populations(ev, r.settings["horizon_days"])
    days = daily[(daily["day"] >= a) & (daily["day"] < b)]
    occupancy = days["prison_sentenced"].mean()
    # Edge effect: stays straddling a window boundary, at most (people in at each edge) x
    # (longest stay) / window length; plus daily sampling of a step function (one stay-day per
    # entry at most, averaged over the window).
    longest = (stays["time_days_out"] - stays["time_days_in"]).max()
    at_edges = days["prison_sentenced"].iloc[[0, -1]].sum()
    tol = at_edges * longest / (b - a) + lam * 1.0
    assert abs(occupancy - lam * w_mean) <= tol, (occupancy, lam * w_mean, tol)
    assert occupancy > 20  # a non-trivial stock, so the check has power
