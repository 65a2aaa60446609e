"""The layer protocol shared by every tinytorch layer and by users' own layers.

``forward(x)`` caches only what ``backward`` needs; ``backward(grad)`` takes the gradient
of the objective with respect to the layer's output and returns it with respect to the
input, storing parameter gradients under the names the layer declares (see
:mod:`tinytorch.nn.parameters`). A gradient is always the exact vector-Jacobian product:
no layer divides by the batch size (that happens once, in ``Sequential.backward``).
A user's layer needs no base class: any object with these two methods will do.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

__all__ = ["Layer"]


class Layer:
    """Convenience base: makes a layer callable and declares no parameters; subclasses add backward."""

    param_grads: ClassVar[dict[str, str]] = {}

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def forward(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - overridden
        """Return the layer's output for a mini-batch."""
        raise NotImplementedError
