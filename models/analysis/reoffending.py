"""Reoffending as pure functions of the event log and the people table.

- :func:`proven_reoffending`: the Ministry of Justice measure. Index events in a window are
  releases from a custodial sentence, non-custodial court orders and cautions (one per person
  per annual cohort: the first); a person reoffends if they commit an offence within 12 months
  that is proven (conviction or caution) within a further 6 months, and every offence a proven
  case proves (other charges and offences taken into consideration too) is a proven reoffence.
  Beside it: detected reoffending (an offence that led to an arrest within 12 months) and all
  offences committed within 12 months, detected or not.
- :func:`reoffending_by_group`: those measures by disposal and by previous-offence band.
- :func:`time_to_reoffence`: Kaplan-Meier curves of days from index to the next offence.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from models.analysis.frames import CAUTIONS, COURT_ORDERS, events_of, flag
from models.config.vocabulary import (
    AGE_BANDS,
    DAYS_PER_YEAR,
    DISPOSALS,
    PRIOR_BANDS,
    Custody,
    prior_band_of,
)
from models.pathway.events import Ev
from sim.stats import kaplan_meier

__all__ = ["index_events", "proven_reoffending", "reoffending_rates", "reoffending_by_group",
           "time_to_reoffence", "prior_band_metric", "FOLLOW_UP_DAYS", "PROOF_DAYS",
           "DISPOSAL_GROUPS", "REOFFENDING_GROUP_COLUMNS"]

FOLLOW_UP_DAYS = 365.0
PROOF_DAYS = 365.0 + 182.5
# The index disposals the reoffending tables show: both kinds of caution together, then each
# court order, then custody (a release from it).
DISPOSAL_GROUPS = ("caution", "fine", "discharge", "community_order", "suspended",
                   "short_custody", "long_custody")
REOFFENDING_GROUP_COLUMNS = ("by", "group", "index_events", "proven_reoffending_rate",
                             "detected_reoffending_rate", "proven_reoffences_per_reoffender",
                             "offences_per_index_event")


def prior_band_metric(band: str) -> str:
    """The metric name of proven reoffending in a previous-offence band ("11+" -> ..._11_plus)."""
    return "reoffending_prior_" + band.replace("-", "_").replace("+", "_plus")


def _released_case(events: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Per released case: the disposal and previous offences of its (last) sentence; a case of
    the initial prison stock (no sentence in the log) takes the person's stock disposal and
    previous offences from the people table."""
    sen = events_of(events, Ev.SENTENCED).groupby("case_id")[["disposal", "prior_offences"]].last()
    rel = events_of(events, Ev.RELEASE)
    stock = rel[~rel["case_id"].isin(sen.index)].drop_duplicates("case_id")
    pp = people.set_index("person_id").loc[stock["person_id"]]
    extra = pd.DataFrame({"disposal": pp["stock_disposal"].to_numpy(),
                          "prior_offences": pp["prior_offences"].to_numpy()},
                         index=stock["case_id"].to_numpy())
    return pd.concat([sen, extra])


def _prior_band_codes(prior_offences: pd.Series) -> np.ndarray:
    """Codes into ``PRIOR_BANDS`` (-1 where the count is missing)."""
    counts, at = np.unique(prior_offences.to_numpy(dtype=float), return_inverse=True)
    codes = np.array([-1 if n != n else prior_band_of(int(n)) for n in counts], dtype=np.int8)
    return codes[at.reshape(-1)] if len(counts) else np.zeros(0, dtype=np.int8)


def index_events(events: pd.DataFrame, people: pd.DataFrame, window: tuple[float, float]) -> pd.DataFrame:
    """MoJ index events in ``window``: the first per person per annual cohort.

    Columns: person_id, time_days, index_type (caution, court_order, release), disposal,
    prior_offences and prior_band (previous proven offences: those of the caution or the court
    order, of the sentence a release ends, or of the people table for the initial prison
    stock), cohort (0-based year of the window), and the person's sex, age band and needs at
    the index.
    """
    a, b = window
    ooc = events_of(events, Ev.OUT_OF_COURT)
    ooc = ooc[ooc["disposal"].isin(CAUTIONS)].assign(index_type="caution")
    sen = events_of(events, Ev.SENTENCED)
    sen = sen[sen["disposal"].isin(COURT_ORDERS)].assign(index_type="court_order")
    rel = events_of(events, Ev.RELEASE)
    rel = rel[rel["custody"] == int(Custody.SENTENCED)]
    case = _released_case(events, people).reindex(rel["case_id"])
    rel = rel.assign(index_type="release", disposal=case["disposal"].to_numpy(),
                     prior_offences=case["prior_offences"].to_numpy())
    idx = pd.concat([ooc, sen, rel])[["person_id", "time_days", "index_type", "disposal",
                                      "prior_offences"]]
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
    idx["prior_band"] = pd.Categorical.from_codes(_prior_band_codes(idx["prior_offences"]),
                                                  categories=list(PRIOR_BANDS))
    return idx.reset_index(drop=True)


