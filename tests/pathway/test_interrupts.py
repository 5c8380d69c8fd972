"""A comparison or a sweep stopped with SIGTERM or Ctrl-C stops its workers, keeps the runs
already finished and says so in one line (exit 143 / 130); ``--resume`` completes it with the
same results as an uninterrupted run, also when the stop came during the final output writing
(issue 14, item 4)."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from test_out_folders import SWEEP, tiny_scenario

from models.cli import main

ROOT = Path(__file__).resolve().parents[2]
COMPARE = ["--scale", "0.002", "-n", "2", "--seed", "7", "--no-figures"]


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(predicate, seconds: float = 60.0) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _stopped_line(err: str, signame: str, kept_in: Path) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("pathway-sim:")]
    assert "Traceback" not in err, err
    assert len(lines) == 1, err
    assert lines[0].startswith(f"pathway-sim: stopped ({signame}): ")
    assert f"kept in {kept_in}" in lines[0] and "--resume" in lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """An uninterrupted comparison (serial) of the tiny scenario and one overlay."""
    tmp = tmp_path_factory.mktemp("reference")
    scenario = tiny_scenario(tmp)
    out = tmp / "out"
    assert main(["compare", scenario, "devolved", *COMPARE, "--workers", "1",
                 "--out", str(out)]) == 0
    return scenario, pd.read_csv(out / "comparison.csv"), (out / "comparison.csv").read_bytes()


def test_a_comparison_killed_with_sigterm_stops_its_workers_and_resumes(tmp_path, reference):
    scenario, _, expected = reference
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "models.cli", "compare", scenario, "devolved",
                             *COMPARE, "--workers", "2", "--out", str(out)], cwd=tmp_path,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    parts = out / "parts"
    assert _wait_for(lambda: len(list(parts.glob("*.pkl"))) >= 1), "no run finished"
    children = _children(proc.pid)
    assert len(children) >= 2  # the pool's workers (and the resource tracker)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143
    kept = len(list(parts.glob("*.pkl")))
    assert 1 <= kept < 4, "the kill came too late to test resuming"
    assert f"{kept} of 4 runs finished" in _stopped_line(err, "SIGTERM", out)
    assert _wait_for(lambda: not any(_running(p) for p in children), 10), "orphan workers"
    assert not (out / "comparison.csv").exists()
    before = {p.name: p.stat().st_mtime_ns for p in parts.glob("*.pkl")}
    assert main(["compare", scenario, "devolved", *COMPARE, "--workers", "1", "--out", str(out),
                 "--resume"]) == 0
    assert (out / "comparison.csv").read_bytes() == expected
    assert {p.name: p.stat().st_mtime_ns for p in parts.glob("*.pkl") if p.name in before} \
        == before  # the kept runs were not run again
    assert len(list(parts.glob("*.pkl"))) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left


def test_a_stop_during_the_final_writing_leaves_a_folder_that_resume_completes(
        tmp_path, reference, monkeypatch, capsys):
    import models.report.compare_folder as compare_folder

    scenario, _, expected = reference
    out = tmp_path / "out"
    real = compare_folder.atomic_write_text
    written: list[str] = []

    def stop_midway(path, text):  # Ctrl-C after the first files of the staging folder
        written.append(Path(path).name)
        if len(written) == 3:
            os.kill(os.getpid(), signal.SIGINT)
        return real(path, text)

    monkeypatch.setattr(compare_folder, "atomic_write_text", stop_midway)
    args = ["compare", scenario, "devolved", *COMPARE, "--workers", "1", "--out", str(out)]
    assert main(args) == 130
    assert "4 of 4 runs finished" in _stopped_line(capsys.readouterr().err, "SIGINT", out)
    assert len(written) == 3
    assert sorted(p.name for p in out.iterdir()) == ["parts", "resume.json"]  # nothing half
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    monkeypatch.setattr(compare_folder, "atomic_write_text", real)
    parts = {p.name: p.stat().st_mtime_ns for p in (out / "parts").glob("*.pkl")}
    assert main([*args, "--resume"]) == 0
    assert {p.name: p.stat().st_mtime_ns for p in (out / "parts").glob("*.pkl")} == parts
    assert (out / "comparison.csv").read_bytes() == expected


def test_resume_refuses_a_comparison_of_other_inputs(tmp_path, reference, capsys):
    scenario, _, _ = reference
    out = tmp_path / "out"
    (out / "parts").mkdir(parents=True)
    from models.analysis.checkpoint import ResumeRecord
    ResumeRecord(out, "compare", "0" * 64, {"configs": ["x"]}).start(resume=False)
    assert main(["compare", scenario, "devolved", *COMPARE, "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("pathway-sim: error: --resume = ")
    assert "0" * 16 in err and "other configurations, --attribute, seed or scale" in err


# ---------------------------------------------------------------- sweeps

_SLOW_MODEL = """
import time
from models.analysis.sweep import ishigami_model

