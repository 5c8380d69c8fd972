"""The fast-running environment processes SimPy's events in SimPy's order."""

import numpy as np
import pytest
import simpy

from sim.environment import Environment


def _model(env: simpy.Environment, trace: list) -> None:
    """Processes with ties in time (whole-day waits), zero waits, conditions, shared events
    and a resource, recording every resumption."""
    rng = np.random.default_rng(11)
    res = simpy.Resource(env, capacity=2)
    signal = {"ev": env.event()}

    def worker(i: int):
        for k in range(30):
            d = float(rng.integers(0, 4))
            if k % 7 == 3:
                got = yield env.timeout(d) | signal["ev"]
                trace.append((env.now, i, "cond", len(got.todict())))
            elif k % 5 == 1:
                with res.request() as req:
                    yield req
                    yield env.timeout(d / 2)
                trace.append((env.now, i, "res"))
            else:
                yield env.timeout(d)
                trace.append((env.now, i, "t"))
            if k % 4 == 0:
                yield env.timeout(0)
                trace.append((env.now, i, "zero"))

    def signaller():
        while True:
            yield env.timeout(2.5)
            ev, signal["ev"] = signal["ev"], env.event()
            ev.succeed()
            trace.append((env.now, -1, "signal"))

    def sleeper(i: int):
        while True:
            try:
                yield env.timeout(4.0)
                trace.append((env.now, i, "slept"))
            except simpy.Interrupt:
                trace.append((env.now, i, "interrupted"))

    def waker(target):
        while True:
            yield env.timeout(3.0)
            target.interrupt()
            yield env.timeout(0)
            trace.append((env.now, -2, "woke"))

    def planner(i: int):  # long waits, many ending on a bucket's edge (multiples of 8)
        for _ in range(6):
            yield env.timeout(float(rng.integers(0, 12)) * 4.0)
            trace.append((env.now, i, "far"))

    for i in range(12):
        env.process(worker(i))
    for i in range(20, 28):
        env.process(planner(i))
    env.process(signaller())
    env.process(waker(env.process(sleeper(99))))


@pytest.mark.parametrize("stops", [(1000.0,), (3.0, 7.5, 8.0, 20.0, 1000.0),
                                   (16.0, 39.9, 40.0, 1000.0)])
def test_same_events_in_the_same_order_as_simpy(stops):
    traces = []
    for env in (simpy.Environment(), Environment()):
        trace: list = []
        _model(env, trace)
        for t in stops:
            env.run(until=t)
            trace.append((env.now, "stop"))
        traces.append(trace)
    assert [repr(x) for x in traces[0]] == [repr(x) for x in traces[1]]  # clock types too
    assert len(traces[0]) > 300


def test_runs_by_step_until_an_event_as_in_simpy():
    traces = []
    for env in (simpy.Environment(), Environment()):
        trace: list = []
        _model(env, trace)
        env.run(until=env.timeout(6.0))
        env.run(until=9.0)
        for _ in range(50):
            trace.append((env.peek(), "peek"))
            env.step()
        traces.append(trace)
    assert [repr(x) for x in traces[0]] == [repr(x) for x in traces[1]]  # clock types too


def test_failures_and_other_runs_as_in_simpy():
    env = Environment()

    def boom():
        yield env.timeout(1.0)
        raise KeyError("boom")

    env.process(boom())
    with pytest.raises(KeyError, match="boom"):
        env.run(until=5.0)
    with pytest.raises(ValueError, match="greater than"):
        env.run(until=0.5)
    done = env.timeout(2.0, value="v")
    assert env.run(until=done) == "v"
    env.timeout(1.0)
    assert env.run() is None


@pytest.mark.parametrize("stops", [1, 4])
def test_call_later_runs_where_a_timeout_with_one_callback_would(stops):
    """The same mix of processes and delayed calls, once with timeouts carrying the call as
    their only callback and once with call_later: the same calls at the same times in the same
    order, ties included, whether the run stops on the way or not."""
    def world(env, delayed):
        log = []

        def note(tag):
            log.append((env.now, tag))
            if len(log) < 400:  # each call schedules another: ties at 0 and at equal times
                delayed(float(len(log) % 3), note, f"{tag}+")

        def proc(name, delays):
            for d in delays:
                yield env.timeout(d)
                log.append((env.now, name))
                delayed(d, note, f"{name}:{d}")
        rng = np.random.default_rng(3)
        for i in range(5):
            env.process(proc(f"p{i}", rng.integers(0, 3, size=20).tolist()))
        delayed(0, note, "zero")
        delayed(1.0, note, "one")
        for k in range(1, stops + 1):
            env.run(until=120 * k / stops)
        return log

    def by_timeout(env):
        def delayed(d, fn, *args):
            env.timeout(d).callbacks.append(lambda _ev: fn(*args))
        return delayed

    a = Environment()
    b = Environment()
    assert world(a, by_timeout(a)) == world(b, b.call_later)
    with pytest.raises(ValueError, match="delay"):
        b.call_later(-1.0, print)
