"""Checking a Dask scheduler address before any work: its form at once, then that something
answers there (a plain socket first, then a Dask client), all within a few seconds.

Without this check a malformed address ends in a traceback, and an address where nothing
listens in a long traceback after distributed's own 30 s connection timeout.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import time

__all__ = ["DaskAddressError", "parse_dask_address", "check_dask_address", "SCHEMES"]

SCHEMES = ("tcp", "tls", "ws", "wss")  # distributed's network transports
_FORM = re.compile(r"(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?"
                   r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(?P<port>\d{1,5})")
_ALLOWED = f"must be [SCHEME://]HOST:PORT with SCHEME one of {', '.join(SCHEMES)} and PORT 1-65535"


class DaskAddressError(ValueError):
    """The address is malformed or no Dask scheduler answers there; ``problem`` says which."""

    def __init__(self, address: str, problem: str):
        self.address, self.problem = address, problem
        super().__init__(f"{address!r}: {problem}")


def parse_dask_address(address: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a scheduler address such as ``tcp://10.0.0.5:8786``
    (the scheme defaults to tcp); :class:`DaskAddressError` if it is malformed."""
    m = _FORM.fullmatch(address.strip())
    if not m:
        raise DaskAddressError(address, _ALLOWED)
    scheme = (m.group("scheme") or "tcp").lower()
    port = int(m.group("port"))
    if scheme not in SCHEMES or not 1 <= port <= 65535:
        raise DaskAddressError(address, _ALLOWED)
    return scheme, m.group("host").strip("[]"), port


def check_dask_address(address: str, timeout_s: float = 10.0) -> None:
    """Raise :class:`DaskAddressError` unless a Dask scheduler answers at ``address`` within
    ``timeout_s`` seconds (in all): the address's form, a socket connection, then a Dask
    client's handshake (closed again at once)."""
    _, host, port = parse_dask_address(address)
    deadline = time.monotonic() + timeout_s
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise DaskAddressError(address, f"no such host {host!r} ({exc.strerror})") from None
    reason = "no address"
    for family, kind, proto, _, where in found:  # every address within the one deadline
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            with socket.socket(family, kind, proto) as sock:
                sock.settimeout(left)
                sock.connect(where)
            break
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
    else:
        raise DaskAddressError(address, f"nothing listens there ({reason}); start a scheduler "
                               "(dask scheduler) or give its address")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DaskAddressError(address, f"nothing answered within {timeout_s:g} s")
    quiet = logging.getLogger("distributed")
    level, quiet.level = quiet.level, logging.CRITICAL  # its own failure logs are not ours
    try:
        identity = asyncio.run(asyncio.wait_for(_identity(address, remaining), remaining))
    except Exception as exc:  # noqa: BLE001 - any failure to connect is the one answer
        raise DaskAddressError(address, f"no Dask scheduler answered within {timeout_s:g} s "
                               f"({type(exc).__name__})") from None
    finally:
        quiet.setLevel(level)
    if not isinstance(identity, dict) or identity.get("type") != "Scheduler":
        raise DaskAddressError(address, f"answers, but is not a Dask scheduler ({identity!r:.60})")


async def _identity(address: str, timeout_s: float) -> object:
    """What the server at ``address`` says it is (a Dask scheduler: ``{"type": "Scheduler",
    ...}``), over one Dask connection with its handshake."""
    from distributed.comm import connect

    comm = await connect(address, timeout=timeout_s)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        await comm.close()
