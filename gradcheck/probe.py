"""One instrumented forward and backward: what the fp-error, mutation and determinism checks read.

Running the subject once with everything recorded, rather than once per check, keeps the
harness cheap on large layers; each check still lives in its own file and only interprets.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .targets import LayerSubject, LossSubject, ModelSubject, Run, Subject

__all__ = ["PHASES", "Probe", "probe"]

PHASES = ("forward", "backward")


@dataclass(frozen=True)
class Probe:
    """A second forward and backward at the base point, with what each phase did on the side."""

    run: Run
    # floating-point errors (overflow, invalid, divide-by-zero) and RuntimeWarnings, per phase
    fp_events: dict[str, tuple[str, ...]]
    # every array handed in (x or y_hat, labels, upstream gradient): before, after forward, after backward
    given: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    # every parameter: before, after forward, after backward
    params: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    inputs_finite: bool


@contextlib.contextmanager
def _recording(events: list[str]) -> Iterator[None]:
    """Record overflow, invalid and divide-by-zero (underflow is harmless) and RuntimeWarnings."""

    def record(kind: str, flag: int) -> None:
        events.append(kind)

    with (
        warnings.catch_warnings(record=True) as caught,
        np.errstate(over="call", invalid="call", divide="call", under="ignore", call=record),
    ):
        warnings.simplefilter("always", RuntimeWarning)
        yield
    events.extend(str(w.message) for w in caught if issubclass(w.category, RuntimeWarning))


def _copy_params(subject: Subject) -> dict[str, np.ndarray]:
    return {t.name: t.param.value.copy() for t in subject.targets if t.param is not None}


def probe(subject: Subject) -> Probe:
    """Run forward then backward once at the base point, on copies, recording everything."""
    given = subject.base_data()
    if isinstance(subject, (LossSubject, ModelSubject)):
        given["y"] = subject.labels.copy()
    upstream = subject.upstream.copy() if isinstance(subject, LayerSubject) else None
    before = {name: value.copy() for name, value in given.items()}
    if upstream is not None:
        before["grad"] = upstream.copy()
    params_before = _copy_params(subject)
    inputs_finite = all(np.isfinite(v).all() for v in before.values() if v.dtype.kind == "f") and all(
        np.isfinite(p).all() for p in params_before.values()
    )
    events: dict[str, list[str]] = {phase: [] for phase in PHASES}
    with _recording(events["forward"]):
        out = subject.forward(given)
    after_forward = {name: value.copy() for name, value in given.items()}
    if upstream is not None:
        after_forward["grad"] = upstream.copy()
    params_after_forward = _copy_params(subject)
    with _recording(events["backward"]):
        grads = subject.backward_after_forward(upstream)
    run = Run(
        np.array(out, copy=True) if isinstance(out, np.ndarray) else out,
        {k: np.array(v, copy=True) if isinstance(v, np.ndarray) else v for k, v in grads.items()},
    )
    after_backward = dict(given) | ({"grad": upstream} if upstream is not None else {})
    params_after = _copy_params(subject)
    return Probe(
        run=run,
        fp_events={phase: tuple(found) for phase, found in events.items()},
        given={name: (before[name], after_forward[name], after_backward[name]) for name in before},
        params={name: (params_before[name], params_after_forward[name], params_after[name]) for name in params_before},
        inputs_finite=inputs_finite,
    )
