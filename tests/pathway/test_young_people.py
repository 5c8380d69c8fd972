"""Young adults to 25 and the youth secure estate (issue 13): hand-built sentencing, the
maturity assessment's age gate and stream, a child's custody costed to the youth secure estate,
the metrics on a hand-built event log, and neutrality when off."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from pathway_helpers import COURT_DET, det, make_person, small_scenario

from models.analysis.young_people import custody_rates_by_age, youth_custody_daily
from models.config.schema import ScenarioError
from models.config.vocabulary import DAYS_PER_MONTH, DAYS_PER_YEAR, Disposal
from models.pathway.disproportionality import EthnicFactors
from models.pathway.draws import SLOTS, U
from models.pathway.entities import Case
from models.pathway.events import Ev
from models.pathway.run import build_system, run_replication
from models.pathway.stages import sentencing, young_adults
from sim import RandomStreams

ONES = {"summary": 1.0, "either_way": 1.0, "indictable_only": 1.0}
# the court's shares hold for everyone: custody 0.4 for a magistrates' case, whatever the record
PLAIN_SENTENCING = {
    "sentencing.shares_magistrates": {"short_custody": 0.4, "suspended": 0.0,
                                      "community_order": 0.3, "fine": 0.3, "discharge": 0.0},
    "sentencing.custody_multiplier_by_seriousness": ONES,
    "sentencing.custody_multiplier_per_prior_offence": 1.0,
    "sentencing.custody_multiplier_youth": 1.0,
}
YOUNG_ADULTS_ONLY = {"population.age_band_shares_new": {"10-17": 0.0, "18-24": 1.0, "25+": 0.0},
                     "population.p_female": 0.0}  # men: no custody multiplier for women
CHILDREN_ONLY = {"population.age_band_shares_new": {"10-17": 1.0, "18-24": 0.0, "25+": 0.0}}


def _context(overrides: dict, u_young_adult: float = 0.0, now: float = 0.0):
    """A hand-built context: the scenario's parameters, a clock, the maturity uniform."""
    p = small_scenario(overrides=PLAIN_SENTENCING | overrides).params
    return SimpleNamespace(p=p, env=SimpleNamespace(now=now), ethnic=EthnicFactors.neutral(),
                           young_adult_uniform=lambda case: u_young_adult)


def _case(person, u_sentence: float) -> Case:
    u = [0.5] * SLOTS
    u[U.SENTENCE] = u_sentence
    return Case(1, person, 0.0, u)


# ---------------------------------------------------------------- sentencing, by hand

@pytest.mark.parametrize("u_sentence, assessed, expected", [
    (0.3, False, Disposal.SHORT_CUSTODY),     # 0.3 < 0.4: custody
    (0.3, True, Disposal.COMMUNITY_ORDER),    # custody 0.4 x 0.5 = 0.2 <= 0.3 < 0.2 + 0.3 + 0.2
    (0.15, True, Disposal.SHORT_CUSTODY),     # 0.15 < 0.2: custody even when assessed
    (0.65, True, Disposal.COMMUNITY_ORDER),   # the moved 0.2 went to community orders
    (0.75, True, Disposal.FINE),              # fines are unchanged
])
def test_a_20_year_old_with_a_maturity_assessment_has_the_lower_custody_chance(
        u_sentence, assessed, expected):
    system = _context({"young_adults.custody_multiplier_if_assessed": 0.5})
    case = _case(make_person(age=20.0), u_sentence)
    case.maturity_assessed = assessed
    assert sentencing._decide(system, case.person, case).disposal == expected


@pytest.mark.parametrize("age, max_age, assessed", [
    (17.9, 25.0, False),   # a child: youth justice, not the young-adult pathway
    (18.0, 25.0, True), (20.0, 25.0, True), (24.99, 25.0, True),
    (25.0, 25.0, False), (40.0, 25.0, False),
    (22.0, 21.0, False), (20.5, 21.0, True),
])
def test_maturity_is_assessed_for_adults_under_the_maximum_age_only(age, max_age, assessed):
    system = _context({"young_adults.p_maturity_assessed": 1.0,
                       "young_adults.max_age_years": max_age}, u_young_adult=0.999)
    case = _case(make_person(age=age), 0.5)
    assert young_adults.assess_maturity(system, case.person, case) is assessed
    assert case.maturity_assessed is assessed


