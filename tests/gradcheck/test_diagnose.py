"""Mismatches with a recognisable shape are named, and point at the backward's file and line."""

import inspect

import numpy as np
import pytest

import gradcheck
from gradcheck.corpus import correct, mutants
from gradcheck.diagnose import diagnose

X = np.random.default_rng(5).normal(size=(4, 3))
LINEAR = {"params": {"weights": "grad_w", "bias": "grad_b"}}


class ZeroWeightGrad(correct.Linear):
    def backward(self, grad):
        out = super().backward(grad)
        self.grad_w = np.zeros_like(self.weights)
        return out


CASES = {
    "mean/sum": (lambda: mutants.LinearMeanNotSum(3, 2), LINEAR, "weights", r"÷ batch size \(4\).*mean/sum convention"),
    "sum where mean": (
        lambda: correct.Linear(3, 2),
        {**LINEAR, "param_reduction": "mean"},
        "weights",
        r"× batch size \(4\)",
    ),
    "factor": (
        lambda: mutants.ScaleDoubled(3),
        {"params": {"scale": "grad_scale"}},
        "scale",
        r"off by a constant factor: analytic ≈ 2 × numeric",
    ),
    "transpose": (
        lambda: mutants.LinearWeightGradTransposed(3, 3),
        LINEAR,
        "weights",
        r"analytic is the transpose of the numeric gradient",
    ),
    "zeros": (lambda: ZeroWeightGrad(3, 2), LINEAR, "weights", r"all zeros"),
}


@pytest.mark.parametrize("name", CASES)
def test_diagnosis_names_the_mistake(name):
    build, options, target, pattern = CASES[name]
    report = gradcheck.check_layer(build(), X, **options)
    finding = next(f for f in report.failures if f.target == target and f.check is gradcheck.Check.GRADIENT)
    assert finding.diagnosis is not None, str(report)
    assert pytest.approx(0) != finding.abs_error
    import re

    assert re.search(pattern, finding.diagnosis), finding.diagnosis


def test_sign_flip_on_a_loss():
    y_hat = np.random.default_rng(1).uniform(0.1, 0.9, (5, 1))
    y = np.array([[0.0], [1.0], [1.0], [0.0], [1.0]])
    report = gradcheck.check_loss(mutants.BCESignSlip(), y_hat, y)
    assert report.failures[0].diagnosis == "sign flipped: analytic = −numeric"


def test_upstream_ignored_is_diagnosed():
    report = gradcheck.check_layer(mutants.SigmoidIgnoresUpstream(), X)
    upstream = [f for f in report.failures if f.check is gradcheck.Check.UPSTREAM]
    assert upstream[0].diagnosis == "backward ignores the upstream gradient"


def test_finding_points_at_the_backward_source_line():
    report = gradcheck.check_layer(mutants.TanhMissingSquare(), X)
    line = inspect.getsourcelines(mutants.TanhMissingSquare.backward)[1]
    assert report.failures[0].location == f"{inspect.getsourcefile(mutants.TanhMissingSquare)}:{line}"


@pytest.mark.parametrize(
    ("analytic", "numeric", "expected"),
    [
        (np.array([1.0, 2.0]), np.array([1.0, 2.0]) * 1.0, None),
        (np.array([1.0, -2.0]), np.array([-1.0, 2.0]), "sign flipped: analytic = −numeric"),
        (np.array([0.5, 1.0, 7.0]), np.array([1.0, 2.0, 14.0]), "off by a constant factor: analytic ≈ 0.5 × numeric"),
        (np.array([1.0, 5.0, -3.0]), np.array([2.0, -1.0, 0.5]), None),
        (np.zeros(3), np.ones(3), "the analytic gradient is all zeros: never written, or overwritten"),
    ],
)
def test_diagnose_table(analytic, numeric, expected):
    assert diagnose(analytic, numeric, batch=None) == expected
