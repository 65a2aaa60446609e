"""Elementwise activations: Sigmoid and ReLU."""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from .._validation import require_float_array, require_upstream_grad
from .layer import Layer

__all__ = ["ReLU", "Sigmoid", "sigmoid"]


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Return 1 / (1 + exp(-x)) without overflow for any float input (scipy's expit)."""
    return expit(x)


class Sigmoid(Layer):
    """Logistic activation, stable for every finite float64 (±1e308 and subnormals included)."""

    def __init__(self) -> None:
        self.y_hat: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Return σ(x), caching it and 1 − σ(x) = σ(−x) for backward."""
        require_float_array(x, "x")
        self.y_hat = sigmoid(x)
        # 1 − σ(x) computed as σ(−x): the subtraction would lose all digits for large x
        self.one_minus_y_hat = sigmoid(-x)
        return self.y_hat

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Return σ(x)(1 − σ(x)) · grad."""
        y_hat = self.y_hat
        require_upstream_grad(grad, None if y_hat is None else y_hat.shape, "Sigmoid")
        return y_hat * self.one_minus_y_hat * grad


class ReLU(Layer):
    """Rectified linear unit; its derivative at exactly 0 is taken as 0."""

    def __init__(self) -> None:
        self.active: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Return max(x, 0), caching where x is positive."""
        require_float_array(x, "x")
        self.active = x > 0
        return np.maximum(x, 0.0)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Pass grad where x was positive, zero elsewhere."""
        active = self.active
        require_upstream_grad(grad, None if active is None else active.shape, "ReLU")
        assert active is not None
        return np.where(active, grad, 0.0)