def test_maturity_assessment_reads_its_uniform_against_the_chance():
    for u, expected in ((0.29, True), (0.3, False), (0.9, False)):
        system = _context({"young_adults.p_maturity_assessed": 0.3}, u_young_adult=u)
        case = _case(make_person(age=21.0), 0.5)
        assert young_adults.assess_maturity(system, case.person, case) is expected


def test_breach_rate_of_young_adult_supervision():
    system = _context({"young_adults.breach_multiplier_if_assessed": 0.6})
    case = _case(make_person(age=21.0), 0.5)
    assert young_adults.breach_rate_per_year(system, case, 0.5) == 0.5
    case.maturity_assessed = True
    assert young_adults.breach_rate_per_year(system, case, 0.5) == pytest.approx(0.3, rel=1e-12)


def test_the_maturity_draw_is_a_keyed_stream_of_its_own():
    scenario = small_scenario()
    system, _ = build_system(scenario, 7, 1)
    person = system.people[3]
    case = system.new_case(person, 0.0)
    expected = RandomStreams(7, 1).keyed("young_adult").one(person.person_id, case.index)
    assert system.young_adult_uniform(case) == expected
    assert system.young_adult_uniform(case) == expected  # a pure function of the key
    # the case's own block is the case stream's, untouched
    assert case.uniforms == RandomStreams(7, 1).keyed("case").block(person.person_id, 0, SLOTS)


def test_bad_values_name_the_parameter():
    with pytest.raises(ScenarioError, match="children_held_in"):
        small_scenario(overrides={"youth_custody.children_held_in": "borstal"})
    with pytest.raises(ScenarioError, match="custody_multiplier_if_assessed"):
        small_scenario(overrides={"young_adults.custody_multiplier_if_assessed": 1.5})
    with pytest.raises(ScenarioError, match="placement_shares"):
        small_scenario(overrides={"youth_custody.placement_shares":
                                  {"yoi": 0.5, "secure_training_centre": 0.1,
                                   "secure_childrens_home": 0.1}})


# ---------------------------------------------------------------- through the pathway

def _convictions(overrides: dict, seed: int = 5):
    """About 4,000 one-case young adults through the deterministic court (scale 1)."""
    scenario = small_scenario(scale=1.0, overrides=COURT_DET | PLAIN_SENTENCING
                              | YOUNG_ADULTS_ONLY
                              | {"population.new_entrants_per_year": 2000.0} | overrides)
    r = run_replication(scenario, root_seed=seed)
    return r, custody_rates_by_age(r.events, r.people, (0.0, r.settings["horizon_days"]))


def test_young_adult_custody_rate_falls_by_the_multiplier():
    r, off = _convictions({})
    _, on = _convictions({"young_adults.p_maturity_assessed": 1.0,
                          "young_adults.custody_multiplier_if_assessed": 0.5})
    n = int((r.events["event"] == Ev.CONVICTED).sum())
    assert n > 2500
    for rate, expected in ((off["custody_rate_18_24"], 0.4), (on["custody_rate_18_24"], 0.2)):
        se = math.sqrt(expected * (1 - expected) / n)
        assert abs(rate - expected) < 4 * se, (rate, expected)


