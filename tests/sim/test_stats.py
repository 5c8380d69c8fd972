"""Tests of output statistics."""

import math

import numpy as np
import pytest
from scipy import stats

from sim.stats import (
    kaplan_meier,
    mean_ci,
    paired_difference_ci,
    replications_needed,
    time_weighted_mean,
    welch_difference_ci,
)


def test_mean_ci_hand_computation():
    ci = mean_ci([1.0, 2.0, 3.0, 4.0, np.nan])
    sd = math.sqrt(5.0 / 3.0)
    hw = 3.182446305284263 * sd / 2.0  # t(0.975, 3)
    assert ci.n == 4 and ci.mean == 2.5
    assert ci.sd == pytest.approx(sd)
    assert ci.half_width == pytest.approx(hw)
    assert (ci.low, ci.high) == pytest.approx((2.5 - hw, 2.5 + hw))
    one = mean_ci([7.0])
    assert one.mean == 7.0 and one.n == 1 and math.isnan(one.half_width) and math.isnan(one.low)
    assert mean_ci([]).n == 0
    with pytest.raises(ValueError, match="level"):
        mean_ci([1.0, 2.0], level=1.5)


def test_welch_matches_scipy_and_paired_is_narrower():
    rng = np.random.default_rng(8)
    base = rng.normal(10.0, 3.0, 30)
    a = base + rng.normal(0.0, 0.5, 30)
    b = base + 0.4 + rng.normal(0.0, 0.5, 30)
    welch = welch_difference_ci(a, b)
    ref = stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert (welch.low, welch.high) == pytest.approx((ref.low, ref.high))
    paired = paired_difference_ci(a, b)
    assert paired.mean == pytest.approx(welch.mean)
    assert paired.half_width < welch.half_width / 3
    assert paired.low < 0.4 < paired.high
    with pytest.raises(ValueError, match="equal length"):
        paired_difference_ci([1.0, 2.0], [1.0])


def test_replications_needed():
    values = np.array([10.0, 12.0, 9.0, 11.0, 13.0, 8.0])
    s = values.std(ddof=1)
    n = replications_needed(values, 0.5)

    def hw(k):
        return stats.t.ppf(0.975, k - 1) * s / math.sqrt(k)

    assert hw(n) <= 0.5 < hw(n - 1)
    assert replications_needed(values, 100.0) == 2
    with pytest.raises(ValueError, match="half_width"):
        replications_needed(values, 0.0)


def test_kaplan_meier_no_censoring_is_empirical_survival():
    d = np.array([1.0, 2.0, 2.0, 3.0, 5.0])
    km = kaplan_meier(d, np.ones(5, bool))
    assert list(km.columns) == ["time", "at_risk", "events", "survival", "ci_low", "ci_high"]
    assert km["time"].tolist() == [0.0, 1.0, 2.0, 3.0, 5.0]
    empirical = [(d > t).mean() for t in km["time"]]
    np.testing.assert_allclose(km["survival"], empirical)
    assert km["at_risk"].tolist() == [5, 5, 4, 2, 1]
    assert km["events"].tolist() == [0, 1, 2, 1, 1]


def test_kaplan_meier_with_censoring():
    km = kaplan_meier([1.0, 2.0, 2.0, 3.0, 5.0], [True, True, False, True, False])
    assert km["time"].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert km["at_risk"].tolist() == [5, 5, 4, 2]
    np.testing.assert_allclose(km["survival"], [1.0, 0.8, 0.6, 0.3])
    # Greenwood / log-log band at t = 1: S = 0.8, sum d/(n(n-d)) = 1/20
    spread = 1.959963984540054 * math.sqrt(1 / 20) / abs(math.log(0.8))
    assert km["ci_low"][1] == pytest.approx(0.8 ** math.exp(spread))
    assert km["ci_high"][1] == pytest.approx(0.8 ** math.exp(-spread))
    assert np.all(km["ci_low"] <= km["survival"]) and np.all(km["survival"] <= km["ci_high"])


def test_time_weighted_mean():
    assert time_weighted_mean([0.0, 1.0, 3.0], [1.0, 3.0, 0.0], 0.0, 4.0) == pytest.approx(7 / 4)
    assert time_weighted_mean([0.0, 1.0, 3.0], [1.0, 3.0, 0.0], 2.0, 3.0) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="t_end"):
        time_weighted_mean([0.0], [1.0], 1.0, 1.0)
