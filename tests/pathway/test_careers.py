"""Criminal careers, case seriousness and the courts, on hand-built or deterministic cases.

- the cohort: a behavioural parameter leaves the same people with the same random numbers;
- the hazard: the desistance budget (careers end later with a longer record) and the Weibull
  residual of people already at risk when the run starts;
- charge: the inverse-CDF Binomial of offences taken into consideration, the odds of remand;
- court: plea, trial preparation, adjournment and custody time limits, to the day, for one
  person with every duration deterministic;
- on a small stochastic run: offending on bail and charges joined to the pending case,
  supervision through a bailed charge and revocation at a conviction, undetected offences;
- the follow-up refusal and the gradient of proven reoffending with the record.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from pathway_helpers import small_scenario

from models.analysis.metrics import proven_reoffending
from models.config.scenario import load_scenario
from models.config.schema import ScenarioError
from models.config.vocabulary import (
    DAYS_PER_YEAR,
    OFFENCE_GROUPS,
    Court,
    Custody,
    Disposal,
    Seriousness,
    Supervision,
    SupervisionEnd,
)
from models.pathway.cohort import Cohort, generate_cohort
from models.pathway.draws import SLOTS
from models.pathway.entities import Case, Person
from models.pathway.events import Ev, EventLog
from models.pathway.hazard import HazardModel
from models.pathway.run import run_replication
from models.pathway.stages import reoffending
from models.pathway.stages.charge import _binomial, p_remand
from sim import RandomStreams

SEED = 20240607


def det(x):
    return {"dist": "deterministic", "value": x}


def _flag(s: pd.Series) -> np.ndarray:
    return s.fillna(False).to_numpy(dtype=bool)


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
    np.testing.assert_array_equal(a.spell_uniforms, b.spell_uniforms)
    np.testing.assert_array_equal(a.case_uniforms, b.case_uniforms)


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


def _person(age=30.0, prior=0, budget=1.0, **kw) -> Person:
    fields = dict(person_id=0, female=False, age_at_entry_years=age, entry_day=0.0,
                  mental_health=False, substance_misuse=False, no_accommodation=False,
                  unemployed=False, risk=1.0, prior_offences=prior, desist_budget=budget)
    return Person(**(fields | kw))


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
    p = _person(age=30.0, prior=prior, budget=budget)
    assert not hz.career_over(p, 0.25 * t_end)
    assert p.desist_hazard == pytest.approx(0.25 * budget, rel=1e-12)
    assert p.desist_checked_day == 0.25 * t_end
    assert not hz.career_over(p, 0.1 * t_end)  # an earlier time accumulates nothing
    assert p.desist_hazard == pytest.approx(0.25 * budget, rel=1e-12)
    assert not hz.career_over(p, t_end * (1 - 1e-9))
    assert hz.career_over(p, t_end * (1 + 1e-9))
    # in one step or in many: the same accumulated hazard
    q = _person(age=30.0, prior=prior, budget=budget)
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
    assert hz.career_over(_person(age=19.0, prior=0, budget=0.5), t)
    assert not hz.career_over(_person(age=19.0, prior=5, budget=0.5), t)
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
        p = _person(age=float(attrs["age_at_entry_years"][i]),
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


# ---------------------------------------------------------------- charge: TICs and remand

def _binom_cdf(n: int, p: float, k: int) -> float:
    return sum(math.comb(n, j) * p ** j * (1 - p) ** (n - j) for j in range(k + 1))


@pytest.mark.parametrize("n, p", [(1, 0.3), (4, 0.1), (7, 0.5), (12, 0.9), (30, 0.25)])
def test_binomial_is_the_inverse_cdf(n, p):
    for k in range(n):
        f = _binom_cdf(n, p, k)
        if 1e-7 < f < 1 - 1e-7:
            assert _binomial(n, p, f - 1e-8) == k  # just below F(k): k
            assert _binomial(n, p, f + 1e-8) == k + 1  # just above: the next value
    assert _binomial(n, p, 0.0) == (0 if (1 - p) ** n > 0 else 1)
    assert _binomial(n, p, 1 - 1e-15) <= n
    # over a fine grid of u the frequencies are the pmf (to the grid's resolution)
    m = 100_000
    draws = np.array([_binomial(n, p, (i + 0.5) / m) for i in range(m)])
    for k in range(n + 1):
        pmf = math.comb(n, k) * p ** k * (1 - p) ** (n - k)
        assert np.mean(draws == k) == pytest.approx(pmf, abs=2.0 / m)


def test_binomial_edges():
    assert _binomial(0, 0.5, 0.7) == 0
    assert _binomial(-3, 0.5, 0.7) == 0
    assert _binomial(5, 0.0, 0.99) == 0
    assert _binomial(5, 1.0, 0.01) == 5


def _remand_system(overrides: dict | None = None):
    scenario = load_scenario("centralised")
    if overrides:
        scenario = scenario.with_overrides(overrides)
    return SimpleNamespace(p=scenario.params, env=SimpleNamespace(now=0.0))


def _case(person: Person, seriousness: Seriousness) -> Case:
    return Case(case_id=1, person=person, offence_day=0.0, uniforms=[0.5] * SLOTS,
                seriousness=int(seriousness))


@pytest.mark.parametrize("seriousness", list(Seriousness))
@pytest.mark.parametrize("prior, homeless", [(0, False), (0, True), (7, False), (12, True),
                                             (30, False), (45, True)])
def test_p_remand_hand_computation(seriousness, prior, homeless):
    system = _remand_system()
    pr = system.p.prosecution
    base = pr.p_remand_by_seriousness[seriousness.name.lower()]
    odds = base / (1 - base) * pr.remand_odds_ratio_per_prior_offence ** min(prior, 30)
    if homeless:
        odds *= pr.remand_odds_ratio_if_homeless
    person = _person(prior=prior, no_accommodation=homeless)
    got = p_remand(system, person, _case(person, seriousness))
    assert got == pytest.approx(odds / (1 + odds), rel=1e-12)
    if prior == 0 and not homeless:
        assert got == pytest.approx(base, rel=1e-12)


def test_p_remand_ordering_and_certainty():
    system = _remand_system({"prosecution.remand_odds_ratio_per_prior_offence": 1.05,
                             "prosecution.remand_odds_ratio_if_homeless": 2.5})
    p = lambda prior, home, s: p_remand(  # noqa: E731
        system, _person(prior=prior, no_accommodation=home),
        _case(_person(prior=prior, no_accommodation=home), s))
    ew = Seriousness.EITHER_WAY
    assert p(0, False, ew) < p(5, False, ew) < p(30, False, ew) == p(31, False, ew)
    assert p(5, False, ew) < p(5, True, ew)
    assert p(3, False, Seriousness.SUMMARY) < p(3, False, ew) < p(3, False, Seriousness.INDICTABLE_ONLY)
    sure = _remand_system({"prosecution.p_remand_by_seriousness":
                           {"summary": 1.0, "either_way": 0.0, "indictable_only": 0.0}})
    person = _person(prior=0)
    assert p_remand(sure, person, _case(person, Seriousness.SUMMARY)) == 1.0
    assert p_remand(sure, person, _case(person, Seriousness.EITHER_WAY)) == 0.0


# ---------------------------------------------------------------- court: exact single journeys

def _seriousness_shares(kind: str) -> dict:
    return {g: {k: float(k == kind) for k in ("summary", "either_way", "indictable_only")}
            for g in OFFENCE_GROUPS}


ALL = {"summary": 1.0, "either_way": 1.0, "indictable_only": 1.0}
NONE = {"summary": 0.0, "either_way": 0.0, "indictable_only": 0.0}
FINE = {"short_custody": 0.0, "suspended": 0.0, "community_order": 0.0, "fine": 1.0,
        "discharge": 0.0}

# Every duration deterministic; everyone charged with a summary offence at the magistrates'
# court, bailed, pleads guilty, is fined, and desists (so there is one case per person).
COURT_DET = {
    "population.new_entrants_per_year": 1000.0, "population.known_active_offenders": 0.0,
    "custody.initial_sentenced_stock": 0.0, "police.detection_delay_days": det(10.0),
    "police.detention_days": det(0.5), "liaison_diversion.p_coverage": 0.0,
    "police.p_young_diverted_from_charge": 0.0, "womens_centres.p_referred_if_female": 0.0,
    "police.arrest_outcome_shares_adult": {"nfa": 0.0, "out_of_court": 0.0, "charge": 1.0},
    "police.arrest_outcome_shares_youth": {"nfa": 0.0, "out_of_court": 0.0, "charge": 1.0},
    "prosecution.p_either_way_sent_to_crown_adult": 0.0, "prosecution.p_crown_court_youth": 0.0,
    "offences.seriousness_shares": _seriousness_shares("summary"),
    "prosecution.p_remand_by_seriousness": NONE,
    "court.magistrates.sitting_days_per_year": 1_250_000.0, "court.magistrates.summons_cases_per_year": 0.0,
    "court.magistrates.first_hearing_days": det(20.0), "court.magistrates.p_guilty_plea": 1.0,
    "court.magistrates.guilty_plea_hearing_days": det(0.1),
    "court.magistrates.preparation_days": det(30.0), "court.magistrates.trial_days": det(1.0),
    "court.magistrates.p_convicted_at_trial": 1.0,
    "court.magistrates.p_adjourned_for_sentence": 0.0,
    "court.magistrates.adjournment_days": det(21.0),
    "court.crown.sitting_days_per_year": 1_250_000.0, "court.crown.first_hearing_days": det(28.0),
    "court.crown.p_guilty_plea": 0.0, "court.crown.preparation_days": det(300.0),
    "court.crown.trial_days": det(2.0), "court.crown.p_convicted_at_trial": 1.0,
    "court.crown.p_adjourned_for_sentence": 0.0, "court.crown.guilty_plea_hearing_days": det(0.5),
    "court.p_custody_time_limit_extended": 0.0,
    "sentencing.shares_magistrates": FINE, "sentencing.shares_crown": FINE | {"long_custody": 0.0},
    "reoffending.desistance_rate_per_year": {"10-17": 1e9, "18-24": 1e9, "25+": 1e9},
}
REMANDED = {"prosecution.p_remand_by_seriousness": ALL}
NOT_GUILTY = {"court.magistrates.p_guilty_plea": 0.0}


def _journey(overrides: dict, seed: int = 11) -> tuple[list[tuple[Ev, float]], pd.DataFrame]:
    """Person 0's events from their charge: (event, days since charge), and the rows."""
    r = run_replication(small_scenario(overrides=COURT_DET | overrides), root_seed=seed)
    e = r.events[r.events["person_id"] == 0]
    t_charge = float(e.loc[e["event"] == Ev.CHARGE, "time_days"].iloc[0])
    e = e[e["time_days"] >= t_charge]
    return [(Ev(int(ev)), round(t - t_charge, 9))
            for ev, t in zip(e["event"], e["time_days"], strict=True)], e


