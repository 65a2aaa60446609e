"""Hypothesis profiles for the whole suite: a quick default, and a thorough ``ci`` profile when CI is set."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=40, deadline=None, derandomize=True)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "default"))

pytest_plugins = ["pytester"]  # the plugin's tests run pytest on users' suites
