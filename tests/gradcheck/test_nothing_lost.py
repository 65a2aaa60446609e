"""The harness restores every parameter bitwise and never touches the caller's arrays, on every path."""

import numpy as np
import pytest

import gradcheck
import tinytorch as tt
from gradcheck.corpus import correct, mutants

X = np.random.default_rng(3).normal(size=(4, 3))
LINEAR = {"params": {"weights": "grad_w", "bias": "grad_b"}}


class RaisesOnSecondForward(correct.Linear):
    """Fine once, then raises halfway through the checks, while parameters are perturbed."""

    calls = 0

    def forward(self, x):
        self.calls += 1
        if self.calls > 40:
            raise RuntimeError("out of patience")
        return super().forward(x)


class RaisesAtPerturbation(correct.Linear):
    """Raises the moment a weight is not its original value: when the harness is perturbing it."""

    def __init__(self):
        super().__init__(3, 2)
        self.original = self.weights.copy()

    def forward(self, x):
        if not np.array_equal(self.weights, self.original):
            raise ValueError("perturbed!")
        return super().forward(x)


LAYERS = {
    "pass": lambda: correct.Linear(3, 2),
    "fail": lambda: mutants.LinearMeanNotSum(3, 2),
    "raise later": lambda: RaisesOnSecondForward(3, 2),
    "raise while perturbed": RaisesAtPerturbation,
}


@pytest.mark.parametrize("mode", ["full", "fast"])
@pytest.mark.parametrize("name", LAYERS)
def test_parameters_are_restored_bitwise_by_identity(name, mode):
    layer = LAYERS[name]()
    weights, bias = layer.weights, layer.bias
    before_w, before_b = weights.copy(), bias.copy()
    x = X.copy()
    report = gradcheck.check_layer(layer, x, mode=mode, **LINEAR)
    assert layer.weights is weights and layer.bias is bias
    assert np.array_equal(weights, before_w) and np.array_equal(bias, before_b)
    assert weights.tobytes() == before_w.tobytes()
    np.testing.assert_array_equal(x, X)
    if name == "pass":
        assert report.ok
    else:
        assert not report.ok


def test_raise_while_perturbed_is_reported_as_a_crash():
    report = gradcheck.check_layer(RaisesAtPerturbation(), X, **LINEAR)
    assert any(f.check is gradcheck.Check.CRASH and "perturbed!" in f.message for f in report.failures)


def test_callers_arrays_untouched_even_by_a_mutating_layer():
    x = X.copy()
    gradcheck.check_layer(mutants.ReLUMutatesInput(), x)
    np.testing.assert_array_equal(x, X)
    y_hat, y = np.full((3, 1), 0.3), np.array([[0.0], [1.0], [1.0]])
    y_hat0, y0 = y_hat.copy(), y.copy()
    gradcheck.check_loss(tt.BinaryCrossEntropy(), y_hat, y)
    np.testing.assert_array_equal(y_hat, y_hat0)
    np.testing.assert_array_equal(y, y0)


def test_model_parameters_restored():
    rng = np.random.default_rng(0)
    model = tt.Sequential([tt.Linear(3, 4, rng=rng), tt.ReLU(), tt.Linear(4, 1, rng=rng)], tt.BCEWithLogits())
    before = [p.value.copy() for p in tt.parameters(model)]
    gradcheck.check_model(model, X, np.array([[0.0], [1.0], [1.0], [0.0]]))
    for p, b in zip(tt.parameters(model), before, strict=True):
        assert p.value.tobytes() == b.tobytes()
