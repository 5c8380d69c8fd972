"""Metrics on hand-built event logs whose answers are known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models.analysis.metrics import costs_by_holder, daily_populations, proven_reoffending
from models.config.scenario import DAYS_PER_YEAR
from models.config.vocabulary import (
    BUDGET_HOLDERS,
    COST_ITEMS,
    Court,
    Custody,
    Disposal,
    OffenceGroup,
    Seriousness,
)
from models.pathway.event_log import EventLog

THEFT, EITHER_WAY = OffenceGroup.THEFT, Seriousness.EITHER_WAY


def log(calls):
    """An event table recorded through the log's own methods: (method, *arguments)."""
    events = EventLog()
    for name, *args in calls:
        getattr(events, name)(*args)
    return events.to_frame()


def people(n):
    return pd.DataFrame({"person_id": np.arange(n), "age_at_entry_years": [30.0] * n,
                         "entry_day": [0.0] * n, "female": [False, True] + [False] * (n - 2),
                         "mental_health": [False] * n, "stock_disposal": [-1] * n,
                         "prior_offences": [0] * n})


def test_proven_reoffending_mo_j_rules():
    ev = log([
        # person 0: caution (index) at 100; offence at 300 convicted at 500 (within 18 months)
        ("out_of_court", 100, 0, 1, Disposal.CAUTION, False, 1, 0),
        ("offence", 300, 0, 2, THEFT, EITHER_WAY), ("convicted", 500, 0, 2, Court.MAGISTRATES),
        ("sentenced", 500, 0, 2, Disposal.FINE, 0.0, 1, 1),
        # person 1: fine (index) at 100; offence at 400 but proven at 700 (> 100 + 547.5): no
        ("sentenced", 100, 1, 3, Disposal.FINE, 0.0, 1, 0), ("offence", 400, 1, 4, THEFT, EITHER_WAY),
        ("convicted", 700, 1, 4, Court.MAGISTRATES),
        # person 2: release from short custody at 100; offence at 500 (> 12 months): no
        ("sentenced", 50, 2, 5, Disposal.SHORT_CUSTODY, 90.0, 1, 0),
        ("release", 100, 2, 5, Custody.SENTENCED, 50.0),
        ("offence", 500, 2, 6, THEFT, EITHER_WAY), ("convicted", 510, 2, 6, Court.MAGISTRATES),
        # person 3: community resolution is not an index event
        ("out_of_court", 100, 3, 7, Disposal.COMMUNITY_RESOLUTION, False, 1, 0),
        # person 4: caution at 100; offence at 200 cautioned at 210 (itself an index event in
        # the same annual cohort, so only the first counts); acquitted offence at 250 not proven
        ("out_of_court", 100, 4, 8, Disposal.CAUTION, False, 1, 0),
        ("offence", 200, 4, 9, THEFT, EITHER_WAY),
        ("out_of_court", 210, 4, 9, Disposal.CAUTION, False, 1, 1),
        ("offence", 250, 4, 10, THEFT, EITHER_WAY), ("acquitted", 300, 4, 10, Court.MAGISTRATES),
        # person 5: remand release is not an index event
        ("release", 100, 5, 11, Custody.REMAND, 30.0),
    ])
    r = proven_reoffending(ev, people(6), (0.0, DAYS_PER_YEAR)).set_index("person_id")
    assert list(r.index) == [0, 1, 2, 4]
    assert r["reoffended"].tolist() == [True, False, False, True]
    assert r["reoffences"].tolist() == [1, 0, 0, 1]
    assert r.loc[2, "disposal"] == "short_custody" and r.loc[2, "index_type"] == "release"
    assert r.loc[1, "female"]
    # detected reoffending counts an offence in the year however late (or whether) it is
    # proven: person 1's late conviction and person 4's acquittal count, person 2's does not
    assert r["reoffended_detected"].tolist() == [True, True, False, True]


def test_daily_populations_hand_log():
    ev = log([
        ("start_in_prison", 0.0, 0, Disposal.LONG_CUSTODY, 10.0),
        ("prison_entry", 2.5, 1, 1, Custody.REMAND),
        ("status_change", 4.5, 1, 1, Custody.SENTENCED, Custody.REMAND),
        ("release", 6.0, 0, 2, Custody.SENTENCED, 6.0),
        ("release", 7.2, 1, 1, Custody.SENTENCED, 4.7),
        ("charge", 1.0, 2, 3, Court.CROWN, THEFT, EITHER_WAY), ("court_queue", 3.0, 2, 3, Court.CROWN),
        ("hearing", 5.0, 2, 3, Court.CROWN, True), ("convicted", 5.5, 2, 3, Court.CROWN),
    ]).sort_values("time_days", kind="stable")
    d = daily_populations(ev, 8.0).set_index("day")
    assert d["prison_sentenced"].tolist() == [1, 1, 1, 1, 1, 2, 1, 1, 0]
    assert d["prison_remand"].tolist() == [0, 0, 0, 1, 1, 0, 0, 0, 0]
    assert d["court_crown_outstanding"].tolist() == [0, 1, 1, 1, 1, 1, 0, 0, 0]
    assert d["court_crown_queue"].tolist() == [0, 0, 0, 1, 1, 0, 0, 0, 0]
    assert (d["prison_total"] == d["prison_remand"] + d["prison_sentenced"] + d["prison_recall"]).all()


def test_costs_spread_evenly_over_years():
    y = DAYS_PER_YEAR
    ledger = pd.DataFrame({
        "start_day": [0.5 * y, 1.2 * y], "end_day": [1.5 * y, 1.2 * y], "person_id": [0, 1],
        "item": pd.Categorical(["prison_days", "court_hearing"], categories=list(COST_ITEMS)),
        "holder": pd.Categorical(["prisons", "courts"], categories=list(BUDGET_HOLDERS)),
        "amount_gbp": [1000.0, 50.0]})
    c = costs_by_holder(ledger, (0.0, 2 * y)).set_index(["year", "holder"])["cost_gbp"]
    assert c[(0, "prisons")] == pytest.approx(500.0)
    assert c[(1, "prisons")] == pytest.approx(500.0)
    assert c[(1, "courts")] == pytest.approx(50.0) and c[(0, "courts")] == 0.0


def test_every_event_fills_exactly_its_named_fields():
    ev = log([("resettled", 1.0, 0, 1, True, False, True), ("remand", 2.0, 0, 2, True),
              ("hearing", 3.0, 0, 2, Court.CROWN, False)])
    r = ev.iloc[0]
    assert (r["settled_accommodation"], r["employed"], r["treatment_continuity"]) == (True, False, True)
    assert pd.isna(r["guilty_plea"]) and r["court"] == -1 and np.isnan(r["days"])
    assert ev.iloc[1]["custody"] == Custody.RECALL  # recalled on a new charge
    assert ev.iloc[2]["court"] == Court.CROWN and not ev.iloc[2]["guilty_plea"]
