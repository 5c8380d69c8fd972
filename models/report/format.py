"""Numbers as text, the one place that decides how a metric is shown.

How a metric is shown follows its kind in the catalogue (:mod:`models.analysis.catalogue`):
rates and shares as %, their differences in percentage points; money per year in £ million;
everything else as a plain number with thousands separators.

Two plain-words sentences read a comparison table (one row per metric and configuration, with
``mean`` and the paired ``diff_mean``): :func:`victims_sentence`, what changes for victims and
in reoffending, and :func:`counting_note`, said only when a configuration moves the proven
measure by changing what it counts (:func:`counting_sentence` is the rule, on numbers).
"""

from __future__ import annotations

import math
from functools import partial

import pandas as pd

from models.analysis.catalogue import CATALOGUE

__all__ = ["number", "value", "difference", "missing", "victims_sentence", "counting_note",
           "counting_sentence", "scales", "is_proportion", "national", "national_difference", "interval_words",
           "label", "unit"]

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
    if kind in ("rate", "share"):
        pp = abs(100 * x)  # a small change keeps a digit of its own (-0.03 pp, not 0.0 pp)
        text = f"{pp:.{1 if pp >= 0.05 or pp == 0 else 2 if pp >= 0.005 else 3}f} pp"
    elif kind == "money":
        text = f"£{abs(x) / 1e6:,.2f}m"
    elif kind == "money_each":
        text = f"£{abs(x):,.0f}"
    else:
        text = _plain(abs(x))
    return _signed(x, text)


def _signed(x: float, text: str) -> str:
    """``text`` (the magnitude as shown) with the sign of ``x``; ± when it shows as zero."""
    shown_zero = not any(ch in "123456789" for ch in text)
    return ("±" if x == 0 or shown_zero else "+" if x > 0 else "−") + text


def scales(metric: str) -> bool:
    """Whether the metric grows with the run's scale (counts, populations, money per year)."""
    m = CATALOGUE.get(metric)
    return bool(m.scales) if m is not None else _kind(metric) in ("count", "stock", "money")


def is_proportion(metric: str) -> bool:
    """Shown as % (a rate or a share), its differences in percentage points."""
    return _kind(metric) in ("rate", "share")


def label(metric: str) -> str:
    """The catalogue's readable label (the name with spaces if it is not catalogued)."""
    m = CATALOGUE.get(metric)
    return m.label if m is not None else metric.replace("_", " ")


def unit(metric: str) -> str:
    m = CATALOGUE.get(metric)
    return m.unit if m is not None else ""


def _national_plain(x: float) -> str:
    """A national count: three significant figures (whole numbers below 1,000), in millions
    from a million."""
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.2f} million"
    if abs(x) >= 1000:
        return f"{float(f'{x:.3g}'):,.0f}"
    return f"{x:,.0f}"  # people or events: whole numbers


def _national_money(x: float) -> str:
    return f"£{x / 1e9:,.2f}bn" if abs(x) >= 1e9 else f"£{x / 1e6:,.1f}m"


def national(metric: str, v: object, scale: float) -> str:
    """The England-and-Wales equivalent of a value simulated at ``scale``: ``v / scale`` for a
    metric that scales (counts to three significant figures, money in £m or £bn), the value as
    :func:`value` shows it otherwise (a rate needs no scaling)."""
    if missing(v):
        return DASH
    if not scales(metric):
        return value(metric, v)
    x = float(v) / scale  # type: ignore[arg-type]
    return _national_money(x) if _kind(metric) == "money" else _national_plain(x)


def national_difference(metric: str, v: object, scale: float) -> str:
    """:func:`national` for a signed difference."""
    if missing(v):
        return DASH
    if not scales(metric):
        return difference(metric, v)
    x = float(v)  # type: ignore[arg-type]
    return _signed(x, national(metric, abs(x), scale))


_WAYS = {"money": ("a clear saving", "a clear extra cost")}


def interval_words(metric: str, low: object, high: object) -> str:
    """What a 95% interval of a paired difference says, in words: a clear fall (or cut, or
    saving) when it lies below zero, a clear rise when above, no clear change when it spans
    zero."""
    if missing(low) or missing(high):
        return "no interval (too few replications)"
    lo, hi = float(low), float(high)  # type: ignore[arg-type]
    fall, rise = _WAYS.get(_kind(metric), ("a clear fall", "a clear rise"))
    if hi < 0:
        return fall
    if lo > 0:
        return rise
    return "the interval spans zero: no clear change"


