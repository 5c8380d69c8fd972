"""Tests of distributions: moments, specs, validation, ppf and Weibull residuals."""

import math

import numpy as np
import pytest
from scipy import stats

from sim.distributions import (
    Bernoulli,
    Deterministic,
    Discrete,
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

DISTS = [
    Exponential(2.5),
    Uniform(-1.0, 3.0),
    Gamma.from_mean_sd(2.0, 1.0),
    Gamma(0.7, 3.0),
    Lognormal.from_mean_sd(3.0, 1.5),
    Weibull(1.5, 2.0),
    Weibull(0.8, 1.0),
    Bernoulli(0.3),
    PiecewiseUniform((0.0, 1.0, 3.0, 10.0), (0.5, 0.3, 0.2)),
    Discrete((5.0, 1.0, 2.0), (0.2, 0.3, 0.5)),
]


@pytest.mark.parametrize("dist", DISTS, ids=repr)
def test_sample_moments_match_analytic(dist):
    n = 200_000
    x = np.asarray(dist.sample(np.random.default_rng(20240601), n), dtype=float)
    assert x.shape == (n,)
    m, v = x.mean(), x.var(ddof=1)
    m4 = np.mean((x - m) ** 4)
    assert abs(m - dist.mean) < 5 * math.sqrt(dist.var / n)
    assert abs(v - dist.var) < 5 * math.sqrt((m4 - v * v) / n)
    assert dist.sd == pytest.approx(math.sqrt(dist.var))


def test_deterministic():
    d = Deterministic(-1.5)
    assert d.mean == -1.5 and d.var == 0.0
    assert d.sample(np.random.default_rng(0)) == -1.5
    np.testing.assert_array_equal(d.sample(np.random.default_rng(0), 3), [-1.5] * 3)


@pytest.mark.parametrize("dist", [*DISTS, Deterministic(4.0)], ids=repr)
def test_scalar_sample_and_spec_round_trip(dist):
    s = dist.sample(np.random.default_rng(1))
    assert isinstance(s, float | bool)
    back = from_spec(dist.to_spec())
    assert type(back) is type(dist)
    assert back.mean == pytest.approx(dist.mean, rel=1e-12)
    assert back.var == pytest.approx(dist.var, rel=1e-12)
    spec, again = dist.to_spec(), back.to_spec()
    assert spec.keys() == again.keys() and spec["dist"] == again["dist"]
    for key in spec.keys() - {"dist"}:
        assert np.asarray(again[key]) == pytest.approx(np.asarray(spec[key]), rel=1e-12)


def test_spec_forms():
    g = from_spec({"dist": "gamma", "mean": 2.0, "sd": 1.0})
    assert (g.shape, g.scale) == pytest.approx((4.0, 0.5))
    assert from_spec({"dist": "gamma", "shape": 4.0, "scale": 0.5}) == Gamma(4.0, 0.5)
    ln = from_spec({"dist": "lognormal", "mean": 3.0, "sd": 1.5})
    assert (ln.mean, ln.sd) == pytest.approx((3.0, 1.5))
    pw = from_spec({"dist": "piecewise_uniform", "edges": [0, 1, 2], "probs": [0.25, 0.75]})
    assert pw.edges == (0.0, 1.0, 2.0) and pw.probs == (0.25, 0.75)
    assert from_spec(pw) is pw


@pytest.mark.parametrize(
    ("make", "word"),
    [
        (lambda: Exponential(0.0), "mean"),
        (lambda: Exponential(math.inf), "mean"),
        (lambda: Uniform(2.0, 1.0), "high"),
        (lambda: Gamma(-1.0, 1.0), "shape"),
        (lambda: Gamma.from_mean_sd(1.0, -1.0), "sd"),
        (lambda: Lognormal(0.0, 0.0), "sigma"),
        (lambda: Lognormal.from_mean_sd(-2.0, 1.0), "mean"),
        (lambda: Weibull(1.0, float("nan")), "scale"),
        (lambda: Bernoulli(1.2), "p"),
        (lambda: Deterministic(math.inf), "value"),
        (lambda: PiecewiseUniform((0.0, 2.0, 1.0), (0.5, 0.5)), "edges"),
        (lambda: PiecewiseUniform((0.0, 1.0, 2.0), (0.5, 0.6)), "probs"),
        (lambda: PiecewiseUniform((0.0, 1.0), (0.5, 0.5)), "probs"),
        (lambda: Discrete((1.0, 2.0), (1.5, -0.5)), "probs"),
        (lambda: Discrete((), ()), "values"),
        (lambda: from_spec({"dist": "gamma", "mean": 1.0}), "sd"),
        (lambda: from_spec({"dist": "gamma", "mean": 1.0, "sd": 1.0, "rate": 2}), "rate"),
        (lambda: from_spec({"dist": "cauchy", "loc": 0}), "dist"),
        (lambda: from_spec({"mean": 1.0}), "dist"),
        (lambda: from_spec({"dist": "exponential", "mean": "x"}), "mean"),
    ],
)
def test_bad_parameters_raise(make, word):
    with pytest.raises(DistributionError, match=word):
        make()


def test_error_message_names_value_and_rule():
    with pytest.raises(DistributionError) as info:
        Gamma.from_mean_sd(2.0, -1.0)
    assert str(info.value) == "Gamma sd=-1.0: must be finite and > 0"
    assert isinstance(info.value, ValueError)


def test_piecewise_probs_normalised_exactly():
    d = PiecewiseUniform((0.0, 1.0, 2.0, 3.0), (0.1, 0.2, 0.7 + 5e-10))
    assert math.fsum(d.probs) == pytest.approx(1.0, abs=1e-15)


def test_ppf_against_scipy():
    u = np.array([0.01, 0.25, 0.5, 0.9, 0.999])
    np.testing.assert_allclose(Exponential(2.0).ppf(u), stats.expon(scale=2.0).ppf(u))
    np.testing.assert_allclose(Gamma(2.5, 1.5).ppf(u), stats.gamma(2.5, scale=1.5).ppf(u))
    ln = Lognormal(0.3, 0.6)
    np.testing.assert_allclose(ln.ppf(u), stats.lognorm(0.6, scale=math.exp(0.3)).ppf(u))
    np.testing.assert_allclose(Weibull(1.7, 3.0).ppf(u), stats.weibull_min(1.7, scale=3.0).ppf(u))
    np.testing.assert_allclose(Uniform(1.0, 3.0).ppf(u), 1.0 + 2.0 * u)
    pw = PiecewiseUniform((0.0, 1.0, 3.0), (0.5, 0.5))
    np.testing.assert_allclose(pw.ppf(np.array([0.0, 0.25, 0.5, 0.75])), [0.0, 0.5, 1.0, 2.0])
    dd = Discrete((3.0, 1.0), (0.5, 0.5))
    np.testing.assert_array_equal(dd.ppf(np.array([0.1, 0.6])), [1.0, 3.0])
    assert isinstance(pw.ppf(0.3), float)


@pytest.mark.parametrize("d", DISTS, ids=repr)
def test_quantile_is_the_element_of_the_vectorised_ppf(d):
    """The model computes a quantile for one case at a time; it must be bit-identical to the
    quantile of the same uniform computed with the whole column."""
    u = np.random.default_rng(5).random(20_000)
    u[:3] = (0.0, 0.5, 1.0 - 2.0**-53)
    column = np.asarray(d.ppf(u), dtype=np.float64)
    scalars = np.array([d.quantile(x) for x in u.tolist()])
    np.testing.assert_array_equal(scalars, column)


def test_batched_sampler_reproduces_vectorised_draws():
    d = Gamma(2.0, 1.0)
    draw = batched_sampler(d, np.random.default_rng(5), batch=7)
    got = [draw() for _ in range(21)]
    rng = np.random.default_rng(5)
    ref = np.concatenate([d.sample(rng, 7) for _ in range(3)])
    np.testing.assert_array_equal(got, ref)
    assert isinstance(got[0], float)


@pytest.mark.parametrize("elapsed", [0.5, 3.0])
def test_weibull_conditional_residual(elapsed):
    w = Weibull(1.6, 2.0)
    rng = np.random.default_rng(11)
    t = w.sample(rng, 400_000)
    ref = t[t > elapsed][:20_000]
    res = w.conditional_residual_sample(rng, np.full(20_000, elapsed))
    assert np.all(res >= 0)
    assert stats.ks_2samp(elapsed + res, ref).pvalue > 0.001


def test_weibull_residual_at_zero_is_unconditional():
    w = Weibull(0.9, 1.5)
    res = w.conditional_residual_sample(np.random.default_rng(3), np.zeros(20_000))
    assert stats.kstest(res, stats.weibull_min(0.9, scale=1.5).cdf).pvalue > 0.001
