"""Accuracy against closed forms, float32 layers, and kinks in both modes."""

import numpy as np
import pytest

import gradcheck
import tinytorch as tt
from gradcheck.corpus import correct

RNG = np.random.default_rng(11)
X = RNG.normal(size=(5, 4)) * 2


@pytest.mark.parametrize(
    ("layer", "options"),
    [
        (tt.Sigmoid(), {}),
        (correct.Tanh(), {}),
        (tt.Linear(4, 3, rng=np.random.default_rng(1)), {}),
        (correct.Sigmoid(), {}),
    ],
    ids=["sigmoid", "tanh", "linear", "corpus-sigmoid"],
)
def test_relative_error_on_smooth_float64_layers_is_below_1e_9(layer, options):
    report = gradcheck.check_layer(layer, X, **options)
    assert report.ok, str(report)
    assert report.worst_rel_error <= 1e-9, str(report)


def test_relative_error_on_bce_inside_its_clip_is_below_1e_9():
    y_hat = RNG.uniform(0.01, 0.99, size=(6, 1))
    y = RNG.integers(0, 2, size=(6, 1)).astype(float)
    report = gradcheck.check_loss(tt.BinaryCrossEntropy(), y_hat, y)
    assert report.ok and report.worst_rel_error <= 1e-9, str(report)


class Float32Linear(correct.Linear):
    def __init__(self):
        super().__init__(4, 3, dtype=np.float32)


class Float32LinearDoubled(Float32Linear):
    def backward(self, grad):
        out = super().backward(grad)
        self.grad_w = 2 * self.grad_w
        return out


class Float32Tanh(correct.Tanh):
    def forward(self, x):
        return super().forward(x.astype(np.float32))


class Float32TanhHalved(Float32Tanh):
    def backward(self, grad):
        return super().backward(grad) / 2


LINEAR = {"params": {"weights": "grad_w", "bias": "grad_b"}}


@pytest.mark.parametrize("mode", ["full", "fast"])
@pytest.mark.parametrize(("layer", "options"), [(Float32Linear, LINEAR), (Float32Tanh, {})], ids=["linear", "tanh"])
def test_correct_float32_layer_passes_and_says_so(layer, options, mode):
    report = gradcheck.check_layer(layer(), X.astype(np.float32), mode=mode, **options)
    assert report.ok, str(report)
    assert report.precision == "float32"
    assert any("float32" in note for note in report.notes)


@pytest.mark.parametrize("mode", ["full", "fast"])
@pytest.mark.parametrize(
    ("layer", "options", "target"),
    [(Float32LinearDoubled, LINEAR, "weights"), (Float32TanhHalved, {}, "input")],
    ids=["linear×2", "tanh÷2"],
)
def test_factor_of_two_in_float32_is_caught(layer, options, target, mode):
    report = gradcheck.check_layer(layer(), X.astype(np.float32), mode=mode, **options)
    assert target in {f.target for f in report.failures}, str(report)


ON_KINKS = np.array([[0.0, -1.0, 0.0, 2.0], [0.0, 0.0, 1e3, -1e3], [-0.5, 0.0, 0.0, 0.25]])


@pytest.mark.parametrize("mode", ["full", "fast"])
@pytest.mark.parametrize("layer", [tt.ReLU, correct.Abs, correct.LeakyReLU, correct.ReLU], ids=lambda c: c.__name__)
def test_correct_layers_exactly_on_kinks_pass(layer, mode):
    report = gradcheck.check_layer(layer(), ON_KINKS, mode=mode)
    assert report.ok, str(report)
    kinks = [f for f in report.findings if f.status is gradcheck.Status.KINK]
    if layer is not correct.Abs:  # sign(0) = 0 is the central difference itself: no kink to report
        assert kinks and "valid subgradient" in kinks[0].message


class ReLUWrongAtZero(correct.ReLU):
    """Passes 2·grad at exactly 0: outside [0, grad], not a subgradient."""

    def backward(self, grad):
        return np.where(self.x > 0, grad, np.where(self.x == 0, 2 * grad, 0.0))


@pytest.mark.parametrize("mode", ["full", "fast"])
def test_a_value_outside_the_one_sided_derivatives_at_a_kink_fails(mode):
    report = gradcheck.check_layer(ReLUWrongAtZero(), ON_KINKS, mode=mode)
    assert not report.ok
    assert "outside the one-sided derivatives" in report.failures[0].message


@pytest.mark.parametrize("mode", ["full", "fast"])
def test_bce_at_and_beyond_its_clip_boundaries_passes(mode):
    eps = tt.BinaryCrossEntropy.eps
    y_hat = np.array([[0.0], [1e-12], [eps], [2 * eps], [0.5], [1 - 2 * eps], [1 - eps], [1 - 1e-12], [1.0]])
    for label in (0.0, 1.0, 0.3):
        report = gradcheck.check_loss(tt.BinaryCrossEntropy(), y_hat, np.full_like(y_hat, label), mode=mode)
        assert report.ok, str(report)


@pytest.mark.parametrize("mode", ["full", "fast"])
def test_bce_with_logits_at_huge_logits_passes(mode):
    z = np.array([[-1e308], [-1e3], [-40.0], [0.0], [40.0], [1e3], [1e308]])
    y = np.array([[0.0], [1.0], [0.5], [1.0], [0.0], [1.0], [0.3]])
    report = gradcheck.check_loss(tt.BCEWithLogits(), z, y, mode=mode)
    assert report.ok, str(report)


class Log:
    def forward(self, x):
        self.x = x
        return np.log(x)

    def backward(self, grad):
        return grad / self.x


class LogDoubled(Log):
    def backward(self, grad):
        return 2 * grad / self.x


# (at 1e300 the derivative, 1e-300, would sit below the default atol of 1e-290: underflow territory)
TINY = np.array([[1e-300, 1e-10, 1e-5, 1.0, 1e200]])


@pytest.mark.parametrize("mode", ["full", "fast"])
def test_tiny_coordinates_beside_the_edge_of_the_domain_are_judged(mode):
    report = gradcheck.check_layer(Log(), TINY, mode=mode)
    assert report.ok and not report.findings, str(report)  # no coordinate left unresolved
    broken = gradcheck.check_layer(LogDoubled(), TINY, mode=mode)
    assert broken.failures[0].message.startswith("5 of 5 checked coordinates differ"), str(broken)
