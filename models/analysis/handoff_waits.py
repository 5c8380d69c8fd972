"""The waits that hand-offs between agencies lengthen, per case, from the event log.

- arrest to charge: the custody suite, or release pending the charging decision
  (``data_sharing.p_released_pending_charge``);
- charge to the first hearing, of cases that plead guilty there: the file reaching the court
  (a remanded defendant appears the next day) and the wait for a courtroom (a not guilty plea's
  first appearance takes no courtroom and is not an event: its wait to trial is in charge to
  verdict);
- conviction to sentence: an adjournment for a pre-sentence report (0 if sentenced at once).

Each case counts when its later event falls in the window; the mean and the median are over
those cases (NaN if none). Charges joined to a case on bail have no hearing or sentence of
their own and count only in arrest to charge.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from models.pathway.events import Ev

__all__ = ["handoff_wait_days", "handoff_waits", "WAITS"]

# (metric stem, the event the wait starts at, the event it ends at, only guilty plea hearings)
WAITS = (("arrest_to_charge", Ev.ARREST, Ev.CHARGE, False),
         ("charge_to_first_hearing", Ev.CHARGE, Ev.HEARING, True),
         ("conviction_to_sentence", Ev.CONVICTED, Ev.SENTENCED, False))


def _first(events: pd.DataFrame, code: Ev) -> pd.Series:
    """Each case's first time of event ``code``."""
    e = events.loc[events["event"] == int(code), ["case_id", "time_days"]]
    return e.groupby("case_id", sort=False)["time_days"].min()


def handoff_wait_days(events: pd.DataFrame, start: Ev, end: Ev, window: tuple[float, float],
                      guilty_plea: bool = False) -> np.ndarray:
    """Days from each case's first ``start`` to its first ``end`` at or after it, for the
    cases whose ``end`` falls in the window (``guilty_plea``: only cases whose first ``end`` is
    a guilty plea hearing)."""
    a, b = window
    s = _first(events, start).rename("start")
    cols = ["case_id", "time_days"] + (["guilty_plea"] if guilty_plea else [])
    e = events.loc[events["event"] == int(end), cols].merge(
        s.reset_index(), on="case_id").reset_index(drop=True)
    e = e[e["time_days"] >= e["start"]]
    if guilty_plea:  # the case's first such event, if it is a guilty plea hearing
        e = e.sort_values("time_days", kind="stable").drop_duplicates("case_id")
        e = e[e["guilty_plea"].fillna(False).to_numpy(dtype=bool)]
    first_end = e.groupby("case_id", sort=False).agg(end=("time_days", "min"),
                                                     start=("start", "first"))
    inwin = first_end[(first_end["end"] >= a) & (first_end["end"] < b)]
    return (inwin["end"] - inwin["start"]).to_numpy(dtype=float)


def handoff_waits(events: pd.DataFrame, window: tuple[float, float]) -> dict[str, float]:
    """Mean and median days of each wait in :data:`WAITS`."""
    out = {}
    for stem, start, end, guilty_plea in WAITS:
        d = handoff_wait_days(events, start, end, window, guilty_plea)
        out[f"mean_{stem}_days"] = float(d.mean()) if len(d) else math.nan
        out[f"median_{stem}_days"] = float(np.median(d)) if len(d) else math.nan
    return out
