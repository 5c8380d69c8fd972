"""Compare configurations: the same people and random numbers under a base and its overlays.

Every configuration of a comparison runs replication ``i`` from the same root seed and
replication index, so the same named random streams, and draws its people from the *base*
scenario (``cohort_from``): the cohort table is identical by construction, and every decision
and duration of a person's n-th case reads the same uniforms (:mod:`models.pathway.draws`). A paired
difference between a configuration and the base over replications therefore measures the
policy, not luck, and its confidence interval is much narrower than an unpaired one.

:func:`run_comparison` runs (configuration, replication) tasks on a process pool (each task
returns compact tables, not event logs) and :func:`summarise_comparison` turns them into the
comparison table: per metric and configuration the mean and 95% CI, the paired difference
against the base with its CI, the unpaired (Welch) CI for reference, and whether the
replications were enough for the half-width asked for.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from models.analysis.budgets import budget_positions
from models.analysis.catalogue import CATALOGUE, COMPARISON
from models.analysis.checkpoint import PickleParts
from models.analysis.metrics import (
    costs_by_holder,
    daily_populations,
    flows_per_year,
    mean_over_replications,
    proven_reoffending,
    reoffending_by_group,
    summarise,
    time_to_reoffence,
    with_derived,
)
from models.config.scenario import Scenario
from models.pathway.run import run_replication
from sim.stats import mean_ci, paired_difference_ci, replications_needed, welch_difference_ci
from sim.tasks import run_tasks

__all__ = ["Comparison", "run_comparison", "kept_runs", "comparison_inputs",
           "summarise_comparison", "half_width_target", "cost_shift", "budget_table",
           "reoffending_groups", "CURVE_DAYS"]

log = logging.getLogger(__name__)

CURVE_DAYS = np.arange(0.0, 731.0, 7.0)  # reoffending curves on a weekly grid to two years
# what an invest-to-save review records besides its places (models.pathway.invest_to_save)
_REVIEW_COLUMNS = ("grant_gbp", "spend_gbp", "net_gbp", "carried_gbp", "budget_gbp", "unspent_gbp",
                   "treatment_places_affordable", "treatment_places_lacked",
                   "probation_places_affordable", "probation_places_lacked")
_DAILY_COLUMNS = ("prison_remand", "prison_sentenced", "prison_recall", "prison_total",
                  "probation_community", "probation_licence", "probation_total",
                  "court_magistrates_outstanding", "court_crown_outstanding")
@dataclass
class Comparison:
    """A comparison's tables (see the module docstring); ``configs[0]`` is the base."""

    base: str
    configs: list[str]
    seed: int
    replications: int
    by_replication: pd.DataFrame          # config, replication, metric, value
    curves: pd.DataFrame                  # config, replication, group, day, reoffended
    daily: pd.DataFrame                   # config, replication, day, prison_*, probation_*
    flows: pd.DataFrame                   # config, replication, flow, per_year
    costs: pd.DataFrame                   # config, replication, year, holder, level, cost_gbp
    reinvestments: pd.DataFrame           # config, replication, review_day, ...
    cohort_digests: dict = field(default_factory=dict)  # (config, replication) -> digest
    wall_seconds: float = 0.0
    reoffending: pd.DataFrame = field(default_factory=pd.DataFrame)  # config, replication,
    #   by, group, index_events, rates... (metrics.reoffending_by_group)
    marks: dict = field(default_factory=dict)  # config -> [(day, label)] of its timeline
    grants: pd.DataFrame = field(default_factory=pd.DataFrame)  # config, replication, holder,
    #   grant_gbp per year (models.pathway.budget)
    reinvested_windows: pd.DataFrame = field(default_factory=pd.DataFrame)  # config,
    #   replication, pool, open_day, places, close_day, used/idle place-days, idle_gbp


