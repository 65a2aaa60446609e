"""Check 1: every analytic gradient against scipy's numeric one, coordinate by coordinate or along directions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..diagnose import diagnose
from ..estimates import (
    RETRY_STEPS,
    STEP_FRACTION,
    Coordinates,
    coordinate_estimates,
    roundoff_noise,
)
from ..numeric import Side
from ..report import Check, Finding, Status, TargetSummary
from ..targets import Subject, Target
from ..tolerance import Tolerance
from .directions import FAST_ORDER, directional_mismatches

__all__ = ["GradientOutcome", "check_gradients"]

# in fast mode a target this small is checked coordinate by coordinate, exactly as in full mode
FAST_FULL_LIMIT = 256
# a large target that fails along a direction is re-checked in full up to this size, for the worst index
FULL_RERUN_LIMIT = 4096
# an estimate is decisive when its tolerance is at most this fraction of the values compared
DECISIVE = 0.25
N_SAMPLED = {"kinks": 2, "largest": 1}


@dataclass(frozen=True)
class GradientOutcome:
    """Findings of the gradient check and one summary per target."""

    findings: tuple[Finding, ...]
    summaries: tuple[TargetSummary, ...]


@dataclass(frozen=True)
class _Coordinates:
    """Per-coordinate verdicts for some coordinates of one target."""

    flat: np.ndarray
    numeric: np.ndarray
    allowed: np.ndarray
    floor: np.ndarray  # the absolute part of allowed
    failed: np.ndarray
    kink: np.ndarray
    unresolved: np.ndarray
    one_sided: tuple[np.ndarray, np.ndarray]

    def subset(self, mask: np.ndarray) -> _Coordinates:
        """The verdicts of the masked coordinates only."""
        return _Coordinates(
            self.flat[mask],
            self.numeric[mask],
            self.allowed[mask],
            self.floor[mask],
            self.failed[mask],
            self.kink[mask],
            self.unresolved[mask],
            (self.one_sided[0][mask], self.one_sided[1][mask]),
        )


def check_gradients(
    subject: Subject,
    analytic: dict[str, np.ndarray],
    *,
    tolerance: Tolerance,
    fast: bool,
    rng: np.random.Generator,
    location: str | None,
) -> GradientOutcome:
    """Compare each target's analytic gradient (already the exact vector-Jacobian product) with scipy's."""
    findings: list[Finding] = []
    summaries: list[TargetSummary] = []
    checked = [t for t in subject.targets if t.name in analytic]
    large = [t for t in checked if fast and t.base.size > FAST_FULL_LIMIT]
    small = [t for t in checked if t not in large]
    # one scipy call for every coordinate of the small targets, one for the samples of the large ones
    for group, order in ((small, 8), (large, FAST_ORDER)):
        if not group:
            continue
        parts = [
            (t, _sampled_coordinates(t, analytic[t.name]) if t in large else np.arange(t.base.size)) for t in group
        ]
        coords = Coordinates.of(parts)
        a = np.concatenate([analytic[t.name].ravel()[flat] for t, flat in parts])
        verdicts = _check_coordinates(subject, coords, a, tolerance, order=order)
        for k, target in enumerate(group):
            result = verdicts.subset(coords.owner == k)
            grad = analytic[target.name]
            findings.extend(_coordinate_findings(subject, target, grad, result, location, complete=target in small))
            summaries.append(_summary(target, grad, result))
    summaries.sort(key=lambda s: [t.name for t in subject.targets].index(s.target))
    if large:
        findings.extend(_check_directions(subject, large, analytic, tolerance, rng, location))
        failed_targets = {f.target for f in findings if f.status is Status.FAIL}
        summaries = [
            s
            if s.target not in failed_targets
            else TargetSummary(s.target, s.coordinates, s.worst_rel_error, s.worst_index, False)
            for s in summaries
        ]
    return GradientOutcome(tuple(findings), tuple(summaries))


def _check_coordinates(
    subject: Subject, coords: Coordinates, a: np.ndarray, tolerance: Tolerance, *, order: int = 8
) -> _Coordinates:
    """Verdict per coordinate, trying ever smaller first steps until the estimate is decisive.

    An estimate is decisive when its tolerance is small against the values compared: then it
    can tell a factor of two. A coordinate passes on a decisive agreeing estimate, or when its
    one-sided estimates differ (a kink) and the analytic value lies between them; it fails
    when an estimate decisively disagrees and no smaller step clears it; it is unresolved
    (reported, not failed) when no step size gives a decisive estimate.
    """
    size = len(coords)
    numeric, allowed = np.full(size, np.nan), np.full(size, np.inf)
    passed, failed, kink = np.zeros(size, bool), np.zeros(size, bool), np.zeros(size, bool)
    confirmed = np.zeros(size, bool)  # failed decisively at two step sizes with the same numeric value
    left, right = np.full(size, np.nan), np.full(size, np.nan)
    base_noise = roundoff_noise(subject, tolerance, coords.steps())
    for fraction, floor in ((STEP_FRACTION, 1.0), *RETRY_STEPS):
        open_ = np.flatnonzero(~(passed | kink | confirmed))
        if not open_.size:
            break
        sub, a_sub = coords.subset(open_), a[open_]
        noise = roundoff_noise(subject, tolerance, sub.steps(fraction, floor))
        slack = tolerance.atol + base_noise[open_]
        est = coordinate_estimates(subject, sub, fraction=fraction, floor=floor, order=order)
        allow = tolerance.allowed(est.value, est.error, noise)
        gap = np.abs(a_sub - est.value)
        # agreement within the tightest tolerance settles it whatever the step (0 against 0 included)
        strict = gap <= tolerance.rtol * np.abs(est.value) + slack
        decisive = strict | (allow <= DECISIVE * np.maximum(np.abs(a_sub), np.abs(est.value)) + slack)
        agree = gap <= allow
        # a second decisive failure, converged and agreeing with the first: after this step's kink
        # analysis, no smaller step will change the verdict
        precise = est.error <= tolerance.rtol * np.abs(est.value)
        repeat = decisive & ~agree & precise & failed[open_] & (np.abs(est.value - numeric[open_]) <= allow)
        # numbers to report: the first estimate, then the first decisive failure, then a decisive pass
        record = np.isnan(numeric[open_]) | (decisive & (agree | ~failed[open_]))
        numeric[open_[record]], allowed[open_[record]] = est.value[record], allow[record]
        passed[open_[decisive & agree]] = True
        failed[open_[decisive & ~agree]] = True
        failed[open_[decisive & agree]] = False
        confirmed[open_[repeat]] = True
        suspects = np.flatnonzero(failed[open_] & ~passed[open_])
        if not suspects.size:
            continue
        idx = open_[suspects]
        lo, hi = (
            coordinate_estimates(subject, coords.subset(idx), side=side, fraction=fraction, floor=floor, order=order)
            for side in (Side.LEFT, Side.RIGHT)
        )
        allow_lo = tolerance.allowed(lo.value, lo.error, noise[suspects])
        allow_hi = tolerance.allowed(hi.value, hi.error, noise[suspects])
        first_look = np.isnan(left[idx])
        left[idx[first_look]], right[idx[first_look]] = lo.value[first_look], hi.value[first_look]
        is_kink = np.abs(lo.value - hi.value) > allow_lo + allow_hi
        bottom = np.minimum(lo.value - allow_lo, hi.value - allow_hi)
        top = np.maximum(lo.value + allow_lo, hi.value + allow_hi)
        at_kink = is_kink & (a[idx] >= bottom) & (a[idx] <= top)
        kink[idx[at_kink]] = True
        left[idx[at_kink]], right[idx[at_kink]] = lo.value[at_kink], hi.value[at_kink]
        failed[idx[at_kink]] = False
    unresolved = ~(passed | failed | kink)
    floor = allowed - tolerance.rtol * np.abs(np.nan_to_num(numeric))
    return _Coordinates(coords.flat, numeric, allowed, floor, failed, kink, unresolved, (left, right))


def _summary(target: Target, grad: np.ndarray, result: _Coordinates) -> TargetSummary:
    if result.flat.size == 0:
        return TargetSummary(target.name, 0, 0.0, None, True)
    rel = _rel_error(grad.ravel()[result.flat], result)
    worst = int(np.argmax(rel))
    index = tuple(int(i) for i in np.unravel_index(int(result.flat[worst]), target.base.shape))
    return TargetSummary(target.name, int(rel.size), float(rel[worst]), index, not result.failed.any())


def _rel_error(a: np.ndarray, result: _Coordinates) -> np.ndarray:
    """|a − n| / |n|, floored by the absolute tolerance (so noise-level numerics stay meaningful).

    0 at kinks and at unresolved coordinates, which have no single numeric value to compare.
    """
    rel = np.abs(a - result.numeric) / np.maximum(np.abs(result.numeric), result.floor)
    rel = np.where(np.isnan(rel), np.inf, rel)
    return np.where(result.kink | result.unresolved, 0.0, rel)


def _coordinate_findings(
    subject: Subject, target: Target, grad: np.ndarray, result: _Coordinates, location: str | None, *, complete: bool
) -> list[Finding]:
    findings = []
    a = grad.ravel()[result.flat]
    shape = target.base.shape
    if result.failed.any():
        excess = np.where(result.failed, np.abs(a - result.numeric) / result.allowed, -1.0)
        excess = np.where(np.isnan(excess), np.inf, excess)
        worst = int(np.argmax(excess))
        n_failed = int(result.failed.sum())
        diagnosis = None
        if complete:
            diagnosis = diagnose(grad.reshape(shape), result.numeric.reshape(shape), batch=_batch(subject))
        left, right = result.one_sided[0][worst], result.one_sided[1][worst]
        sided = ""
        if abs(left - right) > result.allowed[worst]:  # False when NaN: no one-sided estimates
            sided = f"; a kink there, but outside the one-sided derivatives: left {left:.6g}, right {right:.6g}"
        findings.append(
            Finding(
                check=Check.GRADIENT,
                target=target.name,
                status=Status.FAIL,
                message=f"{n_failed} of {len(result.flat)} checked coordinates differ from the numeric gradient{sided}",
                index=tuple(int(i) for i in np.unravel_index(int(result.flat[worst]), shape)),
                analytic=float(a[worst]),
                numeric=float(result.numeric[worst]),
                abs_error=float(abs(a[worst] - result.numeric[worst])),
                rel_error=float(_rel_error(a, result)[worst]),
                tolerance=float(result.allowed[worst]),
                diagnosis=diagnosis,
                location=location,
            )
        )
    if result.unresolved.any():
        message = (
            f"{int(result.unresolved.sum())} coordinate(s) unresolved: at no step size was scipy's"
            " estimate precise enough to judge (a kink or the edge of the domain very close by, or rounding in forward)"
        )
        findings.append(_first_of(target, a, result, result.unresolved, Status.NOTE, message))
    if result.kink.any():
        first = int(np.flatnonzero(result.kink)[0])
        left, right = result.one_sided[0][first], result.one_sided[1][first]
        message = (
            f"{int(result.kink.sum())} coordinate(s) sit on a kink; the analytic value lies between the"
            f" one-sided derivatives (left {left:.6g}, right {right:.6g}): a valid subgradient"
        )
        findings.append(_first_of(target, a, result, result.kink, Status.KINK, message))
    return findings


def _first_of(
    target: Target, a: np.ndarray, result: _Coordinates, mask: np.ndarray, status: Status, message: str
) -> Finding:
    """A finding about the masked coordinates, pointing at the first of them."""
    first = int(np.flatnonzero(mask)[0])
    return Finding(
        check=Check.GRADIENT,
        target=target.name,
        status=status,
        message=message,
        index=tuple(int(i) for i in np.unravel_index(int(result.flat[first]), target.base.shape)),
        analytic=float(a[first]),
        numeric=float(result.numeric[first]),
    )


def _batch(subject: Subject) -> int | None:
    data = subject.targets[0].base
    return int(data.shape[0]) if data.ndim >= 1 and data.shape[0] > 1 else None


def _sampled_coordinates(target: Target, grad: np.ndarray) -> np.ndarray:
    """Pick the coordinates of a large target that fast mode checks one by one: kinks and the largest entries.

    Random coordinates are left to the random directions, which reach every coordinate at once.
    """
    magnitude = np.abs(grad.ravel())
    k = N_SAMPLED["largest"]
    largest = np.array([np.argmax(magnitude)]) if k == 1 else np.argpartition(magnitude, -k)[-k:]
    if target.param is not None:
        return largest  # a parameter at zero (a fresh bias) is no kink
    kinks = np.flatnonzero(target.base.ravel() == 0)[: N_SAMPLED["kinks"]]
    return np.unique(np.concatenate([kinks, largest]))


def _check_directions(
    subject: Subject,
    large: Sequence[Target],
    analytic: dict[str, np.ndarray],
    tolerance: Tolerance,
    rng: np.random.Generator,
    location: str | None,
) -> list[Finding]:
    """Fast mode on large targets: directions first; a mismatching target small enough is re-checked in full."""
    findings = []
    for mismatch in directional_mismatches(subject, large, analytic, tolerance, rng):
        target = mismatch.target
        if target.base.size <= FULL_RERUN_LIMIT:
            everything = Coordinates.of([(target, np.arange(target.base.size))])
            result = _check_coordinates(subject, everything, analytic[target.name].ravel(), tolerance)
            findings.extend(
                _coordinate_findings(subject, target, analytic[target.name], result, location, complete=True)
            )
            if result.failed.any():
                continue
        a, n = mismatch.analytic, mismatch.numeric
        findings.append(
            Finding(
                check=Check.GRADIENT,
                target=target.name,
                status=Status.FAIL,
                message="the directional derivative along a random dense direction differs from the numeric one",
                analytic=a,
                numeric=n,
                abs_error=abs(a - n),
                rel_error=abs(a - n) / max(abs(n), 1e-300),
                tolerance=mismatch.allowed,
                diagnosis=mismatch.diagnosis(batch=_batch(subject)),
                location=location,
            )
        )
    return findings
