"""Reports: the table, the JSON dict, and the assert_* functions."""

import json

import numpy as np
import pytest

import gradcheck
import tinytorch as tt
from gradcheck.corpus import mutants

X = np.random.default_rng(8).normal(size=(4, 3))
LINEAR = {"params": {"weights": "grad_w", "bias": "grad_b"}}


def test_failure_table_names_target_index_numbers_and_tolerance():
    report = gradcheck.check_layer(mutants.LinearMeanNotSum(3, 2), X, **LINEAR)
    text = str(report)
    assert text.startswith("gradcheck layer LinearMeanNotSum [full mode, float64]: FAIL")
    for column in ("target", "index", "analytic", "numeric", "abs err", "rel err", "tolerance"):
        assert column in text
    finding = report.failures[0]
    assert finding.target == "weights" and len(finding.index) == 2
    assert finding.rel_error == pytest.approx(0.75, rel=1e-6)
    assert f"{finding.analytic:.6g}" in text and f"{finding.numeric:.6g}" in text


def test_to_dict_is_json_and_complete():
    report = gradcheck.check_layer(mutants.LinearMeanNotSum(3, 2), X, **LINEAR)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["ok"] is False and data["kind"] == "layer" and data["subject"] == "LinearMeanNotSum"
    assert {t["target"] for t in data["targets"]} == {"input", "weights", "bias"}
    finding = data["findings"][0]
    assert finding["check"] == "gradient" and finding["status"] == "fail" and isinstance(finding["index"], list)


def test_assert_layer_raises_gradient_error_with_the_report():
    with pytest.raises(gradcheck.GradientError) as info:
        gradcheck.assert_layer(mutants.LinearMeanNotSum(3, 2), X, **LINEAR)
    assert isinstance(info.value, AssertionError)
    assert str(info.value) == str(info.value.report)
    assert "weights" in str(info.value)


def test_assert_functions_return_the_report_when_all_is_well():
    assert gradcheck.assert_layer(tt.Sigmoid(), X).ok
    assert gradcheck.assert_loss(tt.BCEWithLogits(), X, np.ones_like(X)).ok
    model = tt.Sequential([tt.Linear(3, 2, rng=np.random.default_rng(0)), tt.Sigmoid()], tt.BinaryCrossEntropy())
    assert gradcheck.assert_model(model, X, np.ones((4, 2))).ok


def test_a_passing_report_is_short():
    text = str(gradcheck.check_layer(tt.ReLU(), X))
    assert "PASS" in text.splitlines()[0]
    assert "FAIL" not in text
