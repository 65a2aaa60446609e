"""Validation of the harness's arguments: each names the argument, what was expected and what arrived."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from tinytorch._validation import describe
from tinytorch.nn.parameters import Parameter, declared_params

__all__ = [
    "require_data",
    "require_grad_attributes",
    "require_methods",
    "require_seed",
    "require_tolerance",
    "resolve_params",
]


def require_methods(obj: Any, name: str, methods: tuple[str, ...], signature: str) -> None:
    missing = [m for m in methods if not callable(getattr(obj, m, None))]
    if missing:
        raise TypeError(f"`{name}` must have {signature}, got {describe(obj)} without {', '.join(missing)}")


def require_data(value: Any, name: str, *, floating: bool = True) -> np.ndarray:
    kinds = "f" if floating else "biuf"
    if not isinstance(value, np.ndarray) or value.dtype.kind not in kinds:
        kind = "a float" if floating else "a numeric"
        raise TypeError(f"`{name}` must be {kind} numpy array, got {describe(value)}")
    if value.size == 0:
        raise ValueError(f"`{name}` must not be empty, got {describe(value)}")
    if value.dtype.kind == "f" and np.isnan(value).any():
        raise ValueError(f"`{name}` must not contain NaN, got {int(np.isnan(value).sum())} NaN entries")
    return value


def require_tolerance(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"`{name}` must be a non-negative number or None, got {describe(value)}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"`{name}` must be a non-negative number or None, got {value}")
    return float(value)


def resolve_params(layer: Any, params: Mapping[str, str] | None) -> list[Parameter]:
    """Return the parameters to check: the mapping given, else what the layer declares."""
    if params is None:
        return [Parameter(layer, name, grad) for name, grad in declared_params(layer).items()]
    if not isinstance(params, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in params.items()):
        raise TypeError(
            f"`params` must map parameter attribute names to gradient attribute names, e.g."
            f" {{'weights': 'grad_w'}}, got {describe(params)}"
        )
    resolved = []
    for name, grad_name in params.items():
        value = getattr(layer, name, None)
        if value is None:
            raise ValueError(f"`params` names attribute {name!r}, but {type(layer).__name__} has no attribute {name!r}")
        if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
            raise TypeError(
                f"`params` names {name!r}, but {type(layer).__name__}.{name} is {describe(value)}, not a float array"
            )
        resolved.append(Parameter(layer, name, grad_name))
    return resolved


def require_grad_attributes(params: list[Parameter]) -> None:
    for p in params:
        if not hasattr(p.owner, p.grad_name):
            raise ValueError(
                f"`params` maps {p.name!r} to gradient attribute {p.grad_name!r}, but {type(p.owner).__name__}"
                f" has no attribute {p.grad_name!r} after backward"
            )


def require_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"`seed` must be a non-negative integer, got {describe(seed)}")
    if seed < 0:
        raise ValueError(f"`seed` must be a non-negative integer, got {seed}")
    return int(seed)
