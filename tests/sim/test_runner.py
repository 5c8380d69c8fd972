"""Tests of the replication runner (top-level functions so they pickle)."""

import functools

import numpy as np
import pytest

from sim.runner import default_workers, run_replications
from sim.streams import RandomStreams


def toy(root_seed, replication, n=5):
    s = RandomStreams(root_seed, replication)
    return (replication, s.generator("a").random(n).tolist(), s.buffered("b").random())


def failing(root_seed, replication):
    if replication == 2:
        raise RuntimeError("boom")
    return replication


def test_serial_and_parallel_identical_and_ordered():
    ticks = []
    serial = run_replications(toy, 123, 4, workers=1, progress=ticks.append)
    parallel = run_replications(functools.partial(toy, n=5), 123, 4, workers=2)
    assert serial == parallel
    assert [r[0] for r in serial] == [0, 1, 2, 3]
    assert ticks == [1, 1, 1, 1]
    assert not np.array_equal(serial[0][1], serial[1][1])


@pytest.mark.parametrize("workers", [1, 2])
def test_failure_is_reraised_with_replication(workers):
    with pytest.raises(RuntimeError, match="boom") as info:
        run_replications(failing, 0, 4, workers=workers)
    assert any("replication 2" in note for note in getattr(info.value, "__notes__", []))


def test_validation_and_default_workers():
    with pytest.raises(ValueError, match="replications"):
        run_replications(toy, 0, 0)
    with pytest.raises(ValueError, match="workers"):
        run_replications(toy, 0, 2, workers=0)
    assert default_workers() >= 1
