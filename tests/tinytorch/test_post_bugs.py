"""Each of the post's bugs: a property that tinytorch has and the post's code (tests/post) lacks."""

import tracemalloc
import warnings

import numpy as np
import pytest
from scipy.differentiate import derivative

import tinytorch
from tests.post import original as post

EXTREMES = np.array(
    [
        -1e308,
        -1e10,
        -745.2,
        -745.13,
        -709.79,
        -709.78,
        -40.0,
        -1e-300,
        -5e-324,
        0.0,
        5e-324,
        1e-300,
        40.0,
        709.78,
        709.79,
        745.13,
        745.2,
        1e10,
        1e308,
    ]
)


def sigmoid_is_sound(sigmoid_cls) -> bool:
    """Whether forward and backward raise no floating-point warning and stay monotone in [0, 1]."""
    layer = sigmoid_cls()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                out = layer.forward(EXTREMES[None, :].copy())
                layer.backward(np.ones_like(out))
        except (RuntimeWarning, FloatingPointError):
            return False
    return bool(np.all((out >= 0) & (out <= 1)) and np.all(np.diff(out[0]) >= 0))


def test_sigmoid_is_warning_free_at_extremes():
    assert sigmoid_is_sound(tinytorch.Sigmoid)
    assert not sigmoid_is_sound(post.Sigmoid)


def test_sigmoid_values_at_extremes():
    out = tinytorch.Sigmoid().forward(EXTREMES[None, :])
    assert out[0, 0] == 0.0 and out[0, -1] == 1.0
    assert out[0, EXTREMES.tolist().index(0.0)] == 0.5
    np.testing.assert_allclose(out[0, 6], 1 / (1 + np.exp(40.0)), rtol=1e-15)


def bce_handles_soft_labels(bce_cls) -> bool:
    """Whether the loss equals the full formula −[y ln ŷ + (1 − y) ln(1 − ŷ)] for soft labels."""
    y_hat = np.array([[0.2], [0.7], [0.9]])
    y = np.array([[0.3], [0.5], [1.0]])
    expected = -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))
    return bool(np.allclose(bce_cls().forward(y_hat, y), expected, rtol=1e-12))


def test_bce_uses_the_full_formula_for_soft_labels():
    assert bce_handles_soft_labels(tinytorch.BinaryCrossEntropy)
    assert not bce_handles_soft_labels(post.BinaryCrossEntropy)


BEYOND_CLIP = np.array([0.0, 1e-12, 1e-9, 1 - 1e-9, 1.0])
INSIDE_CLIP = np.array([1e-6, 0.01, 0.3, 0.5, 0.8, 1 - 1e-6])


def bce_backward_matches_its_forward(bce_cls, points: np.ndarray, label: float) -> bool:
    """Whether backward equals scipy's derivative of the (clipped) forward at each point."""
    y = np.full((len(points), 1), label)
    loss = bce_cls()
    loss.forward(points[:, None].copy(), y)
    analytic = loss.backward()[:, 0]

    def per_point_loss(t, labels):
        # scipy passes the points still iterating, with their labels: evaluate as one column
        t, labels = np.broadcast_arrays(t, labels)
        return bce_cls().forward(t.reshape(-1, 1).copy(), labels.reshape(-1, 1).copy()).reshape(t.shape)

    # differentiate loss(t) − loss(point): scipy's stencil weights sum to zero only up to
    # rounding, which would otherwise add |loss|·eps/step to every estimate
    baseline = per_point_loss(points, y[:, 0])
    step = np.where((points > 0) & (points < 1), 1e-3 * np.minimum(points, 1 - points), 1e-10)
    numeric = derivative(
        lambda t, labels, base: per_point_loss(t, labels) - base, points, args=(y[:, 0], baseline), initial_step=step
    ).df
    return bool(np.allclose(analytic, numeric, rtol=1e-6, atol=1e-6))


@pytest.mark.parametrize("label", [0.0, 1.0, 0.25])
def test_bce_backward_is_the_derivative_of_its_clipped_forward(label):
    assert bce_backward_matches_its_forward(tinytorch.BinaryCrossEntropy, INSIDE_CLIP, label)
    assert bce_backward_matches_its_forward(tinytorch.BinaryCrossEntropy, BEYOND_CLIP, label)
    assert not bce_backward_matches_its_forward(post.BinaryCrossEntropy, BEYOND_CLIP, label)


