"""Ethnicity and disproportionality (issue 13): the cohort's groups, the factors at each decision,
the neutral switch, and the relative rate index on hand-built event tables."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from pathway_helpers import make_person, small_scenario

from models.analysis.disproportionality import disproportionality_table, ethnicity_metrics
from models.config.scenario import load_scenario
from models.config.schema import ScenarioError
from models.config.vocabulary import (
    ETHNICITIES,
    Custody,
    Disposal,
    Ethnicity,
    OffenceGroup,
    Seriousness,
)
from models.pathway.cohort import arrestee_ethnicity_shares, generate_cohort
from models.pathway.disproportionality import EthnicFactors, normalised
from models.pathway.draws import SLOTS, U
from models.pathway.entities import Case
from models.pathway.events import Ev
from models.pathway.run import run_replication
from models.pathway.stages.arrest import Outcome, charging_decision
from models.pathway.stages.charge import p_remand
from models.pathway.stages.sentencing import sentence
from sim import RandomStreams

ONES = dict.fromkeys(ETHNICITIES, 1.0)
NEUTRAL = {"ethnicity.out_of_court_multiplier": ONES, "ethnicity.remand_odds_ratio": ONES,
           "ethnicity.custody_multiplier": ONES, "ethnicity.custody_multiplier_drugs": ONES}
W, B = int(Ethnicity.WHITE), int(Ethnicity.BLACK)


# ---------------------------------------------------------------- the factors

def test_equal_multipliers_give_exactly_one():
    assert normalised([1.0] * 5, [0.8, 0.1, 0.05, 0.03, 0.02]) == [1.0] * 5
    assert normalised([2.5] * 5, [0.3, 0.3, 0.2, 0.1, 0.1]) == [1.0] * 5  # only relative size counts


def test_normalised_keeps_the_weighted_mean_at_one():
    w = [0.8, 0.083, 0.055, 0.037, 0.022]
    f = normalised([1.0, 1.4, 1.2, 1.2, 1.2], w)
    assert sum(a * b for a, b in zip(w, f, strict=True)) / sum(w) == pytest.approx(1.0, rel=1e-12)
    assert f[1] / f[0] == pytest.approx(1.4, rel=1e-12)  # the ratios against White are kept


def test_neutral_parameters_give_neutral_factors():
    p = load_scenario("centralised").with_overrides(NEUTRAL).params
    f = EthnicFactors.from_params(p, arrestee_ethnicity_shares(p.population).tolist())
    assert f == EthnicFactors.neutral()


def test_closing_the_out_of_court_gap_raises_minorities_to_white_and_leaves_white():
    base = load_scenario("centralised").params
    w = arrestee_ethnicity_shares(base.population).tolist()
    today = EthnicFactors.from_params(base, w)
    closed = EthnicFactors.from_params(
        base.__class__({**base._data, "ethnicity": {**base.ethnicity._data,
                                                    "out_of_court_gap_closed": 1.0}}), w)
    assert today.out_of_court[B] < today.out_of_court[W]
    assert closed.out_of_court == pytest.approx([today.out_of_court[W]] * 5, rel=1e-12)
    assert closed.remand_odds == today.remand_odds and closed.custody == today.custody


def test_a_bad_multiplier_is_refused_naming_it():
    with pytest.raises(ScenarioError, match="ethnicity.remand_odds_ratio"):
        load_scenario("centralised").with_overrides(
            {"ethnicity.remand_odds_ratio": ONES | {"black": 0.0}})


# ---------------------------------------------------------------- the decisions, on hand-built cases

def _system(overrides: dict | None = None):
    p = load_scenario("centralised").with_overrides(overrides or {}).params
    return SimpleNamespace(p=p, env=SimpleNamespace(now=0.0), events=SimpleNamespace(
        sentenced=lambda *a: None), ethnic=EthnicFactors.from_params(
            p, arrestee_ethnicity_shares(p.population).tolist()))


def _case(person, seriousness=Seriousness.EITHER_WAY, group=OffenceGroup.THEFT, u=None) -> Case:
    c = Case(case_id=1, person=person, offence_day=0.0, uniforms=list(u or [0.5] * SLOTS),
             seriousness=int(seriousness))
    c.offence_group = int(group)
    return c


@pytest.mark.parametrize("ratio", [1.0, 1.5, 3.0])
def test_a_remand_odds_ratio_above_one_raises_that_groups_remand(ratio):
    system = _system({"ethnicity.remand_odds_ratio": ONES | {"black": ratio}})
    white, black = make_person(prior=4), make_person(prior=4, ethnicity=B)
    pw, pb = p_remand(system, white, _case(white)), p_remand(system, black, _case(black))
    odds = lambda q: q / (1 - q)  # noqa: E731
    assert odds(pb) / odds(pw) == pytest.approx(ratio, rel=1e-12)
    if ratio > 1:
        assert pb > pw
    else:
        assert pb == pw == p_remand(_system(NEUTRAL), white, _case(white))


def test_the_out_of_court_multiplier_moves_a_case_from_caution_to_charge():
    system = _system()
    shares = system.p.police.arrest_outcome_shares_adult
    f = system.ethnic.out_of_court
    # a uniform inside White's out-of-court band but beyond Black's
    u_out = shares["nfa"] + shares["out_of_court"] * (f[W] + f[B]) / 2
    u = [0.99] * SLOTS
    u[U.ARREST_OUTCOME] = u_out
    white, black = make_person(prior=0), make_person(prior=0, ethnicity=B)
    assert charging_decision(system, white, _case(white, u=u)).outcome == Outcome.OUT_OF_COURT
    assert charging_decision(system, black, _case(black, u=u)).outcome == Outcome.CHARGE
    neutral = _system(NEUTRAL)
    assert u_out < shares["nfa"] + shares["out_of_court"]  # without the factors: out of court
    assert charging_decision(neutral, black, _case(black, u=u)).outcome == Outcome.OUT_OF_COURT


def test_custody_multipliers_apply_to_drug_offences_on_top():
    system = _system({"ethnicity.custody_multiplier": ONES | {"black": 1.2},
                      "ethnicity.custody_multiplier_drugs": ONES | {"black": 1.5}})
    f = system.ethnic
    assert f.custody[B] / f.custody[W] == pytest.approx(1.2)
    assert f.custody_drugs[B] / f.custody_drugs[W] == pytest.approx(1.5)
    shares = system.p.sentencing.shares_magistrates
    # the chance of custody of a reference defendant (prior = reference) times the factors
    prior = int(system.p.sentencing.custody_reference_prior_offences)
    base = shares["short_custody"] * system.p.sentencing.custody_multiplier_by_seriousness[
        "either_way"]

    def custodial(person, group, u_sentence):
        u = [0.5] * SLOTS
        u[U.SENTENCE] = u_sentence
        return sentence(system, person, _case(person, group=group, u=u)).custodial

    white, black = make_person(age=30, prior=prior), make_person(age=30, prior=prior, ethnicity=B)
    between = base * (f.custody[W] + f.custody[B]) / 2  # White's chance < u < Black's
    assert not custodial(white, OffenceGroup.THEFT, between)
    assert custodial(make_person(age=30, prior=prior, ethnicity=B), OffenceGroup.THEFT, between)
    drugs_between = base * (f.custody[B] + f.custody[B] * f.custody_drugs[B]) / 2
    assert not custodial(black, OffenceGroup.THEFT, drugs_between)
    assert custodial(make_person(age=30, prior=prior, ethnicity=B), OffenceGroup.DRUGS,
                     drugs_between)


# ---------------------------------------------------------------- the cohort and the neutral switch

def test_ethnicity_has_its_own_stream_and_the_arrestees_shares():
    s = small_scenario(scale=0.01)
    a = generate_cohort(s, RandomStreams(11, 0)).columns
    everyone_white = s.with_overrides({"population.arrest_rate_multiplier_by_ethnicity":
                                       ONES | {e: 1e-9 for e in ETHNICITIES if e != "white"}})
    b = generate_cohort(everyone_white, RandomStreams(11, 0)).columns
    for k in a:  # no other draw moves
        if k != "ethnicity":
            np.testing.assert_array_equal(a[k], b[k], err_msg=k)
    at_liberty = a["origin"] < 2
    eth = a["ethnicity"][at_liberty]
    n, share = len(eth), arrestee_ethnicity_shares(s.params.population)
    for i in range(len(ETHNICITIES)):
        se = math.sqrt(share[i] * (1 - share[i]) / n)
        assert abs((eth == i).mean() - share[i]) < 4 * se, ETHNICITIES[i]
    assert (b["ethnicity"][at_liberty] == W).all()


def test_with_every_multiplier_one_ethnicity_changes_nothing():
    s = small_scenario(scale=0.001).with_overrides(NEUTRAL)
    a = run_replication(s, 3)
    b = run_replication(s.with_overrides({"population.arrest_rate_multiplier_by_ethnicity": ONES,
                                          "population.ethnicity_shares_stock":
                                          {"white": 0.2, "black": 0.2, "asian": 0.2,
                                           "mixed": 0.2, "other": 0.2}}), 3)
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.ledger, b.ledger)
    assert not a.people["ethnicity"].equals(b.people["ethnicity"])


# ---------------------------------------------------------------- the RRI on a hand-built event table

def _events(rows):
    df = pd.DataFrame(rows, columns=["time_days", "person_id", "case_id", "event", "custody",
                                     "disposal"])
    return df.astype({"event": np.int64, "custody": np.int64, "disposal": np.int64})


def _hand_built():
    # people 0-3 White, 4-5 Black
    people = pd.DataFrame({"person_id": range(6), "ethnicity": pd.Categorical.from_codes(
        [W, W, W, W, B, B], categories=list(ETHNICITIES))})
    A, OC, C, R, V, S = (int(Ev.ARREST), int(Ev.OUT_OF_COURT), int(Ev.CHARGE), int(Ev.REMAND),
                        int(Ev.CONVICTED), int(Ev.SENTENCED))
    rem, rec, sc, fine = int(Custody.REMAND), int(Custody.RECALL), int(Disposal.SHORT_CUSTODY), \
        int(Disposal.FINE)
    rows = []
    for pid in range(4):  # White: 4 arrests, 2 out of court, 2 charged, 1 remanded, 2 convicted
        rows.append((10.0, pid, pid, A, -1, -1))
    rows += [(11.0, 0, 0, OC, -1, -1), (11.0, 1, 1, OC, -1, -1),
             (11.0, 2, 2, C, -1, -1), (11.0, 3, 3, C, -1, -1), (11.0, 2, 2, R, rem, -1),
             (50.0, 2, 2, V, -1, -1), (50.0, 3, 3, V, -1, -1),
             (50.0, 2, 2, S, -1, sc), (50.0, 3, 3, S, -1, fine)]  # 1 custody of 2
    # Black: 2 arrests, 0 out of court, 2 charged, 2 remanded (+1 recall, left out), 2 convicted,
    # 2 custody; a breach custody of a case not convicted in the window is left out
    rows += [(10.0, 4, 4, A, -1, -1), (10.0, 5, 5, A, -1, -1), (11.0, 4, 4, C, -1, -1),
             (11.0, 5, 5, C, -1, -1), (11.0, 4, 4, R, rem, -1), (11.0, 5, 5, R, rem, -1),
             (12.0, 5, 9, R, rec, -1),
             (60.0, 4, 4, V, -1, -1), (60.0, 5, 5, V, -1, -1), (60.0, 4, 4, S, -1, sc),
             (60.0, 5, 5, S, -1, sc), (70.0, 5, 8, S, -1, sc),
             (500.0, 4, 7, A, -1, -1)]  # outside the window
    ledger = pd.DataFrame({"start_day": [50.0, 60.0, 60.0, 0.0], "end_day": [80.0, 90.0, 150.0, 10.0],
                           "person_id": [2, 4, 5, 0], "item": ["prison_days", "prison_days",
                                                                "prison_days_long", "police_custody"]})
    return _events(rows), people, ledger


def test_rri_on_a_hand_built_event_table():
    events, people, ledger = _hand_built()
    pop = {"white": 0.8, "black": 0.2, "asian": 0.0, "mixed": 0.0, "other": 0.0}
    t = disproportionality_table(events, people, ledger, (0.0, 100.0), pop).set_index(
        ["decision", "ethnicity"])
    def row(d, e):  # noqa: E306
        return t.loc[(d, e)]
    # arrest: White 4/6 of arrests over 0.8 of people; Black 2/6 over 0.2
    assert row("arrest", "white")["rate"] == pytest.approx((4 / 6) / 0.8)
    assert row("arrest", "black")["rri"] == pytest.approx(((2 / 6) / 0.2) / ((4 / 6) / 0.8))
    assert row("out_of_court", "white")["rate"] == pytest.approx(0.5)
    assert row("out_of_court", "black")["rri"] == 0.0
    assert row("charge", "black")["rri"] == pytest.approx(1.0 / 0.5)
    assert row("remand", "white")["rate"] == pytest.approx(0.5)
    assert row("remand", "black")["count"] == 2.0  # the recall is left out
    assert row("remand", "black")["rri"] == pytest.approx(2.0)
    assert row("conviction", "black")["rri"] == pytest.approx(1.0)
    assert row("custody", "black")["count"] == 2.0  # the breach custody is left out
    assert row("custody", "black")["rri"] == pytest.approx(1.0 / 0.5)
    # prison days in the window: White 30 (person 2), Black 30 + 40
    assert row("prison", "black")["count"] == pytest.approx(70.0)
    assert row("prison", "black")["rri"] == pytest.approx((0.7 / 0.2) / (0.3 / 0.8))
    assert math.isnan(row("custody", "asian")["rri"])  # no convictions: no rate
    m = ethnicity_metrics(events, people, ledger, (0.0, 100.0))
    assert m["share_bame_in_prison"] == pytest.approx(0.7)
    assert m["share_black_in_prison"] == pytest.approx(0.7)
    assert m["rri_custody_black"] == pytest.approx(2.0)
    assert m["rri_remand_bame"] == pytest.approx(2.0)
    assert m["rri_out_of_court_black"] == 0.0


def test_without_population_shares_the_arrest_and_prison_rows_are_left_out():
    events, people, ledger = _hand_built()
    t = disproportionality_table(events, people, ledger, (0.0, 100.0))
    assert set(t["decision"]) == {"out_of_court", "charge", "remand", "conviction", "custody"}


def test_the_proposed_lever_loads_as_an_overlay_and_halves_the_gap_at_half_fidelity():
    from models.config.overlay import apply_overlay, overlay_from_tree
    lever = {"what": "out-of-court eligibility without an admission of guilt",
             "why": "the trust deficit (003:875-879)", "source": "003:875-879",
             "range": [0.0, 1.0], "set": {"ethnicity.out_of_court_gap_closed": 1.0}}
    ov = overlay_from_tree({"overlay": {"name": "equal_access", "base": "centralised",
                                        "fidelity": 1.0},
                            "levers": {"no_admission_for_out_of_court": lever}})
    base = load_scenario("centralised")
    w = arrestee_ethnicity_shares(base.params.population).tolist()
    half = apply_overlay(base, ov, 0.5).params
    assert half.ethnicity.out_of_court_gap_closed == pytest.approx(0.5)
    today, f = EthnicFactors.from_params(base.params, w), EthnicFactors.from_params(half, w)
    assert f.out_of_court[W] == today.out_of_court[W]
    assert f.out_of_court[B] - today.out_of_court[B] == pytest.approx(
        (today.out_of_court[W] - today.out_of_court[B]) / 2, rel=1e-12)
