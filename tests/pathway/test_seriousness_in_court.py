"""Seriousness in court: the plea, the verdict and the length of a custodial sentence follow the
case's mode of trial, and a guilty plea shortens the sentence (hand-built and deterministic runs).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from pathway_helpers import (
    ALL,
    COURT_DET,
    NONE,
    court_journey,
    det,
    seriousness_shares,
    small_scenario,
)

from models.config.vocabulary import DAYS_PER_MONTH, Disposal
from models.pathway.events import Ev
from models.pathway.run import run_replication
from sim.stats import with_odds_ratio

KINDS = ("summary", "either_way", "indictable_only")
ODDS = {"summary": 3.0, "either_way": 1.0, "indictable_only": 0.25}


@pytest.mark.parametrize("p, ratio", [(0.5, 3.0), (0.7, 0.6), (0.2, 1.0), (0.01, 50.0)])
def test_with_odds_ratio_hand_computation(p, ratio):
    got = with_odds_ratio(p, ratio)
    assert got / (1 - got) == pytest.approx(p / (1 - p) * ratio, rel=1e-12)
    assert (got > p) == (ratio > 1.0) or ratio == 1.0


def test_with_odds_ratio_keeps_certainty():
    assert with_odds_ratio(0.0, 5.0) == 0.0
    assert with_odds_ratio(1.0, 0.2) == 1.0
    assert with_odds_ratio(0.3, 1.0) == 0.3


def _many(overrides: dict, seed: int = 5):
    """The events of about 6,000 one-case people through the deterministic court (scale 1)."""
    scenario = small_scenario(scale=1.0, overrides=COURT_DET | {
        "population.new_entrants_per_year": 3000.0} | overrides)
    r = run_replication(scenario, root_seed=seed)
    e = r.events
    # only cases charged early enough to have reached a verdict (a trial comes after 300 days)
    charged = e.loc[(e["event"] == Ev.CHARGE)
                    & (e["time_days"] < r.settings["horizon_days"] - 400.0), "case_id"]
    return e[e["case_id"].isin(set(charged))]


def _first_hearing_pleas(events) -> np.ndarray:
    """A guilty plea is heard at the first hearing; a not guilty plea's first hearing is its trial."""
    h = events[events["event"] == Ev.HEARING].drop_duplicates("case_id")
    return h["guilty_plea"].fillna(False).to_numpy(dtype=bool)


@pytest.mark.parametrize("kind", KINDS)
def test_guilty_plea_rate_follows_the_mode_of_trial(kind):
    e = _many({"offences.seriousness_shares": seriousness_shares(kind),
               "court.magistrates.p_guilty_plea": 0.5, "court.crown.p_guilty_plea": 0.5,
               "court.plea_odds_ratio_by_seriousness": ODDS})
    pleas = _first_hearing_pleas(e)
    expected = with_odds_ratio(0.5, ODDS[kind])
    se = math.sqrt(expected * (1 - expected) / len(pleas))
    assert len(pleas) > 4000
    assert abs(pleas.mean() - expected) < 4 * se


@pytest.mark.parametrize("kind", KINDS)
def test_conviction_at_trial_follows_the_mode_of_trial(kind):
    e = _many({"offences.seriousness_shares": seriousness_shares(kind),
               "court.magistrates.p_guilty_plea": 0.0, "court.magistrates.p_convicted_at_trial": 0.5,
               "court.crown.p_convicted_at_trial": 0.5,
               "court.conviction_odds_ratio_by_seriousness": ODDS})
    convicted = (e["event"] == Ev.CONVICTED).sum()
    acquitted = (e["event"] == Ev.ACQUITTED).sum()
    n = convicted + acquitted
    expected = with_odds_ratio(0.5, ODDS[kind])
    assert n > 4000
    assert abs(convicted / n - expected) < 4 * math.sqrt(expected * (1 - expected) / n)


