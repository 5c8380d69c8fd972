"""The seeds' what-if questions and their answers: ``docs/experiments.md`` from one comparison.

``experiments/questions/index.toml`` lists the questions (seed-evidence.md §6.2): for each, its
plain words, seed lines, overlay, own metrics and whether its levers exist yet (``ready``).
``experiments/all_questions.py`` runs one paired comparison of the centralised base against
every ready question's overlay (``pathway-sim compare``) and then :func:`write_questions_doc`
turns its ``comparison.csv`` into the page: per question, the command of its own script, the
paired differences with 95% CIs of the headline metrics and of its own, and one sentence that
says, from those numbers, what changes significantly (a CI that excludes zero) and what does
not. A question that is not ready is listed with what it waits for.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from models.analysis.catalogue import CATALOGUE
from models.config.schema import ScenarioError
from models.config.tree import check_keys, load_toml
from models.report.format import difference, missing, value

__all__ = ["Question", "HEADLINE", "load_questions", "answer_sentence", "questions_markdown",
           "write_questions_doc"]

HEADLINE = ("offences_per_year", "reoffending_overall", "mean_prison_total",
            "cost_public_gbp_per_year")
"""What every question's answer shows first."""

_WORDS = {"offences_per_year": "offences a year", "reoffending_overall": "proven reoffending",
          "mean_prison_total": "the prison population", "cost_public_gbp_per_year":
          "public spending a year"}
_KEYS = ("id", "slug", "overlay", "question", "lines", "metrics", "ready", "note", "todo")


@dataclass(frozen=True)
class Question:
    id: str                      # "q02"
    slug: str                    # "q02_replace_short_custody": script, folder and config name
    question: str
    lines: str
    metrics: tuple[str, ...] = ()
    ready: bool = False
    overlay: str = ""            # a shipped overlay's name, else experiments/questions/<slug>.toml
    note: str = ""
    todo: str = ""

    @property
    def config(self) -> str:
        """The configuration's name in the comparison: the overlay's name."""
        return self.overlay or self.slug

    def overlay_argument(self, folder: str | Path) -> str:
        """What ``pathway-sim compare`` is given: a shipped name or the overlay's path."""
        return self.overlay or str(Path(folder) / f"{self.slug}.toml")


def load_questions(path: str | Path) -> list[Question]:
    """The questions of an index file (``[[question]]`` tables), checked."""
    tree = load_toml(path, "question index")
    raw = tree.get("question")
    if not isinstance(raw, list) or not raw:
        raise ScenarioError("question", raw, "the index needs [[question]] tables")
    out = []
    for i, q in enumerate(raw):
        where = f"question[{i}]"
        check_keys(where, q, _KEYS, required=("id", "slug", "question", "lines", "ready"))
        if not str(q["slug"]).startswith(f"{q['id']}_"):
            raise ScenarioError(f"{where}.slug", q["slug"], f"must start with '{q['id']}_'")
        unknown = [m for m in q.get("metrics", []) if m not in CATALOGUE]
        if unknown:
            raise ScenarioError(f"{where}.metrics", unknown, "must be catalogued metrics "
                                "(pathway-sim metrics lists them)")
        if not isinstance(q["ready"], bool):
            raise ScenarioError(f"{where}.ready", q["ready"], "must be true or false")
        if not q["ready"] and not q.get("todo"):
            raise ScenarioError(f"{where}.todo", None, "a question that is not ready must say "
                                "what it waits for")
        out.append(Question(q["id"], q["slug"], q["question"], q["lines"],
                            tuple(q.get("metrics", ())), q["ready"], q.get("overlay", ""),
                            q.get("note", ""), q.get("todo", "")))
    return out


def _rows(table: pd.DataFrame, config: str, metrics: Sequence[str]) -> pd.DataFrame:
    t = table[table["config"] == config].set_index("metric")
    return t.loc[[m for m in metrics if m in t.index]]


# A difference this small against the mean is rounding (a cost moved between budgets and
# summed again), not a change.
RELATIVE_NOISE = 1e-9


def _significant(row: pd.Series) -> bool:
    lo, hi, d = row["diff_low"], row["diff_high"], row["diff_mean"]
    if missing(lo) or missing(hi) or abs(d) <= RELATIVE_NOISE * max(abs(row["mean"]), 1.0):
        return False
    return bool(lo > 0 or hi < 0)


