"""How close is close enough: tolerances derived from the precision the layer computes in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Tolerance", "tolerance_for"]

# float64: scipy's estimates agree with closed forms to ~1e-10 on smooth layers, so 1e-6 leaves
# room for rounding and still flags any real slip. float32: ~7 digits in each evaluation of φ.
DEFAULT_RTOL = {"float64": 1e-6, "float32": 1e-2}
# absolute differences this small live where results underflow: rounding, not a wrong formula.
# Anything larger must be explained by the round-off floor below, which scales with φ itself.
DEFAULT_ATOL = {"float64": 1e-290, "float32": 1e-30}
# multiples of scipy's own error estimate, and of the round-off floor eps·Σ|terms of φ|/step
ERROR_FACTOR = 4.0
ROUNDOFF_FACTOR = 64.0


@dataclass(frozen=True)
class Tolerance:
    """A coordinate passes when |analytic − numeric| ≤ rtol·|numeric| + atol + noise + k·(error estimate)."""

    rtol: float
    atol: float
    error_factor: float
    precision: str
    eps: float

    def allowed(self, numeric: np.ndarray, error: np.ndarray, noise: np.ndarray) -> np.ndarray:
        """Return the allowed absolute deviation at each coordinate."""
        return self.rtol * np.abs(numeric) + self.atol + noise + self.error_factor * np.nan_to_num(error, nan=0.0)


def tolerance_for(dtype: np.dtype, *, rtol: float | None, atol: float | None) -> Tolerance:
    """Return the tolerance for a layer whose output has this dtype (half and single use float32's)."""
    precision = "float64" if np.dtype(dtype).itemsize >= 8 or np.dtype(dtype).kind != "f" else "float32"
    eps = float(np.finfo(np.float64 if precision == "float64" else np.float32).eps)
    return Tolerance(
        rtol=DEFAULT_RTOL[precision] if rtol is None else rtol,
        atol=DEFAULT_ATOL[precision] if atol is None else atol,
        error_factor=ERROR_FACTOR,
        precision=precision,
        eps=eps,
    )
