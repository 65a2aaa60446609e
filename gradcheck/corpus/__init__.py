"""gradcheck's own corpus: realistic buggy layers beside their correct variants (``gradcheck selftest``)."""

from .cases import CASES, Case
from .run import CaseResult, run_case, run_corpus

__all__ = ["CASES", "Case", "CaseResult", "run_case", "run_corpus"]
