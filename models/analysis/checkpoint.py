"""What a batch needs to resume after it was stopped: a record of its inputs and one file per
finished task.

``resume.json`` records the command (``verb``), a digest of the inputs (sha256) and a readable
summary of them; :meth:`ResumeRecord.start` refuses to resume a folder started with other inputs.
:class:`PickleParts` keeps each finished task's result as a pickle in ``parts/`` (written
atomically, so a killed writer never leaves half a part): a private checkpoint, read back only by
the same code.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

from models.config.schema import ScenarioError
from sim.store import PartStore, atomic_write_bytes, atomic_write_text

__all__ = ["digest", "ResumeRecord", "PickleParts"]


def digest(obj: Any) -> str:
    """sha256 of ``obj`` as canonical JSON (sorted keys; anything else by ``str``)."""
    text = json.dumps(obj, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ResumeRecord:
    """``<folder>/resume.json``: the command and the digest of the inputs a batch was started
    with."""

    def __init__(self, folder: str | Path, verb: str, sha256: str, inputs: dict) -> None:
        self.path = Path(folder) / "resume.json"
        self.verb, self.sha256, self.inputs = verb, sha256, inputs

    def recorded(self) -> dict | None:
        try:
            rec = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return rec if isinstance(rec, dict) else None

    def start(self, resume: bool, what: str = "inputs") -> None:
        """Write the record. With ``resume``, first refuse (:class:`ScenarioError`, one line
        naming both digests) a folder whose record has other inputs."""
        old = self.recorded()
        if resume and old is not None and old.get("sha256") != self.sha256:
            raise ScenarioError("--resume", str(self.path.parent), (
                f"was started with other {what} (sha256 {str(old.get('sha256'))[:16]}..."
                f"{_named(old.get('inputs'))}; now {self.sha256[:16]}...{_named(self.inputs)}): "
                "rerun without --resume to start again, or choose another --out"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps({"verb": self.verb, "sha256": self.sha256,
                                                 "inputs": self.inputs}, indent=1, default=str))


def _named(inputs: Any) -> str:
    f = inputs.get("sweep_file") if isinstance(inputs, dict) else None
    return f" from {f}" if f else ""


class PickleParts(PartStore):
    """One pickle per finished task in ``folder`` (``<key>.pkl``), written atomically; the
    folder's handling (stale temporary files, keys) is :class:`sim.store.PartStore`'s."""

    suffix = ".pkl"

    def save(self, key: str, obj: Any) -> None:
        atomic_write_bytes(self.folder / f"{key}{self.suffix}",
                           pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))

    def keys(self) -> set[str]:
        return super().keys() if self.folder.is_dir() else set()

    def load(self, key: str) -> Any:
        with open(self.folder / f"{key}{self.suffix}", "rb") as f:
            return pickle.load(f)  # noqa: S301 - our own checkpoint
