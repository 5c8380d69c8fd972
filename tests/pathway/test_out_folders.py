"""``--out`` is checked before anything runs, refuses folders holding other things, and an
earlier output of the same command is replaced whole and atomically (issue 14, item 2)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path

import pytest

from models.cli import main
from models.config.scenario import default_scenario_path
from models.config.schema import ScenarioError
from models.report import out_folder

SWEEP = """[sweep]
name = "ish"
design = "oat"
metrics = ["reoffending_overall"]
replications = 2
seed = {seed}
[factors]
"reoffending.weibull_shape" = [0.6, 0.9]
"custody.technical_recall_rate_per_year_long" = [0.08, 0.2]
"population.history_years" = [0.5, 5.0]
"""


def tiny_scenario(tmp_path):
    text = default_scenario_path().read_text()
    for key, v in (("warmup_years", 1), ("measurement_years", 2), ("followup_months", 18)):
        text = re.sub(rf"{key} = \d+", f"{key} = {v}", text)
    path = tmp_path / "tiny.toml"
    path.write_text(text)
    return str(path)


def one_error_line(err: str, *fragments: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("pathway-sim: error: --out = "), err
    assert "Traceback" not in err
    for f in fragments:
        assert f in lines[0], (f, lines[0])
    return lines[0]


# ---------------------------------------------------------------- refused before anything runs

def _places(tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    return {"a file": (a_file, "this is a file"),
            "under a file": (a_file / "sub", "is a file"),
            "unwritable folder": (Path("/proc/self"),  # root may write anywhere else
                                  "must be a folder that can be created and written"),
            "cannot be created": ("/proc/new_folder", "can be created")}


@pytest.mark.parametrize("verb_args", [
    ["run", "--scale", "0.002", "-n", "1"],
    ["compare", "centralised", "devolved", "--scale", "0.002", "-n", "1"],
    ["validate", "--scale", "0.002", "-n", "1"],
    ["calibrate", "--scale", "0.002", "-n", "1"],
])
@pytest.mark.parametrize("place", ["a file", "under a file", "unwritable folder",
                                   "cannot be created"])
def test_a_bad_out_is_refused_in_one_line_before_simulating(tmp_path, capsys, verb_args, place):
    out, allowed = _places(tmp_path)[place]
    t0 = time.perf_counter()
    assert main([*verb_args, "--out", str(out)]) == 2
    assert time.perf_counter() - t0 < 10  # nothing was simulated (a run takes longer)
    one_error_line(capsys.readouterr().err, str(out), allowed)


def test_sweep_out_at_a_file_or_a_foreign_folder_is_refused(tmp_path, capsys):
    sweep = tmp_path / "s.toml"
    sweep.write_text(SWEEP.format(seed=1))
    a_file = tmp_path / "f"
    a_file.write_text("x")
    assert main(["sweep", str(sweep), "--out", str(a_file)]) == 2
    one_error_line(capsys.readouterr().err, "this is a file")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    assert main(["sweep", str(sweep), "--out", str(foreign)]) == 2
    one_error_line(capsys.readouterr().err, "--overwrite", "earlier 'sweep' output")
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]  # untouched


# ---------------------------------------------------------------- what may be replaced

def test_only_an_earlier_output_of_the_same_command_is_accepted(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert out_folder.check_out(empty, "run") == empty
    assert out_folder.check_out(tmp_path / "new" / "deeper", "run").parent.is_dir()
    run_out = tmp_path / "run_out"
    run_out.mkdir()
    (run_out / "manifest.json").write_text(json.dumps({"verb": "run"}))
    out_folder.check_out(run_out, "run")
    with pytest.raises(ScenarioError, match=r"holds an output of 'run'.*--overwrite"):
        out_folder.check_out(run_out, "compare")
    # a manifest of unknown shape is foreign, as is any other file
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "manifest.json").write_text(json.dumps({"command": ["pathway-sim", "run"]}))
    with pytest.raises(ScenarioError, match="files that are not an output of it"):
        out_folder.check_out(odd, "run")
    out_folder.check_out(odd, "run", overwrite=True)
    # a comparison stopped before its outputs: recognised by its resume record
    stopped = tmp_path / "stopped"
    (stopped / "parts").mkdir(parents=True)
    (stopped / "resume.json").write_text(json.dumps({"verb": "compare", "sha256": "x"}))
    out_folder.check_out(stopped, "compare")
    with pytest.raises(ScenarioError, match="'compare'"):
        out_folder.check_out(stopped, "sweep")


@pytest.mark.parametrize(("verb", "manifest"), [
    ("run", {"scenario": {}, "outputs": ["summary.csv"], "command": ["x"]}),
    ("compare", {"scenario": {}, "baseline": "centralised", "configs": ["centralised", "d"]}),
    ("validate", {"scenario": {}, "targets_file": "t.toml"}),
    ("sweep", {"spec": {}, "summary": {}, "command": None}),
    ("calibrate", None),
])
def test_outputs_written_before_manifests_recorded_the_verb_are_recognised(tmp_path, verb,
                                                                          manifest):
    old = tmp_path / "old"
    old.mkdir()
    if manifest is None:
        (old / "fit.json").write_text(json.dumps({"status": "converged"}))
    else:
        (old / "manifest.json").write_text(json.dumps(manifest))
    assert out_folder.output_of(old) == verb
    out_folder.check_out(old, verb)
    other = "run" if verb != "run" else "compare"
    with pytest.raises(ScenarioError, match=f"holds an output of '{verb}'"):
        out_folder.check_out(old, other)


def test_a_new_batch_clears_an_earlier_ones_resume_state_or_a_foreign_folder(tmp_path):
    same = tmp_path / "same"
    (same / "parts").mkdir(parents=True)
    (same / "resume.json").write_text(json.dumps({"verb": "compare"}))
    (same / "manifest.json").write_text(json.dumps({"verb": "compare"}))
    (same / "comparison.csv").write_text("old")
    out_folder.reset_state(same, "compare")  # the old output stays until it is replaced
    assert sorted(p.name for p in same.iterdir()) == ["comparison.csv", "manifest.json"]
    foreign = tmp_path / "foreign"
    (foreign / "sub").mkdir(parents=True)
    (foreign / "notes.txt").write_text("x")
    out_folder.reset_state(foreign, "compare")  # accepted with --overwrite
    assert list(foreign.iterdir()) == []


def test_staged_replaces_the_folder_whole_and_keeps_the_resume_state(tmp_path):
    out = tmp_path / "out"
    (out / "parts").mkdir(parents=True)
    (out / "parts" / "r0000-c000.pkl").write_bytes(b"part")
    (out / "only_in_the_old_output.csv").write_text("old")
    (out / "resume.json").write_text(json.dumps({"verb": "compare", "sha256": "x"}))
    with out_folder.staged(out, "compare") as staging:
        assert staging.parent == out.parent and staging.name.startswith(".out.staging-")
        (staging / "new.csv").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == ["new.csv", "parts", "resume.json"]
    assert (out / "parts" / "r0000-c000.pkl").read_bytes() == b"part"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside it


def test_staged_carries_resume_state_only_for_the_command_that_made_it(tmp_path):
    out = tmp_path / "out"
    (out / "parts").mkdir(parents=True)
    (out / "parts" / "r0000-c000.pkl").write_bytes(b"part")
    (out / "resume.json").write_text(json.dumps({"verb": "compare", "sha256": "x"}))
    for verb in (None, "sweep"):  # run/validate/calibrate carry nothing; sweep not a compare's
        with out_folder.staged(out, verb) as staging:
            (staging / "manifest.json").write_text(json.dumps({"verb": "run"}))
        assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]


def test_out_as_a_symbolic_link_or_a_link_to_nowhere_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    for name, target in (("link", real), ("dangling", tmp_path / "nowhere")):
        (tmp_path / name).symlink_to(target)
        with pytest.raises(ScenarioError, match="symbolic link"):
            out_folder.check_out(tmp_path / name, "run")


def test_a_failed_swap_puts_the_old_folder_back_and_removes_the_staging(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.csv").write_text("old")
    real_replace = os.replace

    def failing(src, dst):
        if ".staging-" in str(src):
            raise OSError(16, "Device or resource busy")
        return real_replace(src, dst)

    monkeypatch.setattr(out_folder.os, "replace", failing)
    with pytest.raises(OSError), out_folder.staged(out) as staging:
        (staging / "new.csv").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == ["old.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_interrupted_write_leaves_the_old_folder_and_no_staging(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.csv").write_text("old")
    with pytest.raises(KeyboardInterrupt), out_folder.staged(out) as staging:
        (staging / "half.csv").write_text("half")
        raise KeyboardInterrupt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (out / "old.csv").read_text() == "old"


def test_leftovers_of_a_killed_swap_are_cleaned_and_a_missing_folder_restored(tmp_path):
    dead = 2**22 + 7  # above the usual pid_max: no such process
    out = tmp_path / "out"
    old = tmp_path / f".out.old-{dead}"
    old.mkdir()
    (old / "manifest.json").write_text(json.dumps({"verb": "run"}))
    staging = tmp_path / f".out.staging-{dead}"
    staging.mkdir()
    (staging / "half.csv").write_text("half")
    live = tmp_path / f".out.staging-{os.getppid()}"  # a running process's: left alone
    live.mkdir()
    out_folder.check_out(out, "run")
    assert (out / "manifest.json").exists()  # killed between the two renames: put back
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, "out"]


# ---------------------------------------------------------------- through the command line

def test_run_replaces_its_earlier_output_whole_and_refuses_a_foreign_folder(tmp_path, capsys):
    scenario = tiny_scenario(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"verb": "run"}))
    (out / "only_the_old_output_had_this.csv").write_text("old")
    args = ["run", scenario, "--scale", "0.002", "-n", "1", "--workers", "1", "--no-figures"]
    assert main([*args, "--out", str(out)]) == 0
    assert not (out / "only_the_old_output_had_this.csv").exists()
    man = json.loads((out / "manifest.json").read_text())
    assert man["verb"] == "run" and "summary.csv" in man["outputs"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "tiny.toml"]
    capsys.readouterr()
    # a run's folder is foreign to validate; --overwrite replaces it
    assert main(["validate", scenario, "--scale", "0.002", "-n", "1", "--out", str(out)]) == 2
    one_error_line(capsys.readouterr().err, "holds an output of 'run'")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious")
    assert main([*args, "--out", str(foreign)]) == 2
    one_error_line(capsys.readouterr().err, str(foreign), "--overwrite")
    assert (foreign / "thesis.tex").read_text() == "precious"
    assert main([*args, "--out", str(foreign), "--overwrite"]) == 0
    assert not (foreign / "thesis.tex").exists() and (foreign / "summary.csv").exists()


def test_sweep_resume_refuses_a_folder_made_by_another_sweep_file(tmp_path, capsys):
    from models.analysis.checkpoint import ResumeRecord

    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(SWEEP.format(seed=1))
    second.write_text(SWEEP.format(seed=2))
    out = tmp_path / "out"
    sha = hashlib.sha256(first.read_bytes()).hexdigest()
    ResumeRecord(out, "sweep", sha, {"sweep_file": str(first)}).start(resume=False)
    assert main(["sweep", str(second), "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    line = err.strip()
    assert "\n" not in line and line.startswith("pathway-sim: error: --resume = ")
    other = hashlib.sha256(second.read_bytes()).hexdigest()
    assert sha[:16] in line and other[:16] in line and str(first) in line
    assert json.loads((out / "resume.json").read_text())["sha256"] == sha  # record kept


def test_out_as_the_current_folder_is_named_for_its_staging_sibling(tmp_path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    out = out_folder.check_out(Path("."), "run")
    assert out == here and out.is_absolute()
    with out_folder.staged(out) as staging:
        assert staging.parent == tmp_path
        (staging / "x.csv").write_text("x")
    assert (here / "x.csv").exists()
    with pytest.raises(ScenarioError, match="not the root"):
        out_folder.check_out(Path("/"), "run")


def test_a_finished_sweep_is_kept_unless_resumed_or_overwritten(tmp_path, monkeypatch, capsys):
    import functools

    import models.analysis.sweep as sweep
    from models.analysis.sweep import ishigami_model

    monkeypatch.setattr(sweep, "run_sweep",
                        functools.partial(sweep.run_sweep, model=ishigami_model))
    sweep_file = tmp_path / "s.toml"
    sweep_file.write_text(SWEEP.format(seed=1))
    out = tmp_path / "out"
    args = ["sweep", str(sweep_file), "--out", str(out), "--workers", "1"]
    assert main(args) == 0
    (out / "parts" / "p000000-r000.parquet").unlink()  # one run to redo
    stale = {p.name: p.stat().st_mtime_ns for p in (out / "parts").iterdir()}
    capsys.readouterr()
    assert main(args) == 2  # its runs are not thrown away by accident
    one_error_line(capsys.readouterr().err, "already holds a sweep", "--resume", "--overwrite")
    assert main([*args, "--resume"]) == 0
    assert "(1 run now, 13 already done)" in capsys.readouterr().out
    assert main([*args, "--overwrite"]) == 0
    assert "(14 run now, 0 already done)" in capsys.readouterr().out
    assert all((out / "parts" / n).stat().st_mtime_ns != t for n, t in stale.items())


def test_compare_without_resume_refuses_a_stopped_comparisons_runs(tmp_path, capsys):
    out = tmp_path / "stopped"
    (out / "parts").mkdir(parents=True)
    (out / "parts" / "r0000-c000.pkl").write_bytes(b"part")
    (out / "resume.json").write_text(json.dumps({"verb": "compare", "sha256": "x"}))
    assert main(["compare", "centralised", "devolved", "--scale", "0.002", "--out",
                 str(out)]) == 2
    line = capsys.readouterr().err.strip()
    assert "\n" not in line and line.startswith("pathway-sim: error: --out = ")
    assert "1 finished runs of a stopped comparison" in line and "--resume" in line
    assert (out / "parts" / "r0000-c000.pkl").exists()  # nothing discarded
