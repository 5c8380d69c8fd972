"""Numbers as text, the one place that decides how a metric is shown.

How a metric is shown follows its kind in the catalogue (:mod:`models.analysis.catalogue`):
rates and shares as %, their differences in percentage points; money per year in £ million;
everything else as a plain number with thousands separators.
"""

from __future__ import annotations

import math

from models.analysis.catalogue import CATALOGUE

__all__ = ["number", "value", "difference", "missing"]

DASH = "–"


def missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def number(x: float) -> str:
    """A plain number: separators from 100,000, one decimal from 100, three significant below."""
    if missing(x):
        return "n/a"
    if abs(x) >= 1e5:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:,.1f}"
    return f"{x:.3f}"


def _kind(metric: str) -> str:
    m = CATALOGUE.get(metric)
    if m is None:  # not catalogued: guess from the name
        return "rate" if metric.startswith("reoffending_") else (
            "money" if "gbp" in metric else "count")
    return "money_each" if m.kind == "money" and not m.scales else m.kind


def _plain(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:,.1f}" if abs(v) >= 10 else f"{v:.3g}"


def value(metric: str, v: object) -> str:
    """A metric's value: rates and shares as %, money per year as £m, counts with separators."""
    if missing(v):
        return DASH
    x, kind = float(v), _kind(metric)  # type: ignore[arg-type]
    if kind in ("rate", "share"):
        return f"{100 * x:.1f}%"
    if kind == "money":
        return f"£{x / 1e6:,.2f}m"
    if kind == "money_each":
        return f"£{x:,.0f}"
    return _plain(x)


def difference(metric: str, v: object) -> str:
    """A signed difference: rates and shares in percentage points, money per year in £m."""
    if missing(v):
        return DASH
    x, kind = float(v), _kind(metric)  # type: ignore[arg-type]
    sign = "+" if x > 0 else "−" if x < 0 else "±"
    if kind in ("rate", "share"):
        return f"{sign}{abs(100 * x):.1f} pp"
    if kind == "money":
        return f"{sign}£{abs(x) / 1e6:,.2f}m"
    if kind == "money_each":
        return f"{sign}£{abs(x):,.0f}"
    return sign + _plain(abs(x))
