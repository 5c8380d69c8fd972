"""Write a sweep's results, index tables, figures, manifest and self-contained HTML report."""

from __future__ import annotations

import base64
import json
from functools import partial
from html import escape
from pathlib import Path

import pandas as pd

from models.analysis.sweep import SweepSpec, analyse, collect
from models.report.figures import FigureSpec, render
from models.report.sweep_figures import (
    plot_morris,
    plot_psa,
    plot_response,
    plot_sobol,
    plot_tornado,
)
from sim.store import atomic_to_parquet, atomic_write_text

__all__ = ["write_sweep_outputs"]


def write_sweep_outputs(out_dir: str | Path, spec: SweepSpec, counts: dict,
                        command: list[str] | None = None,
                        parts_from: str | Path | None = None) -> dict:
    """Collect the parts (of ``parts_from``, default ``out_dir``), analyse, and write tables,
    figures, manifest and report into ``out_dir``."""
    out = Path(out_dir)
    parts = collect(parts_from if parts_from is not None else out)
    atomic_to_parquet(parts, out / "runs.parquet")
    failed = parts[parts["status"] != "ok"] if len(parts) else parts
    summary = {"sweep": spec.name, "design": spec.design, "factors": len(spec.factors),
               "runs": counts["runs"], "ran_this_time": counts["ran"],
               "skipped_already_done": counts["skipped"], "failed": int(len(failed)),
               "seconds_in_runs": float(parts["seconds"].sum()) if len(parts) else 0.0}
    tables = analyse(spec, parts) if len(parts) > len(failed) else {}
    for name, t in tables.items():
        atomic_write_text(out / f"{name}.csv", t.to_csv(index=False))
    if len(failed):
        atomic_write_text(out / "failed.csv", failed[["run_id", "point", "replication",
                                                      "error"]].to_csv(index=False))
    figs = _figures(out, spec, parts, tables) if tables else []
    man = {"verb": "sweep", "spec": {**spec.__dict__, "integer": sorted(spec.integer),
                    "distributions": {k: {"dist": d.dist, **d.p}
                                      for k, d in spec.distributions.items()}},
           "summary": summary,
           "command": command}
    atomic_write_text(out / "manifest.json", json.dumps(man, indent=1, default=str))
    _report(out, spec, summary, tables, figs)
    return summary


def _figures(out: Path, spec: SweepSpec, parts: pd.DataFrame,
             tables: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    index_plot = {"tornado": (plot_tornado, "One-at-a-time", "swing"),
                  "morris": (plot_morris, "Morris mu* and sigma", "mu_star"),
                  "sobol": (plot_sobol, "Sobol first-order and total indices", "ST")}
    key = next((k for k in index_plot if k in tables), "src")
    specs: list[FigureSpec] = []
    for m in spec.metrics:
        if key in index_plot:
            plot, title, col = index_plot[key]
            specs.append((f"{key}_{m}.png", f"{title}: {m}", partial(plot, table=tables[key],
                                                                   metric=m)))
        else:
            col = "abs_src"
            specs.append((f"distribution_{m}.png", f"Distribution over the sweep: {m}",
                          partial(plot_psa, parts=parts, spec=spec, metric=m)))
        t = tables[key]
        top = t[t["metric"] == m].reindex(t.loc[t["metric"] == m, col].abs()
                                          .sort_values(ascending=False).index).head(3)
        for f in top["factor"]:
            safe = f.replace(".", "_")
            specs.append((f"response_{m}_{safe}.png", f"Response of {m} to {f}",
                          partial(plot_response, parts=parts, spec=spec, metric=m, factor=f)))
    return render(out / "figures", specs, dpi=100)


def _report(out: Path, spec: SweepSpec, summary: dict, tables, figs) -> None:
    body = [f"<h1>Sweep {escape(spec.name)}: {escape(spec.design)}</h1>",
            "<p>" + escape(f"{summary['runs']} runs ({len(spec.factors)} factors, "
                           f"{spec.replications} replications per point, common random "
                           f"numbers across points), {summary['failed']} failed. Base "
                           f"{spec.base}" + (f", configuration {spec.overlay} (metrics are its "
                                             "difference from the base)" if spec.overlay else "")
                           ) + ".</p>"]
    for name, t in tables.items():
        body += [f"<h2>{escape(name)}</h2>", t.to_html(index=False, float_format="%.4g",
                                                        border=0)]
    body.append("<h2>Figures</h2>")
    for rel, cap in figs:
        data = base64.b64encode((out / rel).read_bytes()).decode("ascii")
        body.append(f'<figure><a href="{escape(rel)}"><img alt="{escape(cap)}" '
                    f'src="data:image/png;base64,{data}"></a><figcaption>{escape(cap)}'
                    "</figcaption></figure>")
    body.append("<h2>Factors</h2><ul>" + "".join(
        f"<li>{escape(k)}: [{v[0]:g}, {v[1]:g}]{escape(_dist_text(spec, k))}</li>"
        for k, v in spec.factors.items()) + "</ul>")
    css = ("body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}"
           "table{border-collapse:collapse;font-size:.8rem}td,th{border:1px solid #ddd;"
           "padding:.2rem .4rem}img{max-width:100%}")
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{escape(spec.name)}</title><style>{css}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
    atomic_write_text(out / "report.html", page)


def _dist_text(spec: SweepSpec, factor: str) -> str:
    d = spec.distributions.get(factor)
    if d is None:
        return " (uniform)"
    return f" ({d.dist} " + ", ".join(f"{k} {v:g}" for k, v in d.params) + \
        "; screening designs span the range shown)"
