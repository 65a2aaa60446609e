"""The command's outputs: a readable table, a JSON document, GitHub workflow annotations."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .report import Report
from .survey import Line

__all__ = ["JSON_VERSION", "Result", "github_annotations", "json_document", "lines_table", "result_table"]

JSON_VERSION = 1


@dataclass(frozen=True)
class Result:
    """One checked target of the command line: what was asked for, and the report."""

    name: str
    report: Report


def _num(value: float) -> str:
    return "-" if not math.isfinite(value) else f"{value:.2e}"


def lines_table(lines: Sequence[Line]) -> str:
    """One row per piece and target: status, worst relative error, coordinates checked, time."""
    header = (
        f"{'status':<6}  {'layer':<18}  {'target':<9}  {'worst rel err':>13}  {'coords':>7}  {'examples':>8}"
        f"  {'time':>7}"
    )
    rows = [header, "-" * len(header)]
    for line in lines:
        rows.append(
            f"{'ok' if line.ok else 'FAIL':<6}  {line.piece:<18}  {line.target:<9}  {_num(line.worst_rel_error):>13}"
            f"  {line.coordinates:>7}  {line.examples:>8}  {line.seconds:>6.2f}s"
        )
    return "\n".join(rows)


def result_table(results: Sequence[Result]) -> str:
    """A one-line verdict per checked target, then the full report of each."""
    parts = []
    for result in results:
        report = result.report
        status = "ok" if report.ok else "FAIL"
        parts.append(
            f"{status:<4}  {result.name}  worst rel err {_num(report.worst_rel_error)}"
            f"  coords {report.coordinates_checked}  {report.seconds:.2f}s"
        )
    return "\n".join(parts + [""] + [str(r.report) for r in results])


def json_document(results: Sequence[Result], lines: Sequence[Line] = ()) -> str:
    """The --json document: {"version", "ok", "results": [{"name", **report.to_dict()}], "survey": [...]}."""
    document: dict[str, Any] = {
        "version": JSON_VERSION,
        "ok": all(r.report.ok for r in results) and all(line.ok for line in lines),
        "results": [{"name": r.name, **r.report.to_dict()} for r in results],
    }
    if lines:
        document["survey"] = [
            {
                "layer": line.piece,
                "target": line.target,
                "ok": line.ok,
                "worst_rel_error": line.worst_rel_error if math.isfinite(line.worst_rel_error) else None,
                "coordinates": line.coordinates,
                "examples": line.examples,
                "seconds": line.seconds,
                "failure": None if line.failure is None else line.failure.to_dict(),
            }
            for line in lines
        ]
    return json.dumps(document, indent=2)


def github_annotations(results: Sequence[Result], lines: Sequence[Line] = ()) -> str:
    """GitHub workflow commands: one ::error per failing finding, pointing at the backward's source line."""
    out = []
    reports = [(r.name, r.report) for r in results] + [(line.piece, line.failure) for line in lines if line.failure]
    seen = set()
    for name, report in reports:
        for finding in report.failures:
            key = (name, finding.check, finding.target, finding.message)
            if key in seen:
                continue
            seen.add(key)
            location = ""
            if finding.location:
                path, _, line = finding.location.rpartition(":")
                location = f"file={_relative(path)},line={line},"
            text = f"{finding.target}: {finding.message}" + (f" ({finding.diagnosis})" if finding.diagnosis else "")
            out.append(f"::error {location}title=gradcheck {finding.check.value} in {name}::{_escape(text)}")
    return "\n".join(out)


def _relative(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
