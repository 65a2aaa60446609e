"""A hypothesis-driven hunt for the smallest input on which a backward is wrong."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from hypothesis import HealthCheck, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from tinytorch._validation import describe

from .api import check_layer
from .errors import GradientError
from .options import Mode, Reduction, parse_option
from .report import Report
from .strategies import LayerCase, extreme_floats, layer_cases, on_kinks

__all__ = ["SEARCH_ELEMENTS", "Counterexample", "assert_no_counterexample", "find_counterexample", "minimal_example"]

T = TypeVar("T")

# what the search draws by default: ordinary values, exact kinks at 0, and the extremes that break formulas
SEARCH_ELEMENTS = st.one_of(st.floats(-10, 10), on_kinks((0.0,)), extreme_floats())


@dataclass(frozen=True)
class Counterexample:
    """The shrunk, minimal input on which the check fails, and the report there."""

    x: np.ndarray
    report: Report

    @property
    def shape(self) -> tuple[int, ...]:
        return self.x.shape

    def __str__(self) -> str:
        values = np.array2string(self.x, precision=17, separator=", ")
        return f"the smallest input on which your backward is wrong: shape {self.shape},\nx = {values}\n{self.report}"


def minimal_example(
    strategy: st.SearchStrategy[T], condition: Callable[[T], bool], *, max_examples: int, seed: int
) -> T | None:
    """Draw up to max_examples values (deterministically for a seed); return the shrunk one satisfying condition."""
    search = settings(max_examples=max_examples, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    try:
        return find(strategy, condition, settings=search, random=random.Random(seed))
    except NoSuchExample:
        return None


def find_counterexample(
    factory: Callable[[tuple[int, int]], Any],
    *,
    cases: st.SearchStrategy[LayerCase] | None = None,
    params: Mapping[str, str] | None = None,
    param_reduction: Reduction | str = Reduction.SUM,
    mode: Mode | str = Mode.FULL,
    max_examples: int = 100,
    seed: int = 0,
) -> Counterexample | None:
    """Let hypothesis search shapes and values for an input that fails check_layer; return it shrunk, or None.

    ``factory(shape)`` builds a fresh layer for an input of shape (batch, n_features);
    ``cases`` defaults to ``layer_cases(factory, elements=SEARCH_ELEMENTS)``: ordinary values,
    exact zeros and the extremes around exp's overflow and ±1e308. Deterministic for a seed.
    """
    if not callable(factory):
        raise TypeError(f"`factory` must be callable as factory((batch, n_features)), got {describe(factory)}")
    if cases is not None and not isinstance(cases, st.SearchStrategy):
        raise TypeError(f"`cases` must be a strategy of LayerCase, e.g. layer_cases(factory), got {describe(cases)}")
    if isinstance(max_examples, bool) or not isinstance(max_examples, int) or max_examples < 1:
        raise ValueError(f"`max_examples` must be a positive integer, got {max_examples!r}")
    options: dict[str, Any] = {
        "params": params,
        "param_reduction": parse_option(param_reduction, Reduction, "param_reduction"),
        "mode": parse_option(mode, Mode, "mode"),
        "seed": seed,
    }
    strategy = layer_cases(factory, elements=SEARCH_ELEMENTS) if cases is None else cases
    found = minimal_example(
        strategy, lambda case: not check_layer(case.layer, case.x, **options).ok, max_examples=max_examples, seed=seed
    )
    if found is None:
        return None
    fresh = factory(found.x.shape) if cases is None else found.layer
    return Counterexample(found.x.copy(), check_layer(fresh, found.x, **options))


def assert_no_counterexample(factory: Callable[[tuple[int, int]], Any], **options: Any) -> None:
    """Like find_counterexample, but raise GradientError describing the minimal failing input."""
    found = find_counterexample(factory, **options)
    if found is not None:
        raise GradientError(found.report, message=str(found))