def answer_sentence(table: pd.DataFrame, config: str, metrics: Sequence[str] = HEADLINE) -> str:
    """One sentence from the numbers: what ``config`` changes significantly against the base
    (the paired 95% CI excludes zero) and what it does not."""
    rows = _rows(table, config, metrics)
    if rows.empty:
        return "No result: the configuration is missing from the comparison."
    words = lambda m: _WORDS.get(m, CATALOGUE[m].label if m in CATALOGUE else m)  # noqa: E731
    down: list[str] = []
    up: list[str] = []
    flat: list[str] = []
    for m, r in rows.iterrows():
        if _significant(r):
            change = f"{words(m)} ({difference(m, r['diff_mean'])})"
            (down if r["diff_mean"] < 0 else up).append(change)
        else:
            flat.append(words(m))
    clauses = [f"significantly {verb} {_join(items)}" for verb, items
               in (("lowers", down), ("raises", up)) if items]
    text = "It " + " and ".join(clauses) if clauses else ""
    if flat:
        none = f"no significant change in {_join(flat, 'or')} (95% CI includes zero)"
        text = f"{text}; {none}" if text else none[0].upper() + none[1:]
    return text + "."


def _join(items: list[str], word: str = "and") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _table(table: pd.DataFrame, base: str, config: str, metrics: Sequence[str]) -> list[str]:
    base_rows, rows = _rows(table, base, metrics), _rows(table, config, metrics)
    lines = [f"| metric | {base} | difference (95% CI) | significant |", "|---|---|---|---|"]
    for m, r in rows.iterrows():
        b = base_rows["mean"].get(m)
        label = CATALOGUE[m].label if m in CATALOGUE else m
        ci = f"{difference(m, r['diff_mean'])} [{difference(m, r['diff_low'])}, " \
             f"{difference(m, r['diff_high'])}]"
        lines.append(f"| {label} | {value(m, b)} | {ci} | "
                     f"{'yes' if _significant(r) else 'no'}{'' if r['enough'] else '*'} |")
    return lines


def questions_markdown(table: pd.DataFrame, questions: Sequence[Question], base: str,
                       run: dict, folder: str = "experiments/questions") -> str:
    """The page: a header saying how the numbers were made (``run``: scale, replications,
    seed, command), then every question in order, answered if it is ready."""
    scale = run.get("scale")
    lines = [
        "# Experiments: the seeds' what-if questions",
        "",
        "Generated by `experiments/all_questions.py` (`models/report/questions_doc.py`) from one "
        "paired comparison of the centralised baseline against every ready question "
        f"(`{run.get('command', '')}`): scale {scale}, {run.get('replications')} paired "
        f"replications, seed {run.get('seed')}. Do not edit by hand; rerun the script.",
        "",
        "Each question isolates one policy (one lever or a coherent group) in its overlay "
        f"(`{folder}/qNN_*.toml`: what, why, source and range of each lever) and has its own "
        "script, `experiments/qNN_*.py`, which runs the same comparison for that question alone "
        "into `results/qNN_*/` with figures and a report (the same seed gives the same numbers: "
        "every configuration runs the base's people on the same random numbers).",
        "",
        "Differences are paired (configuration minus baseline, replication by replication) with "
        "95% CIs over replications: stochastic uncertainty only, not parameter uncertainty "
        "(sweep the ranges for that). Rates in percentage points; counts, populations and money "
        f"at the run's scale ({scale} of England and Wales: divide by it for national figures). "
        "`*`: fewer replications than needed for the half-width asked for (comparison.csv). "
        "Proven reoffending falls when more cases end without a proof (diversion, community "
        "resolutions): read it with offences a year and detected reoffending.",
        "",
    ]
    configs = set(table["config"])
    for q in questions:
        lines += [f"## {q.id.upper()}. {q.question}", "", f"Seed: {q.lines}.", ""]
        overlay = (f"`models/scenarios/{q.overlay}.toml` (shipped)" if q.overlay
                   else f"`{folder}/{q.slug}.toml`")
        lines += [f"Overlay: {overlay}. Command: `python experiments/{q.slug}.py --scale 0.05 "
                  f"--replications 5` (writes `results/{q.slug}/`).", ""]
        if q.note:
            lines += [q.note, ""]
        if not q.ready:
            lines += [f"**Not answered yet.** {q.todo}", ""]
            continue
        if q.config not in configs:
            lines += ["**No result**: the question is ready but was not in this comparison.", ""]
            continue
        metrics = list(dict.fromkeys((*HEADLINE, *q.metrics)))
        lines += _table(table, base, q.config, metrics)
        lines += ["", f"**Answer.** {answer_sentence(table, q.config, metrics)}", ""]
    return "\n".join(lines)


def write_questions_doc(folder: str | Path, questions: Sequence[Question], path: str | Path,
                        overlays_folder: str = "experiments/questions") -> str:
    """Write ``path`` from a comparison folder's ``comparison.csv`` and ``manifest.json``."""
    folder = Path(folder)
    table = pd.read_csv(folder / "comparison.csv")
    man = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    command = man.get("command") or []
    run = {"scale": man["scenario"]["scenario"]["scale"], "replications": man["replications"],
           "seed": man["root_seed"],
           "command": " ".join(str(c) for c in command) if isinstance(command, list) else command}
    text = questions_markdown(table, questions, man.get("baseline", "centralised"), run,
                              overlays_folder)
    Path(path).write_text(text, encoding="utf-8")
    return text
