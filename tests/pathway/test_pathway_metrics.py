"""Metrics on hand-built event logs whose answers are known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models.analysis.metrics import costs_by_holder, daily_populations, proven_reoffending
from models.config.scenario import DAYS_PER_YEAR
from models.config.vocabulary import BUDGET_HOLDERS, COST_ITEMS, Court, Custody, Disposal
from models.pathway.events import Ev


def log(rows):
    return pd.DataFrame(rows, columns=["time_days", "person_id", "case_id", "event", "detail", "value"]).astype(
        {"event": "int8", "detail": "int8"})


def people(n):
    return pd.DataFrame({"person_id": np.arange(n), "age_at_entry_years": [30.0] * n,
                         "entry_day": [0.0] * n, "female": [False, True] + [False] * (n - 2),
                         "mental_health": [False] * n, "stock_disposal": [-1] * n})


def test_proven_reoffending_mo_j_rules():
    ev = log([
        # person 0: caution (index) at 100; offence at 300 convicted at 500 (within 18 months)
        (100, 0, 1, Ev.OUT_OF_COURT, Disposal.CAUTION, 0), (300, 0, 2, Ev.OFFENCE, 0, 0),
        (500, 0, 2, Ev.CONVICTED, Court.MAGISTRATES, 0),
        # person 1: fine (index) at 100; offence at 400 but proven at 700 (> 100 + 547.5): no
        (100, 1, 3, Ev.SENTENCED, Disposal.FINE, 0), (400, 1, 4, Ev.OFFENCE, 0, 0),
        (700, 1, 4, Ev.CONVICTED, Court.MAGISTRATES, 0),
        # person 2: release from short custody at 100; offence at 500 (> 12 months): no
        (50, 2, 5, Ev.SENTENCED, Disposal.SHORT_CUSTODY, 90), (100, 2, 5, Ev.RELEASE, Custody.SENTENCED, 50),
        (500, 2, 6, Ev.OFFENCE, 0, 0), (510, 2, 6, Ev.CONVICTED, Court.MAGISTRATES, 0),
        # person 3: community resolution is not an index event
        (100, 3, 7, Ev.OUT_OF_COURT, Disposal.COMMUNITY_RESOLUTION, 0),
        # person 4: caution at 100; offence at 200 cautioned at 210 (itself an index event in
        # the same annual cohort, so only the first counts); acquitted offence at 250 not proven
        (100, 4, 8, Ev.OUT_OF_COURT, Disposal.CAUTION, 0), (200, 4, 9, Ev.OFFENCE, 0, 0),
        (210, 4, 9, Ev.OUT_OF_COURT, Disposal.CAUTION, 0), (250, 4, 10, Ev.OFFENCE, 0, 0),
        (300, 4, 10, Ev.ACQUITTED, Court.MAGISTRATES, 0),
        # person 5: remand release is not an index event
        (100, 5, 11, Ev.RELEASE, Custody.REMAND, 30),
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
        (0.0, 0, -1, Ev.START_IN_PRISON, Disposal.LONG_CUSTODY, 10),
        (2.5, 1, 1, Ev.PRISON_ENTRY, Custody.REMAND, 0),
        (4.5, 1, 1, Ev.STATUS_CHANGE, Custody.SENTENCED, float(Custody.REMAND)),
        (6.0, 0, 2, Ev.RELEASE, Custody.SENTENCED, 6),
        (7.2, 1, 1, Ev.RELEASE, Custody.SENTENCED, 4.7),
        (1.0, 2, 3, Ev.CHARGE, Court.CROWN, 0), (3.0, 2, 3, Ev.COURT_QUEUE, Court.CROWN, 0),
        (5.0, 2, 3, Ev.HEARING, Court.CROWN, 1), (5.5, 2, 3, Ev.CONVICTED, Court.CROWN, 0),
    ])
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