def _check(got, expected):
    assert [g[0] for g in got] == [x[0] for x in expected], got
    for (ev, t), (_, t_exp) in zip(got, expected, strict=True):
        assert t == pytest.approx(t_exp, abs=1e-6), ev


FINED = [(Ev.SENTENCED, None), (Ev.AT_RISK, None), (Ev.DESISTED, None)]


def _fined_at(t):
    return [(ev, t) for ev, _ in FINED]


def test_guilty_plea_on_bail_convicted_at_first_hearing():
    got, e = _journey({})
    _check(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                 (Ev.COURT_QUEUE, 20), (Ev.HEARING, 20), (Ev.CONVICTED, 20.1), *_fined_at(20.1)])
    at_risk = e[e["event"] == Ev.AT_RISK]
    assert at_risk["disposal"].tolist() == [Disposal.BAIL, Disposal.FINE]
    assert _flag(e.loc[e["event"] == Ev.HEARING, "guilty_plea"]).all()
    assert e.loc[e["event"] == Ev.CHARGE, "court"].tolist() == [Court.MAGISTRATES]


def test_guilty_plea_remanded_appears_next_day():
    got, e = _journey(REMANDED)
    _check(got, [(Ev.CHARGE, 0), (Ev.REMAND, 0), (Ev.PRISON_ENTRY, 0), (Ev.COURT_QUEUE, 1),
                 (Ev.HEARING, 1), (Ev.CONVICTED, 1.1), (Ev.SENTENCED, 1.1), (Ev.RELEASE, 1.1),
                 (Ev.AT_RISK, 1.1), (Ev.DESISTED, 1.1)])
    assert e.loc[e["event"] == Ev.RELEASE, "custody"].tolist() == [Custody.REMAND]


