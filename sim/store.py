"""Writing results so that a killed run never leaves a half-written file.

Every file is written to a temporary name beside its target (``.NAME.<pid>.tmp``) and then
renamed over it, which is atomic on one file system: a reader sees the old file or the new
one, never a part. :class:`PartStore` keeps one file per finished task of a batch (a sweep's
runs), so an interrupted batch resumes with what is missing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["atomic_write", "atomic_write_text", "atomic_write_bytes", "atomic_to_parquet",
           "save_figure", "PartStore"]


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` to write a temporary file beside ``path``, then rename it to ``path``.

    The temporary file is removed if ``write`` fails. Returns ``path``.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically."""
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return atomic_write(path, write)


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def atomic_to_parquet(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a DataFrame (without its index) to a Parquet file atomically."""
    return atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False))


def save_figure(fig: Any, path: str | Path, dpi: int = 110) -> Path:
    """Save a matplotlib figure as PNG atomically and close it."""
    import matplotlib.pyplot as plt

    try:
        return atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=dpi, format="png"))
    finally:
        plt.close(fig)


class PartStore:
    """One Parquet file per finished task in a folder, written atomically.

    ``write(key, row)`` stores a task's result row under its key; ``keys()`` lists the tasks
    done; ``collect()`` reads every part into one table. Temporary files of a killed writer are
    removed by :meth:`clear_stale`.
    """

    suffix = ".parquet"  # of a part's file (a subclass may store parts another way)

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def exists(self) -> bool:
        return self.folder.is_dir() and any(self.folder.glob(f"*{self.suffix}"))

    def open(self) -> None:
        """Create the folder and remove what a killed writer left half-written."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.clear_stale()

    def clear_stale(self) -> None:
        for stale in self.folder.glob(".*.tmp"):
            stale.unlink(missing_ok=True)

    def write(self, key: str, row: Mapping[str, Any]) -> Path:
        return atomic_to_parquet(pd.DataFrame([dict(row)]), self.folder / f"{key}.parquet")

    def keys(self) -> set[str]:
        return {p.stem for p in self.folder.glob(f"*{self.suffix}")}

    def collect(self) -> pd.DataFrame:
        """Every part as one table (empty if there is none), in key order."""
        files = sorted(self.folder.glob("*.parquet"))
        if not files:
            return pd.DataFrame()
        return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