def test_bce_is_finite_at_zero_and_one():
    loss = tinytorch.BinaryCrossEntropy()
    out = loss.forward(np.array([[0.0], [1.0], [0.0], [1.0]]), np.array([[0], [1], [1], [0]]))
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(loss.backward()))
    np.testing.assert_allclose(out[2:, 0], -np.log(1e-8), rtol=1e-7)


def peak_backward_bytes(linear_cls, batch: int, n_inp: int, n_out: int) -> int:
    """Peak bytes numpy allocates during one Linear backward."""
    layer = linear_cls(n_inp, n_out)
    layer.forward(np.random.default_rng(0).normal(size=(batch, n_inp)))
    grad = np.ones((batch, n_out))
    tracemalloc.start()
    try:
        layer.backward(grad)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_linear_backward_builds_no_batch_sized_temporary():
    temporary = 128 * 64 * 32 * 8  # batch × n_inp × n_out float64
    assert peak_backward_bytes(tinytorch.Linear, 128, 64, 32) < temporary / 8
    assert peak_backward_bytes(post.Linear, 128, 64, 32) >= temporary


def samples_seen_per_epoch(loader_cls, dataset_cls, n: int, batch_size: int, shuffle: bool) -> list[float]:
    X = np.arange(n, dtype=float)[:, None]
    return sorted(x for xb, _ in loader_cls(dataset_cls(X, np.zeros(n)), batch_size, shuffle) for x in xb[:, 0])


@pytest.mark.parametrize("shuffle", [False, True])
def test_dataloader_sees_every_sample_once(shuffle):
    everything = [float(i) for i in range(114)]
    assert samples_seen_per_epoch(tinytorch.DataLoader, tinytorch.Dataset, 114, 64, shuffle) == everything
    assert samples_seen_per_epoch(post.DataLoader, post.Dataset, 114, 64, shuffle) != everything
    assert len(tinytorch.DataLoader(tinytorch.Dataset(np.zeros((114, 1)), np.zeros(114)), 64)) == 2


def test_label_shape_that_would_broadcast_is_refused():
    y_hat = np.full((4, 1), 0.5)
    y = np.array([0, 1, 1, 0])
    assert post.BinaryCrossEntropy().forward(y_hat, y).shape == (4, 4)  # the post's silent (bs, bs) loss
    with pytest.raises(ValueError, match=r"`y` must have the same shape as `y_hat` \(4, 1\), got shape \(4,\)"):
        tinytorch.BinaryCrossEntropy().forward(y_hat, y)


class Scale:
    """A user's own layer with a parameter: y = scale · x, declared through the protocol."""

    param_grads = {"scale": "grad_scale"}

    def __init__(self):
        self.scale = np.array([1.0])

    def forward(self, x):
        self.x = x
        return self.scale * x

    def backward(self, grad):
        self.grad_scale = np.array([(grad * self.x).sum()])
        return grad * self.scale


@pytest.mark.parametrize(("sgd_cls", "trains"), [(tinytorch.SGD, True), (post.SGD, False)], ids=["tinytorch", "post"])
def test_sgd_trains_a_users_own_layer(sgd_cls, trains):
    layer = Scale()
    model = tinytorch.Sequential([layer], tinytorch.BCEWithLogits())
    model(np.ones((3, 1)))
    model.criterion(model(np.ones((3, 1))), np.ones((3, 1)))
    model.backward()
    sgd_cls(model, 0.5).step()
    assert bool(layer.scale[0] != 1.0) is trains


def linear_grad_is_the_exact_sum(linear_cls) -> bool:
    rng = np.random.default_rng(1)
    layer = linear_cls(3, 2)
    x, grad = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    layer.forward(x)
    layer.backward(grad)
    return bool(np.allclose(layer.grad_w, x.T @ grad) and np.allclose(layer.grad_b, grad.sum(axis=0)))


def test_linear_hides_no_batch_mean():
    assert linear_grad_is_the_exact_sum(tinytorch.Linear)
    assert not linear_grad_is_the_exact_sum(post.Linear)
