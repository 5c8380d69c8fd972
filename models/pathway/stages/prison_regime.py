"""In-prison programmes: education, work, offending behaviour programmes and drug recovery.

A sentenced prisoner, at release, has had the chance to start each programme if the custodial
part of the sentence was at least the programme's length (short sentences leave "very little
opportunity", 003:1263-1271), and a drug recovery programme only with a substance misuse need.
The chance of a place is ``p_start_at_reference`` times the regime index (hours out of cell
over the 2016 reference, :class:`models.pathway.regime.Regime`, at the staff per prisoner of the
release day), up to 1: with no officers to escort them, people miss education and treatment
(003:1153-1168, 1497-1498). A programme started is completed with ``p_complete``.

What a prisoner completed changes what they are released into
(:mod:`models.pathway.stages.resettlement`) and their reoffending hazard
(:mod:`models.pathway.hazard`): education and work add to the chance of a job, drug recovery
makes treatment continuity likelier, an offending behaviour programme multiplies the hazard
until the next release. With ``centred`` on, each effect is measured from what a prisoner with
the same stay and needs would receive at the reference regime, so at reference staffing the
release outcomes equal the calibrated ones on average. Every effect size is an assumption
(ranges in the scenario file). The draws are the person's own, keyed by (person, case), from
their own stream: no other draw of the run changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.config.vocabulary import PROGRAMMES, Programme
from models.pathway.context import Context
from models.pathway.entities import Case, Person, Sentence

__all__ = ["ReleaseEffects", "NO_EFFECTS", "programmes_at_release", "effects"]

_N = len(PROGRAMMES)


@dataclass(frozen=True, slots=True)
class ReleaseEffects:
    """What completed programmes change at release: added to the chance of a job; the chance
    of treatment continuity for a person with a need (None: the usual one); the hazard
    multiplier until the next release."""

    p_employed_uplift: float = 0.0
    p_treatment_continuity: float | None = None
    hr_multiplier: float = 1.0


NO_EFFECTS = ReleaseEffects()


def _eligible(system: Context, person: Person, stay_days: float) -> list[bool]:
    days = system.p.prison_regime.programme_days
    return [stay_days >= days[g] and (g != "recovery" or person.substance_misuse)
            for g in PROGRAMMES]


def programmes_at_release(system: Context, person: Person, case: Case,
                          sentence: Sentence) -> ReleaseEffects:
    """Draw the programmes ``person`` started and completed in the custodial part of
    ``sentence``, record them, set their hazard multiplier, and return the release effects."""
    r, t = system.p.prison_regime, system.env.now
    stay = sentence.length_days * system.p.custody.release_fraction
    staff = system.regime.staff_per_prisoner(t, system.prison.users)
    index = system.regime.index(float(staff))
    u = system.programme_draws.block(person.person_id, case.index, 2 * _N)
    eligible = _eligible(system, person, stay)
    completed = [False] * _N
    for g, name in enumerate(PROGRAMMES):
        if eligible[g] and u[2 * g] < min(1.0, r.p_start_at_reference[name] * index):
            completed[g] = u[2 * g + 1] < r.p_complete[name]
            system.programme_records.append((t, g, completed[g]))
    out = effects(system, person, eligible, completed)
    person.hr_programme = out.hr_multiplier
    return out


def effects(system: Context, person: Person, eligible: list[bool],
            completed: list[bool]) -> ReleaseEffects:
    """The release effects of ``completed`` programmes (by :class:`Programme`), centred on the
    completions expected at the reference regime if ``centred`` is on."""
    r = system.p.prison_regime
    if r.centred == "on":
        expected = [float(e) * min(1.0, r.p_start_at_reference[g]) * r.p_complete[g]
                    for e, g in zip(eligible, PROGRAMMES, strict=True)]
    else:
        expected = [0.0] * _N
    done = [float(c) for c in completed]
    edu, work = Programme.EDUCATION, Programme.WORK
    uplift = (r.p_employed_uplift_education * (done[edu] - expected[edu])
              + r.p_employed_uplift_work * (done[work] - expected[work]))
    rec = Programme.RECOVERY
    p_cont = None
    if eligible[rec]:
        base = system.p.resettlement.p_treatment_continuity_if_need
        p_cont = min(1.0, max(0.0, base + (r.p_treatment_continuity_if_recovery - base)
                              * (done[rec] - expected[rec])))
    b, hr = Programme.BEHAVIOUR, r.hr_if_behaviour_programme
    hr_mult = (hr if completed[b] else 1.0) / (1.0 - expected[b] + expected[b] * hr)
    return ReleaseEffects(uplift, p_cont, hr_mult)
