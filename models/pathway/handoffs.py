"""Hand-offs: the part of a wait that is information passing between agencies.

Some of the pathway's waits are partly hand-offs (003:1427-1436: backlog from "delays in
information being passed between the Police and the Crown Prosecution Service"): the wait for a
charging decision after release pending charge, charge to the first hearing on bail, trial
preparation, and the adjournment for a pre-sentence report (003:1386-1393). Each has a share
``data_sharing.handoff_share_*`` that is a hand-off; ``data_sharing.handoff_days_multiplier``
multiplies that part only::

    wait = drawn wait x (1 - share x (1 - multiplier))

At a multiplier of 1 the factor is exactly 1.0, so every wait is the drawn one to the bit.
"""

from __future__ import annotations

__all__ = ["shortened"]


def shortened(days: float, share: float, multiplier: float) -> float:
    """``days`` with its hand-off part (``share`` of it) multiplied by ``multiplier``."""
    return days * (1.0 - share * (1.0 - multiplier))
