"""Every tinytorch backward through gradcheck, and a model end to end."""

import numpy as np
import pytest

import gradcheck
import tinytorch as tt

RNG = np.random.default_rng(21)


@pytest.mark.parametrize("mode", ["full", "fast"])
@pytest.mark.parametrize(
    "layer", [tt.Linear(3, 2, rng=np.random.default_rng(0)), tt.Sigmoid(), tt.ReLU()], ids=["Linear", "Sigmoid", "ReLU"]
)
def test_tinytorch_layers_pass(layer, mode):
    x = RNG.normal(size=(5, 3))
    x[0, 0] = 0.0
    report = gradcheck.check_layer(layer, x, mode=mode)
    assert report.ok, str(report)
    if isinstance(layer, tt.Linear):
        assert [t.target for t in report.targets] == ["input", "weights", "bias"]


def test_model_end_to_end_passes_with_the_mean_convention():
    model = tt.Sequential(
        [tt.Linear(3, 4, rng=RNG), tt.ReLU(), tt.Linear(4, 1, rng=RNG), tt.Sigmoid()], tt.BinaryCrossEntropy()
    )
    x, y = RNG.normal(size=(6, 3)), RNG.integers(0, 2, size=(6, 1)).astype(float)
    report = gradcheck.check_model(model, x, y)
    assert report.ok, str(report)
    assert [t.target for t in report.targets] == [
        "input",
        "layers[0].weights",
        "layers[0].bias",
        "layers[2].weights",
        "layers[2].bias",
    ]
    assert not gradcheck.check_model(model, x, y, param_reduction="sum").ok


def test_model_with_a_broken_layer_fails_on_that_layer():
    class HalfReLU(tt.ReLU):
        def backward(self, grad):
            return super().backward(grad) / 2

    model = tt.Sequential([tt.Linear(3, 4, rng=RNG), HalfReLU(), tt.Linear(4, 1, rng=RNG)], tt.BCEWithLogits())
    x, y = RNG.normal(size=(6, 3)), RNG.integers(0, 2, size=(6, 1)).astype(float)
    report = gradcheck.check_model(model, x, y)
    failed = {f.target for f in report.failures}
    assert "layers[0].weights" in failed and "layers[2].weights" not in failed