def test_not_guilty_plea_waits_for_preparation_then_trial():
    got, e = _journey(NOT_GUILTY)
    # first appearance at 20 (no courtroom), 30 days' preparation, a one-day trial
    _check(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                 (Ev.COURT_QUEUE, 50), (Ev.HEARING, 50), (Ev.CONVICTED, 51), *_fined_at(51)])
    assert not _flag(e.loc[e["event"] == Ev.HEARING, "guilty_plea"]).any()


def test_acquittal_at_trial():
    got, e = _journey(NOT_GUILTY | {"court.magistrates.p_convicted_at_trial": 0.0})
    _check(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                 (Ev.COURT_QUEUE, 50), (Ev.HEARING, 50), (Ev.ACQUITTED, 51), (Ev.AT_RISK, 51),
                 (Ev.DESISTED, 51)])
    assert e.loc[e["event"] == Ev.AT_RISK, "disposal"].tolist()[-1] == Disposal.ACQUITTED


def test_adjournment_for_sentence():
    got, _ = _journey({"court.magistrates.p_adjourned_for_sentence": 1.0})
    _check(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                 (Ev.COURT_QUEUE, 20), (Ev.HEARING, 20), (Ev.CONVICTED, 20.1),
                 *_fined_at(41.1)])


@pytest.mark.parametrize("kind, limit", [("summary", 56.0), ("either_way", 70.0)])
def test_custody_time_limit_bails_remanded_defendant(kind, limit):
    """Remanded, not guilty, 100 days' preparation: the limit (56 days summary, 70 either way,
    from the remand) expires first; released from remand and bailed then; the trial comes
    when preparation is done (first appearance on day 1 + 100)."""
    ov = REMANDED | NOT_GUILTY | {"court.magistrates.preparation_days": det(100.0),
                                  "offences.seriousness_shares": _seriousness_shares(kind)}
    got, e = _journey(ov)
    _check(got, [(Ev.CHARGE, 0), (Ev.REMAND, 0), (Ev.PRISON_ENTRY, 0), (Ev.RELEASE, limit),
                 (Ev.BAIL, limit), (Ev.AT_RISK, limit), (Ev.DESISTED, limit),
                 (Ev.COURT_QUEUE, 101), (Ev.HEARING, 101), (Ev.CONVICTED, 102),
                 *_fined_at(102)])
    assert e.loc[e["event"] == Ev.CHARGE, "seriousness"].tolist() == [Seriousness[kind.upper()]]
    rel = e[e["event"] == Ev.RELEASE]
    assert rel["custody"].tolist() == [Custody.REMAND]
    assert rel["days"].tolist() == [pytest.approx(limit, abs=1e-4)]
    assert e.loc[e["event"] == Ev.AT_RISK, "disposal"].tolist()[0] == Disposal.BAIL


