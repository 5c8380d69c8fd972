"""Lever attribution in words: which lever of a configuration does what.

One sentence per configuration and metric, read from ``attribution.csv``
(:func:`models.analysis.attribution.attribution_table`), e.g. "Devolved integrated: most of the
fall in proven reoffending (−1.6 pp of −2.1 pp) comes from resettlement; young adults to 25
(+0.2 pp) works the other way." Configurations and levers are named in words (the snake_case
names stay in ``attribution.csv``); given the run's scale, counts and money are
England-and-Wales equivalents (value / scale), said once by :func:`scale_note`. The rules, on
the contribution means:

- the full effect is *detectable* when its 95% CI excludes zero; otherwise the sentence says
  there is no detectable change and names the three largest contributions (marking those
  whose own 95% CI excludes zero as detectable);
- one lever does *most* of it when its contribution, in the full effect's direction, is at
  least half of the full effect (*more than all of it* when others work the other way); else two levers when together they are; else the three
  largest are named as a spread;
- a lever *works the other way* when its contribution has the opposite sign and is at least a
  tenth of the full effect (the three largest are named);
- the levers *interact* when the remainder is at least a quarter of the full effect.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from models.analysis.attribution import KEY_METRICS
from models.analysis.catalogue import CATALOGUE
from models.report import format as fmt
from models.report.attribution_figures import lever_words
from models.report.compare_summary import config_words

__all__ = ["metric_words", "attribution_sentence", "attribution_sentences", "attribution_text",
           "change", "scale_note", "MOST", "OTHER_WAY", "INTERACTS"]

MOST = 0.5        # a share of the full effect that is "most of it"
OTHER_WAY = 0.1   # a lever pulling the other way by at least this share is named
INTERACTS = 0.25  # a remainder of at least this share of the full effect is named

_WORDS = {"offences_per_year": "offences a year", "detected_reoffending_overall":
          "detected reoffending", "reoffending_overall": "proven reoffending (MoJ)",
          "mean_prison_total": "the prison population", "mean_probation_total":
          "the probation caseload", "cost_public_gbp_per_year": "public spending a year"}


def metric_words(metric: str) -> str:
    """A metric in words for a sentence."""
    return _WORDS.get(metric) or (CATALOGUE[metric].label if metric in CATALOGUE else metric)


def change(metric: str, v: object, scale: float | None = None) -> str:
    """A contribution or effect as shown: with ``scale``, a count or money as its
    England-and-Wales equivalent (``v / scale``); a rate in percentage points either way."""
    return fmt.difference(metric, v) if scale is None else \
        fmt.national_difference(metric, v, scale)


def scale_note(scale: float | None) -> str:
    """The one sentence that says in what terms the attribution's counts and costs are."""
    if scale is None:
        return "Counts and costs are at the run's scale; rates change in percentage points."
    return (f"England-and-Wales equivalents: the run's numbers divided by its scale, "
            f"{scale:g} (rates change in percentage points and are not scaled).")


def _detectable(low: float, high: float) -> bool:
    return not (fmt.missing(low) or fmt.missing(high)) and (low > 0 or high < 0)


