"""The strategies: what they draw, their bounds validated up front, and the search built on them."""

import numpy as np
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import gradcheck
import tinytorch as tt
from gradcheck import strategies as gs
from gradcheck.corpus import mutants
from gradcheck.search import assert_no_counterexample, find_counterexample


def reaches(strategy, condition):
    """Whether hypothesis can draw a value satisfying condition."""
    try:
        find(strategy, condition, settings=settings(max_examples=2000, database=None))
    except Exception:
        return False
    return True


@given(gs.batches(n_features=3, min_batch=2, max_batch=5))
def test_batches_have_the_requested_shape(x):
    assert x.dtype == np.float64 and x.shape[1] == 3 and 2 <= x.shape[0] <= 5


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0.0, "zero"),
        (5e-324, "subnormal"),
        (gs.EXP_OVERFLOW, "exp overflow"),
        (-gs.EXP_UNDERFLOW, "exp underflow"),
        (1e308, "1e308"),
        (-1e308, "-1e308"),
    ],
)
def test_extreme_floats_reach_each_edge(value, label):
    assert reaches(gs.extreme_floats(), lambda v: v == value), label


@pytest.mark.parametrize("value", [0.0, 1.0, gs.BCE_EPS, 1 - gs.BCE_EPS, np.nextafter(gs.BCE_EPS, 0), 1e-10])
def test_probabilities_reach_the_clip_edges(value):
    assert reaches(gs.probabilities(), lambda v: v == value)


def test_on_kinks_reaches_the_kink_and_its_neighbours():
    assert reaches(gs.on_kinks((0.0, 1.0)), lambda v: v == 1.0)
    assert reaches(gs.on_kinks((0.0,)), lambda v: v == 5e-324)


def test_shapes_shrink_to_the_smallest():
    assert find(gs.shapes(), lambda s: True) == (1, 1)
    assert find(gs.batches(), lambda x: True).shape == (1, 1)


def test_layer_cases_build_the_layer_for_the_drawn_shape():
    case = find(gs.layer_cases(lambda s: tt.Linear(s[1], 2), min_features=3), lambda c: True)
    assert case.x.shape == (1, 3) and case.layer.n_inp == 3


BAD = {
    "max_batch zero": (lambda: gs.batches(max_batch=0), ValueError, r"`max_batch` must be an integer ≥ 1, got 0"),
    "min over max": (
        lambda: gs.batches(min_features=4, max_features=2),
        ValueError,
        r"`min_features` must be ≤ `max_features`, got 4 > 2",
    ),
    "n_features float": (
        lambda: gs.batches(n_features=2.5),
        TypeError,
        r"`n_features` must be an integer ≥ 1, got float",
    ),
    "elements not a strategy": (
        lambda: gs.batches(elements=[1.0]),
        TypeError,
        r"`elements` must be a hypothesis strategy",
    ),
    "eps too big": (lambda: gs.probabilities(eps=0.7), ValueError, r"`eps` must be in \(0, 0.5\), got 0.7"),
    "kinks empty": (lambda: gs.on_kinks(()), TypeError, r"`points` must be a non-empty sequence of numbers"),
    "kink not finite": (lambda: gs.on_kinks((np.inf,)), TypeError, r"`points` must be a finite number, got float inf"),
    "spread negative": (lambda: gs.on_kinks(spread=-1.0), ValueError, r"`spread` must be positive, got -1.0"),
    "near negative ulps": (lambda: gs.near(0.0, ulps=-1), ValueError, r"`ulps` must be an integer ≥ 0, got -1"),
    "factory not callable": (lambda: gs.layer_cases(3), TypeError, r"`factory` must be callable"),
    "layer elements not a strategy": (
        lambda: gs.layer_cases(tt.ReLU, elements=0.5),
        TypeError,
        r"`elements` must be a hypothesis strategy, got float 0.5",
    ),
    "search factory": (lambda: find_counterexample(None), TypeError, r"`factory` must be callable"),
    "search max_examples": (
        lambda: find_counterexample(tt.ReLU, max_examples=0),
        ValueError,
        r"`max_examples` must be a positive integer, got 0",
    ),
    "search mode": (
        lambda: find_counterexample(lambda s: tt.ReLU(), mode="slow"),
        ValueError,
        r"`mode` must be one of",
    ),
}


@pytest.mark.parametrize(("call", "error", "message"), BAD.values(), ids=BAD.keys())
def test_bad_bounds_are_refused_when_the_strategy_is_built(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_search_finds_nothing_wrong_with_a_correct_layer():
    assert find_counterexample(lambda s: tt.Linear(s[1], 2, rng=np.random.default_rng(0)), max_examples=30) is None


def test_search_returns_the_minimal_failing_input():
    found = find_counterexample(lambda s: mutants.LinearMeanNotSum(s[1], 2), params={"weights": "grad_w"})
    assert found is not None and found.shape == (2, 1), str(found)
    assert "weights" in {f.target for f in found.report.failures}
    assert str(found).startswith("the smallest input on which your backward is wrong: shape (2, 1)")


def test_search_reaches_the_extremes_that_break_a_naive_sigmoid():
    found = find_counterexample(lambda s: mutants.SigmoidNaive())
    assert found is not None and found.shape == (1, 1)
    assert abs(found.x[0, 0]) > 700
    assert "fp-error" in {f.check.value for f in found.report.failures}


def test_assert_no_counterexample_raises_with_the_minimal_input():
    with pytest.raises(gradcheck.GradientError, match=r"smallest input .* shape \(1, 1\)"):
        assert_no_counterexample(lambda s: mutants.TanhMissingSquare())


def test_search_is_deterministic_for_a_seed():
    first = find_counterexample(lambda s: mutants.TanhMissingSquare(), seed=3)
    second = find_counterexample(lambda s: mutants.TanhMissingSquare(), seed=3)
    np.testing.assert_array_equal(first.x, second.x)


def test_custom_cases_are_searched():
    cases = gs.layer_cases(lambda s: mutants.ReLUGatesOnGrad(), elements=st.sampled_from([1.0, 2.0]))
    assert find_counterexample(lambda s: mutants.ReLUGatesOnGrad(), cases=cases) is not None
