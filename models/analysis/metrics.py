"""Outcomes as pure functions of the event log, the people table and the ledger.

- Reoffending (the Ministry of Justice measure, detected reoffending, the tables by disposal and
  previous offences, Kaplan-Meier curves) is in :mod:`models.analysis.reoffending`; its names
  are exported from here too, where :func:`summarise` brings every outcome together.
- :func:`daily_populations`: prison (remand, sentenced, recall), probation caseload (community,
  licence), court cases outstanding and waiting for a courtroom, each day.
- :func:`flows_per_year`, :func:`court_waits`, :func:`costs_by_holder`, :func:`summarise`.
- Criminal careers and remands: :func:`prior_records` (previous offences of the people sentenced
  to custody and of everyone cautioned or convicted), :func:`remanded_awaiting_sentence_per_year`,
  :func:`short_custody_under_6m_per_year`, :func:`share_outcomes_not_proven`, and the
  magistrates' summons cases (:func:`summons_outstanding`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from models.analysis.budgets import budget_metrics
from models.analysis.disproportionality import ethnicity_metrics
from models.analysis.frames import CAUTIONS, CUSTODIAL, events_of, in_window, window_years
from models.analysis.handoff_waits import handoff_waits
from models.analysis.regime_metrics import regime_metrics
from models.analysis.reoffending import (
    DISPOSAL_GROUPS,
    FOLLOW_UP_DAYS,
    PROOF_DAYS,
    REOFFENDING_GROUP_COLUMNS,
    index_events,
    prior_band_metric,
    proven_reoffending,
    reoffending_by_group,
    reoffending_rates,
    time_to_reoffence,
)
from models.analysis.yearly import peak_yearly
from models.analysis.young_people import young_people_metrics
from models.config.vocabulary import (
    BUDGET_HOLDERS,
    COURTS,
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    HOLDER_LEVEL,
    Court,
    Custody,
    Disposal,
    Supervision,
)
from models.pathway.events import Ev

if TYPE_CHECKING:
    from models.pathway.run import ReplicationResult

__all__ = ["index_events", "proven_reoffending", "reoffending_rates", "reoffending_by_group",
           "mean_over_replications", "time_to_reoffence", "daily_populations", "flows_per_year",
           "court_waits", "costs_by_holder", "prior_records", "remanded_awaiting_sentence_per_year",
           "short_custody_under_6m_per_year", "share_outcomes_not_proven", "summons_outstanding",
           "summarise", "with_derived", "prior_band_metric", "FOLLOW_UP_DAYS", "PROOF_DAYS",
           "DISPOSAL_GROUPS", "REOFFENDING_GROUP_COLUMNS"]


def mean_over_replications(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group (``keys``, in first-seen order), the mean over replications of every other
    numeric column (a group's missing values are skipped), and how many replications."""
    measures = [c for c in table.columns
                if c not in (*keys, "replication") and pd.api.types.is_numeric_dtype(table[c])]
    grouped = table.groupby(keys, sort=False)
    out = grouped[measures].mean()
    out.insert(0, "replications", grouped.size())
    return out.reset_index()


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

    offences = e.loc[code == int(Ev.OFFENCE), "offences"]
    custodial = list(CUSTODIAL)
    return {
        "arrests": n(Ev.ARREST), "nfa": n(Ev.NFA), "out_of_court": n(Ev.OUT_OF_COURT),
        "charges": n(Ev.CHARGE), "charges_crown": n(Ev.CHARGE, "court", int(Court.CROWN)),
        "ld_screened": n(Ev.LD_SCREENED), "ld_engaged": n(Ev.LD_REFERRED, "engaged", True),
        "remands": n(Ev.REMAND),
        "remands_awaiting_trial": n(Ev.REMAND, "custody", int(Custody.REMAND)),
        "convictions": n(Ev.CONVICTED), "acquittals": n(Ev.ACQUITTED),
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
        "offences": float(offences.to_numpy(dtype=np.float64).sum()) / years,  # detected or not
        "detected_offences": n(Ev.OFFENCE, "detected", True),
        "young_diversions": n(Ev.OUT_OF_COURT, "young_diversion", True),
        "womens_centre_starts": n(Ev.WOMENS_CENTRE_START),
        "first_offences_prevented": n(Ev.PREVENTED),
        # L&D at court (the ld_ flows above are the custody suite's); identified = assessed
        # or missed for want of a practitioner in time
        "ld_court_screened": n(Ev.LD_COURT_SCREENED),
        "ld_court_identified": n(Ev.LD_COURT_SCREENED) + n(Ev.LD_COURT_MISSED),
        "ld_court_referred": n(Ev.LD_COURT_REFERRED),
        "ld_court_engaged": n(Ev.LD_COURT_REFERRED, "engaged", True),
    }


