"""Side-by-side timing: each side in its own process, alternating, best block wins.

One library's spinning worker threads slow the other when both share a process, so every
measurement runs in a fresh subprocess; alternating the sides spreads machine noise evenly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

THREADS = "2"


def thread_env() -> dict[str, str]:
    """Return the environment for a worker: 2 threads for every BLAS and OpenMP runtime."""
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = THREADS
    return env


def best_block_seconds(step: Callable[[], object], *, calls: int, blocks: int) -> float:
    """Return the fastest per-call time over `blocks` blocks of `calls` calls (after a warm-up block)."""
    for _ in range(calls):
        step()
    best = float("inf")
    for _ in range(blocks):
        start = time.perf_counter()
        for _ in range(calls):
            step()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def torch_available() -> bool:
    """Whether torch can be imported (it is an optional, benchmark-only dependency)."""
    probe = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True)
    return probe.returncode == 0


@dataclass(frozen=True)
class SideBySide:
    """Best per-call seconds of each side over all rounds."""

    ours: float
    torch: float

    @property
    def ratio(self) -> float:
        return self.ours / self.torch


def run_worker(script: str, side: str, args: list[str]) -> float:
    """Run `script --worker side args…` in a fresh process and return the seconds it prints."""
    done = subprocess.run(
        [sys.executable, script, "--worker", side, *args], env=thread_env(), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"the {side} worker failed:\n{done.stderr}")
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


def alternate(script: str, args: list[str], *, rounds: int) -> SideBySide:
    """Alternate ours and torch `rounds` times, each in its own process; keep each side's best."""
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(run_worker(script, "ours", args))
        theirs.append(run_worker(script, "torch", args))
    return SideBySide(min(ours), min(theirs))
