"""The project's own files agree with each other: README, .ci/run, tox.ini and pyproject.toml."""

import configparser
import re
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10: pytest itself depends on tomli there
    import tomli as tomllib


def declared_lower_bounds() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(re.fullmatch(r"([A-Za-z0-9_-]+)>=([0-9.]+)", spec).groups() for spec in specs)


def test_min_versions_env_installs_the_declared_lower_bounds():
    tox = configparser.ConfigParser()
    tox.read(ROOT / "tox.ini")
    pins = dict(line.split("==") for line in tox["testenv:min-versions"]["deps"].split())
    assert pins == declared_lower_bounds()


def test_ci_runs_the_readme_test_command():
    ci_command = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    readme = (ROOT / "README.md").read_text()
    assert f"\n{ci_command}\n" in readme
