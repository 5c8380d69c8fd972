"""Validation: the baseline against published figures (``models/validation/targets.toml``).

Each target names a simulator metric; :func:`validation_metrics` computes every such metric for
one replication (the headline metrics of :func:`models.analysis.metrics.summarise` plus a few that need
the event log, the people table or the ledger), :func:`run_validation` runs N replications in
parallel and :func:`validation_table` compares the mean and 95% CI (national: counts divided by
the scale) with each published value and its tolerance. A missed target is reported, not an
error: validation is a report.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from models.analysis.catalogue import check_metrics
from models.analysis.metrics import summarise, with_derived
from models.config.scenario import Scenario
from models.config.schema import ScenarioError, check_source
from models.config.tree import check_keys, check_kind, load_toml
from models.config.vocabulary import DAYS_PER_YEAR, Custody, Disposal
from models.pathway.events import Ev
from models.pathway.run import run_replication
from sim.runner import run_replications
from sim.stats import mean_ci

if TYPE_CHECKING:
    from models.pathway.run import ReplicationResult

__all__ = ["Target", "load_targets", "validation_metrics", "run_validation", "validation_table",
           "default_targets_path"]

_KEYS = ("label", "published", "source", "tolerance", "tolerance_pp", "metric", "national", "how",
         "note")
_PRISON_ITEMS = ("remand_days", "prison_days", "prison_days_long", "recall_days")


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    published: float
    source: str
    metric: str
    how: str
    tolerance: float | None = None      # relative
    tolerance_pp: float | None = None   # percentage points, for rates
    national: bool = False
    note: str = ""

    def bounds(self) -> tuple[float, float]:
        """The interval the simulated mean must fall in."""
        if self.tolerance_pp is not None:
            d = self.tolerance_pp / 100.0
        else:
            d = abs(self.published) * (self.tolerance or 0.0)
        return self.published - d, self.published + d

    @property
    def tolerance_text(self) -> str:
        if self.tolerance_pp is not None:
            return f"±{self.tolerance_pp:g} pp"
        return f"±{100 * (self.tolerance or 0.0):g}%"


def default_targets_path() -> Path:
    return Path(str(resources.files("models") / "validation" / "targets.toml"))


def load_targets(path: str | Path | None = None) -> list[Target]:
    """Read and check the targets file (every target needs a source, a tolerance, a metric)."""
    p = Path(path) if path else default_targets_path()
    tree = load_toml(p, "targets file")
    check_kind(tree, p, "targets file")
    check_keys("", tree, ("validation", "targets"))
    targets = tree.get("targets", {})
    if not isinstance(targets, dict):
        raise ScenarioError("targets", targets, "must be tables [targets.<name>]")
    out = []
    for name, t in targets.items():
        where = f"targets.{name}"
        if not isinstance(t, dict):
            raise ScenarioError(where, t, "must be a table [targets.<name>] with label, "
                                "published, source, tolerance, metric and how")
        check_keys(where, t, _KEYS)
        for k in ("label", "source", "metric", "how"):
            if not isinstance(t.get(k), str) or not t[k]:
                raise ScenarioError(f"{where}.{k}", t.get(k), "must be a non-empty string")
        check_source(where, t["source"], None)
        check_metrics(f"{where}.metric", [t["metric"]])
        if not isinstance(t.get("published"), int | float) or isinstance(t.get("published"), bool):
            raise ScenarioError(f"{where}.published", t.get("published"), "must be a number")
        if ("tolerance" in t) == ("tolerance_pp" in t):
            raise ScenarioError(where, None, "give exactly one of tolerance (relative) or "
                                "tolerance_pp (percentage points)")
        if not isinstance(t.get("national", False), bool):
            raise ScenarioError(f"{where}.national", t["national"], "must be true or false")
        tol = t.get("tolerance", t.get("tolerance_pp"))
        if isinstance(tol, bool) or not isinstance(tol, int | float) or not 0 < tol < math.inf:
            raise ScenarioError(f"{where}.tolerance", tol, "must be a number > 0")
        out.append(Target(name, t["label"], float(t["published"]), t["source"], t["metric"],
                          t["how"], t.get("tolerance"), t.get("tolerance_pp"),
                          bool(t.get("national", False)), str(t.get("note", ""))))
    if not out:
        raise ScenarioError("targets", str(p), "no [targets.*] tables")
    return out


def _prison_days_in_window(events: pd.DataFrame, window) -> pd.DataFrame:
    """Per person, days in prison within the window (stays from entry to release)."""
    a, b = window
    ev = events[events["event"].isin([int(Ev.PRISON_ENTRY), int(Ev.START_IN_PRISON),
                                      int(Ev.RELEASE)])].sort_values(["person_id", "time_days"],
                                                                      kind="stable")
    sign = np.where(ev["event"].to_numpy() == int(Ev.RELEASE), -1, 1)
    t = ev["time_days"].to_numpy()
    pid = ev["person_id"].to_numpy()
    # pair each entry with the next release of the same person (or the end of the window)
    start = t[sign == 1]
    start_pid = pid[sign == 1]
    ends = np.full(len(start), b)
    rel_t, rel_pid = t[sign == -1], pid[sign == -1]
    order = np.lexsort((rel_t, rel_pid))
    rel_t, rel_pid = rel_t[order], rel_pid[order]
    k = np.searchsorted(rel_pid * 1e7 + rel_t, start_pid * 1e7 + start, side="left")
    ok = (k < len(rel_t))
    same = ok.copy()
    same[ok] = rel_pid[k[ok]] == start_pid[ok]
    ends[same] = rel_t[k[same]]
    days = np.clip(np.minimum(ends, b) - np.maximum(start, a), 0.0, None)
    return pd.DataFrame({"person_id": start_pid, "days": days})


def validation_metrics(result: ReplicationResult) -> dict[str, float]:
    """Every metric a target may name, for one replication (at the run's scale)."""
    out = with_derived(summarise(result))
    ev, people, window = result.events, result.people, tuple(result.settings["window"])
    a, b = window
    years = (b - a) / DAYS_PER_YEAR
    out["reoffending_gap_short_custody_vs_community_order"] = (
        out["reoffending_short_custody"] - out["reoffending_community_order"])
    res = ev[(ev["event"] == int(Ev.RESETTLED)) & (ev["time_days"] >= a) & (ev["time_days"] < b)]
    female = people.set_index("person_id")["female"]
    res_w = res[female.reindex(res["person_id"]).to_numpy()]
    out["share_released_employed_women"] = float(res_w["employed"].to_numpy(dtype=bool).mean())
    arr = ev[(ev["event"] == int(Ev.ARREST)) & (ev["time_days"] >= a) & (ev["time_days"] < b)]
    mh = people.set_index("person_id")["mental_health"]
    out["share_mental_health_among_arrested"] = float(
        mh.reindex(arr["person_id"].unique()).mean())
    stays = _prison_days_in_window(ev, window)
    total = stays["days"].sum()
    women = stays.loc[female.reindex(stays["person_id"]).to_numpy(), "days"].sum()
    out["share_women_in_prison"] = float(women / total) if total > 0 else math.nan
    led = result.ledger
    inwin = led[(led["start_day"] < b) & (led["end_day"] > a) & led["item"].isin(_PRISON_ITEMS)]
    span = (inwin["end_day"] - inwin["start_day"]).to_numpy()
    frac = np.clip(np.minimum(inwin["end_day"], b) - np.maximum(inwin["start_day"], a), 0, None)
    cost = float((inwin["amount_gbp"].to_numpy() * np.where(span > 0, frac / np.where(
        span > 0, span, 1.0), 1.0)).sum()) / years
    short = (inwin["item"] != "prison_days_long").to_numpy()
    # remand, recall and sentences under 12 months: the devolved custody budget's population
    out["mean_prison_devolved"] = float(frac.to_numpy()[short].sum()) / (b - a)
    out["prison_cost_per_prisoner_year_gbp"] = cost / out["mean_prison_total"] \
        if out["mean_prison_total"] > 0 else math.nan
    sen = ev[(ev["event"] == int(Ev.SENTENCED)) & (ev["time_days"] >= a) & (ev["time_days"] < b)]
    conv = ev[(ev["event"] == int(Ev.CONVICTED)) & (ev["time_days"] >= a) & (ev["time_days"] < b)]
    custodial = sen["disposal"].isin([int(Disposal.SHORT_CUSTODY), int(Disposal.LONG_CUSTODY)])
    # breach custody is a SENTENCED event without a conviction: count custody on convictions only
    conv_cases = set(conv["case_id"])
    out["custody_rate_of_convictions"] = float(
        (custodial & sen["case_id"].isin(conv_cases)).sum() / len(conv)) if len(conv) else math.nan
    entries = ev[(ev["event"] == int(Ev.PRISON_ENTRY)) & (ev["time_days"] >= a)
                 & (ev["time_days"] < b)]
    out["receptions_not_recall_per_year"] = float((entries["custody"] != int(Custody.RECALL)).sum()
                                                  / years)
    return out


def _task(scenario: Scenario, root_seed: int, replication: int) -> dict[str, float]:
    return validation_metrics(run_replication(scenario, root_seed, replication))


def run_validation(scenario: Scenario, root_seed: int, replications: int, workers: int = 1,
                   progress: Callable[[int], object] | None=None) -> pd.DataFrame:
    """Metrics per replication (rows) for a scenario."""
    rows = run_replications(partial(_task, scenario), root_seed, replications, workers=workers,
                            progress=progress)
    return pd.DataFrame(rows).assign(replication=range(replications))


def validation_table(by_rep: pd.DataFrame, targets: list[Target], scale: float) -> pd.DataFrame:
    """Target, published value, simulated mean and 95% CI (national), tolerance, within or not."""
    rows = []
    for t in targets:
        if t.metric not in by_rep:
            raise ScenarioError(f"targets.{t.name}.metric", t.metric,
                                "is not a metric the simulator computes")
        k = 1.0 / scale if t.national else 1.0
        ci = mean_ci(by_rep[t.metric].to_numpy(dtype=float) * k)
        lo, hi = t.bounds()
        rows.append({"target": t.name, "label": t.label, "published": t.published,
                     "source": t.source, "simulated": ci.mean, "ci_low": ci.low,
                     "ci_high": ci.high, "tolerance": t.tolerance_text, "low": lo, "high": hi,
                     "within": bool(lo <= ci.mean <= hi),
                     "error_in_tolerances": (ci.mean - t.published) / (hi - t.published),
                     "metric": t.metric, "how": t.how, "note": t.note})
    return pd.DataFrame(rows)
