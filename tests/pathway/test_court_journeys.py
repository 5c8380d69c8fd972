"""Charge and court on hand-built or deterministic cases: the inverse-CDF Binomial of offences
taken into consideration, the odds of remand (with an offence on bail), and plea, trial
preparation, adjournment and custody time limits, to the day, for one person with every
duration deterministic.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from pathway_helpers import (
    ALL,
    check_journey,
    court_journey,
    det,
    fined_at,
    flag,
    make_person,
    seriousness_shares,
)

from models.config.scenario import load_scenario
from models.config.vocabulary import (
    Court,
    Custody,
    Disposal,
    Seriousness,
)
from models.pathway.disproportionality import EthnicFactors
from models.pathway.draws import SLOTS
from models.pathway.entities import Case, Person
from models.pathway.events import Ev
from models.pathway.stages.charge import _binomial, p_remand

# ---------------------------------------------------------------- charge: TICs and remand

def _binom_cdf(n: int, p: float, k: int) -> float:
    return sum(math.comb(n, j) * p ** j * (1 - p) ** (n - j) for j in range(k + 1))


@pytest.mark.parametrize("n, p", [(1, 0.3), (4, 0.1), (7, 0.5), (12, 0.9), (30, 0.25)])
def test_binomial_is_the_inverse_cdf(n, p):
    for k in range(n):
        f = _binom_cdf(n, p, k)
        if 1e-7 < f < 1 - 1e-7:
            assert _binomial(n, p, f - 1e-8) == k  # just below F(k): k
            assert _binomial(n, p, f + 1e-8) == k + 1  # just above: the next value
    assert _binomial(n, p, 0.0) == (0 if (1 - p) ** n > 0 else 1)
    assert _binomial(n, p, 1 - 1e-15) <= n
    # over a fine grid of u the frequencies are the pmf (to the grid's resolution)
    m = 100_000
    draws = np.array([_binomial(n, p, (i + 0.5) / m) for i in range(m)])
    for k in range(n + 1):
        pmf = math.comb(n, k) * p ** k * (1 - p) ** (n - k)
        assert np.mean(draws == k) == pytest.approx(pmf, abs=2.0 / m)


def test_binomial_edges():
    assert _binomial(0, 0.5, 0.7) == 0
    assert _binomial(-3, 0.5, 0.7) == 0
    assert _binomial(5, 0.0, 0.99) == 0
    assert _binomial(5, 1.0, 0.01) == 5


def _remand_system(overrides: dict | None = None):
    scenario = load_scenario("centralised")
    if overrides:
        scenario = scenario.with_overrides(overrides)
    return SimpleNamespace(p=scenario.params, env=SimpleNamespace(now=0.0),
                           ethnic=EthnicFactors.neutral())


def _case(person: Person, seriousness: Seriousness) -> Case:
    return Case(case_id=1, person=person, offence_day=0.0, uniforms=[0.5] * SLOTS,
                seriousness=int(seriousness))


@pytest.mark.parametrize("seriousness", list(Seriousness))
@pytest.mark.parametrize("prior, homeless", [(0, False), (0, True), (7, False), (12, True),
                                             (30, False), (45, True)])
def test_p_remand_hand_computation(seriousness, prior, homeless):
    system = _remand_system()
    pr = system.p.prosecution
    base = pr.p_remand_by_seriousness[seriousness.name.lower()]
    odds = base / (1 - base) * pr.remand_odds_ratio_per_prior_offence ** min(prior, 30)
    if homeless:
        odds *= pr.remand_odds_ratio_if_homeless
    person = make_person(prior=prior, no_accommodation=homeless)
    got = p_remand(system, person, _case(person, seriousness))
    assert got == pytest.approx(odds / (1 + odds), rel=1e-12)
    if prior == 0 and not homeless:
        assert got == pytest.approx(base, rel=1e-12)


def test_p_remand_ordering_and_certainty():
    system = _remand_system({"prosecution.remand_odds_ratio_per_prior_offence": 1.05,
                             "prosecution.remand_odds_ratio_if_homeless": 2.5})
    p = lambda prior, home, s: p_remand(  # noqa: E731
        system, make_person(prior=prior, no_accommodation=home),
        _case(make_person(prior=prior, no_accommodation=home), s))
    ew = Seriousness.EITHER_WAY
    assert p(0, False, ew) < p(5, False, ew) < p(30, False, ew) == p(31, False, ew)
    assert p(5, False, ew) < p(5, True, ew)
    assert p(3, False, Seriousness.SUMMARY) < p(3, False, ew) < p(3, False, Seriousness.INDICTABLE_ONLY)
    sure = _remand_system({"prosecution.p_remand_by_seriousness":
                           {"summary": 1.0, "either_way": 0.0, "indictable_only": 0.0}})
    person = make_person(prior=0)
    assert p_remand(sure, person, _case(person, Seriousness.SUMMARY)) == 1.0
    assert p_remand(sure, person, _case(person, Seriousness.EITHER_WAY)) == 0.0


# ---------------------------------------------------------------- court: exact single journeys

REMANDED = {"prosecution.p_remand_by_seriousness": ALL}
NOT_GUILTY = {"court.magistrates.p_guilty_plea": 0.0}


def test_guilty_plea_on_bail_convicted_at_first_hearing():
    got, e = court_journey({})
    check_journey(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                 (Ev.COURT_QUEUE, 20), (Ev.HEARING, 20), (Ev.CONVICTED, 20.1), *fined_at(20.1)])
    at_risk = e[e["event"] == Ev.AT_RISK]
    assert at_risk["disposal"].tolist() == [Disposal.BAIL, Disposal.FINE]
    assert flag(e.loc[e["event"] == Ev.HEARING, "guilty_plea"]).all()
    assert e.loc[e["event"] == Ev.CHARGE, "court"].tolist() == [Court.MAGISTRATES]


def test_guilty_plea_remanded_appears_next_day():
    got, e = court_journey(REMANDED)
    check_journey(got, [(Ev.CHARGE, 0), (Ev.REMAND, 0), (Ev.PRISON_ENTRY, 0), (Ev.COURT_QUEUE, 1),
                 (Ev.HEARING, 1), (Ev.CONVICTED, 1.1), (Ev.SENTENCED, 1.1), (Ev.RELEASE, 1.1),
                 (Ev.AT_RISK, 1.1), (Ev.DESISTED, 1.1)])
    assert e.loc[e["event"] == Ev.RELEASE, "custody"].tolist() == [Custody.REMAND]


def test_not_guilty_plea_waits_for_preparation_then_trial():
    got, e = court_journey(NOT_GUILTY)
    # first appearance at 20 (no courtroom), 30 days' preparation, a one-day trial
    check_journey(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                 (Ev.COURT_QUEUE, 50), (Ev.HEARING, 50), (Ev.CONVICTED, 51), *fined_at(51)])
    assert not flag(e.loc[e["event"] == Ev.HEARING, "guilty_plea"]).any()


def test_acquittal_at_trial():
    got, e = court_journey(NOT_GUILTY | {"court.magistrates.p_convicted_at_trial": 0.0})
    check_journey(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                 (Ev.COURT_QUEUE, 50), (Ev.HEARING, 50), (Ev.ACQUITTED, 51), (Ev.AT_RISK, 51),
                 (Ev.DESISTED, 51)])
    assert e.loc[e["event"] == Ev.AT_RISK, "disposal"].tolist()[-1] == Disposal.ACQUITTED


def test_adjournment_for_sentence():
    got, _ = court_journey({"court.magistrates.p_adjourned_for_sentence": 1.0})
    check_journey(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                 (Ev.COURT_QUEUE, 20), (Ev.HEARING, 20), (Ev.CONVICTED, 20.1),
                 *fined_at(41.1)])


@pytest.mark.parametrize("kind, limit", [("summary", 56.0), ("either_way", 70.0)])
def test_custody_time_limit_bails_remanded_defendant(kind, limit):
    """Remanded, not guilty, 100 days' preparation: the limit (56 days summary, 70 either way,
    from the remand) expires first; released from remand and bailed then; the trial comes
    when preparation is done (first appearance on day 1 + 100)."""
    ov = REMANDED | NOT_GUILTY | {"court.magistrates.preparation_days": det(100.0),
                                  "offences.seriousness_shares": seriousness_shares(kind)}
    got, e = court_journey(ov)
    check_journey(got, [(Ev.CHARGE, 0), (Ev.REMAND, 0), (Ev.PRISON_ENTRY, 0), (Ev.RELEASE, limit),
                 (Ev.BAIL, limit), (Ev.AT_RISK, limit), (Ev.DESISTED, limit),
                 (Ev.COURT_QUEUE, 101), (Ev.HEARING, 101), (Ev.CONVICTED, 102),
                 *fined_at(102)])
    assert e.loc[e["event"] == Ev.CHARGE, "seriousness"].tolist() == [Seriousness[kind.upper()]]
    rel = e[e["event"] == Ev.RELEASE]
    assert rel["custody"].tolist() == [Custody.REMAND]
    assert rel["days"].tolist() == [pytest.approx(limit, abs=1e-4)]
    assert e.loc[e["event"] == Ev.AT_RISK, "disposal"].tolist()[0] == Disposal.BAIL


def test_custody_time_limit_extended_keeps_defendant_remanded():
    ov = REMANDED | NOT_GUILTY | {"court.magistrates.preparation_days": det(100.0),
                                  "court.p_custody_time_limit_extended": 1.0}
    got, _ = court_journey(ov)
    check_journey(got, [(Ev.CHARGE, 0), (Ev.REMAND, 0), (Ev.PRISON_ENTRY, 0), (Ev.COURT_QUEUE, 101),
                 (Ev.HEARING, 101), (Ev.CONVICTED, 102), (Ev.SENTENCED, 102),
                 (Ev.RELEASE, 102), (Ev.AT_RISK, 102), (Ev.DESISTED, 102)])


def test_trial_within_custody_time_limit_stays_remanded():
    ov = REMANDED | NOT_GUILTY | {"court.magistrates.preparation_days": det(40.0)}
    got, _ = court_journey(ov)  # trial on day 41, within the 56 days
    check_journey(got, [(Ev.CHARGE, 0), (Ev.REMAND, 0), (Ev.PRISON_ENTRY, 0), (Ev.COURT_QUEUE, 41),
                 (Ev.HEARING, 41), (Ev.CONVICTED, 42), (Ev.SENTENCED, 42),
                 (Ev.RELEASE, 42), (Ev.AT_RISK, 42), (Ev.DESISTED, 42)])


def test_crown_court_custody_time_limit():
    """An indictable-only case goes to the Crown Court; remanded, not guilty, 300 days'
    preparation: bailed at the 182-day limit, tried on day 1 + 300 for two days."""
    ov = {"offences.seriousness_shares": seriousness_shares("indictable_only"),
          "prosecution.p_remand_by_seriousness": ALL}
    got, e = court_journey(ov)
    check_journey(got, [(Ev.CHARGE, 0), (Ev.REMAND, 0), (Ev.PRISON_ENTRY, 0), (Ev.RELEASE, 182),
                 (Ev.BAIL, 182), (Ev.AT_RISK, 182), (Ev.DESISTED, 182),
                 (Ev.COURT_QUEUE, 301), (Ev.HEARING, 301), (Ev.CONVICTED, 303),
                 *fined_at(303)])
    assert e.loc[e["event"] == Ev.CHARGE, "court"].tolist() == [Court.CROWN]
    assert set(e.loc[e["event"] == Ev.HEARING, "court"]) == {Court.CROWN}


def test_crown_guilty_plea_on_bail_after_first_hearing_days():
    ov = {"offences.seriousness_shares": seriousness_shares("indictable_only"),
          "court.crown.p_guilty_plea": 1.0}
    got, _ = court_journey(ov)
    check_journey(got, [(Ev.CHARGE, 0), (Ev.BAIL, 0), (Ev.AT_RISK, 0), (Ev.DESISTED, 0),
                 (Ev.COURT_QUEUE, 28), (Ev.HEARING, 28), (Ev.CONVICTED, 28.5), *fined_at(28.5)])


def test_p_remand_on_bail_for_another_case():
    system = _remand_system({"prosecution.remand_odds_ratio_if_on_bail": 4.0})
    person = make_person(prior=3)
    new = _case(person, Seriousness.EITHER_WAY)
    alone = p_remand(system, person, new)
    person.open_case = _case(person, Seriousness.SUMMARY)
    on_bail = p_remand(system, person, new)
    assert on_bail / (1 - on_bail) == pytest.approx(4.0 * alone / (1 - alone), rel=1e-12)
    assert p_remand(system, person, person.open_case) == pytest.approx(
        p_remand(system, make_person(prior=3), person.open_case), rel=1e-12)  # its own case: no


