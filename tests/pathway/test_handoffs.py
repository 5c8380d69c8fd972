"""Hand-offs between agencies (data sharing): the hand-off part of the wait for a first hearing
on bail, trial preparation, the adjournment for a pre-sentence report and the wait for a
charging decision after release, to the day, for one person with every duration deterministic;
a multiplier of 1 leaves every event as it was; the waits' metrics on hand-built event logs.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import test_pathway_invariants as invariants
from pathway_helpers import (
    ALL,
    COURT_DET,
    check_journey,
    court_journey,
    det,
    fined_at,
    seriousness_shares,
    small_scenario,
)

from models.analysis.handoff_waits import handoff_wait_days, handoff_waits
from models.config.schema import ScenarioError
from models.config.vocabulary import Custody
from models.pathway.events import Ev
from models.pathway.handoffs import shortened
from models.pathway.run import run_replication

REMANDED = {"prosecution.p_remand_by_seriousness": ALL}
NOT_GUILTY = {"court.magistrates.p_guilty_plea": 0.0}
ADJOURNED = {"court.magistrates.p_adjourned_for_sentence": 1.0}  # 21 days in COURT_DET


def lever(multiplier: float, **shares: float) -> dict:
    """The data-sharing multiplier and hand-off shares (``first_hearing=0.3`` ...)."""
    return {"data_sharing.handoff_days_multiplier": multiplier} | {
        f"data_sharing.handoff_share_{k}": v for k, v in shares.items()}


# ---------------------------------------------------------------- the factor

def test_multiplier_one_returns_the_drawn_wait_to_the_bit():
    rng = np.random.default_rng(5)
    for days, share in zip(rng.gamma(2.0, 30.0, 2000), rng.random(2000), strict=True):
        assert shortened(float(days), float(share), 1.0) == float(days)  # ==, not approx


@pytest.mark.parametrize("days, share, mult, want", [
    (21.0, 1.0, 0.5, 10.5), (21.0, 0.4, 0.5, 16.8), (40.0, 0.25, 0.0, 30.0), (10.0, 0.0, 0.2, 10.0),
    (10.0, 0.5, 2.0, 15.0)])
def test_only_the_handoff_part_is_multiplied(days, share, mult, want):
    assert shortened(days, share, mult) == pytest.approx(want, abs=1e-12)


def test_bad_lever_value_is_a_clear_error():
    with pytest.raises(ScenarioError, match="data_sharing.handoff_days_multiplier"):
        small_scenario(overrides={"data_sharing.handoff_days_multiplier": -0.1})
    with pytest.raises(ScenarioError, match="data_sharing.handoff_share_adjournment"):
        small_scenario(overrides={"data_sharing.handoff_share_adjournment": 1.5})


# ---------------------------------------------------------------- court waits, to the day

def test_half_the_handoff_part_of_the_adjournment():
    """Guilty plea on bail at day 20 (convicted 20.1), adjourned 21 days: all of it a hand-off
    and halved, sentenced at 30.6; 40% of it a hand-off, 21 x 0.8 = 16.8 days."""
    got, _ = court_journey(ADJOURNED | lever(0.5, adjournment=1.0, first_hearing=0.0))
    check_journey(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                        (Ev.COURT_QUEUE, 20), (Ev.HEARING, 20), (Ev.CONVICTED, 20.1),
                        *fined_at(30.6)])
    got, _ = court_journey(ADJOURNED | lever(0.5, adjournment=0.4, first_hearing=0.0))
    assert got[-3] == (Ev.SENTENCED, pytest.approx(20.1 + 16.8, abs=1e-9))


def test_first_hearing_on_bail_shortened_remanded_still_next_day():
    got, _ = court_journey(lever(0.5, first_hearing=0.3))  # 20 x (1 - 0.15) = 17
    check_journey(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                        (Ev.COURT_QUEUE, 17), (Ev.HEARING, 17), (Ev.CONVICTED, 17.1),
                        *fined_at(17.1)])
    got, _ = court_journey(REMANDED | lever(0.5, first_hearing=0.3))
    assert (Ev.HEARING, 1.0) in got


def _remand_days(e: pd.DataFrame) -> float:
    rel = e[(e["event"] == Ev.RELEASE) & (e["custody"] == Custody.REMAND)]
    assert len(rel) == 1
    return float(rel["days"].iloc[0])


def test_remanded_defendant_waits_less_in_prison_for_sentence():
    """Remanded, guilty plea the next day (convicted 1.1), adjourned 21 days for a report
    while held: 22.1 days on remand; with 40% of it a hand-off, halved: 1.1 + 16.8."""
    _, e = court_journey(REMANDED | ADJOURNED)
    assert _remand_days(e) == pytest.approx(22.1, abs=1e-4)
    _, e = court_journey(REMANDED | ADJOURNED | lever(0.5, adjournment=0.4))
    assert _remand_days(e) == pytest.approx(17.9, abs=1e-4)


def test_remanded_defendant_waits_less_for_trial():
    """Remanded, not guilty, 40 days' preparation: tried on day 41 and convicted on 42 (42
    days held); a quarter of the preparation a hand-off, halved: 35 days, held 37."""
    _, e = court_journey(REMANDED | NOT_GUILTY | {"court.magistrates.preparation_days": det(40.0)})
    assert _remand_days(e) == pytest.approx(42.0, abs=1e-4)
    got, e = court_journey(REMANDED | NOT_GUILTY | lever(0.5, preparation=0.25)
                           | {"court.magistrates.preparation_days": det(40.0)})
    assert _remand_days(e) == pytest.approx(37.0, abs=1e-4)
    assert (Ev.HEARING, 36.0) in got


def test_shorter_preparation_brings_the_trial_within_the_custody_time_limit():
    """70 days' preparation of a summary case: the 56-day limit bails the defendant on day
    56; with half of it a hand-off, halved (52.5 days), the trial comes on day 53.5, held."""
    base = REMANDED | NOT_GUILTY | {"court.magistrates.preparation_days": det(70.0),
                                    "offences.seriousness_shares": seriousness_shares("summary")}
    got, e = court_journey(base)
    assert (Ev.BAIL, 56.0) in got
    assert _remand_days(e) == pytest.approx(56.0, abs=1e-4)
    got, e = court_journey(base | lever(0.5, preparation=0.5))
    assert [g for g in got if g[0] == Ev.BAIL] == []
    assert _remand_days(e) == pytest.approx(54.5, abs=1e-4)  # trial 53.5, convicted 54.5


# ---------------------------------------------------------------- the charging decision

PENDING = {"data_sharing.p_released_pending_charge": 1.0,
           "data_sharing.pending_charge_days": det(30.0)}


def arrest_journey(overrides: dict, seed: int = 11) -> list[tuple[Ev, float]]:
    """Person 0's events from their first arrest: (event, days since the arrest)."""
    r = run_replication(small_scenario(overrides=COURT_DET | overrides), root_seed=seed)
    e = r.events[r.events["person_id"] == 0]
    t0 = float(e.loc[e["event"] == Ev.ARREST, "time_days"].iloc[0])
    e = e[e["time_days"] >= t0]
    return [(Ev(int(ev)), round(t - t0, 9)) for ev, t in zip(e["event"], e["time_days"],
                                                             strict=True)]


