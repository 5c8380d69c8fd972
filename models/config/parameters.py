"""The parameter tree of the offender pathway: every parameter's kind, in pathway order.

Names carry their units (``_days``, ``_months``, ``_gbp``, ``_per_year``; ``p_`` is a
probability, ``hr_`` a hazard ratio, ``_multiplier`` a factor). Parameters marked
``scaled=True`` are national (England and Wales, 1:1) volumes or capacities that the scenario's
``scale`` multiplies. The values and their sources live in the scenario files
(``models/scenarios/*.toml``); this module says only what each one must be, and the
categories its tables are keyed by come from :mod:`models.config.vocabulary`.
"""

from __future__ import annotations

from models.config.schema import (
    Choice,
    Count,
    Dist,
    Kind,
    Number,
    Prob,
    ScenarioError,
    Shares,
    Table,
)
from models.config.vocabulary import (
    AGE_BANDS,
    ARREST_OUTCOMES,
    BUDGET_HOLDERS,
    COST_ITEMS,
    CROWN_SENTENCES,
    DISPOSALS,
    MAGISTRATES_SENTENCES,
    OOCD_TYPES,
)

__all__ = ["SCHEMA", "SETTINGS_KEYS", "kind_at"]

_p = Prob
_pos = Number(strict=True)
_nonneg = Number()
_hr = Number(strict=True)
_age_hr = Table(keys=AGE_BANDS, item=Number(strict=True))
_age_p = Table(keys=AGE_BANDS, item=Prob())

# The run settings of a scenario's [scenario] table (not model parameters).
SETTINGS_KEYS = ("name", "description", "baseline_year", "scale", "warmup_years",
                 "measurement_years", "followup_months")

