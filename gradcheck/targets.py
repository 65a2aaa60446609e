"""How a layer, a loss or a model is seen: a scalar objective φ over named targets.

φ is Σ g ⊙ forward(x) for a layer (g a fixed random upstream gradient), Σ forward(ŷ, y) for a
loss, and Σ criterion(model(x), y) for a model. Its targets are the differentiable data
(``"input"`` or ``"y_hat"``) and every declared parameter. Data are always passed as fresh
copies; parameters are perturbed in place (as an optimizer would update them) and put back
by :func:`restoring`, bitwise and by identity, on every path.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import inspect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tinytorch.nn.parameters import Parameter

# a stream of its own, so the upstream gradient never equals an input drawn with the same seed
UPSTREAM_STREAM = 0x75

__all__ = [
    "LayerSubject",
    "LossSubject",
    "ModelSubject",
    "Run",
    "Subject",
    "Target",
    "restoring",
    "source_location",
]


@dataclass(frozen=True)
class Target:
    """One differentiable quantity: its name, a private copy of its value, and how its gradient is scaled."""

    name: str
    base: np.ndarray
    # multiply the stored gradient by this to get the exact vector-Jacobian product
    # (the batch size under the "mean" convention, else 1)
    grad_scale: float
    param: Parameter | None = None


@dataclass(frozen=True)
class Run:
    """What one forward and backward produced, copied: a layer may reuse its arrays in the next call."""

    output: Any
    grads: dict[str, Any]


def _copied(value: Any) -> Any:
    return np.array(value, copy=True) if isinstance(value, np.ndarray) else value


@contextlib.contextmanager
def restoring(params: Sequence[Parameter]) -> Iterator[None]:
    """Put every parameter back exactly as it was (same object, same bits) on exit, whatever happened."""
    saved = [(p, p.value, p.value.copy()) for p in params]
    try:
        yield
    finally:
        for param, original, values in saved:
            np.copyto(original, values)
            setattr(param.owner, param.name, original)


def source_location(method: Any) -> str | None:
    """Return "file:line" of a method's definition, or None when Python cannot tell."""
    func = inspect.unwrap(getattr(method, "__func__", method))
    try:
        path = inspect.getsourcefile(func)
        line = inspect.getsourcelines(func)[1]
    except (OSError, TypeError):
        return None
    return f"{path}:{line}" if path else None


class Subject:
    """Base of the three kinds: evaluates φ with targets perturbed, and runs the analytic backward."""

    owner: Any  # the layer, loss or model being checked
    targets: tuple[Target, ...]
    output_dtype: np.dtype
    # φ = Σ weights ⊙ outputs; the outputs at the base point, in float64
    weights: np.ndarray
    base_output: np.ndarray
    # Σ of the absolute terms of φ at the base point: sets the round-off floor of any difference
    magnitude: float

    def objective(self, data: dict[str, np.ndarray]) -> float:
        """Return φ(data) − φ(base) at the parameters' current values.

        The difference is taken output by output before weighting, so that the outputs a
        perturbation leaves alone cancel exactly instead of drowning it in rounding.
        """
        return _weighted_sum(self.weights, self.outputs(data), self.base_output)

    def outputs(self, data: dict[str, np.ndarray]) -> Any:
        """Return the array whose weighted sum is φ: the layer's output, or the per-sample losses."""
        raise NotImplementedError

    def forward(self, data: dict[str, np.ndarray]) -> Any:
        """Run the subject's forward at data (arrays passed as given); return its output."""
        raise NotImplementedError

    def backward_after_forward(self, upstream: np.ndarray | None = None) -> dict[str, Any]:
        """Run backward after a forward; return each target's raw analytic gradient (None when absent)."""
        raise NotImplementedError

    def run(self, data: dict[str, np.ndarray] | None = None, upstream: np.ndarray | None = None) -> Run:
        """Run forward (at the base point unless data) then backward; return copies of what they produced."""
        out = self.forward(self.base_data() if data is None else data)
        grads = self.backward_after_forward(upstream)
        return Run(_copied(out), {name: _copied(grad) for name, grad in grads.items()})

    def _param_grads(self) -> dict[str, Any]:
        return {t.name: getattr(t.param.owner, t.param.grad_name, None) for t in self.targets if t.param is not None}

    def rebound(self, owner: Any, memo: dict[int, Any]) -> Subject:
        """Return this subject over a deep copy of its owner; memo is deepcopy's map from ids to copies."""
        moved = copy.copy(self)
        moved.owner = owner
        moved.targets = tuple(
            t
            if t.param is None
            else dataclasses.replace(t, param=Parameter(memo[id(t.param.owner)], t.param.name, t.param.grad_name))
            for t in self.targets
        )
        return moved

    def base_data(self) -> dict[str, np.ndarray]:
        """Return fresh copies of the data targets' base values."""
        return {t.name: t.base.copy() for t in self.targets if t.param is None}

    def phi_with_element(self, target: Target, flat_index: int, offset: float) -> float:
        """Return φ − φ(base) with one coordinate of one target moved by offset."""
        if offset == 0:
            return 0.0  # scipy asks for the centre too; φ − φ(base) is exactly 0 there
        data = self.base_data()
        if target.param is None:
            data[target.name].flat[flat_index] += offset
            return self.objective(data)
        array = target.param.value
        old = array.flat[flat_index]
        array.flat[flat_index] = old + offset
        try:
            return self.objective(data)
        finally:
            array.flat[flat_index] = old

    def phi_along(self, direction: dict[str, np.ndarray], t: float) -> float:
        """Return φ − φ(base) with every target moved by t times its part of the direction."""
        if t == 0:
            return 0.0  # scipy asks for the centre too; φ − φ(base) is exactly 0 there
        data = {}
        for target in self.targets:
            part = direction.get(target.name)
            if part is None:
                if target.param is None:
                    data[target.name] = target.base.copy()
                continue
            # in place and without temporaries: large layers make every extra pass count
            moved = np.multiply(part, t) if target.param is None else target.param.value
            if target.param is not None:
                np.multiply(part, t, out=moved, casting="unsafe")
            moved += target.base
            if target.param is None:
                data[target.name] = moved
        try:
            return self.objective(data)
        finally:
            for target in self.targets:
                if target.param is not None and target.name in direction:
                    np.copyto(target.param.value, target.base)


