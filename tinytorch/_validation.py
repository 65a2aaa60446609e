"""Argument checks shared by tinytorch's public functions: each names the culprit."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

__all__ = [
    "describe",
    "require_float_array",
    "require_label_array",
    "require_no_nan",
    "require_positive_finite",
    "require_positive_int",
    "require_same_shape",
    "require_upstream_grad",
]


def describe(value: Any) -> str:
    """Return a short description of what arrived, for error messages."""
    if isinstance(value, np.ndarray):
        return f"{value.dtype} array of shape {value.shape}"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def require_float_array(value: Any, name: str, *, ndim: int | None = None, expected: str = "") -> np.ndarray:
    """Return value if it is a float ndarray with ndim dimensions, else raise naming `name`."""
    wanted = f"a float array{' of shape ' + expected if expected else ''}"
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
        raise TypeError(f"`{name}` must be {wanted}, got {describe(value)}")
    if ndim is not None and value.ndim != ndim:
        raise ValueError(f"`{name}` must be {wanted}, got {describe(value)}")
    return value


def require_label_array(value: Any, name: str) -> np.ndarray:
    """Return value if it is a real (bool, int or float) ndarray, else raise naming `name`."""
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf":
        raise TypeError(f"`{name}` must be a numeric array of labels, got {describe(value)}")
    return value


def require_same_shape(value: np.ndarray, name: str, reference: np.ndarray, reference_name: str) -> None:
    """Refuse arrays that would only broadcast together: shapes must be equal."""
    if value.shape != reference.shape:
        raise ValueError(
            f"`{name}` must have the same shape as `{reference_name}` {reference.shape}, got shape {value.shape}"
            " (refusing to broadcast)"
        )


def require_no_nan(value: np.ndarray, name: str) -> None:
    """Refuse arrays holding NaN."""
    if value.dtype.kind == "f" and np.isnan(value).any():
        raise ValueError(f"`{name}` must not contain NaN, got {int(np.isnan(value).sum())} NaN entries")


def require_positive_int(value: Any, name: str) -> int:
    """Return value as an int if it is an integer ≥ 1 (bool refused), else raise naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be a positive integer, got {describe(value)}")
    if value < 1:
        raise ValueError(f"`{name}` must be a positive integer, got {value}")
    return int(value)


def require_positive_finite(value: Any, name: str) -> float:
    """Return value as a float if it is a finite real > 0, else raise naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a finite positive number, got {describe(value)}")
    number = float(value)
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f"`{name}` must be a finite positive number, got {value}")
    return number


def require_upstream_grad(grad: Any, expected_shape: tuple[int, ...] | None, owner: str) -> np.ndarray:
    """Return grad if backward may use it: after a forward, a float array of the output's shape."""
    if expected_shape is None:
        raise RuntimeError(f"{owner}.backward called before forward")
    require_float_array(grad, "grad", expected=str(expected_shape))
    if grad.shape != expected_shape:
        raise ValueError(
            f"`grad` must have the shape of {owner}'s latest output {expected_shape}, got shape {grad.shape}"
        )
    return grad
