"""Numeric derivatives from scipy.differentiate: pure functions, no layers, no hypothesis.

Every derivative here is taken at t = 0 of a family of scalar functions
``t ↦ φ(θ + t·dᵢ) − φ(θ)``, where each dᵢ is a coordinate axis or a random direction.
Differentiating the *difference* from the baseline matters: scipy's stencil weights sum to
zero only up to rounding, which would otherwise add |φ|·eps/step to every estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.differentiate import derivative

__all__ = ["NumericDerivative", "Side", "derivatives_at_zero", "initial_steps"]

# scipy halves the step each iteration; 20 iterations resolve a kink 1e-6 of a step away
MAX_ITERATIONS = 20


class Side:
    """Which stencil scipy uses: central, or one-sided from the left or the right."""

    CENTRAL = 0
    LEFT = -1
    RIGHT = 1


@dataclass(frozen=True)
class NumericDerivative:
    """scipy's estimates, one per function of the family, and its error estimates."""

    value: np.ndarray
    error: np.ndarray


def initial_steps(magnitudes: np.ndarray, *, fraction: float, floor: float = 1.0) -> np.ndarray:
    """Return first steps of `fraction` times each coordinate's magnitude, counted as at least `floor`."""
    return fraction * np.maximum(np.abs(magnitudes), floor)


def derivatives_at_zero(
    func: Callable[[np.ndarray, np.ndarray], np.ndarray],
    which: np.ndarray,
    *,
    steps: np.ndarray,
    side: int = Side.CENTRAL,
    order: int = 8,
) -> NumericDerivative:
    """Differentiate t ↦ func(t, i) at t = 0 for every i in `which`, in one vectorised scipy call.

    ``func(t, i)`` receives arrays of offsets and family indices of matching shape (scipy
    passes only the members still iterating) and must return φ(θ + t·dᵢ) − φ(θ) for each.
    """

    def elementwise(t: np.ndarray, index: np.ndarray) -> np.ndarray:
        t, index = np.broadcast_arrays(t, index)
        return func(t, index.astype(np.intp))

    best_value = np.full(len(which), np.nan)
    best_error = np.full(len(which), np.inf)

    def keep_best(result: object) -> None:
        # scipy stops when the error estimate grows tenfold and returns that last, worse
        # estimate; rounding in φ makes this common at small steps, so keep the best seen
        value, error = np.asarray(result.df), np.asarray(result.error)  # type: ignore[attr-defined]
        better = np.isfinite(value) & (np.nan_to_num(error, nan=np.inf) < best_error)
        best_value[better] = value[better]
        best_error[better] = error[better]

    result = derivative(
        elementwise,
        np.zeros(len(which), dtype=np.float64),
        args=(np.asarray(which, dtype=np.float64),),
        initial_step=steps,
        step_direction=side,
        maxiter=MAX_ITERATIONS,
        order=order,
        callback=keep_best,
    )
    keep_best(result)
    final_value, final_error = np.asarray(result.df, dtype=np.float64), np.asarray(result.error, dtype=np.float64)
    # no estimate with a finite error (e.g. a single iteration): fall back on scipy's answer, NaN included
    value = np.where(np.isfinite(best_error), best_value, final_value)
    error = np.where(np.isfinite(best_error), best_error, final_error)
    return NumericDerivative(value, error)
