"""Devolved budgets as real budgets: the grant that comes with a devolved item.

A configuration devolves an item by naming another holder for it in ``[budget_holders]``. The
item's baseline payer (``vocabulary.BASELINE_PAYER``: prisons for custody, probation for
supervision and resettlement, health for treatment) then pays the new holder a grant equal to
the item's baseline cost per year (``devolution.grant_<item>_gbp_per_year``, national and scaled
by the run's scale): fixed in advance, as in a devolution deal, not taken from the run. A grant
is a transfer between public budgets, not a cost: it is not a ledger entry and total public
spending does not change. Each holder's net position is its grant (received positive, paid
negative) minus its spend; for the local holder, positive is a saving and negative an overspend.
In the centralised baseline no item has moved, so there is no grant.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.config.scenario import Params
from models.config.vocabulary import BASELINE_PAYER, BUDGET_HOLDERS

__all__ = ["Grant", "grants", "grant_by_holder"]


@dataclass(frozen=True)
class Grant:
    """The grant for one devolved item: who pays it, who receives it, how much a year."""

    item: str
    payer: str
    receiver: str
    gbp_per_year: float


def grants(p: Params) -> list[Grant]:
    """The grants of a scenario: one per item moved away from its baseline payer."""
    out = []
    for item, payer in BASELINE_PAYER.items():
        holder = getattr(p.budget_holders, item)
        if holder != payer:
            out.append(Grant(item, payer, holder,
                             float(getattr(p.devolution, f"grant_{item}_gbp_per_year"))))
    return out


def grant_by_holder(p: Params) -> dict[str, float]:
    """Net grant per year of every budget holder: received positive, paid negative."""
    out = dict.fromkeys(BUDGET_HOLDERS, 0.0)
    for g in grants(p):
        out[g.receiver] += g.gbp_per_year
        out[g.payer] -= g.gbp_per_year
    return out
