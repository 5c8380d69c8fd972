"""Small, fast scenarios derived from the shipped default, and helpers for the pathway tests:
hand-built people, and one person through the court with every duration deterministic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models.config.scenario import load_scenario
from models.config.vocabulary import OFFENCE_GROUPS
from models.pathway.entities import Person
from models.pathway.events import Ev
from models.pathway.run import run_replication

SHORT = {"scenario.warmup_years": 1, "scenario.measurement_years": 2, "scenario.followup_months": 18}


def small_scenario(scale: float = 0.002, overrides: dict | None = None):
    """The default scenario at a small scale and a 3.5-year horizon, with dotted overrides."""
    return load_scenario(scale=scale).with_overrides({**SHORT, **(overrides or {})})


def det(x):
    return {"dist": "deterministic", "value": x}


def flag(s: pd.Series) -> np.ndarray:
    return s.fillna(False).to_numpy(dtype=bool)


def make_person(age=30.0, prior=0, budget=1.0, **kw) -> Person:
    fields = dict(person_id=0, female=False, age_at_entry_years=age, entry_day=0.0,
                  mental_health=False, substance_misuse=False, no_accommodation=False,
                  unemployed=False, risk=1.0, prior_offences=prior, desist_budget=budget)
    return Person(**(fields | kw))



# ---------------------------------------------------------------- one person through the court, every duration deterministic

def seriousness_shares(kind: str) -> dict:
    return {g: {k: float(k == kind) for k in ("summary", "either_way", "indictable_only")}
            for g in OFFENCE_GROUPS}


ALL = {"summary": 1.0, "either_way": 1.0, "indictable_only": 1.0}
NONE = {"summary": 0.0, "either_way": 0.0, "indictable_only": 0.0}
FINE = {"short_custody": 0.0, "suspended": 0.0, "community_order": 0.0, "fine": 1.0,
        "discharge": 0.0}

# Every duration deterministic; everyone charged with a summary offence at the magistrates'
# court, bailed, pleads guilty, is fined, and desists (so there is one case per person).
COURT_DET = {
    "population.new_entrants_per_year": 1000.0, "population.known_active_offenders": 0.0,
    "custody.initial_sentenced_stock": 0.0, "police.detection_delay_days": det(10.0),
    "police.detention_days": det(0.5), "liaison_diversion.p_coverage": 0.0,
    "police.p_young_diverted_from_charge": 0.0, "womens_centres.p_referred_if_female": 0.0,
    "police.arrest_outcome_shares_adult": {"nfa": 0.0, "out_of_court": 0.0, "charge": 1.0},
    "police.arrest_outcome_shares_youth": {"nfa": 0.0, "out_of_court": 0.0, "charge": 1.0},
    "prosecution.p_either_way_sent_to_crown_adult": 0.0, "prosecution.p_crown_court_youth": 0.0,
    "offences.seriousness_shares": seriousness_shares("summary"),
    "prosecution.p_remand_by_seriousness": NONE,
    "court.magistrates.sitting_days_per_year": 1_250_000.0, "court.magistrates.summons_cases_per_year": 0.0,
    "court.magistrates.first_hearing_days": det(20.0), "court.magistrates.p_guilty_plea": 1.0,
    "court.magistrates.guilty_plea_hearing_days": det(0.1),
    "court.magistrates.preparation_days": det(30.0), "court.magistrates.trial_days": det(1.0),
    "court.magistrates.p_convicted_at_trial": 1.0,
    "court.magistrates.p_adjourned_for_sentence": 0.0,
    "court.magistrates.adjournment_days": det(21.0),
    "court.crown.sitting_days_per_year": 1_250_000.0, "court.crown.first_hearing_days": det(28.0),
    "court.crown.p_guilty_plea": 0.0, "court.crown.preparation_days": det(300.0),
    "court.crown.trial_days": det(2.0), "court.crown.p_convicted_at_trial": 1.0,
    "court.crown.p_adjourned_for_sentence": 0.0, "court.crown.guilty_plea_hearing_days": det(0.5),
    "court.p_custody_time_limit_extended": 0.0,
    "sentencing.shares_magistrates": FINE, "sentencing.shares_crown": FINE | {"long_custody": 0.0},
    "reoffending.desistance_rate_per_year": {"10-17": 1e9, "18-24": 1e9, "25+": 1e9},
}
REMANDED = {"prosecution.p_remand_by_seriousness": ALL}
NOT_GUILTY = {"court.magistrates.p_guilty_plea": 0.0}


def court_journey(overrides: dict, seed: int = 11) -> tuple[list[tuple[Ev, float]], pd.DataFrame]:
    """Person 0's events from their charge: (event, days since charge), and the rows."""
    r = run_replication(small_scenario(overrides=COURT_DET | overrides), root_seed=seed)
    e = r.events[r.events["person_id"] == 0]
    t_charge = float(e.loc[e["event"] == Ev.CHARGE, "time_days"].iloc[0])
    e = e[e["time_days"] >= t_charge]
    return [(Ev(int(ev)), round(t - t_charge, 9))
            for ev, t in zip(e["event"], e["time_days"], strict=True)], e


def check_journey(got, expected):
    assert [g[0] for g in got] == [x[0] for x in expected], got
    for (ev, t), (_, t_exp) in zip(got, expected, strict=True):
        assert t == pytest.approx(t_exp, abs=1e-6), ev


FINED = [(Ev.SENTENCED, None), (Ev.AT_RISK, None), (Ev.DESISTED, None)]


def fined_at(t):
    return [(ev, t) for ev, _ in FINED]

