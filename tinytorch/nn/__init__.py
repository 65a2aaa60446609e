"""Layers, losses, the Sequential container, the parameter protocol and SGD."""

from .activations import ReLU, Sigmoid, sigmoid
from .container import Sequential
from .layer import Layer
from .linear import Linear
from .losses import BCEWithLogits, BinaryCrossEntropy
from .optim import SGD
from .parameters import Parameter, declared_params, parameters

__all__ = [
    "SGD",
    "BCEWithLogits",
    "BinaryCrossEntropy",
    "Layer",
    "Linear",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "declared_params",
    "parameters",
    "sigmoid",
]
