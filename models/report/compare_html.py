"""A self-contained HTML report of a comparison of policy configurations.

A policy reader meets first what was compared and what changes (simulated and as
England-and-Wales equivalents, with intervals in words), then the figures (the pathway's flow
diagram first), then the tables, collapsed. Readable labels and units come from the metric
catalogue; metric, configuration, lever and parameter names stay in ``title`` attributes and
the collapsed tables.

The page opens from ``file://`` with no server and no network: CSS is inline and every figure is
embedded as a base64 PNG, wrapped in a link to its file beside the report. All text taken from
data (metric and config names, lever rationales, sources, captions, caveats, the manifest) is
HTML-escaped. Values are formatted by kind from the metric catalogue (:mod:`models.report.format`).
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

import pandas as pd

from models.analysis.catalogue import COMPARISON_HEADLINE
from models.report import format as fmt
from models.report.compare_summary import compared, config_words, section, setting
from sim.store import atomic_write_text

__all__ = ["write_report"]

log = logging.getLogger(__name__)


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:80rem;
margin:1rem auto;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.35rem;margin:.3rem 0}h2{font-size:1.1rem;border-bottom:1px solid #ddd;
padding-bottom:.15rem;margin:1rem 0 .4rem}h3{font-size:1rem;margin:.9rem 0 .3rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;white-space:nowrap}
.sig{font-weight:600}.no{color:#b00}figure{margin:1rem 0}img{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:#555}pre{background:#f7f7f7;padding:.5rem;overflow:auto;
font-size:.8rem}summary{cursor:pointer;font-weight:600}
ul.compared{margin:.2rem 0;padding-left:1.2rem;font-size:.86rem}ul.compared li{margin:0}
table.summary{font-size:.82rem;width:100%}table.summary td{padding:.12rem .4rem}
table.summary td.words{font-size:.76rem;color:#333}table.summary th{padding:.12rem .4rem}
table.summary tr.topic th{background:#e8eef5;font-size:.78rem;text-transform:uppercase;
letter-spacing:.03em;padding:.1rem .45rem}table.summary .cfg{border-left:2px solid #999}
table.summary small{color:#666}table.summary small.unit{display:block}
table.summary td:first-child{width:13rem}p.note{font-size:.78rem;color:#555;margin:.2rem 0 .6rem}
p.plain{margin:.35rem 0;font-size:.92rem}.more{color:#b00}
table.full td:first-child{min-width:15rem}table.full td:nth-child(2){font-size:.75rem;
color:#555;min-width:7rem}code{font-size:.8rem}tr.lever td{border-bottom:none}
tr.params td{border-top:none;font-size:.78rem;color:#444;padding:0 .45rem .3rem 1.2rem}
tr.params ul{display:inline;margin:0;padding:0}tr.params li{display:inline;margin-right:.2rem}
tr.params li+li:before{content:"· ";color:#999}
"""


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