def _curve_on_grid(km: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """1 - Kaplan-Meier survival (share reoffended) at each day of ``days``."""
    t, s = km["time"].to_numpy(), km["survival"].to_numpy()
    i = np.searchsorted(t, days, side="right") - 1
    return 1.0 - np.where(i >= 0, s[np.clip(i, 0, None)], 1.0)


def _compact(result, config: str) -> dict:
    """What a comparison keeps of one run: metrics, curves, weekly stocks, flows, costs."""
    window, horizon = tuple(result.settings["window"]), result.settings["horizon_days"]
    daily = daily_populations(result.events, horizon)
    reoff = proven_reoffending(result.events, result.people, window)
    summary = with_derived(summarise(result, daily, reoff))
    curves = []
    for by in (None, "index_type"):
        km = time_to_reoffence(result.events, result.people, window, horizon, by=by)
        for g, k in km.groupby("group", sort=False) if len(km) else []:
            curves.append(pd.DataFrame({"group": str(g), "day": CURVE_DAYS,
                                        "reoffended": _curve_on_grid(k, CURVE_DAYS)}))
    cols = ["day"] + [c for c in _DAILY_COLUMNS if c in daily.columns]
    weekly = daily.iloc[::7][cols].reset_index(drop=True)
    flows = flows_per_year(result.events, window)
    digest = int(pd.util.hash_pandas_object(result.people, index=False).sum() % (2**63))
    return {"config": config, "replication": result.replication, "summary": summary,
            "curves": pd.concat(curves, ignore_index=True) if curves else pd.DataFrame(),
            "daily": weekly, "flows": flows, "costs": costs_by_holder(result.ledger, window),
            "reinvestments": list(result.resources.get("reinvestments", [])),
            "reoffending": reoffending_by_group(reoff),
            "grants": dict(result.resources.get("grants", {})),
            "reinvested_windows": list(result.resources.get("reinvested_windows", [])),
            "cohort_digest": digest, "wall_seconds": result.wall_seconds}


def _task(scenarios: tuple[Scenario, ...], base: Scenario, root_seed: int, k: int) -> dict:
    replication, i = divmod(k, len(scenarios))
    try:
        result = run_replication(scenarios[i], root_seed, replication, cohort_from=base)
    except Exception as exc:
        exc.add_note(f"raised in {scenarios[i].name}, replication {replication} "
                     f"(root_seed={root_seed})")
        raise
    return _compact(result, scenarios[i].name)


def comparison_inputs(base: Scenario, configs: Sequence[Scenario], root_seed: int) -> dict:
    """What a comparison's runs depend on (for a checkpoint's record): every configuration's
    raw tree (the overlays and fidelity applied, the scale included) and the root seed. The
    number of replications is not part of it: a resumed comparison may add replications."""
    return {"configs": [s.name for s in (base, *configs)], "root_seed": root_seed,
            "scale": base.settings.scale,
            "trees": [json.loads(s.to_json()) for s in (base, *configs)]}


def _part_key(k: int, n_configs: int) -> str:
    replication, i = divmod(k, n_configs)
    return f"r{replication:04d}-c{i:03d}"


def kept_runs(parts: PickleParts, replications: int) -> int:
    """How many of a checkpoint's runs belong to the first ``replications`` replications."""
    return sum(k.startswith("r") and int(k[1:5]) < replications for k in parts.keys())


def run_comparison(base: Scenario, configs: list[Scenario], root_seed: int, replications: int,
                   workers: int = 1, progress: Callable[[int], object] | None=None,
                   parts: PickleParts | None = None,
                   resumed: Callable[[int], object] | None = None) -> Comparison:
    """Run the base and each configuration for ``replications`` paired replications.

    With ``parts`` (a checkpoint), each finished (configuration, replication) is saved as it
    arrives and the runs already there are read back instead of run: the result is the same
    as an uninterrupted comparison's (the caller checks the checkpoint's inputs match). The runs
    read back are counted by ``resumed`` if given, else by ``progress``."""
    scenarios = (base, *configs)
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ValueError(f"configuration names must differ, got {names}")
    t0 = time.perf_counter()
    n, done = replications * len(scenarios), {}
    saved = parts.keys() if parts is not None else set()
    for k in range(n):
        if _part_key(k, len(scenarios)) in saved:
            done[k] = parts.load(_part_key(k, len(scenarios)))  # type: ignore[union-attr]
    tell = resumed if resumed is not None else progress  # the runs read back from ``parts``
    if tell is not None and done:
        tell(len(done))
    todo = [k for k in range(n) if k not in done]

    def save(part: dict) -> None:
        if parts is not None:
            k = part["replication"] * len(scenarios) + names.index(part["config"])
            parts.save(_part_key(k, len(scenarios)), part)

    results = run_tasks(partial(_task, scenarios, base, root_seed), todo,
                        max(1, min(workers, len(todo))), on_stop=save)
    unsaved: dict | None = None
    try:
        for part in results:
            unsaved = part
            save(part)
            unsaved = None
            done[part["replication"] * len(scenarios) + names.index(part["config"])] = part
            if progress is not None:
                progress(1)
    except BaseException:  # an interruption: keep every run that has finished
        if unsaved is not None:
            save(unsaved)
        results.close()  # hands over the finished runs not yet given, stops the workers
        raise
    parts_in_order = [done[k] for k in range(n)]
    wall = time.perf_counter() - t0
    by_rep, curves, daily, flows, costs, reinv, reoff, digests = [], [], [], [], [], [], [], {}
    grants, windows = [], []
    for p in parts_in_order:
        key = {"config": p["config"], "replication": p["replication"]}
        by_rep += [{**key, "metric": m, "value": v} for m, v in p["summary"].items()]
        curves.append(p["curves"].assign(**key))
        daily.append(p["daily"].assign(**key))
        flows += [{**key, "flow": f, "per_year": v} for f, v in p["flows"].items()]
        costs.append(p["costs"].assign(**key))
        reinv += [{**key, **r} for r in p["reinvestments"]]
        reoff.append(p["reoffending"].assign(**key))
        digests[p["config"], p["replication"]] = p["cohort_digest"]
        grants += [{**key, "holder": h, "grant_gbp": g} for h, g in p["grants"].items()]
        windows += [{**key, **w} for w in p["reinvested_windows"]]
    first = ["config", "replication"]
    reorder = lambda df: df[first + [c for c in df.columns if c not in first]]  # noqa: E731
    return Comparison(
        base.name, names, root_seed, replications, pd.DataFrame(by_rep),
        reorder(pd.concat(curves, ignore_index=True)), reorder(pd.concat(daily, ignore_index=True)),
        pd.DataFrame(flows), reorder(pd.concat(costs, ignore_index=True)),
        pd.DataFrame(reinv, columns=first + ["review_day", "opens_day", "mean_prison_population",
                                             "unused_bed_days", "reinvested_gbp",
                                             "treatment_places", "probation_places",
                                             *_REVIEW_COLUMNS]),
        digests, wall, reorder(pd.concat(reoff, ignore_index=True)),
        {s.name: s.timeline.marks(s.settings.warmup_days) for s in scenarios},
        pd.DataFrame(grants, columns=first + ["holder", "grant_gbp"]),
        pd.DataFrame(windows, columns=first + ["pool", "open_day", "places", "close_day",
                                               "used_place_days", "idle_place_days", "idle_gbp"]))


def half_width_target(metric: str, base_mean: float, rate_pp: float = 0.5,
                      relative: float = 0.02) -> float:
    """The CI half-width asked for: ``rate_pp`` points for rates and shares, else a share
    (``relative``) of the larger of the base's and the configuration's means."""
    if metric in CATALOGUE and CATALOGUE[metric].is_proportion:
        return rate_pp / 100.0
    return relative * abs(base_mean) if base_mean == base_mean and base_mean != 0 else math.nan


def summarise_comparison(cmp: Comparison, metrics: Sequence[str]=COMPARISON, rate_pp: float = 0.5,
                         relative: float = 0.02) -> pd.DataFrame:
    """The comparison table (one row per configuration and metric)."""
    wide = cmp.by_replication.pivot_table(index=["metric", "replication"], columns="config",
                                          values="value", aggfunc="first", dropna=False)
    present = set(wide.index.get_level_values("metric"))
    rows = []
    for metric in [m for m in metrics if m in present]:
        w = wide.loc[metric].sort_index()
        base = w[cmp.base].to_numpy(dtype=float)
        base_ci = mean_ci(base)
        for config in cmp.configs:
            vals = w[config].to_numpy(dtype=float)
            ci = mean_ci(vals)
            # relative targets use the larger mean, so a flow that is 0 in the base still has one
            scale = max(abs(base_ci.mean), abs(ci.mean)) if ci.mean == ci.mean else base_ci.mean
            target = half_width_target(metric, scale, rate_pp, relative)
            row = {"config": config, "metric": metric, "mean": ci.mean, "ci_low": ci.low,
                   "ci_high": ci.high, "n": ci.n, "half_width_target": target}
            if config == cmp.base:
                spread = vals
                row |= dict.fromkeys(("diff_mean", "diff_low", "diff_high", "unpaired_low",
                                      "unpaired_high"), math.nan)
                hw = ci.half_width
            else:
                d, u = paired_difference_ci(base, vals), welch_difference_ci(base, vals)
                spread = vals - base
                row |= {"diff_mean": d.mean, "diff_low": d.low, "diff_high": d.high,
                        "unpaired_low": u.low, "unpaired_high": u.high}
                hw = d.half_width
            needed = _needed(spread, target)
            exact = bool(np.all(spread[~np.isnan(spread)] == spread[~np.isnan(spread)][0])) \
                if (~np.isnan(spread)).any() else False  # no spread at all: nothing to estimate
            row |= {"replications_needed": 2.0 if exact else needed,
                    "enough": exact or bool(hw == hw and target == target and hw <= target)}
            rows.append(row)
    cols = ["config", "metric", "mean", "ci_low", "ci_high", "diff_mean", "diff_low", "diff_high",
            "unpaired_low", "unpaired_high", "n", "half_width_target", "replications_needed",
            "enough"]
    return pd.DataFrame(rows, columns=cols)


def _needed(values: np.ndarray, target: float) -> float:
    v = values[~np.isnan(values)]
    if len(v) < 2 or not target == target or target <= 0:
        return math.nan
    if np.all(v == v[0]):
        return 2.0
    return float(replications_needed(v, target))


def cost_shift(cmp: Comparison) -> pd.DataFrame:
    """Who pays and who saves, and when: per configuration, year and level (central, local,
    social), the paired change in cost against the base (mean and 95% CI over replications);
    then per configuration (the base too), year and public budget holder (``holder``, with
    ``level`` empty, so that summing ``change_gbp`` by level counts each cost once), the
    holder's spend, grant and net position (means over replications; :func:`budget_table`)
    with ``change_gbp`` the paired change in its spend against the base."""
    levels = _level_shift(cmp)
    budgets = budget_table(cmp)
    if budgets.empty:
        return levels
    return pd.concat([levels, budgets], ignore_index=True)[_SHIFT_COLUMNS]


_SHIFT_COLUMNS = ["config", "year", "level", "change_gbp", "ci_low", "ci_high", "holder",
                  "spend_gbp", "grant_gbp", "net_gbp", "net_ci_low", "net_ci_high"]


def budget_table(cmp: Comparison) -> pd.DataFrame:
    """Per configuration, year and public budget holder: spend, grant (received +, paid -) and
    net position (grant - spend), mean and 95% CI of the net over replications, and the paired
    change in spend against the base (``change_gbp``, with ``ci_low``/``ci_high``)."""
    if cmp.grants.empty:
        return pd.DataFrame(columns=_SHIFT_COLUMNS)
    grant = {key: dict(zip(g["holder"], g["grant_gbp"], strict=True))
             for key, g in cmp.grants.groupby(["config", "replication"], sort=False)}
    pos = []
    for (config, rep), c in cmp.costs.groupby(["config", "replication"], sort=False):
        pos.append(budget_positions(c, grant.get((config, rep), {}))
                   .assign(config=config, replication=rep))
    b = pd.concat(pos, ignore_index=True)
    spend = b.pivot_table(index=["replication", "year", "holder"], columns="config",
                          values="spend_gbp", aggfunc="first")
    rows = []
    for config in cmp.configs:
        bc = b[b["config"] == config]
        for (year, holder), d in bc.groupby(["year", "holder"], sort=False):
            net = mean_ci(d["net_gbp"].to_numpy(dtype=float))
            # no level: a holder's row is not part of a level's (summing by level counts once)
            row = {"config": config, "year": int(year), "level": "",
                   "holder": holder, "spend_gbp": float(d["spend_gbp"].mean()),
                   "grant_gbp": float(d["grant_gbp"].mean()), "net_gbp": net.mean,
                   "net_ci_low": net.low, "net_ci_high": net.high}
            if config != cmp.base:
                s = spend.xs((year, holder), level=("year", "holder"))
                ch = mean_ci((s[config] - s[cmp.base]).to_numpy(dtype=float))
                row |= {"change_gbp": ch.mean, "ci_low": ch.low, "ci_high": ch.high}
            rows.append(row)
    return pd.DataFrame(rows, columns=_SHIFT_COLUMNS)


def _level_shift(cmp: Comparison) -> pd.DataFrame:
    """The paired change in cost per configuration, year and level (the first rows of
    :func:`cost_shift`)."""
    c = cmp.costs.groupby(["config", "replication", "year", "level"], observed=True)["cost_gbp"].sum()
    c = c.unstack("config")
    rows = []
    for config in cmp.configs[1:]:
        diff = (c[config] - c[cmp.base]).groupby(level=["year", "level"])
        for (year, level), d in diff:
            ci = mean_ci(d.to_numpy(dtype=float))
            rows.append({"config": config, "year": int(year), "level": level,
                         "change_gbp": ci.mean, "ci_low": ci.low, "ci_high": ci.high})
    return pd.DataFrame(rows, columns=["config", "year", "level", "change_gbp", "ci_low",
                                       "ci_high"])


def reoffending_groups(cmp: Comparison) -> pd.DataFrame:
    """The reoffending table by disposal and previous-offence band per configuration: each
    measure's mean over replications (``reoffending_by_group.csv``)."""
    if cmp.reoffending.empty:
        return cmp.reoffending
    return mean_over_replications(cmp.reoffending, ["config", "by", "group"])
