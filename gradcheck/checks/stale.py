"""Check 5: backward uses the state of the latest forward, not an earlier one."""

from __future__ import annotations

import numpy as np

from ..report import Check, Finding, Status
from ..targets import Subject
from ..tolerance import Tolerance

__all__ = ["check_stale"]


def _permuted(data: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Another point in the same domain: the same values, shuffled."""
    return {k: rng.permutation(v.ravel()).reshape(v.shape) for k, v in data.items()}


def check_stale(
    subject: Subject,
    pristine: Subject | None,
    *,
    tolerance: Tolerance,
    rng: np.random.Generator,
    location: str | None,
) -> tuple[list[Finding], list[str]]:
    """Forward at one point, then at a second, then backward: the gradients must be those of the second point.

    The reference is ``pristine``, the same subject over a deep copy of the layer taken before
    the harness ever called it: its first forward is at the second point, so it holds no state
    from elsewhere. That catches state kept from the previous forward and state cached once.
    Without a copy (an object deepcopy refuses), the reference is a rerun at the second point,
    which catches only the former.
    """
    base = subject.base_data()
    second, first = _permuted(base, rng), _permuted(base, rng)
    if all(np.array_equal(second[k], base[k]) for k in base):
        return [], ["stale-state check skipped: every input value is equal, so no second point differs"]
    notes = []
    subject.forward(first)
    after_other = subject.run({k: v.copy() for k, v in second.items()}).grads
    if pristine is None:
        notes.append("stale-state check limited: the object could not be deep-copied, so state cached once is missed")
        reference = subject.run({k: v.copy() for k, v in second.items()}).grads
    else:
        reference = pristine.run({k: v.copy() for k, v in second.items()}).grads
    findings = []
    for name, value in after_other.items():
        fresh = reference.get(name)
        if not (isinstance(value, np.ndarray) and isinstance(fresh, np.ndarray)) or value.shape != fresh.shape:
            continue
        if np.array_equal(value, fresh, equal_nan=value.dtype.kind == "f"):
            continue
        deviation = np.abs(value.astype(np.float64) - fresh)
        scale = np.maximum(np.abs(value), np.abs(fresh))
        if np.array_equal(np.isnan(value), np.isnan(fresh)) and np.all(
            deviation <= 64 * tolerance.eps * scale, where=~np.isnan(deviation)
        ):
            continue  # equal but for rounding
        worst = np.unravel_index(int(np.nanargmax(deviation)), deviation.shape) if deviation.ndim else ()
        findings.append(
            Finding(
                check=Check.STALE,
                target=name,
                status=Status.FAIL,
                message=(
                    "after a forward at another point, backward's gradient differs from that of a fresh copy"
                    " given only the latest forward: state from an earlier call (cached once, or kept from"
                    " the previous forward)"
                ),
                index=tuple(int(i) for i in worst),
                analytic=float(value[worst]),
                numeric=float(fresh[worst]),
                abs_error=float(deviation[worst]),
                location=location,
            )
        )
    return findings, notes
