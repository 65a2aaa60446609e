"""Bad arguments to the harness get a clear TypeError/ValueError naming the argument."""

import numpy as np
import pytest

import gradcheck
import tinytorch as tt
from gradcheck.corpus import correct

X = np.zeros((2, 3))


class NoGradAttribute(correct.Linear):
    def backward(self, grad):
        return grad @ self.weights.T


CASES = {
    "layer without backward": (
        lambda: gradcheck.check_layer(object(), X),
        TypeError,
        r"`layer` must have forward\(x\) and backward\(grad\), got object",
    ),
    "x a list": (
        lambda: gradcheck.check_layer(tt.ReLU(), [[1.0]]),
        TypeError,
        r"`x` must be a float numpy array, got list",
    ),
    "x ints": (
        lambda: gradcheck.check_layer(tt.ReLU(), np.zeros((2, 2), int)),
        TypeError,
        r"`x` must be a float numpy array, got int64 array of shape \(2, 2\)",
    ),
    "x empty": (
        lambda: gradcheck.check_layer(tt.ReLU(), np.zeros((0, 3))),
        ValueError,
        r"`x` must not be empty, got float64 array of shape \(0, 3\)",
    ),
    "x NaN": (
        lambda: gradcheck.check_layer(tt.ReLU(), np.array([[np.nan, 1.0]])),
        ValueError,
        r"`x` must not contain NaN, got 1 NaN entries",
    ),
    "params missing attribute": (
        lambda: gradcheck.check_layer(correct.Linear(3, 2), X, params={"weight": "grad_w"}),
        ValueError,
        r"`params` names attribute 'weight', but Linear has no attribute 'weight'",
    ),
    "params not a mapping": (
        lambda: gradcheck.check_layer(correct.Linear(3, 2), X, params=["weights"]),
        TypeError,
        r"`params` must map parameter attribute names to gradient attribute names",
    ),
    "params names a non-array": (
        lambda: gradcheck.check_layer(tt.Linear(3, 2), X, params={"n_inp": "grad_w"}),
        TypeError,
        r"`params` names 'n_inp', but Linear.n_inp is int 3, not a float array",
    ),
    "gradient attribute missing": (
        lambda: gradcheck.check_layer(NoGradAttribute(3, 2), X, params={"weights": "grad_w"}),
        ValueError,
        r"`params` maps 'weights' to gradient attribute 'grad_w', but NoGradAttribute has no attribute 'grad_w'"
        r" after backward",
    ),
    "unknown reduction": (
        lambda: gradcheck.check_layer(tt.ReLU(), X, param_reduction="avg"),
        ValueError,
        r"`param_reduction` must be one of 'sum', 'mean', got 'avg'",
    ),
    "reduction not a string": (
        lambda: gradcheck.check_layer(tt.ReLU(), X, param_reduction=1),
        TypeError,
        r"`param_reduction` must be one of 'sum', 'mean' \(or Reduction\), got int 1",
    ),
    "unknown mode": (
        lambda: gradcheck.check_layer(tt.ReLU(), X, mode="quick"),
        ValueError,
        r"`mode` must be one of 'full', 'fast', got 'quick'",
    ),
    "negative seed": (
        lambda: gradcheck.check_layer(tt.ReLU(), X, seed=-1),
        ValueError,
        r"`seed` must be a non-negative integer, got -1",
    ),
    "float seed": (
        lambda: gradcheck.check_layer(tt.ReLU(), X, seed=1.5),
        TypeError,
        r"`seed` must be a non-negative integer, got float 1.5",
    ),
    "negative rtol": (
        lambda: gradcheck.check_layer(tt.ReLU(), X, rtol=-1e-3),
        ValueError,
        r"`rtol` must be a non-negative number or None, got -0.001",
    ),
    "loss without backward": (
        lambda: gradcheck.check_loss(object(), X, X),
        TypeError,
        r"`loss` must have forward\(y_hat, y\) and backward\(\)",
    ),
    "loss labels strings": (
        lambda: gradcheck.check_loss(tt.BCEWithLogits(), X, np.array([["a"]])),
        TypeError,
        r"`y` must be a numeric numpy array, got <U1 array",
    ),
    "model without criterion": (
        lambda: gradcheck.check_model(tt.Linear(3, 1), X, np.zeros((2, 1))),
        TypeError,
        r"`model.criterion` must have forward\(y_hat, y\) and backward\(\), got NoneType",
    ),
}


@pytest.mark.parametrize(("call", "error", "message"), CASES.values(), ids=CASES.keys())
def test_bad_input_names_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_enums_and_strings_are_both_accepted():
    a = gradcheck.check_layer(tt.ReLU(), np.ones((2, 2)), mode=gradcheck.Mode.FAST, param_reduction="mean")
    b = gradcheck.check_layer(tt.ReLU(), np.ones((2, 2)), mode="fast", param_reduction=gradcheck.Reduction.MEAN)
    assert a.ok and b.ok and a.mode == b.mode == "fast"
