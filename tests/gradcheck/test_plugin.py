"""The pytest plugin, tried as a new user would: a suite of theirs, outside this repository."""

import pytest

USER_SUITE = '''
import numpy as np
from hypothesis import given, settings
from hypothesis.extra import numpy as hnp

import gradcheck
from gradcheck.strategies import shapes


class Swish:
    """x · σ(x): correct."""

    def forward(self, x):
        self.x = x
        self.s = 1 / (1 + np.exp(-x))
        return x * self.s

    def backward(self, grad):
        return grad * (self.s + self.x * self.s * (1 - self.s))


class Scale:
    """scale ⊙ x, its parameter gradient off by a factor of 2."""

    def __init__(self):
        self.scale = np.array([1.5, -0.5, 2.0])

    def forward(self, x):
        self.x = x
        return x * self.scale

    def backward(self, grad):
        self.grad_scale = 2 * (grad * self.x).sum(axis=0)
        return grad * self.scale


@settings(max_examples=15, deadline=None)
@given(shapes(max_batch=4, max_features=4).flatmap(
    lambda s: hnp.arrays(np.float64, s, elements=hnp.from_dtype(np.dtype(float), min_value=-5, max_value=5))))
def test_swish(x):
    gradcheck.assert_layer(Swish(), x)


def test_scale():
    x = np.random.default_rng(0).normal(size=(4, 3))
    gradcheck.assert_layer(Scale(), x, params={"scale": "grad_scale"})
'''


@pytest.fixture
def user_suite(pytester):
    pytester.makepyfile(test_user_layers=USER_SUITE)
    return pytester


def test_help_lists_the_options(pytester):
    result = pytester.runpytest_subprocess("--help")
    for option in ("--gradcheck-seed", "--gradcheck-mode", "--gradcheck-rtol", "--gradcheck-atol"):
        result.stdout.fnmatch_lines([f"*{option}*"])
    result.stdout.fnmatch_lines(["gradcheck:*", "*gradcheck_mode*"])


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_one_failed_one_passed_naming_the_parameter(user_suite, workers):
    result = user_suite.runpytest_subprocess(*workers)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*gradcheck layer Scale [[]full mode, float64[]]: FAIL*",
            "*scale*FAIL*",
            "*diagnosis: off by a constant factor: analytic ≈ 2 × numeric*",
        ]
    )
    output = result.stdout.str()
    assert "numpy/" not in output  # no traceback from inside numpy
    result.stdout.fnmatch_lines(["*gradcheck*", "* gradient checks, 1 failed", "worst relative error * in *test_*"])


def test_marker_is_registered(pytester):
    result = pytester.runpytest_subprocess("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.gradcheck:*"])


def test_fixture_takes_its_settings_from_options_and_ini(pytester):
    pytester.makeini("[pytest]\ngradcheck_mode = fast\ngradcheck_rtol = 1e-5\n")
    pytester.makepyfile(
        """
        def test_options(gradchecker):
            assert gradchecker.options == {"seed": 7, "mode": "fast", "rtol": 1e-5, "atol": None}
        """
    )
    pytester.runpytest_subprocess("--gradcheck-seed", "7").assert_outcomes(passed=1)


def test_fixture_checks_with_those_settings(pytester):
    pytester.makepyfile(
        """
        import numpy as np
        import tinytorch as tt

        def test_mode(gradchecker):
            report = gradchecker.check_layer(tt.ReLU(), np.ones((2, 2)))
            assert report.ok and report.mode == "fast"
        """
    )
    pytester.runpytest_subprocess("--gradcheck-mode", "fast").assert_outcomes(passed=1)


def test_a_bad_ini_value_is_a_usage_error(pytester):
    pytester.makeini("[pytest]\ngradcheck_mode = quick\n")
    pytester.makepyfile("def test_it(gradchecker):\n    pass\n")
    result = pytester.runpytest_subprocess()
    result.stdout.fnmatch_lines(["*gradcheck_mode must be one of full, fast, got 'quick'*"])
    assert result.ret != 0


def test_same_seed_same_report(pytester):
    pytester.makepyfile(
        """
        import numpy as np
        from gradcheck.corpus import mutants

        def test_twice(gradchecker):
            x = np.random.default_rng(1).normal(size=(3, 4))
            first, second = (gradchecker.check_layer(mutants.TanhMissingSquare(), x).to_dict() for _ in range(2))
            first.pop("seconds"), second.pop("seconds")
            assert first == second and not first["ok"]
        """
    )
    pytester.runpytest_subprocess("--gradcheck-seed", "3").assert_outcomes(passed=1)
