"""The import rules of the architecture (docs/architecture.md), read from the code itself.

Layers, each importing only those below it::

    models.cli  ->  models.report  ->  models.analysis  ->  models.pathway  ->  models.config  ->  sim

- ``sim`` never imports ``models``; ``config`` imports only ``sim``; ``pathway`` imports
  ``config`` and ``sim``; ``analysis`` adds ``pathway``; none of these three imports
  matplotlib (drawing is the report's, with ``sim``'s plot helpers);
  ``report`` adds ``analysis``; nothing imports ``cli``.
- A stage (``models.pathway.stages.*``) imports no other stage and not the journey, the run,
  the system or the invest-to-save process: the journey decides what comes next.
- No module imports itself round a loop (no cycles), counting imports inside functions too.

Every import statement counts, wherever it stands (a lazy import inside a function is still a
dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("sim", "models")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _resolve(name: str) -> str | None:
    """The project module an imported name refers to (the longest known prefix)."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        candidate = ".".join(parts[:i])
        if candidate in MODULES:
            return candidate
    return None


def _imports(module: str) -> dict[str, set[str]]:
    """{"project": modules of this tree imported, "external": top-level packages imported}."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    project, external = set(), set()
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # ``from X import a`` depends on the module X.a if there is one, else on X
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                     for a in node.names]
        for n in names:
            target = _resolve(n)
            if target is not None and target != module:
                project.add(target)
            elif target is None and n:
                external.add(n.split(".")[0])
    return {"project": project, "external": external}


GRAPH = {m: _imports(m) for m in MODULES}


def _layer(module: str) -> str:
    if module == "sim" or module.startswith("sim."):
        return "sim"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "models"


ALLOWED = {  # layer -> layers it may import (besides itself)
    "sim": set(),
    "config": {"sim"},
    "pathway": {"config", "sim"},
    "analysis": {"pathway", "config", "sim"},
    "report": {"analysis", "pathway", "config", "sim"},
    "cli": {"report", "analysis", "pathway", "config", "sim"},
    "models": set(),
}


def test_the_tree_has_the_layers():
    layers = {_layer(m) for m in MODULES}
    assert {"sim", "config", "pathway", "analysis", "report", "cli"} <= layers
    assert layers <= set(ALLOWED)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_layers(module):
    mine = _layer(module)
    bad = sorted(t for t in GRAPH[module]["project"]
                 if _layer(t) != mine and _layer(t) not in ALLOWED[mine])
    assert not bad, f"{module} ({mine}) imports {bad}; {mine} may import {sorted(ALLOWED[mine])}"


def test_nothing_imports_the_command_line():
    bad = sorted(m for m in MODULES if _layer(m) != "cli"
                 and any(_layer(t) == "cli" for t in GRAPH[m]["project"]))
    assert not bad


def test_analysis_draws_nothing():
    bad = sorted(m for m in MODULES if _layer(m) in ("analysis", "config", "pathway")
                 and "matplotlib" in GRAPH[m]["external"])
    assert not bad, f"these import matplotlib: {bad}"


STAGES = sorted(m for m in MODULES if m.startswith("models.pathway.stages."))
NOT_FOR_STAGES = {"models.pathway.journey", "models.pathway.run", "models.pathway.system",
                  "models.pathway.invest_to_save"}


def test_there_are_stages():
    assert len(STAGES) >= 10


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_no_other_stage_nor_what_drives_it(stage):
    bad = sorted(t for t in GRAPH[stage]["project"]
                 if t.startswith("models.pathway.stages") or t in NOT_FOR_STAGES)
    assert not bad, f"{stage} imports {bad}"


def test_a_stage_starts_nothing():
    """Only the journey (and the invest-to-save process) start SimPy processes or schedule
    callbacks."""
    for stage in STAGES:
        text = MODULES[stage].read_text(encoding="utf-8")
        assert "env.process(" not in text and ".callbacks" not in text, stage


def _cycles() -> list[list[str]]:
    index, low, on_stack, stack, out = {}, {}, set(), [], []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]["project"]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    assert _cycles() == []


def test_the_checker_sees_imports_inside_functions():
    # models.cli.run imports the pathway inside its main(): the rules must see it
    assert "models.pathway.run" in GRAPH["models.cli.run"]["project"]


def _unannotated(path: Path) -> list[str]:
    """Public functions and methods of a file with a parameter or the return unannotated."""
    out = []

    def visit(body: list[ast.stmt], owner: str = "") -> None:
        for n in body:
            if isinstance(n, ast.ClassDef) and not n.name.startswith("_"):
                visit(n.body, f"{n.name}.")
            elif isinstance(n, ast.FunctionDef) and (not n.name.startswith("_")
                                                     or n.name == "__init__"):
                a = n.args
                params = [x for x in a.posonlyargs + a.args + a.kwonlyargs
                          if x.arg not in ("self", "cls")]
                params += [x for x in (a.vararg, a.kwarg) if x is not None]
                if any(x.annotation is None for x in params) or (
                        n.returns is None and n.name != "__init__"):
                    out.append(f"{owner}{n.name}")

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return out


@pytest.mark.parametrize("module", sorted(MODULES))
def test_public_functions_have_type_hints(module):
    assert not _unannotated(MODULES[module])
