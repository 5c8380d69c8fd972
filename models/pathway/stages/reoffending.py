"""Reoffending: a spell at risk begins, the next detected offence is drawn, and the offences
that go undetected are counted.

Each spell at risk (after release, a court order, a caution, no further action, or on bail)
reads the person's own uniforms for their j-th spell, so the same person faces the same luck in
every configuration (common random numbers). If the person's criminal career has ended
(:meth:`models.pathway.hazard.HazardModel.career_over`) there is no further offence; otherwise
the time to the next detected offence comes from the reoffending hazard, and an arrest follows
after a detection delay. Each offence is detected with ``p_offence_detected``, so the detected
one is the K-th offence of the spell, K geometric: the K - 1 before it go undetected. They are
recorded, and costed, when the spell ends (at the detected offence, or pro rata when a recall,
a breach, prison, the end of the career or the horizon cuts the spell short).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models.config.vocabulary import Item
from models.pathway.context import Context
from models.pathway.entities import Case, Person

__all__ = ["NextOffence", "begin_spell", "end_spell", "void_spell", "index_disposal"]


@dataclass(slots=True)
class NextOffence:
    """The next offence of a spell at risk, and the day of the arrest it leads to."""

    spell: int
    offence_day: float
    arrest_day: float


def begin_spell(system: Context, person: Person, t: float, disposal: int, ld_engaged: bool,
                supported: bool, bail_case: Case | None = None,
                pending_case: Case | None = None) -> NextOffence | None:
    """Begin a spell at risk at time ``t`` (>= now) after ``disposal`` (on bail for
    ``bail_case``, or awaiting the charging decision of ``pending_case``, whose own draws it
    reads); return the next detected offence, or None if the
    career ends first or the arrest would come after the horizon."""
    end_spell(system, person, t)
    u_count, u_time, delay_days = system.spell_draws(person, bail_case) if pending_case is None \
        else system.spell_draws(person, pending=pending_case)
    person.spell += 1
    band = person.age_band_at(t)
    hz = system.hazard
    person.managed = _managed_as_prolific(system, person)
    hr = hz.hazard_ratio(person, band, disposal, ld_engaged, supported, person.managed)
    if t >= hz.trend_from_day:  # a timeline's arrest trend (never, without one)
        hr *= hz.trend_multiplier(t)
    person.treated = False
    system.events.at_risk(t, person.person_id, disposal, hr)
    person.pending_arrest_day = math.inf
    if hz.career_over(person, t):
        system.events.desisted(t, person.person_id)
        return None
    offence_day = t + hz.time_to_offence(hr, u_time)
    p_detect = system.p.police.p_offence_detected
    person.spell_start, person.spell_offence_day = t, offence_day
    person.spell_career_end = math.inf
    person.spell_undetected = 0 if p_detect >= 1.0 else \
        int(math.log1p(-u_count) / math.log1p(-p_detect))
    rate = hz.desistance_rate_per_day(band, person.prior_offences)
    career_end = person.desist_checked_day + (person.desist_budget - person.desist_hazard) / rate \
        if rate > 0 else math.inf
    if career_end <= offence_day:  # the career ends before the next detected offence
        person.spell_career_end = career_end
        system.events.desisted(t, person.person_id)
        return None
    arrest_day = offence_day + delay_days
    if arrest_day >= system.horizon:
        return None
    person.pending_arrest_day = arrest_day
    return NextOffence(person.spell, offence_day, arrest_day)


def _managed_as_prolific(system: Context, person: Person) -> bool:
    """Whether a spell of ``person`` is under integrated offender management: a prolific
    offender (a record of at least ``min_prior_offences``) is managed with
    ``p_managed_if_prolific``, read from their own uniform (so the same people in every
    configuration, and once prolific, every spell)."""
    om = system.p.offender_management
    if om.p_managed_if_prolific <= 0.0 or person.prior_offences < om.min_prior_offences:
        return False
    return system.person_uniform("offender_management", person) < om.p_managed_if_prolific


def end_spell(system: Context, person: Person, t: float) -> None:
    """Close the open spell at risk at ``t``: record (and cost) the undetected offences
    committed in it up to ``t``, its detected offence or the end of the career, and the
    offender management it had."""
    start = person.spell_start
    if math.isnan(start):
        return
    person.spell_start = math.nan
    if person.managed:
        person.managed = False
        until = min(t, person.spell_career_end, system.horizon)
        if until > start:
            system.ledger.charge(Item.OFFENDER_MANAGEMENT, person.person_id, start, until,
                                 (until - start) * system.p.offender_management.cost_per_managed_day_gbp)
    n_all, offence_day = person.spell_undetected, person.spell_offence_day
    if n_all <= 0:
        return
    # the K - 1 undetected offences fall before the detected one; count those up to the end
    # of the spell, of the career or of the run
    end = min(t, person.spell_career_end, offence_day, system.horizon)
    n = n_all if end >= offence_day else int(n_all * (end - start) / (offence_day - start))
    if n <= 0:
        return
    system.events.undetected_offences(end, person.person_id, n)
    system.ledger.charge(Item.COST_OF_CRIME, person.person_id, end, end,
                         n * system.mean_cost_of_crime_gbp)
    person.undetected_since_case += n


def void_spell(system: Context, person: Person) -> None:
    """A recall, a breach or prison ends the spell at risk now: its pending offence will not
    happen (the undetected offences until now are recorded)."""
    end_spell(system, person, system.env.now)
    person.spell += 1
    person.pending_arrest_day = math.inf


def index_disposal(person: Person, disposal: int) -> int:
    """The index disposal of a spell begun after ``disposal``: someone still under supervision
    keeps the hazard of the order or licence they are on."""
    return person.supervision_disposal if person.supervision_disposal >= 0 else disposal
