"""The gradcheck command, tried as a new user would: a file of their own in an empty folder."""

import json
import subprocess
import sys

import pytest

from gradcheck.cli import main

MY_LAYERS = '''
import numpy as np


class Softsign:
    """x / (1 + |x|)."""

    def forward(self, x):
        self.x = x
        return x / (1 + np.abs(x))

    def backward(self, grad):
        return grad / (1 + np.abs(self.x)) ** 2


class WrongSoftsign(Softsign):
    """Forgets the square."""

    def backward(self, grad):
        return grad / (1 + np.abs(self.x))


class Scaled:
    """Needs a constructor argument."""

    def __init__(self, factor):
        self.factor = factor

    def forward(self, x):
        return x * self.factor

    def backward(self, grad):
        return grad * self.factor


class HalfMSE:
    def forward(self, y_hat, y):
        self.diff = y_hat - y
        return self.diff**2

    def backward(self):
        return self.diff
'''


@pytest.fixture
def folder(tmp_path, monkeypatch):
    (tmp_path / "my_layers.py").write_text(MY_LAYERS)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_default_survey_passes_and_names_every_piece(capsys):
    code, out, err = run(capsys, "--examples", "5")
    assert code == 0, out
    for piece in ("Linear", "Sigmoid", "ReLU", "BinaryCrossEntropy", "BCEWithLogits", "fused identity"):
        assert piece in out
    for target in ("input", "weights", "bias", "y_hat"):
        assert target in out
    assert "all passed" in out and "worst rel err" in out and "coords" in out
    assert err == ""  # quiet when not on a terminal


def test_correct_user_layer_exits_0(folder, capsys):
    code, out, _ = run(capsys, "my_layers.py:Softsign", "--input-shape", "4,3")
    assert code == 0 and out.startswith("ok    my_layers.py:Softsign")


def test_wrong_user_layer_exits_1_with_json(folder, capsys):
    code, out, _ = run(capsys, "my_layers.py:WrongSoftsign", "--input-shape", "4,3", "--json")
    assert code == 1
    document = json.loads(out)
    assert document["version"] == 1 and document["ok"] is False
    result = document["results"][0]
    assert result["name"] == "my_layers.py:WrongSoftsign" and result["findings"][0]["target"] == "input"