def test_intensive_supervision_of_assessed_young_adults_breaches_less_and_costs_more():
    orders = {"sentencing.shares_magistrates": {"short_custody": 0.0, "suspended": 0.0,
                                                "community_order": 1.0, "fine": 0.0,
                                                "discharge": 0.0},
              "sentencing.community_order_months": det(12.0),
              "probation.breach_rate_per_year": 0.5}
    r_off, _ = _convictions(orders)
    r_on, _ = _convictions(orders | {"young_adults.p_maturity_assessed": 1.0,
                                     "young_adults.breach_multiplier_if_assessed": 0.0,
                                     "young_adults.supervision_cost_multiplier_if_assessed": 2.0})
    assert int((r_off.events["event"] == Ev.BREACH).sum()) > 300
    # on: only those 25 or over at sentence (not assessed) breach
    e = r_on.events
    sen = e[e["event"] == Ev.SENTENCED].set_index("case_id")
    age = _age_at(r_on.people, sen)
    assessed = set(sen.index[age < 25.0])
    breached = set(e.loc[e["event"] == Ev.BREACH, "case_id"])
    assert len(assessed) > 1000 and not breached & assessed
    # a day of an assessed young adult's supervision costs twice the standard day
    people = set(sen.loc[sorted(assessed), "person_id"])
    led = r_on.ledger[(r_on.ledger["item"] == "probation_supervision")
                      & r_on.ledger["person_id"].isin(people)]
    per_day = led["amount_gbp"] / (led["end_day"] - led["start_day"])
    standard = small_scenario().params.probation.cost_per_supervision_day_gbp
    assert len(led) > 1000 and np.allclose(per_day, 2.0 * standard, rtol=1e-9)


def _age_at(people: pd.DataFrame, rows: pd.DataFrame) -> np.ndarray:
    pp = people.set_index("person_id")
    pid = rows["person_id"].to_numpy()
    return (pp.loc[pid, "age_at_entry_years"].to_numpy()
            + (rows["time_days"].to_numpy() - pp.loc[pid, "entry_day"].to_numpy()) / DAYS_PER_YEAR)


CHILD_CUSTODY = COURT_DET | CHILDREN_ONLY | {
    "sentencing.shares_magistrates": {"short_custody": 1.0, "suspended": 0.0,
                                      "community_order": 0.0, "fine": 0.0, "discharge": 0.0},
    "sentencing.custody_multiplier_youth": 1.0, "sentencing.custody_multiplier_by_seriousness": ONES,
    "sentencing.custody_multiplier_per_prior_offence": 1.0,
    "sentencing.short_custody_months": det(4.0), "sentencing.guilty_plea_reduction": 0.0,
    "sentencing.length_multiplier_by_seriousness": ONES,
    "custody.technical_recall_rate_per_year_short": 0.0,
    "police.p_young_diverted_from_charge": 0.0,
}


def _children_in_custody(held_in: str):
    scenario = small_scenario(scale=0.5, overrides=CHILD_CUSTODY
                              | {"youth_custody.children_held_in": held_in})
    r = run_replication(scenario, root_seed=11)
    e = r.events
    entry = e[e["event"] == Ev.PRISON_ENTRY]
    return scenario, r, entry.assign(age=_age_at(r.people, entry))


def test_a_16_year_old_in_custody_is_charged_the_youth_estate_not_the_adult_prison_day():
    scenario, r, entry = _children_in_custody("youth_secure_estate")
    y = scenario.params.youth_custody
    day = (0.7 * 60000 + 0.15 * 160000 + 0.15 * 200000) / DAYS_PER_YEAR  # the default mix
    assert sum(y.placement_shares[k] * y.cost_per_place_per_year_gbp[k]
               for k in y.placement_shares) / DAYS_PER_YEAR == pytest.approx(day, rel=1e-12)
    served = 4 * DAYS_PER_MONTH * 0.5
    done = entry["time_days"] + served < r.settings["horizon_days"]  # released in the run
    children = entry[(entry["age"] < 18.0) & done]
    adults = entry[(entry["age"] >= 18.0) & done]
    assert len(children) > 100 and len(adults) > 10
    stays = r.ledger[r.ledger["person_id"] >= 0]
    for pid in children["person_id"].iloc[:50]:
        mine = stays[stays["person_id"] == pid]
        custody = mine[mine["item"].astype(str).isin(
            ["prison_days", "remand_days", "youth_custody_days"])]
        assert list(custody["item"].astype(str)) == ["youth_custody_days"]
        assert custody["amount_gbp"].sum() == pytest.approx(served * day, rel=1e-9)
        assert (custody["holder"].astype(str) == "prisons").all()
    for pid in adults["person_id"].iloc[:20]:  # 18 at reception: an adult prison
        mine = stays[(stays["person_id"] == pid) & (stays["item"].astype(str) == "prison_days")]
        assert mine["amount_gbp"].sum() == pytest.approx(
            served * scenario.params.custody.cost_per_prison_day_gbp, rel=1e-9)
    # children held no adult prison place: the adult estate's busy places are the adults'
    assert r.resources["youth_secure_places"]["capacity"] >= 1
    assert (stays["item"].astype(str) == "youth_custody_days").sum() \
        == (entry["age"] < 18.0).sum()  # one stay each, open ones charged to the horizon