def attribution_sentence(rows: pd.DataFrame, metric: str, config: str,
                         scale: float | None = None) -> str:
    """What each lever of ``config`` does to ``metric`` (``rows``: the ``attribution.csv`` rows
    of that configuration and metric), naming the configuration and levers in words; with
    ``scale``, counts and money are England-and-Wales equivalents (:func:`change`)."""
    d = lambda v: change(metric, v, scale)  # noqa: E731
    name = config_words(config)
    first = rows.iloc[0]
    full, what = float(first["full_mean"]), metric_words(metric)
    c = rows.set_index("lever")["contribution_mean"].astype(float)
    if full == 0.0 and (c == 0.0).all():
        return f"{name}: no lever changes {what}."
    if not _detectable(first["full_low"], first["full_high"]):
        r = rows.set_index("lever")
        top = [lv for lv in c.sort_values(key=abs, ascending=False).index if c[lv] != 0][:3]
        named = [f"{lever_words(str(lv))} {d(c[lv])}"
                 + (" (detectable)" if _detectable(r.loc[lv, "contribution_low"],
                                                   r.loc[lv, "contribution_high"]) else "")
                 for lv in top]
        ci = ("no interval from one replication" if fmt.missing(first["full_low"]) else
              f"95% CI {d(first['full_low'])} to {d(first['full_high'])}")
        return (f"{name}: no detectable change in {what} with all levers ({d(full)}, {ci})"
                + (f"; largest estimated contributions: {', '.join(named)}" if named else "")
                + ".")
    way = "fall" if full < 0 else "rise"
    same = c[c * full > 0].sort_values(key=abs, ascending=False)
    if len(same) and same.iloc[0] / full > 1.0:
        text = (f"the {way} in {what} ({d(full)}) comes from {lever_words(str(same.index[0]))} "
                f"({d(same.iloc[0])}, more than all of it)")
        rest = same.iloc[1:3]
    elif len(same) and same.iloc[0] / full >= MOST:
        text = (f"most of the {way} in {what} ({d(same.iloc[0])} of {d(full)}) comes from "
                f"{lever_words(str(same.index[0]))}")
        rest = same.iloc[1:3]
    elif len(same) >= 2 and same.iloc[:2].sum() / full >= MOST:
        text = (f"the {way} in {what} ({d(full)}) comes mostly from "
                f"{lever_words(str(same.index[0]))} ({d(same.iloc[0])}) and "
                f"{lever_words(str(same.index[1]))} ({d(same.iloc[1])})")
        rest = same.iloc[2:3]
    else:
        spread = ", ".join(f"{lever_words(str(lv))} ({d(v)})" for lv, v in same.iloc[:3].items())
        text = (f"the {way} in {what} ({d(full)}) is spread over the levers"
                + (f": {spread}" if spread else ""))
        rest = same.iloc[0:0]
    if len(rest):
        text += "; then " + ", ".join(f"{lever_words(str(lv))} ({d(v)})" for lv, v in rest.items())
    other = c[(c * full < 0) & (c.abs() >= OTHER_WAY * abs(full))].sort_values(key=abs,
                                                                              ascending=False)
    if len(other):
        named = [f"{lever_words(str(lv))} ({d(v)})" for lv, v in other.iloc[:3].items()]
        if len(other) > 3:
            named.append("others")
        text += "; " + (named[0] if len(named) == 1 else
                        ", ".join(named[:-1]) + " and " + named[-1]) \
            + (" works" if len(named) == 1 else " work") + " the other way"
    inter = float(first["interaction_mean"])
    if abs(inter) >= INTERACTS * abs(full):
        more = "more" if inter * full > 0 else "less"
        text += (f"; together the levers do {more} than the sum of their parts "
                 f"(interactions {d(inter)})")
    return f"{name}: {text}."


def attribution_sentences(table: pd.DataFrame, metrics: Sequence[str] = KEY_METRICS,
                          scale: float | None = None) -> list[str]:
    """One sentence per configuration and metric of ``table`` (``attribution.csv``)."""
    out = []
    for config in dict.fromkeys(table["config"]):
        for metric in metrics:
            rows = table[(table["config"] == config) & (table["metric"] == metric)]
            if not rows.empty:
                out.append(attribution_sentence(rows, metric, config, scale))
    return out


def attribution_text(table: pd.DataFrame, metrics: Sequence[str] = KEY_METRICS,
                     scale: float | None = None) -> str:
    """The printed attribution: a heading line, :func:`scale_note`, then the sentences."""
    if table.empty:
        return "Which lever does what: no overlay has a lever to attribute.\n"
    lines = ["Which lever does what (attribution.csv; a lever's contribution is the mean of "
             "its effect alone and the effect lost without it).", scale_note(scale)]
    lines += [f"  {s}" for s in attribution_sentences(table, metrics, scale)]
    return "\n".join(lines) + "\n"
