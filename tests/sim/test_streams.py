"""Tests of named random streams."""

import hashlib

import numpy as np
import pytest

from sim.streams import BufferedUniform, KeyedUniforms, RandomStreams, stable_key


def test_stable_key_literal():
    assert stable_key("arrivals") == (2139182153, 2459916354, 766133321, 1331591389)
    digest = hashlib.blake2b(b"x", digest_size=16).digest()
    assert stable_key("x")[0] == int.from_bytes(digest[:4], "little")
    assert all(0 <= w < 2**32 for w in stable_key("anything"))


def test_same_name_same_stream_independent_of_creation_order():
    a = RandomStreams(42, 3)
    a.generator("zeta")
    a.buffered("other").random()
    xa = a.generator("arrivals").random(100)
    b = RandomStreams(42, 3)
    xb = b.generator("arrivals").random(100)
    b.generator("zeta")
    np.testing.assert_array_equal(xa, xb)
    assert a.generator("arrivals") is a.generator("arrivals")


def test_different_names_and_replications_differ():
    s = RandomStreams(42, 0)
    x = s.generator("a").random(10)
    assert not np.array_equal(x, s.generator("b").random(10))
    assert not np.array_equal(x, RandomStreams(42, 1).generator("a").random(10))
    assert not np.array_equal(x, RandomStreams(43, 0).generator("a").random(10))


def test_buffered_matches_generator_of_derived_name():
    buf = RandomStreams(7, 2).buffered("u", batch=16)
    ref = RandomStreams(7, 2).generator("u#buffered")
    got = [buf.random() for _ in range(50)]
    np.testing.assert_array_equal(got, [ref.random() for _ in range(50)])
    # buffered and generator of the same name are different streams
    assert got[0] != RandomStreams(7, 2).generator("u").random()


def test_buffered_randoms_are_the_next_single_draws():
    one, many = (BufferedUniform(np.random.default_rng(3), batch=16) for _ in range(2))
    expected = [one.random() for _ in range(100)]
    got = many.randoms(5) + many.randoms(0) + many.randoms(43) + [many.random()]
    got += many.randoms(51)
    assert got == expected


def test_buffered_helpers():
    u = BufferedUniform(np.random.default_rng(1), batch=8)
    x = np.array([u.exponential(2.0) for _ in range(20_000)])
    assert abs(x.mean() - 2.0) < 0.1
    idx = [u.choice_index([0.2, 0.5, 1.0]) for _ in range(20_000)]
    np.testing.assert_allclose(np.bincount(idx) / len(idx), [0.2, 0.3, 0.5], atol=0.02)
    assert isinstance(u.bernoulli(0.5), bool)


@pytest.mark.parametrize(
    ("seed", "rep", "arg"), [(-1, 0, "root_seed"), (1.5, 0, "root_seed"), (1, -2, "replication")]
)
def test_validation(seed, rep, arg):
    with pytest.raises(ValueError, match=arg):
        RandomStreams(seed, rep)


def test_keyed_uniforms_are_a_pure_function_of_the_key():
    k = RandomStreams(11, 3).keyed("case")
    first = k.block(5, 2, 43)
    k.block(7, 0, 10)  # other keys in between change nothing
    k.block(5, 2, 1, c=9)
    assert k.block(5, 2, 43) == first
    assert RandomStreams(11, 3).keyed("case").block(5, 2, 43) == first  # a new object too
    assert k.block(5, 2, 3) == first[:3]  # the first values do not depend on how many
    assert k.one(5, 2) == first[0]
    # every part of the key, the replication, the seed and the name move the values
    for other in (k.block(6, 2, 43), k.block(5, 3, 43), k.block(5, 2, 43, c=1),
                  RandomStreams(11, 4).keyed("case").block(5, 2, 43),
                  RandomStreams(12, 3).keyed("case").block(5, 2, 43),
                  RandomStreams(11, 3).keyed("spell").block(5, 2, 43)):
        assert not set(other) & set(first)


def test_keyed_uniforms_are_uniform_and_independent_across_keys():
    k = RandomStreams(1).keyed("u")
    u = np.array([k.block(a, b, 4) for a in range(2_000) for b in range(5)])  # 10,000 keys
    n = u.size
    assert ((u >= 0) & (u < 1)).all()
    assert abs(u.mean() - 0.5) < 4 * np.sqrt(1 / 12 / n)
    # the variance of U(0,1) is 1/12; that of its sample variance is (1/80 - 1/144) / n
    assert abs(u.var() - 1 / 12) < 4 * np.sqrt((1 / 80 - 1 / 144) / n)
    # neighbouring keys and neighbouring slots are uncorrelated (SE of a correlation: 1/sqrt(m))
    for x, y in ((u[:-1, 0], u[1:, 0]), (u[:, 0], u[:, 1])):
        assert abs(np.corrcoef(x, y)[0, 1]) < 4 / np.sqrt(len(x))


def test_keyed_uniforms_reject_a_name_that_is_not_a_str():
    with pytest.raises(TypeError, match="name"):
        RandomStreams(1).keyed(3)  # type: ignore[arg-type]
    assert isinstance(RandomStreams(1).keyed("x"), KeyedUniforms)
