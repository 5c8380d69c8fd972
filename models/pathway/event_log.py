"""The log that records a run's events: one method per event, each naming its fields
(:mod:`models.pathway.events` has the events, their fields and the legal transitions); rows
are packed as they are recorded and become one typed table at the end of the run."""

from __future__ import annotations

import math
import struct

import numpy as np
import pandas as pd

from models.config.vocabulary import (
    Court,
    Custody,
    Disposal,
    Supervision,
    SupervisionEnd,
)
from models.pathway.events import EVENT_FIELDS, FIELDS, Ev

__all__ = ["EventLog", "events_frame"]

_SLOTS = max(len(v) for v in EVENT_FIELDS.values())  # payload values per buffered row
_pack = struct.Struct(f"{4 + _SLOTS}d").pack  # a row as doubles (time, person, case, event, payload)
_ROW_BYTES = struct.calcsize(f"{4 + _SLOTS}d")


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
