"""The events of the pathway, the log that records them, and the state each event puts a person in.

Every event is recorded through one method of :class:`EventLog` whose arguments name its
fields (``events.sentenced(t, person_id, case_id, disposal, length_days)``). The log becomes
one table at the end of a run: ``time_days``, ``person_id``, ``case_id``, ``event`` and one
column per named field (:data:`FIELDS`), each with one meaning; an event fills the fields it
has (:data:`EVENT_FIELDS`) and leaves the others missing (-1 for a category, NA for a flag,
NaN for a number). Each event moves a person into a *state*; the legal transitions between
states are the invariants the tests check for every person.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
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
    Court,
    Custody,
    Disposal,
    Supervision,
    SupervisionEnd,
)

__all__ = ["Ev", "EVENT_NAMES", "Field", "FIELDS", "EVENT_FIELDS", "EventLog", "STATE_AFTER",
           "LEGAL_FROM", "next_state", "INDEX_EVENTS", "EVENT_COLUMNS", "events_frame",
           "labelled"]


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
_SLOTS = max(len(v) for v in EVENT_FIELDS.values())  # payload values per buffered row
_pack = struct.Struct(f"{4 + _SLOTS}d").pack  # a row as doubles (time, person, case, event, payload)
_ROW_BYTES = struct.calcsize(f"{4 + _SLOTS}d")


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


class EventLog:
    """The event log of one replication: one method per event, each naming its fields.

    Each row is packed as doubles into a byte buffer as it is recorded (a tuple of Python
    objects per row cost more memory, and more time to convert at the end than to pack now);
    :meth:`flush` moves the buffer into columns of the table's own types, and :meth:`to_frame`
    makes one DataFrame, in recording order.

    Some events are recorded ahead of the clock (a decision stamped when police detention
    ends, a spell at risk that starts when a pending charge is decided); those that would fall
    after ``horizon_days`` are not observed in the run and are dropped at :meth:`flush`, so no
    event in the log is later than the horizon.
    """

    __slots__ = ("_buffer", "_add", "_chunks", "_n_flushed", "horizon_days")

    def __init__(self, horizon_days: float = math.inf) -> None:
        self.horizon_days = horizon_days
        self._buffer = bytearray()
        self._add = self._buffer.extend  # of a row packed by _pack
        self._chunks: list[tuple[np.ndarray, ...]] = []  # (time, person, case, code, payload)
        self._n_flushed = 0

    def __len__(self) -> int:
        return self._n_flushed + len(self._buffer) // _ROW_BYTES

    def flush(self) -> None:
        """Move the buffered rows into a compact chunk (the buffer empties): time as a double,
        person and case as 32-bit integers, the code as a byte and the payload as 32-bit
        floats (every field's final type holds no more than a float32 does), 33 bytes an event
        where the table takes 56."""
        if self._buffer:
            a = np.frombuffer(self._buffer, dtype=np.float64).reshape(-1, 4 + _SLOTS)
            if a[:, 0].max() > self.horizon_days:  # recorded ahead, past the horizon: unobserved
                a = a[a[:, 0] <= self.horizon_days]
            self._chunks.append((a[:, 0].copy(), a[:, 1].astype(np.int32),
                                 a[:, 2].astype(np.int32), a[:, 3].astype(np.int8),
                                 a[:, 4:].astype(np.float32)))
            self._n_flushed += len(a)
            del a  # releases the buffer, which can then be emptied
            self._buffer.clear()

    # -- entering the run
    def start_at_risk(self, t: float, person_id: int, origin: int) -> None:
        """Enters the run at liberty: a new entrant (origin 0) or a known offender (1)."""
        self._add(_pack(t, person_id, -1, Ev.START_AT_RISK, origin, 0, 0, 0))

    def start_in_prison(self, t: float, person_id: int, disposal: Disposal | int,
                        days_left: float) -> None:
        """Enters the run serving a sentence (the initial prison stock)."""
        self._add(_pack(t, person_id, -1, Ev.START_IN_PRISON, disposal, days_left, 0, 0))

    # -- offence, arrest and the custody suite
    def offence(self, t: float, person_id: int, case_id: int, offence_group: int,
                seriousness: int) -> None:
        """A detected offence (the one that leads to the arrest of case ``case_id``)."""
        self._add(_pack(t, person_id, case_id, Ev.OFFENCE, offence_group, seriousness, True, 1))

    def undetected_offences(self, t: float, person_id: int, offences: int) -> None:
        """``offences`` undetected offences committed in the spell at risk ending at ``t``."""
        self._add(_pack(t, person_id, -1, Ev.OFFENCE, -1, -1, False, offences))

    def arrest(self, t: float, person_id: int, case_id: int) -> None:
        self._add(_pack(t, person_id, case_id, Ev.ARREST, 0, 0, 0, 0))

    def ld_missed(self, t: float, person_id: int, case_id: int) -> None:
        """Covered by L&D and with a need, but no practitioner free before release."""
        self._add(_pack(t, person_id, case_id, Ev.LD_MISSED, 0, 0, 0, 0))

    def ld_screened(self, t: float, person_id: int, case_id: int,
                    assessment_days: float) -> None:
        self._add(_pack(t, person_id, case_id, Ev.LD_SCREENED, assessment_days, 0, 0, 0))

    def ld_referred(self, t: float, person_id: int, case_id: int, engaged: bool) -> None:
        self._add(_pack(t, person_id, case_id, Ev.LD_REFERRED, engaged, 0, 0, 0))

    def no_further_action(self, t: float, person_id: int, case_id: int) -> None:
        self._add(_pack(t, person_id, case_id, Ev.NFA, 0, 0, 0, 0))

    def out_of_court(self, t: float, person_id: int, case_id: int, disposal: Disposal | int,
                     young_diversion: bool, offences: int, prior_offences: int) -> None:
        """A caution, community resolution or conditional caution for the case's ``offences``
        (proven unless a community resolution), after ``prior_offences`` proven before."""
        self._add(_pack(t, person_id, case_id, Ev.OUT_OF_COURT, disposal, young_diversion, offences,
                        prior_offences))

    # -- charge and court
    def charge(self, t: float, person_id: int, case_id: int, court: Court | int,
               offence_group: int, seriousness: int) -> None:
        self._add(_pack(t, person_id, case_id, Ev.CHARGE, court, offence_group, seriousness, 0))

    def bail(self, t: float, person_id: int, case_id: int) -> None:
        self._add(_pack(t, person_id, case_id, Ev.BAIL, 0, 0, 0, 0))

    def remand(self, t: float, person_id: int, case_id: int, recalled: bool) -> None:
        """Remanded in custody, or recalled to prison on a new charge (``recalled``)."""
        self._add(_pack(t, person_id, case_id, Ev.REMAND,
                        Custody.RECALL if recalled else Custody.REMAND, 0, 0, 0))

    def court_queue(self, t: float, person_id: int, case_id: int, court: Court | int) -> None:
        """The case is ready and waits for a courtroom."""
        self._add(_pack(t, person_id, case_id, Ev.COURT_QUEUE, court, 0, 0, 0))

    def hearing(self, t: float, person_id: int, case_id: int, court: Court | int,
                guilty_plea: bool) -> None:
        self._add(_pack(t, person_id, case_id, Ev.HEARING, court, guilty_plea, 0, 0))

    def convicted(self, t: float, person_id: int, case_id: int, court: Court | int) -> None:
        self._add(_pack(t, person_id, case_id, Ev.CONVICTED, court, 0, 0, 0))

    def acquitted(self, t: float, person_id: int, case_id: int, court: Court | int) -> None:
        self._add(_pack(t, person_id, case_id, Ev.ACQUITTED, court, 0, 0, 0))

    def sentenced(self, t: float, person_id: int, case_id: int, disposal: Disposal | int,
                  length_days: float, offences: int, prior_offences: int) -> None:
        """A sentence (``length_days`` 0 for a fine or discharge) for the case's ``offences``,
        after ``prior_offences`` proven before (a breach sentence proves no offence: 0)."""
        self._add(_pack(t, person_id, case_id, Ev.SENTENCED, disposal, length_days, offences,
                        prior_offences))

    # -- prison
    def prison_entry(self, t: float, person_id: int, case_id: int, custody: Custody | int) -> None:
        self._add(_pack(t, person_id, case_id, Ev.PRISON_ENTRY, custody, 0, 0, 0))

    def status_change(self, t: float, person_id: int, case_id: int, custody: Custody | int,
                      custody_before: Custody | int) -> None:
        """In prison, remand (or recall) becomes a sentence."""
        self._add(_pack(t, person_id, case_id, Ev.STATUS_CHANGE, custody, custody_before, 0, 0))

    def release(self, t: float, person_id: int, case_id: int, custody: Custody | int,
                days: float) -> None:
        """Leaves prison after ``days`` in this stay."""
        self._add(_pack(t, person_id, case_id, Ev.RELEASE, custody, days, 0, 0))

    def resettled(self, t: float, person_id: int, case_id: int, settled_accommodation: bool,
                  employed: bool, treatment_continuity: bool) -> None:
        self._add(_pack(t, person_id, case_id, Ev.RESETTLED, settled_accommodation, employed,
                        treatment_continuity, 0))

    # -- supervision in the community
    def supervision_start(self, t: float, person_id: int, case_id: int,
                          supervision: Supervision | int) -> None:
        self._add(_pack(t, person_id, case_id, Ev.SUPERVISION_START, supervision, 0, 0, 0))

    def supervision_end(self, t: float, person_id: int, case_id: int, supervision: Supervision | int,
                        end: SupervisionEnd | int) -> None:
        self._add(_pack(t, person_id, case_id, Ev.SUPERVISION_END, supervision, end, 0, 0))

    def recall(self, t: float, person_id: int, case_id: int) -> None:
        """A technical breach of licence: recalled to prison."""
        self._add(_pack(t, person_id, case_id, Ev.RECALL, 0, 0, 0, 0))

    def breach(self, t: float, person_id: int, case_id: int) -> None:
        """A breach of a community order, returned to court."""
        self._add(_pack(t, person_id, case_id, Ev.BREACH, 0, 0, 0, 0))

    # -- support
    def treatment_start(self, t: float, person_id: int, case_id: int, days: float) -> None:
        self._add(_pack(t, person_id, case_id, Ev.TREATMENT_START, days, 0, 0, 0))

    def treatment_end(self, t: float, person_id: int, case_id: int, days: float) -> None:
        self._add(_pack(t, person_id, case_id, Ev.TREATMENT_END, days, 0, 0, 0))

    def treatment_lapsed(self, t: float, person_id: int, case_id: int) -> None:
        """A referral that found no place within the patience."""
        self._add(_pack(t, person_id, case_id, Ev.TREATMENT_LAPSED, 0, 0, 0, 0))

    def womens_centre_start(self, t: float, person_id: int, case_id: int, days: float) -> None:
        self._add(_pack(t, person_id, case_id, Ev.WOMENS_CENTRE_START, days, 0, 0, 0))

    def womens_centre_lapsed(self, t: float, person_id: int, case_id: int) -> None:
        self._add(_pack(t, person_id, case_id, Ev.WOMENS_CENTRE_LAPSED, 0, 0, 0, 0))

    # -- L&D at court
    def ld_court_missed(self, t: float, person_id: int, case_id: int) -> None:
        """Covered by court L&D and identified, but no practitioner free before the hearing."""
        self._add(_pack(t, person_id, case_id, Ev.LD_COURT_MISSED, 0, 0, 0, 0))

    def ld_court_screened(self, t: float, person_id: int, case_id: int,
                          assessment_days: float) -> None:
        self._add(_pack(t, person_id, case_id, Ev.LD_COURT_SCREENED, assessment_days, 0, 0, 0))

    def ld_court_referred(self, t: float, person_id: int, case_id: int, engaged: bool) -> None:
        self._add(_pack(t, person_id, case_id, Ev.LD_COURT_REFERRED, engaged, 0, 0, 0))

    # -- at risk
    def at_risk(self, t: float, person_id: int, disposal: Disposal | int, hazard_ratio: float) -> None:
        """A spell at risk begins after ``disposal``, with this reoffending hazard ratio."""
        self._add(_pack(t, person_id, -1, Ev.AT_RISK, disposal, hazard_ratio, 0, 0))

    def desisted(self, t: float, person_id: int) -> None:
        """No further offence will be drawn for this spell."""
        self._add(_pack(t, person_id, -1, Ev.DESISTED, 0, 0, 0, 0))

    def prevented(self, t: float, person_id: int) -> None:
        """Prevention kept a new entrant from the first offence due now."""
        self._add(_pack(t, person_id, -1, Ev.PREVENTED, 0, 0, 0, 0))

    def count(self, event: Ev) -> int:
        """How many ``event`` rows have been recorded (without making the table)."""
        self.flush()
        return int(sum(np.count_nonzero(code == event) for _, _, _, code, _ in self._chunks))

    def to_frame(self, by_time: bool = False) -> pd.DataFrame:
        """The log as a DataFrame with named fields, in recording order, or ``by_time`` (by time,
        then person, ties in recording order: what a stable sort of the table would give); the
        log empties (each chunk is let go as soon as its rows are in the table, and the sort
        moves one column at a time, so the table is never held twice)."""
        self.flush()
        chunks, n = self._chunks, self._n_flushed
        self._chunks, self._n_flushed = [], 0
        cols, missing = _empty_columns(n)
        start = 0
        while chunks:
            time, person, case, code, payload = chunks.pop(0)
            rows = slice(start, start + len(time))
            cols["time_days"][rows], cols["person_id"][rows] = time, person
            cols["case_id"][rows], cols["event"][rows] = case, code
            _fill_fields(cols, missing, code, payload, start)
            start = rows.stop
        if by_time:
            order = np.lexsort((cols["person_id"], cols["time_days"]))  # stable
            for table in (cols, missing):
                for k in table:
                    table[k] = table[k][order]
        return _frame(cols, missing)


def events_frame(a: np.ndarray) -> pd.DataFrame:
    """The event table from buffered rows (time, person, case, event, payload...): each event's
    payload goes to the columns of its fields (:data:`EVENT_FIELDS`), the rest stay missing."""
    return _frame(*_typed_columns(a))


def _typed_columns(a: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The columns of buffered rows in their final types, and the missing mask of each flag."""
    cols, missing = _empty_columns(len(a))
    code = a[:, 3].astype(np.int8)
    cols["time_days"][:], cols["person_id"][:], cols["case_id"][:] = a[:, 0], a[:, 1], a[:, 2]
    cols["event"][:] = code
    _fill_fields(cols, missing, code, a[:, 4:], 0)
    return cols, missing


def _empty_columns(n: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """``n`` rows of every column in its final type, each field missing: -1 for a category,
    NA (masked) for a flag, NaN for a number."""
    cols: dict[str, np.ndarray] = {"time_days": np.empty(n), "person_id": np.empty(n, np.int32),
                                   "case_id": np.empty(n, np.int32),
                                   "event": np.empty(n, np.int8)}
    missing: dict[str, np.ndarray] = {}
    for f in FIELDS:
        if f.kind == "category":
            cols[f.name] = np.full(n, -1, dtype=np.int8)
        elif f.kind == "flag":
            cols[f.name], missing[f.name] = np.zeros(n, dtype=bool), np.ones(n, dtype=bool)
        else:
            cols[f.name] = np.full(n, np.nan, dtype=np.float32)
    return cols, missing


def _fill_fields(cols: dict[str, np.ndarray], missing: dict[str, np.ndarray], code: np.ndarray,
                 payload: np.ndarray, start: int) -> None:
    """Put each event's payload into the columns of its fields (:data:`EVENT_FIELDS`), for the
    rows from ``start``."""
    for ev, names in EVENT_FIELDS.items():
        rows = np.flatnonzero(code == ev)
        if rows.size:
            at = rows + start
            for j, name in enumerate(names):
                cols[name][at] = payload[rows, j]
                if name in missing:
                    missing[name][at] = False


def _frame(cols: dict[str, np.ndarray], missing: dict[str, np.ndarray]) -> pd.DataFrame:
    out: dict[str, object] = {k: cols[k] for k in ("time_days", "person_id", "case_id", "event")}
    for f in FIELDS:
        out[f.name] = (pd.arrays.BooleanArray(cols[f.name], missing[f.name])
                       if f.kind == "flag" else cols[f.name])
    return pd.DataFrame(out, copy=False)  # the columns as they are: no second copy


def labelled(events: pd.DataFrame) -> pd.DataFrame:
    """The event table with its codes as names (event and category fields), for output files."""
    out = events.copy()
    out["event"] = pd.Categorical.from_codes(out["event"].astype(int), categories=list(EVENT_NAMES))
    for f in FIELDS:
        if f.kind == "category":
            out[f.name] = pd.Categorical.from_codes(out[f.name].astype(int),
                                                    categories=list(f.categories))
    return out
