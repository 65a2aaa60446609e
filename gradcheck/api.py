"""The public entry points: check_* return a report, assert_* raise GradientError when it fails."""

from __future__ import annotations

import copy
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from tinytorch.nn.parameters import Parameter, parameters

from .arguments import (
    require_data,
    require_grad_attributes,
    require_methods,
    require_seed,
    require_tolerance,
    resolve_params,
)
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
            require_grad_attributes(params)
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
    require_methods(layer, "layer", ("forward", "backward"), "forward(x) and backward(grad)")
    x = require_data(x, "x")
    resolved = resolve_params(layer, params)
    reduction = parse_option(param_reduction, Reduction, "param_reduction")
    mode = parse_option(mode, Mode, "mode")
    seed = require_seed(seed)
    rtol, atol = require_tolerance(rtol, "rtol"), require_tolerance(atol, "atol")
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
    require_methods(loss, "loss", ("forward", "backward"), "forward(y_hat, y) and backward()")
    y_hat = require_data(y_hat, "y_hat")
    y = require_data(y, "y", floating=False)
    mode = parse_option(mode, Mode, "mode")
    seed = require_seed(seed)
    rtol, atol = require_tolerance(rtol, "rtol"), require_tolerance(atol, "atol")
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
    require_methods(model, "model", ("forward", "backward"), "forward(x) and backward()")
    criterion = getattr(model, "criterion", None)
    require_methods(criterion, "model.criterion", ("forward", "backward"), "forward(y_hat, y) and backward()")
    x = require_data(x, "x")
    y = require_data(y, "y", floating=False)
    reduction = parse_option(param_reduction, Reduction, "param_reduction")
    mode = parse_option(mode, Mode, "mode")
    seed = require_seed(seed)
    rtol, atol = require_tolerance(rtol, "rtol"), require_tolerance(atol, "atol")
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
