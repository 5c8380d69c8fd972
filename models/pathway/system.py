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

from models.config.scenario import Scenario
from models.config.vocabulary import OFFENCE_GROUPS, SERIOUSNESS, SITTING_DAYS_PER_COURTROOM_YEAR
from models.pathway.cohort import Cohort, arrestee_ethnicity_shares
from models.pathway.disproportionality import EthnicFactors
from models.pathway.draws import SLOTS, SPELL_SLOTS, U
from models.pathway.entities import Case, Person
from models.pathway.events import EventLog
from models.pathway.hazard import HazardModel
from models.pathway.ledger import Ledger
from sim import (
    Capacity,
    Distribution,
    Environment,
    LevelLog,
    RandomStreams,
    ServerPool,
)

__all__ = ["System"]


def _places(x: float) -> int:
    """A scaled capacity as a whole number of places (at least one)."""
    return max(1, int(round(x)))


def _courtrooms(sitting_days_per_year: float) -> int:
    """Courtrooms that give ``sitting_days_per_year`` (scaled): each sits
    SITTING_DAYS_PER_COURTROOM_YEAR days a year, its hearings spread over the calendar."""
    return _places(sitting_days_per_year / SITTING_DAYS_PER_COURTROOM_YEAR)


class System:
    """Everything one replication's processes share. Holds no scenario-level state of its own."""

    def __init__(self, scenario: Scenario, streams: RandomStreams, cohort: Cohort) -> None:
        self.scenario, self.p, self.settings = scenario, scenario.params, scenario.settings
        self.horizon = self.settings.horizon_days
        self.env = Environment()  # SimPy's, with a faster run loop and plain calls
        self.streams = streams
        self.events = EventLog()
        self.ledger = Ledger({k: getattr(self.p.budget_holders, k)
                              for k in self.p.budget_holders._data}, self.horizon)
        self.hazard = HazardModel(self.p)
        p, env = self.p, self.env
        self.courts = (Capacity(env, _courtrooms(p.court.magistrates.sitting_days_per_year),
                                "magistrates"),
                       Capacity(env, _courtrooms(p.court.crown.sitting_days_per_year), "crown"))
        self.prison = Capacity(env, _places(p.custody.prison_places), "prison_places")
        self.probation = Capacity(env, _places(p.probation.caseload_places), "caseload")
        self.ld_pool = ServerPool(_places(p.liaison_diversion.practitioners), "ld_practitioners")
        self.treatment_pool = ServerPool(_places(p.treatment.places), "treatment_places")
        self.womens_pool = ServerPool(_places(p.womens_centres.places), "womens_centre_places")
        self.reinvestments: list[dict] = []  # invest-to-save decisions (models.pathway.invest_to_save)
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
        # disproportionality by ethnic group, normalised over the arrestees (issue 13)
        self.ethnic = EthnicFactors.from_params(
            self.p, arrestee_ethnicity_shares(self.p.population).tolist())
        o = self.p.offences
        self.group_cum = np.cumsum([o.group_shares[g] for g in OFFENCE_GROUPS]).tolist()
        self.seriousness_cum = [np.cumsum([o.seriousness_shares[g][k] for k in SERIOUSNESS]).tolist()
                                for g in OFFENCE_GROUPS]
        self.cost_of_crime_gbp = [o.cost_of_crime_gbp[g] for g in OFFENCE_GROUPS]
        self.mean_cost_of_crime_gbp = sum(o.group_shares[g] * o.cost_of_crime_gbp[g]
                                          for g in OFFENCE_GROUPS)
        # per-person draws, keyed (person, case or spell number): common random numbers
        self._case_draws = streams.keyed("case")
        self._spell_draws = streams.keyed("spell")

    def resources(self) -> tuple[Capacity | ServerPool, ...]:
        """Every capacity-limited service, for the monitors of a run's results."""
        return (*self.courts, self.prison, self.probation, self.ld_pool, self.treatment_pool,
                self.womens_pool)

    def spell_draws(self, person: Person, case: Case | None = None) -> tuple[float, float, float]:
        """(undetected-count uniform, time uniform, detection delay days) of the person's next
        spell: their n-th spell after a disposal reads their n-th spell draws; a spell on bail
        reads the case's own slots, so that bail (which policies change) does not shift the
        luck of the spells that follow (common random numbers)."""
        delay = self.p.police.detection_delay_days
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

    def quantile(self, case: Case, slot: int, dist: Distribution, occurrence: int = 0) -> float:
        """``dist`` drawn at the case's uniform for ``slot`` (common random numbers).

        The quantile is computed for this case only, when it is asked for: most cases never
        reach most slots, and an inverse such as Gamma's is costly.
        """
        return dist.quantile(self.case_uniform(case, slot, occurrence))

    def new_case(self, person: Person, offence_day: float) -> Case:
        """Open the person's next case with its block of uniforms (see :mod:`models.pathway.draws`)."""
        n = person.n_cases
        u = self._case_draws.block(person.person_id, n, SLOTS)
        self.n_cases += 1
        person.n_cases += 1
        return Case(self.n_cases, person, offence_day, u, n)
