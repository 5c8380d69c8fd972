"""Women's centres: the whole system approach for women (003:1957-1993; Corston, 003:760-812).

In Greater Manchester a woman can be referred to a women's centre when first arrested, a court
can require attendance, and centre workers visit prisons and support women on release. Here a
woman's case is referred with ``p_referred_if_female`` at arrest (or, for a woman already in
prison when the run starts, at release). Centre places are a FCFS pool with a queue: support
starts when a place is free and the referral lapses if none opens within the patience.
Support lowers the chance of a custodial sentence for the case and the reoffending hazard of
the spell at risk that follows it. The only published outcome is uncontrolled (87% "positive
progress", F90), so both effects are assumptions with ranges.
"""

from __future__ import annotations

from models.config.vocabulary import Item
from models.pathway.context import Context
from models.pathway.draws import U
from models.pathway.entities import Case, Person

__all__ = ["refer_to_womens_centre"]


def refer_to_womens_centre(system: Context, person: Person, case: Case) -> bool:
    """Decide (once per case) whether a woman is referred; return True if support starts."""
    w = system.p.womens_centres
    if not person.female or case.wc_referred:
        return case.supported
    case.wc_referred = True
    if case.uniforms[U.WOMENS_CENTRE] >= w.p_referred_if_female:
        return False
    t = system.env.now
    days = system.quantile(case, U.WOMENS_CENTRE_DAYS, w.support_days)
    start = system.womens_pool.offer(t, days, w.patience_days)
    if start is None:
        system.events.womens_centre_lapsed(t + w.patience_days, person.person_id, case.case_id)
        return False
    system.events.womens_centre_start(start, person.person_id, case.case_id, days)
    end = min(start + days, system.horizon)
    if end > start:
        system.ledger.charge(Item.WOMENS_CENTRE, person.person_id, start, end,
                             (end - start) * w.cost_per_day_gbp)
    case.supported = True
    return True
