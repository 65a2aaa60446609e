"""One SGD step (forward, loss, backward, update) of tinytorch against torch CPU float64.

    python benchmarks/bench_step.py            # both sizes, 5 alternating rounds
    python benchmarks/bench_step.py --rounds 9

torch is optional: without it the script says so and times tinytorch alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _runner import alternate, best_block_seconds, run_worker, torch_available

# (n_inp, n_hidden, batch, floor on ours / torch)
CONFIGS = [(30, 20, 64, 0.5), (1024, 512, 256, 1.5)]


def ours_step(n_inp: int, n_hidden: int, batch: int):
    import numpy as np

    import tinytorch as tt

    rng = np.random.default_rng(0)
    model = tt.Sequential(
        [tt.Linear(n_inp, n_hidden, rng=rng), tt.ReLU(), tt.Linear(n_hidden, 1, rng=rng), tt.Sigmoid()],
        tt.BinaryCrossEntropy(),
    )
    optimizer = tt.SGD(model, lr=0.1)
    x = rng.normal(size=(batch, n_inp))
    y = rng.integers(0, 2, size=(batch, 1)).astype(np.float64)

    def step():
        model.criterion(model(x), y)
        model.backward()
        optimizer.step()

    return step


def torch_step(n_inp: int, n_hidden: int, batch: int):
    import torch

    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(n_inp, n_hidden), torch.nn.ReLU(), torch.nn.Linear(n_hidden, 1), torch.nn.Sigmoid()
    ).double()
    criterion = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(batch, n_inp, dtype=torch.float64)
    y = torch.randint(0, 2, (batch, 1)).double()

    def step():
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()

    return step


def worker(side: str, n_inp: int, n_hidden: int, batch: int) -> None:
    step = (ours_step if side == "ours" else torch_step)(n_inp, n_hidden, batch)
    calls = max(5, int(2e5 // (n_inp * n_hidden + 1000)))
    print(json.dumps({"seconds": best_block_seconds(step, calls=calls, blocks=7)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--worker", choices=["ours", "torch"])
    parser.add_argument("sizes", nargs="*", type=int)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, *args.sizes)
        return 0
    have_torch = torch_available()
    if not have_torch:
        print("torch is not installed: timing tinytorch alone (pip install torch for the comparison)")
    print(f"{'net':>12} {'batch':>5} {'tinytorch':>11} {'torch':>11} {'ratio':>6} {'floor':>6}")
    failed = False
    for n_inp, n_hidden, batch, floor in CONFIGS:
        sizes = [str(n_inp), str(n_hidden), str(batch)]
        net = f"{n_inp}-{n_hidden}-1"
        if not have_torch:
            print(f"{net:>12} {batch:>5} {run_worker(__file__, 'ours', sizes) * 1e6:>9.1f}µs")
            continue
        result = alternate(__file__, sizes, rounds=args.rounds)
        failed |= result.ratio > floor
        print(
            f"{net:>12} {batch:>5} {result.ours * 1e6:>9.1f}µs {result.torch * 1e6:>9.1f}µs"
            f" {result.ratio:>5.2f}x {floor:>5.2f}x"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
