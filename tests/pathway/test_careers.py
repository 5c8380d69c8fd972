"""Criminal careers on hand-built or deterministic cases.

- the cohort: a behavioural parameter leaves the same people with the same random numbers;
- the hazard: the desistance budget (careers end later with a longer record) and the Weibull
  residual of people already at risk when the run starts;
- undetected offences at the end of a spell or a career;
- the follow-up refusal.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from pathway_helpers import (
    flag,
    make_person,
    small_scenario,
)

from models.config.scenario import load_scenario
from models.config.schema import ScenarioError
from models.config.vocabulary import (
    DAYS_PER_YEAR,
    Disposal,
)
from models.pathway.cohort import Cohort, generate_cohort
from models.pathway.event_log import EventLog
from models.pathway.events import Ev
from models.pathway.hazard import HazardModel
from models.pathway.stages import reoffending
from sim import RandomStreams

SEED = 20240607


# ---------------------------------------------------------------- the cohort: common random numbers

def _cohort(overrides: dict | None = None, seed: int = SEED) -> Cohort:
    return generate_cohort(small_scenario(overrides=overrides), RandomStreams(seed, 0))


TIMES = ("first_offence_day", "first_arrest_day")


def _assert_same_people(a: Cohort, b: Cohort, *, times_too: bool) -> None:
    assert len(a) == len(b)
    for k in Cohort.COLUMNS:
        if k in TIMES and not times_too:
            continue
        np.testing.assert_array_equal(a.columns[k], b.columns[k], err_msg=k)


@pytest.fixture(scope="module")
def base_cohort() -> Cohort:
    return _cohort()


@pytest.mark.parametrize("overrides", [
    {"sentencing.custody_multiplier_short": 0.3},
    {"court.crown.preparation_days": {"dist": "lognormal", "mean": 120, "sd": 60}},
    {"liaison_diversion.p_coverage": 0.95},
], ids=["sentencing", "court", "lever"])
def test_non_hazard_parameter_leaves_cohort_identical(base_cohort, overrides):
    """A sentencing, court or lever parameter changes nothing in the cohort, not even the
    first offence days."""
    _assert_same_people(base_cohort, _cohort(overrides), times_too=True)


@pytest.mark.parametrize("overrides, who", [
    ({"reoffending.p_reference_reoffend_12m": 0.4}, "all"),
    ({"reoffending.hr_unemployed": 2.0}, "unemployed"),
], ids=["p_reference", "hr_unemployed"])
def test_hazard_parameter_moves_only_known_offenders_first_offence(base_cohort, overrides, who):
    """A higher hazard moves known offenders' first offence earlier (never later), and only
    theirs (and with hr_unemployed only the unemployed's); everything else is identical."""
    a, b = base_cohort, _cohort(overrides)
    _assert_same_people(a, b, times_too=False)
    origin = a.columns["origin"]
    assert (origin == 1).sum() > 100 and (origin == 0).sum() > 10
    fa, fb = a.columns["first_offence_day"], b.columns["first_offence_day"]
    for k in TIMES:  # new entrants and the prison stock: unchanged
        np.testing.assert_array_equal(a.columns[k][origin != 1], b.columns[k][origin != 1])
    known = origin == 1
    moved = known & ~((fa == fb) | (np.isnan(fa) & np.isnan(fb)))
    assert moved.sum() > 0.05 * known.sum()
    assert np.all(fb[moved] < fa[moved])  # a higher hazard: earlier (or now within the horizon)
    if who == "unemployed":
        assert not np.any(moved & ~a.columns["unemployed"])
    # the detection delay is the same draw: arrest - offence unchanged where both are finite
    both = known & np.isfinite(fa) & np.isfinite(fb)
    np.testing.assert_allclose(b.columns["first_arrest_day"][both] - fb[both],
                               a.columns["first_arrest_day"][both] - fa[both], rtol=0, atol=1e-9)


def test_cohort_shaping_parameter_changes_the_cohort(base_cohort):
    """The check above can fail: more new entrants is a different cohort."""
    raw = load_scenario().raw["population"]["new_entrants_per_year"]["value"]  # unscaled
    other = _cohort({"population.new_entrants_per_year": 2 * raw})
    assert len(other) != len(base_cohort)
    n_new = lambda c: int((c.columns["origin"] == 0).sum())  # noqa: E731
    assert n_new(other) > 1.5 * n_new(base_cohort)


def test_same_seed_same_cohort_other_seed_differs(base_cohort):
    _assert_same_people(base_cohort, _cohort(), times_too=True)
    other = _cohort(seed=SEED + 1)
    assert len(other) != len(base_cohort) or not np.array_equal(
        other.columns["risk"], base_cohort.columns["risk"])


# ---------------------------------------------------------------- the hazard: careers and residuals

@pytest.fixture(scope="module")
def params():
    return load_scenario("centralised").params



def _career_end(params, band: str, prior: int, budget: float) -> float:
    """Hand computation: the day the accumulated desistance reaches the budget."""
    r = params.reoffending
    rate = r.desistance_rate_per_year[band] / DAYS_PER_YEAR \
        * r.desistance_multiplier_per_prior_offence ** min(prior, r.max_prior_offences_counted)
    return budget / rate


@pytest.mark.parametrize("prior", [0, 3, 12])
def test_career_over_matches_hand_computation(params, prior):
    hz = HazardModel(params)
    budget = 0.8
    t_end = _career_end(params, "25+", prior, budget)
    assert t_end < DAYS_PER_YEAR * 30  # still 25+ at the end: one rate throughout
    p = make_person(age=30.0, prior=prior, budget=budget)
    assert not hz.career_over(p, 0.25 * t_end)
    assert p.desist_hazard == pytest.approx(0.25 * budget, rel=1e-12)
    assert p.desist_checked_day == 0.25 * t_end
    assert not hz.career_over(p, 0.1 * t_end)  # an earlier time accumulates nothing
    assert p.desist_hazard == pytest.approx(0.25 * budget, rel=1e-12)
    assert not hz.career_over(p, t_end * (1 - 1e-9))
    assert hz.career_over(p, t_end * (1 + 1e-9))
    # in one step or in many: the same accumulated hazard
    q = make_person(age=30.0, prior=prior, budget=budget)
    for f in np.linspace(0.05, 0.95, 19):
        assert not hz.career_over(q, f * t_end)
    assert q.desist_hazard == pytest.approx(0.95 * budget, rel=1e-9)


def test_longer_record_ends_later_and_is_capped(params):
    hz = HazardModel(params)
    r = params.reoffending
    assert r.desistance_multiplier_per_prior_offence < 1.0
    ends = [_career_end(params, "18-24", k, 0.5) for k in (0, 1, 5)]
    assert ends[0] < ends[1] < ends[2]
    assert ends[1] / ends[0] == pytest.approx(1 / r.desistance_multiplier_per_prior_offence)
    # a 19-year-old with no record has ended by ends[0] * 1.01; with 5 previous offences not
    t = ends[0] * 1.01
    assert t < 5 * DAYS_PER_YEAR
    assert hz.career_over(make_person(age=19.0, prior=0, budget=0.5), t)
    assert not hz.career_over(make_person(age=19.0, prior=5, budget=0.5), t)
    # the record counts up to max_prior_offences_counted only
    cap = r.max_prior_offences_counted
    assert hz.desistance_rate_per_day(2, cap) == hz.desistance_rate_per_day(2, cap + 50)
    assert hz.desistance_rate_per_day(2, cap - 1) > hz.desistance_rate_per_day(2, cap)


def test_careers_over_by_agrees_with_career_over(params):
    hz = HazardModel(params)
    rng = np.random.default_rng(SEED)
    n = 200
    attrs = {"age_at_entry_years": rng.uniform(11, 60, n), "prior_offences": rng.integers(0, 40, n),
             "desist_budget": rng.exponential(1.0, n)}
    t = rng.uniform(0, 600, n)  # within 600 days of entry: the age band changes for few
    vec = hz.careers_over_by(attrs, t)
    for i in range(n):
        p = make_person(age=float(attrs["age_at_entry_years"][i]),
                    prior=int(attrs["prior_offences"][i]), budget=float(attrs["desist_budget"][i]))
        if p.age_band_at(0.0) != p.age_band_at(t[i]):
            continue
        assert hz.career_over(p, float(t[i])) == vec[i]
    assert 0 < vec.sum() < n


def _attrs(n: int, **kw) -> dict[str, np.ndarray]:
    base = {"age_at_entry_years": 30.0, "risk": 1.0, "prior_offences": 0, "female": False,
            "mental_health": False, "substance_misuse": False, "no_accommodation": False,
            "unemployed": False}
    return {k: np.full(n, kw.get(k, v)) for k, v in base.items()}


def _survival(params, hr: float, t: np.ndarray) -> np.ndarray:
    """Hand computation: S(t) = exp(-HR (t / lambda)^k), lambda from the 12-month chance."""
    r = params.reoffending
    lam = DAYS_PER_YEAR / (-math.log(1 - r.p_reference_reoffend_12m)) ** (1 / r.weibull_shape)
    return np.exp(-hr * (t / lam) ** r.weibull_shape)


@pytest.mark.parametrize("elapsed", [0.0, 200.0, 700.0])
def test_weibull_residual_is_inverse_conditional_cdf(params, elapsed):
    """Exactly: the residual at u solves 1 - S(s + x) / S(s) = u."""
    hz = HazardModel(params)
    r = params.reoffending
    u = np.linspace(0.001, 0.999, 101)
    attrs = _attrs(len(u), unemployed=True, prior_offences=4)
    hr = r.hr_unemployed * r.hr_per_prior_offence ** 4 * r.hr_disposal["community_order"]
    np.testing.assert_allclose(hz.hazard_ratios(attrs, Disposal.COMMUNITY_ORDER), hr, rtol=1e-12)
    x = hz.residual_time_to_offence(attrs, Disposal.COMMUNITY_ORDER, np.full(len(u), elapsed), u)
    assert np.all(x > 0) and np.all(np.diff(x) > 0)
    s = _survival(params, hr, np.array([elapsed]))
    np.testing.assert_allclose(1 - _survival(params, hr, elapsed + x) / s, u, rtol=1e-9, atol=1e-12)
    if elapsed == 0.0:  # from the spell start: the scalar draw of a new spell
        np.testing.assert_allclose(x, [hz.time_to_offence(hr, ui) for ui in u], rtol=1e-12)


def test_weibull_residual_empirical_cdf():
    """Statistically: the empirical CDF of residuals drawn with a seeded generator matches the
    conditional CDF at a few points within 4 binomial standard errors; a shorter history
    (s = 0) would not (the Weibull with k < 1 has a falling hazard)."""
    params = load_scenario("centralised").with_overrides(
        {"reoffending.weibull_shape": 0.75}).params  # k < 1: the residual depends on s
    hz = HazardModel(params)
    n, s = 40_000, 300.0
    attrs = _attrs(n, age_at_entry_years=20.0, risk=1.5)
    hr = 1.5 * params.reoffending.hr_age["18-24"] * params.reoffending.hr_disposal["community_order"]
    u = np.random.default_rng(SEED).random(n)
    x = hz.residual_time_to_offence(attrs, Disposal.COMMUNITY_ORDER, np.full(n, s), u)
    for days in (30.0, 120.0, 365.0, 1000.0):
        expected = 1 - _survival(params, hr, np.array([s + days]))[0] / _survival(
            params, hr, np.array([s]))[0]
        unconditional = 1 - _survival(params, hr, np.array([days]))[0]
        se = math.sqrt(expected * (1 - expected) / n)
        got = float(np.mean(x <= days))
        assert abs(got - expected) < 4 * se, (days, got, expected)
        assert abs(got - unconditional) > 8 * se  # the test can tell the two apart


# ---------------------------------------------------------------- undetected offences at career end

class _Ledger:
    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def charge(self, *row) -> None:
        self.rows.append(row)


def _spell_system(params, u_count: float, u_time: float):
    return SimpleNamespace(p=params, hazard=HazardModel(params), events=EventLog(),
                           ledger=_Ledger(), horizon=1e7, mean_cost_of_crime_gbp=1000.0,
                           spell_draws=lambda person, case=None: (u_count, u_time, 5.0))


def test_undetected_offences_of_a_spell_ended_by_a_detected_offence(params):
    """The K - 1 offences before the detected one (K geometric) are recorded at it."""
    p_det = params.police.p_offence_detected
    u_count = 0.97
    n_all = int(math.log1p(-u_count) / math.log1p(-p_det))
    assert n_all >= 4
    system = _spell_system(params, u_count, 0.5)
    person = make_person(budget=math.inf)
    nxt = reoffending.begin_spell(system, person, 100.0, Disposal.COMMUNITY_ORDER, False, False)
    assert nxt is not None and nxt.arrest_day == pytest.approx(nxt.offence_day + 5.0)
    reoffending.end_spell(system, person, nxt.offence_day)
    e = system.events.to_frame()
    und = e[(e["event"] == Ev.OFFENCE) & ~flag(e["detected"])]
    assert und["offences"].tolist() == [n_all]
    assert und["time_days"].tolist() == [pytest.approx(nxt.offence_day)]
    assert person.undetected_since_case == n_all


def test_undetected_offences_pro_rata_when_the_career_ends_first(params):
    """The module says the undetected offences are recorded pro rata when the end of the
    career cuts the spell short: with the career ending halfway to the detected offence that
    would have come, about half of the K - 1 are committed."""
    p_det = params.police.p_offence_detected
    u_count = 0.99
    n_all = int(math.log1p(-u_count) / math.log1p(-p_det))
    hz = HazardModel(params)
    person = make_person(budget=math.inf)
    hr = hz.hazard_ratio(person, 2, Disposal.COMMUNITY_ORDER, False, False)
    t0 = 100.0
    gap = hz.time_to_offence(hr, 0.5)  # days from the spell start to the detected offence
    rate = hz.desistance_rate_per_day(2, 0)
    person.desist_budget = rate * (t0 + 0.5 * gap)  # the career ends halfway
    person.desist_checked_day = 0.0
    system = _spell_system(params, u_count, 0.5)
    assert reoffending.begin_spell(system, person, t0, Disposal.COMMUNITY_ORDER, False, False) is None
    reoffending.end_spell(system, person, 1e6)
    e = system.events.to_frame()
    und = e[(e["event"] == Ev.OFFENCE) & ~flag(e["detected"])]
    assert und["time_days"].tolist() == [pytest.approx(t0 + 0.5 * gap)]
    assert und["offences"].tolist() == [int(n_all * 0.5)], (
        f"all {n_all} undetected offences of the spell recorded by the end of the career, "
        f"expected {int(n_all * 0.5)} (pro rata)")


# ---------------------------------------------------------------- settings and the career gradient

def test_followup_shorter_than_18_months_is_refused():
    base = load_scenario("centralised")
    with pytest.raises(ScenarioError) as err:
        base.with_overrides({"scenario.followup_months": 12})
    assert err.value.path == "scenario.followup_months"
    assert "scenario.followup_months" in str(err.value)
    s = base.with_overrides({"scenario.followup_months": 18})
    assert s.settings.followup_days == pytest.approx(18 * DAYS_PER_YEAR / 12)


