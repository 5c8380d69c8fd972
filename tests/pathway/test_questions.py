"""The seeds' what-if questions (experiments/questions/): every question has its overlay and
script, the ready ones load and change only what they say, and docs/experiments.md is written
right from a small hand-made comparison table (no simulation here)."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from models.analysis.catalogue import COMPARISON
from models.config.overlay import apply_overlay, load_overlay, shipped_overlays
from models.config.scenario import ScenarioError, load_scenario
from models.report.questions_doc import (
    HEADLINE,
    Question,
    answer_sentence,
    load_questions,
    questions_markdown,
    write_questions_doc,
)

ROOT = Path(__file__).resolve().parents[2]
EXPERIMENTS = ROOT / "experiments"
FOLDER = EXPERIMENTS / "questions"
QUESTIONS = load_questions(FOLDER / "index.toml")
READY = [q for q in QUESTIONS if q.ready]


def test_sixteen_questions_in_order_each_with_a_script_and_an_overlay():
    assert [q.id for q in QUESTIONS] == [f"q{i:02d}" for i in range(1, 17)]
    for q in QUESTIONS:
        script = (EXPERIMENTS / f"{q.slug}.py").read_text(encoding="utf-8")
        assert f'"results/{q.slug}"' in script and 'main(["compare", BASE' in script
        if q.overlay:  # a shipped overlay
            assert f'OVERLAY = "{q.overlay}"' in script
        else:
            raw = tomllib.loads((FOLDER / f"{q.slug}.toml").read_text(encoding="utf-8"))
            assert raw["overlay"]["name"] == q.slug and raw["overlay"]["base"] == "centralised"
            assert f'"{q.slug}.toml"' in script
    # every overlay file in the folder is a question's
    assert {p.stem for p in FOLDER.glob("q*.toml")} == {q.slug for q in QUESTIONS if not q.overlay}


def test_question_files_are_not_shipped_overlays():
    assert not {p.stem for p in shipped_overlays()} & {q.slug for q in QUESTIONS}


@pytest.mark.parametrize("q", READY, ids=lambda q: q.id)
def test_ready_overlays_load_name_their_sources_and_vanish_at_fidelity_zero(q):
    overlay = load_overlay(q.overlay_argument(FOLDER))
    assert overlay.name == q.config
    for lever in overlay.levers:
        assert lever.why and lever.source and lever.sets
        if lever.source == "assumption":
            assert lever.range is not None
    base = load_scenario("centralised", scale=0.01)
    # a timeline (shocks) is the setting, not a lever: the dial does not move it; a lever that
    # starts in a later year sits in the timeline, at the base's values at fidelity 0
    body = lambda sc: {k: v for k, v in sc.raw.items() if k not in ("scenario", "timeline")}  # noqa: E731
    zero = apply_overlay(base, overlay, 0.0)
    assert body(zero) == body(base)
    for later in zero.raw.get("timeline", {}).get("levers", []):
        for path, value in later["set"].items():
            section, name = path.split(".")
            assert value == base.raw[section][name]["value"]
    full = apply_overlay(base, overlay, 1.0)
    assert body(full) != body(base) or full.raw.get("timeline") != base.raw.get("timeline")
    assert set(q.metrics) <= set(COMPARISON)  # comparison.csv has them


def test_questions_that_wait_say_for_what_in_the_index_and_the_overlay():
    waiting = [q for q in QUESTIONS if not q.ready]
    for q in waiting:
        text = (FOLDER / f"{q.slug}.toml").read_text(encoding="utf-8")
        assert q.todo and ("TODO" in text or "MISSING" in text)


def test_the_index_refuses_a_waiting_question_without_a_todo_and_unknown_metrics(tmp_path):
    p = tmp_path / "index.toml"
    p.write_text('[[question]]\nid = "q01"\nslug = "q01_x"\nquestion = "?"\nlines = "003:1"\n'
                 'ready = false\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="todo"):
        load_questions(p)
    p.write_text('[[question]]\nid = "q01"\nslug = "q01_x"\nquestion = "?"\nlines = "003:1"\n'
                 'ready = true\nmetrics = ["no_such_metric"]\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="no_such_metric"):
        load_questions(p)


# -- the page, from a hand-made comparison table

def _row(config, metric, mean, diff=None):
    d = (math.nan,) * 3 if diff is None else diff
    return {"config": config, "metric": metric, "mean": mean, "diff_mean": d[0],
            "diff_low": d[1], "diff_high": d[2], "enough": True}


TABLE = pd.DataFrame([
    _row("centralised", "offences_per_year", 50000.0),
    _row("centralised", "reoffending_overall", 0.25),
    _row("centralised", "mean_prison_total", 4000.0),
    _row("centralised", "cost_public_gbp_per_year", 2.0e8),
    _row("centralised", "reoffending_women", 0.2),
    # a: fewer offences and prisoners (CIs below zero), reoffending and spending unchanged
    _row("q01_a", "offences_per_year", 49000.0, (-1000.0, -1500.0, -500.0)),
    _row("q01_a", "reoffending_overall", 0.251, (0.001, -0.002, 0.004)),
    _row("q01_a", "mean_prison_total", 3600.0, (-400.0, -450.0, -350.0)),
    _row("q01_a", "cost_public_gbp_per_year", 2.0e8, (1.0e5, -2.0e6, 2.2e6)),
    _row("q01_a", "reoffending_women", 0.18, (-0.02, -0.03, -0.01)),
    # b: more prisoners only
    _row("b", "offences_per_year", 50000.0, (10.0, -20.0, 40.0)),
    _row("b", "reoffending_overall", 0.25, (0.0, -0.001, 0.001)),
    _row("b", "mean_prison_total", 4100.0, (100.0, 50.0, 150.0)),
    _row("b", "cost_public_gbp_per_year", 2.0e8, (0.0, -1.0, 1.0)),
    _row("b", "cost_central_gbp_per_year", 1.0e8, (-5.0e7, -5.1e7, -4.9e7)),
    # the same money under another holder, summed again: rounding, not a change
    _row("c", "cost_public_gbp_per_year", 2.0e8, (3.0e-8, 2.9e-8, 3.1e-8)),
])
Q = [Question("q01", "q01_a", "What if a?", "003:1-2", ("reoffending_women",), True, note="n."),
     Question("q02", "q02_b", "What if b?", "003:3", (), True, overlay="b"),
     Question("q03", "q03_c", "What if c?", "003:4", (), False, todo="TODO: lever from x."),
     Question("q04", "q04_d", "What if d?", "003:5", (), True)]
RUN = {"scale": 0.05, "replications": 5, "seed": 20161, "command": "all_questions.py"}


def test_the_answer_says_what_changes_significantly_and_what_does_not():
    q1 = Question("q01", "q01_a", "?", "", (), True)
    assert q1.config == "q01_a" and Q[1].config == "b"
    a = answer_sentence(TABLE, "q01_a", HEADLINE)
    assert a.startswith("It significantly lowers offences a year (−1,000) and the prison "
                        "population (−400.0)")
    assert "no significant change in proven reoffending or public spending a year" in a
    assert "raises" not in a
    b = answer_sentence(TABLE, "b")
    assert "significantly raises the prison population (+100.0)" in b and "lowers" not in b
    assert "no significant change in offences a year, proven reoffending or public" in b
    assert answer_sentence(TABLE, "zzz").startswith("No result")
    assert answer_sentence(TABLE, "c") == ("No significant change in public spending a year "
                                           "(95% CI includes zero).")
    both = answer_sentence(TABLE, "b", ("mean_prison_total", "cost_central_gbp_per_year"))
    assert both == ("It significantly lowers central budgets (−£50.00m) and significantly raises "
                    "the prison population (+100.0).")


def test_the_page_answers_ready_questions_and_lists_the_waiting_ones():
    page = questions_markdown(TABLE, Q, "centralised", RUN)
    sections = page.split("\n## ")
    assert len(sections) == 5 and "scale 0.05, 5 paired replications, seed 20161" in sections[0]
    a, b, c, d = sections[1:]
    assert a.startswith("Q01. What if a?") and "Seed: 003:1-2." in a and "n." in a
    assert "`python experiments/q01_a.py --scale 0.05 --replications 5`" in a
    assert "`experiments/questions/q01_a.toml`" in a
    # the question's own metric after the headline, in points, with its CI and significance
    assert "| proven reoffending, women | 20.0% | −2.0 pp [−3.0 pp, −1.0 pp] | yes |" in a
    assert "| proven reoffending | 25.0% | +0.1 pp [−0.2 pp, +0.4 pp] | no |" in a
    assert "lowers offences a year (−1,000), the prison population (−400.0) and proven " \
           "reoffending, women (−2.0 pp)" in a
    assert "`models/scenarios/b.toml` (shipped)" in b and "raises the prison population" in b
    assert "**Not answered yet.** TODO: lever from x." in c and "|" not in c
    assert "**No result**" in d


def test_the_page_is_written_from_a_comparison_folder(tmp_path):
    TABLE.to_csv(tmp_path / "comparison.csv", index=False)
    (tmp_path / "manifest.json").write_text(json.dumps({
        "scenario": {"scenario": {"scale": 0.01}}, "replications": 2, "root_seed": 7,
        "baseline": "centralised", "command": ["experiments/all_questions.py", "--scale", "0.01"]}))
    out = tmp_path / "experiments.md"
    text = write_questions_doc(tmp_path, Q[:2], out)
    assert out.read_text(encoding="utf-8") == text
    assert "scale 0.01, 2 paired replications, seed 7" in text
    assert "(`experiments/all_questions.py --scale 0.01`)" in text
