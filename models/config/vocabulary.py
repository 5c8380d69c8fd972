"""Every vocabulary of the model in one place: the categories parameters, events and costs use.

The parameter schema (:mod:`models.config.parameters`) keys its tables by these names, the
pathway records them as small integers (the enums below, whose order is the order of the
names) and the outputs turn the integers back into names. Adding a category here is the one
change that reaches all three.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["DAYS_PER_YEAR", "DAYS_PER_MONTH", "SITTING_DAYS_PER_COURTROOM_YEAR", "AGE_BANDS", "ORIGINS", "ARREST_OUTCOMES",
           "OOCD_TYPES", "MAGISTRATES_SENTENCES", "CROWN_SENTENCES", "Disposal", "DISPOSALS",
           "Court", "COURTS", "Custody", "CUSTODY_KINDS", "Supervision", "SUPERVISION_KINDS",
           "SupervisionEnd", "SUPERVISION_ENDS", "BUDGET_HOLDERS", "HOLDER_LEVEL", "LEVELS",
           "Item", "COST_ITEMS", "OffenceGroup", "OFFENCE_GROUPS", "Seriousness", "SERIOUSNESS",
           "PRIOR_BANDS", "prior_band_of", "YOUTH_ESTATES", "CHILDREN_HELD_IN", "BASELINE_PAYER",
           "DEVOLVED_CUSTODY_ITEMS", "Ethnicity", "ETHNICITIES", "BAME"]

DAYS_PER_YEAR = 365.25
# A courtroom sits about five days a week (assumption: 250 sitting days a year); hearing times are
# calendar days a courtroom is held, so court.*.sitting_days_per_year / this = courtrooms.
SITTING_DAYS_PER_COURTROOM_YEAR = 250.0
DAYS_PER_MONTH = DAYS_PER_YEAR / 12.0

AGE_BANDS = ("10-17", "18-24", "25+")
ORIGINS = ("new", "known", "stock")  # how a person enters a run (models.pathway.cohort)
ARREST_OUTCOMES = ("nfa", "out_of_court", "charge")
OOCD_TYPES = ("caution", "community_resolution", "conditional_caution")
MAGISTRATES_SENTENCES = ("short_custody", "suspended", "community_order", "fine", "discharge")
CROWN_SENTENCES = ("long_custody",) + MAGISTRATES_SENTENCES


class OffenceGroup(IntEnum):
    """The offence group of a case (what it costs victims and society, X29; X2 for violence)."""

    VIOLENCE = 0
    SEXUAL = 1
    ROBBERY = 2
    THEFT = 3
    CRIMINAL_DAMAGE = 4
    DRUGS = 5
    OTHER = 6


OFFENCE_GROUPS = tuple(g.name.lower() for g in OffenceGroup)


class Seriousness(IntEnum):
    """The mode of trial of the case's most serious offence."""

    SUMMARY = 0          # magistrates' court only
    EITHER_WAY = 1       # magistrates' court or sent to the Crown Court
    INDICTABLE_ONLY = 2  # Crown Court only


SERIOUSNESS = tuple(s.name.lower() for s in Seriousness)

# Previous proven offences, in the bands of the published tables (X32): 0, 1-2, 3-6, 7-10, 11+.
PRIOR_BANDS = ("0", "1-2", "3-6", "7-10", "11+")
_PRIOR_BAND_UPPER = (0, 2, 6, 10)


def prior_band_of(prior_offences: int) -> int:
    """Index into ``PRIOR_BANDS``."""
    for i, upper in enumerate(_PRIOR_BAND_UPPER):
        if prior_offences <= upper:
            return i
    return len(_PRIOR_BAND_UPPER)


class Disposal(IntEnum):
    """How a case ends, and so the index disposal of the spell at risk that follows it."""

    NFA = 0
    ACQUITTED = 1
    COMMUNITY_RESOLUTION = 2
    CAUTION = 3
    CONDITIONAL_CAUTION = 4
    FINE = 5
    DISCHARGE = 6
    COMMUNITY_ORDER = 7
    SUSPENDED = 8
    SHORT_CUSTODY = 9   # immediate custody under 12 months
    LONG_CUSTODY = 10   # immediate custody of 12 months or more
    BAIL = 11           # not an outcome: on bail awaiting trial or sentence (a spell at risk)


DISPOSALS = tuple(d.name.lower() for d in Disposal)


