"""When standard error is not a terminal, each finished run is logged with the time elapsed and
an estimate of the time left (issue 14, item 10)."""

from __future__ import annotations

import functools
import re

from test_out_folders import SWEEP

from models.cli import main
from models.cli.progress import LogProgress, duration


def test_a_sweep_logs_a_line_per_finished_run_with_time_elapsed_and_left(tmp_path, monkeypatch,
                                                                        capsys):
    import models.analysis.sweep as sweep
    from models.analysis.sweep import ishigami_model

    monkeypatch.setattr(sweep, "run_sweep",
                        functools.partial(sweep.run_sweep, model=ishigami_model))
    sweep_file = tmp_path / "s.toml"
    sweep_file.write_text(SWEEP.format(seed=1))  # 7 points x 2 replications
    assert main(["sweep", str(sweep_file), "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    err = capsys.readouterr().err  # captured: not a terminal, and no -v
    lines = [ln for ln in err.splitlines() if ln.startswith("sweep ish (oat): ")]
    assert len(lines) == 14, err
    for i, line in enumerate(lines[:-1], start=1):
        assert re.fullmatch(rf"sweep ish \(oat\): {i}/14 runs, \d+s elapsed, about \d+s left",
                            line), line
    assert re.fullmatch(r"sweep ish \(oat\): 14/14 runs, \d+s elapsed", lines[-1])
    # resumed: what was done before is said once and does not enter the estimate
    assert main(["sweep", str(sweep_file), "--out", str(tmp_path / "out"), "--resume",
                 "--workers", "1"]) == 0
    assert "sweep ish (oat): 14/14 runs already done" in capsys.readouterr().err


def test_the_estimate_and_the_lines_of_a_long_batch(capsys, monkeypatch):
    now = [0.0]
    monkeypatch.setattr("models.cli.progress.time.perf_counter", lambda: now[0])
    bar = LogProgress(1000, "compare a vs b", "run")  # starts at t = 0
    bar.already_done(100)  # 100 done before (a resumed comparison): no estimate from them
    for _ in range(30):
        now[0] += 10.0  # a run takes 10 s
        bar.update(1)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "compare a vs b: 100/1000 runs already done"
    # more than 100 runs: one line a whole percent; 10 s a run, 890 runs left = 2h28m20s
    assert lines[1:] == ["compare a vs b: 110/1000 runs, 1m40s elapsed, about 2h28m left",
                         "compare a vs b: 120/1000 runs, 3m20s elapsed, about 2h26m left",
                         "compare a vs b: 130/1000 runs, 5m00s elapsed, about 2h25m left"]
    assert [duration(s) for s in (0, 59.6, 61, 3600 * 2 + 5 * 60)] == ["0s", "1m00s", "1m01s",
                                                                      "2h05m"]


def test_a_resumed_batch_with_one_run_done_leaves_it_out_of_the_estimate(capsys, monkeypatch):
    now = [0.0]
    monkeypatch.setattr("models.cli.progress.time.perf_counter", lambda: now[0])
    bar = LogProgress(4, "compare a vs b", "run")
    bar.already_done(1)
    now[0] += 2.0
    bar.update(1)  # one run in 2 s, two left: about 4 s
    assert capsys.readouterr().err.splitlines() == [
        "compare a vs b: 1/4 runs already done",
        "compare a vs b: 2/4 runs, 2s elapsed, about 4s left"]
