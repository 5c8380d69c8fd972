"""Prison: reception, remand becoming a sentence, release at the statutory point, recall.

Prison places are a resource with a queue (someone waiting for a place is held in police cells).
A determinate sentence is served to ``release_fraction`` of its length (halfway, CJA 2003
s.244), less time already spent on remand; licence runs to the end of the sentence, and
sentences under two years add post-sentence supervision to 12 months (ORA 2014). A technical
breach of licence is a recall to custody (003:1139-1142, 1174-1177), which voids the spell at
risk the person was in.
"""

from __future__ import annotations

import math

from models.pathway.events import Custody, Ev
from models.pathway.ledger import Item

__all__ = ["enter_prison", "change_status", "leave_prison", "serve_sentence", "ITEM_OF_KIND",
           "item_of"]

ITEM_OF_KIND = {Custody.REMAND: Item.REMAND_DAYS, Custody.SENTENCED: Item.PRISON_DAYS,
                Custody.RECALL: Item.RECALL_DAYS}


def item_of(kind: int, long: bool = False) -> int:
    """The cost item of a prison stay: remand, recall, or a sentence (under or over 12 months)."""
    return Item.PRISON_DAYS_LONG if long and kind == Custody.SENTENCED else ITEM_OF_KIND[kind]


def enter_prison(system, person, case_id: int, kind: int, long: bool = False) -> None:
    t = system.env.now
    system.record((t, person.pid, case_id, Ev.PRISON_ENTRY, int(kind), 0.0))
    person.prison_since, person.prison_item = t, item_of(kind, long)
    if person.prison_item == Item.PRISON_DAYS_LONG:
        system.long_sentenced.change(t, 1)


def _charge_stay(system, person) -> float:
    t = system.env.now
    days = t - person.prison_since
    if days > 0:
        system.ledger.charge(person.prison_item, person.pid, person.prison_since, t,
                             days * system.p.custody.cost_per_prison_day_gbp)
    return days


def change_status(system, person, case_id: int, old: int, new: int, long: bool = False) -> None:
    """Remand (or recall) becomes a sentence without leaving prison."""
    _charge_stay(system, person)
    system.record((system.env.now, person.pid, case_id, Ev.STATUS_CHANGE, int(new), float(old)))
    person.prison_since, person.prison_item = system.env.now, item_of(new, long)
    if person.prison_item == Item.PRISON_DAYS_LONG:
        system.long_sentenced.change(system.env.now, 1)


def leave_prison(system, person, case_id: int, kind: int) -> None:
    days = _charge_stay(system, person)
    system.record((system.env.now, person.pid, case_id, Ev.RELEASE, int(kind), days))
    if person.prison_item == Item.PRISON_DAYS_LONG:
        system.long_sentenced.change(system.env.now, -1)
    person.prison_since = math.nan


def serve_sentence(system, person, case, sentence, credit_days: float):
    """Hold a prison place (already granted) until the release point, then release."""
    days = sentence.length_days * system.p.custody.release_fraction - credit_days
    if days > 0:
        yield system.env.timeout(days)
    leave_prison(system, person, case.case_id, Custody.SENTENCED)
