"""Reoffending: a spell at risk begins, and the time to the next offence is drawn.

Each spell at risk (after release, a court order, a caution, no further action...) reads the
person's own uniforms for their j-th spell, so the same person faces the same luck in every
configuration (common random numbers): desistance, or a time to the next offence from the
reoffending hazard (:mod:`models.pathway.hazard`), and a detection delay to the arrest. A
recall or a breach voids the spell: its pending offence will not happen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models.pathway.context import Context
from models.pathway.entities import Person

__all__ = ["NextOffence", "begin_spell", "void_spell", "index_disposal"]


@dataclass(slots=True)
class NextOffence:
    """The next offence of a spell at risk, and the day of the arrest it leads to."""

    spell: int
    offence_day: float
    arrest_day: float


def begin_spell(system: Context, person: Person, t: float, disposal: int, ld_engaged: bool,
                supported: bool) -> NextOffence | None:
    """Begin a spell at risk at time ``t`` (>= now) after ``disposal``; return the next offence,
    or None if the person desists or would be arrested after the horizon."""
    u_desist, u_time, delay_days = system.spell_draws(person)
    person.spell += 1
    band = person.age_band_at(t)
    hz = system.hazard
    hr = hz.hazard_ratio(person, band, disposal, ld_engaged, supported)
    person.treated = False
    system.events.at_risk(t, person.person_id, disposal, hr)
    dt = hz.time_to_offence(hr, band, u_desist, u_time)
    if dt == math.inf:
        system.events.desisted(t, person.person_id)
        person.pending_arrest_day = math.inf
        return None
    offence_day = t + dt
    arrest_day = offence_day + delay_days
    if arrest_day >= system.horizon:
        person.pending_arrest_day = math.inf
        return None
    person.pending_arrest_day = arrest_day
    return NextOffence(person.spell, offence_day, arrest_day)


def void_spell(person: Person) -> None:
    """A recall or breach ends the spell at risk: its pending offence will not happen."""
    person.spell += 1
    person.pending_arrest_day = math.inf


def index_disposal(person: Person, disposal: int) -> int:
    """The index disposal of a spell begun after ``disposal``: someone still under supervision
    keeps the hazard of the order or licence they are on."""
    return person.supervision_disposal if person.supervision_disposal >= 0 else disposal
