"""Classification metrics."""

from __future__ import annotations

import numpy as np

from ._validation import require_float_array, require_label_array, require_same_shape

__all__ = ["accuracy"]


def accuracy(y_hat: np.ndarray, y: np.ndarray, *, threshold: float = 0.5) -> float:
    """Return the fraction of samples where (y_hat > threshold) matches the label (y > 0.5).

    For a model that outputs logits (trained with BCEWithLogits), pass ``threshold=0.0``:
    σ(z) > 0.5 exactly when z > 0.
    """
    require_float_array(y_hat, "y_hat")
    require_label_array(y, "y")
    require_same_shape(y, "y", y_hat, "y_hat")
    return float(((y_hat > threshold) == (y > 0.5)).mean())