def test_custody_time_limit_extended_keeps_defendant_remanded():
    ov = REMANDED | NOT_GUILTY | {"court.magistrates.preparation_days": det(100.0),
                                  "court.p_custody_time_limit_extended": 1.0}
    got, _ = _journey(ov)
    _check(got, [(Ev.CHARGE, 0), (Ev.REMAND, 0), (Ev.PRISON_ENTRY, 0), (Ev.COURT_QUEUE, 101),
                 (Ev.HEARING, 101), (Ev.CONVICTED, 102), (Ev.SENTENCED, 102),
                 (Ev.RELEASE, 102), (Ev.AT_RISK, 102), (Ev.DESISTED, 102)])


def test_trial_within_custody_time_limit_stays_remanded():
    ov = REMANDED | NOT_GUILTY | {"court.magistrates.preparation_days": det(40.0)}
    got, _ = _journey(ov)  # trial on day 41, within the 56 days
    _check(got, [(Ev.CHARGE, 0), (Ev.REMAND, 0), (Ev.PRISON_ENTRY, 0), (Ev.COURT_QUEUE, 41),
                 (Ev.HEARING, 41), (Ev.CONVICTED, 42), (Ev.SENTENCED, 42),
                 (Ev.RELEASE, 42), (Ev.AT_RISK, 42), (Ev.DESISTED, 42)])


