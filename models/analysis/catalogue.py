"""The metric catalogue: every outcome the simulator reports, once, with what it means.

Each :class:`Metric` has its name (the key in every table), a readable label, its kind (which
fixes the unit, how it is shown, and whether it scales with the run's ``scale``) and how it is
computed. The comparison, validation, sweeps, calibration and the reports read this catalogue:
which metrics a comparison tabulates, which head a report, how a value is formatted, whether a
half-width target is in percentage points, and which names a sweep or a target may use.

Kinds: ``rate`` (a proportion of index events or of a cohort, shown as %), ``share`` (a
proportion of a flow or a stock, shown as %), ``count`` (events or people per year of the
measurement window), ``stock`` (people, mean over the window), ``money`` (GBP per year, or as
the unit says), ``days`` and ``months`` (durations), ``ratio`` (a count per person).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.config.schema import ScenarioError
from models.config.vocabulary import BUDGET_HOLDERS, HOLDER_LEVEL, LEVELS, PROGRAMMES

__all__ = ["Metric", "KINDS", "CATALOGUE", "metric", "check_metrics", "COMPARISON",
           "COMPARISON_HEADLINE", "RUN_HEADLINE", "SUBGROUPS", "FLOWS_SHOWN", "of_kind"]

KINDS = {  # kind -> (unit, scales with the run's scale)
    "rate": ("% of index events", False),
    "share": ("%", False),
    "count": ("per year", True),
    "stock": ("people (mean over the window)", True),
    "money": ("£ per year", True),
    "days": ("days", False),
    "months": ("months", False),
    "ratio": ("per person", False),
}


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    kind: str
    how: str
    unit: str = ""          # default: the kind's unit
    scales: bool | None = None  # default: the kind's (counts, stocks and money scale)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"metric {self.name}: kind={self.kind!r} must be one of {list(KINDS)}")
        if not self.unit:
            object.__setattr__(self, "unit", KINDS[self.kind][0])
        if self.scales is None:
            object.__setattr__(self, "scales", KINDS[self.kind][1])

    @property
    def is_proportion(self) -> bool:
        """Shown as % and compared in percentage points."""
        return self.kind in ("rate", "share")


_INDEX = ("index events in the window (releases from custody, court orders, cautions; the "
          "first per person per year)")
_PROVEN = (f"the share of {_INDEX} followed by an offence within 12 months proven by "
           "conviction or caution within 18 months (the MoJ measure)")
_DETECTED = (f"the share of {_INDEX} followed within 12 months by an offence that led to an "
             "arrest, however late (or whether) it was proven")
_WINDOW = "in the measurement window, divided by its years"
_MEAN = "the daily level averaged over the measurement window"


def _rate(name: str, label: str, whose: str) -> Metric:
    return Metric(name, label, "rate", f"proven reoffending of {whose}: {_PROVEN}")


def _detected(name: str, label: str, whose: str) -> Metric:
    return Metric(name, label, "rate", f"detected reoffending of {whose}: {_DETECTED}")


def _prior_rate(name: str, label: str) -> Metric:
    return Metric(name, f"proven reoffending, {label}", "rate",
                  f"proven reoffending of index events whose person had {label} (the caution's "
                  "or court order's own count; for a release, that of the sentence it ends; for "
                  f"the initial prison stock, the people table's): {_PROVEN}")


def _flow(name: str, label: str, what: str) -> Metric:
    return Metric(f"{name}_per_year", label, "count", f"{what} {_WINDOW}")


_METRICS: list[Metric] = [
    # -- populations (means over the window)
    Metric("mean_prison_remand", "prison population: remand", "stock", f"people remanded in prison, {_MEAN}"),
    Metric("mean_prison_sentenced", "prison population: sentenced", "stock", f"people serving a sentence, {_MEAN}"),
    Metric("mean_prison_recall", "prison population: recalled", "stock", f"people recalled (technical or on a new charge), {_MEAN}"),
    Metric("mean_prison_total", "prison population (modelled)", "stock", f"remand + sentenced + recall, {_MEAN}"),
    Metric("mean_probation_community", "probation caseload: orders", "stock", f"people supervised on a community or suspended sentence order, {_MEAN}"),
    Metric("mean_probation_licence", "probation caseload: licence", "stock", f"people supervised on licence or post-sentence supervision, {_MEAN}"),
    Metric("mean_probation_total", "probation caseload", "stock", f"orders + licence, {_MEAN}"),
    Metric("mean_probation_with_pre_release", "probation caseload with pre-release cases",
           "stock", f"orders + licence + sentenced prisoners (pre-release cases), {_MEAN}"),
    Metric("mean_court_magistrates_outstanding", "magistrates' cases outstanding", "stock", f"cases charged to the magistrates' court without a verdict, {_MEAN}"),
    Metric("mean_court_magistrates_queue", "magistrates' cases waiting for a courtroom", "stock", f"prepared cases queued for a magistrates' courtroom, {_MEAN}"),
    Metric("mean_court_magistrates_outstanding_all",
           "magistrates' cases outstanding, including summons cases", "stock",
           "cases charged to the magistrates' court without a verdict plus the cases begun by "
           "summons outstanding there (the run's background level, 0 if it has none), "
           f"{_MEAN}"),
    Metric("mean_court_crown_outstanding", "Crown Court cases outstanding", "stock", f"cases sent to the Crown Court without a verdict, {_MEAN}"),
    Metric("mean_court_crown_queue", "Crown Court cases waiting for a courtroom", "stock", f"prepared cases queued for a Crown Court room, {_MEAN}"),
    # -- year by year (models.analysis.yearly): what a timeline's shock or trend does at its worst
    Metric("peak_court_crown_outstanding", "Crown Court cases outstanding, worst year", "stock",
           "cases sent to the Crown Court without a verdict: the highest of the yearly means "
           "over the years of the measurement window"),
    Metric("peak_prison_total", "prison population, worst year", "stock",
           "remand + sentenced + recall: the highest of the yearly means over the years of "
           "the measurement window"),
    Metric("prison_bed_days_per_year", "prison bed-days per year", "count", "mean prison population × 365.25"),
    # -- flows per year
    _flow("arrests", "arrests per year", "arrests"),
    _flow("nfa", "no further action per year", "arrests ending in no further action"),
    _flow("out_of_court", "out-of-court disposals per year", "cautions, community resolutions and conditional cautions"),
    _flow("charges", "charges per year", "charges"),
    _flow("charges_crown", "charges to the Crown Court per year", "cases sent to the Crown Court"),
    _flow("ld_screened", "L&D assessments per year", "detainees assessed by L&D in custody"),
    _flow("ld_engaged", "L&D engagements per year", "detainees engaging with an L&D referral"),
    _flow("ld_court_identified", "court L&D identifications per year",
          "charged defendants not assessed in the custody suite whom L&D at court identified "
          "with a need before the first hearing (assessed, or missed for want of a "
          "practitioner in time)"),
    _flow("ld_court_screened", "court L&D assessments per year",
          "charged defendants assessed by L&D at court before the first hearing"),
    _flow("ld_court_referred", "court L&D referrals per year",
          "defendants referred by L&D at court to treatment or support (engaged or not)"),
    _flow("ld_court_engaged", "court L&D engagements per year",
          "defendants engaging with a referral by L&D at court"),
    _flow("remands", "remands per year", "remands in custody (including recalls on a new charge)"),
    _flow("remands_awaiting_trial", "remands in custody awaiting trial per year",
          "remands in custody on a charge (custody REMAND; recalls on a new charge left out)"),
    Metric("remanded_awaiting_sentence_per_year", "convicted and remanded awaiting sentence per year",
           "count", "convictions of defendants in custody on remand at conviction (their case's "
           "last remand or remand release before the conviction is a remand: a defendant "
           "released at the custody time limit and bailed is not) " + _WINDOW),
    _flow("convictions", "convictions per year", "convictions"),
    _flow("acquittals", "acquittals per year", "acquittals"),
    _flow("immediate_custody", "immediate custodial sentences per year", "sentences of immediate custody (short and long)"),
    _flow("short_custody", "custodial sentences under 12 months per year", "sentences of immediate custody under 12 months"),
    Metric("short_custody_under_6m_per_year", "custodial sentences under 6 months per year",
           "count", "sentences of immediate custody shorter than 6 months passed for offences "
           f"(breach sentences left out) {_WINDOW}"),
    _flow("community_orders", "community orders per year", "community orders"),
    _flow("suspended_orders", "suspended sentence orders per year", "suspended sentence orders"),
    _flow("receptions", "prison receptions per year", "prison receptions (remand, sentence and recall)"),
    _flow("releases", "releases from sentence per year", "releases at the end of a custodial sentence"),
    _flow("recalls", "recalls per year", "technical recalls and recalls on a new charge"),
    _flow("technical_recalls", "technical recalls per year", "technical recalls for a breach of licence"),
    _flow("breaches", "community order breaches per year", "breaches of an order returned to court"),
    _flow("treatment_starts", "treatment episodes begun per year", "treatment episodes that begin"),
    _flow("treatment_lapsed", "treatment referrals lapsed per year", "treatment referrals that found no place in time"),
    _flow("offences", "offences per year (all, detected or not)",
          "offences committed, detected or not (the number each offence record stands for: 1 "
          "for a detected offence, the count of a record of undetected offences)"),
    _flow("detected_offences", "detected offences per year", "offences that led to an arrest"),
    _flow("young_diversions", "young people diverted from charge per year", "children and young adults diverted from charge to a community resolution"),
    _flow("womens_centre_starts", "women's centre support begun per year", "women whose women's centre support begins"),
    _flow("first_offences_prevented", "first-time entrants prevented per year", "would-be first-time entrants kept from their first offence by prevention"),
    # -- reoffending
    _rate("reoffending_overall", "proven reoffending", "everyone"),
    _rate("reoffending_adult", "proven reoffending, adults", "adults (18 and over)"),
    _rate("reoffending_juvenile", "proven reoffending, under 18", "children (10-17)"),
    _rate("reoffending_women", "proven reoffending, women", "women"),
    _rate("reoffending_18_24", "proven reoffending, 18-24", "young adults (18-24)"),
    _rate("reoffending_mental_health", "proven reoffending, mental health needs",
          "people with a mental health need"),
    _rate("reoffending_short_custody", "proven reoffending after custody under 12 months",
          "releases from sentences under 12 months"),
    _rate("reoffending_long_custody", "proven reoffending after custody of 12 months or more",
          "releases from sentences of 12 months or more"),
    _rate("reoffending_community_order", "proven reoffending after a community order",
          "community orders"),
    _rate("reoffending_caution", "proven reoffending after a caution", "cautions"),
    _rate("reoffending_women_released", "proven reoffending, women released from custody",
          "women released from custody"),
    _prior_rate("reoffending_prior_0", "no previous offence"),
    _prior_rate("reoffending_prior_1_2", "1-2 previous offences"),
    _prior_rate("reoffending_prior_3_6", "3-6 previous offences"),
    _prior_rate("reoffending_prior_7_10", "7-10 previous offences"),
    _prior_rate("reoffending_prior_11_plus", "11 or more previous offences"),
    _detected("detected_reoffending_overall", "detected reoffending", "everyone"),
    _detected("detected_reoffending_short_custody", "detected reoffending after custody under 12 months",
              "releases from sentences under 12 months"),
    _detected("detected_reoffending_long_custody",
              "detected reoffending after custody of 12 months or more",
              "releases from sentences of 12 months or more"),
    _detected("detected_reoffending_community_order", "detected reoffending after a community order",
              "community orders"),
    _detected("detected_reoffending_caution", "detected reoffending after a caution", "cautions"),
    Metric("reoffences_per_reoffender", "proven reoffences per reoffender", "ratio",
           "proven reoffences per index event that reoffended, counted the MoJ way: each "
           "proven case adds every offence it proves (other charges and offences taken into "
           f"consideration too), dated at its detected offence ({_PROVEN})",
           unit="reoffences per reoffender"),
    Metric("share_outcomes_not_proven", "case outcomes the proven measure does not count", "share",
           "of the outcomes in the window (no further action, out-of-court disposals, "
           "convictions, acquittals), the share that proves no offence: no further action, "
           "community resolutions and acquittals"),
    # -- criminal careers
    Metric("median_prior_offences_custody", "previous offences of people sentenced to custody "
           "(median)", "ratio", "median previous proven offences (cautions and convictions) at "
           "the sentences of immediate custody passed for offences in the window",
           unit="previous offences"),
    Metric("share_custody_prior_over_15", "sentenced to custody with more than 15 previous offences",
           "share", "share of the sentences of immediate custody passed for offences in the "
           "window whose person had more than 15 previous proven offences"),
    Metric("share_custody_prior_over_45", "sentenced to custody with more than 45 previous offences",
           "share", "share of the sentences of immediate custody passed for offences in the "
           "window whose person had more than 45 previous proven offences"),
    Metric("share_offenders_prior_over_15", "offenders with more than 15 previous offences",
           "share", "of the people cautioned or convicted in the window (each person once per "
           "year of the window, at their first caution or sentence of the year), the share "
           "with more than 15 previous proven offences"),
    # -- sentences, resettlement, courts
    Metric("mean_custodial_sentence_months", "average custodial sentence", "months",
           "mean length of the immediate custodial sentences passed in the window"),
    Metric("share_released_no_accommodation", "released with no settled accommodation", "share",
           "share of releases in the window with no settled accommodation"),
    Metric("share_released_employed", "released into employment", "share",
           "share of releases in the window into a job"),
    Metric("magistrates_queue_days", "magistrates' wait for a courtroom", "days",
           "mean days a prepared case waits for a magistrates' courtroom (hearings in the window)"),
    Metric("magistrates_charge_to_verdict_days", "magistrates' charge to verdict", "days",
           "mean days from charge to verdict, magistrates' court (hearings in the window)"),
    Metric("crown_queue_days", "Crown Court wait for a courtroom", "days",
           "mean days a prepared case waits for a Crown Court room (hearings in the window)"),
    Metric("crown_charge_to_verdict_days", "Crown Court charge to verdict", "days",
           "mean days from charge to verdict, Crown Court (hearings in the window)"),
]
# -- hand-offs between agencies (models/analysis/handoff_waits.py)
_HANDOFF_WAITS = (
    ("arrest_to_charge", "arrest to charge",
     "from arrest to charge (the custody suite, or release pending the charging decision), "
     "charges in the window"),
    ("charge_to_first_hearing", "charge to first hearing",
     "from charge to the first hearing of cases that plead guilty there (both courts; "
     "remanded defendants appear the next day), such hearings in the window"),
    ("conviction_to_sentence", "conviction to sentence",
     "from conviction to sentence (0 if sentenced at once, else the adjournment for a "
     "pre-sentence report), sentences in the window"),
)
_METRICS += [
    Metric(f"{stat}_{stem}_days", f"{label} ({stat})", "days", f"{stat} days {how}")
    for stem, label, how in _HANDOFF_WAITS for stat in ("mean", "median")
]
_METRICS += [
    Metric(f"cost_{h}_gbp_per_year", f"cost to {h.replace('_', ' ')}", "money",
           f"ledger entries paid by {h.replace('_', ' ')} ({HOLDER_LEVEL[h]}), stays spread "
           f"evenly over their days, {_WINDOW}")
    for h in BUDGET_HOLDERS
]
_METRICS += [
    Metric(f"cost_{lv}_gbp_per_year", f"{lv} {'costs (not a public budget)' if lv == 'social' else 'budgets'}",
           "money", f"the sum of the {lv} holders' costs per year")
    for lv in LEVELS
]
_METRICS += [
    # -- derived from the others (models.analysis.metrics.with_derived)
    Metric("cost_public_gbp_per_year", "public spending", "money",
           "central + local budgets per year"),
    # -- validation only (models.analysis.validate.validation_metrics)
    Metric("reoffending_gap_short_custody_vs_community_order",
           "reoffending gap: custody under 12 months minus community orders", "rate",
           "reoffending_short_custody - reoffending_community_order"),
    Metric("share_released_employed_women", "women released into employment", "share",
           "share of women's releases in the window into a job"),
    Metric("share_mental_health_among_arrested", "arrested people with a mental health need",
           "share", "share of the people arrested in the window with a mental health need"),
    Metric("share_women_in_prison", "women's share of prison days", "share",
           "women's share of the days spent in prison in the window"),
    Metric("mean_prison_devolved", "prison population in the devolved budget", "stock",
           f"remand, recall and sentences under 12 months, {_MEAN}"),
    Metric("prison_cost_per_prisoner_year_gbp", "prison cost per prisoner-year", "money",
           "prison costs in the window / prisoner-years in the window",
           unit="£ per prisoner-year", scales=False),
    Metric("custody_rate_of_convictions", "custody rate of convictions", "share",
           "share of convictions in the window sentenced to immediate custody (breach "
           "sentences excluded)"),
    Metric("receptions_not_recall_per_year", "prison receptions, excluding recalls", "count",
           f"receptions on remand or sentence {_WINDOW}"),
    # -- ethnicity and disproportionality (issue 13; models.analysis.disproportionality)
    Metric("share_bame_in_prison", "BAME share of prison days", "share",
           "Black, Asian, Mixed and Other people's share of the days spent in prison (remand, "
           "sentence, recall) in the window"),
    Metric("share_black_in_prison", "Black share of prison days", "share",
           "Black people's share of the days spent in prison in the window"),
    *(Metric(f"rri_{d}_{g}", f"relative rate index of {label}, {who} vs White", "ratio",
             f"{label} in the window for {who} people divided by the same rate for White people",
             unit="relative rate index (1 = as White)")
      for d, label in (("out_of_court", "out-of-court disposals per arrest"),
                       ("remand", "remands in custody per charge (recalls left out)"),
                       ("custody", "immediate custody per conviction"))
      for g, who in (("black", "Black"), ("bame", "BAME (pooled)"))),
]

# -- prison staffing, regime and programmes (models.analysis.regime_metrics; issue 13)
_METRICS += [
    Metric("mean_staff_per_prisoner", "frontline officers per prisoner", "ratio",
           "officers (scaled) over prisoners held at the end of each day, averaged over the "
           "days of the window", unit="officers per prisoner"),
    Metric("mean_hours_out_of_cell", "hours out of cell a day", "ratio",
           "the regime staff per prisoner allows each day (in proportion to the 2016 reference, "
           "up to a full regime), averaged over the days of the window", unit="hours a day"),
]
_METRICS += [
    Metric(f"programme_{what}_{g}_per_year", f"in-prison {g} programme {what}", "count",
           f"{g} programmes {'started' if what == 'starts' else 'completed'} by sentenced "
           f"prisoners released in the window (counted at release; 0 unless "
           f"prison_regime.enabled), {_WINDOW}")
    for what in ("starts", "completions") for g in PROGRAMMES]
_METRICS += [
    # -- children and young adults (models.analysis.young_people)
    Metric("mean_youth_custody", "children in custody", "stock",
           f"people in custody on a stay begun under 18 (youth secure estate or, if the run "
           f"holds children there, adult prisons), {_MEAN}"),
    Metric("mean_prison_adults", "prison population, adults", "stock",
           "mean_prison_total - mean_youth_custody"),
    Metric("youth_custody_cost_gbp_per_year", "cost of children's custody", "money",
           "custody costs (remand, sentence, recall, youth secure estate) of stays begun under "
           "18, per year of the window"),
    Metric("custody_rate_18_24", "custody rate of convictions, 18-24", "share",
           "share of convictions of 18-24s in the window sentenced to immediate custody "
           "(breach sentences excluded)"),
    Metric("custody_rate_25_plus", "custody rate of convictions, 25 and over", "share",
           "share of convictions of people 25 and over in the window sentenced to immediate "
           "custody (breach sentences excluded)"),
]
_METRICS += [
    # -- devolved budgets (models.analysis.budgets.budget_metrics)
    Metric("grant_to_local_gbp_per_year", "grant to local budgets", "money",
           "grants received by local holders for devolved items (their baseline cost, fixed in "
           "advance; a transfer, not a cost)"),
    Metric("net_position_local_gbp_per_year", "local net position", "money",
           "grant minus spend of the local holders that receive a grant, per year of the window "
           "(positive: a saving; negative: an overspend they carry)"),
    Metric("reinvestment_bought_gbp_per_year", "invest-to-save places bought", "money",
           "cost of the community places bought at the invest-to-save reviews in the window"),
    Metric("idle_reinvested_place_days_per_year", "idle reinvested place-days", "count",
           "reinvested place-days open but not used, in the window (capacity bought that did not "
           "bind)", unit="place-days per year"),
]

CATALOGUE: dict[str, Metric] = {m.name: m for m in _METRICS}
if len(CATALOGUE) != len(_METRICS):  # pragma: no cover - a duplicate is a programming error
    raise RuntimeError("a metric is catalogued twice")


def metric(name: str) -> Metric:
    """The catalogue entry of ``name`` (KeyError naming the name if there is none)."""
    try:
        return CATALOGUE[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a metric the simulator computes") from None


def check_metrics(where: str, names: Iterable[str]) -> tuple[str, ...]:
    """Refuse a name that is not in the catalogue (one-line error naming ``where``)."""
    names = tuple(names)
    for n in names:
        if n not in CATALOGUE:
            close = [m for m in CATALOGUE if n.split("_")[0] in m][:5]
            raise ScenarioError(where, n, "is not a metric the simulator computes"
                                + (f"; similar: {', '.join(close)}" if close else "")
                                + " (pathway-sim metrics lists them all)")
    return names


def of_kind(names: Iterable[str], *kinds: str) -> list[str]:
    """The names (in order) whose kind is one of ``kinds``."""
    return [n for n in names if CATALOGUE[n].kind in kinds]


# -- selections, in the order tables and reports show them

_VICTIMS_FIRST = (
    # what changes for victims: offences and what they cost ...
    "offences_per_year", "detected_offences_per_year", "cost_victims_and_society_gbp_per_year",
    # ... then reoffending: detected, with the MoJ's proven measure beside it
    "detected_reoffending_overall", "reoffending_overall", "reoffences_per_reoffender",
    "share_outcomes_not_proven",
)

COMPARISON = check_metrics("COMPARISON", (
    *_VICTIMS_FIRST,
    "detected_reoffending_short_custody", "detected_reoffending_long_custody",
    "detected_reoffending_community_order", "detected_reoffending_caution",
    "reoffending_adult", "reoffending_juvenile", "reoffending_women",
    "reoffending_18_24", "reoffending_mental_health", "reoffending_short_custody",
    "reoffending_community_order", "reoffending_caution",
    "reoffending_prior_0", "reoffending_prior_1_2", "reoffending_prior_3_6",
    "reoffending_prior_7_10", "reoffending_prior_11_plus",
    "arrests_per_year", "charges_per_year", "out_of_court_per_year",
    "young_diversions_per_year", "ld_screened_per_year", "womens_centre_starts_per_year",
    "first_offences_prevented_per_year",
    "treatment_starts_per_year", "remands_awaiting_trial_per_year",
    "remanded_awaiting_sentence_per_year", "immediate_custody_per_year",
    "short_custody_under_6m_per_year", "community_orders_per_year",
    "receptions_per_year", "recalls_per_year", "mean_prison_total", "mean_prison_remand",
    "mean_prison_sentenced", "mean_prison_recall", "prison_bed_days_per_year",
    "mean_probation_total", "mean_court_magistrates_outstanding",
    "mean_court_magistrates_outstanding_all", "mean_court_crown_outstanding",
    "magistrates_queue_days", "crown_queue_days", "crown_charge_to_verdict_days",
    "share_released_no_accommodation", "share_released_employed",
    "mean_staff_per_prisoner", "mean_hours_out_of_cell",
    "programme_completions_education_per_year", "programme_completions_work_per_year",
    "programme_completions_behaviour_per_year", "programme_completions_recovery_per_year",
    "share_custody_prior_over_15", "share_offenders_prior_over_15",
    "cost_central_gbp_per_year", "cost_local_gbp_per_year", "cost_social_gbp_per_year",
    "cost_prisons_gbp_per_year", "cost_probation_gbp_per_year", "cost_courts_gbp_per_year",
    "cost_police_gbp_per_year", "cost_health_gbp_per_year", "cost_local_authority_gbp_per_year",
    "cost_combined_authority_gbp_per_year", "cost_public_gbp_per_year",
    "peak_court_crown_outstanding", "peak_prison_total",
    # children and young adults (issue 13)
    "mean_youth_custody", "mean_prison_adults", "youth_custody_cost_gbp_per_year",
    "custody_rate_18_24", "custody_rate_25_plus",
    "grant_to_local_gbp_per_year", "net_position_local_gbp_per_year",
    "reinvestment_bought_gbp_per_year", "idle_reinvested_place_days_per_year",
    "share_bame_in_prison", "share_black_in_prison", "rri_out_of_court_black",
    "rri_remand_black", "rri_custody_black", "rri_out_of_court_bame", "rri_remand_bame",
    "rri_custody_bame",
    "ld_court_screened_per_year", "ld_court_engaged_per_year",
    "mean_arrest_to_charge_days", "mean_charge_to_first_hearing_days",
    "mean_conviction_to_sentence_days",
))
"""What a comparison tabulates (``comparison.csv``): what changes for victims first."""

COMPARISON_HEADLINE = check_metrics("COMPARISON_HEADLINE", (
    *_VICTIMS_FIRST,
    "reoffending_adult", "reoffending_juvenile",
    "reoffending_women", "reoffending_18_24", "reoffending_mental_health",
    "reoffending_short_custody", "reoffending_community_order",
    "mean_prison_total", "mean_prison_remand", "mean_prison_sentenced",
    "mean_prison_recall", "receptions_per_year", "prison_bed_days_per_year",
    "mean_probation_total", "mean_court_crown_outstanding", "crown_queue_days",
    "cost_central_gbp_per_year", "cost_local_gbp_per_year", "cost_public_gbp_per_year",
    "cost_social_gbp_per_year",
))
"""What a comparison's report and printout lead with: offences and their cost to victims,
then detected reoffending with the proven (MoJ) measure and proven reoffences per reoffender
beside it, then the rest."""

RUN_HEADLINE = check_metrics("RUN_HEADLINE", (
    "offences_per_year", "detected_offences_per_year", "arrests_per_year", "charges_per_year", "out_of_court_per_year", "immediate_custody_per_year",
    "community_orders_per_year", "receptions_per_year", "recalls_per_year",
    "mean_prison_total", "mean_prison_remand", "mean_prison_sentenced", "mean_prison_recall",
    "mean_probation_total", "mean_court_magistrates_outstanding", "mean_court_crown_outstanding",
    "crown_queue_days", "crown_charge_to_verdict_days", "mean_custodial_sentence_months",
    "detected_reoffending_overall", "reoffending_overall",
    "reoffending_adult", "reoffending_juvenile", "reoffending_short_custody",
    "reoffending_community_order", "reoffending_women", "reoffending_18_24",
    "reoffending_mental_health", "reoffences_per_reoffender",
    "share_released_no_accommodation", "share_released_employed",
    "cost_central_gbp_per_year", "cost_local_gbp_per_year", "cost_social_gbp_per_year",
))
"""What ``pathway-sim run`` prints."""

SUBGROUPS = check_metrics("SUBGROUPS", ("reoffending_adult", "reoffending_women",
                                        "reoffending_18_24", "reoffending_mental_health"))
"""The subgroups the reports show side by side."""

FLOWS_SHOWN = ("arrests", "nfa", "out_of_court", "charges", "remands", "convictions",
               "immediate_custody", "community_orders", "suspended_orders", "receptions",
               "releases", "recalls", "ld_screened", "treatment_starts")
"""The flows the flow figures show, in pathway order (``<flow>_per_year`` is the metric)."""
check_metrics("FLOWS_SHOWN", (f"{f}_per_year" for f in FLOWS_SHOWN))
