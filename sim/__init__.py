"""Domain-free discrete-event simulation toolkit built around SimPy.

Random streams (:mod:`sim.streams`), distributions (:mod:`sim.distributions`),
event recording (:mod:`sim.recorder`), monitored capacity (:mod:`sim.monitors`),
replication running (:mod:`sim.runner`), output statistics (:mod:`sim.stats`)
and plotting helpers (:mod:`sim.plots`, imported on demand).
"""

from __future__ import annotations

from sim.capacity import Capacity, Slot
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
from sim.levels import LevelLog
from sim.monitors import MonitoredResource, ServerPool
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
from sim.streams import BufferedUniform, RandomStreams, stable_key

__all__ = [
    "CI",
    "Bernoulli",
    "Capacity",
    "Slot",
    "BufferedUniform",
    "Deterministic",
    "Discrete",
    "Distribution",
    "DistributionError",
    "EventRecorder",
    "Exponential",
    "Gamma",
    "LevelLog",
    "Lognormal",
    "MonitoredResource",
    "PiecewiseUniform",
    "RandomStreams",
    "ServerPool",
    "Uniform",
    "Weibull",
    "batched_sampler",
    "default_workers",
    "erlang_c_mean_wait",
    "erlang_c_wait_probability",
    "from_spec",
    "gc_paused",
    "kaplan_meier",
    "mean_ci",
    "paired_difference_ci",
    "replications_needed",
    "run_replications",
    "stable_key",
    "time_weighted_mean",
    "welch_difference_ci",
]
