"""Write a comparison's lever attribution beside its other outputs.

``attribution.csv`` (one row per configuration, lever and metric:
:func:`models.analysis.attribution.attribution_table`), ``attribution_by_replication.parquet``
(the per-replication values it is computed from: base, full configurations and variants, for
the attribution's metrics), the waterfall figures ``figures/attribution_<config>_<metric>.png``,
and the report's section and the printed text in words.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from models.analysis.attribution import (
    ATTRIBUTION_METRICS,
    KEY_METRICS,
    Variant,
    attribution_table,
)
from models.analysis.compare import Comparison
from models.report.attribution_html import attribution_section
from models.report.attribution_text import attribution_text
from sim.store import atomic_to_parquet, atomic_write_text

__all__ = ["Attribution", "write_attribution", "same_people"]

log = logging.getLogger(__name__)


@dataclass
class Attribution:
    """What :func:`write_attribution` wrote and what the report and printout show."""

    table: pd.DataFrame
    figures: list[tuple[str, str]] = field(default_factory=list)
    section: str = ""
    text: str = ""


def same_people(cmp: Comparison) -> bool:
    """Every configuration of every replication ran on the same people as the base's."""
    base = {rep: d for (c, rep), d in cmp.cohort_digests.items() if c == cmp.base}
    return all(d == base.get(rep) for (_, rep), d in cmp.cohort_digests.items())


def write_attribution(out_dir: str | Path, cmp: Comparison, variants: Sequence[Variant],
                      scale: float | None = None, figures: bool = True,
                      metrics: Sequence[str] = ATTRIBUTION_METRICS,
                      key_metrics: Sequence[str] = KEY_METRICS) -> Attribution:
    """Write the attribution outputs of ``cmp`` (the base, full configurations and their
    ``variants``) into ``out_dir``; return them with the report section and the text."""
    out = Path(out_dir)
    if not same_people(cmp):
        raise ValueError("attribution variants did not run on the base's people")
    table = attribution_table(cmp, variants, metrics)
    atomic_write_text(out / "attribution.csv", table.to_csv(index=False))
    by_rep = cmp.by_replication
    atomic_to_parquet(by_rep[by_rep["metric"].isin(metrics)].reset_index(drop=True),
                      out / "attribution_by_replication.parquet")
    figs: list[tuple[str, str]] = []
    section = ""
    if figures:
        from models.report.attribution_figures import write_waterfalls
        figs = write_waterfalls(out / "figures", table, cmp.base, key_metrics, scale)
        section = attribution_section(table, cmp.base, figs, out, key_metrics, scale)
    log.info("attribution: %d rows, %d figures", len(table), len(figs))
    return Attribution(table, figs, section, attribution_text(table, key_metrics, scale))
