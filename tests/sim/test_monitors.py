"""Tests of LevelLog, MonitoredResource and ServerPool on hand-computed timelines."""

import numpy as np
import pytest
import simpy

from sim.monitors import LevelLog, MonitoredResource, ServerPool


def steps(log):
    t, lv = log.to_steps()
    return t.tolist(), lv.tolist()


def test_levellog_hand_example():
    log = LevelLog("x", t0=0.0, level=2.0)
    log.change(4.0, -1.0)  # out of order on purpose
    log.change(1.0, 3.0)
    log.change(2.0, -2.0)
    log.change(2.0, 1.0)  # merged with the change above
    log.change(2.0, -1.0)
    assert steps(log) == ([0.0, 1.0, 2.0, 4.0], [2.0, 5.0, 3.0, 2.0])
    assert log.time_average(0.0, 5.0) == pytest.approx(15.0 / 5.0)
    assert log.time_average(0.5, 3.0) == pytest.approx(9.0 / 2.5)
    np.testing.assert_array_equal(log.sample(np.array([-1.0, 0.0, 1.0, 1.5, 2.0, 10.0])),
                                  [2.0, 2.0, 5.0, 5.0, 3.0, 2.0])
    assert log.max_level() == 5.0
    log.set(5.0, 7.0)
    assert steps(log) == ([0.0, 1.0, 2.0, 4.0, 5.0], [2.0, 5.0, 3.0, 2.0, 7.0])
    assert log.level == 7.0


def test_levellog_empty_and_before_t0():
    log = LevelLog("y", t0=3.0, level=1.0)
    assert steps(log) == ([3.0], [1.0])
    assert log.time_average(3.0, 4.0) == 1.0
    log.change(2.0, 1.0)
    with pytest.raises(ValueError, match="before t0"):
        log.to_steps()


def _job(env, res, arrive, service, patience=None):
    yield env.timeout(arrive)
    with res.request() as req:
        if patience is None:
            yield req
        else:
            yield req | env.timeout(patience)
            if not req.triggered:
                return
        yield env.timeout(service)


def test_resource_hand_timeline():
    env = simpy.Environment()
    res = MonitoredResource(env, 1, "desk")
    for a in (0.0, 1.0, 2.0):
        env.process(_job(env, res, a, 3.0))
    env.run()
    assert steps(res.busy) == ([0.0, 9.0], [1.0, 0.0])
    assert steps(res.queue) == ([0.0, 1.0, 2.0, 3.0, 6.0], [0.0, 1.0, 2.0, 1.0, 0.0])
    assert res.waits == [0.0, 2.0, 4.0]
    assert res.queue.time_average(0.0, 9.0) == pytest.approx(6.0 / 9.0)
    assert len(res.put_queue) == 0 and res.count == 0


def test_resource_cancelled_queued_request():
    env = simpy.Environment()
    res = MonitoredResource(env, 1, "desk")
    env.process(_job(env, res, 0.0, 5.0))
    env.process(_job(env, res, 1.0, 2.0, patience=1.0))  # reneges at 2
    env.process(_job(env, res, 1.5, 3.0))

    def explicit_cancel(env):
        yield env.timeout(2.5)
        req = res.request()
        yield req | env.timeout(0.5)
        req.cancel()  # at 3.0, without a release

    env.process(explicit_cancel(env))
    env.run()
    assert steps(res.queue) == ([0.0, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0],
                                [0.0, 1.0, 2.0, 1.0, 2.0, 1.0, 0.0])
    assert steps(res.busy) == ([0.0, 8.0], [1.0, 0.0])
    assert res.waits == [0.0, 3.5]


def test_resource_capacity_validation():
    env = simpy.Environment()
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match="capacity"):
            MonitoredResource(env, bad, "r")


def test_server_pool_patience_hand_example():
    pool = ServerPool(1, "pool")
    assert pool.offer(0.0, 5.0) == 0.0
    assert pool.offer(1.0, 2.0, patience=3.0) is None  # would wait 4
    assert pool.offer(2.0, 1.0, patience=3.0) == 5.0  # waits exactly 3
    assert (pool.offered, pool.lost, pool.waits) == (3, 1, [0.0, 3.0])
    assert steps(pool.busy) == ([0.0, 6.0], [1.0, 0.0])
    assert steps(pool.queue) == ([0.0, 1.0, 2.0, 4.0, 5.0], [0.0, 1.0, 2.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="previous"):
        pool.offer(1.5, 1.0)
    with pytest.raises(ValueError, match="servers"):
        ServerPool(0, "none")


def test_server_pool_matches_simpy_resource():
    rng = np.random.default_rng(2024)
    n = 3000
    arrivals = np.cumsum(rng.exponential(1.0 / 1.6, n))
    services = rng.exponential(1.0, n)

    env = simpy.Environment()
    res = MonitoredResource(env, 2, "mm2")
    starts = np.empty(n)

    def customer(env, i):
        with res.request() as req:
            yield req
            starts[i] = env.now
            yield env.timeout(services[i])

    def source(env):
        for i in range(n):
            yield env.timeout(arrivals[i] - env.now)
            env.process(customer(env, i))

    env.process(source(env))
    env.run()

    pool = ServerPool(2, "mm2")
    got = np.array([pool.offer(t, s) for t, s in zip(arrivals, services, strict=True)])
    np.testing.assert_array_equal(got, starts)
    np.testing.assert_allclose(pool.waits, res.waits, rtol=0, atol=1e-9)
    for a, b in ((pool.busy, res.busy), (pool.queue, res.queue)):
        ta, la = a.to_steps()
        tb, lb = b.to_steps()
        np.testing.assert_allclose(ta, tb, rtol=0, atol=1e-9)
        np.testing.assert_array_equal(la, lb)
    assert pool.lost == 0 and pool.queue.max_level() > 3


def test_serverpool_add_servers_takes_later_offers():
    pool = ServerPool(1, "p")
    assert pool.offer(0.0, 10.0) == 0.0
    assert pool.offer(1.0, 10.0) == 10.0  # waits for the only server
    pool.add_servers(3.0, 1)
    assert pool.offer(4.0, 1.0) == 4.0  # the new server, free from t=3
    assert pool.offer(5.0, 1.0) == 5.0  # free again after 5
    assert pool.servers == 2


def test_serverpool_remove_servers_drops_the_last_free():
    pool = ServerPool(2, "p")
    assert pool.offer(0.0, 10.0) == 0.0
    assert pool.offer(0.0, 3.0) == 0.0
    pool.remove_servers(1)  # the server free at 10 goes; the one free at 3 stays
    assert pool.offer(1.0, 1.0) == 3.0
    assert pool.servers == 1
