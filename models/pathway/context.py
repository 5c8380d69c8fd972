"""What a stage may use of the running system: the clock, parameters, draws, capacities, logs.

Stages take a :class:`Context` (the :class:`~models.pathway.system.System` of the replication
satisfies it) rather than importing the system module, so a stage depends only on the
interface it uses, and the system, the journey and the run can change without touching it.
"""

from __future__ import annotations

from typing import Protocol

from models.config.scenario import Params
from models.pathway.disproportionality import EthnicFactors
from models.pathway.entities import Case, Person
from models.pathway.event_log import EventLog
from models.pathway.hazard import HazardModel
from models.pathway.ledger import Ledger
from models.pathway.regime import Regime
from sim import Capacity, Distribution, Environment, KeyedUniforms, LevelLog, ServerPool

__all__ = ["Context"]


class Context(Protocol):
    """The services of one replication that the stages of the pathway use."""

    env: Environment  # SimPy's, with plain calls (call_later)
    p: Params                     # the scenario's (scaled) parameters
    horizon: float                # days
    events: EventLog
    ledger: Ledger
    hazard: HazardModel
    courts: tuple[Capacity, Capacity]   # magistrates' and Crown Court rooms, by Court
    prison: Capacity
    probation: Capacity
    ld_pool: ServerPool
    treatment_pool: ServerPool
    womens_pool: ServerPool
    long_sentenced: LevelLog      # prisoners serving 12 months or more
    youth_estate: Capacity        # places in the youth secure estate (children, if held there)
    youth_custody_day_gbp: float  # a day in the youth secure estate (the placement mix's mean)
    group_cum: list[float]        # cumulative offence group shares (OFFENCE_GROUPS order)
    seriousness_cum: list[list[float]]  # per group: cumulative mode-of-trial shares
    cost_of_crime_gbp: list[float]      # per group
    mean_cost_of_crime_gbp: float       # of an undetected offence (group unknown)
    regime: Regime                      # prison staffing and hours out of cell
    programme_draws: KeyedUniforms      # in-prison programmes, keyed (person, case)
    programme_records: list[tuple[float, int, bool]]  # (day, programme, completed) of starts
    ethnic: EthnicFactors               # disproportionality factors by ethnic group

    def quantile(self, case: Case, slot: int, dist: Distribution, occurrence: int = 0) -> float:
        """``dist`` drawn at the case's uniform for ``slot`` (common random numbers)."""
        ...

    def case_uniform(self, case: Case, slot: int, occurrence: int = 0) -> float:
        """The case's uniform for ``slot``; a repeat (``occurrence`` > 0) reads its own."""
        ...

    def young_adult_uniform(self, case: Case) -> float:
        """The case's uniform for the maturity assessment (a stream of its own)."""
        ...

    def spell_draws(self, person: Person, case: Case | None = None,
                    pending: Case | None = None) -> tuple[float, float, float]:
        """(undetected-count uniform, time uniform, detection delay days) of the next spell."""
        ...

    def person_uniform(self, stream: str, person: Person) -> float:
        """The person's own uniform of a per-person decision ``stream`` (the same in every
        configuration, and drawn only when asked)."""
        ...

    def court_ld_uniforms(self, case: Case) -> list[float]:
        """The case's court L&D draws (slots ``draws.UC``), from their own keyed stream."""
        ...

    def handoff_draws(self, case: Case) -> tuple[float, float]:
        """(released pending charge uniform, wait uniform) of the case (its own stream)."""
        ...
