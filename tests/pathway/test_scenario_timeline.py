"""A scenario's timeline: court shocks with recovery, levers switched on in year k, an arrest
trend; checked with errors that name the key; an empty timeline changes nothing."""

from __future__ import annotations

import copy
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pathway_helpers import small_scenario

from models.analysis.metrics import daily_populations
from models.config.overlay import apply_overlay, lever_table, load_overlay, overlay_from_tree
from models.config.scenario import Scenario, ScenarioError, load_scenario
from models.config.timeline import CourtShock, Timeline
from models.config.vocabulary import DAYS_PER_YEAR, Court
from models.pathway.cohort import generate_cohort
from models.pathway.events import Ev
from models.pathway.hazard import HazardModel
from models.pathway.run import run_replication
from models.pathway.system import System
from models.pathway.timeline import timeline_changes
from sim import RandomStreams

SCALE = 0.002
SEED = 11


def crown_shock(**kw) -> dict:
    return {"court": "crown", "start_year": 0.5, "multiplier": 0.5, "recovery_years": 1.0,
            "source": "assumption", "range": [0.3, 0.8]} | kw


def overlay(levers: dict | None = None, timeline: dict | None = None) -> dict:
    tree: dict = {"overlay": {"name": "timed", "description": "a timeline test"},
                  "levers": levers or {"noop": {"what": "w", "why": "y", "source": "assumption",
                                                "range": [0.5, 0.9],
                                                "set": {"court.crown.p_guilty_plea": 0.65}}}}
    if timeline is not None:
        tree["timeline"] = timeline
    return tree


def with_timeline(base: Scenario, timeline: dict) -> Scenario:
    return base.with_overrides({}, timeline=timeline)


def assert_same_before(a: pd.DataFrame, b: pd.DataFrame, day: float) -> None:
    """The events of two runs are the same before ``day`` (an offence is recorded at its
    arrest, so those of arrests after ``day`` are left out: their case numbers may differ)."""
    def before(e: pd.DataFrame) -> pd.DataFrame:
        keep = (e["time_days"] < day) & (e["event"] != Ev.OFFENCE.value)
        return e[keep].reset_index(drop=True)
    pd.testing.assert_frame_equal(before(a), before(b))


# ---------------------------------------------------------------- a shock and its recovery

def test_shock_multiplier_drops_holds_and_recovers_linearly():
    s = CourtShock(court=1, start_year=2.0, multiplier=0.5, hold_years=0.5, recovery_years=2.0)
    assert s.multiplier_at(1.999) == 1.0
    assert s.multiplier_at(2.0) == 0.5 and s.multiplier_at(2.49) == 0.5
    assert s.multiplier_at(3.5) == pytest.approx(0.75)       # half way through the recovery
    assert s.multiplier_at(4.0) == pytest.approx(0.875)
    assert s.multiplier_at(4.5) == 1.0 and s.end_year == 4.5
    tl = Timeline(court_shocks=(s, CourtShock(1, 3.5, 0.5, 0.0, 1.0)))
    assert tl.court_multiplier(Court.CROWN, 3.5) == pytest.approx(0.375)  # shocks multiply
    assert tl.court_multiplier(Court.MAGISTRATES, 3.5) == 1.0


def _system(scenario: Scenario) -> System:
    """The system of a run with only the timeline process started (nobody moves)."""
    streams = RandomStreams(SEED, 0)
    system = System(scenario, streams, generate_cohort(scenario, streams))
    system.env.process(timeline_changes(system))
    return system