SHORT_ONLY = {"short_custody": 1.0, "suspended": 0.0, "community_order": 0.0, "fine": 0.0,
              "discharge": 0.0}
LENGTHS = {"summary": 0.5, "either_way": 1.0, "indictable_only": 2.0}
SURE = {"sentencing.custody_multiplier_youth": 1.0, "sentencing.custody_multiplier_female": 1.0,
        "sentencing.custody_multiplier_by_seriousness": ALL,
        "sentencing.custody_multiplier_per_prior_offence": 1.0,  # the shares hold for everyone
        "sentencing.guilty_plea_reduction": 1.0 / 3.0}


def _sentence_months(overrides: dict) -> tuple[Disposal, float]:
    _, e = court_journey(SURE | overrides)
    row = e[e["event"] == Ev.SENTENCED].iloc[0]
    return Disposal(int(row["disposal"])), float(row["days"]) / DAYS_PER_MONTH


@pytest.mark.parametrize("kind, plea, months, expected", [
    ("either_way", True, 6.0, 4.0),        # a third off for a guilty plea
    ("either_way", False, 6.0, 6.0),
    ("summary", False, 6.0, 3.0),
    ("summary", True, 6.0, 2.0),
    ("indictable_only", False, 4.0, 8.0),
    ("indictable_only", False, 9.0, 12.0),  # stays a sentence under 12 months (its band)
])
def test_short_custody_length_by_seriousness_and_plea(kind, plea, months, expected):
    court = "crown" if kind == "indictable_only" else "magistrates"
    disposal, got = _sentence_months({
        "offences.seriousness_shares": seriousness_shares(kind),
        "prosecution.p_remand_by_seriousness": NONE,
        f"court.{court}.p_guilty_plea": float(plea),
        "sentencing.shares_magistrates": SHORT_ONLY,
        "sentencing.shares_crown": SHORT_ONLY | {"long_custody": 0.0},
        "sentencing.short_custody_months": det(months),
        "sentencing.length_multiplier_by_seriousness": LENGTHS,
    })
    assert disposal == Disposal.SHORT_CUSTODY
    assert got == pytest.approx(expected, rel=1e-6)  # days are stored as float32


@pytest.mark.parametrize("plea, months, expected", [(False, 30.0, 60.0), (True, 30.0, 40.0),
                                                    (True, 14.0, 18.0 + 2.0 / 3.0),
                                                    (True, 12.0, 16.0)])
def test_long_custody_length_and_its_floor(plea, months, expected):
    disposal, got = _sentence_months({
        "offences.seriousness_shares": seriousness_shares("indictable_only"),
        "court.crown.p_guilty_plea": float(plea),
        "sentencing.shares_crown": {"long_custody": 1.0, "short_custody": 0.0, "suspended": 0.0,
                                    "community_order": 0.0, "fine": 0.0, "discharge": 0.0},
        "sentencing.long_custody_months": det(months),
        "sentencing.length_multiplier_by_seriousness": LENGTHS,
    })
    assert disposal == Disposal.LONG_CUSTODY
    assert got == pytest.approx(expected, rel=1e-6)  # days are stored as float32


def test_a_guilty_plea_below_12_months_stays_long_custody_at_12():
    disposal, got = _sentence_months({
        "offences.seriousness_shares": seriousness_shares("either_way"),
        "prosecution.p_either_way_sent_to_crown_adult": 1.0,
        "court.crown.p_guilty_plea": 1.0,
        "sentencing.shares_crown": {"long_custody": 1.0, "short_custody": 0.0, "suspended": 0.0,
                                    "community_order": 0.0, "fine": 0.0, "discharge": 0.0},
        "sentencing.long_custody_months": det(15.0),
        "sentencing.length_multiplier_by_seriousness": LENGTHS,
    })
    assert disposal == Disposal.LONG_CUSTODY
    assert got == pytest.approx(12.0, rel=1e-6)

