"""On a small stochastic run: offending on bail and charges joined to the pending case (or a
remand of their own when bail is withdrawn), supervision through a bailed charge and revocation
at a conviction, undetected offences, and the gradient of proven reoffending with the record.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pathway_helpers import (
    flag,
    small_scenario,
)

from models.analysis.metrics import proven_reoffending
from models.config.vocabulary import (
    Disposal,
    Supervision,
    SupervisionEnd,
)
from models.pathway.events import Ev
from models.pathway.run import run_replication

SEED = 20240607


# ---------------------------------------------------------------- a small stochastic run

@pytest.fixture(scope="module")
def run():
    scenario = small_scenario()
    return scenario, run_replication(scenario, root_seed=SEED)


def _cases(events: pd.DataFrame) -> pd.DataFrame:
    """One row per charged case: person, charge time, verdict (time, convicted), hearings,
    sentence time."""
    ch = events[events["event"] == Ev.CHARGE].set_index("case_id")
    out = pd.DataFrame({"person_id": ch["person_id"], "t_charge": ch["time_days"]})
    verdict = events[events["event"].isin([Ev.CONVICTED, Ev.ACQUITTED])].set_index("case_id")
    assert not verdict.index.duplicated().any()
    out["t_verdict"] = verdict["time_days"]
    out["convicted"] = verdict["event"] == Ev.CONVICTED
    out["hearings"] = events[events["event"] == Ev.HEARING].groupby("case_id").size()
    out["hearings"] = out["hearings"].fillna(0).astype(int)
    sen = events[(events["event"] == Ev.SENTENCED) & (events["offences"] > 0)]
    assert not sen["case_id"].duplicated().any()
    out["t_sentenced"] = sen.set_index("case_id")["time_days"]
    return out


def test_bail_begins_a_spell_at_risk_and_offending_on_bail(run):
    _, r = run
    e = r.events
    bail = e[e["event"] == Ev.BAIL]
    at_risk = e[e["event"] == Ev.AT_RISK]
    assert (at_risk["disposal"] == Disposal.BAIL).sum() > 50
    # every bail (at charge, joined, or at the custody time limit) begins a spell at risk then
    # (with the hazard of an order or licence still supervised, else of bail), unless the
    # person is in prison, or waiting in police cells for a place, on something else at that
    # moment (a recall or a sentence while another case runs): rare
    keys = set(zip(at_risk["person_id"], at_risk["time_days"], strict=True))
    missing = [(p, t) for p, t in zip(bail["person_id"], bail["time_days"], strict=True)
               if (p, t) not in keys]
    assert len(missing) <= 0.01 * len(bail), missing[:5]
    # offences and arrests between a defendant's bail and their verdict
    cases = _cases(e)
    own = cases[cases["hearings"] > 0]
    b = bail.drop_duplicates("case_id").set_index("case_id")["time_days"]
    own = own.assign(t_bail=b.reindex(own.index)).dropna(subset=["t_bail", "t_verdict"])
    det_off = e[(e["event"] == Ev.OFFENCE) & flag(e["detected"])]
    arrests = e[e["event"] == Ev.ARREST]
    for frame, at_least in ((det_off, 20), (arrests, 20)):
        m = own.reset_index().merge(frame[["person_id", "time_days"]], on="person_id")
        inside = (m["time_days"] > m["t_bail"]) & (m["time_days"] < m["t_verdict"])
        assert inside.sum() >= at_least


def test_joined_charges_share_the_pending_case_verdict(run):
    """A charge while on bail for a pending case joins it: the new case has a CHARGE and a
    BAIL, no hearing and no sentence of its own, and its verdict (the same) comes at the
    pending case's verdict; its conviction proves its own offence (the pending case's sentence
    does not count it again)."""
    _, r = run
    e = r.events
    cases = _cases(e)
    joined = cases[(cases["hearings"] == 0) & cases["t_verdict"].notna()]
    assert len(joined) > 20
    assert joined["t_sentenced"].isna().all()
    bail = e[e["event"] == Ev.BAIL]
    bail_keys = set(zip(bail["case_id"], bail["time_days"], strict=True))
    remand = set(e.loc[e["event"] == Ev.REMAND, "case_id"])
    own = cases[cases["hearings"] > 0]
    end = own["t_verdict"]
    sen = e[(e["event"] == Ev.SENTENCED) & (e["offences"] > 0)].set_index("case_id")
    for cid, j in joined.iterrows():
        assert (cid, j["t_charge"]) in bail_keys and cid not in remand
        same = own[(own["person_id"] == j["person_id"]) & (own["t_charge"] < j["t_charge"])
                   & np.isclose(end.loc[own.index], j["t_verdict"], rtol=0, atol=1e-9)]
        assert len(same) == 1, (cid, j.to_dict())
        assert bool(same["convicted"].iloc[0]) == bool(j["convicted"])
        if j["convicted"] and same.index[0] in sen.index:  # (unless the run ended first)
            assert sen.loc[same.index[0], "offences"] >= 1  # sentenced with the pending case


def test_supervision_goes_on_through_a_bailed_charge(run):
    """A charge ends supervision only when the defendant is held (remanded or recalled); an
    order or licence being supervised goes on while they are on bail."""
    _, r = run
    e = r.events
    ends = e[e["event"] == Ev.SUPERVISION_END]
    charged = ends[ends["supervision_end"] == SupervisionEnd.CHARGED]
    remands = e[e["event"] == Ev.REMAND]
    held = set(zip(remands["person_id"], remands["time_days"], strict=True))
    assert len(charged) > 10
    assert all(k in held for k in zip(charged["person_id"], charged["time_days"], strict=True))
    # some bail falls inside a supervision period that then goes on
    level = _supervision_level(e)
    bail = e[e["event"] == Ev.BAIL]
    on_bail_supervised = [level(pid, t, kind) > 0 for pid, t in
                          zip(bail["person_id"], bail["time_days"], strict=True)
                          for kind in Supervision]
    assert sum(on_bail_supervised) > 10


def test_supervision_ends_when_held_on_a_new_charge(run):
    """The other half of the rule: remanded in custody or recalled on a new charge, no order
    or licence is still supervised (each ends CHARGED at the remand)."""
    _, r = run
    e = r.events
    level = _supervision_level(e)
    remands = e[e["event"] == Ev.REMAND]
    assert len(remands) > 50
    still = [(pid, round(t, 2), kind.name) for pid, t in
             zip(remands["person_id"], remands["time_days"], strict=True)
             for kind in Supervision if level(pid, t, kind) > 0]
    assert still == [], f"supervised while held on a new charge: {still[:6]} ({len(still)})"


def _supervision_level(e: pd.DataFrame):
    """level(person, t, kind): supervisions of ``kind`` begun before ``t`` less those ended by
    ``t`` (inclusive), i.e. still going on just after ``t`` (apart from any begun at ``t``)."""
    sv = e[e["event"].isin([Ev.SUPERVISION_START, Ev.SUPERVISION_END])]
    by = {k: (g.loc[g["event"] == Ev.SUPERVISION_START, "time_days"].to_numpy(),
              g.loc[g["event"] == Ev.SUPERVISION_END, "time_days"].to_numpy())
          for k, g in sv.groupby(["person_id", "supervision"])}

    def level(pid: int, t: float, kind: int) -> int:
        starts, ends = by.get((pid, int(kind)), (np.empty(0), np.empty(0)))
        return int((starts < t).sum() - (ends <= t).sum())
    return level


def test_a_conviction_revokes_the_order(run):
    """REVOKED ends happen, each when the same person is sentenced on another case (a licence
    only by a custodial sentence or a new supervised sentence, which takes over); and no order
    goes on past a later conviction of the same person, nor a licence past a custodial
    sentence."""
    _, r = run
    e = r.events
    ends = e[e["event"] == Ev.SUPERVISION_END]
    revoked = ends[ends["supervision_end"] == SupervisionEnd.REVOKED]
    assert len(revoked) > 10
    sen = e[(e["event"] == Ev.SENTENCED) & (e["offences"] > 0)]
    starts = e[e["event"] == Ev.SUPERVISION_START]
    custodial = (Disposal.SHORT_CUSTODY, Disposal.LONG_CUSTODY)
    for row in revoked.itertuples():
        s = sen[(sen["person_id"] == row.person_id) & (sen["time_days"] == row.time_days)]
        assert len(s) >= 1, row
        st = starts[(starts["person_id"] == row.person_id) & (starts["time_days"] < row.time_days)
                    & (starts["supervision"] == row.supervision)]
        assert len(st) and st["case_id"].iloc[-1] not in set(s["case_id"]), row
        if row.supervision == Supervision.LICENCE:
            assert s["disposal"].isin(custodial + (Disposal.COMMUNITY_ORDER,
                                                   Disposal.SUSPENDED)).any(), row
    level = _supervision_level(e)
    orders_on = [(pid, t) for pid, t in zip(sen["person_id"], sen["time_days"], strict=True)
                 if level(pid, t, Supervision.ORDER) > 0]
    cs = sen[sen["disposal"].isin(custodial)]
    licences_on = [(pid, t) for pid, t in zip(cs["person_id"], cs["time_days"], strict=True)
                   if level(pid, t, Supervision.LICENCE) > 0]
    assert orders_on == [] and licences_on == [], (
        f"orders still supervised after a conviction: {len(orders_on)} {orders_on[:4]}; "
        f"licences still supervised after a custodial sentence: {len(licences_on)} "
        f"{licences_on[:4]}")


def test_undetected_offence_records(run):
    _, r = run
    e = r.events
    off = e[e["event"] == Ev.OFFENCE]
    und = off[~flag(off["detected"])]
    assert len(und) > 100
    assert (und["case_id"] == -1).all()
    assert (und["offences"] >= 1).all() and (und["offences"] == und["offences"].round()).all()
    detected = off[flag(off["detected"])]
    assert (detected["case_id"] > 0).all() and (detected["offences"] == 1).all()


def _undetected_per_detected(p_detect: float) -> tuple[float, float, int]:
    """Mean (and its standard error) of the undetected offences recorded with each detected
    offence that ends a spell (every detected offence but a person's first in the run, which
    comes from the cohort): the K - 1 of a geometric K."""
    r = run_replication(small_scenario(overrides={"police.p_offence_detected": p_detect}),
                        root_seed=SEED)
    off = r.events[r.events["event"] == Ev.OFFENCE]
    det_ = off[flag(off["detected"])]
    det_ = det_[det_.duplicated("person_id")]  # not the person's first
    und = off[~flag(off["detected"])].groupby(["person_id", "time_days"])["offences"].sum()
    k = und.reindex(pd.MultiIndex.from_frame(det_[["person_id", "time_days"]]), fill_value=0.0)
    k = k.to_numpy(dtype=float)
    return float(k.mean()), float(k.std(ddof=1) / math.sqrt(len(k))), len(k)


@pytest.mark.parametrize("p_detect", [0.25, 0.5])
def test_undetected_to_detected_ratio(p_detect):
    """Each detected offence ending a spell comes with (1 - p) / p undetected offences on
    average, within 4 standard errors."""
    mean, se, n = _undetected_per_detected(p_detect)
    assert n > 1000
    assert abs(mean - (1 - p_detect) / p_detect) < 4 * se, (mean, se)


def test_proven_reoffending_rises_with_the_record(run):
    scenario, r = run
    reoff = proven_reoffending(r.events, r.people, scenario.settings.window)
    g = reoff.groupby("prior_band", observed=False)["reoffended"].agg(["mean", "count"])
    se = np.sqrt(g["mean"] * (1 - g["mean"]) / g["count"])
    assert g.loc["0", "count"] > 100 and g.loc["11+", "count"] > 100
    assert g.loc["11+", "mean"] - g.loc["0", "mean"] > se["0"] + se["11+"], g


def test_bail_withdrawn_makes_the_new_charge_a_remanded_case_of_its_own():
    """With bail always withdrawn for an offence on bail, no charge joins a pending case: every
    case has hearings of its own, and there are more remands than when bail goes on."""
    sure = small_scenario(overrides={"prosecution.remand_odds_ratio_if_on_bail": 1e12})
    kept = small_scenario(overrides={"prosecution.remand_odds_ratio_if_on_bail": 1.0})
    counts = {}
    for name, scenario in (("sure", sure), ("kept", kept)):
        e = run_replication(scenario, root_seed=SEED).events
        cases = _cases(e)
        counts[name] = ((cases["hearings"] == 0) & cases["t_verdict"].notna()).sum(), \
            (e["event"] == Ev.REMAND).sum()
    assert counts["sure"][0] == 0
    assert counts["kept"][0] > 20
    assert counts["sure"][1] > counts["kept"][1]

