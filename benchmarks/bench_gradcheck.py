"""gradcheck against torch.autograd.gradcheck, each side warm in its own process, alternating, best of runs.

    python benchmarks/bench_gradcheck.py            # 5 alternating rounds
    python benchmarks/bench_gradcheck.py --rounds 9

1. the corpus's correct layers in full mode, against torch's slow mode on the same layers
   wrapped as autograd Functions (seconds per layer);
2. Linear(1024, 1024) at batch 128 in fast mode, against torch's fast mode.
torch is optional: without it the script says so and times gradcheck alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _runner import alternate, best_block_seconds, run_worker, torch_available


def corpus_layers():
    """The corpus's correct layer cases on their first input: (layer factory, x, params mapping)."""
    import numpy as np

    from gradcheck.corpus import CASES

    for case in CASES:
        if case.correct and case.kind == "layer" and "param_reduction" not in case.options:
            x = next(iter(case.inputs.values()))(np.random.default_rng(0))[0]
            yield case.build, x, case.options.get("params", {})


def ours(task: str):
    import numpy as np

    import gradcheck
    import tinytorch as tt

    if task == "corpus":
        layers = list(corpus_layers())

        def step():
            for build, x, params in layers:
                assert gradcheck.check_layer(build(), x, params=params).ok

        return step, len(layers)
    x = np.random.default_rng(0).normal(size=(128, 1024))
    layer = tt.Linear(1024, 1024, rng=np.random.default_rng(1))
    return (lambda: gradcheck.check_layer(layer, x, mode="fast")), 1


def wrap(build, params):
    """Wrap a numpy layer as a torch autograd Function of (x, *params)."""
    import torch

    names = list(params)

    class Wrapped(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, *values):
            layer = build()
            for name, value in zip(names, values, strict=True):
                setattr(layer, name, value.detach().numpy())
            ctx.layer = layer
            return torch.from_numpy(layer.forward(x.detach().numpy()))

        @staticmethod
        def backward(ctx, grad):
            layer = ctx.layer
            grad_input = layer.backward(grad.numpy())
            return (torch.from_numpy(grad_input), *(torch.from_numpy(getattr(layer, params[n])) for n in names))

    return Wrapped.apply


def theirs(task: str):
    import numpy as np
    import torch

    import tinytorch as tt

    torch.set_num_threads(2)
    if task == "corpus":
        cases = []
        for build, x, params in corpus_layers():
            layer = build()
            inputs = (torch.tensor(x, requires_grad=True),)
            inputs += tuple(torch.tensor(getattr(layer, n), requires_grad=True) for n in params)
            cases.append((wrap(build, params), inputs))

        def step():
            for fn, inputs in cases:
                assert torch.autograd.gradcheck(fn, inputs)

        return step, len(cases)
    x = np.random.default_rng(0).normal(size=(128, 1024))
    layer = tt.Linear(1024, 1024, rng=np.random.default_rng(1))
    fn = wrap(lambda: tt.Linear(1024, 1024), {"weights": "grad_w", "bias": "grad_b"})
    inputs = tuple(torch.tensor(a, requires_grad=True) for a in (x, layer.weights, layer.bias))
    return (lambda: torch.autograd.gradcheck(fn, inputs, fast_mode=True)), 1


def worker(side: str, task: str) -> None:
    step, per = (ours if side == "ours" else theirs)(task)
    calls = 3 if task == "corpus" else 2
    print(json.dumps({"seconds": best_block_seconds(step, calls=calls, blocks=5) / per}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--worker", choices=["ours", "torch"])
    parser.add_argument("--task", choices=["corpus", "fast-linear"])
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.task)
        return 0
    have_torch = torch_available()
    if not have_torch:
        print("torch is not installed: timing gradcheck alone (pip install torch for the comparison)")
    labels = {"corpus": "corpus, full mode (per layer)", "fast-linear": "Linear(1024,1024) batch 128, fast"}
    print(f"{'task':>36} {'gradcheck':>11} {'torch':>11} {'ratio':>6}")
    for task, label in labels.items():
        if not have_torch:
            print(f"{label:>36} {run_worker(__file__, 'ours', ['--task', task]) * 1e3:>9.2f}ms")
            continue
        result = alternate(__file__, ["--task", task], rounds=args.rounds)
        print(f"{label:>36} {result.ours * 1e3:>9.2f}ms {result.torch * 1e3:>9.2f}ms {result.ratio:>5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
