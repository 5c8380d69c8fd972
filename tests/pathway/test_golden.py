"""Golden outputs: a small fixed run and a comparison must write exactly these tables.

A restructuring of the code must not change a single number. This test runs the command line
on a tiny version of the shipped baseline (scale 0.005, one replication, seed 20161, one year's
warm-up, two measured, 18 months' follow-up) and a paired comparison of the three shipped
configurations on it (two replications), and checks a hash of every table each writes: the
content of each Parquet and CSV file (read back and written as CSV with exact floats), so the
hash does not depend on Parquet metadata such as library versions.

When a change is *meant* to change results, regenerate the hashes and say why in the commit:

    .venv/bin/python tests/pathway/test_golden.py      # prints the GOLDEN table to paste here

A numerical library upgrade can move the last bits of a float (a different ``exp`` or ``log``);
then the figures of ``summary.csv`` agree to many digits but the hash does not.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from models.cli import main
from models.config.scenario import default_scenario_path

SEED = 20161
SCALE = 0.005

GOLDEN = {
    "run": {
        "costs_by_holder.parquet": "f26ac80715bf9d4d",
        "daily_populations.parquet": "e37e3d3460311803",
        "events.parquet": "67b9f73a48d9f454",
        "ledger.parquet": "86c7c38e1e6668f7",
        "people.parquet": "519a8560bd0c03a7",
        "reoffending_by_group.csv": "3525d2d2e6bbb2d9",
        "reoffending_curves.parquet": "a5857c2508faa40d",
        "summary.csv": "3d8c59e1865cbe27",
        "summary_by_replication.csv": "de428d6c66bd20e3",
    },
    "compare": {
        "by_replication.parquet": "9648a16c22c27982",
        "comparison.csv": "af46ac7e10d0a7e5",
        "cost_shift.csv": "1bbde9cf2c3380a8",
        "costs.parquet": "16eb52186f02df7f",
        "curves.parquet": "0ef48a8165d7bbb8",
        "daily.parquet": "ae17cef6ab34903a",
        "flows.parquet": "597c4d7079f1c2e7",
        "levers.csv": "30cdef018b3b7905",
        "reinvestments.csv": "91ced38f710472e5",
        "reoffending_by_group.csv": "89c5d914794ce241",
    },
}


def _tiny_scenario(folder: Path) -> Path:
    text = default_scenario_path().read_text(encoding="utf-8")
    for key, value in (("warmup_years", 1), ("measurement_years", 2), ("followup_months", 18)):
        text = re.sub(rf"^{key} = \d+", f"{key} = {value}", text, flags=re.M)
    path = folder / "tiny.toml"
    path.write_text(text, encoding="utf-8")
    return path


def table_hash(path: Path) -> str:
    """A hash of a table's content (not its file bytes)."""
    df = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    return hashlib.sha256(df.to_csv(index=False).encode("utf-8")).hexdigest()[:16]


def output_hashes(folder: Path) -> dict[str, str]:
    return {p.name: table_hash(p) for p in sorted(folder.iterdir())
            if p.suffix in (".parquet", ".csv")}


def produce(folder: Path) -> dict[str, dict[str, str]]:
    scenario = _tiny_scenario(folder)
    run, cmp = folder / "run", folder / "compare"
    args = ["--scale", str(SCALE), "--seed", str(SEED), "--workers", "1", "--no-figures"]
    assert main(["run", str(scenario), "--replications", "1", "--out", str(run), "--events",
                 *args]) == 0
    assert main(["compare", str(scenario), "devolved", "devolved_integrated",
                 "--replications", "2", "--out", str(cmp), *args]) == 0
    return {"run": output_hashes(run), "compare": output_hashes(cmp)}


@pytest.fixture(scope="module")
def produced(tmp_path_factory):
    return produce(tmp_path_factory.mktemp("golden"))


@pytest.mark.parametrize("command", ["run", "compare"])
def test_every_output_table_is_bit_identical(produced, command):
    got, want = produced[command], GOLDEN[command]
    assert set(got) == set(want), f"tables written by {command} changed: {sorted(got)}"
    differ = sorted(name for name in want if got[name] != want[name])
    assert not differ, f"{command}: these tables changed: {differ}"


if __name__ == "__main__":
    import logging
    import tempfile

    logging.disable(logging.WARNING)
    import contextlib
    import io

    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
        hashes = produce(Path(tmp))
    lines = ["GOLDEN = {"]
    for command, table in hashes.items():
        lines.append(f'    "{command}": {{')
        lines += [f'        "{name}": "{h}",' for name, h in table.items()]
        lines.append("    },")
    lines.append("}")
    sys.stdout.write("\n".join(lines) + "\n")
