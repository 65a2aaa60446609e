"""The parameter protocol: how a layer declares its parameters and their gradients.

A layer with parameters sets a class attribute ``param_grads``, a mapping from the
attribute holding each parameter array to the attribute where ``backward`` stores its
gradient, e.g. ``{"weights": "grad_w", "bias": "grad_b"}``. The optimizer and the
gradcheck harness both read that one declaration; neither looks at a layer's type.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["PARAM_GRADS_ATTR", "Parameter", "declared_params", "parameters"]

PARAM_GRADS_ATTR = "param_grads"


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of one layer: where its value and its gradient live."""

    owner: Any
    name: str
    grad_name: str

    @property
    def value(self) -> np.ndarray:
        """Return the parameter array itself (updated in place by optimizers)."""
        return getattr(self.owner, self.name)

    @property
    def grad(self) -> np.ndarray:
        """Return the gradient stored by the latest backward; raise if there is none."""
        try:
            return getattr(self.owner, self.grad_name)
        except AttributeError:
            raise AttributeError(
                f"{type(self.owner).__name__}.{self.grad_name} (gradient of `{self.name}`) does not exist:"
                " call backward before reading it"
            ) from None


def declared_params(layer: Any) -> dict[str, str]:
    """Return the {parameter: gradient attribute} mapping a layer declares ({} when none)."""
    declared = getattr(layer, PARAM_GRADS_ATTR, None)
    if declared is None:
        return {}
    if not isinstance(declared, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in declared.items()
    ):
        raise TypeError(
            f"{type(layer).__name__}.{PARAM_GRADS_ATTR} must map parameter attribute names to gradient"
            f" attribute names, got {declared!r}"
        )
    return dict(declared)


def parameters(module: Any) -> Iterator[Parameter]:
    """Yield every declared parameter of a layer, or of each layer of a model with ``layers``."""
    layers = getattr(module, "layers", None)
    for layer in (module,) if layers is None else layers:
        for name, grad_name in declared_params(layer).items():
            yield Parameter(layer, name, grad_name)
