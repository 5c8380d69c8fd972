"""Checking a Dask scheduler address: its form at once, nothing listening at once, a server
that never answers within the timeout, and a real scheduler accepted."""

from __future__ import annotations

import socket
import time

import pytest

from sim.dask_address import DaskAddressError, check_dask_address, parse_dask_address


@pytest.mark.parametrize("address", ["tcp://", "foo:bar", "localhost:99999", "http://x",
                                     "http://x:80", "localhost", "tcp://host:0", "", "a b:1"])
def test_a_malformed_address_is_refused_at_once(address):
    t0 = time.perf_counter()
    with pytest.raises(DaskAddressError, match="must be \\[SCHEME://\\]HOST:PORT"):
        check_dask_address(address)
    assert time.perf_counter() - t0 < 0.1


@pytest.mark.parametrize("address, parsed", [
    ("tcp://10.0.0.5:8786", ("tcp", "10.0.0.5", 8786)),
    ("scheduler.example:8786", ("tcp", "scheduler.example", 8786)),
    ("TLS://node-1:9000", ("tls", "node-1", 9000)),
    ("tcp://[::1]:8786", ("tcp", "::1", 8786)),
])
def test_a_wellformed_address_is_parsed(address, parsed):
    assert parse_dask_address(address) == parsed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_closed_port_is_refused_at_once():
    address = f"tcp://127.0.0.1:{_free_port()}"
    t0 = time.perf_counter()
    with pytest.raises(DaskAddressError, match="nothing listens there"):
        check_dask_address(address, timeout_s=10.0)
    assert time.perf_counter() - t0 < 1.0


def test_an_unknown_host_is_refused():
    with pytest.raises(DaskAddressError, match="no such host 'nosuchhost.invalid'"):
        check_dask_address("tcp://nosuchhost.invalid:8786", timeout_s=5.0)


def test_a_server_that_never_answers_is_refused_after_the_timeout():
    with socket.socket() as silent:  # accepts connections (the kernel's backlog), says nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        t0 = time.perf_counter()
        with pytest.raises(DaskAddressError, match="no Dask scheduler answered within 1.5 s"):
            check_dask_address(f"127.0.0.1:{silent.getsockname()[1]}", timeout_s=1.5)
        assert 1.4 < time.perf_counter() - t0 < 3.0


def test_a_running_scheduler_is_accepted():
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, protocol="tcp",
                      dashboard_address=None) as cluster:
        t0 = time.perf_counter()
        check_dask_address(cluster.scheduler_address, timeout_s=10.0)
        check_dask_address(cluster.scheduler_address.removeprefix("tcp://"), timeout_s=10.0)
        assert time.perf_counter() - t0 < 5.0
