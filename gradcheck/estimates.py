"""Numeric estimates for a subject: per coordinate of a target, or along directions over several targets.

The glue between :mod:`numeric` (scipy, pure) and the checks: it builds the families
t ↦ φ(θ + t·d) − φ(θ) that scipy differentiates.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .numeric import NumericDerivative, Side, derivatives_at_zero, initial_steps
from .targets import Subject, Target
from .tolerance import ROUNDOFF_FACTOR, Tolerance

__all__ = [
    "RETRY_FRACTIONS",
    "STEP_FRACTION",
    "coordinate_estimates",
    "coordinate_steps",
    "directional_analytic",
    "directional_estimates",
    "random_directions",
    "roundoff_noise",
]

# first step: a tenth of each coordinate's magnitude (at least 0.1); scipy halves it from there
STEP_FRACTION = 0.1
# where an estimate disagrees, it is retried with these smaller first steps: a kink within
# the first step (BCE's clip 1e-8 from the point) is then stepped over rather than straddled
RETRY_FRACTIONS = (1e-3, 1e-6, 1e-9)


def coordinate_steps(target: Target, flat: np.ndarray, fraction: float = STEP_FRACTION) -> np.ndarray:
    """Return the first step for each listed coordinate of a target."""
    return initial_steps(target.base.ravel()[flat].astype(np.float64), fraction=fraction)


def coordinate_estimates(
    subject: Subject,
    target: Target,
    flat: np.ndarray,
    *,
    side: int = Side.CENTRAL,
    fraction: float = STEP_FRACTION,
    order: int = 8,
) -> NumericDerivative:
    """Return scipy's ∂φ/∂θᵢ for the listed flat coordinates of one target."""

    def family(t: np.ndarray, which: np.ndarray) -> np.ndarray:
        out = np.empty(t.shape)
        for pos in np.ndindex(t.shape):
            out[pos] = subject.phi_with_element(target, int(flat[which[pos]]), float(t[pos]))
        return out

    steps = coordinate_steps(target, flat, fraction)
    return derivatives_at_zero(family, np.arange(len(flat)), steps=steps, side=side, order=order)


def directional_estimates(
    subject: Subject, directions: Sequence[dict[str, np.ndarray]], *, side: int = Side.CENTRAL, order: int = 8
) -> NumericDerivative:
    """Return scipy's derivative of φ along each direction (a {target name: array} mapping)."""

    def family(t: np.ndarray, which: np.ndarray) -> np.ndarray:
        out = np.empty(t.shape)
        for pos in np.ndindex(t.shape):
            out[pos] = subject.phi_along(directions[which[pos]], float(t[pos]))
        return out

    steps = np.full(len(directions), STEP_FRACTION)
    return derivatives_at_zero(family, np.arange(len(directions)), steps=steps, side=side, order=order)


def random_directions(targets: Sequence[Target], rng: np.random.Generator, count: int) -> list[dict[str, np.ndarray]]:
    """Dense Gaussian directions, each coordinate scaled by its magnitude; exact zeros left out.

    Exact zeros are where kinks usually sit (ReLU), and a direction through several kinks at
    once has one-sided derivatives that need not bracket a valid subgradient: callers check
    those coordinates one by one instead.
    """
    directions = []
    for _ in range(count):
        direction = {}
        for target in targets:
            base = target.base.astype(np.float64)
            part = rng.standard_normal(base.shape) * np.maximum(np.abs(base), 1.0)
            part[base == 0] = 0.0
            direction[target.name] = part / np.sqrt(max(base.size, 1))
        directions.append(direction)
    return directions


def directional_analytic(
    directions: Sequence[dict[str, np.ndarray]], grads: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Return Σ g·v for each direction, and Σ |g·v| (the scale of its rounding)."""
    values = np.array([sum(float(np.dot(grads[k].ravel(), v.ravel())) for k, v in d.items()) for d in directions])
    scales = np.array(
        [sum(float(np.abs(grads[k].ravel() * v.ravel()).sum()) for k, v in d.items()) for d in directions]
    )
    return values, scales


def roundoff_noise(subject: Subject, tolerance: Tolerance, steps: np.ndarray) -> np.ndarray:
    """The round-off floor of a difference quotient of φ with these steps."""
    return ROUNDOFF_FACTOR * tolerance.eps * subject.magnitude / steps
