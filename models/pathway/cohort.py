"""The cohort: every person the run will see, drawn before the run from their own streams.

Three groups enter the run (``origin``):

- ``new``: people arrested for the first time, arriving as a Poisson process over the horizon;
- ``known``: people already known to the system whose last spell at risk began in the
  ``history_years`` before the run and who had not reoffended by its start (the initial
  population at risk, so reoffending starts near steady state rather than from zero);
- ``stock``: people serving a determinate sentence when the run starts (the initial prison
  stock), with the time left drawn length-biased, as a snapshot of a steady prison sees it.

Everything here draws from streams named ``cohort.*`` only, so a configuration that changes
courts, sentencing or support sees exactly the same people at the same first-arrest times.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.config.scenario import Scenario
from models.config.schema import ScenarioError
from models.config.vocabulary import AGE_BANDS, DAYS_PER_MONTH, DAYS_PER_YEAR, ORIGINS, Disposal
from models.pathway.draws import CASES_PER_PERSON, SLOTS
from models.pathway.hazard import HazardModel
from sim import RandomStreams

__all__ = ["Cohort", "generate_cohort", "SPELL_DRAWS"]

SPELL_DRAWS = 8  # per-person uniforms for the first spells at risk (common random numbers)


class Cohort:
    """Column arrays of the people in a run (one row per person), plus per-person draws."""

    COLUMNS = ("person_id", "origin", "entry_day", "female", "age_at_entry_years",
               "mental_health", "substance_misuse", "no_accommodation", "unemployed",
               "risk", "prior_offences", "first_offence_day", "first_arrest_day",
               "stock_days_left", "stock_sentence_days", "stock_disposal")

    def __init__(self, columns: dict[str, np.ndarray], spell_uniforms: np.ndarray,
                 case_uniforms: np.ndarray):
        self.columns = columns
        self.spell_uniforms = spell_uniforms  # shape (n, SPELL_DRAWS, 3): desist, time, delay
        self.case_uniforms = case_uniforms    # shape (n, CASES_PER_PERSON, SLOTS), float32

    def __len__(self) -> int:
        return len(self.columns["person_id"])

    def to_frame(self) -> pd.DataFrame:
        df = pd.DataFrame({k: self.columns[k] for k in self.COLUMNS})
        df["origin"] = pd.Categorical.from_codes(df["origin"], categories=list(ORIGINS))
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
            "first_offence_day": first_offence}
    parts.append(new)

    # Known offenders at risk at the start: spells begun in the history window, not yet ended.
    hz = HazardModel(p)
    g = streams.generator("cohort.known.spells")
    m = _poisson(g, pop.known_offender_spell_starts_per_year * pop.history_years,
                 "population.known_offender_spell_starts_per_year")
    start = -g.uniform(0.0, pop.history_years * DAYS_PER_YEAR, m)
    known = _attributes(pop, m, streams, "known", pop.age_band_shares_known)
    known["prior_offences"] = np.asarray(
        pop.prior_offences_known.sample(streams.generator("cohort.known.priors"), m), dtype=np.int64)
    u = streams.generator("cohort.known.spell_draws").random((m, 2))
    t_off = start + hz.time_to_offence_vectorised(known, Disposal.COMMUNITY_ORDER, u[:, 0], u[:, 1])
    keep = (t_off > 0.0) & (t_off < horizon)
    known = {k: v[keep] for k, v in known.items()}
    known |= {"origin": np.ones(int(keep.sum()), np.int8), "first_offence_day": t_off[keep]}
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
    delay = p.police.detection_delay_days.sample(streams.generator("cohort.detection_delay"), n)
    cols["first_arrest_day"] = cols["first_offence_day"] + delay
    cols["person_id"] = np.arange(n, dtype=np.int64)
    spell_u = streams.generator("cohort.spell_uniforms").random((n, SPELL_DRAWS, 3))
    case_u = streams.generator("cohort.case_uniforms").random((n, CASES_PER_PERSON, SLOTS),
                                                              dtype=np.float32)
    return Cohort(cols, spell_u, case_u)


def _initial_stock(scenario: Scenario, streams: RandomStreams) -> dict[str, np.ndarray] | None:
    p = scenario.params
    g = streams.generator("cohort.stock.sentences")
    n = _poisson(g, p.custody.initial_sentenced_stock, "custody.initial_sentenced_stock")
    if n == 0:
        return None
    short, long_ = p.sentencing.short_custody_months, p.sentencing.long_custody_months
    # Long sentences dominate the stock: weight each class by its flow x mean time served.
    crown_long = p.sentencing.shares_crown["long_custody"] * p.prosecution.p_crown_court_adult
    short_flow = (p.sentencing.shares_magistrates["short_custody"] * (1 - p.prosecution.p_crown_court_adult)
                  + p.sentencing.shares_crown["short_custody"] * p.prosecution.p_crown_court_adult)
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
        "prior_offences": np.asarray(p.population.prior_offences_known.sample(
            streams.generator("cohort.stock.priors"), n), dtype=np.int64),
        "first_offence_day": np.full(n, np.nan),
        "stock_days_left": left,
        "stock_sentence_days": sentence_days,
        "stock_disposal": np.where(is_long, int(Disposal.LONG_CUSTODY), int(Disposal.SHORT_CUSTODY)),
    }
    return stock
