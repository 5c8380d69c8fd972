"""The events of the pathway, their fields, and the state each event puts a person in.

Every event is recorded through one method of :class:`models.pathway.event_log.EventLog` whose
arguments name its
fields (``events.sentenced(t, person_id, case_id, disposal, length_days)``). The log becomes
one table at the end of a run: ``time_days``, ``person_id``, ``case_id``, ``event`` and one
column per named field (:data:`FIELDS`), each with one meaning; an event fills the fields it
has (:data:`EVENT_FIELDS`) and leaves the others missing (-1 for a category, NA for a flag,
NaN for a number). Each event moves a person into a *state*; the legal transitions between
states are the invariants the tests check for every person.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import pandas as pd

from models.config.vocabulary import (
    COURTS,
    CUSTODY_KINDS,
    DISPOSALS,
    OFFENCE_GROUPS,
    ORIGINS,
    SERIOUSNESS,
    SUPERVISION_ENDS,
    SUPERVISION_KINDS,
    Disposal,
)

__all__ = ["Ev", "EVENT_NAMES", "Field", "FIELDS", "EVENT_FIELDS", "STATE_AFTER",
           "LEGAL_FROM", "next_state", "INDEX_EVENTS", "EVENT_COLUMNS", "labelled"]


class Ev(IntEnum):
    """Event codes (their fields: :data:`EVENT_FIELDS`)."""

    START_AT_RISK = 0      # enters the run at liberty (new entrant or known offender)
    START_IN_PRISON = 1    # enters the run serving a sentence (initial stock)
    OFFENCE = 2
    ARREST = 3
    LD_SCREENED = 4        # assessed by an L&D practitioner
    LD_MISSED = 5          # covered and with a need, but no practitioner in time
    LD_REFERRED = 6        # referred to treatment or support (engaged or not)
    NFA = 7                # no further action
    OUT_OF_COURT = 8       # caution, community resolution or conditional caution
    CHARGE = 9
    BAIL = 10
    REMAND = 11            # remanded in custody, or recalled on a new charge; waits for a place
    COURT_QUEUE = 12       # case ready, waiting for a courtroom
    HEARING = 13           # hearing starts
    CONVICTED = 14
    ACQUITTED = 15
    SENTENCED = 16
    PRISON_ENTRY = 17      # reception
    RELEASE = 18           # leaves prison
    SUPERVISION_START = 19
    SUPERVISION_END = 20
    RECALL = 21            # technical recall
    BREACH = 22            # community order breach returned to court
    TREATMENT_START = 23
    TREATMENT_END = 24
    TREATMENT_LAPSED = 25  # referral not started within patience
    RESETTLED = 26         # released into this accommodation, employment and care
    AT_RISK = 27           # a new spell at risk begins (index for the reoffending hazard)
    DESISTED = 28          # no further offence will be drawn for this spell
    STATUS_CHANGE = 29     # in prison, remand (or recall) becomes a sentence
    WOMENS_CENTRE_START = 30
    WOMENS_CENTRE_LAPSED = 31  # referral not started within patience
    PREVENTED = 32         # a new entrant kept from their first offence by prevention
    LD_COURT_SCREENED = 33     # assessed by L&D at court, before the first hearing
    LD_COURT_MISSED = 34       # at court, covered and identified, but no practitioner in time
    LD_COURT_REFERRED = 35     # referred by court L&D to treatment or support (engaged or not)


@dataclass(frozen=True)
class Field:
    """A named field of the event table: a category (with its names), a flag or a number."""

    name: str
    kind: str                               # "category", "flag" or "number"
    doc: str
    categories: tuple[str, ...] = ()


FIELDS = (
    Field("court", "category", "the court of a charge, queue, hearing or verdict", COURTS),
    Field("custody", "category", "why in prison: at reception, release, remand (REMAND: "
          "remand or recall on a new charge) and the status taken at a status change",
          CUSTODY_KINDS),
    Field("custody_before", "category", "the status left at a status change", CUSTODY_KINDS),
    Field("disposal", "category", "the out-of-court disposal, the sentence, the index disposal "
          "of a spell at risk, or the sentence being served at the start", DISPOSALS),
    Field("origin", "category", "how a person entered the run at liberty", ORIGINS),
    Field("offence_group", "category", "the offence group of a detected offence and of the "
          "case charged (its most serious offence)", OFFENCE_GROUPS),
    Field("seriousness", "category", "the mode of trial of a detected offence and of the case "
          "charged", SERIOUSNESS),
    Field("supervision", "category", "what is supervised: an order or a licence",
          SUPERVISION_KINDS),
    Field("supervision_end", "category", "why supervision ended", SUPERVISION_ENDS),
    Field("guilty_plea", "flag", "a hearing of a guilty plea (not a trial)"),
    Field("engaged", "flag", "engaged with the L&D referral"),
    Field("young_diversion", "flag", "a young person diverted from charge"),
    Field("settled_accommodation", "flag", "released to settled accommodation"),
    Field("employed", "flag", "released into a job"),
    Field("treatment_continuity", "flag", "released with a treatment episode begun"),
    Field("detected", "flag", "an offence record: detected (it led to an arrest) or not"),
    Field("offences", "number", "how many offences: those an offence record stands for (1 if "
          "detected; undetected offences of one spell are recorded together), and those a "
          "caution or a sentence proves (the case's offences, other charges and offences taken "
          "into consideration)"),
    Field("prior_offences", "number", "previous proven offences (cautions and convictions) "
          "before the case an out-of-court disposal or a sentence ends"),
    Field("days", "number", "a duration in days: time left (start in prison), the "
          "assessment, the sentence length (0 for a fine or discharge), the stay ending at a "
          "release, the treatment episode, the women's centre support"),
    Field("hazard_ratio", "number", "the reoffending hazard ratio of a spell at risk"),
)

EVENT_FIELDS: dict[Ev, tuple[str, ...]] = {
    Ev.START_AT_RISK: ("origin",),
    Ev.START_IN_PRISON: ("disposal", "days"),
    Ev.LD_SCREENED: ("days",),
    Ev.LD_REFERRED: ("engaged",),
    Ev.OFFENCE: ("offence_group", "seriousness", "detected", "offences"),
    Ev.OUT_OF_COURT: ("disposal", "young_diversion", "offences", "prior_offences"),
    Ev.CHARGE: ("court", "offence_group", "seriousness"),
    Ev.REMAND: ("custody",),
    Ev.COURT_QUEUE: ("court",),
    Ev.HEARING: ("court", "guilty_plea"),
    Ev.CONVICTED: ("court",),
    Ev.ACQUITTED: ("court",),
    Ev.SENTENCED: ("disposal", "days", "offences", "prior_offences"),
    Ev.PRISON_ENTRY: ("custody",),
    Ev.RELEASE: ("custody", "days"),
    Ev.SUPERVISION_START: ("supervision",),
    Ev.SUPERVISION_END: ("supervision", "supervision_end"),
    Ev.RESETTLED: ("settled_accommodation", "employed", "treatment_continuity"),
    Ev.AT_RISK: ("disposal", "hazard_ratio"),
    Ev.STATUS_CHANGE: ("custody", "custody_before"),
    Ev.TREATMENT_START: ("days",),
    Ev.TREATMENT_END: ("days",),
    Ev.WOMENS_CENTRE_START: ("days",),
    Ev.LD_COURT_SCREENED: ("days",),
    Ev.LD_COURT_REFERRED: ("engaged",),
}
EVENT_COLUMNS = ("time_days", "person_id", "case_id", "event") + tuple(f.name for f in FIELDS)


EVENT_NAMES = tuple(e.name.lower() for e in Ev)


# Index events for proven reoffending (MoJ): cautions, non-custodial court orders, releases
# from custody. Community resolutions are not proven offences and are not index events.
INDEX_EVENTS = {
    "caution": (Ev.OUT_OF_COURT, (Disposal.CAUTION, Disposal.CONDITIONAL_CAUTION)),
    "court_order": (Ev.SENTENCED, (Disposal.FINE, Disposal.DISCHARGE, Disposal.COMMUNITY_ORDER,
                                   Disposal.SUSPENDED)),
    "release": (Ev.RELEASE, None),
}

# States a person can be in. "community" = at liberty (possibly under supervision or on bail).
COMMUNITY, POLICE, BAIL_STATE, PRISON, COURT_HEARING = "community", "police", "bail", "prison", "court"

STATE_AFTER: dict[Ev, str | None] = {
    Ev.START_AT_RISK: COMMUNITY, Ev.START_IN_PRISON: PRISON,
    Ev.OFFENCE: None, Ev.ARREST: POLICE, Ev.LD_SCREENED: None, Ev.LD_MISSED: None,
    Ev.LD_REFERRED: None, Ev.NFA: COMMUNITY, Ev.OUT_OF_COURT: COMMUNITY, Ev.CHARGE: None,
    Ev.BAIL: BAIL_STATE, Ev.REMAND: POLICE, Ev.COURT_QUEUE: None, Ev.HEARING: None,
    Ev.CONVICTED: None, Ev.ACQUITTED: None, Ev.SENTENCED: None, Ev.PRISON_ENTRY: PRISON,
    Ev.RELEASE: COMMUNITY, Ev.SUPERVISION_START: None, Ev.SUPERVISION_END: None,
    Ev.RECALL: None, Ev.BREACH: None, Ev.TREATMENT_START: None, Ev.TREATMENT_END: None,
    Ev.TREATMENT_LAPSED: None, Ev.RESETTLED: None, Ev.AT_RISK: None, Ev.DESISTED: None,
    Ev.STATUS_CHANGE: PRISON, Ev.WOMENS_CENTRE_START: None, Ev.WOMENS_CENTRE_LAPSED: None,
    Ev.PREVENTED: None,
    Ev.LD_COURT_SCREENED: None, Ev.LD_COURT_MISSED: None, Ev.LD_COURT_REFERRED: None,
}

# For each event, the states the person may be in when it happens.
_ANY = frozenset({COMMUNITY, POLICE, BAIL_STATE, PRISON})
LEGAL_FROM: dict[Ev, frozenset[str]] = {
    Ev.START_AT_RISK: frozenset({"none"}), Ev.START_IN_PRISON: frozenset({"none"}),
    Ev.OFFENCE: frozenset({COMMUNITY, BAIL_STATE}), Ev.ARREST: frozenset({COMMUNITY, BAIL_STATE}),
    Ev.LD_SCREENED: frozenset({POLICE}), Ev.LD_MISSED: frozenset({POLICE}),
    Ev.LD_REFERRED: frozenset({POLICE}), Ev.NFA: frozenset({POLICE}),
    Ev.OUT_OF_COURT: frozenset({POLICE}),
    # a suspect released pending the charging decision is charged (and bailed) at liberty
    Ev.CHARGE: frozenset({POLICE, COMMUNITY, BAIL_STATE}),
    Ev.BAIL: frozenset({POLICE, COMMUNITY, BAIL_STATE}), Ev.REMAND: frozenset({POLICE}),
    # a defendant at liberty may be in a police station for another arrest when the court acts
    Ev.COURT_QUEUE: frozenset({BAIL_STATE, PRISON, COMMUNITY, POLICE}),
    Ev.HEARING: frozenset({BAIL_STATE, PRISON, COMMUNITY, POLICE}),
    Ev.CONVICTED: frozenset({BAIL_STATE, PRISON, COMMUNITY, POLICE}),
    Ev.ACQUITTED: frozenset({BAIL_STATE, PRISON, COMMUNITY, POLICE}),
    Ev.SENTENCED: frozenset({BAIL_STATE, PRISON, COMMUNITY, POLICE}),
    Ev.PRISON_ENTRY: frozenset({BAIL_STATE, COMMUNITY, POLICE}),
    Ev.RELEASE: frozenset({PRISON}),
    Ev.SUPERVISION_START: frozenset({COMMUNITY, BAIL_STATE, POLICE}),
    Ev.SUPERVISION_END: frozenset({COMMUNITY, POLICE, PRISON, BAIL_STATE}),
    Ev.RECALL: frozenset({COMMUNITY, BAIL_STATE}), Ev.BREACH: frozenset({COMMUNITY, BAIL_STATE}),
    Ev.TREATMENT_START: _ANY, Ev.TREATMENT_END: _ANY, Ev.TREATMENT_LAPSED: _ANY,
    Ev.RESETTLED: frozenset({COMMUNITY}),
    # a verdict on an earlier case can begin a spell (and supervision) while the person is in
    # a police station for a new arrest
    Ev.AT_RISK: frozenset({COMMUNITY, BAIL_STATE, POLICE}),
    Ev.DESISTED: frozenset({COMMUNITY, BAIL_STATE, POLICE}),
    Ev.STATUS_CHANGE: frozenset({PRISON}),
    Ev.WOMENS_CENTRE_START: _ANY, Ev.WOMENS_CENTRE_LAPSED: _ANY,
    Ev.PREVENTED: frozenset({COMMUNITY}),
    # court L&D sees a defendant when the remand decision is made; the assessment may end
    # after it, when they are bailed or remanded
    Ev.LD_COURT_SCREENED: _ANY, Ev.LD_COURT_MISSED: _ANY, Ev.LD_COURT_REFERRED: _ANY,
}


def next_state(state: str, event: Ev) -> str:
    """The state a person is in after ``event`` happens in ``state``.

    A verdict of acquittal or a sentence passed on someone on bail returns them to the
    community (a custodial sentence then takes them to prison at ``PRISON_ENTRY``); in prison
    (remanded) they stay in prison until released.
    """
    if state == BAIL_STATE and event in (Ev.ACQUITTED, Ev.SENTENCED):
        return COMMUNITY
    after = STATE_AFTER[event]
    return state if after is None else after


def labelled(events: pd.DataFrame) -> pd.DataFrame:
    """The event table with its codes as names (event and category fields), for output files."""
    out = events.copy()
    out["event"] = pd.Categorical.from_codes(out["event"].astype(int), categories=list(EVENT_NAMES))
    for f in FIELDS:
        if f.kind == "category":
            out[f.name] = pd.Categorical.from_codes(out[f.name].astype(int),
                                                    categories=list(f.categories))
    return out