def test_shock_halves_crown_courtrooms_at_the_start_year_and_recovers_linearly():
    # 10 Crown courtrooms (2,500 sitting days at this scale), halved at year 0.5 of the window,
    # back to 10 over one year: 10 * (0.5 + 0.5 * s) rooms s of the way through the recovery
    base = small_scenario(SCALE, {"court.crown.sitting_days_per_year": 2500.0 / SCALE})
    system = _system(with_timeline(base, {"court_shocks": [crown_shock()]}))
    crown, mags = system.courts[Court.CROWN], system.courts[Court.MAGISTRATES]
    mags_rooms = mags.capacity
    assert crown.capacity == 10
    start = system.settings.warmup_days + 0.5 * DAYS_PER_YEAR
    system.env.run(until=start - 1.0)
    assert crown.capacity == 10
    for s, rooms in ((0.0, 5), (0.2, 6), (0.5, 8), (0.8, 9), (1.0, 10), (1.5, 10)):
        system.env.run(until=start + s * DAYS_PER_YEAR + 1.5)  # each day of the recovery
        assert crown.capacity == rooms, s
    assert mags.capacity == mags_rooms  # the other court is untouched
    log = pd.DataFrame(system.timeline_log)
    assert set(log["change"]) == {"crown"}
    assert log["value"].iloc[0] == 5 and log["day"].iloc[0] == pytest.approx(start)
    assert (np.diff(log["value"]) == 1).all()  # one courtroom back at a time


def test_shock_lengthens_the_crown_court_queue_on_the_same_people():
    # 3 Crown courtrooms at this scale (the work needs about one), cut to 1 for the first year
    base = small_scenario(SCALE, {"court.crown.sitting_days_per_year": 750.0 / SCALE})
    shocked = apply_overlay(base, overlay_from_tree(overlay(
        timeline={"court_shocks": [crown_shock(multiplier=0.3, start_year=0.0, hold_years=1.0,
                                               recovery_years=0.5)]})), fidelity=0.0)
    a = run_replication(base, SEED)
    b = run_replication(shocked, SEED, cohort_from=base)
    t0 = base.settings.warmup_days
    assert a.resources["crown"]["capacity"] == b.resources["crown"]["capacity"] == 3  # recovered
    assert_same_before(a.events, b.events, t0)

    def waiting(r, years):  # mean Crown Court cases waiting for a courtroom
        d = daily_populations(r.events, r.settings["horizon_days"])
        years_in = (d["day"] - t0) / DAYS_PER_YEAR
        return d.loc[(years_in >= years[0]) & (years_in < years[1]), "court_crown_queue"].mean()

    assert waiting(b, (0.5, 1.0)) > waiting(a, (0.5, 1.0)) + 1.0
    assert waiting(b, (-0.5, 0.0)) == waiting(a, (-0.5, 0.0))  # the same before


# ---------------------------------------------------------------- a lever switched on in year k

NFA = {"nfa": 1.0, "out_of_court": 0.0, "charge": 0.0}
NO_CHARGE = {"no_charge": {"what": "no charges", "why": "a test", "source": "assumption",
                           "range": [0.0, 1.0], "start_year": 1.0,
                           "set": {"police.arrest_outcome_shares_adult": NFA,
                                   "police.arrest_outcome_shares_youth": NFA}}}


def test_lever_with_start_year_changes_behaviour_only_after_it():
    base = small_scenario(SCALE)
    config = apply_overlay(base, overlay_from_tree(overlay(NO_CHARGE)))
    assert config.params.police.arrest_outcome_shares_adult == \
        base.params.police.arrest_outcome_shares_adult  # before year 1: the base's
    [(year, p)] = config.phases
    assert year == 1.0 and p.police.arrest_outcome_shares_adult == NFA
    a = run_replication(base, SEED)
    b = run_replication(config, SEED, cohort_from=base)
    switch = base.settings.warmup_days + DAYS_PER_YEAR
    ea, eb = a.events, b.events
    assert_same_before(ea, eb, switch)

    def charges_after(e):
        after = e[e["time_days"] > switch + 1.0]  # charging decisions of arrests from then on
        return int((after["event"] == Ev.CHARGE.value).sum()), \
            int((after["event"] == Ev.ARREST.value).sum())

    charged_a, arrests_a = charges_after(ea)
    charged_b, arrests_b = charges_after(eb)
    assert arrests_a > 50 and charged_a > 0.2 * arrests_a
    assert charged_b == 0 and arrests_b > 0


