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
    BASELINE_PAYER,
    BUDGET_HOLDERS,
    CHILDREN_HELD_IN,
    COST_ITEMS,
    CROWN_SENTENCES,
    DISPOSALS,
    ETHNICITIES,
    MAGISTRATES_SENTENCES,
    OFFENCE_GROUPS,
    OOCD_TYPES,
    PROGRAMMES,
    SERIOUSNESS,
    YOUTH_ESTATES,
)

__all__ = ["SCHEMA", "SETTINGS_KEYS", "kind_at"]

_p = Prob
_pos = Number(strict=True)
_nonneg = Number()
_hr = Number(strict=True)
_age_hr = Table(keys=AGE_BANDS, item=Number(strict=True))
_age_p = Table(keys=AGE_BANDS, item=Prob())

def _court_schema() -> dict:
    """The parameters every court has."""
    return {
        "sitting_days_per_year": Number(strict=True, scaled=True, doc=(
            "days courtrooms sit in a year, national (a courtroom sits 250 days a year)")),
        "first_hearing_days": Dist(doc="charge (or sending) to the first hearing, on bail"),
        "preparation_days": Dist(doc="a not guilty plea to a trial-ready case"),
        "p_adjourned_for_sentence": _p(doc="convictions adjourned for a pre-sentence report"),
        "adjournment_days": Dist(doc="conviction to sentence when adjourned"),
        "guilty_plea_hearing_days": Dist(),
        "trial_days": Dist(),
        "p_guilty_plea": _p(),
        "p_convicted_at_trial": _p(),
        "cost_guilty_plea_gbp": _nonneg,
        "cost_trial_gbp": _nonneg,
    }


# The run settings of a scenario's [scenario] table (not model parameters).
SETTINGS_KEYS = ("name", "description", "baseline_year", "scale", "warmup_years",
                 "measurement_years", "followup_months")

