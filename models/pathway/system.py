"""The justice system of one replication: resources, random draws, the event log and the ledger.

Capacity-limited services are resources with queues:

- magistrates' and Crown Court rooms, prison places and probation caseload places are
  resources with FIFO queues (:class:`sim.Capacity`) that SimPy processes wait in;
- L&D practitioners, treatment places and women's centre places are FCFS pools resolved at
  referral (:class:`sim.ServerPool`): a detainee is screened only if a practitioner is free
  before they leave the custody suite; a referral lapses if no place opens within the patience.

The system satisfies :class:`~models.pathway.context.Context`, the interface the stages use.
"""

from __future__ import annotations

import numpy as np

from models.config.scenario import Params, Scenario
from models.config.vocabulary import (
    DAYS_PER_YEAR,
    OFFENCE_GROUPS,
    SERIOUSNESS,
    SITTING_DAYS_PER_COURTROOM_YEAR,
    YOUTH_ESTATES,
)
from models.pathway.cohort import Cohort, arrestee_ethnicity_shares
from models.pathway.disproportionality import EthnicFactors
from models.pathway.draws import COURT_LD_SLOTS, SLOTS, SPELL_SLOTS, U
from models.pathway.entities import Case, Person
from models.pathway.event_log import EventLog
from models.pathway.hazard import HazardModel
from models.pathway.ledger import Ledger
from models.pathway.regime import Regime
from sim import (
    Capacity,
    Distribution,
    Environment,
    KeyedUniforms,
    LevelLog,
    RandomStreams,
    ServerPool,
)

__all__ = ["System", "courtrooms", "places"]


def places(x: float) -> int:
    """A scaled capacity as a whole number of places (at least one)."""
    return max(1, int(round(x)))


def courtrooms(sitting_days_per_year: float) -> int:
    """Courtrooms that give ``sitting_days_per_year`` (scaled): each sits
    SITTING_DAYS_PER_COURTROOM_YEAR days a year, its hearings spread over the calendar."""
    return places(sitting_days_per_year / SITTING_DAYS_PER_COURTROOM_YEAR)



def _youth_custody_day_gbp(p: Params) -> float:
    """A day in the youth secure estate: the placement mix's mean cost a place a day."""
    y = p.youth_custody
    return sum(y.placement_shares[k] * y.cost_per_place_per_year_gbp[k]
               for k in YOUTH_ESTATES) / DAYS_PER_YEAR


def _prevents(p: Params) -> bool:
    """Whether any age band has a prevention programme."""
    return any(v > 0.0 for v in p.prevention.p_first_offence_prevented.values())

