"""Losses: BinaryCrossEntropy on probabilities and the fused BCEWithLogits on logits.

A criterion's ``forward(y_hat, y)`` returns the per-sample losses, shaped like ``y_hat``;
its ``backward()`` returns the gradient of their *sum* with respect to ``y_hat``. The batch
mean is taken once, in ``Sequential.backward``.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    require_float_array,
    require_label_array,
    require_no_nan,
    require_same_shape,
)
from .activations import sigmoid

__all__ = ["BCEWithLogits", "BinaryCrossEntropy"]


def _check_pair(y_hat: np.ndarray, y: np.ndarray, name: str) -> np.ndarray:
    """Validate predictions and labels; return the labels as floats."""
    require_float_array(y_hat, name)
    require_label_array(y, "y")
    require_same_shape(y, "y", y_hat, name)
    require_no_nan(y_hat, name)
    outside = ~((y >= 0) & (y <= 1))  # NaN labels are outside too
    if outside.any():
        raise ValueError(
            f"`y` must hold labels in [0, 1], got {int(outside.sum())} outside, e.g. {y[outside].ravel()[:3].tolist()}"
        )
    return y.astype(np.float64, copy=False)


class _Criterion:
    """Makes a criterion callable as in the post: criterion(y_hat, y)."""

    def __call__(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        return self.forward(y_hat, y)

    def forward(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:  # pragma: no cover - overridden
        """Return per-sample losses."""
        raise NotImplementedError


class BinaryCrossEntropy(_Criterion):
    """BCE on probabilities, clipped to [eps, 1 − eps] so it stays finite at 0 and 1."""

    eps = 1e-8

    def __init__(self) -> None:
        self.y_hat: np.ndarray | None = None

    def forward(self, y_hat: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Return −[y ln ŷ + (1 − y) ln(1 − ŷ)] per sample, with ŷ clipped; soft labels allowed."""
        self.y = _check_pair(y_hat, y, "y_hat")
        self.y_hat = y_hat
        self.clipped = np.clip(y_hat, self.eps, 1 - self.eps)
        return -(self.y * np.log(self.clipped) + (1 - self.y) * np.log1p(-self.clipped))

    def backward(self) -> np.ndarray:
        """Return d(sum of losses)/dŷ: (ŷ − y) / (ŷ(1 − ŷ)) inside the clip, 0 where it is active."""
        if self.y_hat is None:
            raise RuntimeError("BinaryCrossEntropy.backward called before forward")
        p, y_hat = self.clipped, self.y_hat
        inside = (y_hat >= self.eps) & (y_hat <= 1 - self.eps)
        return np.where(inside, (p - self.y) / (p * (1 - p)), 0.0)


class BCEWithLogits(_Criterion):
    """Sigmoid and BCE fused: takes logits z, finite for every finite z, with no clipping."""

    def __init__(self) -> None:
        self.z: np.ndarray | None = None

    def forward(self, z: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Return softplus(z) − y·z per sample, computed as max(z, 0) − y·z + log1p(exp(−|z|))."""
        self.y = _check_pair(z, y, "z")
        self.z = z
        return np.maximum(z, 0.0) - self.y * z + np.log1p(np.exp(-np.abs(z)))

    def backward(self) -> np.ndarray:
        """Return d(sum of losses)/dz = σ(z) − y: the post's ŷ − y identity."""
        if self.z is None:
            raise RuntimeError("BCEWithLogits.backward called before forward")
        return sigmoid(self.z) - self.y
