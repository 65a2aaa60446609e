"""Trainer: the post's training loop, evaluation and per-epoch log line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ._validation import require_positive_int

__all__ = ["Trainer"]


class Trainer:
    """Train a Sequential model with an optimizer over data loaders, reporting a metric."""

    def __init__(
        self,
        model: Any,
        optimizer: Any,
        train_dl: Iterable[tuple[np.ndarray, np.ndarray]],
        val_dl: Iterable[tuple[np.ndarray, np.ndarray]],
        metric: Callable[[np.ndarray, np.ndarray], float],
    ) -> None:
        if not callable(metric):
            raise TypeError(f"`metric` must be callable as metric(y_hat, y), got {type(metric).__name__}")
        self.model = model
        self.optimizer = optimizer
        self.train_dl = train_dl
        self.val_dl = val_dl
        self.metric = metric

    def train_one_epoch(self) -> float:
        """Train for one epoch and return the mean per-sample loss."""
        loss, n = 0.0, 0
        for x, y in self.train_dl:
            y_hat = self.model(x)
            batch_loss = self.model.criterion(y_hat, y).sum()
            self.model.backward()
            self.optimizer.step()
            loss += batch_loss
            n += len(y)
        return loss / n

    def train(self, n_epochs: int, log_level: int = 1) -> None:
        """Train for n_epochs, printing the post's line every log_level epochs."""
        n_epochs = require_positive_int(n_epochs, "n_epochs")
        log_level = require_positive_int(log_level, "log_level")
        for epoch in range(n_epochs):
            loss = self.train_one_epoch()
            val_loss, val_metric = self.evaluate(self.val_dl)
            if (epoch + 1) % log_level == 0:
                print(f"{epoch= :2d} | {loss= :.3f} | {val_loss= :.3f} | {val_metric= :.3f}")

    def evaluate(self, dl: Iterable[tuple[np.ndarray, np.ndarray]]) -> tuple[float, float]:
        """Return the mean per-sample loss and the sample-weighted metric over a loader."""
        loss, metric, n = 0.0, 0.0, 0
        for x, y in dl:
            y_hat = self.model(x)
            loss += self.model.criterion(y_hat, y).sum()
            metric += len(y) * self.metric(y_hat, y)
            n += len(y)
        return loss / n, metric / n
