"""Exact timelines: with every duration deterministic, one person's journey is known to the day."""

from __future__ import annotations

import pytest
from pathway_helpers import small_scenario

from models.config.scenario import DAYS_PER_MONTH, DAYS_PER_YEAR
from models.config.vocabulary import OFFENCE_GROUPS, Custody, Disposal
from models.pathway.events import Ev
from models.pathway.run import run_replication


def det(x):
    return {"dist": "deterministic", "value": x}


ALL_SUMMARY = {g: {"summary": 1.0, "either_way": 0.0, "indictable_only": 0.0} for g in OFFENCE_GROUPS}
DETERMINISTIC = {
    "population.new_entrants_per_year": 1000.0, "population.known_active_offenders": 0.0,
    "custody.initial_sentenced_stock": 0.0, "police.detection_delay_days": det(10.0),
    "police.detention_days": det(0.5), "liaison_diversion.p_coverage": 0.0,
    "police.arrest_outcome_shares_adult": {"nfa": 0.0, "out_of_court": 0.0, "charge": 1.0},
    "police.arrest_outcome_shares_youth": {"nfa": 0.0, "out_of_court": 0.0, "charge": 1.0},
    "prosecution.p_either_way_sent_to_crown_adult": 0.0, "prosecution.p_crown_court_youth": 0.0, "offences.seriousness_shares": ALL_SUMMARY,
    "prosecution.p_remand_by_seriousness": {"summary": 0.0, "either_way": 0.0, "indictable_only": 0.0}, "court.magistrates.sitting_days_per_year": 1_250_000.0,
    "court.magistrates.first_hearing_days": det(20.0), "court.magistrates.p_guilty_plea": 1.0,
    "court.magistrates.p_adjourned_for_sentence": 0.0,
    "court.magistrates.summons_cases_per_year": 0.0,
    "sentencing.custody_multiplier_by_seriousness": {"summary": 1.0, "either_way": 1.0,
                                                     "indictable_only": 1.0},
    "court.magistrates.guilty_plea_hearing_days": det(0.1),
    "sentencing.shares_magistrates": {"short_custody": 1.0, "suspended": 0.0, "community_order": 0.0,
                                      "fine": 0.0, "discharge": 0.0},
    "sentencing.custody_multiplier_youth": 1.0, "sentencing.custody_multiplier_female": 1.0,
    "sentencing.custody_multiplier_per_prior_offence": 1.0, "sentencing.short_custody_months": det(4.0),
    "sentencing.length_multiplier_by_seriousness": {"summary": 1.0, "either_way": 1.0,
                                                    "indictable_only": 1.0},
    "sentencing.guilty_plea_reduction": 0.0,  # the drawn length is the sentence
    "custody.technical_recall_rate_per_year_short": 0.0, "resettlement.p_treatment_continuity_if_need": 0.0,
    "reoffending.desistance_rate_per_year": {"10-17": 1e9, "18-24": 1e9, "25+": 1e9},
}


def test_one_short_custody_journey_exact():
    scenario = small_scenario(overrides=DETERMINISTIC)
    r = run_replication(scenario, root_seed=11)
    e = r.events[r.events["person_id"] == 0]
    t0 = float(r.people.loc[0, "first_offence_day"])
    got = [(Ev(int(ev)), round(t - t0, 9)) for ev, t in zip(e["event"], e["time_days"], strict=True)]
    served = 4 * DAYS_PER_MONTH * 0.5
    expected = [
        (Ev.START_AT_RISK, 0.0), (Ev.OFFENCE, 0.0), (Ev.ARREST, 10.0), (Ev.CHARGE, 10.5),
        (Ev.BAIL, 10.5), (Ev.AT_RISK, 10.5), (Ev.DESISTED, 10.5), (Ev.COURT_QUEUE, 30.5), (Ev.HEARING, 30.5), (Ev.CONVICTED, 30.6),
        (Ev.SENTENCED, 30.6), (Ev.PRISON_ENTRY, 30.6), (Ev.RELEASE, 30.6 + served),
        (Ev.RESETTLED, 30.6 + served), (Ev.AT_RISK, 30.6 + served), (Ev.DESISTED, 30.6 + served),
        (Ev.SUPERVISION_START, 30.6 + served),
        # post-sentence supervision: 12 months from release (sentence under 2 years)
        (Ev.SUPERVISION_END, 30.6 + served + 12 * DAYS_PER_MONTH),
    ]
    assert [g[0] for g in got] == [x[0] for x in expected]
    for (ev, t), (_, t_exp) in zip(got, expected, strict=True):
        assert t == pytest.approx(t_exp, abs=1e-6), ev
    sentenced = e[e["event"] == Ev.SENTENCED]
    assert int(sentenced["disposal"].iloc[0]) == Disposal.SHORT_CUSTODY
    assert float(sentenced["days"].iloc[0]) == pytest.approx(4 * DAYS_PER_MONTH, rel=1e-6)
    release = e[e["event"] == Ev.RELEASE]
    assert int(release["custody"].iloc[0]) == Custody.SENTENCED
    # the ledger charges exactly the prison days served at the daily cost
    led = r.ledger[(r.ledger["person_id"] == 0) & (r.ledger["item"] == "prison_days")]
    cost = scenario.params.custody.cost_per_prison_day_gbp
    assert led["amount_gbp"].sum() == pytest.approx(served * cost, rel=1e-9)


def test_remand_credit_shortens_custody():
    """Time on remand counts towards the sentence: release = sentence x 1/2 after remand began."""
    ov = DETERMINISTIC | {"prosecution.p_remand_by_seriousness": {"summary": 1.0, "either_way": 1.0, "indictable_only": 1.0},
                          "sentencing.short_custody_months": det(6.0)}
    r = run_replication(small_scenario(overrides=ov), root_seed=11)
    e = r.events[r.events["person_id"] == 0]
    entry = e[e["event"] == Ev.PRISON_ENTRY]
    assert int(entry["custody"].iloc[0]) == Custody.REMAND
    t_remand = float(entry["time_days"].iloc[0])
    t_release = float(e[e["event"] == Ev.RELEASE]["time_days"].iloc[0])
    assert t_release - t_remand == pytest.approx(6 * DAYS_PER_MONTH * 0.5, abs=1e-6)
    assert (e["event"] == Ev.STATUS_CHANGE).sum() == 1


def test_horizon_units():
    s = small_scenario()
    assert s.settings.window == pytest.approx((DAYS_PER_YEAR, 3 * DAYS_PER_YEAR))
