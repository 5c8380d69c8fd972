"""Prison: reception, remand becoming a sentence, release at the statutory point, licence terms.

Prison places are a resource with a queue (someone waiting for a place is held in police cells);
the journey holds the place, these functions record and cost what happens in it. A determinate
sentence is served to ``release_fraction`` of its length (halfway, CJA 2003 s.244), less time
already spent on remand; licence runs to the end of the sentence, and sentences under two years
add post-sentence supervision to 12 months (ORA 2014). A technical breach of licence is a
recall to custody for ``recall_days`` (003:1139-1142, 1174-1177). A child may be held in the
youth secure estate instead of an adult prison (``youth_custody``): its own places, and a day
costs the mean of the placement mix (YOI about £60,000 a year, secure children's home over
£200,000: F32-F33, 003:284-285), as the cost item ``youth_custody_days``.
"""

from __future__ import annotations

import math
from collections.abc import Generator

import simpy

from models.config.vocabulary import DAYS_PER_MONTH, Custody, Disposal, Item
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person, Sentence

__all__ = ["enter_prison", "continue_sentence", "change_status", "leave_prison",
           "serve_sentence", "recall_days", "licence_terms", "item_of", "held_as_child"]

_ADULT_AGE_YEARS = 18.0

_ITEM_OF_KIND = {Custody.REMAND: Item.REMAND_DAYS, Custody.SENTENCED: Item.PRISON_DAYS,
                 Custody.RECALL: Item.RECALL_DAYS}


def item_of(kind: Custody, long: bool = False) -> Item:
    """The cost item of a prison stay: remand, recall, or a sentence (under or over 12 months)."""
    return Item.PRISON_DAYS_LONG if long and kind == Custody.SENTENCED else _ITEM_OF_KIND[kind]


def held_as_child(system: Context, person: Person) -> bool:
    """Is a place sought now for ``person`` one in the youth secure estate? Only if the run
    holds children there (``youth_custody.children_held_in``) and they are under 18 now; a
    child who turns 18 in custody stays there until released (assumption)."""
    return (system.p.youth_custody.children_held_in == "youth_secure_estate"
            and person.age_at(system.env.now) < _ADULT_AGE_YEARS)


def enter_prison(system: Context, person: Person, case_id: int, kind: Custody,
                 long: bool = False) -> None:
    """Reception into a prison place (already granted)."""
    t = system.env.now
    system.events.prison_entry(t, person.person_id, case_id, kind)
    _open_stay(system, person, item_of(kind, long))


def continue_sentence(system: Context, person: Person, disposal: Disposal) -> None:
    """A prisoner of the initial stock, already serving when the run starts, takes a place."""
    _open_stay(system, person, Item.PRISON_DAYS_LONG if disposal == Disposal.LONG_CUSTODY
               else Item.PRISON_DAYS)


def _open_stay(system: Context, person: Person, item: Item) -> None:
    if person.in_youth_estate:  # a child in the youth secure estate, whatever the custody
        item = Item.YOUTH_CUSTODY_DAYS
    person.prison_since, person.prison_item = system.env.now, item
    if item == Item.PRISON_DAYS_LONG:
        system.long_sentenced.change(system.env.now, 1)


def _charge_stay(system: Context, person: Person) -> float:
    t = system.env.now
    days = t - person.prison_since
    if days > 0:
        per_day = (system.youth_custody_day_gbp if person.prison_item == Item.YOUTH_CUSTODY_DAYS
                   else system.p.custody.cost_per_prison_day_gbp)
        system.ledger.charge(person.prison_item, person.person_id, person.prison_since, t,
                             days * per_day)
    return days


def change_status(system: Context, person: Person, case_id: int, old: Custody, new: Custody,
                  long: bool = False) -> None:
    """Remand (or recall) becomes a sentence without leaving prison."""
    _charge_stay(system, person)
    system.events.status_change(system.env.now, person.person_id, case_id, new, old)
    _open_stay(system, person, item_of(new, long))


def leave_prison(system: Context, person: Person, case_id: int, kind: Custody) -> None:
    days = _charge_stay(system, person)
    system.events.release(system.env.now, person.person_id, case_id, kind, days)
    if person.prison_item == Item.PRISON_DAYS_LONG:
        system.long_sentenced.change(system.env.now, -1)
    person.prison_since = math.nan
    waiting = person.left_prison
    if waiting is not None:  # a stay on another case waits for this release
        person.left_prison = None
        waiting.succeed()


def serve_sentence(system: Context, person: Person, case: Case, sentence: Sentence,
                   credit_days: float) -> Generator[simpy.Event, object, None]:
    """Hold a prison place (already granted) until the release point, then release."""
    days = sentence.length_days * system.p.custody.release_fraction - credit_days
    if days > 0:
        yield system.env.timeout(days)
    leave_prison(system, person, case.case_id, Custody.SENTENCED)


def recall_days(system: Context, case: Case, occurrence: int = 0) -> float:
    """How long a recall to prison lasts (the ``occurrence``-th recall on this licence)."""
    return system.quantile(case, U.RECALL_DAYS, system.p.custody.recall_days, occurrence)


def licence_terms(system: Context, sentence: Sentence,
                  sentence_start: float) -> tuple[float, float]:
    """(end of licence and post-sentence supervision, technical recall rate per year) for a
    prisoner released now from ``sentence``, begun on ``sentence_start``."""
    c, now = system.p.custody, system.env.now
    end = sentence_start + sentence.length_days
    if sentence.length_days < c.post_sentence_supervision_max_sentence_months * DAYS_PER_MONTH:
        end = max(end, now + c.post_sentence_supervision_months * DAYS_PER_MONTH)
    short = sentence.disposal == Disposal.SHORT_CUSTODY
    rate = c.technical_recall_rate_per_year_short if short else c.technical_recall_rate_per_year_long
    return end, rate
