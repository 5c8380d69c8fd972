"""Every ready what-if question of the seeds in one comparison, and docs/experiments.md from it.

    .venv/bin/python experiments/all_questions.py [--replications 5] [--scale 0.05]
        [--seed 20161] [--workers K] [--out results/questions] [--docs docs/experiments.md]

Reads the questions from ``experiments/questions/index.toml`` and runs ``pathway-sim compare
centralised <overlay of every ready question> --no-figures`` (one shared, paired baseline; each
question's own script, ``experiments/qNN_*.py``, draws its figures and report), then writes
the page of questions and answers (``models/report/questions_doc.py``). A thin wrapper: no
model logic here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.cli import main
from models.report.questions_doc import load_questions, write_questions_doc

BASE = "centralised"
QUESTIONS = Path(__file__).with_name("questions")

if __name__ == "__main__":
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--out", default="results/questions")
    parser.add_argument("--docs", default="docs/experiments.md")
    known, rest = parser.parse_known_args()
    questions = load_questions(QUESTIONS / "index.toml")
    overlays = [q.overlay_argument(QUESTIONS) for q in questions if q.ready]
    code = main(["compare", BASE, *overlays, "--no-figures", "--out", known.out, *rest])
    if code == 0:
        write_questions_doc(known.out, questions, known.docs, "experiments/questions")
        sys.stdout.write(f"questions and answers written to {known.docs}\n")
    sys.exit(code)
