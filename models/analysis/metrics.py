"""Outcomes as pure functions of the event log, the people table and the ledger.

- :func:`proven_reoffending`: the Ministry of Justice measure. Index events in a window are
  releases from a custodial sentence, non-custodial court orders and cautions (one per person
  per annual cohort: the first); a person reoffends if they commit an offence within 12 months
  that is proven (conviction or caution) within a further 6 months.
- :func:`time_to_reoffence`: Kaplan-Meier curves of days from index to the next offence.
- :func:`daily_populations`: prison (remand, sentenced, recall), probation caseload (community,
  licence), court cases outstanding and waiting for a courtroom, each day.
- :func:`flows_per_year`, :func:`court_waits`, :func:`costs_by_holder`, :func:`summarise`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from models.config.vocabulary import (
    AGE_BANDS,
    BUDGET_HOLDERS,
    COURTS,
    DAYS_PER_YEAR,
    DISPOSALS,
    HOLDER_LEVEL,
    Court,
    Custody,
    Disposal,
    Supervision,
)
from models.pathway.events import Ev
from sim.stats import kaplan_meier

if TYPE_CHECKING:
    from models.pathway.run import ReplicationResult

__all__ = ["index_events", "proven_reoffending", "reoffending_rates", "time_to_reoffence",
           "daily_populations", "flows_per_year", "court_waits", "costs_by_holder",
           "summarise", "with_derived", "FOLLOW_UP_DAYS", "PROOF_DAYS"]

FOLLOW_UP_DAYS = 365.0
PROOF_DAYS = 365.0 + 182.5
_CAUTIONS = (int(Disposal.CAUTION), int(Disposal.CONDITIONAL_CAUTION))
_COURT_ORDERS = tuple(int(d) for d in (Disposal.FINE, Disposal.DISCHARGE,
                                       Disposal.COMMUNITY_ORDER, Disposal.SUSPENDED))


def _ev(events: pd.DataFrame, code: Ev) -> pd.DataFrame:
    return events[events["event"] == int(code)]


def _case_disposal(events: pd.DataFrame, people: pd.DataFrame) -> pd.Series:
    """Disposal of each case's (last) sentence; initial-stock cases take the stock disposal."""
    s = _ev(events, Ev.SENTENCED).groupby("case_id")["disposal"].last()
    stock_rel = _ev(events, Ev.RELEASE)
    stock_rel = stock_rel[~stock_rel["case_id"].isin(s.index)]
    extra = pd.Series(people.set_index("person_id").loc[stock_rel["person_id"], "stock_disposal"].to_numpy(),
                      index=stock_rel["case_id"].to_numpy())
    return pd.concat([s, extra[~extra.index.duplicated()]])


