"""The post's "Training Loop" and "Going Deeper" listings run verbatim against tinytorch."""

from pathlib import Path

import numpy as np
import pytest

import tinytorch

pytest.importorskip("sklearn")
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

LISTINGS = Path(__file__).parents[1] / "post" / "listings"


def run_listing(name: str, namespace: dict) -> None:
    """Execute one of the post's listings, unchanged, in namespace."""
    path = LISTINGS / f"{name}.py"
    exec(compile(path.read_text(), str(path), "exec"), namespace)


def test_post_listings_run_unchanged(capsys):
    np.random.seed(0)
    namespace = {name: getattr(tinytorch, name) for name in tinytorch.__all__}
    namespace |= {"load_breast_cancer": load_breast_cancer, "train_test_split": train_test_split}
    run_listing("getting_the_data", namespace)
    # the post shows normalize but not its call
    namespace["X_train"], namespace["X_val"] = tinytorch.normalize(namespace["X_train"], namespace["X_val"])
    run_listing("dataloaders", namespace)
    run_listing("training_loop", namespace)
    logistic_log = capsys.readouterr().out.splitlines()
    run_listing("going_deeper", namespace)
    deeper_log = capsys.readouterr().out.splitlines()
    for log in (logistic_log, deeper_log):
        assert len(log) == 5
        assert log[0].startswith("epoch=  0 | loss= ")
        assert " | val_loss= " in log[0] and " | val_metric= " in log[0]
    final_accuracy = float(deeper_log[-1].rsplit("val_metric= ", 1)[1])
    assert final_accuracy > 0.9