SCHEMA: dict = {
    "population": {
        "new_entrants_per_year": Number(strict=True, scaled=True,
                                        doc="people arrested for the first time each year"),
        "known_active_offenders": Number(scaled=True, doc=(
            "people already known to the system (at least one proven offence) whose criminal "
            "career is still going at the start of the run, at liberty")),
        "history_years": Number(strict=True, high=30.0, doc=(
            "a known offender's current spell at risk began uniformly within this many years "
            "before the start (their first offence in the run is drawn given none since)")),
        "p_female": _p(),
        "age_band_shares_new": Shares(keys=AGE_BANDS),
        "age_band_shares_known": Shares(keys=AGE_BANDS),
        "age_over_25_years": Dist(unit="years"),
        "p_mental_health_need": _p(),
        "p_substance_misuse_need": _p(),
        "p_no_settled_accommodation": _p(),
        "p_unemployed": _p(),
        "risk_multiplier": Dist(unit="hazard multiplier", doc=(
            "persistent offending propensity: a multiplier on the person's rate of offending "
            "for life, heavy-tailed (a few people offend very often)")),
        "career_start_age_years": Dist(unit="years", doc=(
            "age at the first proven offence of people already known at the start")),
        "record_years_scale": Number(strict=True, doc=(
            "offending slows over a career: y years since its start count as "
            "tau * (1 - exp(-y / tau)) years of record (tau in years)")),
        "prior_offences_per_career_year": Number(strict=True, doc=(
            "proven offences per year of criminal career of a person of propensity 1; a known "
            "offender's record is 1 + Poisson(this x propensity x years since career start)")),
        # -- ethnicity (issue 13): who is arrested, against the population (RRI denominators)
        "ethnicity_shares_population": Shares(keys=ETHNICITIES, doc=(
            "ethnic groups of the general population: the denominators of the relative rate "
            "index of arrest")),
        "arrest_rate_multiplier_by_ethnicity": Table(keys=ETHNICITIES, item=Number(strict=True), doc=(
            "arrest rate per head of each group against White: new and known offenders are "
            "drawn with shares population share x this, normalised (the arrest "
            "disproportionality is the cohort's composition)")),
        "ethnicity_shares_stock": Shares(keys=ETHNICITIES, doc=(
            "ethnic groups of the prisoners serving a sentence when the run starts")),
    },
    "police": {
        "detection_delay_days": Dist(),
        "detention_days": Dist(),
        "p_offence_detected": Number(strict=True, high=1.0, doc=(
            "chance that an offence leads to an arrest; the others go undetected (they still "
            "have victims and costs)")),
        "p_taken_into_consideration": _p(doc=(
            "chance that each undetected offence since the person's last case is admitted and "
            "taken into consideration with the new case (a proven offence if the case is)")),
        "out_of_court_multiplier_per_prior_offence": Number(low=0.0, high=1.0, doc=(
            "out-of-court disposals are for short records: the share is multiplied by this to "
            "the power of previous proven offences (up to 10); the rest are charged")),
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
        "remand_odds_ratio_if_engaged": Number(low=0.0, high=1.0, doc=(
            "the odds of remand in custody are multiplied by this for a defendant engaged "
            "with an L&D referral (in the custody suite or at court)")),
        "court": {
            "p_coverage": _p(doc=(
                "chance that L&D covers the court where a charged defendant first appears "
                "(screening before the first hearing of a defendant not assessed in custody)")),
            "p_identified_if_need": _p(doc="a defendant with a need identified by court L&D"),
            "p_referred_if_identified": _p(doc="an assessed defendant referred to treatment or "
                                               "support"),
            "p_engaged_if_referred": _p(),
            "window_days": Number(strict=True, doc=(
                "time at court before the first hearing within which an assessment must be "
                "finished (else missed)")),
        },
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
    "offences": {
        "group_shares": Shares(keys=OFFENCE_GROUPS, doc="offence group of detected offences"),
        "seriousness_shares": Table(keys=OFFENCE_GROUPS, item=Shares(keys=SERIOUSNESS), doc=(
            "mode of trial of an offence in each group")),
        "cost_of_crime_gbp": Table(keys=OFFENCE_GROUPS, item=Number(), doc=(
            "economic and social cost of one offence of the group (undetected offences cost "
            "the mean over the group shares)")),
    },
    "prosecution": {
        "p_either_way_sent_to_crown_adult": _p(doc=(
            "either-way cases of adults sent to (or electing) the Crown Court; summary cases "
            "stay at the magistrates' court and indictable-only cases go to the Crown Court")),
        "p_crown_court_youth": _p(doc=(
            "cases of children that are not summary sent to the Crown Court (the rest stay in "
            "the youth court)")),
        "p_remand_by_seriousness": Table(keys=SERIOUSNESS, item=Prob(), doc=(
            "chance of remand in custody for a defendant with no previous proven offence, a "
            "home and not on bail or licence")),
        "remand_odds_ratio_per_prior_offence": Number(low=1.0, high=2.0, doc=(
            "the odds of remand are multiplied by this for each previous proven offence (up to "
            "30): bail risk grows with the record")),
        "remand_odds_ratio_if_homeless": Number(low=1.0),
        "remand_odds_ratio_if_on_bail": Number(low=1.0, doc=(
            "odds ratio on remand for a defendant charged while on bail for an earlier case")),
        "p_recall_if_charged_on_licence": Table(keys=SERIOUSNESS, item=Prob(), doc=(
            "chance that a person charged while on licence is recalled to prison, by the "
            "mode of trial of the new charge (recall is a decision, not automatic)")),
        "cost_per_case_magistrates_gbp": _nonneg,
        "cost_per_case_crown_gbp": _nonneg,
    },
    "court": {
        "magistrates": _court_schema() | {
            "summons_cases_per_year": Number(scaled=True, doc=(
                "cases begun by summons or requisition (not arrest) sharing the courtrooms")),
            "summons_case_days": Dist(doc="a summons case from issue to being ready for court"),
            "summons_hearing_days": Dist(doc="courtroom time per summons case (room-days)"),
            "custody_time_limit_days": Number(strict=True, doc=(
                "custody time limit from first appearance to trial, either-way cases (X40)")),
            "custody_time_limit_days_summary": Number(strict=True, doc=(
                "custody time limit from first appearance to trial, summary cases (X40)")),
        },
        "crown": _court_schema() | {
            "custody_time_limit_days": Number(strict=True, doc=(
                "custody time limit from sending to arraignment (X40)")),
        },
        "p_custody_time_limit_extended": _p(doc=(
            "remanded cases whose custody time limit the court extends on application")),
        "plea_odds_ratio_by_seriousness": Table(keys=SERIOUSNESS, item=Number(strict=True), doc=(
            "odds ratio on a guilty plea by the case's mode of trial (either-way: the court's "
            "p_guilty_plea)")),
        "conviction_odds_ratio_by_seriousness": Table(
            keys=SERIOUSNESS, item=Number(strict=True), doc=(
                "odds ratio on conviction at trial by mode of trial (either-way: the court's "
                "p_convicted_at_trial)")),
    },
    "data_sharing": {
        # Hand-offs: the parts of the pathway's waits that are information passing between
        # agencies (police, CPS, courts, probation; 003:1427-1436), and the lever that shortens
        # them (models/pathway/handoffs.py).
        "p_released_pending_charge": _p(doc=(
            "share of suspects bound for charge who are released (on bail pending charge or "
            "under investigation) to wait for the charging decision instead of being charged "
            "in the custody suite; they come to court on bail")),
        "pending_charge_days": Dist(doc=(
            "release from the custody suite to the charging decision, for those released "
            "pending charge (before the hand-off lever)")),
        "handoff_share_charging": _p(doc=(
            "share of the wait for a charging decision that is the case file passing between "
            "police and CPS")),
        "handoff_share_first_hearing": _p(doc=(
            "share of charge (or sending) to the first hearing, on bail, that is a hand-off "
            "(the file and CPS papers reaching the court)")),
        "handoff_share_preparation": _p(doc=(
            "share of trial preparation that is hand-offs (evidence, disclosure and case files "
            "between police, CPS and defence)")),
        "handoff_share_adjournment": _p(doc=(
            "share of an adjournment for a pre-sentence report that is gathering information "
            "from other agencies (police, CPS, health, children's services)")),
        "handoff_days_multiplier": Number(low=0.0, high=2.0, doc=(
            "multiplier on the hand-off part of each of these waits (1: today's hand-offs; "
            "below 1: data sharing shortens them)")),
    },
    "sentencing": {
        "shares_magistrates": Shares(keys=MAGISTRATES_SENTENCES),
        "shares_crown": Shares(keys=CROWN_SENTENCES),
        "custody_multiplier_youth": Number(low=0.0, high=1.0),
        "custody_multiplier_female": Number(low=0.0, high=1.0),
        "custody_multiplier_per_prior_offence": Number(low=1.0, high=2.0, doc=(
            "custody is likelier with a longer record: the chance is multiplied by this to the "
            "power of (previous proven offences, up to 30, minus the reference record)")),
        "custody_reference_prior_offences": Number(high=30.0, doc=(
            "the record of a defendant for whom the court's sentence shares hold as given")),
        "custody_multiplier_by_seriousness": Table(keys=SERIOUSNESS, item=Number(), doc=(
            "multiplier on the chance of immediate custody by the case's mode of trial")),
        "custody_multiplier_short": Number(low=0.0, high=1.0, doc=(
            "multiplier on the chance of a custodial sentence under 12 months; the cases it "
            "removes get community orders instead")),
        "length_multiplier_by_seriousness": Table(keys=SERIOUSNESS, item=Number(strict=True), doc=(
            "multiplier on a custodial sentence's length by mode of trial (kept within its "
            "band: under 12 months, or 12 months or more)")),
        "guilty_plea_reduction": Number(high=1.0, doc=(
            "fraction taken off a custodial sentence for a guilty plea at the first hearing")),
        "short_custody_months": Dist(unit="months", doc=(
            "length after a trial, either-way offence, before the multipliers")),
        "long_custody_months": Dist(unit="months", doc=(
            "length after a trial, either-way offence, before the multipliers")),
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
        "desistance_rate_per_year": _age_hr,
        "hr_age": _age_hr,
        "hr_female": _hr,
        "hr_mental_health": _hr,
        "hr_substance_misuse": _hr,
        "hr_no_settled_accommodation": _hr,
        "hr_unemployed": _hr,
        "hr_per_prior_offence": _hr,
        "max_prior_offences_counted": Count(low=0),
        "desistance_multiplier_per_prior_offence": Number(strict=True, high=1.0, doc=(
            "the desistance rate is multiplied by this for each previous proven offence (up to "
            "max_prior_offences_counted): long records end later")),
        "hr_disposal": Table(keys=DISPOSALS, item=Number(strict=True)),
    },
    "prevention": {
        "p_first_offence_prevented": Table(keys=AGE_BANDS, item=Prob(), doc=(
            "chance that early intervention keeps a would-be first-time entrant of the age band "
            "from their first offence (and so from the system): 0 without a programme")),
        "participants_per_prevented_entrant": Number(strict=True, doc=(
            "people an early-intervention programme works with for each first-time entrant it "
            "prevents (most participants would not have offended: the number needed to treat)")),
        "cost_per_participant_gbp": _nonneg,
    },
    "offender_management": {
        "p_managed_if_prolific": _p(doc=(
            "chance that a prolific offender (at least min_prior_offences previous proven "
            "offences) is managed under integrated offender management while at risk")),
        "min_prior_offences": Count(low=1, doc="previous proven offences that make a person "
                                               "prolific (X33, X34: more than 15)"),
        "hr_if_managed": Number(strict=True, high=1.5, doc=(
            "hazard ratio of a spell at risk spent under integrated offender management")),
        "cost_per_managed_day_gbp": _nonneg,
    },
    "devolution": {
        "p_savings_reinvested": _p(doc=(
            "share of custody budget savings (bed-days below the reference) reinvested in "
            "local community capacity (invest-to-save, 003:110-113, 362)")),
        "review_period_years": Number(strict=True, high=5.0),
        "reinvestment_lag_years": Number(high=10.0),
        "share_to_treatment": _p(doc="share of reinvestment buying treatment places; the rest "
                                     "buys probation caseload places"),
        # devolved budgets as real budgets (models.pathway.budget): the grant per devolved item
        **{f"grant_{item}_gbp_per_year": Number(scaled=True, doc=(
            f"grant paid to the holder of {item} when a configuration moves it away from its "
            "baseline payer: the item's baseline cost per year"))
           for item in BASELINE_PAYER},
        "custody_multiplier_if_local_payer": Number(strict=True, high=1.0, doc=(
            "multiplier on the chance of custody under 12 months when a local budget pays for "
            "it (sentencers and commissioners respond to who pays); 1 = no response")),
    },
    "prison_regime": {  # staffing -> regime -> programmes (models.pathway.stages.prison_regime)
        "enabled": Choice(options=("off", "on"), doc=(
            "on: prisoners released from a sentence may have started and completed in-prison "
            "programmes, whose places follow the regime (off: no draws, no effect)")),
        "frontline_officers": Number(strict=True, scaled=True, doc=(
            "frontline prison officers (FTE), national, at the start of the run")),
        "officers_yearly_change_fraction": Number(low=-0.5, high=0.5, doc=(
            "relative change of the officers each year from the start of the run (a trend)")),
        "reference_staff_per_prisoner": Number(strict=True, doc=(
            "officers per modelled prisoner at which the regime is the reference one")),
        "reference_out_of_cell_hours": Number(strict=True, high=24.0, doc=(
            "hours a day out of cell at the reference staff per prisoner")),
        "full_regime_out_of_cell_hours": Number(strict=True, high=24.0, doc=(
            "hours a day out of cell of a full regime: the most staffing can buy (the cap)")),
        "p_start_at_reference": Table(keys=PROGRAMMES, item=Prob(), doc=(
            "chance that a sentenced prisoner whose stay is long enough starts the programme "
            "at the reference regime (recovery: prisoners with a substance misuse need); it "
            "scales with hours out of cell / hours at the reference, up to 1")),
        "programme_days": Table(keys=PROGRAMMES, item=Number(strict=True), doc=(
            "days in prison a programme needs: shorter stays start none")),
        "p_complete": Table(keys=PROGRAMMES, item=Prob(), doc=(
            "chance that a programme started is completed")),
        "p_employed_uplift_education": Number(high=1.0, doc=(
            "added to the chance of a job at release after completed education")),
        "p_employed_uplift_work": Number(high=1.0, doc=(
            "added to the chance of a job at release after completed work or employability "
            "training")),
        "hr_if_behaviour_programme": _hr,
        "p_treatment_continuity_if_recovery": _p(doc=(
            "chance that treatment continues after release for a prisoner with a need who "
            "completed drug recovery treatment (instead of p_treatment_continuity_if_need)")),
        "centred": Choice(options=("off", "on"), doc=(
            "on: the effects are centred on what a prisoner with the same stay would receive "
            "at the reference regime, so that at reference staffing the release outcomes "
            "equal the calibrated ones on average")),
    },
    # -- young adults to 25 and the youth secure estate (issue 13)
    "young_adults": {
        "max_age_years": Number(low=18.0, high=30.0, doc=(
            "maturity-based handling applies to adults below this age (T2A: up to 25)")),
        "p_maturity_assessed": _p(doc=(
            "chance that a convicted young adult's pre-sentence report assesses maturity, so "
            "that the court weighs lack of maturity and the case is handled as a young adult's")),
        "custody_multiplier_if_assessed": Number(low=0.0, high=1.0, doc=(
            "multiplier on the chance of immediate custody of an assessed young adult; the "
            "cases it removes get (intensive) community orders instead")),
        "breach_multiplier_if_assessed": Number(low=0.0, doc=(
            "multiplier on the technical breach rate of an order and the recall rate of a "
            "licence supervised in the young-adult model")),
        "supervision_cost_multiplier_if_assessed": Number(low=1.0, high=5.0, doc=(
            "multiplier on the cost of a day of supervision in the young-adult model "
            "(intensive community orders)")),
    },
    "youth_custody": {
        "children_held_in": Choice(options=CHILDREN_HELD_IN, doc=(
            "where children (under 18 when a place is sought) remanded or sentenced to custody "
            "are held: adult prison places at the adult day cost, or the youth secure estate "
            "with its own places and cost per place")),
        "places": Number(strict=True, scaled=True, doc="places in the youth secure estate"),
        "cost_per_place_per_year_gbp": Table(keys=YOUTH_ESTATES, item=Number(), doc=(
            "cost of a place for a year by kind of establishment")),
        "placement_shares": Shares(keys=YOUTH_ESTATES, doc=(
            "share of children in custody placed in each kind of establishment (their cost a "
            "day is the mix's mean)")),
    },
    "ethnicity": {  # disproportionality at the decisions (issue 13; 003:813-916)
        "out_of_court_multiplier": Table(keys=ETHNICITIES, item=Number(), doc=(
            "multiplier on the out-of-court share at arrest by group (an out-of-court disposal "
            "needs an admission: the trust deficit, 003:875-879); the cases it removes are "
            "charged. Normalised over the arrested population")),
        "remand_odds_ratio": Table(keys=ETHNICITIES, item=Number(strict=True), doc=(
            "odds ratio on remand in custody by group, normalised over the arrested "
            "population")),
        "custody_multiplier": Table(keys=ETHNICITIES, item=Number(), doc=(
            "multiplier on the chance of immediate custody at sentence by group, all offences, "
            "normalised over the arrested population")),
        "custody_multiplier_drugs": Table(keys=ETHNICITIES, item=Number(), doc=(
            "further multiplier on the chance of immediate custody for a drug offence by group "
            "('particularly for drugs offences', 003:841-843), normalised likewise")),
        "out_of_court_gap_closed": Prob(doc=(
            "share of the out-of-court gap closed (no admission required, e.g. deferred "
            "prosecution; Lammy's recommendation, 003:875-879): each group's out-of-court "
            "multiplier moves this far towards White's")),
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
