"""Hypothesis strategies for checking backward passes: batches, extreme values, probabilities, kinks, layer cases.

Everything composes ``hypothesis.extra.numpy``; bounds are keyword-only and validated when the
strategy is built, with an error naming the argument. Shrinking goes toward small shapes and
simple values (zeros, small integers), so a failure is reported on the smallest input.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tinytorch._validation import describe

__all__ = [
    "BCE_EPS",
    "EXP_OVERFLOW",
    "EXP_UNDERFLOW",
    "LayerCase",
    "batches",
    "extreme_floats",
    "hard_labels",
    "layer_cases",
    "near",
    "on_kinks",
    "probabilities",
    "shapes",
    "soft_labels",
]

EXP_OVERFLOW = 709.782712893384  # exp(x) overflows float64 above this
EXP_UNDERFLOW = 745.1332191019412  # exp(-x) is 0 beyond this (subnormals end)
BCE_EPS = 1e-8  # tinytorch's BinaryCrossEntropy clip


def _count(value: Any, name: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"`{name}` must be an integer ≥ {minimum}, got {describe(value)}")
    if value < minimum:
        raise ValueError(f"`{name}` must be an integer ≥ {minimum}, got {value}")
    return int(value)


def _range(low: Any, high: Any, low_name: str, high_name: str) -> tuple[int, int]:
    low, high = _count(low, low_name), _count(high, high_name)
    if low > high:
        raise ValueError(f"`{low_name}` must be ≤ `{high_name}`, got {low} > {high}")
    return low, high


def _finite_float(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not math.isfinite(value):
        raise TypeError(f"`{name}` must be a finite number, got {describe(value)}")
    return float(value)


def _elements(elements: Any) -> st.SearchStrategy[float]:
    """Return the element strategy, finite floats in [-10, 10] by default; refuse anything else."""
    if elements is None:
        return st.floats(-10, 10)
    if not isinstance(elements, st.SearchStrategy):
        raise TypeError(f"`elements` must be a hypothesis strategy, got {describe(elements)}")
    return elements


def near(value: float, *, ulps: int = 4) -> st.SearchStrategy[float]:
    """The float value itself and its neighbours up to `ulps` representable steps either side."""
    value = _finite_float(value, "value")
    ulps = _count(ulps, "ulps", minimum=0)
    neighbours = [value]
    below = above = value
    for _ in range(ulps):
        below, above = float(np.nextafter(below, -np.inf)), float(np.nextafter(above, np.inf))
        neighbours += [below, above]
    return st.sampled_from(neighbours)


def extreme_floats() -> st.SearchStrategy[float]:
    """Exact zeros, subnormals, values around exp's overflow thresholds (±709.78, ±745.13), ±1e308, ordinary ones."""
    specials = st.sampled_from([0.0, -0.0, 5e-324, -5e-324, 1e-310, -1e-310, 1e308, -1e308, 1.0, -1.0])
    thresholds = st.one_of(*(near(sign * edge) for edge in (EXP_OVERFLOW, EXP_UNDERFLOW) for sign in (1.0, -1.0)))
    return st.one_of(specials, thresholds, st.floats(-1e3, 1e3, allow_subnormal=True))


def shapes(
    *,
    n_features: int | None = None,
    batch_size: int | None = None,
    min_batch: int = 1,
    max_batch: int = 8,
    min_features: int = 1,
    max_features: int = 8,
) -> st.SearchStrategy[tuple[int, int]]:
    """(batch, n_features) shapes: either side fixed or drawn between its bounds (shrinking to the smallest)."""
    min_batch, max_batch = _range(min_batch, max_batch, "min_batch", "max_batch")
    min_features, max_features = _range(min_features, max_features, "min_features", "max_features")
    batch = st.just(_count(batch_size, "batch_size")) if batch_size is not None else st.integers(min_batch, max_batch)
    features = (
        st.just(_count(n_features, "n_features")) if n_features is not None else st.integers(min_features, max_features)
    )
    return st.tuples(batch, features)


