"""The pytest plugin: options, the ``gradcheck`` marker, the ``gradchecker`` fixture, failure text, a summary.

Loaded through the ``pytest11`` entry point. Only pytest is imported here at load time; the
harness (numpy, scipy) comes in when a check is first made, so ``pytest --help`` stays fast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pytest

from .observers import add_observer, remove_observer

__all__ = ["Checker", "GradcheckStats"]

GROUP = "gradcheck"
OPTION_SEED, INI_SEED = "--gradcheck-seed", "gradcheck_seed"
OPTION_MODE, INI_MODE = "--gradcheck-mode", "gradcheck_mode"
OPTION_RTOL, INI_RTOL = "--gradcheck-rtol", "gradcheck_rtol"
OPTION_ATOL, INI_ATOL = "--gradcheck-atol", "gradcheck_atol"
MODES = ("full", "fast")
DEFAULT_SEED = 0
WORKER_KEY = "gradcheck_stats"


@dataclass
class GradcheckStats:
    """How many gradient checks ran and failed, and the worst relative error seen (with its test)."""

    checks: int = 0
    failed: int = 0
    worst_rel_error: float = 0.0
    worst_test: str = ""
    current_test: str = field(default="", repr=False)

    def record(self, report: Any) -> None:
        self.checks += 1
        self.failed += not report.ok
        worst = report.worst_rel_error
        if math.isfinite(worst) and worst > self.worst_rel_error:
            self.worst_rel_error, self.worst_test = worst, self.current_test

    def merge(self, other: dict[str, Any]) -> None:
        """Add a worker's counts (pytest-xdist sends them as a dict)."""
        self.checks += other["checks"]
        self.failed += other["failed"]
        if other["worst_rel_error"] > self.worst_rel_error:
            self.worst_rel_error, self.worst_test = other["worst_rel_error"], other["worst_test"]

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("checks", "failed", "worst_rel_error", "worst_test")}


STATS = pytest.StashKey[GradcheckStats]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup(GROUP, "gradcheck: checks of hand-written backward passes")
    group.addoption(
        OPTION_SEED, type=int, default=None, help=f"seed of every gradient check (ini {INI_SEED}; default 0)"
    )
    group.addoption(
        OPTION_MODE, choices=MODES, default=None, help=f"full or fast checks (ini {INI_MODE}; default full)"
    )
    group.addoption(OPTION_RTOL, type=float, default=None, help=f"relative tolerance override (ini {INI_RTOL})")
    group.addoption(OPTION_ATOL, type=float, default=None, help=f"absolute tolerance override (ini {INI_ATOL})")
    parser.addini(INI_SEED, "seed of every gradient check", default=str(DEFAULT_SEED))
    parser.addini(INI_MODE, "full or fast gradient checks", default="full")
    parser.addini(INI_RTOL, "relative tolerance override for gradient checks", default="")
    parser.addini(INI_ATOL, "absolute tolerance override for gradient checks", default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "gradcheck: a test that checks a hand-written backward pass with gradcheck")
    stats = GradcheckStats()
    config.stash[STATS] = stats
    add_observer(stats.record)


def pytest_unconfigure(config: pytest.Config) -> None:
    if STATS in config.stash:
        remove_observer(config.stash[STATS].record)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    stats = item.config.stash[STATS]
    stats.current_test = item.nodeid
    try:
        return (yield)
    finally:
        stats.current_test = ""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed and call.excinfo is not None and _is_gradient_error(call.excinfo.value):
        # the report table says what is wrong, where and by how much: no traceback needed
        path, line, _ = item.location
        exc = call.excinfo.value
        notes = "".join(f"\n{note}" for note in getattr(exc, "__notes__", ()))  # e.g. hypothesis's falsifying example
        report.longrepr = f"{exc}\n  in {item.name} ({path}:{(line or 0) + 1}){notes}"
    return report


def _is_gradient_error(exc: BaseException) -> bool:
    from .errors import GradientError

    return isinstance(exc, GradientError)


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: send the counts to the controller
        workeroutput[WORKER_KEY] = session.config.stash[STATS].to_dict()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    output = getattr(node, "workeroutput", {}).get(WORKER_KEY)
    if output is not None:
        node.config.stash[STATS].merge(output)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    stats = config.stash[STATS]
    if getattr(config, "workeroutput", None) is not None or not stats.checks:
        return
    terminalreporter.write_sep("-", "gradcheck")
    terminalreporter.write_line(f"{stats.checks} gradient checks, {stats.failed} failed")
    if stats.worst_test:
        terminalreporter.write_line(f"worst relative error {stats.worst_rel_error:.3g} in {stats.worst_test}")


class Checker:
    """The harness with this run's seed, mode and tolerances filled in: what the ``gradchecker`` fixture hands out."""

    def __init__(self, *, seed: int, mode: str, rtol: float | None, atol: float | None) -> None:
        self.options: dict[str, Any] = {"seed": seed, "mode": mode, "rtol": rtol, "atol": atol}

    def _merged(self, options: dict[str, Any]) -> dict[str, Any]:
        return {**self.options, **options}

    def check_layer(self, layer: Any, x: Any, **options: Any) -> Any:
        from .api import check_layer

        return check_layer(layer, x, **self._merged(options))

    def assert_layer(self, layer: Any, x: Any, **options: Any) -> Any:
        from .api import assert_layer

        return assert_layer(layer, x, **self._merged(options))

    def check_loss(self, loss: Any, y_hat: Any, y: Any, **options: Any) -> Any:
        from .api import check_loss

        return check_loss(loss, y_hat, y, **self._merged(options))

    def assert_loss(self, loss: Any, y_hat: Any, y: Any, **options: Any) -> Any:
        from .api import assert_loss

        return assert_loss(loss, y_hat, y, **self._merged(options))

    def check_model(self, model: Any, x: Any, y: Any, **options: Any) -> Any:
        from .api import check_model

        return check_model(model, x, y, **self._merged(options))

    def assert_model(self, model: Any, x: Any, y: Any, **options: Any) -> Any:
        from .api import assert_model

        return assert_model(model, x, y, **self._merged(options))


def _setting(config: pytest.Config, option: str, ini: str) -> str | None:
    value = config.getoption(option)
    if value is not None:
        return str(value)
    text = str(config.getini(ini)).strip()
    return text or None


def _number(text: str | None, name: str, cast: type) -> Any:
    if text is None:
        return None
    try:
        return cast(text)
    except ValueError:
        raise pytest.UsageError(f"{name} must be a {cast.__name__}, got {text!r}") from None


@pytest.fixture
def gradchecker(request: pytest.FixtureRequest) -> Checker:
    """A checker configured from --gradcheck-* options and gradcheck_* ini keys."""
    config = request.config
    mode = _setting(config, OPTION_MODE, INI_MODE) or "full"
    if mode not in MODES:
        raise pytest.UsageError(f"{INI_MODE} must be one of {', '.join(MODES)}, got {mode!r}")
    return Checker(
        seed=_number(_setting(config, OPTION_SEED, INI_SEED), INI_SEED, int),
        mode=mode,
        rtol=_number(_setting(config, OPTION_RTOL, INI_RTOL), INI_RTOL, float),
        atol=_number(_setting(config, OPTION_ATOL, INI_ATOL), INI_ATOL, float),
    )
