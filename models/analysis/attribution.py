"""Lever attribution: which lever of a configuration does what (``compare --attribute``).

A configuration (an overlay of a base) moves many levers at once, and its paired difference
from the base says what the package does, not which part does it. For every lever ``L`` of an
overlay, two more configurations run on the same people and random numbers as the base and the
full overlay (they go through :func:`models.analysis.compare.run_comparison` like any other):

- ``<overlay>.only.<L>``: the overlay with ``L`` alone;
- ``<overlay>.without.<L>``: the overlay with every lever but ``L``.

Each lever keeps the fidelity it has in the full overlay (its own ``--fidelity L=F``, else the
global dial, else the overlay's default) and its ``start_year``, so a variant differs from the
full configuration only in which levers are on.

An overlay's own ``[timeline]`` block (an arrest trend, court shocks: the setting the
configuration runs in, not a lever) stays in **every** variant. So that the setting's effect is
not counted as the levers', an overlay with its own timeline gets one more variant,
``<overlay>.setting_only`` (the timeline without any lever): the levers' effects are then
measured from it, and the setting's own effect (setting - base) is a row of its own,
``lever = "(own timeline)"``. Without a timeline the reference is the base itself.

Per configuration, lever and metric, over the paired replications (mean and 95% CI of the
per-replication values):

- ``alone``: the effect of ``L`` alone, ``only.L - reference``;
- ``lost``: the effect lost without it, ``full - without.L``;
- ``contribution``: the mean of the two, ``(alone + lost) / 2``. With two levers this is the
  exact Shapley value (the average of ``L``'s marginal effect over both orders of switching
  the levers on); with more it averages ``L``'s marginal effect first and last, the two
  orders run; with one lever it is the full effect exactly;
- ``full``: the full configuration's effect, ``full - base``;
- ``interaction``: what the contributions do not account for,
  ``full - sum of contributions`` (minus the setting's effect when there is a timeline):
  positive or negative synergy between levers, and the error of the two-order approximation.

The cost: 2 x levers extra configurations per overlay (plus one for an overlay with its own
timeline): ``devolved_integrated`` has 12 levers, so 24 more.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from models.analysis.catalogue import COMPARISON_HEADLINE
from models.analysis.compare import Comparison
from models.config.overlay import Fidelity, Overlay, apply_overlay
from models.config.scenario import Scenario
from sim.stats import mean_ci

__all__ = ["Variant", "ATTRIBUTION_METRICS", "KEY_METRICS", "SETTING", "variant_overlays",
           "build_variants", "n_variants", "split_comparison", "attribution_table",
           "ATTRIBUTION_COLUMNS"]

ATTRIBUTION_METRICS = COMPARISON_HEADLINE
"""Metrics of ``attribution.csv``: the comparison's headline metrics."""

KEY_METRICS = ("offences_per_year", "detected_reoffending_overall", "reoffending_overall",
               "mean_prison_total", "mean_probation_total", "cost_public_gbp_per_year")
"""Metrics the waterfall figures and the sentences in words cover."""

SETTING = "(own timeline)"
"""The ``lever`` of the row that holds an overlay's own timeline's effect."""

_KINDS = ("only", "without", "setting_only")


@dataclass(frozen=True)
class Variant:
    """One attribution configuration: ``kind`` is ``only`` (``lever`` alone), ``without``
    (every lever but ``lever``) or ``setting_only`` (the overlay's own timeline, no lever)."""

    config: str     # the full configuration's name (the overlay's)
    kind: str
    lever: str = ""

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"variant kind {self.kind!r}: must be one of {_KINDS}")

    @property
    def name(self) -> str:
        """The variant's configuration name, e.g. ``devolved_integrated.only.resettlement``."""
        if self.kind == "setting_only":
            return f"{self.config}.setting_only"
        return f"{self.config}.{self.kind}.{self.lever}"


def variant_overlays(overlay: Overlay) -> list[tuple[Variant, Overlay]]:
    """The attribution variants of ``overlay`` (none if it has no lever), in lever order:
    each lever alone and without it, then the setting alone if it has its own timeline."""
    if not overlay.levers:
        return []

    def keep(v: Variant, levers) -> tuple[Variant, Overlay]:
        names = {lv.name for lv in levers}
        return v, dataclasses.replace(
            overlay, name=v.name, levers=tuple(levers),
            paths={p: n for p, n in overlay.paths.items() if n in names})

    out = []
    for lever in overlay.levers:
        out.append(keep(Variant(overlay.name, "only", lever.name), [lever]))
        out.append(keep(Variant(overlay.name, "without", lever.name),
                        [lv for lv in overlay.levers if lv.name != lever.name]))
    if overlay.timeline:
        out.append(keep(Variant(overlay.name, "setting_only"), []))
    return out


