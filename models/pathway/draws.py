"""Per-case random draws: one block of uniforms for each person's n-th case (common random numbers).

Every decision about a case (L&D screening, arrest outcome, court, remand, plea, verdict,
sentence, resettlement) and every duration in it (detention, assessment, preparation, hearing,
treatment episode, recall, breach) reads its own slot of the block of the person's n-th case;
durations are the quantile of their distribution at that uniform. A block is a pure function
of (seed, replication, person, n), drawn from a counter-based generator when the case opens
(:class:`sim.KeyedUniforms`), so nothing is held for cases not yet open. The same person's
n-th case therefore meets the same luck in every configuration, however the order of events
changes: paired comparisons between configurations differ because of the policy, not because
random numbers were consumed in another order. Second and later breaches or recalls within one
order or licence read uniforms keyed by the occurrence as well.
"""

from __future__ import annotations

__all__ = ["U", "SLOTS", "SPELL_SLOTS", "UC", "COURT_LD_SLOTS"]


class U:
    """Slot of each decision in a case's block of uniforms."""

    LD_COVERED, LD_IDENTIFIED, LD_REFERRED, LD_ENGAGED = 0, 1, 2, 3
    ARREST_OUTCOME, DIVERSION, OOCD_TYPE = 4, 5, 6
    COURT_ROUTE, RECALL_ON_CHARGE, REMAND = 7, 8, 9
    PLEA, VERDICT = 10, 11
    SENTENCE, SENTENCE_LENGTH, REQUIREMENT = 12, 13, 14
    HOME_AT_RELEASE, JOB_AT_RELEASE, TREATMENT_AT_RELEASE = 15, 16, 17
    DETENTION_DAYS, ASSESSMENT_DAYS, PREPARATION_DAYS, HEARING_DAYS = 18, 19, 20, 21
    TREATMENT_DAYS_ARREST, TREATMENT_DAYS_SENTENCE, TREATMENT_DAYS_RELEASE = 22, 23, 24
    BREACH_GAP, RECALL_DAYS, BREACH_CUSTODY, BREACH_MONTHS, BREACH_HEARING_DAYS = 25, 26, 27, 28, 29
    WOMENS_CENTRE, WOMENS_CENTRE_DAYS, YOUNG_DIVERSION = 30, 31, 32
    OFFENCE_GROUP, SERIOUSNESS, TAKEN_INTO_CONSIDERATION = 33, 34, 35
    FIRST_HEARING_DAYS, CUSTODY_TIME_LIMIT_EXTENDED, ADJOURNED, ADJOURNMENT_DAYS = 36, 37, 38, 39
    BAIL_COUNT, BAIL_TIME, BAIL_DELAY = 40, 41, 42  # the spell at risk on bail


SLOTS = 43

SPELL_SLOTS = 3  # a spell at risk: undetected-count uniform, time uniform, detection delay


class UC:
    """Slot of each draw in a case's court L&D block. The block comes from a keyed stream of
    its own ("ld_court", keyed by person and case number), not from slots added to the case
    block: a repeat breach or recall reads the case stream at ``occurrence * SLOTS + slot``,
    so a longer case block would move those draws. The treatment episode a court referral
    leads to reads the case's ``U.TREATMENT_DAYS_ARREST``, the L&D referral's slot, unread by
    a case screened at court (not engaged in the custody suite; charged, so no conditional
    caution)."""

    COVERED, IDENTIFIED, REFERRED, ENGAGED, ASSESSMENT_DAYS = 0, 1, 2, 3, 4


COURT_LD_SLOTS = 5
