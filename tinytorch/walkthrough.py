"""The post end to end on scikit-learn's bundled breast-cancer data: ``python -m tinytorch.walkthrough``.

Needs the ``demo`` extra (scikit-learn); the data ships with it, so no network is used.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .data import DataLoader, Dataset, normalize
from .metrics import accuracy
from .nn import SGD, BinaryCrossEntropy, Linear, ReLU, Sequential, Sigmoid
from .trainer import Trainer

__all__ = ["Split", "load_split", "logistic_layers", "main", "train_and_score", "two_layer_layers"]


@dataclass(frozen=True)
class Split:
    """The post's normalised train/validation split (455 and 114 samples)."""

    X_train: np.ndarray
    X_val: np.ndarray
    y_train: np.ndarray
    y_val: np.ndarray


def load_split() -> Split:
    """Load the breast-cancer data, split as the post does (random_state=9) and normalise."""
    try:
        from sklearn.datasets import load_breast_cancer
        from sklearn.model_selection import train_test_split
    except ImportError:  # pragma: no cover - depends on the environment
        raise SystemExit('the walkthrough needs scikit-learn: pip install "tinytorch-gradcheck[demo]"') from None
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=9)
    X_train, X_val = normalize(X_train, X_val)
    return Split(X_train, X_val, y_train, y_val)


def logistic_layers(n_inp: int) -> list:
    """The post's logistic network: Linear then Sigmoid."""
    return [Linear(n_inp, 1), Sigmoid()]


def two_layer_layers(n_inp: int) -> list:
    """The post's deeper network: Linear(n_inp, 20), ReLU, Linear(20, 1), Sigmoid."""
    return [Linear(n_inp, 20), ReLU(), Linear(20, 1), Sigmoid()]


def train_and_score(
    split: Split,
    make_layers: Callable[[int], list],
    seed: int,
    *,
    n_epochs: int = 5,
    lr: float = 0.1,
    batch_size: int = 64,
    log: bool = False,
) -> float:
    """Train with the post's settings from np.random.seed(seed); return validation accuracy on all samples."""
    np.random.seed(seed)
    train_dl = DataLoader(Dataset(split.X_train, split.y_train), batch_size=batch_size, shuffle=True)
    val_dl = DataLoader(Dataset(split.X_val, split.y_val), batch_size=batch_size, shuffle=False)
    model = Sequential(make_layers(split.X_train.shape[1]), BinaryCrossEntropy())
    trainer = Trainer(model, SGD(model, lr=lr), train_dl, val_dl, metric=accuracy)
    if log:
        trainer.train(n_epochs)
    else:
        for _ in range(n_epochs):
            trainer.train_one_epoch()
    return trainer.evaluate(val_dl)[1]


def main(argv: list[str] | None = None) -> int:
    """Reproduce the post: train both networks, then compare with scikit-learn's LogisticRegression."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=10, help="number of seeds for the medians (default 10)")
    args = parser.parse_args(argv)
    split = load_split()
    from sklearn.linear_model import LogisticRegression

    for title, make_layers in (("logistic network", logistic_layers), ("two-layer network", two_layer_layers)):
        print(f"== {title}, seed 0 ==")
        train_and_score(split, make_layers, 0, log=True)
        scores = [train_and_score(split, make_layers, seed) for seed in range(args.seeds)]
        print(f"median validation accuracy over seeds 0-{args.seeds - 1}: {statistics.median(scores):.4f}\n")
    sklearn_score = LogisticRegression(random_state=9).fit(split.X_train, split.y_train).score(split.X_val, split.y_val)
    print(f"scikit-learn LogisticRegression validation accuracy: {sklearn_score:.5f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
