"""Per-case random draws: one block of uniforms for each person's n-th case (common random numbers).

Every discrete decision about a case (L&D screening, arrest outcome, court, remand, plea,
verdict, sentence, resettlement) reads its own slot of a block drawn with the cohort, before the
run. The same person's n-th case therefore meets the same luck in every configuration, however
the order of events changes: paired comparisons between configurations differ because of the
policy, not because random numbers were consumed in another order. Cases beyond
``CASES_PER_PERSON`` draw their block from an overflow stream.
"""

from __future__ import annotations

__all__ = ["U", "SLOTS", "CASES_PER_PERSON"]

CASES_PER_PERSON = 6


class U:
    """Slot of each decision in a case's block of uniforms."""

    LD_COVERED, LD_IDENTIFIED, LD_REFERRED, LD_ENGAGED = 0, 1, 2, 3
    ARREST_OUTCOME, DIVERSION, OOCD_TYPE = 4, 5, 6
    COURT_ROUTE, RECALL_ON_CHARGE, REMAND = 7, 8, 9
    PLEA, VERDICT = 10, 11
    SENTENCE, SENTENCE_LENGTH, REQUIREMENT = 12, 13, 14
    HOME_AT_RELEASE, JOB_AT_RELEASE, TREATMENT_AT_RELEASE = 15, 16, 17


SLOTS = 18
