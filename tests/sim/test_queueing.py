"""M/M/c checks of MonitoredResource and ServerPool against Erlang C."""

import math

import numpy as np
import pytest
import simpy

from sim.monitors import MonitoredResource, ServerPool
from sim.queueing import erlang_c_mean_wait, erlang_c_wait_probability
from sim.streams import RandomStreams

C, LAM, MU = 3, 2.4, 1.0  # rho = 0.8
N, WARMUP, BATCHES = 50_000, 2_000, 20


def _inputs(replication):
    s = RandomStreams(97, replication)
    arrivals = np.cumsum(s.generator("arrivals").exponential(1.0 / LAM, N))
    services = s.generator("services").exponential(1.0 / MU, N)
    return arrivals, services


def _check_mean_wait(waits):
    w = np.asarray(waits[WARMUP:], dtype=float)
    w = w[: len(w) - len(w) % BATCHES]
    means = w.reshape(BATCHES, -1).mean(axis=1)
    se = means.std(ddof=1) / math.sqrt(BATCHES)
    target = erlang_c_mean_wait(C, LAM, MU)
    assert abs(means.mean() - target) < 4 * se, (means.mean(), target, se)


def test_erlang_c_known_values():
    assert erlang_c_wait_probability(1, 0.5, 1.0) == pytest.approx(0.5)
    assert erlang_c_mean_wait(1, 0.5, 1.0) == pytest.approx(1.0)  # M/M/1: rho/(mu-lam)
    assert erlang_c_wait_probability(3, 2.4, 1.0) == pytest.approx(0.6471910112)
    assert erlang_c_wait_probability(200, 190.0, 1.0) < 1.0
    with pytest.raises(ValueError, match="utilisation"):
        erlang_c_mean_wait(2, 2.0, 1.0)
    with pytest.raises(ValueError, match="c="):
        erlang_c_mean_wait(0, 2.0, 1.0)


def test_mmc_monitored_resource():
    arrivals, services = _inputs(0)
    env = simpy.Environment()
    res = MonitoredResource(env, C, "mmc")

    def customer(env, service):
        with res.request() as req:
            yield req
            yield env.timeout(service)

    def source(env):
        for t, s in zip(arrivals.tolist(), services.tolist(), strict=True):
            yield env.timeout(t - env.now)
            env.process(customer(env, s))

    env.process(source(env))
    env.run()
    assert len(res.waits) == N
    _check_mean_wait(res.waits)
    util = res.busy.time_average(0.0, float(arrivals[-1])) / C
    assert util == pytest.approx(LAM / (C * MU), abs=0.03)


def test_mmc_server_pool():
    arrivals, services = _inputs(1)
    pool = ServerPool(C, "mmc")
    offer = pool.offer
    for t, s in zip(arrivals.tolist(), services.tolist(), strict=True):
        offer(t, s)
    assert pool.offered == N and pool.lost == 0
    _check_mean_wait(pool.waits)
