"""gradcheck's own corpus: every mutant caught by the check made for it, no correct variant flagged, both modes."""

import pytest

from gradcheck.corpus import CASES, run_case


@pytest.mark.parametrize("mode", ["full", "fast"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case, mode):
    result = run_case(case, mode=mode)
    detail = "\n\n".join(f"[{label}]\n{report}" for label, report in result.reports)
    if case.correct:
        assert not result.flagged, detail
    else:
        assert result.flagged, detail
        assert case.caught_by in result.caught_by, detail


def test_corpus_has_mutants_of_every_check_kind_and_correct_variants():
    kinds = {c.caught_by for c in CASES if not c.correct}
    assert {k.value for k in kinds} == {
        "gradient",
        "shape",
        "fp-error",
        "mutation",
        "stale-state",
        "upstream",
        "determinism",
    }
    assert sum(c.correct for c in CASES) >= 10
    assert sum(not c.correct for c in CASES) >= 25
