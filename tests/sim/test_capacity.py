"""Capacity: a lean FIFO resource that must behave exactly like simpy.Resource."""

import numpy as np
import pytest
import simpy

from sim.capacity import Capacity


def _run(resource_kind: str, arrivals, services, capacity: int):
    env = simpy.Environment()
    res = simpy.Resource(env, capacity) if resource_kind == "simpy" else Capacity(env, capacity, "c")
    starts = [None] * len(arrivals)

    def job(i):
        yield env.timeout(arrivals[i])
        if resource_kind == "simpy":
            with res.request() as req:
                yield req
                starts[i] = env.now
                yield env.timeout(services[i])
        else:
            with res.slot() as wait:
                if wait is not None:
                    yield wait
                starts[i] = env.now
                yield env.timeout(services[i])

    for i in range(len(arrivals)):
        env.process(job(i))
    env.run()
    return np.array(starts), res


def test_same_grant_times_as_simpy_resource_on_random_mmc():
    rng = np.random.default_rng(42)
    arrivals = np.cumsum(rng.exponential(1.0, 3000))
    services = rng.exponential(1.7, 3000)
    a, _ = _run("simpy", arrivals, services, 2)
    b, cap = _run("capacity", arrivals, services, 2)
    np.testing.assert_array_equal(a, b)
    assert cap.users == 0 and not cap._waiting
    # the queue level returns to zero and the waits match the start-arrival gaps that were > 0
    assert cap.queue.to_steps()[1][-1] == 0
    gaps = (b - arrivals)[(b - arrivals) > 0]
    np.testing.assert_allclose(sorted(cap.waits), sorted(gaps))


def test_hand_timeline_capacity_one():
    starts, cap = _run("capacity", [0.0, 1.0, 2.0], [3.0, 3.0, 3.0], 1)
    np.testing.assert_array_equal(starts, [0.0, 3.0, 6.0])
    t, q = cap.queue.to_steps()
    # queue: 1 at t=1, 2 at t=2, 1 at t=3, 0 at t=6
    assert list(zip(t.tolist(), q.tolist(), strict=True))[-4:] == [(1.0, 1), (2.0, 2), (3.0, 1), (6.0, 0)]
    assert cap.busy.time_average(0.0, 9.0) == pytest.approx(1.0)


def test_request_withdrawn_at_deadline_leaves_no_trace():
    env = simpy.Environment()
    cap = Capacity(env, 1, "c")
    got = []

    def holder():
        with cap.slot() as wait:
            assert wait is None
            yield env.timeout(10)

    def impatient():
        yield env.timeout(1)
        with cap.slot() as wait:
            yield wait | env.timeout(2)
            got.append(wait.triggered)

    def later():
        yield env.timeout(5)
        with cap.slot() as wait:
            yield wait
            got.append(env.now)

    for p in (holder(), impatient(), later()):
        env.process(p)
    env.run()
    assert got == [False, 10.0]  # the impatient request left; the later one got the slot at 10
    assert cap.queue.time_average(0, 3) == pytest.approx(2 / 3)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_bad_capacity_names_the_resource(bad):
    with pytest.raises(ValueError, match="'courts'"):
        Capacity(simpy.Environment(), bad, "courts")


def test_add_grants_waiting_requests_in_order():
    env = simpy.Environment()
    cap = Capacity(env, 1, "c")
    started = []

    def user(i, hold):
        with cap.slot() as wait:
            if wait is not None:
                yield wait
            started.append((i, env.now))
            yield env.timeout(hold)

    for i in range(3):
        env.process(user(i, 10.0))

    def grow():
        yield env.timeout(2.0)
        cap.add(1)

    env.process(grow())
    env.run()
    # user 0 at 0; user 1 gets the new slot at 2; user 2 waits for the first release at 10
    assert started == [(0, 0.0), (1, 2.0), (2, 10.0)]
    assert cap.capacity == 2 and cap.waits == [2.0, 10.0]


def test_add_rejects_negative():
    env = simpy.Environment()
    with pytest.raises(ValueError, match="add"):
        Capacity(env, 1, "c").add(-1)


def test_remove_closes_slots_as_they_are_released():
    env = simpy.Environment()
    cap = Capacity(env, 2, "c")
    started = []

    def user(i, hold):
        with cap.slot() as wait:
            if wait is not None:
                yield wait
            started.append((i, env.now))
            yield env.timeout(hold)

    for i, hold in enumerate((5.0, 10.0, 1.0)):
        env.process(user(i, hold))

    def shrink():
        yield env.timeout(1.0)
        cap.remove(1)

    env.process(shrink())
    env.run()
    # user 0's slot closes at 5 (capacity is now 1), so user 2 waits for user 1 to leave at 10
    assert started == [(0, 0.0), (1, 0.0), (2, 10.0)]
    with pytest.raises(ValueError, match="remove"):
        cap.remove(1)  # at least one slot remains
