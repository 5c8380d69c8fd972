"""Prison staffing -> regime -> programmes -> release outcomes (issue 13): hand-built cases,
and the switch that leaves every other output unchanged."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from pathway_helpers import make_person, small_scenario

from models.analysis.regime_metrics import programme_metric, regime_metrics
from models.config.schema import ScenarioError
from models.config.vocabulary import PROGRAMMES, Disposal
from models.pathway.draws import SLOTS, U
from models.pathway.entities import Case, Sentence
from models.pathway.hazard import HazardModel
from models.pathway.regime import Regime
from models.pathway.run import run_replication
from models.pathway.stages import prison_regime, resettlement

ON = {"prison_regime.enabled": "on"}


def _params(overrides: dict | None = None):
    return small_scenario(overrides=overrides).params


class _Draws:
    """Keyed draws fixed by hand: the same block whatever the key."""

    def __init__(self, u: list[float]) -> None:
        self.u = u

    def block(self, a: int, b: int, n: int, c: int = 0) -> list[float]:
        return self.u[:n]


def _system(p, prisoners: float, draws: list[float], now: float = 100.0):
    return SimpleNamespace(p=p, env=SimpleNamespace(now=now), prison=SimpleNamespace(users=prisoners),
                           regime=Regime(p), programme_draws=_Draws(draws), programme_records=[])


def _reference_prisoners(p) -> float:
    """Prisoners held at which staff per prisoner is the reference (at the run's scale)."""
    r = p.prison_regime
    return r.frontline_officers / r.reference_staff_per_prisoner


def _case(person, uniforms: list[float] | None = None) -> Case:
    return Case(1, person, 0.0, uniforms or [0.5] * SLOTS, 0)


LONG = Sentence(Disposal.LONG_CUSTODY, 730.0)   # 365 days in prison: long enough for all
SHORT = Sentence(Disposal.SHORT_CUSTODY, 60.0)  # 30 days: too short for any programme


# ---------------------------------------------------------------- staffing -> regime

def test_regime_falls_when_staff_per_prisoner_falls():
    p = _params()
    reg, r = Regime(p), p.prison_regime
    ref = _reference_prisoners(p)
    assert reg.staff_per_prisoner(0.0, ref) == pytest.approx(r.reference_staff_per_prisoner)
    assert reg.hours_out_of_cell(r.reference_staff_per_prisoner) == pytest.approx(
        r.reference_out_of_cell_hours)
    hours = [float(reg.hours_out_of_cell(reg.staff_per_prisoner(0.0, ref * k)))
             for k in (0.5, 0.8, 1.0, 1.25, 2.0)]  # more prisoners for the same officers
    assert hours == sorted(hours, reverse=True) and hours[0] > hours[2] > hours[3]
    assert hours[-1] == pytest.approx(r.reference_out_of_cell_hours / 2)
    assert hours[0] == pytest.approx(r.full_regime_out_of_cell_hours)  # capped at a full regime
    assert reg.index(r.reference_staff_per_prisoner) == pytest.approx(1.0)


def test_officers_follow_their_trend():
    p = _params({"prison_regime.officers_yearly_change_fraction": -0.03})
    reg = Regime(p)
    assert reg.officers(365.25 * 2) == pytest.approx(p.prison_regime.frontline_officers * 0.94)
    assert Regime(_params()).officers(1000.0) == p.prison_regime.frontline_officers


def test_fewer_staff_means_fewer_programme_places():
    """A draw that gets a place at the reference regime loses it when staff per prisoner halves."""
    p = _params(ON | {"prison_regime.centred": "off"})
    u = [0.25, 0.0] * len(PROGRAMMES)  # start if p_start > 0.25; complete surely
    person = make_person(substance_misuse=True)
    ref = _reference_prisoners(p)
    full = _system(p, ref, u)
    prison_regime.programmes_at_release(full, person, _case(person), LONG)
    started = {PROGRAMMES[int(g)] for _, g, _ in full.programme_records}
    assert started == {"education", "work", "recovery"}  # p_start 0.3 > 0.25; behaviour 0.1
    short_staffed = _system(p, ref * 2, u)  # regime index 0.5: chances 0.15
    prison_regime.programmes_at_release(short_staffed, person, _case(person), LONG)
    assert short_staffed.programme_records == []


def test_a_short_stay_starts_nothing_and_recovery_needs_a_need():
    p = _params(ON)
    sys_ = _system(p, _reference_prisoners(p), [0.0] * (2 * len(PROGRAMMES)))
    person = make_person()
    fx = prison_regime.programmes_at_release(sys_, person, _case(person), SHORT)
    assert sys_.programme_records == [] and fx.p_treatment_continuity is None
    prison_regime.programmes_at_release(sys_, person, _case(person), LONG)
    assert {PROGRAMMES[int(g)] for _, g, _ in sys_.programme_records} == {
        "education", "work", "behaviour"}  # no substance misuse need: no recovery place


# ---------------------------------------------------------------- programmes -> release outcomes

def test_completed_education_and_work_raise_the_chance_of_a_job():
    p = _params(ON | {"prison_regime.centred": "off"})
    r = p.prison_regime
    person = make_person(substance_misuse=True)
    done = _system(p, _reference_prisoners(p), [0.0] * (2 * len(PROGRAMMES)))
    fx = prison_regime.programmes_at_release(done, person, _case(person), LONG)
    assert fx.p_employed_uplift == pytest.approx(r.p_employed_uplift_education
                                                 + r.p_employed_uplift_work)
    assert fx.p_treatment_continuity == r.p_treatment_continuity_if_recovery
    assert fx.hr_multiplier == r.hr_if_behaviour_programme == person.hr_programme
    # a man whose job draw lies just above the usual chance: unemployed without, employed with
    u = [0.5] * SLOTS
    u[U.JOB_AT_RELEASE] = p.resettlement.p_employed_at_release_men + 0.01
    u[U.TREATMENT_AT_RELEASE] = p.resettlement.p_treatment_continuity_if_need + 0.01
    plain = make_person(substance_misuse=True)
    assert not resettlement.prepare_release(done, plain, _case(plain, u))
    assert plain.unemployed
    assert resettlement.prepare_release(done, person, _case(person, u), fx.p_employed_uplift,
                                        fx.p_treatment_continuity)
    assert not person.unemployed


def test_a_behaviour_programme_lowers_the_hazard():
    p = _params(ON | {"prison_regime.centred": "off"})
    hz = HazardModel(p)
    person = make_person()
    before = hz.hazard_ratio(person, 2, Disposal.LONG_CUSTODY, False, False)
    person.hr_programme = p.prison_regime.hr_if_behaviour_programme
    after = hz.hazard_ratio(person, 2, Disposal.LONG_CUSTODY, False, False)
    assert after == pytest.approx(before * p.prison_regime.hr_if_behaviour_programme)


def test_centred_effects_average_to_nothing_at_the_reference_regime():
    """Over the draws of a prisoner at the reference regime, the centred job uplift and
    continuity shift average to zero and the hazard multiplier to one."""
    p = _params(ON)
    r = p.prison_regime
    sys_ = _system(p, _reference_prisoners(p), [])
    person = make_person(substance_misuse=True)
    eligible = [True] * len(PROGRAMMES)
    c = [r.p_start_at_reference[g] * r.p_complete[g] for g in PROGRAMMES]
    mean_uplift = mean_cont = mean_hr = 0.0
    for bits in range(2 ** len(PROGRAMMES)):  # every combination of completions
        done = [bool(bits >> g & 1) for g in range(len(PROGRAMMES))]
        w = float(np.prod([c[g] if done[g] else 1 - c[g] for g in range(len(PROGRAMMES))]))
        fx = prison_regime.effects(sys_, person, eligible, done)
        mean_uplift += w * fx.p_employed_uplift
        mean_cont += w * fx.p_treatment_continuity
        mean_hr += w * fx.hr_multiplier
    assert mean_uplift == pytest.approx(0.0, abs=1e-12)
    assert mean_cont == pytest.approx(p.resettlement.p_treatment_continuity_if_need)
    assert mean_hr == pytest.approx(1.0)
    # and a completer is better off than a non-completer
    yes = prison_regime.effects(sys_, person, eligible, [True] * 4)
    no = prison_regime.effects(sys_, person, eligible, [False] * 4)
    assert yes.p_employed_uplift > 0 > no.p_employed_uplift
    assert yes.hr_multiplier < 1 < no.hr_multiplier


# ---------------------------------------------------------------- switched off: identical

def test_bad_values_are_refused_by_name():
    with pytest.raises(ScenarioError, match="prison_regime.enabled"):
        _params({"prison_regime.enabled": "yes"})
    with pytest.raises(ScenarioError, match="prison_regime.full_regime_out_of_cell_hours"):
        _params({"prison_regime.full_regime_out_of_cell_hours": 30.0})


@pytest.fixture(scope="module")
def runs():
    seed = 11
    base = run_replication(small_scenario(), seed)
    off_more_staff = run_replication(small_scenario(overrides={
        "prison_regime.frontline_officers": 30000.0}), seed)
    on_no_effect = run_replication(small_scenario(overrides=ON | {
        "prison_regime.centred": "off", "prison_regime.p_employed_uplift_education": 0.0,
        "prison_regime.p_employed_uplift_work": 0.0, "prison_regime.hr_if_behaviour_programme": 1.0,
        "prison_regime.p_treatment_continuity_if_recovery": 0.3}), seed)
    on = run_replication(small_scenario(overrides=ON), seed)
    return base, off_more_staff, on_no_effect, on


def test_switched_off_or_without_effect_every_table_is_identical(runs):
    base, off_more_staff, on_no_effect, _ = runs
    assert base.resources["prison_regime"]["programmes"].size == 0
    for other in (off_more_staff, on_no_effect):
        for table in ("events", "people", "ledger"):
            pd.testing.assert_frame_equal(getattr(base, table), getattr(other, table))
    # the programmes were drawn (from their own stream) but changed nothing else
    assert on_no_effect.resources["prison_regime"]["programmes"].shape[0] > 0


def test_switched_on_programmes_are_counted_and_release_outcomes_change(runs):
    base, _, _, on = runs
    window = tuple(on.settings["window"])
    m = regime_metrics(on.resources, window)
    for g in PROGRAMMES:
        assert m[programme_metric(g, "completions")] <= m[programme_metric(g, "starts")]
    assert m[programme_metric("education", "starts")] > 0
    assert m["mean_staff_per_prisoner"] > 0 and 0 < m["mean_hours_out_of_cell"] <= 10.0
    # same people, same arrests until the first release with a programme effect
    assert not base.events.equals(on.events)
    pd.testing.assert_frame_equal(base.people, on.people)