def _case_offences(events: pd.DataFrame) -> pd.Series:
    """Offences each case proves: the ``offences`` of its cautions and sentences (a breach
    sentence proves none), by case_id."""
    ooc = events_of(events, Ev.OUT_OF_COURT)
    proving = pd.concat([ooc[ooc["disposal"].isin(CAUTIONS)], events_of(events, Ev.SENTENCED)])
    return proving.groupby("case_id")["offences"].sum()


def _proven_offences(events: pd.DataFrame) -> pd.DataFrame:
    """Each detected offence with the day its case was proven (conviction or caution; NaN if
    never) and the number of offences the case proves. A case convicted but not yet sentenced
    when the run ends proves its detected offence (1)."""
    off = events_of(events, Ev.OFFENCE)
    off = off[flag(off["detected"])][["case_id", "person_id", "time_days"]].rename(
        columns={"time_days": "offence_day"})
    conv = events_of(events, Ev.CONVICTED)[["case_id", "time_days"]]
    ooc = events_of(events, Ev.OUT_OF_COURT)
    caut = ooc[ooc["disposal"].isin(CAUTIONS)][["case_id", "time_days"]]
    proof = pd.concat([conv, caut]).groupby("case_id")["time_days"].min().rename("proven_day")
    off = off.join(proof, on="case_id").join(_case_offences(events).rename("offences"),
                                             on="case_id")
    off["offences"] = off["offences"].where(off["proven_day"].isna() | off["offences"].notna(),
                                            1.0)
    return off


def _offences_within(idx: pd.DataFrame, events: pd.DataFrame) -> np.ndarray:
    """Per index event, every offence recorded (detected or not) in the 12 months after it."""
    off = events_of(events, Ev.OFFENCE)[["person_id", "time_days", "offences"]].rename(
        columns={"time_days": "t_off"})
    m = idx[["person_id", "time_days"]].reset_index().merge(off, on="person_id")
    within = (m["t_off"] > m["time_days"]) & (m["t_off"] <= m["time_days"] + FOLLOW_UP_DAYS)
    total = m[within].groupby("index")["offences"].sum()
    return total.reindex(idx.index, fill_value=0.0).to_numpy(dtype=float)


def proven_reoffending(events: pd.DataFrame, people: pd.DataFrame,
                       window: tuple[float, float]) -> pd.DataFrame:
    """Index events with ``reoffended`` (a proven reoffence), ``reoffences`` (proven offences,
    counted the MoJ way: every offence each proven case proves, dated at its detected offence),
    ``reoffended_detected`` (a detected offence in the follow-up year) and ``offences_12m``
    (every offence recorded in the follow-up year, detected or not)."""
    idx = index_events(events, people, window)
    off = _proven_offences(events)
    m = idx[["person_id", "time_days"]].reset_index().merge(off, on="person_id")
    in_follow_up = ((m["offence_day"] > m["time_days"])
                    & (m["offence_day"] <= m["time_days"] + FOLLOW_UP_DAYS))
    ok = in_follow_up & (m["proven_day"] <= m["time_days"] + PROOF_DAYS)
    proven = m[ok].groupby("index")
    idx["reoffences"] = proven["offences"].sum().reindex(idx.index, fill_value=0).to_numpy()
    idx["reoffended"] = proven.size().reindex(idx.index, fill_value=0).to_numpy() > 0
    # Detected reoffending: an offence in the follow-up year that led to an arrest, whatever
    # happened next and however long the courts took. Unlike the proven measure it does not
    # fall when a court backlog pushes convictions past the six months' grace.
    detected = m[in_follow_up].groupby("index").size()
    idx["reoffended_detected"] = detected.reindex(idx.index, fill_value=0).to_numpy() > 0
    idx["offences_12m"] = _offences_within(idx, events)
    return idx


