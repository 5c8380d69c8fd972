"""Write a comparison's folder: tables, figures, manifest and the self-contained HTML report."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from models.analysis.catalogue import CATALOGUE, COMPARISON_HEADLINE, of_kind
from models.analysis.compare import Comparison, cost_shift, reoffending_groups, summarise_comparison
from models.analysis.yearly import by_year_table
from models.config.overlay import Fidelity
from models.config.scenario import Scenario
from models.config.tree import iter_leaves
from models.report import format as fmt
from models.report.figures import render
from models.report.format import counting_note, victims_sentence
from models.report.run_folder import manifest
from sim.store import atomic_to_parquet, atomic_write_text

__all__ = ["write_comparison", "comparison_text", "caveats"]

log = logging.getLogger(__name__)

_RATES = of_kind(COMPARISON_HEADLINE, "rate")    # the forest plot of reoffending
_STOCKS = of_kind(COMPARISON_HEADLINE, "stock")   # the forest plot of populations


def caveats(base: Scenario, levers: pd.DataFrame, scale: float) -> list[str]:
    assumed = sorted({str(n).replace("_", " ")
                      for n in levers.loc[levers["source"] == "assumption", "lever"]})
    n_assumed = sum(1 for _, leaf in iter_leaves(base.raw) if leaf.get("source") == "assumption")
    return [
        f"Levers whose size is an assumption (no published effect): {', '.join(assumed) or 'none'}. "
        "Their ranges are in the lever table; sweep them before quoting a number.",
        f"{n_assumed} parameters of the base scenario are assumptions with ranges; the shipped "
        "baseline is calibrated to published figures (`pathway-sim validate` shows which it "
        "matches and which it misses).",
        f"Counts and costs are at the run's scale ({scale:g} of England and Wales); divide by "
        "the scale for national figures. Rates and shares need no scaling.",
        "Every configuration starts from the same people (drawn from the base) and the policy "
        "applies from the start of the warm-up, so the measurement window shows the system "
        "after a few years under each policy, not the transition.",
        "The 95% intervals are over replications (stochastic uncertainty only); they do not "
        "include uncertainty in the parameters: sweep them (`pathway-sim sweep`, e.g. "
        "experiments/sweeps/integrated_psa.toml).",
        "Offences per year count every offence, detected or not: what victims see. Proven "
        "reoffending (the MoJ measure) counts an offence only if it is proven, by conviction "
        "or caution, within 18 months, so it falls when courts are backlogged or when more "
        "cases end in no further action or a community resolution, and rises when a "
        "configuration clears a backlog; read it with detected reoffending (an offence that led "
        "to an arrest) and offences per year.",
        "Undetected offences are recorded at the end of the spell at risk they were committed "
        "in, so 'offences per index event' within 12 months misses those of a spell that ends "
        "later.",
    ]


def _fidelity_record(fidelity: Fidelity | float | None) -> Any:
    """The global dial as a number (None: each overlay's own); with per-lever values, both."""
    f = Fidelity.of(fidelity)
    return f.as_dict() if f.by_lever else f.overall


def write_comparison(out_dir: str | Path, base: Scenario, cmp: Comparison, levers: pd.DataFrame,
                     command: list[str] | None = None, figures: bool = True, rate_pp: float = 0.5,
                     relative: float = 0.02,
                     fidelity: Fidelity | float | None = None,
                     descriptions: dict[str, str] | None = None,
                     extra_outputs: Callable[[Path], Sequence[tuple[str, str]]] | None = None,
                     record: dict[str, Any] | None = None) -> pd.DataFrame:
    """Write every output of a comparison; return the comparison table. ``extra_outputs(out)``,
    if given, writes more outputs into the folder and returns (title, HTML) sections for the
    report (the lever attribution: :mod:`models.report.attribution_folder`); ``record`` adds
    keys to the manifest (the attribution's variants)."""
    out = Path(out_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    table = summarise_comparison(cmp, rate_pp=rate_pp, relative=relative)
    shift = cost_shift(cmp)
    atomic_write_text(out / "comparison.csv", table.to_csv(index=False))
    atomic_write_text(out / "cost_shift.csv", shift.to_csv(index=False))
    atomic_write_text(out / "levers.csv", levers.to_csv(index=False))
    atomic_write_text(out / "reinvestments.csv", cmp.reinvestments.to_csv(index=False))
    if not cmp.reinvested_windows.empty:
        atomic_write_text(out / "reinvested_places.csv",
                          cmp.reinvested_windows.to_csv(index=False))
    atomic_write_text(out / "reoffending_by_group.csv",
                      reoffending_groups(cmp).to_csv(index=False))
    atomic_write_text(out / "by_year.csv", by_year_table(cmp.daily, base.settings.window,
                                                         cmp.base, cmp.configs).to_csv(index=False))
    atomic_to_parquet(cmp.by_replication, out / "by_replication.parquet")
    for name in ("curves", "daily", "flows", "costs"):
        atomic_to_parquet(getattr(cmp, name), out / f"{name}.parquet")
    figs = _figures(out, cmp, table, base.settings) if figures else []
    sections = list(extra_outputs(out)) if extra_outputs is not None else []
    digests = {f"{c}/{r}": d for (c, r), d in cmp.cohort_digests.items()}
    man = manifest(base, cmp.seed, cmp.replications, cmp.wall_seconds, command, {
        "verb": "compare", "baseline": cmp.base, "configs": cmp.configs,
        "fidelity": _fidelity_record(fidelity),
        "same_people_in_every_config": len({d for d in cmp.cohort_digests.values()})
        == cmp.replications, "cohort_digests": digests,
        "half_width_targets": {"rates_pp": rate_pp, "relative": relative},
        "descriptions": {cmp.base: base.settings.description, **(descriptions or {})},
        **(record or {})})
    atomic_write_text(out / "manifest.json", json.dumps(man, indent=1, default=str))
    if figures:
        from models.report.compare_html import write_report
        from models.report.compare_summary import config_words
        others = " and ".join(config_words(c).lower() for c in cmp.configs[1:])
        write_report(out, title=f"{config_words(cmp.base)} against {others}: "
                     f"{cmp.replications} paired replications at scale {base.settings.scale:g}",
                     comparison=table, scale=base.settings.scale,
                     levers=levers, manifest=man, figures=figs,
                     caveats=caveats(base, levers, base.settings.scale), budgets=shift,
                     extra_sections=sections,
                     headline_metrics=[m for m in COMPARISON_HEADLINE
                                       if m in set(table["metric"])])
    return table


def _in_words(cmp: Comparison, table: pd.DataFrame) -> tuple[Comparison, pd.DataFrame]:
    """The comparison's figure data with each configuration named in words (the legends)."""
    from models.report.compare_summary import config_words

    words = {c: config_words(c) for c in cmp.configs}
    if len(set(words.values())) < len(words):  # names that differ only by "_" and case
        return cmp, table

    def renamed(df: pd.DataFrame) -> pd.DataFrame:
        return df.assign(config=df["config"].map(words)) if "config" in df.columns else df

    return dataclasses.replace(
        cmp, base=words[cmp.base], configs=[words[c] for c in cmp.configs],
        curves=renamed(cmp.curves), daily=renamed(cmp.daily), flows=renamed(cmp.flows),
        costs=renamed(cmp.costs),
        marks={words.get(c, c): m for c, m in cmp.marks.items()}), renamed(table)


def _figures(out: Path, cmp: Comparison, table: pd.DataFrame, settings) -> list[tuple[str, str]]:
    from models.report import compare_figures as cp

    cmp, table = _in_words(cmp, table)
    colours = cp.config_colours(cmp.configs)
    scale = settings.scale
    marks = sorted({(day, label if c == cmp.base else f"{c}: {label}")
                    for c, m in cmp.marks.items() for day, label in m})
    pp = {m: 100.0 for m in _RATES}
    labels = {m: CATALOGUE[m].label for m in (*_RATES, *_STOCKS)}
    specs = [
        ("reoffending_curves.png", "Share reoffending (any offence, proven or not) by time since "
         "the index event, per configuration: mean over replications with a 95% band.",
         lambda ax: cp.plot_reoffending_by_config(ax, cmp.curves, "all", cmp.base, colours=colours)),
        ("prison_population.png", "Prison population over time (remand, sentenced and recall), "
         "per configuration: mean with a 95% band across replications; dotted lines mark the "
         "measurement window.",
         lambda ax: cp.plot_prison_by_config(ax, cmp.daily, "prison_total", settings.window,
                                             scale, cmp.base, colours=colours, marks=marks)),
        ("court_backlog.png", "Crown Court cases outstanding (charged, no verdict) over time, "
         "per configuration: mean with a 95% band across replications; dashed lines mark a "
         "timeline's changes (a court shock, a lever switched on in a later year).",
         lambda ax: cp.plot_prison_by_config(ax, cmp.daily, "court_crown_outstanding",
                                             settings.window, scale, cmp.base, colours=colours,
                                             marks=marks)),
        ("costs_by_holder.png", "Cost per year by budget holder, per configuration (central "
         "budgets in blues, local in oranges, victims and society hatched).",
         lambda ax: cp.plot_costs_by_config(ax, cmp.costs, cmp.base, colours=colours)),
        ("net_transfer.png", "Who pays, who saves, and when: change against the baseline in "
         "central and local spending, year by year of the window (paired by replication).",
         lambda ax: cp.plot_net_transfer(ax, cmp.costs, cmp.base, colours=colours)),
        ("forest_reoffending.png", "Paired differences from the baseline in reoffending, "
         "detected and proven (percentage points, 95% CI); a hollow marker means the "
         "replications were not enough for the precision asked for.",
         lambda ax: cp.plot_forest(ax, table, metrics=_RATES, scale=pp, baseline=cmp.base, labels=labels,
                                   xlabel="difference from baseline (percentage points)",
                                   colours=colours)),
        ("forest_populations.png", "Paired differences from the baseline in the prison, "
         "probation and Crown Court populations (people at the run's scale, 95% CI).",
         lambda ax: cp.plot_forest(ax, table, metrics=_STOCKS, baseline=cmp.base, labels=labels,
                                   xlabel=f"difference from baseline (people, scale {scale:g})",
                                   colours=colours)),
        ("subgroup_gaps.png", "Proven reoffending by subgroup (adults, women, 18-24, mental "
         "health needs) per configuration, with 95% CIs.",
         lambda ax: cp.plot_subgroup_gaps(ax, table, baseline=cmp.base, colours=colours)),
    ]
    return [*_flow_diagram(out, cmp, scale, colours), *render(out / "figures", specs, size=(9, 5))]


def _flow_diagram(out: Path, cmp: Comparison, scale: float,
                  colours: dict[str, str]) -> list[tuple[str, str]]:
    """The pathway flow diagram (figures/pathway_flows.png), first of the figures."""
    from models.report.flow_diagram import write_flow_diagram

    try:
        write_flow_diagram(out / "figures" / "pathway_flows.png", cmp.flows, cmp.configs, scale,
                           colours)
    except (ValueError, KeyError) as exc:  # no flows: skipped like any figure with no data
        log.warning("figure pathway_flows.png skipped: %s", exc)
        return []
    return [("figures/pathway_flows.png", "The pathway, one panel per configuration: people a "
             "year from arrest to sentence and release, as England-and-Wales equivalents "
             f"(simulated at scale {scale:g}, divided by it; means over replications). Arrow "
             "widths are in proportion to people a year; outside the baseline's panel the black "
             "outlines are the baseline's arrows and the labels give the change from it.")]


def comparison_text(table: pd.DataFrame, names: list[str], replications: int, seed: int,
                    scale: float, wall_seconds: float, out: Path) -> str:
    """The headline comparison as plain text, outcomes by their readable labels: base mean,
    and per configuration the paired difference with its 95% CI (``*``: the replications were
    not enough for the half-width), each in its unit (rates in % and pp, money in £m)."""
    t = table.set_index(["metric", "config"])
    lines = [f"{' vs '.join(names)}: scale {scale:g}, {replications} paired "
             f"replications, seed {seed}, {wall_seconds:.1f} s simulating (counts and money "
             "at the run's scale)",
             f"{'outcome':<48} {names[0][:16]:>16}" + "".join(
                 f" {('change: ' + n)[:34]:>34}" for n in names[1:])]
    for m in COMPARISON_HEADLINE:
        if (m, names[0]) not in t.index:
            continue
        b = t.loc[(m, names[0])]
        cells = [f"{fmt.label(m)[:48]:<48} {fmt.value(m, b['mean']):>16}"]
        for n in names[1:]:
            r = t.loc[(m, n)]
            cell = (f"{fmt.difference(m, r['diff_mean'])} [{fmt.difference(m, r['diff_low'])}, "
                    f"{fmt.difference(m, r['diff_high'])}]{'' if r['enough'] else '*'}")
            cells.append(f" {cell:>34}")
        lines.append("".join(cells))
    lines.append("change = paired difference from the base (mean [95% CI]); * = more "
                 "replications needed for the half-width asked for; every metric, by its key, "
                 "in comparison.csv")
    lines += _plain_words(table, names)
    lines.append(f"results and report written to {out}/ (report.html, comparison.csv)")
    return "\n".join(lines) + "\n"


def _plain_words(table: pd.DataFrame, names: list[str]) -> list[str]:
    """Per configuration: what changes for victims, and the counting note when it applies."""
    lines = []
    for config in names[1:]:
        lines += [s for s in (victims_sentence(table, names[0], config),
                              counting_note(table, names[0], config)) if s]
    return lines
