"""A person's journey through the pathway, composed from the stage modules.

Arrests come from one arrivals process (first arrests, from the cohort) and from spells at risk
(later arrests, scheduled when each spell begins). The arrest step decides NFA, out-of-court
disposal or charge at once; a charged case becomes the process below::

    charge, remand or bail -> court queue and hearing -> sentence
        -> custody (prison place held to the release point) -> resettlement -> licence, recall
        -> community order or suspended sentence -> supervision, breach
        -> fine or discharge
    -> a new spell at risk, whose next offence re-enters the pathway
"""

from __future__ import annotations

import math

from models.config.scenario import DAYS_PER_MONTH
from models.pathway.draws import U
from models.pathway.events import Custody, Disposal, Ev
from models.pathway.ledger import Item
from models.pathway.stages.arrest import arrest
from models.pathway.stages.custody import change_status, enter_prison, leave_prison, serve_sentence
from models.pathway.stages.prosecution import charge_and_remand, court_hearing
from models.pathway.stages.reoffending import start_spell
from models.pathway.stages.resettlement import resettle
from models.pathway.stages.sentencing import Sentence, decide_sentence
from models.pathway.stages.supervision import supervise
from models.pathway.stages.treatment import refer_to_treatment

__all__ = ["prosecute", "arrivals", "serve_initial_stock", "after_release"]


def arrivals(system, order, offence_days, arrest_days):
    """Bring each person in at their first arrest (arrays sorted by arrest day)."""
    env, people = system.env, system.people
    for pid, t_off, t_arr in zip(order, offence_days, arrest_days, strict=True):
        if t_arr >= system.horizon:
            return
        yield env.timeout(t_arr - env.now)
        person = people[pid]
        arrest(system, person, person.spell, t_off)


def prosecute(system, person, case, t_charge: float):
    """From charge to the end of the sentence (or acquittal)."""
    env = system.env
    yield env.timeout(t_charge - env.now)
    cid = case.case_id
    if charge_and_remand(system, person, case):
        kind = Custody.RECALL if case.recalled else Custody.REMAND
        with system.prison.slot() as place:
            if place is not None:
                yield place
            enter_prison(system, person, cid, kind)
            case.remand_start = env.now
            convicted = yield from court_hearing(system, person, case)
            sentence = _sentence(system, person, case) if convicted else None
            if sentence is not None and sentence.custodial:
                change_status(system, person, cid, kind, Custody.SENTENCED,
                              sentence.disposal == Disposal.LONG_CUSTODY)
                # Time on recall serves the old sentence, not the new one.
                credit = 0.0 if case.recalled else env.now - case.remand_start
                yield from serve_sentence(system, person, case, sentence, credit)
            else:
                if case.recalled:  # the recall runs its course whatever the new case's outcome
                    recall = system.quantile(case, U.RECALL_DAYS, "custody.recall_days",
                                             system.p.custody.recall_days)
                    end = min(case.remand_start + recall, person.licence_until)
                    if end > env.now:
                        yield env.timeout(end - env.now)
                leave_prison(system, person, cid, kind)
    else:
        convicted = yield from court_hearing(system, person, case)
        sentence = _sentence(system, person, case) if convicted else None
        if sentence is not None and sentence.custodial:
            with system.prison.slot() as place:
                if place is not None:
                    yield place
                enter_prison(system, person, cid, Custody.SENTENCED,
                             sentence.disposal == Disposal.LONG_CUSTODY)
                yield from serve_sentence(system, person, case, sentence, 0.0)
    if sentence is None:
        start_spell(system, person, env.now, Disposal.ACQUITTED, case.ld_engaged, case.supported)
    elif sentence.custodial:
        yield from after_release(system, person, case, sentence, case.sentence_start)
    else:
        yield from _community_sentence(system, person, case, sentence)


def _sentence(system, person, case) -> Sentence:
    sentence = decide_sentence(system, person, case)
    case.disposal, case.sentence_days = sentence.disposal, sentence.length_days
    case.sentence_start = (case.remand_start if case.remanded and not case.recalled
                           else system.env.now)
    person.priors += 1  # a conviction is a proven offence
    system.record((system.env.now, person.pid, case.case_id, Ev.SENTENCED, int(sentence.disposal),
                  sentence.length_days))
    return sentence


def after_release(system, person, case, sentence, sentence_start: float, first_breach: int = 0):
    """Resettlement, then licence (and post-sentence supervision) with the risk of recall."""
    env, c = system.env, system.p.custody
    resettle(system, person, case)
    end = sentence_start + sentence.length_days
    if sentence.length_days < c.post_sentence_supervision_max_sentence_months * DAYS_PER_MONTH:
        end = max(end, env.now + c.post_sentence_supervision_months * DAYS_PER_MONTH)
    start_spell(system, person, env.now, sentence.disposal, case.ld_engaged, case.supported)
    if end <= env.now:
        return
    person.licence_until = end
    short = sentence.disposal == Disposal.SHORT_CUSTODY
    rate = c.technical_recall_rate_per_year_short if short else c.technical_recall_rate_per_year_long
    yield from supervise(system, person, case, end, True, sentence.disposal, rate, first_breach)
    if env.now >= end:
        person.licence_until = -math.inf


def _community_sentence(system, person, case, sentence):
    if sentence.treatment_requirement:
        refer_to_treatment(system, person, case, U.TREATMENT_DAYS_SENTENCE)
    start_spell(system, person, system.env.now, sentence.disposal, case.ld_engaged, case.supported)
    if sentence.supervised_days <= 0:
        return
    breach = yield from supervise(system, person, case, system.env.now + sentence.supervised_days,
                                  False, sentence.disposal, system.p.probation.breach_rate_per_year)
    if breach is not None:  # resentenced to custody for the breach
        with system.prison.slot() as place:
            if place is not None:
                yield place
            enter_prison(system, person, case.case_id, Custody.SENTENCED)
            yield from serve_sentence(system, person, case, breach, 0.0)
        start = system.env.now - breach.length_days * system.p.custody.release_fraction
        yield from after_release(system, person, case, breach, start, first_breach=1)


def serve_initial_stock(system, person, days_left: float, sentence_days: float, disposal: int):
    """A prisoner already serving at the start: release when their time is up, then licence."""
    env = system.env
    case = system.new_case(person, math.nan)
    with system.prison.slot() as place:
        if place is not None:
            yield place
        person.prison_since = env.now
        person.prison_item = Item.PRISON_DAYS_LONG if disposal == Disposal.LONG_CUSTODY \
            else Item.PRISON_DAYS
        if person.prison_item == Item.PRISON_DAYS_LONG:
            system.long_sentenced.change(env.now, 1)
        yield env.timeout(days_left)
        leave_prison(system, person, case.case_id, Custody.SENTENCED)
    sentence = Sentence(disposal, sentence_days)
    start = env.now - sentence_days * system.p.custody.release_fraction
    yield from after_release(system, person, case, sentence, start)
