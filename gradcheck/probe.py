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
    # what each phase wrote into an array it was handed (x or y_hat, labels, the upstream gradient)
    # or into a parameter: (phase, name, is a parameter) -> (before the phase, after it); only changes
    changes: dict[tuple[str, str, bool], tuple[np.ndarray, np.ndarray]]
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


class _Watch:
    """Arrays to watch for writes across phases: one copy each, and a second only when one changes."""

    def __init__(self, arrays: dict[tuple[str, bool], np.ndarray]) -> None:
        self.live = arrays
        self.last = {key: value.copy() for key, value in arrays.items()}
        self.changes: dict[tuple[str, str, bool], tuple[np.ndarray, np.ndarray]] = {}

    def after(self, phase: str) -> None:
        for (name, is_param), value in self.live.items():
            before = self.last[(name, is_param)]
            if not np.array_equal(value, before, equal_nan=value.dtype.kind == "f"):
                now = value.copy()
                self.changes[(phase, name, is_param)] = (before, now)
                self.last[(name, is_param)] = now


def probe(subject: Subject) -> Probe:
    """Run forward then backward once at the base point, on copies, recording everything."""
    given = subject.base_data()
    if isinstance(subject, (LossSubject, ModelSubject)):
        given["y"] = subject.labels.copy()
    upstream = subject.upstream.copy() if isinstance(subject, LayerSubject) else None
    watched = {(name, False): value for name, value in given.items()}
    if upstream is not None:
        watched[("grad", False)] = upstream
    watched |= {(t.name, True): t.param.value for t in subject.targets if t.param is not None}
    watch = _Watch(watched)
    inputs_finite = all(np.isfinite(v).all() for v in watch.last.values() if v.dtype.kind == "f")
    events: dict[str, list[str]] = {phase: [] for phase in PHASES}
    with _recording(events["forward"]):
        out = subject.forward(given)
    watch.after("forward")
    with _recording(events["backward"]):
        grads = subject.backward_after_forward(upstream)
    watch.after("backward")
    run = Run(
        np.array(out, copy=True) if isinstance(out, np.ndarray) else out,
        {k: np.array(v, copy=True) if isinstance(v, np.ndarray) else v for k, v in grads.items()},
    )
    return Probe(
        run=run,
        fp_events={phase: tuple(found) for phase, found in events.items()},
        changes=watch.changes,
        inputs_finite=inputs_finite,
    )
