"""The ``gradcheck`` command: the default survey, users' layers by path, selftest, and the step-size sweep.

Exit codes: 0 everything passed; 1 a gradient check failed; 2 a usage or load error (one line
on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_SHAPE = (4, 3)


class UsageError(Exception):
    """Bad arguments or an unloadable target: exit 2 with one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _shape(text: str) -> tuple[int, int]:
    try:
        batch, features = (int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must look like B,N (two positive integers), got {text!r}") from None
    if batch < 1 or features < 1:
        raise argparse.ArgumentTypeError(f"must be two positive integers, got {text!r}")
    return batch, features


def _params(text: str) -> dict[str, str]:
    pairs = {}
    for item in filter(None, text.split(",")):
        name, sep, grad = item.partition("=")
        if not sep or not name or not grad:
            raise argparse.ArgumentTypeError(f"must look like weights=grad_w,bias=grad_b, got {text!r}")
        pairs[name.strip()] = grad.strip()
    return pairs


def _init_args(text: str) -> Any:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(f"must be JSON (a list or an object), got {text!r}: {exc.msg}") from None
    if not isinstance(value, (list, dict)):
        raise argparse.ArgumentTypeError(f"must be a JSON list or object, got {text!r}")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--init-args",
        type=_init_args,
        default=None,
        metavar="JSON",
        help="constructor arguments: a JSON list (positional) or object (keywords), e.g. '{\"n\": 3}'",
    )
    parser.add_argument(
        "--input-shape",
        type=_shape,
        default=None,
        metavar="B,N",
        help=f"input shape (default {DEFAULT_SHAPE[0]},{DEFAULT_SHAPE[1]})",
    )
    parser.add_argument(
        "--params",
        type=_params,
        default=None,
        metavar="P=G,...",
        help="parameters and their gradient attributes, e.g. weights=grad_w,bias=grad_b"
        " (default: what the layer declares in param_grads)",
    )
    parser.add_argument(
        "--reduction",
        choices=["sum", "mean"],
        default="sum",
        help="stored parameter gradients are sums (default) or means over the batch",
    )
    parser.add_argument(
        "--loss",
        action="store_true",
        help="TARGET is a loss: forward(y_hat, y), backward(); y_hat in (0, 1), labels 0 or 1",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of inputs, upstream gradients and search (default 0)")


def _parsers() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser, argparse.ArgumentParser]:
    main = _Parser(
        prog="gradcheck",
        description="Is this hand-written backward pass right? With no TARGET: check every tinytorch layer and"
        " loss over drawn shapes and extreme inputs. Also: 'gradcheck selftest', 'gradcheck sweep [TARGET]'.",
    )
    main.add_argument(
        "targets", nargs="*", metavar="TARGET", help="path/to/file.py:ClassName or package.module:ClassName"
    )
    _common(main)
    main.add_argument(
        "--explore",
        action="store_true",
        help="let hypothesis search shapes and values for a failing input and print the minimal one",
    )
    main.add_argument("--mode", choices=["full", "fast"], default="full", help="every coordinate, or random directions")
    main.add_argument("--examples", type=int, default=25, help="inputs drawn per layer by the survey and --explore")
    main.add_argument("--format", choices=["table", "json", "github"], default="table", help="output format")
    main.add_argument("--json", dest="format", action="store_const", const="json", help="same as --format json")
    selftest = _Parser(
        prog="gradcheck selftest", description="Run the harness's own corpus of buggy and correct layers."
    )
    selftest.add_argument("--mode", choices=["full", "fast", "both"], default="both")
    selftest.add_argument("--json", action="store_true", help="print the results as JSON")
    sweep = _Parser(
        prog="gradcheck sweep",
        description="Numeric error against step size for one coordinate: truncation falls, round-off rises.",
    )
    sweep.add_argument(
        "target",
        nargs="?",
        default=None,
        metavar="TARGET",
        help="path/to/file.py:ClassName or package.module:ClassName (default: tinytorch's Sigmoid)",
    )
    _common(sweep)
    sweep.add_argument("--plot", metavar="FILE.png", default=None, help="also draw the V (needs the `plot` extra)")
    return main, selftest, sweep


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["selftest"]:
            return _selftest(_parsers()[1].parse_args(args[1:]))
        if args[:1] == ["sweep"]:
            return _sweep(_parsers()[2].parse_args(args[1:]))
        return _check(_parsers()[0].parse_args(args))
    except UsageError as exc:
        print(f"gradcheck: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _progress(enabled: bool):
    """A one-line progress display on a terminal; nothing when piped."""
    if not enabled or not sys.stderr.isatty():
        return None

    def show(what: str) -> None:
        sys.stderr.write(f"\r\x1b[Kchecking {what}…")
        sys.stderr.flush()

    return show


def _clear_progress(show: Any) -> None:
    if show is not None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def _load(target: str, init_args: Any) -> tuple[type, Any]:
    from .loader import LoadError, build, load_class

    try:
        cls = load_class(target)
        return cls, build(cls, init_args)
    except LoadError as exc:
        raise UsageError(str(exc)) from None


def _inputs(args: argparse.Namespace) -> tuple:
    import numpy as np

    shape = args.input_shape or DEFAULT_SHAPE
    rng = np.random.default_rng(args.seed)
    if args.loss:
        return rng.uniform(0.05, 0.95, size=shape), rng.integers(0, 2, size=shape).astype(np.float64)
    return (rng.normal(size=shape),)


def _check(args: argparse.Namespace) -> int:
    from .render import Result, github_annotations, json_document, lines_table, result_table

    if args.examples < 1:
        raise UsageError(f"--examples must be a positive integer, got {args.examples}")
    if not args.targets:
        if args.explore:
            raise UsageError("--explore needs a TARGET")
        from .survey import survey

        show = _progress(args.format == "table")
        lines = list(survey(examples=args.examples, seed=args.seed, progress=show))
        _clear_progress(show)
        ok = all(line.ok for line in lines)
        if args.format == "json":
            print(json_document([], lines))
        elif args.format == "github":
            print(github_annotations([], lines))
        else:
            print(lines_table(lines))
            for line in lines:
                if line.failure is not None:
                    print(f"\n{line.piece}, smallest failing input found:\n{line.failure}")
            print(f"\n{'all passed' if ok else 'FAILED'}: {len(lines)} layer targets checked")
        return EXIT_OK if ok else EXIT_FAILED
    results = []
    show = _progress(args.format == "table")
    for target in args.targets:
        if show:
            show(target)
        results.append(Result(target, _check_target(target, args)))
    _clear_progress(show)
    ok = all(r.report.ok for r in results)
    if args.format == "json":
        print(json_document(results))
    elif args.format == "github":
        print(github_annotations(results))
    else:
        print(result_table(results))
    return EXIT_OK if ok else EXIT_FAILED


def _check_target(target: str, args: argparse.Namespace) -> Any:
    from .api import check_layer, check_loss

    cls, subject = _load(target, args.init_args)
    options = {"mode": args.mode, "seed": args.seed}
    try:
        if args.explore:
            return _explore(cls, args)
        if args.loss:
            return check_loss(subject, *_inputs(args), **options)
        return check_layer(subject, *_inputs(args), params=args.params, param_reduction=args.reduction, **options)
    except (TypeError, ValueError) as exc:  # the harness refused an argument: a usage error
        raise UsageError(str(exc)) from None


def _explore(cls: type, args: argparse.Namespace) -> Any:
    from .loader import build
    from .search import SEARCH_ELEMENTS, find_counterexample
    from .strategies import layer_cases

    if args.loss:
        raise UsageError("--explore searches layers; check a loss without it")

    def factory(shape: tuple[int, int]) -> Any:
        return build(cls, args.init_args)

    cases = None
    if args.input_shape:
        batch, features = args.input_shape
        cases = layer_cases(factory, batch_size=batch, n_features=features, elements=SEARCH_ELEMENTS)
    found = find_counterexample(
        factory,
        cases=cases,
        params=args.params,
        param_reduction=args.reduction,
        mode=args.mode,
        max_examples=args.examples,
        seed=args.seed,
    )
    if found is None:
        from .api import check_layer

        # nothing failed: report the check at the usual input, noting how far the search went
        report = check_layer(
            factory(args.input_shape or DEFAULT_SHAPE),
            *_inputs(args),
            params=args.params,
            param_reduction=args.reduction,
            mode=args.mode,
            seed=args.seed,
        )
        return _with_note(report, f"--explore drew {args.examples} inputs and found none that fails")
    print(f"{cls.__name__}: {found}".split("\ngradcheck ")[0], file=sys.stderr)
    return _with_note(found.report, f"--explore: minimal failing input of shape {found.shape}: {found.x.tolist()}")


def _with_note(report: Any, note: str) -> Any:
    import dataclasses

    return dataclasses.replace(report, notes=(*report.notes, note))


def _selftest(args: argparse.Namespace) -> int:
    from .corpus import run_corpus

    modes = ["full", "fast"] if args.mode == "both" else [args.mode]
    summary = {}
    perfect = True
    for mode in modes:
        results = run_corpus(mode=mode)
        mutants = [r for r in results if not r.case.correct]
        correct = [r for r in results if r.case.correct]
        caught = sum(r.flagged for r in mutants)
        alarms = [r.case.name for r in correct if r.flagged]
        missed = [r.case.name for r in mutants if not r.flagged]
        perfect &= not alarms and not missed
        summary[mode] = {
            "caught": caught,
            "mutants": len(mutants),
            "false_alarms": len(alarms),
            "correct": len(correct),
            "missed": missed,
            "flagged_correct": alarms,
        }
        if not args.json:
            print(f"{mode:>4} mode: caught {caught}/{len(mutants)}, false alarms {len(alarms)}/{len(correct)}")
            for name in missed:
                print(f"      missed: {name}")
            for name in alarms:
                print(f"      false alarm: {name}")
    if args.json:
        print(json.dumps({"ok": perfect, "modes": summary}, indent=2))
    return EXIT_OK if perfect else EXIT_FAILED


def _sweep(args: argparse.Namespace) -> int:
    import numpy as np

    from .arguments import resolve_params
    from .sweep import format_sweep, plot_sweep, sweep
    from .targets import LayerSubject, LossSubject

    if args.target is None:
        import tinytorch as tt

        name, subject_owner = "tinytorch.Sigmoid", tt.Sigmoid()
    else:
        name, (_, subject_owner) = args.target, _load(args.target, args.init_args)
    if args.plot:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise UsageError("--plot needs matplotlib: pip install 'tinytorch-gradcheck[plot]'") from None
    data = _inputs(args)
    try:
        if args.loss:
            subject: Any = LossSubject(subject_owner, *data)
        else:
            params = resolve_params(subject_owner, args.params)
            subject = LayerSubject(subject_owner, data[0], params, mean=args.reduction == "mean", seed=args.seed)
        grads = subject.run().grads
    except Exception as exc:
        raise UsageError(
            f"cannot run {name} on an input of shape {data[0].shape}: {type(exc).__name__}: {exc}"
        ) from None
    target = subject.targets[0]
    analytic = np.asarray(grads[target.name], dtype=np.float64).ravel() * target.grad_scale
    flat = int(np.argmax(np.abs(analytic)))
    index = tuple(int(i) for i in np.unravel_index(flat, target.base.shape))
    points = sweep(subject, target, flat, float(analytic[flat]))
    value = target.base.ravel()[flat]
    print(f"{name}: d/d {target.name}{list(index)} (value {value:.6g}), analytic {analytic[flat]:.15g}")
    print(format_sweep(points))
    if args.plot:
        plot_sweep(points, args.plot, f"{name}: central difference error against step")
        print(f"plot written to {args.plot}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
