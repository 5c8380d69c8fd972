"""The event vocabulary of the pathway and the state each event puts a person in.

Events are recorded as small integers (fast to append, compact in Parquet) and become a
categorical column at the end. Each event moves a person into a *state*; the legal
transitions between states are the invariants the tests check for every person.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["Ev", "EVENT_NAMES", "STATE_AFTER", "LEGAL_FROM", "next_state", "Custody", "CUSTODY_NAMES",
           "Court", "COURT_NAMES", "Disposal", "DISPOSAL_NAMES", "EVENT_COLUMNS", "INDEX_EVENTS"]


class Ev(IntEnum):
    """Event codes. ``detail`` and ``value`` columns qualify some of them (see comments)."""

    START_AT_RISK = 0      # enters the run at liberty (new entrant or known offender)
    START_IN_PRISON = 1    # enters the run serving a sentence (initial stock); value = days left
    OFFENCE = 2
    ARREST = 3
    LD_SCREENED = 4        # detail = 1 if a need was identified
    LD_MISSED = 5          # covered and with a need, but no practitioner in time
    LD_REFERRED = 6        # detail = 1 if engaged
    NFA = 7                # no further action
    OUT_OF_COURT = 8       # detail = Disposal (caution, community resolution, conditional caution)
    CHARGE = 9             # detail = Court
    BAIL = 10
    REMAND = 11            # remanded (detail 1: recalled on a new charge); waits for a place
    COURT_QUEUE = 12       # case ready, waiting for a courtroom; detail = Court
    HEARING = 13           # hearing starts; detail = Court; value = 1 guilty plea, 0 trial
    CONVICTED = 14         # detail = Court
    ACQUITTED = 15         # detail = Court
    SENTENCED = 16         # detail = Disposal; value = sentence length in days (0 if none)
    PRISON_ENTRY = 17      # reception; detail = Custody kind
    RELEASE = 18           # leaves prison; detail = Custody kind; value = days in this stay
    SUPERVISION_START = 19  # detail = 0 community order or suspended, 1 licence
    SUPERVISION_END = 20   # detail as above; value = 0 completed, 1 new arrest, 2 recall or breach
    RECALL = 21            # technical recall
    BREACH = 22            # community order breach returned to court
    TREATMENT_START = 23
    TREATMENT_END = 24
    TREATMENT_LAPSED = 25  # referral not started within patience
    RESETTLED = 26         # detail bit 0 settled accommodation, bit 1 employed, bit 2 treatment
    AT_RISK = 27           # a new spell at risk begins (index for the reoffending hazard)
    DESISTED = 28          # no further offence will be drawn for this spell
    STATUS_CHANGE = 29     # in prison, remand becomes sentenced: detail = new, value = old kind
    WOMENS_CENTRE_START = 30   # value = support days
    WOMENS_CENTRE_LAPSED = 31  # referral not started within patience


EVENT_NAMES = tuple(e.name.lower() for e in Ev)
EVENT_COLUMNS = ("time_days", "person_id", "case_id", "event", "detail", "value")


class Custody(IntEnum):
    REMAND = 0
    SENTENCED = 1
    RECALL = 2


CUSTODY_NAMES = ("remand", "sentenced", "recall")


class Court(IntEnum):
    MAGISTRATES = 0
    CROWN = 1


COURT_NAMES = ("magistrates", "crown")


class Disposal(IntEnum):
    NFA = 0
    ACQUITTED = 1
    COMMUNITY_RESOLUTION = 2
    CAUTION = 3
    CONDITIONAL_CAUTION = 4
    FINE = 5
    DISCHARGE = 6
    COMMUNITY_ORDER = 7
    SUSPENDED = 8
    SHORT_CUSTODY = 9
    LONG_CUSTODY = 10


DISPOSAL_NAMES = tuple(d.name.lower() for d in Disposal)

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
}

# For each event, the states the person may be in when it happens.
_ANY = frozenset({COMMUNITY, POLICE, BAIL_STATE, PRISON})
LEGAL_FROM: dict[Ev, frozenset[str]] = {
    Ev.START_AT_RISK: frozenset({"none"}), Ev.START_IN_PRISON: frozenset({"none"}),
    Ev.OFFENCE: frozenset({COMMUNITY}), Ev.ARREST: frozenset({COMMUNITY}),
    Ev.LD_SCREENED: frozenset({POLICE}), Ev.LD_MISSED: frozenset({POLICE}),
    Ev.LD_REFERRED: frozenset({POLICE}), Ev.NFA: frozenset({POLICE}),
    Ev.OUT_OF_COURT: frozenset({POLICE}), Ev.CHARGE: frozenset({POLICE}),
    Ev.BAIL: frozenset({POLICE}), Ev.REMAND: frozenset({POLICE}),
    Ev.COURT_QUEUE: frozenset({BAIL_STATE, PRISON, COMMUNITY}),
    Ev.HEARING: frozenset({BAIL_STATE, PRISON, COMMUNITY}),
    Ev.CONVICTED: frozenset({BAIL_STATE, PRISON, COMMUNITY}),
    Ev.ACQUITTED: frozenset({BAIL_STATE, PRISON}),
    Ev.SENTENCED: frozenset({BAIL_STATE, PRISON, COMMUNITY}),
    Ev.PRISON_ENTRY: frozenset({BAIL_STATE, COMMUNITY, POLICE}),
    Ev.RELEASE: frozenset({PRISON}),
    Ev.SUPERVISION_START: frozenset({COMMUNITY, BAIL_STATE}),
    Ev.SUPERVISION_END: frozenset({COMMUNITY, POLICE, PRISON}),
    Ev.RECALL: frozenset({COMMUNITY}), Ev.BREACH: frozenset({COMMUNITY}),
    Ev.TREATMENT_START: _ANY, Ev.TREATMENT_END: _ANY, Ev.TREATMENT_LAPSED: _ANY,
    Ev.RESETTLED: frozenset({COMMUNITY}),
    Ev.AT_RISK: frozenset({COMMUNITY}), Ev.DESISTED: frozenset({COMMUNITY}),
    Ev.STATUS_CHANGE: frozenset({PRISON}),
    Ev.WOMENS_CENTRE_START: _ANY, Ev.WOMENS_CENTRE_LAPSED: _ANY,
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
