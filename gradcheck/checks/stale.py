"""Check 5: backward uses the state of the latest forward, not an earlier one."""

from __future__ import annotations

import numpy as np

from ..estimates import STEP_FRACTION, directional_analytic, directional_estimates, random_directions, roundoff_noise
from ..report import Check, Finding, Status
from ..targets import Subject
from ..tolerance import Tolerance

__all__ = ["check_stale"]

N_DIRECTIONS = 2


def _permuted(data: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Another point in the same domain: the same values, shuffled."""
    return {k: rng.permutation(v.ravel()).reshape(v.shape) for k, v in data.items()}


def check_stale(
    subject: Subject,
    *,
    tolerance: Tolerance,
    rng: np.random.Generator,
    numeric_targets: set[str],
    location: str | None,
) -> tuple[list[Finding], list[str]]:
    """Forward at one point, then at another, then backward: the gradients must be those of the second point.

    Compared bitwise with forward-then-backward at the second point, and, for the targets in
    ``numeric_targets``, with scipy's directional derivatives there (which also catches state
    cached only once).
    """
    base = subject.base_data()
    second, first = _permuted(base, rng), _permuted(base, rng)
    if all(np.array_equal(second[k], base[k]) for k in base):
        return [], ["stale-state check skipped: every input value is equal, so no second point differs"]
    subject.forward(first)
    after_other = subject.run({k: v.copy() for k, v in second.items()}).grads
    fresh = subject.run({k: v.copy() for k, v in second.items()}).grads
    findings = []
    for name, value in after_other.items():
        other = fresh.get(name)
        if not (isinstance(value, np.ndarray) and isinstance(other, np.ndarray)) or np.array_equal(
            value, other, equal_nan=True
        ):
            continue
        findings.append(_finding(name, "backward used state from the forward before the latest one", location))
    if findings or not numeric_targets:
        return findings, []
    moved = subject.at(second)
    grads = {
        t.name: fresh[t.name].astype(np.float64) * t.grad_scale
        for t in moved.targets
        if t.name in numeric_targets
        and isinstance(fresh.get(t.name), np.ndarray)
        and fresh[t.name].shape == t.base.shape
    }
    if not grads:
        return [], []
    targets = [t for t in moved.targets if t.name in grads]
    directions = random_directions(targets, rng, N_DIRECTIONS)
    estimate = directional_estimates(moved, directions)
    analytic, terms = directional_analytic(directions, grads)
    noise = roundoff_noise(moved, tolerance, np.full(N_DIRECTIONS, STEP_FRACTION))
    allowed = tolerance.allowed(estimate.value, estimate.error, noise) + 64 * tolerance.eps * terms
    # a kink between the directions' samples is possible here too: only flag a clear disagreement
    if np.all(np.abs(analytic - estimate.value) <= allowed) or _crosses_kink(moved, directions, allowed):
        return [], []
    worst = int(np.argmax(np.abs(analytic - estimate.value) - allowed))
    return [
        _finding(
            ", ".join(grads),
            "after a forward at a second point, backward's gradients disagree with the numeric ones there"
            " (state cached once, or computed from an earlier call?)",
            location,
            analytic=float(analytic[worst]),
            numeric=float(estimate.value[worst]),
            tolerance=float(allowed[worst]),
        )
    ], []


def _crosses_kink(subject: Subject, directions: list, allowed: np.ndarray) -> bool:
    lo = directional_estimates(subject, directions, side=-1)
    hi = directional_estimates(subject, directions, side=1)
    return bool(np.any(np.abs(lo.value - hi.value) > 2 * allowed))


def _finding(
    target: str,
    message: str,
    location: str | None,
    *,
    analytic: float | None = None,
    numeric: float | None = None,
    tolerance: float | None = None,
) -> Finding:
    abs_error = None if analytic is None or numeric is None else abs(analytic - numeric)
    return Finding(
        Check.STALE,
        target,
        Status.FAIL,
        message,
        analytic=analytic,
        numeric=numeric,
        abs_error=abs_error,
        tolerance=tolerance,
        location=location,
    )
