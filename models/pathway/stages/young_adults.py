"""Young adults to 25: maturity-based handling in sentencing and supervision (issue 13, M15).

The seed argues for treating young people up to 25 as a distinct group, by maturity rather
than the sudden switch at 18 (T2A, 003:657-666), notes that a maturity assessment has been
introduced without consistency (003:700-711), and names intensive community orders for young
adults (004:26). Here a convicted adult under ``young_adults.max_age_years`` has their maturity
assessed in the pre-sentence report with ``p_maturity_assessed`` (a uniform of a stream of its
own, so no other draw moves). An assessed case is handled as a young adult's:

- sentencing multiplies its chance of immediate custody by ``custody_multiplier_if_assessed``
  (lack of maturity as mitigation; the cases removed get community orders);
- its order or licence is supervised in the young-adult model: the technical breach (or recall)
  rate is multiplied by ``breach_multiplier_if_assessed`` and a day of supervision costs
  ``supervision_cost_multiplier_if_assessed`` times as much (intensive supervision).

With the multipliers at 1 (or the chance at 0) nothing changes.
"""

from __future__ import annotations

from models.pathway.context import Context
from models.pathway.entities import Case, Person

__all__ = ["assess_maturity", "breach_rate_per_year"]

_ADULT_AGE_YEARS = 18.0


def assess_maturity(system: Context, person: Person, case: Case) -> bool:
    """After a conviction, before sentence: is the young adult's maturity assessed? Sets and
    returns ``case.maturity_assessed``."""
    y = system.p.young_adults
    if y.p_maturity_assessed <= 0.0:
        return False
    age = person.age_at(system.env.now)
    if not _ADULT_AGE_YEARS <= age < y.max_age_years:
        return False
    case.maturity_assessed = system.young_adult_uniform(case) < y.p_maturity_assessed
    return case.maturity_assessed


def breach_rate_per_year(system: Context, case: Case, rate_per_year: float) -> float:
    """The technical breach (order) or recall (licence) rate of the case's supervision."""
    if case.maturity_assessed:
        return rate_per_year * system.p.young_adults.breach_multiplier_if_assessed
    return rate_per_year
