"""The cost ledger: every cost is an entry that lands on a budget holder.

An entry is ``(start_day, end_day, person_id, item, holder, amount_gbp)``; a cost that accrues
over a stay (prison days, supervision) spans ``[start_day, end_day]`` and is spread evenly over
it when costs are put into years; a one-off cost has ``start_day == end_day``. Which holder pays
for which item is scenario data (``[budget_holders]``), so a configuration can move a cost from
a central to a local budget without touching code.
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

    Entries are packed as doubles into a byte buffer as they are recorded; :meth:`flush` moves
    them into an array.
    """

    def __init__(self, holder_of_item: Mapping[str, str]) -> None:
        self._holder = [BUDGET_HOLDERS.index(holder_of_item[item]) for item in COST_ITEMS]
        self._buffer = bytearray()
        self._add = self._buffer.extend
        self._chunks: list[np.ndarray] = []

    def charge(self, item: Item, person_id: int, start_day: float, end_day: float,
               amount_gbp: float) -> None:
        """Record a cost of ``amount_gbp`` for ``item``, accrued over [start_day, end_day]."""
        self._add(_pack(start_day, end_day, person_id, item, self._holder[item], amount_gbp))

    def flush(self) -> None:
        """Move the buffered entries into an array (the buffer empties)."""
        if self._buffer:
            self._chunks.append(np.frombuffer(self._buffer, dtype=np.float64).reshape(-1, 6).copy())
            self._buffer.clear()

    def to_frame(self) -> pd.DataFrame:
        """Every entry so far, in recording order; the ledger empties."""
        self.flush()
        chunks, self._chunks = self._chunks, []
        a = np.concatenate(chunks) if chunks else np.zeros((0, 6))
        return pd.DataFrame({
            "start_day": a[:, 0], "end_day": a[:, 1], "person_id": a[:, 2].astype(np.int64),
            "item": pd.Categorical.from_codes(a[:, 3].astype(np.int64), categories=list(COST_ITEMS)),
            "holder": pd.Categorical.from_codes(a[:, 4].astype(np.int64), categories=list(BUDGET_HOLDERS)),
            "amount_gbp": a[:, 5]})
