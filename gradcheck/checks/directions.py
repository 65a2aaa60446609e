"""Fast mode's directions for the gradient check: random dense directions over large targets, jointly.

A mismatch along the joint directions is attributed target by target with directions of each
target's own. Part of check 1; only :mod:`.gradient` uses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..diagnose import diagnose
from ..estimates import STEP_FRACTION, directional_analytic, directional_estimates, random_directions, roundoff_noise
from ..numeric import Side
from ..targets import Subject, Target
from ..tolerance import Tolerance

__all__ = ["FAST_ORDER", "N_DIRECTIONS", "Mismatch", "directional_mismatches"]

N_DIRECTIONS = 2
# scipy's stencil order for what fast mode estimates on large targets: fewer forward calls
FAST_ORDER = 2


@dataclass(frozen=True)
class Mismatch:
    """A target whose directional derivatives disagree: the worst direction's numbers, and all of them."""

    target: Target
    analytic: float
    numeric: float
    allowed: float
    all_analytic: np.ndarray
    all_numeric: np.ndarray

    def diagnosis(self, *, batch: int | None) -> str | None:
        return diagnose(self.all_analytic, self.all_numeric, batch=batch)


def directional_mismatches(
    subject: Subject,
    large: Sequence[Target],
    analytic: dict[str, np.ndarray],
    tolerance: Tolerance,
    rng: np.random.Generator,
) -> list[Mismatch]:
    """Compare analytic and numeric derivatives along joint directions; return the targets that disagree."""
    directions = random_directions(large, rng, N_DIRECTIONS)
    if not _directional(subject, directions, analytic, tolerance).failed.any():
        return []
    mismatches = []
    for target in large:
        mine = _directional(subject, [{target.name: d[target.name]} for d in directions], analytic, tolerance)
        if not mine.failed.any():
            continue
        worst = int(np.argmax(np.where(mine.failed, np.abs(mine.analytic - mine.numeric), -1.0)))
        mismatches.append(
            Mismatch(
                target,
                float(mine.analytic[worst]),
                float(mine.numeric[worst]),
                float(mine.allowed[worst]),
                mine.analytic,
                mine.numeric,
            )
        )
    return mismatches


@dataclass(frozen=True)
class _Directional:
    analytic: np.ndarray
    numeric: np.ndarray
    allowed: np.ndarray
    failed: np.ndarray


def _directional(
    subject: Subject,
    directions: list[dict[str, np.ndarray]],
    analytic: dict[str, np.ndarray],
    tolerance: Tolerance,
) -> _Directional:
    central = directional_estimates(subject, directions, order=FAST_ORDER)
    a, terms = directional_analytic(directions, analytic)
    noise = roundoff_noise(subject, tolerance, np.full(len(directions), STEP_FRACTION))
    allowed = tolerance.allowed(central.value, central.error, noise) + 64 * tolerance.eps * terms
    failed = ~(np.abs(a - central.value) <= allowed)
    if failed.any():
        # a direction that crosses a kink: the analytic value may lie between the one-sided derivatives
        lo = directional_estimates(subject, directions, side=Side.LEFT, order=FAST_ORDER)
        hi = directional_estimates(subject, directions, side=Side.RIGHT, order=FAST_ORDER)
        bottom = np.minimum(lo.value, hi.value) - allowed
        top = np.maximum(lo.value, hi.value) + allowed
        crossing = np.abs(lo.value - hi.value) > 2 * allowed
        failed &= ~(crossing & (a >= bottom) & (a <= top))
    return _Directional(a, central.value, allowed, failed)
