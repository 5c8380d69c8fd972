"""Named, reproducible random-number streams.

Every stream is identified by a name and derived from a root seed and a
replication index through :class:`numpy.random.SeedSequence`, so a given
``(root_seed, replication, name)`` always yields the same sequence whatever
other streams exist or the order in which they were created.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_right
from collections.abc import Sequence

import numpy as np

__all__ = ["BufferedUniform", "KeyedUniforms", "RandomStreams", "stable_key"]

_BUFFERED_SUFFIX = "#buffered"


def stable_key(name: str) -> tuple[int, ...]:
    """Map a stream name to four 32-bit words, stable across processes.

    Parameters
    ----------
    name : str
        Stream name.

    Returns
    -------
    tuple of int
        Four unsigned 32-bit integers taken (little-endian) from the 16-byte
        BLAKE2b digest of the UTF-8 encoded name. Python's ``hash`` is never
        used because it is salted per process.
    """
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=16).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))


def _check_non_negative_int(arg: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ValueError(f"{arg}={value!r}: must be a non-negative integer")
    return int(value)


class BufferedUniform:
    """Fast scalar uniforms served from a refilled numpy batch.

    Parameters
    ----------
    gen : numpy.random.Generator
        Source generator; draws ``gen.random(batch)`` at each refill, so the
        sequence equals successive ``gen.random()`` values.
    batch : int, default 4096
        Number of uniforms drawn per refill.
    """

    __slots__ = ("_buf", "_i", "_n", "batch", "gen")

    def __init__(self, gen: np.random.Generator, batch: int = 4096) -> None:
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise ValueError(f"batch={batch!r}: must be an integer >= 1")
        self.gen = gen
        self.batch = batch
        self._buf: list[float] = []
        self._i = 0
        self._n = 0

    def random(self) -> float:
        """Return the next U(0, 1) draw.

        Returns
        -------
        float
            A value in [0, 1).
        """
        i = self._i
        if i == self._n:
            self._buf = self.gen.random(self.batch).tolist()
            self._n = self.batch
            i = 0
        self._i = i + 1
        return self._buf[i]

    def randoms(self, n: int) -> list[float]:
        """Return the next ``n`` U(0, 1) draws: the values ``n`` calls of :meth:`random` would
        return, in order.

        Parameters
        ----------
        n : int
            Number of draws.

        Returns
        -------
        list of float
            Values in [0, 1).
        """
        out: list[float] = []
        while n > 0:
            i = self._i
            if i == self._n:
                self._buf = self.gen.random(self.batch).tolist()
                self._n = self.batch
                i = 0
            k = min(n, self._n - i)
            out += self._buf[i:i + k]
            self._i = i + k
            n -= k
        return out

    def exponential(self, mean: float) -> float:
        """Return an exponential draw with the given mean (one uniform).

        Parameters
        ----------
        mean : float
            Mean of the exponential distribution.

        Returns
        -------
        float
            ``-mean * log1p(-u)``.
        """
        return -mean * math.log1p(-self.random())

    def bernoulli(self, p: float) -> bool:
        """Return True with probability ``p`` (one uniform).

        Parameters
        ----------
        p : float
            Success probability.

        Returns
        -------
        bool
            ``random() < p``.
        """
        return self.random() < p

    def choice_index(self, cum_probs: Sequence[float]) -> int:
        """Draw an index from a cumulative probability list (one uniform).

        Parameters
        ----------
        cum_probs : sequence of float
            Non-decreasing cumulative probabilities; the last should be 1.

        Returns
        -------
        int
            Smallest ``i`` with ``u < cum_probs[i]`` (clipped to the last index).
        """
        i = bisect_right(cum_probs, self.random())
        last = len(cum_probs) - 1
        return i if i < last else last


class KeyedUniforms:
    """Uniforms that are a pure function of a key: counter-based draws held by nobody.

    The values for ``(a, b, c)`` are the first ``n`` doubles of the counter-based generator
    Philox4x64 (Salmon et al. 2011, numpy's :class:`numpy.random.Philox`) with the key
    ``(stream word, a)`` and the counter starting at ``(0, b, c, 0)``; the stream word comes
    from the root seed, the replication and the stream name through :class:`SeedSequence`.
    Nothing is stored between calls and the order of calls does not matter, so a simulation
    can draw a person's ``b``-th block when it needs it (common random numbers without
    holding every block in advance). Keys ``a``, ``b`` and ``c`` are non-negative integers
    below 2**64.

    Parameters
    ----------
    seq : numpy.random.SeedSequence
        The stream's seed sequence.
    """

    __slots__ = ("_bit", "_gen", "_state", "_counter", "_key")

    def __init__(self, seq: np.random.SeedSequence) -> None:
        word = int(seq.generate_state(1, np.uint64)[0])
        self._bit = np.random.Philox(key=np.array([word, 0], dtype=np.uint64))
        self._gen = np.random.Generator(self._bit)
        self._state = self._bit.state
        self._counter = self._state["state"]["counter"]
        self._key = self._state["state"]["key"]

    def block(self, a: int, b: int, n: int, c: int = 0) -> list[float]:
        """The ``n`` uniforms in [0, 1) of key ``(a, b, c)`` (the first ``k`` of them do not
        depend on ``n``).

        Parameters
        ----------
        a, b, c : int
            The key, for example a person, their case number and a kind of draw.
        n : int
            Number of values.

        Returns
        -------
        list of float
        """
        st = self._state
        self._key[1] = a
        counter = self._counter
        counter[0], counter[1], counter[2], counter[3] = 0, b, c, 0
        st["buffer_pos"], st["has_uint32"] = 4, 0  # no values left over from another key
        self._bit.state = st
        return self._gen.random(n).tolist()

    def one(self, a: int, b: int, c: int = 0) -> float:
        """The first uniform of key ``(a, b, c)``."""
        return self.block(a, b, 1, c)[0]


class RandomStreams:
    """Factory of independent, named random streams for one replication.

    Parameters
    ----------
    root_seed : int
        Non-negative root seed shared by all replications of an experiment.
    replication : int, default 0
        Non-negative replication index.

    Notes
    -----
    :meth:`generator` and :meth:`buffered` keep separate caches; the buffered
    stream of ``name`` is derived from ``name + "#buffered"`` so the two never
    share a sequence. Do not use a name ending in ``"#buffered"`` with
    :meth:`generator`.
    """

    def __init__(self, root_seed: int, replication: int = 0) -> None:
        self.root_seed = _check_non_negative_int("root_seed", root_seed)
        self.replication = _check_non_negative_int("replication", replication)
        self._generators: dict[str, np.random.Generator] = {}
        self._buffered: dict[str, BufferedUniform] = {}

    def __repr__(self) -> str:
        return f"RandomStreams(root_seed={self.root_seed}, replication={self.replication})"

    def _make(self, name: str) -> np.random.Generator:
        seq = np.random.SeedSequence(
            entropy=self.root_seed, spawn_key=(self.replication, *stable_key(name))
        )
        return np.random.Generator(np.random.PCG64(seq))

    def generator(self, name: str) -> np.random.Generator:
        """Return the (cached) generator of the stream ``name``.

        Parameters
        ----------
        name : str
            Stream name.

        Returns
        -------
        numpy.random.Generator
            The same object on repeated calls with the same name.
        """
        gen = self._generators.get(name)
        if gen is None:
            if not isinstance(name, str):
                raise TypeError(f"name={name!r}: must be a str")
            gen = self._generators[name] = self._make(name)
        return gen

    def keyed(self, name: str) -> KeyedUniforms:
        """Return the counter-based uniforms of the stream ``name`` (see :class:`KeyedUniforms`;
        a new object each call, with the same values).

        Parameters
        ----------
        name : str
            Stream name (derived internally as ``name + "#keyed"``).
        """
        if not isinstance(name, str):
            raise TypeError(f"name={name!r}: must be a str")
        return KeyedUniforms(np.random.SeedSequence(
            entropy=self.root_seed, spawn_key=(self.replication, *stable_key(name + "#keyed"))))

    def buffered(self, name: str, batch: int = 4096) -> BufferedUniform:
        """Return the (cached) buffered uniform stream ``name``.

        Parameters
        ----------
        name : str
            Stream name (derived internally as ``name + "#buffered"``).
        batch : int, default 4096
            Refill size, used only when the stream is first created.

        Returns
        -------
        BufferedUniform
            The same object on repeated calls with the same name.
        """
        buf = self._buffered.get(name)
        if buf is None:
            if not isinstance(name, str):
                raise TypeError(f"name={name!r}: must be a str")
            buf = self._buffered[name] = BufferedUniform(self._make(name + _BUFFERED_SUFFIX), batch)
        return buf
