"""The exception raised by the assert_* functions."""

from __future__ import annotations

from .report import Report

__all__ = ["GradientError"]


class GradientError(AssertionError):
    """A gradient check failed; the message is the report table and ``.report`` the report itself."""

    def __init__(self, report: Report, *, message: str | None = None) -> None:
        super().__init__(str(report) if message is None else message)
        self.report = report
