"""The bad-input catalogue: every command refuses a mistake before it simulates, in one line.

Each case builds one broken input in ``tmp_path`` (a shipped scenario, overlay, sweep or
targets file with one thing broken, or a bad command-line value) and runs the command
in-process through :func:`models.cli.main`. Each asserts exit code 2, exactly one line on
standard error (``pathway-sim: error: ...``) naming the key or the value, no traceback, nothing
on standard output, and that nothing was simulated (the entry points of every simulation fail
the test if called). A few cases go through a real ``python -m models.cli`` process to show
that no traceback reaches a user. ``--out`` folder safety is tested elsewhere.

Cases by command: run 47, compare 40, sweep 52, validate 17, levers 14, calibrate 9,
params 5, metrics 4, (no verb) 2; 190 in all.
Cases by file kind: scenario 50, overlay 37, sweep 39, targets 16, command line 38,
output file 10.
Through a subprocess as well: 7 cases.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.cli import main
from models.config.tree import SCENARIO_DIR

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = SCENARIO_DIR / "centralised.toml"
OVERLAY = SCENARIO_DIR / "devolved.toml"
INTEGRATED = SCENARIO_DIR / "devolved_integrated.toml"
OAT = ROOT / "experiments" / "sweeps" / "courts_oat.toml"
PSA = ROOT / "experiments" / "sweeps" / "integrated_psa.toml"
TARGETS = ROOT / "models" / "validation" / "targets.toml"
UNWRITABLE = "/proc/pathway-sim-no-such-dir"  # nobody, not even root, can create files in /proc


# ---------------------------------------------------------------- building one broken file

def edited(tmp: Path, src: Path, old: str | None = None, new: str = "", append: str = "",
           name: str = "bad.toml") -> str:
    """``src`` with the first line matching the regex ``old`` replaced by ``new`` (deleted if
    ``new`` is empty) and ``append`` added at the end, written to ``tmp / name``."""
    text = src.read_text(encoding="utf-8")
    if old is not None:
        text, n = re.subn(old, new, text, count=1, flags=re.M)
        assert n == 1, f"{old!r} not in {src.name}"
    path = tmp / name
    path.write_text(text + append, encoding="utf-8")
    return str(path)


def scen(tmp: Path, old: str | None = None, new: str = "", append: str = "") -> str:
    return edited(tmp, SCENARIO, old, new, append, "scenario.toml")


def ovl(tmp: Path, old: str | None = None, new: str = "", append: str = "",
        src: Path = OVERLAY) -> str:
    return edited(tmp, src, old, new, append, "overlay.toml")


def swp(tmp: Path, old: str | None = None, new: str = "", append: str = "",
        src: Path = OAT) -> str:
    return edited(tmp, src, old, new, append, "sweep.toml")


def tgt(tmp: Path, old: str | None = None, new: str = "", append: str = "") -> str:
    return edited(tmp, TARGETS, old, new, append, "targets.toml")


def text_file(tmp: Path, text: str | bytes, name: str = "file.toml") -> str:
    path = tmp / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def folder(tmp: Path) -> str:
    (tmp / "a_folder.toml").mkdir()
    return str(tmp / "a_folder.toml")


P_FEMALE = r"^p_female = .*$"
PLACES = r"^prison_places = .*$"
FAST_SCENARIO = ["--scale", "0.002", "-n", "1", "--workers", "1"]


@dataclass(frozen=True)
class Case:
    id: str
    command: str
    kind: str  # scenario, overlay, sweep, targets, command line, output file
    build: Callable[[Path], list[str]]
    names: str  # what the one line must contain (the key or the value)


def run_s(build: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    return lambda t: ["run", build(t), *FAST_SCENARIO]


def cmp_o(build: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    return lambda t: ["compare", "centralised", build(t), *FAST_SCENARIO]


def lev_o(build: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    return lambda t: ["levers", build(t)]


def sweep_f(build: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    return lambda t: ["sweep", build(t), "--workers", "1"]


def val_t(build: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    return lambda t: ["validate", "--targets", build(t), *FAST_SCENARIO]


SCEN, OVER, SWEEP, TARG, CLI, OUT = "scenario", "overlay", "sweep", "targets", "command line", "output file"
NO_VERB = "(no verb)"
COMMANDS = ("run", "compare", "sweep", "validate", "levers", "calibrate", "params", "metrics",
            NO_VERB)
KINDS = (SCEN, OVER, SWEEP, TARG, CLI, OUT)

CASES: list[Case] = [
    # ------------------------------------------------ scenario files (run, then every verb)
    Case("run-missing-file", "run", SCEN, lambda t: ["run", str(t / "nope.toml")], "nope.toml"),
    Case("run-misspelt-shipped-name", "run", SCEN, lambda t: ["run", "centralized"], "centralized"),
    Case("run-folder", "run", SCEN, run_s(folder), "a_folder.toml"),
    Case("run-not-toml", "run", SCEN, run_s(lambda t: text_file(t, "this is [not toml")),
         "not valid TOML"),
    Case("run-empty-file", "run", SCEN, run_s(lambda t: text_file(t, "")), "scenario"),
    Case("run-binary-file", "run", SCEN, run_s(lambda t: text_file(t, b"\x89PNG\r\n\xff\xfe\x00")),
         "file.toml"),
    Case("run-overlay-as-scenario", "run", SCEN, lambda t: ["run", "devolved"], "overlay"),
    Case("run-sweep-as-scenario", "run", SCEN, lambda t: ["run", str(OAT)], "sweep"),
    Case("run-targets-as-scenario", "run", SCEN, lambda t: ["run", str(TARGETS)], "targets"),
    Case("run-duplicate-key", "run", SCEN,
         run_s(lambda t: scen(t, P_FEMALE, 'p_female = { value = 0.15, source = "X2" }\n'
                                           'p_female = { value = 0.2, source = "X2" }')),
         "not valid TOML"),
    Case("run-unknown-table", "run", SCEN, run_s(lambda t: scen(t, append="\n[polise]\nx = 1\n")),
         "polise"),
    Case("run-unknown-parameter", "run", SCEN,
         run_s(lambda t: scen(t, P_FEMALE, 'p_female = { value = 0.15, source = "X2" }\n'
                                           'p_femail = { value = 0.2, source = "X2" }')),
         "population.p_femail"),
    Case("run-misspelt-leaf-key", "run", SCEN,
         run_s(lambda t: scen(t, P_FEMALE, 'p_female = { value = 0.15, sorce = "X2" }')),
         "population.p_female.sorce"),
    Case("run-leaf-without-value", "run", SCEN,
         run_s(lambda t: scen(t, P_FEMALE, 'p_female = { valu = 0.15, source = "X2" }')),
         "population.p_female"),
    Case("run-leaf-bare-number", "run", SCEN, run_s(lambda t: scen(t, P_FEMALE, "p_female = 0.15")),
         "population.p_female"),
    Case("run-probability-above-1", "run", SCEN,
         run_s(lambda t: scen(t, P_FEMALE, 'p_female = { value = 1.7, source = "X2" }')),
         "population.p_female"),
    Case("run-probability-negative", "run", SCEN,
         run_s(lambda t: scen(t, P_FEMALE, 'p_female = { value = -0.1, source = "X2" }')),
         "population.p_female"),
    Case("run-probability-string", "run", SCEN,
         run_s(lambda t: scen(t, P_FEMALE, 'p_female = { value = "high", source = "X2" }')),
         "population.p_female"),
    Case("run-probability-boolean", "run", SCEN,
         run_s(lambda t: scen(t, P_FEMALE, 'p_female = { value = true, source = "X2" }')),
         "population.p_female"),
    Case("run-missing-parameter", "run", SCEN, run_s(lambda t: scen(t, P_FEMALE + r"\n", "")),
         "population.p_female"),
    Case("run-negative-places", "run", SCEN,
         run_s(lambda t: scen(t, PLACES, 'prison_places = { value = -5, source = "X21" }')),
         "custody.prison_places"),
    Case("run-zero-places", "run", SCEN,
         run_s(lambda t: scen(t, PLACES, 'prison_places = { value = 0, source = "X21" }')),
         "custody.prison_places"),
    Case("run-count-not-whole", "run", SCEN,
         run_s(lambda t: scen(t, r"^young_diversion_chances = .*$",
                              'young_diversion_chances = { value = 2.5, source = "003:549" }')),
         "police.young_diversion_chances"),
    Case("run-shares-not-summing", "run", SCEN,
         run_s(lambda t: scen(t, r"^arrest_outcome_shares_youth = .*$",
                              'arrest_outcome_shares_youth = { value = { nfa = 0.5, '
                              'out_of_court = 0.42, charge = 0.25 }, source = "X2" }')),
         "police.arrest_outcome_shares_youth"),
    Case("run-shares-unknown-key", "run", SCEN,
         run_s(lambda t: scen(t, r"^arrest_outcome_shares_youth = .*$",
                              'arrest_outcome_shares_youth = { value = { nfa = 0.33, '
                              'caution = 0.42, charge = 0.25 }, source = "X2" }')),
         "arrest_outcome_shares_youth.caution"),
    Case("run-unknown-distribution", "run", SCEN,
         run_s(lambda t: scen(t, r"^preparation_days = .*$",
                              'preparation_days = { value = { dist = "gaussian", mean = 50, '
                              'sd = 30 }, source = "X2" }')),
         "preparation_days.dist"),
    Case("run-negative-duration", "run", SCEN,
         run_s(lambda t: scen(t, r"^preparation_days = .*$",
                              'preparation_days = { value = { dist = "uniform", low = -5, '
                              'high = 30 }, source = "X2" }')),
         "preparation_days"),
    Case("run-range-inverted", "run", SCEN,
         run_s(lambda t: scen(t, PLACES, 'prison_places = { value = 80000, source = '
                                         '"assumption", range = [90000, 72000] }')),
         "custody.prison_places.range"),
    Case("run-range-outside-kind", "run", SCEN,
         run_s(lambda t: scen(t, r"^p_substance_misuse_need = .*$",
                              'p_substance_misuse_need = { value = 0.45, source = "X7", '
                              'range = [0.3, 1.5] }')),
         "population.p_substance_misuse_need.range"),
    Case("run-assumption-without-range", "run", SCEN,
         run_s(lambda t: scen(t, PLACES, 'prison_places = { value = 80000, '
                                         'source = "assumption" }')),
         "custody.prison_places.range"),
    Case("run-unknown-source", "run", SCEN,
         run_s(lambda t: scen(t, P_FEMALE, 'p_female = { value = 0.15, source = "wikipedia" }')),
         "population.p_female.source"),
    Case("run-settings-scale-zero", "run", SCEN,
         lambda t: ["run", scen(t, r"^scale = .*$", "scale = 0")], "scenario.scale"),
    Case("run-settings-scale-string", "run", SCEN,
         lambda t: ["run", scen(t, r"^scale = .*$", 'scale = "small"')], "scenario.scale"),
    Case("run-settings-short-followup", "run", SCEN,
         run_s(lambda t: scen(t, r"^followup_months = .*$", "followup_months = 12")),
         "scenario.followup_months"),
    Case("run-settings-missing-key", "run", SCEN,
         run_s(lambda t: scen(t, r"^warmup_years = .*\n", "")), "scenario.warmup_years"),
    Case("run-settings-unknown-key", "run", SCEN,
         run_s(lambda t: scen(t, r"^scale = .*$", "scale = 0.05\nseed = 3")), "scenario.seed"),
    Case("run-settings-empty-name", "run", SCEN,
         run_s(lambda t: scen(t, r'^name = "centralised"$', 'name = ""')), "scenario.name"),
    Case("run-timeline-unknown-key", "run", SCEN,
         run_s(lambda t: scen(t, append="arrest_trand = 0.1\n")), "arrest_trand"),
    Case("compare-base-broken", "compare", SCEN,
         lambda t: ["compare", scen(t, P_FEMALE, 'p_female = { value = 2, source = "X2" }'),
                    "devolved", *FAST_SCENARIO], "population.p_female"),
    Case("compare-base-missing", "compare", SCEN,
         lambda t: ["compare", "centralized", "devolved"], "centralized"),
    Case("compare-overlay-as-base", "compare", SCEN,
         lambda t: ["compare", "devolved", "devolved_integrated"], "overlay"),
    Case("levers-base-broken", "levers", SCEN,
         lambda t: ["levers", "--base", scen(t, PLACES, 'prison_places = { value = "many", '
                                                          'source = "X21" }')],
         "custody.prison_places"),
    Case("levers-base-missing", "levers", SCEN, lambda t: ["levers", "--base", "centralized"],
         "centralized"),
    Case("validate-scenario-broken", "validate", SCEN,
         lambda t: ["validate", scen(t, P_FEMALE, 'p_female = { value = 1.7, source = "X2" }'),
                    *FAST_SCENARIO], "population.p_female"),
    Case("validate-scenario-folder", "validate", SCEN, lambda t: ["validate", folder(t)],
         "a_folder.toml"),
    Case("calibrate-scenario-broken", "calibrate", SCEN,
         lambda t: ["calibrate", scen(t, P_FEMALE, 'p_female = { value = 1.7, source = "X2" }'),
                    "--max-evaluations", "1", "-n", "1", "--workers", "1"],
         "population.p_female"),
    Case("calibrate-scenario-missing", "calibrate", SCEN,
         lambda t: ["calibrate", str(t / "none.toml")], "none.toml"),
    Case("calibrate-overlay-as-scenario", "calibrate", SCEN, lambda t: ["calibrate", "devolved"],
         "overlay"),
    Case("sweep-base-broken", "sweep", SCEN,
         sweep_f(lambda t: swp(t, r'^base = .*$', 'base = "' + scen(
             t, PLACES, 'prison_places = { value = -1, source = "X21" }') + '"')),
         "custody.prison_places"),
    # ------------------------------------------------ overlay files (compare, levers, sweep)
    Case("compare-overlay-missing", "compare", OVER,
         lambda t: ["compare", "centralised", str(t / "nope.toml")], "nope.toml"),
    Case("compare-overlay-misspelt-name", "compare", OVER,
         lambda t: ["compare", "centralised", "devolvd"], "devolvd"),
    Case("compare-overlay-folder", "compare", OVER, cmp_o(folder), "a_folder.toml"),
    Case("compare-overlay-not-toml", "compare", OVER, cmp_o(lambda t: text_file(t, "[levers\n")),
         "not valid TOML"),
    Case("compare-scenario-as-overlay", "compare", OVER,
         lambda t: ["compare", "centralised", "centralised"], "overlay"),
    Case("compare-sweep-as-overlay", "compare", OVER,
         lambda t: ["compare", "centralised", str(OAT)], "overlay"),
    Case("compare-overlay-unknown-table", "compare", OVER,
         cmp_o(lambda t: ovl(t, append="\n[leverz.x]\nwhat = 'x'\n")), "leverz"),
    Case("compare-overlay-unknown-head-key", "compare", OVER,
         cmp_o(lambda t: ovl(t, r"^fidelity = 1.0$", "fidelity = 1.0\nfidelty = 0.5")),
         "overlay.fidelty"),
    Case("compare-overlay-fidelity-above-1", "compare", OVER,
         cmp_o(lambda t: ovl(t, r"^fidelity = 1.0$", "fidelity = 1.5")), "overlay.fidelity"),
    Case("compare-overlay-empty-name", "compare", OVER,
         cmp_o(lambda t: ovl(t, r'^name = "devolved"$', 'name = ""')), "overlay.name"),
    Case("compare-overlay-same-name-as-base", "compare", OVER,
         cmp_o(lambda t: ovl(t, r'^name = "devolved"$', 'name = "centralised"')),
         "configurations"),
    Case("compare-lever-unknown-key", "compare", OVER,
         cmp_o(lambda t: ovl(t, r'^(source = "003:110-113")$', r'\1' + '\nsett = 1')),
         "levers.devolved_custody_budget.sett"),
    Case("compare-lever-without-why", "compare", OVER,
         cmp_o(lambda t: ovl(t, r'^why = "Rec 4.*$', "")), "levers.devolved_custody_budget.why"),
    Case("compare-lever-bad-source", "compare", OVER,
         cmp_o(lambda t: ovl(t, r'^source = "003:110-113"$', 'source = "a blog"')),
         "levers.devolved_custody_budget.source"),
    Case("compare-lever-assumption-no-range", "compare", OVER,
         cmp_o(lambda t: ovl(t, r"^range = \[0.75, 1.0\]\n", "")),
         "levers.fewer_short_sentences.range"),
    Case("compare-lever-unknown-path", "compare", OVER,
         cmp_o(lambda t: ovl(t, r'"sentencing.custody_multiplier_short" = 0.9',
                             '"sentencing.custody_multipler_short" = 0.9')),
         "sentencing.custody_multipler_short"),
    Case("compare-lever-probability-1.7", "compare", OVER,
         cmp_o(lambda t: ovl(t, r'"devolution.p_savings_reinvested" = 0.5',
                             '"devolution.p_savings_reinvested" = 1.7')),
         "devolution.p_savings_reinvested"),
    Case("compare-lever-negative-places", "compare", OVER,
         cmp_o(lambda t: ovl(t, append='\n[levers.cut]\nwhat = "x"\nwhy = "y"\nsource = '
                             '"X21"\nset = { "custody.prison_places" = -100 }\n')),
         "custody.prison_places"),
    Case("compare-lever-string-for-number", "compare", OVER,
         cmp_o(lambda t: ovl(t, r'"sentencing.custody_multiplier_short" = 0.9',
                             '"sentencing.custody_multiplier_short" = "less"')),
         "sentencing.custody_multiplier_short"),
    Case("compare-lever-bad-budget-holder", "compare", OVER,
         cmp_o(lambda t: ovl(t, r'"budget_holders.prison_days" = "combined_authority"',
                             '"budget_holders.prison_days" = "the_mayor"')),
         "budget_holders.prison_days"),
    Case("compare-lever-cohort-path", "compare", OVER,
         cmp_o(lambda t: ovl(t, append='\n[levers.more]\nwhat = "x"\nwhy = "y"\nsource = '
                             '"X21"\nset = { "population.p_female" = 0.2 }\n')),
         "population.p_female"),
    Case("compare-lever-path-set-twice", "compare", OVER,
         cmp_o(lambda t: ovl(t, append='\n[levers.again]\nwhat = "x"\nwhy = "y"\nsource = '
                             '"X21"\nset = { "sentencing.custody_multiplier_short" = 0.8 }\n')),
         "sentencing.custody_multiplier_short"),
    Case("compare-lever-empty-set", "compare", OVER,
         cmp_o(lambda t: ovl(t, r'^set = \{ "sentencing.custody_multiplier_short" = 0.9 \}$',
                             "set = {}")), "levers.fewer_short_sentences.set"),
    Case("compare-lever-negative-start-year", "compare", OVER,
         cmp_o(lambda t: ovl(t, r"^range = \[0.75, 1.0\]$", "range = [0.75, 1.0]\n"
                                                            "start_year = -2")),
         "levers.fewer_short_sentences.start_year"),
    Case("compare-overlay-no-levers", "compare", OVER,
         cmp_o(lambda t: text_file(t, '[overlay]\nname = "empty"\n')), "levers"),
    Case("compare-overlay-timeline-levers", "compare", OVER,
         cmp_o(lambda t: ovl(t, append="\n[timeline]\nlevers = []\n")), "timeline"),
    Case("levers-probability-1.7", "levers", OVER,
         lev_o(lambda t: ovl(t, r'"devolution.p_savings_reinvested" = 0.5',
                             '"devolution.p_savings_reinvested" = 1.7')),
         "devolution.p_savings_reinvested"),
    Case("levers-negative-places", "levers", OVER,
         lev_o(lambda t: ovl(t, append='\n[levers.cut]\nwhat = "x"\nwhy = "y"\nsource = '
                             '"X21"\nset = { "custody.prison_places" = -100 }\n')),
         "custody.prison_places"),
    Case("levers-share-above-1", "levers", OVER,
         lev_o(lambda t: ovl(t, r'"devolution.share_to_treatment" = 0.0',
                             '"devolution.share_to_treatment" = 2.0')),
         "devolution.share_to_treatment"),
    Case("levers-integrated-bad-value", "levers", OVER,
         lev_o(lambda t: ovl(t, r'"liaison_diversion.p_coverage" = 1.0',
                             '"liaison_diversion.p_coverage" = 1.1', src=INTEGRATED)),
         "liaison_diversion.p_coverage"),
    Case("levers-overlay-missing", "levers", OVER, lambda t: ["levers", "devolvd"], "devolvd"),
    Case("levers-scenario-as-overlay", "levers", OVER, lambda t: ["levers", "centralised"],
         "overlay"),
    Case("levers-unknown-path", "levers", OVER,
         lev_o(lambda t: ovl(t, r'"sentencing.custody_multiplier_short" = 0.9',
                             '"sentencing.nope" = 0.9')), "sentencing.nope"),
    Case("sweep-overlay-misspelt", "sweep", OVER,
         sweep_f(lambda t: swp(t, r'^overlay = .*$', 'overlay = "devolved_intgrated"')),
         "devolved_intgrated"),
    Case("sweep-overlay-bad-value", "sweep", OVER,
         sweep_f(lambda t: swp(t, r'^overlay = .*$', 'overlay = "' + ovl(
             t, r'"sentencing.custody_multiplier_short" = 0.9',
             '"sentencing.custody_multiplier_short" = -3') + '"')),
         "sentencing.custody_multiplier_short"),
    Case("sweep-overlay-not-a-string", "sweep", OVER,
         sweep_f(lambda t: swp(t, r'^overlay = .*$', "overlay = 3")), "sweep.overlay"),
    Case("sweep-scenario-as-overlay", "sweep", OVER,
         sweep_f(lambda t: swp(t, r'^overlay = .*$', 'overlay = "centralised"')), "overlay"),
    # ------------------------------------------------ sweep files
    Case("sweep-missing-file", "sweep", SWEEP, lambda t: ["sweep", str(t / "nope.toml")],
         "nope.toml"),
    Case("sweep-folder", "sweep", SWEEP, sweep_f(folder), "a_folder.toml"),
    Case("sweep-not-toml", "sweep", SWEEP, sweep_f(lambda t: text_file(t, "[sweep\n")),
         "not valid TOML"),
    Case("sweep-scenario-as-sweep", "sweep", SWEEP, lambda t: ["sweep", str(SCENARIO)], "sweep"),
    Case("sweep-overlay-as-sweep", "sweep", SWEEP, lambda t: ["sweep", str(OVERLAY)], "sweep"),
    Case("sweep-unknown-key", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^seed = 20161$", "seed = 20161\nrepetitions = 2")),
         "sweep.repetitions"),
    Case("sweep-name-not-a-string", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r'^name = .*$', 'name = ["a"]')), "sweep.name"),
    Case("sweep-factors-not-a-table", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^\[factors\]$", "factors = 3\n[more]")), "factors"),
    Case("sweep-no-factors", "sweep", SWEEP,
         sweep_f(lambda t: text_file(t, '[sweep]\ndesign = "oat"\nmetrics = '
                                        '["reoffending_overall"]\n[factors]\n')), "factors"),
    Case("sweep-factor-boolean", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"population.p_female" = [true, 0.2]\n')),
         "factors.population.p_female"),
    Case("sweep-unknown-design", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r'^design = "oat"$', 'design = "latin"')), "sweep.design"),
    Case("sweep-zero-samples", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^seed = 20161$", "seed = 20161\nsamples = 0")),
         "sweep.samples"),
    Case("sweep-replications-string", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^replications = 1$", 'replications = "two"')),
         "sweep.replications"),
    Case("sweep-negative-seed", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^seed = 20161$", "seed = -1")), "sweep.seed"),
    Case("sweep-morris-levels-1", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^seed = 20161$", "seed = 20161\nmorris_levels = 1")),
         "sweep.morris_levels"),
    Case("sweep-no-metrics", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^metrics = \[", "metric = [")), "sweep"),
    Case("sweep-unknown-metric", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r'^metrics = \["offences_per_year"',
                               'metrics = ["offences_per_yaer"')), "offences_per_yaer"),
    Case("sweep-scale-too-big", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^scale = 0.02$", "scale = 5")), "sweep.scale"),
    Case("sweep-scale-zero", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^scale = 0.02$", "scale = 0")), "sweep.scale"),
    Case("sweep-scale-string", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^scale = 0.02$", 'scale = "small"')), "sweep.scale"),
    Case("sweep-base-misspelt", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r'^base = .*$', 'base = "centralized"')), "centralized"),
    Case("sweep-fidelity-above-1", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^seed = 20161$", "seed = 20161\nfidelity = 1.5")),
         "sweep.fidelity"),
    Case("sweep-fidelity-range-outside", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^fidelity_range = .*$", "fidelity_range = [0.5, 1.5]",
                               src=PSA)), "sweep.fidelity_range"),
    Case("sweep-fidelity-range-no-overlay", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r"^overlay = .*\n", "", src=PSA)), "sweep.fidelity_range"),
    Case("sweep-lever-fidelity-unknown-lever", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"fidelity.no_such_lever" = [0.2, 0.8]\n')),
         "no_such_lever"),
    Case("sweep-factor-unknown-path", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"court.crown.sitting_days" = [1, 2]\n')),
         "factors.court.crown.sitting_days"),
    Case("sweep-factor-inverted-range", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"population.p_female" = [0.3, 0.1]\n')),
         "factors.population.p_female"),
    Case("sweep-factor-probability-range-above-1", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"population.p_female" = [0.2, 1.4]\n')),
         "factors.population.p_female"),
    Case("sweep-factor-negative-places", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"custody.prison_places" = [-1000, 80000]\n')),
         "factors.custody.prison_places"),
    Case("sweep-factor-count-not-whole", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"reoffending.max_prior_offences_counted" = '
                                         '[10.5, 30]\n')),
         "factors.reoffending.max_prior_offences_counted"),
    Case("sweep-factor-distribution-mean-negative", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r'^"court.crown.preparation_days.mean" = .*$',
                               '"court.crown.preparation_days.mean" = [-50, 500]')),
         "factors.court.crown.preparation_days.mean"),
    Case("sweep-factor-share-above-1", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"police.arrest_outcome_shares_youth.nfa" = '
                                         '[0.5, 1.5]\n')),
         "factors.police.arrest_outcome_shares_youth.nfa"),
    Case("sweep-factor-choice", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"prison_regime.enabled" = [0, 1]\n')),
         "factors.prison_regime.enabled"),
    Case("sweep-factor-unknown-dist", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"population.p_female" = { dist = "gamma", '
                                         'mean = 0.2, sd = 0.1 }\n')),
         "factors.population.p_female"),
    Case("sweep-factor-dist-missing-field", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"population.p_female" = { dist = "triangular", '
                                         'low = 0.1, high = 0.2 }\n')),
         "factors.population.p_female.mode"),
    Case("sweep-psa-normal-support-leaves-probability", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r'^"treatment.need_hazard_reduction" = .*$',
                               '"treatment.need_hazard_reduction" = { dist = "normal", '
                               'mean = 0.9, sd = 0.2 }', src=PSA)),
         "factors.treatment.need_hazard_reduction"),
    Case("sweep-psa-triangular-above-1", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r'^"treatment.need_hazard_reduction" = .*$',
                               '"treatment.need_hazard_reduction" = { dist = "triangular", '
                               'low = 0.2, mode = 0.5, high = 1.3 }', src=PSA)),
         "factors.treatment.need_hazard_reduction"),
    Case("sweep-psa-lognormal-probability", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, append='"population.p_female" = { dist = "lognormal", '
                                         'mean = 0.2, sd = 0.1 }\n', src=PSA)),
         "factors.population.p_female"),
    Case("sweep-psa-normal-negative-hazard-ratio", "sweep", SWEEP,
         sweep_f(lambda t: swp(t, r'^"reoffending.hr_unemployed" = .*$',
                               '"reoffending.hr_unemployed" = { dist = "normal", mean = 0.3, '
                               'sd = 0.2 }', src=PSA)),
         "factors.reoffending.hr_unemployed"),
    # ------------------------------------------------ validation targets (validate, calibrate)
    Case("validate-targets-missing", "validate", TARG, val_t(lambda t: str(t / "nope.toml")),
         "nope.toml"),
    Case("validate-targets-folder", "validate", TARG, val_t(folder), "a_folder.toml"),
    Case("validate-targets-not-toml", "validate", TARG, val_t(lambda t: text_file(t, "[targets\n")),
         "not valid TOML"),
    Case("validate-scenario-as-targets", "validate", TARG, val_t(lambda t: str(SCENARIO)),
         "targets"),
    Case("validate-targets-unknown-metric", "validate", TARG,
         val_t(lambda t: tgt(t, r'^metric = "mean_prison_total"$',
                             'metric = "mean_prison_totl"')), "mean_prison_totl"),
    Case("validate-targets-two-tolerances", "validate", TARG,
         val_t(lambda t: tgt(t, r"^tolerance = 0.05$", "tolerance = 0.05\ntolerance_pp = 2")),
         "targets.prison_population"),
    Case("validate-targets-negative-tolerance", "validate", TARG,
         val_t(lambda t: tgt(t, r"^tolerance = 0.05$", "tolerance = -0.05")),
         "targets.prison_population.tolerance"),
    Case("validate-targets-published-string", "validate", TARG,
         val_t(lambda t: tgt(t, r"^published = 72900$", 'published = "72,900"')),
         "targets.prison_population.published"),
    Case("validate-targets-unknown-key", "validate", TARG,
         val_t(lambda t: tgt(t, r"^published = 72900$", "published = 72900\npublshed = 1")),
         "targets.prison_population.publshed"),
    Case("validate-targets-national-string", "validate", TARG,
         val_t(lambda t: tgt(t, r"^national = true$", 'national = "yes"')),
         "targets.prison_population.national"),
    Case("validate-targets-not-a-table", "validate", TARG,
         val_t(lambda t: text_file(t, "targets = 3\n")), "targets"),
    Case("validate-target-not-a-table", "validate", TARG,
         val_t(lambda t: text_file(t, "[targets]\nprison = 72900\n")), "targets.prison"),
    Case("validate-targets-unknown-table", "validate", TARG,
         val_t(lambda t: tgt(t, append="\n[target.extra]\nlabel = 'x'\n")), "target"),
    Case("calibrate-targets-unknown-metric", "calibrate", TARG,
         lambda t: ["calibrate", "--targets", tgt(t, r'^metric = "mean_prison_total"$',
                                                  'metric = "prison"'), "--max-evaluations", "1"],
         "prison"),
    Case("calibrate-target-of-a-knob-missing", "calibrate", TARG,
         lambda t: ["calibrate", "--targets", tgt(t, r"^\[targets.prison_admissions\]$",
                                                  "[targets.receptions]")], "prison_admissions"),
    Case("calibrate-knob-without-range", "calibrate", SCEN,
         lambda t: ["calibrate", scen(t, r"^new_entrants_per_year = .*$",
                                      'new_entrants_per_year = { value = 320000, '
                                      'source = "X1" }')],
         "population.new_entrants_per_year.range"),
    Case("calibrate-targets-missing", "calibrate", TARG,
         lambda t: ["calibrate", "--targets", str(t / "nope.toml")], "nope.toml"),
    # ------------------------------------------------ command-line values
    Case("no-command", NO_VERB, CLI, lambda t: [], "command"),
    Case("unknown-command", NO_VERB, CLI, lambda t: ["simulate"], "simulate"),
    Case("run-unknown-option", "run", CLI, lambda t: ["run", "--replicatons", "2"],
         "--replicatons"),
    Case("run-scale-zero", "run", CLI, lambda t: ["run", "--scale", "0"], "--scale"),
    Case("run-scale-above-2", "run", CLI, lambda t: ["run", "--scale", "3"], "--scale"),
    Case("run-scale-nan", "run", CLI, lambda t: ["run", "--scale", "nan"], "--scale"),
    Case("run-scale-word", "run", CLI, lambda t: ["run", "--scale", "small"], "--scale"),
    Case("run-seed-negative", "run", CLI, lambda t: ["run", "--seed", "-1"], "--seed"),
    Case("run-replications-zero", "run", CLI, lambda t: ["run", "-n", "0"], "--replications"),
    Case("run-workers-zero", "run", CLI, lambda t: ["run", "--workers", "0"], "--workers"),
    Case("run-two-scenarios", "run", CLI, lambda t: ["run", "centralised", "devolved"],
         "devolved"),
    Case("compare-no-overlay", "compare", CLI, lambda t: ["compare", "centralised"], "overlays"),
    Case("compare-fidelity-above-1", "compare", CLI,
         lambda t: ["compare", "centralised", "devolved", "--fidelity", "1.5"], "--fidelity"),
    Case("compare-fidelity-word", "compare", CLI,
         lambda t: ["compare", "centralised", "devolved", "--fidelity", "half"], "--fidelity"),
    Case("compare-fidelity-unknown-lever", "compare", CLI,
         lambda t: ["compare", "centralised", "devolved", "--fidelity", "resettlemnt=0.5"],
         "resettlemnt"),
    Case("compare-fidelity-lever-above-1", "compare", CLI,
         lambda t: ["compare", "centralised", "devolved", "--fidelity", "invest_to_save=2"],
         "invest_to_save"),
    Case("compare-fidelity-twice", "compare", CLI,
         lambda t: ["compare", "centralised", "devolved", "--fidelity", "0.5", "--fidelity",
                    "0.6"], "--fidelity"),
    Case("compare-fidelity-lever-twice", "compare", CLI,
         lambda t: ["compare", "centralised", "devolved", "--fidelity", "invest_to_save=0.5",
                    "--fidelity", "invest_to_save=0.6"], "invest_to_save"),
    Case("compare-half-width-zero", "compare", CLI,
         lambda t: ["compare", "centralised", "devolved", "--half-width-pp", "0"],
         "--half-width-pp"),
    Case("compare-half-width-rel-negative", "compare", CLI,
         lambda t: ["compare", "centralised", "devolved", "--half-width-rel", "-0.1"],
         "--half-width-rel"),
    Case("compare-same-overlay-twice", "compare", CLI,
         lambda t: ["compare", "centralised", "devolved", "devolved"], "configurations"),
    Case("levers-fidelity-above-1", "levers", CLI, lambda t: ["levers", "--fidelity", "2"],
         "--fidelity"),
    Case("levers-fidelity-unknown-lever", "levers", CLI,
         lambda t: ["levers", "devolved", "--fidelity", "ld_at_court=0.5"], "ld_at_court"),
    Case("validate-replications-word", "validate", CLI,
         lambda t: ["validate", "--replications", "three"], "--replications"),
    Case("validate-seed-float", "validate", CLI, lambda t: ["validate", "--seed", "1.5"], "--seed"),
    Case("calibrate-max-evaluations-zero", "calibrate", CLI,
         lambda t: ["calibrate", "--max-evaluations", "0"], "--max-evaluations"),
    Case("calibrate-scale-above-2", "calibrate", CLI, lambda t: ["calibrate", "--scale", "2.5"],
         "--scale"),
    Case("sweep-no-file", "sweep", CLI, lambda t: ["sweep"], "sweep_file"),
    Case("sweep-workers-negative", "sweep", CLI, lambda t: ["sweep", str(OAT), "--workers", "-1"],
         "--workers"),
    Case("sweep-retry-failed-without-resume", "sweep", CLI,
         lambda t: ["sweep", str(OAT), "--retry-failed"], "--retry-failed"),
    Case("compare-attribute-unknown-fidelity-lever", "compare", CLI,
         lambda t: ["compare", "centralised", "devolved", "--attribute", "--fidelity",
                    "no_such_lever=0.5"], "no_such_lever"),
    Case("sweep-dask-no-host", "sweep", CLI, lambda t: ["sweep", str(OAT), "--dask", "tcp://"],
         "tcp://"),
    Case("sweep-dask-port-word", "sweep", CLI, lambda t: ["sweep", str(OAT), "--dask", "foo:bar"],
         "foo:bar"),
    Case("sweep-dask-port-too-big", "sweep", CLI,
         lambda t: ["sweep", str(OAT), "--dask", "localhost:99999"], "localhost:99999"),
    Case("sweep-dask-http", "sweep", CLI, lambda t: ["sweep", str(OAT), "--dask", "http://x"],
         "http://x"),
    Case("sweep-dask-nothing-listens", "sweep", CLI,
         lambda t: ["sweep", str(OAT), "--dask", "tcp://127.0.0.1:1"], "tcp://127.0.0.1:1"),
    Case("params-unknown-option", "params", CLI, lambda t: ["params", "--wirte", "x.md"],
         "--wirte"),
    Case("metrics-unknown-option", "metrics", CLI, lambda t: ["metrics", "--kind", "rate"],
         "--kind"),
    # ------------------------------------------------ files a command writes (not --out)
    Case("levers-csv-missing-folder", "levers", OUT,
         lambda t: ["levers", "--csv", str(t / "no" / "such" / "levers.csv")], "levers.csv"),
    Case("levers-csv-is-folder", "levers", OUT, lambda t: ["levers", "--csv", str(t)], "--csv"),
    Case("levers-csv-unwritable", "levers", OUT,
         lambda t: ["levers", "--csv", f"{UNWRITABLE}/levers.csv"], "levers.csv"),
    Case("params-write-folder", "params", OUT, lambda t: ["params", "--write", str(t)], "--write"),
    Case("params-write-unwritable", "params", OUT,
         lambda t: ["params", "--write", f"{UNWRITABLE}/parameters.md"], "parameters.md"),
    Case("params-write-under-a-file", "params", OUT,
         lambda t: ["params", "--write", text_file(t, "x", "a.txt") + "/docs/parameters.md"],
         "parameters.md"),
    Case("params-write-read-only-file", "params", OUT,
         lambda t: ["params", "--write", "/proc/version"], "/proc/version"),
    Case("metrics-csv-missing-folder", "metrics", OUT,
         lambda t: ["metrics", "--csv", str(t / "no" / "metrics.csv")], "metrics.csv"),
    Case("metrics-csv-is-folder", "metrics", OUT, lambda t: ["metrics", "--csv", str(t)], "--csv"),
    Case("metrics-csv-unwritable", "metrics", OUT,
         lambda t: ["metrics", "--csv", f"{UNWRITABLE}/metrics.csv"], "metrics.csv"),
]

SUBPROCESS = (  # a few of the cases again, through a real process: what a user sees
    "run-overlay-as-scenario", "run-scale-above-2", "levers-csv-missing-folder",
    "params-write-folder", "sweep-dask-nothing-listens",
    "sweep-factor-probability-range-above-1", "validate-targets-not-a-table",
)

# ---------------------------------------------------------------- the checks

@pytest.fixture
def no_simulation(monkeypatch, tmp_path):
    """Every entry point of a simulation fails the test; the working folder is ``tmp_path``."""
    import models.analysis.calibrate
    import models.analysis.compare
    import models.analysis.sweep
    import models.analysis.sweep.runs
    import models.analysis.validate
    import models.pathway.run
    import sim.runner

    def refuse(*args, **kwargs):
        pytest.fail("a simulation started before the bad input was refused")

    for module, name in ((models.pathway.run, "run_replication"), (models.pathway.run, "run_many"),
                         (models.analysis.compare, "run_comparison"),
                         (models.analysis.validate, "run_validation"),
                         (models.analysis.calibrate, "calibrate"),
                         (models.analysis.sweep, "run_sweep"),
                         (models.analysis.sweep.runs, "run_sweep"),
                         (sim.runner, "run_replications")):
        monkeypatch.setattr(module, name, refuse)
    monkeypatch.chdir(tmp_path)


def _one_line_error(stderr: str, names: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert stderr.startswith("pathway-sim: error: "), stderr
    assert names in stderr, (names, stderr)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_in_one_line_before_simulating(case, tmp_path, capsys,
                                                            no_simulation):
    argv = case.build(tmp_path)
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    assert code == 2, (code, captured.err)
    assert captured.out == ""
    _one_line_error(captured.err, case.names)


@pytest.mark.parametrize("case", [c for c in CASES if c.id in SUBPROCESS],
                         ids=lambda c: c.id)
def test_a_user_sees_one_line_and_no_traceback(case, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "models.cli", *case.build(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert time.perf_counter() - t0 < 20
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    _one_line_error(done.stderr, case.names)


def test_an_unreadable_file_is_one_line(tmp_path, capsys, no_simulation, monkeypatch):
    """Root reads every file, so a file that cannot be read is made by refusing to read it."""
    path = Path(scen(tmp_path))
    real = Path.read_text

    def read_text(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    assert main(["run", str(path)]) == 2
    _one_line_error(capsys.readouterr().err, "Permission denied")


def test_the_catalogue_is_large_and_its_docstring_counts_it():
    by_command = Counter(c.command for c in CASES)
    by_kind = Counter(c.kind for c in CASES)
    assert len(CASES) >= 110 and len({c.id for c in CASES}) == len(CASES)
    assert set(by_command) == set(COMMANDS) and set(by_kind) == set(KINDS)
    assert all(by_command[verb] >= 4 for verb in COMMANDS if verb != NO_VERB), by_command
    doc = " ".join((__doc__ or "").split())
    assert ("Cases by command: " + ", ".join(f"{v} {by_command[v]}" for v in COMMANDS)
            + f"; {len(CASES)} in all.") in doc
    assert ("Cases by file kind: " + ", ".join(f"{k} {by_kind[k]}" for k in KINDS) + ".") in doc
    assert f"Through a subprocess as well: {len(SUBPROCESS)} cases." in doc


# ---------------------------------------------------------------- what must still pass

def test_the_shipped_inputs_pass_every_check(tmp_path, capsys, no_simulation, monkeypatch):
    """The checks refuse only mistakes: every shipped sweep passes (paths in a sweep file are
    relative to the working folder, the project's root), and levers lists the shipped
    overlays and writes its CSV."""
    from models.analysis.sweep import load_sweep
    from models.analysis.sweep.check import check_sweep

    monkeypatch.chdir(ROOT)

    for path in sorted((ROOT / "experiments" / "sweeps").glob("*.toml")):
        check_sweep(load_sweep(path))
    assert main(["levers", "--csv", str(tmp_path / "levers.csv")]) == 0
    assert "devolved_integrated" in capsys.readouterr().out
    assert (tmp_path / "levers.csv").read_text().startswith("config,lever,path")


def test_a_factor_inside_its_bounds_passes_and_its_ends_are_the_sampled_ones():
    from models.analysis.sweep import sweep_from_tree
    from models.analysis.sweep.check import check_sweep, sampled_ends

    tree = {"sweep": {"design": "psa", "metrics": ["reoffending_overall"], "samples": 4},
            "factors": {"population.p_female": {"dist": "normal", "mean": 0.5, "sd": 0.3,
                                                "low": 0.0, "high": 1.0},
                        "reoffending.max_prior_offences_counted": [10, 30]}}
    spec = sweep_from_tree(tree)
    check_sweep(spec)  # truncated inside [0, 1]: accepted
    lever = sweep_from_tree({"sweep": {"design": "oat", "metrics": ["reoffending_overall"],
                                       "overlay": "devolved_integrated"},
                             "factors": {"fidelity.resettlement": [0.2, 0.8]}})
    check_sweep(lever)  # a lever's fidelity is a factor, not a parameter of the base
    assert sampled_ends(spec, "population.p_female") == pytest.approx((0.0, 1.0))
    assert sampled_ends(spec, "reoffending.max_prior_offences_counted") == (10, 30)
    del tree["factors"]["population.p_female"]["low"]
    with pytest.raises(Exception, match=r"factors.population.p_female = .*its psa draws, from "
                                        r"-1\.\d+ to 1, reaches -1\.\d+"):
        check_sweep(sweep_from_tree(tree))


def test_sweep_dask_where_nothing_answers_ends_in_one_line_within_the_timeout(
        tmp_path, capsys, no_simulation, monkeypatch):
    """A socket that accepts connections and never answers: refused after the timeout (here
    2 s; 10 s in use), not after distributed's 30 s, and in one line."""
    import models.cli.sweep

    monkeypatch.setattr(models.cli.sweep, "DASK_TIMEOUT_S", 2.0)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        t0 = time.perf_counter()
        code = main(["sweep", str(OAT), "--dask", address])
        elapsed = time.perf_counter() - t0
    assert code == 2 and 1.9 < elapsed < 5.0, elapsed
    err = capsys.readouterr().err
    _one_line_error(err, address)
    assert "no Dask scheduler answered within 2 s" in err
