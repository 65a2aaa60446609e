"""Every tinytorch backward through gradcheck, over inputs drawn by hypothesis (the ``ci`` profile draws many more).

Each property is a plain function; the tests at the bottom break a backward with monkeypatch
and show that the same property then fails.
"""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gradcheck
import tinytorch as tt
from gradcheck import strategies as gs

EPS = tt.BinaryCrossEntropy.eps


def bce_is_right(y_hat: np.ndarray, y: np.ndarray) -> None:
    gradcheck.assert_loss(tt.BinaryCrossEntropy(), y_hat, y)


def sigmoid_is_right(x: np.ndarray) -> None:
    gradcheck.assert_layer(tt.Sigmoid(), x)


def relu_is_right(x: np.ndarray) -> None:
    gradcheck.assert_layer(tt.ReLU(), x)


def linear_is_right(case: gs.LayerCase) -> None:
    gradcheck.assert_layer(case.layer, case.x)


def logits_loss_is_right(z: np.ndarray, y: np.ndarray) -> None:
    gradcheck.assert_loss(tt.BCEWithLogits(), z, y)


def fused_identity_holds(z: np.ndarray, y: np.ndarray) -> None:
    """Sigmoid then BCE, chained backward, = σ(z) − y = BCEWithLogits.backward, wherever the clip is inactive."""
    sigmoid, bce, fused = tt.Sigmoid(), tt.BinaryCrossEntropy(), tt.BCEWithLogits()
    y_hat = sigmoid.forward(z)
    bce.forward(y_hat, y)
    fused.forward(z, y)
    expected = tt.sigmoid(z) - y
    np.testing.assert_array_equal(fused.backward(), expected)
    inside = (y_hat >= EPS) & (y_hat <= 1 - EPS)
    np.testing.assert_allclose(sigmoid.backward(bce.backward())[inside], expected[inside], rtol=1e-6, atol=1e-12)


def pairs(values: st.SearchStrategy[float], labels: st.SearchStrategy[float]):
    return gs.shapes(max_batch=6, max_features=3).flatmap(
        lambda shape: st.tuples(
            hnp.arrays(np.float64, shape, elements=values), hnp.arrays(np.float64, shape, elements=labels)
        )
    )


@given(pairs(gs.probabilities(), gs.soft_labels()))
@example((np.array([[0.0, EPS, 1 - EPS, 1.0]]), np.array([[1.0, 0.0, 1.0, 0.0]])))
@example((np.array([[1e-12], [2 * EPS], [1 - 1e-12]]), np.array([[0.3], [1.0], [0.0]])))
def test_bce_inside_at_and_beyond_its_clip(pair):
    bce_is_right(*pair)


@given(gs.batches(elements=gs.extreme_floats(), max_features=4))
@example(np.array([[-1e308, -745.2, -709.79, -5e-324, 0.0, 5e-324, 709.79, 745.2, 1e308]]))
def test_sigmoid_everywhere_including_1e308_and_without_warnings(x):
    sigmoid_is_right(x)


@given(gs.batches(elements=gs.on_kinks((0.0,)), max_features=4))
@example(np.zeros((2, 3)))
@example(np.array([[0.0, -0.0, 5e-324, -5e-324]]))
def test_relu_including_exact_zeros(x):
    relu_is_right(x)


@given(gs.layer_cases(lambda shape: tt.Linear(shape[1], 3, rng=np.random.default_rng(shape[1])), max_features=5))
def test_linear_weights_bias_and_input(case):
    linear_is_right(case)


@given(pairs(gs.extreme_floats(), gs.soft_labels()))
@example((np.array([[-1e308, 1e308, -1e3, 1e3]]), np.array([[1.0, 0.0, 0.5, 1.0]])))
def test_bce_with_logits_at_huge_logits(pair):
    logits_loss_is_right(*pair)


@given(pairs(st.floats(-30, 30), gs.soft_labels()))
def test_fused_identity(pair):
    fused_identity_holds(*pair)


# each property fails when its backward is broken

X = np.array([[-2.0, 0.0, 0.5], [3.0, -0.25, 1.0]])
Y_HAT, Y = np.array([[0.2], [0.7], [0.0]]), np.array([[1.0], [0.0], [1.0]])


def test_broken_bce_is_caught(monkeypatch):
    monkeypatch.setattr(tt.BinaryCrossEntropy, "backward", lambda self: (self.clipped - self.y) / self.clipped)
    with pytest.raises(gradcheck.GradientError, match="y_hat"):
        bce_is_right(Y_HAT, Y)


def test_broken_sigmoid_is_caught(monkeypatch):
    post_forward = lambda self, x: setattr(self, "y_hat", 1 / (1 + np.exp(-x))) or self.y_hat  # noqa: E731
    monkeypatch.setattr(tt.Sigmoid, "forward", post_forward)
    monkeypatch.setattr(tt.Sigmoid, "backward", lambda self, grad: self.y_hat * (1 - self.y_hat) * grad)
    with pytest.raises(gradcheck.GradientError, match="fp-error"):
        sigmoid_is_right(np.array([[-1e308, 0.0, 1.0]]))


def test_broken_relu_is_caught(monkeypatch):
    monkeypatch.setattr(tt.ReLU, "backward", lambda self, grad: np.where(self.active, 1.0, 0.0))
    with pytest.raises(gradcheck.GradientError, match="upstream"):
        relu_is_right(X)


def test_broken_linear_is_caught(monkeypatch):
    original = tt.Linear.backward

    def mean_not_sum(self, grad, *, input_grad=True):
        out = original(self, grad, input_grad=input_grad)
        self.grad_w = self.grad_w / len(grad)
        return out

    monkeypatch.setattr(tt.Linear, "backward", mean_not_sum)
    with pytest.raises(gradcheck.GradientError, match=r"÷ batch size"):
        linear_is_right(gs.LayerCase(tt.Linear(3, 2, rng=np.random.default_rng(0)), X))


def test_broken_bce_with_logits_is_caught(monkeypatch):
    monkeypatch.setattr(tt.BCEWithLogits, "backward", lambda self: tt.sigmoid(self.z) - self.y + 1e-3)
    with pytest.raises(gradcheck.GradientError, match="y_hat"):
        logits_loss_is_right(np.array([[0.5], [-1.0]]), np.array([[1.0], [0.0]]))


def test_broken_fused_identity_is_caught(monkeypatch):
    monkeypatch.setattr(tt.BCEWithLogits, "backward", lambda self: tt.sigmoid(self.z) - self.y * 0.5)
    with pytest.raises(AssertionError):
        fused_identity_holds(np.array([[0.5], [-1.0]]), np.array([[1.0], [1.0]]))
