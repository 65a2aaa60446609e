"""Each check kind catches a broken layer built to trip it, and passes the correct variant."""

import numpy as np
import pytest

import gradcheck
from gradcheck import Check
from gradcheck.corpus import correct, mutants

LINEAR = {"params": {"weights": "grad_w", "bias": "grad_b"}}
X = np.random.default_rng(7).normal(size=(4, 3))
LARGE = np.array([[-1000.0, 800.0, -2.0], [3.0, -750.0, 1200.0]])

# (check, correct layer, broken layer, input, options)
PAIRS = {
    "gradient": (Check.GRADIENT, correct.Tanh, mutants.TanhMissingSquare, X, {}),
    "gradient of a parameter": (
        Check.GRADIENT,
        lambda: correct.Scale(3),
        lambda: mutants.ScaleDoubled(3),
        X,
        {"params": {"scale": "grad_scale"}},
    ),
    "shape": (Check.SHAPE, lambda: correct.Linear(3, 2), lambda: mutants.LinearBiasKeepdims(3, 2), X, LINEAR),
    "dtype": (Check.SHAPE, correct.Sigmoid, None, X, {}),
    "fp-error": (Check.FP_ERROR, correct.Sigmoid, mutants.SigmoidTwoBranches, LARGE, {}),
    "mutation of x": (Check.MUTATION, correct.ReLU, mutants.ReLUMutatesInput, X, {}),
    "mutation of grad": (Check.MUTATION, correct.ReLU, mutants.ReLUMutatesGrad, X, {}),
    "mutation of a parameter": (
        Check.MUTATION,
        lambda: correct.Linear(3, 2),
        lambda: mutants.LinearUpdatesWeights(3, 2),
        X,
        LINEAR,
    ),
    "stale state": (Check.STALE, correct.ReLU, mutants.ReLUFromPreviousForward, X, {}),
    "stale cache": (Check.STALE, lambda: correct.Linear(3, 2), lambda: mutants.LinearCachesFirstInput(3, 2), X, LINEAR),
    "upstream ignored": (Check.UPSTREAM, correct.Sigmoid, mutants.SigmoidIgnoresUpstream, X, {}),
    "upstream gated": (Check.UPSTREAM, correct.ReLU, mutants.ReLUGatesOnGrad, X, {}),
    "determinism": (
        Check.DETERMINISM,
        lambda: correct.Linear(3, 2),
        lambda: mutants.LinearAccumulates(3, 2),
        X,
        LINEAR,
    ),
}


class Float32Gradient(correct.Sigmoid):
    """Returns a float32 gradient for a float64 input: precision lost."""

    def backward(self, grad):
        return super().backward(grad).astype(np.float32)


class NonFiniteBackward(correct.Sigmoid):
    """Backward divides by the output: infinite where it underflows to zero."""

    def backward(self, grad):
        with np.errstate(all="ignore"):
            return self.s * self.s_neg / self.s * self.s * grad / (self.s > 1e-300)


class Crashes(correct.Sigmoid):
    def backward(self, grad):
        raise RuntimeError("boom")


def build_broken(name):
    _, _, broken, x, options = PAIRS[name]
    return broken() if broken is not None else Float32Gradient(), x, options


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("mode", ["full", "fast"])
def test_check_catches_the_broken_layer(name, mode):
    check = PAIRS[name][0]
    layer, x, options = build_broken(name)
    report = gradcheck.check_layer(layer, x, mode=mode, **options)
    assert not report.ok
    assert check in {f.check for f in report.failures}, str(report)


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("mode", ["full", "fast"])
def test_check_passes_the_correct_layer(name, mode):
    _, good, _, x, options = PAIRS[name]
    report = gradcheck.check_layer(good(), x, mode=mode, **options)
    assert report.ok, str(report)


def test_non_finite_gradient_from_finite_input_is_a_finding():
    report = gradcheck.check_layer(NonFiniteBackward(), np.array([[-800.0, 0.0, 1.0]]))
    messages = [f.message for f in report.failures if f.check is Check.FP_ERROR]
    assert any("non-finite values from finite inputs" in m for m in messages), str(report)


def test_underflow_is_not_a_finding():
    report = gradcheck.check_layer(correct.Sigmoid(), np.array([[-800.0, -745.2, 0.0, 745.2, 800.0]]))
    assert report.ok, str(report)


def test_a_layer_that_raises_becomes_a_crash_finding():
    report = gradcheck.check_layer(Crashes(), X)
    assert [f.check for f in report.failures] == [Check.CRASH]
    assert "RuntimeError raised during the first forward/backward: boom" in report.failures[0].message


def test_loss_checks_catch_a_loss_mutating_its_labels():
    class MutatesLabels(correct.MSE):
        def forward(self, y_hat, y):
            out = super().forward(y_hat, y)
            y += 1
            return out

    y_hat, y = np.zeros((3, 1)), np.ones((3, 1))
    report = gradcheck.check_loss(MutatesLabels(), y_hat, y)
    assert [f.target for f in report.failures if f.check is Check.MUTATION] == ["y"]
    np.testing.assert_array_equal(y, 1.0)
