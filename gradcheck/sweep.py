"""Numeric error against step size for one coordinate: truncation error falling, round-off rising (the V)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.differentiate import derivative

from .targets import Subject, Target

__all__ = ["SweepPoint", "format_sweep", "plot_sweep", "sweep"]

STEPS = np.logspace(0, -15, 31)


@dataclass(frozen=True)
class SweepPoint:
    """The two-point central difference at one step, and its error against the analytic value."""

    step: float
    numeric: float
    error: float


def sweep(
    subject: Subject, target: Target, flat_index: int, analytic: float, steps: np.ndarray = STEPS
) -> list[SweepPoint]:
    """Return (φ(θ + h eᵢ) − φ(θ − h eᵢ)) / 2h for each step h, via scipy with a single order-2 iteration."""
    points = []
    for step in steps:

        def family(t: np.ndarray) -> np.ndarray:
            out = np.empty(t.shape)
            for pos in np.ndindex(t.shape):
                out[pos] = subject.phi_with_element(target, flat_index, float(t[pos]))
            return out

        result = derivative(family, 0.0, initial_step=float(step), order=2, maxiter=1)
        numeric = float(result.df)
        points.append(SweepPoint(float(step), numeric, abs(numeric - analytic)))
    return points


def format_sweep(points: list[SweepPoint], *, width: int = 40) -> str:
    """A text table with a log-scale bar per step: the V of truncation against round-off."""
    errors = np.array([max(p.error, 1e-300) for p in points])
    logs = np.log10(errors)
    low, high = float(logs.min()), float(logs.max())
    span = max(high - low, 1e-12)
    lines = [
        f"{'step':>9}  {'numeric':>22}  {'|error|':>9}  log10 |error|",
        f"{'-' * 9}  {'-' * 22}  {'-' * 9}  {'-' * width}",
    ]
    best = int(np.argmin(errors))
    for i, p in enumerate(points):
        bar = "#" * max(1, round((logs[i] - low) / span * width))
        marker = "  <- best" if i == best else ""
        lines.append(f"{p.step:9.1e}  {p.numeric:22.15g}  {p.error:9.2e}  {bar}{marker}")
    return "\n".join(lines)


def plot_sweep(points: list[SweepPoint], path: str, title: str) -> None:
    """Draw the V on log-log axes into a PNG (needs matplotlib: the `plot` extra)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog([p.step for p in points], [max(p.error, 1e-300) for p in points], marker="o")
    ax.set_xlabel("step h")
    ax.set_ylabel("|numeric − analytic|")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
