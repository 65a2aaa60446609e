"""Check 2: every gradient backward returns or stores has exactly its target's shape and a float dtype."""

from __future__ import annotations

from typing import Any

import numpy as np

from tinytorch._validation import describe

from ..report import Check, Finding, Status
from ..targets import Subject, Target

__all__ = ["check_shapes"]


def check_shapes(
    subject: Subject, raw: dict[str, Any], *, location: str | None
) -> tuple[list[Finding], dict[str, np.ndarray]]:
    """Return shape/dtype findings, and the gradients fit for the value check (float64, exact VJP scale)."""
    findings: list[Finding] = []
    accepted: dict[str, np.ndarray] = {}
    for target in subject.targets:
        grad: Any = raw.get(target.name)
        if grad is None and target.param is None and getattr(subject, "input_grad_supported", True) is False:
            continue  # a model whose backward cannot return the input gradient: nothing to check
        problem = _problem(grad, target)
        if problem is None:
            accepted[target.name] = grad.astype(np.float64) * target.grad_scale
            continue
        transposed = isinstance(grad, np.ndarray) and grad.ndim == 2 and grad.shape == target.base.shape[::-1]
        findings.append(
            Finding(
                check=Check.SHAPE,
                target=target.name,
                status=Status.FAIL,
                message=problem,
                diagnosis="the gradient is transposed" if transposed else None,
                location=location,
            )
        )
    return findings, accepted


def _problem(grad: Any, target: Target) -> str | None:
    """Say what is wrong with a gradient's type, shape or dtype; None when nothing is."""
    where = "returned by backward" if target.param is None else f"stored in .{target.param.grad_name}"
    if not isinstance(grad, np.ndarray):
        return f"the gradient {where} must be a numpy array, got {describe(grad)}"
    if grad.dtype.kind != "f":
        return f"the gradient {where} must be a float array, got {describe(grad)}"
    if grad.shape != target.base.shape:
        broadcasts = " (it only broadcasts to the right shape)" if _broadcasts(grad.shape, target.base.shape) else ""
        return (
            f"the gradient {where} has shape {grad.shape}, but {target.name} has shape {target.base.shape}{broadcasts}"
        )
    if grad.dtype.itemsize < target.base.dtype.itemsize:
        return f"the gradient {where} is {grad.dtype}, but {target.name} is {target.base.dtype}: precision lost"
    return None


def _broadcasts(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    try:
        return np.broadcast_shapes(shape, target) == target
    except ValueError:
        return False
