"""Stochastic gradient descent over the parameters that layers declare."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import require_positive_finite
from .parameters import parameters

__all__ = ["SGD"]


class SGD:
    """Vanilla gradient descent: parameter −= lr · gradient, for every declared parameter."""

    def __init__(self, model: Any, lr: float) -> None:
        """Keep the model (a layer, or anything with ``layers``) and the learning rate."""
        self.model = model
        self.lr = require_positive_finite(lr, "lr")
        self._scratch: dict[tuple[int, str], np.ndarray] = {}

    def step(self) -> None:
        """Update every declared parameter in place from its latest gradient."""
        for param in parameters(self.model):
            value, grad = param.value, param.grad
            if grad.shape != value.shape:
                raise ValueError(
                    f"{type(param.owner).__name__}.{param.grad_name} has shape {grad.shape}, but parameter"
                    f" `{param.name}` has shape {value.shape}"
                )
            key = (id(param.owner), param.name)
            scratch = self._scratch.get(key)
            if scratch is None or scratch.shape != grad.shape or scratch.dtype != value.dtype:
                scratch = self._scratch[key] = np.empty_like(value)
            # two passes, no temporary: large layers make every extra allocation count
            np.multiply(grad, self.lr, out=scratch)
            value -= scratch
