"""Sequential: a feedforward stack of layers and its loss criterion."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = ["Sequential"]


@functools.cache
def _can_skip_input_grad(backward: Callable[..., Any]) -> bool:
    """Whether a backward accepts ``input_grad=False`` (tinytorch's Linear does)."""
    try:
        return "input_grad" in inspect.signature(backward).parameters
    except (TypeError, ValueError):
        return False


class Sequential:
    """Feedforward net: layers applied in order, the criterion treated as the last layer."""

    def __init__(self, layers: Sequence[Any], criterion: Any) -> None:
        """Keep the layers (each with forward/backward) and the loss criterion."""
        layers = list(layers)
        if not layers:
            raise ValueError("`layers` must hold at least one layer, got an empty sequence")
        for i, layer in enumerate(layers):
            if not (callable(getattr(layer, "forward", None)) and callable(getattr(layer, "backward", None))):
                raise TypeError(f"`layers[{i}]` must have forward(x) and backward(grad), got {type(layer).__name__}")
        if not (callable(getattr(criterion, "forward", None)) and callable(getattr(criterion, "backward", None))):
            raise TypeError(f"`criterion` must have forward(y_hat, y) and backward(), got {type(criterion).__name__}")
        self.layers = layers
        self.criterion = criterion

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Pass a mini-batch through every layer."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, *, input_grad: bool = False) -> np.ndarray | None:
        """Backpropagate the gradient of the batch-mean loss from the criterion to the input.

        This is the one place where the batch mean happens: the criterion's backward is the
        gradient of the summed per-sample losses, and it is divided by the batch size here,
        so every parameter gradient is that of the mean loss. Returns the input gradient
        when ``input_grad`` is true; otherwise the first layer may skip computing it.
        """
        grad = self.criterion.backward()
        grad = grad / len(grad)
        *rest, first = self.layers[::-1]
        for layer in rest:
            grad = layer.backward(grad)
        if not input_grad and _can_skip_input_grad(type(first).backward):
            return first.backward(grad, input_grad=False)
        grad = first.backward(grad)
        return grad if input_grad else None
