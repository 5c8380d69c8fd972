"""Liaison and diversion at court: screening before the first hearing of a charged defendant
not assessed in the custody suite, on hand-built cases (each decision at a chosen uniform), and
through the journey (a court-engaged case is referred to treatment and meets the remand and
sentence effects of custody-suite L&D; coverage 0 screens nobody)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from pathway_helpers import make_person, small_scenario

from models.config.scenario import load_scenario
from models.config.vocabulary import Custody, Disposal, Item, Seriousness
from models.pathway.disproportionality import EthnicFactors
from models.pathway.draws import COURT_LD_SLOTS, SLOTS, UC
from models.pathway.entities import Case
from models.pathway.event_log import EventLog
from models.pathway.events import Ev
from models.pathway.run import run_replication
from models.pathway.stages.charge import p_remand
from models.pathway.stages.liaison_diversion import screen_at_court, screen_in_custody
from sim import ServerPool

COURT_ON = {"liaison_diversion.court.p_coverage": 0.8,
            "liaison_diversion.court.p_identified_if_need": 0.5,
            "liaison_diversion.court.p_referred_if_identified": 0.6,
            "liaison_diversion.court.p_engaged_if_referred": 0.5,
            "liaison_diversion.court.window_days": 0.25,
            "liaison_diversion.assessment_days": {"dist": "deterministic", "value": 0.1}}


class _System(SimpleNamespace):
    """What screen_at_court and screen_in_custody use of the system, with chosen draws."""

    def __init__(self, overrides: dict, court_u: list[float] | None = None,
                 practitioners: int = 3) -> None:
        super().__init__(p=load_scenario("centralised").with_overrides(overrides).params,
                         env=SimpleNamespace(now=5.0), events=EventLog(), charges=[],
                         ld_pool=ServerPool(practitioners, "ld"), court_u=court_u, asked=0)
        self.ledger = SimpleNamespace(charge=lambda *a: self.charges.append(a))

    def court_ld_uniforms(self, case: Case) -> list[float]:
        self.asked += 1
        assert self.court_u is not None, "no court draw expected"
        return self.court_u

    def quantile(self, case, slot, dist, occurrence=0):
        return dist.quantile(case.uniforms[slot])

    def frame(self):
        """The events so far (the log empties when it makes its table: keep it)."""
        self.table = getattr(self, "table", None)
        if len(self.events):
            new = self.events.to_frame()
            self.table = new if self.table is None else pd.concat([self.table, new],
                                                                  ignore_index=True)
        return self.table if self.table is not None else EventLog().to_frame()

    def codes(self) -> list[Ev]:
        return [Ev(int(c)) for c in self.frame()["event"]]


def _u(**at) -> list[float]:
    """A court L&D block at 0.01 (every step passes), with the named slots set."""
    u = [0.01] * COURT_LD_SLOTS
    for name, value in at.items():
        u[getattr(UC, name.upper())] = value
    return u


def _case(person, uniforms=None) -> Case:
    return Case(case_id=7, person=person, offence_day=0.0,
                uniforms=uniforms or [0.5] * SLOTS, seriousness=int(Seriousness.EITHER_WAY))


NEED = dict(mental_health=True)


def test_coverage_zero_screens_nobody_and_draws_nothing():
    system = _System(COURT_ON | {"liaison_diversion.court.p_coverage": 0.0})
    person = make_person(**NEED)
    case = _case(person)
    assert not screen_at_court(system, person, case)
    assert system.asked == 0 and system.codes() == [] and not system.charges
    assert not case.ld_assessed


def test_identified_with_need_is_assessed_referred_and_engages():
    system = _System(COURT_ON, _u())
    person = make_person(**NEED)
    case = _case(person)
    assert screen_at_court(system, person, case)
    assert system.codes() == [Ev.LD_COURT_SCREENED, Ev.LD_COURT_REFERRED]
    e = system.frame()
    assert e["time_days"].tolist() == pytest.approx([5.0, 5.1])
    assert e["days"].iloc[0] == pytest.approx(0.1)
    assert bool(e["engaged"].iloc[1])
    assert case.ld_assessed
    (item, pid, start, end, gbp), = system.charges  # the custody suite's assessment cost item
    assert (item, pid, start, end) == (Item.LD_ASSESSMENT, person.person_id, 5.0, 5.0)
    assert gbp == system.p.liaison_diversion.cost_per_assessment_gbp


@pytest.mark.parametrize("draws, codes, engaged", [
    ({"covered": 0.81}, [], False),                  # court not covered
    ({"identified": 0.51}, [], False),               # need not identified
    ({"referred": 0.61}, [Ev.LD_COURT_SCREENED], False),  # assessed, not referred
    ({"engaged": 0.51}, [Ev.LD_COURT_SCREENED, Ev.LD_COURT_REFERRED], False),  # does not engage
    ({"covered": 0.79, "identified": 0.49, "referred": 0.59, "engaged": 0.49},
     [Ev.LD_COURT_SCREENED, Ev.LD_COURT_REFERRED], True),  # just inside every threshold
])
def test_each_decision_reads_its_own_draw(draws, codes, engaged):
    system = _System(COURT_ON, _u(**draws))
    person = make_person(**NEED)
    assert screen_at_court(system, person, _case(person)) is engaged
    assert system.codes() == codes
    if Ev.LD_COURT_REFERRED in codes:
        assert bool(system.frame()["engaged"].iloc[-1]) is engaged


def test_no_need_no_screening():
    system = _System(COURT_ON, _u())
    person = make_person()
    assert not screen_at_court(system, person, _case(person))
    assert system.asked == 0 and system.codes() == []


def test_assessment_longer_than_the_window_or_no_practitioner_is_missed():
    long = COURT_ON | {"liaison_diversion.assessment_days": {"dist": "deterministic",
                                                              "value": 0.3}}
    system = _System(long, _u())
    person = make_person(**NEED)
    assert not screen_at_court(system, person, _case(person))
    assert system.codes() == [Ev.LD_COURT_MISSED] and not system.charges
    # one practitioner, busy for 0.2 of the 0.25-day window: the next assessment (0.1) misses it
    busy = _System(COURT_ON, _u(), practitioners=1)
    busy.ld_pool.offer(5.0, 0.2)
    assert not screen_at_court(busy, person, _case(person))
    assert busy.codes() == [Ev.LD_COURT_MISSED]


def test_a_case_assessed_in_the_custody_suite_is_not_screened_again():
    custody = {"liaison_diversion.p_coverage": 1.0, "liaison_diversion.p_identified_if_need": 1.0,
               "liaison_diversion.p_referred_if_identified": 0.0}
    system = _System(COURT_ON | custody, _u())
    person = make_person(**NEED)
    case = _case(person)
    assert not screen_in_custody(system, person, case, detention_days=1.0)
    assert case.ld_assessed and system.codes() == [Ev.LD_SCREENED]
    assert not screen_at_court(system, person, case)
    assert system.asked == 0 and system.codes() == [Ev.LD_SCREENED]


def test_custody_screening_missed_leaves_the_case_to_court():
    custody = {"liaison_diversion.p_coverage": 1.0, "liaison_diversion.p_identified_if_need": 1.0}
    system = _System(COURT_ON | custody, _u())
    person = make_person(**NEED)
    case = _case(person)
    assert not screen_in_custody(system, person, case, detention_days=0.05)  # no time
    assert not case.ld_assessed
    assert screen_at_court(system, person, case)
    assert system.codes() == [Ev.LD_MISSED, Ev.LD_COURT_SCREENED, Ev.LD_COURT_REFERRED]


def test_remand_odds_of_an_engaged_defendant():
    system = SimpleNamespace(p=load_scenario("centralised").with_overrides(
        {"liaison_diversion.remand_odds_ratio_if_engaged": 0.4}).params,
        env=SimpleNamespace(now=0.0), ethnic=EthnicFactors.neutral())
    person = make_person(prior=4)
    case = _case(person)
    base = p_remand(system, person, case)
    case.ld_engaged = True
    odds = base / (1 - base) * 0.4
    assert p_remand(system, person, case) == pytest.approx(odds / (1 + odds), rel=1e-12)
    neutral = SimpleNamespace(p=load_scenario("centralised").params, env=system.env,
                              ethnic=system.ethnic)
    assert p_remand(neutral, person, case) == base  # 1 in the baseline: exactly unchanged


# ---------------------------------------------------------------- through the journey

# Custody-suite L&D identifies half the needs; court L&D sees every other charged defendant with
# a need, and each engages; engagement rules out remand and custody, so its effects show.
JOURNEY = {"liaison_diversion.p_coverage": 1.0, "liaison_diversion.p_identified_if_need": 0.5,
           "liaison_diversion.court.p_coverage": 1.0,
           "liaison_diversion.court.p_identified_if_need": 1.0,
           "liaison_diversion.court.p_referred_if_identified": 1.0,
           "liaison_diversion.court.p_engaged_if_referred": 1.0,
           "liaison_diversion.court.window_days": 2.0, "liaison_diversion.practitioners": 1e6,
           "liaison_diversion.custody_multiplier_if_engaged": 0.0,
           "liaison_diversion.remand_odds_ratio_if_engaged": 0.0}


def _events(overrides: dict, scale: float = 0.002):
    return run_replication(small_scenario(scale, overrides), root_seed=5).events


def _cases(e, ev: Ev, **where) -> set[int]:
    m = e["event"] == int(ev)
    for field, value in where.items():
        col = e[field]
        m &= (col.fillna(False).to_numpy(dtype=bool) if col.dtype == "boolean"
              else np.isin(col.to_numpy(), np.atleast_1d(value)))
    return set(e.loc[m, "case_id"].tolist())


@pytest.fixture(scope="module")
def court_run():
    return _events(JOURNEY)


def test_journey_court_engaged_cases_are_referred_and_meet_the_effects(court_run):
    e = court_run
    engaged = _cases(e, Ev.LD_COURT_REFERRED, engaged=True)
    assert len(engaged) > 50
    assert engaged <= _cases(e, Ev.CHARGE)
    assert engaged == _cases(e, Ev.LD_COURT_SCREENED)  # every step passes
    assert not _cases(e, Ev.LD_COURT_MISSED)
    # referred to treatment at once: each engaged case starts an episode or lapses within the
    # patience, unless that falls after the horizon (nothing is recorded past it)
    treated = _cases(e, Ev.TREATMENT_START) | _cases(e, Ev.TREATMENT_LAPSED)
    scenario = small_scenario(0.002, JOURNEY)
    cutoff = scenario.settings.horizon_days - scenario.params.treatment.patience_days
    referred = e[(e["event"] == int(Ev.LD_COURT_REFERRED))].set_index("case_id")["time_days"]
    late = {c for c in engaged - treated if referred[c] > cutoff}
    assert engaged - late <= treated and len(late) < len(engaged) / 10
    # remand odds 0: none remanded awaiting trial (a recall on licence is not a remand decision)
    remanded = _cases(e, Ev.REMAND, custody=int(Custody.REMAND))
    assert not engaged & remanded and remanded - engaged  # others still are
    # custody multiplier 0: no custodial sentence on their own conviction (offences > 0; a
    # breach sentence proves no offence)
    sentenced = e[(e["event"] == int(Ev.SENTENCED)) & (e["offences"] > 0)]
    custodial = sentenced["disposal"].isin([int(Disposal.SHORT_CUSTODY),
                                           int(Disposal.LONG_CUSTODY)])
    engaged_rows = sentenced["case_id"].isin(list(engaged))
    assert engaged_rows.sum() > 20 and not (custodial & engaged_rows).any()
    assert (custodial & ~engaged_rows).any()


def test_journey_custody_assessed_cases_are_not_screened_at_court(court_run):
    e = court_run
    custody, court = _cases(e, Ev.LD_SCREENED), _cases(e, Ev.LD_COURT_SCREENED)
    charged = _cases(e, Ev.CHARGE)
    assert custody & charged and court and not custody & court
    # each case screened at court once, and only people with a need (some charged are not)
    n_court = int((e["event"] == int(Ev.LD_COURT_SCREENED)).sum())
    assert n_court == len(court)
    people = e.loc[e["event"] == int(Ev.LD_COURT_SCREENED), "person_id"].nunique()
    assert 0 < people < e.loc[e["event"] == int(Ev.CHARGE), "person_id"].nunique()


def test_journey_coverage_zero_no_court_events():
    e = _events(JOURNEY | {"liaison_diversion.court.p_coverage": 0.0}, scale=0.001)
    assert (e["event"] == int(Ev.CHARGE)).sum() > 500
    for ev in (Ev.LD_COURT_SCREENED, Ev.LD_COURT_MISSED, Ev.LD_COURT_REFERRED):
        assert not (e["event"] == int(ev)).any()


def test_journey_with_court_ld_is_legal(court_run):
    from test_pathway_invariants import check_journeys

    finals = check_journeys(court_run)
    assert finals
