"""The harness's two option enums; each also accepts its string value."""

from __future__ import annotations

import enum
from typing import TypeVar

from tinytorch._validation import describe

__all__ = ["Mode", "Reduction", "parse_option"]


class Mode(str, enum.Enum):
    """FULL checks every coordinate; FAST uses random directions plus a sample of coordinates."""

    FULL = "full"
    FAST = "fast"


class Reduction(str, enum.Enum):
    """How a stored parameter gradient relates to the exact vector-Jacobian product."""

    SUM = "sum"  # it is the product itself
    MEAN = "mean"  # it is the product divided by the batch size (the post's Linear)


E = TypeVar("E", Mode, Reduction)


def parse_option(value: object, enum_type: type[E], name: str) -> E:
    """Return value as enum_type, accepting the enum or its string value; name the argument otherwise."""
    if isinstance(value, enum_type):
        return value
    choices = ", ".join(repr(m.value) for m in enum_type)
    if not isinstance(value, str):
        raise TypeError(f"`{name}` must be one of {choices} (or {enum_type.__name__}), got {describe(value)}")
    try:
        return enum_type(value)
    except ValueError:
        raise ValueError(f"`{name}` must be one of {choices}, got {value!r}") from None