def test_github_annotations_point_at_the_backward(folder, capsys):
    code, out, _ = run(capsys, "my_layers.py:WrongSoftsign", "--format", "github")
    assert code == 1
    line = MY_LAYERS.split("\n").index("        return grad / (1 + np.abs(self.x))")  # the def, counting from 1
    assert out.startswith(
        f"::error file=my_layers.py,line={line},title=gradcheck gradient in my_layers.py:WrongSoftsign::"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["my_layers.py:NoSuchThing"], "my_layers.py has no name 'NoSuchThing'"),
        (["missing.py:Softsign"], "no such file: missing.py"),
        (["no_such_package.mod:Thing"], "cannot import module 'no_such_package.mod'"),
        (["my_layers.py"], "must look like path/to/file.py:ClassName"),
        (["my_layers.py:Scaled"], "cannot build Scaled(): TypeError"),
        (["my_layers.py:Softsign", "--input-shape", "4"], "argument --input-shape: must look like B,N"),
        (["my_layers.py:Scaled", "--init-args", "{oops"], "argument --init-args: must be JSON"),
        (["my_layers.py:Softsign", "--params", "weights"], "argument --params: must look like weights=grad_w"),
        (["my_layers.py:Softsign", "--params", "weights=grad_w"], "`params` names attribute 'weights'"),
        (["--explore"], "--explore needs a TARGET"),
        (["--mode", "slow"], "argument --mode: invalid choice: 'slow'"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_usage_and_load_errors_exit_2_with_one_line(folder, capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("gradcheck: error: ") and message in err
    assert "Traceback" not in err


def test_constructor_arguments_from_json(folder, capsys):
    assert run(capsys, "my_layers.py:Scaled", "--init-args", "[3]")[0] == 0
    assert run(capsys, "my_layers.py:Scaled", "--init-args", '{"factor": 2}')[0] == 0


def test_a_module_target_and_declared_params(capsys):
    code, out, _ = run(capsys, "tinytorch.nn:Linear", "--init-args", "[3, 2]", "--mode", "fast")
    assert code == 0 and "weights" in out and "bias" in out


def test_a_loss_target(folder, capsys):
    code, out, _ = run(capsys, "my_layers.py:HalfMSE", "--loss")
    assert code == 1 and "y_hat" in out and "off by a constant factor: analytic ≈ 0.5 × numeric" in out


def test_explore_prints_the_minimal_failing_input(folder, capsys):
    code, out, err = run(capsys, "my_layers.py:WrongSoftsign", "--explore", "--examples", "20")
    assert code == 1
    assert "smallest input on which your backward is wrong: shape (1, 1)" in err
    assert "minimal failing input of shape (1, 1)" in out


def test_explore_on_a_correct_layer_says_how_far_it_looked(folder, capsys):
    code, out, _ = run(capsys, "my_layers.py:Softsign", "--explore", "--examples", "10")
    assert code == 0 and "--explore drew 10 inputs and found none that fails" in out


def test_selftest_is_perfect(capsys):
    code, out, _ = run(capsys, "selftest")
    assert code == 0
    assert "full mode: caught 32/32, false alarms 0/14" in out
    assert "fast mode: caught 32/32, false alarms 0/14" in out


def test_selftest_fails_when_a_mutant_slips_through(capsys, monkeypatch):
    import gradcheck.corpus.run as corpus_run

    real = corpus_run.check_layer

    def blind(layer, x, **options):  # a harness that never looks at gradients
        report = real(layer, x, **options)
        return type(report)(report.subject, report.kind, report.mode)

    monkeypatch.setattr(corpus_run, "check_layer", blind)
    code, out, _ = run(capsys, "selftest", "--mode", "full")
    assert code == 1 and "missed: " in out


def test_sweep_prints_the_v(capsys):
    code, out, _ = run(capsys, "sweep")
    assert code == 0
    rows = [line for line in out.splitlines() if line.strip().endswith(("#", "best"))]
    errors = [float(row.split()[2]) for row in rows]
    best = errors.index(min(errors))
    assert 0 < best < len(errors) - 1  # truncation falls, then round-off rises: a V
    assert errors[0] > 100 * errors[best] and errors[-1] > 100 * errors[best]


def test_sweep_plot_without_matplotlib_is_a_clear_usage_error(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code, _, err = run(capsys, "sweep", "--plot", str(tmp_path / "v.png"))
    assert code == 2 and "--plot needs matplotlib: pip install 'tinytorch-gradcheck[plot]'" in err


def test_sweep_plot_draws_a_png(capsys, tmp_path):
    pytest.importorskip("matplotlib", reason="the optional `plot` extra is not installed")
    path = tmp_path / "v.png"
    assert run(capsys, "sweep", "--plot", str(path))[0] == 0
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_python_dash_m_and_the_console_script(folder):
    by_module = subprocess.run([sys.executable, "-m", "gradcheck", "my_layers.py:WrongSoftsign"], capture_output=True)
    assert by_module.returncode == 1
    missing = subprocess.run([sys.executable, "-m", "gradcheck", "my_layers.py:Nope"], capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


class FakeTerminal:
    """A stderr that says it is a terminal, keeping what is written."""

    def __init__(self):
        self.text = ""

    def isatty(self):
        return True

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_progress_shows_on_a_terminal_only(capsys, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["--examples", "2"]) == 0
    assert "checking Linear…" in terminal.text and "checking fused identity…" in terminal.text
    assert terminal.text.endswith("\r\x1b[K")  # the line is cleared before the table prints
    assert "checking" not in capsys.readouterr().out