def test_crown_court_custody_time_limit():
    """An indictable-only case goes to the Crown Court; remanded, not guilty, 300 days'
    preparation: bailed at the 182-day limit, tried on day 1 + 300 for two days."""
    ov = {"offences.seriousness_shares": _seriousness_shares("indictable_only"),
          "prosecution.p_remand_by_seriousness": ALL}
    got, e = _journey(ov)
    _check(got, [(Ev.CHARGE, 0), (Ev.REMAND, 0), (Ev.PRISON_ENTRY, 0), (Ev.RELEASE, 182),
                 (Ev.BAIL, 182), (Ev.AT_RISK, 182), (Ev.DESISTED, 182),
                 (Ev.COURT_QUEUE, 301), (Ev.HEARING, 301), (Ev.CONVICTED, 303),
                 *_fined_at(303)])
    assert e.loc[e["event"] == Ev.CHARGE, "court"].tolist() == [Court.CROWN]
    assert set(e.loc[e["event"] == Ev.HEARING, "court"]) == {Court.CROWN}


def test_crown_guilty_plea_on_bail_after_first_hearing_days():
    ov = {"offences.seriousness_shares": _seriousness_shares("indictable_only"),
          "court.crown.p_guilty_plea": 1.0}
    got, _ = _journey(ov)
    _check(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                 (Ev.COURT_QUEUE, 28), (Ev.HEARING, 28), (Ev.CONVICTED, 28.5), *_fined_at(28.5)])


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
    person = _person(budget=math.inf)
    nxt = reoffending.begin_spell(system, person, 100.0, Disposal.COMMUNITY_ORDER, False, False)
    assert nxt is not None and nxt.arrest_day == pytest.approx(nxt.offence_day + 5.0)
    reoffending.end_spell(system, person, nxt.offence_day)
    e = system.events.to_frame()
    und = e[(e["event"] == Ev.OFFENCE) & ~_flag(e["detected"])]
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
    person = _person(budget=math.inf)
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
    und = e[(e["event"] == Ev.OFFENCE) & ~_flag(e["detected"])]
    assert und["time_days"].tolist() == [pytest.approx(t0 + 0.5 * gap)]
    assert und["offences"].tolist() == [int(n_all * 0.5)], (
        f"all {n_all} undetected offences of the spell recorded by the end of the career, "
        f"expected {int(n_all * 0.5)} (pro rata)")


# ---------------------------------------------------------------- a small stochastic run

@pytest.fixture(scope="module")
def run():
    scenario = small_scenario()
    return scenario, run_replication(scenario, root_seed=SEED)


def _cases(events: pd.DataFrame) -> pd.DataFrame:
    """One row per charged case: person, charge time, verdict (time, convicted), hearings,
    sentence time."""
    ch = events[events["event"] == Ev.CHARGE].set_index("case_id")
    out = pd.DataFrame({"person_id": ch["person_id"], "t_charge": ch["time_days"]})
    verdict = events[events["event"].isin([Ev.CONVICTED, Ev.ACQUITTED])].set_index("case_id")
    assert not verdict.index.duplicated().any()
    out["t_verdict"] = verdict["time_days"]
    out["convicted"] = verdict["event"] == Ev.CONVICTED
    out["hearings"] = events[events["event"] == Ev.HEARING].groupby("case_id").size()
    out["hearings"] = out["hearings"].fillna(0).astype(int)
    sen = events[(events["event"] == Ev.SENTENCED) & (events["offences"] > 0)]
    assert not sen["case_id"].duplicated().any()
    out["t_sentenced"] = sen.set_index("case_id")["time_days"]
    return out


