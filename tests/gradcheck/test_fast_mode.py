"""Fast mode: random directions plus sampled coordinates, as sensitive as full mode on small targets."""

import numpy as np
import pytest

import gradcheck
import tinytorch as tt
from gradcheck.checks.gradient import FAST_FULL_LIMIT
from gradcheck.corpus import correct

LINEAR = {"params": {"weights": "grad_w", "bias": "grad_b"}}


class SparseBug(correct.Linear):
    """Right everywhere but in two entries of the weight gradient."""

    def backward(self, grad):
        out = super().backward(grad)
        self.grad_w[3, 1] *= 1.5
        self.grad_w[-1, -1] = 0.0
        return out


@pytest.mark.parametrize(("n_inp", "n_out"), [(40, 20), (300, 200)], ids=["rerun-in-full", "directional-only"])
def test_a_few_wrong_entries_in_a_large_gradient_are_caught(n_inp, n_out):
    layer = SparseBug(n_inp, n_out)
    x = np.random.default_rng(0).normal(size=(8, n_inp))
    report = gradcheck.check_layer(layer, x, mode="fast", **LINEAR)
    weights = [f for f in report.failures if f.target == "weights"]
    assert weights, str(report)
    if n_inp * n_out <= 4096:
        assert weights[0].index in {(3, 1), (n_inp - 1, n_out - 1)}, "re-run in full reports the worst index"
    else:
        assert "random dense direction" in weights[0].message


def test_large_correct_layers_pass_in_fast_mode_even_with_exact_zeros():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(16, 300))
    x[rng.random(x.shape) < 0.3] = 0.0
    assert gradcheck.check_layer(tt.ReLU(), x, mode="fast").ok
    assert gradcheck.check_layer(tt.Linear(300, 50, rng=rng), x, mode="fast").ok


def test_small_targets_are_checked_coordinate_by_coordinate_in_fast_mode():
    x = np.random.default_rng(2).normal(size=(4, 5))
    full = gradcheck.check_layer(tt.Linear(5, 3), x, mode="full")
    fast = gradcheck.check_layer(tt.Linear(5, 3), x, mode="fast")
    assert [t.coordinates for t in fast.targets] == [t.coordinates for t in full.targets] == [20, 15, 3]
    assert all(t.coordinates <= FAST_FULL_LIMIT for t in fast.targets)


def test_fast_mode_checks_fewer_coordinates_on_large_targets():
    x = np.random.default_rng(3).normal(size=(8, 300))
    report = gradcheck.check_layer(tt.Linear(300, 200), x, mode="fast")
    assert report.ok, str(report)
    weights = next(t for t in report.targets if t.target == "weights")
    assert 0 < weights.coordinates < 100
