"""The lever attribution section of a comparison's HTML report: a self-contained fragment.

:func:`attribution_section` returns HTML (no ``<html>``/``<body>``) to place in the comparison
report: a heading, how the attribution is computed, which lever does what in words
(:mod:`models.report.attribution_text`), the waterfall figures (embedded as base64 PNG inside a
link to the file beside the report, like the report's other figures) and a table per
configuration of each lever's contribution to the key metrics. Like the report's summary, it
names configurations and levers in words (the snake_case names stay in ``title`` attributes and
``attribution.csv``) and, given the run's scale, shows counts and money as England-and-Wales
equivalents (value / scale), said once. Every text taken from data is HTML-escaped.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from html import escape
from pathlib import Path

import pandas as pd

from models.analysis.attribution import KEY_METRICS
from models.report import format as fmt
from models.report.attribution_figures import lever_words
from models.report.attribution_text import (
    attribution_sentences,
    change,
    metric_words,
    scale_note,
)
from models.report.compare_summary import config_words

__all__ = ["attribution_section", "METHOD"]

log = logging.getLogger(__name__)

METHOD = (
    "For every lever of a configuration the comparison also ran the configuration with that "
    "lever alone and with every lever but that one, on the same people and random numbers, "
    "each lever at the fidelity it has in the full configuration. A lever's contribution is "
    "the mean of its effect alone (difference from the base) and the effect lost without it "
    "(full configuration minus all-but-this-lever): with two levers this is exactly their "
    "Shapley value. What the contributions do not add up to is shown as interactions "
    "between levers. An overlay's own timeline (a trend or a court shock, not a lever) is in "
    "every variant; its own effect is a separate row and the levers are measured from it. "
    "Intervals are 95% over paired replications.")


def _img(out_dir: Path, rel: str, caption: str) -> str:
    if Path(rel).is_absolute() or ".." in Path(rel).parts:
        raise ValueError(f"figure path {rel!r} must be relative to {out_dir} and stay inside it")
    path = out_dir / rel
    href = escape(Path(rel).as_posix(), quote=True)
    if path.is_file():
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        img = f'<img src="data:image/png;base64,{data}" alt="{escape(caption, quote=True)}">'
    else:
        log.warning("figure %s is missing; linking without an embedded image", path)
        img = f"<p>(figure missing: {escape(rel)})</p>"
    return f'<figure><a href="{href}">{img}</a><figcaption>{escape(caption)}</figcaption></figure>'


def _named(name: str, words: str) -> str:
    """``words`` shown, the data's own ``name`` in the title attribute."""
    return f'<span title="{escape(name, quote=True)}">{escape(words)}</span>'


def _cell(metric: str, scale: float | None, mean, low, high) -> str:
    ci = "" if fmt.missing(low) else f" [{change(metric, low, scale)}, " \
                                      f"{change(metric, high, scale)}]"
    return f'<td class="num">{escape(change(metric, mean, scale) + ci)}</td>'


def _table(table: pd.DataFrame, config: str, metrics: Sequence[str],
           scale: float | None = None) -> str:
    t = table[table["config"] == config]
    metrics = [m for m in metrics if m in set(t["metric"])]
    head = "".join(f"<th>{escape(metric_words(m).removeprefix('the '))}</th>" for m in metrics)
    rows = []
    for lever in dict.fromkeys(t["lever"]):
        r = t[t["lever"] == lever].set_index("metric")
        words = config_words(lever_words(str(lever)))
        rows.append(f"<tr><td>{_named(str(lever), words)}</td>" + "".join(
            _cell(m, scale, *r.loc[m, ["contribution_mean", "contribution_low",
                                       "contribution_high"]])
            for m in metrics) + "</tr>")
    first = t.drop_duplicates("metric").set_index("metric")
    for label, key in (("interactions between levers", "interaction"),
                       (f"{config_words(config)}: all levers", "full")):
        rows.append(f"<tr><td><em>{escape(label)}</em></td>" + "".join(
            _cell(m, scale, *first.loc[m, [f"{key}_mean", f"{key}_low", f"{key}_high"]])
            for m in metrics) + "</tr>")
    return (f"<table><thead><tr><th>lever ({_named(config, config_words(config))})</th>{head}"
            "</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def attribution_section(table: pd.DataFrame, base: str, figures: Sequence[tuple[str, str]],
                        out_dir: str | Path, metrics: Sequence[str] = KEY_METRICS,
                        scale: float | None = None) -> str:
    """The report's attribution section as an HTML fragment.

    Parameters
    ----------
    table : DataFrame
        ``attribution.csv`` (:func:`models.analysis.attribution.attribution_table`).
    base : str
        The base configuration's name.
    figures : sequence of (str, str)
        (path relative to ``out_dir``, caption) of the waterfall figures
        (:func:`models.report.attribution_figures.write_waterfalls`).
    out_dir : path
        The comparison's folder (where the report is).
    metrics : sequence of str
        The metrics the words and the table cover.
    scale : float, optional
        The run's scale: counts and money are then shown as England-and-Wales equivalents
        (value / scale); without it, at the run's scale. Either way the section says so once.
    """
    out_dir = Path(out_dir)
    parts = [f"<p>{escape(METHOD)}</p>",
             f'<p class="note">{escape(scale_note(scale), quote=False)}</p>']
    if table.empty:
        return "\n".join(parts + ["<p>No configuration has a lever to attribute.</p>"])
    parts.append("<ul>" + "".join(f"<li>{escape(s)}</li>"
                                  for s in attribution_sentences(table, metrics, scale))
                 + "</ul>")
    parts += [_img(out_dir, rel, cap) for rel, cap in figures]
    for config in dict.fromkeys(table["config"]):
        parts.append(f"<p>Contribution of each lever of {_named(config, config_words(config))} "
                     f"to the change from {_named(base, config_words(base))} (mean [95% CI]); "
                     "every metric is in attribution.csv.</p>")
        parts.append(_table(table, config, metrics, scale))
    return "\n".join(parts)
