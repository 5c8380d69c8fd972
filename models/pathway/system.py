"""The justice system of one replication: resources, random streams, the event log and the ledger.

Capacity-limited services are resources with queues:

- magistrates' and Crown Court rooms, prison places and probation caseload places are
  resources with FIFO queues (:class:`sim.capacity.Capacity`) that SimPy processes wait in;
- L&D practitioners and treatment places are FCFS pools resolved at referral
  (:class:`sim.monitors.ServerPool`): a detainee is screened only if a practitioner is free
  before they leave the custody suite; a referral lapses if no place opens within the patience.
"""

from __future__ import annotations

import math

import numpy as np
import simpy

from models.config.scenario import Scenario
from models.pathway.cohort import SPELL_DRAWS, Cohort
from models.pathway.draws import CASES_PER_PERSON, SLOTS
from models.pathway.events import EVENT_COLUMNS, Court
from models.pathway.ledger import Ledger
from models.pathway.stages.reoffending import HazardModel
from sim.capacity import Capacity
from sim.distributions import batched_sampler
from sim.levels import LevelLog
from sim.monitors import ServerPool
from sim.recorder import EventRecorder
from sim.streams import RandomStreams

__all__ = ["System", "Person", "Case"]


class Person:
    """A person's fixed attributes (from the cohort) and their small mutable journey state."""

    __slots__ = ("pid", "female", "age0", "entry_day", "mental_health", "substance_misuse",
                 "no_accommodation", "unemployed", "risk", "priors", "spell", "n_cases",
                 "licence_until", "treated", "pending_arrest_day", "last_charge_day", "diversions",
                 "police_until",
                 "prison_since", "prison_item", "supervised_since", "supervision_disposal")

    def __init__(self, pid, female, age0, entry_day, mh, sm, no_acc, unemp, risk, priors):
        self.pid, self.female, self.age0, self.entry_day = pid, female, age0, entry_day
        self.mental_health, self.substance_misuse = mh, sm
        self.no_accommodation, self.unemployed = no_acc, unemp
        self.risk, self.priors = risk, priors
        self.spell = 0                  # spells at risk begun; a pending arrest of an older spell is void
        self.n_cases = 0
        self.licence_until = -math.inf  # end of licence or post-sentence supervision
        self.treated = False            # a treatment episode began in the current spell
        self.pending_arrest_day = math.inf
        self.last_charge_day = -math.inf  # day of the latest charge (supervision ends at a charge)
        self.diversions = 0             # young-person diversions from charge so far
        self.police_until = -math.inf   # leaves the custody suite (after an arrest) at this time
        self.prison_since = math.nan    # open prison stay (for costs still accruing at the horizon)
        self.prison_item = 0
        self.supervised_since = math.nan
        self.supervision_disposal = -1  # the index disposal of the order or licence supervised

    def age_at(self, t_days: float) -> float:
        return self.age0 + (t_days - self.entry_day) / 365.25


class Case:
    """One offence's journey through the pathway."""

    __slots__ = ("case_id", "person", "offence_day", "court", "remanded", "ld_engaged",
                 "recalled", "disposal", "sentence_days", "remand_start", "sentence_start", "u",
                 "block", "supported", "wc_referred")

    def __init__(self, case_id: int, person: Person, offence_day: float, u: list[float],
                 block: int = -1):
        self.case_id, self.person, self.offence_day = case_id, person, offence_day
        self.u = u  # this case's uniforms, one slot per decision (models.pathway.draws.U)
        self.block = block  # row of the cohort's case blocks (-1: an overflow case)
        self.court = Court.MAGISTRATES
        self.remanded = self.ld_engaged = self.recalled = False
        self.supported = self.wc_referred = False  # women's centre: support began / referral decided
        self.disposal = -1
        self.sentence_days = 0.0
        self.remand_start = math.nan
        self.sentence_start = math.nan  # remand start if remanded, else the sentencing day


def _discard(_row: tuple) -> None:
    """Tracing off: records cost one no-op call."""


