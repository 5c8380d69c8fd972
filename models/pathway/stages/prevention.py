"""Prevention: early intervention that keeps would-be first-time entrants out of the system.

The review names early years services, family intervention and alternative education as what
keeps children from a first offence (003:136-140, 589-612, 723-749; Rec 10) but gives no
effect size. Here a programme keeps a would-be first-time entrant of age band *b* from their
first offence with ``p_first_offence_prevented[b]`` (their own uniform, so the same people are
prevented in every configuration with the same chance): they never offend, are never
arrested, and their career does not start. The programme works with
``participants_per_prevented_entrant`` people for each one prevented (most of whom would not
have offended), each at ``cost_per_participant_gbp``; that cost is charged when the prevented
offence would have been committed. Everything is 0 in the baseline.
"""

from __future__ import annotations

from models.config.vocabulary import AGE_BANDS, Item
from models.pathway.context import Context
from models.pathway.entities import Person

__all__ = ["first_offence_prevented"]


def first_offence_prevented(system: Context, person: Person, offence_day: float) -> bool:
    """Whether prevention keeps a new entrant from the first offence due on ``offence_day``
    (recorded and charged if so)."""
    pv = system.p.prevention
    p = pv.p_first_offence_prevented[AGE_BANDS[person.age_band_at(offence_day)]]
    if p <= 0.0 or system.person_uniform("prevention", person) >= p:
        return False
    system.events.prevented(offence_day, person.person_id)
    system.ledger.charge(Item.PREVENTION, person.person_id, offence_day, offence_day,
                         pv.participants_per_prevented_entrant * pv.cost_per_participant_gbp)
    return True