def _rate(reoff: pd.DataFrame, mask: pd.Series, column: str = "reoffended") -> float:
    return float(reoff.loc[mask, column].mean())


def _disposal_group(reoff: pd.DataFrame) -> pd.Series:
    """The index disposal as in :data:`DISPOSAL_GROUPS` (both kinds of caution: "caution")."""
    return reoff["disposal"].astype(str).where(reoff["index_type"] != "caution", "caution")


def reoffending_rates(reoff: pd.DataFrame) -> dict[str, float]:
    """Headline reoffending rates (proportions) overall and by subgroup: proven, detected by
    index disposal, proven by previous-offence band, and proven reoffences per reoffender."""
    adult = reoff["age_band"] != "10-17"
    group = _disposal_group(reoff)
    out = {
        "reoffending_overall": float(reoff["reoffended"].mean()),
        "reoffending_adult": _rate(reoff, adult),
        "reoffending_juvenile": _rate(reoff, ~adult),
        "reoffending_women": _rate(reoff, reoff["female"]),
        "reoffending_18_24": _rate(reoff, reoff["age_band"] == "18-24"),
        "reoffending_mental_health": _rate(reoff, reoff["mental_health"]),
        "reoffending_short_custody": _rate(reoff, reoff["disposal"] == "short_custody"),
        "reoffending_long_custody": _rate(reoff, reoff["disposal"] == "long_custody"),
        "reoffending_community_order": _rate(reoff, reoff["disposal"] == "community_order"),
        "reoffending_caution": _rate(reoff, reoff["index_type"] == "caution"),
        "reoffending_women_released": _rate(reoff, reoff["female"]
                                            & (reoff["index_type"] == "release")),
        "detected_reoffending_overall": float(reoff["reoffended_detected"].mean()),
    }
    for g in ("short_custody", "long_custody", "community_order", "caution"):
        out[f"detected_reoffending_{g}"] = _rate(reoff, group == g, "reoffended_detected")
    for band in PRIOR_BANDS:
        out[prior_band_metric(band)] = _rate(reoff, reoff["prior_band"] == band)
    re = reoff[reoff["reoffended"]]
    out["reoffences_per_reoffender"] = float(re["reoffences"].mean()) if len(re) else math.nan
    return out


def _group_row(by: str, group: str, sub: pd.DataFrame) -> dict[str, object]:
    re = sub[sub["reoffended"]]
    n = len(sub)
    return {"by": by, "group": group, "index_events": n,
            "proven_reoffending_rate": float(sub["reoffended"].mean()) if n else math.nan,
            "detected_reoffending_rate": float(sub["reoffended_detected"].mean()) if n else math.nan,
            "proven_reoffences_per_reoffender": float(re["reoffences"].mean()) if len(re) else math.nan,
            "offences_per_index_event": float(sub["offences_12m"].mean()) if n else math.nan}


def reoffending_by_group(reoff: pd.DataFrame) -> pd.DataFrame:
    """The reoffending table of a run (from :func:`proven_reoffending`): one row for everyone,
    one per index disposal (:data:`DISPOSAL_GROUPS`) and one per previous-offence band
    (:data:`PRIOR_BANDS`), every group present even when empty. Columns
    :data:`REOFFENDING_GROUP_COLUMNS`: index events in the window, proven and detected
    reoffending rates, proven reoffences per reoffender, and offences (detected or not) in the
    12 months after each index event."""
    group = _disposal_group(reoff)
    rows = [_group_row("all", "all", reoff)]
    rows += [_group_row("disposal", g, reoff[group == g]) for g in DISPOSAL_GROUPS]
    rows += [_group_row("prior_band", band, reoff[reoff["prior_band"] == band])
             for band in PRIOR_BANDS]
    return pd.DataFrame(rows, columns=list(REOFFENDING_GROUP_COLUMNS))


def time_to_reoffence(events: pd.DataFrame, people: pd.DataFrame, window: tuple[float, float],
                      horizon: float, by: str | None = "disposal") -> pd.DataFrame:
    """Kaplan-Meier survival (no detected offence yet) by group (``by=None``: one group,
    "all"), from each index event, censored at the horizon. Returns columns group, time,
    at_risk, events, survival, ci_low, ci_high."""
    idx = index_events(events, people, window)
    off = events_of(events, Ev.OFFENCE)
    off = off[flag(off["detected"])][["person_id", "time_days"]].rename(columns={"time_days": "t_off"})
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
