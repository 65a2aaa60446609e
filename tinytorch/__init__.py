"""tinytorch: the numpy library of "Neural Nets Aren't Black Boxes", done properly."""

from .data import DataLoader, Dataset, normalize
from .metrics import accuracy
from .nn import (
    SGD,
    BCEWithLogits,
    BinaryCrossEntropy,
    Layer,
    Linear,
    Parameter,
    ReLU,
    Sequential,
    Sigmoid,
    declared_params,
    parameters,
    sigmoid,
)
from .trainer import Trainer

__all__ = [
    "SGD",
    "BCEWithLogits",
    "BinaryCrossEntropy",
    "DataLoader",
    "Dataset",
    "Layer",
    "Linear",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Trainer",
    "accuracy",
    "declared_params",
    "normalize",
    "parameters",
    "sigmoid",
]
