"""Output folders that never mix: checked before a command simulates, replaced whole and
atomically when it has finished.

A command's ``--out`` folder is checked first (:func:`check_out`): it must be a folder, or a
place where one can be created, and writable (probed for real: a probe folder is created and
removed); an existing folder must be empty or an earlier output of the same command, unless
``--overwrite``. An earlier output is recognised by the ``"verb"`` its ``manifest.json`` records
(every folder writer records it; the key ``"command"`` keeps the command line), or, for a
comparison or a sweep stopped before its outputs were written, by the ``"verb"`` of its
``resume.json`` (:mod:`models.analysis.checkpoint`). A folder written before manifests recorded
the verb is recognised by the keys its manifest has (:data:`LEGACY_KEYS`; a calibration by its
``fit.json``), so that rerunning a command into its old folder needs no ``--overwrite``.

The outputs are written into a sibling staging folder (``.<name>.staging-<pid>``, :func:`staged`)
which then takes the folder's place: the old folder is renamed aside (``.<name>.old-<pid>``), the
staging folder renamed into place, and the old one removed. The private state a ``--resume``
needs (``parts/``, ``design.npy``, ``resume.json``) is carried over by hard links, by the
commands that resume (compare and sweep) and only from their own earlier output. Whatever a
killed command left beside the folder is cleaned by the next one (:func:`recover`): if the
folder itself is missing, the old one is put back first.

Because the swap renames folders, ``--out`` may not be a symbolic link or a mount point, and
its parent folder must be writable (both refused up front, in one line). With ``--overwrite``, a
folder that is not an earlier output of the command is replaced when the command finishes; a
comparison or a sweep, which keep their finished runs in the folder as they go, empty it before
their first run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from models.config.schema import ScenarioError

__all__ = ["check_out", "staged", "recover", "output_of", "reset_state", "RESUME_STATE",
           "LEGACY_KEYS"]

RESUME_STATE = ("parts", "design.npy", "resume.json")  # carried into the new folder
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>staging|old)-(?P<pid>\d+)$")
_ALLOWED = "must be a folder that can be created and written"


# what the manifest of each command's output had before it recorded "verb"
LEGACY_KEYS = {"sweep": ("spec", "summary"), "compare": ("baseline", "configs"),
               "validate": ("targets_file", "scenario"), "run": ("outputs", "scenario")}


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def output_of(folder: Path) -> str | None:
    """The command whose output ``folder`` holds (``None`` if it is not recognised)."""
    for name in ("manifest.json", "resume.json"):
        data = _read_json(folder / name)
        if data is not None and isinstance(data.get("verb"), str):
            return str(data["verb"])
    man = _read_json(folder / "manifest.json")
    if man is not None:
        return next((verb for verb, keys in LEGACY_KEYS.items() if all(k in man for k in keys)),
                    None)
    return "calibrate" if _read_json(folder / "fit.json") is not None else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftover can only be from an earlier call: stale
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(out: Path) -> None:
    """Clean what a killed command left beside ``out``: a missing folder gets its old one back,
    staging and old folders of processes no longer running are removed."""
    parent = out.parent
    if not parent.is_dir():
        return
    leftovers = []
    for p in parent.iterdir():
        m = _LEFTOVER.match(p.name)
        if m and m["name"] == out.name and not _alive(int(m["pid"])):
            leftovers.append((m["kind"], p))
    if not out.exists():
        old = [p for kind, p in leftovers if kind == "old"]
        if old:
            os.replace(old[0], out)
            leftovers = [(k, p) for k, p in leftovers if p != old[0]]
    for _, p in leftovers:
        shutil.rmtree(p, ignore_errors=True)


def _probe(folder: Path) -> None:
    probe = folder / f".probe-{os.getpid()}"
    probe.mkdir()
    probe.rmdir()


def check_out(out: Path, verb: str, overwrite: bool = False) -> Path:
    """Check ``--out`` before anything runs; raise :class:`ScenarioError` (one line) if it is a
    file, cannot be created or written, or holds anything but an earlier output of ``verb``
    (unless ``overwrite``). Creates the parent folders; returns ``out`` (made absolute if it
    was ``.`` or ``..``)."""
    out = Path(out)
    if out.name in ("", ".", ".."):  # the staging folder goes beside it: name it
        out = Path(os.path.abspath(out))
    if not out.name:
        raise ScenarioError("--out", str(out), f"{_ALLOWED}, not the root of the file system")
    if out.is_symlink():
        raise ScenarioError("--out", str(out), f"{_ALLOWED}, not a symbolic link (outputs are "
                            "swapped in by renaming): give the folder it points to")
    try:
        if out.exists() and not out.is_dir():
            raise ScenarioError("--out", str(out), f"{_ALLOWED}; this is a file")
        inside = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
        if inside is not None:
            raise ScenarioError("--out", str(out), f"{_ALLOWED}; {inside} is a file")
        if out.is_dir() and os.path.ismount(out):
            raise ScenarioError("--out", str(out), f"{_ALLOWED}, not a mount point (outputs are "
                                "swapped in by renaming): give a folder inside it")
        out.parent.mkdir(parents=True, exist_ok=True)
        recover(out)
    except OSError as exc:
        raise ScenarioError("--out", str(out),
                            f"{_ALLOWED} ({exc.strerror or type(exc).__name__})") from None
    try:
        _probe(out.parent)  # the staging folder goes beside it
    except OSError as exc:
        raise ScenarioError("--out", str(out), f"{_ALLOWED}, in a folder that can be written "
                            "too: outputs are written beside it, then swapped in "
                            f"({exc.strerror or type(exc).__name__})") from None
    try:
        if out.is_dir():
            _probe(out)
    except OSError as exc:
        raise ScenarioError("--out", str(out),
                            f"{_ALLOWED} ({exc.strerror or type(exc).__name__})") from None
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        found = output_of(out)
        if found != verb:
            what = f"an output of '{found}'" if found else "files that are not an output of it"
            raise ScenarioError("--out", str(out), f"holds {what}: must be empty or an earlier "
                                f"'{verb}' output; choose another folder or add --overwrite")
    return out


def reset_state(out: Path, verb: str) -> None:
    """Before a new (not resumed) batch: remove the resume state of an earlier one from ``out``
    (its visible outputs stay until the new ones replace them), or everything if ``out`` is not
    an output of ``verb`` (it was accepted with ``--overwrite``: the new resume state must not
    mix with what was there)."""
    if not out.is_dir():
        return
    wipe = output_of(out) != verb
    for p in list(out.iterdir()) if wipe else [out / n for n in RESUME_STATE]:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        elif p.exists() or p.is_symlink():
            p.unlink()


def _link_tree(src: Path, dst: Path) -> None:
    def link(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)
    if src.is_dir():
        shutil.copytree(src, dst, copy_function=link, ignore=shutil.ignore_patterns(".*.tmp"))
    else:
        link(str(src), str(dst))


@contextmanager
def staged(out: Path, verb: str | None = None) -> Iterator[Path]:
    """Yield a fresh staging folder beside ``out``; when the block ends normally, carry the
    resume state over (``verb``: the command that resumes, only from its own earlier output)
    and swap the staging folder into ``out``'s place. If the block or the swap raises (an
    interruption too), the staging folder is removed and ``out`` is as it was."""
    out = Path(out)
    staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
    aside = out.with_name(f".{out.name}.old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        yield staging
        if verb is not None and out.is_dir() and output_of(out) == verb:
            for name in RESUME_STATE:
                if (out / name).exists() and not (staging / name).exists():
                    _link_tree(out / name, staging / name)
        if out.exists():
            shutil.rmtree(aside, ignore_errors=True)
            os.replace(out, aside)
        os.replace(staging, out)
    except BaseException:
        if not out.exists() and aside.exists():
            os.replace(aside, out)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)
