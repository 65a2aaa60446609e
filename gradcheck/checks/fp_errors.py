"""Check 3: overflow, invalid and divide-by-zero in forward or backward, and non-finite results from finite inputs."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..probe import PHASES, Probe
from ..report import Check, Finding, Status

__all__ = ["check_fp_errors"]


def check_fp_errors(probe: Probe, *, location: str | None) -> list[Finding]:
    """Report each phase of the probe run that raised floating-point errors or made non-finite values."""
    findings: list[Finding] = []
    results: dict[str, Any] = {"forward": {"output": probe.run.output}, "backward": probe.run.grads}
    for phase in PHASES:
        where = location if phase == "backward" else None
        events = probe.fp_events[phase]
        if events:
            message = f"{phase} raised floating-point errors: {', '.join(sorted(set(events)))}"
            findings.append(Finding(Check.FP_ERROR, phase, Status.FAIL, message, location=where))
        bad = _non_finite(results[phase]) if probe.inputs_finite else ""
        if bad:
            message = f"{phase} produced non-finite values from finite inputs: {bad}"
            findings.append(Finding(Check.FP_ERROR, phase, Status.FAIL, message, location=where))
    return findings


def _non_finite(values: dict[str, Any]) -> str:
    parts = []
    for name, value in values.items():
        if isinstance(value, np.ndarray) and value.dtype.kind == "f" and not np.isfinite(value).all():
            parts.append(f"{int((~np.isfinite(value)).sum())} in {name}")
    return ", ".join(parts)
