"""Cheap row-oriented event recording turned into one DataFrame at the end."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["EventRecorder"]


def _noop(*_args: Any) -> None:
    """Do nothing (the ``record``/``append`` of a disabled recorder)."""


class EventRecorder:
    """Append-only list of event tuples with named columns.

    Parameters
    ----------
    columns : sequence of str
        Column names; every recorded tuple must have this many values.
    enabled : bool, default True
        When False, :meth:`record` and :attr:`append` are no-ops that cost
        only a function call.

    Attributes
    ----------
    rows : list of tuple
        Recorded rows, in recording order.
    append : callable
        ``append(row_tuple)``: fastest path for callers holding a ready tuple
        (bound ``list.append`` of :attr:`rows` when enabled).
    """

    def __init__(self, columns: Sequence[str], enabled: bool = True) -> None:
        self.columns: tuple[str, ...] = tuple(columns)
        if len(set(self.columns)) != len(self.columns):
            raise ValueError(f"columns={list(columns)!r}: names must be unique")
        self.enabled = bool(enabled)
        self.rows: list[tuple] = []
        if self.enabled:
            self.append = self.rows.append
        else:
            self.append = _noop
            self.record = _noop  # type: ignore[method-assign]

    def record(self, *values: Any) -> None:
        """Append one row given as positional values.

        Parameters
        ----------
        *values : Any
            One value per column, in column order.
        """
        self.rows.append(values)

    def __len__(self) -> int:
        return len(self.rows)

    def to_frame(
        self,
        dtypes: Mapping[str, str] | None = None,
        categories: Mapping[str, Sequence[str]] | None = None,
    ) -> pd.DataFrame:
        """Build a DataFrame of all rows.

        Parameters
        ----------
        dtypes : mapping of str to str, optional
            Column dtypes applied with ``astype``.
        categories : mapping of str to sequence of str, optional
            Columns holding integer codes to convert into a pandas
            Categorical: code ``i`` becomes ``labels[i]`` (code -1 is missing).

        Returns
        -------
        pandas.DataFrame
            Columns in the order given at construction.

        Raises
        ------
        KeyError
            If ``dtypes`` or ``categories`` name an unknown column.
        ValueError
            If a category code is outside ``[-1, len(labels))``.
        """
        unknown = sorted((set(dtypes or {}) | set(categories or {})) - set(self.columns))
        if unknown:
            raise KeyError(f"unknown column(s) {unknown}; columns are {list(self.columns)}")
        df = pd.DataFrame.from_records(self.rows, columns=list(self.columns), nrows=len(self.rows))
        if dtypes:
            df = df.astype(dict(dtypes))
        for col, labels in (categories or {}).items():
            codes = np.asarray(df[col], dtype=np.int64) if len(df) else np.empty(0, np.int64)
            n = len(labels)
            if codes.size and (codes.min() < -1 or codes.max() >= n):
                raise ValueError(
                    f"column {col!r}: category codes must be in [-1, {n}), "
                    f"got range [{codes.min()}, {codes.max()}]"
                )
            df[col] = pd.Categorical.from_codes(codes, categories=list(labels))
        return df
