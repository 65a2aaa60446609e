"""tinytorch's layers against closed forms and scipy finite differences (independent of gradcheck)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.differentiate import derivative

import tinytorch as tt

RNG = np.random.default_rng(0)


def test_linear_forward_and_backward_closed_forms():
    layer = tt.Linear(3, 2, rng=np.random.default_rng(1))
    x, grad = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 2))
    np.testing.assert_allclose(layer.forward(x), x @ layer.weights + layer.bias)
    np.testing.assert_allclose(layer.backward(grad), grad @ layer.weights.T)
    np.testing.assert_allclose(layer.grad_w, np.einsum("bi,bo->io", x, grad))
    np.testing.assert_allclose(layer.grad_b, grad.sum(axis=0))
    assert layer.backward(grad, input_grad=False) is None


def test_linear_single_output_input_gradient_matches_matmul():
    layer = tt.Linear(4, 1, rng=np.random.default_rng(2))
    layer.forward(RNG.normal(size=(6, 4)))
    grad = RNG.normal(size=(6, 1))
    np.testing.assert_allclose(layer.backward(grad), grad @ layer.weights.T, rtol=1e-15)


def test_linear_init_uses_global_state_unless_rng():
    np.random.seed(5)
    a = tt.Linear(4, 3).weights
    np.random.seed(5)
    np.testing.assert_array_equal(a, tt.Linear(4, 3).weights)
    assert np.all(np.abs(a) <= 0.5)
    np.testing.assert_array_equal(
        tt.Linear(4, 3, rng=np.random.default_rng(7)).weights, tt.Linear(4, 3, rng=np.random.default_rng(7)).weights
    )


def test_relu_at_zero_and_infinity():
    layer = tt.ReLU()
    out = layer.forward(np.array([[-np.inf, -1.0, 0.0, 2.0, np.inf]]))
    np.testing.assert_array_equal(out, [[0, 0, 0, 2, np.inf]])
    np.testing.assert_array_equal(layer.backward(np.full((1, 5), np.inf)), [[0, 0, 0, np.inf, np.inf]])


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-700, 700)))
def test_sigmoid_derivative_closed_form(x):
    layer = tt.Sigmoid()
    s = layer.forward(x)
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-x)), rtol=1e-13, atol=0)
    np.testing.assert_allclose(
        layer.backward(np.ones_like(x)), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))) ** 2, rtol=1e-12, atol=1e-300
    )


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e308, 1e308)), st.sampled_from([0.0, 1.0, 0.3]))
def test_bce_with_logits_is_finite_for_every_finite_logit(z, label):
    z = z[:, None]
    y = np.full_like(z, label)
    loss = tt.BCEWithLogits()
    with np.errstate(all="raise", under="ignore"):
        out = loss.forward(z, y)
        grad = loss.backward()
    assert np.all(np.isfinite(out)) and np.all(out >= 0)
    assert np.all(np.isfinite(grad))


def test_fused_gradient_is_exactly_sigmoid_minus_label():
    # the identity against Sigmoid then BCE, over drawn shapes, is tests/suite's test_fused_identity
    z = np.array([[-40.0], [-1.0], [0.0], [2.5], [40.0]])
    y = np.array([[0.0], [1.0], [0.5], [1.0], [0.0]])
    fused = tt.BCEWithLogits()
    fused.forward(z, y)
    np.testing.assert_array_equal(fused.backward(), tt.sigmoid(z) - y)


def test_bce_with_logits_matches_bce_of_sigmoid_where_both_are_accurate():
    z = np.linspace(-15, 15, 31)[:, None]
    y = np.tile([[0.0], [1.0], [0.4]], (11, 1))[:31]
    np.testing.assert_allclose(
        tt.BCEWithLogits().forward(z, y), tt.BinaryCrossEntropy().forward(tt.sigmoid(z), y), rtol=1e-9
    )


def test_bce_with_logits_backward_against_finite_differences():
    z = np.array([-40.0, -3.0, -0.5, 0.0, 0.7, 4.0, 40.0])
    y = np.array([0.0, 1.0, 0.2, 1.0, 0.0, 0.5, 1.0])
    loss = tt.BCEWithLogits()
    loss.forward(z[:, None], y[:, None])
    analytic = loss.backward()[:, 0]

    def per_point(t, labels):
        t, labels = np.broadcast_arrays(t, labels)
        return tt.BCEWithLogits().forward(t.reshape(-1, 1).copy(), labels.reshape(-1, 1).copy()).reshape(t.shape)

    base = per_point(z, y)
    numeric = derivative(lambda t, labels, b: per_point(t, labels) - b, z, args=(y, base), initial_step=0.1).df
    np.testing.assert_allclose(analytic, numeric, rtol=1e-9, atol=1e-12)


def test_sequential_backward_is_the_gradient_of_the_mean_loss():
    rng = np.random.default_rng(3)
    model = tt.Sequential(
        [tt.Linear(3, 4, rng=rng), tt.ReLU(), tt.Linear(4, 1, rng=rng), tt.Sigmoid()], tt.BinaryCrossEntropy()
    )
    x, y = rng.normal(size=(6, 3)), rng.integers(0, 2, size=(6, 1)).astype(float)
    model.criterion(model(x), y)
    input_grad = model.backward(input_grad=True)
    first = model.layers[0]
    analytic_w = first.grad_w.copy()
    weights = first.weights.copy()

    def mean_loss(w_flat_value, index):
        w_flat_value, index = np.broadcast_arrays(w_flat_value, index)
        out = np.empty_like(w_flat_value)
        for pos in np.ndindex(w_flat_value.shape):
            w = weights.copy()
            w.flat[int(index[pos])] = w_flat_value[pos]
            first.weights = w
            out[pos] = model.criterion(model(x), y).mean()
        first.weights = weights
        return out

    index = np.arange(weights.size, dtype=float)
    numeric = derivative(mean_loss, weights.ravel(), args=(index,), initial_step=1e-3).df
    np.testing.assert_allclose(analytic_w.ravel(), numeric, rtol=1e-7, atol=1e-10)
    assert input_grad.shape == x.shape
    assert model.backward() is None


def test_accuracy_on_probabilities_and_on_logits():
    y = np.array([[1.0], [0.0], [1.0], [0.0]])
    assert tt.accuracy(np.array([[0.9], [0.2], [0.4], [0.6]]), y) == 0.5
    assert tt.accuracy(np.array([[2.0], [-1.0], [0.5], [-3.0]]), y, threshold=0.0) == 1.0


def test_normalize_leaves_inputs_alone_and_handles_constant_columns():
    X_train = np.array([[1.0, 5.0], [3.0, 5.0]])
    X_val = np.array([[2.0, 6.0]])
    before = X_train.copy(), X_val.copy()
    train, val = tt.normalize(X_train, X_val)
    np.testing.assert_array_equal(X_train, before[0])
    np.testing.assert_array_equal(X_val, before[1])
    np.testing.assert_allclose(train, [[-1.0, 0.0], [1.0, 0.0]])
    np.testing.assert_allclose(val, [[0.0, 1.0]])
    int_train, _ = tt.normalize(np.array([[1, 2], [3, 4]]), np.array([[1, 2]]))
    np.testing.assert_allclose(int_train, [[-1, -1], [1, 1]])


@pytest.mark.parametrize("module", ["tinytorch.nn", "tinytorch.data", "tinytorch.metrics", "tinytorch.trainer"])
def test_names_importable_where_the_posts_repository_keeps_them(module):
    import importlib

    mod = importlib.import_module(module)
    assert set(mod.__all__) <= set(dir(mod))
    assert all(name in tt.__all__ for name in mod.__all__)
