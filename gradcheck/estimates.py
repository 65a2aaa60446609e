"""Numeric estimates for a subject: per coordinate of a target, or along directions over several targets.

The glue between :mod:`numeric` (scipy, pure) and the checks: it builds the families
t ↦ φ(θ + t·d) − φ(θ) that scipy differentiates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .numeric import NumericDerivative, Side, derivatives_at_zero, initial_steps
from .targets import Subject, Target
from .tolerance import ROUNDOFF_FACTOR, Tolerance

__all__ = [
    "RETRY_STEPS",
    "STEP_FRACTION",
    "Coordinates",
    "coordinate_estimates",
    "directional_analytic",
    "directional_estimates",
    "random_directions",
    "roundoff_noise",
]

# first step: a tenth of each coordinate's magnitude (at least 0.1); scipy halves it from there
STEP_FRACTION = 0.1
# where an estimate disagrees, it is retried with smaller first steps, as (fraction, floor) pairs:
# a kink within the first step (BCE's clip 1e-8 from the point) is then stepped over rather than
# straddled; the last, purely relative, keeps a tiny coordinate (log at 1e-300) inside its domain
RETRY_STEPS = ((1e-3, 1.0), (1e-6, 1.0), (1e-9, 1.0), (1e-3, float(np.finfo(np.float64).tiny)))


@dataclass(frozen=True)
class Coordinates:
    """A set of coordinates across targets: coordinate i is flat[i] of targets[owner[i]]."""

    targets: tuple[Target, ...]
    owner: np.ndarray
    flat: np.ndarray

    @classmethod
    def of(cls, parts: Sequence[tuple[Target, np.ndarray]]) -> Coordinates:
        """Gather (target, flat indices) pairs into one set, in order."""
        empty = np.zeros(0, dtype=np.intp)
        owner = [np.full(len(f), i, dtype=np.intp) for i, (_, f) in enumerate(parts)]
        flat = [np.asarray(f, dtype=np.intp) for _, f in parts]
        return cls(tuple(t for t, _ in parts), np.concatenate([empty, *owner]), np.concatenate([empty, *flat]))

    def __len__(self) -> int:
        return len(self.flat)

    def subset(self, index: np.ndarray) -> Coordinates:
        return Coordinates(self.targets, self.owner[index], self.flat[index])

    def values(self) -> np.ndarray:
        """Each coordinate's base value, as float64."""
        out = np.empty(len(self.flat))
        for i, target in enumerate(self.targets):
            mine = self.owner == i
            out[mine] = target.base.ravel()[self.flat[mine]]
        return out

    def steps(self, fraction: float = STEP_FRACTION, floor: float = 1.0) -> np.ndarray:
        """The first step for each coordinate."""
        return initial_steps(self.values(), fraction=fraction, floor=floor)


def coordinate_estimates(
    subject: Subject,
    coords: Coordinates,
    *,
    side: int = Side.CENTRAL,
    fraction: float = STEP_FRACTION,
    floor: float = 1.0,
    order: int = 8,
) -> NumericDerivative:
    """Return scipy's ∂φ/∂θᵢ for every coordinate of the set, in one vectorised call."""

    def family(t: np.ndarray, which: np.ndarray) -> np.ndarray:
        out = np.empty(t.shape)
        for pos in np.ndindex(t.shape):
            i = which[pos]
            out[pos] = subject.phi_with_element(coords.targets[coords.owner[i]], int(coords.flat[i]), float(t[pos]))
        return out

    steps = coords.steps(fraction, floor)
    return derivatives_at_zero(family, np.arange(len(coords)), steps=steps, side=side, order=order)


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
    """Dense random directions, each coordinate scaled by its magnitude; exact zeros of the data left out.

    Exact zeros of an input are where kinks usually sit (ReLU), and a direction through several
    kinks at once has one-sided derivatives that need not bracket a valid subgradient: callers
    check those coordinates one by one instead. (A parameter at zero, like a fresh bias, is no kink.)
    """
    scales = {}
    for target in targets:
        scale = np.maximum(np.abs(target.base.astype(np.float64)), 1.0)
        if target.param is None:
            scale[target.base == 0] = 0.0
        scales[target.name] = scale / np.sqrt(max(target.base.size, 1))
    directions = []
    for _ in range(count):
        direction = {}
        for target in targets:
            part = rng.random(target.base.shape, dtype=np.float32).astype(np.float64)  # float32 draws: half the work
            part -= 0.5
            part *= scales[target.name]
            direction[target.name] = part
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
