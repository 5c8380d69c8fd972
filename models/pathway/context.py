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
from models.pathway.events import EventLog
from models.pathway.hazard import HazardModel
from models.pathway.ledger import Ledger
from sim import Capacity, Distribution, Environment, LevelLog, ServerPool

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
    group_cum: list[float]        # cumulative offence group shares (OFFENCE_GROUPS order)
    seriousness_cum: list[list[float]]  # per group: cumulative mode-of-trial shares
    cost_of_crime_gbp: list[float]      # per group
    mean_cost_of_crime_gbp: float       # of an undetected offence (group unknown)
    ethnic: EthnicFactors               # disproportionality factors by ethnic group

    def quantile(self, case: Case, slot: int, dist: Distribution, occurrence: int = 0) -> float:
        """``dist`` drawn at the case's uniform for ``slot`` (common random numbers)."""
        ...

    def case_uniform(self, case: Case, slot: int, occurrence: int = 0) -> float:
        """The case's uniform for ``slot``; a repeat (``occurrence`` > 0) reads its own."""
        ...

    def spell_draws(self, person: Person, case: Case | None = None) -> tuple[float, float, float]:
        """(undetected-count uniform, time uniform, detection delay days) of the next spell."""
        ...