class Court(IntEnum):
    MAGISTRATES = 0
    CROWN = 1


COURTS = tuple(c.name.lower() for c in Court)


class Custody(IntEnum):
    """Why someone is in prison."""

    REMAND = 0
    SENTENCED = 1
    RECALL = 2


CUSTODY_KINDS = tuple(c.name.lower() for c in Custody)


class Supervision(IntEnum):
    """What probation supervises: a community or suspended sentence order, or a licence."""

    ORDER = 0
    LICENCE = 1


SUPERVISION_KINDS = tuple(s.name.lower() for s in Supervision)


class SupervisionEnd(IntEnum):
    """Why a period of supervision ends."""

    COMPLETED = 0   # the order or licence ran its course
    CHARGED = 1     # a new charge: the new case decides what follows
    BREACHED = 2    # a technical breach: recall (licence) or back to court (order)
    REVOKED = 3     # a conviction for a new offence revokes the order (custody ends a licence)


SUPERVISION_ENDS = tuple(s.name.lower() for s in SupervisionEnd)

BUDGET_HOLDERS = ("prisons", "probation", "courts", "prosecution",            # central
                  "police", "health", "local_authority", "combined_authority",  # local
                  "victims_and_society")                                        # not a public budget
HOLDER_LEVEL = {"prisons": "central", "probation": "central", "courts": "central",
                "prosecution": "central", "police": "local", "health": "local",
                "local_authority": "local", "combined_authority": "local",
                "victims_and_society": "social"}
LEVELS = ("central", "local", "social")


class Item(IntEnum):
    """Cost items: what a ledger entry pays for (which holder pays is scenario data)."""

    POLICE_CUSTODY = 0
    LD_ASSESSMENT = 1
    TREATMENT = 2
    PROSECUTION = 3
    COURT_HEARING = 4
    REMAND_DAYS = 5
    PRISON_DAYS = 6           # sentences under 12 months
    RECALL_DAYS = 7
    PROBATION_SUPERVISION = 8
    RESETTLEMENT_SUPPORT = 9
    WOMENS_CENTRE = 10
    PRISON_DAYS_LONG = 11     # sentences of 12 months or more
    REINVESTMENT = 12
    COST_OF_CRIME = 13
    PREVENTION = 14           # early intervention keeping would-be first-time entrants out
    OFFENDER_MANAGEMENT = 15  # integrated offender management of prolific offenders
    YOUTH_CUSTODY_DAYS = 16   # a child's stay in the youth secure estate (youth_custody.children_held_in)


COST_ITEMS = tuple(i.name.lower() for i in Item)


class Programme(IntEnum):
    """In-prison programmes a prisoner may start and complete (models.pathway.stages.prison_regime):
    education, work (employability, a prison job), an offending behaviour programme, and drug
    recovery treatment (003:2142-2339, 1153-1168)."""

    EDUCATION = 0
    WORK = 1
    BEHAVIOUR = 2
    RECOVERY = 3


PROGRAMMES = tuple(g.name.lower() for g in Programme)
# The youth secure estate for children (under 18) in custody, and where a run holds them:
# "adult_prisons" (adult places and day cost, as before the youth estate was modelled) or
# "youth_secure_estate" (its own places and cost per place, models.pathway.stages.custody).
YOUTH_ESTATES = ("yoi", "secure_training_centre", "secure_childrens_home")
CHILDREN_HELD_IN = ("adult_prisons", "youth_secure_estate")
# Devolved budgets (models.pathway.budget): the items a configuration may devolve with a grant,
# and who pays for each in the centralised baseline (and so pays the grant when it moves).
BASELINE_PAYER = {"remand_days": "prisons", "prison_days": "prisons", "recall_days": "prisons",
                  "probation_supervision": "probation", "resettlement_support": "probation",
                  "treatment": "health"}
DEVOLVED_CUSTODY_ITEMS = ("remand_days", "prison_days", "recall_days")


class Ethnicity(IntEnum):
    """A person's ethnic group, in the five groups of the published tables (Lammy 2017; 003:813-916)."""

    WHITE = 0
    BLACK = 1
    ASIAN = 2
    MIXED = 3
    OTHER = 4


ETHNICITIES = tuple(e.name.lower() for e in Ethnicity)
BAME = tuple(e for e in Ethnicity if e != Ethnicity.WHITE)  # Black, Asian and minority ethnic
