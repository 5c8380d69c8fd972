"""Devolved budgets as real budgets: grants, net positions, invest-to-save funded by the net
position, places bought only where a pool lacks them, and charged once (hand-built cases)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from models.analysis.budgets import budget_metrics, budget_positions
from models.config.vocabulary import DAYS_PER_YEAR, HOLDER_LEVEL, Item
from models.pathway.budget import grant_by_holder, grants
from models.pathway.invest_to_save import close_reinvested_places, invest_to_save, level_above
from models.pathway.ledger import Ledger
from sim import Capacity, Environment, LevelLog, ServerPool
from tests.pathway.pathway_helpers import small_scenario

CA = "combined_authority"
DEVOLVE_CUSTODY = {f"budget_holders.{i}": CA for i in ("remand_days", "prison_days", "recall_days")}
YEAR = DAYS_PER_YEAR


def _params(**over):
    """A devolved scenario at scale 1 (so the grants are the values given): the custody items
    held by the combined authority, a grant of 1,000,000 a year for prison days only."""
    o = {"scenario.scale": 1.0, **DEVOLVE_CUSTODY,
         "devolution.grant_remand_days_gbp_per_year": 0.0,
         "devolution.grant_recall_days_gbp_per_year": 0.0,
         "devolution.grant_prison_days_gbp_per_year": 1_000_000.0,
         "devolution.p_savings_reinvested": 1.0, "devolution.share_to_treatment": 1.0,
         "devolution.review_period_years": 1.0, "devolution.reinvestment_lag_years": 0.0,
         "treatment.cost_per_day_gbp": 10.0, **over}
    return small_scenario(scale=1.0, overrides=o).params


def _system(p, horizon_years: float = 4.0, treatment_places: int = 10):
    """Just what the invest-to-save review reads and writes, built by hand."""
    env = Environment()
    return SimpleNamespace(
        p=p, env=env, horizon=horizon_years * YEAR, settings=SimpleNamespace(warmup_days=0.0),
        prison=SimpleNamespace(busy=LevelLog("prison.busy")), long_sentenced=LevelLog("long"),
        treatment_pool=ServerPool(treatment_places, "treatment_places"),
        probation=Capacity(env, 1000, "caseload"), reinvestments=[], reinvested_windows=[],
        ledger=Ledger({k: getattr(p.budget_holders, k) for k in p.budget_holders._data},
                      horizon_years * YEAR))


def _population_for(gbp_per_year: float, p) -> float:
    """The devolved prison population whose cost a year is ``gbp_per_year``."""
    return gbp_per_year / (p.custody.cost_per_prison_day_gbp * YEAR)


def test_no_grant_in_the_centralised_baseline_and_grants_balance_when_devolved():
    base = small_scenario().params
    assert grants(base) == [] and set(grant_by_holder(base).values()) == {0.0}
    p = _params()
    g = grant_by_holder(p)
    assert g[CA] == pytest.approx(1_000_000.0) and g["prisons"] == pytest.approx(-1_000_000.0)
    assert sum(g.values()) == pytest.approx(0.0)  # a transfer: public spending unchanged
    assert {x.item for x in grants(p)} == {"remand_days", "prison_days", "recall_days"}


def test_a_grant_equal_to_spend_gives_a_net_position_of_zero():
    costs = pd.DataFrame({"year": [0, 0, 1, 1], "holder": [CA, "prisons", CA, "prisons"],
                          "level": [HOLDER_LEVEL[CA], "central"] * 2,
                          "cost_gbp": [500.0, 2000.0, 700.0, 2000.0]})
    pos = budget_positions(costs, {CA: 500.0, "prisons": -500.0})
    ca = pos[pos["holder"] == CA].set_index("year")
    assert ca.loc[0, "net_gbp"] == 0.0 and ca.loc[1, "net_gbp"] == -200.0  # year 1: overspend
    assert (pos.loc[pos["holder"] == "prisons", "net_gbp"] == -2500.0).all()
    m = budget_metrics(costs, {CA: 500.0, "prisons": -500.0}, [], [], (0.0, 2 * YEAR))
    assert m["grant_to_local_gbp_per_year"] == 500.0
    assert m["net_position_local_gbp_per_year"] == pytest.approx(-100.0)


def test_an_overspend_is_carried_and_funds_no_reinvestment():
    p = _params()
    s = _system(p)
    pop = _population_for(1_000_000.0, p)
    # year 1: 300,000 over the grant; year 2: 200,000 under; year 3: 300,000 under
    s.prison.busy.set(0.0, pop * 1.3)
    s.prison.busy.set(YEAR, pop * 0.8)
    s.prison.busy.set(2 * YEAR, pop * 0.7)
    s.treatment_pool.queue.change(0.0, 100)  # the pool lacks places throughout
    s.env.process(invest_to_save(s))
    s.env.run(until=s.horizon)
    r = s.reinvestments
    assert [x["net_gbp"] for x in r] == pytest.approx([-300_000.0, 200_000.0, 300_000.0])
    assert [x["carried_gbp"] for x in r] == pytest.approx([-300_000.0, -100_000.0, 0.0])
    assert [x["budget_gbp"] for x in r] == pytest.approx([0.0, 0.0, 200_000.0])
    assert r[0]["treatment_places"] == r[1]["treatment_places"] == 0
    assert r[2]["treatment_places"] == int(200_000.0 // (10.0 * YEAR))  # 54 places affordable


def test_reinvested_places_are_added_only_where_the_pool_lacks_them():
    p = _params()
    pop = _population_for(1_000_000.0, p) * 0.5  # 500,000 saved a year: 136 places affordable
    idle = _system(p, horizon_years=2.0)
    idle.prison.busy.set(0.0, pop)
    idle.env.process(invest_to_save(idle))
    idle.env.run(until=idle.horizon)
    assert idle.reinvestments[0]["treatment_places"] == 0  # never queued: nothing bought
    assert idle.reinvestments[0]["unspent_gbp"] == pytest.approx(500_000.0)
    assert idle.treatment_pool.servers == 10
    busy = _system(p, horizon_years=2.0)
    busy.prison.busy.set(0.0, pop)
    busy.treatment_pool.queue.change(0.0, 4.5)  # a mean queue of 4.5 referrals
    busy.env.process(invest_to_save(busy))
    busy.env.run(until=busy.horizon)
    assert busy.reinvestments[0]["treatment_places_affordable"] == 136
    assert busy.reinvestments[0]["treatment_places"] == 5  # what it lacked, rounded up
    assert busy.treatment_pool.servers == 15


def test_reinvestment_is_charged_once_as_the_places_bought():
    p = _params()
    s = _system(p, horizon_years=3.0)
    s.prison.busy.set(0.0, _population_for(1_000_000.0, p) * 0.5)
    s.treatment_pool.queue.change(0.0, 5)
    s.treatment_pool.queue.change(YEAR, -5)  # the reinvested places absorb the queue ...
    s.treatment_pool.busy.change(YEAR, 12)  # ... and 2 of the 5 are in use (the own 10 first)
    s.env.process(invest_to_save(s))
    s.env.run(until=s.horizon)
    close_reinvested_places(s)
    w = s.reinvested_windows[0]
    assert (w["open_day"], w["places"], w["close_day"]) == (YEAR, 5, 2 * YEAR)
    assert w["used_place_days"] == pytest.approx(2 * YEAR)
    assert w["idle_place_days"] == pytest.approx(3 * YEAR)
    led = s.ledger.to_frame()
    reinv = led[led["item"] == "reinvestment"]
    # only the idle place-days are charged as reinvestment: the used ones are charged as
    # treatment days when used, so the two together are the places bought x days x daily cost
    assert reinv["amount_gbp"].sum() == pytest.approx(3 * YEAR * 10.0)
    used_cost = w["used_place_days"] * 10.0
    assert reinv["amount_gbp"].sum() + used_cost == pytest.approx(5 * YEAR * 10.0)
    assert (reinv["holder"] == CA).all()
    assert Item.REINVESTMENT.name.lower() == "reinvestment"


def test_level_above_integrates_the_excess_over_a_base():
    log = LevelLog("x")
    log.set(0.0, 3.0)
    log.set(10.0, 8.0)
    log.set(20.0, 1.0)
    assert level_above(log, 5.0, 0.0, 30.0) == pytest.approx(30.0)
    assert level_above(log, 5.0, 0.0, 30.0, cap=2.0) == pytest.approx(20.0)
    assert level_above(log, 0.0, 5.0, 15.0) == pytest.approx(5 * 3 + 5 * 8)


@pytest.mark.slow  # four small runs: about 20 s alone, more on a shared machine
def test_the_response_to_a_local_payer_applies_only_when_custody_is_paid_locally():
    from models.analysis.metrics import flows_per_year
    from models.pathway.run import run_replication

    respond = {"devolution.custody_multiplier_if_local_payer": 0.5}
    central = small_scenario(scale=0.001)
    off = run_replication(central, 3)
    same = run_replication(central.with_overrides(respond), 3)  # prisons pay: no response
    assert same.events.equals(off.events) and same.ledger.equals(off.ledger)
    local = small_scenario(scale=0.001, overrides=DEVOLVE_CUSTODY)
    short = [flows_per_year(r.events, r.settings["window"])["short_custody"]
             for r in (run_replication(local, 3, cohort_from=central),
                       run_replication(local.with_overrides(respond), 3, cohort_from=central))]
    assert short[1] < 0.75 * short[0], short  # half the chance: far fewer short sentences


def test_the_response_to_a_local_payer_is_a_reduction_at_most():
    with pytest.raises(Exception, match="custody_multiplier_if_local_payer"):
        small_scenario(overrides={"devolution.custody_multiplier_if_local_payer": 1.2})
