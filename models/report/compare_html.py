"""A self-contained HTML report of a comparison of policy configurations.

The page opens from ``file://`` with no server and no network: CSS is inline and every figure is
embedded as a base64 PNG, wrapped in a link to its file beside the report. All text taken from
data (metric and config names, lever rationales, sources, captions, caveats, the manifest) is
HTML-escaped. Values are formatted by kind from the metric catalogue (:mod:`models.report.format`).
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Sequence
from html import escape
from pathlib import Path

import pandas as pd

from models.analysis.catalogue import COMPARISON_HEADLINE
from models.report import format as fmt
from sim.store import atomic_write_text

__all__ = ["write_report"]

log = logging.getLogger(__name__)


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:72rem;
margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;white-space:nowrap}
.sig{font-weight:600}.no{color:#b00}figure{margin:1rem 0}img{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:#555}pre{background:#f7f7f7;padding:.5rem;overflow:auto;
font-size:.8rem}summary{cursor:pointer}
"""


def _ci(fmt, metric: str, low, high) -> str:
    return f"[{fmt(metric, low)}, {fmt(metric, high)}]"


def _baseline(comparison: pd.DataFrame, manifest: dict) -> str:
    """The manifest's baseline, else the only config with no paired differences, else the first."""
    configs = list(dict.fromkeys(comparison["config"]))
    if manifest.get("baseline") in configs:
        return manifest["baseline"]
    none = [c for c in configs if comparison.loc[comparison["config"] == c, "diff_mean"].isna().all()]
    return none[0] if len(none) == 1 else configs[0]


def _significant(r) -> bool:
    return not (fmt.missing(r["diff_low"]) or fmt.missing(r["diff_high"])) and (
        r["diff_low"] > 0 or r["diff_high"] < 0)


