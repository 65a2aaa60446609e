"""Name the shape of a mismatch: ×/÷ batch size, sign flipped, constant factor, transpose, all zeros."""

from __future__ import annotations

import numpy as np

__all__ = ["diagnose"]

FIT = 1e-3  # relative residual under which a simple relation between analytic and numeric counts as exact


def _close(value: float, expected: float) -> bool:
    return abs(value - expected) <= FIT * abs(expected)


def _factor(analytic: np.ndarray, numeric: np.ndarray) -> float | None:
    """Return c when analytic ≈ c · numeric (least squares, small residual), else None."""
    nn = float(np.dot(numeric, numeric))
    if nn == 0 or not np.isfinite(nn):
        return None
    c = float(np.dot(analytic, numeric)) / nn
    residual = float(np.linalg.norm(analytic - c * numeric))
    return c if residual <= FIT * max(float(np.linalg.norm(analytic)), float(np.linalg.norm(c * numeric))) else None


def diagnose(analytic: np.ndarray, numeric: np.ndarray, *, batch: int | None) -> str | None:
    """Return a one-line diagnosis of how analytic relates to numeric, or None when nothing simple fits."""
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    if a.shape != n.shape or not (np.isfinite(a).all() and np.isfinite(n).all()):
        return None
    if not a.any() and n.any():
        return "the analytic gradient is all zeros: never written, or overwritten"
    c = _factor(a.ravel(), n.ravel())
    if c is not None:
        if _close(c, -1.0):
            return "sign flipped: analytic = −numeric"
        if batch and _close(c, 1 / batch):
            return (
                f"analytic = numeric ÷ batch size ({batch}): a mean where a sum is expected"
                " (mean/sum convention; pass param_reduction='mean' if the layer averages on purpose)"
            )
        if batch and _close(c, float(batch)):
            return f"analytic = numeric × batch size ({batch}): a sum where a mean is expected (mean/sum convention)"
        if not _close(c, 1.0) and c != 0:
            return f"off by a constant factor: analytic ≈ {c:.6g} × numeric"
    if a.ndim == 2 and a.shape[0] == a.shape[1] and a.shape[0] > 1:
        ct = _factor(a.ravel(), n.T.ravel())
        if ct is not None and _close(abs(ct), 1.0):
            return "analytic is the transpose of the numeric gradient" + (
                " (and its sign is flipped)" if ct < 0 else ""
            )
    return None