def test_released_pending_charge_then_charged_and_bailed():
    """Detention 0.5 days, released on bail for 30 days, charged at 30.5 and bailed (even
    though every charged defendant would be remanded in the custody suite), first hearing 20
    days later; half of the wait a hand-off, halved: charged at 0.5 + 22.5 = 23."""
    for mult, t_charge in ((1.0, 30.5), (0.5, 23.0)):
        got = arrest_journey(PENDING | REMANDED | lever(mult, charging=0.5, first_hearing=0.0))
        assert [g[0] for g in got[:4]] == [Ev.ARREST, Ev.BAIL, Ev.AT_RISK, Ev.DESISTED]
        assert got[1][1] == pytest.approx(0.5)
        i = [g[0] for g in got].index(Ev.CHARGE)
        assert got[i] == (Ev.CHARGE, pytest.approx(t_charge, abs=1e-9))
        assert got[i + 1] == (Ev.BAIL, pytest.approx(t_charge, abs=1e-9))
        assert Ev.REMAND not in [g[0] for g in got]
        assert (Ev.HEARING, pytest.approx(t_charge + 20.0, abs=1e-9)) in got


def test_no_release_pending_charge_by_default():
    got = arrest_journey({})
    assert [g[0] for g in got[:3]] == [Ev.ARREST, Ev.CHARGE, Ev.BAIL]
    assert got[1][1] == pytest.approx(0.5)


