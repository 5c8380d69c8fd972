"""Drawing a folder's figures: each is a file name, a caption and a function that draws on an ax.

The plot functions (``*_figures.py``) take data and an ``ax`` and return the ``ax``; this module
makes the figure, saves it atomically (:func:`sim.store.save_figure`) and closes it. A figure
whose data are missing is skipped with a warning rather than failing the run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sim.store import save_figure

__all__ = ["FigureSpec", "render"]

log = logging.getLogger(__name__)

FigureSpec = tuple[str, str, Callable[[Any], Any]]  # (file name, caption, draw(ax))


def render(folder: str | Path, specs: Sequence[FigureSpec], size: tuple[float, float] = (8, 4.5),
           dpi: int = 110) -> list[tuple[str, str]]:
    """Draw and save each figure under ``folder``; return (path relative to the folder's
    parent, caption) of those written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    for name, caption, draw in specs:
        fig, ax = plt.subplots(figsize=size)
        try:
            draw(ax)
            fig.tight_layout()
        except (ValueError, KeyError) as exc:  # a figure with no data is skipped, not fatal
            log.warning("figure %s skipped: %s", name, exc)
            plt.close(fig)
            continue
        save_figure(fig, folder / name, dpi)
        done.append((f"{folder.name}/{name}", caption))
    return done