SCHEMA: dict = {
    "population": {
        "new_entrants_per_year": Number(strict=True, scaled=True,
                                        doc="people arrested for the first time each year"),
        "known_offender_spell_starts_per_year": Number(scaled=True, doc=(
            "spells at risk begun each year before the run by people already known; those who "
            "had not reoffended by the start form the initial population at risk")),
        "history_years": Number(strict=True, high=30.0),
        "p_female": _p(),
        "age_band_shares_new": Shares(keys=AGE_BANDS),
        "age_band_shares_known": Shares(keys=AGE_BANDS),
        "age_over_25_years": Dist(unit="years"),
        "p_mental_health_need": _p(),
        "p_substance_misuse_need": _p(),
        "p_no_settled_accommodation": _p(),
        "p_unemployed": _p(),
        "risk_multiplier": Dist(unit="hazard multiplier"),
        "prior_offences_known": Dist(unit="offences"),
    },
    "police": {
        "detection_delay_days": Dist(),
        "detention_days": Dist(),
        "cost_per_arrest_gbp": _nonneg,
        "arrest_outcome_shares_adult": Shares(keys=ARREST_OUTCOMES),
        "arrest_outcome_shares_youth": Shares(keys=ARREST_OUTCOMES),
        "out_of_court_type_shares": Shares(keys=OOCD_TYPES),
        "p_young_diverted_from_charge": _p(doc=(
            "chance that a child or young adult bound for charge, with chances left, is "
            "diverted to a community resolution instead (003:549-553)")),
        "young_diversion_max_age_years": Number(low=10.0, high=30.0, doc=(
            "diversion applies below this age")),
        "young_diversion_chances": Count(low=0, doc=(
            "diversions a young person may have before charge follows as usual")),
    },
    "liaison_diversion": {
        "p_coverage": _p(),
        "p_identified_if_need": _p(),
        "p_referred_if_identified": _p(),
        "p_engaged_if_referred": _p(),
        "p_diverted_if_engaged": _p(doc="share of engaged people bound for charge who are "
                                        "diverted to a conditional caution with treatment"),
        "practitioners": Number(strict=True, scaled=True),
        "assessment_days": Dist(),
        "cost_per_assessment_gbp": _nonneg,
        "custody_multiplier_if_engaged": Number(low=0.0, high=1.0),
        "hr_if_engaged": _hr,
    },
    "treatment": {
        "places": Number(strict=True, scaled=True),
        "episode_days": Dist(),
        "patience_days": _nonneg,
        "cost_per_day_gbp": _nonneg,
        "need_hazard_reduction": Number(low=0.0, high=1.0, doc=(
            "share of the excess hazard from mental health and substance misuse needs removed "
            "by a treatment episode")),
    },
    "womens_centres": {
        "p_referred_if_female": _p(doc=(
            "chance that a woman's case is referred to a women's centre (at arrest, court, "
            "prison or release; 003:1957-1993)")),
        "places": Number(strict=True, scaled=True),
        "support_days": Dist(),
        "patience_days": _nonneg,
        "cost_per_day_gbp": _nonneg,
        "hr_if_supported": _hr,
        "custody_multiplier_if_supported": Number(low=0.0, high=1.0),
    },
    "prosecution": {
        "p_crown_court_adult": _p(),
        "p_crown_court_youth": _p(),
        "p_remand_magistrates": _p(),
        "p_remand_crown": _p(),
        "remand_multiplier_if_homeless": Number(low=0.0),
        "p_recall_if_charged_on_licence": _p(),
        "cost_per_case_magistrates_gbp": _nonneg,
        "cost_per_case_crown_gbp": _nonneg,
    },
    "court": {
        court: {
            "courtrooms": Number(strict=True, scaled=True),
            "preparation_days": Dist(),
            "guilty_plea_hearing_days": Dist(),
            "trial_days": Dist(),
            "p_guilty_plea": _p(),
            "p_convicted_at_trial": _p(),
            "cost_guilty_plea_gbp": _nonneg,
            "cost_trial_gbp": _nonneg,
        }
        for court in ("magistrates", "crown")
    },
    "sentencing": {
        "shares_magistrates": Shares(keys=MAGISTRATES_SENTENCES),
        "shares_crown": Shares(keys=CROWN_SENTENCES),
        "custody_multiplier_youth": Number(low=0.0, high=1.0),
        "custody_multiplier_female": Number(low=0.0, high=1.0),
        "custody_multiplier_per_prior_offence": Number(low=1.0, high=2.0, doc=(
            "custody is likelier with a longer record: the chance is multiplied by this to the "
            "power of prior proven offences (up to 10)")),
        "custody_multiplier_short": Number(low=0.0, high=1.0, doc=(
            "multiplier on the chance of a custodial sentence under 12 months; the cases it "
            "removes get community orders instead")),
        "short_custody_months": Dist(unit="months"),
        "long_custody_months": Dist(unit="months"),
        "community_order_months": Dist(unit="months"),
        "suspended_supervision_months": Dist(unit="months"),
        "p_suspended_with_supervision": _p(),
        "p_treatment_requirement_if_need": _p(),
    },
    "custody": {
        "prison_places": Number(strict=True, scaled=True),
        "release_fraction": Number(strict=True, high=1.0),
        "post_sentence_supervision_months": _nonneg,
        "post_sentence_supervision_max_sentence_months": _nonneg,
        "cost_per_prison_day_gbp": _nonneg,
        "technical_recall_rate_per_year_short": _nonneg,
        "technical_recall_rate_per_year_long": _nonneg,
        "recall_days": Dist(),
        "initial_sentenced_stock": Number(scaled=True),
    },
    "probation": {
        "caseload_places": Number(strict=True, scaled=True),
        "cost_per_supervision_day_gbp": _nonneg,
        "breach_rate_per_year": _nonneg,
        "p_custody_on_breach": _p(),
    },
    "resettlement": {
        "p_settled_accommodation_at_release": _p(),
        "p_employed_at_release_men": _p(),
        "p_employed_at_release_women": _p(),
        "p_treatment_continuity_if_need": _p(),
        "cost_per_release_support_gbp": _nonneg,
    },
    "reoffending": {
        "weibull_shape": Number(strict=True, high=5.0),
        "p_reference_reoffend_12m": Number(strict=True, high=0.999),
        "p_desist_per_spell": _age_p,
        "hr_age": _age_hr,
        "hr_female": _hr,
        "hr_mental_health": _hr,
        "hr_substance_misuse": _hr,
        "hr_no_settled_accommodation": _hr,
        "hr_unemployed": _hr,
        "hr_per_prior_offence": _hr,
        "max_prior_offences_counted": Count(low=0),
        "hr_disposal": Table(keys=DISPOSALS, item=Number(strict=True)),
        "cost_of_crime_per_offence_gbp": _nonneg,
    },
    "devolution": {
        "p_savings_reinvested": _p(doc=(
            "share of custody budget savings (bed-days below the reference) reinvested in "
            "local community capacity (invest-to-save, 003:110-113, 362)")),
        "reference_prison_population": Number(strict=True, scaled=True, doc=(
            "the prison population the devolved custody budget is set from: remand, recall and "
            "sentences under 12 months")),
        "review_period_years": Number(strict=True, high=5.0),
        "reinvestment_lag_years": Number(high=10.0),
        "share_to_treatment": _p(doc="share of reinvestment buying treatment places; the rest "
                                     "buys probation caseload places"),
    },
    "budget_holders": {
        item: Choice(options=BUDGET_HOLDERS) for item in COST_ITEMS
    },
}


def kind_at(path: str) -> Kind:
    """The kind of the parameter at a dotted ``path`` of the schema."""
    node = SCHEMA
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise ScenarioError(path, None, "unknown parameter path")
        node = node[part]
    if isinstance(node, dict):
        raise ScenarioError(path, None, "is a table of parameters, not one parameter")
    return node