def test_a_later_lever_at_fidelity_zero_changes_nothing():
    # the timeline process runs (parameters swapped for equal ones): results bit-identical
    base = small_scenario(SCALE)
    config = apply_overlay(base, overlay_from_tree(overlay(NO_CHARGE)), fidelity=0.0)
    assert config.phases and not config.timeline.empty
    a = run_replication(base, SEED)
    b = run_replication(config, SEED, cohort_from=base)
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.ledger, b.ledger)


# ---------------------------------------------------------------- the arrest trend

def test_arrest_trend_multiplies_the_hazard_from_its_start():
    p = small_scenario(SCALE).params
    hz = HazardModel(p, -0.2, 100.0)
    assert hz.trend_multiplier(99.0) == 1.0
    assert hz.trend_multiplier(100.0 + 2 * DAYS_PER_YEAR) == pytest.approx(0.64)
    assert HazardModel(p).trend_from_day == math.inf  # none: never applied


def test_arrest_trend_lowers_arrests_after_its_start_only():
    base = small_scenario(SCALE)
    trend = with_timeline(base, {"arrest_trend": {"change_per_year": -0.5, "start_year": 0.0,
                                                  "source": "assumption", "range": [-0.6, 0.0]}})
    a = run_replication(base, SEED)
    b = run_replication(trend, SEED, cohort_from=base)
    t0 = base.settings.warmup_days
    ea, eb = a.events, b.events
    assert_same_before(ea, eb, t0)

    def rearrests(e):  # arrests of people after their first, in the window
        arr = e[(e["event"] == Ev.ARREST.value)]
        later = arr[arr.duplicated("person_id")]
        return int((later["time_days"] >= t0 + DAYS_PER_YEAR).sum())

    assert rearrests(eb) < 0.9 * rearrests(ea)


# ---------------------------------------------------------------- checks

BAD = [
    ({"court_shocks": [crown_shock(court="county")]}, "timeline.court_shocks[0].court"),
    ({"court_shocks": [crown_shock(multiplier=0.0)]}, "timeline.court_shocks[0].multiplier"),
    ({"court_shocks": [crown_shock(start_year=40.0)]}, "timeline.court_shocks[0].start_year"),
    ({"court_shocks": [crown_shock(recovery_years=-1)]}, "timeline.court_shocks[0].recovery_years"),
    ({"court_shocks": [crown_shock(recovery_years=0)]}, "timeline.court_shocks[0].recovery_years"),
    ({"court_shocks": [crown_shock(sitting=1)]}, "timeline.court_shocks[0].sitting"),
    ({"court_shocks": [crown_shock(source="assumption", range=None)]},
     "timeline.court_shocks[0].range"),
    ({"court_shocks": crown_shock()}, "timeline.court_shocks"),
    ({"arrest_trend": {"change_per_year": -1.5, "source": "assumption", "range": [-0.1, 0]}},
     "timeline.arrest_trend.change_per_year"),
    ({"arrest_trend": {"change_per_year": 0.01}}, "timeline.arrest_trend.source"),
    ({"shocks": []}, "timeline.shocks"),
    ({"levers": [{"lever": "x", "start_year": 1, "set": {"budget_holders.prison": "probation"}}]},
     "timeline.levers[0].set.budget_holders.prison"),
    ({"levers": [{"lever": "x", "start_year": 1, "set": {"police.no_such": 1}}]},
     "timeline.levers[0].set.police.no_such"),
    ({"levers": [{"lever": "x", "start_year": 1, "set": {"court.crown.p_guilty_plea": 2.0}}]},
     "court.crown.p_guilty_plea"),
]


@pytest.mark.parametrize("timeline, key", BAD, ids=[k for _, k in BAD])
def test_invalid_timeline_entries_name_the_key(timeline, key):
    tree = copy.deepcopy(dict(small_scenario(SCALE).raw))
    tree["timeline"] = timeline
    with pytest.raises(ScenarioError) as err:
        Scenario.from_tree(tree)
    assert key in err.value.path


