"""Check 7: identical forward/backward calls give identical results (no accumulation, no hidden randomness)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..report import Check, Finding, Status
from ..targets import Subject

__all__ = ["check_determinism"]


def _run(subject: Subject) -> dict[str, Any]:
    out = subject.forward(subject.base_data())
    grads = subject.backward_after_forward()
    return {
        "output": np.array(out, copy=True),
        **{k: None if v is None else np.array(v, copy=True) for k, v in grads.items()},
    }


def check_determinism(subject: Subject, *, location: str | None) -> list[Finding]:
    """Run forward and backward twice on the same inputs; every result must be bitwise identical."""
    first, second = _run(subject), _run(subject)
    findings = []
    for name, value in first.items():
        other = second[name]
        if value is None or other is None:
            continue
        if value.shape != other.shape or not np.array_equal(value, other, equal_nan=value.dtype.kind == "f"):
            ratio = _ratio(value, other)
            findings.append(
                Finding(
                    check=Check.DETERMINISM,
                    target=name,
                    status=Status.FAIL,
                    message="two identical forward/backward calls gave different "
                    + ("outputs" if name == "output" else "gradients")
                    + (
                        f" (the second is {ratio:.6g} × the first: gradients accumulate across calls?)"
                        if ratio is not None
                        else ""
                    ),
                    location=None if name == "output" else location,
                )
            )
    return findings


def _ratio(first: np.ndarray, second: np.ndarray) -> float | None:
    if first.shape != second.shape or first.dtype.kind != "f":
        return None
    norm = float(np.dot(first.ravel(), first.ravel()))
    if norm == 0:
        return None
    c = float(np.dot(first.ravel(), second.ravel())) / norm
    return c if np.allclose(second, c * first, rtol=1e-9, atol=0) and not np.isclose(c, 1.0) else None
