"""The cohort: every person the run will see, drawn before the run from their own streams.

Three groups enter the run (``origin``):

- ``new``: people arrested for the first time, arriving as a Poisson process over the horizon;
- ``known``: people already known to the system (a record of at least one proven offence)
  whose criminal career is still going at the start (``known_active_offenders``): their record
  grows with their propensity and the years since their career began, and their first offence
  in the run is drawn given none since their current spell at risk began (so reoffending starts
  near steady state rather than from zero);
- ``stock``: people serving a determinate sentence when the run starts (the initial prison
  stock), with the time left drawn length-biased, as a snapshot of a steady prison sees it.

Everything here draws from streams named ``cohort.*`` only, and which people exist never
depends on a behavioural parameter: a configuration, a calibration step or a sweep point that
changes the hazard, sentencing, courts or support sees exactly the same people with the same
random numbers (their first offence moves with the hazard, their identity and draws do not).

Each person has an ethnic group (``cohort.<group>.ethnicity``, its own stream): new and known
offenders with the arrestees' shares (population share x arrest rate ratio, normalised: the
arrest disproportionality, 003:838-840), the initial stock with the prisoners' shares (F79).

Each person also carries a desistance budget (a unit exponential drawn once): their criminal
career ends when the desistance rate accumulated over time exceeds it
(:meth:`models.pathway.hazard.HazardModel.career_over`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.config.scenario import Params, Scenario
from models.config.schema import ScenarioError
from models.config.vocabulary import (
    AGE_BANDS,
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    ETHNICITIES,
    ORIGINS,
    Disposal,
)
from models.pathway.hazard import HazardModel
from sim import RandomStreams

__all__ = ["Cohort", "generate_cohort", "arrestee_ethnicity_shares"]


class Cohort:
    """Column arrays of the people in a run (one row per person). Their draws for each case
    and spell at risk are keyed by the person and made when needed (:mod:`models.pathway.draws`)."""

    COLUMNS = ("person_id", "origin", "entry_day", "female", "age_at_entry_years",
               "mental_health", "substance_misuse", "no_accommodation", "unemployed",
               "risk", "prior_offences", "desist_budget", "first_offence_day",
               "first_arrest_day", "stock_days_left", "stock_sentence_days", "stock_disposal",
               "ethnicity")

    def __init__(self, columns: dict[str, np.ndarray]):
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns["person_id"])

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({k: self.columns[k] for k in self.COLUMNS})
        df["origin"] = pd.Categorical.from_codes(df["origin"], categories=list(ORIGINS))
        df["ethnicity"] = pd.Categorical.from_codes(df["ethnicity"], categories=list(ETHNICITIES))
        return df


def _attributes(pop, n: int, streams: RandomStreams, group: str, shares) -> dict[str, np.ndarray]:
    g = lambda name: streams.generator(f"cohort.{group}.{name}")  # noqa: E731
    bands = np.array([shares[b] for b in AGE_BANDS])
    band = g("age_band").choice(len(AGE_BANDS), size=n, p=bands / bands.sum())
    u = g("age_in_band").random(n)
    age = np.where(band == 0, 10 + 8 * u, 18 + 7 * u)
    over = pop.age_over_25_years.sample(g("age_over_25"), n)
    age = np.where(band == 2, over, age)
    return {
        "female": g("sex").random(n) < pop.p_female,
        "age_at_entry_years": age,
        "mental_health": g("mental_health").random(n) < pop.p_mental_health_need,
        "substance_misuse": g("substance_misuse").random(n) < pop.p_substance_misuse_need,
        "no_accommodation": g("accommodation").random(n) < pop.p_no_settled_accommodation,
        "unemployed": g("employment").random(n) < pop.p_unemployed,
        "risk": pop.risk_multiplier.sample(g("risk"), n),
    }


def arrestee_ethnicity_shares(pop: Params) -> np.ndarray:
    """Ethnic shares of new and known offenders (``ETHNICITIES`` order): each group's population
    share times its arrest rate ratio, normalised (the arrest disproportionality, 003:838-840)."""
    w = np.array([pop.ethnicity_shares_population[e] * pop.arrest_rate_multiplier_by_ethnicity[e]
                  for e in ETHNICITIES])
    return w / w.sum()


def _ethnicity(g: np.random.Generator, n: int, shares: np.ndarray) -> np.ndarray:
    """Ethnic group codes from the group's own stream (``cohort.<group>.ethnicity``), so no
    other draw of the cohort moves."""
    return g.choice(len(shares), size=n, p=shares / shares.sum()).astype(np.int8)


MAX_PEOPLE = 20_000_000  # beyond this a run would not fit in memory


def _poisson(g: np.random.Generator, lam: float, path: str) -> int:
    if not lam < MAX_PEOPLE:
        raise ScenarioError(path, lam, f"(after scaling, over the run) must give fewer than "
                            f"{MAX_PEOPLE:,} people; lower the value or scenario.scale")
    return int(g.poisson(lam))


def generate_cohort(scenario: Scenario, streams: RandomStreams) -> Cohort:
    """Draw every person of a run from ``cohort.*`` streams (see module docstring)."""
    p, s = scenario.params, scenario.settings
    pop, horizon = p.population, s.horizon_days
    parts = []

    # New entrants: Poisson arrivals of first offences over the horizon.
    g = streams.generator("cohort.new.arrivals")
    n_new = _poisson(g, pop.new_entrants_per_year * horizon / DAYS_PER_YEAR,
                     "population.new_entrants_per_year")
    first_offence = np.sort(g.uniform(0.0, horizon, n_new))
    new = _attributes(pop, n_new, streams, "new", pop.age_band_shares_new)
    new |= {"origin": np.zeros(n_new, np.int8), "prior_offences": np.zeros(n_new, np.int64),
            "first_offence_day": first_offence,
            "desist_budget": streams.generator("cohort.new.desistance").exponential(1.0, n_new)}
    arrested = arrestee_ethnicity_shares(pop)
    new["ethnicity"] = _ethnicity(streams.generator("cohort.new.ethnicity"), n_new, arrested)
    parts.append(new)

    # Known offenders whose careers are going at the start: a fixed set of people (whoever the
    # hazard says), each with a record that grew with their propensity over their career.
    hz = HazardModel(p)
    g = streams.generator("cohort.known.spells")
    m = _poisson(g, pop.known_active_offenders, "population.known_active_offenders")
    elapsed = g.uniform(0.0, pop.history_years * DAYS_PER_YEAR, m)
    known = _attributes(pop, m, streams, "known", pop.age_band_shares_known)
    known["prior_offences"] = _records(pop, known, streams.generator("cohort.known.priors"))
    u = streams.generator("cohort.known.spell_draws").random(m)
    known["desist_budget"] = streams.generator("cohort.known.desistance").exponential(1.0, m)
    t_off = hz.residual_time_to_offence(known, Disposal.COMMUNITY_ORDER, elapsed, u)
    t_off = np.where(hz.careers_over_by(known, t_off), np.inf, t_off)
    known |= {"origin": np.ones(m, np.int8), "first_offence_day": t_off,
              "ethnicity": _ethnicity(streams.generator("cohort.known.ethnicity"), m, arrested)}
    parts.append(known)

    # Initial prison stock: determinate sentences, length-biased, uniform time already served.
    stock = _initial_stock(scenario, streams)
    if stock is not None:
        parts.append(stock)

    cols = {k: np.concatenate([part[k] for part in parts]) for k in new}
    n = len(cols["origin"])
    for k, fill, dtype in (("stock_days_left", np.nan, float), ("stock_sentence_days", np.nan, float),
                           ("stock_disposal", -1, np.int64)):
        arr = np.full(n, fill, dtype=dtype)
        if stock is not None:
            arr[n - len(stock["origin"]):] = stock[k]
        cols[k] = arr
    cols["entry_day"] = np.where(cols["origin"] == 0, cols["first_offence_day"], 0.0)
    cols["first_offence_day"] = np.where(cols["first_offence_day"] < horizon,
                                         cols["first_offence_day"], np.inf)
    delay = p.police.detection_delay_days.sample(streams.generator("cohort.detection_delay"), n)
    cols["first_arrest_day"] = cols["first_offence_day"] + delay
    cols["person_id"] = np.arange(n, dtype=np.int64)
    return Cohort(cols)


def _initial_stock(scenario: Scenario, streams: RandomStreams) -> dict[str, np.ndarray] | None:
    p = scenario.params
    g = streams.generator("cohort.stock.sentences")
    n = _poisson(g, p.custody.initial_sentenced_stock, "custody.initial_sentenced_stock")
    if n == 0:
        return None
    short, long_ = p.sentencing.short_custody_months, p.sentencing.long_custody_months
    # Long sentences dominate the stock: weight each class by its flow x mean time served.
    crown = _crown_share_adult(p)
    crown_long = p.sentencing.shares_crown["long_custody"] * crown
    short_flow = (p.sentencing.shares_magistrates["short_custody"] * (1 - crown)
                  + p.sentencing.shares_crown["short_custody"] * crown)
    w_short, w_long = short_flow * short.mean, crown_long * long_.mean
    is_long = g.random(n) < w_long / (w_short + w_long)
    cand_short, cand_long = short.sample(g, 8 * n), long_.sample(g, 8 * n)
    months = np.empty(n)
    for mask, cand in ((~is_long, cand_short), (is_long, cand_long)):
        k = int(mask.sum())
        if k:
            months[mask] = g.choice(cand, size=k, p=cand / cand.sum())  # length-biased
    sentence_days = months * DAYS_PER_MONTH
    left = g.random(n) * sentence_days * p.custody.release_fraction
    stock = _attributes(p.population, n, streams, "stock", p.population.age_band_shares_known)
    stock["age_at_entry_years"] = np.maximum(stock["age_at_entry_years"], 18.0)
    stock |= {
        "origin": np.full(n, 2, np.int8),
        "prior_offences": _records(p.population, stock, streams.generator("cohort.stock.priors")),
        "desist_budget": streams.generator("cohort.stock.desistance").exponential(1.0, n),
        "first_offence_day": np.full(n, np.nan),
        "stock_days_left": left,
        "stock_sentence_days": sentence_days,
        "stock_disposal": np.where(is_long, int(Disposal.LONG_CUSTODY), int(Disposal.SHORT_CUSTODY)),
        "ethnicity": _ethnicity(streams.generator("cohort.stock.ethnicity"), n, np.array(
            [p.population.ethnicity_shares_stock[e] for e in ETHNICITIES])),
    }
    return stock


def _records(pop, attrs: dict[str, np.ndarray], g: np.random.Generator) -> np.ndarray:
    """Previous proven offences of people already known: 1 + Poisson(rate x propensity x
    effective career years), so long records go with high propensity and age (X33, X34). Offending
    slows over a career, so ``y`` years since the career began count as
    ``tau * (1 - exp(-y / tau))`` (``tau = record_years_scale``)."""
    n = len(attrs["risk"])
    start = pop.career_start_age_years.sample(g, n)
    years = np.maximum(attrs["age_at_entry_years"] - start, 0.0)
    tau = pop.record_years_scale
    effective = tau * -np.expm1(-years / tau)
    return 1 + g.poisson(pop.prior_offences_per_career_year * attrs["risk"] * effective).astype(np.int64)


def _crown_share_adult(p) -> float:
    """Share of adults' charged cases that go to the Crown Court (for the stock's mix)."""
    o = p.offences
    return sum(share * (o.seriousness_shares[g]["indictable_only"]
                        + o.seriousness_shares[g]["either_way"]
                        * p.prosecution.p_either_way_sent_to_crown_adult)
               for g, share in o.group_shares.items())