def test_invalid_overlay_timeline_and_start_year_name_the_key():
    base = small_scenario(SCALE)
    lever = overlay()["levers"]["noop"]
    with pytest.raises(ScenarioError, match=r"levers\.noop\.start_year"):
        overlay_from_tree(overlay({"noop": lever | {"start_year": "soon"}}))
    with pytest.raises(ScenarioError, match=r"timeline"):
        overlay_from_tree(overlay(timeline={"levers": []}))
    bad = overlay_from_tree(overlay(timeline={"court_shocks": [crown_shock(multiplier=-1)]}))
    with pytest.raises(ScenarioError, match=r"timed: timeline\.court_shocks\[0\]\.multiplier"):
        apply_overlay(base, bad)


# ---------------------------------------------------------------- empty: nothing changes

def test_empty_timeline_is_the_same_run_as_none():
    base = small_scenario(SCALE)
    assert base.timeline.empty and "timeline" in base.raw  # centralised.toml: [timeline], empty
    tree = copy.deepcopy(dict(base.raw))
    del tree["timeline"]
    bare = Scenario.from_tree(tree)
    assert bare.timeline.empty and not bare.phases
    a, b = run_replication(base, SEED), run_replication(bare, SEED)
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.ledger, b.ledger)
    assert a.resources["timeline"] == [] == b.resources["timeline"]


def test_example_overlays_load_and_say_when():
    base = load_scenario(scale=SCALE)  # ten measured years: the shock falls in year 4
    root = Path(__file__).resolve().parents[2] / "experiments" / "questions"
    shock = apply_overlay(base, load_overlay(root / "court_shock.toml"))
    assert shock.params.court.crown.sitting_days_per_year == \
        base.params.court.crown.sitting_days_per_year  # a shock is no lever
    assert {(s.court, s.start_year) for s in shock.timeline.court_shocks} == \
        {(Court.CROWN, 4.0), (Court.MAGISTRATES, 4.0)}
    later = load_overlay(root / "integrated_from_year3.toml")
    config = apply_overlay(base, later)
    assert config.params.liaison_diversion.p_coverage == base.params.liaison_diversion.p_coverage
    [(year, p)] = config.phases
    assert year == 3.0 and p.liaison_diversion.p_coverage == 1.0
    table = lever_table(base, [later])
    assert table["value"].str.endswith("(from year 3)").all()


def test_prevention_switched_on_in_a_later_year_prevents_only_after_it():
    """What a timeline swap must rebuild: prevention (read as the run is built) starts at year 1."""
    everyone = {"10-17": 1.0, "18-24": 1.0, "25+": 1.0}
    prevent = {"prevent": {"what": "prevention", "why": "a test", "source": "assumption",
                           "range": [0.0, 1.0], "start_year": 1.0,
                           "set": {"prevention.p_first_offence_prevented": everyone}}}
    delay = {"dist": "deterministic", "value": 10.0}  # offence to arrest
    base = small_scenario(SCALE, {"police.detection_delay_days": delay})
    config = apply_overlay(base, overlay_from_tree(overlay(prevent)))
    e = run_replication(config, SEED, cohort_from=base).events
    switch = base.settings.warmup_days + DAYS_PER_YEAR
    # decided when the first offence would have led to an arrest; recorded at the offence
    prevented = e.loc[e["event"] == Ev.PREVENTED.value, "time_days"]
    assert len(prevented) > 10 and (prevented >= switch - 10.0 - 1e-6).all()
    first_arrest = e[e["event"] == Ev.ARREST.value].groupby("person_id")["time_days"].min()
    new = e.loc[(e["event"] == Ev.START_AT_RISK.value) & (e["origin"] == 0), "person_id"]
    late_new = first_arrest[first_arrest.index.isin(new)]
    assert (late_new < switch + 1.0).all()  # no new entrant's first arrest after the switch
