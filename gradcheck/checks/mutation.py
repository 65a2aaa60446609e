"""Check 4: forward and backward must not modify the arrays they are given, nor the parameters."""

from __future__ import annotations

import numpy as np

from ..probe import Probe
from ..report import Check, Finding, Status

__all__ = ["check_mutation"]


def check_mutation(probe: Probe, *, location: str | None) -> list[Finding]:
    """Report every array the probe run's forward or backward wrote into, and every parameter it changed."""
    findings: list[Finding] = []
    for (phase, name, is_param), (before, after) in probe.changes.items():
        where = location if phase == "backward" else None
        if is_param:
            message = f"{phase} modified the parameter `{name}`"
            findings.append(Finding(Check.MUTATION, name, Status.FAIL, message, location=where))
            continue
        index = tuple(int(i) for i in np.argwhere(~_same(before, after))[0])
        message = (
            f"{phase} modified the array `{name}` it was given, in place"
            f" ({name}{list(index)} was {before[index]!r}, became {after[index]!r})"
        )
        findings.append(Finding(Check.MUTATION, name, Status.FAIL, message, index=index, location=where))
    return findings


def _same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a == b) | (np.isnan(a) & np.isnan(b)) if a.dtype.kind == "f" else a == b