class System:
    """Everything one replication's processes share. Holds no scenario-level state of its own."""

    def __init__(self, scenario: Scenario, streams: RandomStreams, cohort: Cohort,
                 trace: bool = True):
        self.scenario, self.p, self.settings = scenario, scenario.params, scenario.settings
        self.horizon = self.settings.horizon_days
        self.env = simpy.Environment()
        self.streams = streams
        self.log = EventRecorder(EVENT_COLUMNS, enabled=trace)
        # record((time_days, person_id, case_id, event, detail, value)): a plain list append
        self.record = self.log.rows.append if trace else _discard
        self.ledger = Ledger({k: getattr(self.p.budget_holders, k)
                              for k in self.p.budget_holders._data})
        self.hazard = HazardModel(self.p)
        cap = lambda x: max(1, int(round(x)))  # noqa: E731  (scaled capacities, at least 1)
        env = self.env
        self.courts = (Capacity(env, cap(self.p.court.magistrates.courtrooms), "magistrates"),
                       Capacity(env, cap(self.p.court.crown.courtrooms), "crown"))
        self.prison = Capacity(env, cap(self.p.custody.prison_places), "prison_places")
        self.probation = Capacity(env, cap(self.p.probation.caseload_places), "caseload")
        self.ld_pool = ServerPool(cap(self.p.liaison_diversion.practitioners), "ld_practitioners")
        self.treatment_pool = ServerPool(cap(self.p.treatment.places), "treatment_places")
        self.womens_pool = ServerPool(cap(self.p.womens_centres.places), "womens_centre_places")
        self.reinvestments: list[dict] = []  # invest-to-save decisions (models.pathway.stages.devolution)
        self.long_sentenced = LevelLog("long_sentenced")  # prisoners serving 12 months or more
        self._uniform: dict = {}
        self._samplers: dict = {}
        self.n_cases = 0
        self.prosecute = None  # set by models.pathway.run.build_system (the charged-case process)
        c = cohort.columns
        self.people = [
            Person(int(i), bool(f), float(a), float(e), bool(mh), bool(sm), bool(na), bool(ue),
                   float(r), int(pr))
            for i, f, a, e, mh, sm, na, ue, r, pr in zip(
                c["person_id"], c["female"], c["age_at_entry_years"], c["entry_day"],
                c["mental_health"], c["substance_misuse"], c["no_accommodation"],
                c["unemployed"], c["risk"], c["prior_offences"], strict=True)
        ]
        self._spell_u = cohort.spell_uniforms.reshape(-1).tolist()  # per-person draws (CRN)
        self._delay_days = np.asarray(self.p.police.detection_delay_days.ppf(
            cohort.spell_uniforms[:, :, 2].reshape(-1)), dtype=np.float64)
        self._spell_overflow = streams.buffered("spell.overflow")
        self._case_u = cohort.case_uniforms
        self._case_overflow = streams.buffered("case.overflow")
        self._repeat_overflow = streams.buffered("case.repeat_overflow")
        self._quantiles: dict = {}

    def uniform(self, decision: str):
        """The ``random()`` method of the buffered stream for one decision (cached)."""
        f = self._uniform.get(decision)
        if f is None:
            f = self._uniform[decision] = self.streams.buffered(f"decision.{decision}").random
        return f

    def sampler(self, name: str, dist):
        """A zero-argument sampler of ``dist`` on its own stream ``dist.<name>`` (cached)."""
        f = self._samplers.get(name)
        if f is None:
            f = self._samplers[name] = batched_sampler(dist, self.streams.generator(f"dist.{name}"))
        return f

    def spell_draws(self, person: Person) -> tuple[float, float, float]:
        """(desistance uniform, time uniform, detection delay days) of the person's next spell."""
        j = person.spell
        if j < SPELL_DRAWS:
            k = person.pid * SPELL_DRAWS + j
            u = self._spell_u
            return u[3 * k], u[3 * k + 1], float(self._delay_days[k])
        r = self._spell_overflow.random
        return r(), r(), float(self.p.police.detection_delay_days.ppf(r()))

    def case_uniform(self, case: Case, slot: int, occurrence: int = 0) -> float:
        """The case's uniform for ``slot``; repeats (``occurrence`` > 0) come from an overflow."""
        return case.u[slot] if occurrence == 0 else self._repeat_overflow.random()

    def quantile(self, case: Case, slot: int, name: str, dist, occurrence: int = 0) -> float:
        """``dist`` drawn at the case's uniform for ``slot`` (common random numbers).

        Overflow cases and repeats (``occurrence`` > 0) draw from a stream of their own instead.

        The quantiles of a whole slot column are computed at once, on first use, and cached
        under ``(name, slot)`` (one name per distribution).
        """
        k = case.block
        if k < 0 or occurrence:  # rare: an overflow stream (a scalar quantile can be slow)
            return float(self.sampler(f"{name}.{slot}.overflow", dist)())
        col = self._quantiles.get((name, slot))
        if col is None:
            u = self._case_u[:, :, slot].reshape(-1).astype(np.float64)
            col = self._quantiles[name, slot] = np.asarray(dist.ppf(u), dtype=np.float64)
        return float(col[k])

    def new_case(self, person: Person, offence_day: float) -> Case:
        """Open the person's next case with its block of uniforms (see :mod:`models.pathway.draws`)."""
        n = person.n_cases
        if n < CASES_PER_PERSON:
            u, block = self._case_u[person.pid, n].tolist(), person.pid * CASES_PER_PERSON + n
        else:
            r = self._case_overflow.random
            u, block = [r() for _ in range(SLOTS)], -1
        self.n_cases += 1
        person.n_cases += 1
        return Case(self.n_cases, person, offence_day, u, block)