def court_waits(events: pd.DataFrame, window: tuple[float, float]) -> pd.DataFrame:
    """Per case heard in the window: court, days queued for a courtroom, days charge to verdict."""
    a, b = window
    q = events_of(events, Ev.COURT_QUEUE)[["case_id", "time_days", "court"]]
    h = events_of(events, Ev.HEARING)[["case_id", "time_days"]]
    ch = events_of(events, Ev.CHARGE)[["case_id", "time_days"]]
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


def _sentences_for_offences(events: pd.DataFrame, window: tuple[float, float]) -> pd.DataFrame:
    """Sentences passed in the window for offences (a breach sentence proves none: left out)."""
    sen = in_window(events_of(events, Ev.SENTENCED), window)
    return sen[sen["offences"] > 0]


def prior_records(events: pd.DataFrame, window: tuple[float, float]) -> dict[str, float]:
    """Previous proven offences of the people sentenced to immediate custody in the window
    (each sentence for an offence; X33) and of the people cautioned or convicted (distinct
    people per year of the window, at their first caution or sentence of that year; X34)."""
    sen = _sentences_for_offences(events, window)
    custody = sen.loc[sen["disposal"].isin(CUSTODIAL), "prior_offences"].to_numpy(dtype=float)
    ooc = in_window(events_of(events, Ev.OUT_OF_COURT), window)
    dealt = pd.concat([ooc[ooc["disposal"].isin(CAUTIONS)], sen]).sort_values("time_days",
                                                                                kind="stable")
    year = ((dealt["time_days"] - window[0]) // DAYS_PER_YEAR).astype(int)
    first_of_year = dealt.assign(year=year).drop_duplicates(["person_id", "year"])
    prior = first_of_year["prior_offences"].to_numpy(dtype=float)
    return {"median_prior_offences_custody": float(np.median(custody)) if len(custody) else math.nan,
            "share_custody_prior_over_15": _share_over(custody, 15),
            "share_custody_prior_over_45": _share_over(custody, 45),
            "share_offenders_prior_over_15": _share_over(prior, 15)}


def _share_over(values: np.ndarray, threshold: float) -> float:
    return float((values > threshold).mean()) if len(values) else math.nan


def remanded_awaiting_sentence_per_year(events: pd.DataFrame,
                                        window: tuple[float, float]) -> float:
    """Convictions in the window, per year, of cases whose defendant is in custody on remand
    at conviction: the case's last remand (custody REMAND) or remand release before the
    conviction is a remand. A defendant released when the custody time limit expired (then
    bailed) is not; nor is one recalled on the new charge (custody RECALL)."""
    conv = in_window(events_of(events, Ev.CONVICTED), window)[["case_id", "time_days"]]
    rem = events_of(events, Ev.REMAND)
    rem = rem[rem["custody"] == int(Custody.REMAND)][["case_id", "time_days"]].assign(held=True)
    rel = events_of(events, Ev.RELEASE)
    rel = rel[rel["custody"] == int(Custody.REMAND)][["case_id", "time_days"]].assign(held=False)
    # each conviction ("index") with every remand and remand release of its case before it (a
    # remand at the very time of the conviction counts, a release then does not)
    m = conv.reset_index(drop=True).reset_index().merge(
        pd.concat([rem, rel]), on="case_id", suffixes=("", "_custody"))
    before = m[(m["time_days_custody"] < m["time_days"])
               | (m["held"] & (m["time_days_custody"] == m["time_days"]))]
    last = before.sort_values(["index", "time_days_custody", "held"], kind="stable") \
        .drop_duplicates("index", keep="last")
    return float(last["held"].sum()) / window_years(window)


def short_custody_under_6m_per_year(events: pd.DataFrame, window: tuple[float, float]) -> float:
    """Immediate custodial sentences shorter than 6 months passed in the window for offences
    (breach sentences left out), per year (X37)."""
    sen = _sentences_for_offences(events, window)
    short = sen["disposal"].isin(CUSTODIAL) & (sen["days"] < 6 * DAYS_PER_MONTH)
    return float(short.sum()) / window_years(window)


def share_outcomes_not_proven(events: pd.DataFrame, window: tuple[float, float]) -> float:
    """Of the outcomes of cases in the window (no further action, out-of-court disposals,
    convictions, acquittals), the share the proven measure does not count: no further action,
    community resolutions and acquittals."""
    e = in_window(events, window)
    code, disposal = e["event"].to_numpy(), e["disposal"].to_numpy()
    ooc = code == int(Ev.OUT_OF_COURT)
    not_proven = ((code == int(Ev.NFA)) | (code == int(Ev.ACQUITTED))
                  | (ooc & (disposal == int(Disposal.COMMUNITY_RESOLUTION))))
    outcomes = ooc | np.isin(code, [int(Ev.NFA), int(Ev.CONVICTED), int(Ev.ACQUITTED)])
    return float(not_proven.sum() / outcomes.sum()) if outcomes.any() else math.nan


def summons_outstanding(resources: dict, days: np.ndarray) -> np.ndarray:
    """Summons-begun cases outstanding at the magistrates' courts at the end of each of
    ``days`` (the run's ``resources["summons_magistrates"]["outstanding"]`` steps: change
    times and the level after each); 0 where the run has none."""
    steps = resources.get("summons_magistrates", {}).get("outstanding")
    if steps is None:
        return np.zeros(len(days))
    times, levels = (np.asarray(x, dtype=float) for x in steps)
    i = np.searchsorted(times, days, side="right") - 1
    return levels[np.maximum(i, 0)]


def _mean_populations(daily: pd.DataFrame, window: tuple[float, float],
                      resources: dict) -> dict[str, float]:
    """Each daily stock's mean over the window; the magistrates' cases with those begun by
    summons; prison bed-days per year."""
    inwin = daily[(daily["day"] >= window[0]) & (daily["day"] < window[1])]
    out = {f"mean_{c}": float(inwin[c].mean()) for c in daily.columns if c != "day"}
    out["mean_court_magistrates_outstanding_all"] = out["mean_court_magistrates_outstanding"] \
        + float(summons_outstanding(resources, inwin["day"].to_numpy()).mean())
    out["prison_bed_days_per_year"] = out["mean_prison_total"] * DAYS_PER_YEAR
    out["mean_probation_with_pre_release"] = out["mean_probation_total"] \
        + out["mean_prison_sentenced"]
    return out


def summarise(result: ReplicationResult, daily: pd.DataFrame | None = None,
              reoff: pd.DataFrame | None = None) -> dict[str, float]:
    """One replication's headline metrics (at the run's scale) as a flat dict (``daily`` and
    ``reoff``: the run's :func:`daily_populations` and :func:`proven_reoffending`, if
    already computed)."""
    ev, people, window = result.events, result.people, tuple(result.settings["window"])
    a, b = window
    daily = daily_populations(ev, result.settings["horizon_days"]) if daily is None else daily
    reoff = proven_reoffending(ev, people, window) if reoff is None else reoff
    out = _mean_populations(daily, window, result.resources)
    out.update({f"{k}_per_year": v for k, v in flows_per_year(ev, window).items()})
    out.update(reoffending_rates(reoff))
    out.update(prior_records(ev, window))
    out["remanded_awaiting_sentence_per_year"] = remanded_awaiting_sentence_per_year(ev, window)
    out["short_custody_under_6m_per_year"] = short_custody_under_6m_per_year(ev, window)
    out["share_outcomes_not_proven"] = share_outcomes_not_proven(ev, window)
    sen = events_of(ev, Ev.SENTENCED)
    sen = sen[(sen["time_days"] >= a) & (sen["time_days"] < b)
              & sen["disposal"].isin([int(Disposal.SHORT_CUSTODY), int(Disposal.LONG_CUSTODY)])]
    out["mean_custodial_sentence_months"] = float(sen["days"].mean() / (DAYS_PER_YEAR / 12))
    res = events_of(ev, Ev.RESETTLED)
    res = res[(res["time_days"] >= a) & (res["time_days"] < b)]
    out["share_released_no_accommodation"] = float(
        (~res["settled_accommodation"].to_numpy(dtype=bool)).mean())
    out["share_released_employed"] = float(res["employed"].to_numpy(dtype=bool).mean())
    w = court_waits(ev, window)
    for c in COURTS:
        wc = w[w["court"] == c]
        out[f"{c}_queue_days"] = float(wc["queue_days"].mean())
        out[f"{c}_charge_to_verdict_days"] = float(wc["charge_to_verdict_days"].mean())
    out.update(handoff_waits(ev, window))  # arrest to charge, charge to first hearing, ...
    costs = costs_by_holder(result.ledger, window)
    per_year = costs.groupby("holder", observed=True)["cost_gbp"].mean()
    for h in BUDGET_HOLDERS:
        out[f"cost_{h}_gbp_per_year"] = float(per_year.get(h, 0.0))
    lvl = costs.groupby("level")["cost_gbp"].sum() / costs["year"].nunique()
    for lv in ("central", "local", "social"):
        out[f"cost_{lv}_gbp_per_year"] = float(lvl.get(lv, 0.0))
    out.update(regime_metrics(result.resources, window))  # prison staffing (issue 13)
    out.update(peak_yearly(daily, window))  # the worst year (models.analysis.yearly)
    out.update(young_people_metrics(ev, people, result.ledger, window, out["mean_prison_total"]))
    r = result.resources  # devolved budgets: grants, net position, invest-to-save (budgets.py)
    out.update(budget_metrics(costs, r.get("grants", {}), r.get("reinvestments", []),
                              r.get("reinvested_windows", []), window))
    out.update(ethnicity_metrics(ev, people, result.ledger, window))  # issue 13
    return out


def with_derived(summary: dict[str, float]) -> dict[str, float]:
    """``summary`` with the metrics derived from others: public spending (central + local)."""
    return summary | {"cost_public_gbp_per_year": summary["cost_central_gbp_per_year"]
                      + summary["cost_local_gbp_per_year"]}
