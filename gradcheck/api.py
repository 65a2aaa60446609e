"""The public entry points: check_* return a report, assert_* raise GradientError when it fails."""

from __future__ import annotations

import copy
import math
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from tinytorch._validation import describe
from tinytorch.nn.parameters import Parameter, declared_params, parameters

from .checks.determinism import check_determinism
from .checks.fp_errors import check_fp_errors
from .checks.gradient import check_gradients
from .checks.mutation import check_mutation
from .checks.shape import check_shapes
from .checks.stale import check_stale
from .checks.upstream import check_upstream
from .errors import GradientError
from .observers import notify
from .options import Mode, Reduction, parse_option
from .probe import probe
from .report import Check, Finding, Report, Status
from .targets import LayerSubject, LossSubject, ModelSubject, Subject, restoring, source_location
from .tolerance import tolerance_for

__all__ = ["assert_layer", "assert_loss", "assert_model", "check_layer", "check_loss", "check_model"]

# the checks' own random stream, apart from the upstream gradient's and the caller's
CHECKS_STREAM = 0x63


def _require_methods(obj: Any, name: str, methods: tuple[str, ...], signature: str) -> None:
    missing = [m for m in methods if not callable(getattr(obj, m, None))]
    if missing:
        raise TypeError(f"`{name}` must have {signature}, got {describe(obj)} without {', '.join(missing)}")


def _require_data(value: Any, name: str, *, floating: bool = True) -> np.ndarray:
    kinds = "f" if floating else "biuf"
    if not isinstance(value, np.ndarray) or value.dtype.kind not in kinds:
        kind = "a float" if floating else "a numeric"
        raise TypeError(f"`{name}` must be {kind} numpy array, got {describe(value)}")
    if value.size == 0:
        raise ValueError(f"`{name}` must not be empty, got {describe(value)}")
    if value.dtype.kind == "f" and np.isnan(value).any():
        raise ValueError(f"`{name}` must not contain NaN, got {int(np.isnan(value).sum())} NaN entries")
    return value


