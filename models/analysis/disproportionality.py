"""Outcomes by ethnic group and the relative rate index (RRI) at each decision point.

The standard disproportionality table (Lammy 2017; the Ministry of Justice's *Statistics on Race
and the Criminal Justice System*): at each decision point, each group's rate against its own
denominator, divided by White's rate. In the measurement window:

=============  ===================================  ==========================================
decision       count                                rate (its denominator)
=============  ===================================  ==========================================
arrest         arrests                              share of arrests / share of the population
out_of_court   out-of-court disposals               per arrest
charge         charges                              per arrest
remand         remands in custody (recalls left     per charge
               out)
conviction     convictions                          per charge
custody        immediate custody on a conviction    per conviction
prison         prison days (remand, sentence,       share of prison days / share of the
               recall)                              population
=============  ===================================  ==========================================

The arrest and prison rows need the population's shares (``population.ethnicity_shares_population``);
without them only the other rows are computed. :func:`ethnicity_metrics` gives the headline
metrics (the BAME and Black shares of prisoners, and the RRIs of the decisions the model
changes) for the summary.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from models.config.vocabulary import ETHNICITIES, Custody, Disposal, Ethnicity
from models.pathway.events import Ev

__all__ = ["DECISIONS", "TABLE_COLUMNS", "disproportionality_table", "ethnicity_metrics",
           "prison_days_by_person"]

DECISIONS = ("arrest", "out_of_court", "charge", "remand", "conviction", "custody", "prison")
TABLE_COLUMNS = ("decision", "ethnicity", "count", "base", "rate", "rri")

_PRISON_ITEMS = ("remand_days", "prison_days", "prison_days_long", "recall_days")
_CUSTODIAL = (int(Disposal.SHORT_CUSTODY), int(Disposal.LONG_CUSTODY))


def _codes(people: pd.DataFrame) -> pd.Series:
    """Ethnic group code by person id."""
    eth = people["ethnicity"]
    codes = eth.cat.codes if isinstance(eth.dtype, pd.CategoricalDtype) else eth
    return pd.Series(codes.to_numpy(dtype=np.int64), index=people["person_id"].to_numpy())


def _count(frame: pd.DataFrame, codes: pd.Series, weights: np.ndarray | None = None) -> np.ndarray:
    """Events (or weights) per ethnic group, in ``ETHNICITIES`` order."""
    g = codes.reindex(frame["person_id"].to_numpy()).to_numpy(dtype=float)
    known = ~np.isnan(g)
    w = None if weights is None else weights[known]
    return np.bincount(g[known].astype(np.int64), weights=w,
                       minlength=len(ETHNICITIES)).astype(float)[:len(ETHNICITIES)]


def prison_days_by_person(ledger: pd.DataFrame, window: tuple[float, float]) -> pd.DataFrame:
    """Per ledger stay in prison (remand, sentence, recall) overlapping ``window``: the person
    and the days of the stay inside the window."""
    a, b = window
    led = ledger[(ledger["start_day"] < b) & (ledger["end_day"] > a)
                 & ledger["item"].astype(str).isin(_PRISON_ITEMS)]
    days = np.clip(np.minimum(led["end_day"].to_numpy(), b)
                   - np.maximum(led["start_day"].to_numpy(), a), 0.0, None)
    return pd.DataFrame({"person_id": led["person_id"].to_numpy(), "days": days})


def _counts(events: pd.DataFrame, people: pd.DataFrame, ledger: pd.DataFrame,
            window: tuple[float, float]) -> dict[str, np.ndarray]:
    a, b = window
    ev = events[(events["time_days"] >= a) & (events["time_days"] < b)]
    codes = _codes(people)

    def of(code: Ev) -> pd.DataFrame:
        return ev[ev["event"] == int(code)]

    remand = of(Ev.REMAND)
    remand = remand[remand["custody"] == int(Custody.REMAND)]
    conv = of(Ev.CONVICTED)
    sen = of(Ev.SENTENCED)
    custody = sen[sen["disposal"].isin(_CUSTODIAL) & sen["case_id"].isin(set(conv["case_id"]))]
    stays = prison_days_by_person(ledger, window)
    return {"arrest": _count(of(Ev.ARREST), codes),
            "out_of_court": _count(of(Ev.OUT_OF_COURT), codes),
            "charge": _count(of(Ev.CHARGE), codes), "remand": _count(remand, codes),
            "conviction": _count(conv, codes), "custody": _count(custody, codes),
            "prison": _count(stays, codes, stays["days"].to_numpy(dtype=float))}


def _ratio(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y > 0, x / np.where(y > 0, y, 1.0), np.nan)


def disproportionality_table(events: pd.DataFrame, people: pd.DataFrame, ledger: pd.DataFrame,
                             window: tuple[float, float],
                             population_shares: Mapping[str, float] | None = None) -> pd.DataFrame:
    """One row per (decision, ethnic group): ``count`` in the window, ``base`` (its
    denominator: the count at the decision before, or the group's population share), ``rate``
    and ``rri`` (the rate over White's). See the module docstring for the decisions."""
    n = _counts(events, people, ledger, window)
    share = None if population_shares is None else np.array(
        [float(population_shares[e]) for e in ETHNICITIES])
    rows = []
    for decision in DECISIONS:
        count = n[decision]
        if decision in ("arrest", "prison"):
            if share is None:
                continue
            base = share
            total = count.sum()
            rate = _ratio(count / total if total > 0 else count * np.nan, base)
        else:
            before = {"out_of_court": "arrest", "charge": "arrest", "remand": "charge",
                      "conviction": "charge", "custody": "conviction"}[decision]
            base = n[before]
            rate = _ratio(count, base)
        white = rate[int(Ethnicity.WHITE)]
        rri = rate / white if white > 0 else rate * np.nan
        rows += [{"decision": decision, "ethnicity": e, "count": float(count[i]),
                  "base": float(base[i]), "rate": float(rate[i]), "rri": float(rri[i])}
                 for i, e in enumerate(ETHNICITIES)]
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def _rri_of(count: np.ndarray, base: np.ndarray, group: list[int]) -> float:
    """The RRI of ``group`` (pooled) against White at one decision."""
    w = int(Ethnicity.WHITE)
    if base[w] <= 0 or count[w] <= 0 or base[group].sum() <= 0:
        return math.nan
    return float(count[group].sum() / base[group].sum() / (count[w] / base[w]))


def ethnicity_metrics(events: pd.DataFrame, people: pd.DataFrame, ledger: pd.DataFrame,
                      window: tuple[float, float]) -> dict[str, float]:
    """The BAME and Black shares of prison days in the window, and the RRIs (Black, and BAME
    pooled, against White) of out-of-court disposal per arrest, remand per charge and custody
    per conviction (NaN for a people table without ethnicity)."""
    names = ["share_bame_in_prison", "share_black_in_prison"] + [
        f"rri_{d}_{g}" for d in ("out_of_court", "remand", "custody") for g in ("black", "bame")]
    if "ethnicity" not in people:
        return dict.fromkeys(names, math.nan)
    n = _counts(events, people, ledger, window)
    days = n["prison"]
    total = days.sum()
    black, bame = [int(Ethnicity.BLACK)], [int(e) for e in Ethnicity if e != Ethnicity.WHITE]
    out = {"share_bame_in_prison": float(days[bame].sum() / total) if total > 0 else math.nan,
           "share_black_in_prison": float(days[black].sum() / total) if total > 0 else math.nan}
    for decision, before in (("out_of_court", "arrest"), ("remand", "charge"),
                             ("custody", "conviction")):
        out[f"rri_{decision}_black"] = _rri_of(n[decision], n[before], black)
        out[f"rri_{decision}_bame"] = _rri_of(n[decision], n[before], bame)
    return out