def test_bail_begins_a_spell_at_risk_and_offending_on_bail(run):
    _, r = run
    e = r.events
    bail = e[e["event"] == Ev.BAIL]
    at_risk = e[e["event"] == Ev.AT_RISK]
    assert (at_risk["disposal"] == Disposal.BAIL).sum() > 50
    # every bail (at charge, joined, or at the custody time limit) begins a spell at risk then
    # (with the hazard of an order or licence still supervised, else of bail), unless the
    # person is in prison, or waiting in police cells for a place, on something else at that
    # moment (a recall or a sentence while another case runs): rare
    keys = set(zip(at_risk["person_id"], at_risk["time_days"], strict=True))
    missing = [(p, t) for p, t in zip(bail["person_id"], bail["time_days"], strict=True)
               if (p, t) not in keys]
    assert len(missing) <= 0.01 * len(bail), missing[:5]
    # offences and arrests between a defendant's bail and their verdict
    cases = _cases(e)
    own = cases[cases["hearings"] > 0]
    b = bail.drop_duplicates("case_id").set_index("case_id")["time_days"]
    own = own.assign(t_bail=b.reindex(own.index)).dropna(subset=["t_bail", "t_verdict"])
    det_off = e[(e["event"] == Ev.OFFENCE) & _flag(e["detected"])]
    arrests = e[e["event"] == Ev.ARREST]
    for frame, at_least in ((det_off, 20), (arrests, 20)):
        m = own.reset_index().merge(frame[["person_id", "time_days"]], on="person_id")
        inside = (m["time_days"] > m["t_bail"]) & (m["time_days"] < m["t_verdict"])
        assert inside.sum() >= at_least


def test_joined_charges_share_the_pending_case_verdict(run):
    """A charge while on bail for a pending case joins it: the new case has a CHARGE and a
    BAIL, no hearing and no sentence of its own, and its verdict (the same) comes at the
    pending case's verdict; its conviction proves its own offence (the pending case's sentence
    does not count it again)."""
    _, r = run
    e = r.events
    cases = _cases(e)
    joined = cases[(cases["hearings"] == 0) & cases["t_verdict"].notna()]
    assert len(joined) > 20
    assert joined["t_sentenced"].isna().all()
    bail = e[e["event"] == Ev.BAIL]
    bail_keys = set(zip(bail["case_id"], bail["time_days"], strict=True))
    remand = set(e.loc[e["event"] == Ev.REMAND, "case_id"])
    own = cases[cases["hearings"] > 0]
    end = own["t_verdict"]
    sen = e[(e["event"] == Ev.SENTENCED) & (e["offences"] > 0)].set_index("case_id")
    for cid, j in joined.iterrows():
        assert (cid, j["t_charge"]) in bail_keys and cid not in remand
        same = own[(own["person_id"] == j["person_id"]) & (own["t_charge"] < j["t_charge"])
                   & np.isclose(end.loc[own.index], j["t_verdict"], rtol=0, atol=1e-9)]
        assert len(same) == 1, (cid, j.to_dict())
        assert bool(same["convicted"].iloc[0]) == bool(j["convicted"])
        if j["convicted"] and same.index[0] in sen.index:  # (unless the run ended first)
            assert sen.loc[same.index[0], "offences"] >= 1  # sentenced with the pending case


def test_supervision_goes_on_through_a_bailed_charge(run):
    """A charge ends supervision only when the defendant is held (remanded or recalled); an
    order or licence being supervised goes on while they are on bail."""
    _, r = run
    e = r.events
    ends = e[e["event"] == Ev.SUPERVISION_END]
    charged = ends[ends["supervision_end"] == SupervisionEnd.CHARGED]
    remands = e[e["event"] == Ev.REMAND]
    held = set(zip(remands["person_id"], remands["time_days"], strict=True))
    assert len(charged) > 10
    assert all(k in held for k in zip(charged["person_id"], charged["time_days"], strict=True))
    # some bail falls inside a supervision period that then goes on
    level = _supervision_level(e)
    bail = e[e["event"] == Ev.BAIL]
    on_bail_supervised = [level(pid, t, kind) > 0 for pid, t in
                          zip(bail["person_id"], bail["time_days"], strict=True)
                          for kind in Supervision]
    assert sum(on_bail_supervised) > 10