def index_events(events: pd.DataFrame, people: pd.DataFrame, window: tuple[float, float]) -> pd.DataFrame:
    """MoJ index events in ``window``: the first per person per annual cohort.

    Columns: person_id, time_days, index_type (caution, court_order, release), disposal,
    cohort (0-based year of the window), and the person's sex, age band and needs at the index.
    """
    a, b = window
    ooc = _ev(events, Ev.OUT_OF_COURT)
    ooc = ooc[ooc["disposal"].isin(_CAUTIONS)].assign(index_type="caution")
    sen = _ev(events, Ev.SENTENCED)
    sen = sen[sen["disposal"].isin(_COURT_ORDERS)].assign(index_type="court_order")
    rel = _ev(events, Ev.RELEASE)
    rel = rel[rel["custody"] == int(Custody.SENTENCED)]
    disp = _case_disposal(events, people)
    rel = rel.assign(index_type="release", disposal=disp.reindex(rel["case_id"]).to_numpy())
    idx = pd.concat([ooc, sen, rel])[["person_id", "time_days", "index_type", "disposal"]]
    idx = idx[(idx["time_days"] >= a) & (idx["time_days"] < b)].dropna(subset=["disposal"])
    idx["cohort"] = ((idx["time_days"] - a) // DAYS_PER_YEAR).astype(int)
    idx = idx.sort_values(["person_id", "time_days"]).drop_duplicates(["person_id", "cohort"])
    pp = people.set_index("person_id")
    age = (pp.loc[idx["person_id"], "age_at_entry_years"].to_numpy()
           + (idx["time_days"].to_numpy() - pp.loc[idx["person_id"], "entry_day"].to_numpy()) / DAYS_PER_YEAR)
    idx["age_band"] = pd.Categorical.from_codes(np.where(age < 18, 0, np.where(age < 25, 1, 2)),
                                                categories=list(AGE_BANDS))
    idx["female"] = pp.loc[idx["person_id"], "female"].to_numpy()
    idx["mental_health"] = pp.loc[idx["person_id"], "mental_health"].to_numpy()
    idx["disposal"] = pd.Categorical.from_codes(idx["disposal"].astype(int), categories=list(DISPOSALS))
    return idx.reset_index(drop=True)


def _proven_offences(events: pd.DataFrame) -> pd.DataFrame:
    """Each offence with the day it was proven (conviction or caution), NaN if never."""
    off = _ev(events, Ev.OFFENCE)[["case_id", "person_id", "time_days"]].rename(
        columns={"time_days": "offence_day"})
    conv = _ev(events, Ev.CONVICTED)[["case_id", "time_days"]]
    ooc = _ev(events, Ev.OUT_OF_COURT)
    caut = ooc[ooc["disposal"].isin(_CAUTIONS)][["case_id", "time_days"]]
    proof = pd.concat([conv, caut]).groupby("case_id")["time_days"].min().rename("proven_day")
    return off.join(proof, on="case_id")


def proven_reoffending(events: pd.DataFrame, people: pd.DataFrame,
                       window: tuple[float, float]) -> pd.DataFrame:
    """Index events with ``reoffended`` (bool) and ``reoffences`` (count of proven reoffences)."""
    idx = index_events(events, people, window)
    off = _proven_offences(events)
    m = idx[["person_id", "time_days"]].reset_index().merge(off, on="person_id")
    in_follow_up = ((m["offence_day"] > m["time_days"])
                    & (m["offence_day"] <= m["time_days"] + FOLLOW_UP_DAYS))
    ok = in_follow_up & (m["proven_day"] <= m["time_days"] + PROOF_DAYS)
    counts = m[ok].groupby("index").size()
    idx["reoffences"] = counts.reindex(idx.index, fill_value=0).to_numpy()
    idx["reoffended"] = idx["reoffences"] > 0
    # Detected reoffending: an offence in the follow-up year that led to an arrest, whatever
    # happened next and however long the courts took. Unlike the proven measure it does not
    # fall when a court backlog pushes convictions past the six months' grace.
    detected = m[in_follow_up].groupby("index").size()
    idx["reoffended_detected"] = detected.reindex(idx.index, fill_value=0).to_numpy() > 0
    return idx


def reoffending_rates(reoff: pd.DataFrame) -> dict[str, float]:
    """Headline proven reoffending rates (proportions) overall and by subgroup."""
    adult = reoff["age_band"] != "10-17"
    out = {
        "reoffending_overall": reoff["reoffended"].mean(),
        "reoffending_adult": reoff.loc[adult, "reoffended"].mean(),
        "reoffending_juvenile": reoff.loc[~adult, "reoffended"].mean(),
        "reoffending_women": reoff.loc[reoff["female"], "reoffended"].mean(),
        "reoffending_18_24": reoff.loc[reoff["age_band"] == "18-24", "reoffended"].mean(),
        "reoffending_mental_health": reoff.loc[reoff["mental_health"], "reoffended"].mean(),
        "reoffending_short_custody": reoff.loc[reoff["disposal"] == "short_custody", "reoffended"].mean(),
        "reoffending_long_custody": reoff.loc[reoff["disposal"] == "long_custody", "reoffended"].mean(),
        "reoffending_community_order": reoff.loc[reoff["disposal"] == "community_order", "reoffended"].mean(),
        "reoffending_caution": reoff.loc[reoff["index_type"] == "caution", "reoffended"].mean(),
        "reoffending_women_released": reoff.loc[reoff["female"] & (reoff["index_type"] == "release"),
                                                "reoffended"].mean(),
    }
    out["detected_reoffending_overall"] = reoff["reoffended_detected"].mean()
    re = reoff[reoff["reoffended"]]
    out["reoffences_per_reoffender"] = re["reoffences"].mean() if len(re) else np.nan
    return {k: float(v) for k, v in out.items()}


def time_to_reoffence(events: pd.DataFrame, people: pd.DataFrame, window: tuple[float, float],
                      horizon: float, by: str | None = "disposal") -> pd.DataFrame:
    """Kaplan-Meier survival (no offence yet) by group (``by=None``: one group, "all"), from
    each index event, censored at the horizon. Returns columns group, time, at_risk, events,
    survival, ci_low, ci_high."""
    idx = index_events(events, people, window)
    off = _ev(events, Ev.OFFENCE)[["person_id", "time_days"]].rename(columns={"time_days": "t_off"})
    m = idx[["person_id", "time_days"]].reset_index().merge(off, on="person_id", how="left")
    m = m[m["t_off"] > m["time_days"]]
    first = m.groupby("index")["t_off"].min()
    t_next = first.reindex(idx.index).to_numpy()
    observed = ~np.isnan(t_next)
    dur = np.where(observed, t_next - idx["time_days"].to_numpy(), horizon - idx["time_days"].to_numpy())
    frames = []
    for g, sub in (idx.groupby(by, observed=True) if by is not None else [("all", idx)]):
        km = kaplan_meier(dur[sub.index], observed[sub.index])
        frames.append(km.assign(group=str(g)))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _level(events: pd.DataFrame, plus: list[tuple], minus: list[tuple],
           days: np.ndarray) -> np.ndarray:
    """Level each day from +1/-1 events matching (event, value or None, field) conditions."""
    ts, ds = [], []
    for conds, sign in ((plus, 1), (minus, -1)):
        for code, value, field in conds:
            e = events[events["event"] == int(code)]
            if value is not None:
                e = e[e[field] == value]
            ts.append(e["time_days"].to_numpy())
            ds.append(np.full(len(e), sign))
    t = np.concatenate(ts)
    d = np.concatenate(ds)
    if len(t) == 0:
        return np.zeros(len(days), dtype=np.int64)
    order = np.argsort(t, kind="stable")
    t, c = t[order], np.cumsum(d[order])
    pos = np.searchsorted(t, days, side="right")
    return np.where(pos > 0, c[np.maximum(pos - 1, 0)], 0)


def daily_populations(events: pd.DataFrame, horizon: float) -> pd.DataFrame:
    """Stocks at the end of each day 0..horizon: prison, probation and courts."""
    days = np.arange(0, int(horizon) + 1, dtype=float)
    out = {"day": days}
    for kind, name in ((Custody.REMAND, "remand"), (Custody.SENTENCED, "sentenced"),
                       (Custody.RECALL, "recall")):
        plus: list[tuple[Ev, int | None, str | None]] = [
            (Ev.PRISON_ENTRY, kind, "custody"), (Ev.STATUS_CHANGE, kind, "custody")]
        minus = [(Ev.RELEASE, kind, "custody"), (Ev.STATUS_CHANGE, kind, "custody_before")]
        if kind == Custody.SENTENCED:
            plus.append((Ev.START_IN_PRISON, None, None))
        out[f"prison_{name}"] = _level(events, plus, minus, days)
    out["prison_total"] = out["prison_remand"] + out["prison_sentenced"] + out["prison_recall"]
    for supervision, name in ((Supervision.ORDER, "community"), (Supervision.LICENCE, "licence")):
        out[f"probation_{name}"] = _level(
            events, [(Ev.SUPERVISION_START, supervision, "supervision")],
            [(Ev.SUPERVISION_END, supervision, "supervision")], days)
    out["probation_total"] = out["probation_community"] + out["probation_licence"]
    for court, name in ((Court.MAGISTRATES, "magistrates"), (Court.CROWN, "crown")):
        out[f"court_{name}_outstanding"] = _level(
            events, [(Ev.CHARGE, court, "court")],
            [(Ev.CONVICTED, court, "court"), (Ev.ACQUITTED, court, "court")], days)
        out[f"court_{name}_queue"] = _level(events, [(Ev.COURT_QUEUE, court, "court")],
                                            [(Ev.HEARING, court, "court")], days)
    return pd.DataFrame(out)


def flows_per_year(events: pd.DataFrame, window: tuple[float, float]) -> dict[str, float]:
    """Mean counts per year in the window of the main flows through the pathway."""
    a, b = window
    years = (b - a) / DAYS_PER_YEAR
    e = events[(events["time_days"] >= a) & (events["time_days"] < b)]
    code = e["event"].to_numpy()

    def n(c: Ev, field: str | None = None, values=None) -> float:
        """Events ``c`` per year (whose ``field`` is one of ``values``, if given)."""
        m = code == int(c)
        if field is not None:
            col = e[field]
            col = col.to_numpy(dtype=bool, na_value=False) if col.dtype == "boolean" \
                else col.to_numpy()
            m &= np.isin(col, np.atleast_1d(values))
        return float(m.sum()) / years

    custodial = [int(Disposal.SHORT_CUSTODY), int(Disposal.LONG_CUSTODY)]
    return {
        "arrests": n(Ev.ARREST), "nfa": n(Ev.NFA), "out_of_court": n(Ev.OUT_OF_COURT),
        "charges": n(Ev.CHARGE), "charges_crown": n(Ev.CHARGE, "court", int(Court.CROWN)),
        "ld_screened": n(Ev.LD_SCREENED), "ld_engaged": n(Ev.LD_REFERRED, "engaged", True),
        "remands": n(Ev.REMAND), "convictions": n(Ev.CONVICTED), "acquittals": n(Ev.ACQUITTED),
        "immediate_custody": n(Ev.SENTENCED, "disposal", custodial),
        "short_custody": n(Ev.SENTENCED, "disposal", int(Disposal.SHORT_CUSTODY)),
        "community_orders": n(Ev.SENTENCED, "disposal", int(Disposal.COMMUNITY_ORDER)),
        "suspended_orders": n(Ev.SENTENCED, "disposal", int(Disposal.SUSPENDED)),
        "receptions": n(Ev.PRISON_ENTRY),
        "releases": n(Ev.RELEASE, "custody", int(Custody.SENTENCED)),
        "recalls": n(Ev.RECALL) + n(Ev.REMAND, "custody", int(Custody.RECALL)),
        "technical_recalls": n(Ev.RECALL),
        "breaches": n(Ev.BREACH), "treatment_starts": n(Ev.TREATMENT_START),
        "treatment_lapsed": n(Ev.TREATMENT_LAPSED),
        "offences": n(Ev.OFFENCE),
        "young_diversions": n(Ev.OUT_OF_COURT, "young_diversion", True),
        "womens_centre_starts": n(Ev.WOMENS_CENTRE_START),
    }


def court_waits(events: pd.DataFrame, window: tuple[float, float]) -> pd.DataFrame:
    """Per case heard in the window: court, days queued for a courtroom, days charge to verdict."""
    a, b = window
    q = _ev(events, Ev.COURT_QUEUE)[["case_id", "time_days", "court"]]
    h = _ev(events, Ev.HEARING)[["case_id", "time_days"]]
    ch = _ev(events, Ev.CHARGE)[["case_id", "time_days"]]
    v = events[events["event"].isin([int(Ev.CONVICTED), int(Ev.ACQUITTED)])][["case_id", "time_days"]]
    # A case's first queue and hearing are its trial or plea; later ones are breach hearings.
    q = q.sort_values("time_days", kind="stable").drop_duplicates("case_id", keep="first")
    h = h.sort_values("time_days", kind="stable").drop_duplicates("case_id", keep="first")
    w = q.merge(h, on="case_id", suffixes=("_queue", "_hearing"))
    w = w.merge(ch.rename(columns={"time_days": "charge_day"}), on="case_id", how="left")
    w = w.merge(v.rename(columns={"time_days": "verdict_day"}), on="case_id", how="left")
    w = w[(w["time_days_hearing"] >= a) & (w["time_days_hearing"] < b)]
    return pd.DataFrame({
        "case_id": w["case_id"].to_numpy(),
        "court": pd.Categorical.from_codes(w["court"].astype(int), categories=list(COURTS)),
        "queue_days": (w["time_days_hearing"] - w["time_days_queue"]).to_numpy(),
        "charge_to_verdict_days": (w["verdict_day"] - w["charge_day"]).to_numpy(),
    })


def costs_by_holder(ledger: pd.DataFrame, window: tuple[float, float]) -> pd.DataFrame:
    """Cost (GBP) per budget holder per year of the window, spreading stays evenly over time."""
    a, b = window
    n_years = max(1, math.ceil((b - a) / DAYS_PER_YEAR - 1e-9))
    s, e, amt = (ledger[c].to_numpy() for c in ("start_day", "end_day", "amount_gbp"))
    span = e - s
    holder = ledger["holder"].cat.codes.to_numpy()
    rows = []
    for y in range(n_years):
        y0, y1 = a + y * DAYS_PER_YEAR, min(b, a + (y + 1) * DAYS_PER_YEAR)
        exposure_years = (y1 - y0) / DAYS_PER_YEAR  # a part-year at the end is scaled up
        frac = np.where(span > 0, np.clip(np.minimum(e, y1) - np.maximum(s, y0), 0, None) / np.where(span > 0, span, 1),
                        ((s >= y0) & (s < y1)).astype(float))
        tot = np.bincount(holder, weights=amt * frac, minlength=len(BUDGET_HOLDERS))
        rows += [{"year": y, "holder": h, "level": HOLDER_LEVEL[h], "cost_gbp": tot[i] / exposure_years}
                 for i, h in enumerate(BUDGET_HOLDERS)]
    return pd.DataFrame(rows)


def summarise(result: ReplicationResult, daily: pd.DataFrame | None = None) -> dict[str, float]:
    """One replication's headline metrics (at the run's scale) as a flat dict."""
    ev, people, window = result.events, result.people, tuple(result.settings["window"])
    a, b = window
    daily = daily_populations(ev, result.settings["horizon_days"]) if daily is None else daily
    inwin = daily[(daily["day"] >= a) & (daily["day"] < b)]
    out = {f"mean_{c}": float(inwin[c].mean()) for c in daily.columns if c != "day"}
    out["prison_bed_days_per_year"] = out["mean_prison_total"] * DAYS_PER_YEAR
    out.update({f"{k}_per_year": v for k, v in flows_per_year(ev, window).items()})
    out.update(reoffending_rates(proven_reoffending(ev, people, window)))
    sen = _ev(ev, Ev.SENTENCED)
    sen = sen[(sen["time_days"] >= a) & (sen["time_days"] < b)
              & sen["disposal"].isin([int(Disposal.SHORT_CUSTODY), int(Disposal.LONG_CUSTODY)])]
    out["mean_custodial_sentence_months"] = float(sen["days"].mean() / (DAYS_PER_YEAR / 12))
    res = _ev(ev, Ev.RESETTLED)
    res = res[(res["time_days"] >= a) & (res["time_days"] < b)]
    out["share_released_no_accommodation"] = float(
        (~res["settled_accommodation"].to_numpy(dtype=bool)).mean())
    out["share_released_employed"] = float(res["employed"].to_numpy(dtype=bool).mean())
    w = court_waits(ev, window)
    for c in COURTS:
        wc = w[w["court"] == c]
        out[f"{c}_queue_days"] = float(wc["queue_days"].mean())
        out[f"{c}_charge_to_verdict_days"] = float(wc["charge_to_verdict_days"].mean())
    costs = costs_by_holder(result.ledger, window)
    per_year = costs.groupby("holder", observed=True)["cost_gbp"].mean()
    for h in BUDGET_HOLDERS:
        out[f"cost_{h}_gbp_per_year"] = float(per_year.get(h, 0.0))
    lvl = costs.groupby("level")["cost_gbp"].sum() / costs["year"].nunique()
    for lv in ("central", "local", "social"):
        out[f"cost_{lv}_gbp_per_year"] = float(lvl.get(lv, 0.0))
    return out


def with_derived(summary: dict[str, float]) -> dict[str, float]:
    """``summary`` with the metrics derived from others: public spending (central + local)."""
    return summary | {"cost_public_gbp_per_year": summary["cost_central_gbp_per_year"]
                      + summary["cost_local_gbp_per_year"]}
