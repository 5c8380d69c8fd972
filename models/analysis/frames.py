"""Views of a run's event log that the outcome modules share: the rows of one event, the
rows in a window, a window's length in years, a flag column as booleans, and the disposals
grouped as the measures group them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.config.vocabulary import DAYS_PER_YEAR, Disposal
from models.pathway.events import Ev

__all__ = ["events_of", "in_window", "window_years", "flag", "CAUTIONS", "COURT_ORDERS",
           "CUSTODIAL"]

CAUTIONS = (int(Disposal.CAUTION), int(Disposal.CONDITIONAL_CAUTION))
COURT_ORDERS = tuple(int(d) for d in (Disposal.FINE, Disposal.DISCHARGE,
                                       Disposal.COMMUNITY_ORDER, Disposal.SUSPENDED))
CUSTODIAL = (int(Disposal.SHORT_CUSTODY), int(Disposal.LONG_CUSTODY))


def events_of(events: pd.DataFrame, code: Ev) -> pd.DataFrame:
    """The rows of one event."""
    return events[events["event"] == int(code)]


def in_window(events: pd.DataFrame, window: tuple[float, float]) -> pd.DataFrame:
    """The rows with ``window[0] <= time < window[1]``."""
    a, b = window
    return events[(events["time_days"] >= a) & (events["time_days"] < b)]


def window_years(window: tuple[float, float]) -> float:
    """The window's length in years."""
    return (window[1] - window[0]) / DAYS_PER_YEAR


def flag(column: pd.Series) -> np.ndarray:
    """A flag column as booleans (missing = False)."""
    return column.to_numpy(dtype=bool, na_value=False)