def _require_tolerance(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"`{name}` must be a non-negative number or None, got {describe(value)}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"`{name}` must be a non-negative number or None, got {value}")
    return float(value)


def _resolve_params(layer: Any, params: Mapping[str, str] | None) -> list[Parameter]:
    """Return the parameters to check: the mapping given, else what the layer declares."""
    if params is None:
        return [Parameter(layer, name, grad) for name, grad in declared_params(layer).items()]
    if not isinstance(params, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in params.items()):
        raise TypeError(
            f"`params` must map parameter attribute names to gradient attribute names, e.g."
            f" {{'weights': 'grad_w'}}, got {describe(params)}"
        )
    resolved = []
    for name, grad_name in params.items():
        value = getattr(layer, name, None)
        if value is None:
            raise ValueError(f"`params` names attribute {name!r}, but {type(layer).__name__} has no attribute {name!r}")
        if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
            raise TypeError(
                f"`params` names {name!r}, but {type(layer).__name__}.{name} is {describe(value)}, not a float array"
            )
        resolved.append(Parameter(layer, name, grad_name))
    return resolved


def _require_grad_attributes(params: list[Parameter]) -> None:
    for p in params:
        if not hasattr(p.owner, p.grad_name):
            raise ValueError(
                f"`params` maps {p.name!r} to gradient attribute {p.grad_name!r}, but {type(p.owner).__name__}"
                f" has no attribute {p.grad_name!r} after backward"
            )


def _run(
    kind: str,
    owner: Any,
    make_subject: Callable[[], Subject],
    params: list[Parameter],
    *,
    mode: Mode,
    seed: int,
    rtol: float | None,
    atol: float | None,
) -> Report:
    """Run every check on one subject, with parameters restored whatever happens."""
    start = time.perf_counter()
    location = source_location(type(owner).backward)
    findings: list[Finding] = []
    notes: list[str] = []
    summaries: tuple = ()
    precision = "float64"
    rng = np.random.default_rng([CHECKS_STREAM, seed])
    # a copy taken before the harness first calls the object: the stale-state check's reference
    pristine = _deep_copy(owner)
    # floating-point trouble is the fp-error check's to report: elsewhere it must neither print
    # nor, under a caller's "error" warning filter, abort a check halfway
    with restoring(params), warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            subject = make_subject()
            first = subject.run()
        except Exception as exc:  # the layer itself failed: report it, parameters are restored on exit
            findings.append(_crash(exc, "the first forward/backward", location))
        else:
            _require_grad_attributes(params)
            # the layer's precision is that of its least precise float: output, input or parameter
            floats = [np.dtype(d) for d in (subject.output_dtype, *(t.base.dtype for t in subject.targets))]
            least = min((d for d in floats if d.kind == "f"), key=lambda d: d.itemsize, default=np.dtype(np.float64))
            tolerance = tolerance_for(least, rtol=rtol, atol=atol)
            precision = tolerance.precision
            if precision != "float64":
                notes.append(f"the layer computes in {precision}: checked with tolerances derived from its precision")
            try:
                shape_findings, accepted = check_shapes(subject, first.grads, location=location)
                findings += shape_findings
                second = probe(subject)
                findings += check_fp_errors(second, location=location)
                findings += check_mutation(second, location=location)
                findings += check_determinism(first, second.run, location=location)
                findings += check_upstream(subject, first, tolerance=tolerance, rng=rng, location=location)
                outcome = check_gradients(
                    subject, accepted, tolerance=tolerance, fast=mode is Mode.FAST, rng=rng, location=location
                )
                findings += outcome.findings
                summaries = outcome.summaries
                reference = None if pristine is None else subject.rebound(*pristine)
                stale, stale_notes = check_stale(subject, reference, tolerance=tolerance, rng=rng, location=location)
                findings += stale
                notes += stale_notes
            except Exception as exc:
                findings.append(_crash(exc, "a check", location))
            if subject.targets and getattr(subject, "input_grad_supported", True) is False:
                notes.append("the model's backward cannot return the input gradient: the input was not checked")
    report = Report(
        subject=type(owner).__name__,
        kind=kind,
        mode=mode.value,
        findings=tuple(findings),
        targets=summaries,
        precision=precision,
        seconds=time.perf_counter() - start,
        notes=tuple(notes),
    )
    notify(report)
    return report


def _deep_copy(owner: Any) -> tuple[Any, dict[int, Any]] | None:
    """Return a deep copy of owner and deepcopy's memo (ids to copies), or None when it cannot be copied."""
    memo: dict[int, Any] = {}
    try:
        return copy.deepcopy(owner, memo), memo
    except Exception:
        return None


def _crash(exc: Exception, during: str, location: str | None) -> Finding:
    return Finding(
        check=Check.CRASH,
        target="layer",
        status=Status.FAIL,
        message=f"{type(exc).__name__} raised during {during}: {exc}",
        location=location,
    )


def check_layer(
    layer: Any,
    x: np.ndarray,
    *,
    params: Mapping[str, str] | None = None,
    param_reduction: Reduction | str = Reduction.SUM,
    mode: Mode | str = Mode.FULL,
    seed: int = 0,
    rtol: float | None = None,
    atol: float | None = None,
) -> Report:
    """Check a layer's backward (input and parameter gradients) at x; return the report.

    Args:
        layer: any object with ``forward(x)`` and ``backward(grad)``.
        x: the input, a float array; never modified.
        params: {parameter attribute: gradient attribute}; default: what the layer declares
            through tinytorch's ``param_grads`` (none: only the input gradient is checked).
        param_reduction: ``"sum"`` when stored parameter gradients are the exact vector-Jacobian
            product, ``"mean"`` when they are divided by the batch size.
        mode: ``"full"`` (every coordinate) or ``"fast"`` (random directions plus a sample).
        seed: seeds the upstream gradient, the directions and the samples.
        rtol, atol: override the tolerances derived from the layer's precision.
    """
    _require_methods(layer, "layer", ("forward", "backward"), "forward(x) and backward(grad)")
    x = _require_data(x, "x")
    resolved = _resolve_params(layer, params)
    reduction = parse_option(param_reduction, Reduction, "param_reduction")
    mode = parse_option(mode, Mode, "mode")
    seed = _require_seed(seed)
    rtol, atol = _require_tolerance(rtol, "rtol"), _require_tolerance(atol, "atol")
    return _run(
        "layer",
        layer,
        lambda: LayerSubject(layer, x, resolved, mean=reduction is Reduction.MEAN, seed=seed),
        resolved,
        mode=mode,
        seed=seed,
        rtol=rtol,
        atol=atol,
    )


def check_loss(
    loss: Any,
    y_hat: np.ndarray,
    y: np.ndarray,
    *,
    mode: Mode | str = Mode.FULL,
    seed: int = 0,
    rtol: float | None = None,
    atol: float | None = None,
) -> Report:
    """Check that loss.backward() is the gradient, with respect to y_hat, of the sum of what forward returns."""
    _require_methods(loss, "loss", ("forward", "backward"), "forward(y_hat, y) and backward()")
    y_hat = _require_data(y_hat, "y_hat")
    y = _require_data(y, "y", floating=False)
    mode = parse_option(mode, Mode, "mode")
    seed = _require_seed(seed)
    rtol, atol = _require_tolerance(rtol, "rtol"), _require_tolerance(atol, "atol")
    return _run(
        "loss",
        loss,
        lambda: LossSubject(loss, y_hat, y),
        [],
        mode=mode,
        seed=seed,
        rtol=rtol,
        atol=atol,
    )


def check_model(
    model: Any,
    x: np.ndarray,
    y: np.ndarray,
    *,
    param_reduction: Reduction | str = Reduction.MEAN,
    mode: Mode | str = Mode.FULL,
    seed: int = 0,
    rtol: float | None = None,
    atol: float | None = None,
) -> Report:
    """Check a Sequential-style model end to end: every declared parameter and the input, through its criterion.

    tinytorch's ``Sequential.backward`` returns gradients of the batch-mean loss, hence the
    default ``param_reduction="mean"`` (applied to the input gradient too).
    """
    _require_methods(model, "model", ("forward", "backward"), "forward(x) and backward()")
    criterion = getattr(model, "criterion", None)
    _require_methods(criterion, "model.criterion", ("forward", "backward"), "forward(y_hat, y) and backward()")
    x = _require_data(x, "x")
    y = _require_data(y, "y", floating=False)
    reduction = parse_option(param_reduction, Reduction, "param_reduction")
    mode = parse_option(mode, Mode, "mode")
    seed = _require_seed(seed)
    rtol, atol = _require_tolerance(rtol, "rtol"), _require_tolerance(atol, "atol")
    params = list(parameters(model))
    return _run(
        "model",
        model,
        lambda: ModelSubject(model, x, y, params, mean=reduction is Reduction.MEAN),
        params,
        mode=mode,
        seed=seed,
        rtol=rtol,
        atol=atol,
    )


def _require_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"`seed` must be a non-negative integer, got {describe(seed)}")
    if seed < 0:
        raise ValueError(f"`seed` must be a non-negative integer, got {seed}")
    return int(seed)


def _raise_if_failed(report: Report) -> Report:
    if not report.ok:
        raise GradientError(report)
    return report


def assert_layer(layer: Any, x: np.ndarray, **options: Any) -> Report:
    """Like check_layer, but raise GradientError (an AssertionError) whose message is the report."""
    return _raise_if_failed(check_layer(layer, x, **options))


def assert_loss(loss: Any, y_hat: np.ndarray, y: np.ndarray, **options: Any) -> Report:
    """Like check_loss, but raise GradientError when a check fails."""
    return _raise_if_failed(check_loss(loss, y_hat, y, **options))


def assert_model(model: Any, x: np.ndarray, y: np.ndarray, **options: Any) -> Report:
    """Like check_model, but raise GradientError when a check fails."""
    return _raise_if_failed(check_model(model, x, y, **options))
