"""Check 7: identical forward/backward calls give identical results (no accumulation, no hidden randomness)."""

from __future__ import annotations

import numpy as np

from ..report import Check, Finding, Status
from ..targets import Run

__all__ = ["check_determinism"]


def check_determinism(first: Run, second: Run, *, location: str | None) -> list[Finding]:
    """Two forward/backward runs on the same inputs must give bitwise identical results."""
    findings = []
    pairs = {"output": (first.output, second.output)} | {
        name: (grad, second.grads.get(name)) for name, grad in first.grads.items()
    }
    for name, (value, other) in pairs.items():
        if not (isinstance(value, np.ndarray) and isinstance(other, np.ndarray)):
            continue
        if value.shape == other.shape and np.array_equal(value, other, equal_nan=value.dtype.kind == "f"):
            continue
        ratio = _ratio(value, other)
        what = "outputs" if name == "output" else "gradients"
        hint = f" (the second is {ratio:.6g} × the first: gradients accumulate across calls?)" if ratio else ""
        findings.append(
            Finding(
                check=Check.DETERMINISM,
                target=name,
                status=Status.FAIL,
                message=f"two identical forward/backward calls gave different {what}{hint}",
                location=None if name == "output" else location,
            )
        )
    return findings


def _ratio(first: np.ndarray, second: np.ndarray) -> float | None:
    """Return c when second = c · first for some c ≠ 1 (an accumulating gradient), else None."""
    if first.shape != second.shape or first.dtype.kind != "f":
        return None
    norm = float(np.dot(first.ravel(), first.ravel()))
    if norm == 0:
        return None
    c = float(np.dot(first.ravel(), second.ravel())) / norm
    return c if np.allclose(second, c * first, rtol=1e-9, atol=0) and not np.isclose(c, 1.0) else None
