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
        "costs_by_holder.parquet": "9d1513ae7eb53369",
        "daily_populations.parquet": "131ca0b2c4bfbf0f",
        "events.parquet": "3963ddcf94e859e9",
        "ledger.parquet": "87d71d9f16eb3a84",
        "people.parquet": "519a8560bd0c03a7",
        "reoffending_by_group.csv": "ab2b9ccc4f81ee61",
        "reoffending_curves.parquet": "3b443a05ca29fb0e",
        "summary.csv": "629af0c3694b5e20",
        "summary_by_replication.csv": "6ce277afff0b58b6",
    },
    "compare": {
        "by_replication.parquet": "63724cfc20afb4d9",
        "comparison.csv": "a5b7a4357a296aaf",
        "cost_shift.csv": "1d9a91b411792c5b",
        "costs.parquet": "50d828e136c7eee6",
        "curves.parquet": "ec5e9d2bd8fa3c46",
        "daily.parquet": "5ba70d7bae9cfe6a",
        "flows.parquet": "3df19e731e53f679",
        "levers.csv": "30cdef018b3b7905",
        "reinvestments.csv": "6d8b3c6aa14626e0",
        "reoffending_by_group.csv": "551a26ce4405cdec",
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
