"""Frozen findings and reports, and their renderings: a text table and a JSON-ready dict."""

from __future__ import annotations

import enum
import math
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Check", "Finding", "Report", "Status", "TargetSummary"]


class Check(str, enum.Enum):
    """The kinds of check the harness runs."""

    GRADIENT = "gradient"
    SHAPE = "shape"
    FP_ERROR = "fp-error"
    MUTATION = "mutation"
    STALE = "stale-state"
    UPSTREAM = "upstream"
    DETERMINISM = "determinism"
    CRASH = "crash"


class Status(str, enum.Enum):
    """A finding fails the check, or is a kink (a valid subgradient), or a note."""

    FAIL = "fail"
    KINK = "kink"
    NOTE = "note"


@dataclass(frozen=True)
class Finding:
    """One thing the harness found, with where and by how much."""

    check: Check
    target: str
    status: Status
    message: str
    index: tuple[int, ...] | None = None
    analytic: float | None = None
    numeric: float | None = None
    abs_error: float | None = None
    rel_error: float | None = None
    tolerance: float | None = None
    diagnosis: str | None = None
    location: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (enums as their values, tuples as lists)."""
        out = asdict(self)
        out["check"] = self.check.value
        out["status"] = self.status.value
        out["index"] = None if self.index is None else list(self.index)
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in out.items()}


@dataclass(frozen=True)
class TargetSummary:
    """How one target fared in the gradient check."""

    target: str
    coordinates: int
    worst_rel_error: float
    worst_index: tuple[int, ...] | None
    passed: bool


@dataclass(frozen=True)
class Report:
    """Everything checked on one layer, loss or model."""

    subject: str
    kind: str
    mode: str
    findings: tuple[Finding, ...] = ()
    targets: tuple[TargetSummary, ...] = ()
    precision: str = "float64"
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when no finding fails (kinks and notes do not)."""
        return not self.failures

    @property
    def failures(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is Status.FAIL)

    @property
    def coordinates_checked(self) -> int:
        return sum(t.coordinates for t in self.targets)

    @property
    def worst_rel_error(self) -> float:
        return max((t.worst_rel_error for t in self.targets), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of the whole report."""
        return {
            "subject": self.subject,
            "kind": self.kind,
            "mode": self.mode,
            "ok": self.ok,
            "precision": self.precision,
            "seconds": self.seconds,
            "coordinates_checked": self.coordinates_checked,
            "worst_rel_error": _finite_or_none(self.worst_rel_error),
            "targets": [
                {
                    **asdict(t),
                    "worst_index": None if t.worst_index is None else list(t.worst_index),
                    "worst_rel_error": _finite_or_none(t.worst_rel_error),
                }
                for t in self.targets
            ],
            "findings": [f.to_dict() for f in self.findings],
            "notes": list(self.notes),
        }

    def __str__(self) -> str:
        verdict = "PASS" if self.ok else f"FAIL ({len(self.failures)} finding{'s' * (len(self.failures) != 1)})"
        lines = [f"gradcheck {self.kind} {self.subject} [{self.mode} mode, {self.precision}]: {verdict}"]
        if self.targets:
            lines.append(
                _table(
                    ("target", "coords", "worst rel err", "at", "status"),
                    [
                        (
                            t.target,
                            str(t.coordinates),
                            _num(t.worst_rel_error),
                            _idx(t.worst_index),
                            "ok" if t.passed else "FAIL",
                        )
                        for t in self.targets
                    ],
                )
            )
        shown = list(self.findings)
        if shown:
            lines.append(
                _table(
                    ("check", "target", "status", "index", "analytic", "numeric", "abs err", "rel err", "tolerance"),
                    [
                        (
                            f.check.value,
                            f.target,
                            f.status.value,
                            _idx(f.index),
                            _num(f.analytic),
                            _num(f.numeric),
                            _num(f.abs_error),
                            _num(f.rel_error),
                            _num(f.tolerance),
                        )
                        for f in shown
                    ],
                )
            )
            for f in shown:
                detail = f"  - {f.check.value} / {f.target}: {f.message}"
                if f.diagnosis:
                    detail += f"\n    diagnosis: {f.diagnosis}"
                if f.location and f.status is Status.FAIL:
                    detail += f"\n    backward: {f.location}"
                lines.append(detail)
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def _idx(index: tuple[int, ...] | None) -> str:
    return "" if index is None else str(tuple(index))


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    fmt = "  " + "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*header), fmt.format(*("-" * w for w in widths)), *(fmt.format(*r) for r in rows)]
    return "\n".join(line.rstrip() for line in lines)
