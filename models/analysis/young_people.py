"""Children and young adults: the youth custody population and its cost, and how young adults
(18-24) are sentenced (issue 13).

Pure functions of the event log, the people table and the ledger, as in
:mod:`models.analysis.metrics` (which calls :func:`young_people_metrics` from ``summarise``).

- A stay in custody runs from a reception (``prison_entry``) to the person's next release; a
  person is in one stay at a time, so the k-th reception of a person (counting the initial
  prison stock's start in prison) pairs with their k-th release. A child's stay is one begun
  under 18: it counts in the youth custody population until release, wherever the run holds
  children (``youth_custody.children_held_in``). The adult prison population is the prison
  total less that.
- The cost of children's custody is every custody ledger entry (remand, sentence, recall)
  begun while the person was under 18, and every youth secure estate entry, spread over the
  window as :func:`models.analysis.metrics.costs_by_holder` does.
- Custody rates by age: the share of convictions in the window (breach sentences excluded)
  sentenced to immediate custody, for 18-24s and for people 25 and over.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.config.vocabulary import DAYS_PER_YEAR, Disposal
from models.pathway.events import Ev

__all__ = ["youth_custody_daily", "youth_custody_cost_per_year", "custody_rates_by_age",
           "young_people_metrics", "CUSTODY_ITEMS"]

_CHILD_BELOW_YEARS = 18.0
_YOUNG_ADULT_BELOW_YEARS = 25.0
CUSTODY_ITEMS = ("remand_days", "prison_days", "prison_days_long", "recall_days",
                 "youth_custody_days")
_CUSTODIAL = (int(Disposal.SHORT_CUSTODY), int(Disposal.LONG_CUSTODY))


def _age_at(people: pd.DataFrame, person_id: np.ndarray, t_days: np.ndarray) -> np.ndarray:
    pp = people.set_index("person_id")
    return (pp["age_at_entry_years"].reindex(person_id).to_numpy()
            + (t_days - pp["entry_day"].reindex(person_id).to_numpy()) / DAYS_PER_YEAR)


def youth_custody_daily(events: pd.DataFrame, people: pd.DataFrame,
                        days: np.ndarray) -> np.ndarray:
    """Children in custody (stays begun under 18) at the end of each of ``days``."""
    code = events["event"].to_numpy()
    start = events[(code == int(Ev.PRISON_ENTRY)) | (code == int(Ev.START_IN_PRISON))]
    end = events[code == int(Ev.RELEASE)]
    start = start.sort_values(["person_id", "time_days"], kind="stable")
    end = end.sort_values(["person_id", "time_days"], kind="stable")
    start = start.assign(k=start.groupby("person_id").cumcount().to_numpy())
    end = end.assign(k=end.groupby("person_id").cumcount().to_numpy())
    child = start[_age_at(people, start["person_id"].to_numpy(),
                          start["time_days"].to_numpy()) < _CHILD_BELOW_YEARS]
    stays = child[["person_id", "k", "time_days"]].merge(
        end[["person_id", "k", "time_days"]], on=["person_id", "k"], how="left",
        suffixes=("", "_end"))
    t_in = np.sort(stays["time_days"].to_numpy())
    t_out = np.sort(stays["time_days_end"].dropna().to_numpy())
    return (np.searchsorted(t_in, days, side="right")
            - np.searchsorted(t_out, days, side="right")).astype(np.int64)


def youth_custody_cost_per_year(ledger: pd.DataFrame, people: pd.DataFrame,
                                window: tuple[float, float]) -> float:
    """GBP a year in the window of holding children in custody (see the module docstring)."""
    a, b = window
    stays = ledger[ledger["item"].astype(str).isin(CUSTODY_ITEMS) & (ledger["person_id"] >= 0)]
    s, e, amt = (stays[c].to_numpy() for c in ("start_day", "end_day", "amount_gbp"))
    child = (_age_at(people, stays["person_id"].to_numpy(), s) < _CHILD_BELOW_YEARS) \
        | (stays["item"].astype(str).to_numpy() == "youth_custody_days")
    span = e - s
    frac = np.where(span > 0, np.clip(np.minimum(e, b) - np.maximum(s, a), 0, None)
                    / np.where(span > 0, span, 1), ((s >= a) & (s < b)).astype(float))
    return float((amt * frac)[child].sum() / ((b - a) / DAYS_PER_YEAR))


def custody_rates_by_age(events: pd.DataFrame, people: pd.DataFrame,
                         window: tuple[float, float]) -> dict[str, float]:
    """Share of convictions sentenced to immediate custody, 18-24 and 25+."""
    a, b = window
    t, code = events["time_days"].to_numpy(), events["event"].to_numpy()
    inwin = (t >= a) & (t < b)
    sen = events[inwin & (code == int(Ev.SENTENCED))]
    conv = set(events.loc[inwin & (code == int(Ev.CONVICTED)), "case_id"])
    # a breach sentence proves no offence (offences 0), and its case was convicted before
    sen = sen[sen["case_id"].isin(conv) & (sen["offences"] > 0)]
    age = _age_at(people, sen["person_id"].to_numpy(), sen["time_days"].to_numpy())
    custodial = sen["disposal"].isin(_CUSTODIAL).to_numpy()
    out = {}
    for name, mask in (("custody_rate_18_24", (age >= _CHILD_BELOW_YEARS)
                        & (age < _YOUNG_ADULT_BELOW_YEARS)),
                       ("custody_rate_25_plus", age >= _YOUNG_ADULT_BELOW_YEARS)):
        out[name] = float(custodial[mask].mean()) if mask.any() else float("nan")
    return out


def young_people_metrics(events: pd.DataFrame, people: pd.DataFrame, ledger: pd.DataFrame,
                         window: tuple[float, float], mean_prison_total: float) -> dict[str, float]:
    """The summary metrics of this module for one replication."""
    a, b = window
    days = np.arange(np.ceil(a), np.ceil(b), dtype=float)
    youth = float(youth_custody_daily(events, people, days).mean()) if len(days) else float("nan")
    return {"mean_youth_custody": youth,
            "mean_prison_adults": mean_prison_total - youth,
            "youth_custody_cost_gbp_per_year": youth_custody_cost_per_year(ledger, people, window),
            **custody_rates_by_age(events, people, window)}