def slow(spec, values, replication):
    time.sleep(0.4)
    return ishigami_model(spec, values, replication)
"""

_DRIVER = """
import functools, sys
import slow_model
import models.analysis.sweep as sweep
sweep.run_sweep = functools.partial(sweep.run_sweep, model=slow_model.slow)
from models.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _quick_model_in_process(monkeypatch):
    import models.analysis.sweep as sweep
    from models.analysis.sweep import ishigami_model
    monkeypatch.setattr(sweep, "run_sweep",
                        functools.partial(sweep.run_sweep, model=ishigami_model))


def _runs(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "runs.parquet").drop(columns=["seconds"])


def test_a_sweep_killed_with_sigterm_keeps_its_runs_stops_its_workers_and_resumes(
        tmp_path, monkeypatch):
    sweep_file = tmp_path / "s.toml"
    sweep_file.write_text(SWEEP.format(seed=3))  # 7 points (one at a time), 2 replications
    (tmp_path / "slow_model.py").write_text(_SLOW_MODEL)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    proc = subprocess.Popen([sys.executable, "-c", _DRIVER, "sweep", str(sweep_file), "--out",
                             str(out), "--workers", "2"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    parts = out / "parts"
    assert _wait_for(lambda: len(list(parts.glob("*.parquet"))) >= 3), "no run finished"
    children = _children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143
    kept = len(list(parts.glob("*.parquet")))
    assert 3 <= kept < 14, "the kill came too late to test resuming"
    assert f"{kept} of 14 runs finished" in _stopped_line(err, "SIGTERM", out)
    assert _wait_for(lambda: not any(_running(p) for p in children), 10), "orphan workers"
    _quick_model_in_process(monkeypatch)
    assert main(["sweep", str(sweep_file), "--out", str(out), "--resume", "--workers", "1"]) == 0
    ref = tmp_path / "ref"
    assert main(["sweep", str(sweep_file), "--out", str(ref), "--workers", "1"]) == 0
    pd.testing.assert_frame_equal(_runs(out), _runs(ref), check_exact=True)
    tables = sorted(p.name for p in ref.glob("*.csv"))
    assert tables and tables == sorted(p.name for p in out.glob("*.csv"))
    for name in tables:
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name


def test_a_sweep_stopped_during_its_final_writing_resumes_to_the_same_outputs(
        tmp_path, monkeypatch, capsys):
    import models.report.sweep_folder as sweep_folder

    _quick_model_in_process(monkeypatch)
    sweep_file = tmp_path / "s.toml"
    sweep_file.write_text(SWEEP.format(seed=4))
    out, ref = tmp_path / "out", tmp_path / "ref"
    assert main(["sweep", str(sweep_file), "--out", str(ref), "--workers", "1"]) == 0
    real = sweep_folder.atomic_write_text

    def stop_midway(path, text):
        os.kill(os.getpid(), signal.SIGTERM)
        return real(path, text)

    monkeypatch.setattr(sweep_folder, "atomic_write_text", stop_midway)
    capsys.readouterr()
    assert main(["sweep", str(sweep_file), "--out", str(out), "--workers", "1"]) == 143
    _stopped_line(capsys.readouterr().err, "SIGTERM", out)
    assert not (out / "runs.parquet").exists() and not (out / "manifest.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "ref", "s.toml"]
    monkeypatch.setattr(sweep_folder, "atomic_write_text", real)
    assert main(["sweep", str(sweep_file), "--out", str(out), "--resume", "--workers", "1"]) == 0
    pd.testing.assert_frame_equal(_runs(out), _runs(ref), check_exact=True)
    for name in sorted(p.name for p in ref.glob("*.csv")):
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name


def test_ctrl_c_in_a_terminal_stops_a_run_and_its_workers_with_one_line(tmp_path):
    """Ctrl-C reaches the whole process group: the workers ignore it, the parent stops them."""
    scenario = tiny_scenario(tmp_path)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "models.cli", "run", scenario, "--scale",
                             "0.002", "-n", "2", "--workers", "2", "--out", str(out)],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert _wait_for(lambda: len(_children(proc.pid)) >= 2, 30), "no workers started"
    time.sleep(1.0)  # the workers are simulating
    children = _children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    lines = [ln for ln in err.splitlines() if ln.startswith("pathway-sim:")]
    assert lines == [f"pathway-sim: stopped (SIGINT): nothing written to {out} (a run keeps no "
                     "partial results)"], err
    assert _wait_for(lambda: not any(_running(p) for p in children), 10), "orphan workers"
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["tiny.toml"]
