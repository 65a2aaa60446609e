"""The command's default job: every tinytorch layer and loss over shapes and extreme inputs from the strategies."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch as tt

from .api import check_layer, check_loss
from .report import Report
from .search import minimal_example
from .strategies import extreme_floats, on_kinks, probabilities, shapes, soft_labels

__all__ = ["PIECES", "Line", "Piece", "survey"]


@dataclass(frozen=True)
class Line:
    """One printed line: a piece and target, its status, worst relative error, coordinates and time."""

    piece: str
    target: str
    ok: bool
    worst_rel_error: float
    coordinates: int
    seconds: float
    examples: int
    failure: Report | None = None


@dataclass(frozen=True)
class Piece:
    """One tinytorch piece: how to draw its inputs and how to check it on them."""

    name: str
    draw: st.SearchStrategy[Any]
    check: Callable[[Any, int], Report]


def _arrays(elements: st.SearchStrategy[float], max_features: int = 4) -> st.SearchStrategy[np.ndarray]:
    return shapes(max_batch=5, max_features=max_features).flatmap(
        lambda shape: hnp.arrays(np.float64, shape, elements=elements)
    )


def _pairs(values: st.SearchStrategy[float], labels: st.SearchStrategy[float]) -> st.SearchStrategy[Any]:
    return shapes(max_batch=5, max_features=2).flatmap(
        lambda shape: st.tuples(
            hnp.arrays(np.float64, shape, elements=values), hnp.arrays(np.float64, shape, elements=labels)
        )
    )


ORDINARY = st.floats(-10, 10)
PIECES = (
    Piece(
        "Linear",
        _arrays(st.one_of(ORDINARY, st.floats(-1e3, 1e3))),
        lambda x, seed: check_layer(tt.Linear(x.shape[1], 3, rng=np.random.default_rng(seed)), x, seed=seed),
    ),
    Piece(
        "Sigmoid",
        _arrays(st.one_of(ORDINARY, extreme_floats())),
        lambda x, seed: check_layer(tt.Sigmoid(), x, seed=seed),
    ),
    Piece("ReLU", _arrays(on_kinks((0.0,))), lambda x, seed: check_layer(tt.ReLU(), x, seed=seed)),
    Piece(
        "BinaryCrossEntropy",
        _pairs(probabilities(), soft_labels()),
        lambda pair, seed: check_loss(tt.BinaryCrossEntropy(), *pair, seed=seed),
    ),
    Piece(
        "BCEWithLogits",
        _pairs(st.one_of(ORDINARY, extreme_floats()), soft_labels()),
        lambda pair, seed: check_loss(tt.BCEWithLogits(), *pair, seed=seed),
    ),
)


def _fused_identity(pair: tuple[np.ndarray, np.ndarray]) -> tuple[bool, float]:
    """Sigmoid then BCE, chained backward, against BCEWithLogits.backward = σ(z) − y: (holds, worst rel error)."""
    z, y = pair
    sigmoid, bce, fused = tt.Sigmoid(), tt.BinaryCrossEntropy(), tt.BCEWithLogits()
    y_hat = sigmoid.forward(z)
    bce.forward(y_hat, y)
    fused.forward(z, y)
    expected = tt.sigmoid(z) - y
    inside = (y_hat >= bce.eps) & (y_hat <= 1 - bce.eps)
    chained = sigmoid.backward(bce.backward())
    gap = np.abs(chained - expected)[inside]
    scale = np.maximum(np.abs(expected[inside]), 1e-12)
    worst = float((gap / scale).max()) if gap.size else 0.0
    exact = np.array_equal(fused.backward(), expected)
    return exact and bool(np.all(gap <= 1e-6 * scale + 1e-12)), worst


@dataclass
class _Tally:
    """What the drawn inputs showed, target by target: worst relative error and coordinates checked."""

    examples: int = 0
    targets: dict[str, tuple[float, int]] = field(default_factory=dict)

    def add(self, report: Report) -> None:
        self.examples += 1
        for t in report.targets:
            worst, coordinates = self.targets.get(t.target, (0.0, 0))
            self.targets[t.target] = (max(worst, t.worst_rel_error), coordinates + t.coordinates)


def _piece_lines(piece: Piece, examples: int, seed: int) -> Iterator[Line]:
    start = time.perf_counter()
    tally = _Tally()

    def fails(drawn: Any) -> bool:
        report = piece.check(drawn, seed)
        tally.add(report)
        return not report.ok

    failing = minimal_example(piece.draw, fails, max_examples=examples, seed=seed)
    failure = None if failing is None else piece.check(failing, seed)
    seconds = time.perf_counter() - start
    failed_targets = set() if failure is None else {f.target for f in failure.failures}
    for target, (worst, coordinates) in tally.targets.items():
        ok = target not in failed_targets
        yield Line(piece.name, target, ok, worst, coordinates, seconds, tally.examples, None if ok else failure)
    elsewhere = failed_targets - set(tally.targets)  # e.g. fp-error findings, named after the phase
    if elsewhere:
        yield Line(piece.name, ", ".join(sorted(elsewhere)), False, np.inf, 0, seconds, tally.examples, failure)


def _identity_line(examples: int, seed: int) -> Line:
    start = time.perf_counter()
    worst, coordinates = 0.0, 0

    def fails(pair: Any) -> bool:
        nonlocal worst, coordinates
        holds, rel = _fused_identity(pair)
        worst, coordinates = max(worst, rel), coordinates + pair[0].size
        return not holds

    failing = minimal_example(_pairs(st.floats(-30, 30), soft_labels()), fails, max_examples=examples, seed=seed)
    return Line(
        "fused identity", "σ(z) − y", failing is None, worst, coordinates, time.perf_counter() - start, examples
    )


def survey(*, examples: int = 25, seed: int = 0, progress: Callable[[str], None] | None = None) -> Iterator[Line]:
    """Check each piece on `examples` drawn inputs; yield one line per piece and target (and the fused identity)."""
    for piece in PIECES:
        if progress:
            progress(piece.name)
        yield from _piece_lines(piece, examples, seed)
    if progress:
        progress("fused identity")
    yield _identity_line(examples, seed)
