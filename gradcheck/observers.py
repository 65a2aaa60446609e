"""Who hears about each finished report: the pytest plugin counts checks this way. No numpy here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["add_observer", "notify", "remove_observer"]

_observers: list[Callable[[Any], None]] = []


def add_observer(observer: Callable[[Any], None]) -> None:
    """Call observer(report) after every check_layer, check_loss and check_model."""
    _observers.append(observer)


def remove_observer(observer: Callable[[Any], None]) -> None:
    """Stop calling observer; a no-op when it was never added."""
    if observer in _observers:
        _observers.remove(observer)


def notify(report: Any) -> None:
    """Hand a finished report to every observer."""
    for observer in list(_observers):
        observer(report)
