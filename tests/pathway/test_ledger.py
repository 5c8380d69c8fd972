"""The ledger: costs over a stay keep their entry; one-off costs are summed by item and day."""

from __future__ import annotations

import pytest

from models.config.vocabulary import BUDGET_HOLDERS, COST_ITEMS, Item
from models.pathway.ledger import Ledger

HOLDERS = {item: BUDGET_HOLDERS[i % len(BUDGET_HOLDERS)] for i, item in enumerate(COST_ITEMS)}


def test_one_off_costs_are_summed_by_item_and_day_and_stays_kept():
    led = Ledger(HOLDERS, horizon_days=10.0)
    led.charge(Item.POLICE_CUSTODY, 1, 2.2, 2.2, 100.0)
    led.charge(Item.POLICE_CUSTODY, 2, 2.9, 2.9, 50.0)   # same item, same day: summed
    led.charge(Item.POLICE_CUSTODY, 3, 3.0, 3.0, 7.0)    # the next day
    led.charge(Item.COST_OF_CRIME, 1, 2.5, 2.5, 1000.0)  # another item, same day
    led.charge(Item.COST_OF_CRIME, 4, 12.25, 12.25, 5.0)  # after the horizon
    led.charge(Item.PRISON_DAYS, 9, 1.0, 4.5, 350.0)     # a stay: an entry of its own
    led.flush()
    df = led.to_frame()
    stays = df[df["person_id"] >= 0]
    assert stays[["start_day", "end_day", "person_id", "amount_gbp"]].values.tolist() == \
        [[1.0, 4.5, 9, 350.0]]
    once = df[df["person_id"] == -1]
    got = {(str(i), s): a for i, s, a in once[["item", "start_day", "amount_gbp"]].itertuples(
        index=False)}
    police, crime = COST_ITEMS[Item.POLICE_CUSTODY], COST_ITEMS[Item.COST_OF_CRIME]
    assert got == {(police, 2.5): 150.0, (police, 3.5): 7.0, (crime, 2.5): 1000.0,
                   (crime, 12.5): 5.0}
    assert (once["start_day"] == once["end_day"]).all()
    assert [str(h) for h in once["holder"]] == [HOLDERS[str(i)] for i in once["item"]]
    assert df["amount_gbp"].sum() == pytest.approx(1512.0)
    assert len(led.to_frame()) == 0  # the ledger empties