def batches(
    *,
    n_features: int | None = None,
    batch_size: int | None = None,
    min_batch: int = 1,
    max_batch: int = 8,
    min_features: int = 1,
    max_features: int = 8,
    elements: st.SearchStrategy[float] | None = None,
) -> st.SearchStrategy[np.ndarray]:
    """float64 arrays of shape (batch, n_features); elements default to finite floats in [-10, 10]."""
    values = _elements(elements)
    shape = shapes(
        n_features=n_features,
        batch_size=batch_size,
        min_batch=min_batch,
        max_batch=max_batch,
        min_features=min_features,
        max_features=max_features,
    )
    return hnp.arrays(np.float64, shape, elements=values)


def probabilities(*, eps: float = BCE_EPS) -> st.SearchStrategy[float]:
    """Probabilities including 0, 1, the clip boundaries eps and 1 − eps, and values just inside and outside them."""
    eps = _finite_float(eps, "eps")
    if not 0 < eps < 0.5:
        raise ValueError(f"`eps` must be in (0, 0.5), got {eps}")
    edges = st.one_of(near(0.0), near(1.0), near(eps), near(1 - eps), st.sampled_from([eps / 100, 1 - eps / 100]))
    return st.one_of(edges, st.floats(0, 1))


def hard_labels() -> st.SearchStrategy[float]:
    """Labels 0.0 or 1.0."""
    return st.sampled_from([0.0, 1.0])


def soft_labels() -> st.SearchStrategy[float]:
    """Labels anywhere in [0, 1], ends included."""
    return st.one_of(hard_labels(), st.floats(0, 1))


def on_kinks(points: Sequence[float] = (0.0,), *, ulps: int = 2, spread: float = 10.0) -> st.SearchStrategy[float]:
    """Values exactly on the given kink points, a few ulps beside them, or ordinary values within ±spread."""
    if isinstance(points, (str, bytes)) or not isinstance(points, Sequence) or not points:
        raise TypeError(f"`points` must be a non-empty sequence of numbers, got {describe(points)}")
    kinks = [_finite_float(p, "points") for p in points]
    spread = _finite_float(spread, "spread")
    if spread <= 0:
        raise ValueError(f"`spread` must be positive, got {spread}")
    exact = st.sampled_from(kinks)
    beside = st.one_of(*(near(p, ulps=ulps) for p in kinks))
    return st.one_of(exact, beside, st.floats(-spread, spread))


@dataclass(frozen=True)
class LayerCase:
    """A layer built for a drawn shape, with its input."""

    layer: Any
    x: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return self.x.shape


def layer_cases(
    factory: Callable[[tuple[int, int]], Any],
    *,
    inputs: Callable[[tuple[int, int]], st.SearchStrategy[np.ndarray]] | None = None,
    n_features: int | None = None,
    batch_size: int | None = None,
    min_batch: int = 1,
    max_batch: int = 8,
    min_features: int = 1,
    max_features: int = 8,
    elements: st.SearchStrategy[float] | None = None,
) -> st.SearchStrategy[LayerCase]:
    """Draw a shape, build ``factory(shape)`` and draw an input of that shape (from ``elements`` or ``inputs``)."""
    if not callable(factory):
        raise TypeError(f"`factory` must be callable as factory((batch, n_features)), got {describe(factory)}")
    if inputs is not None and not callable(inputs):
        raise TypeError(f"`inputs` must be callable as inputs(shape) -> strategy, got {describe(inputs)}")
    values = _elements(elements)
    shape = shapes(
        n_features=n_features,
        batch_size=batch_size,
        min_batch=min_batch,
        max_batch=max_batch,
        min_features=min_features,
        max_features=max_features,
    )

    def case(drawn: tuple[int, int]) -> st.SearchStrategy[LayerCase]:
        x = inputs(drawn) if inputs is not None else hnp.arrays(np.float64, drawn, elements=values)
        return x.map(lambda array: LayerCase(factory(drawn), array))

    return shape.flatmap(case)
