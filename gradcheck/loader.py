"""Load a user's class from "path/to/file.py:ClassName" or "package.module:ClassName" and build it."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

__all__ = ["LoadError", "build", "load_class"]


class LoadError(Exception):
    """A target that cannot be found, imported or built: the CLI's exit code 2."""


def load_class(target: str) -> type:
    """Return the class named by a target string."""
    module_part, sep, name = target.rpartition(":")
    if not sep or not module_part or not name:
        raise LoadError(f"target {target!r} must look like path/to/file.py:ClassName or package.module:ClassName")
    if module_part.endswith(".py") or "/" in module_part or "\\" in module_part:
        module = _load_file(Path(module_part))
    else:
        try:
            module = importlib.import_module(module_part)
        except ImportError as exc:
            raise LoadError(f"cannot import module {module_part!r}: {exc}") from None
    try:
        cls = getattr(module, name)
    except AttributeError:
        raise LoadError(f"{module_part} has no name {name!r}") from None
    if not isinstance(cls, type):
        raise LoadError(f"{module_part}:{name} is a {type(cls).__name__}, not a class")
    return cls


def _load_file(path: Path) -> Any:
    if not path.is_file():
        raise LoadError(f"no such file: {path}")
    name = f"gradcheck_user_{abs(hash(path.resolve()))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise LoadError(f"cannot load {path} as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, str(path.resolve().parent))  # so the file can import its neighbours
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise LoadError(f"importing {path} raised {type(exc).__name__}: {exc}") from None
    finally:
        sys.path.remove(str(path.resolve().parent))
    return module


def build(cls: type, init_args: Any) -> Any:
    """Instantiate cls with init args: a JSON list (positional), a JSON object (keywords), or None."""
    try:
        if init_args is None:
            return cls()
        if isinstance(init_args, list):
            return cls(*init_args)
        if isinstance(init_args, dict):
            return cls(**init_args)
    except Exception as exc:
        raise LoadError(f"cannot build {cls.__name__}({_describe(init_args)}): {type(exc).__name__}: {exc}") from None
    raise LoadError(f"--init-args must be a JSON list or object, got {type(init_args).__name__}")


def _describe(init_args: Any) -> str:
    if isinstance(init_args, list):
        return ", ".join(map(repr, init_args))
    if isinstance(init_args, dict):
        return ", ".join(f"{k}={v!r}" for k, v in init_args.items())
    return ""
