"""The walkthrough's accuracy floors, counting all 114 validation samples."""

import statistics

import pytest

pytest.importorskip("sklearn")
from tinytorch.walkthrough import load_split, logistic_layers, main, train_and_score, two_layer_layers


@pytest.fixture(scope="module")
def split():
    return load_split()


def test_validation_set_is_whole(split):
    assert split.X_val.shape == (114, 30)
    assert split.X_train.shape == (455, 30)


@pytest.mark.parametrize(
    ("make_layers", "floor"),
    [(logistic_layers, 0.95), (two_layer_layers, 0.93)],
    ids=["logistic", "two-layer"],
)
def test_median_accuracy_over_ten_seeds(split, make_layers, floor):
    scores = [train_and_score(split, make_layers, seed) for seed in range(10)]
    # accuracies are multiples of 1/114: the whole validation set is counted
    assert all(abs(s * 114 - round(s * 114)) < 1e-9 for s in scores)
    assert statistics.median(scores) >= floor


def test_same_seed_same_result(split):
    assert train_and_score(split, two_layer_layers, 3) == train_and_score(split, two_layer_layers, 3)


def test_main_prints_both_models_and_sklearn(capsys):
    assert main(["--seeds", "2"]) == 0
    out = capsys.readouterr().out
    assert "logistic network" in out and "two-layer network" in out
    assert "scikit-learn LogisticRegression validation accuracy: 0.98" in out