def _relative(base: float, config: float) -> float:
    return (config - base) / base if base else math.nan


def _signed_percent(x: float) -> str:
    return _signed(x, f"{abs(100 * x):.1f}%")


# A configuration moves the proven measure by changing what it counts when proven reoffending
# moves (relative) by clearly more than detected reoffending and offences, at least this much
# more and this many times as much, and the share of outcomes it does not count moves the other
# way by at least this many percentage points.
CLEARLY_MORE_RELATIVE = 0.02
CLEARLY_MORE_TIMES = 1.5
SHARE_MOVE_PP = 0.5


def counting_sentence(config: str, proven: tuple[float, float], detected: tuple[float, float],
                      offences: tuple[float, float],
                      not_proven_share: tuple[float, float]) -> str | None:
    """A sentence when ``config`` moves proven reoffending by changing what is counted, else
    None. Each argument is (base mean, configuration mean): proven and detected reoffending
    (rates), offences per year, and the share of outcomes the proven measure does not count."""
    rel_p, rel_d, rel_o = _relative(*proven), _relative(*detected), _relative(*offences)
    if not rel_p or any(map(math.isnan, (rel_p, rel_d, rel_o))):
        return None
    sign = 1.0 if rel_p > 0 else -1.0
    others = max(sign * rel_d, sign * rel_o, 0.0)  # the larger move the same way, if any
    share_pp = 100.0 * (not_proven_share[1] - not_proven_share[0])
    moved_more = (sign * rel_p - others >= CLEARLY_MORE_RELATIVE
                  and sign * rel_p >= CLEARLY_MORE_TIMES * others)
    if not (moved_more and -sign * share_pp >= SHARE_MOVE_PP):
        return None
    way, share_way = ("falls", "rises") if sign < 0 else ("rises", "falls")
    because = ("a larger share of outcomes the proven measure does not count" if sign < 0 else
               "a smaller share of outcomes the proven measure does not count")
    return (f"{config}: proven reoffending {way} by {abs(100 * rel_p):.1f}% (relative), "
            f"against {_signed_percent(rel_d)} for detected reoffending and "
            f"{_signed_percent(rel_o)} for offences, while the share of outcomes that prove no "
            f"offence (no further action, community resolutions, acquittals) {share_way} by "
            f"{abs(share_pp):.1f} pp: part of the {way[:-1]} in proven reoffending comes from "
            f"{because}, not from a change in offending.")


def _means(table: pd.DataFrame, metric: str, base: str, config: str) -> tuple[float, float]:
    rows = table[table["metric"] == metric].set_index("config")["mean"]
    return float(rows.get(base, math.nan)), float(rows.get(config, math.nan))


def counting_note(table: pd.DataFrame, base: str, config: str) -> str | None:
    """:func:`counting_sentence` on a comparison table's means."""
    m = partial(_means, table, base=base, config=config)
    return counting_sentence(config, m("reoffending_overall"), m("detected_reoffending_overall"),
                             m("offences_per_year"), m("share_outcomes_not_proven"))


_FOR_VICTIMS = (("offences_per_year", "offences a year"),
                ("cost_victims_and_society_gbp_per_year", "cost to victims and society"),
                ("detected_reoffending_overall", "detected reoffending"),
                ("reoffending_overall", "proven reoffending (MoJ)"),
                ("reoffences_per_reoffender", "proven reoffences per reoffender"))


def victims_sentence(table: pd.DataFrame, base: str, config: str) -> str | None:
    """What ``config`` changes against ``base``, victims first: offences and their cost, then
    detected reoffending with the proven measure and proven reoffences per reoffender (paired
    differences; a metric missing from the table is left out; None if all are)."""
    diffs = table[table["config"] == config].set_index("metric")["diff_mean"]
    parts = []
    for metric, words in _FOR_VICTIMS:
        if metric not in diffs.index:
            continue
        d = diffs[metric]
        text = f"{words} {difference(metric, d)}"
        if metric == "offences_per_year" and not missing(d):
            text += f" ({_signed_percent(_relative(*_means(table, metric, base, config)))})"
        parts.append(text)
    return f"{config} against {base}: " + "; ".join(parts) + "." if parts else None
