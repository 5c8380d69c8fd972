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
        "costs_by_holder.parquet": "2dbc878e8f942a0c",
        "daily_populations.parquet": "190b3b241851fd5f",
        "disproportionality.csv": "c2df72bf373e9dc7",
        "events.parquet": "5e1b5a7c4e0fe028",
        "ledger.parquet": "2b85a9de14351a5b",
        "people.parquet": "3bcd5b59e1afba98",
        "populations_by_year.csv": "b06e6fe86dbeee2f",
        "reoffending_by_group.csv": "1301952bc3526ad5",
        "reoffending_curves.parquet": "739ef312454dfe89",
        "summary.csv": "072069ff244c2e0a",
        "summary_by_replication.csv": "052d458e0bfa3cc8",
    },
    "compare": {
        "by_replication.parquet": "79d911b6e7ee38fd",
        "by_year.csv": "c7cfc7053eb5a731",
        "comparison.csv": "8399625cceee4ca2",
        "cost_shift.csv": "118d70763b9d25a3",
        "costs.parquet": "e481032593f6202b",
        "curves.parquet": "f8b27e671a742ce1",
        "daily.parquet": "5d6b36450b5f95e7",
        "flows.parquet": "e6113c1818faa622",
        "levers.csv": "0c9933c788de6396",
        "reinvested_places.csv": "402223d945d2695e",
        "reinvestments.csv": "0908f4f6d104d560",
        "reoffending_by_group.csv": "6dfdf5ad9a798e44",
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
