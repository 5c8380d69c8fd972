"""Files a command writes besides its ``--out`` folder (``levers --csv``, ``metrics --csv``,
``params --write``): checked before any work, so a bad place is one line, not a traceback
after the work is done."""

from __future__ import annotations

import tempfile
from pathlib import Path

from models.config.schema import ScenarioError

__all__ = ["check_output_file"]


def check_output_file(key: str, path: Path | None, make_folders: bool = False) -> None:
    """Refuse an output file ``path`` (given as option ``key``) that cannot be written: a
    folder, a file inside a missing folder (unless ``make_folders``: then the nearest folder
    that exists must be writable), or a place where no file can be made. ``None`` passes."""
    if path is None:
        return
    if path.is_dir():
        raise ScenarioError(key, str(path), "is a folder; give the name of a file in it")
    folder = path.parent
    if make_folders:
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
    if not folder.exists():
        raise ScenarioError(key, str(path), f"the folder {folder} does not exist; make it first")
    if not folder.is_dir():
        raise ScenarioError(key, str(path), f"{folder} is a file, not a folder")
    try:  # the only sure test of writing (root may pass os.access and still fail)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".pathway-sim-check-"):
            pass
    except OSError as exc:
        raise ScenarioError(key, str(path), f"cannot write in {folder} "
                            f"({exc.strerror or exc})") from None