def _weighted_sum(weights: np.ndarray, out: Any, base: np.ndarray) -> float:
    out = np.asarray(out, dtype=np.float64)
    if out.shape != base.shape:
        raise ValueError(f"forward returned shape {out.shape}, but the first forward returned {base.shape}")
    return float(np.dot(weights.ravel(), (out - base).ravel()))


def _param_targets(params: Sequence[Parameter], grad_scale: float, names: Sequence[str] | None = None) -> list[Target]:
    names = [p.name for p in params] if names is None else names
    return [Target(name, p.value.copy(), grad_scale, p) for name, p in zip(names, params, strict=True)]


class LayerSubject(Subject):
    """A layer with forward(x) and backward(grad): φ = Σ g ⊙ forward(x)."""

    def __init__(self, layer: Any, x: np.ndarray, params: Sequence[Parameter], *, mean: bool, seed: int) -> None:
        self.owner = layer
        out = np.asarray(layer.forward(x.copy()))
        rng = np.random.default_rng([UPSTREAM_STREAM, seed])
        dtype = out.dtype if out.dtype.kind == "f" else np.dtype(np.float64)
        # random signs, magnitudes in [0.5, 1.5]: never so close to 0 that an output stops counting
        signs = rng.choice([-1.0, 1.0], size=out.shape)
        self.upstream = (signs * rng.uniform(0.5, 1.5, size=out.shape)).astype(dtype)
        self.output_dtype = out.dtype
        self.weights = self.upstream.astype(np.float64)
        self.base_output = out.astype(np.float64)
        self.magnitude = float(np.sum(np.abs(self.weights * out)))
        batch = x.shape[0] if x.ndim else 1
        self.targets = (Target("input", x.copy(), 1.0), *_param_targets(params, batch if mean else 1.0))

    def outputs(self, data: dict[str, np.ndarray]) -> Any:
        return self.forward(data)

    def forward(self, data: dict[str, np.ndarray]) -> Any:
        return self.owner.forward(data["input"])

    def backward_after_forward(self, upstream: np.ndarray | None = None) -> dict[str, Any]:
        grad = self.owner.backward(self.upstream.copy() if upstream is None else upstream)
        return {"input": grad, **self._param_grads()}


class LossSubject(Subject):
    """A loss with forward(y_hat, y) and backward(): φ = Σ forward(y_hat, y)."""

    def __init__(self, loss: Any, y_hat: np.ndarray, y: np.ndarray) -> None:
        self.owner = loss
        self.labels = y.copy()
        out = np.asarray(loss.forward(y_hat.copy(), y.copy()))
        self.output_dtype = out.dtype
        self.base_output = out.astype(np.float64)
        self.weights = np.ones_like(self.base_output)
        self.magnitude = float(np.sum(np.abs(self.base_output)))
        self.targets = (Target("y_hat", y_hat.copy(), 1.0),)

    def outputs(self, data: dict[str, np.ndarray]) -> Any:
        return np.broadcast_to(np.asarray(self.forward(data), dtype=np.float64), self.base_output.shape)

    def forward(self, data: dict[str, np.ndarray]) -> Any:
        return self.owner.forward(data["y_hat"], data.get("y", self.labels.copy()))

    def backward_after_forward(self, upstream: np.ndarray | None = None) -> dict[str, Any]:
        return {"y_hat": self.owner.backward()}


class ModelSubject(Subject):
    """A Sequential-style model with its criterion: φ = Σ criterion(model(x), y)."""

    def __init__(self, model: Any, x: np.ndarray, y: np.ndarray, params: Sequence[Parameter], *, mean: bool) -> None:
        self.owner = model
        self.labels = y.copy()
        out = np.asarray(model.criterion.forward(model.forward(x.copy()), y.copy()))
        self.output_dtype = out.dtype
        self.base_output = out.astype(np.float64)
        self.weights = np.ones_like(self.base_output)
        self.magnitude = float(np.sum(np.abs(self.base_output)))
        batch = x.shape[0] if x.ndim else 1
        scale = batch if mean else 1.0
        self.input_grad_supported = "input_grad" in inspect.signature(model.backward).parameters
        position = {id(layer): i for i, layer in enumerate(getattr(model, "layers", ()))}
        names = [f"layers[{position.get(id(p.owner), '?')}].{p.name}" for p in params]
        self.targets = (Target("input", x.copy(), scale), *_param_targets(params, scale, names))

    def outputs(self, data: dict[str, np.ndarray]) -> Any:
        return np.broadcast_to(np.asarray(self.forward(data), dtype=np.float64), self.base_output.shape)

    def forward(self, data: dict[str, np.ndarray]) -> Any:
        return self.owner.criterion.forward(self.owner.forward(data["input"]), data.get("y", self.labels.copy()))

    def backward_after_forward(self, upstream: np.ndarray | None = None) -> dict[str, Any]:
        if self.input_grad_supported:
            return {"input": self.owner.backward(input_grad=True), **self._param_grads()}
        self.owner.backward()
        return {"input": None, **self._param_grads()}
