"""Sensitivity sweeps in batch: a sweep file (:mod:`.spec`), its factors (:mod:`.factors`,
:mod:`.paths`), resumable runs (:mod:`.runs`) and their indices (:mod:`.indices`)."""

from models.analysis.sweep.factors import Marginal, parse_factor
from models.analysis.sweep.indices import analyse
from models.analysis.sweep.paths import apply_factors, check_factor_paths, default_factors
from models.analysis.sweep.runs import (
    FAIL_FAST_RUNS,
    SweepAborted,
    collect,
    ishigami_model,
    point_means,
    run_sweep,
    simulator_model,
)
from models.analysis.sweep.spec import (
    DESIGNS,
    FIDELITY,
    SweepSpec,
    design_points,
    load_sweep,
    sampled_design,
    sweep_from_tree,
)

__all__ = ["DESIGNS", "FAIL_FAST_RUNS", "FIDELITY", "Marginal", "SweepAborted", "SweepSpec",
           "analyse", "apply_factors", "check_factor_paths", "collect", "default_factors",
           "design_points", "ishigami_model", "load_sweep", "parse_factor", "point_means",
           "run_sweep", "sampled_design", "simulator_model", "sweep_from_tree"]