class System:
    """Everything one replication's processes share. Holds no scenario-level state of its own."""

    def __init__(self, scenario: Scenario, streams: RandomStreams, cohort: Cohort) -> None:
        self.scenario, self.p, self.settings = scenario, scenario.params, scenario.settings
        self.horizon = self.settings.horizon_days
        self.env = Environment()  # SimPy's, with a faster run loop and plain calls
        self.streams = streams
        self.events = EventLog(self.horizon)
        self.ledger = Ledger({k: getattr(self.p.budget_holders, k)
                              for k in self.p.budget_holders._data}, self.horizon)
        tl = scenario.timeline
        self._trend = (tl.arrest_trend_per_year, self.settings.warmup_days
                       + tl.arrest_trend_start_year * DAYS_PER_YEAR)
        self.hazard = HazardModel(self.p, *self._trend)
        p, env = self.p, self.env
        self.courts = (Capacity(env, courtrooms(p.court.magistrates.sitting_days_per_year),
                                "magistrates"),
                       Capacity(env, courtrooms(p.court.crown.sitting_days_per_year), "crown"))
        self.prison = Capacity(env, places(p.custody.prison_places), "prison_places")
        self.probation = Capacity(env, places(p.probation.caseload_places), "caseload")
        self.ld_pool = ServerPool(places(p.liaison_diversion.practitioners), "ld_practitioners")
        self.treatment_pool = ServerPool(places(p.treatment.places), "treatment_places")
        self.womens_pool = ServerPool(places(p.womens_centres.places), "womens_centre_places")
        self.timeline_log: list[dict] = []  # changes made by models.pathway.timeline
        self.reinvestments: list[dict] = []  # invest-to-save decisions (models.pathway.invest_to_save)
        self.reinvested_windows: list[dict] = []  # reinvested places open, used, idle (same)
        self.long_sentenced = LevelLog("long_sentenced")  # prisoners serving 12 months or more
        self.summons_outstanding = LevelLog("summons_outstanding")  # models.pathway.summons
        self.n_cases = 0
        c = cohort.columns
        self.people = [
            Person(person_id=int(i), female=bool(f), age_at_entry_years=float(a),
                   entry_day=float(e), mental_health=bool(mh), substance_misuse=bool(sm),
                   no_accommodation=bool(na), unemployed=bool(ue), risk=float(r),
                   prior_offences=int(pr), desist_budget=float(db), desist_checked_day=float(e),
                   ethnicity=int(eth))
            for i, f, a, e, mh, sm, na, ue, r, pr, db, eth in zip(*(c[k].tolist() for k in (
                "person_id", "female", "age_at_entry_years", "entry_day", "mental_health",
                "substance_misuse", "no_accommodation", "unemployed", "risk", "prior_offences",
                "desist_budget", "ethnicity")), strict=True)
        ]
        self._offence_tables()
        # per-person draws, keyed (person, case or spell number): common random numbers
        self._case_draws = streams.keyed("case")
        self._spell_draws = streams.keyed("spell")
        self._person_draws: dict[str, KeyedUniforms] = {}  # per-person decisions, by stream
        self._ld_court_draws = streams.keyed("ld_court")  # its own stream: the above unchanged
        # prison staffing and programmes (models.pathway.stages.prison_regime): its own stream
        self.regime = Regime(self.p)
        self.programme_draws = streams.keyed("prison_programme")
        self.programme_records: list[tuple[float, int, bool]] = []  # (day, programme, completed)
        self._handoff_draws = streams.keyed("handoff")  # release pending charge (handoffs)
        # young adults and the youth secure estate (issue 13): a stream of its own, so that
        # these draws change no other
        self._young_adult_draws = streams.keyed("young_adult")
        y = self.p.youth_custody
        self.youth_estate = Capacity(env, places(y.places), "youth_secure_places")
        self.youth_custody_day_gbp = _youth_custody_day_gbp(self.p)
        self.prevents = _prevents(self.p)  # any prevention programme (models.pathway.stages.prevention)
        # disproportionality by ethnic group, normalised over the arrestees (issue 13)
        self.ethnic = EthnicFactors.from_params(
            self.p, arrestee_ethnicity_shares(self.p.population).tolist())

    def _offence_tables(self) -> None:
        """The offence tables the stages read, from the parameters in force."""
        o = self.p.offences
        self.group_cum = np.cumsum([o.group_shares[g] for g in OFFENCE_GROUPS]).tolist()
        self.seriousness_cum = [np.cumsum([o.seriousness_shares[g][k] for k in SERIOUSNESS]).tolist()
                                for g in OFFENCE_GROUPS]
        self.cost_of_crime_gbp = [o.cost_of_crime_gbp[g] for g in OFFENCE_GROUPS]
        self.mean_cost_of_crime_gbp = sum(o.group_shares[g] * o.cost_of_crime_gbp[g]
                                          for g in OFFENCE_GROUPS)

    def use_params(self, p: Params) -> None:
        """From now on, the stages read ``p`` (a timeline lever has started): the parameters,
        and the hazard model and offence tables made from them. Capacities are the caller's
        (:mod:`models.pathway.timeline`)."""
        self.p = p
        self.hazard = HazardModel(p, *self._trend)
        self._offence_tables()
        self.ethnic = EthnicFactors.from_params(
            p, arrestee_ethnicity_shares(p.population).tolist())
        self.youth_custody_day_gbp = _youth_custody_day_gbp(p)
        self.prevents = _prevents(p)

    def resources(self) -> tuple[Capacity | ServerPool, ...]:
        """Every capacity-limited service, for the monitors of a run's results."""
        return (*self.courts, self.prison, self.probation, self.ld_pool, self.treatment_pool,
                self.womens_pool, self.youth_estate)

    def person_uniform(self, stream: str, person: Person) -> float:
        """The person's own uniform of the per-person decision ``stream`` (keyed by the
        person: the same in every configuration; a stream no decision asks for costs nothing)."""
        draws = self._person_draws.get(stream)
        if draws is None:
            draws = self._person_draws[stream] = self.streams.keyed("person." + stream)
        return draws.one(person.person_id, 0, 0)

    def spell_draws(self, person: Person, case: Case | None = None,
                    pending: Case | None = None) -> tuple[float, float, float]:
        """(undetected-count uniform, time uniform, detection delay days) of the person's next
        spell: their n-th spell after a disposal reads their n-th spell draws; a spell on bail
        reads the case's own slots, so that bail (which policies change) does not shift the
        luck of the spells that follow (common random numbers)."""
        delay = self.p.police.detection_delay_days
        if pending is not None:  # awaiting the charging decision: the case's own hand-off draws
            u_count, u_time, u_delay = self._handoff_draws.block(
                pending.person.person_id, pending.index, SPELL_SLOTS, 1)
            return u_count, u_time, delay.quantile(u_delay)
        if case is not None:
            u = case.uniforms
            return u[U.BAIL_COUNT], u[U.BAIL_TIME], delay.quantile(u[U.BAIL_DELAY])
        j = person.spells_drawn
        person.spells_drawn += 1
        u_count, u_time, u_delay = self._spell_draws.block(person.person_id, j, SPELL_SLOTS)
        return u_count, u_time, delay.quantile(u_delay)

    def case_uniform(self, case: Case, slot: int, occurrence: int = 0) -> float:
        """The case's uniform for ``slot``; a repeat (``occurrence`` > 0: a second breach or
        recall) reads one keyed by the occurrence as well."""
        if occurrence == 0:
            return case.uniforms[slot]
        return self._case_draws.one(case.person.person_id, case.index, occurrence * SLOTS + slot)

    def handoff_draws(self, case: Case) -> tuple[float, float]:
        """(released pending charge uniform, wait uniform) of the case: keyed by person and
        case on a stream of their own, so that no other draw moves."""
        u = self._handoff_draws.block(case.person.person_id, case.index, 2)
        return u[0], u[1]

    def quantile(self, case: Case, slot: int, dist: Distribution, occurrence: int = 0) -> float:
        """``dist`` drawn at the case's uniform for ``slot`` (common random numbers).

        The quantile is computed for this case only, when it is asked for: most cases never
        reach most slots, and an inverse such as Gamma's is costly.
        """
        return dist.quantile(self.case_uniform(case, slot, occurrence))

    def court_ld_uniforms(self, case: Case) -> list[float]:
        """The case's court L&D draws (slots :class:`~models.pathway.draws.UC`), keyed by
        person and case number in a stream of their own (common random numbers)."""
        return self._ld_court_draws.block(case.person.person_id, case.index, COURT_LD_SLOTS)

    def young_adult_uniform(self, case: Case) -> float:
        """The case's uniform for the young-adult decisions (the maturity assessment), keyed
        by person and case number on a stream of its own."""
        return self._young_adult_draws.one(case.person.person_id, case.index)

    def new_case(self, person: Person, offence_day: float) -> Case:
        """Open the person's next case with its block of uniforms (see :mod:`models.pathway.draws`)."""
        n = person.n_cases
        u = self._case_draws.block(person.person_id, n, SLOTS)
        self.n_cases += 1
        person.n_cases += 1
        return Case(self.n_cases, person, offence_day, u, n)
