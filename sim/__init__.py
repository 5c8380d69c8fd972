"""Domain-free discrete-event simulation toolkit built around SimPy.

- random numbers: named streams of one seed (:mod:`sim.streams`) and distributions
  (:mod:`sim.distributions`);
- capacity and monitoring: capacity-limited resources with queues (:mod:`sim.capacity`),
  monitored SimPy resources and FCFS server pools (:mod:`sim.monitors`), level logs
  (:mod:`sim.levels`), an event recorder (:mod:`sim.recorder`);
- running: a SimPy environment with a faster run loop (:mod:`sim.environment`), replications
  serially or on a process pool (:mod:`sim.runner`), independent tasks
  on a pool or a Dask cluster (:mod:`sim.tasks`; a scheduler's address checked first,
  :mod:`sim.dask_address`), designs of experiments (:mod:`sim.designs`);
- results: atomic writes and part stores (:mod:`sim.store`), output statistics
  (:mod:`sim.stats`, :mod:`sim.queueing`) and plot helpers that draw on an ``ax``
  (:mod:`sim.plots`).

Nothing here knows about criminal justice, and nothing here imports ``models``.
"""

from __future__ import annotations

from sim.capacity import Capacity, Slot
from sim.dask_address import DaskAddressError, check_dask_address
from sim.designs import DESIGNS, design, problem
from sim.distributions import (
    Bernoulli,
    Deterministic,
    Discrete,
    Distribution,
    DistributionError,
    Exponential,
    Gamma,
    Lognormal,
    PiecewiseUniform,
    Uniform,
    Weibull,
    batched_sampler,
    from_spec,
)
from sim.environment import Environment
from sim.levels import LevelLog
from sim.monitors import MonitoredRequest, MonitoredResource, ServerPool
from sim.plots import band, bar_with_ci, stacked_bars, step_band
from sim.recorder import EventRecorder
from sim.runner import default_workers, gc_paused, run_replications
from sim.stats import (
    CI,
    erlang_c_mean_wait,
    erlang_c_wait_probability,
    kaplan_meier,
    mean_ci,
    paired_difference_ci,
    replications_needed,
    time_weighted_mean,
    welch_difference_ci,
)
from sim.store import (
    PartStore,
    atomic_to_parquet,
    atomic_write,
    atomic_write_bytes,
    atomic_write_text,
    save_figure,
)
from sim.streams import BufferedUniform, KeyedUniforms, RandomStreams, stable_key
from sim.tasks import run_tasks

__all__ = [
    "CI", "DESIGNS", "Bernoulli", "BufferedUniform", "Capacity", "DaskAddressError",
    "Deterministic", "Discrete", "check_dask_address",
    "Distribution", "DistributionError", "Environment", "EventRecorder", "Exponential", "Gamma",
    "KeyedUniforms",
    "LevelLog", "Lognormal", "MonitoredRequest", "MonitoredResource", "PartStore", "PiecewiseUniform",
    "RandomStreams", "ServerPool", "Slot", "Uniform", "Weibull", "atomic_to_parquet",
    "atomic_write", "atomic_write_bytes", "atomic_write_text", "band", "bar_with_ci",
    "batched_sampler", "default_workers", "design", "erlang_c_mean_wait",
    "erlang_c_wait_probability", "from_spec", "gc_paused", "kaplan_meier", "mean_ci",
    "paired_difference_ci", "problem", "replications_needed", "run_replications", "run_tasks",
    "save_figure", "stable_key", "stacked_bars", "step_band", "time_weighted_mean",
    "welch_difference_ci",
]
