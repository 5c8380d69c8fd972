"""The comparison's report.html as a browser shows it: headless Chromium (Debian's ``chromium``
package, no browser download) renders a small real comparison from ``file://``; the rendered
DOM's summary numbers must be comparison.csv's values, shown as formatted. A screenshot
(1280x900, the first screen) is kept in the test's tmp folder.

Without Chromium the test skips, unless ``PATHWAY_SIM_REQUIRE_BROWSER=1`` (CI sets it), where it
fails."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from pathway_helpers import small_scenario
from report_dom import check_summary, read

from models.analysis.compare import run_comparison
from models.config.overlay import apply_overlay, lever_table, load_overlay
from models.report import format as fmt
from models.report.compare_folder import write_comparison
from models.report.compare_summary import SUMMARY

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")


def _chromium(installed: str = "/usr/bin/chromium") -> str:
    found = shutil.which("chromium") or (installed if Path(installed).exists() else None)
    if found:
        return found
    why = "headless Chromium is not installed (apt-get install -y chromium)"
    if os.environ.get("PATHWAY_SIM_REQUIRE_BROWSER") == "1":
        pytest.fail(why + ", and PATHWAY_SIM_REQUIRE_BROWSER=1 requires it")
    pytest.skip(why)


def _browse(chromium: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=True,
                          env={**os.environ, "HOME": str(tmp)})


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A real comparison at the smallest scale: the base and the integrated overlay, 2 paired
    replications of a 3.5-year horizon (about 10 s)."""
    base = small_scenario(scale=0.002)
    overlay = load_overlay("devolved_integrated")
    cmp = run_comparison(base, [apply_overlay(base, overlay)], root_seed=5, replications=2)
    out = tmp_path_factory.mktemp("compare")
    write_comparison(out, base, cmp, lever_table(base, [overlay]), ["test"],
                     descriptions={overlay.name: overlay.description})
    return out


def test_report_in_headless_chromium_shows_comparison_csv(folder, tmp_path):
    chromium = _chromium()
    url = (folder / "report.html").resolve().as_uri()
    dom = _browse(chromium, tmp_path, "--dump-dom", url).stdout
    assert "<h2>What was compared</h2>" in dom, dom[:500]
    table = pd.read_csv(folder / "comparison.csv")
    spans = check_summary(dom, table)  # every number: data-value = comparison.csv, text formatted
    shown = {(s["data-metric"], s["data-stat"], s["data-where"]) for s in spans}
    scale = small_scenario(scale=0.002).settings.scale
    assert read(dom).scale == repr(scale)
    for _, m in SUMMARY:  # each summary outcome: its change simulated and, if it scales, E&W
        assert (m, "diff_mean", "simulated") in shown, m
        assert ((m, "diff_mean", "england_and_wales") in shown) == fmt.scales(m), m
    # the figures are embedded, the flow diagram first; nothing is fetched from a network
    imgs = re.findall(r'<img src="([^"]{0,40})', dom)
    assert imgs and all(src.startswith("data:image/png;base64,") for src in imgs)
    assert dom.index("figures/pathway_flows.png") < dom.index("figures/reoffending_curves.png")
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", dom)
    shot = tmp_path / "report-first-screen.png"
    _browse(chromium, tmp_path, "--window-size=1280,900", f"--screenshot={shot}", url)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_without_chromium_the_test_skips_unless_ci_requires_the_browser(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("PATHWAY_SIM_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception):
        _chromium(installed=str(tmp_path / "none"))
    monkeypatch.setenv("PATHWAY_SIM_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="PATHWAY_SIM_REQUIRE_BROWSER=1"):
        _chromium(installed=str(tmp_path / "none"))