def test_supervision_ends_when_held_on_a_new_charge(run):
    """The other half of the rule: remanded in custody or recalled on a new charge, no order
    or licence is still supervised (each ends CHARGED at the remand)."""
    _, r = run
    e = r.events
    level = _supervision_level(e)
    remands = e[e["event"] == Ev.REMAND]
    assert len(remands) > 50
    still = [(pid, round(t, 2), kind.name) for pid, t in
             zip(remands["person_id"], remands["time_days"], strict=True)
             for kind in Supervision if level(pid, t, kind) > 0]
    assert still == [], f"supervised while held on a new charge: {still[:6]} ({len(still)})"


def _supervision_level(e: pd.DataFrame):
    """level(person, t, kind): supervisions of ``kind`` begun before ``t`` less those ended by
    ``t`` (inclusive), i.e. still going on just after ``t`` (apart from any begun at ``t``)."""
    sv = e[e["event"].isin([Ev.SUPERVISION_START, Ev.SUPERVISION_END])]
    by = {k: (g.loc[g["event"] == Ev.SUPERVISION_START, "time_days"].to_numpy(),
              g.loc[g["event"] == Ev.SUPERVISION_END, "time_days"].to_numpy())
          for k, g in sv.groupby(["person_id", "supervision"])}

    def level(pid: int, t: float, kind: int) -> int:
        starts, ends = by.get((pid, int(kind)), (np.empty(0), np.empty(0)))
        return int((starts < t).sum() - (ends <= t).sum())
    return level


def test_a_conviction_revokes_the_order(run):
    """REVOKED ends happen, each when the same person is sentenced on another case (a licence
    only by a custodial sentence or a new supervised sentence, which takes over); and no order
    goes on past a later conviction of the same person, nor a licence past a custodial
    sentence."""
    _, r = run
    e = r.events
    ends = e[e["event"] == Ev.SUPERVISION_END]
    revoked = ends[ends["supervision_end"] == SupervisionEnd.REVOKED]
    assert len(revoked) > 10
    sen = e[(e["event"] == Ev.SENTENCED) & (e["offences"] > 0)]
    starts = e[e["event"] == Ev.SUPERVISION_START]
    custodial = (Disposal.SHORT_CUSTODY, Disposal.LONG_CUSTODY)
    for row in revoked.itertuples():
        s = sen[(sen["person_id"] == row.person_id) & (sen["time_days"] == row.time_days)]
        assert len(s) >= 1, row
        st = starts[(starts["person_id"] == row.person_id) & (starts["time_days"] < row.time_days)
                    & (starts["supervision"] == row.supervision)]
        assert len(st) and st["case_id"].iloc[-1] not in set(s["case_id"]), row
        if row.supervision == Supervision.LICENCE:
            assert s["disposal"].isin(custodial + (Disposal.COMMUNITY_ORDER,
                                                   Disposal.SUSPENDED)).any(), row
    level = _supervision_level(e)
    orders_on = [(pid, t) for pid, t in zip(sen["person_id"], sen["time_days"], strict=True)
                 if level(pid, t, Supervision.ORDER) > 0]
    cs = sen[sen["disposal"].isin(custodial)]
    licences_on = [(pid, t) for pid, t in zip(cs["person_id"], cs["time_days"], strict=True)
                   if level(pid, t, Supervision.LICENCE) > 0]
    assert orders_on == [] and licences_on == [], (
        f"orders still supervised after a conviction: {len(orders_on)} {orders_on[:4]}; "
        f"licences still supervised after a custodial sentence: {len(licences_on)} "
        f"{licences_on[:4]}")


def test_undetected_offence_records(run):
    _, r = run
    e = r.events
    off = e[e["event"] == Ev.OFFENCE]
    und = off[~_flag(off["detected"])]
    assert len(und) > 100
    assert (und["case_id"] == -1).all()
    assert (und["offences"] >= 1).all() and (und["offences"] == und["offences"].round()).all()
    detected = off[_flag(off["detected"])]
    assert (detected["case_id"] > 0).all() and (detected["offences"] == 1).all()