def _table(header: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _td(text: str, cls: str = "num") -> str:
    return f'<td class="{cls}">{escape(text)}</td>' if cls else f"<td>{escape(text)}</td>"


def _comparison_rows(comparison: pd.DataFrame, base: str, metrics: list[str]) -> list[str]:
    """One row per metric x non-baseline config: baseline, config, paired difference, N."""
    idx = comparison.set_index(["metric", "config"])
    others = [c for c in dict.fromkeys(comparison["config"]) if c != base]
    rows = []
    for m in metrics:
        if (m, base) not in idx.index:
            continue
        b = idx.loc[(m, base)]
        for c in others:
            if (m, c) not in idx.index:
                continue
            r = idx.loc[(m, c)]
            enough = bool(r["enough"]) and bool(b["enough"])
            need = pd.Series([r["replications_needed"], b["replications_needed"]]).max()
            n_text = f"{r['n']:.0f}: yes" if enough else f"{r['n']:.0f}: no (needs {need:.0f})"
            rows.append(
                "<tr>" + _td(m, "") + _td(fmt.value(m, b["mean"]))
                + _td(_ci(fmt.value, m, b["ci_low"], b["ci_high"])) + _td(c, "")
                + _td(fmt.value(m, r["mean"]))
                + _td(_ci(fmt.value, m, r["ci_low"], r["ci_high"]))
                + _td(fmt.difference(m, r["diff_mean"]), "num sig" if _significant(r) else "num")
                + _td(_ci(fmt.difference, m, r["diff_low"], r["diff_high"]))
                + _td(n_text, "num" if enough else "num no") + "</tr>")
    return rows


_COMPARISON_HEADER = ["metric", "baseline mean", "95% CI", "configuration", "mean", "95% CI",
                      "paired difference", "95% CI", "replications: enough?"]


def _summary(comparison: pd.DataFrame, base: str, headline: list[str], manifest: dict) -> str:
    """One paragraph: what is compared, what changes for victims (and whether the proven
    measure moved by changing what it counts), and which headline metrics differ detectably."""
    others = [c for c in dict.fromkeys(comparison["config"]) if c != base]
    n = comparison["n"].max()
    parts = [f"This report compares {', '.join(others) or 'no other configuration'} with the "
             f"baseline {base}, over {n:.0f} paired replications (common random numbers: every "
             "configuration sees the same people and random streams). Intervals are 95%."]
    for c in others:
        parts += [s for s in (fmt.victims_sentence(comparison, base, c),
                              fmt.counting_note(comparison, base, c)) if s]
    idx = comparison.set_index(["metric", "config"])
    for c in others:
        hits = [f"{m} {fmt.difference(m, idx.loc[(m, c), 'diff_mean'])}" for m in headline
                if (m, c) in idx.index and _significant(idx.loc[(m, c)])]
        parts.append(f"{c}: " + ("; ".join(hits) if hits else
                                 "no headline metric differs detectably from the baseline") + ".")
    if manifest.get("seed") is not None:
        parts.append(f"Root seed {manifest['seed']}.")
    return escape(" ".join(parts))


def _levers(levers: pd.DataFrame) -> str:
    if levers.empty:
        return "<p>No lever differs from the baseline.</p>"
    rows = ["<tr>" + "".join(_td(str(r[k]), "") for k in ("config", "lever", "path"))
            + _td(f"{r['baseline']} → {r['value']}", "")
            + "".join(_td(str(r[k]), "") for k in ("why", "source")) + "</tr>"
            for _, r in levers.iterrows()]
    return _table(["configuration", "lever", "parameter path", "baseline → value", "why",
                   "source"], rows)


def _figure(out_dir: Path, rel: str, caption: str) -> str:
    """A figure embedded as base64 PNG inside a link to its file (relative to the report)."""
    if Path(rel).is_absolute() or ".." in Path(rel).parts:
        raise ValueError(f"figure path {rel!r} must be relative to {out_dir} and stay inside it")
    href = escape(Path(rel).as_posix(), quote=True)
    path = out_dir / rel
    if not path.is_file():
        log.warning("figure %s is missing; linking without an embedded image", path)
        img = f"<p>(figure missing: {escape(rel)})</p>"
    else:
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        img = f'<img src="data:image/png;base64,{data}" alt="{escape(caption, quote=True)}">'
    return (f'<figure><a href="{href}">{img}</a>'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _budgets(shift: pd.DataFrame | None) -> list[str]:
    """Each holder with a grant: spend, grant and net position per year, per configuration."""
    if shift is None or "holder" not in shift.columns:
        return []
    b = shift[shift["holder"].notna()]
    holders = set(b.loc[b["grant_gbp"].fillna(0.0) != 0.0, "holder"])
    b = b[b["holder"].isin(holders)]
    if b.empty:
        return ["<h2>Budgets</h2><p>No configuration devolves an item with a grant.</p>"]
    rows = [f"<tr>{_td(str(r.config), '')}{_td(str(r.holder), '')}"
            f"{_td(str(int(r.year)))}{_td(f'{r.spend_gbp:,.0f}')}{_td(f'{r.grant_gbp:,.0f}')}"
            f"{_td(f'{r.net_gbp:,.0f} [{r.net_ci_low:,.0f}, {r.net_ci_high:,.0f}]')}</tr>"
            for r in b.itertuples()]
    return ["<h2>Budgets: grant, spend and net position</h2>",
            "<p>Per holder that pays or receives a grant for a devolved item, per year of the "
            "window (£ at the run's scale; means over replications, 95% CI of the net). The "
            "grant is the devolved items' baseline cost, fixed in advance (a transfer, not a "
            "cost); net = grant - spend: for the local holder positive is a saving, negative "
            "an overspend it carries. Idle reinvested place-days (places bought that were not "
            "used) are in the metrics table.</p>",
            "<details><summary>Table</summary>",
            _table(["configuration", "holder", "year", "spend £", "grant £", "net £ [95% CI]"],
                   rows), "</details>"]


def write_report(out_dir: Path, *, title: str, comparison: pd.DataFrame, levers: pd.DataFrame,
                 manifest: dict, figures: list[tuple[str, str]], caveats: list[str],
                 headline_metrics: list[str] | None = None,
                 budgets: pd.DataFrame | None = None, sections: Sequence[str] = ()) -> Path:
    """Write ``out_dir/report.html`` atomically and return its path.

    Parameters
    ----------
    out_dir : Path
        Run folder; figure paths are relative to it.
    title : str
        Page title.
    comparison : DataFrame
        One row per (config, metric) with means, CIs, paired differences and replication checks.
    levers : DataFrame
        Columns config, lever, path, baseline, value, why, source.
    manifest : dict
        The run manifest (JSON-serialisable; other values are shown with ``str``). A
        ``"baseline"`` key, if present, names the baseline configuration.
    figures : list of (str, str)
        (file name relative to ``out_dir``, caption).
    caveats : list of str
        Limitations to state with the results.
    headline_metrics : list of str, optional
        Metrics for the headline table (default: those of the catalogue's ``COMPARISON_HEADLINE``
        present, or
        all metrics if none is).
    budgets : DataFrame, optional
        ``cost_shift.csv``: its rows with a ``holder`` give each holder's spend, grant and net
        position per year (shown per configuration for the holders with a grant).
    sections : sequence of str, optional
        Self-contained HTML fragments placed before the figures (the lever attribution).
    """
    out_dir = Path(out_dir)
    base = _baseline(comparison, manifest)
    metrics = list(dict.fromkeys(comparison["metric"]))
    headline = list(headline_metrics or [m for m in COMPARISON_HEADLINE if m in metrics]
                    or metrics)
    body = [
        f"<h1>{escape(title)}</h1>",
        f"<p>{_summary(comparison, base, headline, manifest)}</p>",
        "<h2>Headline results</h2>",
        _table(_COMPARISON_HEADER, _comparison_rows(comparison, base, headline)),
        "<details><summary>All metrics</summary>",
        _table(_COMPARISON_HEADER, _comparison_rows(comparison, base, metrics)), "</details>",
        "<h2>Levers that differ</h2>", _levers(levers),
        *_budgets(budgets), *sections,
        "<h2>Figures</h2>", *(_figure(out_dir, rel, cap) for rel, cap in figures),
        "<h2>Caveats</h2>",
        "<ul>" + "".join(f"<li>{escape(c)}</li>" for c in caveats) + "</ul>",
        "<details><summary>Manifest</summary><pre>"
        + escape(json.dumps(manifest, indent=2, sort_keys=True, default=str)) + "</pre></details>",
    ]
    page = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = atomic_write_text(out_dir / "report.html", page)
    log.info("wrote %s (%d figures)", target, len(figures))
    return target
