"""The timeline of a run: capacities and parameters that change at given times.

A scenario's timeline (:mod:`models.config.timeline`) may shock a court's sitting days (down to
a multiplier, held, then back to 1 linearly over the recovery) and switch a lever on in a later
year (its parameters replace the base's from then on). One SimPy process makes every change:

- at each time a change is due (a lever's start, a shock's start and end, and each day of a
  recovery) it swaps in the parameters in force (``System.use_params``: the stages read
  ``system.p``, and the hazard model and offence tables are rebuilt from it), then sets every
  capacity to what those parameters give times the shocks in force: courtrooms from sitting
  days, prison and caseload places, L&D practitioners, treatment and women's centre places;
- a capacity changes by the difference from what the timeline last set, so places added by
  another process (invest-to-save) are kept; a place closed while in use closes when it frees.

The arrest trend needs no process: the hazard model applies it when a spell at risk begins.
Years are counted from the end of the warm-up. Nothing here draws a random number; without a
timeline (the centralised baseline) the process is not started.
"""

from __future__ import annotations

from collections.abc import Generator

import simpy

from models.config.scenario import Params
from models.config.timeline import Timeline
from models.config.vocabulary import COURTS, DAYS_PER_YEAR
from models.pathway.system import System, courtrooms, places
from sim import ServerPool

__all__ = ["timeline_changes", "capacity_targets", "change_years"]

_AT = 1e-9  # a change due at year y is read just after it (no rounding back before it)


def capacity_targets(p: Params, timeline: Timeline, year: float) -> dict[str, int]:
    """The capacity of each service at ``year`` under parameters ``p`` and the shocks."""
    out = {name: courtrooms(p.court[name].sitting_days_per_year
                            * timeline.court_multiplier(i, year))
           for i, name in enumerate(COURTS)}
    out["prison_places"] = places(p.custody.prison_places)
    out["caseload"] = places(p.probation.caseload_places)
    out["ld_practitioners"] = places(p.liaison_diversion.practitioners)
    out["treatment_places"] = places(p.treatment.places)
    out["womens_centre_places"] = places(p.womens_centres.places)
    out["youth_secure_places"] = places(p.youth_custody.places)
    return out


def change_years(timeline: Timeline, phase_years: list[float], last_year: float) -> list[float]:
    """The years (after the warm-up, before ``last_year``) at which a capacity or the
    parameters may change: lever starts, shock starts and ends, and each day of a recovery."""
    years = set(phase_years)
    day = 1.0 / DAYS_PER_YEAR
    for s in timeline.court_shocks:
        recovery_from = s.start_year + s.hold_years
        years |= {s.start_year, recovery_from, s.end_year}
        n = int(s.recovery_years / day)
        years |= {recovery_from + i * day for i in range(1, n + 1)}
    return sorted(y for y in years if y < last_year)


def timeline_changes(system: System) -> Generator[simpy.Event, object, None]:
    """Make the timeline's changes when they are due; a SimPy process. Every change is kept in
    ``system.timeline_log``."""
    env, tl, phases = system.env, system.scenario.timeline, list(system.scenario.phases)
    warm = system.settings.warmup_days
    last_year = (system.horizon - warm) / DAYS_PER_YEAR
    set_now = capacity_targets(system.p, tl, -1.0)  # what the system was built with
    resources = {r.name: r for r in system.resources()}
    k = 0
    for year in change_years(tl, [y for y, _ in phases], last_year):
        yield env.timeout(max(0.0, warm + year * DAYS_PER_YEAR - env.now))
        while k < len(phases) and phases[k][0] <= year + _AT:
            system.use_params(phases[k][1])
            system.timeline_log.append({"day": env.now, "year": year, "change": "parameters",
                                        "value": float(k + 1)})
            k += 1
        target = capacity_targets(system.p, tl, year + _AT)
        for name, n in target.items():
            delta = n - set_now[name]
            if delta == 0:
                continue
            res = resources[name]
            if isinstance(res, ServerPool):  # resolved at referral
                if delta > 0:
                    res.add_servers(env.now, delta)
                else:
                    res.remove_servers(-delta)
            elif delta > 0:
                res.add(delta)
            else:
                res.remove(-delta)
            set_now[name] = n
            system.timeline_log.append({"day": env.now, "year": year, "change": name,
                                        "value": float(n)})
