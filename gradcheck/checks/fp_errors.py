"""Check 3: overflow, invalid and divide-by-zero in forward or backward, and non-finite results from finite inputs."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..report import Check, Finding, Status
from ..targets import Subject

__all__ = ["check_fp_errors"]


def _caught(events: list[str]):
    """An errstate that records overflow, invalid and divide-by-zero (underflow is harmless)."""

    def record(kind: str, flag: int) -> None:
        events.append(kind)

    return np.errstate(over="call", invalid="call", divide="call", under="ignore", call=record)


def check_fp_errors(subject: Subject, *, location: str | None) -> list[Finding]:
    """Run forward and backward once with floating-point errors recorded; report each phase that had any."""
    findings: list[Finding] = []
    data = subject.base_data()
    inputs_finite = all(np.isfinite(v).all() for v in data.values()) and all(
        np.isfinite(p.value).all() for p in subject.params
    )
    for phase in ("forward", "backward"):
        events: list[str] = []
        with warnings.catch_warnings(record=True) as caught, _caught(events):
            warnings.simplefilter("always", RuntimeWarning)
            if phase == "forward":
                result: Any = subject.forward(data)
            else:
                result = subject.backward_after_forward()
        events += [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
        if events:
            findings.append(
                Finding(
                    check=Check.FP_ERROR,
                    target=phase,
                    status=Status.FAIL,
                    message=f"{phase} raised floating-point errors: {', '.join(sorted(set(events)))}",
                    location=location if phase == "backward" else None,
                )
            )
        if inputs_finite:
            bad = _non_finite(result)
            if bad:
                findings.append(
                    Finding(
                        check=Check.FP_ERROR,
                        target=phase,
                        status=Status.FAIL,
                        message=f"{phase} produced non-finite values from finite inputs: {bad}",
                        location=location if phase == "backward" else None,
                    )
                )
    return findings


def _non_finite(result: Any) -> str:
    values = result.items() if isinstance(result, dict) else [("output", result)]
    parts = []
    for name, value in values:
        if isinstance(value, np.ndarray) and value.dtype.kind == "f" and not np.isfinite(value).all():
            count = int((~np.isfinite(value)).sum())
            parts.append(f"{count} in {name}")
    return ", ".join(parts)