def n_variants(overlays: Sequence[Overlay]) -> int:
    """How many extra configurations ``--attribute`` runs for ``overlays``."""
    return sum(len(variant_overlays(o)) for o in overlays)


def build_variants(base: Scenario, overlays: Sequence[Overlay],
                   fidelity: Fidelity | float | None = None) -> list[tuple[Variant, Scenario]]:
    """Every overlay's variants applied to ``base`` with the comparison's ``fidelity``."""
    return [(v, apply_overlay(base, ov, fidelity))
            for overlay in overlays for v, ov in variant_overlays(overlay)]


def split_comparison(cmp: Comparison, keep: Sequence[str]) -> Comparison:
    """The comparison restricted to the configurations ``keep`` (the base first): what the
    comparison's own tables, figures and text show, without the attribution variants."""
    keep = list(keep)
    if keep[0] != cmp.base or not set(keep) <= set(cmp.configs):
        raise ValueError(f"keep={keep}: must start with the base {cmp.base!r} and name "
                         f"configurations of the comparison {cmp.configs}")
    frames = {}
    for f in dataclasses.fields(cmp):
        v = getattr(cmp, f.name)
        if isinstance(v, pd.DataFrame) and "config" in v.columns:
            frames[f.name] = v[v["config"].isin(keep)].reset_index(drop=True)
    return dataclasses.replace(
        cmp, configs=keep, **frames,
        cohort_digests={k: d for k, d in cmp.cohort_digests.items() if k[0] in keep},
        marks={c: m for c, m in cmp.marks.items() if c in keep})


ATTRIBUTION_COLUMNS = [
    "config", "lever", "metric", "reference",
    "alone_mean", "alone_low", "alone_high", "lost_mean", "lost_low", "lost_high",
    "contribution_mean", "contribution_low", "contribution_high",
    "full_mean", "full_low", "full_high", "interaction_mean", "interaction_low",
    "interaction_high", "base_mean", "n"]


def _ci(prefix: str, values: np.ndarray) -> dict[str, float]:
    ci = mean_ci(values)
    return {f"{prefix}_mean": ci.mean, f"{prefix}_low": ci.low, f"{prefix}_high": ci.high}


def attribution_table(cmp: Comparison, variants: Sequence[Variant],
                      metrics: Sequence[str] = ATTRIBUTION_METRICS) -> pd.DataFrame:
    """``attribution.csv``: one row per (configuration, lever, metric); see the module
    docstring. ``cmp`` holds the base, the full configurations and their ``variants``."""
    wide = cmp.by_replication.pivot_table(index=["metric", "replication"], columns="config",
                                          values="value", aggfunc="first", dropna=False)
    present = set(wide.index.get_level_values("metric"))
    by_config: dict[str, list[Variant]] = {}
    for v in variants:
        by_config.setdefault(v.config, []).append(v)
    rows = []
    for config, vs in by_config.items():
        levers = [v.lever for v in vs if v.kind == "only"]
        setting = next((v for v in vs if v.kind == "setting_only"), None)
        for metric in [m for m in metrics if m in present]:
            w = wide.loc[metric].sort_index()
            def col(name: str, w: pd.DataFrame = w) -> np.ndarray:
                return w[name].to_numpy(dtype=float)
            base, full = col(cmp.base), col(config)
            ref = col(setting.name) if setting else base
            alone = {lv: col(Variant(config, "only", lv).name) - ref for lv in levers}
            lost = {lv: full - col(Variant(config, "without", lv).name) for lv in levers}
            contrib = {lv: (alone[lv] + lost[lv]) / 2.0 for lv in levers}
            interaction = full - ref - sum(contrib.values(), np.zeros_like(full))
            common = {"metric": metric, "config": config, **_ci("full", full - base),
                      **_ci("interaction", interaction), "base_mean": mean_ci(base).mean,
                      "n": int(np.sum(~np.isnan(full - base)))}
            reference = "setting" if setting else "base"
            for lv in levers:
                rows.append({**common, "lever": lv, "reference": reference,
                             **_ci("alone", alone[lv]), **_ci("lost", lost[lv]),
                             **_ci("contribution", contrib[lv])})
            if setting:
                rows.append({**common, "lever": SETTING, "reference": "base",
                             **_ci("alone", ref - base),
                             **dict.fromkeys(("lost_mean", "lost_low", "lost_high"), math.nan),
                             **_ci("contribution", ref - base)})
    return pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
