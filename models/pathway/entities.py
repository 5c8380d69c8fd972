"""The people, cases and sentences the pathway moves around.

A :class:`Person` has fixed attributes drawn with the cohort before the run and a small
mutable journey state; a :class:`Case` is one offence's way through the pathway, with its own
block of uniforms (:mod:`models.pathway.draws`); a :class:`Sentence` is what a court passes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import simpy

from models.config.vocabulary import DAYS_PER_YEAR, Court, Disposal, Item

__all__ = ["Person", "Case", "Sentence", "age_band_of"]


def age_band_of(age_years: float) -> int:
    """Index into ``AGE_BANDS`` (10-17, 18-24, 25+)."""
    return 0 if age_years < 18.0 else (1 if age_years < 25.0 else 2)


@dataclass(slots=True, eq=False)
class Person:
    """A person's fixed attributes (from the cohort) and their mutable journey state."""

    person_id: int
    female: bool
    age_at_entry_years: float
    entry_day: float
    mental_health: bool
    substance_misuse: bool
    no_accommodation: bool      # changes at release (resettlement)
    unemployed: bool            # changes at release (resettlement)
    risk: float                 # offending propensity for life (a hazard multiplier)
    prior_offences: int         # proven offences so far (convictions and cautions)
    desist_budget: float = math.inf  # the career ends when accumulated desistance exceeds it
    ethnicity: int = 0          # index into ETHNICITIES (Ethnicity)
    # -- journey state
    spell: int = 0              # spells at risk begun; a pending arrest of an older spell is void
    spells_drawn: int = 0       # spells that read the person's own spell draws (not on bail)
    desist_hazard: float = 0.0             # desistance accumulated so far
    desist_checked_day: float = 0.0        # ... up to this day
    spell_start: float = math.nan          # the current spell at risk began (NaN: none open)
    spell_offence_day: float = math.inf    # its next detected offence
    spell_career_end: float = math.inf     # the career ends then, before that offence (or inf)
    spell_undetected: int = 0              # undetected offences before that offence
    undetected_since_case: int = 0         # undetected offences since the last case (for TICs)
    n_cases: int = 0
    licence_until: float = -math.inf       # end of licence or post-sentence supervision
    treated: bool = False                  # a treatment episode began in the current spell
    pending_arrest_day: float = math.inf   # the arrest scheduled for the current spell
    last_charge_day: float = -math.inf     # the latest charge
    held_on_charge: bool = False           # remanded or recalled on the latest charge
    open_case: Case | None = None          # a prosecution awaiting verdict, defendant at liberty
    revoke: object = None                  # the event that revokes the supervision in progress
    supervision_wake: object = None        # the event that tells supervision of a new spell
    supervision_wait_until: float = math.inf  # ... if its arrest comes before this time
    supervision_case: Case | None = None   # the case whose order or licence is current
    supervision_licence: bool = False      # ... a licence (else an order)
    diversions: int = 0                    # young-person diversions from charge so far
    police_until: float = -math.inf        # leaves the custody suite (after an arrest) at this time
    prison_since: float = math.nan         # open prison stay (costs still accruing at the horizon)
    awaiting_place: int = 0                # stays waiting for a prison place (in police cells)
    left_prison: simpy.Event | None = None  # the event that tells a waiting stay of a release
    prison_item: Item = Item.POLICE_CUSTODY  # cost item of the open prison stay
    supervised_since: float = math.nan     # open period of supervision
    supervision_disposal: int = -1         # index disposal of the order or licence supervised
    managed: bool = False                  # the open spell is under integrated offender management
    hr_programme: float = 1.0              # hazard multiplier of programmes completed in prison
    in_youth_estate: bool = False          # the open (or sought) custody is in the youth secure estate

    def age_at(self, t_days: float) -> float:
        return self.age_at_entry_years + (t_days - self.entry_day) / DAYS_PER_YEAR

    def age_band_at(self, t_days: float) -> int:
        return age_band_of(self.age_at(t_days))

    @property
    def has_need(self) -> bool:
        """A mental health or substance misuse need (what L&D and treatment address)."""
        return self.mental_health or self.substance_misuse


@dataclass(slots=True, eq=False)
class Case:
    """One offence's journey through the pathway."""

    case_id: int
    person: Person
    offence_day: float
    uniforms: list[float]        # this case's uniforms, one slot per decision (draws.U)
    index: int = 0               # the person's n-th case (0 first): the key of its uniforms
    offence_group: int = 0
    seriousness: int = 0         # mode of trial of the most serious offence (Seriousness)
    offences: int = 1            # offences the case stands for (other charges, TICs)
    court: Court = Court.MAGISTRATES
    remanded: bool = False
    guilty_plea: bool = False    # pleaded guilty at the first hearing
    recalled: bool = False       # recalled to prison on this charge (on licence)
    ld_engaged: bool = False     # engaged with an L&D referral (custody suite or court)
    ld_assessed: bool = False    # assessed by L&D in the custody suite or at court
    supported: bool = False      # women's centre support began
    wc_referred: bool = False    # the women's centre referral has been decided
    disposal: int = -1
    sentence_days: float = 0.0
    joined: list[Case] | None = None  # later charges joined to this case while on bail
    remand_credit_days: float = 0.0   # days on remand before a custody time limit bailed them
    revoked: bool = False             # its order (or licence) was revoked by a new conviction
    remand_start: float = math.nan
    sentence_start: float = math.nan  # remand start if remanded, else the sentencing day
    maturity_assessed: bool = False   # a young adult whose maturity the pre-sentence report assessed


@dataclass(slots=True)
class Sentence:
    """A sentence passed by a court (or on breach)."""

    disposal: Disposal
    length_days: float = 0.0
    supervised_days: float = 0.0
    treatment_requirement: bool = False

    @property
    def custodial(self) -> bool:
        return self.disposal in (Disposal.SHORT_CUSTODY, Disposal.LONG_CUSTODY)
