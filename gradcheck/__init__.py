"""gradcheck: is this hand-written backward pass right? Checks it against scipy finite differences."""

from .api import assert_layer, assert_loss, assert_model, check_layer, check_loss, check_model
from .errors import GradientError
from .options import Mode, Reduction
from .report import Check, Finding, Report, Status, TargetSummary

__all__ = [
    "Check",
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
    "check_layer",
    "check_loss",
    "check_model",
]
