"""Disproportionality: how each ethnic group's chances differ at the decisions of the pathway.

The review (003:813-916; Lammy 2016-17) locates it at arrest (the cohort's composition, see
:func:`models.pathway.cohort.arrestee_ethnicity_shares`), at the out-of-court decision (it
needs an admission of guilt: the trust deficit, 003:875-879), at remand, and at sentence
("particularly for drugs offences", 003:841-843). Each is a multiplier by group against White
(``ethnicity.*``), normalised by its mean over the arrested population (the arrestee shares), so
that the cohort-wide rate at each decision stays about as calibrated: the calibrated totals
already contain today's disproportionality. With every multiplier equal the factors are exactly
1 and nothing changes. The lever ``out_of_court_gap_closed`` moves each group's out-of-court
multiplier towards White's, against the same (baseline) normalisation, so closing the gap
raises the minority groups' chances and leaves White's as they were.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from models.config.scenario import Params
from models.config.vocabulary import ETHNICITIES

__all__ = ["EthnicFactors", "normalised"]


def normalised(multipliers: Sequence[float], weights: Sequence[float]) -> list[float]:
    """``multipliers`` divided by their mean weighted by ``weights``; all exactly 1.0 when the
    multipliers are all equal (so an unused mechanism changes no bit)."""
    if len(set(multipliers)) <= 1:
        return [1.0] * len(multipliers)
    mean = sum(w * m for w, m in zip(weights, multipliers, strict=True)) / sum(weights)
    return [m / mean for m in multipliers]


def _ordered(table: Mapping[str, float]) -> list[float]:
    return [float(table[e]) for e in ETHNICITIES]


@dataclass(frozen=True, slots=True)
class EthnicFactors:
    """Per group (``ETHNICITIES`` order): the factors the stages apply."""

    out_of_court: tuple[float, ...]    # on the out-of-court share at arrest
    remand_odds: tuple[float, ...]     # on the odds of remand
    custody: tuple[float, ...]         # on the chance of immediate custody
    custody_drugs: tuple[float, ...]   # ... further, for a drug offence

    @classmethod
    def neutral(cls) -> EthnicFactors:
        """Every factor 1: no disproportionality."""
        one = (1.0,) * len(ETHNICITIES)
        return cls(one, one, one, one)

    @classmethod
    def from_params(cls, p: Params, weights: Sequence[float]) -> EthnicFactors:
        """The factors of the scenario's ``ethnicity`` parameters, normalised over ``weights``
        (the arrestee shares)."""
        e = p.ethnicity
        ooc = _ordered(e.out_of_court_multiplier)
        closed = e.out_of_court_gap_closed
        base = normalised(ooc, weights)
        if closed > 0.0 and base != [1.0] * len(base):
            white = base[0]
            base = [m + (white - m) * closed for m in base]
        return cls(tuple(base), tuple(normalised(_ordered(e.remand_odds_ratio), weights)),
                   tuple(normalised(_ordered(e.custody_multiplier), weights)),
                   tuple(normalised(_ordered(e.custody_multiplier_drugs), weights)))