def test_journeys_with_release_pending_charge_are_legal():
    scenario = small_scenario(scale=0.001, overrides={
        "data_sharing.p_released_pending_charge": 0.5, "data_sharing.handoff_days_multiplier": 0.5})
    r = run_replication(scenario, 3)
    invariants.check_journeys(r.events)
    waits = handoff_wait_days(r.events, Ev.ARREST, Ev.CHARGE, (0.0, r.settings["horizon_days"]))
    # about half the charges waited for a decision (mean 60 x 0.75 = 45 days), half did not
    assert np.mean(waits > 2.0) == pytest.approx(0.5, abs=4 * math.sqrt(0.25 / len(waits)))


# ---------------------------------------------------------------- neutrality

def test_multiplier_one_leaves_every_event_as_it_was():
    """At a multiplier of 1 the hand-off shares do nothing: the same events, to the bit."""
    a = run_replication(small_scenario(scale=0.001), 7).events
    b = run_replication(small_scenario(scale=0.001, overrides=lever(
        1.0, charging=0.9, first_hearing=0.9, preparation=0.9, adjournment=0.9)), 7).events
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_shorter_handoffs_shorten_waits_in_a_run():
    """The whole pathway at a small scale, same seed: halving the hand-offs (default shares)
    shortens the median first hearing and sentence waits."""
    s = small_scenario(scale=0.001)
    window = (0.0, s.settings.horizon_days)
    base = handoff_waits(run_replication(s, 7).events, window)
    fast = handoff_waits(run_replication(s.with_overrides(lever(0.5)), 7).events, window)
    assert fast["median_charge_to_first_hearing_days"] < base["median_charge_to_first_hearing_days"]
    assert fast["mean_conviction_to_sentence_days"] < base["mean_conviction_to_sentence_days"]
    assert fast["mean_arrest_to_charge_days"] == pytest.approx(base["mean_arrest_to_charge_days"],
                                                               rel=0.05)


# ---------------------------------------------------------------- the metrics, by hand

def _events(rows):
    rows = [(*r, None)[:4] for r in rows]
    return pd.DataFrame(rows, columns=["time_days", "case_id", "event", "guilty_plea"]).assign(
        event=lambda d: d["event"].map(int))


def test_waits_by_hand():
    ev = _events([
        (10.0, 1, Ev.ARREST), (10.5, 1, Ev.CHARGE), (31.0, 1, Ev.HEARING, True),
        (31.1, 1, Ev.CONVICTED),
        (52.1, 1, Ev.SENTENCED), (400.0, 1, Ev.SENTENCED),  # a later breach sentence: ignored
        (20.0, 2, Ev.ARREST), (80.0, 2, Ev.CHARGE), (81.0, 2, Ev.HEARING, True),
        (90.0, 2, Ev.HEARING, True), (90.5, 2, Ev.CONVICTED), (90.5, 2, Ev.SENTENCED),
        (5.0, 3, Ev.ARREST), (5.5, 3, Ev.CHARGE),  # charged before the window
        (30.0, 4, Ev.ARREST), (30.5, 4, Ev.CHARGE), (95.0, 4, Ev.HEARING, False),  # a trial
    ])
    out = handoff_waits(ev, (10.0, 100.0))
    assert out["mean_arrest_to_charge_days"] == pytest.approx((0.5 + 60.0 + 0.5) / 3)
    assert handoff_wait_days(ev, Ev.CHARGE, Ev.HEARING, (10.0, 100.0)).tolist() == [20.5, 1.0,
                                                                                   64.5]
    assert out["median_charge_to_first_hearing_days"] == pytest.approx((20.5 + 1.0) / 2)
    assert out["mean_conviction_to_sentence_days"] == pytest.approx((21.0 + 0.0) / 2)
    assert handoff_wait_days(ev, Ev.ARREST, Ev.CHARGE, (0.0, 10.0)).tolist() == [0.5]
    assert math.isnan(handoff_waits(ev, (500.0, 600.0))["mean_arrest_to_charge_days"])


def test_a_spell_awaiting_the_charging_decision_reads_the_case_s_own_draws():
    """Released pending charge, the spell reads the case's hand-off draws, not the person's next
    spell draws: the spells that follow keep their luck (common random numbers)."""
    from models.pathway.cohort import generate_cohort
    from models.pathway.system import System
    from sim import RandomStreams

    scenario = small_scenario(scale=0.001)
    streams = RandomStreams(3, 0)
    system = System(scenario, streams, generate_cohort(scenario, streams))
    person = system.people[0]
    case = system.new_case(person, 10.0)
    pending = system.spell_draws(person, pending=case)
    assert person.spells_drawn == 0
    assert pending == system.spell_draws(person, pending=case)  # the case's own, every time
    first_own = system.spell_draws(person)
    assert person.spells_drawn == 1 and first_own != pending
