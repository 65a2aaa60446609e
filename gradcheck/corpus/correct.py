"""Correct layers and losses in the post's style: the corpus's reference variants.

Each mutant in :mod:`mutants` is one of these with one realistic slip.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit


class Linear:
    """z = x @ weights + bias; gradients are sums over the batch."""

    param_grads = {"weights": "grad_w", "bias": "grad_b"}  # noqa: RUF012

    def __init__(self, n_inp: int, n_out: int, seed: int = 0, dtype=np.float64):
        rng = np.random.default_rng(seed)
        self.weights = rng.uniform(-1, 1, (n_inp, n_out)).astype(dtype)
        self.bias = rng.uniform(-1, 1, n_out).astype(dtype)

    def forward(self, x):
        self.x = x
        return x @ self.weights + self.bias

    def backward(self, grad):
        self.grad_w = self.x.T @ grad
        self.grad_b = grad.sum(axis=0)
        return grad @ self.weights.T


class MeanLinear(Linear):
    """The post's convention: parameter gradients averaged over the batch (check with param_reduction='mean')."""

    def backward(self, grad):
        self.grad_w = self.x.T @ grad / len(self.x)
        self.grad_b = grad.mean(axis=0)
        return grad @ self.weights.T


class Sigmoid:
    """σ(x) without overflow; derivative σ(x)·σ(−x)."""

    def forward(self, x):
        self.s = expit(x)
        self.s_neg = expit(-x)
        return self.s

    def backward(self, grad):
        return self.s * self.s_neg * grad


class ReLU:
    """max(x, 0); derivative 0 at exactly 0."""

    def forward(self, x):
        self.x = x
        return np.maximum(x, 0)

    def backward(self, grad):
        return np.where(self.x > 0, grad, 0.0)


class LeakyReLU:
    """x for x > 0, slope·x otherwise."""

    slope = 0.1

    def forward(self, x):
        self.x = x
        return np.where(x > 0, x, self.slope * x)

    def backward(self, grad):
        return np.where(self.x > 0, grad, self.slope * grad)


class Tanh:
    """tanh(x); derivative 1 − tanh²(x)."""

    def forward(self, x):
        self.y = np.tanh(x)
        return self.y

    def backward(self, grad):
        return (1 - self.y**2) * grad


class Abs:
    """|x|; derivative sign(x), 0 at the kink."""

    def forward(self, x):
        self.x = x
        return np.abs(x)

    def backward(self, grad):
        return np.sign(self.x) * grad


class HardClip:
    """clip(x, −1, 1); derivative 1 strictly inside, 0 outside, either at the edges."""

    def forward(self, x):
        self.x = x
        return np.clip(x, -1.0, 1.0)

    def backward(self, grad):
        return np.where(np.abs(self.x) < 1, grad, 0.0)


class RowMax:
    """The largest feature of each sample; the gradient goes to the (first) largest one."""

    def forward(self, x):
        self.x = x
        self.argmax = x.argmax(axis=1)
        return x.max(axis=1, keepdims=True)

    def backward(self, grad):
        out = np.zeros_like(self.x)
        out[np.arange(len(self.x)), self.argmax] = grad[:, 0]
        return out


class Scale:
    """y = scale ⊙ x with a learned per-feature scale."""

    param_grads = {"scale": "grad_scale"}  # noqa: RUF012

    def __init__(self, n_features: int, seed: int = 0):
        self.scale = np.random.default_rng(seed).uniform(0.5, 2.0, n_features)

    def forward(self, x):
        self.x = x
        return x * self.scale

    def backward(self, grad):
        self.grad_scale = (grad * self.x).sum(axis=0)
        return grad * self.scale


class BinaryCrossEntropy:
    """BCE on probabilities clipped to [ε, 1 − ε]; backward is the derivative of that clipped forward."""

    eps = 1e-8

    def forward(self, y_hat, y):
        self.raw, self.y = y_hat, y
        self.p = np.clip(y_hat, self.eps, 1 - self.eps)
        return -(y * np.log(self.p) + (1 - y) * np.log1p(-self.p))

    def backward(self):
        inside = (self.raw >= self.eps) & (self.raw <= 1 - self.eps)
        return np.where(inside, (self.p - self.y) / (self.p * (1 - self.p)), 0.0)


class BCEWithLogits:
    """Sigmoid and BCE fused on logits; backward σ(z) − y."""

    def forward(self, z, y):
        self.z, self.y = z, y
        return np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))

    def backward(self):
        return expit(self.z) - self.y


class MSE:
    """Squared error per sample; backward 2(ŷ − y)."""

    def forward(self, y_hat, y):
        self.diff = y_hat - y
        return self.diff**2

    def backward(self):
        return 2 * self.diff
