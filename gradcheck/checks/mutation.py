"""Check 4: forward and backward must not modify the arrays they are given, nor the parameters."""

from __future__ import annotations

import numpy as np

from ..report import Check, Finding, Status
from ..targets import LayerSubject, LossSubject, ModelSubject, Subject

__all__ = ["check_mutation"]


def check_mutation(subject: Subject, *, location: str | None) -> list[Finding]:
    """Hand forward and backward copies, then compare them (and the parameters) with the originals."""
    findings: list[Finding] = []
    given = subject.base_data()
    if isinstance(subject, (LossSubject, ModelSubject)):
        given["y"] = subject.labels.copy()
    originals = {name: value.copy() for name, value in given.items()}
    params_before = _param_snapshot(subject)
    subject.forward(given)
    findings += _changed(given, originals, "forward", None)
    findings += _params_changed(subject, params_before, "forward", None)
    params_before = _param_snapshot(subject)
    if isinstance(subject, LayerSubject):
        upstream = subject.upstream.copy()
        subject.backward_after_forward(upstream)
        findings += _changed({"grad": upstream}, {"grad": subject.upstream}, "backward", location)
    else:
        after_forward = {name: value.copy() for name, value in given.items()}
        subject.backward_after_forward()
        findings += _changed(given, after_forward, "backward", location)
    findings += _params_changed(subject, params_before, "backward", location)
    return findings


def _param_snapshot(subject: Subject) -> dict[str, np.ndarray]:
    return {t.name: t.param.value.copy() for t in subject.targets if t.param is not None}


def _changed(now: dict, before: dict, phase: str, location: str | None) -> list[Finding]:
    findings = []
    for name, value in now.items():
        if not np.array_equal(value, before[name], equal_nan=True):
            index = tuple(int(i) for i in np.argwhere(~_same(value, before[name]))[0])
            findings.append(
                Finding(
                    check=Check.MUTATION,
                    target=name,
                    status=Status.FAIL,
                    message=(
                        f"{phase} modified the array `{name}` it was given, in place"
                        f" ({name}{list(index)} was {before[name][index]!r}, became {value[index]!r})"
                    ),
                    index=index,
                    location=location,
                )
            )
    return findings


def _params_changed(subject: Subject, before: dict, phase: str, location: str | None) -> list[Finding]:
    return [
        Finding(
            check=Check.MUTATION,
            target=t.name,
            status=Status.FAIL,
            message=f"{phase} modified the parameter `{t.name}`",
            location=location,
        )
        for t in subject.targets
        if t.param is not None and not np.array_equal(t.param.value, before[t.name], equal_nan=True)
    ]


def _same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a == b) | (np.isnan(a) & np.isnan(b)) if a.dtype.kind == "f" else a == b
