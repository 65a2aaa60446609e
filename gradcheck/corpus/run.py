"""Run the corpus: every mutant must be caught, no correct variant flagged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..api import check_layer, check_loss
from ..options import Mode
from ..report import Check, Report
from .cases import CASES, Case

__all__ = ["CaseResult", "run_case", "run_corpus"]


@dataclass(frozen=True)
class CaseResult:
    """One case on each of its inputs: its reports, and whether the harness did the right thing."""

    case: Case
    mode: Mode
    reports: tuple[tuple[str, Report], ...]

    @property
    def flagged(self) -> bool:
        return any(not r.ok for _, r in self.reports)

    @property
    def caught_by(self) -> set[Check]:
        return {f.check for _, r in self.reports for f in r.failures}

    @property
    def right(self) -> bool:
        """A mutant must be caught; a correct variant must pass on every input."""
        return self.flagged != self.case.correct


def run_case(case: Case, *, mode: Mode | str = Mode.FULL, seed: int = 0) -> CaseResult:
    """Check one case on each of its inputs (drawn from a generator seeded with seed)."""
    mode = Mode(mode)
    reports = []
    for label, make in case.inputs.items():
        args = make(np.random.default_rng(seed))
        subject = case.build()
        if case.kind == "loss":
            report = check_loss(subject, *args, mode=mode, seed=seed, **case.options)
        else:
            report = check_layer(subject, *args, mode=mode, seed=seed, **case.options)
        reports.append((label, report))
    return CaseResult(case, mode, tuple(reports))


def run_corpus(*, mode: Mode | str = Mode.FULL, seed: int = 0, cases: Iterable[Case] = CASES) -> list[CaseResult]:
    """Run every case of the corpus."""
    return [run_case(case, mode=mode, seed=seed) for case in cases]
