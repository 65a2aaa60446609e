"""Numpy Dataset and DataLoader, and train/validation normalisation."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ._validation import describe, require_positive_int

__all__ = ["DataLoader", "Dataset", "normalize"]


def _require_features(value: object, name: str) -> np.ndarray:
    """Return value if it is a 2-D real array of features."""
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf":
        raise TypeError(f"`{name}` must be a numeric array of shape (n_samples, n_features), got {describe(value)}")
    if value.ndim != 2:
        raise ValueError(f"`{name}` must be a numeric array of shape (n_samples, n_features), got {describe(value)}")
    return value


class Dataset:
    """Features X of shape (n, n_features) and labels y stored as a float column (n, 1)."""

    def __init__(self, X: np.ndarray, y: np.ndarray) -> None:
        """Keep X as float64 and y as a float64 column; their lengths must match."""
        X = _require_features(X, "X")
        if not isinstance(y, np.ndarray) or y.dtype.kind not in "biuf":
            raise TypeError(f"`y` must be a numeric array of shape (n_samples,) or (n_samples, 1), got {describe(y)}")
        if not (y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1)):
            raise ValueError(f"`y` must be a numeric array of shape (n_samples,) or (n_samples, 1), got {describe(y)}")
        if len(y) != len(X):
            raise ValueError(f"`X` and `y` must have the same length, got {len(X)} samples in X and {len(y)} in y")
        self.X = X.astype(np.float64, copy=False)
        self.y = y.reshape(-1, 1).astype(np.float64, copy=False)

    def __len__(self) -> int:
        return len(self.X)

    def __getitem__(self, index: int | slice | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (x, y) for an index, a slice or an index array."""
        return self.X[index], self.y[index]


class DataLoader:
    """Iterate a Dataset in mini-batches; the last batch may be smaller, so no sample is dropped."""

    def __init__(
        self, ds: Dataset, batch_size: int, shuffle: bool = False, *, rng: np.random.Generator | None = None
    ) -> None:
        """Shuffle with numpy's global random state unless an rng is given."""
        if not (hasattr(ds, "__len__") and hasattr(ds, "__getitem__")):
            raise TypeError(f"`ds` must be a Dataset (with __len__ and __getitem__), got {describe(ds)}")
        if not isinstance(shuffle, (bool, np.bool_)):
            raise TypeError(f"`shuffle` must be a bool, got {describe(shuffle)}")
        self.ds = ds
        self.batch_size = require_positive_int(batch_size, "batch_size")
        self.shuffle = bool(shuffle)
        self.rng = rng

    def __len__(self) -> int:
        """Return the number of batches per epoch (the last one possibly partial)."""
        return -(-len(self.ds) // self.batch_size)

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        n = len(self.ds)
        if not self.shuffle:
            for start in range(0, n, self.batch_size):
                yield self.ds[start : start + self.batch_size]
            return
        order = (np.random if self.rng is None else self.rng).permutation(n)
        for start in range(0, n, self.batch_size):
            yield self.ds[order[start : start + self.batch_size]]


def normalize(X_train: np.ndarray, X_val: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return both sets standardised with the training mean and std; the inputs are not modified.

    A constant training column has std 0: it is centred and left unscaled.
    """
    X_train = _require_features(X_train, "X_train")
    X_val = _require_features(X_val, "X_val")
    if X_val.shape[1] != X_train.shape[1]:
        raise ValueError(f"`X_val` must have the {X_train.shape[1]} columns of `X_train`, got {X_val.shape[1]} columns")
    mu = X_train.mean(axis=0)
    sigma = X_train.std(axis=0)
    sigma = np.where(sigma > 0, sigma, 1.0)
    return (X_train - mu) / sigma, (X_val - mu) / sigma
