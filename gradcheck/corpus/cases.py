"""The corpus table: every mutant beside its correct variant, with the inputs each is checked on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..report import Check
from . import correct, mutants

__all__ = ["CASES", "Case", "Inputs"]

Inputs = Callable[[np.random.Generator], tuple[np.ndarray, ...]]


@dataclass(frozen=True)
class Case:
    """One corpus entry: a layer or loss factory, the inputs to check it on, and what is wrong with it."""

    name: str
    build: Callable[[], Any]
    kind: str  # "layer" or "loss"
    inputs: dict[str, Inputs]
    bug: str | None = None  # None: a correct variant, which must never be flagged
    caught_by: Check | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.bug is None


def normal(shape: tuple[int, int]) -> Inputs:
    return lambda rng: (rng.normal(size=shape),)


def large(shape: tuple[int, int]) -> Inputs:
    """Inputs of magnitude 1e3 (the post's sigmoid overflows there)."""
    return lambda rng: (rng.choice([-1.0, 1.0], size=shape) * rng.uniform(1e3, 3e3, size=shape),)


def on_kinks(shape: tuple[int, int], points: tuple[float, ...]) -> Inputs:
    """Half the entries exactly on the given kink points, the rest normal."""

    def make(rng: np.random.Generator) -> tuple[np.ndarray]:
        x = rng.normal(size=shape)
        mask = rng.random(shape) < 0.5
        x[mask] = rng.choice(points, size=int(mask.sum()))
        return (x,)

    return make


def ties(shape: tuple[int, int]) -> Inputs:
    """Rows whose two largest entries are equal: RowMax's kink."""

    def make(rng: np.random.Generator) -> tuple[np.ndarray]:
        x = rng.normal(size=shape)
        x[:, 1] = x.max(axis=1) if shape[1] > 1 else x[:, 0]
        x[:, 0] = x[:, 1]
        return (x,)

    return make


def probabilities(shape: tuple[int, int], *, soft: bool = True) -> Inputs:
    def make(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        y = rng.uniform(0, 1, shape) if soft else rng.integers(0, 2, shape).astype(float)
        return rng.uniform(0.05, 0.95, shape), y

    return make


def clip_edges(shape: tuple[int, int]) -> Inputs:
    """Predictions at, just inside and beyond BCE's clip boundaries, 0 and 1 included."""
    eps = correct.BinaryCrossEntropy.eps
    points = np.array([0.0, 1e-12, eps, 2 * eps, 0.5, 1 - 2 * eps, 1 - eps, 1 - 1e-12, 1.0])

    def make(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        return rng.choice(points, size=shape), rng.integers(0, 2, shape).astype(float)

    return make


def logits(shape: tuple[int, int], scale: float) -> Inputs:
    return lambda rng: (rng.normal(size=shape) * scale, rng.integers(0, 2, shape).astype(float))


def regression(shape: tuple[int, int]) -> Inputs:
    return lambda rng: (rng.normal(size=shape), rng.normal(size=shape))


SHAPE = (4, 3)
LINEAR_PARAMS: dict[str, Any] = {"params": {"weights": "grad_w", "bias": "grad_b"}}
ACTIVATION_INPUTS = {"normal": normal(SHAPE), "large": large(SHAPE)}


def _linear(cls: type, n_inp: int = 3, n_out: int = 2) -> Callable[[], Any]:
    return lambda: cls(n_inp, n_out)


def _correct(
    name: str, build: Callable[[], Any], inputs: dict[str, Inputs], kind: str = "layer", **options: Any
) -> Case:
    return Case(name, build, kind, inputs, None, None, options)


CORRECT = [
    _correct("Linear", _linear(correct.Linear), {"normal": normal(SHAPE), "large": large(SHAPE)}, **LINEAR_PARAMS),
    _correct("Linear (square)", _linear(correct.Linear, 3, 3), {"normal": normal(SHAPE)}, **LINEAR_PARAMS),
    _correct(
        "MeanLinear", _linear(correct.MeanLinear), {"normal": normal(SHAPE)}, **LINEAR_PARAMS, param_reduction="mean"
    ),
    _correct("Sigmoid", correct.Sigmoid, ACTIVATION_INPUTS),
    _correct("ReLU", correct.ReLU, {**ACTIVATION_INPUTS, "kinks": on_kinks(SHAPE, (0.0,))}),
    _correct("LeakyReLU", correct.LeakyReLU, {**ACTIVATION_INPUTS, "kinks": on_kinks(SHAPE, (0.0,))}),
    _correct("Tanh", correct.Tanh, ACTIVATION_INPUTS),
    _correct("Abs", correct.Abs, {**ACTIVATION_INPUTS, "kinks": on_kinks(SHAPE, (0.0,))}),
    _correct("HardClip", correct.HardClip, {**ACTIVATION_INPUTS, "kinks": on_kinks(SHAPE, (-1.0, 1.0))}),
    _correct("RowMax", correct.RowMax, {"normal": normal(SHAPE), "ties": ties(SHAPE)}),
    _correct("Scale", lambda: correct.Scale(3), ACTIVATION_INPUTS, params={"scale": "grad_scale"}),
    _correct(
        "BinaryCrossEntropy",
        correct.BinaryCrossEntropy,
        {"inside": probabilities(SHAPE), "clip": clip_edges(SHAPE)},
        kind="loss",
    ),
    _correct(
        "BCEWithLogits", correct.BCEWithLogits, {"normal": logits(SHAPE, 3.0), "huge": logits(SHAPE, 1e3)}, kind="loss"
    ),
    _correct("MSE", correct.MSE, {"normal": regression(SHAPE)}, kind="loss"),
]


def _mutant(
    name: str,
    build: Callable[[], Any],
    bug: str,
    caught_by: Check,
    inputs: dict[str, Inputs],
    kind: str = "layer",
    **options: Any,
) -> Case:
    return Case(name, build, kind, inputs, bug, caught_by, options)


MUTANTS = [
    _mutant(
        "LinearInputGradNoTranspose",
        _linear(mutants.LinearInputGradNoTranspose, 3, 3),
        "input gradient uses weights, not weights.T",
        Check.GRADIENT,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
    ),
    _mutant(
        "LinearWeightGradTransposed",
        _linear(mutants.LinearWeightGradTransposed),
        "weight gradient transposed",
        Check.SHAPE,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
    ),
    _mutant(
        "LinearWeightGradTransposed (square)",
        _linear(mutants.LinearWeightGradTransposed, 3, 3),
        "weight gradient transposed",
        Check.GRADIENT,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
    ),
    _mutant(
        "LinearMeanNotSum",
        _linear(mutants.LinearMeanNotSum),
        "mean where the convention is a sum",
        Check.GRADIENT,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
    ),
    _mutant(
        "LinearHardCodedBatch",
        _linear(mutants.LinearHardCodedBatch),
        "batch size hard-coded to 64",
        Check.GRADIENT,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
        param_reduction="mean",
    ),
    _mutant(
        "LinearBiasFirstSample",
        _linear(mutants.LinearBiasFirstSample),
        "bias gradient of one sample",
        Check.GRADIENT,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
    ),
    _mutant(
        "LinearBiasScalar",
        _linear(mutants.LinearBiasScalar),
        "bias gradient right only for one output unit",
        Check.SHAPE,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
    ),
    _mutant(
        "LinearBiasKeepdims",
        _linear(mutants.LinearBiasKeepdims),
        "bias gradient only broadcasts",
        Check.SHAPE,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
    ),
    _mutant(
        "LinearAccumulates",
        _linear(mutants.LinearAccumulates),
        "gradients accumulate across calls",
        Check.DETERMINISM,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
    ),
    _mutant(
        "LinearCachesFirstInput",
        _linear(mutants.LinearCachesFirstInput),
        "input cached on first call only",
        Check.STALE,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
    ),
    _mutant(
        "LinearUpdatesWeights",
        _linear(mutants.LinearUpdatesWeights),
        "backward updates the weights",
        Check.MUTATION,
        {"normal": normal(SHAPE)},
        **LINEAR_PARAMS,
    ),
    _mutant(
        "SigmoidFromInput",
        mutants.SigmoidFromInput,
        "derivative from the input, not the output",
        Check.GRADIENT,
        {"normal": normal(SHAPE)},
    ),
    _mutant(
        "SigmoidTwoBranches",
        mutants.SigmoidTwoBranches,
        "exp on both branches overflows",
        Check.FP_ERROR,
        {"large": large(SHAPE)},
    ),
    _mutant(
        "SigmoidNaive", mutants.SigmoidNaive, "exp(−x) overflows for x < −709", Check.FP_ERROR, {"large": large(SHAPE)}
    ),
    _mutant(
        "SigmoidIgnoresUpstream",
        mutants.SigmoidIgnoresUpstream,
        "upstream gradient ignored",
        Check.UPSTREAM,
        {"normal": normal(SHAPE)},
    ),
    _mutant(
        "SigmoidCachedDerivative",
        mutants.SigmoidCachedDerivative,
        "derivative memoised on first backward",
        Check.STALE,
        {"normal": normal(SHAPE)},
    ),
    _mutant(
        "ReLUGatesOnGrad",
        mutants.ReLUGatesOnGrad,
        "gates on the upstream gradient's sign",
        Check.UPSTREAM,
        {"normal": normal(SHAPE)},
    ),
    _mutant(
        "ReLUMutatesInput",
        mutants.ReLUMutatesInput,
        "forward zeroes its input in place",
        Check.MUTATION,
        {"normal": normal(SHAPE)},
    ),
    _mutant(
        "ReLUMutatesGrad",
        mutants.ReLUMutatesGrad,
        "backward zeroes the upstream gradient in place",
        Check.MUTATION,
        {"normal": normal(SHAPE)},
    ),
    _mutant(
        "ReLUFromPreviousForward",
        mutants.ReLUFromPreviousForward,
        "gates with the previous forward's input",
        Check.STALE,
        {"normal": normal(SHAPE)},
    ),
    _mutant(
        "LeakyReLUNoSlope",
        mutants.LeakyReLUNoSlope,
        "slope dropped for negative inputs",
        Check.GRADIENT,
        {"normal": normal(SHAPE)},
    ),
    _mutant(
        "TanhMissingSquare",
        mutants.TanhMissingSquare,
        "1 − tanh instead of 1 − tanh²",
        Check.GRADIENT,
        {"normal": normal(SHAPE)},
    ),
    _mutant("AbsNoSign", mutants.AbsNoSign, "sign of x forgotten", Check.GRADIENT, {"normal": normal(SHAPE)}),
    _mutant(
        "HardClipInverted",
        mutants.HardClipInverted,
        "gradient passed outside the range, blocked inside",
        Check.GRADIENT,
        {"normal": normal(SHAPE)},
    ),
    _mutant(
        "ScaleDoubled",
        lambda: mutants.ScaleDoubled(3),
        "parameter gradient × 2",
        Check.GRADIENT,
        {"normal": normal(SHAPE)},
        params={"scale": "grad_scale"},
    ),
    _mutant(
        "BCEPrecedence",
        mutants.BCEPrecedence,
        "missing parentheses",
        Check.GRADIENT,
        {"inside": probabilities(SHAPE)},
        kind="loss",
    ),
    _mutant(
        "BCESignSlip",
        mutants.BCESignSlip,
        "sign flipped",
        Check.GRADIENT,
        {"inside": probabilities(SHAPE)},
        kind="loss",
    ),
    _mutant(
        "BCEIgnoresClip",
        mutants.BCEIgnoresClip,
        "non-zero gradient where the clip is active",
        Check.GRADIENT,
        {"clip": clip_edges(SHAPE)},
        kind="loss",
    ),
    _mutant(
        "BCEMeanInBackward",
        mutants.BCEMeanInBackward,
        "backward divides by the batch size",
        Check.GRADIENT,
        {"inside": probabilities(SHAPE)},
        kind="loss",
    ),
    _mutant(
        "BCEWithLogitsExtraSigmoidFactor",
        mutants.BCEWithLogitsExtraSigmoidFactor,
        "σ'(z) applied twice",
        Check.GRADIENT,
        {"normal": logits(SHAPE, 3.0)},
        kind="loss",
    ),
    _mutant(
        "BCEWithLogitsNaive",
        mutants.BCEWithLogitsNaive,
        "log(1 + exp(z)) overflows",
        Check.FP_ERROR,
        {"huge": logits(SHAPE, 1e3)},
        kind="loss",
    ),
    _mutant(
        "MSEMissingTwo",
        mutants.MSEMissingTwo,
        "factor 2 forgotten",
        Check.GRADIENT,
        {"normal": regression(SHAPE)},
        kind="loss",
    ),
]

CASES: tuple[Case, ...] = (*CORRECT, *MUTANTS)
