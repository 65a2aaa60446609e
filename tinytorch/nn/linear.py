"""Fully connected layer z = x @ weights + bias."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from .._validation import require_float_array, require_positive_int, require_upstream_grad
from .layer import Layer

__all__ = ["Linear"]


class Linear(Layer):
    """Affine layer for mini-batches of shape (batch, n_inp)."""

    param_grads: ClassVar[dict[str, str]] = {"weights": "grad_w", "bias": "grad_b"}

    def __init__(self, n_inp: int, n_out: int, *, rng: np.random.Generator | None = None) -> None:
        """Initialise weights uniform in ±1/sqrt(n_inp) (numpy's global state unless rng) and zero bias."""
        self.n_inp = require_positive_int(n_inp, "n_inp")
        self.n_out = require_positive_int(n_out, "n_out")
        k = 1 / np.sqrt(self.n_inp)
        source = np.random if rng is None else rng
        self.weights = source.uniform(-k, k, (self.n_inp, self.n_out))
        self.bias = np.zeros(self.n_out)
        self.x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Pass a mini-batch through the layer, caching the input for backward."""
        expected = f"(batch, n_inp={self.n_inp})"
        require_float_array(x, "x", ndim=2, expected=expected)
        if x.shape[1] != self.n_inp:
            raise ValueError(f"`x` must be a float array of shape {expected}, got {x.dtype} array of shape {x.shape}")
        self.x = x
        out = x @ self.weights
        out += self.bias
        return out

    def backward(self, grad: np.ndarray, *, input_grad: bool = True) -> np.ndarray | None:
        """Store grad_w and grad_b (sums over the batch) and return the input gradient.

        ``input_grad=False`` skips the input gradient (returns None): a model's first
        layer never needs it, and it is one of the two large matrix products.
        """
        x = self.x
        require_upstream_grad(grad, None if x is None else (x.shape[0], self.n_out), "Linear")
        assert x is not None
        self.grad_w = x.T @ grad
        self.grad_b = grad.sum(axis=0)
        if not input_grad:
            return None
        if self.n_out == 1:
            # an outer product: broadcasting beats a matmul with inner dimension 1
            return grad * self.weights[:, 0]
        return grad @ self.weights.T