def _table(header: list[str], rows: list[str], cls: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _td(text: str, cls: str = "num", title: str = "") -> str:
    attrs = (f' class="{cls}"' if cls else "") + (
        f' title="{escape(title, quote=True)}"' if title else "")
    return f"<td{attrs}>{escape(text)}</td>"


def _ci(show, metric: str, low, high) -> str:
    return f"[{show(metric, low)}, {show(metric, high)}]"


def _comparison_rows(comparison: pd.DataFrame, base: str, metrics: list[str],
                     scale: float | None) -> list[str]:
    """One row per metric x non-baseline config: baseline, config, paired difference (and its
    England-and-Wales equivalent), N. Labels from the catalogue; the name in a title."""
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
            national = (fmt.national_difference(m, r["diff_mean"], scale)
                        if scale and fmt.scales(m) else "")
            rows.append(
                "<tr>" + _td(fmt.label(m), "", m) + _td(fmt.unit(m), "")
                + _td(fmt.value(m, b["mean"])) + _td(_ci(fmt.value, m, b["ci_low"], b["ci_high"]))
                + _td(config_words(c), "", c) + _td(fmt.value(m, r["mean"]))
                + _td(_ci(fmt.value, m, r["ci_low"], r["ci_high"]))
                + _td(fmt.difference(m, r["diff_mean"]), "num sig" if _significant(r) else "num")
                + _td(_ci(fmt.difference, m, r["diff_low"], r["diff_high"])) + _td(national)
                + _td(n_text, "num" if enough else "num no") + "</tr>")
    return rows


_COMPARISON_HEADER = ["outcome", "unit", "baseline mean", "95% CI", "configuration", "mean",
                      "95% CI", "paired difference", "95% CI",
                      "difference, England & Wales", "replications: enough?"]


_ACRONYMS = {"ld": "L&D"}


def _lever_words(name: str) -> str:
    """A lever's name as words (``ld_at_court`` -> ``L&D at court``)."""
    return config_words(" ".join(_ACRONYMS.get(w, w) for w in name.split("_")))


def _path_words(path: str) -> str:
    return " › ".join(part.replace("_", " ") for part in path.split("."))


def _setting_words(v: object) -> str:
    """A parameter's value for a reader: a name (a budget holder, a distribution) in words,
    the name itself in a title; anything else as it is."""
    text = str(v)
    if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", text):
        return f'<span title="{escape(text, quote=True)}">{escape(text.replace("_", " "))}</span>'
    return escape(text)


def _levers(levers: pd.DataFrame) -> list[str]:
    """Per configuration, one row per lever (in words: what, why, source and fidelity, once)
    with the parameters it sets beneath it (baseline → value; the path in a title)."""
    if levers.empty:
        return ["<p>No lever differs from the baseline.</p>"]
    out = []
    for config, by_config in levers.groupby("config", sort=False):
        rows = []
        for lever, g in by_config.groupby("lever", sort=False):
            r = g.iloc[0]
            source = str(r.get("source", ""))
            rng = str(r.get("range", "") or "")
            if rng and rng != "nan":
                source += f" (range swept: {rng})"
            params = "".join(
                f'<li><span title="{escape(str(p.path), quote=True)}">'
                f"{escape(_path_words(str(p.path)))}</span>: "
                f"{_setting_words(p.baseline)} → {_setting_words(p.value)}</li>"
                for p in g.itertuples())
            fid = r.get("fidelity", "")
            fid_text = "" if fmt.missing(fid) or fid == "" else f"{float(fid):g}"
            rows.append(
                f'<tr class="lever"><td title="{escape(str(lever), quote=True)}"><b>'
                f"{escape(_lever_words(str(lever)))}</b><br>{escape(str(r.get('what', '')))}"
                f"</td><td>{escape(str(r.get('why', '')))}</td><td>{escape(source)}</td>"
                f'<td class="num">{escape(fid_text)}</td></tr>'
                f'<tr class="params"><td colspan="4">sets: <ul>{params}</ul></td></tr>')
        out += [f'<h3 title="{escape(str(config), quote=True)}">'
                f"{escape(config_words(str(config)))}: {len(rows)} "
                f"lever{'s' if len(rows) != 1 else ''}</h3>",
                _table(["lever: what it does (beneath: the parameters it sets, baseline → "
                        "value)", "why", "source", "fidelity"], rows)]
    return out


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


def _budgets(shift: pd.DataFrame | None, scale: float | None) -> list[str]:
    """Each holder with a grant: spend, grant and net position per year, per configuration."""
    if shift is None or "holder" not in shift.columns:
        return []
    b = shift[shift["holder"].notna()]
    holders = set(b.loc[b["grant_gbp"].fillna(0.0) != 0.0, "holder"])
    b = b[b["holder"].isin(holders)]
    if b.empty:
        return ["<h2>Budgets</h2><p>No configuration devolves an item with a grant.</p>"]
    rows = [f"<tr>{_td(config_words(str(r.config)), '', str(r.config))}"
            f"{_td(str(r.holder).replace('_', ' '), '', str(r.holder))}"
            f"{_td(str(int(r.year) + 1))}{_td(f'{r.spend_gbp:,.0f}')}{_td(f'{r.grant_gbp:,.0f}')}"
            f"{_td(f'{r.net_gbp:,.0f} [{r.net_ci_low:,.0f}, {r.net_ci_high:,.0f}]')}</tr>"
            for r in b.itertuples()]
    national = (f" Multiply by {1 / scale:,.0f} for England-and-Wales equivalents."
                if scale else "")
    return ["<h2>Budgets: grant, spend and net position</h2>",
            "<p>Per holder that pays or receives a grant for a devolved item, per year of the "
            "window (£ at the run's scale; means over replications, 95% CI of the net)."
            f"{national} The grant is the devolved items' baseline cost, fixed in advance (a "
            "transfer, not a cost); net = grant - spend: for the local holder positive is a "
            "saving, negative an overspend it carries. Idle reinvested place-days (places "
            "bought that were not used) are in the full table.</p>",
            "<details><summary>Budgets table</summary>",
            _table(["configuration", "holder", "year of the window", "spend £", "grant £",
                    "net £ [95% CI]"], rows), "</details>"]


def write_report(out_dir: Path, *, title: str, comparison: pd.DataFrame, levers: pd.DataFrame,
                 manifest: dict, figures: list[tuple[str, str]], caveats: list[str],
                 headline_metrics: list[str] | None = None,
                 budgets: pd.DataFrame | None = None,
                 extra_sections: Sequence[tuple[str, str]] | None = None,
                 descriptions: Mapping[str, str] | None = None,
                 scale: float | None = None) -> Path:
    """Write ``out_dir/report.html`` atomically and return its path.

    The page leads with what was compared and a summary of what changes (for victims, in
    reoffending, in prison and probation, and who pays), each number simulated and as an
    England-and-Wales equivalent with its interval in words (:mod:`models.report.compare_summary`);
    then the figures, any extra sections, and the tables (collapsed), the levers grouped by
    lever, budgets, caveats and the manifest.

    Parameters
    ----------
    out_dir : Path
        Run folder; figure paths are relative to it.
    title : str
        Page title.
    comparison : DataFrame
        One row per (config, metric) with means, CIs, paired differences and replication checks.
    levers : DataFrame
        Columns config, lever, path, baseline, value, why, source (and what, range, fidelity
        when present): one row per parameter a lever sets.
    manifest : dict
        The run manifest (JSON-serialisable; other values are shown with ``str``). Its
        ``"baseline"`` key, if present, names the baseline configuration; ``"root_seed"``,
        ``"replications"``, ``"descriptions"`` and the base scenario's settings
        (``manifest["scenario"]["scenario"]``: scale, years measured, warm-up, description) are
        read when present.
    figures : list of (str, str)
        (file name relative to ``out_dir``, caption), in the order shown.
    caveats : list of str
        Limitations to state with the results.
    headline_metrics : list of str, optional
        Metrics for the headline table (default: those of the catalogue's ``COMPARISON_HEADLINE``
        present, or all metrics if none is).
    budgets : DataFrame, optional
        ``cost_shift.csv``: its rows with a ``holder`` give each holder's spend, grant and net
        position per year (shown per configuration for the holders with a grant).
    extra_sections : list of (str, str), optional
        (title, HTML) sections placed after the figures, before the tables (e.g. a lever
        attribution). The HTML is inserted as given: the caller escapes what it takes from data.
    descriptions : mapping, optional
        Configuration name -> what it is in words (default: the manifest's ``"descriptions"``,
        and the base scenario's description for the baseline).
    scale : float, optional
        The run's scale (default: the manifest's); without one the summary shows simulated
        numbers only.
    """
    out_dir = Path(out_dir)
    base = _baseline(comparison, manifest)
    metrics = list(dict.fromkeys(comparison["metric"]))
    headline = list(headline_metrics or [m for m in COMPARISON_HEADLINE if m in metrics]
                    or metrics)
    if scale is None:
        scale = setting(manifest, "scale")
    words = {**({base: setting(manifest, "description")} if setting(manifest, "description")
                else {}), **dict(manifest.get("descriptions") or {}), **dict(descriptions or {})}
    counts = ({str(c): int(g["lever"].nunique()) for c, g in levers.groupby("config")}
              if not levers.empty else {})
    fidelity = ({str(c): list(g["fidelity"]) for c, g in levers.groupby("config")}
                if "fidelity" in levers.columns else {})
    body = [
        f"<h1>{escape(title)}</h1>",
        "<h2>What was compared</h2>",
        compared(comparison, base, manifest, words, scale, counts, fidelity),
        "<h2>What changes against the baseline</h2>",
        section(comparison, base, scale),
        "<h2>Figures</h2>", *(_figure(out_dir, rel, cap) for rel, cap in figures),
        *(f"<h2>{escape(t)}</h2>\n{html}" for t, html in (extra_sections or [])),
        "<h2>Tables</h2>",
        f"<details><summary>Headline results ({len(headline)} outcomes)</summary>",
        _table(_COMPARISON_HEADER, _comparison_rows(comparison, base, headline, scale), "full"),
        "</details>",
        f"<details><summary>All outcomes ({len(metrics)}; comparison.csv has every column)"
        "</summary>",
        _table(_COMPARISON_HEADER, _comparison_rows(comparison, base, metrics, scale), "full"),
        "</details>",
        "<h2>Levers that differ from the baseline</h2>", *_levers(levers),
        *_budgets(budgets, scale),
        "<h2>Caveats</h2>",
        "<ul>" + "".join(f"<li>{escape(c)}</li>" for c in caveats) + "</ul>",
        "<details><summary>Manifest</summary><pre>"
        + escape(json.dumps(manifest, indent=2, sort_keys=True, default=str)) + "</pre></details>",
    ]
    page = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = atomic_write_text(out_dir / "report.html", page)
    log.info("wrote %s (%d figures)", target, len(figures))
    return target