def _undetected_per_detected(p_detect: float) -> tuple[float, float, int]:
    """Mean (and its standard error) of the undetected offences recorded with each detected
    offence that ends a spell (every detected offence but a person's first in the run, which
    comes from the cohort): the K - 1 of a geometric K."""
    r = run_replication(small_scenario(overrides={"police.p_offence_detected": p_detect}),
                        root_seed=SEED)
    off = r.events[r.events["event"] == Ev.OFFENCE]
    det_ = off[_flag(off["detected"])]
    det_ = det_[det_.duplicated("person_id")]  # not the person's first
    und = off[~_flag(off["detected"])].groupby(["person_id", "time_days"])["offences"].sum()
    k = und.reindex(pd.MultiIndex.from_frame(det_[["person_id", "time_days"]]), fill_value=0.0)
    k = k.to_numpy(dtype=float)
    return float(k.mean()), float(k.std(ddof=1) / math.sqrt(len(k))), len(k)


@pytest.mark.parametrize("p_detect", [0.25, 0.5])
def test_undetected_to_detected_ratio(p_detect):
    """Each detected offence ending a spell comes with (1 - p) / p undetected offences on
    average, within 4 standard errors."""
    mean, se, n = _undetected_per_detected(p_detect)
    assert n > 1000
    assert abs(mean - (1 - p_detect) / p_detect) < 4 * se, (mean, se)


# ---------------------------------------------------------------- settings and the career gradient

def test_followup_shorter_than_18_months_is_refused():
    base = load_scenario("centralised")
    with pytest.raises(ScenarioError) as err:
        base.with_overrides({"scenario.followup_months": 12})
    assert err.value.path == "scenario.followup_months"
    assert "scenario.followup_months" in str(err.value)
    s = base.with_overrides({"scenario.followup_months": 18})
    assert s.settings.followup_days == pytest.approx(18 * DAYS_PER_YEAR / 12)


def test_proven_reoffending_rises_with_the_record(run):
    scenario, r = run
    reoff = proven_reoffending(r.events, r.people, scenario.settings.window)
    g = reoff.groupby("prior_band", observed=False)["reoffended"].agg(["mean", "count"])
    se = np.sqrt(g["mean"] * (1 - g["mean"]) / g["count"])
    assert g.loc["0", "count"] > 100 and g.loc["11+", "count"] > 100
    assert g.loc["11+", "mean"] - g.loc["0", "mean"] > se["0"] + se["11+"], g


def test_p_remand_on_bail_for_another_case():
    system = _remand_system({"prosecution.remand_odds_ratio_if_on_bail": 4.0})
    person = _person(prior=3)
    new = _case(person, Seriousness.EITHER_WAY)
    alone = p_remand(system, person, new)
    person.open_case = _case(person, Seriousness.SUMMARY)
    on_bail = p_remand(system, person, new)
    assert on_bail / (1 - on_bail) == pytest.approx(4.0 * alone / (1 - alone), rel=1e-12)
    assert p_remand(system, person, person.open_case) == pytest.approx(
        p_remand(system, _person(prior=3), person.open_case), rel=1e-12)  # its own case: no


def test_bail_withdrawn_makes_the_new_charge_a_remanded_case_of_its_own():
    """With bail always withdrawn for an offence on bail, no charge joins a pending case: every
    case has hearings of its own, and there are more remands than when bail goes on."""
    sure = small_scenario(overrides={"prosecution.remand_odds_ratio_if_on_bail": 1e12})
    kept = small_scenario(overrides={"prosecution.remand_odds_ratio_if_on_bail": 1.0})
    counts = {}
    for name, scenario in (("sure", sure), ("kept", kept)):
        e = run_replication(scenario, root_seed=SEED).events
        cases = _cases(e)
        counts[name] = ((cases["hearings"] == 0) & cases["t_verdict"].notna()).sum(), \
            (e["event"] == Ev.REMAND).sum()
    assert counts["sure"][0] == 0
    assert counts["kept"][0] > 20
    assert counts["sure"][1] > counts["kept"][1]
