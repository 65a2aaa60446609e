"""Check 6: a layer's backward is linear in the upstream gradient: b(αg₁ + βg₂) = αb(g₁) + βb(g₂)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..report import Check, Finding, Status
from ..targets import LayerSubject, Run, Subject
from ..tolerance import Tolerance

__all__ = ["check_upstream"]

# a negative coefficient catches a backward that gates on the sign of the upstream gradient
ALPHA, BETA = 1.5, -0.75


def _grads(subject: LayerSubject, upstream: np.ndarray) -> dict[str, Any]:
    return subject.run(upstream=upstream.astype(subject.upstream.dtype)).grads


def check_upstream(
    subject: Subject, first: Run, *, tolerance: Tolerance, rng: np.random.Generator, location: str | None
) -> list[Finding]:
    """Compare backward at a combination of two upstream gradients with the same combination of backwards.

    The first upstream gradient is the subject's own, whose backward the first run already holds.
    """
    if not isinstance(subject, LayerSubject):
        return []
    g1 = subject.upstream.astype(np.float64)
    g2 = rng.standard_normal(subject.upstream.shape)
    b1, b2 = first.grads, _grads(subject, g2)
    combined = _grads(subject, ALPHA * g1 + BETA * g2)
    findings = []
    for name, value in combined.items():
        if not all(isinstance(v, np.ndarray) and v.dtype.kind == "f" for v in (value, b1[name], b2[name])):
            continue
        if not value.shape == b1[name].shape == b2[name].shape:
            continue  # shapes that disagree are the shape check's business
        expected = ALPHA * b1[name].astype(np.float64)
        expected += BETA * b2[name]
        deviation = np.abs(value - expected)
        # rounding is relative to the largest entries combined (max norms: one pass each on large layers)
        scale = abs(ALPHA) * _max_abs(b1[name]) + abs(BETA) * _max_abs(b2[name])
        if not np.isnan(deviation).any() and _max_abs(deviation) <= 64 * tolerance.eps * scale + tolerance.atol:
            continue
        ignores = np.array_equal(b1[name], b2[name]) and np.array_equal(value, b1[name])
        worst = np.unravel_index(int(np.nanargmax(deviation)), deviation.shape) if deviation.ndim else ()
        findings.append(
            Finding(
                check=Check.UPSTREAM,
                target=name,
                status=Status.FAIL,
                message=(
                    "backward is not linear in the upstream gradient:"
                    f" b(αg₁ + βg₂) ≠ αb(g₁) + βb(g₂) for (α, β) = ({ALPHA}, {BETA})"
                ),
                index=tuple(int(i) for i in worst),
                analytic=float(value[worst]),
                numeric=float(expected[worst]),
                abs_error=float(deviation[worst]),
                diagnosis="backward ignores the upstream gradient"
                if ignores
                else ("backward depends on the upstream gradient non-linearly (gating on its sign?)"),
                location=location,
            )
        )
    return findings


def _max_abs(array: np.ndarray) -> float:
    return float(np.max(np.abs(array))) if array.size else 0.0
