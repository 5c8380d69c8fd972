"""Prevention (new entrants kept from their first offence) and integrated offender management
of prolific offenders: on hand-built cases, then on a small run (off = identical)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from pathway_helpers import make_person, small_scenario

from models.config.vocabulary import Disposal, Item
from models.pathway.event_log import EventLog
from models.pathway.events import Ev
from models.pathway.hazard import HazardModel
from models.pathway.run import run_replication
from models.pathway.stages import prevention, reoffending

SEED = 20240607


class _Ledger:
    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def charge(self, *row) -> None:
        self.rows.append(row)


def _system(overrides: dict, u_person: float, u_time: float = 0.5):
    params = small_scenario(overrides=overrides).params
    return SimpleNamespace(p=params, hazard=HazardModel(params), events=EventLog(),
                           ledger=_Ledger(), horizon=1e7, mean_cost_of_crime_gbp=1000.0,
                           spell_draws=lambda person, case=None: (0.0, u_time, 5.0),
                           person_uniform=lambda stream, person: u_person)


PREVENT = {"prevention.p_first_offence_prevented": {"10-17": 0.2, "18-24": 0.0, "25+": 0.0},
           "prevention.participants_per_prevented_entrant": 8.0,
           "prevention.cost_per_participant_gbp": 1500.0}


@pytest.mark.parametrize(("age", "u", "prevented"), [
    (15.0, 0.19, True), (15.0, 0.21, False),   # the child's own uniform against 0.2
    (20.0, 0.01, False),                        # no programme for 18-24 here
])
def test_prevention_keeps_a_new_entrant_by_age_band_and_own_uniform(age, u, prevented):
    system = _system(PREVENT, u)
    person = make_person(age=age)
    assert prevention.first_offence_prevented(system, person, 100.0) is prevented
    e = system.events.to_frame()
    assert (e["event"] == Ev.PREVENTED).sum() == int(prevented)
    assert system.ledger.rows == ([(Item.PREVENTION, 0, 100.0, 100.0, 8 * 1500.0)]
                                  if prevented else [])


IOM = {"offender_management.p_managed_if_prolific": 0.5,
       "offender_management.min_prior_offences": 16,
       "offender_management.hr_if_managed": 0.8,
       "offender_management.cost_per_managed_day_gbp": 10.0}


@pytest.mark.parametrize(("prior", "u", "managed"), [
    (16, 0.49, True), (16, 0.51, False), (15, 0.01, False), (40, 0.0, True)])
def test_a_prolific_offender_is_managed_with_a_lower_hazard_and_a_daily_cost(prior, u, managed):
    system = _system(IOM, u)
    off = _system({}, u)
    person, twin = make_person(prior=prior, budget=math.inf), make_person(prior=prior, budget=math.inf)
    nxt = reoffending.begin_spell(system, person, 100.0, Disposal.COMMUNITY_ORDER, False, False)
    ref = reoffending.begin_spell(off, twin, 100.0, Disposal.COMMUNITY_ORDER, False, False)
    hr = system.events.to_frame().query("event == @Ev.AT_RISK")["hazard_ratio"].iloc[0]
    hr_off = off.events.to_frame().query("event == @Ev.AT_RISK")["hazard_ratio"].iloc[0]
    assert hr == pytest.approx(hr_off * (0.8 if managed else 1.0))
    assert (nxt.offence_day > ref.offence_day) is managed  # a lower hazard: later, same luck
    reoffending.end_spell(system, person, nxt.offence_day)
    iom = [r for r in system.ledger.rows if r[0] == Item.OFFENDER_MANAGEMENT]
    if managed:
        assert iom == [(Item.OFFENDER_MANAGEMENT, 0, 100.0, nxt.offence_day,
                        pytest.approx((nxt.offence_day - 100.0) * 10.0))]
    else:
        assert iom == []
    assert not person.managed  # the spell is closed


def _tables(result):
    return {k: getattr(result, k) for k in ("events", "ledger", "people")}


@pytest.fixture(scope="module")
def runs():
    off = small_scenario()
    on = off.with_overrides({**PREVENT, **IOM})
    zero_effect = off.with_overrides({**IOM, "offender_management.hr_if_managed": 1.0,
                                      "offender_management.cost_per_managed_day_gbp": 0.0})
    return (run_replication(off, SEED), run_replication(on, SEED, cohort_from=off),
            run_replication(zero_effect, SEED, cohort_from=off))


def test_switched_on_both_act_on_a_run(runs):
    off, on, _ = runs
    e = on.events
    prevented = e[e["event"] == Ev.PREVENTED]
    assert len(prevented) > 0
    # nobody prevented is ever arrested, and everyone prevented is a new entrant under 18
    arrested = set(e.loc[e["event"] == Ev.ARREST, "person_id"])
    assert not arrested & set(prevented["person_id"])
    people = on.people.set_index("person_id")
    assert (people.loc[prevented["person_id"], "origin"] == "new").all()
    ages = people.loc[prevented["person_id"], "age_at_entry_years"].to_numpy() \
        + (prevented["time_days"].to_numpy() - people.loc[prevented["person_id"], "entry_day"].to_numpy()) / 365.25
    assert (ages < 18.0).all()
    assert (on.ledger["item"] == "offender_management").sum() > 0
    assert (e["event"] == Ev.ARREST).sum() < (off.events["event"] == Ev.ARREST).sum()


def test_without_effect_or_cost_management_changes_nothing_else(runs):
    off, _, zero = runs
    pd.testing.assert_frame_equal(off.events, zero.events, check_exact=True)
    pd.testing.assert_frame_equal(off.people, zero.people, check_exact=True)
    led = zero.ledger[zero.ledger["item"] != "offender_management"].reset_index(drop=True)
    pd.testing.assert_frame_equal(off.ledger.reset_index(drop=True), led, check_exact=True)
    assert np.isclose(zero.ledger.loc[zero.ledger["item"] == "offender_management",
                                      "amount_gbp"].sum(), 0.0)
