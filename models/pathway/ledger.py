"""The cost ledger: every cost is an entry that lands on a budget holder.

An entry is ``(start_day, end_day, person_id, item, holder, amount_gbp)``; a cost that accrues
over a stay (prison days, supervision) spans ``[start_day, end_day]`` and is spread evenly over
it when costs are put into years; a one-off cost has ``start_day == end_day``. Which holder pays
for which item is scenario data (``[budget_holders]``), so a configuration can move a cost from
a central to a local budget without touching code.

One-off costs (an offence, an arrest, a hearing, an assessment) are most of the entries and say
nothing about who incurred them that any output uses, so they are summed by item and day as
they are charged: one entry per item and day, at the middle of the day, with person -1 (the
holder follows from the item). A cost's day moves by less than half a day on average, and
not at all in which year it falls unless it falls within half a day of a year's edge.
Costs that accrue over a stay keep an entry each, with the person.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping

import numpy as np
import pandas as pd

from models.config.vocabulary import BUDGET_HOLDERS, COST_ITEMS, Item

__all__ = ["Ledger", "LEDGER_COLUMNS"]

LEDGER_COLUMNS = ("start_day", "end_day", "person_id", "item", "holder", "amount_gbp")


_pack = struct.Struct("6d").pack  # an entry as doubles, in the order of LEDGER_COLUMNS


class Ledger:
    """Append-only list of cost entries with the payer resolved from the scenario.

    Entries over a stay are packed as doubles into a byte buffer as they are recorded;
    :meth:`flush` moves them into an array. One-off costs are summed by item and day.
    """

    def __init__(self, holder_of_item: Mapping[str, str], horizon_days: float = 0.0) -> None:
        self._holder = [BUDGET_HOLDERS.index(holder_of_item[item]) for item in COST_ITEMS]
        self._buffer = bytearray()
        self._add = self._buffer.extend
        self._chunks: list[np.ndarray] = []
        days = int(horizon_days) + 1
        self._daily = [[0.0] * days for _ in COST_ITEMS]  # one-off costs by item and day

    def charge(self, item: Item, person_id: int, start_day: float, end_day: float,
               amount_gbp: float) -> None:
        """Record a cost of ``amount_gbp`` for ``item``, accrued over [start_day, end_day] (a
        one-off cost if they are equal: summed into its item's day)."""
        if start_day == end_day:
            day = int(start_day)
            by_day = self._daily[item]
            if day >= len(by_day):  # after the horizon
                by_day.extend([0.0] * (day + 1 - len(by_day)))
            by_day[day] += amount_gbp
            return
        self._add(_pack(start_day, end_day, person_id, item, self._holder[item], amount_gbp))

    def flush(self) -> None:
        """Move the buffered entries into an array (the buffer empties)."""
        if self._buffer:
            self._chunks.append(np.frombuffer(self._buffer, dtype=np.float64).reshape(-1, 6).copy())
            self._buffer.clear()

    def _daily_entries(self) -> np.ndarray:
        """The one-off costs as entries: one per item and day with a cost, by item then day."""
        rows = []
        for item, by_day in enumerate(self._daily):
            amount = np.asarray(by_day)
            day = np.flatnonzero(amount)
            mid = day + 0.5
            rows.append(np.column_stack([mid, mid, np.full(len(day), -1.0), np.full(len(day), item),
                                         np.full(len(day), self._holder[item]), amount[day]]))
        return np.concatenate(rows)

    def to_frame(self) -> pd.DataFrame:
        """Every entry so far: those over a stay in recording order, then the one-off costs by
        item and day; the ledger empties."""
        self.flush()
        chunks, self._chunks = self._chunks, []
        chunks.append(self._daily_entries())
        self._daily = [[0.0] * len(by_day) for by_day in self._daily]
        a = np.concatenate(chunks)
        return pd.DataFrame({
            "start_day": a[:, 0], "end_day": a[:, 1], "person_id": a[:, 2].astype(np.int64),
            "item": pd.Categorical.from_codes(a[:, 3].astype(np.int64), categories=list(COST_ITEMS)),
            "holder": pd.Categorical.from_codes(a[:, 4].astype(np.int64), categories=list(BUDGET_HOLDERS)),
            "amount_gbp": a[:, 5]})