def test_children_in_adult_prisons_by_default_and_the_population_metric_either_way():
    _, r_adult, entry = _children_in_custody("adult_prisons")
    assert (r_adult.ledger["item"].astype(str) == "youth_custody_days").sum() == 0
    _, r_youth, _ = _children_in_custody("youth_secure_estate")
    days = np.arange(0.0, r_adult.settings["horizon_days"], 1.0)
    # the same children are in custody on the same days, wherever they are held
    a = youth_custody_daily(r_adult.events, r_adult.people, days)
    b = youth_custody_daily(r_youth.events, r_youth.people, days)
    assert a.max() > 0 and np.array_equal(a, b)


# ---------------------------------------------------------------- metrics on a hand-built log

def test_youth_custody_daily_pairs_each_reception_with_the_next_release():
    people = pd.DataFrame({"person_id": [0, 1, 2], "age_at_entry_years": [16.0, 30.0, 17.5],
                           "entry_day": [0.0, 0.0, 0.0]})
    rows = [  # (time, person, event)
        (10.0, 0, Ev.PRISON_ENTRY), (20.0, 0, Ev.RELEASE),      # a child: days 10-19
        (12.0, 1, Ev.PRISON_ENTRY), (30.0, 1, Ev.RELEASE),      # an adult
        (50.0, 0, Ev.PRISON_ENTRY), (60.0, 0, Ev.RELEASE),      # the child again: days 50-59
        (0.25 * DAYS_PER_YEAR, 2, Ev.PRISON_ENTRY),             # under 18 at reception, turns 18
    ]
    events = pd.DataFrame({"time_days": [t for t, _, _ in rows],
                           "person_id": [p for _, p, _ in rows],
                           "event": [int(e) for _, _, e in rows], "case_id": 0})
    days = np.array([9.0, 10.0, 19.0, 20.0, 55.0, 60.0, 400.0, 800.0])
    assert list(youth_custody_daily(events, people, days)) == [0, 1, 1, 0, 1, 0, 1, 1]


# ---------------------------------------------------------------- neutral when off

@pytest.fixture(scope="module")
def baseline():
    return run_replication(small_scenario(scale=0.001), root_seed=3)


@pytest.mark.parametrize("overrides", [
    {"young_adults.p_maturity_assessed": 0.9},   # assessed, but the multipliers are 1
    {"young_adults.custody_multiplier_if_assessed": 0.5,   # effects, but nobody assessed
     "young_adults.breach_multiplier_if_assessed": 0.5,
     "young_adults.supervision_cost_multiplier_if_assessed": 2.0},
    {"youth_custody.places": 10.0, "youth_custody.cost_per_place_per_year_gbp":
     {"yoi": 1.0, "secure_training_centre": 2.0, "secure_childrens_home": 3.0}},  # estate unused
])
def test_off_is_identical(baseline, overrides):
    other = run_replication(small_scenario(scale=0.001, overrides=overrides), root_seed=3)
    pd.testing.assert_frame_equal(baseline.events, other.events)
    pd.testing.assert_frame_equal(baseline.ledger, other.ledger)
