"""Smoke tests of the generic plot helpers (backend-free Figure)."""

import numpy as np
from matplotlib.figure import Figure

from sim.plots import band, bar_with_ci, stacked_bars, step_band


def test_helpers_draw_and_return_ax():
    ax = Figure().subplots()
    x = np.arange(5.0)
    assert band(ax, x, x, x - 1, x + 1, label="a") is ax
    assert step_band(ax, x, x, x - 1, x + 1, color="C3") is ax
    assert len(ax.lines) == 2 and len(ax.collections) == 2
    assert bar_with_ci(ax, ["p", "q"], [1.0, 2.0], [0.5, np.nan], [1.5, np.nan]) is ax
    assert stacked_bars(ax, ["y1", "y2"], {"s": [1, 2], "t": [3, 4]}) is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == ["y1", "y2"]
