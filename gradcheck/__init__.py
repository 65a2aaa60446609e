"""gradcheck: is this hand-written backward pass right? Checks it against scipy finite differences.

The public names load on first use, so that importing the package (as pytest does for the
plugin) stays cheap: numpy and scipy come in only when a check is made.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "Check",
    "Counterexample",
    "Finding",
    "GradientError",
    "Mode",
    "Reduction",
    "Report",
    "Status",
    "TargetSummary",
    "assert_layer",
    "assert_loss",
    "assert_model",
    "assert_no_counterexample",
    "check_layer",
    "check_loss",
    "check_model",
    "find_counterexample",
]

_HOME = {
    "Check": "report",
    "Counterexample": "search",
    "Finding": "report",
    "GradientError": "errors",
    "Mode": "options",
    "Reduction": "options",
    "Report": "report",
    "Status": "report",
    "TargetSummary": "report",
    "assert_layer": "api",
    "assert_loss": "api",
    "assert_model": "api",
    "assert_no_counterexample": "search",
    "check_layer": "api",
    "check_loss": "api",
    "check_model": "api",
    "find_counterexample": "search",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gradcheck' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from .api import assert_layer, assert_loss, assert_model, check_layer, check_loss, check_model
    from .errors import GradientError
    from .options import Mode, Reduction
    from .report import Check, Finding, Report, Status, TargetSummary
    from .search import Counterexample, assert_no_counterexample, find_counterexample
