"""Every public constructor and forward refuses bad input with a message naming the culprit."""

import math

import numpy as np
import pytest

import tinytorch as tt

F = np.zeros((4, 3))
COL = np.full((4, 1), 0.5)


def linear_forward(x):
    return tt.Linear(3, 2).forward(x)


def linear_backward(grad):
    layer = tt.Linear(3, 2)
    layer.forward(F)
    return layer.backward(grad)


CASES = {
    "linear n_inp zero": (lambda: tt.Linear(0, 2), ValueError, r"`n_inp` must be a positive integer, got 0"),
    "linear n_inp negative": (lambda: tt.Linear(-3, 2), ValueError, r"`n_inp` must be a positive integer, got -3"),
    "linear n_out float": (lambda: tt.Linear(3, 2.0), TypeError, r"`n_out` must be a positive integer, got float 2.0"),
    "linear n_inp bool": (lambda: tt.Linear(True, 2), TypeError, r"`n_inp` must be a positive integer, got bool"),
    "linear wrong features": (
        lambda: linear_forward(np.zeros((4, 5))),
        ValueError,
        r"`x` must be a float array of shape \(batch, n_inp=3\), got float64 array of shape \(4, 5\)",
    ),
    "linear int input": (
        lambda: linear_forward(np.zeros((4, 3), dtype=np.int64)),
        TypeError,
        r"`x` must be a float array of shape \(batch, n_inp=3\), got int64 array of shape \(4, 3\)",
    ),
    "linear list input": (lambda: linear_forward([[0.0] * 3]), TypeError, r"`x` must be a float array.*got list"),
    "linear 1-d input": (lambda: linear_forward(np.zeros(3)), ValueError, r"got float64 array of shape \(3,\)"),
    "linear grad shape": (
        lambda: linear_backward(np.zeros((4, 1))),
        ValueError,
        r"`grad` must have the shape of Linear's latest output \(4, 2\), got shape \(4, 1\)",
    ),
    "linear backward first": (lambda: tt.Linear(3, 2).backward(np.zeros((4, 2))), RuntimeError, "before forward"),
    "sigmoid int input": (lambda: tt.Sigmoid().forward(np.zeros(3, dtype=int)), TypeError, r"`x` must be a float"),
    "relu string input": (lambda: tt.ReLU().forward("x"), TypeError, r"`x` must be a float array, got str"),
    "bce shape mismatch": (
        lambda: tt.BinaryCrossEntropy().forward(COL, np.zeros((4, 2))),
        ValueError,
        r"`y` must have the same shape as `y_hat` \(4, 1\), got shape \(4, 2\)",
    ),
    "bce label above one": (
        lambda: tt.BinaryCrossEntropy().forward(COL, np.full((4, 1), 2.0)),
        ValueError,
        r"`y` must hold labels in \[0, 1\], got 4 outside, e.g. \[2.0, 2.0, 2.0\]",
    ),
    "bce negative label": (
        lambda: tt.BinaryCrossEntropy().forward(COL, np.full((4, 1), -1)),
        ValueError,
        r"`y` must hold labels in \[0, 1\]",
    ),
    "bce nan label": (
        lambda: tt.BinaryCrossEntropy().forward(COL, np.full((4, 1), np.nan)),
        ValueError,
        r"`y` must hold labels in \[0, 1\], got 4 outside, e.g. \[nan, nan, nan\]",
    ),
    "bce nan prediction": (
        lambda: tt.BinaryCrossEntropy().forward(np.full((4, 1), np.nan), np.ones((4, 1))),
        ValueError,
        r"`y_hat` must not contain NaN, got 4 NaN entries",
    ),
    "bce string labels": (
        lambda: tt.BinaryCrossEntropy().forward(COL, np.array([["a"]] * 4)),
        TypeError,
        r"`y` must be a numeric array of labels, got <U1 array of shape \(4, 1\)",
    ),
    "bce backward first": (lambda: tt.BinaryCrossEntropy().backward(), RuntimeError, "before forward"),
    "logits shape mismatch": (
        lambda: tt.BCEWithLogits().forward(COL, np.zeros(4)),
        ValueError,
        r"`y` must have the same shape as `z` \(4, 1\), got shape \(4,\)",
    ),
    "logits int": (lambda: tt.BCEWithLogits().forward(np.zeros((4, 1), int), COL), TypeError, r"`z` must be a float"),
    "dataset lengths": (
        lambda: tt.Dataset(np.zeros((5, 2)), np.zeros(4)),
        ValueError,
        r"`X` and `y` must have the same length, got 5 samples in X and 4 in y",
    ),
    "dataset 1-d X": (lambda: tt.Dataset(np.zeros(5), np.zeros(5)), ValueError, r"`X` must be a numeric array of sh"),
    "dataset y matrix": (lambda: tt.Dataset(F, np.zeros((4, 2))), ValueError, r"`y` must be a numeric array of shape"),
    "dataset X list": (lambda: tt.Dataset([[1.0]], np.zeros(1)), TypeError, r"`X` must be a numeric array.*got list"),
    "loader batch zero": (
        lambda: tt.DataLoader(tt.Dataset(F, np.zeros(4)), 0),
        ValueError,
        r"`batch_size` must be a positive integer, got 0",
    ),
    "loader batch float": (
        lambda: tt.DataLoader(tt.Dataset(F, np.zeros(4)), 2.5),
        TypeError,
        r"`batch_size` must be a positive integer, got float 2.5",
    ),
    "loader not a dataset": (lambda: tt.DataLoader(3, 2), TypeError, r"`ds` must be a Dataset"),
    "loader shuffle string": (
        lambda: tt.DataLoader(tt.Dataset(F, np.zeros(4)), 2, "yes"),
        TypeError,
        r"`shuffle` must be a bool, got str 'yes'",
    ),
    "sgd lr zero": (lambda: tt.SGD(None, 0), ValueError, r"`lr` must be a finite positive number, got 0"),
    "sgd lr negative": (lambda: tt.SGD(None, -0.1), ValueError, r"`lr` must be a finite positive number, got -0.1"),
    "sgd lr inf": (lambda: tt.SGD(None, math.inf), ValueError, r"`lr` must be a finite positive number, got inf"),
    "sgd lr nan": (lambda: tt.SGD(None, math.nan), ValueError, r"`lr` must be a finite positive number, got nan"),
    "sgd lr string": (lambda: tt.SGD(None, "0.1"), TypeError, r"`lr` must be a finite positive number, got str"),
    "sequential empty": (lambda: tt.Sequential([], tt.BCEWithLogits()), ValueError, r"`layers` must hold at least"),
    "sequential not a layer": (
        lambda: tt.Sequential([tt.Linear(3, 1), "relu"], tt.BCEWithLogits()),
        TypeError,
        r"`layers\[1\]` must have forward\(x\) and backward\(grad\), got str",
    ),
    "sequential bad criterion": (
        lambda: tt.Sequential([tt.Linear(3, 1)], None),
        TypeError,
        r"`criterion` must have forward\(y_hat, y\) and backward\(\), got NoneType",
    ),
    "normalize columns": (
        lambda: tt.normalize(F, np.zeros((2, 4))),
        ValueError,
        r"`X_val` must have the 3 columns of `X_train`, got 4 columns",
    ),
    "accuracy shapes": (
        lambda: tt.accuracy(COL, np.zeros(4)),
        ValueError,
        r"`y` must have the same shape as `y_hat` \(4, 1\), got shape \(4,\)",
    ),
    "trainer metric": (lambda: tt.Trainer(None, None, [], [], metric=0.5), TypeError, r"`metric` must be callable"),
    "trainer epochs": (
        lambda: tt.Trainer(None, None, [], [], metric=tt.accuracy).train(0),
        ValueError,
        r"`n_epochs` must be a positive integer, got 0",
    ),
}


@pytest.mark.parametrize(("call", "error", "message"), CASES.values(), ids=CASES.keys())
def test_bad_input_is_refused_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_sgd_refuses_a_gradient_of_the_wrong_shape():
    layer = tt.Linear(3, 2)
    layer.forward(F)
    layer.backward(np.ones((4, 2)))
    layer.grad_w = layer.grad_w[:, :1]
    message = r"Linear.grad_w has shape \(3, 1\), but parameter `weights` has shape \(3, 2\)"
    with pytest.raises(ValueError, match=message):
        tt.SGD(layer, 0.1).step()


def test_sgd_before_backward_says_so():
    with pytest.raises(AttributeError, match=r"Linear.grad_w \(gradient of `weights`\) does not exist"):
        tt.SGD(tt.Linear(3, 2), 0.1).step()
